//! The documents of one action, in order. A document comes after the one it `follows`, and
//! after every document of the same reference that ranks before it: the original, then the
//! updates by number, then the stop action or closure.

use crate::load::archive::Archive;
use crate::model::{Case, CaseFacts, CaseKind};
use std::collections::{HashMap, HashSet};

/// Position of a document in its action's chain: the original, then updates by number, then
/// the stop action or closure.
pub fn chain_rank(case: &Case) -> (u8, u32) {
    rank(case.kind, case.update)
}

/// [`chain_rank`] of a document's facts.
pub fn rank(kind: CaseKind, update: Option<u32>) -> (u8, u32) {
    match kind {
        CaseKind::New => (0, 0),
        CaseKind::Update => (1, update.unwrap_or(0)),
        CaseKind::StopAction | CaseKind::Closure => (2, 0),
    }
}

/// Whether `later` comes directly after `earlier`: it follows it, or it is a document of the
/// same action (same reference) that ranks after it.
pub fn comes_after(later: &CaseFacts, earlier: &CaseFacts) -> bool {
    later.id != earlier.id
        && (later.follows.as_deref() == Some(earlier.id.as_str())
            || (later.reference == earlier.reference
                && rank(later.kind, later.update) > rank(earlier.kind, earlier.update)))
}

/// Every document of the archive that comes after `case`, directly or through others, each
/// once (a loop of `follows` ends at the first repeat). The work is the chain's, not the
/// archive's: the candidates after a document are those that follow it and those of its
/// action, both found by look-up, and each action's documents are looked at once from the
/// lowest rank met.
pub fn later_documents<'a>(archive: &'a Archive, case: &CaseFacts) -> Vec<&'a CaseFacts> {
    let mut found: Vec<&CaseFacts> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    // Per action, the lowest rank whose later documents are found already: a document of the
    // same action ranked after it needs no second look.
    let mut ranked: HashMap<&str, (u8, u32)> = HashMap::new();
    let mut next = 0;
    let mut current = Some(case);
    while let Some(doc) = current {
        let rank = rank(doc.kind, doc.update);
        let action = match ranked.get(doc.reference.as_str()) {
            Some(done) if *done <= rank => None,
            _ => {
                ranked.insert(&doc.reference, rank);
                Some(archive.action(&doc.reference))
            }
        };
        let candidates: Vec<&CaseFacts> = archive
            .followers(&doc.id)
            .chain(action.into_iter().flatten())
            .collect();
        for later in candidates {
            if comes_after(later, doc) && later.id != case.id && seen.insert(later.id.as_str()) {
                found.push(later);
            }
        }
        current = found.get(next).copied();
        next += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Project;

    /// The sample project with documents `(id, reference, follows)` added, copies of UA 82/18.
    fn project(docs: &[(&str, &str, Option<&str>)]) -> Project {
        let mut project = crate::env::testing::sample("2018-05-20", &[]).project;
        let first = project.cases[0].clone();
        for (id, reference, follows) in docs {
            let mut doc = first.clone();
            doc.value.id = id.to_string();
            doc.value.reference = reference.to_string();
            doc.value.follows = follows.map(str::to_string);
            project.add_case(doc);
        }
        project
    }

    fn later(project: &Project, id: &str) -> Vec<String> {
        let case = &project
            .cases
            .iter()
            .find(|c| c.value.id == id)
            .unwrap()
            .value;
        let mut ids: Vec<String> = later_documents(&project.archive, &CaseFacts::of(case))
            .iter()
            .map(|d| d.id.clone())
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn a_chain_is_followed_across_references_and_a_loop_ends() {
        let p = project(&[
            ("a", "R 1", None),
            ("b", "R 2", Some("a")),
            ("c", "R 3", Some("b")),
            // A loop: d and e follow each other.
            ("d", "R 4", Some("e")),
            ("e", "R 5", Some("d")),
        ]);
        assert_eq!(later(&p, "a"), ["b", "c"]);
        assert_eq!(later(&p, "c"), Vec::<String>::new());
        assert_eq!(later(&p, "d"), ["e"]);
        assert_eq!(later(&p, "e"), ["d"]);
    }
}
