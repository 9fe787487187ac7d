//! The delivery journal: an append-only file with one line per message a server accepted,
//! keyed by case, message kind and recipient address. A message is in the journal only after
//! the line is on disk (fdatasync), and the sender waits for that before taking its next
//! message. Concurrent senders share one fsync (group commit), so durability costs one disk
//! flush per batch, not per message.
//!
//! Crash bound: after a crash or `kill -9`, a message can be sent again only if the server
//! accepted it and its line was not yet on disk. Each sending worker holds at most one such
//! message, so at most `concurrency` messages repeat. The journal never holds passwords.

use crate::error::{Error, Result};
use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, RwLock};

/// What identifies one delivery: never send the same key twice.
pub fn key(case: &str, kind: &str, address: &str) -> String {
    format!("{case}\t{kind}\t{}", address.trim().to_lowercase())
}

/// A 64-bit fingerprint of a key: keeps memory at 8 bytes per journaled message.
fn fingerprint(key: &str) -> u64 {
    // FNV-1a: stable across runs and Rust versions, unlike the std hasher.
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    key.hash(&mut h);
    h.finish()
}

struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Splits a key into (case, kind, address) when it records a delivery to an authority.
fn authority_line(key: &str) -> Option<(String, String, String)> {
    let mut parts = key.splitn(3, '\t');
    let (case, kind, address) = (parts.next()?, parts.next()?, parts.next()?);
    (kind.starts_with("email:") || kind.starts_with("fax:"))
        .then(|| (case.to_string(), kind.to_string(), address.to_string()))
}

struct Pending {
    lines: Vec<String>,
    next_seq: u64,
    committed_seq: u64,
    flushing: bool,
    failed: Option<String>,
}

/// An open journal.
pub struct Journal {
    path: PathBuf,
    seen: RwLock<HashSet<u64>>,
    /// Deliveries to authorities (kinds `email:…`, `fax:…`), kept whole: they are few, and
    /// `send` asks whether a role got a case's appeal in any language, at any address.
    authorities: RwLock<Vec<(String, String, String)>>,
    /// `None` for a read-only journal (dry runs write nothing).
    file: Mutex<Option<File>>,
    pending: Mutex<Pending>,
    committed: Condvar,
}

impl Journal {
    /// Reads the journal at `path` (if any) without ever writing: for dry runs.
    pub fn read_only(path: &Path) -> Result<Journal> {
        let (seen, authorities) = Self::read_keys(path)?;
        Ok(Journal::with(path, seen, authorities, None))
    }

