//! Deadlines: resolving a case's send-before date (fixed, or counted in calendar or working
//! days from the issue date over a holiday calendar) and explaining how it was reached. What a
//! deadline means for a document's state is [`crate::domain::life`]'s.
//!
//! Semantics (also in the README): "send before D" is exclusive. The last day to send is the day
//! before D, in the deadline's time zone; on D itself the case is past its deadline.
//! `days_left = D - today`, so it is 0 on D. A counted rule (`days: N`, `working_days: N`)
//! makes the Nth counted day after the issue date the *last day to send*, and D the day after
//! it: the last day to send is never a day off.

use crate::domain::life::Purpose;
use crate::load::{Doc, Project};
use crate::model::Case;
use crate::model::Deadline;
use crate::model::calendar::Calendar;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use chrono_tz::Tz;
use std::collections::BTreeSet;

/// A resolved deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Appeals must be sent before this date.
    pub send_before: NaiveDate,
    /// The time zone the date is read in.
    pub time_zone: Tz,
    /// How a rule-based date was reached; `None` for a fixed date.
    pub rule: Option<RuleTrace>,
}

/// How a rule-based deadline was counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTrace {
    /// Days counted.
    pub count: u32,
    /// Working days (true) or calendar days (false).
    pub working: bool,
    /// The date counted from.
    pub from: NaiveDate,
    /// Holidays (not weekends) skipped while counting.
    pub skipped: Vec<NaiveDate>,
    /// Of `skipped`, the working days made days off by a transfer decree: not holidays, and
    /// the explanation says so.
    pub moved: Vec<NaiveDate>,
}

/// Resolves `case`'s deadline; `Err` names the field and what is wrong.
pub fn resolve(project: &Project, case: &Doc<Case>) -> Result<Option<Resolved>, (String, String)> {
    let Some(deadline) = &case.value.deadline else {
        return Ok(None);
    };
    let tz_name = deadline
        .time_zone
        .clone()
        .unwrap_or_else(|| project.campaign.value.time_zone.clone());
    let time_zone: Tz = tz_name.parse().map_err(|_| {
        (
            "deadline.time_zone".to_string(),
            format!("unknown time zone `{tz_name}`; use an IANA name such as Asia/Almaty"),
        )
    })?;
    let rules = [
        deadline.send_before.is_some(),
        deadline.days.is_some(),
        deadline.working_days.is_some(),
    ];
    match rules.iter().filter(|r| **r).count() {
        // An outcome asks for no appeals: a `deadline:` left empty (as `appeal new` writes it)
        // is no deadline.
        0 if !Purpose::of(&case.value).needs_appeal() => return Ok(None),
        0 => {
            return Err((
                "deadline.send_before".into(),
                "the deadline has no date: write `send_before: YYYY-MM-DD`, or a rule counted \
                 from `issued` (`days: N`, or `working_days: N` with `calendar`)"
                    .into(),
            ));
        }
        1 => {}
        _ => {
            return Err((
                "deadline".into(),
                "give exactly one of send_before, days or working_days".into(),
            ));
        }
    }
    if let Some(send_before) = deadline.send_before {
        return Ok(Some(Resolved {
            send_before,
            time_zone,
            rule: None,
        }));
    }
    let (send_before, rule) = counted(project, case, deadline)?;
    Ok(Some(Resolved {
        send_before,
        time_zone,
        rule: Some(rule),
    }))
}

