//! The agenda: every case's deadline as a row (send-before date, last day, days left, state,
//! whom to write to, its own link), most urgent first, and the same rows as an RFC 5545
//! calendar. `appeal deadlines` prints them; the site links each action's calendar.

use crate::domain::life::{self, Life, State};
use crate::domain::resolve;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::i18n::DateForm;
use crate::model::Case;
use crate::model::text::pick;
use chrono::{Days, NaiveDate, TimeZone};
use icalendar::{Alarm, Calendar, Component, Event, EventLike, Trigger};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One case's deadline.
#[derive(Debug, Serialize, Deserialize)]
pub struct Row {
    /// Case id.
    pub id: String,
    /// Public reference.
    pub reference: String,
    /// The (first) person concerned.
    pub person: String,
    /// Send before this date (exclusive), YYYY-MM-DD; null without a deadline.
    pub send_before: Option<String>,
    /// The last day appeals may be sent.
    pub last_day: Option<String>,
    /// The moment the deadline falls (start of `send_before` in the time zone), RFC 3339.
    pub deadline_at: Option<String>,
    /// IANA time zone.
    pub time_zone: Option<String>,
    /// send_before minus today, in days.
    pub days_left: Option<i64>,
    /// open, closing-soon, past-deadline, closed, superseded.
    pub state: State,
    /// Languages.
    pub languages: Vec<String>,
    /// How a counted deadline was reached (campaign default language).
    pub explanation: Option<String>,
    #[serde(skip)]
    targets: Vec<String>,
    #[serde(skip)]
    link: Option<String>,
    /// The case's own links and the document it follows: what its link is chosen from.
    #[serde(skip)]
    own: (Vec<String>, Option<String>),
    #[serde(skip)]
    last_date: Option<NaiveDate>,
}

/// Sorts rows most urgent first.
pub fn sort(rows: &mut [Row]) {
    rows.sort_by(|a, b| {
        (urgency(a), a.days_left.unwrap_or(i64::MAX), &a.id).cmp(&(
            urgency(b),
            b.days_left.unwrap_or(i64::MAX),
            &b.id,
        ))
    });
}

/// A row whole: with what its JSON leaves out, to be kept and made a row again.
#[derive(Debug, Serialize, Deserialize)]
pub struct WholeRow {
    row: Row,
    targets: Vec<String>,
    link: Option<String>,
    own: (Vec<String>, Option<String>),
    last_date: Option<NaiveDate>,
}

impl From<Row> for WholeRow {
    fn from(mut row: Row) -> WholeRow {
        WholeRow {
            targets: std::mem::take(&mut row.targets),
            link: row.link.take(),
            own: std::mem::take(&mut row.own),
            last_date: row.last_date.take(),
            row,
        }
    }
}

impl From<WholeRow> for Row {
    fn from(whole: WholeRow) -> Row {
        Row {
            targets: whole.targets,
            link: whole.link,
            own: whole.own,
            last_date: whole.last_date,
            ..whole.row
        }
    }
}

/// What a calendar event's link needs of one document: its id, the document it follows and
/// its first link.
#[derive(Debug, Serialize, Deserialize)]
pub struct EarlierDoc(String, Option<String>, Option<String>);

impl EarlierDoc {
    /// Of the document `c`.
    pub fn of(c: &Case) -> EarlierDoc {
        EarlierDoc(
            c.id.clone(),
            c.follows.clone(),
            c.links.first().map(|l| l.url.clone()),
        )
    }
}

/// What a calendar event's link needs of every document: the document it follows and its
/// first link, by id (the first document with an id, in path order). Small enough to keep for
/// every case while the cases themselves are read one at a time.
#[derive(Debug, Default)]
pub struct Earlier {
    docs: HashMap<String, (Option<String>, Option<String>)>,
}

impl Earlier {
    /// Of the documents `cases`.
    pub fn of<'a>(cases: impl IntoIterator<Item = &'a Case>) -> Earlier {
        let mut earlier = Earlier::default();
        cases.into_iter().for_each(|c| earlier.add(c));
        earlier
    }

    /// The calendar link of `c`, one of these documents or not: its own page (see
    /// [`own_link`]).
    pub fn link_for(&self, c: &Case) -> Option<String> {
        let links: Vec<String> = c.links.iter().map(|l| l.url.clone()).collect();
        own_link(self, &c.id, &links, c.follows.as_deref())
    }

    /// Adds a document (one with an id met before is left out: the first one counts).
    pub fn add(&mut self, c: &Case) {
        self.add_doc(EarlierDoc::of(c));
    }

    /// Adds what is needed of a document (as [`Earlier::add`]).
    pub fn add_doc(&mut self, EarlierDoc(id, follows, link): EarlierDoc) {
        self.docs.entry(id).or_insert((follows, link));
    }
}

