//! What the record files this program keeps have in common (the sending journal, the
//! suppression ledger, the bounce log): how they are framed into lines, where their header may
//! stand, what a torn last line is, how big they may grow, and how a writer appends to one. Each
//! format's own module parses its records ([`super::journal`], [`super::suppressions`],
//! [`crate::bounces::log`]) and is the only code that does; this module never looks inside a
//! record.
//!
//! The grammar, for a format whose header is, say, `# appeal suppressions v1`:
//! - a UTF-8 byte order mark may open the file; lines end with LF or CRLF;
//! - before the header: blank lines and `#` comments only (a comment that starts like a header
//!   of the same family, `# appeal suppressions v9`, is a version this program does not know:
//!   an error, never a comment);
//! - then the header, then records; blank lines and `#` comments may stand between records;
//! - anything else (a line that is not a record, a NUL byte, text that is not UTF-8, a line
//!   longer than [`MAX_LINE`]) is an error at its `path:line:col` that stops the run: skipping it
//!   could resend a message or mail someone who asked not to be;
//! - the last line may lack its newline. It is **complete** when it is a blank line, a comment,
//!   the header, or a record whose every column is present and valid (the last, free-text column
//!   may hold anything): then it counts, and the next writer adds the newline before appending.
//!   Otherwise it is **torn** (a writer stopped mid-line: a crash, a full disk): it is not read,
//!   and the next writer cuts it off. A torn line never acknowledged anything: a record is on
//!   disk before anyone is told it is done.
//!
//! The journal alone also reads records that come before any header: its version 1 had none.
//!
//! Bounds (README "Limits"): a record file is a regular file of at most [`MAX_BYTES`], checked
//! before it is read, and no line is held past [`MAX_LINE`], so a device, a FIFO or a huge file
//! given as a journal or ledger is a clear error, never an abort or gigabytes of memory.

mod append;
mod lines;

pub use append::{Repair, append};
pub use lines::{Lines, Raw};

use crate::error::{Error, Problem, Result};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

/// The largest journal, ledger or log this program reads: 1 GiB (about 10 million records).
pub const MAX_BYTES: u64 = 1 << 30;

/// The longest line, without its line ending: no record comes near it.
pub const MAX_LINE: usize = 64 << 10;

/// The longest free text a writer puts in a record (a remote server's reply, say): records
/// stay far below [`MAX_LINE`], whatever a bounce message holds.
pub const MAX_FREE_TEXT: usize = 1000;

/// Errors listed before a reader gives up on a file: past this many, it is the wrong file.
pub const MAX_PROBLEMS: usize = 50;

/// One record file format.
#[derive(Debug)]
pub struct Format {
    /// What it is, for messages: `journal`, `suppression ledger`.
    pub what: &'static str,
    /// How every header of this family starts: `# appeal journal`.
    pub family: &'static str,
    /// The header of the version this program writes: `# appeal journal v2`.
    pub header: &'static str,
    /// Whether records may come before any header (an older, headerless version).
    pub headerless_records: bool,
    /// What to do about a bad line, ending its message.
    pub hint: &'static str,
}

/// What is wrong with one line: the column (1-based, in characters) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bad {
    /// Where in the line.
    pub col: usize,
    /// What is wrong, and what to write instead.
    pub message: String,
    /// Whether the file as a whole is not of this format (reading stops at once).
    fatal: bool,
}

impl Bad {
    /// A bad line at `col`.
    pub fn at(col: usize, message: impl Into<String>) -> Bad {
        Bad {
            col,
            message: message.into(),
            fatal: false,
        }
    }

    fn fatal(message: String) -> Bad {
        Bad {
            col: 1,
            message,
            fatal: true,
        }
    }
}

/// The tab-separated columns of a record with the 1-based column (in characters) each starts
/// at, for locating a problem.
pub fn columns(text: &str) -> Vec<(usize, &str)> {
    let mut fields = Vec::with_capacity(8);
    // Records are ASCII but for some addresses: a byte is then a character.
    let ascii = text.is_ascii();
    let mut col = 1;
    for field in text.split('\t') {
        fields.push((col, field));
        col += 1 + if ascii {
            field.len()
        } else {
            field.chars().count()
        };
    }
    fields
}

