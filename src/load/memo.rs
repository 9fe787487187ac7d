//! What a command over the whole archive found in each case file last time, kept in
//! `.appeal/memo-<command>.tsv`, so that a file that did not change is not read and judged
//! again: at ten thousand cases, reading them is nearly all of `check`, `list`, `deadlines` and
//! `who`, and most days none or a few of them changed.
//!
//! What a case's verdict and row depend on besides its own file is the rest of the project:
//! the program, the settings, the directory, calendars, missions, events, templates, locales,
//! the other cases' facts (ids, references, chains, dates) and the day. All of it goes into
//! the memo's context ([`context`]); a memo of another context is not used, whole, and a run
//! during which any of it changed keeps none ([`Inputs::settled`]). A file is
//! known by its stamp ([`Stamp`]), as the index cache knows it; a file changed shortly before
//! the memo is written is left out of it (see [`Stamp::racy`]).
//!
//! It is a cache: anything in it that does not read (another context, a damaged line, a value
//! of another shape) is read from the files again, and a project where it cannot be written
//! works the same, only slower. Format: a header `# appeal memo <program> <context>`, then
//! one line per file, each ending in a line feed: `path⇥size⇥inode⇥mtime⇥ctime⇥value`, the
//! value in JSON; a last line without its line feed (a file cut short) is not read.

use super::archive::{Archive, Stamp};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest as _, Sha256};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A memo larger than this is not read.
const MAX_BYTES: u64 = 256 << 20;

/// What a command loads besides the cases (see [`super::base_files`]), as a memo's context
/// needs it: one digest of the files' paths and contents and of the folders' names, taken
/// before they are loaded, so that a file changed while the command runs gives the next run
/// another digest; and whether they all stayed as they were while it ran ([`Inputs::settled`]).
pub struct Inputs {
    digest: String,
    /// The files and folders whose changes void the memo.
    watched: Vec<PathBuf>,
    /// When the digest was taken.
    taken: SystemTime,
}

impl Inputs {
    /// Takes the digest of `bounded` (files the loader reads at most
    /// [`super::limits::MAX_FILE_BYTES`] and one byte of: beyond that it reads no more and says
    /// the file is too large), `whole` (files read whole) and `folders` (folders that count by
    /// their name, empty or not), each by its path from `root`. A file that is not a regular
    /// file, or cannot be read, counts by its absence.
    pub fn take(
        root: &Path,
        bounded: &[PathBuf],
        whole: &[PathBuf],
        folders: &[PathBuf],
    ) -> Inputs {
        let taken = crate::clock::file_time_now();
        let mut hash = Sha256::new();
        let limit = super::limits::MAX_FILE_BYTES + 1;
        let files = bounded
            .iter()
            .map(|p| (p, limit))
            .chain(whole.iter().map(|p| (p, u64::MAX)));
        for (path, limit) in files {
            name(&mut hash, root, path);
            match content(path, limit) {
                Some(bytes) => {
                    hash.update([1]);
                    hash.update(Sha256::digest(&bytes));
                }
                None => hash.update([0]),
            }
        }
        for folder in folders {
            name(&mut hash, root, folder);
            hash.update([2]);
        }
        let mut watched: Vec<PathBuf> = bounded
            .iter()
            .chain(whole)
            .chain(folders)
            .cloned()
            .collect();
        // A file added and removed again leaves its folder changed, if nothing else.
        let parents: Vec<PathBuf> = watched
            .iter()
            .filter_map(|p| p.parent().map(Path::to_path_buf))
            .collect();
        watched.extend(parents);
        // What is not there (nor a link to what is) is not watched: creating it changes the
        // folder it is in.
        watched.retain(|p| p.metadata().is_ok());
        watched.sort();
        watched.dedup();
        Inputs {
            digest: super::digests::hex(&hash.finalize()),
            watched,
            taken,
        }
    }

    /// The digest.
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// Whether none of the files and folders changed since shortly before the digest was taken
    /// (the file system's time resolution, see [`Stamp::racy`]): a file changed and changed
    /// back while the command ran gives the same digest, though what was loaded came in
    /// between, so a memo is kept only when this holds.
    pub fn settled(&self) -> bool {
        self.watched.iter().all(|path| {
            std::fs::metadata(path).is_ok_and(|meta| !Stamp::from_metadata(&meta).racy(self.taken))
        })
    }
}

/// Hashes the name of `path` (from `root`), its length first: no two lists of names run
/// together the same way.
fn name(hash: &mut Sha256, root: &Path, path: &Path) {
    let shown = super::display_path(root, path);
    let name = shown.as_os_str().as_encoded_bytes();
    hash.update((name.len() as u64).to_le_bytes());
    hash.update(name);
}

