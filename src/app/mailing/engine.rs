//! The mailing engine: the supporters file streams through a bounded pool of workers, and each
//! row goes down one pipeline: skip what must not be mailed (a bad row, a suppressed address,
//! a message the journal has), render it in the supporter's language, sign it, then write it
//! (dry run) or hand it to the outbox. The run ends with its report.

use super::Observer;
use super::duplicates::Duplicates;
use super::options::Options;
use super::output::Writer;
use super::report::{Counters, EXAMPLES_PER_KIND, Report, Sent};
use super::segment::Segment;
use crate::bounces::verp::Verp;
use crate::deliver::connection::Connection;
use crate::deliver::journal::{self, Journal, Status};
use crate::deliver::outbox::{self, Outbox, Tally};
use crate::deliver::pool;
use crate::deliver::smtp::{Outcome, Outgoing};
use crate::deliver::suppressions::Suppressions;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::render::alert::{self, AlertKit, Built};
use crate::supporters::{Rejected, Supporter, Supporters};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

/// Runs one mailing for one case: what it did, or why it stopped. The observer sees the run
/// as it goes, and the report before any error about undelivered or unrendered messages.
pub fn run(
    env: &Env,
    kit: &AlertKit,
    case_id: &str,
    opts: &Options,
    segment: Option<&Segment>,
    observer: &mut dyn Observer,
) -> Result<Report> {
    keep_freed_memory();
    let journal = if opts.send {
        Journal::open(&opts.journal)?
    } else {
        Journal::read_only(&opts.journal)?
    };
    // Read once, before the first message: a suppression recorded during the run (the
    // unsubscribe server) applies from the next run.
    let suppressions = Suppressions::load(&opts.suppressions)?;
    let supporters = Supporters::open(&opts.supporters)?;
    observer.rows_begin(&opts.supporters);
    let journal_kind = kit.kind.journal_kind(
        &kit.views
            .values()
            .next()
            .map(|(v, _)| v.clone())
            .ok_or_else(|| Error::Usage("the case has no languages".into()))?,
    );
    let tally = Tally::default();
    let (outbox, workers) = match (&opts.smtp, opts.send) {
        // The first connection only shows the server answers: each worker opens its own.
        (Some(cfg), true) => (Some(Outbox::open(cfg, &tally)?.0), cfg.concurrency),
        (None, true) => return Err(Error::Config("--send needs SMTP settings".into())),
        _ => (None, opts.render_threads),
    };
    let writer = Writer::open(&opts.out, case_id)?;
    let mut duplicates = Duplicates::for_file(&opts.supporters)?;
    let mailing = Mailing {
        env,
        kit,
        case_id,
        opts,
        journal,
        journal_kind,
        suppressions,
        segment,
        outbox,
        writer,
        tally: &tally,
        counters: Counters::new(kit.views.keys()),
        report: Mutex::new(Report::default()),
        failure: Failure::default(),
        observer: &*observer,
        dkim_time: env.clock.now().timestamp(),
        seen_rows: AtomicU64::new(0),
        started: Instant::now(),
    };
    mailing.stream(supporters, &mut duplicates, workers);
    let ended = mailing.end();
    observer.rows_end();
    let mut report = ended.into_report(case_id, opts, &tally, duplicates)?;
    report.segment = segment.map(|s| s.skipped_because.clone());
    observer.mailed(&report);
    verdict(report, opts, &tally)
}

/// One case's run, shared by the workers.
struct Mailing<'a, 'o> {
    env: &'a Env,
    kit: &'a AlertKit,
    case_id: &'a str,
    opts: &'a Options,
    journal: Journal,
    /// The kind of message in journal keys: one alert, or one reminder per deadline.
    journal_kind: String,
    suppressions: Suppressions,
    /// Only these supporters are mailed (`mail --only`, `remind`).
    segment: Option<&'a Segment>,
    /// `None` in a dry run.
    outbox: Option<Outbox<'a>>,
    writer: Writer<'a>,
    tally: &'a Tally,
    // Hot counters are atomics: a lock per message would serialise the workers.
    counters: Counters,
    report: Mutex<Report>,
    failure: Failure,
    observer: &'o dyn Observer,
    /// Every message of the run is signed with this one timestamp.
    dkim_time: i64,
    seen_rows: AtomicU64,
    started: Instant,
}

