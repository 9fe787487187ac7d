//! The suppression ledger: addresses that must not be mailed again, because the supporter
//! unsubscribed, the address bounced hard, the supporter complained, or someone removed them
//! by hand. For supporters who may face repression, being left alone when they ask is a
//! matter of safety, so the ledger is append-only and every record is on disk (fdatasync)
//! before the program says it is done: the unsubscribe server answers only after that.
//!
//! Format (version 1, `.appeal/suppressions.tsv` under the root unless `--suppressions FILE`):
//! the first line is [`HEADER`]; then one record per line,
//! `time <TAB> action <TAB> address <TAB> reason <TAB> scope <TAB> source`, where
//! - `time` is RFC 3339 in UTC (from the clock the command was given),
//! - `action` is `add` or `remove` (the last record for an address and scope wins),
//! - `address` is in normal form ([`crate::address::normalize`]: case-insensitive, IDN domains
//!   in punycode),
//! - `reason` is `unsubscribed`, `hard-bounce`, `complaint` or `manual`,
//! - `scope` is `all` (every list) or one list id (`mail.list_id`),
//! - `source` says what caused it (a request, a bounce's Message-ID, a person), free text.
//!
//! Several processes may append (the unsubscribe server, `suppress add`, a bounce run): each
//! append takes an exclusive `flock` on the file, cuts a line torn by a crashed writer, writes
//! whole lines and syncs them. Readers take no lock: they ignore a last line without its
//! newline.
//!
//! Memory: a sending run keeps one keyed 64-bit fingerprint per active suppression (about
//! 16 bytes each in the set, 1.6 MB for 100,000), not the addresses. With a per-process random
//! key a crafted address cannot be made to collide with another, and the chance of any
//! accidental collision between 100,000 suppressions and 1,000,000 supporters is about 1 in
//! 200 million; a collision would skip a supporter, never mail a suppressed one.

use crate::error::{Error, Problem, Result};
use std::collections::{BTreeMap, HashSet};
use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, RandomState};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The first line of a version-1 ledger.
pub const HEADER: &str = "# appeal suppressions v1";

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
    /// A record at `time` for `address` (normalised here). Tabs and line breaks in the free
    /// fields become spaces, so a record is always one line of six fields.
    pub fn new(
        time: chrono::DateTime<chrono::Utc>,
        action: Action,
        address: &str,
        reason: &str,
        scope: &str,
        source: &str,
    ) -> Record {
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        let scope = clean(scope.trim());
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

    /// Parses one complete line (without its newline).
    fn parse(text: &str) -> std::result::Result<Record, String> {
        let text = text.strip_suffix('\r').unwrap_or(text);
        let fields: Vec<&str> = text.split('\t').collect();
        if fields.len() != 6 {
            return Err(format!(
                "a record has 6 tab-separated fields (time, action, address, reason, scope, \
                 source); this line has {}",
                fields.len()
            ));
        }
        let action = match fields[1] {
            "add" => Action::Add,
            "remove" => Action::Remove,
            other => return Err(format!("action `{other}`: write `add` or `remove`")),
        };
        chrono::DateTime::parse_from_rfc3339(fields[0])
            .map_err(|_| format!("time `{}`: write an RFC 3339 time", fields[0]))?;
        if fields[2].is_empty() || !fields[2].contains('@') {
            return Err(format!("address `{}` has no `@`", fields[2]));
        }
        if fields[4].is_empty() {
            return Err("the scope is empty: write `all` or a list id".into());
        }
        Ok(Record {
            time: fields[0].into(),
            action,
            address: crate::address::normalize(fields[2]),
            reason: fields[3].into(),
            scope: fields[4].into(),
            source: fields[5].into(),
        })
    }
}

