//! Fluent translations: one concurrent bundle per locale (`locales/<lang>/*.ftl`), loaded once
//! per process and shared by every render. A missing message or variable is an error, never
//! text in a letter. Dates are Fluent messages too (`date-long`, `date-line`), so each language
//! writes them in its own form and a new language needs only files.

use crate::error::Problem;
use chrono::{Datelike, NaiveDate};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::BTreeMap;
use std::path::Path;
use unic_langid::LanguageIdentifier;

type Bundle = FluentBundle<FluentResource>;

/// The folder holding one subfolder of `.ftl` files per language.
pub const LOCALES_DIR: &str = "locales";

/// Which form a date takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateForm {
    /// Running text: 7 June 2018 / 7 июня 2018 г. / 2018 ж. 7 маусым.
    Long,
    /// A letter's date line: 7 June 2018 / 7 июня 2018 г. / 2018 жылғы 7 маусым.
    Line,
    /// "Before" the date, in the language's own construction: before 7 June 2018 /
    /// до 7 июня 2018 г. / 2018 жылғы 7 маусымнан бұрын (the month takes the ablative).
    Before,
}

/// A message id with the file and line:column that define it.
pub type Definition = (String, String, (usize, usize));

/// Every locale's bundle, plus the message ids each locale defines (for `check`).
pub struct Locales {
    bundles: BTreeMap<String, Bundle>,
    ids: BTreeMap<String, Vec<Definition>>,
}

impl std::fmt::Debug for Locales {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locales")
            .field("languages", &self.bundles.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// A value passed to a Fluent message.
#[derive(Debug, Clone)]
pub enum Arg {
    /// Text (names, genders, titles).
    Text(String),
    /// A number (ages, day counts: drives plural selection).
    Number(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Number(n as f64)
    }
}

/// The files [`Locales::load`] reads under `root`: each language folder's name (a link to a
/// folder counts as the folder) with its `.ftl` files, sorted.
pub fn source_files(root: &Path) -> Vec<(String, Vec<std::path::PathBuf>)> {
    let listed = |dir: &Path, keep: &dyn Fn(&Path) -> bool| {
        let mut found: Vec<_> = std::fs::read_dir(dir)
            .map(|rd| rd.flatten().map(|e| e.path()).filter(|p| keep(p)).collect())
            .unwrap_or_default();
        found.sort();
        found
    };
    listed(&root.join(LOCALES_DIR), &|p| p.is_dir())
        .into_iter()
        .map(|lang_dir| {
            let lang = lang_dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // Regular files only (links followed): a FIFO or a device would never end.
            let ftl = |p: &Path| p.extension().is_some_and(|e| e == "ftl") && p.is_file();
            (lang, listed(&lang_dir, &ftl))
        })
        .collect()
}

impl Locales {
    /// Loads `locales/*/*.ftl` under `root`, reporting every syntax error with its location:
    /// reads the files, then builds the bundles as [`Locales::from_sources`] does.
    pub fn load(root: &Path) -> (Locales, Vec<Problem>) {
        let mut sources = Vec::new();
        for (lang, files) in source_files(root) {
            let files = files
                .into_iter()
                .map(|file| {
                    let name = file
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let text = std::fs::read_to_string(&file).map_err(|e| e.to_string());
                    (name, text)
                })
                .collect();
            sources.push((lang, files));
        }
        assemble(sources)
    }

    /// Builds the bundles from `.ftl` texts: per language folder name (`en`, `ru`), its files
    /// as (file name, text), reporting every syntax error with its location. A language with
    /// no files gets an empty bundle, as an empty folder does.
    pub fn from_sources(
        sources: BTreeMap<String, Vec<(String, String)>>,
    ) -> (Locales, Vec<Problem>) {
        assemble(
            sources
                .into_iter()
                .map(|(lang, files)| {
                    let mut files: Vec<(String, Result<String, String>)> = files
                        .into_iter()
                        .map(|(name, text)| (name, Ok(text)))
                        .collect();
                    files.sort_by(|a, b| a.0.cmp(&b.0));
                    (lang, files)
                })
                .collect(),
        )
    }

    /// The languages that have a locale folder.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.bundles.keys().map(String::as_str)
    }

    /// Whether `lang` has a bundle.
    pub fn has_language(&self, lang: &str) -> bool {
        self.bundles.contains_key(lang)
    }

    /// Whether `lang` defines message `id`.
    pub fn has_message(&self, lang: &str, id: &str) -> bool {
        self.bundles.get(lang).is_some_and(|b| b.has_message(id))
    }

    /// Message ids defined by `lang`, with the file and location of each.
    pub fn message_ids(&self, lang: &str) -> &[Definition] {
        self.ids.get(lang).map(Vec::as_slice).unwrap_or_default()
    }

    /// Formats message `id` in `lang`. Any Fluent error (missing message, missing variable,
    /// unknown selector) is returned, so it can never slip into a letter.
    pub fn format(&self, lang: &str, id: &str, args: &[(&str, Arg)]) -> Result<String, String> {
        let bundle = self
            .bundles
            .get(lang)
            .ok_or_else(|| format!("no locale `{lang}`: add locales/{lang}/*.ftl"))?;
        let message = bundle
            .get_message(id)
            .ok_or_else(|| format!("message `{id}` is missing in locales/{lang}/: add it"))?;
        let pattern = message
            .value()
            .ok_or_else(|| format!("message `{id}` in locales/{lang}/ has no value"))?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Text(s) => fluent_args.set(*name, FluentValue::from(s.as_str())),
                Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
            }
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        if let Some(e) = errors.first() {
            return Err(format!("message `{id}` in locales/{lang}/: {e}"));
        }
        Ok(text.into_owned())
    }

