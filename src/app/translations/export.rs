//! `--export`: the PO file for translating a case into one language.

use crate::clock::Clock;
use crate::deliver::files::write_atomic;
use crate::domain::translations::catalog::catalog;
use crate::error::Result;
use crate::load::Doc;
use crate::model::Case;
use std::path::{Path, PathBuf};

/// A PO file made.
#[derive(Debug)]
pub struct Exported {
    /// The case id.
    pub case: String,
    /// The translation language.
    pub lang: String,
    /// The file written, or `None`: the text is for standard output.
    pub written: Option<PathBuf>,
    /// The PO text.
    pub text: String,
    /// How many entries it has.
    pub entries: usize,
    /// How many of them are marked fuzzy.
    pub fuzzy: usize,
    /// How many have no translation yet.
    pub untranslated: usize,
}

/// Makes the PO file for translating `case` into `lang`, and writes it to `out` (unless that
/// is absent or `-`: standard output).
pub fn export(case: &Doc<Case>, lang: &str, out: Option<&Path>, clock: Clock) -> Result<Exported> {
    let catalog = catalog(case, lang, clock.now());
    let text = catalog.write();
    let written = match out {
        Some(path) if path != Path::new("-") => {
            write_atomic(path, text.as_bytes())?;
            Some(path.to_path_buf())
        }
        _ => None,
    };
    Ok(Exported {
        case: case.value.id.clone(),
        lang: lang.to_string(),
        written,
        text,
        entries: catalog.entries.len(),
        fuzzy: catalog.entries.iter().filter(|e| e.fuzzy).count(),
        untranslated: catalog.entries.iter().filter(|e| e.text.is_empty()).count(),
    })
}
