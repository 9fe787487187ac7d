//! `appeal translations`: which case texts are current, stale or missing in each language;
//! export to Gettext PO for translators, import back into the case file in place (comments and
//! layout kept), and recording that hand-edited translations are current. One module per use
//! case; `edit_case` writes the changes into the case file.
//!
//! It reads the case files without validating the project: a case whose translations are
//! missing is an error for `check`, and exactly the case a translator needs to see.

mod edit_case;
pub mod export;
pub mod import;
pub mod mark_current;

use crate::app::project::{Lookup, Named, lookup};
use crate::clock::Clock;
use crate::domain::translations::{self, CaseState};
use crate::error::{Error, Problem, Result, suggestion};
use crate::load::archive::Archive;
use crate::load::{self, Doc, Project};
use crate::model::Case;
use std::path::{Path, PathBuf};

/// What `appeal translations` is asked to do.
#[derive(Debug)]
pub enum Request<'a> {
    /// Show where the translations stand.
    Show,
    /// Write the PO file for translating the case into `lang` (standard output: `out` is
    /// `None` or `-`).
    Export {
        /// The translation language.
        lang: &'a str,
        /// The PO file to write.
        out: Option<&'a Path>,
    },
    /// Read a PO file into the case file.
    Import {
        /// The PO file.
        po: &'a Path,
        /// The language the PO file is in, when it does not say.
        lang: Option<&'a str>,
        /// Import entries marked fuzzy too.
        fuzzy: bool,
    },
    /// Record that the `lang` texts (all, or `fields`) translate the current source texts.
    MarkCurrent {
        /// The translation language.
        lang: &'a str,
        /// Only these fields, when given.
        fields: &'a [String],
    },
}

impl Request<'_> {
    /// The flag that asks for it, for a request that needs a case.
    fn flag(&self) -> Option<&'static str> {
        match self {
            Request::Show => None,
            Request::Export { .. } => Some("--export"),
            Request::Import { .. } => Some("--import"),
            Request::MarkCurrent { .. } => Some("--mark-current"),
        }
    }
}

/// What was done, for the command to print.
#[derive(Debug)]
pub enum Report {
    /// Where the translations stand: of every case, or of the case named.
    Shown {
        /// One entry per case.
        states: Vec<CaseState>,
        /// When every case is shown: the errors of case files that did not load (the others
        /// are still shown).
        unreadable: Vec<Problem>,
    },
    /// A PO file written.
    Exported(export::Exported),
    /// A PO file read into the case file.
    Imported(import::Imported),
    /// Translations marked current.
    Marked(mark_current::Marked),
}

/// Runs `request` on the case `wanted` names (an id or a path), or on every case.
pub fn run(root: &Path, clock: Clock, wanted: Option<&str>, request: Request) -> Result<Report> {
    let Some(wanted) = wanted else {
        if let Some(flag) = request.flag() {
            return Err(Error::Usage(format!(
                "{flag} works on one case: give its id, e.g. `appeal translations ua-82-18 {flag} …`"
            )));
        }
        return show_all(root);
    };
    // One case: read in full alone; the others' ids are all the look-up needs.
    let (project, problems) = load::load_base(root);
    let Some(mut project) = project.filter(|_| load::settings_errors(&problems).is_empty()) else {
        return Err(Error::Invalid(problems));
    };
    let (case, file, own) = match named_file(&project, wanted) {
        Some(found) => found,
        None => {
            project.archive = Archive::read(root);
            find_case(&project, wanted)?
        }
    };
    // A case file with errors was read as far as it goes; its texts are shown, but not edited:
    // the edit could not be checked against what the file says.
    if matches!(
        request,
        Request::Import { .. } | Request::MarkCurrent { .. }
    ) && !own.is_empty()
    {
        return Err(Error::Invalid(own));
    }
    Ok(match request {
        Request::Show => Report::Shown {
            states: vec![translations::case_state(&case.value)],
            unreadable: Vec::new(),
        },
        Request::Export { lang, out } => {
            let lang = translation_language(&case.value, lang)?;
            Report::Exported(export::export(&case, lang, out, clock)?)
        }
        Request::Import { po, lang, fuzzy } => {
            Report::Imported(import::import(&case, &file, po, lang, fuzzy)?)
        }
        Request::MarkCurrent { lang, fields } => {
            let lang = translation_language(&case.value, lang)?;
            Report::Marked(mark_current::mark_current(&case, &file, lang, fields)?)
        }
    })
}

/// Where the translations of every case stand, with the errors of the case files that did not
/// load (the others are still shown).
fn show_all(root: &Path) -> Result<Report> {
    let (project, problems) = load::load_project(root);
    let Some(project) = project.filter(|_| load::settings_errors(&problems).is_empty()) else {
        return Err(Error::Invalid(problems));
    };
    let unreadable: Vec<Problem> = problems
        .into_iter()
        .filter(|p| p.is_error() && p.path.starts_with("appeals/cases"))
        .collect();
    let states = project
        .cases
        .iter()
        .map(|doc| translations::case_state(&doc.value))
        .collect();
    Ok(Report::Shown { states, unreadable })
}

/// The case by id or path, the file to edit, and the errors of that file. The case may be one
/// whose file has errors: it is read as far as it goes.
fn find_case(project: &Project, wanted: &str) -> Result<(Doc<Case>, PathBuf, Vec<Problem>)> {
    match lookup(project, wanted, &Lookup::BY_ID_OR_PATH)? {
        Named::Listed((path, _)) => {
            let file = project.root.join(path);
            match load::read_case_file(&project.root, &file) {
                (Some(doc), problems) => {
                    let own = problems.into_iter().filter(Problem::is_error).collect();
                    Ok((doc, file, own))
                }
                (None, problems) => Err(Error::Invalid(problems)),
            }
        }
        Named::File(path) => {
            let doc = load::load_case_file(&project.root, path).map_err(Error::Invalid)?;
            Ok((doc, path.to_path_buf(), Vec::new()))
        }
    }
}

/// The case `wanted` names when its file is named after it (`appeals/cases/<id>.yaml`, as
/// `appeal new` writes it) and reads with that id: found without the archive, whose cost is a
/// `stat` of every case file. Two files with one id are `check`'s to report.
fn named_file(project: &Project, wanted: &str) -> Option<(Doc<Case>, PathBuf, Vec<Problem>)> {
    if wanted.is_empty() || wanted.starts_with('.') || wanted.contains(['/', '\\']) {
        return None;
    }
    let cases = project.root.join(load::APPEALS_DIR).join("cases");
    let file = cases.join(format!("{wanted}.yaml"));
    if !file.is_file() {
        return None;
    }
    let (doc, problems) = load::read_case_file(&project.root, &file);
    let doc = doc.filter(|d| d.value.id == wanted)?;
    let own = problems.into_iter().filter(Problem::is_error).collect();
    Some((doc, file, own))
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
