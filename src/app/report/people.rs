//! The supporters file as the report reads it: each supporter's language, found by their
//! address (for the journal's records) or by their fingerprint (for the actions ledger's),
//! and, only when `--addresses` asks, who they are.

use crate::deliver::actions::Fingerprint;
use crate::error::Result;
use crate::supporters::Supporters;
use crate::unsubscribe::Tokens;
use serde::Serialize;
use std::collections::HashMap;
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
    /// them). `hasher` keys the address hashes as the report's tally does; `tokens`, when
    /// given, fingerprints each address; with `addresses`, who each supporter is is kept.
    pub(super) fn read(
        path: &Path,
        hasher: &RandomState,
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
            let next = u16::try_from(index.len()).unwrap_or(u16::MAX);
            let lang = *index.entry(language.clone()).or_insert_with(|| {
                people.languages.push(language.clone());
                next
            });
            // The first row of an address is the one a mailing uses.
            if people
                .by_address
                .insert(hasher.hash_one(&address), lang)
                .is_some()
            {
                continue;
            }
            if let Some(tokens) = tokens {
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
                people
                    .by_fingerprint
                    .insert(tokens.fingerprint_normal(&address), (lang, listed));
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
