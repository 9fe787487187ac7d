//! The suppression ledger: addresses that must not be mailed again, because the supporter
//! unsubscribed, the address bounced hard, the supporter complained, or someone removed them
//! by hand. For supporters who may face repression, being left alone when they ask is a
//! matter of safety, so the ledger is append-only and every record is on disk (fdatasync)
//! before the program says it is done: the unsubscribe server answers only after that.
//!
//! Format (version 1, `.appeal/suppressions.tsv` under the root unless `--suppressions FILE`):
//! the header [`HEADER`] (after any blank lines and `#` comments, see
//! [`super::record_file`]); then one record per line,
//! `time <TAB> action <TAB> address <TAB> reason <TAB> scope <TAB> source`, where
//! - `time` is RFC 3339 (written in UTC, from the clock the command was given),
//! - `action` is exactly `add` or `remove` (the last record for an address and scope wins),
//! - `address` is in normal form ([`crate::address::normalize`]: case-insensitive, IDN domains
//!   in punycode; another form is read as its normal form),
//! - `reason` is exactly `unsubscribed`, `hard-bounce`, `complaint` or `manual`,
//! - `scope` is `all` (every list) or one list id (`mail.list_id`),
//! - `source` says what caused it (a request, a bounce's Message-ID, a person), free text.
//!
//! This module is the only code that parses the ledger. A line that is not a record is an
//! error with its `path:line:col`, never skipped: skipping it could mail someone who asked not
//! to be. A last line without its newline is a record when every column is present and valid
//! (an unsubscription the server wrote just before a crash is honoured); otherwise it is torn
//! and not read.
//!
//! Several processes may append (the unsubscribe server, `suppress add`, a bounce run): each
//! append takes an exclusive `flock` on the file, ends a complete last line or cuts a torn one,
//! writes whole lines and syncs them ([`super::record_file::append`]). Readers take no lock.
//!
//! Memory: a sending run keeps one keyed 64-bit fingerprint per active suppression (about
//! 16 bytes each in the set, 1.6 MB for 100,000), not the addresses. With a per-process random
//! key a crafted address cannot be made to collide with another, and the chance of any
//! accidental collision between 100,000 suppressions and 1,000,000 supporters is about 1 in
//! 200 million; a collision would skip a supporter, never mail a suppressed one.

use super::record_file::{self, Bad, Format, Item};
use crate::error::Result;
use std::collections::{BTreeMap, HashSet};
use std::hash::{BuildHasher, RandomState};
use std::path::{Path, PathBuf};

/// The first line of a version-1 ledger.
pub const HEADER: &str = "# appeal suppressions v1";

/// The ledger as a record file.
pub const FORMAT: Format = Format {
    what: "suppression ledger",
    family: "# appeal suppressions",
    header: HEADER,
    headerless_records: false,
    hint: "fix the line or delete it (`appeal suppress add` writes records)",
};

/// The scope that covers every list.
pub const ALL: &str = "all";

/// The reasons a record may give.
pub const REASONS: [&str; 4] = ["unsubscribed", "hard-bounce", "complaint", "manual"];

/// The ledger under a project root, unless `--suppressions` says otherwise.
pub fn default_path(root: &Path) -> PathBuf {
    root.join(".appeal").join("suppressions.tsv")
}

/// Add or remove.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The address is suppressed from now on.
    Add,
    /// A suppression is lifted (by hand: a supporter who asked to come back).
    Remove,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::Add => "add",
            Action::Remove => "remove",
        }
    }
}

/// One line of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// When, RFC 3339 UTC.
    pub time: String,
    /// Add or remove.
    pub action: Action,
    /// The address in normal form.
    pub address: String,
    /// One of [`REASONS`].
    pub reason: String,
    /// [`ALL`] or a list id.
    pub scope: String,
    /// What caused it.
    pub source: String,
}

impl Record {
    /// A record at `time` for `address` (normalised here). The free fields are made one line
    /// ([`record_file::free_text`]), so a record is always one line of six columns.
    pub fn new(
        time: chrono::DateTime<chrono::Utc>,
        action: Action,
        address: &str,
        reason: &str,
        scope: &str,
        source: &str,
    ) -> Record {
        let clean = record_file::free_text;
        let scope = clean(scope).trim().to_string();
        Record {
            time: time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            action,
            address: clean(&crate::address::normalize(address)),
            reason: clean(reason),
            scope: if scope.is_empty() { ALL.into() } else { scope },
            source: clean(source),
        }
    }

