//! The run lock: a sending run (`send`, `mail`, `remind` with `--send`) holds an exclusive OS
//! lock on `<journal>.lock` for its whole length, so two runs sharing a journal can never both
//! send (each would see the other's messages as not yet journaled and send them again).
//!
//! The lock is the kernel's (`flock` through `File::try_lock`), not the file's existence: when
//! the holder dies, even by `kill -9`, the kernel releases it, so a stale file never blocks the
//! next run. The file's text (pid and start time) only serves the loser's error message.
//!
//! The lock goes beside the journal's canonical name ([`super::canonical`]): a run given
//! `shared/journal.tsv` and one given a symbolic link to it (or a path through `..`) take the
//! same lock, since they would write the same journal.

use crate::clock::Clock;
use crate::error::{Error, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// A held run lock; released when dropped (or when the process ends).
#[derive(Debug)]
pub struct RunLock {
    // Held for its lock, never read.
    _file: File,
    path: PathBuf,
}

/// `<journal>.lock`, beside the journal as named (see [`RunLock::acquire`] for the name used).
pub fn lock_path(journal: &Path) -> PathBuf {
    let mut name = journal.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    journal.with_file_name(name)
}

impl RunLock {
    /// Takes the lock for the journal at `journal` (on its canonical name), or fails with exit
    /// code 2 naming the run that holds it.
    pub fn acquire(journal: &Path, clock: &Clock) -> Result<RunLock> {
        let journal = super::canonical::canonical(journal)?;
        super::record_file::regular_or_absent(&journal, "journal or log")?;
        let path = lock_path(&journal);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        // Never truncate on open: the holder's pid and start time are in there.
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                // The holder writes its record just after it takes the lock: a run that
                // starts at the same moment may find the file still empty, so look again
                // briefly before reporting an unknown holder.
                let mut text = String::new();
                for _ in 0..20 {
                    text.clear();
                    let _ = file.rewind();
                    let _ = file.read_to_string(&mut text);
                    if text.contains("started ") {
                        break;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                return Err(Error::Config(held_message(&path, &text)));
            }
            Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
        }
        let record = format!(
            "pid {}\nstarted {}\n",
            std::process::id(),
            clock
                .now()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        );
        // Best effort: the lock itself is what protects the journal.
        let _ = file.set_len(0);
        let _ = file.rewind();
        let _ = file.write_all(record.as_bytes());
        let _ = file.flush();
        Ok(RunLock { _file: file, path })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The loser's message: who holds the lock, and what to do.
fn held_message(path: &Path, text: &str) -> String {
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
            .map(|v| {
                v.chars()
                    .filter(|c| !c.is_control())
                    .take(40)
                    .collect::<String>()
            })
            .filter(|v| !v.is_empty())
    };
    let pid = field("pid").unwrap_or_else(|| "unknown".into());
    let started = field("started").unwrap_or_else(|| "at an unknown time".into());
    format!(
        "another appeal run (pid {pid}, started {started}) holds {}; wait for it to finish \
         or stop it (the lock is released the moment that process ends), then run again",
        path.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_holder_is_refused_with_the_first_ones_pid_and_the_lock_is_released_on_drop() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = std::fs::canonicalize(tmp.path()).unwrap();
        let journal = dir.join(".appeal").join("journal.tsv");
        let clock = Clock::parse("2024-02-29T18:30:00Z").unwrap();
        let first = RunLock::acquire(&journal, &clock).unwrap();
        assert_eq!(first.path(), dir.join(".appeal/journal.tsv.lock"));
        let Err(Error::Config(message)) = RunLock::acquire(&journal, &clock) else {
            panic!("a second lock must be refused")
        };
        assert!(
            message.contains(&format!("pid {}", std::process::id()))
                && message.contains("started 2024-02-29T18:30:00Z")
                && message.contains("journal.tsv.lock"),
            "{message}"
        );
        drop(first);
        // A lock file left behind does not block: only a live holder does.
        assert!(journal.with_file_name("journal.tsv.lock").exists());
        RunLock::acquire(&journal, &clock).unwrap();
    }

    #[test]
    fn a_link_to_the_journal_takes_the_journals_own_lock() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = std::fs::canonicalize(tmp.path()).unwrap();
        std::fs::create_dir(dir.join("shared")).unwrap();
        std::os::unix::fs::symlink("shared/journal.tsv", dir.join("link.tsv")).unwrap();
        let clock = Clock::parse("2024-02-29T18:30:00Z").unwrap();
        let held = RunLock::acquire(&dir.join("shared/journal.tsv"), &clock).unwrap();
        for other in ["link.tsv", "shared/../shared/journal.tsv"] {
            assert!(
                RunLock::acquire(&dir.join(other), &clock).is_err(),
                "{other} took a lock of its own"
            );
        }
        drop(held);
        let through_link = RunLock::acquire(&dir.join("link.tsv"), &clock).unwrap();
        assert_eq!(through_link.path(), dir.join("shared/journal.tsv.lock"));
    }
}
