//! Texts copied from the previous document of the action, still to check against this one.

use crate::error::{Problem, suggestion};
use crate::load::Doc;
use crate::model::Case;
use crate::model::case::REVIEWED_TEXTS;

/// `review`: texts `appeal new --follows` copied, still to check. One warning each, until the
/// entry is removed.
pub(super) fn review(case: &Doc<Case>, problems: &mut Vec<Problem>) {
    let c = &case.value;
    let from = c
        .follows
        .as_deref()
        .map_or(String::new(), |f| format!(" from `{f}`"));
    for (i, field) in c.review.iter().enumerate() {
        let at = format!("review.{i}");
        if REVIEWED_TEXTS.contains(&field.as_str()) {
            problems.push(case.warning(
                &at,
                format!(
                    "`{field}` was copied{from} and needs review: check it against this \
                     document, then remove `{field}` from `review`"
                ),
            ));
        } else {
            problems.push(case.error(
                &at,
                format!(
                    "`{field}` is not a text to review{}; texts: {}",
                    suggestion(field, REVIEWED_TEXTS),
                    REVIEWED_TEXTS.join(", ")
                ),
            ));
        }
    }
}
