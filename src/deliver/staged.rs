//! Staged output: a command writes the new state of an output folder into a hidden folder
//! beside it, and the new folder replaces the old one in one step once every file is written.
//! A reader (a person, a web server, rsync) sees the old folder whole or the new one whole,
//! never a mix; a failure anywhere before that step (a template error, a full disk, a
//! file-size limit) leaves the old folder as it was and no temporary file behind.
//!
//! What the run did not write is carried over from the old folder as hard links (the same
//! files, not copies: nothing is rewritten, and a file's time stays its own), except what the
//! caller says is gone. Then the two folders change places: on Linux in one atomic
//! `renameat2(RENAME_EXCHANGE)`, so the folder's path never goes missing; elsewhere (or on a
//! file system without it) by two renames, with an instant between them when the path is
//! absent. The old folder is removed afterwards. A symbolic link to the output folder is
//! followed: the folder it leads to is replaced, and the link stays.

use super::files;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// A staging folder for one output folder; removed when dropped unless committed.
pub struct Staged {
    /// The output folder as the caller names it (paths given to [`Staged::map`] lie under it).
    shown: PathBuf,
    /// The output folder itself, its symbolic links followed.
    target: PathBuf,
    staging: PathBuf,
    /// Parent folders of the target this run created, to remove again on failure.
    created: Vec<PathBuf>,
    committed: bool,
}

impl Staged {
    /// Prepares to write `target` (say `out/ua-82-18`): creates its parent folders and the
    /// staging folder `.<name>.staging-<pid>` beside it. A file (not a folder) at `target` is
    /// an error, left as it is.
    pub fn new(target: &Path) -> Result<Staged> {
        let (real, kind) = files::follow_links(target)?;
        if let Some(kind) = kind
            && !kind.is_dir()
        {
            return Err(Error::io(
                target,
                std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    format!(
                        "{}, not a folder: the output goes into a folder of that name; move it away or choose another --out",
                        files::describe(kind)
                    ),
                ),
            ));
        }
        let parent = match real.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if kind.is_some() && is_mount_point(&real, &parent) {
            return Err(Error::io(
                target,
                std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "a mount point: the output is published by putting a new folder in place of the old one, which cannot be done to a mount point; give a folder inside it (say --out DIR/site) and serve that",
                ),
            ));
        }
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
            shown: target.to_path_buf(),
            target: real.clone(),
            staging: PathBuf::new(),
            created,
            committed: false,
        };
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let name = real
            .file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        remove_abandoned(&parent, &name);
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
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

    /// The output folder the staging folder will replace, its symbolic links followed: where
    /// the files of the previous run are.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The staging path standing for `path`, a path under the target folder.
    pub fn map(&self, path: &Path) -> PathBuf {
        match path.strip_prefix(&self.shown) {
            Ok(rel) => self.staging.join(rel),
            Err(_) => path.to_path_buf(),
        }
    }

    /// Publishes what was written, keeping every file of the old folder the run did not write.
    pub fn commit(self) -> Result<()> {
        self.commit_without(|_| false)
    }

    /// Publishes what was written: the old folder's files the run did not write are carried
    /// over, except those `gone` says are gone (given their path relative to the folder);
    /// folders left empty by those go too. Then the new folder replaces the old.
    pub fn commit_without(mut self, gone: impl Fn(&Path) -> bool) -> Result<()> {
        if files::follow_links(&self.target)?.1.is_none() {
            std::fs::rename(&self.staging, &self.target).map_err(|e| Error::io(&self.target, e))?;
            self.committed = true;
            return Ok(());
        }
        carry_over(&self.target, &self.staging, Path::new(""), &gone)?;
        copy_permissions(&self.target, &self.staging);
        swap(&self.staging, &self.target)?;
        self.committed = true;
        // The staging path now holds the old folder. Should removing it fail, the next run
        // removes it (its process is gone).
        let _ = std::fs::remove_dir_all(&self.staging);
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

/// Whether folder `dir` is a mount point (on another device than its parent `parent`).
#[cfg(unix)]
fn is_mount_point(dir: &Path, parent: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(dir), std::fs::metadata(parent)) {
        (Ok(d), Ok(p)) => d.dev() != p.dev(),
        _ => false,
    }
}

