//! Where a dry run writes its messages, exactly as they would go out: one `.eml` per message
//! in a staging folder moved into place only when all are written, or one mbox stream.

use super::options::Output;
use crate::deliver::files;
use crate::deliver::staged::Staged;
use crate::error::{Error, Result};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::Mutex;

/// The dry run's writer for one case.
pub(super) enum Writer<'a> {
    /// The summary only.
    Nowhere,
    /// `DIR/<case>/mail/<line>-<lang>.eml`, staged.
    Folder {
        /// The staging folder, moved into place by [`Staged::commit`].
        staged: Staged,
        /// Where the messages are written meanwhile.
        dir: PathBuf,
    },
    /// The mbox stream.
    Mbox(&'a Mutex<BufWriter<Box<dyn Write + Send>>>),
}

/// How errors name the mbox stream.
const STREAM: &str = "standard output";

impl<'a> Writer<'a> {
    /// The writer for `case_id`'s messages.
    pub(super) fn open(out: &'a Output, case_id: &str) -> Result<Writer<'a>> {
        Ok(match out {
            Output::Nowhere => Writer::Nowhere,
            Output::Folder(dir) => {
                // Messages are written into a staging folder, moved into place only when all
                // are written.
                let staged = Staged::new(&dir.join(case_id).join("mail"))?;
                let dir = staged.path().to_path_buf();
                Writer::Folder { staged, dir }
            }
            Output::Mbox(stream) => Writer::Mbox(stream),
        })
    }

    /// Writes one message (the supporter's file line, the language used); whether it was
    /// written anywhere.
    pub(super) fn write(&self, line: u64, lang: &str, bytes: &[u8]) -> Result<bool> {
        match self {
            Writer::Nowhere => Ok(false),
            Writer::Folder { dir, .. } => {
                let path = dir.join(format!("{line:07}-{lang}.eml"));
                files::write_new(&path, bytes).map(|()| true)
            }
            Writer::Mbox(stream) => {
                let entry = files::mbox_entry(bytes);
                stream
                    .lock()
                    .map_err(|_| std::io::Error::other("output lock poisoned"))
                    .and_then(|mut w| w.write_all(&entry))
                    .map(|()| true)
                    .map_err(|e| Error::io(STREAM, e))
            }
        }
    }

    /// Hands what the mbox stream holds on, at the end of a case.
    pub(super) fn flush(&self) -> Result<()> {
        if let Writer::Mbox(stream) = self
            && let Ok(mut w) = stream.lock()
        {
            w.flush().map_err(|e| Error::io(STREAM, e))?;
        }
        Ok(())
    }
}
