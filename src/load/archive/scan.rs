//! A case file's facts ([`CaseFacts`]) read from its top-level lines, without parsing the file:
//! a few dozen times faster than the YAML parser, which is what lets a command about one case
//! ignore the size of the archive. The scan is exact or gives up: it reads only what it is
//! sure the parser would read the same way (plain or simply quoted one-line values of
//! unindented keys, on lines that are keys: see [`super::lines`]), and on anything else (an
//! anchor, a tag, a flow or block value, a value continued on the next line, a quoted scalar
//! or flow collection of any key that goes on past its line, a key twice, a value the parser
//! might read as a number or a null, a line break other than LF or CRLF, a character the
//! parser refuses) it returns `None`, and the caller parses the file in full.

use super::lines::{Lines, split_at_lf};
use crate::clock::YEARS;
use crate::model::{CaseFacts, CaseKind};
use chrono::NaiveDate;

/// The facts of the case file `text`, or `None` when the scan cannot be sure of them.
pub fn scan(text: &str) -> Option<CaseFacts> {
    // A byte-order mark is the loader's to remove (see `crate::load::read_bounded`).
    if text.starts_with('\u{feff}') || !split_at_lf(text) {
        return None;
    }
    let mut found = Found::default();
    let lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let mut first = true;
    let mut pending_key = false;
    let mut nodes = Lines::default();
    for line in lines {
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() {
            continue;
        }
        // A block scalar's text is not YAML; a line that leaves a value open makes the next
        // lines at the margin part of it, not keys.
        if nodes.next(line)? || trimmed.starts_with('#') {
            continue;
        }
        // A line after one of the facts' keys that is indented continues its value (a
        // multi-line scalar): not a one-line value.
        if line.starts_with(' ') {
            if pending_key {
                return None;
            }
            continue;
        }
        pending_key = false;
        if line.starts_with('\t') || line.starts_with("...") {
            return None;
        }
        if let Some(rest) = line.strip_prefix("---") {
            if !first || !rest.trim().is_empty() {
                return None;
            }
            first = false;
            continue;
        }
        first = false;
        let (key, value) = line.split_once(':')?;
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return None;
        }
        if !(value.is_empty() || value.starts_with(' ')) {
            return None;
        }
        if found.take(key, value)? {
            pending_key = true;
        }
    }
    found.facts()
}

/// The facts met so far, each once.
#[derive(Default)]
struct Found {
    id: Option<String>,
    reference: Option<String>,
    kind: Option<CaseKind>,
    update: Option<u32>,
    follows: Option<String>,
    issued: Option<NaiveDate>,
    country: Option<String>,
}

impl Found {
    /// Reads `key`'s value when it is one of the facts: `Some(true)` when it was, `Some(false)`
    /// for another key, `None` when the value cannot be read for sure (or the key is there
    /// twice).
    fn take(&mut self, key: &str, value: &str) -> Option<bool> {
        fn once<T>(slot: &mut Option<T>, value: Option<T>) -> Option<bool> {
            if slot.is_some() {
                return None;
            }
            *slot = Some(value?);
            Some(true)
        }
        let text = || scalar(value);
        match key {
            "id" => once(&mut self.id, text().filter(|t| is_text(t))),
            "reference" => once(&mut self.reference, text().filter(|t| is_text(t))),
            "follows" => once(&mut self.follows, text().filter(|t| is_text(t))),
            "country" => once(&mut self.country, text().filter(|t| is_text(t))),
            "kind" => once(&mut self.kind, text().and_then(|t| kind(&t))),
            // A number is read from a plain scalar only: `'3'` is a text, which the parser
            // refuses for `update`.
            "update" => once(
                &mut self.update,
                text()
                    .filter(|_| !value.trim_start_matches(' ').starts_with(['"', '\'']))
                    .and_then(|t| number(&t)),
            ),
            "issued" => once(&mut self.issued, text().and_then(|t| date(&t))),
            _ => Some(false),
        }
    }

    /// The facts, when every required one was found.
    fn facts(self) -> Option<CaseFacts> {
        Some(CaseFacts {
            id: self.id?,
            reference: self.reference?,
            kind: self.kind?,
            update: self.update,
            follows: self.follows,
            issued: self.issued,
            country: self.country?,
        })
    }
}

/// A one-line scalar after `key:`: plain (up to a comment), or in quotes with nothing to
/// unescape. `None` for anything else: empty (null, or a value on the next lines), an anchor,
/// alias, tag, flow or block value.
fn scalar(value: &str) -> Option<String> {
    let value = value.trim_matches(' ');
    let first = value.chars().next()?;
    if let Some(quote @ ('"' | '\'')) = Some(first) {
        let rest = &value[1..];
        let end = rest.find(quote)?;
        let (inner, after) = (&rest[..end], rest[end + 1..].trim_start_matches(' '));
        let escapes = if quote == '"' {
            inner.contains('\\')
        } else {
            false
        };
        if escapes || !(after.is_empty() || after.starts_with('#')) {
            return None;
        }
        return Some(inner.to_string());
    }
    if "&*!|>{[%@`-?:,#".contains(first) {
        return None;
    }
    let plain = match value.find(" #") {
        Some(comment) => &value[..comment],
        None => value,
    };
    let plain = plain.trim_end_matches(' ');
    // `: ` inside a plain value makes it a mapping; a tab may hide a comment.
    if plain.contains(": ") || plain.ends_with(':') || plain.contains('\t') {
        return None;
    }
    Some(plain.to_string())
}

