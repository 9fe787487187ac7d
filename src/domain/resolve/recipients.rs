//! The case's targets and copies, each resolved as a recipient. Where an addressee changes
//! before the last day to send, also a second pair addressed by title alone, for the
//! documents used until then.

use crate::domain::resolve::addressee::{Change, TITLE_ALONE, changes_between};
use crate::domain::resolve::context::Context;
use crate::domain::resolve::naming::Naming;
use crate::domain::resolve::recipient::recipient;
use crate::domain::resolve::views::Recipient;
use crate::error::Problem;
use crate::load::Doc;
use crate::model::{Case, TargetRef};
use chrono::NaiveDate;

/// The recipients of a view.
pub(super) struct Recipients {
    /// Authorities to write to.
    pub(super) targets: Vec<Recipient>,
    /// Authorities to send copies to.
    pub(super) copies: Vec<Recipient>,
    /// Targets and copies for the UA and the alerts, when some addressee changes.
    pub(super) public: Option<Box<(Vec<Recipient>, Vec<Recipient>)>>,
}

/// Every target and copy on the context's date, warning about each addressee that changes
/// before `last_day` (the last day to send).
pub(super) fn recipients(
    cx: &Context,
    case: &Doc<Case>,
    last_day: Option<NaiveDate>,
    warnings: &mut Vec<Problem>,
) -> Result<Recipients, Problem> {
    let c = &case.value;
    let date = cx.date;
    // Targets whose addressee changes before the last day to send: letters sent today name
    // today's holder; the UA and the supporter alerts, used until the deadline, the title alone.
    let changes = match last_day {
        Some(last) if last > date => changes_between(cx.project, c, date, last),
        _ => Vec::new(),
    };
    for ch in &changes {
        warnings.push(change_warning(case, ch, date));
    }
    let targets = resolve_list(cx, case, "targets", &c.targets, &[], warnings)?;
    let copies = resolve_list(cx, case, "copies", &c.copies, &[], warnings)?;
    let public = if changes.is_empty() {
        None
    } else {
        Some(Box::new((
            resolve_list(cx, case, "targets", &c.targets, &changes, warnings)?,
            resolve_list(cx, case, "copies", &c.copies, &changes, warnings)?,
        )))
    };
    Ok(Recipients {
        targets,
        copies,
        public,
    })
}

/// The warning for an addressee that changes between the letter's date and the last day to
/// send.
fn change_warning(case: &Doc<Case>, ch: &Change, date: NaiveDate) -> Problem {
    let today_letters = if ch.now == TITLE_ALONE {
        "address the title alone".to_string()
    } else {
        format!("name {}", ch.now)
    };
    case.warning(
        &format!("{}.{}.role", ch.field, ch.index),
        format!(
            "{}: the addressee changes before the deadline: {} on {date}, {} on {} ({}); letters sent today {today_letters}, the UA and supporter alerts address the title alone",
            ch.role, ch.now, ch.then, ch.on, ch.basis
        ),
    )
}

/// The case's `field` (`targets` or `copies`), each resolved; those whose role is among
/// `changed` addressed by title alone.
fn resolve_list(
    cx: &Context,
    case: &Doc<Case>,
    field: &str,
    refs: &[TargetRef],
    changed: &[Change],
    warnings: &mut Vec<Problem>,
) -> Result<Vec<Recipient>, Problem> {
    refs.iter()
        .enumerate()
        .map(|(i, r)| {
            let authority = cx.project.authorities.get(&r.role).ok_or_else(|| {
                case.error(
                    &format!("{field}.{i}.role"),
                    format!("unknown role `{}`", r.role),
                )
            })?;
            let naming = if changed.iter().any(|ch| ch.role == r.role) {
                Naming::TitleOnly
            } else {
                Naming::Holder
            };
            recipient(cx, authority, r, naming, warnings)
        })
        .collect()
}