/// A deadline counted from the case's `issued` date: `days` calendar days, or `working_days`
/// over the case's holiday calendar. The send-before date and how it was reached.
fn counted(
    project: &Project,
    case: &Doc<Case>,
    deadline: &Deadline,
) -> Result<(NaiveDate, RuleTrace), (String, String)> {
    let from = case.value.issued.ok_or_else(|| {
        (
            "deadline".to_string(),
            "a counted deadline needs the case's `issued` date".to_string(),
        )
    })?;
    for (field, count) in [
        ("days", deadline.days),
        ("working_days", deadline.working_days),
    ] {
        if let Some(n) = count.filter(|n| *n > MAX_DAYS) {
            return Err((
                format!("deadline.{field}"),
                format!("{n} days is too far: at most {MAX_DAYS} (ten years)"),
            ));
        }
    }
    let out_of_range = |what: &str| {
        (
            "deadline".to_string(),
            format!("the {what} falls outside the dates this program handles"),
        )
    };
    if let Some(days) = deadline.days {
        // The Nth day after the start is the last day to send; send before the next one.
        let send_before = from
            .checked_add_days(Days::new(u64::from(days) + 1))
            .ok_or_else(|| out_of_range("send-before date"))?;
        let rule = RuleTrace {
            count: days,
            working: false,
            from,
            skipped: vec![],
            moved: vec![],
        };
        return Ok((send_before, rule));
    }
    let count = deadline.working_days.unwrap_or_default();
    let calendar_id = deadline
        .calendar
        .clone()
        .unwrap_or_else(|| case.value.country.to_lowercase());
    let calendar = project.calendars.get(&calendar_id).ok_or_else(|| {
        (
            "deadline.calendar".to_string(),
            format!(
                "no holiday calendar `{calendar_id}`: add appeals/calendars/{calendar_id}.yaml"
            ),
        )
    })?;
    // Enough years of holidays for the count: about 250 working days a year, plus a margin.
    let last_year = from
        .year()
        .saturating_add(2)
        .saturating_add((count / 200) as i32);
    let days_off = DaysOff::new(&calendar.value, from.year(), last_year);
    // The Nth working day after the start is the last day to send (so it is never a day off);
    // send before the day after it.
    let (last_day, skipped) = add_working_days(&days_off, from, count)
        .ok_or_else(|| out_of_range("working-day count"))?;
    let send_before = last_day
        .succ_opt()
        .ok_or_else(|| out_of_range("send-before date"))?;
    let (moved, skipped) = skipped.into_iter().partition(|d| days_off.is_moved(*d));
    let rule = RuleTrace {
        count,
        working: true,
        from,
        skipped,
        moved,
    };
    Ok((send_before, rule))
}

/// The largest `days` or `working_days` a deadline may count: ten years. Larger counts are
/// typing mistakes, and bounding them bounds the work of counting.
pub const MAX_DAYS: u32 = 3660;

/// The non-working days of a calendar over a range of years.
pub struct DaysOff {
    holidays: BTreeSet<NaiveDate>,
    working_weekend_days: BTreeSet<NaiveDate>,
    /// Days off that are not holidays themselves: given in place of a holiday that fell on a
    /// weekend, or moved there by a transfer decree.
    moved_days: BTreeSet<NaiveDate>,
}

impl DaysOff {
    /// Expands `calendar` for the years `first..=last`, applying the weekend-transfer rule.
    pub fn new(calendar: &Calendar, first: i32, last: i32) -> DaysOff {
        let mut holidays = BTreeSet::new();
        let mut moved = Vec::new();
        for year in first..=last {
            for h in &calendar.yearly {
                let applies =
                    h.from_year.is_none_or(|y| y <= year) && h.to_year.is_none_or(|y| year <= y);
                if let (true, Some(date)) = (applies, NaiveDate::from_ymd_opt(year, h.month, h.day))
                {
                    holidays.insert(date);
                    if h.moves_off_weekend && is_weekend(date) {
                        moved.push(date);
                    }
                }
            }
        }
        for d in &calendar.dates {
            holidays.insert(d.date);
            if d.moves_off_weekend && is_weekend(d.date) {
                moved.push(d.date);
            }
        }
        // A holiday on a weekend gives the next working day off (Law No. 267-II, Art. 5).
        moved.sort();
        let mut moved_days = BTreeSet::new();
        for date in moved {
            let mut next = date.succ_opt();
            while let Some(day) = next.filter(|d| is_weekend(*d) || holidays.contains(d)) {
                next = day.succ_opt();
            }
            if let Some(day) = next {
                holidays.insert(day);
                moved_days.insert(day);
            }
        }
        let mut working_weekend_days = BTreeSet::new();
        for t in &calendar.transfers {
            holidays.insert(t.off);
            moved_days.insert(t.off);
            working_weekend_days.insert(t.work);
        }
        DaysOff {
            holidays,
            working_weekend_days,
            moved_days,
        }
    }

