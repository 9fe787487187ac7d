//! The supporters file as the report reads it: each supporter's language, found by their
//! address (for the journal's records) or by their fingerprint (for the actions ledger's),
//! and, only when `--addresses` asks, who they are.

use crate::deliver::actions::Fingerprint;
use crate::error::Result;
use crate::supporters::Supporters;
use crate::unsubscribe::Tokens;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, RandomState};
use std::path::Path;

/// A supporter who acted, as `--addresses` lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// Their line in the supporters file.
    pub line: u64,
    /// The address, in normal form.
    pub address: String,
    /// The name, as the file has it.
    pub name: String,
    /// Their language (its primary subtag).
    pub language: String,
}

/// The supporters file, indexed.
pub(super) struct People {
    /// Languages, by index.
    languages: Vec<String>,
    /// Keyed hash of the normal address → language index.
    by_address: HashMap<u64, u16>,
    /// Fingerprint → (language index, index into `listed` or `u32::MAX`).
    by_fingerprint: HashMap<Fingerprint, (u16, u32)>,
    /// Who they are, only with `--addresses`.
    listed: Vec<Person>,
}

impl People {
    /// Reads the supporters file at `path` (rows it rejects are left out, as a mailing leaves
    /// them), keeping only the supporters the records name: the addresses in `mailed` (keyed
    /// by `hasher`, as the tally keys them) and the fingerprints in `acted` (made with
    /// `tokens`), so memory follows the records, not the file. With `addresses`, who each
    /// supporter who acted is, is kept too.
    pub(super) fn read(
        path: &Path,
        hasher: &RandomState,
        (mailed, acted): (HashSet<u64>, HashSet<Fingerprint>),
        tokens: Option<&Tokens>,
        addresses: bool,
    ) -> Result<People> {
        let mut people = People {
            languages: Vec::new(),
            by_address: HashMap::new(),
            by_fingerprint: HashMap::new(),
            listed: Vec::new(),
        };
        let mut index: HashMap<String, u16> = HashMap::new();
        for s in Supporters::open(path)?.flatten() {
            let address = crate::address::normalize(&s.email);
            let language = crate::supporters::primary(&s.language).to_lowercase();
            let lang = match index.get(&language) {
                Some(i) => *i,
                None => {
                    let i = u16::try_from(index.len()).unwrap_or(u16::MAX);
                    index.insert(language.clone(), i);
                    people.languages.push(language.clone());
                    i
                }
            };
            let hash = hasher.hash_one(&address);
            // The first row of an address is the one a mailing uses.
            if mailed.contains(&hash) {
                match people.by_address.entry(hash) {
                    std::collections::hash_map::Entry::Occupied(_) => continue,
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(lang);
                    }
                }
            }
            if let Some(tokens) = tokens {
                let fp = tokens.fingerprint_normal(&address);
                if !acted.contains(&fp) || people.by_fingerprint.contains_key(&fp) {
                    continue;
                }
                let listed = if addresses {
                    people.listed.push(Person {
                        line: s.line,
                        address: address.clone(),
                        name: s.name.clone(),
                        language,
                    });
                    u32::try_from(people.listed.len() - 1).unwrap_or(u32::MAX)
                } else {
                    u32::MAX
                };
                people.by_fingerprint.insert(fp, (lang, listed));
            }
        }
        Ok(people)
    }

    /// The language of the supporter whose address hashes to `hash`.
    pub(super) fn language_of_address(&self, hash: u64) -> Option<&str> {
        self.by_address
            .get(&hash)
            .map(|i| self.languages[usize::from(*i)].as_str())
    }

    /// The language of the supporter with this fingerprint, and who they are if kept.
    pub(super) fn by_fingerprint(&self, fp: &Fingerprint) -> Option<(&str, Option<&Person>)> {
        self.by_fingerprint.get(fp).map(|(lang, listed)| {
            (
                self.languages[usize::from(*lang)].as_str(),
                self.listed.get(*listed as usize),
            )
        })
    }
}
