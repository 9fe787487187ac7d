//! Which case texts are translated, and from which source text. A case is written in its
//! source language first; each translation records a fingerprint of the source text it was
//! made from (`translated_from` in the case file), so a later change to the source shows the
//! translation as stale rather than silently out of date.
//!
//! Here: the texts, their states and fingerprints; `catalog` builds the PO catalog a
//! translator gets, `merge` works out what an imported one changes.

pub mod catalog;
pub mod merge;

use crate::model::text::paragraphs;
use crate::model::{Alternatives, Case, Choices, Localized};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// One translatable text of a case: its field (`summary`, `asks.0`, `people.0.name`, or
/// `concern.1` for the second of a list of alternatives) and its text per language.
#[derive(Debug)]
pub struct Text<'a> {
    /// The field, as a dotted path: where the text's fingerprint is recorded, and its name in
    /// PO files and on the command line.
    pub field: String,
    /// The text per language.
    pub map: Cow<'a, Localized>,
    /// For one alternative of a text given as a list (`concern: {en: [A, B]}`): the list, and
    /// the position in it. The language then comes before the position in the file.
    item: Option<(&'a Alternatives, usize)>,
}

impl Text<'_> {
    /// Where the text in `lang` stands in the case file, as keys and list positions:
    /// `["asks", "0", "ru"]`, or `["concern", "ru", "1"]` for an alternative (the list's
    /// language first; a language that gives one text instead of a list holds the first).
    pub fn path_in<'s>(&'s self, lang: &'s str) -> Vec<Cow<'s, str>> {
        let mut path: Vec<Cow<str>> = Vec::new();
        match self.item {
            None => {
                path.extend(self.field.split('.').map(Cow::Borrowed));
                path.push(Cow::Borrowed(lang));
            }
            Some((alternatives, i)) => {
                let name = self.field.split('.').next().unwrap_or(&self.field);
                path.push(Cow::Borrowed(name));
                path.push(Cow::Borrowed(lang));
                if !matches!(alternatives.get(lang), Some(Choices::One(_)) if i == 0) {
                    path.push(Cow::Owned(i.to_string()));
                }
            }
        }
        path
    }

    /// [`Text::path_in`] as the dotted path spans are looked up by.
    pub fn location(&self, lang: &str) -> String {
        self.path_in(lang).join(".")
    }
}

/// The texts of a text that may be a list of alternatives: the whole text when every language
/// gives one text; else each alternative, `name.0`, `name.1`, …, with its text per language.
fn alternative_texts<'a>(name: &str, map: &'a Alternatives, out: &mut Vec<Text<'a>>) {
    let listed = map.values().any(|c| matches!(c, Choices::Many(_)));
    if !listed {
        let texts = map
            .iter()
            .filter_map(|(l, c)| c.get(0).map(|t| (l.clone(), t.clone())))
            .collect();
        out.push(Text {
            field: name.to_string(),
            map: Cow::Owned(texts),
            item: None,
        });
        return;
    }
    let count = map.values().map(Choices::len).max().unwrap_or(0);
    for i in 0..count {
        let texts = map
            .iter()
            .filter_map(|(l, c)| c.get(i).map(|t| (l.clone(), t.clone())))
            .collect();
        out.push(Text {
            field: format!("{name}.{i}"),
            map: Cow::Owned(texts),
            item: Some((map, i)),
        });
    }
}

/// The case's texts in file order. The directory's texts (authority titles) are not here:
/// they belong to the directory, not to a case.
pub fn texts<'a>(case: &'a Case) -> Vec<Text<'a>> {
    let mut out = Vec::new();
    let add = |out: &mut Vec<Text<'a>>, field: String, map: &'a Localized| {
        out.push(Text {
            field,
            map: Cow::Borrowed(map),
            item: None,
        })
    };
    add(&mut out, "title".into(), &case.title);
    add(&mut out, "subject".into(), &case.subject);
    alternative_texts("opening", &case.opening, &mut out);
    alternative_texts("concern", &case.concern, &mut out);
    add(&mut out, "summary".into(), &case.summary);
    for (i, p) in case.people.iter().enumerate() {
        add(&mut out, format!("people.{i}.name"), &p.name);
        add(&mut out, format!("people.{i}.occupation"), &p.occupation);
        add(&mut out, format!("people.{i}.place"), &p.place);
    }
    add(&mut out, "story".into(), &case.story);
    add(&mut out, "additional".into(), &case.additional);
    for (i, ask) in case.asks.iter().enumerate() {
        add(&mut out, format!("asks.{i}"), ask);
    }
    for (list, refs) in [("targets", &case.targets), ("copies", &case.copies)] {
        for (i, r) in refs.iter().enumerate() {
            add(&mut out, format!("{list}.{i}.salutation"), &r.salutation);
        }
    }
    for (i, link) in case.links.iter().enumerate() {
        add(&mut out, format!("links.{i}.label"), &link.label);
    }
    out
}

const OPENING: &str = "The letters' first sentence, worded without \"I\" or \"we\"";
const CONCERN: &str = "Why the organisation is concerned; follows the summary in letters, worded without \"I\" or \"we\"";

