//! Counting the records, case by case, in one pass over each: the journal (who was sent what),
//! the suppression ledger (who left, bounced or complained) and the actions ledger (who acted,
//! and when). Supporters are kept as keyed 64-bit hashes of their addresses (8 bytes each in a
//! set), actions as their fingerprints: a million of either is a few tens of MB.

use super::people::People;
use super::{CaseReport, Counts, Person, Sent, UNKNOWN_LANGUAGE};
use crate::deliver::actions::{self, Fingerprint};
use crate::deliver::journal::{self, authority_kind};
use crate::deliver::record_file;
use crate::deliver::suppressions;
use crate::error::Result;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasher, RandomState};
use std::path::Path;

/// Why an address is suppressed, as bits.
const UNSUBSCRIBED: u8 = 1;
const BOUNCED: u8 = 2;
const COMPLAINED: u8 = 4;

/// One case's records.
#[derive(Default)]
struct CaseTally {
    mailed: HashSet<u64>,
    reminded: HashSet<u64>,
    authorities: BTreeMap<String, Sent>,
    /// Each supporter who acted, with the first day they did.
    acted: HashMap<Fingerprint, NaiveDate>,
}

/// The records, counted.
pub(super) struct Tally {
    /// Only this case, when one is asked for.
    wanted: Option<String>,
    hasher: RandomState,
    cases: BTreeMap<String, CaseTally>,
    /// Suppressed addresses (keyed hash) and why.
    suppressed: HashMap<u64, u8>,
}

impl Tally {
    /// Nothing counted yet; only `wanted` is, when given (it is reported even with no records).
    pub(super) fn new(wanted: Option<String>, hasher: RandomState) -> Tally {
        let mut cases = BTreeMap::new();
        if let Some(id) = &wanted {
            cases.insert(id.clone(), CaseTally::default());
        }
        Tally {
            wanted,
            hasher,
            cases,
            suppressed: HashMap::new(),
        }
    }

    fn case(&mut self, id: &str) -> Option<&mut CaseTally> {
        if self.wanted.as_deref().is_some_and(|w| w != id) {
            return None;
        }
        if !self.cases.contains_key(id) {
            self.cases.insert(id.to_string(), CaseTally::default());
        }
        self.cases.get_mut(id)
    }

    /// Whether any record names the case `id`.
    pub(super) fn has(&self, id: &str) -> bool {
        self.cases.get(id).is_some_and(|c| {
            !c.mailed.is_empty()
                || !c.reminded.is_empty()
                || !c.authorities.is_empty()
                || !c.acted.is_empty()
        })
    }

    /// Whether any case counted has actions.
    pub(super) fn any_actions(&self) -> bool {
        self.cases.values().any(|c| !c.acted.is_empty())
    }

    /// Every address (keyed hash) mailed or reminded, and every fingerprint that acted, in the
    /// cases counted: all the supporters file needs to be looked up for.
    pub(super) fn everyone(&self) -> (HashSet<u64>, HashSet<Fingerprint>) {
        let mut addresses = HashSet::new();
        let mut fingerprints = HashSet::new();
        for c in self.cases.values() {
            addresses.extend(c.mailed.iter().chain(&c.reminded));
            fingerprints.extend(c.acted.keys());
        }
        (addresses, fingerprints)
    }

    /// Counts the journal at `path` (none yet: nothing sent).
    pub(super) fn journal(&mut self, path: &Path) -> Result<()> {
        let Some(file) = record_file::open(path, &journal::FORMAT)? else {
            return Ok(());
        };
        let hasher = self.hasher.clone();
        journal::format::scan(path, file, |line| {
            let Some(case) = self.case(line.case) else {
                return;
            };
            if line.kind == "alert" {
                case.mailed.insert(hasher.hash_one(&line.address));
            } else if line.kind.starts_with("reminder:") {
                case.reminded.insert(hasher.hash_one(&line.address));
            } else if let Some((channel, role)) = authority_kind(line.kind) {
                let sent = case.authorities.entry(role.to_string()).or_default();
                match channel {
                    "fax" => sent.fax += 1,
                    _ => sent.email += 1,
                }
            }
        })?;
        Ok(())
    }

