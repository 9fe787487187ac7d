//! Writes YAML text by hand, for files people read and edit: a comment over each value, and
//! texts as literal or folded blocks where they read better, each form checked to read back as
//! the same text.

use crate::model::{Alternatives, Choices, Localized, TargetRef};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A YAML writer for the few shapes a case file has: comments, scalars, text maps, lists.
#[derive(Default)]
pub struct Yaml {
    /// The text written so far.
    pub out: String,
}

impl Yaml {
    /// One line at `indent`.
    pub fn line(&mut self, indent: usize, text: &str) {
        let _ = writeln!(self.out, "{:indent$}{text}", "");
    }

    /// A `# ` comment line at `indent`.
    pub fn comment(&mut self, indent: usize, text: &str) {
        self.line(indent, &format!("# {text}"));
    }

    /// A value known to be safe unquoted (ids, kinds, numbers, dates, booleans).
    pub fn plain(&mut self, indent: usize, key: &str, value: &str) {
        self.line(indent, &format!("{key}: {value}"));
    }

    /// `key: value`, or `key:` alone for no value.
    pub fn opt_plain(&mut self, indent: usize, key: &str, value: Option<&str>) {
        match value {
            Some(v) => self.plain(indent, key, v),
            None => self.line(indent, &format!("{key}:")),
        }
    }

    /// `key: ` and a text in the form that reads best (see [`scalar`]).
    pub fn text(&mut self, indent: usize, key: &str, value: &str) {
        let v = scalar(indent, value);
        self.line(indent, &format!("{key}: {v}"));
    }

    /// A text, or `key:` alone for none.
    pub fn opt_text(&mut self, indent: usize, key: &str, value: Option<&str>) {
        match value {
            Some(v) => self.text(indent, key, v),
            None => self.line(indent, &format!("{key}:")),
        }
    }

    /// `key:` and one line per language: the case's languages first, in order, then any other
    /// the map has.
    pub fn texts(&mut self, indent: usize, key: &str, map: &Localized, langs: &[String]) {
        if map.is_empty() {
            self.line(indent, &format!("{key}: {{}}"));
            return;
        }
        self.line(indent, &format!("{key}:"));
        for (lang, text) in ordered(map, langs) {
            self.text(indent + 2, lang, text);
        }
    }

    /// `key:` and each language's text, or its list of alternatives (`- ` a line each), in the
    /// order of [`Yaml::texts`].
    pub fn alternatives(&mut self, indent: usize, key: &str, map: &Alternatives, langs: &[String]) {
        if map.is_empty() {
            self.line(indent, &format!("{key}: {{}}"));
            return;
        }
        self.line(indent, &format!("{key}:"));
        let mut keys: Vec<&String> = langs.iter().filter(|l| map.contains_key(*l)).collect();
        keys.extend(map.keys().filter(|l| !langs.contains(l)));
        for lang in keys {
            match &map[lang] {
                Choices::One(text) => self.text(indent + 2, lang, text),
                Choices::Many(items) if items.is_empty() => {
                    self.line(indent + 2, &format!("{lang}: []"));
                }
                Choices::Many(items) => {
                    self.line(indent + 2, &format!("{lang}:"));
                    for item in items {
                        let v = scalar(indent + 4, item);
                        self.line(indent + 4, &format!("- {v}"));
                    }
                }
            }
        }
    }

    /// A text map as a list item: `- key:` (or `- ` alone when `key` is empty), the languages
    /// indented under it.
    pub fn texts_item(&mut self, indent: usize, key: &str, map: &Localized, langs: &[String]) {
        let (head, inner) = if key.is_empty() {
            (String::new(), indent + 2)
        } else {
            (format!("{key}:"), indent + 4)
        };
        let entries = ordered(map, langs);
        if entries.is_empty() {
            self.line(indent, &format!("- {head} {{}}"));
            return;
        }
        if key.is_empty() {
            // `- en: ...` then the other languages under it.
            for (i, (lang, text)) in entries.into_iter().enumerate() {
                let v = scalar(inner, text);
                let dash = if i == 0 { "- " } else { "  " };
                self.line(indent, &format!("{dash}{lang}: {v}"));
            }
        } else {
            self.line(indent, &format!("- {head}"));
            for (lang, text) in entries {
                self.text(inner, lang, text);
            }
        }
    }

