//! `appeal new ID [--target ROLE]... [--follows PREV] [--kind KIND]`: starts a case file,
//! `appeals/cases/ID.yaml`, with every field present and a one-line comment on each, so a
//! campaigner fills in values instead of looking up field names. Empty values are left for
//! `appeal check` to list, one line each. With `--follows`, the next document of an action:
//! reference, people, targets and texts copied from the previous one, the texts listed in
//! `review` until someone has checked them against the new document.
//!
//! The file is written with `create_new`, so an existing file is never overwritten, even by a
//! second run racing this one.

use crate::cli::{NewArgs, NewKind};
use crate::error::{Error, Result, suggestion};
use crate::load::{self, Doc, Project};
use crate::model::{Case, CaseKind, CaseStatus, Gender, Issuer, Localized, Person, TargetRef};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// Runs `new`.
pub fn run(root: &Path, args: NewArgs) -> Result<()> {
    check_id(&args.id)?;
    // Only the campaign settings must parse: a broken case elsewhere should not stop anyone
    // from starting a new one.
    let (project, problems) = load::load_project(root);
    let Some(project) = project else {
        return Err(Error::Invalid(problems));
    };
    let dir = root.join(load::APPEALS_DIR).join("cases");
    let path = dir.join(format!("{}.yaml", args.id));
    let shown = load::display_path(root, &path);
    let exists = |path: &Path, hint: String| Error::Exists {
        path: path.to_path_buf(),
        hint,
    };
    if path.symlink_metadata().is_ok() {
        return Err(exists(
            &shown,
            "`appeal new` never overwrites a file: edit it, or choose another id".into(),
        ));
    }
    if let Some(other) = project.cases.iter().find(|c| c.value.id == args.id) {
        return Err(exists(
            &other.file.path,
            format!(
                "it has the id `{}` already: choose another id for the new case",
                args.id
            ),
        ));
    }
    let prev = match &args.follows {
        Some(wanted) => Some(find_case(&project, wanted)?),
        None => None,
    };
    let kind = match (args.kind, &prev) {
        (Some(NewKind::New), Some(_)) => {
            return Err(Error::Usage(
                "--kind new starts an action, so it cannot follow another document: use \
                 --kind update, stop-action or closure with --follows"
                    .into(),
            ));
        }
        (Some(k), _) => case_kind(k),
        (None, Some(_)) => CaseKind::Update,
        (None, None) => CaseKind::New,
    };
    let targets = args
        .targets
        .iter()
        .map(|role| known_role(&project, role))
        .collect::<Result<Vec<_>>>()?;
    let case = match prev {
        Some(prev) => following(&project, &args.id, prev, kind, targets)?,
        None => blank(&project, &args.id, kind, targets)?,
    };
    let text = emit(&project, &case, args.follows.as_deref());
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    write_new(&path, &text).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => exists(
            &shown,
            "`appeal new` never overwrites a file: edit it, or choose another id".into(),
        ),
        _ => Error::io(&shown, e),
    })?;
    println!("{}", shown.display());
    eprintln!(
        "wrote {}: fill in the empty values; `appeal check` lists what is left, one line each",
        shown.display()
    );
    Ok(())
}

/// Writes `text` to a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// The id names the file and the output folders: the same rule `check` applies.
fn check_id(id: &str) -> Result<()> {
    let ok = !id.is_empty()
        && !id.starts_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "case id `{id}`: use lower-case letters, digits and dashes, e.g. ua-83-18 (it names \
             the file and the output folders)"
        )))
    }
}

fn case_kind(kind: NewKind) -> CaseKind {
    match kind {
        NewKind::New => CaseKind::New,
        NewKind::Update => CaseKind::Update,
        NewKind::StopAction => CaseKind::StopAction,
        NewKind::Closure => CaseKind::Closure,
    }
}

fn find_case<'a>(project: &'a Project, wanted: &str) -> Result<&'a Doc<Case>> {
    project
        .cases
        .iter()
        .find(|c| c.value.id == wanted)
        .ok_or_else(|| {
            let ids = project.cases.iter().map(|c| c.value.id.as_str());
            Error::Usage(format!(
                "--follows: no case `{wanted}`{}; `appeal list` shows the cases (a case file \
                 with errors is left out: `appeal check` shows them)",
                suggestion(wanted, ids)
            ))
        })
}

