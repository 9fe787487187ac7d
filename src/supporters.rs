//! The supporters file: CSV with a header row (`email,name,language` required; `country`,
//! `first_name` and `address` optional; any further columns passed to templates), read as a
//! stream so memory does not grow with the number of rows.

use crate::error::{Error, Problem, Result};
use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// One valid row.
#[derive(Debug, Clone, Serialize)]
pub struct Supporter {
    /// Line number in the file (1-based, header is line 1).
    pub line: u64,
    /// Email address.
    pub email: String,
    /// Full name, as they sign their letters.
    pub name: String,
    /// First name, as alerts greet them (`first_name`); empty: a greeting without a name.
    pub first_name: String,
    /// Postal address lines (`address`, lines separated by `|` or line breaks), which their
    /// letters start with; empty: a line to fill in. Never written to the journal or a log.
    pub address: Vec<String>,
    /// The language they asked for, as written (`ru`, `kk`, `de`...).
    pub language: String,
    /// ISO 3166 country code, upper case.
    pub country: Option<String>,
    /// Every other column.
    pub extra: BTreeMap<String, String>,
}

/// A row that cannot be used, with the reason.
#[derive(Debug, Clone)]
pub struct Rejected {
    /// Line number.
    pub line: u64,
    /// Why.
    pub reason: String,
    /// Set when the file cannot be read past this row: the run stops here.
    pub stops: Option<Stop>,
}

/// Why a supporters file cannot be read past a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// It is not text (a NUL byte), or longer than [`MAX_FILE_BYTES`]: an input error at this
    /// column of the row's line.
    Invalid {
        /// 1-based column, in characters.
        col: u64,
    },
    /// Reading failed.
    Unreadable,
}

impl Rejected {
    /// A row that is skipped; the run goes on.
    fn skipped(line: u64, reason: String) -> Rejected {
        Rejected {
            line,
            reason,
            stops: None,
        }
    }

    /// The error that ends the run when the file cannot be read past this row (`path`: the
    /// supporters file), or `None` for a row that is only skipped.
    pub fn stop_error(&self, path: &Path) -> Option<Error> {
        match self.stops? {
            Stop::Invalid { col } => Some(Error::Invalid(vec![Problem::error(
                path,
                (self.line as usize, col as usize),
                self.reason.clone(),
            )])),
            Stop::Unreadable => Some(Error::io(path, std::io::Error::other(self.reason.clone()))),
        }
    }
}

/// The largest supporters file read: 4 GiB, some twenty million rows.
pub const MAX_FILE_BYTES: u64 = 4 << 30;

/// Streaming reader over a supporters file.
pub struct Supporters {
    reader: csv::Reader<Guard<File>>,
    columns: Vec<String>,
    email: usize,
    name: usize,
    language: usize,
    country: Option<usize>,
    first_name: Option<usize>,
    address: Option<usize>,
    record: csv::StringRecord,
    /// The file could not be read further: the stream has ended.
    failed: bool,
}

const REQUIRED: [&str; 3] = ["email", "name", "language"];

impl Supporters {
    /// Opens `path` and checks the header row.
    pub fn open(path: &Path) -> Result<Supporters> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let header_error =
            |message: String| Error::Invalid(vec![Problem::error(path, (1, 1), message)]);
        // A regular file is measured before it is read; a stream, as it is read.
        if file.metadata().is_ok_and(|m| m.len() > MAX_FILE_BYTES) {
            return Err(header_error(too_large()));
        }
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(Guard::new(file));
        let headers = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                if let Some(stop) = stopped(&e) {
                    return Err(Error::Invalid(vec![Problem::error(
                        path,
                        (stop.line as usize, stop.col as usize),
                        stop.message.clone(),
                    )]));
                }
                return Err(header_error(format!("cannot read the header row: {e}")));
            }
        };
        if reader.get_mut().next_record().is_some_and(|r| r.too_long) {
            return Err(header_error(format!(
                "the header row is longer than {} KiB: is this a supporters file?",
                MAX_LINE / 1024
            )));
        }
        let columns: Vec<String> = headers
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
            .collect();
        let find = |name: &str| columns.iter().position(|c| c == name);
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|c| find(c).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(Error::Invalid(vec![Problem::error(
                path,
                (1, 1),
                format!(
                    "the header row lacks {}: the first line must name the columns, e.g. `email,name,language,country`",
                    missing.join(", ")
                ),
            )]));
        }
        Ok(Supporters {
            email: find("email").unwrap_or(0),
            name: find("name").unwrap_or(0),
            language: find("language").unwrap_or(0),
            country: find("country"),
            first_name: find("first_name"),
            address: find("address"),
            columns,
            reader,
            record: csv::StringRecord::new(),
            failed: false,
        })
    }
}

