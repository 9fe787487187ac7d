//! `appeal suppress add|remove|list|import`: the suppression ledger by hand. It needs only the
//! ledger, not a valid project: a broken case file must never stop someone being removed.

use crate::clock::Clock;
use crate::deliver::record_file;
use crate::deliver::suppressions::{self, Action, Record};
use crate::error::{Error, Problem, Result};
use std::collections::HashSet;
use std::io::{BufReader, Read};
use std::path::Path;

/// What adding did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Added {
    /// Addresses newly suppressed.
    pub suppressed: usize,
    /// Addresses given that were suppressed already (or given twice).
    pub already: usize,
}

/// What removing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// Suppressions lifted.
    pub lifted: usize,
    /// Addresses given that were not suppressed (in the scope asked), in normal form.
    pub absent: Vec<String>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    /// Another ledger: its records this one lacked were appended.
    Ledger {
        /// Records appended.
        imported: usize,
        /// Records in the other ledger.
        total: usize,
    },
    /// A list of addresses, added as [`add`] does.
    Addresses(Added),
}

/// Suppresses `addresses` for `reason` in `scope`; those already suppressed there are left as
/// they are. A string that is not an address stops it before anything is written.
pub fn add(
    ledger: &Path,
    clock: &Clock,
    addresses: &[String],
    reason: &str,
    scope: &str,
    source: &str,
) -> Result<Added> {
    for a in addresses {
        crate::address::parse(a)
            .map_err(|e| Error::Usage(format!("`{a}` is not an address to suppress: {e}")))?;
    }
    let active = suppressions::active(ledger)?;
    let mut seen = HashSet::new();
    let records: Vec<Record> = addresses
        .iter()
        .map(|a| crate::address::normalize(a))
        .filter(|a| !active.contains_key(&(a.clone(), scope.to_string())))
        .filter(|a| seen.insert(a.clone()))
        .map(|a| Record::new(clock.now(), Action::Add, &a, reason, scope, source))
        .collect();
    if !records.is_empty() {
        suppressions::append(ledger, &records)?;
    }
    Ok(Added {
        suppressed: records.len(),
        already: addresses.len() - records.len(),
    })
}

/// Lifts the suppressions of `addresses`, in every scope or only in `scope`.
pub fn remove(
    ledger: &Path,
    clock: &Clock,
    addresses: &[String],
    scope: Option<&str>,
) -> Result<Removed> {
    let active = suppressions::active(ledger)?;
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
        suppressions::append(ledger, &records)?;
    }
    Ok(Removed {
        lifted: records.len(),
        absent,
    })
}

/// The active suppressions, by address and scope.
pub fn list(ledger: &Path) -> Result<Vec<Record>> {
    Ok(suppressions::active(ledger)?.into_values().collect())
}

/// Imports another ledger (the unsubscribe server's, say: records it holds that this one
/// lacks are appended as they are, so importing twice changes nothing) or a plain list of
/// addresses, one a line (the first field of a CSV or TSV line; a header `email` is skipped).
/// A file with the ledger's header is a ledger, read by the ledger's own reader; anything else
/// is a list. Either is bounded as a ledger is (README "Limits").
pub fn import(
    ledger: &Path,
    clock: &Clock,
    file: &Path,
    reason: &str,
    scope: &str,
) -> Result<Imported> {
    if suppressions::is_ledger(file)? {
        return import_ledger(ledger, file);
    }
    let wanted = addresses_in(file)?;
    let source = format!(
        "import {}",
        file.file_name().unwrap_or_default().to_string_lossy()
    );
    add(ledger, clock, &wanted, reason, scope, &source).map(Imported::Addresses)
}

/// The addresses of a plain list, in normal form; any line that is not one is an error, and
/// then none is taken.
fn addresses_in(file: &Path) -> Result<Vec<String>> {
    let opened = record_file::open(file, &suppressions::FORMAT)?
        .ok_or_else(|| Error::io(file, std::io::ErrorKind::NotFound.into()))?;
    let mut lines = record_file::Lines::new(BufReader::new(opened.take(record_file::MAX_BYTES)));
    let mut problems = Vec::new();
    let mut wanted = Vec::new();
    while let Some(raw) = lines.next_line().map_err(|e| Error::io(file, e))? {
        if problems.len() >= record_file::MAX_PROBLEMS {
            problems.push(Problem::error(
                file,
                (raw.number, 1),
                "too many lines that are not addresses: stopped reading here",
            ));
            break;
        }
        let line = match raw.text() {
            Ok(text) => text,
            Err(bad) => {
                problems.push(Problem::error(file, (raw.number, bad.col), bad.message));
                continue;
            }
        };
        let field = line
            .split([',', '\t', ';'])
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"');
        if field.is_empty() || field.starts_with('#') {
            continue;
        }
        if raw.number == 1 && !field.contains('@') {
            continue; // a header row
        }
        match crate::address::parse(field) {
            Ok(_) => wanted.push(crate::address::normalize(field)),
            Err(e) => problems.push(Problem::error(
                file,
                (raw.number, 1),
                format!("`{field}` is not an address: {e}; fix or delete the line"),
            )),
        }
    }
    if !problems.is_empty() {
        // All or nothing: a half-imported list is hard to finish by hand.
        return Err(Error::Invalid(problems));
    }
    Ok(wanted)
}

fn import_ledger(ledger: &Path, file: &Path) -> Result<Imported> {
    let mut have = HashSet::new();
    suppressions::read(ledger, |r, _| {
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
        suppressions::append(ledger, &records)?;
    }
    Ok(Imported::Ledger {
        imported: records.len(),
        total,
    })
}
