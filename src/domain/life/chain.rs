//! The documents of one action, in order. A document comes after the one it `follows`, and
//! after every document of the same reference that ranks before it: the original, then the
//! updates by number, then the stop action or closure.

use crate::load::{Doc, Project};
use crate::model::{Case, CaseKind};

/// Position of a document in its action's chain: the original, then updates by number, then
/// the stop action or closure.
pub fn chain_rank(case: &Case) -> (u8, u32) {
    match case.kind {
        CaseKind::New => (0, 0),
        CaseKind::Update => (1, case.update.unwrap_or(0)),
        CaseKind::StopAction | CaseKind::Closure => (2, 0),
    }
}

/// Whether `later` comes directly after `earlier`: it follows it, or it is a document of the
/// same action (same reference) that ranks after it.
pub fn comes_after(later: &Case, earlier: &Case) -> bool {
    later.id != earlier.id
        && (later.follows.as_deref() == Some(earlier.id.as_str())
            || (later.reference == earlier.reference && chain_rank(later) > chain_rank(earlier)))
}

/// Every document of the project that comes after `case`, directly or through others, each
/// once (a loop of `follows` ends at the first repeat).
pub fn later_documents<'a>(project: &'a Project, case: &Case) -> Vec<&'a Doc<Case>> {
    let mut found: Vec<&Doc<Case>> = Vec::new();
    let mut next = 0;
    let mut current: &Case = case;
    loop {
        for doc in &project.cases {
            let d = &doc.value;
            if d.id != case.id
                && comes_after(d, current)
                && !found.iter().any(|f| f.value.id == d.id)
            {
                found.push(doc);
            }
        }
        match found.get(next) {
            Some(doc) => current = &doc.value,
            None => return found,
        }
        next += 1;
    }
}
