//! Edits a YAML file's text in place: sets one string value, adding the keys that lead to it
//! when they are missing, and leaves every other byte as it was: comments, blank lines, key
//! order, quoting and the layout of other values. Used to write translations and their
//! fingerprints back into a case file that people have annotated by hand; re-serialising the
//! file would drop its comments.
//!
//! The text is parsed with yaml-rust2's event parser into a tree of nodes with byte ranges.
//! The parser gives only where each node starts, so where a scalar ends is found from its
//! style (quoted, block, plain) and the start of the next node.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

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

#[derive(Debug)]
struct Node {
    /// First byte (a block scalar: its `|` or `>` indicator; an empty value: just after `:`).
    start: usize,
    /// One past the last byte (a block scalar: the end of its last non-blank line).
    end: usize,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Scalar(Style),
    Map { flow: bool, entries: Vec<Entry> },
    Seq { items: Vec<Node> },
}

/// How a scalar is written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `key:` with nothing after it.
    Empty,
    Plain,
    Quoted,
    Literal,
    Folded,
}

#[derive(Debug)]
struct Entry {
    key: String,
    /// Where the key starts.
    key_start: usize,
    /// Just after the `:` that ends the key.
    colon_end: usize,
    value: Node,
}

impl Document {
    /// Parses `text`; a text that is not YAML, or whose top is not a mapping, is an error.
    pub fn parse(text: &str) -> Result<Document, String> {
        let mut collector = Collector::default();
        Parser::new_from_str(text)
            .load(&mut collector, false)
            .map_err(|e| format!("not valid YAML: {e}"))?;
        let lines = LineIndex::new(text);
        let events: Vec<(Event, usize)> = collector
            .events
            .into_iter()
            .map(|(ev, mark)| (ev, lines.offset(text, mark)))
            .collect();
        let mut builder = TreeBuilder {
            text,
            events: &events,
            at: 0,
        };
        // Skip the stream and document starts.
        while builder.at < events.len()
            && matches!(
                events[builder.at].0,
                Event::StreamStart | Event::DocumentStart
            )
        {
            builder.at += 1;
        }
        let root = builder.node(false)?;
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
        match find(&self.root, path)?.kind {
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
        let (start, end, replacement) = self.plan(path, value, shape, order, comment)?;
        let mut text = String::with_capacity(self.text.len() + replacement.len());
        text.push_str(&self.text[..start]);
        text.push_str(&replacement);
        text.push_str(&self.text[end..]);
        *self = Document::parse(&text)
            .map_err(|e| format!("editing `{}` gave a broken file ({e})", path.join(".")))?;
        Ok(())
    }

    /// The byte range to replace and its replacement.
    fn plan(
        &self,
        path: &[&str],
        value: &str,
        shape: Shape,
        order: &[&str],
        comment: Option<&str>,
    ) -> Result<(usize, usize, String), String> {
        let text = &self.text;
        let mut node = &self.root;
        // The indentation of the mapping `node` is a value of, and whether it is in a flow.
        let mut indent = 0;
        let mut in_flow = false;
        let mut parent_colon_end = 0;
        for (depth, segment) in path.iter().enumerate() {
            let rest = &path[depth..];
            match &node.kind {
                Kind::Map { flow, entries } => {
                    let map_indent = entries
                        .first()
                        .map_or(indent + 2, |e| column(text, e.key_start));
                    match entries.iter().find(|e| e.key == *segment) {
                        Some(entry) => {
                            indent = column(text, entry.key_start);
                            parent_colon_end = entry.colon_end;
                            in_flow |= *flow;
                            node = &entry.value;
                        }
                        None => {
                            return insert(
                                text,
                                node,
                                InsertAt {
                                    indent: map_indent,
                                    in_flow,
                                    is_root: depth == 0,
                                    parent_indent: indent,
                                    parent_colon_end,
                                },
                                rest,
                                value,
                                shape,
                                order,
                                comment,
                            );
                        }
                    }
                }
                Kind::Seq { items } => {
                    let index: usize = segment
                        .parse()
                        .map_err(|_| format!("`{}` is a list", path[..depth].join(".")))?;
                    node = items.get(index).ok_or_else(|| {
                        format!("`{}` has no item {index}", path[..depth].join("."))
                    })?;
                    indent = column(text, node.start);
                    if let Kind::Map { entries, .. } = &node.kind
                        && let Some(first) = entries.first()
                    {
                        // A mapping item (`- role: x`) is indented like its keys.
                        indent = column(text, first.key_start).saturating_sub(2);
                    }
                }
                Kind::Scalar(_) => {
                    return Err(format!(
                        "`{}` is a text, not a mapping",
                        path[..depth].join(".")
                    ));
                }
            }
        }
        let Kind::Scalar(style) = node.kind else {
            return Err(format!("`{}` is not a text", path.join(".")));
        };
        if in_flow {
            return Ok((node.start, node.end, flow_scalar(value)));
        }
        let content_indent = indent + 2;
        match style {
            Style::Literal | Style::Folded => {
                // Keep the block's own indentation and a comment after its indicator.
                let header_end = line_end(text, node.start);
                let header = &text[node.start..header_end];
                let (indicator, trailing) = split_comment(header);
                let first_content = line_end(text, node.start) + 1;
                let content_indent = text
                    .get(first_content..node.end)
                    .and_then(|c| {
                        c.lines()
                            .find(|l| !l.trim().is_empty())
                            .map(|l| l.len() - l.trim_start().len())
                    })
                    .unwrap_or(content_indent);
                let kept = match (shape, style) {
                    (Shape::Literal, Style::Literal) | (Shape::Folded, Style::Folded) => {
                        Some(indicator.trim_end())
                    }
                    _ => None,
                };
                // Paragraphs that stay the same keep their lines as the author wrapped them.
                let old = text.get(first_content..node.end).unwrap_or("");
                let kept_lines = old_paragraphs(old);
                let emitted = emit(value, shape, content_indent, kept, trailing, &kept_lines);
                Ok((node.start, node.end, emitted))
            }
            Style::Empty | Style::Plain | Style::Quoted => {
                let lead = if style == Style::Empty { " " } else { "" };
                let emitted = emit(value, shape, content_indent, None, "", &[]);
                let eol = line_end(text, node.end);
                let comment_after = text[node.end..eol].trim();
                if emitted.contains('\n') && !comment_after.is_empty() {
                    // A comment after the value would become block content: it moves after the
                    // block's indicator, on the key's line.
                    let emitted = emit(value, shape, content_indent, None, comment_after, &[]);
                    Ok((node.start, eol, format!("{lead}{emitted}")))
                } else {
                    Ok((node.start, node.end, format!("{lead}{emitted}")))
                }
            }
        }
    }
}

/// Where a missing key goes.
struct InsertAt {
    /// The column of the mapping's keys.
    indent: usize,
    /// Inside a flow collection (`{…}`): write JSON-style.
    in_flow: bool,
    /// The top-level mapping.
    is_root: bool,
    /// The column of the key whose value the mapping is.
    parent_indent: usize,
    /// Just after that key's `:`.
    parent_colon_end: usize,
}

#[allow(clippy::too_many_arguments)]
fn insert(
    text: &str,
    map: &Node,
    at: InsertAt,
    rest: &[&str],
    value: &str,
    shape: Shape,
    order: &[&str],
    comment: Option<&str>,
) -> Result<(usize, usize, String), String> {
    let Kind::Map { flow, entries } = &map.kind else {
        return Err("not a mapping".into());
    };
    if at.is_root {
        // At the end of the file, after a blank line and the comment.
        let mut addition = String::new();
        if !text.ends_with('\n') {
            addition.push('\n');
        }
        addition.push('\n');
        for line in comment.into_iter().flat_map(str::lines) {
            addition.push_str(format!("# {line}").trim_end());
            addition.push('\n');
        }
        addition.push_str(&block_entry(rest, value, shape, at.indent));
        addition.push('\n');
        return Ok((text.len(), text.len(), addition));
    }
    if *flow && entries.is_empty() && !at.in_flow {
        // `key: {}` in a block becomes a block mapping; a comment after `{}` stays on the
        // key's line.
        let eol = line_end(text, map.end);
        let comment_after = text[map.end..eol].trim();
        let block = block_entry(rest, value, shape, at.parent_indent + 2);
        let lead = if comment_after.is_empty() {
            String::new()
        } else {
            format!(" {comment_after}")
        };
        return Ok((at.parent_colon_end, eol, format!("{lead}\n{block}")));
    }
    if *flow || at.in_flow {
        let inline = flow_entry(rest, value);
        return Ok(match entries.last() {
            // `{}` → `{"key": "value"}`
            None => (map.end - 1, map.end - 1, inline),
            Some(last) => (last.value.end, last.value.end, format!(", {inline}")),
        });
    }
    let block = block_entry(rest, value, shape, at.indent);
    let later = order
        .iter()
        .position(|k| *k == rest[0])
        .map(|mine| &order[mine + 1..]);
    let before = later.and_then(|later| entries.iter().find(|e| later.contains(&e.key.as_str())));
    if let Some(next) = before {
        // Before the next key and its own comment lines.
        let mut at_line = line_start(text, next.key_start);
        while at_line > 0 {
            let previous = line_start(text, at_line - 1);
            if text[previous..at_line].trim_start().starts_with('#') {
                at_line = previous;
            } else {
                break;
            }
        }
        return Ok((at_line, at_line, format!("{block}\n")));
    }
    let last = entries.last().ok_or("an empty block mapping")?;
    let eol = line_end(text, last.value.end.max(last.colon_end));
    Ok(if eol >= text.len() {
        (text.len(), text.len(), format!("\n{block}"))
    } else {
        (eol + 1, eol + 1, format!("{block}\n"))
    })
}

/// `key: value`, or `key:` and nested keys, at `indent`, without a final newline.
fn block_entry(path: &[&str], value: &str, shape: Shape, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let key = plain_or_quoted(path[0]);
    if path.len() == 1 {
        format!(
            "{pad}{key}: {}",
            emit(value, shape, indent + 2, None, "", &[])
        )
    } else {
        format!(
            "{pad}{key}:\n{}",
            block_entry(&path[1..], value, shape, indent + 2)
        )
    }
}

/// `key: value` or `key: {key2: value}`, for inside a flow mapping.
fn flow_entry(path: &[&str], value: &str) -> String {
    let key = flow_scalar(path[0]);
    if path.len() == 1 {
        format!("{key}: {}", flow_scalar(value))
    } else {
        format!("{key}: {{{}}}", flow_entry(&path[1..], value))
    }
}

/// The paragraphs of a block's content lines: each paragraph's text (lines joined) and its
/// lines as written.
fn old_paragraphs(content: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    for line in content.lines().chain([""]) {
        if line.trim().is_empty() {
            if !lines.is_empty() {
                let joined = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
                out.push((joined, lines.join("\n")));
                lines.clear();
            }
        } else {
            lines.push(line);
        }
    }
    out
}

/// A value written as `shape`; block texts indented by `indent`, after `header` (`|`, `>-`,
/// default per shape) and `comment`; a paragraph found in `keep` is written with its lines from
/// there. Falls back to a line when a block cannot hold the text.
fn emit(
    value: &str,
    shape: Shape,
    indent: usize,
    header: Option<&str>,
    comment: &str,
    keep: &[(String, String)],
) -> String {
    let paragraphs = crate::model::text::paragraphs(value);
    let controls = value.chars().any(|c| c.is_control() && c != '\n');
    let shape = match shape {
        _ if controls || paragraphs.is_empty() => Shape::Line,
        Shape::Folded if paragraphs.len() > 1 => Shape::Literal,
        Shape::Line if value.contains('\n') => Shape::Literal,
        other => other,
    };
    let with_comment = |s: String| {
        if comment.is_empty() {
            s
        } else {
            format!("{s} {comment}")
        }
    };
    if shape == Shape::Line {
        return with_comment(plain_or_quoted(value));
    }
    // A folded text that now has paragraphs becomes literal: its old `>` header no longer fits.
    let fits = |h: &&str| h.starts_with(if shape == Shape::Literal { '|' } else { '>' });
    let header = header
        .filter(fits)
        .unwrap_or(if shape == Shape::Literal { "|" } else { ">-" });
    let mut out = with_comment(header.to_string());
    let pad = " ".repeat(indent);
    let width = WRAP_AT.saturating_sub(indent).max(40);
    for (i, paragraph) in paragraphs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if let Some((_, lines)) = keep.iter().find(|(text, _)| text == paragraph) {
            out.push('\n');
            out.push_str(lines);
            continue;
        }
        for line in wrap(paragraph, width) {
            out.push('\n');
            out.push_str(&pad);
            out.push_str(&line);
        }
    }
    out
}

