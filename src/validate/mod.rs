//! Validation: every problem in the loaded project at once, each located in its file, with a
//! "did you mean" where a name is close to a known one. Nothing here stops at the first error.
//!
//! Read top-down: the entry points here judge the settings (`campaign`), each case on its own
//! (`case`) and then resolved at its letter date, the directory (`directory`), the templates
//! and the locales; `fields` holds the checks of single values they all share.

mod campaign;
mod case;
mod directory;
mod fields;
mod locales;
mod templates;

pub use directory::STALE_AFTER_DAYS;
pub use templates::{REQUIRED_TEMPLATES, template_keys};

use crate::clock::Clock;
use crate::domain::life;
use crate::domain::resolve;
use crate::error::Problem;
use crate::i18n::Locales;
use crate::load::{Doc, Project};
use crate::model::Case;
use crate::templates::Templates;
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

/// Validates the whole project, as `check` does: each case is also resolved at the date it is
/// judged at (see [`letter_date`]), and the warnings that gives name the case.
pub fn validate(
    project: &Project,
    locales: &Locales,
    templates: &Templates,
    clock: &Clock,
) -> Vec<Problem> {
    validate_with(project, locales, templates, clock, true)
}

/// Validates the whole project for a command that works on cases (`render`, `send`, ...): the
/// same errors as [`validate`], but no date-dependent warnings, since the command resolves its
/// own case at its own date and warns about that alone.
pub fn validate_for_commands(
    project: &Project,
    locales: &Locales,
    templates: &Templates,
    clock: &Clock,
) -> Vec<Problem> {
    validate_with(project, locales, templates, clock, false)
}

/// Validates a case loaded from a path outside `appeals/cases/`.
pub fn validate_extra_case(project: &Project, locales: &Locales, case: &Doc<Case>) -> Vec<Problem> {
    let mut problems = case::validate_case(project, locales, case);
    if let Some((other, _)) = project.archive.with_id(&case.value.id).next() {
        problems.push(case.error(
            "id",
            format!(
                "duplicate case id `{}`: {} uses it already",
                case.value.id,
                other.display()
            ),
        ));
    }
    problems
}

/// The day `check` resolves a case at (see [`life::Life::judged_on`]): `None` for a document
/// whose letters no longer go out.
pub fn letter_date(project: &Project, case: &Doc<Case>, clock: &Clock) -> Option<NaiveDate> {
    let c = &case.value;
    let today = clock.today_in(c.zone(&project.campaign.value));
    life::at(
        project,
        case,
        today,
        project.campaign.value.closing_soon_days,
    )
    .judged_on()
}

/// Everything, in the order the checks run; then sorted by place, each problem once.
fn validate_with(
    project: &Project,
    locales: &Locales,
    templates: &Templates,
    clock: &Clock,
    date_warnings: bool,
) -> Vec<Problem> {
    let mut judge = Judge::new(project, locales, clock, date_warnings);
    for case in &project.cases {
        judge.case(case);
    }
    judge.finish(templates)
}

/// The validation of a project whose cases are given one at a time (a command over a large
/// archive reads, judges and drops each in turn): the settings first, then each case as it
/// comes, then the directory, templates and locales. The same problems, in the same order, as
/// [`validate`] over the same cases.
pub struct Judge<'a> {
    project: &'a Project,
    locales: &'a Locales,
    clock: &'a Clock,
    /// Today in the campaign's time zone: facts are judged as of then (a bad zone is
    /// reported with the settings).
    today: NaiveDate,
    date_warnings: bool,
    /// The first file of each case id met.
    seen_ids: HashMap<String, PathBuf>,
    /// The authorities letters still go to: those of cases with a letter date.
    in_use: BTreeSet<String>,
    problems: Vec<Problem>,
}

/// What judging one case found ([`Judge::case`]), kept to be taken again without judging the
/// case again ([`Judge::recall`]) while nothing it depends on changed.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Verdict {
    /// The case id.
    pub id: String,
    /// The case's time zone, and the day it was judged as of there.
    pub zone: String,
    /// See `zone`.
    pub today: NaiveDate,
    /// What was found.
    pub problems: Vec<Problem>,
    /// The authorities its letters still go to.
    pub in_use: Vec<String>,
}

impl Verdict {
    /// Whether any of its problems is an error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }
}

