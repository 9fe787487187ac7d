//! Limits checked before a YAML file is deserialised. The YAML parser's work grows with the
//! square of the nesting depth (100,000 levels of `[[[…]]]` took 27 s), and aliases can make a
//! small file stand for a huge one, so depth and size are measured first on the parser's own
//! events ([`super::events`], stopping at the first event past a limit: linear time), and the
//! file's size is bounded before it is read.

use super::events::{Event, Events};
use std::collections::HashMap;
use yaml_rust2::Event as YamlEvent;
use yaml_rust2::parser::Parser;
use yaml_rust2::scanner::Marker;

/// The largest YAML file read: 1 MiB. The biggest real file (an authority with its history) is
/// a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// The deepest nesting of mappings and sequences allowed. Real files nest four or five levels.
pub const MAX_DEPTH: usize = 64;

/// The most values (scalars, mappings, sequences) a file may stand for once its aliases are
/// expanded. A 1 MiB file without aliases has at most about half a million.
pub const MAX_VALUES: u64 = 1 << 20;

/// Where the text first goes past [`MAX_DEPTH`] or [`MAX_VALUES`] (1-based line and column),
/// with the message to show, or `None` when it stays within both (or has a syntax error before
/// going past them: deserialising reports that).
///
/// Depth and size are what the parser sees: a tag or an anchor (`!x [[…]]`, `&a [[…]]`) is a
/// property of the node it marks, and an alias (`*a`) counts as the node it names, nested
/// where the alias stands.
pub fn too_deep(text: &str) -> Option<((usize, usize), String)> {
    /// An open mapping or sequence: its anchor, the value count when it opened, and the
    /// deepest nesting below it so far (0: only scalars).
    struct Open {
        anchor: Option<Vec<u8>>,
        first: u64,
        below: usize,
    }
    let mut open: Vec<Open> = Vec::new();
    // Anchor → (levels of nesting it has, values it stands for).
    let mut anchors: HashMap<Vec<u8>, (usize, u64)> = HashMap::new();
    let mut values: u64 = 0;
    for (event, at) in Events::new(text) {
        let levels = match event {
            Event::Open(anchor) => {
                values += 1;
                if let Some(a) = &anchor {
                    // Until it closes, the anchor names a value an alias would stand inside.
                    anchors.insert(a.clone(), (usize::MAX, 0));
                }
                open.push(Open {
                    anchor,
                    first: values,
                    below: 0,
                });
                if open.len() > MAX_DEPTH {
                    return Some(deep(at));
                }
                continue;
            }
            Event::Close => {
                let Some(done) = open.pop() else { continue };
                if let Some(a) = done.anchor {
                    anchors.insert(a, (done.below + 1, values - done.first + 1));
                }
                done.below + 1
            }
            Event::Scalar(anchor) => {
                values += 1;
                if let Some(a) = anchor {
                    anchors.insert(a, (0, 1));
                }
                0
            }
            Event::Alias(name) => {
                let (levels, count) = anchors.get(&name).copied().unwrap_or((0, 1));
                if levels == usize::MAX {
                    return Some((
                        at,
                        format!(
                            "the alias `*{}` stands inside the value it names, which would never end: write the value out",
                            String::from_utf8_lossy(&name)
                        ),
                    ));
                }
                if open.len().saturating_add(levels) > MAX_DEPTH {
                    return Some(deep(at));
                }
                values = values.saturating_add(count);
                levels
            }
            Event::Other => continue,
        };
        if let Some(parent) = open.last_mut() {
            parent.below = parent.below.max(levels);
        }
        if values > MAX_VALUES {
            return Some((
                at,
                format!(
                    "the file stands for more than {MAX_VALUES} values once its aliases (`*name`) are expanded: no appeal data needs this; write the values out"
                ),
            ));
        }
    }
    None
}

fn deep((line, col): (usize, usize)) -> ((usize, usize), String) {
    (
        (line, col),
        format!(
            "nested more than {MAX_DEPTH} levels deep: no appeal data needs this; flatten the lists and mappings"
        ),
    )
}

