//! The case's targets and copies, each resolved as a recipient. Where a holder or a title
//! changes before the last day to send, also a second pair as the documents used until then
//! address them: a changing holder by title alone, a changing title in its later form.

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
    // Targets addressed differently on the last day to send: letters sent today name today's
    // holder under today's title; the UA, the supporter alerts and the site, used until the
    // deadline, address a changing holder by title alone, under the title of the last day.
    let changes = match last_day {
        Some(last) if last > date => changes_between(cx.project, c, date, last),
        _ => Vec::new(),
    };
    for ch in &changes {
        warnings.extend(change_warnings(case, ch, date));
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

/// The warnings for a recipient addressed differently on the last day to send than on the
/// letter's date: one for a holder who changes, one for a title that does.
fn change_warnings(case: &Doc<Case>, ch: &Change, date: NaiveDate) -> Vec<Problem> {
    let at = format!("{}.{}.role", ch.field, ch.index);
    let mut out = Vec::new();
    if ch.holder {
        let today_letters = if ch.now == TITLE_ALONE {
            "address the title alone".to_string()
        } else {
            format!("name {}", ch.now)
        };
        out.push(case.warning(
            &at,
            format!(
                "{}: the addressee changes before the deadline: {} on {date}, {} on {} ({}); letters sent today {today_letters}, the UA and supporter alerts address the title alone",
                ch.role, ch.now, ch.then, ch.on, ch.basis
            ),
        ));
    }
    if ch.title {
        out.push(case.warning(
            &at,
            format!(
                "{}: the title changes before the deadline: \"{}\" on {date}, \"{}\" on {}; letters sent today use the first, the UA, supporter alerts and site the one in force on the last day to send",
                ch.role, ch.title_now, ch.title_then, ch.on
            ),
        ));
    }
    out
}

/// The case's `field` (`targets` or `copies`), each resolved; those whose role is among
/// `changed` addressed as the documents used until the deadline address them (see
/// [`Naming`]).
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
            let change = changed.iter().find(|ch| ch.role == r.role);
            let naming = Naming {
                holder: !change.is_some_and(|ch| ch.holder),
                title_on: change.filter(|ch| ch.title).map_or(cx.date, |ch| ch.on),
            };
            recipient(cx, authority, r, naming, warnings)
        })
        .collect()
}
