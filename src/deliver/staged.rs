//! Staged output: a command writes into a hidden folder beside its output folder and moves
//! the files into place only once every one of them is written. A failure while writing (a
//! template error, a full disk, a file-size limit) leaves the output folder as it was and no
//! temporary file behind.
//!
//! Moving is renaming within one file system, which writes no data: when the output folder
//! does not exist yet, the staging folder itself is renamed into place (one step); otherwise
//! each file is renamed over its old version, and files the run did not write are kept.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// A staging folder for one output folder; removed when dropped unless committed.
pub struct Staged {
    target: PathBuf,
    staging: PathBuf,
    /// Parent folders of the target this run created, to remove again on failure.
    created: Vec<PathBuf>,
    committed: bool,
}

impl Staged {
    /// Prepares to write `target` (say `out/ua-82-18`): creates its parent folders and the
    /// staging folder `.<name>.staging-<pid>` beside it.
    pub fn new(target: &Path) -> Result<Staged> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut created = Vec::new();
        let mut missing = parent.as_path();
        while !missing.exists() {
            created.push(missing.to_path_buf());
            match missing.parent() {
                Some(p) if !p.as_os_str().is_empty() => missing = p,
                _ => break,
            }
        }
        let mut staged = Staged {
            target: target.to_path_buf(),
            staging: PathBuf::new(),
            created,
            committed: false,
        };
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let name = target
            .file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        let prefix = format!(".{name}.staging-");
        remove_abandoned(&parent, &prefix);
        let staging = parent.join(format!("{prefix}{}", std::process::id()));
        // A folder left by a killed process whose id this one reuses: start afresh.
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        }
        std::fs::create_dir(&staging).map_err(|e| Error::io(&staging, e))?;
        staged.staging = staging;
        Ok(staged)
    }

    /// Where to write instead of the target folder.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// The staging path standing for `path`, a path under the target folder.
    pub fn map(&self, path: &Path) -> PathBuf {
        match path.strip_prefix(&self.target) {
            Ok(rel) => self.staging.join(rel),
            Err(_) => path.to_path_buf(),
        }
    }

    /// Moves everything written into the target folder.
    pub fn commit(mut self) -> Result<()> {
        if !self.target.exists() {
            std::fs::rename(&self.staging, &self.target).map_err(|e| Error::io(&self.target, e))?;
        } else {
            move_into(&self.staging, &self.target)?;
            std::fs::remove_dir_all(&self.staging).map_err(|e| Error::io(&self.staging, e))?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.committed || self.staging.as_os_str().is_empty() {
            return;
        }
        let _ = std::fs::remove_dir_all(&self.staging);
        // Folders made only for this output go too; `remove_dir` keeps any that are not empty.
        for dir in &self.created {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Removes staging folders `<prefix><pid>` in `dir` whose process is gone (killed before it
/// could clean up). A folder whose process still runs belongs to a concurrent run: kept.
fn remove_abandoned(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !process_exists(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a process with this id exists.
#[cfg(unix)]
fn process_exists(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 sends nothing; it only checks that the process exists.
    let alive = unsafe { libc::kill(pid, 0) } == 0;
    alive || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Whether a process with this id exists (unknown off Unix: assume it does).
#[cfg(not(unix))]
fn process_exists(_pid: u32) -> bool {
    true
}

/// Renames every file under `from` to the same place under `to`, making folders as needed.
fn move_into(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).map_err(|e| Error::io(to, e))?;
    let entries = std::fs::read_dir(from).map_err(|e| Error::io(from, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(from, e))?;
        let source = entry.path();
        let dest = to.join(entry.file_name());
        let is_dir = entry
            .file_type()
            .map_err(|e| Error::io(&source, e))?
            .is_dir();
        if is_dir && dest.is_dir() {
            move_into(&source, &dest)?;
        } else {
            std::fs::rename(&source, &dest).map_err(|e| Error::io(&dest, e))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_reaches_the_target_until_commit_and_nothing_stays_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out/case");
        std::fs::create_dir_all(target.join("en")).unwrap();
        std::fs::write(target.join("en/old.txt"), "old").unwrap();
        std::fs::write(target.join("en/kept.txt"), "kept").unwrap();
        {
            let staged = Staged::new(&target).unwrap();
            std::fs::create_dir_all(staged.path().join("en")).unwrap();
            std::fs::write(staged.map(&target.join("en/old.txt")), "new").unwrap();
            // Dropped without commit: an error happened.
        }
        assert_eq!(
            std::fs::read_to_string(target.join("en/old.txt")).unwrap(),
            "old"
        );
        let listing: Vec<_> = std::fs::read_dir(dir.path().join("out")).unwrap().collect();
        assert_eq!(listing.len(), 1, "the staging folder is gone");
        let staged = Staged::new(&target).unwrap();
        std::fs::create_dir_all(staged.path().join("en")).unwrap();
        std::fs::create_dir_all(staged.path().join("ru")).unwrap();
        std::fs::write(staged.map(&target.join("en/old.txt")), "new").unwrap();
        std::fs::write(staged.map(&target.join("ru/a.txt")), "a").unwrap();
        staged.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("en/old.txt")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(target.join("en/kept.txt")).unwrap(),
            "kept"
        );
        assert_eq!(
            std::fs::read_to_string(target.join("ru/a.txt")).unwrap(),
            "a"
        );
        assert_eq!(
            std::fs::read_dir(dir.path().join("out")).unwrap().count(),
            1
        );
    }

    #[test]
    fn a_staging_folder_left_by_a_killed_run_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        // No process has id 2^22 + 1 (above Linux's pid_max default of 2^22).
        let abandoned = dir.path().join(".case.staging-4194305");
        std::fs::create_dir_all(abandoned.join("en")).unwrap();
        let staged = Staged::new(&dir.path().join("case")).unwrap();
        assert!(!abandoned.exists());
        staged.commit().unwrap();
        assert!(dir.path().join("case").is_dir());
    }

    #[test]
    fn folders_made_for_a_failed_run_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a/b/case");
        drop(Staged::new(&target).unwrap());
        assert!(!dir.path().join("a").exists());
    }
}
