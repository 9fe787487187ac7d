//! Reading a file whole. serde stops at the first field it does not know and at the first value
//! it cannot read; here each such problem is reported and set aside in the text (see
//! [`super::edit::Aside`]), and the file is read again, until what is left reads. So `check`
//! lists every unknown field of a file at once, nested ones too, each with "did you mean", and
//! the rest of the file is still read and validated.
//!
//! An unknown field that is a plausible typo of a field the mapping lacks is read under that
//! name (`sumary` as `summary`): it is still an error, but the value then counts for the rest
//! of the checks, so one mistake gives one error and not also "missing field `summary`". A value
//! of the wrong type is left out; if its field was required, the file stops there, with that
//! one error.

use super::edit::{Aside, Document};
use super::spans::Spans;
use crate::error::{did_you_mean, suggestion};
use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

/// A problem found while reading: where (1-based line and column) and what.
pub type Found = ((usize, usize), String);

/// How many times a file is read again before giving up. Unknown fields of one mapping, and of
/// every item of the same list, are set aside in one go, so real files need a few passes; a
/// hostile file with thousands of broken values stops here.
const MAX_PASSES: usize = 50;

/// Reads `text` as a `T`: the value, when the file reads once its problems are set aside, and
/// every problem, in the order met.
pub fn read<T: DeserializeOwned>(text: &str) -> (Option<T>, Vec<Found>) {
    let mut reader = Reader {
        text: text.to_string(),
        original: text,
        spans: std::cell::OnceCell::new(),
        found: Vec::new(),
        left_out: Vec::new(),
        renamed: Vec::new(),
    };
    for _ in 0..MAX_PASSES {
        match reader.pass::<T>() {
            Pass::Read(value) => return (Some(value), reader.found),
            Pass::Again => {}
            Pass::Stop => return (None, reader.found),
        }
    }
    reader.found.push((
        (1, 1),
        format!("reading stopped after {MAX_PASSES} rounds of problems: fix those listed and run `appeal check` again"),
    ));
    (None, reader.found)
}

/// The state of one file's reading.
struct Reader<'t> {
    /// The text as read now: the original with the problems met so far set aside.
    text: String,
    /// The text as written.
    original: &'t str,
    /// Where each value of the original text stands: indexed only when a problem needs it.
    spans: std::cell::OnceCell<Spans>,
    found: Vec<Found>,
    /// Paths of values left out for their type: a "missing field" for one of them is no news.
    left_out: Vec<Vec<String>>,
    /// Keys read under another name: the new path, the original one, and on which line and
    /// from which column the text is shifted by how many characters.
    renamed: Vec<Renamed>,
}

struct Renamed {
    now: Vec<String>,
    was: Vec<String>,
    line: usize,
    after_col: usize,
    shift: isize,
}

enum Pass<T> {
    Read(T),
    Again,
    Stop,
}

