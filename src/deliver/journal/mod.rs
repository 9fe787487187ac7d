//! The delivery journal: an append-only file with one line per message a server accepted (or
//! may have accepted), keyed by case, message kind and recipient address. A message is in the
//! journal only after the line is on disk (fdatasync), and the sender waits for that before
//! taking its next message. Concurrent senders share one fsync (group commit), so durability
//! costs one disk flush per batch, not per message.
//!
//! The format, and the one reader of it, are in [`format`]. Authority messages written by older
//! versions have an empty address and a kind `email:<lang>:<role>` or `fax:<lang>:<role>`; they
//! still count (see [`Journal::authority_received`]). A journal of version 1 (no header, no
//! status column) is migrated in place, atomically, by the first sending run that opens it: the
//! new file is written beside the real one (a symbolic link is followed, never replaced) and
//! renamed over it.
//!
//! Crash bound: after a crash or `kill -9`, a message can be sent again only if the server
//! accepted it and its line was not yet on disk. Each sending worker holds at most one such
//! message, so at most `concurrency` messages repeat. A last line cut short by a crash (even
//! inside a UTF-8 character) is not read, and is cut off when the journal is next opened for
//! writing; a complete last line without its newline is read, and gets its newline then. The
//! journal never holds passwords.

pub mod format;

pub use format::{Delivery, FORMAT, HEADER, Status, read};

use super::canonical::canonical;
use super::record_file::{self, Repair, Scan};
use crate::error::{Error, Result};
use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, RandomState};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, RwLock};

/// What identifies one delivery: never send the same key twice. The address is compared in
/// normal form (case-insensitive, IDN domains in punycode).
pub fn key(case: &str, kind: &str, address: &str) -> String {
    format!("{case}\t{kind}\t{}", crate::address::normalize(address))
}

/// Group commit: lines are numbered as they are written; one caller at a time makes everything
/// written so far durable, and the others wait for it.
struct Pending {
    /// Lines written to the file (in the page cache: they survive a crash of this process).
    written_seq: u64,
    /// Lines known to be on disk (they survive a power failure too).
    synced_seq: u64,
    syncing: bool,
    failed: Option<String>,
}

/// A line written to the journal, to be made durable with [`Journal::sync_to`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Written(u64);

/// What reading a journal found; kept in memory as 64-bit fingerprints (8 bytes a message).
struct Index {
    /// Fingerprints of every key, accepted or unknown.
    seen: HashSet<u64>,
    /// Fingerprints of the keys whose outcome is unknown (few).
    unknown: HashSet<u64>,
    /// Authority deliveries: (case, channel, role) → address ("" for old lines).
    authorities: HashMap<(String, String, String), String>,
}

/// An open journal.
pub struct Journal {
    /// The journal as the user named it (for messages).
    path: PathBuf,
    /// A per-process random key for the fingerprints: SipHash keyed so that no crafted
    /// address can collide with another supporter's key and make it look already sent.
    hasher: RandomState,
    index: RwLock<Index>,
    /// `None` for a read-only journal (dry runs write nothing).
    file: Mutex<Option<File>>,
    /// A second handle on the same file for fdatasync, so that a sync in progress never
    /// holds up writers.
    sync_handle: Option<File>,
    pending: Mutex<Pending>,
    committed: Condvar,
}

/// The channel and role of an authority delivery's kind: `email:<lang>:<role>` → ("email",
/// role); `fax:<role>` → ("fax", role); `email:again-3:<role>` → ("email", role). `None` for
/// a supporter's message (`alert`, `reminder:…`).
pub fn authority_kind(kind: &str) -> Option<(&str, &str)> {
    let (channel, rest) = kind.split_once(':')?;
    if channel != "email" && channel != "fax" {
        return None;
    }
    let role = rest.rsplit(':').next().filter(|r| !r.is_empty())?;
    Some((channel, role))
}

impl Journal {
    /// Reads the journal at `path` (if any) without ever writing: for dry runs.
    pub fn read_only(path: &Path) -> Result<Journal> {
        let mut journal = Journal::with(path, None);
        if let Some(file) = record_file::open(path, &FORMAT)? {
            journal.scan(file)?;
        }
        Ok(journal)
    }