impl<'a> Mailing<'a, '_> {
    /// Streams every row through the pipeline on `workers` threads.
    fn stream(&self, supporters: Supporters, duplicates: &mut Duplicates, workers: usize) {
        let rows = supporters
            .inspect(|_| {
                self.counters.rows.fetch_add(1, Ordering::Relaxed);
            })
            // The same supporter twice in one file gets one message: the first row's.
            .filter(|row| row.as_ref().map_or(true, |s| duplicates.first_time(s)));
        // Each sending worker owns one SMTP connection: the pool is `concurrency` connections.
        let connect = || self.outbox.as_ref().and_then(Outbox::connect);
        pool::for_each_with(rows, workers, connect, |connection, row| {
            self.row(connection, row)
        });
    }

    /// One row, down the pipeline.
    fn row(
        &self,
        connection: &mut Option<Connection>,
        row: std::result::Result<Supporter, Rejected>,
    ) {
        self.observer.row();
        // After a journal or disk failure, stop sending: what is not journaled must not go out.
        if self.failure.stopped() {
            return;
        }
        let n = self.seen_rows.fetch_add(1, Ordering::Relaxed) + 1;
        self.observer.rows_so_far(n, self.started);
        let s = match row {
            Ok(s) => s,
            Err(rejected) => {
                // Past this row the file cannot be read (not text, too large): stop the run.
                if let Some(e) = rejected.stop_error(&self.opts.supporters) {
                    self.failure.stop(e);
                } else if let Ok(mut r) = self.report.lock() {
                    r.reject(rejected);
                }
                return;
            }
        };
        let Some(key) = self.key_unless_skipped(&s) else {
            return;
        };
        let Some((built, lang)) = self.render(&s) else {
            return;
        };
        // The bytes that go out: signed when DKIM is set, exactly as sent in a dry run too.
        let bytes = match outbox::signed(
            built.message.formatted(),
            self.opts.dkim.as_ref(),
            self.dkim_time,
        ) {
            Ok(b) => b,
            Err(e) => {
                self.failure.stop(e);
                return;
            }
        };
        match &self.outbox {
            None => self.write(&s, lang, &bytes),
            Some(outbox) => self.send(outbox, connection, &s, key, built, bytes),
        }
    }

    /// The journal key of the supporter's message, or `None` when they are not to get it:
    /// their address is suppressed, they are not in the segment, or the journal has the
    /// message already.
    fn key_unless_skipped(&self, s: &Supporter) -> Option<String> {
        // Never mail an address that unsubscribed, bounced or complained.
        if self
            .suppressions
            .contains(&s.email, self.opts.list_id.as_deref())
        {
            self.counters.suppressed.fetch_add(1, Ordering::Relaxed);
            return None;
        }
        if self.segment.is_some_and(|seg| !seg.keeps(&s.email)) {
            self.counters.not_in_segment.fetch_add(1, Ordering::Relaxed);
            return None;
        }
        let key = journal::key(self.case_id, &self.journal_kind, &s.email);
        match self.journal.status(&key) {
            Some(Status::Accepted) => {
                self.counters.already_sent.fetch_add(1, Ordering::Relaxed);
                None
            }
            Some(Status::Unknown) => {
                self.counters.already_sent.fetch_add(1, Ordering::Relaxed);
                self.tally.already_unknown.fetch_add(1, Ordering::Relaxed);
                None
            }
            None => Some(key),
        }
    }

    /// The supporter's message in their language (or the fallback), with the language used;
    /// `None` when it cannot be rendered (noted in the report).
    fn render(&self, s: &Supporter) -> Option<(Built, &str)> {
        let (lang, fallback) = self.kit.language_for(s);
        let built = match alert::build(self.env, self.kit, s) {
            Ok(b) => b,
            Err(p) => {
                if let Ok(mut r) = self.report.lock() {
                    r.render_error_count += 1;
                    if r.render_error_count <= EXAMPLES_PER_KIND {
                        r.render_errors.push((s.line, p.to_string()));
                    }
                }
                return None;
            }
        };
        self.counters.count(lang, fallback);
        Some((built, lang))
    }

    /// Dry run: the message where the run writes them, if anywhere.
    fn write(&self, s: &Supporter, lang: &str, bytes: &[u8]) {
        match self.writer.write(s.line, lang, bytes) {
            Ok(true) => {
                self.counters.written.fetch_add(1, Ordering::Relaxed);
            }
            Ok(false) => {}
            Err(e) => self.failure.stop(e),
        }
    }

    /// Sending run: the message through the outbox, on this worker's connection.
    fn send(
        &self,
        outbox: &Outbox,
        connection: &mut Option<Connection>,
        s: &Supporter,
        key: String,
        built: Built,
        bytes: Vec<u8>,
    ) {
        let Some(connection) = connection.as_mut() else {
            // Never drop a message silently: no client, no run.
            self.failure
                .note(Error::Config("cannot start an SMTP client thread".into()));
            return;
        };
        let msg = Outgoing {
            key,
            label: format!("line {} <{}>", s.line, s.email),
            envelope: match envelope(&built.message, self.opts.verp.as_ref(), &s.email) {
                Ok(e) => e,
                Err(e) => {
                    self.failure.stop(e);
                    return;
                }
            },
            bytes,
            message_id: built.message_id,
        };
        match outbox.deliver(connection, &self.journal, &msg) {
            Ok(outcome @ (Outcome::Failed { .. } | Outcome::Unknown { .. })) => {
                self.observer.trouble(&msg.label, &outcome)
            }
            Ok(_) => {}
            Err(e) => self.failure.stop(e),
        }
    }

    /// The run after its last row: what the report is made from.
    fn end(self) -> Ended<'a> {
        Ended {
            journal: self.journal,
            writer: self.writer,
            counters: self.counters,
            report: self.report,
            failure: self.failure,
        }
    }
}

