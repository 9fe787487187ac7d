//! `appeal new`: starts a case file, `appeals/cases/ID.yaml`, with every field present and a
//! one-line comment on each (written by [`load::case_file`]). With `--follows`, the next
//! document of an action: reference, people, targets and texts copied from the previous one,
//! the texts listed in `review` until someone has checked them against the new document.
//!
//! The file is written with `create_new`, so an existing file is never overwritten, even by a
//! second run racing this one.

use crate::app::project::{Lookup, Named, lookup};
use crate::domain::role_suggestion::role_suggestion;
use crate::error::{Error, Result};
use crate::load::archive::Archive;
use crate::load::{self, Doc, Project};
use crate::model::{Alternatives, Case, CaseKind, Choices, Gender, Localized, Person, TargetRef};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What to start.
#[derive(Debug)]
pub struct Request<'a> {
    /// The new case's id.
    pub id: &'a str,
    /// Roles to write to, checked against the directory.
    pub targets: &'a [String],
    /// The id of the document the new one follows.
    pub follows: Option<&'a str>,
    /// The kind of document (default: update when following, else new).
    pub kind: Option<CaseKind>,
}

/// Writes the new case file; returns its path as shown (relative to `root`).
pub fn start(root: &Path, request: &Request) -> Result<PathBuf> {
    check_id(request.id)?;
    // Only the campaign settings must parse: a broken case elsewhere should not stop anyone
    // from starting a new one.
    let (project, problems) = load::load_base(root);
    let Some(mut project) = project.filter(|_| load::settings_errors(&problems).is_empty()) else {
        return Err(Error::Invalid(problems));
    };
    // The other cases' facts (ids, actions, countries) are all it needs of them.
    project.archive = Archive::read(root);
    let dir = root.join(load::APPEALS_DIR).join("cases");
    let path = dir.join(format!("{}.yaml", request.id));
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
    if let Some((other, _)) = project.archive.with_id(request.id).next() {
        return Err(exists(
            other,
            format!(
                "it has the id `{}` already: choose another id for the new case",
                request.id
            ),
        ));
    }
    let prev = match request.follows {
        Some(wanted) => Some(previous(&project, wanted)?),
        None => None,
    };
    let kind = match (request.kind, &prev) {
        (Some(CaseKind::New), Some(_)) => {
            return Err(Error::Usage(
                "--kind new starts an action, so it cannot follow another document: use \
                 --kind update, stop-action or closure with --follows"
                    .into(),
            ));
        }
        (Some(k), _) => k,
        (None, Some(_)) => CaseKind::Update,
        (None, None) => CaseKind::New,
    };
    let targets = request
        .targets
        .iter()
        .map(|role| known_role(&project, role))
        .collect::<Result<Vec<_>>>()?;
    let case = match prev {
        Some(prev) => following(&project, request.id, &prev, kind, targets)?,
        None => blank(&project, request.id, kind, targets)?,
    };
    let text = load::case_file::annotated(&project, &case, request.follows);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    write_new(&path, &text).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => exists(
            &shown,
            "`appeal new` never overwrites a file: edit it, or choose another id".into(),
        ),
        _ => Error::io(&shown, e),
    })?;
    Ok(shown)
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

/// The document `--follows` names, by id only: a case file elsewhere is no document of the
/// action. It is read in full (as far as it reads: a file with errors is still copied from).
fn previous(project: &Project, wanted: &str) -> Result<Doc<Case>> {
    let follows = Lookup {
        by_path: false,
        unreadable: false,
        flag: "--follows: ",
        note: " (a case file with errors is left out: `appeal check` shows them)",
    };
    match lookup(project, wanted, &follows)? {
        Named::Listed((path, _)) => {
            let (doc, _) = load::read_case_file(&project.root, &project.root.join(path));
            doc.ok_or_else(|| {
                Error::Usage(format!(
                    "--follows: no case `{wanted}`; `appeal list` shows the cases{}",
                    follows.note
                ))
            })
        }
        // Not met: the lookup above takes ids only.
        Named::File(path) => Err(Error::Usage(format!(
            "--follows: `{}` is a file; give the id of a case in appeals/cases/",
            path.display()
        ))),
    }
}

fn known_role(project: &Project, role: &str) -> Result<TargetRef> {
    if project.authorities.contains_key(role) {
        return Ok(target(role));
    }
    Err(Error::Usage(format!(
        "--target: no authority `{role}`{}; roles are the files under appeals/authorities/ \
         (write a new one first: see README, \"A directory entry, annotated\")",
        role_suggestion(project, role)
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

/// An empty text in each language for a text that may be a list of alternatives.
fn empty_alternatives(langs: &[String]) -> Alternatives {
    langs
        .iter()
        .map(|l| (l.clone(), Choices::One(String::new())))
        .collect()
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
    for (_, c) in project.archive.iter() {
        *countries.entry(c.country.as_str()).or_default() += 1;
    }
    if let Some((country, _)) = countries.into_iter().max_by_key(|(_, n)| *n) {
        case.country = country.to_string();
    }
    case.title = empty();
    case.subject = empty();
    case.opening = empty_alternatives(&langs);
    case.concern = empty_alternatives(&langs);
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
    let or_empty_alternatives = |m: &Alternatives| {
        if m.values().all(Choices::is_blank) {
            empty_alternatives(&langs)
        } else {
            m.clone()
        }
    };
    let mut case = skeleton(id, kind, &langs)?;
    case.update = (kind == CaseKind::Update).then(|| {
        project
            .archive
            .action(&p.reference)
            .filter_map(|c| c.update)
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
    case.opening = or_empty_alternatives(&p.opening);
    case.concern = or_empty_alternatives(&p.concern);
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
    let copied_alternatives = |m: &Alternatives| m.values().any(|c| !c.is_blank());
    case.review = crate::model::case::REVIEWED_TEXTS
        .iter()
        .filter(|field| match **field {
            "title" => copied(&p.title),
            "subject" => copied(&p.subject),
            "opening" => copied_alternatives(&p.opening),
            "concern" => copied_alternatives(&p.concern),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_check_rule() {
        assert!(check_id("ua-83-18").is_ok());
        assert!(check_id("UA 83").is_err());
        assert!(check_id("../x").is_err());
        assert!(check_id("-x").is_err());
    }
}
