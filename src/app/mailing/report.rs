//! What a mailing did: its report, and the counters the workers keep while it runs.

use crate::deliver::outbox::Tally;
use crate::supporters::Rejected;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// What a mailing did.
#[derive(Default, Debug)]
pub struct Report {
    /// The case mailed about.
    pub case: String,
    /// Rows read (valid or not).
    pub rows: u64,
    /// Messages rendered, by language.
    pub by_language: BTreeMap<String, u64>,
    /// Supporters whose language was not available.
    pub fallbacks: u64,
    /// Rows skipped, with reasons: the first [`EXAMPLES_PER_KIND`] of each kind.
    pub rejected: Vec<Rejected>,
    /// Rows skipped, counted by kind of reason (all of them).
    pub rejected_by_kind: BTreeMap<String, u64>,
    /// Already in the journal.
    pub already_sent: u64,
    /// Messages written to disk (dry run).
    pub written: u64,
    /// Rendering errors (a template or locale problem), by line.
    pub render_errors: Vec<(u64, String)>,
    /// Rows whose address repeats an earlier row's: (line, first line), the first
    /// [`LISTED`] of them.
    pub duplicates: Vec<(u64, u64)>,
    /// How many rows repeated an earlier row's address (each supporter is sent once).
    pub duplicate_count: u64,
    /// In the journal with an unknown outcome from an earlier run (not sent again).
    pub already_unknown: u64,
    /// Messages that could not be rendered, in all (`render_errors` keeps the first
    /// [`EXAMPLES_PER_KIND`]).
    pub render_error_count: u64,
    /// Supporters skipped because the suppression ledger holds their address.
    pub suppressed: u64,
    /// Why the segment leaves supporters out ("already acted on ua-82-18"), when there is one.
    pub segment: Option<String>,
    /// Supporters the segment left out.
    pub not_in_segment: u64,
    /// What the server did with the messages: `None` in a dry run.
    pub sent: Option<Sent>,
}

/// How many rejected rows of one kind are listed; the rest are counted. A file of 100,000 bad
/// rows would otherwise print (and keep) 100,000 lines.
pub const EXAMPLES_PER_KIND: u64 = 20;

impl Report {
    /// Records a rejected row: kept while its kind has fewer than [`EXAMPLES_PER_KIND`] examples.
    pub(super) fn reject(&mut self, rejected: Rejected) {
        let n = self
            .rejected_by_kind
            .entry(crate::error::kind_of(&rejected.reason))
            .or_insert(0);
        *n += 1;
        if *n <= EXAMPLES_PER_KIND {
            self.rejected.push(rejected);
        }
    }

    /// Rows skipped in all.
    pub fn rejected_count(&self) -> u64 {
        self.rejected_by_kind.values().sum()
    }
}

/// How many problems of one kind are listed one by one before only their count is given.
pub const LISTED: usize = 20;

/// What the server did with a sending run's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    /// Accepted by the server.
    pub accepted: usize,
    /// Temporary failures that were retried.
    pub retries: usize,
    /// Failed for good.
    pub failed: usize,
    /// Sent, outcome unknown (the server went silent after the end of the message).
    pub unknown: usize,
    /// Not tried because the server stopped answering.
    pub not_attempted: usize,
}

impl Sent {
    /// The run's counts as they stand.
    pub(super) fn from(tally: &Tally) -> Sent {
        let n = |a: &std::sync::atomic::AtomicUsize| a.load(Ordering::Relaxed);
        Sent {
            accepted: n(&tally.accepted),
            retries: n(&tally.retries),
            failed: n(&tally.failed),
            unknown: n(&tally.unknown),
            not_attempted: n(&tally.not_attempted),
        }
    }
}

/// Per-run counters, updated without locks.
pub(super) struct Counters {
    pub(super) rows: AtomicU64,
    pub(super) suppressed: AtomicU64,
    pub(super) not_in_segment: AtomicU64,
    pub(super) already_sent: AtomicU64,
    pub(super) written: AtomicU64,
    fallbacks: AtomicU64,
    by_language: BTreeMap<String, AtomicU64>,
}

impl Counters {
    pub(super) fn new<'a>(languages: impl Iterator<Item = &'a String>) -> Counters {
        Counters {
            rows: AtomicU64::new(0),
            suppressed: AtomicU64::new(0),
            not_in_segment: AtomicU64::new(0),
            already_sent: AtomicU64::new(0),
            written: AtomicU64::new(0),
            fallbacks: AtomicU64::new(0),
            by_language: languages.map(|l| (l.clone(), AtomicU64::new(0))).collect(),
        }
    }

    pub(super) fn count(&self, lang: &str, fallback: bool) {
        if let Some(n) = self.by_language.get(lang) {
            n.fetch_add(1, Ordering::Relaxed);
        }
        if fallback {
            self.fallbacks.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub(super) fn into_report(self, report: &mut Report) {
        report.rows = self.rows.into_inner();
        report.suppressed = self.suppressed.into_inner();
        report.not_in_segment = self.not_in_segment.into_inner();
        report.already_sent = self.already_sent.into_inner();
        report.written = self.written.into_inner();
        report.fallbacks = self.fallbacks.into_inner();
        report.by_language = self
            .by_language
            .into_iter()
            .map(|(l, n)| (l, n.into_inner()))
            .filter(|(_, n)| *n > 0)
            .collect();
    }
}
