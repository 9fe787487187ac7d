//! The directory: authorities and their holders, the events that end tenures, the missions
//! abroad and the holiday calendars.

use crate::domain::role_suggestion::role_suggestion;
use crate::error::Problem;
use crate::i18n::Locales;
use crate::load::{Doc, Project};
use crate::model::{Authority, Events, Holder, SourceDate};
use crate::validate::fields::{check_contacts, known_languages};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// A contact fact verified longer ago than this many days gets a warning.
pub const STALE_AFTER_DAYS: i64 = 730;

/// Checks every directory file, with facts judged as of `today`. Contact facts verified long
/// ago are worth a warning only for the authorities of `in_use`, those letters still go to: a
/// new project's directory, with no case yet, is not stale, just unused.
pub(super) fn directory(
    project: &Project,
    locales: &Locales,
    today: NaiveDate,
    in_use: &BTreeSet<&str>,
    problems: &mut Vec<Problem>,
) {
    for (role, doc) in &project.authorities {
        let today = in_use.contains(role.as_str()).then_some(today);
        authority(role, doc, today, problems);
        known_languages(doc, &doc.value.languages, locales, problems);
    }
    if let Some(doc) = &project.events {
        events(project, doc, problems);
    }
    for m in &project.missions {
        check_contacts(m, m.value.fax.as_ref(), &m.value.emails, problems);
    }
    for cal in project.calendars.values() {
        for (i, h) in cal.value.yearly.iter().enumerate() {
            if NaiveDate::from_ymd_opt(2024, h.month, h.day).is_none() {
                problems.push(cal.error(
                    &format!("yearly.{i}"),
                    format!("no such day: month {} day {}", h.month, h.day),
                ));
            }
        }
    }
}

/// An authority: its contacts and (when letters go to it, `today` given) how fresh they are,
/// its holders. That its `role:` line names its file's place is checked as it is loaded.
fn authority(
    role: &str,
    doc: &Doc<Authority>,
    today: Option<NaiveDate>,
    problems: &mut Vec<Problem>,
) {
    let a = &doc.value;
    check_contacts(doc, a.fax.as_ref(), &a.emails, problems);
    if a.fax.is_none() && a.emails.is_empty() {
        problems.push(doc.warning(
            "role",
            format!("`{role}` has no known fax or email: letters go by post only"),
        ));
    }
    if a.address.is_empty() {
        problems.push(doc.warning("role", format!("`{role}` has no known postal address")));
    }
    for (field, date) in [
        ("verified.address", a.verified.address),
        ("verified.fax", a.verified.fax),
        ("verified.emails", a.verified.emails),
    ] {
        if let (Some(d), Some(today)) = (date, today) {
            let age = (today - d).num_days();
            if age > STALE_AFTER_DAYS {
                problems.push(doc.warning(field, format!("last verified on {d} ({} years ago): check it is still right before sending", age / 365)));
            }
        }
    }
    holders(doc, problems);
}

/// The holders: in order without overlap, each named.
fn holders(doc: &Doc<Authority>, problems: &mut Vec<Problem>) {
    let mut previous_end: Option<SourceDate> = None;
    for (i, h) in doc.value.holders.iter().enumerate() {
        if let (Some(from), Some(to)) = (h.from, h.to)
            && from.first() > to.last()
        {
            problems.push(doc.error(
                &format!("holders.{i}.to"),
                format!("`to` ({to}) is before `from` ({from})"),
            ));
        }
        // Two dates in the same month, one of them given by month only, do not say who came
        // first: the tenure rule ends the earlier holder the day before the next one's `from`.
        if let (Some(prev), Some(from)) = (previous_end, h.from)
            && from.first() <= prev.last()
            && !((prev.is_month() || from.is_month())
                && prev.last().format("%Y-%m").to_string()
                    == from.first().format("%Y-%m").to_string())
        {
            problems.push(doc.error(&format!("holders.{i}.from"), format!("starts on {from}, before the previous holder left ({prev}); list holders in order without overlap")));
        }
        previous_end = h.to.or(h.seen.iter().map(|s| s.date).max()).or(h.from);
        if h.name.is_empty() {
            problems.push(doc.error(
                &format!("holders.{i}.name"),
                "give the holder's name in at least one language",
            ));
        }
        holder_names(doc, i, h, problems);
    }
}

/// A holder's gender is required, and names in a Cyrillic-script language must be Cyrillic:
/// a Russian or Kazakh letter never shows a Latin-script name.
fn holder_names(doc: &Doc<Authority>, i: usize, h: &Holder, problems: &mut Vec<Problem>) {
    let who = h.shown_name();
    if h.gender.is_none() {
        problems.push(doc.error(
            &format!("holders.{i}"),
            format!("holder `{who}` has no `gender`: add `gender: female` or `gender: male` (it decides the salutation and the form of the name in Russian)"),
        ));
    }
    for (field, map) in [
        ("name", &h.name),
        ("surname", &h.surname),
        ("name_to", &h.name_to),
        ("patronymic", &h.patronymic),
        ("initials", &h.initials),
    ] {
        for (lang, value) in map {
            if matches!(lang.as_str(), "ru" | "kk")
                && value.chars().any(|c| c.is_ascii_alphabetic())
            {
                problems.push(doc.error(
                    &format!("holders.{i}.{field}.{lang}"),
                    format!("`{value}` has Latin letters: write the {lang} form in Cyrillic, or leave it out (a Kazakh letter then uses the Russian form)"),
                ));
            }
        }
    }
    for (lang, value) in h
        .initials
        .iter()
        .filter(|(l, _)| matches!(l.as_str(), "ru" | "kk"))
    {
        if crate::domain::decline::normalise_initials(value).is_none() {
            problems.push(doc.error(
                &format!("holders.{i}.initials.{lang}"),
                format!("`{value}` is not initials: write capital letters with full stops, e.g. \"Б. Н.\""),
            ));
        }
    }
}

/// Directory events: known roles, unique ids, and a source for each.
fn events(project: &Project, doc: &Doc<Events>, problems: &mut Vec<Problem>) {
    let mut ids = BTreeSet::new();
    for (i, e) in doc.value.events.iter().enumerate() {
        if !ids.insert(e.id.as_str()) {
            problems.push(doc.error(
                &format!("events.{i}.id"),
                format!("duplicate event id `{}`: give each event its own", e.id),
            ));
        }
        for (j, role) in e.ends_tenure_of.iter().enumerate() {
            if !project.authorities.contains_key(role) && !project.broken_roles.contains(role) {
                problems.push(doc.error(
                    &format!("events.{i}.ends_tenure_of.{j}"),
                    format!(
                        "unknown role `{role}`{}; roles are files under appeals/authorities/",
                        role_suggestion(project, role)
                    ),
                ));
            }
        }
        if e.sources.is_empty() {
            problems.push(doc.warning(
                &format!("events.{i}.sources"),
                format!(
                    "event `{}` cites no source: add the publication, URL and date",
                    e.id
                ),
            ));
        }
    }
}
