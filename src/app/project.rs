//! Opening the project for a command: load what it needs, judge it (any error stops here,
//! with every problem listed), and find the case the command works on. A command about the
//! whole archive ([`open`]) reads every case; a command about one case ([`open_case`]) reads
//! that case in full and only the facts of the others (see [`crate::load::archive`]), so its
//! cost does not grow with the archive and a mistake in another case does not stop it.

use crate::clock::Clock;
use crate::domain::life::{self, Purpose};
use crate::env::{Env, load_all, load_base};
use crate::error::{Error, Problem, Result, suggestion};
use crate::i18n::Locales;
use crate::load::archive::Archive;
use crate::load::{self, Doc, Project};
use crate::model::{Case, CaseFacts};
use crate::templates::Templates;
use crate::validate;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Loads and validates the whole project; any error stops here with every problem listed.
pub fn open(root: &Path, clock: Clock) -> Result<Env> {
    let (project, locales, templates, problems) = load_all(root);
    match project {
        Some(project) => admit(project, locales, templates, clock, problems),
        None => Err(Error::Invalid(problems)),
    }
}

/// Opens the project for a command over every case, each read and judged in turn: `each`
/// gets each case (in path order) with the environment of the settings, directory, templates
/// and locales, and what it returns is kept; the case itself is then dropped, so memory does
/// not grow with the archive. What it returned for a case file that did not change, while
/// nothing else it depends on did, is taken from the memo of `command` (see
/// [`super::each_case`]); `purpose` names what else `each` depends on (the command's options).
/// As with [`open`], any error (in any case) stops the command with every problem listed;
/// the environment's warnings are those of every case.
pub fn open_each<T: serde::Serialize + serde::de::DeserializeOwned>(
    root: &Path,
    clock: Clock,
    (command, purpose): (&str, &str),
    mut each: impl FnMut(&Env, &Doc<Case>) -> T,
) -> Result<(Env, Vec<T>)> {
    let inputs = super::each_case::inputs(root);
    let (project, locales, templates, mut problems) = load_base(root);
    let Some(mut project) = project else {
        // Nothing to judge without the settings; every file's own problems are listed.
        return Err(Error::Invalid(load_all(root).3));
    };
    project.archive = Archive::read(root);
    let mut env = Env::from_parts(project, locales, templates, clock);
    let today = env.clock.today_in(env.project.campaign.value.zone());
    let purpose = format!("{purpose} as of {today}");
    let (found, judged) = {
        let mut judge = validate::Judge::new(&env.project, &env.locales, &env.clock, false);
        let found = super::each_case::each_case(
            &env.project,
            &mut judge,
            (command, &purpose, &inputs),
            |doc| each(&env, doc),
            &mut problems,
        );
        (found, judge.finish(&env.templates))
    };
    problems.extend(judged);
    if problems.iter().any(Problem::is_error) {
        return Err(Error::Invalid(problems));
    }
    env.warnings = problems;
    Ok((env, found.into_iter().filter_map(|f| f.made).collect()))
}

/// Opens the project for a command about the case `wanted` names (an id, or the path of a
/// case file): the settings, directory, templates and locales, the facts of every case (its
/// chain and state need them), and in full the case itself. Any error in those stops here,
/// with every problem listed; the other cases are not judged.
pub fn open_case(root: &Path, clock: Clock, wanted: &str) -> Result<(Env, Doc<Case>)> {
    let (project, locales, templates, mut problems) = load_base(root);
    let Some(mut project) = project else {
        return Err(Error::Invalid(problems));
    };
    project.archive = Archive::read(root);
    let found = match lookup(&project, wanted, &Lookup::BY_ID_OR_PATH)? {
        Named::Listed((path, _)) => Found::Listed(path.clone()),
        Named::File(path) => match listed_as(&project, path) {
            Some(listed) => Found::Listed(listed),
            None => Found::Extra(path.to_path_buf()),
        },
    };
    match found {
        Found::Listed(path) => {
            let id = project
                .archive
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, f)| f.id.clone());
            // Every file with the case's id: two are a mistake to report, as `check` does.
            let files: Vec<PathBuf> = match &id {
                Some(id) => project
                    .archive
                    .with_id(id)
                    .map(|(p, _)| p.clone())
                    .collect(),
                None => vec![path.clone()],
            };
            for file in files {
                let (doc, found) = load::read_case_file(root, &root.join(&file));
                problems.extend(found);
                project.cases.extend(doc);
            }
            let env = admit(project, locales, templates, clock, problems)?;
            let case = env
                .project
                .cases
                .iter()
                .find(|c| c.file.path == path)
                .cloned();
            // Not met: a file that does not read gives errors, which stop above.
            case.map(|c| (env, c))
                .ok_or_else(|| Error::Usage(format!("case `{wanted}` does not read")))
        }
        Found::Extra(path) => {
            let env = admit(project, locales, templates, clock, problems)?;
            let doc = load::load_case_file(root, &path).map_err(Error::Invalid)?;
            let problems = validate::validate_extra_case(&env.project, &env.locales, &doc);
            if problems.iter().any(Problem::is_error) {
                return Err(Error::Invalid(problems));
            }
            Ok((env, doc))
        }
    }
}

