//! `--mark-current`: records that hand-edited translations translate the current source texts.

use super::edit_case;
use crate::domain::translations;
use crate::error::{Error, Result, suggestion};
use crate::load::Doc;
use crate::model::Case;
use std::path::Path;

/// What was marked.
#[derive(Debug)]
pub struct Marked {
    /// The case id.
    pub case: String,
    /// The translation language.
    pub lang: String,
    /// How many texts were marked current.
    pub marked: usize,
    /// How many were current already.
    pub already: usize,
    /// The texts with no translation to mark.
    pub untranslated: Vec<String>,
}

/// Records the current source text's fingerprint for each translated text in `lang` (only
/// those of `only`, when given) in the case file `file`.
pub fn mark_current(case: &Doc<Case>, file: &Path, lang: &str, only: &[String]) -> Result<Marked> {
    let c = &case.value;
    let texts = translations::texts(c);
    for field in only {
        if !texts.iter().any(|t| &t.field == field) {
            return Err(Error::Usage(format!(
                "--field: case {} has no text `{field}`{}",
                c.id,
                suggestion(field, texts.iter().map(|t| t.field.as_str()))
            )));
        }
    }
    let marking = translations::mark_current(c, lang, only);
    if !marking.changes.is_empty() {
        edit_case::apply(case, file, &marking.changes)?;
    }
    Ok(Marked {
        case: c.id.clone(),
        lang: lang.to_string(),
        marked: marking.changes.len(),
        already: marking.already,
        untranslated: marking.untranslated,
    })
}