    /// Whether `date` is a day off moved there (from a weekend holiday, or by decree) rather
    /// than a holiday in its own right.
    pub fn is_moved(&self, date: NaiveDate) -> bool {
        self.moved_days.contains(&date)
    }

    /// Whether `date` is a working day.
    pub fn is_working(&self, date: NaiveDate) -> bool {
        if self.working_weekend_days.contains(&date) {
            return true;
        }
        !is_weekend(date) && !self.holidays.contains(&date)
    }

    /// Whether `date` is a holiday that falls on a weekday (what an explanation lists).
    pub fn is_weekday_holiday(&self, date: NaiveDate) -> bool {
        !is_weekend(date) && self.holidays.contains(&date)
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The `count`-th working day after `from`, and the weekday holidays skipped on the way; `None`
/// past the last date chrono knows, or when a calendar leaves no working day for a year.
pub fn add_working_days(
    days_off: &DaysOff,
    from: NaiveDate,
    count: u32,
) -> Option<(NaiveDate, Vec<NaiveDate>)> {
    let mut date = from;
    let mut counted = 0;
    let mut skipped = Vec::new();
    let mut idle = 0;
    while counted < count {
        date = date.succ_opt()?;
        if days_off.is_working(date) {
            counted += 1;
            idle = 0;
        } else {
            idle += 1;
            if idle > 366 {
                return None;
            }
            if days_off.is_weekday_holiday(date) {
                skipped.push(date);
            }
        }
    }
    Some((date, skipped))
}

/// Days from `today` to the send-before date (0 on the date itself, negative after).
pub fn days_left(deadline: &Resolved, today: NaiveDate) -> i64 {
    (deadline.send_before - today).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::calendar::{Transfer, YearlyHoliday};

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn holiday(month: u32, day: u32, moves: bool) -> YearlyHoliday {
        YearlyHoliday {
            month,
            day,
            name: Default::default(),
            moves_off_weekend: moves,
            from_year: None,
            to_year: None,
            source: None,
        }
    }

    #[test]
    fn weekend_holiday_moves_to_next_working_day() {
        // 30 August 2014 was a Saturday: Monday 1 September was off.
        let cal = Calendar {
            id: "t".into(),
            yearly: vec![holiday(8, 30, true)],
            dates: vec![],
            transfers: vec![],
        };
        let off = DaysOff::new(&cal, 2014, 2014);
        assert!(!off.is_working(ymd(2014, 9, 1)));
        assert!(off.is_working(ymd(2014, 9, 2)));
    }

    #[test]
    fn transfers_swap_days() {
        let cal = Calendar {
            id: "t".into(),
            yearly: vec![],
            dates: vec![],
            transfers: vec![Transfer {
                work: ymd(2022, 3, 5),
                off: ymd(2022, 3, 7),
                source: None,
            }],
        };
        let off = DaysOff::new(&cal, 2022, 2022);
        assert!(off.is_working(ymd(2022, 3, 5)));
        assert!(!off.is_working(ymd(2022, 3, 7)));
    }

    #[test]
    fn counts_working_days_and_lists_skipped_holidays() {
        let cal = Calendar {
            id: "t".into(),
            yearly: vec![
                holiday(5, 1, true),
                holiday(5, 7, true),
                holiday(5, 9, true),
            ],
            dates: vec![],
            transfers: vec![],
        };
        let off = DaysOff::new(&cal, 2018, 2018);
        // Thursday 26 April 2018 + 5 working days: 27, 30 Apr, (1 May off), 2, 3, 4 May.
        let (date, skipped) = add_working_days(&off, ymd(2018, 4, 26), 5).unwrap();
        assert_eq!(date, ymd(2018, 5, 4));
        assert_eq!(skipped, vec![ymd(2018, 5, 1)]);
    }
}
