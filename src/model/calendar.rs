//! A public-holiday calendar, e.g. `appeals/calendars/kz.yaml`, for working-day deadlines.

use super::text::Localized;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A country's non-working days and the rules that move them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    /// Calendar id (`kz`), matching the file name.
    pub id: String,
    /// Yearly holidays, each valid over a range of years.
    #[serde(default)]
    pub yearly: Vec<YearlyHoliday>,
    /// One-off days off (movable feasts such as Kurban Ait, by year).
    #[serde(default)]
    pub dates: Vec<DatedHoliday>,
    /// Days off moved by government decree: `work` becomes a working day, `off` a day off.
    #[serde(default)]
    pub transfers: Vec<Transfer>,
}

/// A holiday on the same day every year.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearlyHoliday {
    /// Month (1–12).
    pub month: u32,
    /// Day of month.
    pub day: u32,
    /// Name per language.
    pub name: Localized,
    /// When it falls on a weekend, the next working day is a day off (national and state
    /// holidays in Kazakhstan); days off "regardless of operating mode" are not moved.
    #[serde(default)]
    pub moves_off_weekend: bool,
    /// First year the holiday applies.
    #[serde(default)]
    pub from_year: Option<i32>,
    /// Last year the holiday applies.
    #[serde(default)]
    pub to_year: Option<i32>,
    /// Where the rule comes from.
    #[serde(default)]
    pub source: Option<String>,
}

/// A single dated day off.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedHoliday {
    /// The date.
    pub date: NaiveDate,
    /// Name per language.
    pub name: Localized,
    /// Whether it moves off a weekend (see [`YearlyHoliday::moves_off_weekend`]).
    #[serde(default)]
    pub moves_off_weekend: bool,
    /// Where the date comes from.
    #[serde(default)]
    pub source: Option<String>,
}

/// A day off moved by decree.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// A weekend day that becomes a working day.
    pub work: NaiveDate,
    /// A working day that becomes a day off.
    pub off: NaiveDate,
    /// The decree.
    #[serde(default)]
    pub source: Option<String>,
}
