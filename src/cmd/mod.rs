//! One module per subcommand: each turns its raw arguments into a plan and runs it.

pub mod bounces;
pub mod check;
pub mod deadlines;
pub mod dns;
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

/// The warning for a case whose deadline has passed, if it has. Letters, faxes and emails go
/// to officials and so never say the deadline has passed (only the UA, alerts and site tell
/// campaigners): the one to check with the organiser before sending them is whoever runs this.
pub(crate) fn deadline_passed(
    env: &crate::env::Env,
    case: &crate::load::Doc<crate::model::Case>,
) -> Option<Problem> {
    let d = crate::deadline::resolve(&env.project, case)
        .ok()
        .flatten()?;
    (crate::deadline::days_left(&d, env.today_for(&case.value)) <= 0).then(|| {
        case.warning(
            "deadline",
            format!(
                "the deadline ({}) has passed: check with the organiser before sending the appeals (letters, faxes and emails to officials do not mention it)",
                d.send_before
            ),
        )
    })
}