impl Iterator for Supporters {
    type Item = std::result::Result<Supporter, Rejected>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let read = self.reader.read_record(&mut self.record);
        if let Ok(false) = read {
            return None;
        }
        // The guard saw every record the parser did, in order: it knows the true line.
        let info = self.reader.get_mut().next_record();
        let line = info.as_ref().map_or_else(
            || self.record.position().map_or(0, |p| p.line()),
            |r| r.line,
        );
        if let Err(e) = &read
            && let Some(stop) = stopped(e)
        {
            // Not text, or too long a file: nothing past here is read.
            self.failed = true;
            return Some(Err(Rejected {
                line: stop.line,
                reason: stop.message.clone(),
                stops: Some(Stop::Invalid { col: stop.col }),
            }));
        }
        if info.is_some_and(|r| r.too_long) {
            return Some(Err(Rejected::skipped(
                line,
                format!(
                    "the row is longer than {} KiB: skipped unread",
                    MAX_LINE / 1024
                ),
            )));
        }
        match read {
            Ok(false) => None,
            Err(e) => {
                // A broken row is skipped; the reader resynchronises at the next line.
                let (reason, stops) = match e.kind() {
                    csv::ErrorKind::Utf8 { err, .. } => (
                        format!("column {} is not UTF-8 text", err.field() + 1),
                        None,
                    ),
                    csv::ErrorKind::Io(io) => {
                        // Reading again would fail again: the run stops here, and says so.
                        self.failed = true;
                        (
                            format!("cannot read the file from here on: {io}"),
                            Some(Stop::Unreadable),
                        )
                    }
                    _ => ("unreadable row".to_string(), None),
                };
                Some(Err(Rejected {
                    line,
                    reason,
                    stops,
                }))
            }
            Ok(true) => Some(parse_row(&self.record, line, self)),
        }
    }
}

/// The longest row read, in bytes; a longer one is cut there (memory stays bounded whatever
/// the file holds) and rejected.
pub const MAX_LINE: usize = 64 * 1024;

/// Where a record starts, and whether it was cut.
#[derive(Debug, Clone, Copy)]
struct RecordInfo {
    /// 1-based line of its first byte, counting LF, CRLF and CR line ends alike.
    line: u64,
    /// Longer than [`MAX_LINE`]: the parser saw only its beginning.
    too_long: bool,
}

/// Where the guard is within a CSV record (RFC 4180 quoting, as the `csv` crate reads it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    FieldStart,
    Unquoted,
    Quoted,
    /// A `"` inside a quoted field: the end of the quotes, or the first of `""`.
    QuoteInQuoted,
}

/// A reader between the file and the CSV parser. It follows records as the parser will, counts
/// lines (so CRLF files get the right numbers), and cuts each record after [`MAX_LINE`] bytes,
/// closing an open quote so the parser ends the record where the file does.
struct Guard<R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    end: usize,
    at: At,
    line: u64,
    after_cr: bool,
    in_record: bool,
    record_len: usize,
    /// Bytes of the current record are being dropped.
    cutting: bool,
    /// The cut fell inside quotes: a `"` is owed to the parser before the record ends.
    owe_quote: bool,
    /// Records read ahead of the parser (at most one buffer's worth).
    records: VecDeque<RecordInfo>,
    /// The column (in characters) of the next byte on its line.
    col: u64,
    /// Bytes read from the file so far.
    total: u64,
    /// The most bytes read: [`MAX_FILE_BYTES`].
    limit: u64,
    /// Why reading stopped, handed to the parser at its next read (after the bytes before it).
    stop: Option<StopAt>,
}

