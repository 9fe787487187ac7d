//! Writing rendered files: each goes to a temporary name beside its target and is renamed
//! into place, so a reader never sees half a file. Outputs are not fsynced one by one: they can
//! be rendered again; only the delivery journal must survive a crash, and it is synced.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Writes every file (path, bytes), in order; stops at the first failure.
pub fn write_all<'a>(files: impl IntoIterator<Item = (&'a Path, &'a [u8])>) -> Result<()> {
    files
        .into_iter()
        .try_for_each(|(path, bytes)| write_atomic(path, bytes))
}

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let tmp = path.with_extension(format!(
        "{}.tmp",
        path.extension().and_then(|e| e.to_str()).unwrap_or("")
    ));
    let mut file = std::fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
    file.write_all(bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
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
    use super::mbox_entry;

    #[test]
    fn mbox_quotes_from_lines_only() {
        let plain = mbox_entry(b"Subject: x\r\n\r\nbody\r\n");
        assert!(plain.ends_with(b"body\r\n\n"));
        let quoted = mbox_entry(b"Subject: x\r\n\r\nFrom here\r\n>From there\r\n");
        let text = String::from_utf8(quoted).unwrap();
        assert!(text.contains("\n>From here\r\n>>From there"), "{text:?}");
    }
}
