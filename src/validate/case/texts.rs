//! A case's languages and texts: each language has a locale, each text is written in each
//! language (an optional one in none or all), and no text sits under a key that is not one of
//! the case's languages.

use crate::error::Problem;
use crate::i18n::Locales;
use crate::load::Doc;
use crate::model::{Alternatives, Case, Choices, Issuer, Localized};
use crate::validate::fields::known_languages;

/// The languages the case lists, then its texts in them.
pub(super) fn languages_and_texts(
    case: &Doc<Case>,
    locales: &Locales,
    problems: &mut Vec<Problem>,
) {
    let c = &case.value;
    known_languages(case, &c.languages, locales, problems);
    // Texts are asked for only in languages that have a locale: a misspelt language is one
    // error above, not one more per text.
    let written_in: Vec<&String> = c
        .languages
        .iter()
        .filter(|l| locales.has_language(l))
        .collect();
    let texts = Texts {
        case,
        locales,
        languages_ok: written_in.len() == c.languages.len(),
        written_in,
    };
    texts.required("title", &c.title, problems);
    texts.optional("subject", &c.subject, problems);
    texts.alternatives("opening", &c.opening, problems);
    texts.alternatives("concern", &c.concern, problems);
    texts.required("summary", &c.summary, problems);
    texts.required("story", &c.story, problems);
    texts.optional("additional", &c.additional, problems);
    for (i, p) in c.people.iter().enumerate() {
        texts.required(&format!("people.{i}.name"), &p.name, problems);
        texts.optional(&format!("people.{i}.occupation"), &p.occupation, problems);
        texts.optional(&format!("people.{i}.place"), &p.place, problems);
    }
    for (i, ask) in c.asks.iter().enumerate() {
        texts.required(&format!("asks.{i}"), ask, problems);
    }
    for (i, link) in c.links.iter().enumerate() {
        texts.optional(&format!("links.{i}.label"), &link.label, problems);
    }
    if texts.languages_ok {
        for (field, refs) in [("targets", &c.targets), ("copies", &c.copies)] {
            for (i, r) in refs.iter().enumerate() {
                let path = format!("{field}.{i}.salutation");
                stray_languages(case, &path, &r.salutation, locales, problems);
            }
        }
    }
    if let Issuer::Names(names) = &c.organisation
        && texts.languages_ok
    {
        texts.organisation_names(names, problems);
    }
}

/// What a case's texts are checked against.
struct Texts<'a> {
    case: &'a Doc<Case>,
    locales: &'a Locales,
    /// The case's languages that have a locale.
    written_in: Vec<&'a String>,
    /// Whether every language of the case has a locale.
    languages_ok: bool,
}