    /// `targets:` / `copies:`: the references, or `[]` under commented examples.
    pub fn refs(
        &mut self,
        indent: usize,
        key: &str,
        refs: &[TargetRef],
        examples: &[(&String, String)],
    ) {
        if refs.is_empty() {
            for (role, title) in examples {
                let title = if title.is_empty() {
                    String::new()
                } else {
                    format!("   ({title})")
                };
                self.comment(indent, &format!("  - role: {role}{title}"));
            }
            self.line(indent, &format!("{key}: []"));
            return;
        }
        self.line(indent, &format!("{key}:"));
        for r in refs {
            self.line(
                indent + 2,
                &format!("- role: {}", quoted_if_needed(&r.role)),
            );
            let inner = indent + 4;
            if let Some(lang) = &r.language {
                self.plain(inner, "language", lang);
            }
            if !r.salutation.is_empty() {
                self.texts(inner, "salutation", &r.salutation, &[]);
            }
            if let Some(emails) = &r.emails {
                let list: Vec<String> = emails.iter().map(|e| quoted(e)).collect();
                self.line(inner, &format!("emails: [{}]", list.join(", ")));
            }
            if let Some(fax) = &r.fax {
                self.line(inner, &format!("fax: {}", quoted(fax)));
            }
        }
    }
}

/// The texts of `map`: the languages of `langs` first, in order, then any other the map has.
fn ordered<'a>(map: &'a Localized, langs: &'a [String]) -> Vec<(&'a str, &'a str)> {
    let mut out: Vec<(&str, &str)> = langs
        .iter()
        .filter_map(|l| map.get(l).map(|t| (l.as_str(), t.as_str())))
        .collect();
    for (l, t) in map {
        if !langs.contains(l) {
            out.push((l, t));
        }
    }
    out
}

/// A double-quoted YAML scalar (JSON's string syntax is valid YAML).
pub fn quoted(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "\"\"".into())
}

/// Whether a plain scalar would read as something other than this text under YAML 1.1, which
/// many readers (PyYAML, older tools, people's habits) still follow: the booleans and nulls
/// `yes`, `no`, `on`, `off`, `y`, `n` (`NO` is Norway), `true`, `null`, `~`, and numbers, times
/// and dates in its wider forms (`1_000`, `1:20`, `0x1F`, `2018-05-20`). Such a text is quoted.
pub fn ambiguous_in_yaml_1_1(value: &str) -> bool {
    let word = matches!(
        value.to_ascii_lowercase().as_str(),
        "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "~"
    );
    let body = value.strip_prefix(['+', '-']).unwrap_or(value);
    let hex = body
        .strip_prefix("0x")
        .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit() || c == '_'));
    // Integers (octal, binary, with `_`), floats, base 60 (`1:20`), dates and times.
    let numeric = body.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && body.chars().any(|c| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || "_:.eEbB+-".contains(c));
    let special = matches!(body.to_ascii_lowercase().as_str(), ".inf" | ".nan");
    word || hex || numeric || special
}

/// A scalar plain when it is a simple word or path (`kz/ombudsman`, `KZ`), quoted otherwise.
pub fn quoted_if_needed(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'))
        && value.starts_with(|c: char| c.is_ascii_alphabetic())
        && !ambiguous_in_yaml_1_1(value);
    if plain {
        value.to_string()
    } else {
        quoted(value)
    }
}

/// How a text is written after `key: ` at `indent`: a literal block for paragraphs, folded
/// lines for a long sentence, quoted otherwise. Each form is read back and kept only when it
/// gives the same text, so no text is ever changed by the way it is written.
pub fn scalar(indent: usize, value: &str) -> String {
    let candidate = if value.contains('\n') {
        literal(indent, value)
    } else if value.chars().count() > 80 {
        folded(indent, value)
    } else {
        None
    };
    match candidate {
        Some(c) if reads_back(&c, value) => c,
        _ => quoted(value),
    }
}

/// Whether `candidate`, written after `key: `, reads back as `value`.
fn reads_back(candidate: &str, value: &str) -> bool {
    // As in the file, where a line break ends every line: without it a block's last line
    // break (the `|` clip) would be missing on reading back, and no block would ever be chosen.
    let doc = format!("k: {candidate}\n");
    serde_yaml::from_str::<BTreeMap<String, String>>(&doc)
        .ok()
        .and_then(|m| m.get("k").cloned())
        .is_some_and(|v| v == value)
}

