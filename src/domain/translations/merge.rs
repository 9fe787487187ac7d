//! What an imported PO catalog changes in a case. A text is imported whole: all its paragraphs
//! there, numbered 1 to N, and translated; it is recorded as made from the source text the
//! translator saw, which may be older than the case's own (the translation then shows stale).

use super::{Change, Text, is_present, source_language, texts};
use crate::error::{Problem, suggestion};
use crate::model::Case;
use crate::model::text::paragraphs;
use crate::po::{Catalog, Entry};
use std::collections::BTreeMap;
use std::path::Path;

/// What importing a catalog changes, and what it leaves out.
#[derive(Debug, Default)]
pub struct Merge {
    /// The changes to make to the case file.
    pub changes: Vec<Change>,
    /// The texts that change.
    pub imported: Vec<String>,
    /// How many texts the catalog has as the case has them already.
    pub unchanged: usize,
    /// The texts left out, each with the reason.
    pub skipped: Vec<String>,
    /// Entries that belong to no text of the case, located in the PO file.
    pub warnings: Vec<Problem>,
}

/// A text's entries, each with its paragraph number.
type Numbered<'c> = Vec<(usize, &'c Entry)>;

/// Works out what importing `catalog` (read from `po_path`) as the `lang` texts of `case`
/// changes; with `with_fuzzy`, entries marked fuzzy are imported too (and stay stale).
pub fn merge(
    case: &Case,
    catalog: &Catalog,
    lang: &str,
    with_fuzzy: bool,
    po_path: &Path,
) -> Merge {
    let mut merge = Merge::default();
    let mut by_field = by_field(catalog, po_path, &mut merge.warnings);
    let texts = texts(case);
    let source = source_language(case);
    for (field, entries) in &by_field {
        if !texts
            .iter()
            .any(|t| t.field == *field && is_present(t.map.get(source)))
        {
            merge.warnings.push(Problem::warning(
                po_path,
                (entries[0].1.line, 1),
                format!(
                    "case {} has no {source} text `{field}`{}; skipped",
                    case.id,
                    suggestion(field, texts.iter().map(|t| t.field.as_str()))
                ),
            ));
        }
    }
    for text in &texts {
        if !is_present(text.map.get(source)) {
            continue;
        }
        let Some(entries) = by_field.get_mut(text.field.as_str()) else {
            continue;
        };
        entries.sort_by_key(|(n, _)| *n);
        match merge_text(case, text, entries, lang, with_fuzzy) {
            Outcome::Untranslated => {}
            Outcome::Skipped(why) => merge.skipped.push(why),
            Outcome::Unchanged => merge.unchanged += 1,
            Outcome::Changed(changes) => {
                merge.changes.extend(changes);
                merge.imported.push(text.field.clone());
            }
        }
    }
    merge
}

/// The catalog's entries by field; an entry without a `field/N` context is warned about.
fn by_field<'c>(
    catalog: &'c Catalog,
    po_path: &Path,
    warnings: &mut Vec<Problem>,
) -> BTreeMap<&'c str, Numbered<'c>> {
    let mut by_field: BTreeMap<&str, Numbered> = BTreeMap::new();
    for e in &catalog.entries {
        let parsed = e
            .context
            .as_deref()
            .and_then(|ctx| ctx.rsplit_once('/'))
            .and_then(|(field, n)| Some((field, n.parse::<usize>().ok().filter(|n| *n > 0)?)));
        match parsed {
            Some((field, n)) => by_field.entry(field).or_default().push((n, e)),
            None => warnings.push(Problem::warning(
                po_path,
                (e.line, 1),
                "an entry without a `field/N` context (msgctxt) is not from `appeal translations --export`; skipped",
            )),
        }
    }
    by_field
}

/// What the entries of one text come to.
enum Outcome {
    /// Nothing translated: nothing to import.
    Untranslated,
    /// Left out, for the reason given.
    Skipped(String),
    /// The same text and fingerprint as the case has.
    Unchanged,
    /// The changes to make.
    Changed(Vec<Change>),
}

