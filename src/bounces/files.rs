//! Local return mailboxes: a Maildir (processed messages move to `cur/` marked seen, or into
//! a Maildir++ folder with `--move-to`) and an mbox file (read only: the processed log alone
//! keeps a message from being processed twice). Neither is ever read whole into memory: a
//! message is read when it is looked at, and one larger than [`MAX_MESSAGE`] is not read.

use super::{Fetched, HEAD_BYTES, Handle, MAX_MESSAGE, Mailbox};
use crate::error::{Error, Result};
use std::io::{BufRead, Read, Seek};
use std::path::{Path, PathBuf};

/// A Maildir.
pub struct Maildir {
    root: PathBuf,
    move_to: Option<String>,
}

impl Maildir {
    /// Opens the Maildir at `root` (it must have `cur/` and `new/`).
    pub fn open(root: &Path, move_to: Option<&str>) -> Result<Maildir> {
        for sub in ["cur", "new"] {
            if !root.join(sub).is_dir() {
                return Err(Error::Usage(format!(
                    "{}: not a Maildir (no {sub}/ folder)",
                    root.display()
                )));
            }
        }
        if let Some(name) = move_to
            && (name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.'))
        {
            return Err(Error::Usage(format!(
                "--move-to `{name}`: give a folder name (e.g. Processed)"
            )));
        }
        Ok(Maildir {
            root: root.to_path_buf(),
            move_to: move_to.map(str::to_string),
        })
    }
}

/// A message file: whole when it is at most [`MAX_MESSAGE`] bytes, else its size and head.
fn read_capped(path: &Path) -> Result<Fetched> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    // One byte past the limit tells a message that is too large (even one growing meanwhile).
    file.take(MAX_MESSAGE as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| Error::io(path, e))?;
    if out.len() <= MAX_MESSAGE {
        return Ok(Fetched::Whole(out));
    }
    let size = std::fs::metadata(path).map_or(out.len() as u64, |m| m.len());
    out.truncate(HEAD_BYTES);
    Ok(Fetched::TooLarge { size, head: out })
}

impl Mailbox for Maildir {
    fn describe(&self) -> String {
        format!("Maildir {}", self.root.display())
    }

    fn list(&mut self) -> Result<Vec<Handle>> {
        let mut out = vec![];
        for sub in ["new", "cur"] {
            let dir = self.root.join(sub);
            let mut names = vec![];
            for entry in std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
                let entry = entry.map_err(|e| Error::io(&dir, e))?;
                if entry.file_type().is_ok_and(|t| t.is_file())
                    && !entry.file_name().to_string_lossy().starts_with('.')
                {
                    names.push(entry.path());
                }
            }
            names.sort();
            out.extend(names.into_iter().map(Handle::File));
        }
        Ok(out)
    }

    fn fetch(&mut self, handle: &Handle) -> Result<Fetched> {
        match handle {
            Handle::File(path) => {
                // A message too large is not read at all: its size says so first.
                let size = std::fs::metadata(path)
                    .map_err(|e| Error::io(path, e))?
                    .len();
                if size > MAX_MESSAGE as u64 {
                    let mut head = Vec::new();
                    std::fs::File::open(path)
                        .and_then(|f| f.take(HEAD_BYTES as u64).read_to_end(&mut head))
                        .map_err(|e| Error::io(path, e))?;
                    return Ok(Fetched::TooLarge { size, head });
                }
                read_capped(path)
            }
            _ => Err(Error::Config("internal: not a Maildir message".into())),
        }
    }

    fn mark(&mut self, done: &[Handle]) -> Result<usize> {
        let mut n = 0;
        for h in done {
            let Handle::File(path) = h else { continue };
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            // `unique:2,FLAGS`: add S (seen), keeping the flags sorted as the spec asks.
            let (base, flags) = match name.split_once(":2,") {
                Some((b, f)) => (b.to_string(), f.to_string()),
                None => (name.to_string(), String::new()),
            };
            let mut flags: Vec<char> = flags.chars().collect();
            if !flags.contains(&'S') {
                flags.push('S');
            }
            flags.sort_unstable();
            let new_name = format!("{base}:2,{}", flags.into_iter().collect::<String>());
            let folder = match &self.move_to {
                Some(f) => {
                    let folder = self.root.join(format!(".{f}"));
                    for sub in ["cur", "new", "tmp"] {
                        let d = folder.join(sub);
                        std::fs::create_dir_all(&d).map_err(|e| Error::io(&d, e))?;
                    }
                    folder
                }
                None => self.root.clone(),
            };
            let target = folder.join("cur").join(new_name);
            if &target != path {
                // A rename within one file system: the message is never absent nor doubled.
                std::fs::rename(path, &target).map_err(|e| Error::io(path, e))?;
                n += 1;
            }
        }
        Ok(n)
    }
}

/// An mbox file. Opening it finds where each message starts and ends, reading it once in
/// bounded pieces; a message's bytes are read when it is fetched.
pub struct Mbox {
    path: PathBuf,
    file: std::fs::File,
    /// Each message's content (after its `From ` line): start and length.
    messages: Vec<(u64, u64)>,
}

/// The longest start of a line kept while scanning (a line is only checked for `From `).
const LINE_PREFIX: u64 = 1024;