    /// Opens (creating if needed) the journal at `path` and reads what it holds.
    pub fn open(path: &Path) -> Result<Journal> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let (seen, authorities) = Self::read_keys(path)?;
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        // After a torn write, start on a fresh line so the next record stays whole.
        let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
        if len > 0 && std::fs::read(path).map_err(|e| Error::io(path, e))?.last() != Some(&b'\n') {
            file.write_all(b"\n").map_err(|e| Error::io(path, e))?;
        }
        Ok(Journal::with(path, seen, authorities, Some(file)))
    }

    fn with(
        path: &Path,
        seen: HashSet<u64>,
        authorities: Vec<(String, String, String)>,
        file: Option<File>,
    ) -> Journal {
        Journal {
            path: path.to_path_buf(),
            seen: RwLock::new(seen),
            authorities: RwLock::new(authorities),
            file: Mutex::new(file),
            pending: Mutex::new(Pending {
                lines: vec![],
                next_seq: 0,
                committed_seq: 0,
                flushing: false,
                failed: None,
            }),
            committed: Condvar::new(),
        }
    }

    #[allow(clippy::type_complexity)]
    fn read_keys(path: &Path) -> Result<(HashSet<u64>, Vec<(String, String, String)>)> {
        let mut seen = HashSet::new();
        let mut authorities = Vec::new();
        if path.exists() {
            let file = File::open(path).map_err(|e| Error::io(path, e))?;
            for line in BufReader::new(file).lines() {
                let line = line.map_err(|e| Error::io(path, e))?;
                // A torn last line (crash mid-write) has no tab-separated key: skip it.
                if let Some((key, _)) = line.rsplit_once('\t')
                    && key.matches('\t').count() == 2
                {
                    seen.insert(fingerprint(key));
                    if let Some(a) = authority_line(key) {
                        authorities.push(a);
                    }
                }
            }
        }
        Ok((seen, authorities))
    }

    /// The address at which `role` got `case`'s appeal by `channel` (`email` or `fax`), in
    /// any language: `Some("")` for a line of the older format (`email:<lang>:<role>`, no
    /// address), `None` when it never did.
    pub fn authority_received(&self, case: &str, channel: &str, role: &str) -> Option<String> {
        let list = self.authorities.read().ok()?;
        list.iter()
            .rev()
            .find(|(c, kind, _)| {
                c == case
                    && kind.split_once(':').is_some_and(|(ch, rest)| {
                        ch == channel
                            && (rest == role
                                || rest.split_once(':').is_some_and(|(_, r)| r == role))
                    })
            })
            .map(|(_, _, address)| address.clone())
    }

    /// Whether a delivery with this key is already recorded.
    pub fn contains(&self, key: &str) -> bool {
        self.seen
            .read()
            .is_ok_and(|s| s.contains(&fingerprint(key)))
    }

    /// How many deliveries are recorded.
    pub fn len(&self) -> usize {
        self.seen.read().map_or(0, |s| s.len())
    }

    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Records an accepted delivery and returns once it is on disk.
    pub fn record(&self, key: &str, message_id: &str) -> Result<()> {
        let line = format!("{key}\t{}\n", message_id.replace(['\t', '\n', '\r'], " "));
        let mut state = self.pending.lock().map_err(|_| self.poisoned())?;
        state.next_seq += 1;
        let my_seq = state.next_seq;
        state.lines.push(line);
        loop {
            if let Some(e) = &state.failed {
                return Err(Error::io(&self.path, std::io::Error::other(e.clone())));
            }
            if state.committed_seq >= my_seq {
                break;
            }
            if !state.flushing {
                // Become the flusher for everything pending now.
                state.flushing = true;
                let batch = std::mem::take(&mut state.lines);
                let upto = state.next_seq;
                drop(state);
                let result = self.write_batch(&batch);
                state = self.pending.lock().map_err(|_| self.poisoned())?;
                state.flushing = false;
                match result {
                    Ok(()) => state.committed_seq = upto,
                    Err(e) => state.failed = Some(e.to_string()),
                }
                self.committed.notify_all();
            } else {
                state = self.committed.wait(state).map_err(|_| self.poisoned())?;
            }
        }
        drop(state);
        if let Ok(mut seen) = self.seen.write() {
            seen.insert(fingerprint(key));
        }
        if let Some(a) = authority_line(key)
            && let Ok(mut list) = self.authorities.write()
        {
            list.push(a);
        }
        Ok(())
    }

    fn write_batch(&self, lines: &[String]) -> std::io::Result<()> {
        let mut guard = self
            .file
            .lock()
            .map_err(|_| std::io::Error::other("journal lock poisoned"))?;
        let file = guard
            .as_mut()
            .ok_or_else(|| std::io::Error::other("the journal is read-only in a dry run"))?;
        let mut buf = String::with_capacity(lines.iter().map(String::len).sum());
        for l in lines {
            buf.push_str(l);
        }
        file.write_all(buf.as_bytes())?;
        file.sync_data()
    }

    fn poisoned(&self) -> Error {
        Error::io(&self.path, std::io::Error::other("journal lock poisoned"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_survive_reopening_and_torn_lines_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.tsv");
        let j = Journal::open(&path).unwrap();
        let k = key("ua-1", "alert", "A@Example.org");
        assert!(!j.contains(&k));
        j.record(&k, "<id@x>").unwrap();
        assert!(j.contains(&key("ua-1", "alert", "a@example.org")));
        drop(j);
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"ua-1\talert\tb@ex")
            .unwrap();
        let j = Journal::open(&path).unwrap();
        assert_eq!(j.len(), 1);
    }

    #[test]
    fn an_authority_counts_as_served_in_any_language_and_old_lines_count() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.tsv");
        std::fs::write(&path, "ua-1\temail:en:kz/ombudsman\t\t<old@x>\n").unwrap();
        let j = Journal::open(&path).unwrap();
        assert_eq!(
            j.authority_received("ua-1", "email", "kz/ombudsman")
                .as_deref(),
            Some("")
        );
        assert_eq!(j.authority_received("ua-1", "fax", "kz/ombudsman"), None);
        assert_eq!(j.authority_received("ua-2", "email", "kz/ombudsman"), None);
        j.record(&key("ua-1", "fax:kz/pg", "7717@fax.example"), "<f@x>")
            .unwrap();
        drop(j);
        let j = Journal::read_only(&path).unwrap();
        assert_eq!(
            j.authority_received("ua-1", "fax", "kz/pg").as_deref(),
            Some("7717@fax.example")
        );
    }

    #[test]
    fn concurrent_records_all_land() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.tsv");
        let j = Journal::open(&path).unwrap();
        std::thread::scope(|s| {
            for t in 0..8 {
                let j = &j;
                s.spawn(move || {
                    for i in 0..50 {
                        j.record(&key("c", "alert", &format!("{t}-{i}@x.org")), "id")
                            .unwrap();
                    }
                });
            }
        });
        let lines = std::fs::read_to_string(&path).unwrap().lines().count();
        assert_eq!(lines, 400);
    }
}
