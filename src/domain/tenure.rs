//! Who a letter dated on a given day addresses, and why: the tenure rule.
//!
//! A holder's tenure starts at their `from`, else the first date a source shows them in office
//! (`seen`). It ends at the earliest of:
//! - their `to`;
//! - the day before the next holder's `from`, or (when that is not known) before the next
//!   holder's first `seen`;
//! - when neither their `to` nor the next holder's `from` is known: their last attestation
//!   (`from` or latest `seen`) plus the attestation window (`attestation_months`, default 12);
//! - the day before a directory event that ends the role's tenures, unless a source shows
//!   them in office after the event (a `seen` later than it, or a `to` on or after it).
//!
//! A date no tenure covers is addressed to the title alone. The window matters for the last
//! holder listed: without it, a holder last seen years ago would be named for ever.
//!
//! Month-precision dates (`2019-02`) are read cautiously: a month `from` is its first day and a
//! month `to` its last day (as a source dated by month means); a month `seen` starts a tenure
//! only at the month's last day but attests it only from the month's first day.

use crate::model::{Authority, Event, Holder};
use chrono::{Months, NaiveDate};
use std::fmt;

/// A source showing a holder in office on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attestation {
    /// The day (the first day, for a month).
    pub date: NaiveDate,
    /// The source, as written in the directory.
    pub source: String,
}

/// Why a letter names a holder, or addresses the title alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// Named: the date lies between the holder's `from` and their `to` (or the next holder's
    /// `from`).
    FromTo,
    /// Named: a source showed the holder in office within the attestation window.
    Seen,
    /// Title alone: no source shows anyone in office since this day.
    UnattestedSince(NaiveDate),
    /// Title alone: the event with this id may have changed the holder.
    EndedBy(String),
    /// Title alone: no holder known before this date.
    Unattested,
}

impl Basis {
    /// Whether a holder is named.
    pub fn names_holder(&self) -> bool {
        matches!(self, Basis::FromTo | Basis::Seen)
    }
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Basis::FromTo => f.write_str("from-to"),
            Basis::Seen => f.write_str("seen"),
            Basis::UnattestedSince(d) => write!(f, "unattested-since:{d}"),
            Basis::EndedBy(id) => write!(f, "ended-by:{id}"),
            Basis::Unattested => f.write_str("unattested"),
        }
    }
}

/// Who a letter on one day addresses for one role.
#[derive(Debug, Clone)]
pub struct Addressee<'a> {
    /// The holder named, with their index in `holders`.
    pub holder: Option<(usize, &'a Holder)>,
    /// Why.
    pub basis: Basis,
    /// When nobody is named: the latest holder whose tenure started before the day.
    pub previous: Option<(usize, &'a Holder)>,
    /// The latest attestation of the named (or previous) holder.
    pub attested: Option<Attestation>,
    /// The event that ended the previous holder's tenure, when one did.
    pub event: Option<&'a Event>,
}

impl Addressee<'_> {
    /// The index of the holder named, if any.
    pub fn index(&self) -> Option<usize> {
        self.holder.map(|(i, _)| i)
    }
}

/// What ended a tenure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum End {
    To,
    Successor,
    SuccessorSeen,
    Event(usize),
    Window,
}

/// A holder's tenure, both ends inclusive.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: NaiveDate,
    end: NaiveDate,
    why: End,
}

/// The holder's source that names `date` ("29 Sep 2025", or "Sep 2025" for a month), else
/// their first source.
fn source_for(h: &Holder, date: NaiveDate, month: bool) -> String {
    let day = date.format("%-d %b %Y").to_string();
    let month_text = date.format("%b %Y").to_string();
    h.sources
        .iter()
        .find(|s| s.contains(&day) || (month && s.contains(&month_text)))
        .or_else(|| h.sources.first())
        .cloned()
        .unwrap_or_else(|| "no source given".into())
}

/// Every attestation of a holder: their `from` and each `seen`, oldest first.
pub fn attestations(h: &Holder) -> Vec<Attestation> {
    let mut out: Vec<Attestation> = h
        .from
        .iter()
        .map(|f| Attestation {
            date: f.first(),
            source: source_for(h, f.first(), f.is_month()),
        })
        .chain(h.seen.iter().map(|s| {
            Attestation {
                date: s.date.first(),
                source: s
                    .source
                    .clone()
                    .unwrap_or_else(|| source_for(h, s.date.first(), s.date.is_month())),
            }
        }))
        .collect();
    out.sort_by_key(|a| a.date);
    out
}

fn first_seen_start(h: &Holder) -> Option<NaiveDate> {
    h.seen
        .iter()
        .min_by_key(|s| s.date.first())
        .map(|s| s.date.last())
}

