//! `appeal who`: the directory maintainer's daily view. For every role, who a letter dated on a
//! given day addresses and why (the tenure rule, see [`crate::domain::tenure`]), how old each contact
//! fact is, and the sources. With `changes_affect`: which open cases' targets are addressed
//! differently on the last day to send than today, or by title alone.

use crate::clock::Clock;
use crate::domain::directory_todo::{Todo, directory_todo};
use crate::domain::life::{self, State};
use crate::domain::resolve::{addressed_as, addressee, display_name, display_title, title_changes};
use crate::domain::role_suggestion::role_suggestion;
use crate::domain::tenure::Addressee;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::load::Doc;
use crate::model::text::pick;
use crate::model::{Authority, Case};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;

/// What the command asks for.
#[derive(Debug, Default)]
pub struct Options {
    /// The letter date; default: today (`--today`, else the clock) in the campaign's zone.
    pub on: Option<NaiveDate>,
    /// Only this role.
    pub role: Option<String>,
    /// The open cases' targets addressed differently by their deadline, instead of the roles.
    pub changes_affect: bool,
}

/// What `who` found, on the day it was asked about.
#[derive(Debug)]
pub enum Report {
    /// Every role (or the one asked for) on that day, and what the directory still lacks for
    /// them (see [`crate::domain::directory_todo`]).
    Roles(NaiveDate, Vec<RoleRow>, Vec<Todo>),
    /// The targets of open cases addressed differently by their deadline, or by title alone.
    Changes(NaiveDate, Vec<Affected>),
}

/// Runs `who`.
pub fn run(root: &Path, clock: Clock, options: &Options) -> Result<Report> {
    // The cases are read one at a time, each giving its targets that change (when asked).
    let on_day = |env: &Env| {
        let zone = env.project.campaign.value.zone();
        options.on.unwrap_or_else(|| env.clock.today_in(zone))
    };
    let purpose = format!(
        "who, on {:?}, changes {}",
        options.on, options.changes_affect
    );
    let memo = if options.changes_affect {
        "who-changes"
    } else {
        "who"
    };
    let (env, changes) = super::project::open_each(root, clock, (memo, &purpose), |env, doc| {
        if options.changes_affect {
            affected(env, doc, on_day(env))
        } else {
            Vec::new()
        }
    })?;
    let on = on_day(&env);
    if let Some(role) = &options.role
        && !env.project.authorities.contains_key(role)
    {
        return Err(Error::Usage(format!(
            "no role `{role}`{}; roles are files under appeals/authorities/",
            role_suggestion(&env.project, role)
        )));
    }
    if options.changes_affect {
        let rows = changes
            .into_iter()
            .flatten()
            .filter(|r| options.role.as_ref().is_none_or(|role| role == &r.role))
            .collect();
        return Ok(Report::Changes(on, rows));
    }
    let todo = directory_todo(&env.project)
        .into_iter()
        .filter(|t| options.role.as_ref().is_none_or(|role| role == &t.role))
        .collect();
    Ok(Report::Roles(
        on,
        roles(&env, on, options.role.as_deref()),
        todo,
    ))
}

/// A source's showing of the holder in office.
#[derive(Debug, Serialize)]
pub struct AttestedRow {
    /// The day.
    pub date: NaiveDate,
    /// The source.
    pub source: String,
    /// Days between it and the date asked about (negative: after it).
    pub age_days: i64,
}

/// The event that ended a tenure.
#[derive(Debug, Serialize)]
pub struct EventRow {
    /// Its id.
    pub id: String,
    /// The day it took effect.
    pub date: String,
    /// What happened.
    pub title: String,
    /// Its sources.
    pub sources: Vec<String>,
}

/// One contact fact: known or not, and when last verified.
#[derive(Debug, Serialize)]
pub struct ContactRow {
    /// Whether the directory has it.
    pub known: bool,
    /// When it was last verified.
    pub verified: Option<NaiveDate>,
    /// Days since then, on the date asked about.
    pub age_days: Option<i64>,
}

/// One role on one day.
#[derive(Debug, Serialize)]
pub struct RoleRow {
    /// The role id.
    pub role: String,
    /// The title in force that day (default language).
    pub title: String,
    /// The day asked about.
    pub on: NaiveDate,
    /// The holder a letter that day names, if any.
    pub addressee: Option<String>,
    /// `from-to`, `seen`, `unattested-since:<date>`, `ended-by:<event>` or `unattested`.
    pub basis: String,
    /// When nobody is named: the last holder before that day.
    pub previous: Option<String>,
    /// The latest attestation of the holder named (or of the previous one).
    pub attested: Option<AttestedRow>,
    /// The event that ended the previous holder's tenure.
    pub event: Option<EventRow>,
    /// Postal address.
    pub address: ContactRow,
    /// Fax.
    pub fax: ContactRow,
    /// Emails.
    pub emails: ContactRow,
    /// The role's sources.
    pub sources: Vec<String>,
}

