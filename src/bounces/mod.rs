//! Reading what comes back: delivery status notifications, complaints and unsubscribe mails
//! from the organisation's return mailbox (IMAP, Maildir or mbox), turned into suppressions.
//!
//! One run: list the mailbox, classify every message not yet in the processed log
//! ([`log`]), resolve whom each concerns, then write in this order: the suppressions (synced),
//! the processed log (synced), and only then mark the messages in the mailbox (IMAP: keyword
//! `$AppealProcessed` and `\Seen`, or moved with `--move-to`; Maildir: moved to `cur/` as
//! seen, or into the `--move-to` folder; mbox: read-only, the log alone). A crash anywhere
//! leaves either nothing done or work the next run recognises and does not repeat. Nothing is
//! ever deleted. Messages that cannot be understood are listed and left as they were.

pub mod classify;
pub mod files;
pub mod imap;
pub mod log;
pub mod verp;

use crate::deliver::suppressions::{self, Action, Record, Suppressions};
use crate::error::{Error, Result};
use crate::unsubscribe::Tokens;
use classify::{Class, Finding, Rules};
use log::{Entry, Log};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The most of one message that is read: reports are small, and a huge message is not one.
pub const MAX_MESSAGE: usize = 4 << 20;

/// A message in a mailbox, as the mailbox knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handle {
    /// A Maildir file.
    File(PathBuf),
    /// An IMAP UID.
    Uid(u32),
    /// The n-th message of an mbox.
    Index(usize),
}

/// A return mailbox.
pub trait Mailbox {
    /// What it is, for the report (no password).
    fn describe(&self) -> String;
    /// The messages to look at.
    fn list(&mut self) -> Result<Vec<Handle>>;
    /// One message's bytes (at most [`MAX_MESSAGE`]).
    fn fetch(&mut self, handle: &Handle) -> Result<Vec<u8>>;
    /// Marks processed messages (or moves them), never deleting; returns how many it marked.
    fn mark(&mut self, done: &[Handle]) -> Result<usize>;
}

/// What the run needs besides the mailbox.
pub struct Context<'a> {
    /// Unsubscribe address and VERP pattern.
    pub rules: Rules,
    /// Opens unsubscribe tokens (`None`: no secret configured).
    pub tokens: Option<&'a Tokens>,
    /// Resolves VERP tokens (`None`: no `mail.verp`).
    pub verp: Option<&'a verp::Verp>,
    /// The sending journal: Message-IDs and addresses of what was sent.
    pub journal: PathBuf,
    /// The suppression ledger.
    pub ledger: PathBuf,
    /// Soft bounces that suppress...
    pub soft_limit: usize,
    /// ...within this many days.
    pub soft_days: i64,
    /// Now.
    pub now: chrono::DateTime<chrono::Utc>,
}

/// A message listed and left alone, with why.
#[derive(Debug, Clone)]
pub struct LeftAlone {
    /// Message-ID (or hash).
    pub key: String,
    /// Subject, for a person to find it.
    pub subject: String,
    /// Why nothing was done.
    pub reason: String,
}

/// A 5.7.x refusal: the organisation's own setup is wrong.
#[derive(Debug, Clone)]
pub struct PolicyFailure {
    /// The recipient whose server refused.
    pub address: String,
    /// Status code.
    pub status: String,
    /// The remote server's reply.
    pub reply: String,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Messages in the mailbox.
    pub messages: usize,
    /// Already processed by an earlier run (skipped).
    pub already: usize,
    /// By outcome (`hard`, `soft`, `complaint`, `unsubscribed`, `notice`, `policy`): messages
    /// (or recipients, for DSNs).
    pub by_outcome: BTreeMap<String, usize>,
    /// New suppressions by reason.
    pub suppressed: BTreeMap<String, usize>,
    /// Addresses suppressed because of repeated soft bounces.
    pub soft_limit_reached: Vec<String>,
    /// 5.7.x refusals.
    pub policy: Vec<PolicyFailure>,
    /// Messages listed and left alone.
    pub left_alone: Vec<LeftAlone>,
    /// Messages marked (or moved) in the mailbox.
    pub marked: usize,
    /// Complaints within the last 30 days, all runs.
    pub complaints_30_days: usize,
}