fn span(a: &Authority, events: &[Event], window: u32, i: usize) -> Option<Span> {
    let h = &a.holders[i];
    let start = h.from.map(|f| f.first()).or_else(|| first_seen_start(h))?;
    let mut ends: Vec<(NaiveDate, End)> = Vec::new();
    if let Some(to) = h.to {
        ends.push((to.last(), End::To));
    }
    let next = a.holders.get(i + 1);
    if let Some(n) = next {
        if let Some(f) = n.from {
            // A successor's month-precision start does not cut short an exact `to`.
            if !(f.is_month() && h.to.is_some_and(|t| !t.is_month())) {
                ends.push((f.first().pred_opt()?, End::Successor));
            }
        } else if let Some(s) = n.seen.iter().map(|s| s.date.first()).min() {
            ends.push((s.pred_opt()?, End::SuccessorSeen));
        }
    }
    if h.to.is_none()
        && next.and_then(|n| n.from).is_none()
        && let Some(last) = attestations(h).last()
    {
        let end = last
            .date
            .checked_add_months(Months::new(window))
            .unwrap_or(NaiveDate::MAX);
        ends.push((end, End::Window));
    }
    for (k, e) in events.iter().enumerate() {
        let day = e.day();
        let applies = e.ends_tenure_of.iter().any(|r| r == &a.role)
            && start < day
            && !h.seen.iter().any(|s| s.date.first() > day)
            && h.to.is_none_or(|t| t.last() < day);
        if applies && let Some(before) = day.pred_opt() {
            ends.push((before, End::Event(k)));
        }
    }
    let (end, why) = ends.into_iter().min()?;
    Some(Span { start, end, why })
}