/// The rows for every role (or one), on `on`.
pub fn roles(env: &Env, on: NaiveDate, only: Option<&str>) -> Vec<RoleRow> {
    let lang = &env.project.campaign.value.default_language;
    env.project
        .authorities
        .values()
        .filter(|d| only.is_none_or(|r| r == d.value.role))
        .map(|doc| role_row(env, doc, on, lang))
        .collect()
}

fn contact(known: bool, verified: Option<NaiveDate>, on: NaiveDate) -> ContactRow {
    ContactRow {
        known,
        verified,
        age_days: verified.map(|v| (on - v).num_days()),
    }
}

fn role_row(env: &Env, doc: &Doc<Authority>, on: NaiveDate, lang: &str) -> RoleRow {
    let a = &doc.value;
    let titled = a.titled_on(on);
    let found: Addressee = addressee(&env.project, a, on);
    RoleRow {
        role: a.role.clone(),
        title: pick(&titled.title, lang, &["en"])
            .cloned()
            .unwrap_or_else(|| a.role.clone()),
        on,
        addressee: found.holder.map(|(_, h)| display_name(h)),
        basis: found.basis.to_string(),
        previous: found.previous.map(|(_, h)| display_name(h)),
        attested: found.attested.as_ref().map(|t| AttestedRow {
            date: t.date,
            source: t.source.clone(),
            age_days: (on - t.date).num_days(),
        }),
        event: found.event.map(|e| EventRow {
            id: e.id.clone(),
            date: e.date.to_string(),
            title: e.describe(lang),
            sources: e.sources.clone(),
        }),
        address: contact(!a.address.is_empty(), a.verified.address, on),
        fax: contact(a.fax.is_some(), a.verified.fax, on),
        emails: contact(!a.emails.is_empty(), a.verified.emails, on),
        sources: a.sources.clone(),
    }
}

/// A target of an open case that letters address differently on its deadline than today, or
/// by title alone.
#[derive(Debug, Serialize, serde::Deserialize)]
pub struct Affected {
    /// Case id.
    pub case: String,
    /// The role.
    pub role: String,
    /// `targets` or `copies`.
    pub field: String,
    /// The letter date: the day asked about, or the case's issue date when it comes out later.
    pub today: NaiveDate,
    /// Addressed today as.
    pub today_addressee: String,
    /// Basis today.
    pub today_basis: String,
    /// The last day to send (the day before the send-before date).
    pub last_day: NaiveDate,
    /// Addressed on the last day as.
    pub last_day_addressee: String,
    /// Basis on the last day.
    pub last_day_basis: String,
    /// The title on the letter date (English, else any).
    pub today_title: String,
    /// The title on the last day.
    pub last_day_title: String,
    /// `changes` (the addressee differs), `unattested` (title alone on either day) or `title`
    /// (the same holder, under a title that changes in between).
    pub reason: String,
}

/// The targets and copies of `doc`, when it is open (or prepared ahead, from its issue date),
/// whose addressee or title changes before the deadline, or whose addressee is unattested.
pub fn affected(env: &Env, doc: &Doc<Case>, today: NaiveDate) -> Vec<Affected> {
    let project = &env.project;
    let within = project.campaign.value.closing_soon_days;
    let mut out = Vec::new();
    let c = &doc.value;
    let life = life::at(project, doc, today, within);
    let Some(d) = &life.deadline else {
        return Vec::new();
    };
    // Open appeals, and those prepared ahead, from the day they come out.
    if !(life.acts() || life.state == State::Upcoming) {
        return Vec::new();
    }
    let today = life.letter_date();
    let last = d.send_before.pred_opt().unwrap_or(d.send_before).max(today);
    for (field, refs) in [("targets", &c.targets), ("copies", &c.copies)] {
        for r in refs {
            let Some(a) = project.authorities.get(&r.role) else {
                continue;
            };
            let now = addressee(project, &a.value, today);
            let then = addressee(project, &a.value, last);
            let reason = if now.index() != then.index() {
                "changes"
            } else if now.holder.is_none() {
                "unattested"
            } else if title_changes(&a.value, today, last) {
                "title"
            } else {
                continue;
            };
            out.push(Affected {
                case: c.id.clone(),
                role: r.role.clone(),
                field: field.into(),
                today,
                today_addressee: addressed_as(&now),
                today_basis: now.basis.to_string(),
                last_day: last,
                last_day_addressee: addressed_as(&then),
                last_day_basis: then.basis.to_string(),
                today_title: display_title(&a.value, today),
                last_day_title: display_title(&a.value, last),
                reason: reason.into(),
            });
        }
    }
    out
}
