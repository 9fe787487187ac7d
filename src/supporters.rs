//! The supporters file: CSV with a header row (`email,name,language` required, `country`
//! optional, any further columns passed to templates), read as a stream so memory does not
//! grow with the number of rows.

use crate::error::{Error, Problem, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;

/// One valid row.
#[derive(Debug, Clone, Serialize)]
pub struct Supporter {
    /// Line number in the file (1-based, header is line 1).
    pub line: u64,
    /// Email address.
    pub email: String,
    /// Name, as they want to be greeted.
    pub name: String,
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
}

/// Streaming reader over a supporters file.
pub struct Supporters {
    reader: csv::Reader<File>,
    columns: Vec<String>,
    email: usize,
    name: usize,
    language: usize,
    country: Option<usize>,
    record: csv::StringRecord,
}

const REQUIRED: [&str; 3] = ["email", "name", "language"];

impl Supporters {
    /// Opens `path` and checks the header row.
    pub fn open(path: &Path) -> Result<Supporters> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(file);
        let headers = reader.headers().map_err(|e| {
            Error::Invalid(vec![Problem::error(
                path,
                (1, 1),
                format!("cannot read the header row: {e}"),
            )])
        })?;
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
            columns,
            reader,
            record: csv::StringRecord::new(),
        })
    }
}

impl Iterator for Supporters {
    type Item = std::result::Result<Supporter, Rejected>;

    fn next(&mut self) -> Option<Self::Item> {
        let read = self.reader.read_record(&mut self.record);
        let line = self.record.position().map_or(0, |p| p.line());
        match read {
            Ok(false) => None,
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line());
                // A broken row is skipped; the reader resynchronises at the next line.
                Some(Err(Rejected {
                    line,
                    reason: format!("unreadable row: {e}"),
                }))
            }
            Ok(true) => Some(parse_row(&self.record, line, self)),
        }
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
        return Err(Rejected {
            line,
            reason: format!("`{email}` is not a valid email address: {why}"),
        });
    }
    let language = get(s.language).to_lowercase().replace('_', "-");
    if !language.is_empty() && !is_language_tag(&language) {
        return Err(Rejected {
            line,
            reason: format!("`{language}` is not a language code (write e.g. en, ru, kk)"),
        });
    }
    let name = get(s.name);
    if name.chars().any(char::is_control) {
        return Err(Rejected {
            line,
            reason: "the name contains control characters".into(),
        });
    }
    let country = s
        .country
        .map(get)
        .filter(|c| !c.is_empty())
        .map(|c| c.to_uppercase());
    let extra = s
        .columns
        .iter()
        .enumerate()
        .filter(|(i, _)| ![s.email, s.name, s.language].contains(i) && Some(*i) != s.country)
        .map(|(i, c)| (c.clone(), get(i)))
        .collect();
    Ok(Supporter {
        line,
        email,
        name,
        language,
        country,
        extra,
    })
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
    fn missing_columns_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.csv");
        std::fs::write(&path, "mail,name\n").unwrap();
        let Err(Error::Invalid(p)) = Supporters::open(&path) else {
            panic!()
        };
        assert!(p[0].message.contains("email, language"));
    }
}