    /// Reads the active suppressions of the ledger at `path`.
    pub(super) fn suppressions(&mut self, path: &Path) -> Result<()> {
        for ((address, _), record) in suppressions::active(path)? {
            let why = match record.reason.as_str() {
                "unsubscribed" => UNSUBSCRIBED,
                "hard-bounce" => BOUNCED,
                "complaint" => COMPLAINED,
                _ => 0,
            };
            *self
                .suppressed
                .entry(self.hasher.hash_one(&address))
                .or_default() |= why;
        }
        Ok(())
    }

    /// Counts the actions ledger at `path`, each day in the time zone `zone`.
    pub(super) fn actions(&mut self, path: &Path, zone: chrono_tz::Tz) -> Result<()> {
        actions::read(path, |a| {
            let day = a.time.with_timezone(&zone).date_naive();
            if let Some(case) = self.case(a.case) {
                let first = case.acted.entry(a.fingerprint).or_insert(day);
                *first = (*first).min(day);
            }
        })
    }

    /// The report of every case counted, by id.
    pub(super) fn into_cases(self, people: Option<&People>) -> Vec<CaseReport> {
        let suppressed = &self.suppressed;
        self.cases
            .into_iter()
            .map(|(id, c)| case_report(id, c, suppressed, people))
            .collect()
    }
}

/// One case's report from its tally.
fn case_report(
    case: String,
    c: CaseTally,
    suppressed: &HashMap<u64, u8>,
    people: Option<&People>,
) -> CaseReport {
    let mut totals = Counts::default();
    let mut by_language: BTreeMap<String, Counts> = BTreeMap::new();
    // Each count goes to the totals and, with the supporters file, to the language.
    let mut count = |language: Option<&str>, add: &dyn Fn(&mut Counts)| {
        add(&mut totals);
        if people.is_none() {
            return;
        }
        let lang = language.unwrap_or(UNKNOWN_LANGUAGE);
        match by_language.get_mut(lang) {
            Some(n) => add(n),
            None => {
                let mut n = Counts::default();
                add(&mut n);
                by_language.insert(lang.to_string(), n);
            }
        }
    };
    let lang_of = |hash: u64| people.and_then(|p| p.language_of_address(hash));
    for h in &c.mailed {
        count(lang_of(*h), &|n| n.mailed += 1);
    }
    for h in &c.reminded {
        count(lang_of(*h), &|n| n.reminded += 1);
    }
    // Those mailed or reminded, once each, by why they are suppressed now.
    for h in c.mailed.iter().chain(c.reminded.difference(&c.mailed)) {
        let why = suppressed.get(h).copied().unwrap_or(0);
        if why & UNSUBSCRIBED != 0 {
            count(lang_of(*h), &|n| n.unsubscribed += 1);
        }
        if why & BOUNCED != 0 {
            count(lang_of(*h), &|n| n.bounced += 1);
        }
        if why & COMPLAINED != 0 {
            count(lang_of(*h), &|n| n.complaints += 1);
        }
    }
    let mut days: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    let mut addresses: Vec<(Person, NaiveDate)> = Vec::new();
    for (fp, day) in &c.acted {
        *days.entry(*day).or_default() += 1;
        let found = people.and_then(|p| p.by_fingerprint(fp));
        count(found.map(|(lang, _)| lang), &|n| n.acted += 1);
        if let Some((_, Some(person))) = found {
            addresses.push((person.clone(), *day));
        }
    }
    addresses.sort_by_key(|(p, _)| p.line);
    CaseReport {
        case,
        totals,
        by_language,
        authorities: c.authorities,
        days,
        addresses,
    }
}
