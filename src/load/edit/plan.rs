//! Planning one edit: which bytes of the text to replace, and with what. The path is walked
//! down the tree to the scalar to replace, or to the mapping where its keys stop and the rest
//! of the path is added.

use super::Shape;
use super::tree::{Kind, Node, Style, column, line_end, line_start};
use super::value::{emit, flow_scalar, old_paragraphs, plain_or_quoted};

/// One edit: the string to set at a path, how to write it, and where new keys go.
pub(super) struct Edit<'a> {
    /// Mapping keys, or sequence indexes for sequences.
    pub(super) path: &'a [&'a str],
    /// The new string.
    pub(super) value: &'a str,
    /// How it is written.
    pub(super) shape: Shape,
    /// The order new keys take among existing ones.
    pub(super) order: &'a [&'a str],
    /// The comment over a new top-level key (lines without `#`).
    pub(super) comment: Option<&'a str>,
}

/// A byte range of the text, and what replaces it.
pub(super) type Replacement = (usize, usize, String);

/// The scalar a path leads to, and where it stands.
struct Scalar<'t> {
    node: &'t Node,
    style: Style,
    /// The indentation of the mapping the scalar is a value of.
    indent: usize,
    /// Inside a flow collection (`{…}`, `[…]`).
    in_flow: bool,
}

/// Where a path leads.
enum Target<'t> {
    /// To a scalar: it is replaced.
    Scalar(Scalar<'t>),
    /// To a mapping without the key `path[depth]`: the rest of the path is added there.
    Missing {
        map: &'t Node,
        at: InsertAt,
        depth: usize,
    },
    /// To the position just past a list's last item: the value is added as its next item.
    Append { seq: &'t Node },
}

/// The byte range to replace and its replacement.
pub(super) fn plan(text: &str, root: &Node, edit: &Edit) -> Result<Replacement, String> {
    match walk(text, root, edit.path)? {
        Target::Scalar(scalar) => Ok(replace(text, &scalar, edit)),
        Target::Missing { map, at, depth } => insert(text, map, at, &edit.path[depth..], edit),
        Target::Append { seq } => Ok(append(text, seq, edit)),
    }
}

/// The value added as the next item of the list `seq`: `- value` on a line of its own after
/// the last item, or `, value` before a flow list's `]`.
fn append(text: &str, seq: &Node, edit: &Edit) -> Replacement {
    let Kind::Seq { items } = &seq.kind else {
        return (seq.end, seq.end, String::new());
    };
    if text[seq.start..].starts_with('[') {
        let value = flow_scalar(edit.value);
        return match items.last() {
            None => (seq.end - 1, seq.end - 1, value),
            Some(last) => (last.end, last.end, format!(", {value}")),
        };
    }
    let dash = column(text, seq.start);
    let emitted = emit(edit.value, edit.shape, dash + 2, None, "", &[]);
    let eol = line_end(text, items.last().map_or(seq.end, |n| n.end));
    (eol, eol, format!("\n{:dash$}- {emitted}", ""))
}

/// Follows `path` from `root` down to its scalar, or to the mapping where its keys stop.
fn walk<'t>(text: &str, root: &'t Node, path: &[&str]) -> Result<Target<'t>, String> {
    let mut node = root;
    // The indentation of the mapping `node` is a value of, and whether it is in a flow.
    let mut indent = 0;
    let mut in_flow = false;
    let mut parent_colon_end = 0;
    for (depth, segment) in path.iter().enumerate() {
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
                        return Ok(Target::Missing {
                            map: node,
                            at: InsertAt {
                                indent: map_indent,
                                in_flow,
                                is_root: depth == 0,
                                parent_indent: indent,
                                parent_colon_end,
                            },
                            depth,
                        });
                    }
                }
            }
            Kind::Seq { items } => {
                let index: usize = segment
                    .parse()
                    .map_err(|_| format!("`{}` is a list", path[..depth].join(".")))?;
                if index == items.len() && depth + 1 == path.len() {
                    return Ok(Target::Append { seq: node });
                }
                node = items
                    .get(index)
                    .ok_or_else(|| format!("`{}` has no item {index}", path[..depth].join(".")))?;
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
    Ok(Target::Scalar(Scalar {
        node,
        style,
        indent,
        in_flow,
    }))
}

/// The scalar written anew: a block keeps its indicator, indentation and the lines of the
/// paragraphs that stay the same; a comment after a one-line value stays on the key's line.
fn replace(text: &str, scalar: &Scalar, edit: &Edit) -> Replacement {
    let Scalar {
        node,
        style,
        indent,
        in_flow,
    } = *scalar;
    let (value, shape) = (edit.value, edit.shape);
    if in_flow {
        return (node.start, node.end, flow_scalar(value));
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
            (node.start, node.end, emitted)
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
                (node.start, eol, format!("{lead}{emitted}"))
            } else {
                (node.start, node.end, format!("{lead}{emitted}"))
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

/// Adds the keys `rest` leads through, and the value, to the mapping `map`.
fn insert(
    text: &str,
    map: &Node,
    at: InsertAt,
    rest: &[&str],
    edit: &Edit,
) -> Result<Replacement, String> {
    let (value, shape, order, comment) = (edit.value, edit.shape, edit.order, edit.comment);
    let Kind::Map { flow, entries } = &map.kind else {
        return Err("not a mapping".into());
    };
    // Keys are added, and a new list gets its first item; a later item needs the ones before.
    if let Some(i) = rest[1..]
        .iter()
        .position(|s| s.parse::<usize>().is_ok_and(|n| n > 0 || s.len() > 1))
    {
        return Err(format!(
            "`{}` has no item {}: the items before it come first",
            rest[..=i].join("."),
            rest[i + 1]
        ));
    }
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

/// `key: value`, or `key:` and nested keys, at `indent`, without a final newline; a last
/// segment `0` under a key starts a list (`key:` then `- value`).
fn block_entry(path: &[&str], value: &str, shape: Shape, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let key = plain_or_quoted(path[0]);
    if path.len() == 2 && path[1] == "0" {
        return format!(
            "{pad}{key}:\n{pad}  - {}",
            emit(value, shape, indent + 4, None, "", &[])
        );
    }
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

/// `key: value` or `key: {key2: value}`, for inside a flow mapping; a last segment `0` under a
/// key starts a list (`key: [value]`).
fn flow_entry(path: &[&str], value: &str) -> String {
    let key = flow_scalar(path[0]);
    if path.len() == 2 && path[1] == "0" {
        return format!("{key}: [{}]", flow_scalar(value));
    }
    if path.len() == 1 {
        format!("{key}: {}", flow_scalar(value))
    } else {
        format!("{key}: {{{}}}", flow_entry(&path[1..], value))
    }
}

/// `| # note` → (`|`, `# note`).
fn split_comment(header: &str) -> (&str, &str) {
    match header.find(" #").or_else(|| header.find("\t#")) {
        Some(i) => (&header[..i], header[i..].trim()),
        None => (header, ""),
    }
}
