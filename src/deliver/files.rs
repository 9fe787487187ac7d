//! Writing files. A single output (a calendar, a PO file, an edited case file) goes to a
//! temporary name beside its target and is renamed into place, so a reader never sees half a
//! file; outputs are only ever regular files: a symbolic link is written through to the file
//! it names, and a folder, device, FIFO or socket at the path is an error, never replaced.
//! Outputs are not fsynced one by one: they can be rendered again; only the delivery journal
//! must survive a crash, and it is synced.

use crate::error::{Error, Result};
use std::fs::FileType;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// How many symbolic links are followed before giving up (the kernel's own limit).
const MAX_LINKS: usize = 40;

/// Writes `bytes` to `path` as a regular file, through a temporary file and a rename. A
/// symbolic link at `path` is written through: the file it leads to is replaced, in that
/// file's folder, and the link stays. A folder, device, FIFO or socket at `path` (or where its
/// links lead) is an error and is left as it is. An existing file keeps its permissions.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let (target, kind) = follow_links(path)?;
    if let Some(kind) = kind
        && !kind.is_file()
    {
        return Err(not_regular(path, &target, kind));
    }
    let dir = folder_of(&target);
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let (tmp, mut file) = temp_beside(&target)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| keep_permissions(&target, &file))
        .map_err(|e| Error::io(&tmp, e))
        .and_then(|()| std::fs::rename(&tmp, &target).map_err(|e| Error::io(&target, e)));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Writes `bytes` to a new file at `path` in a folder only this run writes (a staging
/// folder, see [`super::staged`]), making its folders: no temporary name is needed there.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
}

/// Where `path` leads once its symbolic links are followed (the path itself when it is no
/// link), and what is there (`None`: nothing yet). A link is resolved as the kernel does,
/// relative to the folder that holds it.
pub fn follow_links(path: &Path) -> Result<(PathBuf, Option<FileType>)> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((current, None)),
            Err(e) => return Err(Error::io(&current, e)),
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&current).map_err(|e| Error::io(&current, e))?;
                current = folder_of(&current).join(link);
            }
            Ok(m) => return Ok((current, Some(m.file_type()))),
        }
    }
    Err(Error::io(
        path,
        std::io::Error::other(format!(
            "more than {MAX_LINKS} symbolic links in a row (a loop?): give the file's own path"
        )),
    ))
}

/// The error for an output path holding something other than a regular file.
pub fn not_regular(path: &Path, target: &Path, kind: FileType) -> Error {
    let what = describe(kind);
    let through = if path == target {
        String::new()
    } else {
        format!(" (where the link leads, {})", target.display())
    };
    Error::io(
        path,
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "{what}{through}, not a regular file: appeal writes its output only as a regular file and left it as it is; give a file's path"
            ),
        ),
    )
}

/// What a non-regular file is, in words.
pub fn describe(kind: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else if kind.is_file() {
        "a file"
    } else {
        "a special file"
    }
}

/// The folder holding `path` (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A new temporary file beside `target`, under a name no other writer uses (process id and a
/// counter; created exclusively, so an existing file or link of that name is never opened).
fn temp_beside(target: &Path) -> Result<(PathBuf, std::fs::File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = target
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = folder_of(target).join(format!(".{name}.{}-{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(&tmp, e)),
        }
    }
}

/// Gives `file` the permissions of the file it replaces, if there is one.
fn keep_permissions(target: &Path, file: &std::fs::File) -> std::io::Result<()> {
    match std::fs::metadata(target) {
        Ok(m) => file.set_permissions(m.permissions()),
        Err(_) => Ok(()),
    }
}

/// One message as an mbox entry (mboxrd): a `From ` separator line, the message, and a blank
/// line; lines that begin with `From ` or `>From ` are quoted with one more `>`. Line ends stay
/// CRLF, which mbox readers accept. Built apart from the shared output, so writers hold its lock
/// only to copy bytes.
pub fn mbox_entry(message: &[u8]) -> Vec<u8> {
    const SEPARATOR: &[u8] = b"From appeal@localhost Thu Jan  1 00:00:00 1970\n";
    let mut out = Vec::with_capacity(message.len() + SEPARATOR.len() + 2);
    out.extend_from_slice(SEPARATOR);
    // Base64 bodies and headers never start a line with `>` or `From `: usually nothing to quote.
    let needs_quoting = message.starts_with(b"From ")
        || message.starts_with(b">")
        || memchr::memmem::find(message, b"\nFrom ").is_some()
        || memchr::memmem::find(message, b"\n>").is_some();
    if !needs_quoting {
        out.extend_from_slice(message);
    } else {
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', message).chain(std::iter::once(message.len())) {
            if start > message.len() {
                break;
            }
            let line = &message[start..end];
            if line
                .iter()
                .skip_while(|b| **b == b'>')
                .take(5)
                .eq(b"From ".iter())
            {
                out.push(b'>');
            }
            out.extend_from_slice(line);
            if end < message.len() {
                out.push(b'\n');
            }
            start = end + 1;
        }
    }
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_link_is_written_through_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("real")).unwrap();
        std::fs::write(dir.path().join("real/cal.ics"), "old").unwrap();
        let link = dir.path().join("cal.ics");
        std::os::unix::fs::symlink("real/cal.ics", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("real/cal.ics")).unwrap(),
            "new"
        );
        // A link to a file not there yet makes it; no temporary file stays anywhere.
        std::os::unix::fs::symlink("real/later.po", dir.path().join("later.po")).unwrap();
        write_atomic(&dir.path().join("later.po"), b"po").unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("real/later.po")).unwrap(),
            "po"
        );
        assert_eq!(
            std::fs::read_dir(dir.path().join("real")).unwrap().count(),
            2
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_folder_at_the_path_is_refused_and_left_as_it_is() {
        use std::os::unix::fs::{FileTypeExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let e = write_atomic(&fifo, b"x").unwrap_err().to_string();
        assert!(
            e.contains("a FIFO (named pipe)") && e.contains("not a regular file"),
            "{e}"
        );
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo()
        );
        // Through a link too.
        std::os::unix::fs::symlink("fifo", dir.path().join("link")).unwrap();
        let e = write_atomic(&dir.path().join("link"), b"x")
            .unwrap_err()
            .to_string();
        assert!(e.contains("where the link leads"), "{e}");
        assert!(write_atomic(dir.path(), b"x").is_err());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temporary file"
        );
        // A file replaced keeps its permissions.
        let file = dir.path().join("case.yaml");
        std::fs::write(&file, "a").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&file, b"b").unwrap();
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn mbox_quotes_from_lines_only() {
        let plain = mbox_entry(b"Subject: x\r\n\r\nbody\r\n");
        assert!(plain.ends_with(b"body\r\n\n"));
        let quoted = mbox_entry(b"Subject: x\r\n\r\nFrom here\r\n>From there\r\n");
        let text = String::from_utf8(quoted).unwrap();
        assert!(text.contains("\n>From here\r\n>>From there"), "{text:?}");
    }
}