/// Greedy word wrap at `width` characters; a longer word gets a line of its own.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A one-line scalar for block context: plain when that reads back as the same string, else
/// quoted (serde_yaml decides, so numbers, booleans and `: ` are quoted).
fn plain_or_quoted(value: &str) -> String {
    match serde_yaml::to_string(value) {
        Ok(s) if !s.trim_end_matches('\n').contains('\n') => s.trim_end_matches('\n').to_string(),
        _ => json_string(value),
    }
}

/// A one-line scalar for inside a flow collection: plain when it has none of the characters
/// that end or quote a plain scalar there, else double-quoted.
fn flow_scalar(value: &str) -> String {
    let plain = plain_or_quoted(value);
    if plain == value && !value.contains([',', '[', ']', '{', '}', '#', ':', '"', '\'']) {
        plain
    } else {
        json_string(value)
    }
}

/// A double-quoted scalar: JSON's escapes are YAML's.
fn json_string(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "\"\"".into())
}

/// `| # note` → (`|`, `# note`).
fn split_comment(header: &str) -> (&str, &str) {
    match header.find(" #").or_else(|| header.find("\t#")) {
        Some(i) => (&header[..i], header[i..].trim()),
        None => (header, ""),
    }
}

fn find<'a>(mut node: &'a Node, path: &[&str]) -> Option<&'a Node> {
    for segment in path {
        node = match &node.kind {
            Kind::Map { entries, .. } => &entries.iter().find(|e| e.key == *segment)?.value,
            Kind::Seq { items } => items.get(segment.parse::<usize>().ok()?)?,
            Kind::Scalar(_) => return None,
        };
    }
    Some(node)
}

