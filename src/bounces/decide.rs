//! What to do for each message read, decided before anything is written: the lines for the
//! processed log, the suppressions to add, and the summary's counts. A message this cannot act
//! on is listed as left alone, and nothing is decided for it.

use super::classify::{self, Class, Finding, Recipient};
use super::log::{Entry, Log};
use super::sent::Sent;
use super::{Context, Examined, Handle, LeftAlone, PolicyFailure, Summary};
use crate::deliver::suppressions::{ALL, Action, Record, Suppressions};
use crate::unsubscribe::{Purpose, Token};
use std::collections::HashSet;

/// What to do for one message, decided before anything is written.
pub struct Decision {
    /// The message, to mark once the rest is on disk.
    pub handle: Handle,
    /// Its lines in the processed log.
    pub entries: Vec<Entry>,
    /// The suppressions it adds.
    pub records: Vec<Record>,
}

/// Decides for every message, in order. Each decision is counted in `log` at once (in memory),
/// so a later message of the same run sees an earlier one's soft bounce.
pub fn decide(
    examined: Vec<Examined>,
    ctx: &Context<'_>,
    sent: &Sent,
    suppressed: &Suppressions,
    log: &mut Log,
    summary: &mut Summary,
) -> Vec<Decision> {
    let mut judge = Judge {
        ctx,
        sent,
        suppressed,
        log,
        summary,
        newly: HashSet::new(),
        soft_since: ctx.now.timestamp() - ctx.soft_days * 86_400,
    };
    let mut decisions = vec![];
    for message in examined {
        let mut m = Message {
            key: message.key,
            subject: message.subject,
            date: message.date,
            decision: Decision {
                handle: message.handle,
                entries: vec![],
                records: vec![],
            },
        };
        let decided = match message.finding {
            Finding::Unparseable(reason) => Err(reason),
            Finding::Dsn {
                recipients,
                original_id,
                verp,
            } => judge.dsn(&mut m, &recipients, original_id.as_deref(), verp.as_deref()),
            Finding::Verp { token, status } => judge.verp(&mut m, &token, status),
            Finding::Complaint {
                address,
                feedback_type,
                original_id,
            } => judge.complaint(&mut m, address, &feedback_type, original_id.as_deref()),
            Finding::Unsubscribe { token } => judge.unsubscribe(&mut m, token),
        };
        match decided {
            Ok(()) => decisions.push(m.decision),
            Err(reason) => judge.summary.left_alone.push(LeftAlone {
                key: m.key,
                subject: m.subject,
                reason,
            }),
        }
    }
    decisions
}

/// The message being decided on.
struct Message {
    /// Message-ID (or hash).
    key: String,
    subject: String,
    /// When the bounce was made (Unix seconds).
    date: i64,
    decision: Decision,
}

/// What deciding needs, and what it has decided so far in this run.
struct Judge<'a, 'c> {
    ctx: &'a Context<'c>,
    sent: &'a Sent,
    /// The ledger as it was when the run started.
    suppressed: &'a Suppressions,
    log: &'a mut Log,
    summary: &'a mut Summary,
    /// (address, scope) suppressed by this run so far: each once.
    newly: HashSet<(String, String)>,
    /// Soft bounces since then count towards the limit.
    soft_since: i64,
}

