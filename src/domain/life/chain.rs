//! The documents of one action, in order. A document comes after the one it `follows`, and
//! after every document of the same reference that ranks before it: the original, then the
//! updates by number, then the stop action or closure.

use crate::load::{Doc, Project};
use crate::model::{Case, CaseKind};
use std::collections::{HashMap, HashSet};

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
/// once (a loop of `follows` ends at the first repeat). Linear in the project's documents: one
/// look over them finds the documents right after it (most have none); a longer chain is then
/// walked through an index of who follows whom, each action's documents ranked once.
pub fn later_documents<'a>(project: &'a Project, case: &Case) -> Vec<&'a Doc<Case>> {
    let mut found: Vec<&Doc<Case>> = project
        .cases
        .iter()
        .filter(|doc| comes_after(&doc.value, case))
        .collect();
    if found.is_empty() {
        return found;
    }
    let mut followers: HashMap<&str, Vec<&Doc<Case>>> = HashMap::new();
    let mut actions: HashMap<&str, Vec<&Doc<Case>>> = HashMap::new();
    for doc in &project.cases {
        if let Some(prev) = &doc.value.follows {
            followers.entry(prev.as_str()).or_default().push(doc);
        }
        actions
            .entry(doc.value.reference.as_str())
            .or_default()
            .push(doc);
    }
    let mut seen: HashSet<&str> = found.iter().map(|d| d.value.id.as_str()).collect();
    seen.insert(case.id.as_str());
    // Per action, the lowest rank whose later documents are found already: a document of the
    // same action ranked after it needs no second look.
    let mut ranked: HashMap<&str, (u8, u32)> =
        HashMap::from([(case.reference.as_str(), chain_rank(case))]);
    let mut next = 0;
    while let Some(doc) = found.get(next) {
        let current = &doc.value;
        next += 1;
        let rank = chain_rank(current);
        let reference = current.reference.as_str();
        let action = match ranked.get(reference) {
            Some(done) if *done <= rank => None,
            _ => {
                ranked.insert(reference, rank);
                actions.get(reference)
            }
        };
        let candidates: Vec<&Doc<Case>> = followers
            .get(current.id.as_str())
            .into_iter()
            .chain(action)
            .flatten()
            .copied()
            .collect();
        for later in candidates {
            if comes_after(&later.value, current) && seen.insert(later.value.id.as_str()) {
                found.push(later);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample project with documents `(id, reference, follows)` added, copies of UA 82/18.
    fn project(docs: &[(&str, &str, Option<&str>)]) -> Project {
        let mut project = crate::env::testing::sample("2018-05-20", &[]).project;
        let first = project.cases[0].clone();
        for (id, reference, follows) in docs {
            let mut doc = first.clone();
            doc.value.id = id.to_string();
            doc.value.reference = reference.to_string();
            doc.value.follows = follows.map(str::to_string);
            project.cases.push(doc);
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
        let mut ids: Vec<String> = later_documents(project, case)
            .iter()
            .map(|d| d.value.id.clone())
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
