//! Translation records: which source text each translation was made from.

use crate::domain::translations;
use crate::error::{Problem, suggestion};
use crate::load::Doc;
use crate::model::Case;

/// The source language is one of the case's; each fingerprint names a translation language
/// and a text of the case; a translation made from an older source text is a warning.
pub(super) fn translation_records(case: &Doc<Case>, problems: &mut Vec<Problem>) {
    let c = &case.value;
    let id = &c.id;
    let languages = || c.languages.iter().map(String::as_str);
    if let Some(source) = &c.source_language
        && !c.languages.contains(source)
    {
        problems.push(case.error(
            "source_language",
            format!(
                "`{source}` is not one of the case's languages ({}){}",
                c.languages.join(", "),
                suggestion(source, languages())
            ),
        ));
        return;
    }
    let source = translations::source_language(c);
    let texts = translations::texts(c);
    for (lang, fields) in &c.translated_from {
        let at = format!("translated_from.{lang}");
        if lang == source {
            problems.push(case.warning(
                &at,
                format!("{lang} is the source language, not a translation: remove `translated_from.{lang}`"),
            ));
            continue;
        }
        if !c.languages.contains(lang) {
            problems.push(case.warning(
                &at,
                format!(
                    "`{lang}` is not one of the case's languages{}; remove `translated_from.{lang}`",
                    suggestion(lang, languages())
                ),
            ));
            continue;
        }
        for field in fields.keys() {
            if !texts.iter().any(|t| &t.field == field) {
                problems.push(case.warning(
                    &format!("{at}.{field}"),
                    format!(
                        "the case has no text `{field}`{}; remove its fingerprint",
                        suggestion(field, texts.iter().map(|t| t.field.as_str()))
                    ),
                ));
            }
        }
    }
    for s in translations::status(c) {
        if s.state == translations::State::Stale {
            let (lang, field) = (&s.lang, &s.field);
            let at = texts
                .iter()
                .find(|t| &t.field == field)
                .map_or_else(|| format!("{field}.{lang}"), |t| t.location(lang));
            problems.push(case.warning(
                &at,
                format!(
                    "{lang} {field} was translated from an older {source} {field}: update it, then run `appeal translations {id} --mark-current --lang {lang} --field {field}`"
                ),
            ));
        }
    }
}
