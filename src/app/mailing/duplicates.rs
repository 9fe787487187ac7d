//! Each supporter is mailed once, whatever the file says: rows that repeat an earlier row's
//! address are found as the file streams by, in little memory.

use super::report::LISTED;
use crate::error::{Error, Result};
use crate::supporters::Supporters;
use std::path::Path;

/// Finds rows whose address (in normal form) an earlier row already has. Runs in the one
/// thread that reads the file, so "earlier" is file order whatever the workers do.
///
/// Memory: a map of every address seen would cost about 27 MB for a million supporters, a
/// large part of the 64 MB budget. So a first pass over the file collects one keyed 64-bit
/// fingerprint per row (8 MB for a million, freed before sending), sorts them and keeps only
/// the fingerprints that occur twice; the sending pass then tracks only those.
pub(super) struct Duplicates {
    hasher: std::hash::RandomState,
    /// Fingerprints that occur more than once; `None`: track every address (the file could
    /// not be read twice, e.g. a pipe).
    repeated: Option<std::collections::HashSet<u64>>,
    /// Keyed 64-bit fingerprint of the normal address → first line.
    first: std::collections::HashMap<u64, u32>,
    /// The first [`LISTED`] repeated rows: (line, first line).
    pub(super) listed: Vec<(u64, u64)>,
    /// Rows that repeated an earlier row's address.
    pub(super) count: u64,
}

impl Duplicates {
    /// Prepares duplicate detection for the supporters file at `path` (the first pass).
    pub(super) fn for_file(path: &Path) -> Result<Duplicates> {
        use std::hash::BuildHasher;
        let hasher = std::hash::RandomState::new();
        let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
        let repeated = if regular {
            let mut fingerprints = Vec::with_capacity(line_count(path)?);
            // This first pass reads the whole file before any message: a file that cannot be
            // read to its end (not text, too large) stops the run before it sends anything.
            for row in Supporters::open(path)? {
                match row {
                    Ok(s) => {
                        fingerprints.push(hasher.hash_one(crate::address::normalize(&s.email)))
                    }
                    Err(rejected) => {
                        if let Some(e) = rejected.stop_error(path) {
                            return Err(e);
                        }
                    }
                }
            }
            fingerprints.sort_unstable();
            Some(
                fingerprints
                    .windows(2)
                    .filter(|w| w[0] == w[1])
                    .map(|w| w[0])
                    .collect(),
            )
        } else {
            None
        };
        Ok(Duplicates {
            hasher,
            repeated,
            first: std::collections::HashMap::new(),
            listed: vec![],
            count: 0,
        })
    }

    /// Whether this row is the first with its address; notes it if not.
    pub(super) fn first_time(&mut self, s: &crate::supporters::Supporter) -> bool {
        use std::hash::BuildHasher;
        let fp = self.hasher.hash_one(crate::address::normalize(&s.email));
        if self.repeated.as_ref().is_some_and(|r| !r.contains(&fp)) {
            return true;
        }
        match self.first.entry(fp) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(u32::try_from(s.line).unwrap_or(u32::MAX));
                true
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                self.count += 1;
                if self.listed.len() < LISTED {
                    self.listed.push((s.line, u64::from(*o.get())));
                }
                false
            }
        }
    }
}

/// Newlines in a file: an upper bound on its rows, read in blocks (constant memory).
pub fn line_count(path: &Path) -> Result<usize> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut block = vec![0u8; 1 << 16];
    let mut lines = 0;
    loop {
        let n = file.read(&mut block).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            return Ok(lines);
        }
        lines += memchr::memchr_iter(b'\n', &block[..n]).count();
    }
}