    /// A date in `lang`'s own form.
    pub fn date(&self, lang: &str, date: NaiveDate, form: DateForm) -> Result<String, String> {
        let id = match form {
            DateForm::Long => "date-long",
            DateForm::Line => "date-line",
            DateForm::Before => "date-before",
        };
        self.format(
            lang,
            id,
            &[
                ("day", Arg::Number(date.day() as f64)),
                ("month", Arg::Number(date.month() as f64)),
                ("year", Arg::Text(date.year().to_string())),
            ],
        )
    }
}

/// A language's `.ftl` files as (file name, text or why it could not be read).
type LanguageFiles = Vec<(String, Result<String, String>)>;

/// The bundles built from each language's files, in the order given.
fn assemble(sources: Vec<(String, LanguageFiles)>) -> (Locales, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut bundles = BTreeMap::new();
    let mut ids = BTreeMap::new();
    if sources.is_empty() {
        problems.push(Problem::error(
            LOCALES_DIR,
            (0, 0),
            "no locales found: create locales/<lang>/*.ftl",
        ));
    }
    for (lang, files) in sources {
        let shown = Path::new(LOCALES_DIR).join(&lang);
        let langid: LanguageIdentifier = match lang.parse() {
            Ok(id) => id,
            Err(_) => {
                problems.push(Problem::error(
                    &shown,
                    (0, 0),
                    format!("`{lang}` is not a language code (use e.g. en, ru, kk)"),
                ));
                continue;
            }
        };
        let mut bundle = Bundle::new_concurrent(vec![langid]);
        // Isolation marks (U+2068/U+2069) would end up in letters, faxes and mail headers.
        bundle.set_use_isolating(false);
        let mut defined = Vec::new();
        for (name, text) in files {
            let shown_file = shown.join(&name);
            let text = match text {
                Ok(t) => t,
                Err(e) => {
                    problems.push(Problem::error(
                        &shown_file,
                        (0, 0),
                        format!("cannot read: {e}"),
                    ));
                    continue;
                }
            };
            let resource = match FluentResource::try_new(text.clone()) {
                Ok(r) => r,
                Err((r, errors)) => {
                    for e in errors {
                        problems.push(Problem::error(
                            &shown_file,
                            line_col(&text, e.pos.start),
                            format!("Fluent syntax error: {}; fix the entry (see https://projectfluent.org/fluent/guide/)", e.kind),
                        ));
                    }
                    r
                }
            };
            for entry in resource.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    let at = definition_line(&text, m.id.name);
                    defined.push((
                        m.id.name.to_string(),
                        shown_file.to_string_lossy().into_owned(),
                        at,
                    ));
                }
            }
            if let Err(errors) = bundle.add_resource(resource) {
                for e in errors {
                    problems.push(Problem::error(&shown_file, (0, 0), format!("{e}")));
                }
            }
        }
        ids.insert(lang.clone(), defined);
        bundles.insert(lang, bundle);
    }
    (Locales { bundles, ids }, problems)
}