/// Whether a text reads as that text whatever the parser makes of plain scalars: not empty,
/// and not something YAML could take for a null, a boolean or a number.
fn is_text(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    !text.is_empty()
        && !matches!(
            lower.as_str(),
            "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
        && !text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'))
}

fn kind(text: &str) -> Option<CaseKind> {
    Some(match text {
        "new" => CaseKind::New,
        "update" => CaseKind::Update,
        "stop-action" => CaseKind::StopAction,
        "closure" => CaseKind::Closure,
        _ => return None,
    })
}

/// A plain decimal without sign or leading zero.
fn number(text: &str) -> Option<u32> {
    let ok = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    ok.then(|| text.parse().ok()).flatten()
}

/// `YYYY-MM-DD`, in the years the loader accepts.
fn date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape || !text[..4].parse::<i64>().is_ok_and(|y| YEARS.contains(&y)) {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Case;

    fn facts_of_parse(text: &str) -> CaseFacts {
        CaseFacts::of(&crate::load::parse_str::<Case>(text).unwrap())
    }

    #[test]
    fn the_samples_scan_as_they_parse() {
        let dirs = ["appeals/cases", "tests/fixtures/life"];
        for dir in dirs {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            for path in crate::load::yaml_files(&dir) {
                let text = std::fs::read_to_string(&path).unwrap();
                assert_eq!(
                    scan(&text),
                    Some(facts_of_parse(&text)),
                    "{}",
                    path.display()
                );
            }
        }
    }

    /// A small case file with `head` as its first lines.
    fn file(head: &str) -> String {
        format!(
            "{head}\norganisation: X\ncountry: KZ\nlanguages: [en]\ntitle: {{en: T}}\n\
             summary: {{en: S}}\npeople: [{{name: {{en: N}}, gender: female}}]\nstory: {{en: S}}\n"
        )
    }

    #[test]
    fn what_it_reads_it_reads_as_the_parser_does() {
        for head in [
            "id: a\nreference: UA 1/18\nkind: new",
            "---\nid: \"a\" # quoted\nreference: 'UA 1/18'\nkind: update\nupdate: 12",
            "# comment\nid: a   # trailing\nreference: UA 1/18\nkind: closure\nfollows: b\nissued: 2019-03-15",
            "id: a\r\nreference: UA 1/18\r\nkind: stop-action\r\nissued: '2019-03-15'\r",
            // Other keys' values that end on their line, block scalars with what looks like
            // keys or open quotes in their text.
            "id: a\nreference: UA 1/18\nkind: new\nindex: \"EUR\" # \"\nfollows: b",
            "id: a\nreference: UA 1/18\nkind: new\nindex: |\n  \"open\n  follows: x\nfollows: b",
            "id: a\nreference: UA 1/18\nkind: new\nreview: [\"it's\", 'a ''b'' [', c]\nfollows: b",
        ] {
            let text = file(head);
            assert_eq!(scan(&text), Some(facts_of_parse(&text)), "{head}");
        }
    }

    #[test]
    fn what_it_cannot_be_sure_of_it_leaves_to_the_parser() {
        for head in [
            // A value continued on the next line.
            "id: a\nreference: UA\n  1/18\nkind: new",
            // Flow, block, anchor, alias, tag, escapes.
            "id: a\nreference: UA 1/18\nkind: new\nfollows: [b]",
            "id: a\nreference: |\n  UA 1/18\nkind: new",
            "id: &x a\nreference: UA 1/18\nkind: new",
            "id: a\nreference: UA 1/18\nkind: !!str new",
            "id: \"a\\u0062\"\nreference: UA 1/18\nkind: new",
            // Twice; null; a number; a year the loader refuses; an unknown kind.
            "id: a\nid: b\nreference: UA 1/18\nkind: new",
            "id: a\nreference: UA 1/18\nkind: new\nfollows: null",
            "id: 123\nreference: UA 1/18\nkind: new",
            "id: a\nreference: UA 1/18\nkind: new\nissued: 1812-06-24",
            "id: a\nreference: UA 1/18\nkind: newer",
            "id: a\nreference: UA 1/18\nkind: new\nupdate: 012",
            // A byte-order mark; a second document; a key in quotes.
            "\u{feff}id: a\nreference: UA 1/18\nkind: new",
            "id: a\nreference: UA 1/18\nkind: new\n---\nid: b",
            "\"id\": a\nreference: UA 1/18\nkind: new",
            // Another key's quoted scalar or flow collection that goes on over lines at the
            // margin: they are its text, not keys.
            "id: a\nreference: UA 1/18\nkind: new\nindex: \"EUR\nfollows: b # \"",
            "id: a\nreference: UA 1/18\nkind: new\nindex: 'EUR\nfollows: b # '",
            "id: a\nreference: UA 1/18\nkind: new\nindex:\n  \"EUR\nfollows: b # \"",
            "id: a\nreference: UA 1/18\nkind: new\ntranslated_from: {ru: {title: x,\nfollows: b #\nz: y}}",
            // Line breaks the parser knows and a split at LF does not; characters it refuses.
            "id: a\nreference: UA 1/18\nkind: new\nfollows: b\r# c",
            "id: a\nreference: UA 1/18\r  more\nkind: new",
            "id: a\nreference: UA 1/18\nkind: new\nfollows: b\u{85}# c",
            "id: a\nreference: UA 1/18\nkind: new\nfollows: b\u{2028}# c",
            "id: a\nreference: UA 1/18\nkind: new\nfollows: b\u{2029}# c",
            "id: a\nreference: UA 1/18\nkind: new\nfollows: b\u{1}",
            // A number in quotes, which the parser refuses for `update`.
            "id: a\nreference: UA 1/18\nkind: update\nupdate: '3'",
        ] {
            assert_eq!(scan(&file(head)), None, "{head}");
        }
    }
}