/// Where and why a file stops being readable as a supporters file.
#[derive(Debug, Clone)]
struct StopAt {
    line: u64,
    col: u64,
    message: String,
}

impl std::fmt::Display for StopAt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for StopAt {}

/// The location and reason of a stop the guard made, if that is what `e` is.
fn stopped(e: &csv::Error) -> Option<&StopAt> {
    match e.kind() {
        csv::ErrorKind::Io(io) => io.get_ref()?.downcast_ref::<StopAt>(),
        _ => None,
    }
}

fn too_large() -> String {
    format!(
        "the file is larger than {} GiB: split it into several files",
        MAX_FILE_BYTES >> 30
    )
}

impl<R: Read> Guard<R> {
    fn new(inner: R) -> Guard<R> {
        Guard {
            inner,
            buf: vec![0; 64 * 1024].into_boxed_slice(),
            pos: 0,
            end: 0,
            at: At::FieldStart,
            line: 1,
            after_cr: false,
            in_record: false,
            record_len: 0,
            cutting: false,
            owe_quote: false,
            records: VecDeque::new(),
            col: 1,
            total: 0,
            limit: MAX_FILE_BYTES,
            stop: None,
        }
    }

    /// The next record the parser has returned, in order.
    fn next_record(&mut self) -> Option<RecordInfo> {
        self.records.pop_front()
    }
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < out.len() {
            if let Some(stop) = &self.stop {
                if n > 0 {
                    break;
                }
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    stop.clone(),
                ));
            }
            if self.pos == self.end {
                if n > 0 {
                    break;
                }
                self.end = self.inner.read(&mut self.buf)?;
                self.pos = 0;
                self.total += self.end as u64;
                if self.total > self.limit {
                    self.stop(too_large());
                    continue;
                }
                if self.end == 0 {
                    if std::mem::take(&mut self.owe_quote) {
                        out[0] = b'"';
                        return Ok(1);
                    }
                    return Ok(0);
                }
            }
            let b = self.buf[self.pos];
            if b == 0 {
                // A CSV file is text: a NUL byte means another kind of file (or a device).
                self.stop(
                    "a NUL byte: this is not a text file; the supporters file is CSV text (UTF-8)"
                        .into(),
                );
                continue;
            }
            let ends_line = b == b'\n' || b == b'\r';
            if ends_line && self.at != At::Quoted {
                if std::mem::take(&mut self.owe_quote) {
                    out[n] = b'"';
                    n += 1;
                    continue;
                }
                self.count_line(b);
                self.at = At::FieldStart;
                self.in_record = false;
                self.cutting = false;
                self.record_len = 0;
                out[n] = b;
                n += 1;
                self.pos += 1;
                continue;
            }
            if ends_line {
                self.count_line(b);
            } else {
                self.after_cr = false;
                // Columns count characters: UTF-8 continuation bytes add none.
                if b & 0xC0 != 0x80 {
                    self.col += 1;
                }
            }
            if !self.in_record {
                self.in_record = true;
                self.records.push_back(RecordInfo {
                    line: self.line,
                    too_long: false,
                });
            }
            let before = self.at;
            self.at = match (self.at, b) {
                (At::FieldStart, b'"') => At::Quoted,
                (At::FieldStart | At::Unquoted | At::QuoteInQuoted, b',') => At::FieldStart,
                (At::FieldStart | At::Unquoted | At::QuoteInQuoted, _) => At::Unquoted,
                (At::Quoted, b'"') => At::QuoteInQuoted,
                (At::Quoted, _) => At::Quoted,
            };
            // `""` inside quotes is an escaped quote: back inside the quotes.
            if before == At::QuoteInQuoted && b == b'"' {
                self.at = At::Quoted;
            }
            self.record_len += 1;
            self.pos += 1;
            if self.record_len > MAX_LINE {
                if !self.cutting {
                    self.cutting = true;
                    self.owe_quote = before == At::Quoted;
                    if let Some(r) = self.records.back_mut() {
                        r.too_long = true;
                    }
                }
                continue;
            }
            out[n] = b;
            n += 1;
        }
        Ok(n)
    }
}