/// Whether folder `dir` is a mount point (not known here: assume not).
#[cfg(not(unix))]
fn is_mount_point(_dir: &Path, _parent: &Path) -> bool {
    false
}

/// Puts into `new` (under `rel`) every entry of `old` that `new` lacks, as hard links (a copy
/// where a link cannot be made), leaving out files `gone` names and folders left empty by them.
/// An entry that is a folder on one side and not on the other is an error: neither is lost.
fn carry_over(old: &Path, new: &Path, rel: &Path, gone: &dyn Fn(&Path) -> bool) -> Result<()> {
    let entries = std::fs::read_dir(old).map_err(|e| Error::io(old, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(old, e))?;
        let from = entry.path();
        let to = new.join(entry.file_name());
        let rel = rel.join(entry.file_name());
        let is_dir = entry.file_type().map_err(|e| Error::io(&from, e))?.is_dir();
        let there = match std::fs::symlink_metadata(&to) {
            Ok(m) => Some(m.file_type().is_dir()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(&to, e)),
        };
        match (is_dir, there) {
            (true, Some(true)) => carry_over(&from, &to, &rel, gone)?,
            (true, None) => {
                std::fs::create_dir(&to).map_err(|e| Error::io(&to, e))?;
                carry_over(&from, &to, &rel, gone)?;
                copy_permissions(&from, &to);
                let emptied = is_empty(&to) && !is_empty(&from);
                if emptied {
                    std::fs::remove_dir(&to).map_err(|e| Error::io(&to, e))?;
                }
            }
            (false, _) if gone(&rel) => {}
            (false, None) => link_or_copy(&from, &to)?,
            // Written by this run: the new file wins.
            (false, Some(false)) => {}
            (true, Some(false)) | (false, Some(true)) => return Err(conflict(&from, is_dir)),
        }
    }
    Ok(())
}

/// The error for an old entry whose kind (folder or file) the new output changes.
fn conflict(old: &Path, old_is_dir: bool) -> Error {
    let (was, now) = if old_is_dir {
        ("a folder", "a file")
    } else {
        ("a file", "a folder")
    };
    Error::io(
        old,
        std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!(
                "{was} where the new output has {now}; nothing was changed: move it away and run again"
            ),
        ),
    )
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// A hard link to `from` at `to`; a copy where the file system refuses the link.
fn link_or_copy(from: &Path, to: &Path) -> Result<()> {
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    let kind = std::fs::symlink_metadata(from)
        .map_err(|e| Error::io(from, e))?
        .file_type();
    if kind.is_symlink() {
        let link = std::fs::read_link(from).map_err(|e| Error::io(from, e))?;
        #[cfg(unix)]
        return std::os::unix::fs::symlink(link, to).map_err(|e| Error::io(to, e));
        #[cfg(not(unix))]
        return Err(Error::io(
            from,
            std::io::Error::other(format!("a link to {}", link.display())),
        ));
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| Error::io(to, e))
}

/// Gives folder `to` the permissions of folder `from` (a published folder's mode is the
/// publisher's choice); best effort.
fn copy_permissions(from: &Path, to: &Path) {
    if let Ok(m) = std::fs::metadata(from) {
        let _ = std::fs::set_permissions(to, m.permissions());
    }
}

/// Makes `staging` the folder at `target` and leaves the old folder at `staging`.
fn swap(staging: &Path, target: &Path) -> Result<()> {
    match exchange(staging, target) {
        Ok(()) => return Ok(()),
        Err(e) if !unsupported(&e) => return Err(Error::io(target, e)),
        Err(_) => {}
    }
    // Two renames: the old folder aside, the new one in (and the old one back on failure).
    let mut aside = staging.as_os_str().to_owned();
    aside.push(".old");
    let aside = PathBuf::from(aside);
    std::fs::rename(target, &aside).map_err(|e| Error::io(target, e))?;
    if let Err(e) = std::fs::rename(staging, target) {
        let _ = std::fs::rename(&aside, target);
        return Err(Error::io(target, e));
    }
    std::fs::rename(&aside, staging).map_err(|e| Error::io(&aside, e))
}

