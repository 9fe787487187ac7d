//! The facts of a case document that other documents' lives depend on: which action it belongs
//! to, where it stands in it, and from when it is in force. An action's chain and a document's
//! state ([`crate::domain::life`]) need these of every document, and nothing else of the
//! others: so a command about one case reads them of the archive (from an index, see
//! [`crate::load::archive`]) and reads in full only the case it works on.

use super::case::{Case, CaseKind};
use chrono::NaiveDate;

/// A case document's place in its action and its dates, as its file gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    /// The case id.
    pub id: String,
    /// The public reference its action's documents share.
    pub reference: String,
    /// Original, update, stop action or closure.
    pub kind: CaseKind,
    /// The update number.
    pub update: Option<u32>,
    /// The id of the document it follows.
    pub follows: Option<String>,
    /// Its issue date: it is in force from then.
    pub issued: Option<NaiveDate>,
    /// The country it concerns (`appeal new` starts a case with the most common one).
    pub country: String,
}

impl CaseFacts {
    /// The facts of a case read in full.
    pub fn of(case: &Case) -> CaseFacts {
        CaseFacts {
            id: case.id.clone(),
            reference: case.reference.clone(),
            kind: case.kind,
            update: case.update,
            follows: case.follows.clone(),
            issued: case.issued,
            country: case.country.clone(),
        }
    }
}
