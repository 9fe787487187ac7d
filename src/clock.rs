//! The one place that reads the system clock. Everything else is handed a [`Clock`], so
//! `--today` fixes every output.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

/// The moment the program treats as "now".
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    now: DateTime<Utc>,
    fixed_date: Option<NaiveDate>,
}

impl Clock {
    /// The real clock.
    pub fn system() -> Self {
        Clock {
            now: Utc::now(),
            fixed_date: None,
        }
    }

    /// A clock fixed by `--today`: a date (`2018-05-20`, the same in every time zone) or an
    /// instant (`2024-02-29T18:30:00Z`, whose date depends on the time zone).
    pub fn parse(value: &str) -> Result<Self, String> {
        let years = YEARS;
        if date_year(value).is_some_and(|y| !years.contains(&y)) {
            return Err(format!(
                "--today: `{value}` is out of range; give a date between {} and {}",
                years.start(),
                years.end()
            ));
        }
        if let Ok(date) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            let now = Utc.from_utc_datetime(&date.and_hms_opt(12, 0, 0).unwrap_or_default());
            return Ok(Clock {
                now,
                fixed_date: Some(date),
            });
        }
        DateTime::parse_from_rfc3339(value)
            .map(|t| Clock { now: t.with_timezone(&Utc), fixed_date: None })
            .map_err(|_| {
                format!("--today: `{value}` is neither a date (YYYY-MM-DD) nor an RFC 3339 instant (2024-02-29T18:30:00Z)")
            })
    }

    /// Today's date in the time zone `tz`.
    pub fn today_in(&self, tz: Tz) -> NaiveDate {
        self.fixed_date
            .unwrap_or_else(|| self.now.with_timezone(&tz).date_naive())
    }

    /// The instant, for Date headers and journal entries.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }
}

/// The system's time now, to compare with the times of files (how long ago a file changed),
/// which `--today` does not move: it fixes the calendar date of outputs, not the disk's clock.
pub fn file_time_now() -> std::time::SystemTime {
    std::time::SystemTime::now()
}

/// The years a date may have. Dates outside are typing mistakes, and chrono's own limits
/// (±262,143) make date arithmetic panic.
pub const YEARS: std::ops::RangeInclusive<i64> = 1900..=2199;

/// The year of a scalar written as a date (`2018-05-20`, `+12018-05-20`, `2018-05`, a date and
/// time), or `None` for any other text. A year too long for an `i64` is reported as the
/// largest one.
pub fn date_year(text: &str) -> Option<i64> {
    let digits_in = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (negative, rest) = match text.as_bytes().first()? {
        b'+' => (false, &text[1..]),
        b'-' => (true, &text[1..]),
        _ => (false, text),
    };
    let signed = rest.len() != text.len();
    let year_len = digits_in(rest);
    if year_len == 0 || (!signed && year_len < 4) {
        return None;
    }
    let mut tail = rest[year_len..].strip_prefix('-')?;
    let month = digits_in(tail);
    if !(1..=2).contains(&month) {
        return None;
    }
    tail = &tail[month..];
    if let Some(day) = tail.strip_prefix('-') {
        let len = digits_in(day);
        if !(1..=2).contains(&len) {
            return None;
        }
        tail = &day[len..];
    }
    // A date and time goes on with `T` or a space and the hour; any other text is prose.
    let time = tail.strip_prefix(['T', 't', ' ']);
    if !(tail.is_empty() || time.is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()))) {
        return None;
    }
    let year = rest[..year_len].parse::<i64>().unwrap_or(i64::MAX);
    Some(if negative { -year } else { year })
}
