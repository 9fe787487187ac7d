//! How a string value is written: on the key's line (plain or quoted), or as a literal or
//! folded block wrapped at [`WRAP_AT`](super::WRAP_AT), keeping the lines of the paragraphs
//! that have not changed.

use super::{Shape, WRAP_AT};
use crate::load::write::{ambiguous_in_yaml_1_1, quoted};

/// The paragraphs of a block's content lines: each paragraph's text (lines joined) and its
/// lines as written.
pub(super) fn old_paragraphs(content: &str) -> Vec<(String, String)> {
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
pub(super) fn emit(
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
/// quoted (serde_yaml decides, so numbers, booleans and `: ` are quoted; so are the words and
/// numbers YAML 1.1 reads otherwise, such as `yes`, which serde_yaml leaves plain).
pub(super) fn plain_or_quoted(value: &str) -> String {
    match serde_yaml::to_string(value) {
        Ok(s) if !s.trim_end_matches('\n').contains('\n') => {
            let written = s.trim_end_matches('\n');
            if written == value && ambiguous_in_yaml_1_1(value) {
                quoted(value)
            } else {
                written.to_string()
            }
        }
        _ => quoted(value),
    }
}

/// A one-line scalar for inside a flow collection: plain when it has none of the characters
/// that end or quote a plain scalar there, else double-quoted.
pub(super) fn flow_scalar(value: &str) -> String {
    let plain = plain_or_quoted(value);
    if plain == value && !value.contains([',', '[', ']', '{', '}', '#', ':', '"', '\'']) {
        plain
    } else {
        quoted(value)
    }
}