/// What the entries of `text`, sorted by paragraph number, come to.
fn merge_text(
    case: &Case,
    text: &Text,
    entries: &Numbered,
    lang: &str,
    with_fuzzy: bool,
) -> Outcome {
    let field = &text.field;
    let numbers: Vec<usize> = entries.iter().map(|(n, _)| *n).collect();
    if numbers != (1..=numbers.len()).collect::<Vec<_>>() {
        return Outcome::Skipped(format!(
            "{field} (its entries are numbered {}; expected 1 to {})",
            numbers
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            numbers.len()
        ));
    }
    let fuzzy = entries.iter().filter(|(_, e)| e.fuzzy).count();
    if fuzzy > 0 && !with_fuzzy {
        return Outcome::Skipped(format!(
            "{field} (fuzzy: review it and remove the mark, or pass --fuzzy)"
        ));
    }
    let empty: Vec<String> = entries
        .iter()
        .filter(|(_, e)| e.text.trim().is_empty())
        .map(|(n, _)| n.to_string())
        .collect();
    if empty.len() == entries.len() {
        return Outcome::Untranslated;
    }
    if !empty.is_empty() {
        return Outcome::Skipped(format!(
            "{field} (paragraph {} of {} not translated)",
            empty.join(", "),
            entries.len()
        ));
    }
    let value = entries
        .iter()
        .map(|(_, e)| paragraphs(&e.text).join("\n\n"))
        .collect::<Vec<_>>()
        .join("\n\n");
    // The source the translator saw, which may be older than the case's now: then the
    // translation is recorded as made from it, and shows as stale.
    let seen_source = entries
        .iter()
        .map(|(_, e)| e.id.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    let fingerprint = (fuzzy == 0).then(|| super::fingerprint(&seen_source));
    let same_text = text
        .map
        .get(lang)
        .is_some_and(|old| paragraphs(old) == paragraphs(&value));
    let recorded = case.translated_from.get(lang).and_then(|m| m.get(field));
    let same_fingerprint = fingerprint.is_none() || recorded.map(|f| &f.0) == fingerprint.as_ref();
    if same_text && same_fingerprint {
        return Outcome::Unchanged;
    }
    let mut changes = Vec::new();
    if !same_text {
        changes.push(Change::Text {
            field: field.clone(),
            lang: lang.to_string(),
            value,
        });
    }
    if let Some(value) = fingerprint.filter(|_| !same_fingerprint) {
        changes.push(Change::Fingerprint {
            field: field.clone(),
            lang: lang.to_string(),
            value,
        });
    }
    Outcome::Changed(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(context: &str, id: &str, text: &str, fuzzy: bool) -> Entry {
        Entry {
            context: Some(context.into()),
            id: id.into(),
            text: text.into(),
            fuzzy,
            ..Entry::default()
        }
    }

    #[test]
    fn a_text_is_imported_whole_or_not_at_all() {
        let case: Case = crate::load::parse_str(
            "id: x\nreference: R\norganisation: O\nkind: new\ncountry: KZ\nlanguages: [en, ru]\n\
             title: {en: Title}\nsummary: {en: \"One.\\n\\nTwo.\"}\npeople: []\nstory: {en: S}\n\
             asks: []\ntargets: []\n",
        )
        .unwrap();
        let catalog = Catalog {
            entries: vec![
                entry("title/1", "Title", "Заголовок", false),
                entry("summary/1", "One.", "Один.", false),
                entry("summary/2", "Two.", "", false),
                entry("story/1", "S", "С", true),
                entry("nosuch/1", "x", "y", false),
            ],
            ..Catalog::default()
        };
        let m = merge(&case, &catalog, "ru", false, Path::new("ru.po"));
        assert_eq!(m.imported, ["title"]);
        assert_eq!(
            m.skipped,
            [
                "summary (paragraph 2 of 2 not translated)",
                "story (fuzzy: review it and remove the mark, or pass --fuzzy)"
            ]
        );
        assert!(matches!(
            &m.changes[..],
            [Change::Text { .. }, Change::Fingerprint { .. }]
        ));
        assert_eq!(m.warnings.len(), 1, "{:?}", m.warnings);
        // With --fuzzy the story comes in too, with no fingerprint: it stays stale.
        let m = merge(&case, &catalog, "ru", true, Path::new("ru.po"));
        assert_eq!(m.imported, ["title", "story"]);
    }
}