impl Mbox {
    /// Opens an mbox file: a regular file whose first line is a `From ` line (or an empty one).
    pub fn open(path: &Path) -> Result<Mbox> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let kind = file.metadata().map_err(|e| Error::io(path, e))?.file_type();
        if !kind.is_file() {
            return Err(Error::Usage(format!(
                "{}: {}, not an mbox file: give the path of the mailbox file",
                path.display(),
                crate::deliver::files::describe(kind)
            )));
        }
        let mut reader = std::io::BufReader::with_capacity(1 << 16, &file);
        let messages = scan(&mut reader)
            .map_err(|e| Error::io(path, e))?
            .ok_or_else(|| {
                Error::Usage(format!(
                    "{}: not an mbox file: it does not begin with a `From ` line",
                    path.display()
                ))
            })?;
        Ok(Mbox {
            path: path.to_path_buf(),
            file,
            messages,
        })
    }
}

/// Where each message's content lies, or `None` when the text does not begin with a `From `
/// line. Memory stays bounded whatever the lines' length: only the start of each line is kept.
fn scan(reader: &mut impl BufRead) -> std::io::Result<Option<Vec<(u64, u64)>>> {
    let mut messages = Vec::new();
    let mut line = Vec::new();
    let mut offset = 0u64;
    let mut start: Option<u64> = None;
    loop {
        line.clear();
        let kept = reader
            .by_ref()
            .take(LINE_PREFIX)
            .read_until(b'\n', &mut line)? as u64;
        if kept == 0 {
            break;
        }
        let separator = line.starts_with(b"From ");
        if start.is_none() && !separator {
            return Ok(None);
        }
        let mut length = kept;
        if !line.ends_with(b"\n") {
            length += skip_line(reader)?;
        }
        if separator {
            if let Some(s) = start {
                messages.push((s, offset - s));
            }
            start = Some(offset + length);
        }
        offset += length;
    }
    if let Some(s) = start {
        messages.push((s, offset - s));
    }
    Ok(Some(messages))
}

/// Reads past the rest of a line without keeping it; returns how many bytes that was.
fn skip_line(reader: &mut impl BufRead) -> std::io::Result<u64> {
    let mut skipped = 0u64;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(skipped);
        }
        let (n, done) = match memchr::memchr(b'\n', buf) {
            Some(at) => (at + 1, true),
            None => (buf.len(), false),
        };
        reader.consume(n);
        skipped += n as u64;
        if done {
            return Ok(skipped);
        }
    }
}

/// A message's content as the mbox holds it, with the `>From ` quoting of mboxrd undone.
fn unquote(content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len());
    for line in content.split_inclusive(|b| *b == b'\n') {
        let quotes = line.iter().take_while(|b| **b == b'>').count();
        if quotes > 0 && line[quotes..].starts_with(b"From ") {
            out.extend_from_slice(&line[1..]);
        } else {
            out.extend_from_slice(line);
        }
    }
    out
}

impl Mailbox for Mbox {
    fn describe(&self) -> String {
        format!("mbox {}", self.path.display())
    }

    fn list(&mut self) -> Result<Vec<Handle>> {
        Ok((0..self.messages.len()).map(Handle::Index).collect())
    }

    fn fetch(&mut self, handle: &Handle) -> Result<Fetched> {
        let Handle::Index(i) = handle else {
            return Err(Error::Config("internal: not an mbox message".into()));
        };
        let Some(&(start, length)) = self.messages.get(*i) else {
            return Ok(Fetched::Whole(Vec::new()));
        };
        let io = |e| Error::io(&self.path, e);
        (&self.file)
            .seek(std::io::SeekFrom::Start(start))
            .map_err(io)?;
        let take = if length > MAX_MESSAGE as u64 {
            HEAD_BYTES as u64
        } else {
            length
        };
        let mut bytes = Vec::new();
        (&self.file)
            .take(take)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        Ok(if length > MAX_MESSAGE as u64 {
            Fetched::TooLarge {
                size: length,
                head: unquote(&bytes),
            }
        } else {
            Fetched::Whole(unquote(&bytes))
        })
    }

    fn mark(&mut self, _done: &[Handle]) -> Result<usize> {
        // An mbox is never rewritten: the processed log is the mark.
        Ok(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &[u8]) -> Option<Vec<Vec<u8>>> {
        let spans = scan(&mut std::io::Cursor::new(text)).unwrap()?;
        Some(
            spans
                .iter()
                .map(|&(s, l)| unquote(&text[s as usize..(s + l) as usize]))
                .collect(),
        )
    }

    #[test]
    fn messages_are_found_between_from_lines_and_unquoted() {
        let text = b"From a@x Thu Jan  1 00:00:00 1970\nSubject: one\n\n>From here\n>>From there\n\nFrom b@x Thu Jan  1 00:00:00 1970\nSubject: two\n\nbody";
        let got = messages(text).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0], b"Subject: one\n\nFrom here\n>From there\n\n");
        assert_eq!(got[1], b"Subject: two\n\nbody");
        assert_eq!(messages(b"").unwrap().len(), 0);
        assert!(messages(b"\0\0\0\0\0\0").is_none());
        assert!(messages(b"Subject: no separator\n").is_none());
    }

    #[test]
    fn a_line_longer_than_any_buffer_is_measured_not_kept() {
        let mut text = b"From a@x\nSubject: big\n\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', 5 << 20));
        text.extend(b"\nFrom b@x\nSubject: small\n\nhi\n");
        let spans = scan(&mut std::io::BufReader::with_capacity(4096, &text[..]))
            .unwrap()
            .unwrap();
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[0].1, 14 + (5 << 20) + 1);
        let (s, l) = spans[1];
        assert_eq!(
            &text[s as usize..(s + l) as usize],
            b"Subject: small\n\nhi\n"
        );
    }
}
