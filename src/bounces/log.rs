//! The processed log: one line per returned message that `appeal bounces` acted on, so that a
//! message is never processed twice (rereading an mbox, a Maildir or an IMAP folder changes
//! nothing), and the record soft bounces are counted from.
//!
//! Format (version 1, `.appeal/bounces.tsv` under the root unless `--log FILE`): the header
//! [`HEADER`] (after any blank lines and `#` comments, see [`crate::deliver::record_file`]);
//! then `time <TAB> key <TAB> outcome <TAB> address <TAB> status <TAB> note`:
//! - `time`: when the bounce was made (its Date header), else when it was read; RFC 3339;
//! - `key`: the message's Message-ID, or `sha256:…` of its bytes when it has none;
//! - `outcome`: exactly one of [`OUTCOMES`];
//! - `address`: whom it concerns, in normal form (empty for a notice);
//! - `status`: the enhanced status code, or the feedback type;
//! - `note`: free text (the remote server's reply).
//!
//! This module is the only code that parses the log; a line that is not an entry stops the run
//! at its `path:line:col` (skipping it would count soft bounces wrong, or process a message
//! twice). Lines are appended and synced (fdatasync) before the mailbox is marked: after a crash
//! between the two, the next run finds the key here, skips the work and only marks.

use crate::deliver::record_file::{self, Bad, Format, Item};
use crate::error::Result;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The first line of a version-1 log.
pub const HEADER: &str = "# appeal bounces v1";

/// The log as a record file.
pub const FORMAT: Format = Format {
    what: "bounce log",
    family: "# appeal bounces",
    header: HEADER,
    headerless_records: false,
    hint: "repair the line or delete it (its message is then read again)",
};

/// What `appeal bounces` did with a message, as the log says.
pub const OUTCOMES: [&str; 6] = [
    "hard",
    "soft",
    "policy",
    "complaint",
    "unsubscribed",
    "notice",
];

/// The log under a project root.
pub fn default_path(root: &Path) -> PathBuf {
    root.join(".appeal").join("bounces.tsv")
}

/// One line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Unix seconds.
    pub time: i64,
    /// Message-ID or hash.
    pub key: String,
    /// What was done.
    pub outcome: String,
    /// The address in normal form, or empty.
    pub address: String,
    /// Status code or feedback type.
    pub status: String,
    /// Free text.
    pub note: String,
}

impl Entry {
    fn line(&self) -> String {
        let clean = record_file::free_text;
        let time = chrono::DateTime::from_timestamp(self.time, 0)
            .unwrap_or_default()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        format!(
            "{time}\t{}\t{}\t{}\t{}\t{}\n",
            clean(&self.key).trim(),
            clean(&self.outcome),
            clean(&self.address).trim(),
            clean(&self.status),
            clean(&self.note)
        )
    }

    /// Parses one entry (without its line ending).
    fn parse(text: &str) -> std::result::Result<Entry, Bad> {
        let cols = record_file::columns(text);
        if cols.len() != 6 {
            return Err(Bad::at(
                cols.get(6).map_or(1, |c| c.0),
                format!(
                    "a line has 6 tab-separated columns (time, key, outcome, address, status, \
                     note); this one has {}",
                    cols.len()
                ),
            ));
        }
        let [time, key, outcome, address, status, note] = [0, 1, 2, 3, 4, 5].map(|i| cols[i]);
        let when = record_file::time(time.0, time.1)?;
        record_file::word(key.0, key.1, "key", true)?;
        if !OUTCOMES.contains(&outcome.1) {
            return Err(Bad::at(
                outcome.0,
                format!(
                    "outcome `{}`: write one of {}, exactly so",
                    outcome.1.escape_debug(),
                    OUTCOMES.join(", ")
                ),
            ));
        }
        if !address.1.is_empty() {
            record_file::word(address.0, address.1, "address", true)?;
        }
        Ok(Entry {
            time: when.timestamp(),
            key: key.1.into(),
            outcome: outcome.1.into(),
            address: address.1.into(),
            status: status.1.into(),
            note: note.1.into(),
        })
    }
}

/// What the log holds, in memory.
#[derive(Debug, Default)]
pub struct Log {
    path: PathBuf,
    keys: HashSet<String>,
    /// Soft bounces: address → times.
    soft: HashMap<String, Vec<i64>>,
    /// Complaints: times.
    complaints: Vec<i64>,
}

impl Log {
    /// Reads the log at `path` (none yet: empty). A torn last line is not read.
    pub fn load(path: &Path) -> Result<Log> {
        let mut log = Log {
            path: path.to_path_buf(),
            ..Log::default()
        };
        let Some(file) = record_file::open(path, &FORMAT)? else {
            return Ok(log);
        };
        record_file::scan(path, file, &FORMAT, |item| {
            if let Item::Record { text, .. } = item {
                log.note(&Entry::parse(text)?);
            }
            Ok(())
        })?;
        Ok(log)
    }

    fn note(&mut self, e: &Entry) {
        self.keys.insert(e.key.clone());
        match e.outcome.as_str() {
            "soft" => self.soft.entry(e.address.clone()).or_default().push(e.time),
            "complaint" => self.complaints.push(e.time),
            _ => {}
        }
    }

    /// Whether a message with this key was processed.
    pub fn contains(&self, key: &str) -> bool {
        self.keys.contains(key)
    }

    /// Soft bounces of `address` at or after `since` (Unix seconds), in the log and this run.
    pub fn soft_since(&self, address: &str, since: i64) -> usize {
        self.soft
            .get(address)
            .map_or(0, |t| t.iter().filter(|&&t| t >= since).count())
    }

    /// Complaints at or after `since`.
    pub fn complaints_since(&self, since: i64) -> usize {
        self.complaints.iter().filter(|&&t| t >= since).count()
    }

    /// Counts `e` in memory (before it is written), so later messages of the same run see it.
    pub fn add(&mut self, e: &Entry) {
        self.note(e);
    }

    /// Appends `entries` and syncs them to disk (see [`record_file::append`]).
    pub fn append(&self, entries: &[Entry]) -> Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let lines: String = entries.iter().map(Entry::line).collect();
        record_file::append(&self.path, &FORMAT, &|l| Entry::parse(l).is_ok(), &lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_soft_bounces_are_counted_by_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.tsv");
        let log = Log::load(&path).unwrap();
        let e = |t: i64, key: &str, outcome: &str| Entry {
            time: t,
            key: key.into(),
            outcome: outcome.into(),
            address: "a@example.net".into(),
            status: "4.2.2".into(),
            note: "mailbox\tfull".into(),
        };
        log.append(&[e(100, "<1@x>", "soft"), e(200, "<2@x>", "soft")])
            .unwrap();
        log.append(&[e(300, "<3@x>", "complaint")]).unwrap();
        let log = Log::load(&path).unwrap();
        assert!(log.contains("<1@x>") && log.contains("<3@x>"));
        assert!(!log.contains("<4@x>"));
        assert_eq!(log.soft_since("a@example.net", 150), 1);
        assert_eq!(log.soft_since("a@example.net", 0), 2);
        assert_eq!(log.complaints_since(0), 1);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# appeal bounces v1\n1970-01-01T00:01:40Z\t<1@x>\tsoft\t"));
        assert!(text.contains("mailbox full"));
    }
}
