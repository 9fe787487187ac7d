//! Every line shape fed to each reader of the program's record files (the sending journal, the
//! suppression ledger, the bounce log, the actions ledger), through the library's own readers and writers: header
//! variants, comments, blank lines, a byte order mark, CRLF, each column missing or bad, an
//! extra column, NUL bytes, bytes that are not UTF-8, a line too long, a last line without its
//! newline, complete or torn at every byte. No valid record is ever dropped, and every invalid
//! line is reported at its line (and column). Then a generator of random files and damage, run
//! for a fixed number of cases in the normal test run.

use appeal::bounces::log::{Entry, Log};
use appeal::deliver::actions::{self, Fingerprint};
use appeal::deliver::journal::{self, Journal};
use appeal::deliver::suppressions::{self, Action, Record};
use appeal::error::Error;
use std::path::Path;

/// What reading gave: the numbers of the records read, or the (line, column) of each problem.
type Outcome = Result<Vec<usize>, Vec<(usize, usize)>>;

/// One record file format, as the tests see it.
struct Format {
    name: &'static str,
    header: &'static str,
    /// Record number `i`, column by column.
    record: fn(usize) -> Vec<String>,
    /// Values that make a column bad, by column: each must be reported at the column's start.
    bad: &'static [(usize, &'static [&'static str])],
    read: fn(&Path) -> Outcome,
    /// Appends record 999 with the format's own writer.
    write: fn(&Path) -> appeal::error::Result<()>,
}

fn outcome(result: appeal::error::Result<()>, ids: Vec<usize>) -> Outcome {
    match result {
        Ok(()) => Ok(ids),
        Err(Error::Invalid(problems)) => Err(problems.iter().map(|p| (p.line, p.col)).collect()),
        Err(e) => panic!("not a located error: {e}"),
    }
}

/// `r12@example.net` or `<r12@x>` → 12 (a record changed by the random test may have none).
fn id_of(text: &str) -> usize {
    let text = text.trim_start_matches('<');
    text.find('@')
        .and_then(|at| text.get(1..at))
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX)
}

fn journal_record(i: usize) -> Vec<String> {
    let address = if i % 3 == 2 {
        format!("r{i}@пример.рф")
    } else {
        format!("r{i}@example.net")
    };
    vec![
        "ua-1".into(),
        "alert".into(),
        address,
        if i % 4 == 3 { "unknown" } else { "accepted" }.into(),
        format!("<m{i}@example.org>"),
    ]
}

fn read_journal(path: &Path) -> Outcome {
    let mut ids = vec![];
    let result = journal::read(path, |d| ids.push(id_of(d.address)));
    // The sending run's reader reads the same records, or fails the same way.
    match (&result, Journal::read_only(path)) {
        (Ok(()), Ok(j)) => assert_eq!(j.len(), ids.len()),
        (Err(_), Err(Error::Invalid(_))) => {}
        (a, b) => panic!(
            "the two journal readers disagree: {a:?} / {:?}",
            b.map(|j| j.len())
        ),
    }
    outcome(result, ids)
}

fn write_journal(path: &Path) -> appeal::error::Result<()> {
    Journal::open(path)?.record(
        &journal::key("ua-1", "alert", "r999@example.net"),
        "<m999@example.org>",
    )
}

fn ledger_record(i: usize) -> Vec<String> {
    vec![
        "2026-11-01T10:00:00Z".into(),
        if i % 5 == 4 { "remove" } else { "add" }.into(),
        format!("r{i}@example.net"),
        ["unsubscribed", "hard-bounce", "complaint", "manual"][i % 4].into(),
        if i.is_multiple_of(2) {
            "all"
        } else {
            "urgent actions"
        }
        .into(),
        format!("source {i}"),
    ]
}

fn read_ledger(path: &Path) -> Outcome {
    let mut ids = vec![];
    let result = suppressions::read(path, |r, _| ids.push(id_of(&r.address)));
    outcome(result, ids)
}

fn write_ledger(path: &Path) -> appeal::error::Result<()> {
    let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
    let r = Record::new(
        now,
        Action::Add,
        "r999@example.net",
        "manual",
        "all",
        "test",
    );
    suppressions::append(path, &[r])
}

fn log_record(i: usize) -> Vec<String> {
    vec![
        "2026-11-01T10:00:00Z".into(),
        format!("<r{i}@x>"),
        [
            "hard",
            "soft",
            "policy",
            "complaint",
            "unsubscribed",
            "notice",
        ][i % 6]
            .into(),
        if i % 6 == 5 {
            String::new()
        } else {
            format!("r{i}@example.net")
        },
        "4.2.2".into(),
        format!("note {i}"),
    ]
}

