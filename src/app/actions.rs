//! `appeal actions import FILE`: brings the server's actions ledger to the sending machine, as
//! `suppress import` does for unsubscriptions. It needs only the two ledgers, not a valid
//! project.

use crate::deliver::actions::{self, Record};
use crate::error::{Error, Result};
use std::collections::HashSet;
use std::hash::{BuildHasher, RandomState};
use std::path::Path;

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    /// Actions appended (new to this ledger).
    pub imported: usize,
    /// Records in the other ledger.
    pub total: usize,
}

/// Appends the actions of the ledger `file` that the ledger at `ledger` lacks: an action is a
/// case and a supporter (fingerprint), whenever and however recorded, so importing the whole
/// file every time, or twice, changes nothing. `file` must be an actions ledger: anything else
/// is an error, and nothing is written.
pub fn import(ledger: &Path, file: &Path) -> Result<Imported> {
    if !file.exists() {
        return Err(Error::io(file, std::io::ErrorKind::NotFound.into()));
    }
    let hasher = RandomState::new();
    let mut have = HashSet::new();
    actions::read(ledger, |a| {
        have.insert(hasher.hash_one((a.case, a.fingerprint)));
    })?;
    let mut records: Vec<Record> = Vec::new();
    let mut total = 0;
    actions::read(file, |a| {
        total += 1;
        if have.insert(hasher.hash_one((a.case, a.fingerprint))) {
            records.push(a.to_record());
        }
    })?;
    if total == 0 && !actions::is_ledger(file)? {
        return Err(Error::Usage(format!(
            "{}: not a ledger of actions (its first line must be `{}`): give the file `appeal \
             serve` writes",
            file.display(),
            actions::HEADER
        )));
    }
    if !records.is_empty() {
        actions::append(ledger, &records)?;
    }
    Ok(Imported {
        imported: records.len(),
        total,
    })
}
