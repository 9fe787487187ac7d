//! `appeal deadlines`: every case by urgency, with its send-before date, days left and state
//! (the rows are [`crate::domain::agenda`]'s), and the iCalendar export written to a file.

use crate::clock::Clock;
use crate::domain::agenda::{Earlier, EarlierDoc, Row, WholeRow, ics, in_window, row, sort};
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
    // The cases are read one at a time: each gives its row, and what its calendar link needs
    // to know of it as an earlier document.
    // One memo per language asked for: a campaign that reads the calendar in two keeps both.
    let memo = format!("deadlines-{}", options.lang.as_deref().unwrap_or("default"));
    let purpose = format!("deadlines, language {:?}", options.lang);
    let (env, found) = super::project::open_each(root, clock, (&memo, &purpose), |env, doc| {
        let lang = language(env, options);
        let row = env.locales.has_language(&lang).then(|| {
            let closing_soon = env.project.campaign.value.closing_soon_days;
            WholeRow::from(row(env, doc, closing_soon, &lang))
        });
        (EarlierDoc::of(&doc.value), row)
    })?;
    let mut earlier = Earlier::default();
    let mut rows = Vec::new();
    for (doc, row) in found {
        earlier.add_doc(doc);
        rows.push(row.map(Row::from));
    }
    let lang = language(&env, options);
    if !env.locales.has_language(&lang) {
        return Err(Error::Usage(format!(
            "no locale `{lang}`{}",
            crate::error::suggestion(&lang, env.locales.languages())
        )));
    }
    let mut rows: Vec<Row> = rows
        .into_iter()
        .flatten()
        .map(|r| r.with_own_link(&earlier))
        .collect();
    sort(&mut rows);
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

/// The calendar's language: `--lang`, else the campaign's default one.
fn language(env: &crate::env::Env, options: &Options) -> String {
    options
        .lang
        .clone()
        .unwrap_or_else(|| env.project.campaign.value.default_language.clone())
}