fn known_role(project: &Project, role: &str) -> Result<TargetRef> {
    if project.authorities.contains_key(role) {
        return Ok(target(role));
    }
    let roles = project.authorities.keys().map(String::as_str);
    Err(Error::Usage(format!(
        "--target: no authority `{role}`{}; roles are the files under appeals/authorities/ \
         (write a new one first: see README, \"Authority directory\")",
        suggestion(role, roles)
    )))
}

fn target(role: &str) -> TargetRef {
    TargetRef {
        role: role.to_string(),
        language: None,
        salutation: Localized::new(),
        emails: None,
        fax: None,
    }
}

/// A text map with an empty value for each language: the places to write in.
fn empty_texts(langs: &[String]) -> Localized {
    langs.iter().map(|l| (l.clone(), String::new())).collect()
}

/// A case with every field at its default: built through serde, so fields added to [`Case`]
/// later (with their `#[serde(default)]`) need no change here.
fn skeleton(id: &str, kind: CaseKind, langs: &[String]) -> Result<Case> {
    let value = serde_json::json!({
        "id": id,
        "reference": "",
        "organisation": "",
        "kind": kind.as_str(),
        "country": "",
        "languages": langs,
        "title": {},
        "summary": {},
        "people": [],
        "story": {},
        "asks": [],
        "targets": [],
    });
    serde_json::from_value(value)
        .map_err(|e| Error::Config(format!("cannot start a case (a bug in appeal new): {e}")))
}

/// A new case with nothing filled in but what the project decides.
fn blank(project: &Project, id: &str, kind: CaseKind, targets: Vec<TargetRef>) -> Result<Case> {
    let langs = project.campaign.value.languages.clone();
    let empty = || empty_texts(&langs);
    let mut case = skeleton(id, kind, &langs)?;
    // The country most cases concern: a campaign is usually about one.
    let mut countries: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &project.cases {
        *countries.entry(c.value.country.as_str()).or_default() += 1;
    }
    if let Some((country, _)) = countries.into_iter().max_by_key(|(_, n)| *n) {
        case.country = country.to_string();
    }
    case.title = empty();
    case.subject = empty();
    case.concern = empty();
    case.summary = empty();
    case.people = vec![Person {
        name: empty(),
        gender: Gender::Other,
        age: None,
        occupation: empty(),
        place: empty(),
    }];
    case.story = empty();
    case.additional = empty();
    case.asks = vec![empty()];
    case.targets = targets;
    Ok(case)
}

/// The next document of `prev`'s action: its reference, people, targets and texts.
fn following(
    project: &Project,
    id: &str,
    prev: &Doc<Case>,
    kind: CaseKind,
    targets: Vec<TargetRef>,
) -> Result<Case> {
    let p = &prev.value;
    let langs = p.languages.clone();
    // Optional texts the previous document left out stay empty, in every language, to be
    // filled in or left.
    let or_empty = |m: &Localized| {
        if m.values().all(|t| t.trim().is_empty()) {
            empty_texts(&langs)
        } else {
            m.clone()
        }
    };
    let mut case = skeleton(id, kind, &langs)?;
    case.update = (kind == CaseKind::Update).then(|| {
        project
            .cases
            .iter()
            .filter(|c| c.value.reference == p.reference)
            .filter_map(|c| c.value.update)
            .max()
            .unwrap_or(0)
            + 1
    });
    case.reference = p.reference.clone();
    case.organisation = p.organisation.clone();
    case.follows = Some(p.id.clone());
    case.country = p.country.clone();
    case.title = p.title.clone();
    case.subject = or_empty(&p.subject);
    case.concern = or_empty(&p.concern);
    case.prisoner_of_conscience = p.prisoner_of_conscience;
    case.summary = p.summary.clone();
    case.people = p
        .people
        .iter()
        .map(|person| Person {
            occupation: or_empty(&person.occupation),
            place: or_empty(&person.place),
            ..person.clone()
        })
        .collect();
    case.story = p.story.clone();
    case.additional = or_empty(&p.additional);
    case.asks = p.asks.clone();
    case.targets = if targets.is_empty() {
        p.targets.clone()
    } else {
        targets
    };
    case.copies = p.copies.clone();
    case.diplomatic_copies = p.diplomatic_copies;
    // The texts are the previous document's, so are the records of what they were translated
    // from: a translation current there is current here until its source is edited.
    case.source_language = p.source_language.clone();
    case.translated_from = p.translated_from.clone();
    let copied = |m: &Localized| m.values().any(|t| !t.trim().is_empty());
    case.review = crate::model::case::REVIEWED_TEXTS
        .iter()
        .filter(|field| match **field {
            "title" => copied(&p.title),
            "subject" => copied(&p.subject),
            "concern" => copied(&p.concern),
            "summary" => copied(&p.summary),
            "story" => copied(&p.story),
            "additional" => copied(&p.additional),
            "asks" => p.asks.iter().any(copied),
            _ => false,
        })
        .map(|f| f.to_string())
        .collect();
    Ok(case)
}