impl Texts<'_> {
    /// A text the case must have in each of its languages.
    fn required(&self, path: &str, map: &Localized, problems: &mut Vec<Problem>) {
        self.need(path, map, true, problems);
    }

    /// A text the case may leave out; once written in one of its languages, it is needed in
    /// all of them.
    fn optional(&self, path: &str, map: &Localized, problems: &mut Vec<Problem>) {
        self.need(path, map, false, problems);
    }

    /// The text at `path` in each language of the case; an optional one (`required` false)
    /// only when it is written in some language.
    fn need(&self, path: &str, map: &Localized, required: bool, problems: &mut Vec<Problem>) {
        let case = self.case;
        // A misspelt key (`kz:`) explains the language it was meant for: one error, not two.
        let meant = if self.languages_ok {
            stray_languages(case, path, map, self.locales, problems)
        } else {
            Vec::new()
        };
        if !required && map.is_empty() {
            return;
        }
        for lang in &self.written_in {
            if map.get(*lang).is_some() || meant.contains(*lang) {
                continue;
            }
            // Blank texts were dropped when the file was read; a key still in the file was
            // left empty (as `appeal new` writes them), so point at it.
            let key = format!("{path}.{lang}");
            let spans = &case.file.spans;
            let message = if spans.locate(&key) != spans.locate(path) {
                format!("`{key}` is empty: write the {lang} text")
            } else {
                format!(
                    "no {lang} text for `{path}`: the case is written in {}; add `{lang}:`",
                    case.value.languages.join(", ")
                )
            };
            problems.push(Problem::error(&case.file.path, spans.locate(&key), message));
        }
    }

    /// An optional text that may be a list of alternatives: once written, in every language,
    /// each list as long as the others (the same position is the same text translated), with
    /// no alternative left empty.
    fn alternatives(&self, path: &str, map: &Alternatives, problems: &mut Vec<Problem>) {
        let present: Localized = map
            .iter()
            .map(|(l, c)| (l.clone(), c.get(0).cloned().unwrap_or_default()))
            .collect();
        self.optional(path, &present, problems);
        let case = self.case;
        let mut counts: Vec<(&String, usize)> = map
            .iter()
            .filter(|(l, _)| case.value.languages.contains(l))
            .map(|(l, c)| (l, c.len()))
            .collect();
        counts.sort_by_key(|(l, _)| case.value.languages.iter().position(|x| x == *l));
        if let Some((first, n)) = counts.first()
            && counts.iter().any(|(_, m)| m != n)
        {
            let listed = counts
                .iter()
                .map(|(l, m)| format!("{m} in {l}"))
                .collect::<Vec<_>>()
                .join(", ");
            let lang = counts
                .iter()
                .find(|(_, m)| m != n)
                .map_or(*first, |(l, _)| *l);
            problems.push(case.error(
                &format!("{path}.{lang}"),
                format!(
                    "`{path}` has {listed} alternatives: give each language as many, in the same order (a supporter's letter takes the same position in every language)"
                ),
            ));
        }
        for (lang, choices) in map {
            let Choices::Many(items) = choices else {
                continue;
            };
            for (i, item) in items.iter().enumerate() {
                if item.trim().is_empty() {
                    problems.push(case.error(
                        &format!("{path}.{lang}.{i}"),
                        format!("alternative {} of `{path}.{lang}` is empty: write it, or remove it from every language", i + 1),
                    ));
                }
            }
        }
    }

    /// The issuer's name given per language.
    fn organisation_names(&self, names: &Localized, problems: &mut Vec<Problem>) {
        let case = self.case;
        stray_languages(case, "organisation", names, self.locales, problems);
        // A language without its own name shows the English one; with neither, another
        // language's spelling, which is worth a word.
        if !names.contains_key("en")
            && let Some((other, _)) = names.iter().find(|(_, n)| !n.trim().is_empty())
        {
            for lang in self.written_in.iter().filter(|l| !names.contains_key(**l)) {
                problems.push(case.warning(
                    "organisation",
                    format!("no {lang} and no en name of the organisation: {lang} documents show the {other} one; add `{lang}:`"),
                ));
            }
        }
    }
}

/// Keys in a case's text map that are not among the case's languages: a misspelt code
/// (`kz:` for `kk:`) is an error, as its text would silently never be used; a known language
/// the case does not list is a warning. Returns the languages the misspelt keys were meant as.
fn stray_languages(
    case: &Doc<Case>,
    path: &str,
    map: &Localized,
    locales: &Locales,
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let c = &case.value;
    let mut meant = Vec::new();
    for lang in map.keys().filter(|l| !c.languages.contains(l)) {
        let at = format!("{path}.{lang}");
        if locales.has_language(lang) {
            problems.push(case.warning(
                &at,
                format!(
                    "the {lang} text is not used: the case is written in {}; add {lang} to \
                     `languages`, or remove it",
                    c.languages.join(", ")
                ),
            ));
        } else {
            let close = crate::error::did_you_mean(lang, c.languages.iter().map(String::as_str));
            let fix = match close {
                Some(close) => {
                    meant.push(close.to_string());
                    format!("did you mean `{close}:`?")
                }
                None => "write one of those, or remove it".to_string(),
            };
            problems.push(case.error(
                &at,
                format!(
                    "`{lang}:` is not a language of the case ({}), so its text is never used: \
                     {fix}",
                    c.languages.join(", "),
                ),
            ));
        }
    }
    meant
}
