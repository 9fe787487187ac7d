//! `appeal list`: the cases, with reference, chain position, state, languages and deadline.

use crate::clock::Clock;
use crate::domain::deadline;
use crate::env::Env;
use crate::error::Result;
use serde::Serialize;
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

/// Builds the rows, sorted by reference and chain position.
pub fn rows(env: &Env) -> Vec<Row> {
    let project = &env.project;
    let mut cases: Vec<_> = project.cases.iter().collect();
    cases.sort_by(|a, b| {
        (&a.value.reference, deadline::chain_rank(&a.value))
            .cmp(&(&b.value.reference, deadline::chain_rank(&b.value)))
    });
    cases
        .iter()
        .map(|doc| {
            let c = &doc.value;
            let (resolved, state) =
                crate::domain::deadline::status(env, doc, project.campaign.value.closing_soon_days);
            let chain = cases
                .iter()
                .filter(|o| o.value.reference == c.reference)
                .map(|o| o.value.id.clone())
                .collect();
            Row {
                id: c.id.clone(),
                reference: c.reference.clone(),
                kind: c.kind.as_str().into(),
                update: c.update,
                state: state.as_str().into(),
                languages: c.languages.clone(),
                send_before: resolved.map(|d| d.send_before.to_string()),
                chain,
            }
        })
        .collect()
}

/// Runs `list`.
pub fn run(root: &Path, clock: Clock, json: bool) -> Result<()> {
    let env = crate::app::project::open(root, clock)?;
    let rows = rows(&env);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        );
        return Ok(());
    }
    // Columns as wide as their longest value (at least the usual widths), counted in
    // characters, so a long reference or id never pushes the rest of its row out of line.
    let width = |min: usize, f: &dyn Fn(&Row) -> usize| rows.iter().map(f).fold(min, usize::max);
    let w_id = width(24, &|r| r.id.chars().count());
    let w_ref = width(14, &|r| r.reference.chars().count());
    println!(
        "{:<w_id$} {:<w_ref$} {:<12} {:<14} {:<10} SEND BEFORE",
        "ID", "REFERENCE", "KIND", "STATE", "LANGUAGES"
    );
    for r in &rows {
        let kind = match r.update {
            Some(n) => format!("{} {n}", r.kind),
            None => r.kind.clone(),
        };
        println!(
            "{:<w_id$} {:<w_ref$} {:<12} {:<14} {:<10} {}",
            r.id,
            r.reference,
            kind,
            r.state,
            r.languages.join(","),
            r.send_before.as_deref().unwrap_or("-")
        );
        if r.chain.len() > 1 {
            println!("{:<w_id$} chain: {}", "", r.chain.join(" → "));
        }
    }
    Ok(())
}
