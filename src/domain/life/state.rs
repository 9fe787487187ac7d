//! The state of a case document on a date, one function of (document, date) that every
//! command asks ([`at`]).
//!
//! - A document comes into force on its `issued` date (at once without one). Before it, it is
//!   `upcoming`, and the documents it will replace live on as they are.
//! - A stop action or closure is `closed` from its issue date, and so is every earlier
//!   document of its action (the chain it ends): closed from that date, not superseded.
//! - Any other later document in force makes an earlier one `superseded`.
//! - Otherwise the deadline decides: `open`, `closing-soon` (1 ≤ days left ≤ N),
//!   `past-deadline` (days left ≤ 0). `status: closed` in the file closes a document by hand.

use super::chain::later_documents;
use super::kind::{Purpose, purpose};
use crate::domain::deadline::{self, Resolved};
use crate::env::Env;
use crate::load::{Doc, Project};
use crate::model::{Case, CaseFacts, CaseStatus};
use chrono::NaiveDate;
use serde::Serialize;

/// The state of a case document on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Past its deadline and still open: most urgent to look at.
    PastDeadline,
    /// Closing within the configured number of days.
    ClosingSoon,
    /// Open.
    Open,
    /// Issued after today (a document prepared ahead of its release): not to act on yet.
    Upcoming,
    /// A later document of the same action, in force, replaces it.
    Superseded,
    /// Closed: a stop action or closure in force, one that ended its chain, or `status: closed`.
    Closed,
}

impl State {
    /// The kebab-case name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            State::PastDeadline => "past-deadline",
            State::ClosingSoon => "closing-soon",
            State::Open => "open",
            State::Upcoming => "upcoming",
            State::Superseded => "superseded",
            State::Closed => "closed",
        }
    }
}

/// How a later document ended this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// A later document replaces it.
    Superseded,
    /// A stop action or closure ended the action.
    Closed,
}

/// The later document that ended a document, and from when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    /// Superseded or closed.
    pub how: Ending,
    /// The id of the document that did it.
    pub by: String,
    /// Its issue date (none: in force at once).
    pub on: Option<NaiveDate>,
}

/// A document's life on one day: its state and why.
#[derive(Debug, Clone)]
pub struct Life {
    /// The state.
    pub state: State,
    /// The resolved deadline, when it has one (and it resolves).
    pub deadline: Option<Resolved>,
    /// The day asked about, in the case's time zone.
    pub today: NaiveDate,
    /// The document's issue date.
    pub issued: Option<NaiveDate>,
    /// What the document does.
    pub purpose: Purpose,
    /// The later document in force that superseded or closed it, if any.
    pub replaced: Option<Replaced>,
    /// The state its own dates alone give (issue date and deadline), as if no later document
    /// existed: what `--superseded-ok` acts on.
    pub by_deadline: State,
}

/// The state of `doc` on `today` (in its time zone), "closing soon" meaning within
/// `closing_soon_days` days.
pub fn at(project: &Project, doc: &Doc<Case>, today: NaiveDate, closing_soon_days: u32) -> Life {
    let c = &doc.value;
    let deadline = deadline::resolve(project, doc).ok().flatten();
    let purpose = Purpose::of(c);
    let upcoming = c.issued.is_some_and(|issued| issued > today);
    let by_deadline = match deadline.as_ref().map(|d| deadline::days_left(d, today)) {
        _ if upcoming => State::Upcoming,
        Some(left) if left <= 0 => State::PastDeadline,
        Some(left) if left <= i64::from(closing_soon_days) => State::ClosingSoon,
        _ => State::Open,
    };
    let replaced = if purpose.ends_action() {
        None
    } else {
        replacement(project, c, today)
    };
    let state = match (&replaced, purpose.ends_action()) {
        _ if c.status == CaseStatus::Closed => State::Closed,
        (_, true) if upcoming => State::Upcoming,
        (_, true) => State::Closed,
        (Some(r), _) if r.how == Ending::Closed => State::Closed,
        (Some(_), _) => State::Superseded,
        (None, false) => by_deadline,
    };
    Life {
        state,
        deadline,
        today,
        issued: c.issued,
        purpose,
        replaced,
        by_deadline,
    }
}