/// The case as a YAML file, a comment over every field.
pub fn emit(project: &Project, c: &Case, follows: Option<&str>) -> String {
    let mut y = Yaml::default();
    let langs = &c.languages;
    match follows {
        Some(prev) => y.comment(0, &format!("The document after `{prev}`, started by `appeal new --follows {prev}`: its reference, people, targets and texts are copied. Check each text listed in `review` against the new document, fill in the empty values, and run `appeal check`: it lists what is left, one line each. Fields: README, \"Case files\".")),
        None => y.comment(0, "A new case, started by `appeal new`. Fill in the empty values (\"\" and blanks) and run `appeal check`: it lists what is left, one line each. Fields: README, \"Case files\"."),
    }
    y.comment(
        0,
        "The id: names this file, the output folders, and the case on the command line.",
    );
    y.plain(0, "id", &c.id);
    y.comment(
        0,
        "The public reference every document of the action shares, e.g. \"UA 82/18\".",
    );
    y.text(0, "reference", &c.reference);
    y.comment(
        0,
        "The issuing organisation's document index, e.g. \"EUR 57/8298/2018\"; may stay empty.",
    );
    y.opt_text(0, "index", c.index.as_deref());
    y.comment(
        0,
        "Who issued the action: Amnesty International, Front Line Defenders, ...; one name, or a name per language ({en: …, ru: …, kk: …}).",
    );
    match &c.organisation {
        Issuer::Name(name) => y.text(0, "organisation", name),
        Issuer::Names(names) => y.texts(0, "organisation", names, langs),
    }
    y.comment(
        0,
        "new (the first document), update, stop-action (no more appeals) or closure.",
    );
    y.plain(0, "kind", c.kind.as_str());
    y.comment(
        0,
        "The update number, for kind: update (1 for the first update).",
    );
    y.opt_plain(0, "update", c.update.map(|n| n.to_string()).as_deref());
    y.comment(
        0,
        "The id of the document this one follows, when that one is in appeals/cases/.",
    );
    y.opt_plain(0, "follows", c.follows.as_deref());
    if !c.review.is_empty() {
        y.comment(0, "Texts copied from the previous document: check each against this one, then remove it here.");
        y.line(0, &format!("review: [{}]", c.review.join(", ")));
    }
    y.comment(
        0,
        "The date the document was issued (YYYY-MM-DD); counted deadlines start from it.",
    );
    y.opt_plain(0, "issued", c.issued.map(|d| d.to_string()).as_deref());
    y.comment(
        0,
        "ISO 3166 code of the country the action concerns, e.g. KZ.",
    );
    y.line(0, &format!("country: {}", quoted_if_needed(&c.country)));
    y.comment(
        0,
        "open while campaigners should act on it; closed when no more action is needed.",
    );
    y.plain(
        0,
        "status",
        match c.status {
            CaseStatus::Open => "open",
            CaseStatus::Closed => "closed",
        },
    );
    y.comment(
        0,
        "The languages the texts are written in; authorities are addressed in one of them.",
    );
    y.line(0, &format!("languages: [{}]", langs.join(", ")));
    y.comment(0, "The language the texts are written in first and translated from; empty: the first of `languages`.");
    y.opt_plain(0, "source_language", c.source_language.as_deref());
    y.comment(0, "The headline, per language.");
    y.texts(0, "title", &c.title, langs);
    y.comment(0, "The letters' subject line, in the register of official letters; empty: built from the person's name.");
    y.texts(0, "subject", &c.subject, langs);
    y.comment(0, "Why the organisation is concerned, a paragraph after the summary in letters; may stay empty.");
    y.texts(0, "concern", &c.concern, langs);
    y.comment(
        0,
        "true if the organisation calls the person a prisoner of conscience (letters then say so).",
    );
    y.plain(
        0,
        "prisoner_of_conscience",
        &c.prisoner_of_conscience.to_string(),
    );
    y.comment(0, "The lead paragraph. For paragraphs, write `en: |` and the text below it, indented, a blank line between paragraphs.");
    y.texts(0, "summary", &c.summary, langs);
    y.comment(0, "The people at risk.");
    y.line(0, "people:");
    for person in &c.people {
        y.comment(2, "Full name, per language.");
        y.texts_item(2, "name", &person.name, langs);
        y.comment(
            4,
            "female, male or other: decides agreement in letters (задержан / задержана).",
        );
        y.plain(4, "gender", person.gender.as_str());
        y.comment(4, "Age in years at the document's date; may stay empty.");
        y.opt_plain(4, "age", person.age.map(|n| n.to_string()).as_deref());
        y.comment(
            4,
            "Occupation, per language, e.g. \"blogger and civil activist\"; may stay empty.",
        );
        y.texts(4, "occupation", &person.occupation, langs);
        y.comment(4, "Home town or region, per language; may stay empty.");
        y.texts(4, "place", &person.place, langs);
    }
    y.comment(
        0,
        "What happened, per language; paragraphs separated by blank lines.",
    );
    y.texts(0, "story", &c.story, langs);
    y.comment(
        0,
        "Additional information (background), per language; may stay empty.",
    );
    y.texts(0, "additional", &c.additional, langs);
    y.comment(0, "The asks, each completing \"we ask you to …\" (en a verb phrase, ru an infinitive, kk a verbal noun), no final full stop.");
    y.line(0, "asks:");
    for ask in &c.asks {
        y.texts_item(2, "", ask, langs);
    }
    let examples: Vec<(&String, String)> = project
        .authorities
        .iter()
        .take(4)
        .map(|(role, a)| {
            let title = a
                .value
                .title
                .get(&project.campaign.value.default_language)
                .or_else(|| a.value.title.values().next())
                .cloned()
                .unwrap_or_default();
            (role, title)
        })
        .collect();
    y.comment(
        0,
        "The authorities to write to, by role: the files under appeals/authorities/.",
    );
    y.refs(0, "targets", &c.targets, &examples);
    y.comment(0, "Authorities that get a copy, by role; may stay empty.");
    y.refs(0, "copies", &c.copies, &[]);
    y.comment(
        0,
        "true to ask readers to copy Kazakhstan's diplomats accredited to their country.",
    );
    y.plain(0, "diplomatic_copies", &c.diplomatic_copies.to_string());
    y.comment(0, "When appeals must be sent by.");
    y.line(0, "deadline:");
    y.comment(
        2,
        "Appeals must be sent before this date (YYYY-MM-DD); the date itself is too late.",
    );
    y.line(2, "send_before:");
    let calendar = project.calendars.keys().next().map_or("kz", String::as_str);
    y.comment(2, &format!("Or, instead of send_before, a rule counted from `issued`, e.g. working days skipping appeals/calendars/{calendar}.yaml's holidays:"));
    y.comment(2, "working_days: 30");
    y.comment(2, &format!("calendar: {calendar}"));
    y.comment(0, "Further information: the published documents, e.g.");
    y.comment(0, "  - url: https://www.amnesty.org/en/documents/...");
    if c.links.is_empty() {
        y.line(0, "links: []");
    } else {
        y.line(0, "links:");
        for link in &c.links {
            y.line(2, &format!("- url: {}", quoted(&link.url)));
            if !link.label.is_empty() {
                y.texts(4, "label", &link.label, langs);
            }
        }
    }
    y.comment(0, "Which source text each translation was made from: written by `appeal translations` (README, \"Translating a case\").");
    if c.translated_from.is_empty() {
        y.line(0, "translated_from: {}");
    } else {
        y.line(0, "translated_from:");
        for (lang, fields) in &c.translated_from {
            y.line(2, &format!("{lang}:"));
            for (field, print) in fields {
                y.line(4, &format!("{field}: {}", quoted(&print.0)));
            }
        }
    }
    y.out
}