/// The start of the line holding byte `at`.
fn line_start(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1)
}

/// The end (the `\n`, or the text's end) of the line holding byte `at`.
fn line_end(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text[at..].find('\n').map_or(text.len(), |i| at + i)
}

/// The column (in characters) of byte `at`.
fn column(text: &str, at: usize) -> usize {
    text[line_start(text, at)..at].chars().count()
}

#[derive(Default)]
struct Collector {
    events: Vec<(Event, Marker)>,
}

impl MarkedEventReceiver for Collector {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        self.events.push((ev, mark));
    }
}

/// Byte offsets of line starts. The parser's `index` mixes characters and bytes, so positions
/// are taken from its line (reliable) and column (in characters).
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn offset(&self, text: &str, mark: Marker) -> usize {
        let Some(&start) = self.starts.get(mark.line().saturating_sub(1)) else {
            return text.len();
        };
        let line = &text[start..line_end(text, start)];
        start
            + line
                .char_indices()
                .nth(mark.col())
                .map_or(line.len(), |(i, _)| i)
    }
}

struct TreeBuilder<'a> {
    text: &'a str,
    events: &'a [(Event, usize)],
    at: usize,
}

impl TreeBuilder<'_> {
    fn next_start(&self) -> usize {
        self.events
            .get(self.at + 1)
            .map_or(self.text.len(), |(_, at)| *at)
    }

    fn node(&mut self, in_flow: bool) -> Result<Node, String> {
        let text = self.text;
        let Some((event, at)) = self.events.get(self.at) else {
            return Err("the file ends early".into());
        };
        let at = *at;
        match event {
            Event::Scalar(value, style, ..) => {
                let bound = self.next_start();
                self.at += 1;
                Ok(match style {
                    TScalarStyle::Plain if value.is_empty() => Node {
                        start: at,
                        end: at,
                        kind: Kind::Scalar(Style::Empty),
                    },
                    TScalarStyle::Plain => Node {
                        start: at,
                        end: plain_end(text, at, bound, in_flow),
                        kind: Kind::Scalar(Style::Plain),
                    },
                    TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => Node {
                        start: at,
                        end: quoted_end(text, at),
                        kind: Kind::Scalar(Style::Quoted),
                    },
                    TScalarStyle::Literal | TScalarStyle::Folded => {
                        let (start, end) = block_range(text, at, bound);
                        let style = if *style == TScalarStyle::Literal {
                            Style::Literal
                        } else {
                            Style::Folded
                        };
                        Node {
                            start,
                            end,
                            kind: Kind::Scalar(style),
                        }
                    }
                })
            }
            Event::Alias(_) => {
                let bound = self.next_start();
                self.at += 1;
                Ok(Node {
                    start: at,
                    end: plain_end(text, at, bound, in_flow),
                    kind: Kind::Scalar(Style::Plain),
                })
            }
            Event::MappingStart(..) => {
                let flow = text[at..].starts_with('{');
                self.at += 1;
                let mut entries = Vec::new();
                loop {
                    match self.events.get(self.at) {
                        None => return Err("a mapping does not end".into()),
                        Some((Event::MappingEnd, end_at)) => {
                            let end_at = *end_at;
                            self.at += 1;
                            let start = if flow {
                                at
                            } else {
                                entries.first().map_or(at, |e: &Entry| e.key_start)
                            };
                            let end = if flow {
                                end_at + 1
                            } else {
                                entries.last().map_or(at, |e: &Entry| e.value.end)
                            };
                            return Ok(Node {
                                start,
                                end,
                                kind: Kind::Map { flow, entries },
                            });
                        }
                        Some(_) => {
                            let key_node = self.node(in_flow || flow)?;
                            let key = match &self.events[self.at - 1].0 {
                                Event::Scalar(k, ..) => k.clone(),
                                _ => String::new(),
                            };
                            let colon_end = text[key_node.end..]
                                .find(':')
                                .map_or(key_node.end, |i| key_node.end + i + 1);
                            let mut value = self.node(in_flow || flow)?;
                            if matches!(value.kind, Kind::Scalar(Style::Empty)) {
                                value.start = colon_end;
                                value.end = colon_end;
                            }
                            entries.push(Entry {
                                key,
                                key_start: key_node.start,
                                colon_end,
                                value,
                            });
                        }
                    }
                }
            }
            Event::SequenceStart(..) => {
                let flow = text[at..].starts_with('[');
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    match self.events.get(self.at) {
                        None => return Err("a list does not end".into()),
                        Some((Event::SequenceEnd, end_at)) => {
                            let end_at = *end_at;
                            self.at += 1;
                            let end = if flow {
                                end_at + 1
                            } else {
                                items.last().map_or(at, |n: &Node| n.end)
                            };
                            return Ok(Node {
                                start: at,
                                end,
                                kind: Kind::Seq { items },
                            });
                        }
                        Some(_) => items.push(self.node(in_flow || flow)?),
                    }
                }
            }
            other => Err(format!("unexpected YAML event {other:?}")),
        }
    }
}

