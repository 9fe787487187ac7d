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
    /// `None` for a read-only journal (dry runs write nothing).
    file: Mutex<Option<File>>,
    pending: Mutex<Pending>,
    committed: Condvar,
}

impl Journal {
    /// Reads the journal at `path` (if any) without ever writing: for dry runs.
    pub fn read_only(path: &Path) -> Result<Journal> {
        Ok(Journal::with(path, Self::read_keys(path)?, None))
    }

    /// Opens (creating if needed) the journal at `path` and reads what it holds.
    pub fn open(path: &Path) -> Result<Journal> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let seen = Self::read_keys(path)?;
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
        Ok(Journal::with(path, seen, Some(file)))
    }

    fn with(path: &Path, seen: HashSet<u64>, file: Option<File>) -> Journal {
        Journal {
            path: path.to_path_buf(),
            seen: RwLock::new(seen),
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

    fn read_keys(path: &Path) -> Result<HashSet<u64>> {
        let mut seen = HashSet::new();
        if path.exists() {
            let file = File::open(path).map_err(|e| Error::io(path, e))?;
            for line in BufReader::new(file).lines() {
                let line = line.map_err(|e| Error::io(path, e))?;
                // A torn last line (crash mid-write) has no tab-separated key: skip it.
                if let Some((key, _)) = line.rsplit_once('\t')
                    && key.matches('\t').count() == 2
                {
                    seen.insert(fingerprint(key));
                }
            }
        }
        Ok(seen)
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
