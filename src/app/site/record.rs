//! The record of what a build made each page and fax from, `.appeal-site-inputs` in the
//! output folder, so that the next build reuses what has not changed (see
//! [`crate::render::site::fingerprint`]). The only code that reads or writes it is here. It is
//! the build's memory, not an input: a record that does not read (another version, a damaged
//! line, anything but a regular file of its own: see [`crate::load::own_file`]) or that
//! names a file no longer there as the build left it makes the build make that page again,
//! nothing worse. A file is there as the build left it when it is a regular file inside the
//! output folder, reached without a symbolic link (one could lead out of the folder), with
//! the size, modification time and inode recorded: a page or PDF changed or replaced by hand
//! is made again, as the page of a record that lists files outside its own folder.
//!
//! Format: a header `# appeal site inputs 2`, then one JSON object per line:
//! `{"page": {…}}` for an action page (its fingerprint, files, index line and warnings),
//! `{"fax": {"path": …, "fingerprint": …}}` for a fax, and `{"file": {"path": …, "size": …,
//! "modified": [seconds, nanoseconds], "inode": …}}` for each file of a page as published.

use super::publish::{Publisher, regular_inside};
use crate::render::site::Built;
use crate::render::site::fingerprint::{PageRecord, Previous};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// The record, under the output folder.
pub const INPUTS: &str = ".appeal-site-inputs";

const HEADER: &str = "# appeal site inputs 2";

/// A record larger than this is not read (some 1.6 kB a page: 30,000 pages take 50 MB).
const MAX_BYTES: u64 = 512 << 20;

/// One line of the record.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Line {
    Page(Box<PageRecord>),
    Fax {
        path: String,
        fingerprint: String,
    },
    File {
        path: String,
        #[serde(flatten)]
        stamp: Stamp,
    },
}

/// What tells that a published file is still the one the build left, without reading it: its
/// size, modification time and inode. Not its change time: carrying a file over to the next
/// build (a hard link, see [`crate::deliver::staged`]) changes that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    size: u64,
    modified: (i64, i64),
    inode: u64,
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp {
                size: meta.size(),
                modified: (meta.mtime(), meta.mtime_nsec()),
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or((0, 0), |d| {
                    (d.as_secs() as i64, i64::from(d.subsec_nanos()))
                });
            Stamp {
                size: meta.len(),
                modified,
                inode: 0,
            }
        }
    }
}

/// What the build published in `published` made, as far as its files are all still there as
/// the build left them (see the module's documentation): a page missing any of its files, or
/// with one changed, is made again.
pub fn read(published: &Path) -> Previous {
    let mut previous = Previous::default();
    let Some(text) = crate::load::own_file::read(&published.join(INPUTS), MAX_BYTES) else {
        return previous;
    };
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return previous;
    }
    let mut pages = Vec::new();
    let mut faxes = Vec::new();
    let mut stamps = HashMap::new();
    for line in lines {
        match serde_json::from_str::<Line>(line) {
            Ok(Line::Page(page)) => pages.push(page),
            Ok(Line::Fax { path, fingerprint }) => faxes.push((path, fingerprint)),
            Ok(Line::File { path, stamp }) => {
                stamps.insert(path, stamp);
            }
            Err(_) => {}
        }
    }
    let there = |rel: &str| {
        stamps.get(rel).is_some_and(|stamp| {
            regular_inside(published, rel).is_some_and(|meta| Stamp::of(&meta) == *stamp)
        })
    };
    for page in pages {
        if page.files_are_its_own() && page.files.iter().all(|f| there(f)) {
            previous.pages.insert(page.page.clone(), *page);
        }
    }
    for (path, fingerprint) in faxes {
        if there(&path) {
            previous.faxes.insert(path, fingerprint);
        }
    }
    previous
}

/// The record of `built`, its files as `publisher` has them now (each as it will be
/// published: written for this build, or the previous build's, carried over).
pub fn text(built: &Built, publisher: &Publisher) -> String {
    let mut text = format!("{HEADER}\n");
    let pages = built.pages.iter().map(|p| Line::Page(Box::new(p.clone())));
    let faxes = built.faxes.iter().map(|(path, fingerprint)| Line::Fax {
        path: path.clone(),
        fingerprint: fingerprint.clone(),
    });
    let files = built
        .pages
        .iter()
        .flat_map(|p| &p.files)
        .filter_map(|path| {
            let stamp = Stamp::of(&publisher.file(path)?);
            Some(Line::File {
                path: path.clone(),
                stamp,
            })
        });
    for line in pages.chain(faxes).chain(files) {
        // A record serialises: its values are strings and numbers.
        if let Ok(json) = serde_json::to_string(&line) {
            text.push_str(&json);
            text.push('\n');
        }
    }
    text
}