/// What to do for one message, decided before anything is written.
struct Decision {
    handle: Handle,
    entries: Vec<Entry>,
    records: Vec<Record>,
}

/// Looks up addresses in the journal: by Message-ID, and by VERP tag.
struct Sent {
    by_id: HashMap<String, String>,
    by_tag: HashMap<String, String>,
}

/// Reads the journal once for the ids and tags wanted (the journal can hold millions of lines;
/// only what this run needs is kept).
fn sent_lookup(
    journal: &Path,
    ids: &HashSet<String>,
    tags: &HashSet<String>,
    verp: Option<&verp::Verp>,
) -> Result<Sent> {
    let mut sent = Sent {
        by_id: HashMap::new(),
        by_tag: HashMap::new(),
    };
    if ids.is_empty() && tags.is_empty() {
        return Ok(sent);
    }
    let file = match std::fs::File::open(journal) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(sent),
        Err(e) => return Err(Error::io(journal, e)),
    };
    use std::io::BufRead;
    let mut seen_addresses = HashSet::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line.map_err(|e| Error::io(journal, e))?;
        if line.starts_with('#') {
            continue;
        }
        // case, kind, address, status, message-id
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 5 || f[2].is_empty() {
            continue;
        }
        if ids.contains(f[4]) {
            sent.by_id.insert(f[4].to_string(), f[2].to_string());
        }
        if let Some(v) = verp
            && !tags.is_empty()
            && seen_addresses.insert(f[2].to_string())
        {
            let tag = v.tag(f[2]);
            if tags.contains(&tag) {
                sent.by_tag.insert(tag, f[2].to_string());
            }
        }
    }
    Ok(sent)
}