impl<R> Guard<R> {
    /// Counts a line end: LF, CR, and CRLF as one.
    fn count_line(&mut self, b: u8) {
        if !(b == b'\n' && self.after_cr) {
            self.line += 1;
        }
        self.after_cr = b == b'\r';
        self.col = 1;
    }

    /// Stops reading here: the next read returns why, at the current line and column.
    fn stop(&mut self, message: String) {
        self.stop = Some(StopAt {
            line: self.line,
            col: self.col,
            message,
        });
    }
}

fn parse_row(
    record: &csv::StringRecord,
    line: u64,
    s: &Supporters,
) -> std::result::Result<Supporter, Rejected> {
    let get = |i: usize| record.get(i).unwrap_or("").to_string();
    let email = get(s.email);
    // The same rules as message building (`address::parse`), so an address that passes here
    // cannot fail later, far from its line.
    if let Err(why) = crate::address::parse(&email) {
        return Err(Rejected::skipped(
            line,
            format!("`{}` is not a valid email address: {why}", shown(&email)),
        ));
    }
    let language = get(s.language).to_lowercase().replace('_', "-");
    if !language.is_empty() && !is_language_tag(&language) {
        return Err(Rejected::skipped(
            line,
            format!(
                "`{}` is not a language code (write e.g. en, ru, kk)",
                shown(&language)
            ),
        ));
    }
    let name = get(s.name);
    if name.chars().any(char::is_control) {
        return Err(Rejected::skipped(
            line,
            "the name contains control characters".into(),
        ));
    }
    let first_name = s.first_name.map(get).unwrap_or_default();
    // A line break separates address lines; any other control character has no place in a
    // letter. The row is refused without echoing the address.
    let raw_address = s.address.map(get).unwrap_or_default();
    if first_name.chars().any(char::is_control)
        || raw_address
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r')
    {
        return Err(Rejected::skipped(
            line,
            "the first name or the address contains control characters".into(),
        ));
    }
    let country = s
        .country
        .map(get)
        .filter(|c| !c.is_empty())
        .map(|c| c.to_uppercase());
    let known = [
        Some(s.email),
        Some(s.name),
        Some(s.language),
        s.country,
        s.first_name,
        s.address,
    ];
    let extra = s
        .columns
        .iter()
        .enumerate()
        .filter(|(i, _)| !known.contains(&Some(*i)))
        .map(|(i, c)| (c.clone(), get(i)))
        .collect();
    Ok(Supporter {
        line,
        email,
        name,
        first_name,
        address: address_lines(&raw_address),
        language,
        country,
        extra,
    })
}