/// [`at`] today in the case's time zone, with the campaign's `closing_soon_days`.
pub fn of(env: &Env, doc: &Doc<Case>) -> Life {
    of_within(env, doc, env.project.campaign.value.closing_soon_days)
}

/// [`at`] today in the case's time zone, "closing soon" meaning within `within` days.
pub fn of_within(env: &Env, doc: &Doc<Case>, within: u32) -> Life {
    at(&env.project, doc, env.today_for(&doc.value), within)
}

/// The later document in force on `today` that ends `case`: the first stop action or closure
/// of its chain, else the first later document; the earliest in force when there are several.
fn replacement(project: &Project, case: &Case, today: NaiveDate) -> Option<Replaced> {
    let in_force: Vec<&CaseFacts> = later_documents(&project.archive, &CaseFacts::of(case))
        .into_iter()
        .filter(|d| d.issued.is_none_or(|issued| issued <= today))
        .collect();
    let earliest =
        |docs: &mut dyn Iterator<Item = &&CaseFacts>| -> Option<(String, Option<NaiveDate>)> {
            docs.min_by_key(|d| (d.issued, &d.id))
                .map(|d| (d.id.clone(), d.issued))
        };
    let closing = earliest(&mut in_force.iter().filter(|d| purpose(d.kind).ends_action()));
    let (how, (by, on)) = match closing {
        Some(found) => (Ending::Closed, found),
        None => (Ending::Superseded, earliest(&mut in_force.iter())?),
    };
    Some(Replaced { how, by, on })
}

impl Life {
    /// Days from today to the send-before date (0 on the date itself, negative after).
    pub fn days_left(&self) -> Option<i64> {
        self.deadline
            .as_ref()
            .map(|d| deadline::days_left(d, self.today))
    }

    /// Whether readers are asked to act on it now: open or closing soon.
    pub fn acts(&self) -> bool {
        matches!(self.state, State::Open | State::ClosingSoon)
    }

    /// The date its letters and public texts are written for: its issue date while it is
    /// upcoming (a document prepared ahead names whoever holds office when it comes out),
    /// else today.
    pub fn letter_date(&self) -> NaiveDate {
        match (self.state, self.issued) {
            (State::Upcoming, Some(issued)) => issued,
            _ => self.today,
        }
    }

    /// The day `check` judges it at, the day its letters would be dated: today while it is
    /// open; the last day to send once its deadline has passed; its issue date while it is
    /// upcoming. `None` for what sends nothing more: an outcome, a closed or superseded
    /// document.
    pub fn judged_on(&self) -> Option<NaiveDate> {
        if !self.purpose.writes_to_officials() {
            return None;
        }
        match self.state {
            State::Closed | State::Superseded => None,
            State::Upcoming => self.issued,
            State::PastDeadline => self
                .deadline
                .as_ref()
                .and_then(|d| d.send_before.pred_opt())
                .or(Some(self.today)),
            State::Open | State::ClosingSoon => Some(self.today),
        }
    }

