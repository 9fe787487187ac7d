//! `appeal suppress add|remove|list|import`: the suppression ledger by hand
//! ([`crate::app::suppress`]); prints what changed.

use crate::app::suppress::{self, Added, Imported};
use crate::cli::{SuppressAction, SuppressArgs};
use crate::clock::Clock;
use crate::deliver::suppressions;
use crate::error::Result;
use std::path::Path;

/// Runs `suppress`.
pub fn run(root: &Path, clock: Clock, args: SuppressArgs) -> Result<()> {
    let path = args
        .suppressions
        .clone()
        .unwrap_or_else(|| suppressions::default_path(root));
    match args.action {
        SuppressAction::Add {
            addresses,
            reason,
            scope,
            source,
        } => {
            let added = suppress::add(&path, &clock, &addresses, &reason, &scope, &source)?;
            print_added(added, &reason, &scope, &path);
        }
        SuppressAction::Remove { addresses, scope } => {
            let removed = suppress::remove(&path, &clock, &addresses, scope.as_deref())?;
            say!(
                "lifted: {} suppression(s); ledger {}",
                removed.lifted,
                path.display()
            );
            for a in removed.absent {
                eprintln!(
                    "warning: `{a}` was not suppressed{}",
                    scope
                        .as_deref()
                        .map_or(String::new(), |s| format!(" in scope {s}"))
                );
            }
        }
        SuppressAction::List { json } => print_list(&suppress::list(&path)?, json, &path),
        SuppressAction::Import {
            file,
            reason,
            scope,
        } => match suppress::import(&path, &clock, &file, &reason, &scope)? {
            Imported::Addresses(added) => print_added(added, &reason, &scope, &path),
            Imported::Ledger { imported, total } => say!(
                "imported: {imported} record(s) of {total} from {} ({} already here); ledger {}",
                file.display(),
                total - imported,
                path.display()
            ),
        },
    }
    Ok(())
}

fn print_added(added: Added, reason: &str, scope: &str, ledger: &Path) {
    say!(
        "suppressed: {} address(es) ({reason}, scope {scope}); already suppressed: {}; ledger {}",
        added.suppressed,
        added.already,
        ledger.display()
    );
}

fn print_list(active: &[suppressions::Record], json: bool, ledger: &Path) {
    if json {
        let rows: Vec<serde_json::Value> = active
            .iter()
            .map(|r| {
                serde_json::json!({
                    "address": r.address,
                    "scope": r.scope,
                    "reason": r.reason,
                    "since": r.time,
                    "source": r.source,
                })
            })
            .collect();
        say!(
            "{}",
            serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into())
        );
    } else {
        for r in active {
            say!(
                "{}\t{}\t{}\t{}\t{}",
                r.address,
                r.scope,
                r.reason,
                r.time,
                r.source
            );
        }
        eprintln!("{} suppression(s) in {}", active.len(), ledger.display());
    }
}
