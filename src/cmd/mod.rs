//! One module per subcommand: each turns its raw arguments into a plan and runs it.

pub mod check;
pub mod deadlines;
pub mod list;
pub mod mail;
pub mod mailing;
pub mod remind;
pub mod render;
pub mod send;
pub mod site;
pub mod who;

use crate::error::Problem;

/// Prints warnings to standard error, each once.
pub fn print_warnings(problems: &[Problem]) {
    let mut seen = std::collections::BTreeSet::new();
    for p in problems.iter().filter(|p| !p.is_error()) {
        let line = p.to_string();
        if seen.insert(line.clone()) {
            eprintln!("{line}");
        }
    }
}
