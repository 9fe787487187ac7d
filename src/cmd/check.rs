//! `appeal check`: every problem at once, errors and warnings, each with its location.

use crate::clock::Clock;
use crate::env::load_all;
use crate::error::{Error, Result};
use crate::validate;
use std::path::Path;

/// Runs `check`.
pub fn run(root: &Path, clock: Clock) -> Result<()> {
    let (project, locales, templates, mut problems) = load_all(root);
    if let Some(project) = &project {
        problems.extend(validate::validate(project, &locales, &templates, &clock));
    }
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    if errors > 0 {
        return Err(Error::Invalid(problems));
    }
    for p in &problems {
        eprintln!("{p}");
    }
    let cases = project.map_or(0, |p| p.cases.len());
    println!("ok: {cases} case(s), {warnings} warning(s)");
    Ok(())
}