fn read_log(path: &Path) -> Outcome {
    match Log::load(path) {
        Ok(log) => Ok((0..1000)
            .filter(|i| log.contains(&format!("<r{i}@x>")))
            .collect()),
        Err(e) => outcome(Err(e), vec![]),
    }
}

fn write_log(path: &Path) -> appeal::error::Result<()> {
    let entry = Entry {
        time: 1_800_000_000,
        key: "<r999@x>".into(),
        outcome: "soft".into(),
        address: "r999@example.net".into(),
        status: "4.2.2".into(),
        note: "full".into(),
    };
    Log::load(path)?.append(&[entry])
}

fn actions_record(i: usize) -> Vec<String> {
    let mut fp = [0u8; 16];
    fp[..8].copy_from_slice(&(i as u64).to_le_bytes());
    vec![
        "2026-12-06T10:00:00Z".into(),
        // The id rides in the case: nothing in a record names a person.
        format!("ua-{i}"),
        if i.is_multiple_of(2) {
            "urgent-actions.example.org"
        } else {
            "-"
        }
        .into(),
        Fingerprint(fp).to_string(),
        format!("acted link {i}"),
    ]
}

fn read_actions(path: &Path) -> Outcome {
    let mut ids = vec![];
    let result = actions::read(path, |a| {
        ids.push(
            a.case
                .strip_prefix("ua-")
                .and_then(|n| n.parse().ok())
                .unwrap_or(usize::MAX),
        )
    });
    outcome(result, ids)
}

fn write_actions(path: &Path) -> appeal::error::Result<()> {
    let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
    let r = actions::Record::new(now, "ua-999", "", Fingerprint([9; 16]), "test");
    actions::append(path, &[r])
}

const FORMATS: [Format; 4] = [
    Format {
        name: "journal",
        header: "# appeal journal v2",
        record: journal_record,
        bad: &[
            (0, &["", " ua-1"]),
            (1, &["", "alert "]),
            (2, &["r1example.net", " r1@example.net"]),
            (
                3,
                &[
                    "Accepted",
                    "accepted ",
                    " accepted",
                    "ACCEPTED",
                    "acc",
                    "",
                    "sent",
                ],
            ),
        ],
        read: read_journal,
        write: write_journal,
    },
    Format {
        name: "ledger",
        header: "# appeal suppressions v1",
        record: ledger_record,
        bad: &[
            (0, &["", "2026-11-01", "yesterday", " 2026-11-01T10:00:00Z"]),
            (1, &["Add", "add ", " add", "delete", ""]),
            (2, &["", "r1example.net", "r1@example.net "]),
            (3, &["Manual", "bounced", ""]),
            (4, &["", " all"]),
        ],
        read: read_ledger,
        write: write_ledger,
    },
    Format {
        name: "bounce log",
        header: "# appeal bounces v1",
        record: log_record,
        bad: &[
            (0, &["", "yesterday"]),
            (1, &["", " <r1@x>"]),
            (2, &["Soft", "soft ", "bounced", ""]),
            (3, &[" r1@example.net"]),
        ],
        read: read_log,
        write: write_log,
    },
    Format {
        name: "actions ledger",
        header: "# appeal actions v1",
        record: actions_record,
        bad: &[
            (0, &["", "2026-12-06", "yesterday", " 2026-12-06T10:00:00Z"]),
            (1, &["", " ua-1", "ua-1 "]),
            (2, &["", " -"]),
            (
                3,
                &[
                    "",
                    "r1@example.net",
                    "AAAA",
                    "AQEBAQEBAQEBAQEBAQEBAR",
                    "AQEBAQEBAQEBAQEBAQEBAQ==",
                    " AQEBAQEBAQEBAQEBAQEBAQ",
                ],
            ),
        ],
        read: read_actions,
        write: write_actions,
    },
];

fn line(f: &Format, i: usize) -> String {
    (f.record)(i).join("\t")
}

/// The 1-based column (in characters) where column `k` of `columns` starts.
fn col_of(columns: &[String], k: usize) -> usize {
    columns[..k]
        .iter()
        .map(|c| c.chars().count() + 1)
        .sum::<usize>()
        + 1
}

fn read_bytes(f: &Format, bytes: &[u8]) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("file.tsv");
    std::fs::write(&path, bytes).unwrap();
    (f.read)(&path)
}