    /// Opens (creating if needed) the journal at `path` and reads what it holds, once. A
    /// version-1 journal is migrated to version 2 first (written beside it, then renamed over
    /// it, so a crash leaves one or the other whole); a torn last line is cut off, a complete
    /// one without its newline gets it. Writes go to the file itself, through any symbolic
    /// link to it.
    ///
    /// Call it only under the run lock ([`super::lock::RunLock`]): it may rewrite the file.
    pub fn open(path: &Path) -> Result<Journal> {
        let real = canonical(path)?;
        let dir = real.parent().unwrap_or(Path::new("/")).to_path_buf();
        let mut journal = Journal::with(path, None);
        let repair = match record_file::open(&real, &FORMAT)? {
            None => Repair {
                header: true,
                ..Repair::default()
            },
            Some(file) => {
                let scan = journal.scan(file)?;
                if scan.records > 0 && !scan.headed {
                    journal.migrate(&real, &dir)?;
                    Repair::default()
                } else {
                    scan.repair()
                }
            }
        };
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&real)
            .map_err(|e| Error::io(path, e))?;
        let io = |e| Error::io(path, e);
        let prefix = repair.apply(&file, &FORMAT).map_err(io)?;
        if repair != Repair::default() {
            file.write_all(prefix.as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(io)?;
        }
        if repair.header {
            // A new journal: make its directory entry durable too.
            sync_dir(&dir)?;
        }
        journal.sync_handle = Some(file.try_clone().map_err(io)?);
        journal.file = Mutex::new(Some(file));
        Ok(journal)
    }

    fn with(path: &Path, file: Option<File>) -> Journal {
        Journal {
            path: path.to_path_buf(),
            hasher: RandomState::new(),
            index: RwLock::new(Index {
                seen: HashSet::new(),
                unknown: HashSet::new(),
                authorities: HashMap::new(),
            }),
            file: Mutex::new(file),
            sync_handle: None,
            pending: Mutex::new(Pending {
                written_seq: 0,
                synced_seq: 0,
                syncing: false,
                failed: None,
            }),
            committed: Condvar::new(),
        }
    }

    /// Reads every record of `file` into the index, in one pass with constant memory besides
    /// the index.
    fn scan(&mut self, file: File) -> Result<Scan> {
        let poisoned = self.poisoned();
        // Sized once from the file (a line is at least ~48 bytes): growing the set by
        // doubling would briefly hold the old and the new table, half as much again.
        let size = file.metadata().map_or(0, |m| m.len());
        let hasher = &self.hasher;
        let index = self.index.get_mut().map_err(|_| poisoned)?;
        index
            .seen
            .reserve(usize::try_from(size / 48).unwrap_or(0).min(1 << 26));
        format::scan(&self.path, file, |record| {
            let fp = hasher.hash_one(record.key());
            index.seen.insert(fp);
            if record.status == Status::Unknown {
                index.unknown.insert(fp);
            }
            if let Some((channel, role)) = authority_kind(record.kind) {
                index.authorities.insert(
                    (record.case.into(), channel.into(), role.into()),
                    record.address.clone(),
                );
            }
        })
    }