/// 1-based line and column of byte offset `pos` in `text`.
pub fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let pos = pos.min(text.len());
    let before = &text[..text.floor_char_boundary(pos)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Where message `id` is defined (line, column 1), found by its `id =` line.
fn definition_line(text: &str, id: &str) -> (usize, usize) {
    let line = text.lines().position(|l| {
        l.strip_prefix(id)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    });
    (line.map_or(1, |i| i + 1), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locales() -> Locales {
        let (locales, problems) = Locales::load(Path::new(env!("CARGO_MANIFEST_DIR")));
        assert!(problems.is_empty(), "{problems:?}");
        locales
    }

    #[test]
    fn dates_in_each_languages_own_form() {
        let l = locales();
        let d = NaiveDate::from_ymd_opt(2018, 6, 7).unwrap();
        assert_eq!(l.date("en", d, DateForm::Long).unwrap(), "7 June 2018");
        assert_eq!(l.date("ru", d, DateForm::Long).unwrap(), "7 июня 2018 г.");
        assert_eq!(
            l.date("kk", d, DateForm::Long).unwrap(),
            "2018 жылғы 7 маусым"
        );
        assert_eq!(
            l.date("kk", d, DateForm::Line).unwrap(),
            "2018 жылғы 7 маусым"
        );
        // "Before" is exclusive in every language; Kazakh declines the month (ablative).
        assert_eq!(
            l.date("en", d, DateForm::Before).unwrap(),
            "before 7 June 2018"
        );
        assert_eq!(
            l.date("ru", d, DateForm::Before).unwrap(),
            "до 7 июня 2018 г."
        );
        assert_eq!(
            l.date("kk", d, DateForm::Before).unwrap(),
            "2018 жылғы 7 маусымнан бұрын"
        );
        let months: Vec<String> = (1..=12)
            .map(|m| {
                let d = NaiveDate::from_ymd_opt(2018, m, 1).unwrap();
                l.date("kk", d, DateForm::Before).unwrap()
            })
            .collect();
        assert!(months[8].contains("қыркүйектен"), "{months:?}");
        assert!(months[1].contains("ақпаннан"), "{months:?}");
    }

    #[test]
    fn russian_plurals_and_gender_agreement() {
        let l = locales();
        let age = |n: i64| l.format("ru", "person-age", &[("age", n.into())]).unwrap();
        assert!(age(1).contains("1 год"), "{}", age(1));
        assert!(age(52).contains("52 года"), "{}", age(52));
        assert!(age(25).contains("25 лет"), "{}", age(25));
        assert!(age(21).contains("21 год"), "{}", age(21));
        let salute = |g: &str| {
            l.format(
                "ru",
                "salutation-person",
                &[
                    ("name", "Х".into()),
                    ("surname", "Иванов".into()),
                    ("first", "Аскар".into()),
                    ("patronymic", "Оразалиевич".into()),
                    ("gender", g.into()),
                ],
            )
            .unwrap()
        };
        assert!(salute("male").starts_with("Уважаемый"));
        assert!(salute("female").starts_with("Уважаемая"));
        let person = |g: &str, voice: &str| {
            l.format(
                "ru",
                "letter-opening",
                &[
                    ("name", "Х".into()),
                    ("gender", g.into()),
                    ("voice", voice.into()),
                ],
            )
            .unwrap()
        };
        assert_ne!(person("female", "we"), person("male", "we"));
        // The organisation speaks as "we", a supporter as "I".
        assert!(person("female", "we").starts_with("Обращаемся"));
        assert!(person("female", "i").starts_with("Обращаюсь"));
        for lang in ["en", "kk"] {
            let opening = |voice: &str| {
                l.format(
                    lang,
                    "letter-opening",
                    &[
                        ("name", "Х".into()),
                        ("gender", "female".into()),
                        ("voice", voice.into()),
                    ],
                )
                .unwrap()
            };
            assert_ne!(opening("we"), opening("i"), "{lang}");
        }
    }

    #[test]
    fn missing_messages_and_variables_are_errors() {
        let l = locales();
        assert!(
            l.format("en", "no-such-message", &[])
                .unwrap_err()
                .contains("missing")
        );
        assert!(
            l.format("en", "alert-greeting", &[]).is_err(),
            "a missing variable must not render as {{$name}}"
        );
    }

    #[test]
    fn locales_from_memory_read_like_the_files() {
        let sources = BTreeMap::from([
            (
                "en".to_string(),
                vec![
                    (
                        "b.ftl".to_string(),
                        "hello = Hello, { $name }!\n".to_string(),
                    ),
                    ("a.ftl".to_string(), "bye = Bye\nbroken = {\n".to_string()),
                ],
            ),
            ("e".to_string(), vec![]),
            ("kk".to_string(), vec![]),
        ]);
        let (l, problems) = Locales::from_sources(sources);
        let hello = l.format("en", "hello", &[("name", "Ann".into())]).unwrap();
        assert_eq!(hello, "Hello, Ann!");
        assert!(l.has_language("kk") && !l.has_language("e"));
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 2, "{shown:?}");
        // Languages in name order, each one's files in name order.
        assert!(shown[0].starts_with("locales/e:"), "{shown:?}");
        assert!(shown[1].starts_with("locales/en/a.ftl:"), "{shown:?}");
        assert_eq!(l.message_ids("en")[0].1, "locales/en/a.ftl");
        let (_, problems) = Locales::from_sources(BTreeMap::new());
        assert!(problems[0].message.contains("no locales found"));
    }

    #[test]
    fn no_isolation_marks() {
        let l = locales();
        let text = l
            .format(
                "ru",
                "alert-greeting",
                &[("name", "Ольга".into()), ("named", "yes".into())],
            )
            .unwrap();
        assert!(
            !text.contains('\u{2068}') && !text.contains('\u{2069}'),
            "{text:?}"
        );
    }
}
