//! `appeal translations`: which case texts are current, stale or missing in each language;
//! export to Gettext PO for translators, import back into the case file in place (comments and
//! layout kept), and recording that hand-edited translations are current.
//!
//! It reads the case files without validating the project: a case whose translations are
//! missing is an error for `check`, and exactly the case a translator needs to see.

use crate::cli::TranslationsArgs;
use crate::clock::Clock;
use crate::domain::translations::{self, State, Status};
use crate::error::{Error, Problem, Result, suggestion};
use crate::load::edit::{Document, Shape};
use crate::load::{self, Doc, Project};
use crate::model::Case;
use crate::model::text::paragraphs;
use crate::po::{self, Catalog, Entry};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The comment written above `translated_from` when a case file first gets it.
const TRANSLATED_FROM_COMMENT: &str = "Which source text each translation was made from: fingerprints written by \
`appeal translations`\n(see README, \"Translating a case\"). Do not edit them by hand.";

/// Runs `translations`.
pub fn run(root: &Path, clock: Clock, args: TranslationsArgs) -> Result<()> {
    let (project, problems) = load::load_project(root);
    let Some(project) = project else {
        return Err(Error::Invalid(problems));
    };
    let needs_case = |what: &str| {
        Error::Usage(format!(
            "{what} works on one case: give its id, e.g. `appeal translations ua-82-18 {what} …`"
        ))
    };
    let Some(wanted) = &args.case else {
        if args.export {
            return Err(needs_case("--export"));
        }
        if args.import.is_some() {
            return Err(needs_case("--import"));
        }
        if args.mark_current {
            return Err(needs_case("--mark-current"));
        }
        report_unreadable(&problems);
        let cases: Vec<&Doc<Case>> = project.cases.iter().collect();
        return show(&cases, args.json);
    };
    let (case, file) = find_case(&project, &problems, wanted)?;
    if args.export {
        let lang = translation_language(&case.value, args.lang.as_deref().unwrap_or(""))?;
        return export(&case, lang, args.out.as_deref(), clock);
    }
    if let Some(po_path) = &args.import {
        return import(&case, &file, po_path, args.lang.as_deref(), args.fuzzy);
    }
    if args.mark_current {
        let lang = translation_language(&case.value, args.lang.as_deref().unwrap_or(""))?;
        return mark_current(&case, &file, lang, &args.fields);
    }
    show(&[&case], args.json)
}

/// Case files that did not parse are listed (the others are still shown).
fn report_unreadable(problems: &[Problem]) {
    for p in problems
        .iter()
        .filter(|p| p.is_error() && p.path.starts_with("appeals/cases"))
    {
        eprintln!("{p}");
    }
}

/// The case by id or path, and the file to edit.
fn find_case(
    project: &Project,
    problems: &[Problem],
    wanted: &str,
) -> Result<(Doc<Case>, PathBuf)> {
    if let Some(doc) = project.cases.iter().find(|c| c.value.id == wanted) {
        return Ok((doc.clone(), project.root.join(&doc.file.path)));
    }
    let path = Path::new(wanted);
    if path.extension().is_some_and(|e| e == "yaml" || e == "yml") && path.is_file() {
        let doc = load::load_case_file(&project.root, path).map_err(|p| Error::Invalid(vec![p]))?;
        return Ok((doc, path.to_path_buf()));
    }
    // The case may be one whose file has errors.
    let unreadable: Vec<Problem> = problems
        .iter()
        .filter(|p| p.is_error() && p.path.starts_with("appeals/cases"))
        .cloned()
        .collect();
    if !unreadable.is_empty() {
        return Err(Error::Invalid(unreadable));
    }
    let ids = project.cases.iter().map(|c| c.value.id.as_str());
    Err(Error::Usage(format!(
        "no case `{wanted}`{}; `appeal list` shows the cases",
        suggestion(wanted, ids)
    )))
}

/// `lang` when the case is translated into it.
fn translation_language<'a>(case: &Case, lang: &'a str) -> Result<&'a str> {
    let targets = translations::target_languages(case);
    if targets.contains(&lang) {
        return Ok(lang);
    }
    let source = translations::source_language(case);
    let why = if lang == source {
        format!("`{lang}` is the source language of case {}", case.id)
    } else {
        format!(
            "case {} is not written in `{lang}`{}",
            case.id,
            suggestion(lang, targets.iter().copied())
        )
    };
    Err(Error::Usage(format!(
        "{why}; it is translated from {source} into {}",
        if targets.is_empty() {
            "no other language".to_string()
        } else {
            targets.join(", ")
        }
    )))
}