impl<'a> Judge<'a> {
    /// Starts judging `project`: its settings are judged now. `date_warnings` as in
    /// [`validate`] (true) and [`validate_for_commands`] (false).
    pub fn new(
        project: &'a Project,
        locales: &'a Locales,
        clock: &'a Clock,
        date_warnings: bool,
    ) -> Judge<'a> {
        let today = clock.today_in(project.campaign.value.zone());
        let mut problems = Vec::new();
        campaign::campaign(project, locales, &mut problems);
        Judge {
            project,
            locales,
            clock,
            today,
            date_warnings,
            seen_ids: HashMap::new(),
            in_use: BTreeSet::new(),
            problems,
        }
    }

    /// Judges one case of the project (the cases come in path order): what it found, to be
    /// recalled another time (see [`Judge::recall`]).
    pub fn case(&mut self, case: &Doc<Case>) -> Verdict {
        let c = &case.value;
        let since = self.problems.len();
        match self.seen_ids.get(&c.id) {
            Some(first) => self.add(case.error(
                "id",
                format!(
                    "duplicate case id `{}`: {} uses it already; give each case its own id",
                    c.id,
                    first.display()
                ),
            )),
            None => {
                self.seen_ids.insert(c.id.clone(), case.file.path.clone());
            }
        }
        let (project, locales) = (self.project, self.locales);
        let date = letter_date(project, case, self.clock);
        let found = judge_case(project, locales, case, date, self.today, self.date_warnings);
        found.into_iter().for_each(|p| self.add(p));
        let in_use: Vec<String> = match date {
            Some(_) => c
                .targets
                .iter()
                .chain(&c.copies)
                .map(|r| r.role.clone())
                .collect(),
            None => Vec::new(),
        };
        self.in_use.extend(in_use.iter().cloned());
        Verdict {
            id: c.id.clone(),
            zone: c.zone(&self.project.campaign.value).name().to_string(),
            today: self.clock.today_in(c.zone(&self.project.campaign.value)),
            problems: self.problems[since..].to_vec(),
            in_use,
        }
    }

    /// Whether the day `verdict` was judged as of is still the case's day.
    pub fn still_holds(&self, verdict: &Verdict) -> bool {
        let today = verdict
            .zone
            .parse::<chrono_tz::Tz>()
            .map(|zone| self.clock.today_in(zone));
        today == Ok(verdict.today)
    }

    /// Takes what judging a case of the file `path` found another time as found now, when it
    /// still holds: the case's day is the same, and no case met before has its id (then it
    /// must be judged again, to say so where its id stands). Whether it was taken.
    pub fn recall(&mut self, path: &std::path::Path, verdict: &Verdict) -> bool {
        if !self.still_holds(verdict) || self.seen_ids.contains_key(&verdict.id) {
            return false;
        }
        self.seen_ids.insert(verdict.id.clone(), path.to_path_buf());
        self.in_use.extend(verdict.in_use.iter().cloned());
        verdict.problems.iter().for_each(|p| self.add(p.clone()));
        true
    }

    fn add(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// Judges the directory, templates and locales, and gives every problem, sorted by place,
    /// each once.
    pub fn finish(mut self, templates: &Templates) -> Vec<Problem> {
        let (project, locales) = (self.project, self.locales);
        let in_use: BTreeSet<&str> = self.in_use.iter().map(String::as_str).collect();
        directory::directory(project, locales, self.today, &in_use, &mut self.problems);
        templates::template_checks(project, locales, templates, &mut self.problems);
        locales::locale_checks(project, locales, &mut self.problems);
        let mut problems = self.problems;
        problems.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
        problems.dedup();
        problems
    }
}

/// One case's own problems, then those its resolution at its letter date `date` gives (or at
/// `today`, the campaign's, for a case without one); warnings name the case. `date_warnings`:
/// whether the resolution's warnings are kept.
fn judge_case(
    project: &Project,
    locales: &Locales,
    case: &Doc<Case>,
    date: Option<NaiveDate>,
    today: NaiveDate,
    date_warnings: bool,
) -> Vec<Problem> {
    let id = &case.value.id;
    let own = case::validate_case(project, locales, case);
    // A case with errors is not resolved: its errors say what to fix, and resolving would
    // only repeat them in other words.
    let c = &case.value;
    let resolvable = !own.iter().any(Problem::is_error)
        && !c
            .targets
            .iter()
            .chain(&c.copies)
            .any(|r| project.broken_roles.contains(&r.role));
    let mut problems: Vec<Problem> = own.into_iter().map(|p| tag(p, id)).collect();
    if resolvable {
        let mut found = Vec::new();
        resolution_warnings(project, locales, case, date.unwrap_or(today), &mut found);
        // Closed cases are still resolved, for errors; their holder warnings are moot.
        let keep_warnings = date_warnings && date.is_some();
        problems.extend(
            found
                .into_iter()
                .filter(|p| p.is_error() || keep_warnings)
                .map(|p| tag(p, id)),
        );
    }
    problems
}

/// Warnings name the case they concern; errors are located in the case file already.
fn tag(problem: Problem, id: &str) -> Problem {
    if problem.is_error() {
        problem
    } else {
        problem.with_case(id)
    }
}

/// Warnings that depend on the date: holders not known, names missing in a language.
fn resolution_warnings(
    project: &Project,
    locales: &Locales,
    case: &Doc<Case>,
    today: NaiveDate,
    problems: &mut Vec<Problem>,
) {
    for lang in &case.value.languages {
        if !locales.has_language(lang) {
            continue;
        }
        let mut warnings = Vec::new();
        if let Err(p) = resolve::view(project, locales, case, lang, today, &mut warnings) {
            problems.push(p);
        }
        problems.extend(warnings);
    }
}