/// A text with line breaks as a literal block (`|`, `|-` or `|+` after its final line
/// breaks), or `None` when one cannot hold it (leading blanks, blank lines of spaces, `\r`).
fn literal(indent: usize, value: &str) -> Option<String> {
    let body = value.trim_end_matches('\n');
    let trailing = value.len() - body.len();
    if body.is_empty()
        || body.starts_with([' ', '\t', '\n'])
        || body.contains('\r')
        || body.lines().any(|l| !l.is_empty() && l.trim().is_empty())
    {
        return None;
    }
    let chomp = match trailing {
        0 => "|-",
        1 => "|",
        _ => "|+",
    };
    let pad = " ".repeat(indent + 2);
    let mut out = chomp.to_string();
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    for _ in 1..trailing {
        out.push('\n');
    }
    Some(out)
}

/// A long one-line text folded at spaces into lines of about 96 characters (`>-`).
fn folded(indent: usize, value: &str) -> Option<String> {
    if value.starts_with(char::is_whitespace)
        || value.ends_with(char::is_whitespace)
        || value.contains("  ")
        || value.contains(['\t', '\r'])
    {
        return None;
    }
    let pad = " ".repeat(indent + 2);
    let width = 96usize.saturating_sub(indent + 2).max(40);
    let mut out = String::from(">-");
    let mut line = String::new();
    for word in value.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push('\n');
            out.push_str(&pad);
            out.push_str(&line);
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push('\n');
    out.push_str(&pad);
    out.push_str(&line);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_read_back_unchanged() {
        for value in [
            "",
            "one line",
            "a: b # not a comment",
            "two\nlines\n",
            "no final newline\nhere",
            "para one\n\npara two\n",
            "kept\n\n\n",
            " leading space\nx",
            "Мирная критика политики властей в социальных сетях защищена правом на свободу выражения мнений, которое",
            "long long long long long long long long long long long long long long long long long long long long long",
            "\"quoted\" and 'single' and #hash and - dash",
        ] {
            let s = scalar(4, value);
            assert!(reads_back(&scalar(0, value), value), "{value:?} → {s}");
        }
    }

    /// A text of alternatives reads back as written: one text, or a list, per language.
    #[test]
    fn alternatives_read_back_unchanged() {
        let map: Alternatives = [
            (
                "en".to_string(),
                Choices::Many(vec![
                    "First.\n\nSecond paragraph.".into(),
                    "Other: one line".into(),
                ]),
            ),
            ("ru".to_string(), Choices::One("Одна.".into())),
            ("kk".to_string(), Choices::Many(vec![])),
        ]
        .into_iter()
        .collect();
        let mut y = Yaml::default();
        y.alternatives(0, "concern", &map, &["en".into(), "ru".into(), "kk".into()]);
        let back: BTreeMap<String, Alternatives> = serde_yaml::from_str(&y.out).unwrap();
        assert_eq!(back["concern"], map, "{}", y.out);
    }

    /// Paragraphs come out as literal blocks, not one quoted line with "\n" in it (third
    /// native review): the block's final line break is the file's own.
    #[test]
    fn paragraphs_are_written_as_literal_blocks() {
        for (value, head) in [
            ("two\nlines\n", "|\n"),
            ("no final newline\nhere", "|-\n"),
            ("para one\n\npara two\n", "|\n"),
            ("kept\nx\n\n\n", "|+\n"),
        ] {
            let s = scalar(2, value);
            assert!(s.starts_with(head), "{value:?} → {s}");
            assert!(reads_back(&s, value), "{value:?} → {s}");
        }
    }

    #[test]
    fn words_yaml_1_1_reads_otherwise_are_quoted() {
        for v in [
            "yes",
            "No",
            "ON",
            "off",
            "y",
            "~",
            "null",
            "1:20",
            "1_000",
            "0x1F",
            "2018-05-20",
            "12:30:00",
        ] {
            assert!(ambiguous_in_yaml_1_1(v), "{v}");
            assert!(quoted_if_needed(v).starts_with('"'), "{v}");
        }
        for v in [
            "yesterday",
            "Norway",
            "898e11a78f2b",
            "kz/ombudsman",
            "UA 82/18",
            "Да",
            "e",
            ".",
        ] {
            assert!(!ambiguous_in_yaml_1_1(v), "{v}");
        }
    }
}