#[track_caller]
fn assert_reads(f: &Format, bytes: &[u8], want: &[usize]) {
    let got = read_bytes(f, bytes);
    let mut ids = got.unwrap_or_else(|p| {
        panic!(
            "{}: problems at {p:?} in {:?}",
            f.name,
            String::from_utf8_lossy(bytes)
        )
    });
    ids.sort();
    assert_eq!(
        ids,
        want,
        "{}: {:?}",
        f.name,
        String::from_utf8_lossy(bytes)
    );
}

/// Every problem is at `at` (line, column), and there is one.
#[track_caller]
fn assert_fails_at(f: &Format, bytes: &[u8], at: (usize, usize)) {
    match read_bytes(f, bytes) {
        Ok(ids) => panic!(
            "{}: read {ids:?}, wanted an error at {at:?} in {:?}",
            f.name,
            String::from_utf8_lossy(bytes)
        ),
        Err(problems) => assert!(
            !problems.is_empty() && problems.iter().all(|p| *p == at),
            "{}: problems at {problems:?}, wanted {at:?} in {:?}",
            f.name,
            String::from_utf8_lossy(bytes)
        ),
    }
}

#[test]
fn the_header_may_follow_blank_lines_comments_and_a_bom_and_nothing_else() {
    for f in &FORMATS {
        let records = format!("{}\n{}\n{}\n", line(f, 0), line(f, 1), line(f, 2));
        let h = f.header;
        for before in [
            "",
            "\u{feff}",
            "# the campaign's file\n",
            "\n",
            "  \n\t\n",
            "\u{feff}# notes\n\n# more\n",
            "#\n",
        ] {
            assert_reads(f, format!("{before}{h}\n{records}").as_bytes(), &[0, 1, 2]);
        }
        assert_reads(f, format!("{h}  \n{records}").as_bytes(), &[0, 1, 2]);
        let crlf = format!("# c\r\n\r\n{h}\r\n{}", records.replace('\n', "\r\n"));
        assert_reads(f, crlf.as_bytes(), &[0, 1, 2]);
        // Comments, blank lines and the header again between records.
        let spaced = format!(
            "{h}\n{}\n# note\n\n{}\n{h}\n   \n{}\n",
            line(f, 0),
            line(f, 1),
            line(f, 2)
        );
        assert_reads(f, spaced.as_bytes(), &[0, 1, 2]);
        // Only a header, only comments, nothing at all.
        assert_reads(f, format!("{h}\n").as_bytes(), &[]);
        assert_reads(f, b"# nothing yet\n", &[]);
        assert_reads(f, b"", &[]);
        // Another version of the family, anywhere: a located error.
        let family = h.rsplit_once(' ').unwrap().0;
        assert_fails_at(f, format!("{family} v9\n{records}").as_bytes(), (1, 1));
        assert_fails_at(
            f,
            format!("# c\n\n{family} v9\n{records}").as_bytes(),
            (3, 1),
        );
        assert_fails_at(
            f,
            format!("{h}\n{}\n{family} v9\n", line(f, 0)).as_bytes(),
            (3, 1),
        );
        // Anything else before the header.
        if f.name != "journal" {
            assert_fails_at(f, format!("hello\n{h}\n{records}").as_bytes(), (1, 1));
            assert_fails_at(f, records.as_bytes(), (1, 1));
            assert_fails_at(f, format!("# c\n{records}").as_bytes(), (2, 1));
        }
    }
}

#[test]
fn the_journal_is_version_1_only_when_records_come_before_any_header() {
    let f = &FORMATS[0];
    let v1 = |i: usize| {
        let mut c = journal_record(i);
        c.remove(3);
        c.join("\t")
    };
    // Version 1 under a comment, a blank line or a BOM is still version 1.
    for before in ["", "# old journal\n", "\n", "\u{feff}"] {
        let text = format!("{before}{}\n{}\n", v1(0), v1(1));
        assert_reads(f, text.as_bytes(), &[0, 1]);
    }
    // A version-2 record without its header: an error, never version 1.
    let text = format!("# c\n{}\n", line(f, 0));
    assert_fails_at(f, text.as_bytes(), (2, 1));
    // A version-1 line among version-2 records, and the header after records.
    assert_fails_at(
        f,
        format!("{}\n{}\n{}\n", f.header, line(f, 0), v1(1)).as_bytes(),
        (3, 1),
    );
    assert_fails_at(
        f,
        format!("{}\n{}\n{}\n", v1(0), f.header, line(f, 1)).as_bytes(),
        (2, 1),
    );
    // Opening a version-1 journal for writing migrates it: comments kept, nothing dropped.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.tsv");
    std::fs::write(&path, format!("\u{feff}# old\n{}\n\n{}", v1(0), v1(1))).unwrap();
    write_journal(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with(&format!("{}\n# old\n{}\n\n", f.header, line(f, 0))),
        "{text}"
    );
    assert_eq!(read_journal(&path), Ok(vec![0, 1, 999]));
}