    /// The line as written, with its newline.
    pub fn line(&self) -> String {
        format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            self.time,
            self.action.as_str(),
            self.address,
            self.reason,
            self.scope,
            self.source
        )
    }

    /// Parses one record (without its line ending).
    fn parse(text: &str) -> std::result::Result<Record, Bad> {
        let cols = record_file::columns(text);
        if cols.len() != 6 {
            return Err(Bad::at(
                cols.get(6).map_or(1, |c| c.0),
                format!(
                    "a record has 6 tab-separated columns (time, action, address, reason, \
                     scope, source); this line has {}",
                    cols.len()
                ),
            ));
        }
        let [time, action, address, reason, scope, source] = [0, 1, 2, 3, 4, 5].map(|i| cols[i]);
        record_file::time(time.0, time.1)?;
        let action = match action.1 {
            "add" => Action::Add,
            "remove" => Action::Remove,
            other => {
                return Err(Bad::at(
                    action.0,
                    format!(
                        "action `{}`: write `add` or `remove`, exactly so",
                        other.escape_debug()
                    ),
                ));
            }
        };
        record_file::word(address.0, address.1, "address", false)?;
        if !address.1.contains('@') {
            return Err(Bad::at(
                address.0,
                format!("the address `{}` has no `@`", address.1),
            ));
        }
        if !REASONS.contains(&reason.1) {
            return Err(Bad::at(
                reason.0,
                format!(
                    "reason `{}`: write one of {}, exactly so",
                    reason.1.escape_debug(),
                    REASONS.join(", ")
                ),
            ));
        }
        record_file::word(scope.0, scope.1, "scope", true)?;
        Ok(Record {
            time: time.1.into(),
            action,
            address: crate::address::normalize(address.1),
            reason: reason.1.into(),
            scope: scope.1.into(),
            source: source.1.into(),
        })
    }
}

/// Reads every record of the ledger at `path` in order, calling `each` with the record and its
/// line number. A missing file has no records. A line that is not a record is an error with its
/// location, never skipped: skipping it could mail someone who asked not to be.
pub fn read(path: &Path, mut each: impl FnMut(Record, usize)) -> Result<()> {
    let Some(file) = record_file::open(path, &FORMAT)? else {
        return Ok(());
    };
    record_file::scan(path, file, &FORMAT, |item| {
        if let Item::Record { text, line, .. } = item {
            each(Record::parse(text)?, line);
        }
        Ok(())
    })?;
    Ok(())
}

/// Whether the file at `path` is a ledger (it has the ledger's header before any other line),
/// rather than, say, a list of addresses.
pub fn is_ledger(path: &Path) -> Result<bool> {
    record_file::has_header(path, &FORMAT)
}

/// The active suppressions, for listing: (address, scope) → the record that added it.
pub fn active(path: &Path) -> Result<BTreeMap<(String, String), Record>> {
    let mut map = BTreeMap::new();
    read(path, |r, _| match r.action {
        Action::Add => {
            map.insert((r.address.clone(), r.scope.clone()), r);
        }
        Action::Remove => {
            map.remove(&(r.address.clone(), r.scope.clone()));
        }
    })?;
    Ok(map)
}

/// The active suppressions as fingerprints: what a sending run checks every supporter against.
pub struct Suppressions {
    hasher: RandomState,
    set: HashSet<u64>,
}

impl Suppressions {
    /// Nothing suppressed.
    pub fn empty() -> Suppressions {
        Suppressions {
            hasher: RandomState::new(),
            set: HashSet::new(),
        }
    }

    /// Reads the ledger at `path` (none: nothing suppressed).
    pub fn load(path: &Path) -> Result<Suppressions> {
        let mut s = Suppressions::empty();
        // A file the reader refuses (too big, not a file) sizes nothing.
        let size = match std::fs::metadata(path) {
            Ok(m) if m.is_file() && m.len() <= record_file::MAX_BYTES => m.len(),
            _ => 0,
        };
        // A record is at least ~50 bytes; sized once so the set never doubles while reading.
        s.set
            .reserve(usize::try_from(size / 50).unwrap_or(0).min(1 << 24));
        let hasher = s.hasher.clone();
        read(path, |r, _| {
            let fp = hasher.hash_one((r.scope.as_str(), r.address.as_str()));
            match r.action {
                Action::Add => s.set.insert(fp),
                Action::Remove => s.set.remove(&fp),
            };
        })?;
        Ok(s)
    }

    /// How many (address, scope) pairs are suppressed.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// Whether nothing is suppressed.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    /// Whether mail to `address` (any form: it is normalised here) on `list` (`None`: no list
    /// id configured) must be skipped: it is suppressed for all mail or for that list.
    pub fn contains(&self, address: &str, list: Option<&str>) -> bool {
        if self.set.is_empty() {
            return false;
        }
        let address = crate::address::normalize(address);
        self.contains_normal(&address, list)
    }

    /// [`Suppressions::contains`] for an address already in normal form.
    pub fn contains_normal(&self, address: &str, list: Option<&str>) -> bool {
        self.set.contains(&self.hasher.hash_one((ALL, address)))
            || list.is_some_and(|l| self.set.contains(&self.hasher.hash_one((l, address))))
    }
}