/// Processes the mailbox against the processed log at `log_path`. Returns what was done;
/// 5.7.x refusals are in the summary (the caller turns them into exit code 6).
pub fn run(mailbox: &mut dyn Mailbox, ctx: &Context<'_>, log_path: &Path) -> Result<Summary> {
    let mut log = Log::load(log_path)?;
    let suppressed = Suppressions::load(&ctx.ledger)?;
    let mut summary = Summary::default();
    let handles = mailbox.list()?;
    summary.messages = handles.len();
    let now = ctx.now.timestamp();

    // First pass: classify; collect what must be looked up in the journal.
    let mut examined = vec![];
    let mut to_mark = vec![];
    for handle in handles {
        let raw = mailbox.fetch(&handle)?;
        let key = classify::key_of(&raw);
        if log.contains(&key) {
            // Done by an earlier run; marking again is harmless and finishes a run that
            // stopped between the log and the mailbox.
            summary.already += 1;
            to_mark.push(handle);
            continue;
        }
        let subject = mail_parser::MessageParser::new()
            .parse_headers(&raw)
            .and_then(|m| m.subject().map(str::to_string))
            .unwrap_or_default();
        let date = classify::date_of(&raw)
            .filter(|&t| t > 0 && t <= now)
            .unwrap_or(now);
        let finding = classify::classify(&raw, &ctx.rules);
        examined.push((handle, key, subject, date, finding));
    }
    let mut ids = HashSet::new();
    let mut tags = HashSet::new();
    for (.., finding) in &examined {
        match finding {
            Finding::Dsn {
                recipients,
                original_id,
                verp,
            } if recipients.iter().any(|r| r.address.is_none()) => {
                ids.extend(original_id.clone());
                tags.extend(verp.clone());
            }
            Finding::Complaint {
                address: None,
                original_id: Some(id),
                ..
            } => {
                ids.insert(id.clone());
            }
            Finding::Verp { token, .. } => {
                tags.insert(token.clone());
            }
            _ => {}
        }
    }
    let sent = sent_lookup(&ctx.journal, &ids, &tags, ctx.verp)?;

    // Second pass: decide.
    let soft_since = now - ctx.soft_days * 86_400;
    let mut decisions: Vec<Decision> = vec![];
    let mut newly: HashSet<(String, String)> = HashSet::new();
    for (handle, key, subject, date, finding) in examined {
        let leave = |reason: String, summary: &mut Summary| {
            summary.left_alone.push(LeftAlone {
                key: key.clone(),
                subject: subject.clone(),
                reason,
            });
        };
        let mut d = Decision {
            handle,
            entries: vec![],
            records: vec![],
        };
        let entry = |outcome: &str, address: &str, status: &str, note: &str| Entry {
            time: date,
            key: key.clone(),
            outcome: outcome.into(),
            address: address.into(),
            status: status.into(),
            note: note.into(),
        };
        let mut suppress =
            |address: &str, reason: &str, scope: &str, source: String, d: &mut Decision| {
                let address = crate::address::normalize(address);
                let list = (scope != suppressions::ALL).then_some(scope);
                if suppressed.contains_normal(&address, list)
                    || !newly.insert((address.clone(), scope.to_string()))
                {
                    return false;
                }
                d.records.push(Record::new(
                    ctx.now,
                    Action::Add,
                    &address,
                    reason,
                    scope,
                    &source,
                ));
                true
            };
        match finding {
            Finding::Unparseable(reason) => {
                leave(reason, &mut summary);
                continue;
            }
            Finding::Dsn {
                recipients,
                original_id,
                verp,
            } => {
                // A report without the recipient: the original's Message-ID in the journal, else
                // the VERP return path it came back to.
                let by_id = original_id
                    .as_ref()
                    .and_then(|id| sent.by_id.get(id))
                    .or_else(|| verp.as_ref().and_then(|t| sent.by_tag.get(t)));
                // Every recipient must be understood, or the message is left for a person.
                let unknown = recipients
                    .iter()
                    .find(|r| r.class == Class::Other || (r.address.is_none() && by_id.is_none()));
                if let Some(r) = unknown {
                    leave(
                        if r.address.is_none() {
                            "a delivery report naming no recipient we sent to".into()
                        } else {
                            format!(
                                "status `{}` ({}) is not one this program acts on",
                                r.status, r.action
                            )
                        },
                        &mut summary,
                    );
                    continue;
                }
                for r in &recipients {
                    let address = r
                        .address
                        .clone()
                        .or_else(|| by_id.cloned())
                        .unwrap_or_default();
                    let address = crate::address::normalize(&address);
                    let (outcome, class) = match r.class {
                        Class::Hard => ("hard", r.class),
                        Class::Soft => ("soft", r.class),
                        Class::Policy => ("policy", r.class),
                        _ => ("notice", r.class),
                    };
                    *summary.by_outcome.entry(outcome.into()).or_default() += 1;
                    let e = entry(outcome, &address, &r.status, &r.diagnostic);
                    log.add(&e);
                    d.entries.push(e);
                    match class {
                        Class::Hard
                            if suppress(
                                &address,
                                "hard-bounce",
                                suppressions::ALL,
                                format!("bounce {key}: {} {}", r.status, r.diagnostic),
                                &mut d,
                            ) =>
                        {
                            *summary.suppressed.entry("hard-bounce".into()).or_default() += 1;
                        }
                        Class::Soft => {
                            let n = log.soft_since(&address, soft_since);
                            if n >= ctx.soft_limit
                                && suppress(
                                    &address,
                                    "hard-bounce",
                                    suppressions::ALL,
                                    format!(
                                        "{n} soft bounces within {} days; last {key}: {} {}",
                                        ctx.soft_days, r.status, r.diagnostic
                                    ),
                                    &mut d,
                                )
                            {
                                *summary.suppressed.entry("hard-bounce".into()).or_default() += 1;
                                summary.soft_limit_reached.push(address.clone());
                            }
                        }
                        Class::Policy => summary.policy.push(PolicyFailure {
                            address: address.clone(),
                            status: r.status.clone(),
                            reply: r.diagnostic.clone(),
                        }),
                        _ => {}
                    }
                }
            }
            Finding::Verp { token, status } => {
                let Some(address) = sent.by_tag.get(&token).cloned() else {
                    leave(
                        format!(
                            "a bounce to VERP token `{token}`, which matches no one we sent to"
                        ),
                        &mut summary,
                    );
                    continue;
                };
                // No machine-readable report: the status in the text decides; with none, it
                // counts as soft (repeated failures still end in suppression).
                let status = status.unwrap_or_default();
                let class = match classify::class_of(&status) {
                    Class::Other | Class::Notice => Class::Soft,
                    c => c,
                };
                let outcome = match class {
                    Class::Hard => "hard",
                    Class::Policy => "policy",
                    _ => "soft",
                };
                *summary.by_outcome.entry(outcome.into()).or_default() += 1;
                let e = entry(outcome, &address, &status, "VERP bounce without a report");
                log.add(&e);
                d.entries.push(e);
                match class {
                    Class::Hard => {
                        let source = format!("VERP bounce {key}: {status}");
                        if suppress(&address, "hard-bounce", suppressions::ALL, source, &mut d) {
                            *summary.suppressed.entry("hard-bounce".into()).or_default() += 1;
                        }
                    }
                    Class::Policy => summary.policy.push(PolicyFailure {
                        address,
                        status,
                        reply: subject.clone(),
                    }),
                    _ => {
                        let n = log.soft_since(&address, soft_since);
                        if n >= ctx.soft_limit
                            && suppress(
                                &address,
                                "hard-bounce",
                                suppressions::ALL,
                                format!(
                                    "{n} soft bounces within {} days; last {key}",
                                    ctx.soft_days
                                ),
                                &mut d,
                            )
                        {
                            *summary.suppressed.entry("hard-bounce".into()).or_default() += 1;
                            summary.soft_limit_reached.push(address.clone());
                        }
                    }
                }
            }
            Finding::Complaint {
                address,
                feedback_type,
                original_id,
            } => {
                let address = address.or_else(|| {
                    original_id
                        .as_ref()
                        .and_then(|id| sent.by_id.get(id).cloned())
                });
                let Some(address) = address else {
                    leave(
                        "a complaint that names no recipient we sent to".into(),
                        &mut summary,
                    );
                    continue;
                };
                *summary.by_outcome.entry("complaint".into()).or_default() += 1;
                let e = entry("complaint", &address, &feedback_type, "ARF report");
                log.add(&e);
                d.entries.push(e);
                if suppress(
                    &address,
                    "complaint",
                    suppressions::ALL,
                    format!("complaint {key} ({feedback_type})"),
                    &mut d,
                ) {
                    *summary.suppressed.entry("complaint".into()).or_default() += 1;
                }
            }
            Finding::Unsubscribe { token } => {
                let opened = match (token, ctx.tokens) {
                    (None, _) => Err("an unsubscribe mail without a token in its subject".into()),
                    (Some(_), None) => Err(
                        "an unsubscribe mail, but no token secret is configured to read it"
                            .to_string(),
                    ),
                    (Some(t), Some(tokens)) => tokens
                        .open(&t)
                        .map_err(|_| format!("an unsubscribe mail whose token `{t}` is not ours")),
                };
                let subscriber = match opened {
                    Ok(s) => s,
                    Err(reason) => {
                        leave(reason, &mut summary);
                        continue;
                    }
                };
                let scope = if subscriber.list.is_empty() {
                    suppressions::ALL.to_string()
                } else {
                    subscriber.list.clone()
                };
                *summary.by_outcome.entry("unsubscribed".into()).or_default() += 1;
                let e = entry("unsubscribed", &subscriber.address, &scope, "mailto");
                log.add(&e);
                d.entries.push(e);
                if suppress(
                    &subscriber.address,
                    "unsubscribed",
                    &scope,
                    format!("unsubscribe mail {key}"),
                    &mut d,
                ) {
                    *summary.suppressed.entry("unsubscribed".into()).or_default() += 1;
                }
            }
        }
        decisions.push(d);
    }

    // Write: suppressions first (the point of it all), then the log, then the mailbox.
    let records: Vec<Record> = decisions
        .iter()
        .flat_map(|d| d.records.iter().cloned())
        .collect();
    if !records.is_empty() {
        suppressions::append(&ctx.ledger, &records)?;
    }
    let entries: Vec<Entry> = decisions
        .iter()
        .flat_map(|d| d.entries.iter().cloned())
        .collect();
    log.append(&entries)?;
    to_mark.extend(decisions.into_iter().map(|d| d.handle));
    summary.marked = mailbox.mark(&to_mark)?;
    summary.complaints_30_days = log.complaints_since(now - 30 * 86_400);
    Ok(summary)
}