/// A YAML writer for the few shapes a case file has: comments, scalars, text maps, lists.
#[derive(Default)]
struct Yaml {
    out: String,
}

impl Yaml {
    fn line(&mut self, indent: usize, text: &str) {
        let _ = writeln!(self.out, "{:indent$}{text}", "");
    }

    fn comment(&mut self, indent: usize, text: &str) {
        self.line(indent, &format!("# {text}"));
    }

    /// A value known to be safe unquoted (ids, kinds, numbers, dates, booleans).
    fn plain(&mut self, indent: usize, key: &str, value: &str) {
        self.line(indent, &format!("{key}: {value}"));
    }

    fn opt_plain(&mut self, indent: usize, key: &str, value: Option<&str>) {
        match value {
            Some(v) => self.plain(indent, key, v),
            None => self.line(indent, &format!("{key}:")),
        }
    }

    fn text(&mut self, indent: usize, key: &str, value: &str) {
        let v = scalar(indent, value);
        self.line(indent, &format!("{key}: {v}"));
    }

    fn opt_text(&mut self, indent: usize, key: &str, value: Option<&str>) {
        match value {
            Some(v) => self.text(indent, key, v),
            None => self.line(indent, &format!("{key}:")),
        }
    }

    /// `key:` and one line per language: the case's languages first, in order, then any other
    /// the map has.
    fn texts(&mut self, indent: usize, key: &str, map: &Localized, langs: &[String]) {
        if map.is_empty() {
            self.line(indent, &format!("{key}: {{}}"));
            return;
        }
        self.line(indent, &format!("{key}:"));
        for (lang, text) in ordered(map, langs) {
            self.text(indent + 2, lang, text);
        }
    }

