//! Edits a YAML file's text in place: sets one string value, adding the keys that lead to it
//! when they are missing, and leaves every other byte as it was: comments, blank lines, key
//! order, quoting and the layout of other values. Used to write translations and their
//! fingerprints back into a case file that people have annotated by hand; re-serialising the
//! file would drop its comments.
//!
//! An edit reads the text into a tree of nodes with byte ranges (`tree`), plans which bytes to
//! replace (`plan`), writes the value in its shape (`value`), and parses the result again, so
//! a broken edit is caught at once.

mod aside;
mod plan;
mod tree;
mod value;

pub use aside::Aside;

use tree::{Kind, Node, Style};

/// The longest line written for a block text, counting its indentation (the sample files
/// wrap near 100 columns).
pub const WRAP_AT: usize = 100;

/// How a new string value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// On the key's line: plain when YAML allows, else quoted.
    Line,
    /// A literal block (`|`), wrapped; paragraphs separated by a blank line.
    Literal,
    /// A folded block (`>-`), wrapped; for one-paragraph texts.
    Folded,
}

/// A YAML document's text and where its nodes stand.
#[derive(Debug)]
pub struct Document {
    text: String,
    root: Node,
}

impl Document {
    /// Parses `text`; a text that is not YAML, or whose top is not a mapping, is an error.
    pub fn parse(text: &str) -> Result<Document, String> {
        let root = tree::parse(text)?;
        if !matches!(root.kind, Kind::Map { flow: false, .. }) {
            return Err("the file's top level is not a mapping of keys".into());
        }
        Ok(Document {
            text: text.to_string(),
            root,
        })
    }

    /// The current text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the value at `path` is a block text (`|` or `>`), and which.
    pub fn shape_at(&self, path: &[&str]) -> Option<Shape> {
        match tree::find(&self.root, path)?.kind {
            Kind::Scalar(Style::Literal) => Some(Shape::Literal),
            Kind::Scalar(Style::Folded) => Some(Shape::Folded),
            Kind::Scalar(_) => Some(Shape::Line),
            _ => None,
        }
    }

    /// Sets the string at `path` (mapping keys, or sequence indexes for sequences) to `value`,
    /// written as `shape`. Missing mapping keys are added: among the existing keys of their
    /// mapping, before the first that comes later in `order`, else after the last; a new
    /// top-level key goes at the end of the file, after `comment` (lines without `#`).
    pub fn set(
        &mut self,
        path: &[&str],
        value: &str,
        shape: Shape,
        order: &[&str],
        comment: Option<&str>,
    ) -> Result<(), String> {
        let edit = plan::Edit {
            path,
            value,
            shape,
            order,
            comment,
        };
        let (start, end, replacement) = plan::plan(&self.text, &self.root, &edit)?;
        let mut text = String::with_capacity(self.text.len() + replacement.len());
        text.push_str(&self.text[..start]);
        text.push_str(&replacement);
        text.push_str(&self.text[end..]);
        *self = Document::parse(&text)
            .map_err(|e| format!("editing `{}` gave a broken file ({e})", path.join(".")))?;
        Ok(())
    }

    /// The mappings `pattern` leads to (mapping keys and list indexes; `*` for every item of
    /// a list or value of a mapping), each with its path and its keys in file order.
    pub fn mappings(&self, pattern: &[&str]) -> Vec<(Vec<String>, Vec<String>)> {
        aside::mappings(&self.root, pattern)
    }

    /// Where the key of the entry at `path` stands: 1-based line and column.
    pub fn key_position(&self, path: &[&str]) -> Option<(usize, usize)> {
        aside::key_position(&self.text, &self.root, path)
    }