    /// Rewrites the version-1 journal at `real` as version 2: written beside it and synced,
    /// then renamed over it, so a crash leaves one or the other whole. On failure the old
    /// journal stays and the partial new one is removed.
    fn migrate(&self, real: &Path, dir: &Path) -> Result<()> {
        let tmp = tmp_path(real);
        let write = || -> Result<()> {
            let file = record_file::open(real, &FORMAT)?
                .ok_or_else(|| Error::io(real, std::io::ErrorKind::NotFound.into()))?;
            let out = File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
            let mut out = BufWriter::new(out);
            format::migrate(&self.path, file, &tmp, &mut out)?;
            let out = out
                .into_inner()
                .map_err(|e| Error::io(&tmp, e.into_error()))?;
            out.sync_all().map_err(|e| Error::io(&tmp, e))
        };
        if let Err(e) = write() {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        std::fs::rename(&tmp, real).map_err(|e| Error::io(real, e))?;
        sync_dir(dir)
    }

    /// Whether a delivery with this key is already recorded (accepted or unknown).
    pub fn contains(&self, key: &str) -> bool {
        self.status(key).is_some()
    }

    /// What is recorded for this key, if anything.
    pub fn status(&self, key: &str) -> Option<Status> {
        let fp = self.hasher.hash_one(key);
        let index = self.index.read().ok()?;
        if index.unknown.contains(&fp) {
            Some(Status::Unknown)
        } else if index.seen.contains(&fp) {
            Some(Status::Accepted)
        } else {
            None
        }
    }

    /// Whether the authority with this `role` already received the case's appeal on
    /// `channel` (`"email"` or `"fax"`), in any language: the address it went to, or `""`
    /// for a line written by an older version, which did not record it.
    pub fn authority_received(&self, case: &str, channel: &str, role: &str) -> Option<String> {
        self.index
            .read()
            .ok()?
            .authorities
            .get(&(case.to_string(), channel.to_string(), role.to_string()))
            .cloned()
    }

    /// How many deliveries are recorded.
    pub fn len(&self) -> usize {
        self.index.read().map_or(0, |s| s.seen.len())
    }

    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Records an accepted delivery and returns once it is on disk.
    pub fn record(&self, key: &str, message_id: &str) -> Result<()> {
        self.record_as(key, message_id, Status::Accepted)
    }

    /// Records a delivery with its status and returns once it is on disk.
    pub fn record_as(&self, key: &str, message_id: &str, status: Status) -> Result<()> {
        let written = self.write(key, message_id, status)?;
        self.sync_to(written)
    }

    /// Writes a delivery's line at once, so that it survives a crash of this process, and
    /// returns before it is on disk. A sender calls [`Journal::sync_to`] with it before its
    /// next message goes out: the fdatasync then overlaps the next message's rendering, and
    /// one sync covers the lines of every connection (fewer syncs, the same crash bound).
    pub fn write(&self, key: &str, message_id: &str, status: Status) -> Result<Written> {
        let line = format!(
            "{key}\t{}\t{}\n",
            status.as_str(),
            record_file::free_text(message_id)
        );
        let written = {
            // The file lock orders the lines; a line's number is its place among them.
            let mut guard = self.file.lock().map_err(|_| self.poisoned())?;
            let file = guard.as_mut().ok_or_else(|| {
                Error::io(
                    &self.path,
                    std::io::Error::other("the journal is read-only in a dry run"),
                )
            })?;
            if let Err(e) = file.write_all(line.as_bytes()) {
                if let Ok(mut state) = self.pending.lock() {
                    state.failed.get_or_insert_with(|| e.to_string());
                }
                return Err(Error::io(&self.path, e));
            }
            let mut state = self.pending.lock().map_err(|_| self.poisoned())?;
            state.written_seq += 1;
            Written(state.written_seq)
        };
        let fp = self.hasher.hash_one(key);
        if let Ok(mut index) = self.index.write() {
            index.seen.insert(fp);
            if status == Status::Unknown {
                index.unknown.insert(fp);
            }
            let mut parts = key.split('\t');
            if let (Some(case), Some(kind), Some(address)) =
                (parts.next(), parts.next(), parts.next())
                && let Some((channel, role)) = authority_kind(kind)
            {
                index
                    .authorities
                    .insert((case.into(), channel.into(), role.into()), address.into());
            }
        }
        Ok(written)
    }

    /// Returns once `written` (and every line before it) is on disk. Whoever finds no sync
    /// in progress syncs everything written so far; the others wait for it.
    pub fn sync_to(&self, written: Written) -> Result<()> {
        let mut state = self.pending.lock().map_err(|_| self.poisoned())?;
        loop {
            if let Some(e) = &state.failed {
                return Err(Error::io(&self.path, std::io::Error::other(e.clone())));
            }
            if state.synced_seq >= written.0 {
                return Ok(());
            }
            if state.syncing {
                state = self.committed.wait(state).map_err(|_| self.poisoned())?;
                continue;
            }
            state.syncing = true;
            let upto = state.written_seq;
            drop(state);
            let result = match &self.sync_handle {
                Some(file) => file.sync_data(),
                None => Err(std::io::Error::other(
                    "the journal is read-only in a dry run",
                )),
            };
            state = self.pending.lock().map_err(|_| self.poisoned())?;
            state.syncing = false;
            match result {
                Ok(()) => state.synced_seq = state.synced_seq.max(upto),
                Err(e) => state.failed = Some(e.to_string()),
            }
            self.committed.notify_all();
        }
    }

    /// Makes every line written so far durable: the end of a sending run.
    pub fn sync_all(&self) -> Result<()> {
        let last = self
            .pending
            .lock()
            .map_err(|_| self.poisoned())?
            .written_seq;
        self.sync_to(Written(last))
    }

    fn poisoned(&self) -> Error {
        Error::io(&self.path, std::io::Error::other("journal lock poisoned"))
    }
}

/// Where a migration writes the new journal before renaming it over the old one.
fn tmp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".migrating");
    path.with_file_name(name)
}

