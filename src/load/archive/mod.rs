//! The archive: the facts ([`CaseFacts`]) of every case file under `appeals/cases/`, found by
//! id, by the id a document follows and by reference, so that an action's chain is a few
//! look-ups whatever the archive's size. A command about one case reads the archive this way
//! ([`Archive::read`]: from the index cache in `.appeal/`, a scan of the top-level lines of the
//! files the cache does not know, or, when the scan cannot be sure, a full parse) and parses
//! in full only the documents it works on; a command that reads every case builds it from them
//! ([`Archive::of_docs`]).

mod cache;
pub mod scan;

use super::{Doc, display_path, parse_file};
use crate::model::{Case, CaseFacts};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A hash for the archive's short keys: FNV-1a, several times faster than the default on ids
/// and paths, which matters with ten thousand of them read for every command. The keys are
/// the project's own files, not input from strangers: no flooding to fear.
#[derive(Default)]
pub struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Maps keyed by the archive's ids, references and paths.
type Fast = std::hash::BuildHasherDefault<Fnv>;

/// The facts of every case file, indexed.
#[derive(Debug, Default, Clone)]
pub struct Archive {
    /// Each file's path (as shown) and facts, sorted by path.
    entries: Vec<(PathBuf, CaseFacts)>,
    by_id: HashMap<String, Vec<usize>, Fast>,
    followers: HashMap<String, Vec<usize>, Fast>,
    by_reference: HashMap<String, Vec<usize>, Fast>,
    /// Case files whose facts could not be read (they do not read at all).
    unreadable: Vec<PathBuf>,
}

impl Archive {
    /// The archive of case documents read in full.
    pub fn of_docs(docs: &[Doc<Case>]) -> Archive {
        let mut archive = Archive::default();
        for doc in docs {
            archive.push(doc.file.path.clone(), CaseFacts::of(&doc.value));
        }
        archive
    }

    /// Reads the facts of every case file under `root`'s `appeals/cases/` without parsing them
    /// (see the module's documentation), refreshing the index cache.
    pub fn read(root: &Path) -> Archive {
        let dir = root.join(super::APPEALS_DIR).join("cases");
        let text = cache::text(root).unwrap_or_default();
        let known: HashMap<&str, _, Fast> = cache::read(&text);
        let since = std::time::SystemTime::now();
        let mut archive = Archive::default();
        let mut stamps = Vec::new();
        let mut changed = false;
        for (path, meta) in super::yaml_files_with_metadata(&dir) {
            let shown = display_path(root, &path);
            let stamp = meta.as_ref().map(cache::Stamp::from_metadata);
            let cached = shown.to_str().and_then(|s| known.get(s));
            let facts = match (cached, &stamp) {
                (Some((was, facts)), Some(now)) if was == now => Some(facts.clone()),
                _ => {
                    changed = true;
                    facts_of_file(root, &path)
                }
            };
            match facts {
                Some(facts) => {
                    stamps.push(stamp);
                    archive.push(shown, facts);
                }
                None => archive.unreadable.push(shown),
            }
        }
        if changed || known.len() != archive.entries.len() {
            cache::write(root, &archive.entries, &stamps, since);
        }
        archive
    }

    /// Adds a document.
    pub fn push(&mut self, path: PathBuf, facts: CaseFacts) {
        let i = self.entries.len();
        self.by_id.entry(facts.id.clone()).or_default().push(i);
        if let Some(prev) = &facts.follows {
            self.followers.entry(prev.clone()).or_default().push(i);
        }
        self.by_reference
            .entry(facts.reference.clone())
            .or_default()
            .push(i);
        self.entries.push((path, facts));
    }

    /// Every document, with its file, in path order.
    pub fn iter(&self) -> impl Iterator<Item = &(PathBuf, CaseFacts)> {
        self.entries.iter()
    }

    /// How many documents.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The documents with id `id`, with their files (more than one is a mistake `check`
    /// reports), in path order.
    pub fn with_id<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a (PathBuf, CaseFacts)> {
        self.look(&self.by_id, id)
    }

    /// The first document with id `id`.
    pub fn get(&self, id: &str) -> Option<&CaseFacts> {
        self.with_id(id).next().map(|(_, f)| f)
    }

    /// The place of the first document with id `id` among all, in path order.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).and_then(|found| found.first().copied())
    }

    /// The documents that name `id` as the one they follow.
    pub fn followers<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a CaseFacts> {
        self.look(&self.followers, id).map(|(_, f)| f)
    }

    /// The documents of the action `reference`.
    pub fn action<'a>(&'a self, reference: &str) -> impl Iterator<Item = &'a CaseFacts> {
        self.look(&self.by_reference, reference).map(|(_, f)| f)
    }

    /// Every id, in path order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(_, f)| f.id.as_str())
    }

    /// Case files that do not read at all: their facts are unknown.
    pub fn unreadable(&self) -> &[PathBuf] {
        &self.unreadable
    }

    fn look<'a>(
        &'a self,
        index: &'a HashMap<String, Vec<usize>, Fast>,
        key: &str,
    ) -> impl Iterator<Item = &'a (PathBuf, CaseFacts)> {
        index
            .get(key)
            .into_iter()
            .flatten()
            .map(|&i| &self.entries[i])
    }
}

/// The facts of one case file: scanned, or parsed when the scan cannot be sure; `None` when
/// the file does not read.
fn facts_of_file(root: &Path, path: &Path) -> Option<CaseFacts> {
    if let Ok(Some(text)) = super::read_bounded(path)
        && let Some(facts) = scan::scan(&text)
    {
        return Some(facts);
    }
    parse_file::<Case>(root, path)
        .0
        .map(|doc| CaseFacts::of(&doc.value))
}