/// Reads every record of the ledger at `path` in order, calling `each` with the record and its
/// line number. A missing file has no records. A line that is not a record is an error with its
/// location, never skipped: skipping it could mail someone who asked not to be.
pub fn read(path: &Path, mut each: impl FnMut(Record, usize)) -> Result<()> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(path, e)),
    };
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut buf = Vec::with_capacity(256);
    let mut line_no = 0;
    let mut problems = Vec::new();
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        // A line without its newline was being written when its writer stopped: never
        // acknowledged, so not a record.
        let Some(line) = buf.strip_suffix(b"\n") else {
            break;
        };
        let Ok(text) = std::str::from_utf8(line) else {
            problems.push(Problem::error(path, (line_no, 1), "not UTF-8 text"));
            continue;
        };
        if line_no == 1 {
            if text.trim_end() == HEADER {
                continue;
            }
            let message = if text.starts_with("# appeal suppressions") {
                format!(
                    "`{}` is a ledger version this appeal does not know; use a newer appeal",
                    text.trim()
                )
            } else {
                format!("not a suppression ledger: the first line must be `{HEADER}`")
            };
            return Err(Error::Invalid(vec![Problem::error(path, (1, 1), message)]));
        }
        if text.starts_with('#') || text.trim().is_empty() {
            continue;
        }
        match Record::parse(text) {
            Ok(record) => each(record, line_no),
            Err(message) => problems.push(Problem::error(
                path,
                (line_no, 1),
                format!(
                    "{message}; fix the line or delete it (`appeal suppress add` writes records)"
                ),
            )),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(problems))
    }
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
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
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
/// mid-line (see the module docs).
pub fn append(path: &Path, records: &[Record]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let file = OpenOptions::new()
        .create(true)
        .read(true)
        .append(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    let io = |e| Error::io(path, e);
    let _lock = Flock::exclusive(&file).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    let mut out = String::new();
    if len == 0 {
        out.push_str(HEADER);
        out.push('\n');
    } else {
        // Cut a tail torn by a writer that died: it was never acknowledged. Safe under the
        // lock, since every writer takes it.
        let keep = complete_len(&file, len).map_err(io)?;
        if keep < len {
            file.set_len(keep).map_err(io)?;
        }
        if keep == 0 {
            out.push_str(HEADER);
            out.push('\n');
        }
    }
    for r in records {
        out.push_str(&r.line());
    }
    (&file).write_all(out.as_bytes()).map_err(io)?;
    file.sync_data().map_err(io)?;
    if len == 0 {
        // A new file: make its directory entry durable too.
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| Error::io(dir, e))?;
    }
    Ok(())
}

/// The length of the file up to the end of its last complete line.
fn complete_len(mut file: &File, len: u64) -> std::io::Result<u64> {
    let mut end = len;
    let mut block = vec![0u8; 4096];
    while end > 0 {
        let start = end.saturating_sub(block.len() as u64);
        let n = (end - start) as usize;
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut block[..n])?;
        if let Some(i) = memchr::memrchr(b'\n', &block[..n]) {
            return Ok(start + i as u64 + 1);
        }
        end = start;
    }
    Ok(0)
}

/// An exclusive advisory lock on an open file, released when dropped (or when the process
/// dies, so a crashed writer never blocks the others).
struct Flock<'a>(&'a File);

impl<'a> Flock<'a> {
    fn exclusive(file: &'a File) -> std::io::Result<Flock<'a>> {
        use std::os::fd::AsRawFd;
        loop {
            // SAFETY: flock on a valid, open descriptor borrowed for the guard's lifetime.
            let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
            if rc == 0 {
                return Ok(Flock(file));
            }
            let e = std::io::Error::last_os_error();
            if e.kind() != std::io::ErrorKind::Interrupted {
                return Err(e);
            }
        }
    }
}

impl Drop for Flock<'_> {
    fn drop(&mut self) {
        use std::os::fd::AsRawFd;
        // SAFETY: as above; unlocking cannot fail in a way that matters here.
        unsafe {
            libc::flock(self.0.as_raw_fd(), libc::LOCK_UN);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

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
        assert!(problems[0].message.contains("6 tab-separated fields"));
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
