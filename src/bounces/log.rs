//! The processed log: one line per returned message that `appeal bounces` acted on, so that a
//! message is never processed twice (rereading an mbox, a Maildir or an IMAP folder changes
//! nothing), and the record soft bounces are counted from.
//!
//! Format (version 1, `.appeal/bounces.tsv` under the root unless `--log FILE`): the first line
//! is [`HEADER`]; then `time <TAB> key <TAB> outcome <TAB> address <TAB> status <TAB> note`:
//! - `time`: when the bounce was made (its Date header), else when it was read; RFC 3339 UTC;
//! - `key`: the message's Message-ID, or `sha256:…` of its bytes when it has none;
//! - `outcome`: `hard`, `soft`, `policy`, `complaint`, `unsubscribed`, `notice`;
//! - `address`: whom it concerns, in normal form (empty for a notice);
//! - `status`: the enhanced status code, or the feedback type;
//! - `note`: free text (the remote server's reply).
//!
//! Lines are appended and synced (fdatasync) before the mailbox is marked: after a crash
//! between the two, the next run finds the key here, skips the work and only marks.

use crate::error::{Error, Result};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// The first line of a version-1 log.
pub const HEADER: &str = "# appeal bounces v1";

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
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        let time = chrono::DateTime::from_timestamp(self.time, 0)
            .unwrap_or_default()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        format!(
            "{time}\t{}\t{}\t{}\t{}\t{}\n",
            clean(&self.key),
            clean(&self.outcome),
            clean(&self.address),
            clean(&self.status),
            clean(&self.note)
        )
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
    /// Reads the log at `path` (none yet: empty). A line cut short by a crash is ignored.
    pub fn load(path: &Path) -> Result<Log> {
        let mut log = Log {
            path: path.to_path_buf(),
            ..Log::default()
        };
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(log),
            Err(e) => return Err(Error::io(path, e)),
        };
        let mut reader = std::io::BufReader::new(file);
        let mut buf = Vec::new();
        let mut line_no = 0;
        loop {
            buf.clear();
            if reader
                .read_until(b'\n', &mut buf)
                .map_err(|e| Error::io(path, e))?
                == 0
            {
                break;
            }
            line_no += 1;
            let Some(line) = buf.strip_suffix(b"\n") else {
                break;
            };
            let text = String::from_utf8_lossy(line);
            if line_no == 1 && text.starts_with('#') {
                if text.trim_end() != HEADER {
                    return Err(Error::from(crate::error::Problem::error(
                        path,
                        (1, 1),
                        format!(
                            "`{}` is a log version this appeal does not know",
                            text.trim()
                        ),
                    )));
                }
                continue;
            }
            let f: Vec<&str> = text.split('\t').collect();
            if f.len() != 6 {
                return Err(Error::from(crate::error::Problem::error(
                    path,
                    (line_no, 1),
                    format!(
                        "a line has 6 tab-separated fields (time, key, outcome, address, status, \
                         note); this one has {}: repair or remove it",
                        f.len()
                    ),
                )));
            }
            let time = chrono::DateTime::parse_from_rfc3339(f[0])
                .map(|t| t.timestamp())
                .unwrap_or(0);
            log.note(&Entry {
                time,
                key: f[1].into(),
                outcome: f[2].into(),
                address: f[3].into(),
                status: f[4].into(),
                note: f[5].into(),
            });
        }
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

    /// Appends `entries` and syncs them to disk.
    pub fn append(&self, entries: &[Entry]) -> Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let path = &self.path;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        let io = |e| Error::io(path, e);
        let len = file.metadata().map_err(io)?.len();
        let mut out = String::new();
        if len == 0 {
            out.push_str(HEADER);
            out.push('\n');
        } else {
            // A line torn by a crash was never acted on: start a fresh line after it.
            use std::io::{Read, Seek, SeekFrom};
            let mut last = [0u8; 1];
            let mut reader = &file;
            reader.seek(SeekFrom::Start(len - 1)).map_err(io)?;
            reader.read_exact(&mut last).map_err(io)?;
            if last[0] != b'\n' {
                out.push('\n');
            }
        }
        for e in entries {
            out.push_str(&e.line());
        }
        file.write_all(out.as_bytes()).map_err(io)?;
        file.sync_data().map_err(io)?;
        Ok(())
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
