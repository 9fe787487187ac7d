//! A case file on its own (no date, no resolution): each check in its own function, called in
//! the order their problems are listed.

mod review;
mod targets;
mod texts;
mod translations;

use crate::domain::deadline;
use crate::domain::life::Purpose;
use crate::error::{Problem, suggestion};
use crate::i18n::Locales;
use crate::load::{Doc, Project};
use crate::model::{Case, CaseKind};

/// Every problem of one case file.
pub(super) fn validate_case(
    project: &Project,
    locales: &Locales,
    case: &Doc<Case>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    id(case, &mut problems);
    texts::languages_and_texts(case, locales, &mut problems);
    required_fields(case, &mut problems);
    review::review(case, &mut problems);
    links(case, &mut problems);
    required_lists(case, &mut problems);
    targets::targets_and_copies(project, case, &mut problems);
    chain(project, case, &mut problems);
    if let Err((path, message)) = deadline::resolve(project, case) {
        problems.push(case.error(&path, message));
    }
    translations::translation_records(case, &mut problems);
    problems
}

/// The id names output folders, so it must be safe as one.
fn id(case: &Doc<Case>, problems: &mut Vec<Problem>) {
    let c = &case.value;
    let id_ok = !c.id.is_empty()
        && c.id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
        && !c.id.starts_with('-');
    if !id_ok {
        problems.push(case.error(
            "id",
            format!("case id `{}` must be lower-case letters, digits and dashes (it names output folders; no `/`, `..` or spaces)", c.id),
        ));
    }
}

/// The reference, the issuer and the country: one error each when left empty.
fn required_fields(case: &Doc<Case>, problems: &mut Vec<Problem>) {
    let c = &case.value;
    for (field, blank, what) in [
        (
            "reference",
            c.reference.trim().is_empty(),
            "the public reference, e.g. \"UA 82/18\"",
        ),
        (
            "organisation",
            c.organisation.is_blank(),
            "who issued the action",
        ),
        (
            "country",
            c.country.trim().is_empty(),
            "the ISO 3166 code of the country, e.g. KZ",
        ),
    ] {
        if blank {
            problems.push(case.error(field, format!("`{field}` is empty: write {what}")));
        }
    }
}

/// Links are web addresses.
fn links(case: &Doc<Case>, problems: &mut Vec<Problem>) {
    for (i, link) in case.value.links.iter().enumerate() {
        if !(link.url.starts_with("https://") || link.url.starts_with("http://")) {
            problems.push(case.error(
                &format!("links.{i}.url"),
                format!("`{}` is not a web address (https://...)", link.url),
            ));
        }
    }
}

/// An appeal concerns someone, asks something, and is written to someone. A stop action or
/// closure concerns someone and reports the outcome: it needs no asks or targets (nor a date in
/// its deadline, see [`deadline::resolve`]).
fn required_lists(case: &Doc<Case>, problems: &mut Vec<Problem>) {
    let c = &case.value;
    if c.people.is_empty() {
        problems.push(case.error("people", "list at least one person concerned"));
    }
    if !Purpose::of(c).needs_appeal() {
        return;
    }
    if c.asks.is_empty() {
        problems.push(case.error("asks", "list at least one ask"));
    }
    if c.targets.is_empty() {
        problems.push(case.error("targets", "list at least one authority to write to"));
    }
}

/// The document's place in its action: an update has its number, and the case it follows
/// exists.
fn chain(project: &Project, case: &Doc<Case>, problems: &mut Vec<Problem>) {
    let c = &case.value;
    if c.kind == CaseKind::Update && c.update.is_none() {
        problems.push(case.error("update", "an update needs its number (`update: 1`)"));
    }
    if let Some(follows) = &c.follows
        && project.archive.get(follows).is_none()
    {
        let ids = project.archive.ids();
        problems.push(case.error(
            "follows",
            format!("no case `{follows}` to follow{}", suggestion(follows, ids)),
        ));
    }
}
