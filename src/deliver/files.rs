//! Writing rendered files: each goes to a temporary name beside its target and is renamed
//! into place, so a reader never sees half a file. Outputs are not fsynced one by one: they can
//! be rendered again; only the delivery journal must survive a crash, and it is synced.

use crate::error::{Error, Result};
use crate::render::Artifact;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes every artifact; returns the paths written, in order.
pub fn write_all(artifacts: &[(PathBuf, Artifact)]) -> Result<Vec<PathBuf>> {
    artifacts
        .iter()
        .map(|(path, a)| write_atomic(path, &a.bytes).map(|()| path.clone()))
        .collect()
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

/// Appends one message to an mbox stream (mboxrd: a `From ` separator, lines that begin with
/// `From ` or `>From ` quoted with one more `>`), with LF line ends as mbox readers expect.
pub fn write_mbox_entry(out: &mut dyn Write, message: &[u8]) -> std::io::Result<()> {
    out.write_all(b"From appeal@localhost Thu Jan  1 00:00:00 1970\n")?;
    for line in message.split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line
            .iter()
            .skip_while(|b| **b == b'>')
            .take(5)
            .eq(b"From ".iter())
        {
            out.write_all(b">")?;
        }
        out.write_all(line)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