/// Reads a column that holds a time, as every record file writes it (RFC 3339).
pub fn time(col: usize, field: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, Bad> {
    chrono::DateTime::parse_from_rfc3339(field).map_err(|_| {
        Bad::at(
            col,
            format!(
                "time `{}`: write an RFC 3339 time such as 2026-11-01T10:00:00Z",
                field.escape_debug()
            ),
        )
    })
}

/// Checks a column that holds a word written by the program (a case id, an action, a list id):
/// present, with no space or control character around it, and none inside it unless `spaces`.
pub fn word(col: usize, field: &str, name: &str, spaces: bool) -> Result<(), Bad> {
    if field.is_empty() {
        return Err(Bad::at(col, format!("the {name} is empty")));
    }
    // Most words are plain ASCII without spaces: one pass over the bytes settles them.
    if field
        .bytes()
        .all(|b| b.is_ascii_graphic() || (spaces && b == b' '))
        && !field.starts_with(' ')
        && !field.ends_with(' ')
    {
        return Ok(());
    }
    if field.trim() != field {
        return Err(Bad::at(
            col,
            format!(
                "the {name} `{}` has spaces around it: write `{}`",
                field.escape_debug(),
                field.trim()
            ),
        ));
    }
    if let Some((i, c)) = field
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_control() || (!spaces && c.is_whitespace()))
    {
        return Err(Bad::at(
            col + i,
            format!(
                "the {name} `{}` holds {}",
                field.escape_debug(),
                if c.is_control() {
                    "a control character"
                } else {
                    "a space"
                }
            ),
        ));
    }
    Ok(())
}

/// Free text as a writer puts it in a record: one line (tabs, line breaks and other control
/// characters become spaces), at most [`MAX_FREE_TEXT`] characters.
pub fn free_text(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(MAX_FREE_TEXT)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().nth(MAX_FREE_TEXT).is_some() {
        out.push('…');
    }
    out
}

/// Opens the record file at `path` to read it: `None` when there is none. Anything but a
/// regular file (a device, a FIFO, a folder), or one over [`MAX_BYTES`], is refused before a
/// byte is read.
pub fn open(path: &Path, format: &Format) -> Result<Option<File>> {
    match std::fs::metadata(path) {
        Ok(meta) => check(path, &meta, format.what)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e)),
    }
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    // What was opened is what counts: the name may have been pointed elsewhere meanwhile.
    check(
        path,
        &file.metadata().map_err(|e| Error::io(path, e))?,
        format.what,
    )?;
    Ok(Some(file))
}

/// Refuses anything at `path` but a regular file, before a lock or a file is made beside it:
/// a journal given as `/dev/zero` must not leave `/dev/zero.lock` behind. Absent is fine.
pub fn regular_or_absent(path: &Path, what: &str) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => check(path, &meta, what),
        _ => Ok(()),
    }
}

fn check(path: &Path, meta: &std::fs::Metadata, what: &str) -> Result<()> {
    if !meta.is_file() {
        let kind = kind_of_file(meta);
        return Err(Error::io(
            path,
            std::io::Error::other(format!(
                "not a regular file ({kind}): give a file (a {what} is read and written as one)"
            )),
        ));
    }
    if meta.len() > MAX_BYTES {
        return Err(Error::io(
            path,
            std::io::Error::other(format!(
                "{} bytes, more than the {} GiB a {what} may hold (README \"Limits\"): start a \
                 new one and keep this one as it is",
                meta.len(),
                MAX_BYTES >> 30,
            )),
        ));
    }
    Ok(())
}

fn kind_of_file(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a folder"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a file"
    }
}

/// Whether the file at `path` has this format's header (of any version) before its first
/// other line: what tells a record file from another kind of file (a list of addresses, say).
pub fn has_header(path: &Path, format: &Format) -> Result<bool> {
    let Some(file) = open(path, format)? else {
        return Ok(false);
    };
    let mut lines = Lines::new(BufReader::new(file.take(MAX_BYTES)));
    while let Some(raw) = lines.next_line().map_err(|e| Error::io(path, e))? {
        match raw.text().map(|t| kind(t, format)) {
            Ok(Kind::Blank | Kind::Comment) => {}
            Ok(Kind::Header | Kind::OtherVersion) => return Ok(true),
            _ => return Ok(false),
        }
    }
    Ok(false)
}

/// What a line is to the grammar, before its format reads a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    Comment,
    Header,
    OtherVersion,
    Text,
}

fn kind(text: &str, format: &Format) -> Kind {
    // A record starts with neither `#` nor a space: most lines are settled by their first byte.
    if text
        .as_bytes()
        .first()
        .is_some_and(|b| *b != b'#' && !b.is_ascii_whitespace())
    {
        return Kind::Text;
    }
    if text.trim().is_empty() {
        Kind::Blank
    } else if text.trim_end() == format.header {
        Kind::Header
    } else if text.starts_with(format.family) {
        Kind::OtherVersion
    } else if text.starts_with('#') {
        Kind::Comment
    } else {
        Kind::Text
    }
}