impl Reader<'_> {
    /// One reading of the text.
    fn pass<T: DeserializeOwned>(&mut self) -> Pass<T> {
        let de = serde_yaml::Deserializer::from_str(&self.text);
        let error = match serde_path_to_error::deserialize::<_, T>(de) {
            Ok(value) => return Pass::Read(value),
            Err(e) => e,
        };
        let path: Vec<String> = error.path().iter().map(segment).collect();
        let inner = error.into_inner();
        let at =
            self.original_position(inner.location().map_or((1, 1), |l| (l.line(), l.column())));
        let message = strip_location(&inner.to_string());
        let (prefix, bare) = split_path_prefix(&message, &path);
        if let Some((word, allowed)) = unknown_field(bare) {
            // The path ends at the unknown key, or (a hand-written reader) at its mapping.
            let parent = match path.split_last() {
                Some((last, parent)) if last == word => parent,
                _ => &path[..],
            };
            if self.set_aside_unknown(parent, &allowed) {
                return Pass::Again;
            }
            let close = did_you_mean(word, allowed.iter().map(String::as_str));
            self.found
                .push((at, unknown_message(parent, word, close, &allowed)));
            return Pass::Stop;
        }
        if let Some(field) = missing_field(bare) {
            let mut missing = path.clone();
            missing.push(field.to_string());
            if self.left_out.contains(&missing) {
                return Pass::Stop;
            }
        }
        self.found.push((at, reword(&prefix, bare)));
        if self.leave_out(&path) {
            Pass::Again
        } else {
            Pass::Stop
        }
    }

    /// Sets aside every unknown key of the mapping at `parent`, and of the mappings at the
    /// same place in the other items of the same lists (they are of the same kind); reports
    /// each. False when the text has no such mapping to edit.
    fn set_aside_unknown(&mut self, parent: &[String], allowed: &[String]) -> bool {
        let Ok(mut doc) = Document::parse(&self.text) else {
            return false;
        };
        // Any list index in the path stands for every item of that list.
        let pattern: Vec<&str> = parent
            .iter()
            .map(|s| {
                if s.parse::<usize>().is_ok() {
                    "*"
                } else {
                    s.as_str()
                }
            })
            .collect();
        let mut edits = Vec::new();
        let mut renames = Vec::new();
        let mut found = Vec::new();
        for (map, keys) in doc.mappings(&pattern) {
            let mut taken: std::collections::HashSet<&str> =
                keys.iter().map(String::as_str).collect();
            for key in keys.iter().filter(|k| !allowed.contains(k)) {
                let mut path = map.clone();
                path.push(key.clone());
                let close = did_you_mean(key, allowed.iter().map(String::as_str));
                let original = self.original_path(&path);
                let at = self
                    .spans
                    .get_or_init(|| Spans::index(self.original))
                    .locate(&original.join("."));
                found.push((at, unknown_message(&map, key, close, allowed)));
                let aside = match close {
                    Some(close) if !taken.contains(close) => {
                        taken.insert(close);
                        renames.push((path.clone(), close.to_string(), original));
                        Aside::Rename(close.to_string())
                    }
                    _ => Aside::Blank,
                };
                edits.push((path, aside));
            }
        }
        if edits.is_empty() {
            return false;
        }
        let positions: Vec<Option<(usize, usize)>> = renames
            .iter()
            .map(|(path, ..)| {
                let p: Vec<&str> = path.iter().map(String::as_str).collect();
                doc.key_position(&p)
            })
            .collect();
        if doc.set_aside(&edits).is_err() {
            return false;
        }
        for ((path, new, was), at) in renames.into_iter().zip(positions) {
            let old = path.last().map_or(0, |k| k.chars().count()) as isize;
            let mut now = path;
            now.pop();
            now.push(new.clone());
            if let Some((line, col)) = at {
                self.renamed.push(Renamed {
                    now,
                    was,
                    line,
                    after_col: col + old as usize,
                    shift: new.chars().count() as isize - old,
                });
            }
        }
        self.text = doc.text().to_string();
        self.found.extend(found);
        true
    }

    /// Leaves out the mapping entry at `path`, whose value could not be read; false when the
    /// path does not end in a mapping key of the text (a list item, the whole file).
    fn leave_out(&mut self, path: &[String]) -> bool {
        if path.last().is_none_or(|k| k.parse::<usize>().is_ok()) {
            return false;
        }
        let Ok(mut doc) = Document::parse(&self.text) else {
            return false;
        };
        if doc.set_aside(&[(path.to_vec(), Aside::Blank)]).is_err() {
            return false;
        }
        self.text = doc.text().to_string();
        self.left_out.push(path.to_vec());
        true
    }

    /// The path a value had in the original text, before keys were renamed.
    fn original_path(&self, path: &[String]) -> Vec<String> {
        let mut path = path.to_vec();
        for r in self.renamed.iter().rev() {
            if path.starts_with(&r.now) {
                path.splice(..r.now.len(), r.was.iter().cloned());
            }
        }
        path
    }

    /// A position in the text as read now, as it was in the original text.
    fn original_position(&self, (line, col): (usize, usize)) -> (usize, usize) {
        let shift: isize = self
            .renamed
            .iter()
            .filter(|r| r.line == line && col >= r.after_col)
            .map(|r| r.shift)
            .sum();
        (line, (col as isize - shift).max(1) as usize)
    }
}

/// A path segment as the spans index writes it.
fn segment(s: &Segment) -> String {
    match s {
        Segment::Seq { index } => index.to_string(),
        Segment::Map { key } => key.clone(),
        Segment::Enum { variant } => variant.clone(),
        Segment::Unknown => "?".into(),
    }
}

/// serde_yaml's own rendering of a path (`people[0].name`).
fn yaml_path(path: &[String]) -> String {
    let mut out = String::new();
    for s in path {
        if s.parse::<usize>().is_ok() {
            out.push_str(&format!("[{s}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(s);
        }
    }
    out
}

/// serde_yaml starts a message about a nested value with its path (`people[0]: …`): that
/// prefix, kept for the reader, and the message after it.
fn split_path_prefix<'m>(message: &'m str, path: &[String]) -> (String, &'m str) {
    for end in (1..=path.len()).rev() {
        let prefix = format!("{}: ", yaml_path(&path[..end]));
        if let Some(rest) = message.strip_prefix(&prefix) {
            return (prefix, rest);
        }
    }
    (String::new(), message)
}

/// The "unknown field" message for `key` in the mapping at `map`, `close` to a field allowed.
fn unknown_message(map: &[String], key: &str, close: Option<&str>, allowed: &[String]) -> String {
    let prefix = if map.is_empty() {
        String::new()
    } else {
        format!("{}: ", yaml_path(map))
    };
    let close = close
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default();
    format!(
        "{prefix}unknown field `{key}`{close}; allowed fields: {}",
        allowed.join(", ")
    )
}

/// serde's "unknown field `x`, expected …": the field and the fields allowed.
fn unknown_field(message: &str) -> Option<(&str, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (word, expected) = rest.split_once("`, ")?;
    let allowed = if expected == "there are no fields" {
        Vec::new()
    } else {
        let list = expected.strip_prefix("expected ")?;
        let list = list.strip_prefix("one of ").unwrap_or(list);
        list.split(", ")
            .flat_map(|s| s.split(" or "))
            .map(|s| s.trim_matches('`').to_string())
            .collect()
    };
    Some((word, allowed))
}

/// serde's "missing field `x`": the field.
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.strip_suffix('`')
}