/// The yaml-rust2 events of `text`'s first document, with where each stands, read one at a
/// time, or an error past [`MAX_DEPTH`] or at a syntax error. Not through the parser's own
/// `load`: it recurses once per level (a deep text overflows the stack) and asserts on what it
/// did not expect. The depth is checked again here because libyaml ([`too_deep`]) and
/// yaml-rust2 do not always agree where a broken text goes wrong, and what is built on these
/// events (value locations, edits) recurses with the depth.
pub fn first_document(text: &str) -> Result<Vec<(YamlEvent, Marker)>, String> {
    let mut parser = Parser::new_from_str(text);
    let mut events = Vec::new();
    let mut depth = 0usize;
    loop {
        let (event, mark) = parser
            .next_token()
            .map_err(|e| format!("not valid YAML: {e}"))?;
        match event {
            YamlEvent::StreamEnd | YamlEvent::DocumentEnd => return Ok(events),
            YamlEvent::MappingStart(..) | YamlEvent::SequenceStart(..) => depth += 1,
            YamlEvent::MappingEnd | YamlEvent::SequenceEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_DEPTH {
            return Err(format!("nested more than {MAX_DEPTH} levels deep"));
        }
        events.push((event, mark));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_files_pass() {
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("appeals");
        for file in crate::load::yaml_files(&repo) {
            let text = std::fs::read_to_string(&file).unwrap();
            assert_eq!(too_deep(&text), None, "{}", file.display());
        }
    }

    #[test]
    fn deep_flow_and_block_nesting_is_found() {
        let flow = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(too_deep(&flow).unwrap().0, (1, 4 + MAX_DEPTH - 1));
        let block: String = (0..100)
            .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
            .collect();
        assert_eq!(
            too_deep(&block).unwrap().0,
            (MAX_DEPTH + 1, 2 * MAX_DEPTH + 1)
        );
        let dashes = format!("{}x\n", "- ".repeat(70));
        assert!(too_deep(&dashes).is_some());
        let mixed = format!("{}\n", "{a: [".repeat(40));
        assert!(too_deep(&mixed).is_some());
    }

    #[test]
    fn brackets_in_text_quotes_and_block_scalars_do_not_count() {
        let text = format!(
            "title: Plain text with [{}] brackets\nq: 'it''s {}'\nd: \"{}\"\nstory: |\n  {}\n  {}\n# {}\n",
            "[".repeat(100),
            "[".repeat(100),
            "{".repeat(100),
            "[".repeat(100),
            (0..100)
                .map(|i| " ".repeat(i) + "x\n  ")
                .collect::<String>(),
            "[".repeat(100)
        );
        assert_eq!(too_deep(&text), None);
        let flow = format!(
            "l: ['it''s {}', \"{}\", b]\n",
            "[".repeat(100),
            "[".repeat(100)
        );
        assert_eq!(too_deep(&flow), None);
    }

    #[test]
    fn a_tag_or_an_anchor_does_not_hide_the_depth() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        for prefix in [
            "title: !x ",
            "title: &a ",
            "title: !!seq ",
            "title: &a !x ",
            "--- !x ",
        ] {
            let (at, message) = too_deep(&format!("{prefix}{deep}\n")).expect(prefix);
            assert!(
                message.contains("nested more than 64 levels"),
                "{prefix}: {message}"
            );
            assert_eq!(at.0, 1, "{prefix}");
        }
        // Block nesting under tags and anchors, and compact sequences.
        let block: String = (0..70)
            .map(|i| format!("{}k{i}: !x &a{i}\n", "  ".repeat(i)))
            .collect();
        assert!(too_deep(&block).is_some());
    }

    #[test]
    fn an_alias_counts_as_the_value_it_names() {
        // 40 levels anchored, used 40 levels down: 80 levels once expanded.
        let anchored = format!("a: &deep {}x{}\n", "[".repeat(40), "]".repeat(40));
        let used = format!("b: {}*deep{}\n", "[".repeat(40), "]".repeat(40));
        let (at, message) = too_deep(&format!("{anchored}{used}")).unwrap();
        assert_eq!(at, (2, 44), "{message}");
        assert_eq!(too_deep(&format!("{anchored}c: *deep\n")), None);
        let endless = too_deep("a: &loop [x, [*loop]]\n").unwrap();
        assert_eq!(endless.0, (1, 15));
        assert!(endless.1.contains("`*loop` stands inside"), "{}", endless.1);
        // A billion laughs: each line nine times the one before.
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (n, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip("abcdefgh".chars())
        {
            bomb.push_str(&format!(
                "{n}: &{n} [{}]\n",
                vec![format!("*{prev}"); 9].join(", ")
            ));
        }
        let (_, message) = too_deep(&bomb).unwrap();
        assert!(message.contains("once its aliases"), "{message}");
    }

    #[test]
    fn the_scan_is_linear_in_the_size_of_the_text() {
        // A million levels, and a megabyte of lines just under the limit: both stop or end at
        // once (the parser alone took 21 s on 100,000 levels behind a tag).
        let started = std::time::Instant::now();
        let deep = format!("t: !x {}\n", "[".repeat(1_000_000));
        assert!(too_deep(&deep).is_some());
        let wide = format!("l:\n{}", "  - [a, b, {c: d}, 'q', \"w\"]\n".repeat(30_000));
        assert_eq!(too_deep(&wide), None);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    }
}
