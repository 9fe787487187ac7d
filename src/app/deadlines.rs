//! `appeal deadlines`: every case by urgency, with its send-before date, days left and state
//! (the rows are [`crate::domain::agenda`]'s), and the iCalendar export written to a file.

use crate::clock::Clock;
use crate::domain::agenda::{Row, ics, in_window, rows};
use crate::domain::life::State;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// What the command asks for.
#[derive(Debug, Default)]
pub struct Options {
    /// Only deadlines at most this many days ahead, or passed at most this many days ago.
    pub within: Option<u32>,
    /// The calendar's language; default: the campaign's default language.
    pub lang: Option<String>,
    /// Where to write the iCalendar file, if anywhere.
    pub ics: Option<PathBuf>,
    /// The calendar alarm, this many days before the deadline.
    pub alarm_days: u32,
}

/// What `deadlines` found and wrote.
#[derive(Debug)]
pub struct Report {
    /// The cases by urgency.
    pub rows: Vec<Row>,
    /// With a calendar asked for: the file written, or why it could not be (the rows are still
    /// worth showing).
    pub ics: Option<Result<PathBuf>>,
}

impl Report {
    /// Open cases past their deadline.
    pub fn overdue(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.state == State::PastDeadline)
            .count()
    }
}

/// Runs `deadlines`.
pub fn run(root: &Path, clock: Clock, options: &Options) -> Result<Report> {
    let env = super::project::open(root, clock)?;
    let closing_soon = env.project.campaign.value.closing_soon_days;
    let lang = options
        .lang
        .clone()
        .unwrap_or_else(|| env.project.campaign.value.default_language.clone());
    if !env.locales.has_language(&lang) {
        return Err(Error::Usage(format!(
            "no locale `{lang}`{}",
            crate::error::suggestion(&lang, env.locales.languages())
        )));
    }
    let mut rows = rows(&env, closing_soon, &lang);
    if let Some(n) = options.within {
        rows.retain(|r| in_window(r, n));
    }
    let ics = options.ics.as_ref().map(|path| {
        let text = ics(&env, &rows, &lang, options.alarm_days)?;
        crate::deliver::files::write_atomic(path, text.as_bytes())?;
        Ok(path.clone())
    });
    Ok(Report { rows, ics })
}