/// At most `limit` bytes of the regular file at `path` (a link followed), if it reads.
fn content(path: &Path, limit: u64) -> Option<Vec<u8>> {
    use std::io::Read;
    if !path.metadata().ok()?.is_file() {
        return None;
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(limit)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(bytes)
}

/// The memo's context: the digest of the loaded files ([`Inputs`]), the facts of every
/// case as `archive` has them (the ones the findings were made with) and `purpose` (the
/// command, its options and its day).
pub fn context(inputs: &Inputs, archive: &Archive, purpose: &str) -> String {
    let mut hash = Sha256::new();
    for part in [crate::program::PROGRAM, purpose, inputs.digest()] {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part.as_bytes());
    }
    for (path, facts) in archive.iter() {
        hash.update(format!("{:?}\0{facts:?}\0", path.as_os_str()).as_bytes());
    }
    for path in archive.unreadable() {
        hash.update(format!("{:?}\0", path.as_os_str()).as_bytes());
    }
    super::digests::hex(&hash.finalize())
}

/// One command's memo: the values kept for each case file, by path as shown.
pub struct Memo {
    file: PathBuf,
    header: String,
    /// What the memo on disk holds: each path's stamp and value (JSON).
    known: HashMap<String, (Stamp, String)>,
    /// What the next memo will hold, in the order met.
    next: Vec<(String, Stamp, String)>,
    /// Whether the next memo differs from the one on disk.
    changed: bool,
    /// When the files were looked at: a file changed too close to it is not kept.
    since: SystemTime,
}

impl Memo {
    /// The memo of `command` under `root` (`list`, `deadlines-ru`: a command and the options
    /// that take few values have one each), for `context` ([`context`]): empty when there is
    /// none, or one of another context or program.
    pub fn open(root: &Path, command: &str, context: &str) -> Memo {
        // The name is the caller's, an option's value in it: only letters, digits and `-`
        // stay, so it names a file in `.appeal/` and nothing else.
        let name: String = command
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let file = root.join(format!(".appeal/memo-{name}.tsv"));
        let header = format!("# appeal memo {} {context}", crate::program::PROGRAM);
        let text = super::own_file::read(&file, MAX_BYTES).unwrap_or_default();
        let mut lines = super::own_file::whole_lines(&text).lines();
        let known = if lines.next() == Some(header.as_str()) {
            lines.filter_map(line).collect()
        } else {
            HashMap::new()
        };
        Memo {
            changed: known.is_empty(),
            file,
            header,
            known,
            next: Vec::new(),
            since: crate::clock::file_time_now(),
        }
    }

    /// The value kept for the file `shown` at `stamp`, when the memo has one of that stamp
    /// that reads as a `T` and `holds` of it; it is kept for the next memo too.
    pub fn recall<T: DeserializeOwned>(
        &mut self,
        shown: &Path,
        stamp: Option<Stamp>,
        holds: impl Fn(&T) -> bool,
    ) -> Option<T> {
        let (shown, stamp) = (shown.to_str()?, stamp?);
        let (was, json) = self.known.remove(shown)?;
        let value = (was == stamp)
            .then(|| serde_json::from_str(&json).ok())
            .flatten()
            .filter(holds);
        match value {
            Some(value) => {
                self.next.push((shown.to_string(), stamp, json));
                Some(value)
            }
            None => {
                self.changed = true;
                None
            }
        }
    }

    /// Keeps `value` for the file `shown` at `stamp` (when it was taken early enough to trust).
    pub fn keep<T: Serialize>(&mut self, shown: &Path, stamp: Option<Stamp>, value: &T) {
        self.changed = true;
        let (Some(shown), Some(stamp)) = (shown.to_str(), stamp) else {
            return;
        };
        // A path a line cannot hold as it is is read from its file next time.
        if stamp.racy(self.since) || shown.contains(['\t', '\n', '\r']) {
            return;
        }
        if let Ok(json) = serde_json::to_string(value) {
            self.next.push((shown.to_string(), stamp, json));
        }
    }

    /// Writes the memo in place of the old one, all at once, when it changed; quietly does
    /// nothing when it cannot (a read-only project reads the files each time).
    pub fn save(self) {
        // Unchanged: every line recalled, none left over.
        if !self.changed && self.known.is_empty() {
            return;
        }
        let mut text = self.header;
        text.push('\n');
        for (path, stamp, json) in &self.next {
            let _ = writeln!(text, "{path}\t{}\t{json}", stamp.fields());
        }
        super::own_file::keep(&self.file, text.as_bytes());
    }
}

/// One line of the memo: its path, stamp and value.
fn line(line: &str) -> Option<(String, (Stamp, String))> {
    let mut f = line.splitn(6, '\t');
    let mut next = || f.next();
    let path = next()?;
    let stamp = Stamp::parse([next()?, next()?, next()?, next()?])?;
    Some((path.to_string(), (stamp, next()?.to_string())))
}
