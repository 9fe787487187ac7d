//! `--import`: reads a translator's PO file back into the case file.

use super::{edit_case, translation_language};
use crate::domain::translations::merge::merge;
use crate::error::{Error, Problem, Result};
use crate::load::Doc;
use crate::model::Case;
use crate::po::{self, Catalog};
use std::path::Path;

/// What reading a PO file did.
#[derive(Debug)]
pub struct Imported {
    /// Entries of the PO file that belong to no text, skipped. They stand even when the case
    /// file could not be written.
    pub warnings: Vec<Problem>,
    /// What was imported, or why the case file could not be written.
    pub outcome: Result<Summary>,
}

/// What was imported.
#[derive(Debug)]
pub struct Summary {
    /// The case id.
    pub case: String,
    /// The translation language.
    pub lang: String,
    /// How many texts changed.
    pub imported: usize,
    /// How many the PO file has as the case has them already.
    pub unchanged: usize,
    /// The texts left out, each with the reason.
    pub skipped: Vec<String>,
}

/// Reads the PO file `po_path` into the case file `file`. The language is the PO file's own
/// (`lang_flag` when it has none); with `with_fuzzy`, entries marked fuzzy are imported too.
pub fn import(
    case: &Doc<Case>,
    file: &Path,
    po_path: &Path,
    lang_flag: Option<&str>,
    with_fuzzy: bool,
) -> Result<Imported> {
    let c = &case.value;
    let catalog = read_catalog(po_path)?;
    if let Some(other) = catalog.header("X-Appeal-Case")
        && other != c.id
    {
        return Err(Error::Usage(format!(
            "{} holds the texts of case {other}, not {}: `appeal translations {other} --import {}`",
            po_path.display(),
            c.id,
            po_path.display()
        )));
    }
    let lang = language(&catalog, lang_flag, po_path)?;
    let lang = translation_language(c, &lang)?.to_string();
    let merge = merge(c, &catalog, &lang, with_fuzzy, po_path);
    let written = if merge.changes.is_empty() {
        Ok(())
    } else {
        edit_case::apply(case, file, &merge.changes)
    };
    Ok(Imported {
        warnings: merge.warnings,
        outcome: written.map(|()| Summary {
            case: c.id.clone(),
            lang,
            imported: merge.imported.len(),
            unchanged: merge.unchanged,
            skipped: merge.skipped,
        }),
    })
}

/// An error at `line` of the PO file.
fn at(po_path: &Path, line: usize, message: String) -> Error {
    Error::Invalid(vec![Problem::error(po_path, (line, 1), message)])
}

/// The PO file, read within a size bound, as UTF-8.
fn read_catalog(po_path: &Path) -> Result<Catalog> {
    let limit = po::MAX_FILE_BYTES;
    let mut bytes = Vec::new();
    {
        use std::io::Read;
        std::fs::File::open(po_path)
            .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
            .map_err(|e| Error::io(po_path, e))?;
    }
    if bytes.len() as u64 > limit {
        return Err(at(
            po_path,
            1,
            format!(
                "the PO file is larger than {} MiB: a case's texts fit in far less; is it the right file?",
                limit >> 20
            ),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        at(
            po_path,
            1,
            "the PO file is not UTF-8: save it as UTF-8 (Poedit does by default)".into(),
        )
    })?;
    let catalog = po::parse(&text)
        .map_err(|(loc, message)| Error::Invalid(vec![Problem::error(po_path, loc, message)]))?;
    if let Some(charset) = catalog
        .header("Content-Type")
        .and_then(|t| t.split("charset=").nth(1))
        && !charset.trim().eq_ignore_ascii_case("utf-8")
    {
        return Err(at(
            po_path,
            1,
            format!("the PO file says charset={charset}: save it as UTF-8"),
        ));
    }
    Ok(catalog)
}

/// The language of the PO file: its Language header, else `lang_flag`; both must agree.
fn language(catalog: &Catalog, lang_flag: Option<&str>, po_path: &Path) -> Result<String> {
    // `ru_RU`, `ru-RU` and `ru` all mean the case's `ru`.
    let header_lang = catalog.header("Language").map(|l| {
        l.split(['_', '-', '@', '.'])
            .next()
            .unwrap_or(l)
            .to_ascii_lowercase()
    });
    match (header_lang.as_deref(), lang_flag) {
        (Some(h), Some(f)) if !h.is_empty() && h != f => Err(Error::Usage(format!(
            "{} is in `{h}` (its Language header), not `{f}`: leave out --lang",
            po_path.display()
        ))),
        (Some(h), _) if !h.is_empty() => Ok(h.to_string()),
        (_, Some(f)) => Ok(f.to_string()),
        _ => Err(at(
            po_path,
            1,
            "the PO file has no Language header: add `\"Language: ru\\n\"` to it, or pass --lang"
                .into(),
        )),
    }
}