/// Makes a directory's entries (a new or renamed file) durable.
fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io(dir, e))
}

/// The journal under a project root: where `send`, `mail`, `remind` and `bounces` look unless
/// told otherwise.
pub fn default_path(root: &Path) -> PathBuf {
    root.join(".appeal").join("journal.tsv")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn append(path: &Path, bytes: &[u8]) {
        OpenOptions::new()
            .append(true)
            .open(path)
            .unwrap()
            .write_all(bytes)
            .unwrap();
    }

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
        append(&path, b"ua-1\talert\tb@ex");
        let j = Journal::open(&path).unwrap();
        assert_eq!(j.len(), 1);
        drop(j);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            format!("{HEADER}\nua-1\talert\ta@example.org\taccepted\t<id@x>\n"),
            "the torn tail is cut off when the journal is opened for writing"
        );
    }

    #[test]
    fn a_written_line_is_in_the_file_before_it_is_synced_and_syncs_cover_every_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.tsv");
        let j = Journal::open(&path).unwrap();
        // Written at once (a crash of the process cannot lose it), synced later.
        let first = j
            .write(
                &key("ua-1", "alert", "a@example.org"),
                "<1@x>",
                Status::Accepted,
            )
            .unwrap();
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .contains("a@example.org\taccepted")
        );
        // Eight writers at once, as eight connections would: every line lands whole, and one
        // sync covers all lines written before it.
        std::thread::scope(|s| {
            for t in 0..8 {
                let j = &j;
                s.spawn(move || {
                    for n in 0..50 {
                        let w = j
                            .write(
                                &key("ua-1", "alert", &format!("s{t}-{n}@example.org")),
                                "<m@x>",
                                Status::Accepted,
                            )
                            .unwrap();
                        j.sync_to(w).unwrap();
                    }
                });
            }
        });
        j.sync_to(first).unwrap();
        j.sync_all().unwrap();
        assert_eq!(j.len(), 401);
        drop(j);
        let j = Journal::open(&path).unwrap();
        assert_eq!(j.len(), 401, "every line whole after reopening");
        // A dry run's journal refuses to write.
        let ro = Journal::read_only(&path).unwrap();
        assert!(
            ro.write(
                &key("ua-1", "alert", "z@example.org"),
                "<z@x>",
                Status::Accepted
            )
            .is_err()
        );
    }

    #[test]
    fn a_line_torn_inside_a_utf8_character_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.tsv");
        let j = Journal::open(&path).unwrap();
        j.record(&key("ua-1", "alert", "алия@example.kz"), "<1@x>")
            .unwrap();
        drop(j);
        // "айгүл@" cut in the middle of "ү" (two bytes in UTF-8): a disk full mid-write.
        let full = "ua-1\talert\tайгүл@example.kz\taccepted\t<2@x>\n".as_bytes();
        let cut = full.iter().position(|b| *b == 0xd2).unwrap() + 1;
        append(&path, &full[..cut]);
        let ro = Journal::read_only(&path).unwrap();
        assert_eq!(ro.len(), 1, "a dry run reads past the torn line");
        assert!(ro.contains(&key("ua-1", "alert", "АЛИЯ@example.kz")));
        let j = Journal::open(&path).unwrap();
        assert_eq!(j.len(), 1);
        j.record(&key("ua-1", "alert", "айгүл@example.kz"), "<2@x>")
            .unwrap();
        drop(j);
        let j = Journal::open(&path).unwrap();
        assert_eq!(j.len(), 2);
        assert!(std::str::from_utf8(&std::fs::read(&path).unwrap()).is_ok());
    }

    #[test]
    fn a_version_1_journal_is_migrated_in_place_and_old_authority_lines_still_count() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.tsv");
        // As written by the previous version: no header, no status, authority lines keyed
        // by language and role with an empty address.
        let old = "ua-82-18\temail:ru:kz/prosecutor-general\t\t<a@example.org>\n\
                   ua-82-18\tfax:kk:kz/ombudsman\t\t<b@example.org>\n\
                   ua-82-18\talert\tOlga@Example.NET\t<c@example.org>\n";
        std::fs::write(&path, old).unwrap();
        let ro = Journal::read_only(&path).unwrap();
        assert_eq!(ro.len(), 3);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            old,
            "a dry run never rewrites"
        );
        let j = Journal::open(&path).unwrap();
        assert_eq!(j.len(), 3);
        assert!(j.contains(&key("ua-82-18", "alert", "olga@example.net")));
        assert!(j.contains(&key("ua-82-18", "email:ru:kz/prosecutor-general", "")));
        assert_eq!(
            j.authority_received("ua-82-18", "email", "kz/prosecutor-general")
                .as_deref(),
            Some("")
        );
        assert_eq!(
            j.authority_received("ua-82-18", "fax", "kz/ombudsman")
                .as_deref(),
            Some("")
        );
        assert_eq!(
            j.authority_received("ua-82-18", "email", "kz/ombudsman"),
            None
        );
        j.record(
            &key("ua-82-18", "email:kz/ombudsman", "Info@Ombudsman.kz"),
            "<d@x>",
        )
        .unwrap();
        assert_eq!(
            j.authority_received("ua-82-18", "email", "kz/ombudsman")
                .as_deref(),
            Some("info@ombudsman.kz")
        );
        drop(j);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            format!(
                "{HEADER}\n\
                 ua-82-18\temail:ru:kz/prosecutor-general\t\taccepted\t<a@example.org>\n\
                 ua-82-18\tfax:kk:kz/ombudsman\t\taccepted\t<b@example.org>\n\
                 ua-82-18\talert\tolga@example.net\taccepted\t<c@example.org>\n\
                 ua-82-18\temail:kz/ombudsman\tinfo@ombudsman.kz\taccepted\t<d@x>\n"
            )
        );
        assert!(!tmp_path(&path).exists());
        let j = Journal::open(&path).unwrap();
        assert_eq!(j.len(), 4);
    }

    #[test]
    fn unknown_outcomes_are_kept_apart_and_block_a_resend() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.tsv");
        let j = Journal::open(&path).unwrap();
        let k = key("c", "alert", "x@example.org");
        j.record_as(&k, "<1@x>", Status::Unknown).unwrap();
        drop(j);
        let j = Journal::read_only(&path).unwrap();
        assert_eq!(j.status(&k), Some(Status::Unknown));
        assert_eq!(j.status(&key("c", "alert", "y@example.org")), None);
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .contains("\tx@example.org\tunknown\t<1@x>\n")
        );
    }

    #[test]
    fn a_newer_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.tsv");
        std::fs::write(&path, "# appeal journal v3\n").unwrap();
        let Err(Error::Invalid(problems)) = Journal::open(&path) else {
            panic!("a newer version must be refused");
        };
        assert_eq!((problems[0].line, problems[0].col), (1, 1));
        assert!(problems[0].message.contains("newer appeal"), "{problems:?}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "# appeal journal v3\n"
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
        assert_eq!(lines, 401, "the header and 400 records");
        assert_eq!(Journal::open(&path).unwrap().len(), 400);
    }
}