#[test]
fn every_bad_line_is_reported_at_its_line_and_column() {
    for f in &FORMATS {
        let cols = (f.record)(1);
        let mut bad: Vec<(Vec<u8>, usize)> = vec![];
        for (k, values) in f.bad {
            for v in *values {
                let mut c = cols.clone();
                c[*k] = v.to_string();
                bad.push((c.join("\t").into_bytes(), col_of(&c, *k)));
            }
        }
        for k in 0..cols.len() {
            let mut c = cols.clone();
            c.remove(k);
            bad.push((c.join("\t").into_bytes(), 1));
        }
        let mut extra = cols.clone();
        extra.push("extra".into());
        bad.push((extra.join("\t").into_bytes(), col_of(&extra, cols.len())));
        let whole = cols.join("\t");
        for (at, insert) in [
            (0, b"\0".as_slice()),
            (3, b"\0"),
            (0, b"\xff"),
            (3, b"\xc3"),
        ] {
            let mut b = whole.clone().into_bytes();
            b.splice(at..at, insert.iter().copied());
            bad.push((b, at + 1));
        }
        bad.push((format!("{whole}{}", "x".repeat(70_000)).into_bytes(), 1));
        bad.push((b"garbage".to_vec(), 1));
        bad.push((b"  garbage  ".to_vec(), 1));
        for (text, col) in bad {
            for (before, after) in [
                (
                    format!("{}\n{}\n", f.header, line(f, 0)),
                    format!("\n{}\n", line(f, 2)),
                ),
                (
                    format!("\u{feff}{}\r\n{}\r\n", f.header, line(f, 0)),
                    "\r\n".into(),
                ),
            ] {
                let mut bytes = before.into_bytes();
                bytes.extend_from_slice(&text);
                bytes.extend_from_slice(after.as_bytes());
                assert_fails_at(f, &bytes, (3, col));
            }
        }
    }
}

#[test]
fn a_last_line_without_its_newline_counts_when_complete_and_is_torn_otherwise() {
    for f in &FORMATS {
        let head = format!("{}\n{}\n{}\n", f.header, line(f, 0), line(f, 1));
        let last = line(f, 2);
        let columns = (f.record)(2).len();
        for cut in 0..=last.len() {
            let mut bytes = head.clone().into_bytes();
            bytes.extend_from_slice(&last.as_bytes()[..cut]);
            // Complete: every column there (the last is free text), and whole UTF-8.
            let part = std::str::from_utf8(&last.as_bytes()[..cut]);
            let complete = part.is_ok_and(|p| p.matches('\t').count() == columns - 1);
            let want: &[usize] = if complete { &[0, 1, 2] } else { &[0, 1] };
            assert_reads(f, &bytes, want);
            // The next writer ends a complete line, cuts a torn one, and keeps every record.
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("file.tsv");
            std::fs::write(&path, &bytes).unwrap();
            (f.write)(&path).unwrap();
            let mut after = (f.read)(&path).unwrap_or_else(|p| panic!("{}: {p:?}", f.name));
            after.sort();
            let mut wanted = want.to_vec();
            wanted.push(999);
            assert_eq!(after, wanted, "{} cut at {cut}", f.name);
        }
        // A header torn as the file was made, and one complete without its newline.
        for text in [&f.header[..9], &f.header[..f.header.len() - 1], f.header] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("file.tsv");
            std::fs::write(&path, text).unwrap();
            assert_eq!((f.read)(&path), Ok(vec![]), "{}: {text:?}", f.name);
            (f.write)(&path).unwrap();
            assert_eq!((f.read)(&path), Ok(vec![999]), "{}: {text:?}", f.name);
        }
    }
}

#[test]
fn writers_never_append_to_a_file_of_another_kind() {
    for f in FORMATS.iter().skip(1) {
        for text in ["email,name\na@example.org,A\n", "hello", "# c\nhello\n"] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("other.csv");
            std::fs::write(&path, text).unwrap();
            assert!(
                (f.write)(&path).is_err(),
                "{}: appended to {text:?}",
                f.name
            );
            assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        }
    }
}

