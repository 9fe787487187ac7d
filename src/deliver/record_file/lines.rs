//! Lines read with a bound on each, and turned into text only when they are text: a line
//! longer than [`MAX_LINE`] is read past, never held; a NUL byte or bytes that are not UTF-8 are
//! located to their column.

use super::{Bad, MAX_LINE};
use std::io::{BufRead, Read};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Lines read with a bound on each: a line longer than [`MAX_LINE`] is read past, not held.
pub struct Lines<R> {
    reader: R,
    buf: Vec<u8>,
    number: usize,
    offset: u64,
}

/// One line as read, before it is known to be text.
pub struct Raw<'a> {
    /// Its 1-based number.
    pub number: usize,
    /// Its bytes, without the newline.
    pub(super) bytes: &'a [u8],
    /// Whether it ended with a newline.
    pub terminated: bool,
    /// Whether it was longer than [`MAX_LINE`] (then `bytes` holds only its start).
    pub(super) too_long: bool,
    /// Byte offsets of its start and of its end (after the newline).
    pub start: u64,
    /// See `start`.
    pub end: u64,
}

impl<R: BufRead> Lines<R> {
    /// Lines of `reader`, numbered from 1.
    pub fn new(reader: R) -> Lines<R> {
        Lines {
            reader,
            buf: Vec::with_capacity(256),
            number: 0,
            offset: 0,
        }
    }

    /// The next line, or `None` at the end.
    pub fn next_line(&mut self) -> std::io::Result<Option<Raw<'_>>> {
        self.buf.clear();
        let start = self.offset;
        // Room for the line, a CR and the newline; past that the rest of the line is skipped.
        let limit = (MAX_LINE + 2) as u64;
        let n = (&mut self.reader)
            .take(limit)
            .read_until(b'\n', &mut self.buf)?;
        if n == 0 {
            return Ok(None);
        }
        self.offset += n as u64;
        let mut terminated = self.buf.last() == Some(&b'\n');
        let too_long = !terminated && n as u64 == limit;
        if too_long {
            // Read past the rest of the line, a bounded piece at a time.
            let mut rest = Vec::new();
            loop {
                rest.clear();
                let m = (&mut self.reader)
                    .take(limit)
                    .read_until(b'\n', &mut rest)?;
                self.offset += m as u64;
                if m == 0 || rest.last() == Some(&b'\n') {
                    terminated = m > 0;
                    break;
                }
            }
        }
        self.number += 1;
        if terminated && !too_long {
            self.buf.pop();
        }
        Ok(Some(Raw {
            number: self.number,
            bytes: &self.buf,
            terminated,
            too_long,
            start,
            end: self.offset,
        }))
    }
}

impl<'a> Raw<'a> {
    /// The line as text: without a leading byte order mark (first line) or a trailing CR;
    /// an error for a line too long, a NUL byte or bytes that are not UTF-8.
    pub fn text(&self) -> Result<&'a str, Bad> {
        if self.too_long {
            return Err(Bad::at(
                1,
                format!(
                    "the line is longer than {} KiB: this is not a line the program wrote",
                    MAX_LINE >> 10
                ),
            ));
        }
        let mut b = self.bytes;
        if self.number == 1 {
            b = b.strip_prefix(BOM).unwrap_or(b);
        }
        b = b.strip_suffix(b"\r").unwrap_or(b);
        let col = |at: usize| String::from_utf8_lossy(&b[..at]).chars().count() + 1;
        if let Some(at) = b
            .contains(&0)
            .then(|| b.iter().position(|x| *x == 0))
            .flatten()
        {
            return Err(Bad::at(col(at), "a NUL byte: the file is damaged here"));
        }
        std::str::from_utf8(b).map_err(|e| {
            Bad::at(
                col(e.valid_up_to()),
                "bytes that are not UTF-8 text: the file is damaged here",
            )
        })
    }
}
