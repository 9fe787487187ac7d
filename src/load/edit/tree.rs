//! The YAML text as a tree of nodes with byte ranges. yaml-rust2's event parser gives only
//! where each node starts, so where a scalar ends is found from its style (quoted, block,
//! plain) and the start of the next node.

use yaml_rust2::parser::Event;
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// One node of the text: a scalar, a mapping or a sequence, and the bytes it spans.
#[derive(Debug)]
pub(super) struct Node {
    /// First byte (a block scalar: its `|` or `>` indicator; an empty value: just after `:`).
    pub(super) start: usize,
    /// One past the last byte (a block scalar: the end of its last non-blank line).
    pub(super) end: usize,
    pub(super) kind: Kind,
}

/// What a node is.
#[derive(Debug)]
pub(super) enum Kind {
    Scalar(Style),
    Map { flow: bool, entries: Vec<Entry> },
    Seq { items: Vec<Node> },
}

/// How a scalar is written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// `key:` with nothing after it.
    Empty,
    Plain,
    Quoted,
    Literal,
    Folded,
}

/// One key of a mapping and its value.
#[derive(Debug)]
pub(super) struct Entry {
    pub(super) key: String,
    /// Where the key starts.
    pub(super) key_start: usize,
    /// Just after the `:` that ends the key.
    pub(super) colon_end: usize,
    pub(super) value: Node,
}

/// The tree of `text`'s first document; a text that is not YAML is an error.
pub(super) fn parse(text: &str) -> Result<Node, String> {
    let lines = LineIndex::new(text);
    let events: Vec<(Event, usize)> = crate::load::limits::first_document(text)?
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
    builder.node(false)
}

/// The node at `path` (mapping keys, or sequence indexes).
pub(super) fn find<'a>(mut node: &'a Node, path: &[&str]) -> Option<&'a Node> {
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
pub(super) fn line_start(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1)
}

/// The end (the `\n`, or the text's end) of the line holding byte `at`.
pub(super) fn line_end(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text[at..].find('\n').map_or(text.len(), |i| at + i)
}

/// The column (in characters) of byte `at`.
pub(super) fn column(text: &str, at: usize) -> usize {
    text[line_start(text, at)..at].chars().count()
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
        let Some((event, at)) = self.events.get(self.at) else {
            return Err("the file ends early".into());
        };
        let at = *at;
        match event {
            Event::Scalar(value, style, ..) => {
                let bound = self.next_start();
                self.at += 1;
                Ok(scalar(self.text, value, *style, at, bound, in_flow))
            }
            Event::Alias(_) => {
                let bound = self.next_start();
                self.at += 1;
                Ok(Node {
                    start: at,
                    end: plain_end(self.text, at, bound, in_flow),
                    kind: Kind::Scalar(Style::Plain),
                })
            }
            Event::MappingStart(..) => self.mapping(at, in_flow),
            Event::SequenceStart(..) => self.sequence(at, in_flow),
            other => Err(format!("unexpected YAML event {other:?}")),
        }
    }

    /// The mapping starting at byte `at`, up to its end event.
    fn mapping(&mut self, at: usize, in_flow: bool) -> Result<Node, String> {
        let text = self.text;
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

    /// The sequence starting at byte `at`, up to its end event.
    fn sequence(&mut self, at: usize, in_flow: bool) -> Result<Node, String> {
        let flow = self.text[at..].starts_with('[');
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
}

/// A scalar starting at byte `at`, ending by its style before `bound` (the next node).
fn scalar(
    text: &str,
    value: &str,
    style: TScalarStyle,
    at: usize,
    bound: usize,
    in_flow: bool,
) -> Node {
    match style {
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
            let style = if style == TScalarStyle::Literal {
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