/// A small deterministic generator (xorshift64*): the same cases on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Random files of each format (records, comments, blank lines, a BOM, CRLF), then one kind of
/// damage: none, a bad line, a byte changed in a record, a torn or unended last line. Whatever
/// the file, the reader never panics; an undamaged record is never dropped; an error is only
/// ever at the damaged line; and the next writer leaves a file that reads whole.
#[test]
fn random_files_and_damage_never_lose_a_record_or_misplace_an_error() {
    const CASES: usize = 400;
    let started = std::time::Instant::now();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for f in &FORMATS {
        for case in 0..CASES {
            let mut lines: Vec<(Vec<u8>, Option<usize>)> = vec![];
            for _ in 0..rng.below(3) {
                lines.push((["# c", "", " "][rng.below(3)].into(), None));
            }
            lines.push((f.header.into(), None));
            for i in 0..rng.below(12) {
                if rng.below(4) == 0 {
                    lines.push((["# note", "", "\t"][rng.below(3)].into(), None));
                }
                lines.push((line(f, i).into_bytes(), Some(i)));
            }
            let records: Vec<usize> = lines.iter().filter_map(|l| l.1).collect();
            let damage = rng.below(5);
            let (mut damaged_line, mut damaged_id) = (None, None);
            match damage {
                // A bad line anywhere after the header.
                1 => {
                    let header_at = lines.iter().position(|l| l.0 == f.header.as_bytes());
                    let at = header_at.unwrap() + 1 + rng.below(lines.len() - header_at.unwrap());
                    let (k, values) = f.bad[rng.below(f.bad.len())];
                    let mut c = (f.record)(500);
                    c[k] = values[rng.below(values.len())].into();
                    lines.insert(at, (c.join("\t").into_bytes(), None));
                    damaged_line = Some(at + 1);
                }
                // One byte of a record changed (never into a line break).
                2 if !records.is_empty() => {
                    let candidates: Vec<usize> =
                        (0..lines.len()).filter(|&n| lines[n].1.is_some()).collect();
                    let n = candidates[rng.below(candidates.len())];
                    let len = lines[n].0.len();
                    let byte = [0u8, b'\t', b' ', b'#', b'x', 0xff, b'A'][rng.below(7)];
                    lines[n].0[rng.below(len)] = byte;
                    damaged_id = lines[n].1.take();
                    damaged_line = Some(n + 1);
                }
                _ => {}
            }
            let crlf = rng.below(4) == 0;
            let mut bytes = if rng.below(4) == 0 {
                "\u{feff}".as_bytes().to_vec()
            } else {
                vec![]
            };
            for (text, _) in &lines {
                bytes.extend_from_slice(text);
                bytes.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
            }
            let mut intact = records.clone();
            intact.retain(|i| damaged_id != Some(*i));
            let last_record = lines.last().and_then(|l| l.1);
            match damage {
                // The last line unended: still read (it is complete).
                3 => {
                    bytes.truncate(bytes.len() - if crlf { 2 } else { 1 });
                }
                // The last record torn somewhere: the others are read.
                4 if last_record.is_some() => {
                    let cut = 1 + rng.below(lines.last().unwrap().0.len());
                    let end = bytes.len() - if crlf { 2 } else { 1 };
                    bytes.truncate(end - lines.last().unwrap().0.len() + cut);
                    intact.retain(|i| Some(*i) != last_record);
                }
                _ => {}
            }
            let got = read_bytes(f, &bytes);
            let text = String::from_utf8_lossy(&bytes);
            match (&got, damaged_line) {
                (Ok(ids), _) => {
                    for i in &intact {
                        assert!(
                            ids.contains(i),
                            "{} case {case}: lost {i}: {text:?}",
                            f.name
                        );
                    }
                }
                (Err(problems), Some(n)) => assert!(
                    problems.iter().all(|p| p.0 == n),
                    "{} case {case}: problems {problems:?}, damage at {n}: {text:?}",
                    f.name
                ),
                (Err(problems), None) => {
                    panic!("{} case {case}: problems {problems:?} in {text:?}", f.name)
                }
            }
            if damage == 1 {
                assert!(
                    got.is_err(),
                    "{} case {case}: a bad line read: {text:?}",
                    f.name
                );
            }
            if let Ok(before) = got {
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("file.tsv");
                std::fs::write(&path, &bytes).unwrap();
                (f.write)(&path).unwrap();
                let after = (f.read)(&path)
                    .unwrap_or_else(|p| panic!("{} case {case}: {p:?} after writing", f.name));
                for i in before.iter().chain([&999]) {
                    assert!(
                        after.contains(i),
                        "{} case {case}: {i} lost by the writer",
                        f.name
                    );
                }
            }
        }
    }
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}
