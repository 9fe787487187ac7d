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
use std::collections::{BTreeMap, BTreeSet};

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
    let mut problems = Vec::new();
    // Facts are judged as of today in the campaign's time zone (a bad zone is reported with the settings).
    let zone = project.campaign.value.zone();
    let today = clock.today_in(zone);
    campaign::campaign(project, locales, &mut problems);
    let mut seen_ids: BTreeMap<&str, &Doc<Case>> = BTreeMap::new();
    for case in &project.cases {
        if let Some(first) = seen_ids.get(case.value.id.as_str()) {
            problems.push(case.error(
                "id",
                format!(
                    "duplicate case id `{}`: {} uses it already; give each case its own id",
                    case.value.id,
                    first.file.path.display()
                ),
            ));
        } else {
            seen_ids.insert(&case.value.id, case);
        }
        problems.extend(judge_case(
            project,
            locales,
            case,
            clock,
            today,
            date_warnings,
        ));
    }
    // The authorities letters still go to: those of cases with a letter date.
    let in_use: BTreeSet<&str> = project
        .cases
        .iter()
        .filter(|case| letter_date(project, case, clock).is_some())
        .flat_map(|case| case.value.targets.iter().chain(&case.value.copies))
        .map(|r| r.role.as_str())
        .collect();
    directory::directory(project, locales, today, &in_use, &mut problems);
    templates::template_checks(project, locales, templates, &mut problems);
    locales::locale_checks(project, locales, &mut problems);
    problems.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    problems.dedup();
    problems
}

/// One case's own problems, then those its resolution at its letter date gives (or at `today`,
/// the campaign's, for a case without one); warnings name the case. `date_warnings`: whether
/// the resolution's warnings are kept.
fn judge_case(
    project: &Project,
    locales: &Locales,
    case: &Doc<Case>,
    clock: &Clock,
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
        let date = letter_date(project, case, clock);
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
