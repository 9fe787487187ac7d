//! The archive: the facts ([`CaseFacts`]) of every case file under `appeals/cases/`, found by
//! id, by the id a document follows and by reference, so that an action's chain is a few
//! look-ups whatever the archive's size. A command about one case reads the archive this way
//! ([`Archive::read`]: from the index cache in `.appeal/`, a scan of the top-level lines of the
//! files the cache does not know, or, when the scan cannot be sure, a full parse) and parses
//! in full only the documents it works on; a command that reads every case builds it from them
//! ([`Archive::of_docs`]).

mod cache;
mod index;
pub use cache::Stamp;
mod lines;
pub mod scan;

use super::{Doc, display_path, parse_file};
use crate::model::{Case, CaseFacts};
use index::Index;
use std::path::{Path, PathBuf};

/// The facts of every case file, indexed.
#[derive(Debug, Default, Clone)]
pub struct Archive {
    /// Each file's path (as shown) and facts, sorted by path.
    entries: Vec<(PathBuf, CaseFacts)>,
    by_id: Index,
    followers: Index,
    by_reference: Index,
    /// Case files whose facts could not be read (they do not read at all).
    unreadable: Vec<PathBuf>,
    /// Every case file [`Archive::read`] found, in path order, with its stamp.
    files: Vec<(PathBuf, Option<Stamp>)>,
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
        let mut known = cache::read(&text);
        let since = crate::clock::file_time_now();
        let mut archive = Archive::default();
        let mut stamps = Vec::new();
        let mut changed = false;
        let files = cache::stamped_files(&dir);
        for (path, stamp) in &files {
            let (path, stamp) = (path.as_path(), *stamp);
            let shown = display_path(root, path);
            let cached = shown.to_str().and_then(|s| known.remove(&index::hash(s)));
            let facts = match (cached, &stamp) {
                // The same file (its path is part of the line) at the same stamp.
                (Some((was, file, facts)), Some(now))
                    if was == *now && shown == Path::new(file) =>
                {
                    Some(facts)
                }
                _ => {
                    changed = true;
                    facts_of_file(root, path)
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
        if changed || !known.is_empty() {
            cache::write(root, &archive.entries, &stamps, since);
        }
        archive.files = files;
        archive
    }

    /// Every case file [`Archive::read`] found (none for [`Archive::of_docs`]), in path
    /// order, with its stamp when it could be taken.
    pub fn files(&self) -> &[(PathBuf, Option<Stamp>)] {
        &self.files
    }

    /// Adds a document.
    pub fn push(&mut self, path: PathBuf, facts: CaseFacts) {
        let i = self.entries.len();
        self.by_id.add(index::hash(&facts.id), i);
        if let Some(prev) = &facts.follows {
            self.followers.add(index::hash(prev), i);
        }
        self.by_reference.add(index::hash(&facts.reference), i);
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
    pub fn with_id<'a, 'k>(
        &'a self,
        id: &'k str,
    ) -> impl Iterator<Item = &'a (PathBuf, CaseFacts)> + use<'a, 'k> {
        self.look(&self.by_id, id, |f| Some(&f.id))
    }

    /// The first document with id `id`.
    pub fn get(&self, id: &str) -> Option<&CaseFacts> {
        self.with_id(id).next().map(|(_, f)| f)
    }

    /// The place of the first document with id `id` among all, in path order.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id
            .get(index::hash(id))
            .find(|&i| self.entries[i].1.id == id)
    }

    /// The documents that name `id` as the one they follow.
    pub fn followers<'a, 'k>(
        &'a self,
        id: &'k str,
    ) -> impl Iterator<Item = &'a CaseFacts> + use<'a, 'k> {
        self.look(&self.followers, id, |f| f.follows.as_ref())
            .map(|(_, f)| f)
    }

    /// The documents of the action `reference`.
    pub fn action<'a, 'k>(
        &'a self,
        reference: &'k str,
    ) -> impl Iterator<Item = &'a CaseFacts> + use<'a, 'k> {
        self.look(&self.by_reference, reference, |f| Some(&f.reference))
            .map(|(_, f)| f)
    }

    /// Every id, in path order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(_, f)| f.id.as_str())
    }

    /// Case files that do not read at all: their facts are unknown.
    pub fn unreadable(&self) -> &[PathBuf] {
        &self.unreadable
    }

    /// The entries `index` files under `key`, by the key `key_of` gives of each.
    fn look<'a, 'k>(
        &'a self,
        index: &'a Index,
        key: &'k str,
        key_of: fn(&CaseFacts) -> Option<&String>,
    ) -> impl Iterator<Item = &'a (PathBuf, CaseFacts)> + use<'a, 'k> {
        index
            .get(index::hash(key))
            .map(|i| &self.entries[i])
            .filter(move |(_, f)| key_of(f).is_some_and(|k| k == key))
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