/// One case's row, its texts in `lang` when the case is written in it.
pub fn row(env: &Env, doc: &crate::load::Doc<crate::model::Case>, within: u32, lang: &str) -> Row {
    let c = &doc.value;
    let view_lang = if c.languages.iter().any(|l| l == lang) {
        lang
    } else {
        c.languages.first().map_or(lang, String::as_str)
    };
    let life = life::of_within(env, doc, within);
    // The calendar names whoever holds office on the letter date (a case prepared ahead is
    // written for its issue date, not the day the calendar is built) and, used until the
    // deadline, addresses targets as the UA does.
    let view = resolve::view(
        &env.project,
        &env.locales,
        doc,
        view_lang,
        life.letter_date(),
        &mut Vec::new(),
    )
    .ok()
    .map(|v| v.public());
    row_from(env, doc, &life, view_lang, view.as_ref())
}

/// [`row`] from the case's life and a view already resolved in `view_lang` (the site has them
/// for every page).
pub fn row_from(
    env: &Env,
    doc: &crate::load::Doc<crate::model::Case>,
    life: &Life,
    view_lang: &str,
    view: Option<&resolve::View>,
) -> Row {
    let project = &env.project;
    let c = &doc.value;
    let resolved = life.deadline.clone();
    let state = life.state;
    let fb = [project.campaign.value.default_language.as_str()];
    Row {
        id: c.id.clone(),
        reference: c.reference.clone(),
        person: c
            .people
            .first()
            .and_then(|p| pick(&p.name, view_lang, &fb).cloned())
            .unwrap_or_default(),
        send_before: resolved.as_ref().map(|d| d.send_before.to_string()),
        last_day: resolved
            .as_ref()
            .map(|d| (d.send_before - Days::new(1)).to_string()),
        deadline_at: resolved.as_ref().and_then(|d| {
            let midnight = d.send_before.and_hms_opt(0, 0, 0)?;
            // A midnight that does not exist or repeats in the zone: take the earliest.
            d.time_zone
                .from_local_datetime(&midnight)
                .earliest()
                .map(|t| t.to_rfc3339())
        }),
        time_zone: resolved.as_ref().map(|d| d.time_zone.name().to_string()),
        days_left: life.days_left(),
        state,
        languages: c.languages.clone(),
        explanation: view
            .as_ref()
            .and_then(|v| v.deadline.as_ref())
            .and_then(|d| d.explanation.clone()),
        targets: view
            .as_ref()
            .map(|v| {
                v.targets
                    .iter()
                    .map(crate::domain::resolve::Recipient::display_name)
                    .collect()
            })
            .unwrap_or_default(),
        link: None,
        own: (
            c.links.iter().map(|l| l.url.clone()).collect(),
            c.follows.clone(),
        ),
        // A stop action or closure asks for no appeals: no calendar event, even with a date.
        last_date: resolved
            .filter(|_| life.purpose.calls_to_act())
            .map(|d| d.send_before - Days::new(1)),
    }
}

/// The case's own page for its calendar event: the first of its links (`links`, its document
/// following `follows`) that is not an earlier document's. An update often opens its links
/// with the action it follows; that page (listed by an earlier document, or named by its id as
/// a path segment) is not this one's. `None` when every link is an earlier one's: no address
/// rather than the wrong one.
fn own_link(
    earlier: &Earlier,
    id: &str,
    links: &[String],
    follows: Option<&str>,
) -> Option<String> {
    // The documents this one follows, nearest first, with their first links; a loop in
    // `follows` stops at a repeat.
    let mut chain: Vec<(&str, Option<&str>)> = Vec::new();
    let mut next = follows;
    while let Some(prev) = next {
        match earlier.docs.get_key_value(prev) {
            Some((found, (up, first))) if found != id && !chain.iter().any(|(e, _)| e == found) => {
                chain.push((found, first.as_deref()));
                next = up.as_deref();
            }
            _ => break,
        }
    }
    let ids: Vec<&str> = follows
        .into_iter()
        .chain(chain.iter().map(|(e, _)| *e))
        .collect();
    let is_earlier = |url: &str| {
        chain.iter().any(|(_, first)| *first == Some(url))
            || url
                .split(['/', '?', '#'])
                .any(|segment| ids.contains(&segment) && segment != id)
    };
    links.iter().find(|l| !is_earlier(l)).cloned()
}

impl Row {
    /// The row with its case's own page as its calendar event's link, chosen knowing the
    /// documents it follows (see [`own_link`]).
    pub fn with_own_link(mut self, earlier: &Earlier) -> Row {
        let (links, follows) = &self.own;
        self.link = own_link(earlier, &self.id, links, follows.as_deref());
        self
    }