/// One case in `--json`.
#[derive(Serialize)]
struct CaseState<'a> {
    case: &'a str,
    source_language: &'a str,
    /// The translation languages, in the case's order.
    languages: Vec<&'a str>,
    /// Per translation language, the number of texts in each state.
    counts: BTreeMap<String, BTreeMap<&'static str, usize>>,
    texts: Vec<Status>,
}

/// The table (or JSON) of translation states.
fn show(cases: &[&Doc<Case>], json: bool) -> Result<()> {
    let states: Vec<CaseState> = cases
        .iter()
        .map(|doc| {
            let case = &doc.value;
            let texts = translations::status(case);
            let mut counts: BTreeMap<String, BTreeMap<&'static str, usize>> = BTreeMap::new();
            for lang in translations::target_languages(case) {
                let c = counts.entry(lang.to_string()).or_default();
                for state in [
                    State::Current,
                    State::Stale,
                    State::Missing,
                    State::Untracked,
                ] {
                    c.insert(
                        state.as_str(),
                        texts
                            .iter()
                            .filter(|s| s.lang == lang && s.state == state)
                            .count(),
                    );
                }
            }
            CaseState {
                case: &case.id,
                source_language: translations::source_language(case),
                languages: translations::target_languages(case),
                counts,
                texts,
            }
        })
        .collect();
    if json {
        let text =
            serde_json::to_string_pretty(&states).map_err(|e| Error::Usage(e.to_string()))?;
        println!("{text}");
        return Ok(());
    }
    if let [one] = cases {
        print!("{}", field_table(&one.value));
    } else {
        print!("{}", summary_table(&states));
    }
    Ok(())
}

