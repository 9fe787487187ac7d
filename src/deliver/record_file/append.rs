//! Appending to a record file others may be appending to at the same time: under an exclusive
//! `flock`, a torn last line is cut, a complete one ended, the header written to a new file,
//! and a file of another kind refused, before the new lines go in and are synced.

use super::{Format, Kind, Lines, MAX_LINE, Raw, is_torn_header, kind, regular_or_absent};
use crate::error::{Error, Problem, Result};
use std::fs::{File, OpenOptions};
use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// What a writer does to a record file before appending: cut a torn last line, end a complete
/// one, write the header a new (or comment-only) file lacks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Repair {
    /// Cut the file to this length (a torn last line).
    pub cut_to: Option<u64>,
    /// Add a newline first: the last line is complete but has none.
    pub newline: bool,
    /// Write the header: the file has none yet.
    pub header: bool,
}

impl Repair {
    /// Applies the cut to `file` and returns the text to write before the new lines.
    pub fn apply(&self, file: &File, format: &Format) -> std::io::Result<String> {
        if let Some(len) = self.cut_to {
            file.set_len(len)?;
        }
        let mut out = String::new();
        if self.newline {
            out.push('\n');
        }
        if self.header {
            out.push_str(format.header);
            out.push('\n');
        }
        Ok(out)
    }
}

/// Works out the [`Repair`] of a file others may be appending to, without reading it whole:
/// its first lines up to the header, and its last line. A file that is not of this format
/// (anything but blank lines and comments before its first record) is an error, never
/// appended to.
fn repair_of(
    path: &Path,
    file: &File,
    len: u64,
    format: &Format,
    is_record: &dyn Fn(&str) -> bool,
) -> Result<Repair> {
    let io = |e| Error::io(path, e);
    let mut reader = file;
    reader.seek(SeekFrom::Start(0)).map_err(io)?;
    let mut lines = Lines::new(BufReader::new(reader));
    let mut repair = Repair::default();
    while let Some(raw) = lines.next_line().map_err(io)? {
        let text = raw.text();
        let kind = text.as_ref().map(|t| kind(t, format));
        match (kind, raw.terminated) {
            (Ok(Kind::Blank | Kind::Comment), _) => {
                repair.newline = !raw.terminated;
                continue;
            }
            (Ok(Kind::Header), _) => return tail_repair(path, file, len, format, is_record),
            // A header or a line of NULs cut short as the file was created.
            (_, false) if is_torn_header(&raw, format) || raw.bytes.iter().all(|b| *b == 0) => {
                repair.cut_to = Some(raw.start);
                repair.newline = false;
                break;
            }
            _ => {
                let message = match kind {
                    Ok(Kind::OtherVersion) => format!(
                        "`{}` is a {} version this program does not know: use a newer appeal",
                        text.unwrap_or_default().trim_end(),
                        format.what
                    ),
                    _ => format!(
                        "not a {}: its first line (after any blank lines and `#` comments) must \
                         be `{}`; nothing was written to it",
                        format.what, format.header
                    ),
                };
                return Err(Problem::error(path, (raw.number, 1), message).into());
            }
        }
    }
    repair.header = true;
    Ok(repair)
}

/// The repair of a file that has its header: only its last line matters.
fn tail_repair(
    path: &Path,
    file: &File,
    len: u64,
    format: &Format,
    is_record: &dyn Fn(&str) -> bool,
) -> Result<Repair> {
    let io = |e| Error::io(path, e);
    let start = last_line_start(file, len).map_err(io)?;
    if start == len {
        return Ok(Repair::default());
    }
    let torn = Repair {
        cut_to: Some(start),
        ..Repair::default()
    };
    if len - start > (MAX_LINE + 2) as u64 {
        return Ok(torn);
    }
    let mut bytes = vec![0; (len - start) as usize];
    let mut reader = file;
    reader.seek(SeekFrom::Start(start)).map_err(io)?;
    reader.read_exact(&mut bytes).map_err(io)?;
    let raw = Raw {
        number: if start == 0 { 1 } else { 2 },
        bytes: &bytes,
        terminated: false,
        too_long: false,
        start,
        end: len,
    };
    let complete = raw.text().is_ok_and(|t| match kind(t, format) {
        Kind::Blank | Kind::Comment | Kind::Header => true,
        Kind::OtherVersion => false,
        Kind::Text => is_record(t),
    });
    Ok(if complete {
        Repair {
            newline: true,
            ..Repair::default()
        }
    } else {
        torn
    })
}

/// Where the last line starts: just after the last newline (`len` when the file ends with
/// one; 0 when it has none).
fn last_line_start(mut file: &File, len: u64) -> std::io::Result<u64> {
    let mut end = len;
    let mut block = vec![0u8; 4096];
    while end > 0 {
        let start = end.saturating_sub(block.len() as u64);
        let n = (end - start) as usize;
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut block[..n])?;
        if let Some(i) = memchr::memrchr(b'\n', &block[..n]) {
            return Ok(start + i as u64 + 1);
        }
        end = start;
    }
    Ok(0)
}

/// Appends `lines` (whole records, each ending in a newline, each accepted by `is_record`) to
/// the record file at `path`, creating it and its folder, and returns once they are on disk.
/// Safe against other appending processes (an exclusive `flock` for the whole append) and
/// against a writer that died mid-line (see the module docs). A line `is_record` refuses is
/// never written: it would stop every later reader.
pub fn append(
    path: &Path,
    format: &Format,
    is_record: &dyn Fn(&str) -> bool,
    lines: &str,
) -> Result<()> {
    if let Some(bad) = lines.lines().find(|l| !is_record(l)) {
        return Err(Error::Config(format!(
            "{}: refusing to write a {} line it could not read back: {}",
            path.display(),
            format.what,
            bad.escape_debug()
        )));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    regular_or_absent(path, format.what)?;
    let file = OpenOptions::new()
        .create(true)
        .read(true)
        .append(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    let io = |e| Error::io(path, e);
    let _lock = Flock::exclusive(&file).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    // Safe under the lock: every writer takes it.
    let repair = if len == 0 {
        Repair {
            header: true,
            ..Repair::default()
        }
    } else {
        repair_of(path, &file, len, format, is_record)?
    };
    let mut out = repair.apply(&file, format).map_err(io)?;
    out.push_str(lines);
    (&file).write_all(out.as_bytes()).map_err(io)?;
    file.sync_data().map_err(io)?;
    if len == 0 {
        // A new file: make its directory entry durable too.
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| Error::io(dir, e))?;
    }
    Ok(())
}

/// An exclusive advisory lock on an open file, released when dropped (or when the process
/// dies, so a crashed writer never blocks the others).
struct Flock<'a>(&'a File);

impl<'a> Flock<'a> {
    fn exclusive(file: &'a File) -> std::io::Result<Flock<'a>> {
        use std::os::fd::AsRawFd;
        loop {
            // SAFETY: flock on a valid, open descriptor borrowed for the guard's lifetime.
            let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
            if rc == 0 {
                return Ok(Flock(file));
            }
            let e = std::io::Error::last_os_error();
            if e.kind() != std::io::ErrorKind::Interrupted {
                return Err(e);
            }
        }
    }
}

impl Drop for Flock<'_> {
    fn drop(&mut self) {
        use std::os::fd::AsRawFd;
        // SAFETY: as above; unlocking cannot fail in a way that matters here.
        unsafe {
            libc::flock(self.0.as_raw_fd(), libc::LOCK_UN);
        }
    }
}