    /// The row with `url` as its calendar event's link (the site links its own page).
    pub fn with_link(mut self, url: Option<String>) -> Row {
        if url.is_some() {
            self.link = url;
        }
        self
    }
}

/// `--within N`: the send-before date is at most N days ahead, or passed at most N days ago.
/// A deadline missed years ago is not news; a case without one has no date to be near.
pub fn in_window(r: &Row, n: u32) -> bool {
    r.days_left.is_some_and(|d| d.abs() <= i64::from(n))
}

/// Active deadlines first (fewest days left first), then overdue, superseded, closed.
fn urgency(r: &Row) -> u8 {
    match r.state {
        State::ClosingSoon => 0,
        State::Open => 1,
        State::Upcoming => 2,
        State::PastDeadline => 3,
        State::Superseded => 4,
        State::Closed => 5,
    }
}

/// An RFC 5545 calendar: one all-day event on the last day to send, for every open deadline.
/// The UID depends only on the case id, so re-importing updates the event.
pub fn ics(env: &Env, rows: &[Row], lang: &str, alarm_days: u32) -> Result<String> {
    ics_at(env, rows, lang, alarm_days, env.clock.now())
}

/// [`ics`] with the events' DTSTAMP given: the site stamps its calendars with the build date,
/// so a rebuild on the same day writes the same bytes.
pub fn ics_at(
    env: &Env,
    rows: &[Row],
    lang: &str,
    alarm_days: u32,
    stamp: chrono::DateTime<chrono::Utc>,
) -> Result<String> {
    let domain =
        crate::address::domain_of(&env.project.campaign.value.organisation.email).to_string();
    let locale = |e: String| {
        Error::Invalid(vec![crate::error::Problem::error(
            format!("locales/{lang}"),
            (0, 0),
            e,
        )])
    };
    let mut cal = Calendar::new();
    // NAME and X-WR-CALNAME: what a calendar program calls the imported calendar.
    cal.name(
        &env.locales
            .format(lang, "ics-calendar-name", &[])
            .map_err(locale)?,
    );
    for r in rows
        .iter()
        .filter(|r| matches!(r.state, State::Open | State::ClosingSoon | State::Upcoming))
    {
        // The day after the last one ends the event; a row has none only when it was not made
        // here (a memo written by hand): no event rather than a failure.
        let Some((last, after)) = r
            .last_date
            .and_then(|last| Some((last, last.checked_add_days(Days::new(1))?)))
        else {
            continue;
        };
        let summary = env
            .locales
            .format(
                lang,
                "ics-summary",
                &[
                    ("reference", r.reference.as_str().into()),
                    ("name", r.person.as_str().into()),
                ],
            )
            .map_err(locale)?;
        let date = |form| env.locales.date(lang, after, form);
        let due = env
            .locales
            .format(
                lang,
                // A sentence of its own: "ua-send-before" ends in "to:", and the
                // description's next line is already "Write to:".
                "alert-deadline",
                &[
                    ("date", date(DateForm::Long).map_err(locale)?.into()),
                    ("before", date(DateForm::Before).map_err(locale)?.into()),
                    (
                        "last",
                        env.locales
                            .date(lang, last, DateForm::Long)
                            .map_err(locale)?
                            .into(),
                    ),
                ],
            )
            .map_err(locale)?;
        let mut description = format!(
            "{due}\n{}\n",
            env.locales
                .format(lang, "ics-targets", &[])
                .map_err(locale)?
        );
        for t in &r.targets {
            description.push_str(&format!("- {t}\n"));
        }
        if let Some(x) = &r.explanation {
            description.push_str(&format!("{x}\n"));
        }
        if let Some(link) = &r.link {
            description.push_str(link);
        }
        let alarm_text = env
            .locales
            .format(
                lang,
                "ics-alarm",
                &[
                    ("reference", r.reference.as_str().into()),
                    ("days", i64::from(alarm_days).into()),
                ],
            )
            .map_err(locale)?;
        let mut alarm = Alarm::display(
            &alarm_text,
            Trigger::before_start(chrono::Duration::days(i64::from(alarm_days))),
        );
        alarm
            .timestamp(stamp)
            .uid(&format!("alarm-{}@{domain}", r.id));
        let mut event = Event::new();
        event
            .uid(&format!("deadline-{}@{domain}", r.id))
            .timestamp(stamp)
            .summary(&summary)
            .description(description.trim_end())
            .starts(last)
            .ends(after)
            .alarm(alarm.done());
        if let Some(link) = &r.link {
            event.url(link);
        }
        cal.push(event.done());
    }
    Ok(cal.done().to_string())
}