/// What a field is, for translators (a PO comment).
pub fn describe(field: &str) -> String {
    let parts: Vec<&str> = field.split('.').collect();
    let number = |i: &str| i.parse::<usize>().map_or(0, |n| n + 1);
    match parts.as_slice() {
        ["title"] => "Headline of the action".into(),
        ["subject"] => {
            "Subject line of letters to officials, in the register of official correspondence"
                .into()
        }
        ["opening"] => OPENING.into(),
        ["opening", i] => format!("{OPENING} (alternative {})", number(i)),
        ["concern"] => CONCERN.into(),
        ["concern", i] => format!("{CONCERN} (alternative {})", number(i)),
        ["summary"] => "Summary: the lead paragraph".into(),
        ["story"] => "What happened".into(),
        ["additional"] => "Additional information (background)".into(),
        ["people", i, "name"] => format!("Name of person {}", number(i)),
        ["people", i, "occupation"] => format!("Occupation of person {}", number(i)),
        ["people", i, "place"] => format!("Home town or region of person {}", number(i)),
        ["asks", i] => format!(
            "Ask {}: completes \"we ask you to …\", no final full stop (ru: an infinitive; kk: a verbal noun)",
            number(i)
        ),
        [list, i, "salutation"] => {
            format!("Salutation of {} {}", list.trim_end_matches('s'), number(i))
        }
        ["links", i, "label"] => format!("Label of link {}", number(i)),
        _ => field.into(),
    }
}

/// The language the case's texts are translated from.
pub fn source_language(case: &Case) -> &str {
    case.source_language
        .as_deref()
        .or(case.languages.first().map(String::as_str))
        .unwrap_or("")
}

/// A fingerprint of a source text: 12 hex digits of its SHA-256, over its paragraphs with
/// their lines joined, so re-wrapping a text does not make its translations stale.
pub fn fingerprint(text: &str) -> String {
    let normalized = paragraphs(text).join("\n\n");
    Sha256::digest(normalized.as_bytes())
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Where a translation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Translated from the current source text.
    Current,
    /// Translated from an older source text.
    Stale,
    /// Not translated.
    Missing,
    /// Translated, with no record of the source text it was made from.
    Untracked,
}

impl State {
    /// The name shown in tables and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Current => "current",
            State::Stale => "stale",
            State::Missing => "missing",
            State::Untracked => "untracked",
        }
    }
}

/// One text in one translation language.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// The field (`summary`, `asks.0`).
    pub field: String,
    /// The translation language.
    pub lang: String,
    /// Where it stands.
    pub state: State,
}

/// The languages a case is translated into: its languages but the source.
pub fn target_languages(case: &Case) -> Vec<&str> {
    let source = source_language(case);
    case.languages
        .iter()
        .map(String::as_str)
        .filter(|l| *l != source)
        .collect()
}

/// Whether `text` has any words.
pub fn is_present(text: Option<&String>) -> bool {
    text.is_some_and(|t| !t.trim().is_empty())
}

/// The state of one text in `lang`, or `None` when the source has no text to translate.
pub fn state_of(case: &Case, text: &Text, lang: &str) -> Option<State> {
    let source = text.map.get(source_language(case));
    if !is_present(source) {
        return None;
    }
    if !is_present(text.map.get(lang)) {
        return Some(State::Missing);
    }
    let recorded = case
        .translated_from
        .get(lang)
        .and_then(|m| m.get(&text.field));
    Some(match recorded {
        None => State::Untracked,
        Some(f) if f.0 == fingerprint(source.map_or("", String::as_str)) => State::Current,
        Some(_) => State::Stale,
    })
}

/// Every text of the case in every translation language, language by language.
pub fn status(case: &Case) -> Vec<Status> {
    let texts = texts(case);
    let mut out = Vec::new();
    for lang in target_languages(case) {
        for text in &texts {
            if let Some(state) = state_of(case, text, lang) {
                out.push(Status {
                    field: text.field.clone(),
                    lang: lang.to_string(),
                    state,
                });
            }
        }
    }
    out
}

/// One case's translations: counts per language and every text's state (what `--json`
/// shows), and one row per text for the one-case table.
#[derive(Debug, Serialize)]
pub struct CaseState {
    /// The case id.
    pub case: String,
    /// The language the texts are translated from.
    pub source_language: String,
    /// The translation languages, in the case's order.
    pub languages: Vec<String>,
    /// Per translation language, the number of texts in each state.
    pub counts: BTreeMap<String, BTreeMap<&'static str, usize>>,
    /// Every text in every translation language, language by language.
    pub texts: Vec<Status>,
    /// Each text with a source text, in file order, and its state in each translation
    /// language.
    #[serde(skip)]
    pub rows: Vec<(String, Vec<Option<State>>)>,
}