/// Turns serde's messages (after the path of the value they are about, `prefix`) into ones
/// that say what to do.
fn reword(prefix: &str, message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown variant `")
        && let Some((word, expected)) = rest.split_once("`, expected ")
    {
        let allowed: Vec<&str> = expected
            .trim_start_matches("one of ")
            .split(", ")
            .flat_map(|s| s.split(" or "))
            .map(|s| s.trim_matches('`'))
            .collect();
        return format!(
            "{prefix}unknown value `{word}`{}; allowed: {}",
            suggestion(word, allowed.iter().copied()),
            allowed.join(", ")
        );
    }
    const CHRONO: [&str; 6] = [
        "input is out of range",
        "input contains invalid characters",
        "premature end of input",
        "trailing input",
        "input is not enough for unique date and time",
        "no possible date and time matching input",
    ];
    if let Some(kind) = CHRONO.iter().find(|k| message.contains(*k)) {
        return format!("invalid date ({kind}): write dates as YYYY-MM-DD, e.g. 2018-06-07");
    }
    if message.contains("repetition limit exceeded") || message.contains("recursion limit exceeded")
    {
        return format!(
            "{message}: the file expands aliases too far (an alias bomb?); write the values out"
        );
    }
    format!("{prefix}{message}")
}

/// A message without serde_yaml's " at line L column C" (the location is shown before it).
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => message[..i].to_string(),
        _ => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::case::{Deadline, TargetRef};
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        deadline: Deadline,
        #[serde(default)]
        targets: Vec<TargetRef>,
        #[serde(default)]
        note: Option<String>,
    }

    #[test]
    fn every_unknown_field_of_every_item_is_reported_and_typos_are_read_as_meant() {
        let text = "\
deadline:
  sendbefore: 2018-06-07
targets:
  - rol: kz/a
    lang: kk
  - {role: kz/b, fax: '+77172506402', lang: ru}
  - role: kz/c
    comment: not a field
";
        let (value, found) = read::<File>(text);
        let file = value.unwrap();
        assert_eq!(
            file.deadline.send_before.map(|d| d.to_string()).as_deref(),
            Some("2018-06-07")
        );
        let roles: Vec<&str> = file.targets.iter().map(|t| t.role.as_str()).collect();
        assert_eq!(roles, ["kz/a", "kz/b", "kz/c"]);
        assert_eq!(file.targets[0].language.as_deref(), Some("kk"));
        assert_eq!(file.targets[1].language.as_deref(), Some("ru"));
        let at: Vec<(usize, usize)> = found.iter().map(|(at, _)| *at).collect();
        assert_eq!(at, [(2, 3), (4, 5), (5, 5), (6, 39), (8, 5)], "{found:#?}");
        assert!(found[0].1.starts_with(
            "deadline: unknown field `sendbefore`; did you mean `send_before`?; allowed fields: send_before,"
        ));
        assert!(
            found[2]
                .1
                .starts_with("targets[0]: unknown field `lang`; did you mean `language`?")
        );
        assert!(
            found[4]
                .1
                .starts_with("targets[2]: unknown field `comment`; allowed fields:")
        );
    }

    #[test]
    fn a_value_of_the_wrong_type_is_left_out_and_later_ones_keep_their_place() {
        // The renamed key shifts its line by one column: the error after it is still located
        // where the user wrote it.
        let text = "deadline: {sendbefor: 2018-06-07, days: many}\nnote: [not, text]\n";
        let (value, found) = read::<File>(text);
        let file = value.unwrap();
        assert_eq!(file.deadline.days, None);
        assert!(file.note.is_none());
        assert_eq!(found.len(), 3, "{found:#?}");
        assert_eq!(found[0].0, (1, 12));
        assert_eq!(found[1].0, (1, 41), "{found:#?}");
        assert!(
            found[1].1.contains("invalid type: string \"many\""),
            "{}",
            found[1].1
        );
        assert_eq!(found[2].0.0, 2);
    }

    #[test]
    fn a_required_value_left_out_stops_with_its_own_error_only() {
        let (value, found) = read::<File>("deadline: 12\n");
        assert!(value.is_none());
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].1.contains("invalid type"), "{}", found[0].1);
    }

    #[test]
    fn a_hostile_file_stops_after_a_bounded_number_of_readings() {
        let mut text = String::from("deadline: {}\ntargets:\n");
        for i in 0..200 {
            text.push_str(&format!("  - {{role: kz/{i}, emails: {i}}}\n"));
        }
        let (value, found) = read::<File>(&text);
        assert!(value.is_none());
        assert_eq!(found.len(), MAX_PASSES + 1, "{:?}", found.last());
        assert!(found[MAX_PASSES].1.starts_with("reading stopped after"));
    }
}