// Each way of deciding returns `Err(why)` only before it has changed anything, so a message
// left alone leaves no trace in the log or the summary's counts.
impl Judge<'_, '_> {
    /// A delivery status notification: one entry per recipient. Every recipient must be
    /// understood, and each one it acts on shown to be ours ([`Judge::ours`]), or the message
    /// is left for a person.
    fn dsn(
        &mut self,
        m: &mut Message,
        recipients: &[Recipient],
        original_id: Option<&str>,
        verp: Option<&str>,
    ) -> Result<(), String> {
        let sent = self.sent;
        let mut addresses = Vec::with_capacity(recipients.len());
        for r in recipients {
            addresses.push(match r.class {
                Class::Other => {
                    return Err(format!(
                        "status `{}` ({}) is not one this program acts on",
                        r.status, r.action
                    ));
                }
                // A notice changes nothing: whom it names is only noted.
                Class::Notice => r
                    .address
                    .clone()
                    .or_else(|| original_id.and_then(|id| sent.by_id(id)).cloned())
                    .or_else(|| verp.and_then(|t| sent.by_tag(t)).cloned())
                    .map(|a| crate::address::normalize(&a))
                    .unwrap_or_default(),
                _ => self.ours("delivery report", r.address.as_deref(), original_id, verp)?,
            });
        }
        for (r, address) in recipients.iter().zip(addresses) {
            let outcome = match r.class {
                Class::Hard => "hard",
                Class::Soft => "soft",
                Class::Policy => "policy",
                _ => "notice",
            };
            self.note(m, outcome, &address, &r.status, &r.diagnostic);
            match r.class {
                Class::Hard => {
                    let source = format!("bounce {}: {} {}", m.key, r.status, r.diagnostic);
                    self.suppress(m, &address, "hard-bounce", ALL, source);
                }
                Class::Soft => self.soft(m, &address, &format!(": {} {}", r.status, r.diagnostic)),
                Class::Policy => self.summary.policy.push(PolicyFailure {
                    address: address.clone(),
                    status: r.status.clone(),
                    reply: r.diagnostic.clone(),
                }),
                _ => {}
            }
        }
        Ok(())
    }

    /// A bounce to a VERP return path without a report.
    fn verp(&mut self, m: &mut Message, token: &str, status: Option<String>) -> Result<(), String> {
        let Some(address) = self.sent.by_tag(token).cloned() else {
            return Err(format!(
                "a bounce to VERP token `{token}`, which matches no one we sent to"
            ));
        };
        // No machine-readable report: the status in the text decides; with none, it counts as
        // soft (repeated failures still end in suppression).
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
        self.note(
            m,
            outcome,
            &address,
            &status,
            "VERP bounce without a report",
        );
        match class {
            Class::Hard => {
                let source = format!("VERP bounce {}: {status}", m.key);
                self.suppress(m, &address, "hard-bounce", ALL, source);
            }
            Class::Policy => self.summary.policy.push(PolicyFailure {
                address,
                status,
                reply: m.subject.clone(),
            }),
            _ => self.soft(m, &address, ""),
        }
        Ok(())
    }

    /// An abuse complaint.
    fn complaint(
        &mut self,
        m: &mut Message,
        address: Option<String>,
        feedback_type: &str,
        original_id: Option<&str>,
    ) -> Result<(), String> {
        let address = self.ours("complaint", address.as_deref(), original_id, None)?;
        self.note(m, "complaint", &address, feedback_type, "ARF report");
        let source = format!("complaint {} ({feedback_type})", m.key);
        self.suppress(m, &address, "complaint", ALL, source);
        Ok(())
    }

    /// A mail to the unsubscribe address, with the supporter's token in its subject.
    fn unsubscribe(&mut self, m: &mut Message, token: Option<String>) -> Result<(), String> {
        let subscriber = match (token, self.ctx.tokens) {
            (None, _) => return Err("an unsubscribe mail without a token in its subject".into()),
            (Some(_), None) => {
                return Err(
                    "an unsubscribe mail, but no token secret is configured to read it".into(),
                );
            }
            (Some(t), Some(tokens)) => match tokens.open(&t) {
                Ok(Token {
                    purpose: Purpose::Unsubscribe,
                    subscriber,
                }) => subscriber,
                // An "I sent my appeal" token is not a request to leave.
                Ok(_) => {
                    return Err(format!(
                        "an unsubscribe mail whose token `{t}` is not an unsubscribe token"
                    ));
                }
                Err(_) => return Err(format!("an unsubscribe mail whose token `{t}` is not ours")),
            },
        };
        let scope = if subscriber.list.is_empty() {
            ALL.to_string()
        } else {
            subscriber.list.clone()
        };
        self.note(m, "unsubscribed", &subscriber.address, &scope, "mailto");
        let source = format!("unsubscribe mail {}", m.key);
        self.suppress(m, &subscriber.address, "unsubscribed", &scope, source);
        Ok(())
    }

