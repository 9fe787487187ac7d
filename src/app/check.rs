//! `appeal check`: every problem at once, errors and warnings, each with its location, grouped
//! by the case they concern, then those about the project as a whole (directory, settings,
//! templates, locales).

use super::each_case::each_case;
use crate::clock::Clock;
use crate::domain::directory_todo::{Todo, directory_todo};
use crate::env::{load_all, load_base};
use crate::error::Problem;
use crate::load::archive::Archive;
use crate::validate::Judge;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

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

/// Runs `check`: loads and judges everything, stopping at nothing. The cases are read and
/// judged one at a time, so memory does not grow with the archive.
pub fn run(root: &Path, clock: Clock) -> Report {
    let inputs = super::each_case::inputs(root);
    let (project, locales, templates, mut problems) = load_base(root);
    let Some(mut project) = project else {
        // Without settings nothing is judged, but every file's own problems are listed.
        let (_, _, _, problems) = load_all(root);
        return Report {
            problems: grouped(&[], problems),
            cases: 0,
            todo: Vec::new(),
        };
    };
    project.archive = Archive::read(root);
    let mut judge = Judge::new(&project, &locales, &clock, true);
    let today = clock.today_in(project.campaign.value.zone());
    let purpose = format!("check as of {today}");
    let found = each_case(
        &project,
        &mut judge,
        ("check", &purpose, &inputs),
        |_| (),
        &mut problems,
    );
    let cases: Vec<(String, PathBuf)> = found.into_iter().map(|f| (f.id, f.path)).collect();
    problems.extend(judge.finish(&templates));
    Report {
        todo: directory_todo(&project),
        problems: grouped(&cases, problems),
        cases: cases.len(),
    }
}

/// The problems in the order `check` prints them: case by case (in file order; `cases` gives
/// each case read, id and file), each case's in file and line order; then the rest. A problem
/// belongs to a case when it names it, or when it is in the case's file.
pub fn grouped(cases: &[(String, PathBuf)], problems: Vec<Problem>) -> Vec<Problem> {
    // Each case's place, by id and by file (the first, when an id or file is there twice).
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    let mut by_file: HashMap<&Path, usize> = HashMap::new();
    for (i, (id, path)) in cases.iter().enumerate() {
        by_id.entry(id.as_str()).or_insert(i);
        by_file.entry(path.as_path()).or_insert(i);
    }
    let group = |p: &Problem| -> usize {
        let by_id = p.case.as_deref().and_then(|id| by_id.get(id).copied());
        let by_file = || by_file.get(p.path.as_path()).copied();
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
