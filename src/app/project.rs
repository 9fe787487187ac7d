//! Opening the project for a command: load everything once, judge it (any error stops here,
//! with every problem listed), and find the case the command works on.

use crate::clock::Clock;
use crate::domain::life::{self, Purpose};
use crate::env::{Env, load_all};
use crate::error::{Error, Problem, Result, suggestion};
use crate::load::{self, Doc, Project};
use crate::model::Case;
use crate::validate;
use std::path::Path;

/// Loads and validates; any error stops here with every problem listed.
pub fn open(root: &Path, clock: Clock) -> Result<Env> {
    let (project, locales, templates, mut problems) = load_all(root);
    if let Some(project) = &project {
        problems.extend(validate::validate_for_commands(
            project, &locales, &templates, &clock,
        ));
    }
    match project {
        Some(project) if !problems.iter().any(Problem::is_error) => Ok(Env {
            project,
            locales,
            templates,
            clock,
            warnings: problems,
        }),
        _ => Err(Error::Invalid(problems)),
    }
}

/// Finds a case by id, or loads it from a path; unknown ids get a "did you mean".
pub fn find_case(env: &Env, wanted: &str) -> Result<Doc<Case>> {
    let path = match lookup(&env.project, wanted, &Lookup::BY_ID_OR_PATH)? {
        Named::Listed(doc) => return Ok(doc.clone()),
        Named::File(path) => path,
    };
    let canonical = path.canonicalize().ok();
    if let Some(doc) = env
        .project
        .cases
        .iter()
        .find(|c| env.project.root.join(&c.file.path).canonicalize().ok() == canonical)
    {
        return Ok(doc.clone());
    }
    let doc = load::load_case_file(&env.project.root, path).map_err(Error::Invalid)?;
    let problems = validate::validate_extra_case(&env.project, &env.locales, &doc);
    if problems.iter().any(Problem::is_error) {
        return Err(Error::Invalid(problems));
    }
    Ok(doc)
}

/// What a command accepts as a case, and how it words one it cannot find.
pub struct Lookup<'a> {
    /// A path to a case file (`.yaml`, `.yml`) names a case too.
    pub by_path: bool,
    /// Errors of case files that did not load. The case may be one of them, so they are the
    /// error when no case matches. None when the project was opened whole (any error stops
    /// that).
    pub unreadable: &'a [Problem],
    /// Before "no case": the flag that named it (`--follows: `), if any.
    pub flag: &'a str,
    /// After the `appeal list` hint.
    pub note: &'a str,
}

impl Lookup<'_> {
    /// An id or a path, worded plainly: most commands.
    pub const BY_ID_OR_PATH: Lookup<'static> = Lookup {
        by_path: true,
        unreadable: &[],
        flag: "",
        note: "",
    };
}

/// A case a command names.
#[derive(Debug)]
pub enum Named<'a> {
    /// One of the project's cases, by id.
    Listed(&'a Doc<Case>),
    /// A case file given by path, not loaded yet: each command loads it its own way.
    File(&'a Path),
}

/// The case `wanted` names: the project's case with that id, else (`by_path`) an existing case
/// file. When there is none: the errors of the case files that did not load, if any, else
/// "no case" with a "did you mean" among the ids and the `appeal list` hint.
pub fn lookup<'a>(project: &'a Project, wanted: &'a str, how: &Lookup) -> Result<Named<'a>> {
    if let Some(doc) = project.cases.iter().find(|c| c.value.id == wanted) {
        return Ok(Named::Listed(doc));
    }
    let path = Path::new(wanted);
    if how.by_path && path.extension().is_some_and(|e| e == "yaml" || e == "yml") && path.is_file()
    {
        return Ok(Named::File(path));
    }
    if !how.unreadable.is_empty() {
        return Err(Error::Invalid(how.unreadable.to_vec()));
    }
    let ids = project.cases.iter().map(|c| c.value.id.as_str());
    Err(Error::Usage(format!(
        "{}no case `{wanted}`{}; `appeal list` shows the cases{}",
        how.flag,
        suggestion(wanted, ids),
        how.note
    )))
}

/// The warnings about `case`, each naming it: its own, those of the authorities it writes
/// to or copies, and project-wide ones (settings, templates, locales). Warnings about other
/// cases, and about directory entries only other cases use, are left out.
pub fn warnings_about(env: &Env, case: &Doc<Case>) -> Vec<Problem> {
    let c = &case.value;
    let used: Vec<&Path> = c
        .targets
        .iter()
        .chain(&c.copies)
        .filter_map(|r| env.project.authorities.get(&r.role))
        .map(|a| a.file.path.as_path())
        .collect();
    let directory = Path::new(load::APPEALS_DIR);
    env.warnings
        .iter()
        .filter(|p| !p.is_error())
        .filter_map(|p| match &p.case {
            Some(id) if *id == c.id => Some(p.clone()),
            Some(_) => None,
            None if used.contains(&p.path.as_path()) => Some(p.clone().with_case(&c.id)),
            None if p.path.starts_with(directory) && p.path != directory.join("campaign.yaml") => {
                None
            }
            None => Some(p.clone()),
        })
        .collect()
}

/// The warning for a case whose deadline has passed, if it has. Letters, faxes and emails go
/// to officials and so never say the deadline has passed (only the UA, alerts and site tell
/// campaigners): the one to check with the organiser before sending them is whoever runs this.
pub fn deadline_passed(env: &Env, case: &Doc<Case>) -> Option<Problem> {
    let life = life::of(env, case);
    let d = life.deadline.as_ref()?;
    (life.days_left()? <= 0).then(|| {
        case.warning(
            "deadline",
            format!(
                "the deadline ({}) has passed: check with the organiser before sending the appeals (letters, faxes and emails to officials do not mention it)",
                d.send_before
            ),
        )
    })
}

/// The refusal to send or mail an appeal that a later document superseded or closed (or that
/// is closed by hand): exit 2, one line naming why and what replaced it. With `superseded_ok`
/// it goes out anyway, on purpose, with that line as a warning.
pub fn refuse_unless_live(
    env: &Env,
    case: &Doc<Case>,
    superseded_ok: bool,
) -> Result<Option<Problem>> {
    let Some(why) = life::of(env, case).not_live(&case.value.id) else {
        return Ok(None);
    };
    if superseded_ok {
        return Ok(Some(case.warning(
            "",
            format!("{why}: going out anyway (--superseded-ok)"),
        )));
    }
    Err(Error::Usage(format!(
        "{why}; nothing sent (add --superseded-ok to send it anyway)"
    )))
}

/// The refusal to send a document that writes to no official (a stop action or closure):
/// exit 2. Its outcome goes to supporters with `mail`.
pub fn refuse_outcome_to_officials(case: &Doc<Case>) -> Result<()> {
    let c = &case.value;
    if Purpose::of(c).writes_to_officials() {
        return Ok(());
    }
    let kind = c.kind.as_str().replace('-', " ");
    Err(Error::Usage(format!(
        "{} is a {kind}: nothing is sent to officials for a {kind}; `appeal mail {} --supporters FILE` tells supporters the outcome",
        c.id, c.id
    )))
}