/// Appends `records` to the ledger at `path` (creating it and its folder), and returns once
/// they are on disk. Safe against other appending processes and against a writer that died
/// mid-line (see the module docs); a record that would not read back is refused, unwritten.
pub fn append(path: &Path, records: &[Record]) -> Result<()> {
    let lines: String = records.iter().map(Record::line).collect();
    record_file::append(path, &FORMAT, &|l| Record::parse(l).is_ok(), &lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use chrono::TimeZone;
    use std::fs::OpenOptions;
    use std::io::Write;

    fn at(day: u32) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc
            .with_ymd_and_hms(2026, 11, day, 10, 0, 0)
            .unwrap()
    }

    fn add(address: &str, scope: &str) -> Record {
        Record::new(at(1), Action::Add, address, "manual", scope, "test")
    }

    #[test]
    fn records_round_trip_and_domains_match_in_any_case() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/suppressions.tsv");
        append(&path, &[add("Olga@Example.NET", ALL)]).unwrap();
        append(&path, &[add("x@пример.рф", "urgent")]).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            format!(
                "{HEADER}\n\
                 2026-11-01T10:00:00Z\tadd\tolga@example.net\tmanual\tall\ttest\n\
                 2026-11-01T10:00:00Z\tadd\tx@xn--e1afmkfd.xn--p1ai\tmanual\turgent\ttest\n"
            )
        );
        let s = Suppressions::load(&path).unwrap();
        assert_eq!(s.len(), 2);
        assert!(s.contains("olga@EXAMPLE.net", None));
        assert!(s.contains("OLGA@example.net", Some("urgent")));
        assert!(!s.contains("olga@example.org", None));
        assert!(
            s.contains("X@ПРИМЕР.РФ", Some("urgent")),
            "scoped to its list"
        );
        assert!(!s.contains("x@пример.рф", Some("other")));
        assert!(!s.contains("x@пример.рф", None));
    }

    #[test]
    fn the_last_record_wins_and_remove_lifts_one_scope() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.tsv");
        append(&path, &[add("a@x.org", ALL), add("a@x.org", "l1")]).unwrap();
        append(
            &path,
            &[Record::new(
                at(2),
                Action::Remove,
                "A@X.ORG",
                "manual",
                ALL,
                "asked back",
            )],
        )
        .unwrap();
        let s = Suppressions::load(&path).unwrap();
        assert!(!s.contains("a@x.org", None));
        assert!(s.contains("a@x.org", Some("l1")));
        let active = active(&path).unwrap();
        assert_eq!(active.len(), 1);
        assert!(active.contains_key(&("a@x.org".into(), "l1".into())));
    }

    #[test]
    fn a_torn_tail_is_ignored_then_cut_by_the_next_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.tsv");
        append(&path, &[add("a@x.org", ALL)]).unwrap();
        OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"2026-11-01T10:00:00Z\tadd\tb@x")
            .unwrap();
        assert_eq!(Suppressions::load(&path).unwrap().len(), 1);
        append(&path, &[add("c@x.org", ALL)]).unwrap();
        let s = Suppressions::load(&path).unwrap();
        assert_eq!(s.len(), 2);
        assert!(s.contains("c@x.org", None));
        assert!(!std::fs::read_to_string(&path).unwrap().contains("b@x"));
    }

    #[test]
    fn a_bad_line_is_an_error_with_its_location() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.tsv");
        std::fs::write(&path, format!("{HEADER}\n# note\n\nnot a record\n")).unwrap();
        let Err(Error::Invalid(problems)) = Suppressions::load(&path) else {
            panic!("a bad line must stop the run");
        };
        assert_eq!(problems[0].line, 4);
        assert!(problems[0].message.contains("6 tab-separated columns"));
        std::fs::write(&path, "# appeal suppressions v9\n").unwrap();
        let Err(Error::Invalid(problems)) = Suppressions::load(&path) else {
            panic!("a newer version must be refused");
        };
        assert!(problems[0].message.contains("newer appeal"));
    }

    #[test]
    fn a_missing_ledger_suppresses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let s = Suppressions::load(&dir.path().join("none.tsv")).unwrap();
        assert!(s.is_empty());
        assert!(!s.contains("a@x.org", Some("l")));
    }

    #[test]
    fn concurrent_appenders_all_land_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.tsv");
        std::thread::scope(|s| {
            for t in 0..4 {
                let path = &path;
                s.spawn(move || {
                    for i in 0..25 {
                        append(path, &[add(&format!("{t}-{i}@x.org"), ALL)]).unwrap();
                    }
                });
            }
        });
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 101, "one header and 100 records");
        assert_eq!(text.matches(HEADER).count(), 1);
        assert_eq!(Suppressions::load(&path).unwrap().len(), 100);
    }
}
