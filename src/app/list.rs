//! `appeal list`: the cases, with reference, chain position, state, languages and deadline.

use crate::clock::Clock;
use crate::domain::life;
use crate::env::Env;
use crate::error::Result;
use crate::load::Doc;
use crate::model::Case;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// One row of the list.
#[derive(Debug, Serialize, serde::Deserialize)]
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

/// Runs `list`: the rows of the project at `root`, sorted by reference and chain position.
/// The cases are read one at a time.
pub fn run(root: &Path, clock: Clock) -> Result<Vec<Row>> {
    let (_, rows) = super::project::open_each(root, clock, ("list", "list"), |env, doc| {
        (life::chain_rank(&doc.value), row(env, doc))
    })?;
    Ok(sorted(rows))
}

/// The rows (each with its case's chain rank, in file order) sorted by reference and chain
/// position, each with the documents of its action in that order.
fn sorted(mut rows: Vec<((u8, u32), Row)>) -> Vec<Row> {
    rows.sort_by(|(ra, a), (rb, b)| (&a.reference, ra).cmp(&(&b.reference, rb)));
    // Each action's documents, in that order: one pass, not one per row.
    let mut chains: HashMap<String, Vec<String>> = HashMap::new();
    for (_, r) in &rows {
        chains
            .entry(r.reference.clone())
            .or_default()
            .push(r.id.clone());
    }
    rows.into_iter()
        .map(|(_, mut r)| {
            r.chain = chains[&r.reference].clone();
            r
        })
        .collect()
}

/// One case's row, its chain left to fill in.
fn row(env: &Env, doc: &Doc<Case>) -> Row {
    let c = &doc.value;
    let life = life::of(env, doc);
    Row {
        id: c.id.clone(),
        reference: c.reference.clone(),
        kind: c.kind.as_str().into(),
        update: c.update,
        state: life.state.as_str().into(),
        languages: c.languages.clone(),
        send_before: life.deadline.map(|d| d.send_before.to_string()),
        chain: Vec::new(),
    }
}
