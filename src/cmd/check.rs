//! `appeal check`: prints every problem [`crate::app::check`] found, to standard error, then
//! the directory's to-do and a one-line summary; exits 1 on any error.

use crate::app::check;
use crate::clock::Clock;
use crate::error::{Error, Result, capped_lines};
use std::path::Path;

/// Runs `check`.
pub fn run(root: &Path, clock: Clock) -> Result<()> {
    let report = check::run(root, clock);
    let errors = report.errors();
    let warnings = report.problems.len() - errors;
    for line in capped_lines(&report.problems) {
        eprintln!("{line}");
    }
    super::print_todo(&report.todo);
    if errors > 0 {
        // Every problem is listed above: the summary only counts them.
        return Err(Error::Checked { errors, warnings });
    }
    say!("ok: {} case(s), {warnings} warning(s)", report.cases);
    Ok(())
}
