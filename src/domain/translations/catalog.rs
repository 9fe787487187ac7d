//! The PO catalog a translator gets for one case and language: one entry per paragraph of each
//! source text (`msgctxt "field/N"`), the translation so far as its msgstr, and notes saying
//! what each text is and which ones need review.

use super::{State, Text, describe, source_language, state_of, texts};
use crate::load::Doc;
use crate::model::Case;
use crate::model::text::paragraphs;
use crate::po::{Catalog, Entry};
use chrono::{DateTime, Utc};

/// The PO catalog for translating `case` into `lang`, revised at `revised`.
pub fn catalog(case: &Doc<Case>, lang: &str, revised: DateTime<Utc>) -> Catalog {
    let c = &case.value;
    let source = source_language(c);
    let mut entries = Vec::new();
    for text in texts(c) {
        if let Some(state) = state_of(c, &text, lang) {
            entries.extend(text_entries(case, &text, state, lang));
        }
    }
    Catalog {
        comment: vec![
            format!(
                "Case {} ({}): texts in {lang}, translated from {source}.",
                c.id, c.reference
            ),
            "Translate each msgstr. Entries marked fuzzy were translated from an older source text:".into(),
            "review them and remove the mark. Then, in the project folder:".into(),
            format!("  appeal translations {} --import THIS-FILE.po", c.id),
        ],
        header: vec![
            ("Project-Id-Version".into(), c.id.clone()),
            (
                "PO-Revision-Date".into(),
                revised.format("%Y-%m-%d %H:%M+0000").to_string(),
            ),
            ("Last-Translator".into(), String::new()),
            ("Language-Team".into(), String::new()),
            ("Language".into(), lang.into()),
            ("MIME-Version".into(), "1.0".into()),
            (
                "Content-Type".into(),
                "text/plain; charset=UTF-8".into(),
            ),
            ("Content-Transfer-Encoding".into(), "8bit".into()),
            ("X-Source-Language".into(), source.into()),
            ("X-Appeal-Case".into(), c.id.clone()),
        ],
        entries,
    }
}

/// The entries of one text, one per paragraph of its source text.
fn text_entries(case: &Doc<Case>, text: &Text, state: State, lang: &str) -> Vec<Entry> {
    let source = source_language(&case.value);
    let file = case.file.path.display().to_string().replace('\\', "/");
    let source_paragraphs = paragraphs(text.map.get(source).map_or("", String::as_str));
    let translated = paragraphs(text.map.get(lang).map_or("", String::as_str));
    let lined_up = translated.is_empty() || translated.len() == source_paragraphs.len();
    let (line, _) = case.file.spans.locate(&text.location(source));
    let count = source_paragraphs.len();
    let mut entries = Vec::new();
    for (i, paragraph) in source_paragraphs.iter().enumerate() {
        let mut notes = vec![describe(&text.field)];
        if count > 1 {
            notes.push(format!("Paragraph {} of {count}", i + 1));
        }
        if i == 0 {
            match state {
                State::Stale => notes.push(format!(
                    "The source text has changed since this was translated: compare with the {source} text"
                )),
                State::Untracked => notes.push(
                    "No record of the source text this was translated from: check it".into(),
                ),
                _ => {}
            }
            if !lined_up {
                notes.push(format!(
                    "The translation has {} paragraphs and the source {count}: the rest of the translation is in the last entry",
                    translated.len()
                ));
            }
        }
        // Paragraphs beyond the source's count go into the last entry, so none is lost.
        let msgstr = if !lined_up && i + 1 == count {
            translated
                .get(i..)
                .map(|t| t.join("\n\n"))
                .unwrap_or_default()
        } else {
            translated.get(i).cloned().unwrap_or_default()
        };
        entries.push(Entry {
            notes,
            references: vec![format!("{file}:{line}")],
            fuzzy: state == State::Stale || !lined_up,
            context: Some(format!("{}/{}", text.field, i + 1)),
            id: paragraph.clone(),
            text: msgstr,
            line: 0,
        });
    }
    entries
}
