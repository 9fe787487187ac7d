//! `appeal suppress add|remove|list|import`: the suppression ledger by hand. It needs only the
//! ledger, not a valid project: a broken case file must never stop someone being removed.

use crate::cli::{SuppressAction, SuppressArgs};
use crate::clock::Clock;
use crate::deliver::suppressions::{self, Action, HEADER, Record};
use crate::error::{Error, Problem, Result};
use std::collections::HashSet;
use std::io::BufRead;
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
        } => add(&path, &clock, &addresses, &reason, &scope, &source),
        SuppressAction::Remove { addresses, scope } => {
            remove(&path, &clock, &addresses, scope.as_deref())
        }
        SuppressAction::List { json } => list(&path, json),
        SuppressAction::Import {
            file,
            reason,
            scope,
        } => import(&path, &clock, &file, &reason, &scope),
    }
}

fn add(
    path: &Path,
    clock: &Clock,
    addresses: &[String],
    reason: &str,
    scope: &str,
    source: &str,
) -> Result<()> {
    for a in addresses {
        crate::address::parse(a)
            .map_err(|e| Error::Usage(format!("`{a}` is not an address to suppress: {e}")))?;
    }
    let active = suppressions::active(path)?;
    let mut seen = HashSet::new();
    let records: Vec<Record> = addresses
        .iter()
        .map(|a| crate::address::normalize(a))
        .filter(|a| !active.contains_key(&(a.clone(), scope.to_string())))
        .filter(|a| seen.insert(a.clone()))
        .map(|a| Record::new(clock.now(), Action::Add, &a, reason, scope, source))
        .collect();
    if !records.is_empty() {
        suppressions::append(path, &records)?;
    }
    println!(
        "suppressed: {} address(es) ({reason}, scope {scope}); already suppressed: {}; ledger {}",
        records.len(),
        addresses.len() - records.len(),
        path.display()
    );
    Ok(())
}

fn remove(path: &Path, clock: &Clock, addresses: &[String], scope: Option<&str>) -> Result<()> {
    let active = suppressions::active(path)?;
    let mut records = Vec::new();
    let mut absent = Vec::new();
    for a in addresses {
        let a = crate::address::normalize(a);
        let found: Vec<&Record> = active
            .range((a.clone(), String::new())..)
            .take_while(|((addr, _), _)| *addr == a)
            .filter(|((_, s), _)| scope.is_none_or(|want| s == want))
            .map(|(_, r)| r)
            .collect();
        if found.is_empty() {
            absent.push(a.clone());
        }
        for r in found {
            records.push(Record::new(
                clock.now(),
                Action::Remove,
                &a,
                &r.reason,
                &r.scope,
                "appeal suppress remove",
            ));
        }
    }
    if !records.is_empty() {
        suppressions::append(path, &records)?;
    }
    println!(
        "lifted: {} suppression(s); ledger {}",
        records.len(),
        path.display()
    );
    for a in absent {
        eprintln!(
            "warning: `{a}` was not suppressed{}",
            scope.map_or(String::new(), |s| format!(" in scope {s}"))
        );
    }
    Ok(())
}

fn list(path: &Path, json: bool) -> Result<()> {
    let active = suppressions::active(path)?;
    if json {
        let rows: Vec<serde_json::Value> = active
            .values()
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
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into())
        );
    } else {
        for r in active.values() {
            println!(
                "{}\t{}\t{}\t{}\t{}",
                r.address, r.scope, r.reason, r.time, r.source
            );
        }
        eprintln!("{} suppression(s) in {}", active.len(), path.display());
    }
    Ok(())
}

/// Imports another ledger (the unsubscribe server's, say: records it holds that this one
/// lacks are appended as they are, so importing twice changes nothing) or a plain list of
/// addresses, one a line (the first field of a CSV or TSV line; a header `email` is skipped).
fn import(path: &Path, clock: &Clock, file: &Path, reason: &str, scope: &str) -> Result<()> {
    let text = std::fs::File::open(file).map_err(|e| Error::io(file, e))?;
    let mut first = String::new();
    std::io::BufReader::new(text)
        .read_line(&mut first)
        .map_err(|e| Error::io(file, e))?;
    if first.trim_end() == HEADER {
        return import_ledger(path, file);
    }
    let reader =
        std::io::BufReader::new(std::fs::File::open(file).map_err(|e| Error::io(file, e))?);
    let mut problems = Vec::new();
    let mut wanted = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| Error::io(file, e))?;
        let field = line
            .split([',', '\t', ';'])
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"');
        if field.is_empty() || field.starts_with('#') {
            continue;
        }
        if i == 0 && !field.contains('@') {
            continue; // a header row
        }
        match crate::address::parse(field) {
            Ok(_) => wanted.push(crate::address::normalize(field)),
            Err(e) => problems.push(Problem::error(
                file,
                (i + 1, 1),
                format!("`{field}` is not an address: {e}; fix or delete the line"),
            )),
        }
    }
    if !problems.is_empty() {
        // All or nothing: a half-imported list is hard to finish by hand.
        return Err(Error::Invalid(problems));
    }
    let source = format!(
        "import {}",
        file.file_name().unwrap_or_default().to_string_lossy()
    );
    add(path, clock, &wanted, reason, scope, &source)
}

fn import_ledger(path: &Path, file: &Path) -> Result<()> {
    let mut have = HashSet::new();
    suppressions::read(path, |r, _| {
        have.insert(r.line());
    })?;
    let mut records = Vec::new();
    let mut total = 0;
    suppressions::read(file, |r, _| {
        total += 1;
        if have.insert(r.line()) {
            records.push(r);
        }
    })?;
    if !records.is_empty() {
        suppressions::append(path, &records)?;
    }
    println!(
        "imported: {} record(s) of {total} from {} ({} already here); ledger {}",
        records.len(),
        file.display(),
        total - records.len(),
        path.display()
    );
    Ok(())
}
