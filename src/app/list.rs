//! `appeal list`: the cases, with reference, chain position, state, languages and deadline.

use crate::clock::Clock;
use crate::domain::life;
use crate::env::Env;
use crate::error::Result;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// One row of the list.
#[derive(Debug, Serialize)]
pub struct Row {
    /// Case id.
    pub id: String,
    /// Public reference.
    pub reference: String,
    /// new / update / stop-action / closure.
    pub kind: String,
    /// Update number.
    pub update: Option<u32>,
    /// open / closing-soon / past-deadline / upcoming / superseded / closed.
    pub state: String,
    /// Languages.
    pub languages: Vec<String>,
    /// Send-before date.
    pub send_before: Option<String>,
    /// The ids of the documents of the same action, oldest first.
    pub chain: Vec<String>,
}

/// Runs `list`: the rows of the project at `root`.
pub fn run(root: &Path, clock: Clock) -> Result<Vec<Row>> {
    let env = super::project::open(root, clock)?;
    Ok(rows(&env))
}

/// Builds the rows, sorted by reference and chain position.
pub fn rows(env: &Env) -> Vec<Row> {
    let project = &env.project;
    let mut cases: Vec<_> = project.cases.iter().collect();
    cases.sort_by(|a, b| {
        (&a.value.reference, life::chain_rank(&a.value))
            .cmp(&(&b.value.reference, life::chain_rank(&b.value)))
    });
    // Each action's documents, in the order above: one pass, not one per row.
    let mut chains: HashMap<&str, Vec<String>> = HashMap::new();
    for doc in &cases {
        chains
            .entry(doc.value.reference.as_str())
            .or_default()
            .push(doc.value.id.clone());
    }
    cases
        .iter()
        .map(|doc| {
            let c = &doc.value;
            let life = life::of(env, doc);
            let chain = chains[c.reference.as_str()].clone();
            Row {
                id: c.id.clone(),
                reference: c.reference.clone(),
                kind: c.kind.as_str().into(),
                update: c.update,
                state: life.state.as_str().into(),
                languages: c.languages.clone(),
                send_before: life.deadline.map(|d| d.send_before.to_string()),
                chain,
            }
        })
        .collect()
}