    /// A text map as a list item: `- key:` (or `- ` alone when `key` is empty), the languages
    /// indented under it.
    fn texts_item(&mut self, indent: usize, key: &str, map: &Localized, langs: &[String]) {
        let (head, inner) = if key.is_empty() {
            (String::new(), indent + 2)
        } else {
            (format!("{key}:"), indent + 4)
        };
        let entries = ordered(map, langs);
        if entries.is_empty() {
            self.line(indent, &format!("- {head} {{}}"));
            return;
        }
        if key.is_empty() {
            // `- en: ...` then the other languages under it.
            for (i, (lang, text)) in entries.into_iter().enumerate() {
                let v = scalar(inner, text);
                let dash = if i == 0 { "- " } else { "  " };
                self.line(indent, &format!("{dash}{lang}: {v}"));
            }
        } else {
            self.line(indent, &format!("- {head}"));
            for (lang, text) in entries {
                self.text(inner, lang, text);
            }
        }
    }

    /// `targets:` / `copies:`: the references, or `[]` under commented examples.
    fn refs(
        &mut self,
        indent: usize,
        key: &str,
        refs: &[TargetRef],
        examples: &[(&String, String)],
    ) {
        if refs.is_empty() {
            for (role, title) in examples {
                let title = if title.is_empty() {
                    String::new()
                } else {
                    format!("   ({title})")
                };
                self.comment(indent, &format!("  - role: {role}{title}"));
            }
            self.line(indent, &format!("{key}: []"));
            return;
        }
        self.line(indent, &format!("{key}:"));
        for r in refs {
            self.line(
                indent + 2,
                &format!("- role: {}", quoted_if_needed(&r.role)),
            );
            let inner = indent + 4;
            if let Some(lang) = &r.language {
                self.plain(inner, "language", lang);
            }
            if !r.salutation.is_empty() {
                self.texts(inner, "salutation", &r.salutation, &[]);
            }
            if let Some(emails) = &r.emails {
                let list: Vec<String> = emails.iter().map(|e| quoted(e)).collect();
                self.line(inner, &format!("emails: [{}]", list.join(", ")));
            }
            if let Some(fax) = &r.fax {
                self.line(inner, &format!("fax: {}", quoted(fax)));
            }
        }
    }
}

fn ordered<'a>(map: &'a Localized, langs: &'a [String]) -> Vec<(&'a str, &'a str)> {
    let mut out: Vec<(&str, &str)> = langs
        .iter()
        .filter_map(|l| map.get(l).map(|t| (l.as_str(), t.as_str())))
        .collect();
    for (l, t) in map {
        if !langs.contains(l) {
            out.push((l, t));
        }
    }
    out
}