/// Who a letter dated `date` addresses for `authority`, with `window` months of attestation
/// and the directory's `events`.
pub fn addressee<'a>(
    authority: &'a Authority,
    events: &'a [Event],
    window: u32,
    date: NaiveDate,
) -> Addressee<'a> {
    let spans: Vec<(usize, Span)> = (0..authority.holders.len())
        .filter_map(|i| span(authority, events, window, i).map(|s| (i, s)))
        .collect();
    let last_attested = |i: usize| attestations(&authority.holders[i]).pop();
    if let Some((i, s)) = spans.iter().find(|(_, s)| s.start <= date && date <= s.end) {
        let h = &authority.holders[*i];
        let basis = if h.from.is_some() && matches!(s.why, End::To | End::Successor) {
            Basis::FromTo
        } else {
            Basis::Seen
        };
        return Addressee {
            holder: Some((*i, h)),
            basis,
            previous: None,
            attested: last_attested(*i),
            event: None,
        };
    }
    let previous = spans
        .iter()
        .filter(|(_, s)| s.start <= date)
        .max_by_key(|(_, s)| s.start);
    match previous {
        None => Addressee {
            holder: None,
            basis: Basis::Unattested,
            previous: None,
            attested: None,
            event: None,
        },
        Some((i, s)) => {
            let h = &authority.holders[*i];
            let attested = last_attested(*i);
            let (basis, event) = match s.why {
                End::Event(k) => (Basis::EndedBy(events[k].id.clone()), Some(&events[k])),
                End::To => (Basis::UnattestedSince(s.end), None),
                _ => (
                    Basis::UnattestedSince(attested.as_ref().map_or(s.end, |a| a.date)),
                    None,
                ),
            };
            Addressee {
                holder: None,
                basis,
                previous: Some((*i, h)),
                attested,
                event,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn directory(holders: &str) -> Authority {
        serde_yaml::from_str(&format!(
            "role: kz/x\ntitle: {{en: X}}\nholders:\n{holders}"
        ))
        .unwrap()
    }

    fn events(text: &str) -> Vec<Event> {
        serde_yaml::from_str::<crate::model::Events>(text)
            .unwrap()
            .events
    }

    fn who(a: &Authority, ev: &[Event], d: NaiveDate) -> (Option<String>, String) {
        let r = addressee(a, ev, 12, d);
        (
            r.holder.map(|(_, h)| h.name["en"].clone()),
            r.basis.to_string(),
        )
    }

    #[test]
    fn a_from_only_holder_followed_by_a_successor_serves_until_the_successor_starts() {
        let a = directory(
            "  - {name: {en: A}, from: 2019-09-02}\n  - {name: {en: B}, from: 2022-12, seen: [2025-08]}\n",
        );
        assert_eq!(who(&a, &[], ymd(2019, 9, 2)).0.as_deref(), Some("A"));
        assert_eq!(
            who(&a, &[], ymd(2021, 6, 1)),
            (Some("A".into()), "from-to".into()),
            "the successor's `from` bounds the tenure: no window"
        );
        assert_eq!(who(&a, &[], ymd(2022, 11, 30)).0.as_deref(), Some("A"));
        assert_eq!(
            who(&a, &[], ymd(2022, 12, 1)).0.as_deref(),
            Some("B"),
            "a month `from` is its first day"
        );
    }

    #[test]
    fn the_last_holder_is_named_only_within_the_window_of_their_last_attestation() {
        let a = directory(
            "  - {name: {en: A}, from: 2025-09-26, seen: [2025-09-29], sources: [\"zakon.kz, 29 Sep 2025\"]}\n",
        );
        assert_eq!(
            who(&a, &[], ymd(2025, 12, 10)),
            (Some("A".into()), "seen".into())
        );
        assert_eq!(who(&a, &[], ymd(2026, 9, 29)).0.as_deref(), Some("A"));
        let late = addressee(&a, &[], 12, ymd(2026, 11, 22));
        assert_eq!(late.basis.to_string(), "unattested-since:2025-09-29");
        assert_eq!(late.attested.unwrap().source, "zakon.kz, 29 Sep 2025");
        assert_eq!(
            addressee(&a, &[], 24, ymd(2026, 11, 22)).basis,
            Basis::Seen,
            "the window is a setting"
        );
    }

    #[test]
    fn an_event_ends_the_tenure_and_a_later_seen_restores_the_name() {
        let ev = events(
            "events:\n  - {id: c26, date: 2026-07-01, ends_tenure_of: [kz/x], sources: [s]}\n",
        );
        let a = directory("  - {name: {en: A}, seen: [2025-12-06]}\n");
        assert_eq!(who(&a, &ev, ymd(2025, 12, 10)).0.as_deref(), Some("A"));
        assert_eq!(who(&a, &ev, ymd(2026, 6, 30)).0.as_deref(), Some("A"));
        let after = addressee(&a, &ev, 12, ymd(2026, 11, 22));
        assert_eq!(after.basis.to_string(), "ended-by:c26");
        assert_eq!(after.event.unwrap().id, "c26");
        assert_eq!(after.previous.unwrap().0, 0);
        let restored = directory("  - {name: {en: A}, seen: [2025-12-06, 2026-08-15]}\n");
        assert_eq!(
            who(&restored, &ev, ymd(2026, 11, 22)),
            (Some("A".into()), "seen".into())
        );
        let other = directory("  - {name: {en: A}, seen: [2025-12-06]}\n");
        let other = Authority {
            role: "kz/other".into(),
            ..other
        };
        assert_eq!(
            who(&other, &ev, ymd(2026, 11, 22)).0.as_deref(),
            Some("A"),
            "events end only the roles they list"
        );
        let appointed_after = directory("  - {name: {en: A}, from: 2026-08-01}\n");
        assert_eq!(
            who(&appointed_after, &ev, ymd(2026, 11, 22)).0.as_deref(),
            Some("A")
        );
    }

    #[test]
    fn gaps_between_attested_tenures_are_not_filled() {
        let a = directory(
            "  - {name: {en: A}, seen: [2012-03-13]}\n  - {name: {en: B}, to: 2017-12-10}\n  - {name: {en: C}, from: 2017-12-11, to: 2019-03-18}\n  - {name: {en: D}, seen: [2021-05-19]}\n",
        );
        assert_eq!(
            who(&a, &[], ymd(2014, 8, 20)),
            (None, "unattested-since:2012-03-13".into())
        );
        assert_eq!(
            who(&a, &[], ymd(2018, 5, 20)),
            (Some("C".into()), "from-to".into())
        );
        assert_eq!(
            who(&a, &[], ymd(2020, 1, 1)),
            (None, "unattested-since:2019-03-18".into())
        );
        assert_eq!(who(&a, &[], ymd(2010, 1, 1)), (None, "unattested".into()));
    }

    #[test]
    fn month_dates_bound_tenures_cautiously() {
        let a = directory(
            "  - {name: {en: A}, from: 2011-04-12, to: 2019-02}\n  - {name: {en: B}, seen: [2019-03]}\n",
        );
        assert_eq!(who(&a, &[], ymd(2019, 2, 28)).0.as_deref(), Some("A"));
        assert_eq!(
            who(&a, &[], ymd(2019, 3, 15)).0,
            None,
            "a month `seen` shows the holder in office by the month's end only"
        );
        assert_eq!(who(&a, &[], ymd(2019, 3, 31)).0.as_deref(), Some("B"));
        let b = &a.holders[1];
        assert_eq!(attestations(b)[0].date, ymd(2019, 3, 1));
    }
}