/// Where a plain scalar starting at `start` ends: at a comment, at `: `, in a flow at a flow
/// indicator, or at the end of its last continuation line before `bound` (the next node).
fn plain_end(text: &str, start: usize, bound: usize, in_flow: bool) -> usize {
    let bound = bound.clamp(start, text.len());
    let mut end = start;
    let mut pos = start;
    let mut first = true;
    while pos < bound {
        let eol = line_end(text, pos).min(bound);
        let line = &text[pos..eol];
        if !first && line.trim_start().starts_with('#') {
            break;
        }
        let cut = plain_cut(line, in_flow);
        let kept = line[..cut].trim_end();
        if !kept.trim().is_empty() {
            end = pos + kept.len();
        }
        if cut < line.len() {
            break;
        }
        first = false;
        pos = eol + 1;
    }
    end
}

/// Where a plain scalar's part of `line` stops.
fn plain_cut(line: &str, in_flow: bool) -> usize {
    let mut previous = ' ';
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|(_, c)| *c);
        let next_blank = next.is_none_or(|n| n == ' ' || n == '\t');
        match c {
            '#' if i > 0 && (previous == ' ' || previous == '\t') => return i,
            ':' if next_blank || (in_flow && matches!(next, Some(',' | ']' | '}'))) => return i,
            ',' | '[' | ']' | '{' | '}' if in_flow => return i,
            _ => {}
        }
        previous = c;
    }
    line.len()
}

