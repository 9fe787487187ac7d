//! Directory events (`appeals/events.yaml`): things that happened to offices as a whole, such as
//! a new constitution requiring re-appointments. An event ends the tenure of every holder of the
//! roles it lists, unless a source shows the holder in office after it.

use super::authority::SourceDate;
use super::text::Localized;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The file `appeals/events.yaml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Events {
    /// The events, in any order.
    #[serde(default)]
    pub events: Vec<Event>,
}

/// One event.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// A short id, shown in `appeal who` as `ended-by:<id>`.
    pub id: String,
    /// The day it took effect: tenures end the day before.
    pub date: SourceDate,
    /// What happened, short, per language ("the 2026 Constitution took effect"); the id when absent.
    #[serde(default)]
    pub title: Localized,
    /// Roles whose holders may have changed from `date` on (`kz/prosecutor-general`).
    #[serde(default)]
    pub ends_tenure_of: Vec<String>,
    /// Longer explanation per language.
    #[serde(default)]
    pub note: Localized,
    /// Public sources: publication, URL, date.
    #[serde(default)]
    pub sources: Vec<String>,
}

impl Event {
    /// The day the event took effect (a month means its first day).
    pub fn day(&self) -> NaiveDate {
        self.date.first()
    }

    /// The event's short description in `lang`, else English, else its id.
    pub fn describe(&self, lang: &str) -> String {
        self.title
            .get(lang)
            .or_else(|| self.title.get("en"))
            .cloned()
            .unwrap_or_else(|| self.id.clone())
    }

    /// Its first source, or "no source given".
    pub fn first_source(&self) -> &str {
        self.sources
            .first()
            .map_or("no source given", String::as_str)
    }
}
