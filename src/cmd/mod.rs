//! One module per subcommand: each turns its raw arguments into a plan and runs it.
//! This file holds the printing they share: warnings and the directory's to-do; `say` prints
//! reports, `mailing_progress` a supporter mailing's progress and report (`mail`, `remind`).

#[macro_use]
pub mod say;

pub mod actions;
pub mod bounces;
pub mod check;
pub mod completions;
pub mod deadlines;
pub mod doctor;
pub mod init;
pub mod list;
pub mod mail;
pub mod man;
pub mod new;
pub mod remind;
pub mod render;
pub mod report;
pub mod send;
pub mod serve;
pub mod site;
pub mod suppress;
pub mod translations;
pub mod who;

mod mailing_progress;
pub use mailing_progress::{MailingProgress, mailing_request};

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

/// Prints the directory's to-do (`check`, `who`): each item once, at its place in its file.
pub fn print_todo(todo: &[crate::domain::directory_todo::Todo]) {
    if todo.is_empty() {
        return;
    }
    say!(
        "to do in the directory ({} item(s); letters go out meanwhile, in the forms named):",
        todo.len()
    );
    for item in todo {
        say!("  {item}");
    }
}
