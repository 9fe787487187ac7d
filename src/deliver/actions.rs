//! The actions ledger: who said "I sent my appeal" for which case, by the link in their alert.
//! It holds **no address**: the server that writes it faces the internet, and a list of who
//! wrote to a Prosecutor General about which prisoner is exactly what supporters facing
//! repression must not leave behind. A record names the supporter only by a [`Fingerprint`], a
//! keyed hash of their address that only the holder of the token secret can compute (and so
//! match against a supporters file); no IP address, no user agent, no language.
//!
//! Format (version 1, `.appeal/actions.tsv` under the root unless `--actions FILE`): the header
//! [`HEADER`] (after any blank lines and `#` comments, see [`super::record_file`]); then one
//! record per line, `time <TAB> case <TAB> list <TAB> fingerprint <TAB> source`, where
//! - `time` is RFC 3339 (written in UTC),
//! - `case` is the case id the link was made for,
//! - `list` is the list id (`mail.list_id`) the alert went out on, or [`NO_LIST`],
//! - `fingerprint` is 22 characters of base64url: 128 bits of HMAC-SHA256 of the address in
//!   normal form, under a key derived from the token secret,
//! - `source` says what recorded it (`acted link`), free text.
//!
//! A supporter acts once per case: the server writes one record per (case, fingerprint), and
//! every reader counts each pair once, so a repeat (or a ledger imported twice, or two ledgers
//! joined) never counts twice.
//!
//! This module is the only code that parses the ledger, and reads it as strictly as the journal
//! and the suppression ledger ([`super::record_file`]): a line that is not a record is an error
//! with its `path:line:col`; a last line without its newline is a record when it is complete
//! (an action the server confirmed just before a crash counts). Appends take an exclusive
//! `flock`, repair a torn tail and fdatasync before returning.

use super::record_file::{self, Bad, Format, Item};
use crate::error::Result;
use base64::Engine;
use std::path::{Path, PathBuf};

/// The first line of a version-1 ledger.
pub const HEADER: &str = "# appeal actions v1";

/// The ledger as a record file.
pub const FORMAT: Format = Format {
    what: "ledger of actions",
    family: "# appeal actions",
    header: HEADER,
    headerless_records: false,
    hint: "fix the line or delete it (each line is one supporter's action on one case)",
};

/// The `list` column of an action on mail sent without a list id.
pub const NO_LIST: &str = "-";

/// The ledger under a project root, unless `--actions` says otherwise.
pub fn default_path(root: &Path) -> PathBuf {
    root.join(".appeal").join("actions.tsv")
}

/// A supporter as the ledger names them: 128 bits of a keyed hash of their address. Written as
/// 22 characters of unpadded base64url.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(pub [u8; 16]);

impl Fingerprint {
    /// The fingerprint written as `text`, if it is one (exactly 22 base64url characters, in
    /// the one spelling that encodes 16 bytes).
    pub fn parse(text: &str) -> Option<Fingerprint> {
        if text.len() != 22 {
            return None;
        }
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(text)
            .ok()?;
        bytes.try_into().ok().map(Fingerprint)
    }
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(self.0))
    }
}

/// One line of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// When, RFC 3339 UTC.
    pub time: String,
    /// The case acted on.
    pub case: String,
    /// The list id, or [`NO_LIST`].
    pub list: String,
    /// Who, as a keyed hash.
    pub fingerprint: Fingerprint,
    /// What recorded it.
    pub source: String,
}

impl Record {
    /// A record at `time`. The free field is made one line ([`record_file::free_text`]); an
    /// empty list is [`NO_LIST`].
    pub fn new(
        time: chrono::DateTime<chrono::Utc>,
        case: &str,
        list: &str,
        fingerprint: Fingerprint,
        source: &str,
    ) -> Record {
        let list = list.trim();
        Record {
            time: time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            case: case.to_string(),
            list: if list.is_empty() { NO_LIST } else { list }.to_string(),
            fingerprint,
            source: record_file::free_text(source),
        }
    }

    /// The line as written, with its newline.
    pub fn line(&self) -> String {
        format!(
            "{}\t{}\t{}\t{}\t{}\n",
            self.time, self.case, self.list, self.fingerprint, self.source
        )
    }

    /// What makes two records one action: the case and the supporter.
    pub fn key(&self) -> (&str, Fingerprint) {
        (&self.case, self.fingerprint)
    }
}

/// A record as read, borrowing its text from the line (a report reads a million of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen<'a> {
    /// When.
    pub time: chrono::DateTime<chrono::FixedOffset>,
    /// The case acted on.
    pub case: &'a str,
    /// The list id, or [`NO_LIST`].
    pub list: &'a str,
    /// Who, as a keyed hash.
    pub fingerprint: Fingerprint,
    /// What recorded it.
    pub source: &'a str,
    /// Its line in the file.
    pub line: usize,
}

