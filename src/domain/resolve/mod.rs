//! Resolution: case × directory × date × language → the view that templates render. Picks who
//! held each target role on the letter's date, the salutation, the contact facts, and
//! formats dates; everything a renderer needs is in [`View`].
//!
//! Read top-down: [`view`] builds the organisation (`org_view`), the case's texts
//! (`case_view`), the deadline (`deadline_view`) and the recipients (`recipients`, each one by
//! `recipient`: who is named in `naming`, the greeting in `salutation`); `addressee` is who
//! holds a role on a day, `fallbacks` the languages a missing text is taken from.

mod addressee;
mod case_view;
mod context;
mod deadline_view;
mod fallbacks;
mod naming;
mod org_view;
mod recipient;
mod recipients;
mod salutation;
mod views;

pub use addressee::{
    Change, TITLE_ALONE, addressed_as, addressee, changes_between, display_name, display_title,
    title_changes, unnamed_warning,
};
pub use fallbacks::fallbacks;
pub use views::{
    AlternativeTexts, CaseView, DeadlineView, LinkView, OrgView, PersonView, Recipient, View,
};

use crate::domain::deadline;
use crate::error::Problem;
use crate::i18n::Locales;
use crate::load::{Doc, Project};
use crate::model::Case;
use chrono::NaiveDate;
use context::Context;

/// Resolves a case for one language on `date`. Warnings (unknown holder, names missing in the
/// language) are pushed to `warnings`; errors (a Fluent message missing) are returned.
pub fn view(
    project: &Project,
    locales: &Locales,
    case: &Doc<Case>,
    lang: &str,
    date: NaiveDate,
    warnings: &mut Vec<Problem>,
) -> Result<View, Problem> {
    let fb = fallbacks(locales, lang, &project.campaign.value.default_language);
    let fb: Vec<&str> = fb.iter().map(String::as_str).collect();
    let cx = Context {
        project,
        locales,
        lang,
        fb: &fb,
        date,
    };
    let fluent_err = |e: String| case.error("", e);
    let resolved = deadline::resolve(project, case).map_err(|(path, m)| case.error(&path, m))?;
    let deadline = match &resolved {
        Some(d) => Some(deadline_view::deadline_view(&cx, d).map_err(fluent_err)?),
        None => None,
    };
    let last_day = resolved.and_then(|d| d.send_before.pred_opt());
    let recipients = recipients::recipients(&cx, case, last_day, warnings)?;
    Ok(View {
        lang: lang.to_string(),
        today: date,
        org: org_view::org_view(&cx),
        case: case_view::case_view(&cx, &case.value).map_err(fluent_err)?,
        deadline,
        targets: recipients.targets,
        copies: recipients.copies,
        public: recipients.public,
    })
}