/// The lines of an `address` cell: split at `|` and line breaks, each trimmed, empty ones left
/// out.
pub fn address_lines(cell: &str) -> Vec<String> {
    cell.split(['|', '\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The longest piece of a row echoed in a message, in characters.
const SHOWN_CHARS: usize = 60;

/// Text from the file as it may be echoed to a terminal: control and bidirectional-override
/// characters escaped (they could rewrite what the terminal shows), and cut after
/// [`SHOWN_CHARS`] characters (a rejected row's text is not kept whole).
pub fn shown(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == SHOWN_CHARS {
            out.push_str(&format!("… ({} characters)", text.chars().count()));
            break;
        }
        let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}');
        if c.is_control() || bidi {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// `ru`, `kk`, `en-GB`: two or three letters, optionally a region.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("");
    let region_ok =
        parts.all(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_lowercase()) && region_ok
}

/// The primary language subtag (`en-gb` → `en`).
pub fn primary(tag: &str) -> &str {
    tag.split('-').next().unwrap_or(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_rows_and_rejects_bad_ones_with_line_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.csv");
        std::fs::write(&path, "email,name,language,country,city\na@x.org,Айгүл,kk,gb,London\nnot-an-email,B,ru,,\nc@x.org,C,english!,,\n").unwrap();
        let rows: Vec<_> = Supporters::open(&path).unwrap().collect();
        let ok = rows[0].as_ref().unwrap();
        assert_eq!(
            (ok.line, ok.country.as_deref(), ok.extra["city"].as_str()),
            (2, Some("GB"), "London")
        );
        assert_eq!(rows[1].as_ref().unwrap_err().line, 3);
        assert!(rows[2].as_ref().unwrap_err().reason.contains("language"));
    }

    #[test]
    fn first_names_and_addresses_are_read_and_not_passed_on_as_extra_columns() {
        let rows = read(
            "email,name,language,first_name,address,city\n\
             a@x.org,Ольга Петрова,ru,Ольга, Musterstraße 1 | 10115 Berlin |Германия ,Berlin\n\
             b@x.org,B,en,,,\n\
             c@x.org,C,en,,\"Flat 2\n1 High St\r\nLeeds\",\n\
             d@x.org,D,en,,\"a\u{7}b\",\n"
                .as_bytes(),
        );
        let a = rows[0].as_ref().unwrap();
        assert_eq!(a.first_name, "Ольга");
        assert_eq!(a.address, ["Musterstraße 1", "10115 Berlin", "Германия"]);
        assert_eq!(a.extra.keys().collect::<Vec<_>>(), ["city"]);
        let b = rows[1].as_ref().unwrap();
        assert!(b.first_name.is_empty() && b.address.is_empty());
        assert_eq!(
            rows[2].as_ref().unwrap().address,
            ["Flat 2", "1 High St", "Leeds"]
        );
        // Refused, and the address is not echoed.
        let d = rows[3].as_ref().unwrap_err();
        assert!(
            d.reason.contains("control characters") && !d.reason.contains("a\u{7}b"),
            "{}",
            d.reason
        );
    }

    #[test]
    fn missing_columns_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.csv");
        std::fs::write(&path, "mail,name\n").unwrap();
        let Err(Error::Invalid(p)) = Supporters::open(&path) else {
            panic!()
        };
        assert!(p[0].message.contains("email, language"));
    }

    fn read(text: &[u8]) -> Vec<std::result::Result<Supporter, Rejected>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.csv");
        std::fs::write(&path, text).unwrap();
        Supporters::open(&path).unwrap().collect()
    }

    fn lines(rows: &[std::result::Result<Supporter, Rejected>]) -> Vec<u64> {
        rows.iter()
            .map(|r| match r {
                Ok(s) => s.line,
                Err(r) => r.line,
            })
            .collect()
    }

    #[test]
    fn crlf_and_cr_files_number_lines_like_lf_files() {
        let lf = "email,name,language,note\na@x.org,A,en,\n\nb@x.org,B,en,\"first\nsecond line\"\nc@x.org,C,en,\n";
        let rows = read(lf.as_bytes());
        assert_eq!(lines(&rows), [2, 4, 6]);
        assert_eq!(lines(&read(lf.replace('\n', "\r\n").as_bytes())), [2, 4, 6]);
        assert_eq!(lines(&read(lf.replace('\n', "\r").as_bytes())), [2, 4, 6]);
        let b = rows[1].as_ref().unwrap();
        assert_eq!(b.extra["note"], "first\nsecond line");
    }

    #[test]
    fn a_long_row_is_cut_rejected_and_the_next_rows_read() {
        let mut text = b"email,name,language\na@x.org,A,en\nb@x.org,\"".to_vec();
        text.extend(std::iter::repeat_n(b'x', 3 * MAX_LINE));
        text.extend(b"\",en\nc@x.org,C,en\nd@x.org,");
        text.extend(std::iter::repeat_n(b'y', 2 * MAX_LINE));
        text.extend(b",en\r\ne@x.org,E,en\r\n");
        let rows = read(&text);
        assert_eq!(lines(&rows), [2, 3, 4, 5, 6]);
        assert!(
            rows[1]
                .as_ref()
                .unwrap_err()
                .reason
                .contains("longer than 64 KiB")
        );
        assert_eq!(rows[2].as_ref().unwrap().email, "c@x.org");
        assert!(
            rows[3]
                .as_ref()
                .unwrap_err()
                .reason
                .contains("longer than 64 KiB")
        );
        assert_eq!(rows[4].as_ref().unwrap().email, "e@x.org");
        // A long unquoted field at the very end, without a line end.
        let mut tail = b"email,name,language\na@x.org,\"".to_vec();
        tail.extend(std::iter::repeat_n(b'z', 2 * MAX_LINE));
        let rows = read(&tail);
        assert_eq!(lines(&rows), [2]);
        assert!(rows[0].is_err());
    }

    #[test]
    fn echoed_text_is_escaped_and_cut() {
        let rows = read(
            "email,name,language\n\"a\u{1b}[2Jb\u{202e}@x\",A,en\nb@x.org,B,\"e\u{7}\"\n"
                .as_bytes(),
        );
        let first = &rows[0].as_ref().unwrap_err().reason;
        assert!(first.contains("a\\u{1b}[2Jb\\u{202e}@x"), "{first}");
        let second = &rows[1].as_ref().unwrap_err().reason;
        assert!(second.contains("e\\u{7}"), "{second}");
        let long = shown(&"é".repeat(5000));
        assert!(
            long.chars().count() < 100 && long.ends_with("(5000 characters)"),
            "{long}"
        );
    }

    #[test]
    fn a_nul_byte_stops_the_file_at_its_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.csv");
        std::fs::write(&path, b"\0\0\0").unwrap();
        let Err(Error::Invalid(p)) = Supporters::open(&path) else {
            panic!("a NUL in the header row must be refused")
        };
        assert_eq!((p[0].line, p[0].col), (1, 1));
        assert!(p[0].message.contains("NUL byte"), "{}", p[0].message);
        let rows = read(
            "email,name,language\na@x.org,Айгүл,kk\nb@x.org,Бек,r\0u\nc@x.org,C,en\n".as_bytes(),
        );
        assert_eq!(rows.len(), 2, "nothing is read past the NUL");
        let stop = rows[1].as_ref().unwrap_err();
        assert_eq!(stop.stops, Some(Stop::Invalid { col: 14 }));
        let e = stop.stop_error(&path).unwrap().to_string();
        assert!(e.contains("1 error(s)"), "{e}");
        // An ordinary bad row only skips.
        assert!(
            read(b"email,name,language\nbad,B,en\n")[0]
                .as_ref()
                .unwrap_err()
                .stops
                .is_none()
        );
    }

    #[test]
    fn a_file_past_the_size_limit_stops_there() {
        // A stream is counted as it is read (a small limit stands in for 4 GiB).
        let text = "email,name,language\na@x.org,A,en\nb@x.org,B,en\n";
        let mut guard = Guard::new(text.as_bytes());
        guard.limit = 30;
        let mut reader = csv::ReaderBuilder::new().from_reader(guard);
        let mut record = csv::StringRecord::new();
        let mut seen = 0;
        let error = loop {
            match reader.read_record(&mut record) {
                Ok(true) => seen += 1,
                Ok(false) => panic!("read to the end past the limit"),
                Err(e) => break e,
            }
        };
        assert!(seen <= 1, "{seen}");
        assert!(
            stopped(&error)
                .unwrap()
                .message
                .contains("larger than 4 GiB")
        );
        // A regular file is measured before it is read (a sparse file: no disk used).
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.csv");
        let file = File::create(&path).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        let Err(Error::Invalid(p)) = Supporters::open(&path) else {
            panic!("a file over the limit must be refused")
        };
        assert!(
            p[0].message.contains("larger than 4 GiB"),
            "{}",
            p[0].message
        );
    }
}