impl Seen<'_> {
    /// The record as written.
    pub fn to_record(&self) -> Record {
        Record {
            time: self
                .time
                .with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            case: self.case.into(),
            list: self.list.into(),
            fingerprint: self.fingerprint,
            source: self.source.into(),
        }
    }
}

/// Parses one record (without its line ending).
fn parse(text: &str, line: usize) -> std::result::Result<Seen<'_>, Bad> {
    let cols = record_file::columns(text);
    if cols.len() != 5 {
        return Err(Bad::at(
            cols.get(5).map_or(1, |c| c.0),
            format!(
                "a record has 5 tab-separated columns (time, case, list, fingerprint, source); \
                 this line has {}",
                cols.len()
            ),
        ));
    }
    let [time, case, list, fingerprint, source] = [0, 1, 2, 3, 4].map(|i| cols[i]);
    let when = record_file::time(time.0, time.1)?;
    record_file::word(case.0, case.1, "case", false)?;
    record_file::word(list.0, list.1, "list", false)?;
    let fp = Fingerprint::parse(fingerprint.1).ok_or_else(|| {
        Bad::at(
            fingerprint.0,
            format!(
                "fingerprint `{}`: write the 22 base64url characters the server wrote (a \
                 fingerprint is never an address)",
                fingerprint.1.escape_debug()
            ),
        )
    })?;
    Ok(Seen {
        time: when,
        case: case.1,
        list: list.1,
        fingerprint: fp,
        source: source.1,
        line,
    })
}

/// Reads every record of the ledger at `path` in order. A missing file has no records. A line
/// that is not a record is an error with its location, never skipped.
pub fn read(path: &Path, mut each: impl FnMut(Seen<'_>)) -> Result<()> {
    let Some(file) = record_file::open(path, &FORMAT)? else {
        return Ok(());
    };
    record_file::scan(path, file, &FORMAT, |item| {
        if let Item::Record { text, line, .. } = item {
            each(parse(text, line)?);
        }
        Ok(())
    })?;
    Ok(())
}

/// Whether the file at `path` is an actions ledger (its header comes before any other line).
pub fn is_ledger(path: &Path) -> Result<bool> {
    record_file::has_header(path, &FORMAT)
}

/// Appends `records` to the ledger at `path` (creating it and its folder), and returns once
/// they are on disk. Safe against other appending processes and a writer that died mid-line;
/// a record that would not read back is refused, unwritten.
pub fn append(path: &Path, records: &[Record]) -> Result<()> {
    let lines: String = records.iter().map(Record::line).collect();
    record_file::append(path, &FORMAT, &|l| parse(l, 0).is_ok(), &lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use chrono::TimeZone;

    fn fp(n: u8) -> Fingerprint {
        Fingerprint([n; 16])
    }

    fn record(case: &str, n: u8) -> Record {
        let at = chrono::Utc.with_ymd_and_hms(2026, 12, 6, 10, 0, 0).unwrap();
        Record::new(at, case, "urgent.example.org", fp(n), "acted link")
    }

    #[test]
    fn records_round_trip_without_any_address() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/actions.tsv");
        append(&path, &[record("ua-1", 1), record("ua-2", 2)]).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            format!(
                "{HEADER}\n\
                 2026-12-06T10:00:00Z\tua-1\turgent.example.org\tAQEBAQEBAQEBAQEBAQEBAQ\tacted link\n\
                 2026-12-06T10:00:00Z\tua-2\turgent.example.org\tAgICAgICAgICAgICAgICAg\tacted link\n"
            )
        );
        let mut read_back = Vec::new();
        read(&path, |s| read_back.push(s.to_record())).unwrap();
        assert_eq!(read_back, [record("ua-1", 1), record("ua-2", 2)]);
    }

    #[test]
    fn a_fingerprint_is_exactly_22_base64url_characters() {
        assert_eq!(Fingerprint::parse("AQEBAQEBAQEBAQEBAQEBAQ"), Some(fp(1)));
        for bad in [
            "",
            "AQEBAQEBAQEBAQEBAQEBAQ=",
            "AQEBAQEBAQEBAQEBAQEBAR",
            "AQEBAQEBAQEBAQEBAQEBA+",
            "olga@example.net",
        ] {
            assert_eq!(Fingerprint::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_address_in_place_of_a_fingerprint_is_an_error_at_its_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.tsv");
        std::fs::write(
            &path,
            format!(
                "\u{feff}# note\n{HEADER}\n2026-12-06T10:00:00Z\tua-1\t-\tolga@example.net\tx\n"
            ),
        )
        .unwrap();
        let Err(Error::Invalid(problems)) = read(&path, |_| {}) else {
            panic!("an address is not a fingerprint");
        };
        assert_eq!((problems[0].line, problems[0].col), (3, 29));
        assert!(problems[0].message.contains("never an address"));
    }
}