/// Where the translations of `case` stand.
pub fn case_state(case: &Case) -> CaseState {
    let statuses = status(case);
    let mut counts: BTreeMap<String, BTreeMap<&'static str, usize>> = BTreeMap::new();
    for lang in target_languages(case) {
        let c = counts.entry(lang.to_string()).or_default();
        for state in [
            State::Current,
            State::Stale,
            State::Missing,
            State::Untracked,
        ] {
            c.insert(
                state.as_str(),
                statuses
                    .iter()
                    .filter(|s| s.lang == lang && s.state == state)
                    .count(),
            );
        }
    }
    CaseState {
        case: case.id.clone(),
        source_language: source_language(case).to_string(),
        languages: target_languages(case)
            .into_iter()
            .map(str::to_string)
            .collect(),
        counts,
        texts: statuses,
        rows: rows(case),
    }
}

/// One row per text with a source text: its state in each translation language.
fn rows(case: &Case) -> Vec<(String, Vec<Option<State>>)> {
    let langs = target_languages(case);
    texts(case)
        .iter()
        .filter_map(|t| {
            let states: Vec<Option<State>> = langs.iter().map(|l| state_of(case, t, l)).collect();
            states
                .iter()
                .any(Option::is_some)
                .then(|| (t.field.clone(), states))
        })
        .collect()
}

/// A change to a case file's translations.
#[derive(Debug)]
pub enum Change {
    /// The text of `field` in `lang`.
    Text {
        /// The field (`summary`, `asks.0`).
        field: String,
        /// The translation language.
        lang: String,
        /// The new text.
        value: String,
    },
    /// The fingerprint of the source text `field` in `lang` was translated from.
    Fingerprint {
        /// The field (`summary`, `asks.0`).
        field: String,
        /// The translation language.
        lang: String,
        /// The fingerprint.
        value: String,
    },
}

/// What marking the translations in one language current changes.
#[derive(Debug)]
pub struct Marking {
    /// A new fingerprint for each stale or untracked text.
    pub changes: Vec<Change>,
    /// Texts current already.
    pub already: usize,
    /// Texts with no translation to mark.
    pub untranslated: Vec<String>,
}

/// Records the current source text's fingerprint for each translated text in `lang`: every
/// text, or those of `only`.
pub fn mark_current(case: &Case, lang: &str, only: &[String]) -> Marking {
    let source = source_language(case);
    let mut marking = Marking {
        changes: Vec::new(),
        already: 0,
        untranslated: Vec::new(),
    };
    for text in texts(case)
        .iter()
        .filter(|t| only.is_empty() || only.contains(&t.field))
    {
        match state_of(case, text, lang) {
            None => {}
            Some(State::Missing) => marking.untranslated.push(text.field.clone()),
            Some(State::Current) => marking.already += 1,
            Some(State::Stale | State::Untracked) => marking.changes.push(Change::Fingerprint {
                field: text.field.clone(),
                lang: lang.to_string(),
                value: fingerprint(text.map.get(source).map_or("", String::as_str)),
            }),
        }
    }
    marking
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(extra: &str) -> Case {
        let yaml = format!(
            "id: x\nreference: R\norganisation: O\nkind: new\ncountry: KZ\nlanguages: [en, ru, kk]\n\
             title: {{en: Title, ru: Заголовок}}\nsummary:\n  en: |\n    One\n    line.\n  ru: Один.\n  kk: Бір.\n\
             people: [{{name: {{en: A, ru: А, kk: А}}}}]\nstory: {{en: S}}\nasks: [{{en: release}}]\n\
             targets: [{{role: kz/x}}]\n{extra}"
        );
        crate::load::parse_str(&yaml).unwrap()
    }

    #[test]
    fn fingerprints_ignore_wrapping_but_not_words() {
        assert_eq!(fingerprint("One\nline."), fingerprint("One line.\n"));
        assert_ne!(fingerprint("One line."), fingerprint("One line!"));
        assert_ne!(fingerprint("One.\n\nTwo."), fingerprint("One. Two."));
        assert_eq!(fingerprint("x").len(), 12);
    }

    #[test]
    fn states_follow_the_recorded_source() {
        let current = fingerprint("One line.");
        let c = case(&format!(
            "translated_from:\n  ru: {{summary: {current}, title: 0123456789ab}}\n  kk: {{summary: {current}}}\n"
        ));
        let got: Vec<(String, String, State)> = status(&c)
            .into_iter()
            .map(|s| (s.lang, s.field, s.state))
            .collect();
        let want = [
            ("ru", "title", State::Stale),
            ("ru", "summary", State::Current),
            ("ru", "people.0.name", State::Untracked),
            ("ru", "story", State::Missing),
            ("ru", "asks.0", State::Missing),
            ("kk", "title", State::Missing),
            ("kk", "summary", State::Current),
            ("kk", "people.0.name", State::Untracked),
            ("kk", "story", State::Missing),
            ("kk", "asks.0", State::Missing),
        ];
        let want: Vec<(String, String, State)> = want
            .iter()
            .map(|(l, f, s)| (l.to_string(), f.to_string(), *s))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn the_source_language_can_be_named() {
        let c = case("source_language: ru\n");
        assert_eq!(source_language(&c), "ru");
        assert_eq!(target_languages(&c), ["en", "kk"]);
        // An all-digit fingerprint left unquoted still reads.
        let c = case("translated_from: {ru: {summary: 123456789012}}\n");
        assert_eq!(c.translated_from["ru"]["summary"].0, "123456789012");
    }
}
