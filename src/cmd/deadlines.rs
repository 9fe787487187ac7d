//! `appeal deadlines`: prints every case by urgency ([`crate::app::deadlines`]) as a table
//! (coloured on a terminal unless NO_COLOR) or JSON; says where the iCalendar export went.

use crate::app::deadlines::{self, Options};
use crate::cli::DeadlinesArgs;
use crate::clock::Clock;
use crate::domain::agenda::Row;
use crate::domain::life::State;
use crate::error::{Error, Result};
use std::io::IsTerminal;
use std::path::Path;

/// Runs `deadlines`.
pub fn run(root: &Path, clock: Clock, args: DeadlinesArgs) -> Result<()> {
    let options = Options {
        within: args.within,
        lang: args.lang,
        ics: args.ics,
        alarm_days: args.alarm_days,
    };
    let report = deadlines::run(root, clock, &options)?;
    if args.json {
        say!(
            "{}",
            serde_json::to_string_pretty(&report.rows).unwrap_or_default()
        );
    } else {
        print_table(&report.rows);
    }
    let overdue = report.overdue();
    if let Some(written) = report.ics {
        eprintln!("wrote {}", written?.display());
    }
    if args.fail_on_overdue && overdue > 0 {
        return Err(Error::Overdue(overdue));
    }
    Ok(())
}

/// The rows as a table: the send-before date (exclusive) and the last day to send side by
/// side, so neither is misread for the other.
fn print_table(rows: &[Row]) {
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let width = |f: &dyn Fn(&Row) -> usize, title: &str| {
        rows.iter()
            .map(f)
            .chain([title.chars().count()])
            .max()
            .unwrap_or(0)
    };
    let w_ref = width(&|r| r.reference.chars().count(), "REFERENCE");
    let w_person = width(&|r| r.person.chars().count(), "PERSON");
    say!(
        "{:<w_ref$}  {:<w_person$}  {:<11}  {:<10}  {:>9}  {:<13}  LANGUAGES",
        "REFERENCE",
        "PERSON",
        "SEND BEFORE",
        "LAST DAY",
        "DAYS LEFT",
        "STATE"
    );
    for r in rows {
        let state = r.state.as_str();
        let painted = if color {
            let code = match r.state {
                State::PastDeadline => "31",
                State::ClosingSoon => "33",
                State::Open => "32",
                State::Upcoming => "36",
                State::Superseded | State::Closed => "2",
            };
            format!("\x1b[{code}m{state:<13}\x1b[0m")
        } else {
            format!("{state:<13}")
        };
        say!(
            "{:<w_ref$}  {:<w_person$}  {:<11}  {:<10}  {:>9}  {painted}  {}",
            r.reference,
            r.person,
            r.send_before.as_deref().unwrap_or("-"),
            r.last_day.as_deref().unwrap_or("-"),
            r.days_left.map_or("-".to_string(), |d| d.to_string()),
            r.languages.join(",")
        );
        if let Some(x) = &r.explanation {
            say!("{:<w_ref$}  {x}", "");
        }
    }
}