/// A line handed to a format's reader.
#[derive(Debug, Clone, Copy)]
pub enum Item<'a> {
    /// A blank line or a comment (the header is not handed over).
    Note(&'a str),
    /// A line that must be a record.
    Record {
        /// Its text, without its line ending.
        text: &'a str,
        /// Its number.
        line: usize,
        /// Whether the header came before it (if not, the format is its headerless version).
        headed: bool,
    },
}

/// What one pass over a record file found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scan {
    /// Whether the file has its header.
    pub headed: bool,
    /// Records read.
    pub records: u64,
    /// Bytes read.
    pub len: u64,
    /// Bytes up to the end of the last line that counts: past it is a torn line.
    pub keep: u64,
    /// Whether the last line that counts lacks its newline.
    pub unterminated: bool,
}

impl Scan {
    /// What a writer must do before appending to the file this pass read.
    pub fn repair(&self) -> Repair {
        Repair {
            cut_to: (self.keep < self.len).then_some(self.keep),
            newline: self.unterminated,
            header: !self.headed && self.records == 0,
        }
    }
}

/// Reads the record file `file` (opened with [`open`]) in one pass, handing `each` every line
/// that is not the header, in order. `each` returns `Err` for a line its format does not
/// accept, having changed nothing: that is an error at the line, unless it is the torn last
/// line. `path` is the name problems give.
pub fn scan(
    path: &Path,
    file: File,
    format: &Format,
    mut each: impl FnMut(Item<'_>) -> Result<(), Bad>,
) -> Result<Scan> {
    let mut lines = Lines::new(BufReader::with_capacity(1 << 16, file.take(MAX_BYTES)));
    let mut scan = Scan::default();
    let mut problems = Vec::new();
    while let Some(raw) = lines.next_line().map_err(|e| Error::io(path, e))? {
        scan.len = raw.end;
        match line(&raw, format, &mut scan, &mut each) {
            Ok(()) => {
                scan.keep = raw.end;
                scan.unterminated = !raw.terminated;
            }
            Err(bad) if !raw.terminated && (!bad.fatal || is_torn_header(&raw, format)) => {}
            Err(bad) => {
                let fatal = bad.fatal;
                problems.push(Problem::error(
                    path,
                    (raw.number, bad.col),
                    if fatal {
                        bad.message
                    } else {
                        format!("{}; {}", bad.message, format.hint)
                    },
                ));
                if fatal {
                    break;
                }
                if problems.len() == MAX_PROBLEMS {
                    problems.push(Problem::error(
                        path,
                        (raw.number, 1),
                        format!(
                            "{MAX_PROBLEMS} bad lines: stopped reading here. Is this file a {}?",
                            format.what
                        ),
                    ));
                    break;
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(scan)
    } else {
        Err(Error::Invalid(problems))
    }
}

/// A header cut short while the file was being created: torn, not another version.
fn is_torn_header(raw: &Raw<'_>, format: &Format) -> bool {
    raw.text()
        .is_ok_and(|t| format.header.starts_with(t.trim_end()))
}

/// One line of [`scan`].
fn line(
    raw: &Raw<'_>,
    format: &Format,
    scan: &mut Scan,
    each: &mut impl FnMut(Item<'_>) -> Result<(), Bad>,
) -> Result<(), Bad> {
    let text = raw.text()?;
    match kind(text, format) {
        Kind::Blank | Kind::Comment => each(Item::Note(text)),
        // The same header again (two files joined, say) says nothing new.
        Kind::Header if scan.headed => each(Item::Note(text)),
        Kind::Header if scan.records > 0 => Err(Bad::fatal(format!(
            "the header `{}` comes after records: move it above them, to the top of the file",
            format.header
        ))),
        Kind::Header => {
            scan.headed = true;
            Ok(())
        }
        Kind::OtherVersion => Err(Bad::fatal(format!(
            "`{}` is a {} version this program does not know: use a newer appeal, or give \
             another file",
            text.trim_end(),
            format.what
        ))),
        Kind::Text if !scan.headed && !format.headerless_records => Err(Bad::fatal(format!(
            "not a {}: its first line (after any blank lines and `#` comments) must be `{}`",
            format.what, format.header
        ))),
        Kind::Text => {
            each(Item::Record {
                text,
                line: raw.number,
                headed: scan.headed,
            })?;
            scan.records += 1;
            Ok(())
        }
    }
}
