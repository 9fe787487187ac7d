//! Recording "I sent my appeal" for the server: each action once, durably, and fast.
//!
//! - **Once.** The ledger's (case, fingerprint) pairs are read when the server starts and kept
//!   as keyed 64-bit hashes (about 30 bytes each in memory: 30 MB for a million actions); a
//!   repeat of a recorded action writes nothing, and a repeat of one being written waits for
//!   that write and answers with it.
//! - **Durably.** A request is answered only once its record is on disk (fdatasync through
//!   [`actions::append`]): a `kill -9` or a power cut after the answer loses nothing.
//! - **Fast.** Group commit: requests that arrive while a write is under way are written
//!   together by the next one, with one fdatasync for all of them. Under load the disk's sync
//!   rate no longer bounds the request rate.

use crate::deliver::actions::{self, Record};
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, OnceLock};

/// What recording an action did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// The record is on disk now.
    New,
    /// The ledger already had it (a second click, a reload): nothing changed.
    Already,
}

/// One group of records written and synced together; its outcome once done.
type Batch = Arc<OnceLock<std::result::Result<(), String>>>;

struct Inner {
    /// Every (case, fingerprint) known: `None` when on disk, else the batch writing it.
    known: HashMap<u64, Option<Batch>>,
    /// Records waiting for the next write, with their keys.
    pending: Vec<(u64, Record)>,
    /// The batch the pending records will be written in.
    current: Batch,
    /// Whether a write is under way.
    writing: bool,
}

/// Appends actions to one ledger, each once.
pub struct Recorder {
    ledger: PathBuf,
    hasher: RandomState,
    inner: Mutex<Inner>,
    done: Condvar,
}

impl Recorder {
    /// Reads the ledger at `path` (none yet: empty) to know what is recorded already.
    pub fn open(path: &Path) -> Result<Recorder> {
        let hasher = RandomState::new();
        let mut known = HashMap::new();
        actions::read(path, |a| {
            known.insert(hasher.hash_one((a.case, a.fingerprint)), None);
        })?;
        Ok(Recorder {
            ledger: path.to_path_buf(),
            hasher,
            inner: Mutex::new(Inner {
                known,
                pending: Vec::new(),
                current: Batch::default(),
                writing: false,
            }),
            done: Condvar::new(),
        })
    }

    /// The ledger written to.
    pub fn ledger(&self) -> &Path {
        &self.ledger
    }

    /// Actions recorded (or being recorded).
    pub fn len(&self) -> usize {
        self.inner.lock().map_or(0, |g| g.known.len())
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Records `record` unless its case and supporter are recorded already; returns once it is
    /// on disk. Blocks: call it off the threads that serve connections.
    pub fn record(&self, record: Record) -> Result<Recorded> {
        let key = self.hasher.hash_one(record.key());
        let poisoned = || Error::Config("the actions recorder failed earlier".into());
        let mut g = self.inner.lock().map_err(|_| poisoned())?;
        let (batch, mine) = match g.known.get(&key) {
            Some(None) => return Ok(Recorded::Already),
            Some(Some(batch)) => (batch.clone(), false),
            None => {
                let batch = g.current.clone();
                g.known.insert(key, Some(batch.clone()));
                g.pending.push((key, record));
                (batch, true)
            }
        };
        loop {
            if let Some(result) = batch.get() {
                return match result {
                    Ok(()) if mine => Ok(Recorded::New),
                    Ok(()) => Ok(Recorded::Already),
                    Err(e) => Err(Error::io(&self.ledger, std::io::Error::other(e.clone()))),
                };
            }
            if g.writing {
                g = self.done.wait(g).map_err(|_| poisoned())?;
                continue;
            }
            // Nobody is writing: this request writes everything pending, its own included. The
            // answers to the last group go out together, so their next requests come together:
            // letting them in first (one yield) makes one group of them, not one of one and
            // one of the rest.
            g.writing = true;
            drop(g);
            std::thread::yield_now();
            g = self.inner.lock().map_err(|_| poisoned())?;
            let pending = std::mem::take(&mut g.pending);
            let this = std::mem::take(&mut g.current);
            drop(g);
            let records: Vec<Record> = pending.iter().map(|(_, r)| r.clone()).collect();
            let result = actions::append(&self.ledger, &records).map_err(|e| e.to_string());
            g = self.inner.lock().map_err(|_| poisoned())?;
            for (key, _) in &pending {
                if result.is_ok() {
                    g.known.insert(*key, None);
                } else {
                    // Not written: a later request may try again.
                    g.known.remove(key);
                }
            }
            let _ = this.set(result);
            g.writing = false;
            self.done.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deliver::actions::Fingerprint;

    fn record(case: &str, n: u8) -> Record {
        Record::new(
            chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
            case,
            "",
            Fingerprint([n; 16]),
            "acted link",
        )
    }

    #[test]
    fn each_action_is_written_once_whatever_the_concurrency() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("actions.tsv");
        actions::append(&path, &[record("ua-1", 0)]).unwrap();
        let recorder = Recorder::open(&path).unwrap();
        assert_eq!(
            recorder.record(record("ua-1", 0)).unwrap(),
            Recorded::Already
        );
        let new = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for n in 1..=20u8 {
                        for case in ["ua-1", "ua-2"] {
                            if recorder.record(record(case, n)).unwrap() == Recorded::New {
                                new.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            }
                        }
                    }
                });
            }
        });
        assert_eq!(new.into_inner(), 40, "each new action answered `New` once");
        let mut lines = 0;
        actions::read(&path, |_| lines += 1).unwrap();
        assert_eq!(lines, 41, "one line per action, none twice");
        assert_eq!(recorder.len(), 41);
    }

    #[test]
    fn a_failed_write_is_an_error_and_may_be_tried_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("actions.tsv");
        let recorder = Recorder::open(&path).unwrap();
        // A folder where the ledger should be: the append fails.
        std::fs::create_dir(&path).unwrap();
        assert!(recorder.record(record("ua-1", 1)).is_err());
        std::fs::remove_dir(&path).unwrap();
        assert_eq!(recorder.record(record("ua-1", 1)).unwrap(), Recorded::New);
    }
}
