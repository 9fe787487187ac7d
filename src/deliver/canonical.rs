//! A file is what it is, not the name it was given: `shared/journal.tsv`, a symbolic link to
//! it and `x/../shared/journal.tsv` are one journal. Locks are taken on the canonical name,
//! so two runs reaching one journal by two names still exclude each other; and a rewrite
//! (write a new file beside, rename it over) goes beside the real file, so a link keeps pointing
//! at the new content instead of being replaced by a copy.

use crate::error::{Error, Result};
use std::path::{Component, Path, PathBuf};

/// Symbolic links followed before giving up (the kernel's own limit is 40).
const MAX_LINKS: usize = 40;

/// The canonical name of `path`: absolute, every symbolic link resolved, no `.` or `..`. The
/// file itself need not exist yet (a journal a first run creates), nor need the target of a
/// link to it; the folder it goes in is created if missing, so that its name can be resolved.
pub fn canonical(path: &Path) -> Result<PathBuf> {
    let mut current = std::path::absolute(path).map_err(|e| Error::io(path, e))?;
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&current).map_err(|e| Error::io(&current, e))?;
                let base = current.parent().unwrap_or(Path::new("/")).to_path_buf();
                current = base.join(target);
            }
            Ok(_) => return std::fs::canonicalize(&current).map_err(|e| Error::io(&current, e)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return in_folder(&current),
            Err(e) => return Err(Error::io(&current, e)),
        }
    }
    Err(Error::io(
        path,
        std::io::Error::other("too many symbolic links (a loop?)"),
    ))
}

/// A file that does not exist yet: its folder's canonical name, then its own name.
fn in_folder(path: &Path) -> Result<PathBuf> {
    let name = match path.components().next_back() {
        Some(Component::Normal(name)) => name.to_os_string(),
        _ => {
            return Err(Error::io(path, std::io::Error::other("not a file name")));
        }
    };
    let dir = path.parent().unwrap_or(Path::new("/"));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let dir = std::fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
    Ok(dir.join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_dots_and_files_to_come_share_one_name() {
        let dir = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(real.join("shared")).unwrap();
        std::fs::write(real.join("shared/journal.tsv"), "").unwrap();
        std::os::unix::fs::symlink("shared/journal.tsv", real.join("link.tsv")).unwrap();
        std::os::unix::fs::symlink(real.join("link.tsv"), real.join("link2.tsv")).unwrap();
        let want = real.join("shared/journal.tsv");
        assert_eq!(canonical(&real.join("link.tsv")).unwrap(), want);
        assert_eq!(canonical(&real.join("link2.tsv")).unwrap(), want);
        assert_eq!(
            canonical(&real.join("shared/../shared/./journal.tsv")).unwrap(),
            want
        );
        // A link to a journal not written yet, and a file in a folder not made yet.
        std::os::unix::fs::symlink("shared/new.tsv", real.join("dangling.tsv")).unwrap();
        assert_eq!(
            canonical(&real.join("dangling.tsv")).unwrap(),
            real.join("shared/new.tsv")
        );
        assert_eq!(
            canonical(&real.join("a/../b/j.tsv")).unwrap(),
            real.join("b/j.tsv")
        );
        std::os::unix::fs::symlink("loop", real.join("loop")).unwrap();
        assert!(canonical(&real.join("loop")).is_err());
    }
}