/// Where a quoted scalar starting at `start` (its opening quote) ends.
fn quoted_end(text: &str, start: usize) -> usize {
    let quote = text[start..].chars().next().unwrap_or('"');
    let mut chars = text[start + 1..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            '\'' if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                chars.next();
            }
            c if c == quote => return start + 1 + i + 1,
            _ => {}
        }
    }
    text.len()
}

/// A block scalar whose content starts at `content` (where the parser marks it): from its
/// indicator to the end of its last non-blank line.
fn block_range(text: &str, content: usize, bound: usize) -> (usize, usize) {
    let indent = column(text, content);
    // The indicator is on the nearest non-blank line above the content.
    let mut header = line_start(text, content);
    let mut start = content;
    while header > 0 {
        header = line_start(text, header - 1);
        let line = &text[header..line_end(text, header)];
        if line.trim().is_empty() {
            continue;
        }
        if let Some(i) = indicator(line) {
            start = header + i;
        }
        break;
    }
    let mut end = content;
    let mut pos = line_start(text, content);
    let bound = bound.max(content).min(text.len());
    while pos < text.len() {
        let eol = line_end(text, pos);
        let line = &text[pos..eol];
        if !line.trim().is_empty() {
            let line_indent = line.len() - line.trim_start_matches(' ').len();
            if line_indent < indent || (pos >= bound && pos > content) {
                break;
            }
            end = eol;
        }
        pos = eol + 1;
    }
    (start, end)
}

/// The position of a block scalar's `|` or `>` in its header line.
fn indicator(line: &str) -> Option<usize> {
    line.char_indices()
        .filter(|(_, c)| *c == '|' || *c == '>')
        .map(|(i, _)| i)
        .find(|&i| {
            let rest = &line[i + 1..];
            let rest =
                rest.trim_start_matches(|c: char| c == '-' || c == '+' || c.is_ascii_digit());
            let rest = rest.trim();
            rest.is_empty() || rest.starts_with('#')
        })
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
        let after = set("a: {}  # fill in\n", &["a", "ru", "x"], "y", Shape::Line);
        assert_eq!(after, "a: # fill in\n  ru:\n    x: y\n");
        let after = set(SAMPLE, &["people", "1", "name", "ru"], "Б", Shape::Line);
        assert!(after.contains("  - name: {en: B, ru: Б}\n"), "{after}");
        let after = set(SAMPLE, &["people", "0", "name", "ru"], "А", Shape::Line);
        assert!(
            after.contains("      en: A\n      ru: А\n    gender"),
            "{after}"
        );
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
                    let mut segments = field.path();
                    segments.push(lang);
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
