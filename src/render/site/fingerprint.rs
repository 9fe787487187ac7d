//! What a page of the site is made from, as one fingerprint, and what a build records of each
//! page, so that the next build reuses a page (and its letters, faxes and calendar file) whose
//! fingerprint is the same instead of making it again. A fax has a fingerprint of its own (of
//! the data and layout it is compiled from, see [`crate::render::fax::FaxSource`]): a page
//! made again keeps the faxes whose fingerprint did not change.
//!
//! A page's fingerprint (`Shared::fingerprint`) covers: this program ([`crate::program::PROGRAM`]); every project file
//! but the cases (settings, directory, missions, calendars, events, templates, locales: a
//! change to any remakes every page); its own case file; the build date, its day in the case's
//! time zone, the site address and whether faxes are made; the page's language; the case's
//! state and what replaced it; the documents of its action as its chain lists them; and its
//! calendar link. Nothing else of another case shows on a page.

use super::summary::Summary;
use crate::error::Problem;
use crate::load::digests::Digest;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// The digests of the project's files, as the site's fingerprints use them.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Of every file but the cases, together.
    pub(super) shared: Digest,
    /// Of each case file, by its path as shown.
    pub(super) cases: HashMap<PathBuf, Digest>,
}

impl Inputs {
    /// From the digest of every project file, by path from the root (see
    /// [`crate::load::digests::project_files`]).
    pub fn new(files: &BTreeMap<String, Digest>) -> Inputs {
        let cases_dir = format!("{}/cases/", crate::load::APPEALS_DIR);
        let mut shared = Sha256::new();
        let mut cases = HashMap::new();
        for (path, digest) in files {
            if path.starts_with(&cases_dir) {
                cases.insert(PathBuf::from(path), *digest);
            } else {
                part(&mut shared, path.as_bytes());
                part(&mut shared, digest);
            }
        }
        Inputs {
            shared: shared.finalize().into(),
            cases,
        }
    }
}

/// What the previous build made, as far as it is still there whole: its pages' records and
/// the fingerprints of its faxes, by path.
#[derive(Debug, Default)]
pub struct Previous {
    /// By page (`<lang>/<case>`).
    pub pages: HashMap<String, PageRecord>,
    /// Fax fingerprints by path under the output folder.
    pub faxes: HashMap<String, String>,
}

/// What a build records of a page: what it was made from and what it gave.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageRecord {
    /// `<lang>/<case>`.
    pub page: String,
    /// The fingerprint of what it was made from (see the module's documentation).
    pub fingerprint: String,
    /// Its files (the page, letters, faxes, calendar file), by path under the output folder.
    pub files: Vec<String>,
    /// Its line in the language's index and feed.
    pub(super) summary: Summary,
    /// The days left, which orders the index (not shown as such).
    pub(super) days_left: Option<i64>,
    /// The warnings making it gave, told again when it is reused.
    pub warnings: Vec<Problem>,
}

impl PageRecord {
    /// Whether the files it lists are its own: all in its page's folder (`<lang>/<case>/`),
    /// the page (`index.html`) among them. A record that says otherwise (damaged, or edited by
    /// hand) is not reused: reusing it would publish another page's files as its own and leave
    /// its own out of the site.
    pub fn files_are_its_own(&self) -> bool {
        let dir = format!("{}/", self.page);
        let page = format!("{dir}index.html");
        self.files.iter().all(|f| f.starts_with(&dir)) && self.files.contains(&page)
    }
}

/// Adds one part, its length first, so that parts cannot run into each other.
pub(super) fn part(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}