/// What is left of a run once the workers are done.
struct Ended<'a> {
    journal: Journal,
    writer: Writer<'a>,
    counters: Counters,
    report: Mutex<Report>,
    failure: Failure,
}

impl Ended<'_> {
    /// Makes the run's work durable and counts it: the journal on disk, the dry run's output
    /// in place (none if a message could not be rendered), every counter in the report.
    fn into_report(
        self,
        case_id: &str,
        opts: &Options,
        tally: &Tally,
        mut duplicates: Duplicates,
    ) -> Result<Report> {
        // Every connection's last journal line, on disk before the summary says "accepted".
        if opts.send
            && let Err(e) = self.journal.sync_all()
        {
            self.failure.stop(e);
        }
        self.writer.flush()?;
        if let Some(e) = self.failure.into_error() {
            return Err(e);
        }
        let mut report = self.report.into_inner().unwrap_or_default();
        self.counters.into_report(&mut report);
        if let Writer::Folder { staged, .. } = self.writer {
            if report.render_errors.is_empty() {
                staged.commit()?;
            } else {
                // A failed run writes nothing: the staging folder goes when dropped.
                report.written = 0;
            }
        }
        report.case = case_id.to_string();
        report.already_sent += tally.already_sent.load(Ordering::Relaxed) as u64;
        report.already_unknown = tally.already_unknown.load(Ordering::Relaxed) as u64;
        report.duplicates = std::mem::take(&mut duplicates.listed);
        report.duplicate_count = duplicates.count;
        report.sent = opts.send.then(|| Sent::from(tally));
        Ok(report)
    }
}

/// The run's outcome once its report is out: an error when messages could not be rendered
/// (exit 1) or were not all delivered (exit 4).
fn verdict(report: Report, opts: &Options, tally: &Tally) -> Result<Report> {
    if !report.render_errors.is_empty() {
        return Err(Error::Invalid(vec![crate::error::Problem::error(
            &opts.supporters,
            (0, 0),
            format!(
                "{} message(s) could not be rendered",
                report.render_error_count
            ),
        )]));
    }
    if opts.send {
        let n = |a: &std::sync::atomic::AtomicUsize| a.load(Ordering::Relaxed);
        let total = n(&tally.accepted)
            + n(&tally.failed)
            + n(&tally.unknown)
            + n(&tally.already_unknown)
            + n(&tally.not_attempted);
        if let Some(e) = tally.error(total) {
            return Err(e);
        }
    }
    Ok(report)
}

/// The first error that ends a run, and whether the workers must stop.
#[derive(Default)]
struct Failure {
    stopped: AtomicBool,
    first: Mutex<Option<Error>>,
}

impl Failure {
    /// Stops the run: no further message goes out. The first error is the one reported.
    fn stop(&self, e: Error) {
        self.stopped.store(true, Ordering::SeqCst);
        self.note(e);
    }

    /// Records an error the run ends with, while the other workers go on.
    fn note(&self, e: Error) {
        if let Ok(mut slot) = self.first.lock() {
            slot.get_or_insert(e);
        }
    }

    fn stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }

    fn into_error(self) -> Option<Error> {
        self.first.into_inner().ok().flatten()
    }
}

/// Every message allocates and frees a few buffers of its own size (~32 KB) on each worker
/// thread. glibc hands a worker arena's free top back to the kernel once it passes 128 KB, so
/// it did so about once a message (`madvise`: 6% of rendering, measured with perf); 8 MB keeps
/// it for the next message. Peak memory stays bounded by the largest message times the workers.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes a tuning parameter of glibc's allocator; any value is valid.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 8 << 20);
    }
}

/// The SMTP envelope: the message's own, with the supporter's VERP return path as sender when
/// `mail.verp` is set (bounces then name the supporter even when their text cannot be read).
fn envelope(
    message: &lettre::Message,
    verp: Option<&Verp>,
    address: &str,
) -> Result<lettre::address::Envelope> {
    let own = message.envelope();
    let Some(verp) = verp else {
        return Ok(own.clone());
    };
    let path = verp.return_path(address);
    let from: lettre::Address = path
        .parse()
        .map_err(|e| Error::Config(format!("mail.verp gives `{path}`, not an address: {e}")))?;
    lettre::address::Envelope::new(Some(from), own.to().to_vec())
        .map_err(|e| Error::Config(format!("mail.verp: {e}")))
}
