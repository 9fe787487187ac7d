//! The record of what a build made each page and fax from, `.appeal-site-inputs` in the
//! output folder, so that the next build reuses what has not changed (see
//! [`crate::render::site::fingerprint`]). The only code that reads or writes it is here. It is
//! the build's memory, not an input: a record that does not read (another version, a damaged
//! line) or that names a file no longer there makes the build make that page again, nothing
//! worse.
//!
//! Format: a header `# appeal site inputs 1`, then one JSON object per line:
//! `{"page": {…}}` for an action page (its fingerprint, files, index line and warnings), or
//! `{"fax": {"path": …, "fingerprint": …}}` for a fax.

use crate::render::site::Built;
use crate::render::site::fingerprint::{PageRecord, Previous};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The record, under the output folder.
pub const INPUTS: &str = ".appeal-site-inputs";

const HEADER: &str = "# appeal site inputs 1";

/// One line of the record.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Line {
    Page(Box<PageRecord>),
    Fax { path: String, fingerprint: String },
}

/// What the build published in `published` made, as far as its files are all still there as
/// they were published (regular files): a page missing any of its files is made again.
pub fn read(published: &Path) -> Previous {
    let mut previous = Previous::default();
    let Ok(text) = std::fs::read_to_string(published.join(INPUTS)) else {
        return previous;
    };
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return previous;
    }
    let there = |rel: &str| {
        super::publish::inside(rel)
            && std::fs::symlink_metadata(published.join(rel)).is_ok_and(|m| m.is_file())
    };
    for line in lines {
        match serde_json::from_str::<Line>(line) {
            Ok(Line::Page(page)) if page.files.iter().all(|f| there(f)) => {
                previous.pages.insert(page.page.clone(), *page);
            }
            Ok(Line::Fax { path, fingerprint }) if there(&path) => {
                previous.faxes.insert(path, fingerprint);
            }
            _ => {}
        }
    }
    previous
}

/// The record of `built`.
pub fn text(built: &Built) -> String {
    let mut text = format!("{HEADER}\n");
    let pages = built.pages.iter().map(|p| Line::Page(Box::new(p.clone())));
    let faxes = built.faxes.iter().map(|(path, fingerprint)| Line::Fax {
        path: path.clone(),
        fingerprint: fingerprint.clone(),
    });
    for line in pages.chain(faxes) {
        // A record serialises: its values are strings and numbers.
        if let Ok(json) = serde_json::to_string(&line) {
            text.push_str(&json);
            text.push('\n');
        }
    }
    text
}
