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
        let years = crate::load::spans::YEARS;
        if crate::load::spans::date_year(value).is_some_and(|y| !years.contains(&y)) {
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