    /// Sets mapping entries aside, all at once: each path names an entry (its last segment is
    /// the key) to blank out or to rename. A blanked entry leaves spaces, so the other values
    /// keep their lines and columns.
    pub fn set_aside(&mut self, edits: &[(Vec<String>, Aside)]) -> Result<(), String> {
        // In one pass over the text, however many entries: a hostile file may have thousands.
        let mut text = String::with_capacity(self.text.len());
        let mut at = 0;
        for (start, end, replacement) in aside::plan(&self.text, &self.root, edits)? {
            text.push_str(&self.text[at..start]);
            text.push_str(&replacement);
            at = end;
        }
        text.push_str(&self.text[at..]);
        *self = Document::parse(&text)
            .map_err(|e| format!("setting values aside gave a broken file ({e})"))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
# A comment at the top.
id: x
title:
  en: Plain title  # why this title
  kk: 'Quoted'
summary:
  en: |
    Line one
    line two.

    Second paragraph.

  # About the Kazakh text.
  kk: >-
    folded
# Between.
flow: {en: a, kk: b}
empty: {}
people:
  - name:
      en: A
    gender: female
  - name: {en: B}
last: x
";

    fn set(text: &str, path: &[&str], value: &str, shape: Shape) -> String {
        let mut doc = Document::parse(text).unwrap();
        doc.set(path, value, shape, &["en", "ru", "kk"], Some("Added."))
            .unwrap();
        doc.text().to_string()
    }

    /// Only the named lines differ: the rest is byte-for-byte the same.
    fn assert_diff(before: &str, after: &str, removed: &[&str], added: &[&str]) {
        let b: Vec<&str> = before.lines().collect();
        let a: Vec<&str> = after.lines().collect();
        let gone: Vec<&str> = b.iter().filter(|l| !a.contains(l)).copied().collect();
        let new: Vec<&str> = a.iter().filter(|l| !b.contains(l)).copied().collect();
        assert_eq!(gone, removed, "removed lines\n{after}");
        assert_eq!(new, added, "added lines\n{after}");
    }

    #[test]
    fn replaces_a_plain_value_keeping_its_comment() {
        let after = set(SAMPLE, &["title", "en"], "New title", Shape::Line);
        assert_diff(
            SAMPLE,
            &after,
            &["  en: Plain title  # why this title"],
            &["  en: New title  # why this title"],
        );
    }

    #[test]
    fn replaces_a_block_keeping_its_indicator() {
        let after = set(
            SAMPLE,
            &["summary", "en"],
            "One.\n\nTwo, now longer.",
            Shape::Literal,
        );
        assert!(
            after.contains("  en: |\n    One.\n\n    Two, now longer.\n\n  # About the Kazakh text.\n  kk: >-\n    folded\n"),
            "{after}"
        );
        // An unchanged paragraph keeps its lines as wrapped.
        let after = set(
            SAMPLE,
            &["summary", "en"],
            "Line one line two.\n\nChanged.",
            Shape::Literal,
        );
        assert!(
            after.contains("  en: |\n    Line one\n    line two.\n\n    Changed.\n\n  #"),
            "{after}"
        );
        let after = set(SAMPLE, &["summary", "kk"], "сложенный", Shape::Folded);
        assert!(
            after.contains("  kk: >-\n    сложенный\n# Between."),
            "{after}"
        );
    }

    #[test]
    fn adds_a_language_in_order() {
        let after = set(SAMPLE, &["title", "ru"], "Заголовок: новый", Shape::Line);
        assert!(
            after.contains(
                "  en: Plain title  # why this title\n  ru: 'Заголовок: новый'\n  kk: 'Quoted'\n"
            ),
            "{after}"
        );
        // Before the next language's comment.
        let after = set(SAMPLE, &["summary", "ru"], "Один.\n\nДва.", Shape::Literal);
        assert!(
            after.contains("    Second paragraph.\n\n  ru: |\n    Один.\n\n    Два.\n  # About the Kazakh text.\n"),
            "{after}"
        );
    }

    #[test]
    fn adds_into_flow_and_empty_mappings() {
        let after = set(SAMPLE, &["flow", "ru"], "в", Shape::Line);
        assert!(after.contains("flow: {en: a, kk: b, ru: в}\n"), "{after}");
        let after = set(SAMPLE, &["flow", "ru"], "a, b: c", Shape::Line);
        assert!(
            after.contains("flow: {en: a, kk: b, ru: \"a, b: c\"}\n"),
            "{after}"
        );
        let after = set(SAMPLE, &["empty", "ru"], "текст", Shape::Line);
        assert!(after.contains("empty:\n  ru: текст\npeople:"), "{after}");
        let after = set("a: {}  # fill in\n", &["a", "ru", "x"], "z", Shape::Line);
        assert_eq!(after, "a: # fill in\n  ru:\n    x: z\n");
        // Words YAML 1.1 reads as booleans or numbers are quoted, in block and flow alike.
        let after = set("a: {}  # fill in\n", &["a", "ru", "x"], "yes", Shape::Line);
        assert_eq!(after, "a: # fill in\n  ru:\n    x: \"yes\"\n");
        let after = set(SAMPLE, &["flow", "ru"], "No", Shape::Line);
        assert!(
            after.contains("flow: {en: a, kk: b, ru: \"No\"}\n"),
            "{after}"
        );
        let after = set(SAMPLE, &["people", "1", "name", "ru"], "Б", Shape::Line);
        assert!(after.contains("  - name: {en: B, ru: Б}\n"), "{after}");
        let after = set(SAMPLE, &["people", "0", "name", "ru"], "А", Shape::Line);
        assert!(
            after.contains("      en: A\n      ru: А\n    gender"),
            "{after}"
        );
    }

    /// A text of alternatives: an item replaced, one added after the last, a list started
    /// for a language that has none, in a block list and a flow one.
    #[test]
    fn adds_list_items_and_starts_lists() {
        let text =
            "concern:\n  en:\n    - First.\n    - |\n      Second.\n  kk: [Бір]\n# After.\nx: y\n";
        let after = set(
            text,
            &["concern", "en", "1"],
            "Second, changed.",
            Shape::Literal,
        );
        assert!(
            after.contains("    - First.\n    - |\n      Second, changed.\n  kk:"),
            "{after}"
        );
        let after = set(text, &["concern", "en", "2"], "Third.", Shape::Line);
        assert!(
            after.contains("      Second.\n    - Third.\n  kk: [Бір]\n"),
            "{after}"
        );
        let after = set(text, &["concern", "kk", "1"], "Екі", Shape::Line);
        assert!(after.contains("  kk: [Бір, Екі]\n"), "{after}");
        let after = set(
            text,
            &["concern", "ru", "0"],
            "Первый.\n\nАбзац.",
            Shape::Literal,
        );
        assert!(
            after.contains(
                "      Second.\n  ru:\n    - |\n      Первый.\n\n      Абзац.\n  kk: [Бір]\n"
            ),
            "{after}"
        );
        let after = set(&after, &["concern", "ru", "1"], "Второй.", Shape::Line);
        let read: serde_yaml::Value = serde_yaml::from_str(&after).unwrap();
        let read: crate::model::Alternatives =
            serde_yaml::from_value(read["concern"].clone()).unwrap();
        assert_eq!(read["ru"].items(), ["Первый.\n\nАбзац.\n", "Второй."]);
        let after = set("c: {en: [A]}\n", &["c", "ru", "0"], "Б", Shape::Line);
        assert_eq!(after, "c: {en: [A], ru: [Б]}\n");
        // An item past the next one cannot be made: the ones before it come first.
        let mut doc = Document::parse(text).unwrap();
        assert!(
            doc.set(&["concern", "ru", "1"], "x", Shape::Line, &[], None)
                .is_err()
        );
        assert!(
            doc.set(&["concern", "en", "3"], "x", Shape::Line, &[], None)
                .is_err()
        );
        assert_eq!(doc.text(), text);
    }

    #[test]
    fn adds_a_new_top_level_key_at_the_end() {
        let after = set(
            SAMPLE,
            &["translated_from", "ru", "title"],
            "0123",
            Shape::Line,
        );
        assert!(
            after.ends_with("last: x\n\n# Added.\ntranslated_from:\n  ru:\n    title: '0123'\n"),
            "{after}"
        );
        let again = set(
            &after,
            &["translated_from", "ru", "summary"],
            "abcd",
            Shape::Line,
        );
        assert!(
            again.ends_with("  ru:\n    title: '0123'\n    summary: abcd\n"),
            "{again}"
        );
    }

    #[test]
    fn every_edit_reads_back() {
        let texts = [
            "plain",
            "with: colon",
            "# hash first",
            "true",
            "12",
            "quote's \"both\"",
            "a long text that goes on and on, past the width of one line, so that it must be wrapped into several lines of a block",
            "two\n\nparagraphs",
            "tab\there",
            "control\u{7}char",
        ];
        for text in texts {
            for shape in [Shape::Line, Shape::Literal, Shape::Folded] {
                for path in [
                    &["title", "en"][..],
                    &["title", "ru"],
                    &["summary", "en"],
                    &["flow", "en"],
                    &["flow", "ru"],
                    &["empty", "ru"],
                    &["last"],
                    &["new", "ru"],
                ] {
                    let after = set(SAMPLE, path, text, shape);
                    let value: serde_yaml::Value = serde_yaml::from_str(&after).unwrap();
                    let mut got = &value;
                    for s in path {
                        got = &got[*s];
                    }
                    assert_eq!(
                        crate::model::text::paragraphs(got.as_str().unwrap()),
                        crate::model::text::paragraphs(text),
                        "{path:?} {shape:?}\n{after}"
                    );
                    assert!(after.starts_with("# A comment at the top.\nid: x\n"));
                }
            }
        }
    }

    #[test]
    fn finds_where_values_end() {
        let doc =
            Document::parse("a: x # c\nb: 'it''s' # d\nc: \"q\\\"\"\nd: multi\n  line\n# e\n")
                .unwrap();
        let Kind::Map { entries, .. } = &doc.root.kind else {
            panic!()
        };
        let ends: Vec<&str> = entries
            .iter()
            .map(|e| &doc.text[e.value.start..e.value.end])
            .collect();
        assert_eq!(ends, ["x", "'it''s'", "\"q\\\"\"", "multi\n  line"]);
    }

    /// Every text of the sample cases, in every language and one more, set to a new value:
    /// the file reads back as before with just that value changed.
    #[test]
    fn every_sample_text_can_be_set_alone() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("appeals/cases");
        for path in crate::load::yaml_files(&dir) {
            let text = std::fs::read_to_string(&path).unwrap();
            let case: crate::model::Case = crate::load::parse_str(&text).unwrap();
            let original: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
            for field in crate::domain::translations::texts(&case) {
                for lang in ["en", "ru", "kk", "de"] {
                    let segments = field.path_in(lang);
                    let segments: Vec<&str> = segments.iter().map(|s| s.as_ref()).collect();
                    for value in [
                        "Короткий.",
                        "Первый абзац: длинный, длинный, длинный, длинный, длинный, длинный, длинный текст.\n\nВторой.",
                    ] {
                        let mut doc = Document::parse(&text).unwrap();
                        let shape = doc.shape_at(&segments).unwrap_or(Shape::Literal);
                        doc.set(&segments, value, shape, &["en", "ru", "kk", "de"], None)
                            .unwrap_or_else(|e| panic!("{}: {segments:?}: {e}", path.display()));
                        let mut got: serde_yaml::Value = serde_yaml::from_str(doc.text()).unwrap();
                        let mut expected = original.clone();
                        let mut at_got = &mut got;
                        let mut at_expected = &mut expected;
                        // A text absent from the file (a default) is added as a new mapping.
                        fn step<'v>(
                            v: &'v mut serde_yaml::Value,
                            s: &str,
                        ) -> &'v mut serde_yaml::Value {
                            if v.is_sequence() {
                                return &mut v[s.parse::<usize>().unwrap()];
                            }
                            let map = v.as_mapping_mut().unwrap();
                            map.entry(serde_yaml::Value::from(s))
                                .or_insert_with(|| serde_yaml::Value::Mapping(Default::default()))
                        }
                        for s in &segments[..segments.len() - 1] {
                            at_got = step(at_got, s);
                            at_expected = step(at_expected, s);
                        }
                        let written = at_got[lang]
                            .as_str()
                            .unwrap_or_else(|| panic!("{segments:?} {value:?}\n{}", doc.text()))
                            .to_string();
                        assert_eq!(
                            crate::model::text::paragraphs(&written),
                            crate::model::text::paragraphs(value),
                            "{}: {segments:?}",
                            path.display()
                        );
                        at_got[lang] = serde_yaml::Value::from(value);
                        at_expected[lang] = serde_yaml::Value::from(value);
                        assert_eq!(got, expected, "{}: {segments:?}", path.display());
                        // Comment lines are all still there.
                        let comments = |t: &str| {
                            t.lines()
                                .filter(|l| l.trim_start().starts_with('#'))
                                .count()
                        };
                        assert_eq!(comments(&text), comments(doc.text()));
                    }
                }
            }
        }
    }
}