/// One row per case and language: how many texts are in each state, then the texts that are
/// not current.
fn summary_table(states: &[CaseState]) -> String {
    let width = states
        .iter()
        .map(|s| s.case.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    let mut out = format!(
        "{:width$}  SOURCE  LANG  CURRENT  STALE  MISSING  UNTRACKED\n",
        "CASE"
    );
    let mut details = String::new();
    for s in states {
        for lang in &s.languages {
            let c = &s.counts[*lang];
            out.push_str(&format!(
                "{:width$}  {:6}  {:4}  {:>7}  {:>5}  {:>7}  {:>9}\n",
                s.case,
                s.source_language,
                lang,
                c["current"],
                c["stale"],
                c["missing"],
                c["untracked"],
            ));
            for state in [State::Stale, State::Missing, State::Untracked] {
                let fields: Vec<&str> = s
                    .texts
                    .iter()
                    .filter(|t| t.lang == *lang && t.state == state)
                    .map(|t| t.field.as_str())
                    .collect();
                if !fields.is_empty() {
                    details.push_str(&format!(
                        "{} {lang} {}: {}\n",
                        s.case,
                        state.as_str(),
                        fields.join(", ")
                    ));
                }
            }
        }
    }
    if states.is_empty() {
        out.push_str("(no cases)\n");
    }
    if !details.is_empty() {
        out.push('\n');
        out.push_str(&details);
    }
    out
}

/// One row per text, one column per translation language.
fn field_table(case: &Case) -> String {
    let langs = translations::target_languages(case);
    let source = translations::source_language(case);
    let texts = translations::texts(case);
    let rows: Vec<(&str, Vec<&'static str>)> = texts
        .iter()
        .filter_map(|t| {
            let states: Vec<Option<State>> = langs
                .iter()
                .map(|l| translations::state_of(case, t, l))
                .collect();
            states.iter().any(Option::is_some).then(|| {
                (
                    t.field.as_str(),
                    states.iter().map(|s| s.map_or("", State::as_str)).collect(),
                )
            })
        })
        .collect();
    let width = rows
        .iter()
        .map(|(f, _)| f.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let mut out = format!(
        "{}: texts translated from {source} into {}\n\n",
        case.id,
        if langs.is_empty() {
            "no other language".to_string()
        } else {
            langs.join(", ")
        }
    );
    let mut header = format!("{:width$}", "FIELD");
    for l in &langs {
        header.push_str(&format!("  {:9}", l.to_uppercase()));
    }
    out.push_str(header.trim_end());
    out.push('\n');
    for (field, states) in rows {
        let mut line = format!("{field:width$}");
        for s in states {
            line.push_str(&format!("  {s:9}"));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Writes the PO file for translating `case` into `lang`.
fn export(case: &Doc<Case>, lang: &str, out: Option<&Path>, clock: Clock) -> Result<()> {
    let catalog = catalog(case, lang, clock);
    let text = catalog.write();
    let fuzzy = catalog.entries.iter().filter(|e| e.fuzzy).count();
    let empty = catalog.entries.iter().filter(|e| e.text.is_empty()).count();
    match out {
        Some(path) if path != Path::new("-") => {
            crate::deliver::files::write_atomic(path, text.as_bytes())?;
            println!(
                "wrote {}: {} entries for {} in {lang} ({fuzzy} fuzzy, {empty} untranslated)",
                path.display(),
                catalog.entries.len(),
                case.value.id
            );
        }
        _ => print!("{text}"),
    }
    Ok(())
}

/// The PO catalog: one entry per paragraph of each source text, `msgctxt "field/N"`.
pub fn catalog(case: &Doc<Case>, lang: &str, clock: Clock) -> Catalog {
    let c = &case.value;
    let source = translations::source_language(c);
    let file = case.file.path.display().to_string().replace('\\', "/");
    let mut entries = Vec::new();
    for text in translations::texts(c) {
        let Some(state) = translations::state_of(c, &text, lang) else {
            continue;
        };
        let source_paragraphs = paragraphs(text.map.get(source).map_or("", String::as_str));
        let translated = paragraphs(text.map.get(lang).map_or("", String::as_str));
        let lined_up = translated.is_empty() || translated.len() == source_paragraphs.len();
        let (line, _) = case.file.spans.locate(&format!("{}.{source}", text.field));
        let count = source_paragraphs.len();
        for (i, paragraph) in source_paragraphs.iter().enumerate() {
            let mut notes = vec![translations::describe(&text.field)];
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
                clock.now().format("%Y-%m-%d %H:%M+0000").to_string(),
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

/// A change to a case file.
#[derive(Debug)]
enum Change {
    /// The text of `field` in `lang`.
    Text {
        field: String,
        lang: String,
        value: String,
    },
    /// The fingerprint of the source text `field` in `lang` was translated from.
    Fingerprint {
        field: String,
        lang: String,
        value: String,
    },
}

/// Reads a PO file into the case file.
fn import(
    case: &Doc<Case>,
    file: &Path,
    po_path: &Path,
    lang_flag: Option<&str>,
    with_fuzzy: bool,
) -> Result<()> {
    let c = &case.value;
    let at = |line: usize, message: String| {
        Error::Invalid(vec![Problem::error(po_path, (line, 1), message)])
    };
    // A case's PO file is about twice the size of its case file; more is not one.
    let limit = 4 * load::limits::MAX_FILE_BYTES;
    let mut bytes = Vec::new();
    {
        use std::io::Read;
        std::fs::File::open(po_path)
            .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
            .map_err(|e| Error::io(po_path, e))?;
    }
    if bytes.len() as u64 > limit {
        return Err(at(
            1,
            format!(
                "the PO file is larger than {} MiB: a case's texts fit in far less; is it the right file?",
                limit >> 20
            ),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        at(
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
            1,
            format!("the PO file says charset={charset}: save it as UTF-8"),
        ));
    }
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
    // `ru_RU`, `ru-RU` and `ru` all mean the case's `ru`.
    let header_lang = catalog.header("Language").map(|l| {
        l.split(['_', '-', '@', '.'])
            .next()
            .unwrap_or(l)
            .to_ascii_lowercase()
    });
    let lang = match (header_lang.as_deref(), lang_flag) {
        (Some(h), Some(f)) if !h.is_empty() && h != f => {
            return Err(Error::Usage(format!(
                "{} is in `{h}` (its Language header), not `{f}`: leave out --lang",
                po_path.display()
            )));
        }
        (Some(h), _) if !h.is_empty() => h.to_string(),
        (_, Some(f)) => f.to_string(),
        _ => {
            return Err(at(
                1,
                "the PO file has no Language header: add `\"Language: ru\\n\"` to it, or pass --lang".into(),
            ));
        }
    };
    let lang = translation_language(c, &lang)?.to_string();

    // Entries by field, each with its paragraph number.
    let mut by_field: BTreeMap<&str, Vec<(usize, &Entry)>> = BTreeMap::new();
    let mut warnings = Vec::new();
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
    let texts = translations::texts(c);
    let source = translations::source_language(c);
    for (field, entries) in &by_field {
        if !texts
            .iter()
            .any(|t| t.field == *field && translations::is_present(t.map.get(source)))
        {
            warnings.push(Problem::warning(
                po_path,
                (entries[0].1.line, 1),
                format!(
                    "case {} has no {source} text `{field}`{}; skipped",
                    c.id,
                    suggestion(field, texts.iter().map(|t| t.field.as_str()))
                ),
            ));
        }
    }

    let mut changes = Vec::new();
    let mut imported = Vec::new();
    let mut unchanged = 0;
    let mut skipped: Vec<String> = Vec::new();
    for text in &texts {
        if !translations::is_present(text.map.get(source)) {
            continue;
        }
        let Some(entries) = by_field.get_mut(text.field.as_str()) else {
            continue;
        };
        entries.sort_by_key(|(n, _)| *n);
        let field = &text.field;
        let numbers: Vec<usize> = entries.iter().map(|(n, _)| *n).collect();
        if numbers != (1..=numbers.len()).collect::<Vec<_>>() {
            skipped.push(format!(
                "{field} (its entries are numbered {}; expected 1 to {})",
                numbers
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                numbers.len()
            ));
            continue;
        }
        let fuzzy = entries.iter().filter(|(_, e)| e.fuzzy).count();
        if fuzzy > 0 && !with_fuzzy {
            skipped.push(format!(
                "{field} (fuzzy: review it and remove the mark, or pass --fuzzy)"
            ));
            continue;
        }
        let empty: Vec<String> = entries
            .iter()
            .filter(|(_, e)| e.text.trim().is_empty())
            .map(|(n, _)| n.to_string())
            .collect();
        if empty.len() == entries.len() {
            continue;
        }
        if !empty.is_empty() {
            skipped.push(format!(
                "{field} (paragraph {} of {} not translated)",
                empty.join(", "),
                entries.len()
            ));
            continue;
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
        let fingerprint = (fuzzy == 0).then(|| translations::fingerprint(&seen_source));
        let same_text = text
            .map
            .get(&lang)
            .is_some_and(|old| paragraphs(old) == paragraphs(&value));
        let recorded = c.translated_from.get(&lang).and_then(|m| m.get(field));
        let same_fingerprint =
            fingerprint.is_none() || recorded.map(|f| &f.0) == fingerprint.as_ref();
        if same_text && same_fingerprint {
            unchanged += 1;
            continue;
        }
        if !same_text {
            changes.push(Change::Text {
                field: field.clone(),
                lang: lang.clone(),
                value,
            });
        }
        if let Some(value) = fingerprint.filter(|_| !same_fingerprint) {
            changes.push(Change::Fingerprint {
                field: field.clone(),
                lang: lang.clone(),
                value,
            });
        }
        imported.push(field.as_str());
    }
    crate::cmd::print_warnings(&warnings);
    if !changes.is_empty() {
        apply(case, file, &changes)?;
    }
    println!(
        "{} {lang}: {} text(s) imported, {unchanged} unchanged{}",
        c.id,
        imported.len(),
        if skipped.is_empty() {
            String::new()
        } else {
            format!("; not imported: {}", skipped.join(", "))
        }
    );
    Ok(())
}

/// Records the current source text's fingerprint for each translated text in `lang`.
fn mark_current(case: &Doc<Case>, file: &Path, lang: &str, only: &[String]) -> Result<()> {
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
    let source = translations::source_language(c);
    let mut changes = Vec::new();
    let mut already = 0;
    let mut untranslated = Vec::new();
    for text in texts
        .iter()
        .filter(|t| only.is_empty() || only.contains(&t.field))
    {
        match translations::state_of(c, text, lang) {
            None => {}
            Some(State::Missing) => untranslated.push(text.field.as_str()),
            Some(State::Current) => already += 1,
            Some(State::Stale | State::Untracked) => changes.push(Change::Fingerprint {
                field: text.field.clone(),
                lang: lang.to_string(),
                value: translations::fingerprint(text.map.get(source).map_or("", String::as_str)),
            }),
        }
    }
    if !changes.is_empty() {
        apply(case, file, &changes)?;
    }
    println!(
        "{} {lang}: {} text(s) marked current, {already} already current{}",
        c.id,
        changes.len(),
        if untranslated.is_empty() {
            String::new()
        } else {
            format!("; not translated: {}", untranslated.join(", "))
        }
    );
    Ok(())
}

/// Makes `changes` to the case file in place, checks that the file now reads as the case with
/// exactly those changes, and writes it.
fn apply(case: &Doc<Case>, file: &Path, changes: &[Change]) -> Result<()> {
    let c = &case.value;
    let shown = &case.file.path;
    let read = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
    // A file with Windows line ends is edited with Unix ones and written back with its own.
    let crlf = read.contains("\r\n") && !read.replace("\r\n", "").contains('\n');
    let original = if crlf {
        read.replace("\r\n", "\n")
    } else {
        read
    };
    let fail = |message: String| {
        Error::Invalid(vec![Problem::error(
            shown,
            (1, 1),
            format!("{message}; the file is unchanged"),
        )])
    };
    let mut doc = Document::parse(&original).map_err(&fail)?;
    let source = translations::source_language(c);
    let languages: Vec<&str> = c.languages.iter().map(String::as_str).collect();
    let texts = translations::texts(c);
    // New keys go in the order of the case's languages, and of its texts.
    let order: Vec<&str> = languages
        .iter()
        .copied()
        .chain(texts.iter().map(|t| t.field.as_str()))
        .collect();
    let mut expected = serde_json::to_value(c).map_err(|e| fail(e.to_string()))?;
    for change in changes {
        match change {
            Change::Text { field, lang, value } => {
                let mut path: Vec<&str> = field.split('.').collect();
                path.push(source);
                let shape = doc.shape_at(&path);
                path.pop();
                path.push(lang);
                let shape = doc.shape_at(&path).or(shape).unwrap_or(Shape::Line);
                doc.set(&path, value, shape, &order, None).map_err(&fail)?;
                set_json(&mut expected, &path, value);
            }
            Change::Fingerprint { field, lang, value } => {
                let path = ["translated_from", lang.as_str(), field.as_str()];
                doc.set(
                    &path,
                    value,
                    Shape::Line,
                    &order,
                    Some(TRANSLATED_FROM_COMMENT),
                )
                .map_err(&fail)?;
                set_json(&mut expected, &path, value);
            }
        }
    }
    // The edited file must read back as the case with exactly these changes. Texts compare
    // by paragraph: a block text's line breaks are the writer's own wrapping.
    let reread: Case = load::parse_str(doc.text())
        .map_err(|(_, m)| fail(format!("the edited file does not read back ({m})")))?;
    let mut actual = serde_json::to_value(&reread).map_err(|e| fail(e.to_string()))?;
    for change in changes {
        if let Change::Text { field, lang, value } = change {
            let mut path: Vec<&str> = field.split('.').collect();
            path.push(lang);
            let pointer = format!("/{}", path.join("/"));
            if actual
                .pointer(&pointer)
                .and_then(|v| v.as_str())
                .is_some_and(|got| paragraphs(got) == paragraphs(value))
            {
                set_json(&mut actual, &path, value);
            }
        }
    }
    if actual != expected {
        return Err(fail(
            "writing the translations in place would have changed other values (a bug in appeal: please report it with the case file)".into(),
        ));
    }
    let text = if crlf {
        doc.text().replace('\n', "\r\n")
    } else {
        doc.text().to_string()
    };
    crate::deliver::files::write_atomic(file, text.as_bytes())
}

/// Sets a string in a JSON value, adding objects on the way.
fn set_json(value: &mut serde_json::Value, path: &[&str], text: &str) {
    let mut at = value;
    for segment in path {
        at = match at {
            serde_json::Value::Array(items) => {
                match segment.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                    Some(item) => item,
                    None => return,
                }
            }
            other => {
                if !other.is_object() {
                    *other = serde_json::Value::Object(Default::default());
                }
                match other.as_object_mut() {
                    Some(map) => map
                        .entry(segment.to_string())
                        .or_insert(serde_json::Value::Null),
                    None => return,
                }
            }
        };
    }
    *at = serde_json::Value::String(text.to_string());
}
