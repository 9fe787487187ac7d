//! `appeal check`: every problem at once, errors and warnings, each with its location, grouped
//! by the case they concern, then those about the project as a whole (directory, settings,
//! templates, locales).

use crate::clock::Clock;
use crate::domain::directory_todo::{Todo, directory_todo};
use crate::env::load_all;
use crate::error::Problem;
use crate::load::Project;
use crate::validate;
use std::path::Path;

/// What `check` found.
#[derive(Debug)]
pub struct Report {
    /// Every problem, in the order to show them ([`grouped`]).
    pub problems: Vec<Problem>,
    /// The cases read (none when the project could not be read at all).
    pub cases: usize,
    /// What the directory still lacks, listed once rather than warned about on every command.
    pub todo: Vec<Todo>,
}

impl Report {
    /// How many problems are errors.
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }
}

/// Runs `check`: loads and judges everything, stopping at nothing.
pub fn run(root: &Path, clock: Clock) -> Report {
    let (project, locales, templates, mut problems) = load_all(root);
    if let Some(project) = &project {
        problems.extend(validate::validate(project, &locales, &templates, &clock));
    }
    Report {
        todo: project.as_ref().map(directory_todo).unwrap_or_default(),
        problems: grouped(project.as_ref(), problems),
        cases: project.map_or(0, |p| p.cases.len()),
    }
}

/// The problems in the order `check` prints them: case by case (in file order), each case's in
/// file and line order; then the rest. A problem belongs to a case when it names it, or when it
/// is in the case's file.
pub fn grouped(project: Option<&Project>, problems: Vec<Problem>) -> Vec<Problem> {
    let cases: Vec<(&str, &Path)> = project
        .map(|p| {
            p.cases
                .iter()
                .map(|c| (c.value.id.as_str(), c.file.path.as_path()))
                .collect()
        })
        .unwrap_or_default();
    let group = |p: &Problem| -> usize {
        let by_id = p
            .case
            .as_deref()
            .and_then(|id| cases.iter().position(|(c, _)| *c == id));
        let by_file = || cases.iter().position(|(_, path)| *path == p.path);
        by_id.or_else(by_file).unwrap_or(cases.len())
    };
    let mut keyed: Vec<(usize, Problem)> = problems.into_iter().map(|p| (group(&p), p)).collect();
    // Within a group, by file and place: what reading the file found among what validation
    // found. Stable, so problems at one place keep the order they were found in.
    keyed.sort_by(|(ga, a), (gb, b)| {
        (ga, &a.path, a.line, a.col).cmp(&(gb, &b.path, b.line, b.col))
    });
    keyed.into_iter().map(|(_, p)| p).collect()
}
