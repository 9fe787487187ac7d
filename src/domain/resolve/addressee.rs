//! Who a letter addresses for a role on a day (the tenure rule, with the project's events and
//! attestation window), how that changes between two days, and the warning when nobody can be
//! named.

use crate::domain::tenure;
use crate::error::Problem;
use crate::load::{Doc, Project};
use crate::model::{Authority, Case, Holder};
use chrono::NaiveDate;
use serde::Serialize;

/// Who a letter dated `date` addresses for `authority`, by the tenure rule (see
/// [`crate::domain::tenure`]), with the project's events and attestation window.
pub fn addressee<'a>(
    project: &'a Project,
    authority: &'a Authority,
    date: NaiveDate,
) -> tenure::Addressee<'a> {
    tenure::addressee(
        authority,
        project.events(),
        project.campaign.value.attestation_months,
        date,
    )
}

/// A holder's name for messages: English, else any spelling.
pub fn display_name(h: &Holder) -> String {
    h.name
        .get("en")
        .or_else(|| h.name.values().next())
        .cloned()
        .unwrap_or_else(|| "the holder".into())
}

/// The warning for a letter that addresses `authority` by title alone on `date`: it cites the
/// event, or the last attestation and its source.
pub fn unnamed_warning(
    authority: &Doc<Authority>,
    found: &tenure::Addressee,
    date: NaiveDate,
) -> Problem {
    let role = &authority.value.role;
    let at = found
        .previous
        .map_or_else(|| "holders".to_string(), |(i, _)| format!("holders.{i}"));
    let name = found.previous.map(|(_, h)| display_name(h));
    let message = match (&found.basis, found.event, found.previous) {
        (tenure::Basis::EndedBy(_), Some(e), _) => format!(
            "{role}: holder may have changed since {} ({}, {}): the letter dated {date} addresses the title alone; a `seen` date after {} restores {}'s name",
            e.describe("en"),
            e.date,
            e.first_source(),
            e.date,
            name.as_deref().unwrap_or("the holder"),
        ),
        (tenure::Basis::UnattestedSince(_), _, Some((_, h)))
            if h.to.is_some_and(|t| t.last() < date) =>
        {
            format!(
                "{role}: {} left office on {}, and no source shows who held it on {date}: the letter addresses the title alone",
                display_name(h),
                h.to.map(|t| t.last()).unwrap_or(date),
            )
        }
        (tenure::Basis::UnattestedSince(_), _, Some(_)) => match &found.attested {
            Some(att) => format!(
                "{role}: holder may have changed: {} last attested {} ({}); the letter dated {date} addresses the title alone; add a newer `seen` date if a source shows them in office",
                name.as_deref().unwrap_or("the holder"),
                att.date,
                att.source,
            ),
            None => format!(
                "{role}: no source shows who held it on {date}: the letter addresses the title alone"
            ),
        },
        _ => format!(
            "who held `{role}` on {date} is not known from the sources; the letter addresses the role alone"
        ),
    };
    authority.warning(&at, message)
}

/// A case target (or copy) addressed differently on two days: another holder, another title,
/// or both.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// The role.
    pub role: String,
    /// `targets` or `copies`.
    pub field: &'static str,
    /// Index in that list.
    pub index: usize,
    /// Whether the holder differs.
    pub holder: bool,
    /// Whether the title differs (a dated title comes into force in between).
    pub title: bool,
    /// Who is addressed on the first day ("Murat Nurtleu", or "the title alone").
    pub now: String,
    /// Who is addressed on the later day.
    pub then: String,
    /// The title on the first day (English, else any).
    pub title_now: String,
    /// The title on the later day.
    pub title_then: String,
    /// The later day.
    pub on: NaiveDate,
    /// The basis on the later day (`from-to`, `seen`, `unattested-since:…`, `ended-by:…`).
    pub basis: String,
}

/// Whether `authority` is titled differently on `later` than on `date`: a dated title comes
/// into force after `date`, by `later`.
pub fn title_changes(authority: &Authority, date: NaiveDate, later: NaiveDate) -> bool {
    authority.titles.iter().any(|t| {
        let from = t.from.first();
        date < from && from <= later
    })
}

/// The title of `authority` in force on `date`, for messages: English, else any.
pub fn display_title(authority: &Authority, date: NaiveDate) -> String {
    let titled = authority.titled_on(date);
    titled
        .title
        .get("en")
        .or_else(|| titled.title.values().next())
        .cloned()
        .unwrap_or_else(|| authority.role.clone())
}

/// How [`addressed_as`] describes a letter without a name.
pub const TITLE_ALONE: &str = "the title alone";

/// How a letter on `date` addresses the role: the holder's name, or "the title alone".
pub fn addressed_as(found: &tenure::Addressee) -> String {
    found
        .holder
        .map_or_else(|| TITLE_ALONE.to_string(), |(_, h)| display_name(h))
}

/// The case's targets and copies addressed differently on `later` than on `date`: another
/// holder or another title.
pub fn changes_between(
    project: &Project,
    case: &Case,
    date: NaiveDate,
    later: NaiveDate,
) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    for (field, refs) in [("targets", &case.targets), ("copies", &case.copies)] {
        for (index, r) in refs.iter().enumerate() {
            let Some(authority) = project.authorities.get(&r.role) else {
                continue;
            };
            let a = &authority.value;
            let now = addressee(project, a, date);
            let then = addressee(project, a, later);
            let holder = now.index() != then.index();
            let title = title_changes(a, date, later);
            if (holder || title) && !out.iter().any(|c| c.role == r.role) {
                out.push(Change {
                    role: r.role.clone(),
                    field,
                    index,
                    holder,
                    title,
                    now: addressed_as(&now),
                    then: addressed_as(&then),
                    title_now: display_title(a, date),
                    title_then: display_title(a, later),
                    on: later,
                    basis: then.basis.to_string(),
                });
            }
        }
    }
    out
}