    /// Whom a report that would change something concerns, when it is shown to be about mail
    /// we sent; else why not. A report names its recipient (`named`), or the original's
    /// Message-ID (`original_id`) or the VERP return path it came back to (`tag`) must name
    /// one. Unless `--trust-any`, a named recipient counts only when
    /// - the VERP tag it came back to is the one made for that address (with `mail.verp`), or
    /// - the original's Message-ID is in the journal, sent to that address, or
    /// - without `mail.verp`: the journal shows that address was mailed.
    ///
    /// So a forged report cannot silence a supporter when `mail.verp` is set (the tag needs the
    /// secret), and never one who was not mailed.
    fn ours(
        &self,
        what: &str,
        named: Option<&str>,
        original_id: Option<&str>,
        tag: Option<&str>,
    ) -> Result<String, String> {
        let sent = self.sent;
        let Some(named) = named else {
            return tag
                .and_then(|t| sent.by_tag(t))
                .or_else(|| original_id.and_then(|id| sent.by_id(id)))
                .cloned()
                .ok_or_else(|| format!("a {what} naming no recipient we sent to"));
        };
        let address = crate::address::normalize(named);
        if crate::address::parse(&address).is_err() {
            return Err(format!("a {what} for `{address}`, which is not an address"));
        }
        let verp = self.ctx.verp;
        let verified = verp.zip(tag).is_some_and(|(v, t)| v.tag(&address) == t);
        let by_id = original_id.is_some_and(|id| sent.sent_to(id, &address));
        let mailed = sent.mailed(&address);
        if self.ctx.trust_any || verified || by_id || (verp.is_none() && mailed) {
            Ok(address)
        } else if !mailed {
            Err(format!(
                "a {what} for `{address}`, an address the journal shows no mail to"
            ))
        } else {
            Err(format!(
                "a {what} for `{address}` not shown to be ours: it did not come back to that \
                 address's VERP return path and its original Message-ID is not in the journal"
            ))
        }
    }

    /// Counts the outcome and writes its entry: into the log in memory, so that later messages
    /// of this run see it, and into the decision.
    fn note(&mut self, m: &mut Message, outcome: &str, address: &str, status: &str, note: &str) {
        *self.summary.by_outcome.entry(outcome.into()).or_default() += 1;
        let e = Entry {
            time: m.date,
            key: m.key.clone(),
            outcome: outcome.into(),
            address: address.into(),
            status: status.into(),
            note: note.into(),
        };
        self.log.add(&e);
        m.decision.entries.push(e);
    }

    /// A soft bounce: the address is suppressed once it has bounced `soft_limit` times within
    /// `soft_days`, this one included. `detail` ends the ledger's note on it.
    fn soft(&mut self, m: &mut Message, address: &str, detail: &str) {
        let n = self.log.soft_since(address, self.soft_since);
        if n < self.ctx.soft_limit {
            return;
        }
        let source = format!(
            "{n} soft bounces within {} days; last {}{detail}",
            self.ctx.soft_days, m.key
        );
        if self.suppress(m, address, "hard-bounce", ALL, source) {
            self.summary.soft_limit_reached.push(address.to_string());
        }
    }

    /// Suppresses `address` in `scope` and counts it by `reason`, unless it is suppressed
    /// already (in the ledger, or earlier in this run). Whether it was.
    fn suppress(
        &mut self,
        m: &mut Message,
        address: &str,
        reason: &str,
        scope: &str,
        source: String,
    ) -> bool {
        let address = crate::address::normalize(address);
        let list = (scope != ALL).then_some(scope);
        if self.suppressed.contains_normal(&address, list)
            || !self.newly.insert((address.clone(), scope.to_string()))
        {
            return false;
        }
        m.decision.records.push(Record::new(
            self.ctx.now,
            Action::Add,
            &address,
            reason,
            scope,
            &source,
        ));
        *self.summary.suppressed.entry(reason.into()).or_default() += 1;
        true
    }
}
