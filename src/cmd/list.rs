//! `appeal list [--json]`: prints the cases ([`crate::app::list`]) as a table or JSON.

use crate::app::list::{self, Row};
use crate::clock::Clock;
use crate::error::Result;
use std::path::Path;

/// Runs `list`.
pub fn run(root: &Path, clock: Clock, json: bool) -> Result<()> {
    let rows = list::run(root, clock)?;
    if json {
        say!(
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
    say!(
        "{:<w_id$} {:<w_ref$} {:<12} {:<14} {:<10} SEND BEFORE",
        "ID",
        "REFERENCE",
        "KIND",
        "STATE",
        "LANGUAGES"
    );
    for r in &rows {
        let kind = match r.update {
            Some(n) => format!("{} {n}", r.kind),
            None => r.kind.clone(),
        };
        say!(
            "{:<w_id$} {:<w_ref$} {:<12} {:<14} {:<10} {}",
            r.id,
            r.reference,
            kind,
            r.state,
            r.languages.join(","),
            r.send_before.as_deref().unwrap_or("-")
        );
        if r.chain.len() > 1 {
            say!("{:<w_id$} chain: {}", "", r.chain.join(" → "));
        }
    }
    Ok(())
}