    /// Why an appeal named `id` is no longer sent, in one line, when it is not: superseded or
    /// closed, naming what replaced it and from when.
    pub fn not_live(&self, id: &str) -> Option<String> {
        if self.purpose.reports_outcome()
            || !matches!(self.state, State::Superseded | State::Closed)
        {
            return None;
        }
        let since = |r: &Replaced| r.on.map(|d| format!(" on {d}")).unwrap_or_default();
        Some(match &self.replaced {
            Some(r) if r.how == Ending::Closed => {
                format!("{id} was closed{} by {}", since(r), r.by)
            }
            Some(r) => format!("{id} was superseded{} by {}", since(r), r.by),
            None => format!("{id} is closed (`status: closed` in its file)"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CaseKind;
    use chrono::NaiveDate;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The sample project with a document added after UA 82/18: `kind`, issued on `issued`.
    fn with_later(kind: CaseKind, issued: Option<&str>) -> Project {
        let mut project = crate::env::testing::sample("2018-05-20", &[]).project;
        let first = project
            .cases
            .iter()
            .find(|c| c.value.id == "ua-82-18")
            .unwrap();
        let mut later = first.clone();
        later.value.id = "ua-82-18-next".into();
        later.value.kind = kind;
        later.value.update = (kind == CaseKind::Update).then_some(2);
        later.value.follows = Some("ua-82-18".into());
        later.value.issued = issued.map(day);
        project.add_case(later);
        project
    }

    fn life(project: &Project, id: &str, today: &str) -> Life {
        let doc = project.cases.iter().find(|c| c.value.id == id).unwrap();
        at(project, doc, day(today), 7)
    }

    #[test]
    fn a_closure_closes_its_chain_from_its_issue_date_only() {
        let p = with_later(CaseKind::Closure, Some("2018-05-25"));
        assert_eq!(life(&p, "ua-82-18", "2018-05-20").state, State::Open);
        assert_eq!(
            life(&p, "ua-82-18-next", "2018-05-20").state,
            State::Upcoming
        );
        let before = life(&p, "ua-82-18", "2018-05-20");
        assert_eq!(
            (&before.replaced, before.not_live("ua-82-18")),
            (&None, None)
        );
        let after = life(&p, "ua-82-18", "2018-05-25");
        assert_eq!(after.state, State::Closed);
        assert_eq!(
            after.not_live("ua-82-18").as_deref(),
            Some("ua-82-18 was closed on 2018-05-25 by ua-82-18-next")
        );
        // Its own deadline alone would still say open (13 days left).
        assert_eq!(after.by_deadline, State::Open);
        let closure = life(&p, "ua-82-18-next", "2018-05-25");
        assert_eq!(closure.state, State::Closed);
        // An outcome is never refused as "not live", and is judged at no date.
        assert_eq!((closure.not_live("x"), closure.judged_on()), (None, None));
    }

    #[test]
    fn an_update_supersedes_from_its_issue_date_or_at_once_without_one() {
        let p = with_later(CaseKind::Update, Some("2018-05-25"));
        assert_eq!(life(&p, "ua-82-18", "2018-05-24").state, State::Open);
        let after = life(&p, "ua-82-18", "2018-05-25");
        assert_eq!(after.state, State::Superseded);
        assert_eq!(
            after.not_live("ua-82-18").as_deref(),
            Some("ua-82-18 was superseded on 2018-05-25 by ua-82-18-next")
        );
        let p = with_later(CaseKind::Update, None);
        let now = life(&p, "ua-82-18", "2018-05-20");
        assert_eq!(
            now.not_live("ua-82-18").as_deref(),
            Some("ua-82-18 was superseded by ua-82-18-next")
        );
    }

    #[test]
    fn the_letter_date_of_an_upcoming_document_is_its_issue_date() {
        let p = with_later(CaseKind::Update, Some("2018-05-25"));
        let next = life(&p, "ua-82-18-next", "2018-05-20");
        assert_eq!(next.state, State::Upcoming);
        assert_eq!(next.letter_date(), day("2018-05-25"));
        assert_eq!(next.judged_on(), Some(day("2018-05-25")));
        let open = life(&p, "ua-82-18", "2018-05-20");
        assert_eq!(open.letter_date(), day("2018-05-20"));
        // Past the deadline (send before 7 June), check judges at the last day to send.
        let past = life(&p, "ua-82-18-next", "2018-06-10");
        assert_eq!(past.state, State::PastDeadline);
        assert_eq!(past.judged_on(), Some(day("2018-06-06")));
    }
}
