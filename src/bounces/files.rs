//! Local return mailboxes: a Maildir (processed messages move to `cur/` marked seen, or into
//! a Maildir++ folder with `--move-to`) and an mbox file (read only: the processed log alone
//! keeps a message from being processed twice).

use super::{Handle, MAX_MESSAGE, Mailbox};
use crate::error::{Error, Result};
use std::io::Read;
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

/// Reads at most [`MAX_MESSAGE`] bytes of a file.
fn read_capped(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    file.take(MAX_MESSAGE as u64)
        .read_to_end(&mut out)
        .map_err(|e| Error::io(path, e))?;
    Ok(out)
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

    fn fetch(&mut self, handle: &Handle) -> Result<Vec<u8>> {
        match handle {
            Handle::File(path) => read_capped(path),
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

/// An mbox file, read once.
pub struct Mbox {
    path: PathBuf,
    messages: Vec<Vec<u8>>,
}

impl Mbox {
    /// Opens an mbox file.
    pub fn open(path: &Path) -> Result<Mbox> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let messages =
            mail_parser::mailbox::mbox::MessageIterator::new(std::io::BufReader::new(file))
                .map(|m| {
                    m.map(|m| {
                        let mut c = m.unwrap_contents();
                        c.truncate(MAX_MESSAGE);
                        c
                    })
                    .map_err(|_| Error::Usage(format!("{}: not an mbox file", path.display())))
                })
                .collect::<Result<Vec<_>>>()?;
        Ok(Mbox {
            path: path.to_path_buf(),
            messages,
        })
    }
}

impl Mailbox for Mbox {
    fn describe(&self) -> String {
        format!("mbox {}", self.path.display())
    }

    fn list(&mut self) -> Result<Vec<Handle>> {
        Ok((0..self.messages.len()).map(Handle::Index).collect())
    }

    fn fetch(&mut self, handle: &Handle) -> Result<Vec<u8>> {
        match handle {
            Handle::Index(i) => Ok(self.messages.get(*i).cloned().unwrap_or_default()),
            _ => Err(Error::Config("internal: not an mbox message".into())),
        }
    }

    fn mark(&mut self, _done: &[Handle]) -> Result<usize> {
        // An mbox is never rewritten: the processed log is the mark.
        Ok(0)
    }
}