/// Opens the project for a command about the cases `pick` chooses, given the project (its
/// archive read) and the clock: every case file is read, one at a time, and only those chosen
/// are kept and judged with the settings, directory, templates and locales. A mistake in a
/// case not chosen stops nothing; a chosen case with errors in its own file is left out, its
/// problems returned beside the environment (one list per case), so that the others still go
/// ahead. An error elsewhere (settings, directory, templates, locales) stops the command.
pub fn open_cases(
    root: &Path,
    clock: Clock,
    pick: impl Fn(&Project, &Clock, &Doc<Case>) -> bool,
) -> Result<(Env, Vec<Vec<Problem>>)> {
    let (project, locales, templates, problems) = load_base(root);
    let Some(mut project) = project else {
        return Err(Error::Invalid(problems));
    };
    project.archive = Archive::read(root);
    let mut picked = Vec::new();
    load::for_each_case_file(root, |doc, found| {
        if let Some(doc) = doc
            && pick(&project, &clock, &doc)
        {
            picked.push((doc, found));
        }
    });
    let mut left_out = Vec::new();
    loop {
        project.cases = picked.iter().map(|(doc, _)| doc.clone()).collect();
        let mut all = problems.clone();
        all.extend(picked.iter().flat_map(|(_, found)| found.iter().cloned()));
        all.extend(validate::validate_for_commands(
            &project, &locales, &templates, &clock,
        ));
        if !all.iter().any(Problem::is_error) {
            let mut env = Env::from_parts(project, locales, templates, clock);
            env.warnings = all;
            return Ok((env, left_out));
        }
        let broken = |doc: &Doc<Case>| all.iter().any(|p| p.is_error() && p.path == doc.file.path);
        let (out, kept): (Vec<_>, Vec<_>) = picked.into_iter().partition(|(doc, _)| broken(doc));
        if out.is_empty() {
            return Err(Error::Invalid(all));
        }
        for (doc, _) in &out {
            left_out.push(
                all.iter()
                    .filter(|p| p.path == doc.file.path)
                    .cloned()
                    .collect(),
            );
        }
        picked = kept;
    }
}

/// What [`open_case`] found: a case file of the archive, or one elsewhere.
enum Found {
    Listed(PathBuf),
    Extra(PathBuf),
}

/// The archive's file (as shown) that `path` names, if it names one.
fn listed_as(project: &Project, path: &Path) -> Option<PathBuf> {
    let canonical = path.canonicalize().ok()?;
    project
        .archive
        .iter()
        .find(|(p, _)| project.root.join(p).canonicalize().ok().as_ref() == Some(&canonical))
        .map(|(p, _)| p.clone())
}

/// Judges what was loaded: the environment, with the warnings, when nothing is an error.
fn admit(
    project: Project,
    locales: Arc<Locales>,
    templates: Templates,
    clock: Clock,
    mut problems: Vec<Problem>,
) -> Result<Env> {
    problems.extend(validate::validate_for_commands(
        &project, &locales, &templates, &clock,
    ));
    if problems.iter().any(Problem::is_error) {
        return Err(Error::Invalid(problems));
    }
    Ok(Env {
        project,
        locales,
        templates,
        clock,
        warnings: problems,
    })
}

/// What a command accepts as a case, and how it words one it cannot find.
pub struct Lookup<'a> {
    /// A path to a case file (`.yaml`, `.yml`) names a case too.
    pub by_path: bool,
    /// When no case matches: the errors of the case files that do not read at all (the case
    /// may be one of them) are the error, if there are any.
    pub unreadable: bool,
    /// Before "no case": the flag that named it (`--follows: `), if any.
    pub flag: &'a str,
    /// After the `appeal list` hint.
    pub note: &'a str,
}

impl Lookup<'_> {
    /// An id or a path, worded plainly: most commands.
    pub const BY_ID_OR_PATH: Lookup<'static> = Lookup {
        by_path: true,
        unreadable: true,
        flag: "",
        note: "",
    };
}

/// A case a command names.
#[derive(Debug)]
pub enum Named<'a> {
    /// One of the archive's cases, by id: its file (as shown) and facts.
    Listed(&'a (PathBuf, CaseFacts)),
    /// A case file given by path, not loaded yet: each command loads it its own way.
    File(&'a Path),
}

/// The case `wanted` names: the archive's case with that id, else (`by_path`) an existing case
/// file. When there is none: the errors of the case files that do not read, if any, else
/// "no case" with a "did you mean" among the ids and the `appeal list` hint.
pub fn lookup<'a>(project: &'a Project, wanted: &'a str, how: &Lookup) -> Result<Named<'a>> {
    let archive = &project.archive;
    if let Some(entry) = archive.with_id(wanted).next() {
        return Ok(Named::Listed(entry));
    }
    let path = Path::new(wanted);
    if how.by_path && path.extension().is_some_and(|e| e == "yaml" || e == "yml") && path.is_file()
    {
        return Ok(Named::File(path));
    }
    if how.unreadable && !archive.unreadable().is_empty() {
        return Err(Error::Invalid(unreadable_problems(project)));
    }
    Err(Error::Usage(format!(
        "{}no case `{wanted}`{}; `appeal list` shows the cases{}",
        how.flag,
        suggestion(wanted, archive.ids()),
        how.note
    )))
}

/// The id of the case `wanted` names (an id, or the path of a case file), as `lookup` finds
/// it; a file not in the archive is read for its id.
pub fn case_id(project: &Project, wanted: &str) -> Result<String> {
    match lookup(project, wanted, &Lookup::BY_ID_OR_PATH)? {
        Named::Listed((_, facts)) => Ok(facts.id.clone()),
        Named::File(path) => load::load_case_file(&project.root, path)
            .map(|doc| doc.value.id)
            .map_err(Error::Invalid),
    }
}

/// The problems of the case files whose facts could not be read: read in full again for them.
fn unreadable_problems(project: &Project) -> Vec<Problem> {
    let root = &project.root;
    project
        .archive
        .unreadable()
        .iter()
        .flat_map(|path| load::read_case_file(root, &root.join(path)).1)
        .filter(Problem::is_error)
        .collect()
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
