//! One module per subcommand: each turns its raw arguments into a plan and runs it.

pub mod bounces;
pub mod check;
pub mod deadlines;
pub mod doctor;
pub mod list;
pub mod mail;
pub mod mailing;
pub mod new;
pub mod remind;
pub mod render;
pub mod send;
pub mod site;
pub mod suppress;
pub mod translations;
pub mod unsubscribe_server;
pub mod who;

use crate::error::Problem;

/// The warnings met while working on one case, each naming it.
pub fn about_case(id: &str, problems: Vec<Problem>) -> Vec<Problem> {
    problems.into_iter().map(|p| p.with_case(id)).collect()
}

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
