//! The files appeal keeps for itself: the case index cache (`.appeal/case-index.tsv`), the
//! commands' memos (`.appeal/memo-*.tsv`) and what a site build records of itself (`.appeal-site`, `.appeal-site-inputs`). They are its
//! memory, not inputs: one that is not a regular file of its own (a symbolic link, which
//! appeal never writes there and which may lead anywhere; a FIFO or device, which could make
//! a read wait forever or never end; one past a size no real one reaches) is as good as
//! absent, never an error and never a hang. A new one replaces the old all at once, and
//! writing never follows a link: not the one at its place, nor one planted under the name of
//! its temporary file.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What `text` holds in whole lines: up to its last line feed. A line after it was cut short
/// (a write that stopped), and its last value could be cut too.
pub fn whole_lines(text: &str) -> &str {
    &text[..text.rfind('\n').map_or(0, |i| i + 1)]
}

/// Keeps `bytes` at `path` as [`replace`] does, making its folder first; quietly does nothing
/// when it cannot: what appeal keeps for itself only saves time (a read-only project reads
/// its files each time).
pub fn keep(path: &Path, bytes: &[u8]) {
    if let Some(dir) = path.parent()
        && std::fs::create_dir_all(dir).is_ok()
    {
        let _ = replace(path, bytes);
    }
}

/// The text of the file at `path` when it is a regular file (not through a link at its
/// place), of at most `max` bytes, in UTF-8; `None` otherwise, or when there is none.
pub fn read(path: &Path, max: u64) -> Option<String> {
    let file = open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > max {
        return None;
    }
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes).ok()?;
    if bytes.len() as u64 > max {
        return None;
    }
    String::from_utf8(bytes).ok()
}

/// Opens `path` to read without following a link at its place and without waiting on a
/// FIFO (what was opened is looked at before a byte is read).
#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::Error::other("a symbolic link"));
    }
    std::fs::File::open(path)
}

/// Puts `bytes` at `path` in place of what is there, all at once: written to a new
/// temporary file beside it, then renamed over it (a link at `path` is replaced, not written
/// through).
pub fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let (temp, mut file) = temp_beside(path)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// A new file beside `path`, under a name of this process's: made new, so nothing already
/// there under that name (a file left by a killed process, a link) is opened.
fn temp_beside(path: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let name = path
        .file_name()
        .map_or_else(|| "own".into(), |n| n.to_string_lossy().into_owned());
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut last = None;
    for n in 0..100 {
        let temp = dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary name")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_regular_file_of_its_own_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("own");
        std::fs::write(&file, "text\n").unwrap();
        assert_eq!(read(&file, 100).as_deref(), Some("text\n"));
        assert_eq!(read(&file, 3), None, "past the size");
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert_eq!(read(&link, 100), None, "a link");
        assert_eq!(read(dir.path(), 100), None, "a folder");
        assert_eq!(read(Path::new("/dev/zero"), 100), None, "a device");
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid C string.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        assert_eq!(
            read(&fifo, 100),
            None,
            "a FIFO, without waiting for a writer"
        );
    }

    #[test]
    fn writing_replaces_a_link_and_never_writes_through_one() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::write(&outside, "keep").unwrap();
        let own = dir.path().join("own");
        std::os::unix::fs::symlink(&outside, &own).unwrap();
        // A link planted under the first temporary name this process would use.
        let planted = dir
            .path()
            .join(format!(".own.{}-0.tmp", std::process::id()));
        std::os::unix::fs::symlink(&outside, &planted).unwrap();
        replace(&own, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep");
        assert_eq!(read(&own, 100).as_deref(), Some("new"));
    }
}
