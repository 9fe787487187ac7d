//! Reading what comes back: delivery status notifications, complaints and unsubscribe mails
//! from the organisation's return mailbox (IMAP, Maildir or mbox), turned into suppressions.
//!
//! One run: list the mailbox, classify every message not yet in the processed log
//! ([`log`]), resolve whom each concerns and whether it is about mail we sent (from the sending
//! journal and the VERP return path, [`sent`]; a report not shown to be ours changes nothing),
//! decide what to do, then write in this order: the suppressions (synced),
//! the processed log (synced), and only then mark the messages in the mailbox (IMAP: keyword
//! `$AppealProcessed` and `\Seen`, or moved with `--move-to`; Maildir: moved to `cur/` as
//! seen, or into the `--move-to` folder; mbox: read-only, the log alone). A crash anywhere
//! leaves either nothing done or work the next run recognises and does not repeat. Nothing is
//! ever deleted. Messages that cannot be understood are listed and left as they were.

pub mod classify;
mod decide;
pub mod files;
pub mod imap;
pub mod log;
pub mod sent;
pub mod verp;

use crate::deliver::suppressions::{self, Record, Suppressions};
use crate::error::Result;
use crate::unsubscribe::Tokens;
use classify::{Finding, Rules};
use decide::Decision;
use log::{Entry, Log};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The largest message read: 10 MiB. Reports are small; a larger message is no report, and is
/// skipped unread (listed with a warning), so one huge message cannot take the memory.
pub const MAX_MESSAGE: usize = 10 << 20;

/// How much of a message too large to read is taken, for its Message-ID and Subject.
pub const HEAD_BYTES: usize = 64 << 10;

/// A message as a mailbox hands it over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The whole message (at most [`MAX_MESSAGE`] bytes).
    Whole(Vec<u8>),
    /// A message larger than [`MAX_MESSAGE`]: its size, and its first bytes (at most
    /// [`HEAD_BYTES`]) to name it by.
    TooLarge {
        /// Its size in bytes.
        size: u64,
        /// Its beginning.
        head: Vec<u8>,
    },
}

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
    /// One message's bytes, or its size and beginning when it is larger than [`MAX_MESSAGE`].
    fn fetch(&mut self, handle: &Handle) -> Result<Fetched>;
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
    /// Whether any report naming an address may suppress it (`bounces --trust-any`), as
    /// before reports had to be shown to be ours.
    pub trust_any: bool,
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
    /// Messages larger than [`MAX_MESSAGE`], skipped unread (and left as they are).
    pub too_large: Vec<LeftAlone>,
    /// Messages marked (or moved) in the mailbox.
    pub marked: usize,
    /// Complaints within the last 30 days, all runs.
    pub complaints_30_days: usize,
    /// Messages in the sending journal (the complaint rate's denominator).
    pub journal_messages: u64,
}

/// A message read and classified, not yet acted on.
struct Examined {
    handle: Handle,
    /// Message-ID (or hash).
    key: String,
    /// Subject, for a person to find it.
    subject: String,
    /// When the bounce was made (its Date header, if plausible), else now; Unix seconds.
    date: i64,
    finding: Finding,
}

/// Processes the mailbox against the processed log at `log_path`. Returns what was done;
/// 5.7.x refusals are in the summary (the caller turns them into exit code 6).
pub fn run(mailbox: &mut dyn Mailbox, ctx: &Context<'_>, log_path: &Path) -> Result<Summary> {
    let mut log = Log::load(log_path)?;
    let suppressed = Suppressions::load(&ctx.ledger)?;
    let mut summary = Summary::default();
    let now = ctx.now.timestamp();
    let (examined, mut to_mark) = examine(mailbox, &log, &ctx.rules, now, &mut summary)?;
    let wanted = sent::wanted(examined.iter().map(|m| &m.finding));
    let sent = sent::lookup(&ctx.journal, &wanted, ctx.verp)?;
    summary.journal_messages = sent.messages();
    let decisions = decide::decide(examined, ctx, &sent, &suppressed, &mut log, &mut summary);
    record(ctx, &log, &decisions)?;
    to_mark.extend(decisions.into_iter().map(|d| d.handle));
    summary.marked = mailbox.mark(&to_mark)?;
    summary.complaints_30_days = log.complaints_since(now - 30 * 86_400);
    Ok(summary)
}

/// Reads and classifies every message the processed log does not know. Those it knows are
/// returned apart, to be marked again: marking twice is harmless, and finishes a run that
/// stopped between the log and the mailbox.
fn examine(
    mailbox: &mut dyn Mailbox,
    log: &Log,
    rules: &Rules,
    now: i64,
    summary: &mut Summary,
) -> Result<(Vec<Examined>, Vec<Handle>)> {
    let handles = mailbox.list()?;
    summary.messages = handles.len();
    let mut examined = vec![];
    let mut done = vec![];
    for handle in handles {
        let raw = match mailbox.fetch(&handle)? {
            Fetched::Whole(raw) => raw,
            Fetched::TooLarge { size, head } => {
                summary.too_large.push(LeftAlone {
                    key: classify::key_of(&head),
                    subject: subject_of(&head),
                    reason: format!(
                        "{:.1} MiB, larger than the {} MiB a report can be: skipped unread",
                        size as f64 / f64::from(1u32 << 20),
                        MAX_MESSAGE >> 20
                    ),
                });
                continue;
            }
        };
        let key = classify::key_of(&raw);
        if log.contains(&key) {
            summary.already += 1;
            done.push(handle);
            continue;
        }
        let subject = subject_of(&raw);
        let date = classify::date_of(&raw)
            .filter(|&t| t > 0 && t <= now)
            .unwrap_or(now);
        let finding = classify::classify(&raw, rules);
        examined.push(Examined {
            handle,
            key,
            subject,
            date,
            finding,
        });
    }
    Ok((examined, done))
}

/// A message's Subject, for a person to find it.
fn subject_of(raw: &[u8]) -> String {
    mail_parser::MessageParser::new()
        .parse_headers(raw)
        .and_then(|m| m.subject().map(str::to_string))
        .unwrap_or_default()
}

/// Writes what was decided: suppressions first (the point of it all), then the log. The
/// mailbox is marked only after both are on disk.
fn record(ctx: &Context<'_>, log: &Log, decisions: &[Decision]) -> Result<()> {
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
    log.append(&entries)
}