/// Whether an exchange failed only because the system or file system cannot do one.
fn unsupported(e: &std::io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
    ) || e.kind() == std::io::ErrorKind::Unsupported
}

/// Swaps the entries at `a` and `b` atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both paths are NUL-terminated strings that live across the call; AT_FDCWD
    // makes relative paths relative to the current folder, as std's rename does.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Swaps the entries at `a` and `b` atomically: not available here.
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Removes staging folders `.<name>.staging-<pid>` (and `….old`) in `dir` whose process is
/// gone (killed before it could clean up). A folder whose process still runs belongs to a
/// concurrent run: kept.
fn remove_abandoned(dir: &Path, name: &str) {
    let prefix = format!(".{name}.staging-");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .map(|p| p.strip_suffix(".old").unwrap_or(p))
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

    #[test]
    fn files_the_run_did_not_write_are_the_same_files_afterwards() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("site");
        std::fs::create_dir_all(target.join("en/gone")).unwrap();
        std::fs::write(target.join("en/kept.html"), "kept").unwrap();
        std::fs::write(target.join("en/gone/index.html"), "gone").unwrap();
        std::fs::create_dir_all(target.join("empty")).unwrap();
        let inode = std::fs::metadata(target.join("en/kept.html"))
            .unwrap()
            .ino();
        let staged = Staged::new(&target).unwrap();
        std::fs::write(staged.path().join("new.html"), "new").unwrap();
        staged
            .commit_without(|rel| rel == Path::new("en/gone/index.html"))
            .unwrap();
        let kept = target.join("en/kept.html");
        assert_eq!(
            std::fs::metadata(&kept).unwrap().ino(),
            inode,
            "linked, not rewritten"
        );
        assert!(
            !target.join("en/gone").exists(),
            "a folder emptied by the run goes"
        );
        assert!(
            target.join("empty").is_dir(),
            "a folder that was empty stays"
        );
        assert_eq!(
            std::fs::read_to_string(target.join("new.html")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "nothing left beside it"
        );
    }

    #[test]
    fn a_folder_where_the_output_has_a_file_stops_the_run_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("case");
        std::fs::create_dir_all(target.join("en/letter.txt")).unwrap();
        std::fs::write(target.join("en/ua.txt"), "old").unwrap();
        let staged = Staged::new(&target).unwrap();
        std::fs::create_dir_all(staged.path().join("en")).unwrap();
        std::fs::write(staged.path().join("en/ua.txt"), "new").unwrap();
        std::fs::write(staged.path().join("en/letter.txt"), "new").unwrap();
        let e = staged.commit().unwrap_err().to_string();
        assert!(
            e.contains("a folder where the new output has a file"),
            "{e}"
        );
        assert_eq!(
            std::fs::read_to_string(target.join("en/ua.txt")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_the_output_folder_is_followed_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir_all(&real).unwrap();
        std::fs::write(real.join("old.txt"), "old").unwrap();
        let link = dir.path().join("public");
        std::os::unix::fs::symlink("real", &link).unwrap();
        let staged = Staged::new(&link).unwrap();
        std::fs::write(staged.map(&link.join("new.txt")), "new").unwrap();
        staged.commit().unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            std::fs::read_to_string(real.join("new.txt")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(real.join("old.txt")).unwrap(),
            "old"
        );
        // A file where the folder should be is refused, and stays.
        std::fs::write(dir.path().join("file"), "x").unwrap();
        assert!(Staged::new(&dir.path().join("file")).is_err());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("file")).unwrap(),
            "x"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_mount_point_is_told_apart_from_a_plain_folder() {
        // Read only: /proc is a file system of its own on every Linux system.
        assert!(is_mount_point(Path::new("/proc"), Path::new("/")));
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("site")).unwrap();
        assert!(!is_mount_point(&dir.path().join("site"), dir.path()));
    }
}
