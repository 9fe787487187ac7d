//! The deadline in one language: the send-before date, the last day to send, the days left,
//! and how a counted deadline was reached.

use crate::domain::deadline::{self, Resolved, RuleTrace};
use crate::domain::resolve::context::Context;
use crate::domain::resolve::views::DeadlineView;
use crate::i18n::{Arg, DateForm};
use chrono::NaiveDate;

/// The resolved deadline `d` as templates show it on the context's date; `Err` is a Fluent
/// message that failed.
pub(super) fn deadline_view(cx: &Context, d: &Resolved) -> Result<DeadlineView, String> {
    let explanation = match &d.rule {
        None => None,
        Some(rule) => Some(explain(cx, d, rule)?),
    };
    let left = deadline::days_left(d, cx.date);
    Ok(DeadlineView {
        send_before: d.send_before.to_string(),
        send_before_text: cx.date_text(d.send_before, DateForm::Long)?,
        before_text: cx.date_text(d.send_before, DateForm::Before)?,
        last_day_text: cx.date_text(
            d.send_before.pred_opt().unwrap_or(d.send_before),
            DateForm::Long,
        )?,
        days_left: left,
        passed: left <= 0,
        time_zone: d.time_zone.name().to_string(),
        explanation,
    })
}

/// How a counted deadline was reached: the count, the day it starts from, the holidays
/// skipped and the days off moved by decree, and the last day to send it gives (the day
/// before the send-before date).
fn explain(cx: &Context, d: &Resolved, rule: &RuleTrace) -> Result<String, String> {
    let list = |days: &[NaiveDate]| -> Result<String, String> {
        Ok(days
            .iter()
            .map(|day| cx.date_text(*day, DateForm::Long))
            .collect::<Result<Vec<_>, _>>()?
            .join(", "))
    };
    let skipped = list(&rule.skipped)?;
    let moved = list(&rule.moved)?;
    let id = if rule.working {
        "deadline-rule-working"
    } else {
        "deadline-rule-calendar"
    };
    let last = d.send_before.pred_opt().unwrap_or(d.send_before);
    cx.locales.format(
        cx.lang,
        id,
        &[
            (
                "date",
                Arg::Text(cx.date_text(d.send_before, DateForm::Long)?),
            ),
            (
                "before",
                Arg::Text(cx.date_text(d.send_before, DateForm::Before)?),
            ),
            ("last", Arg::Text(cx.date_text(last, DateForm::Long)?)),
            ("count", Arg::Number(f64::from(rule.count))),
            ("from", Arg::Text(cx.date_text(rule.from, DateForm::Long)?)),
            ("skipped", Arg::Text(skipped)),
            ("skipped_count", Arg::Number(rule.skipped.len() as f64)),
            ("moved", Arg::Text(moved)),
            ("moved_count", Arg::Number(rule.moved.len() as f64)),
        ],
    )
}
