//! A case as the indexes and feeds of a language list it: what an action page gives its
//! language's lists, and what a build keeps of a page it does not make again.

use serde::{Deserialize, Serialize};

/// A case as indexes and feeds list it (and as a build keeps it, for a page it does not make
/// again: see [`super::fingerprint::PageRecord`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    /// From the language's folder: `<id>/index.html`.
    pub href: String,
    pub title: String,
    pub reference: String,
    pub person: String,
    pub kind_label: String,
    pub state: String,
    pub state_text: String,
    pub act: bool,
    pub closing_soon: bool,
    #[serde(skip)]
    pub days_left: Option<i64>,
    pub days_text: Option<String>,
    /// "before 7 June 2018", as the language builds it.
    pub deadline_text: Option<String>,
    /// The send-before date, running text.
    pub deadline_date: Option<String>,
    /// The last day to send, running text.
    pub last_day_text: Option<String>,
    pub lead: String,
    /// RFC 3339: the issue date, else the build date.
    pub updated: String,
    /// Absolute address (with a base URL).
    pub url: Option<String>,
}