/// A double-quoted YAML scalar (JSON's string syntax is valid YAML).
fn quoted(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "\"\"".into())
}

fn quoted_if_needed(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'))
        && value.starts_with(|c: char| c.is_ascii_alphabetic())
        // Words some YAML readers take for booleans or null (`NO` is Norway).
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
        );
    if plain {
        value.to_string()
    } else {
        quoted(value)
    }
}

/// How a text is written after `key: ` at `indent`: a literal block for paragraphs, folded
/// lines for a long sentence, quoted otherwise. Each form is read back and kept only when it
/// gives the same text, so no text is ever changed by the way it is written.
fn scalar(indent: usize, value: &str) -> String {
    let candidate = if value.contains('\n') {
        literal(indent, value)
    } else if value.chars().count() > 80 {
        folded(indent, value)
    } else {
        None
    };
    match candidate {
        Some(c) if reads_back(&c, value) => c,
        _ => quoted(value),
    }
}

fn reads_back(candidate: &str, value: &str) -> bool {
    // As in the file, where a line break ends every line: without it a block's last line
    // break (the `|` clip) would be missing on reading back, and no block would ever be chosen.
    let doc = format!("k: {candidate}\n");
    serde_yaml::from_str::<BTreeMap<String, String>>(&doc)
        .ok()
        .and_then(|m| m.get("k").cloned())
        .is_some_and(|v| v == value)
}

fn literal(indent: usize, value: &str) -> Option<String> {
    let body = value.trim_end_matches('\n');
    let trailing = value.len() - body.len();
    if body.is_empty()
        || body.starts_with([' ', '\t', '\n'])
        || body.contains('\r')
        || body.lines().any(|l| !l.is_empty() && l.trim().is_empty())
    {
        return None;
    }
    let chomp = match trailing {
        0 => "|-",
        1 => "|",
        _ => "|+",
    };
    let pad = " ".repeat(indent + 2);
    let mut out = chomp.to_string();
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    for _ in 1..trailing {
        out.push('\n');
    }
    Some(out)
}

/// A long one-line text folded at spaces into lines of about 96 characters (`>-`).
fn folded(indent: usize, value: &str) -> Option<String> {
    if value.starts_with(char::is_whitespace)
        || value.ends_with(char::is_whitespace)
        || value.contains("  ")
        || value.contains(['\t', '\r'])
    {
        return None;
    }
    let pad = " ".repeat(indent + 2);
    let width = 96usize.saturating_sub(indent + 2).max(40);
    let mut out = String::from(">-");
    let mut line = String::new();
    for word in value.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push('\n');
            out.push_str(&pad);
            out.push_str(&line);
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push('\n');
    out.push_str(&pad);
    out.push_str(&line);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_read_back_unchanged() {
        for value in [
            "",
            "one line",
            "a: b # not a comment",
            "two\nlines\n",
            "no final newline\nhere",
            "para one\n\npara two\n",
            "kept\n\n\n",
            " leading space\nx",
            "Мирная критика политики властей в социальных сетях защищена правом на свободу выражения мнений, которое",
            "long long long long long long long long long long long long long long long long long long long long long",
            "\"quoted\" and 'single' and #hash and - dash",
        ] {
            let s = scalar(4, value);
            assert!(reads_back(&scalar(0, value), value), "{value:?} → {s}");
        }
    }

    /// Paragraphs come out as literal blocks, not one quoted line with "\n" in it (third
    /// native review): the block's final line break is the file's own.
    #[test]
    fn paragraphs_are_written_as_literal_blocks() {
        for (value, head) in [
            ("two\nlines\n", "|\n"),
            ("no final newline\nhere", "|-\n"),
            ("para one\n\npara two\n", "|\n"),
            ("kept\nx\n\n\n", "|+\n"),
        ] {
            let s = scalar(2, value);
            assert!(s.starts_with(head), "{value:?} → {s}");
            assert!(reads_back(&s, value), "{value:?} → {s}");
        }
    }

    #[test]
    fn ids_follow_the_check_rule() {
        assert!(check_id("ua-83-18").is_ok());
        assert!(check_id("UA 83").is_err());
        assert!(check_id("../x").is_err());
        assert!(check_id("-x").is_err());
    }
}
