//! The journal's file format, and the only code that parses it.
//!
//! Version 2: the header [`HEADER`] (after any blank lines and `#` comments, see
//! [`crate::deliver::record_file`]), then one line per message,
//! `case <TAB> kind <TAB> address <TAB> status <TAB> message-id`:
//! - `case` and `kind`: words without spaces (`ua-82-18`, `alert`, `reminder:2018-06-01`,
//!   `email:kz/ombudsman`);
//! - `address`: the recipient (or recipients, joined by commas) in normal form
//!   ([`crate::address::normalize`]; another form is read as its normal form), or empty on an
//!   authority line of an older version;
//! - `status`: exactly `accepted`, or `unknown` when the server went silent after the end of the
//!   message (it may have been delivered, so it is not sent again). `Accepted`, `accepted ` or
//!   anything else is an error naming the line: guessing could send the message again;
//! - `message-id`: free text.
//!
//! Version 1 had no header and no status: `case <TAB> kind <TAB> address <TAB> message-id`, each
//! line an accepted message. A journal is read as version 1 only when records come before any
//! header; a line of five columns there is a version-2 record that lost its header, an error.
//!
//! A last line without its newline is a record when all its columns are present and valid;
//! otherwise it was torn by a crash mid-write and is not read (the message may go again: the
//! crash bound).

use crate::deliver::record_file::{self, Bad, Format, Item, Scan};
use crate::error::{Error, Result};
use std::fs::File;
use std::io::Write;
use std::path::Path;

/// The header of a version-2 journal.
pub const HEADER: &str = "# appeal journal v2";

/// The journal as a record file.
pub const FORMAT: Format = Format {
    what: "journal",
    family: "# appeal journal",
    header: HEADER,
    headerless_records: true,
    hint: "fix the line or delete it (a deleted line's message is sent again)",
};

/// What the journal knows of a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The server accepted the message.
    Accepted,
    /// The server went silent after the end of the message: it may have been delivered.
    Unknown,
}

impl Status {
    /// The status as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Accepted => "accepted",
            Status::Unknown => "unknown",
        }
    }

    fn parse(s: &str) -> Option<Status> {
        match s {
            "accepted" => Some(Status::Accepted),
            "unknown" => Some(Status::Unknown),
            _ => None,
        }
    }
}

/// One record: the key (case, kind, normal address), its status and its Message-ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// The case id.
    pub case: &'a str,
    /// The message kind.
    pub kind: &'a str,
    /// The recipient in normal form; empty on an old authority line.
    pub address: String,
    /// Accepted or unknown.
    pub status: Status,
    /// The message's Message-ID.
    pub message_id: &'a str,
}

impl Line<'_> {
    /// The line's key, as [`super::key`] makes it.
    pub fn key(&self) -> String {
        format!("{}\t{}\t{}", self.case, self.kind, self.address)
    }

    /// The line in version 2, with its newline.
    pub fn to_v2(&self) -> String {
        format!(
            "{}\t{}\t{}\t{}\t{}\n",
            self.case,
            self.kind,
            self.address,
            self.status.as_str(),
            self.message_id
        )
    }
}

/// Parses one record (without its line ending): version 2 after the header, else version 1.
pub fn parse(text: &str, headed: bool) -> Result<Line<'_>, Bad> {
    let cols = record_file::columns(text);
    let want = if headed { 5 } else { 4 };
    if cols.len() != want {
        if !headed && cols.len() == 5 && Status::parse(cols[3].1).is_some() {
            return Err(Bad::at(
                1,
                format!(
                    "a version-2 record in a journal without its header: write `{HEADER}` on a \
                     line of its own above the first record"
                ),
            ));
        }
        let names = if headed {
            "case, kind, address, status, message-id"
        } else {
            "case, kind, address, message-id"
        };
        return Err(Bad::at(
            cols.get(want).map_or(1, |c| c.0),
            format!(
                "a record has {want} tab-separated columns ({names}); this line has {}",
                cols.len()
            ),
        ));
    }
    record_file::word(cols[0].0, cols[0].1, "case", false)?;
    record_file::word(cols[1].0, cols[1].1, "kind", false)?;
    let (col, address) = cols[2];
    if !address.is_empty() {
        record_file::word(col, address, "address", false)?;
        if !address.contains('@') {
            return Err(Bad::at(col, format!("the address `{address}` has no `@`")));
        }
    }
    let (status, message_id) = if headed {
        let (col, status) = cols[3];
        let status = Status::parse(status).ok_or_else(|| {
            Bad::at(
                col,
                format!(
                    "status `{}`: write `accepted` (the server took the message) or `unknown` \
                     (it may have), exactly so",
                    status.escape_debug()
                ),
            )
        })?;
        (status, cols[4].1)
    } else {
        (Status::Accepted, cols[3].1)
    };
    Ok(Line {
        case: cols[0].1,
        kind: cols[1].1,
        address: crate::address::normalize(address),
        status,
        message_id,
    })
}

/// Reads every record of the journal `file` (named `path` in messages), in one pass, calling
/// `each` with each; see [`record_file::scan`] for what stops it.
pub fn scan(path: &Path, file: File, mut each: impl FnMut(&Line<'_>)) -> Result<Scan> {
    record_file::scan(path, file, &FORMAT, |item| match item {
        Item::Note(_) => Ok(()),
        Item::Record { text, headed, .. } => {
            each(&parse(text, headed)?);
            Ok(())
        }
    })
}

/// Writes the version-1 journal `file` to `out` as version 2: the header, then every line in
/// order, records with their status, blank lines and comments as they were. `tmp` names `out`.
pub fn migrate(path: &Path, file: File, tmp: &Path, out: &mut impl Write) -> Result<()> {
    let mut failed = out.write_all(format!("{HEADER}\n").as_bytes()).err();
    record_file::scan(path, file, &FORMAT, |item| {
        let line = match item {
            Item::Note(text) => format!("{text}\n"),
            Item::Record { text, headed, .. } => parse(text, headed)?.to_v2(),
        };
        if failed.is_none() {
            failed = out.write_all(line.as_bytes()).err();
        }
        Ok(())
    })?;
    match failed {
        Some(e) => Err(Error::io(tmp, e)),
        None => Ok(()),
    }
}

/// A delivery read back from the journal, for readers that need more than the index keeps
/// (the bounce reader: whom a Message-ID went to).
#[derive(Debug, Clone, Copy)]
pub struct Delivery<'a> {
    /// The recipient in normal form; empty on an authority line of an older version.
    pub address: &'a str,
    /// Its Message-ID.
    pub message_id: &'a str,
}

/// Calls `each` with every delivery in the journal at `path`, in file order, read exactly as
/// [`super::Journal::open`] reads it, one line at a time and never writing. No journal yet: no
/// deliveries.
pub fn read(path: &Path, mut each: impl FnMut(Delivery<'_>)) -> Result<()> {
    let Some(file) = record_file::open(path, &FORMAT)? else {
        return Ok(());
    };
    scan(path, file, |line| {
        each(Delivery {
            address: &line.address,
            message_id: line.message_id,
        })
    })?;
    Ok(())
}
