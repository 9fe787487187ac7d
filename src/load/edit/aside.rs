//! Setting mapping entries aside in the text: an entry is blanked out (its key, its value and,
//! in a flow mapping, the comma after it become spaces) or its key renamed. Blanking keeps
//! every other value on its line and column, so problems found in the rest of the file are
//! still located where the user sees them.

use super::tree::{Entry, Kind, Node, column};
use std::collections::HashMap;

/// What to do with one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Aside {
    /// Blank the entry out: the file reads as if it were not there.
    Blank,
    /// Give the entry this key instead (its value is kept).
    Rename(String),
}

/// The mappings that `pattern` leads to from `root` (`*` stands for every item of a list, and
/// for every value of a mapping), each with its path and its keys in file order.
pub(super) fn mappings(root: &Node, pattern: &[&str]) -> Vec<(Vec<String>, Vec<String>)> {
    let mut out = Vec::new();
    collect(root, pattern, &mut Vec::new(), &mut out);
    out
}

fn collect(
    node: &Node,
    pattern: &[&str],
    path: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, Vec<String>)>,
) {
    let Some((first, rest)) = pattern.split_first() else {
        if let Kind::Map { entries, .. } = &node.kind {
            out.push((
                path.clone(),
                entries.iter().map(|e| e.key.clone()).collect(),
            ));
        }
        return;
    };
    let children: Vec<(String, &Node)> = match &node.kind {
        Kind::Map { entries, .. } => entries
            .iter()
            .filter(|e| *first == "*" || e.key == *first)
            .map(|e| (e.key.clone(), &e.value))
            .collect(),
        Kind::Seq { items } => items
            .iter()
            .enumerate()
            .filter(|(i, _)| *first == "*" || first.parse::<usize>().ok() == Some(*i))
            .map(|(i, item)| (i.to_string(), item))
            .collect(),
        Kind::Scalar(_) => Vec::new(),
    };
    for (segment, child) in children {
        path.push(segment);
        collect(child, rest, path, out);
        path.pop();
    }
}

/// Where the key of the entry at `path` starts: 1-based line and column.
pub(super) fn key_position(text: &str, root: &Node, path: &[&str]) -> Option<(usize, usize)> {
    let (_, entry) = entry_at(root, path)?;
    let start = entry.key_start;
    let line = text[..start].matches('\n').count() + 1;
    Some((line, column(text, start) + 1))
}

/// The byte ranges to replace for `edits` (each a path to a mapping entry and what to do with
/// it), and their replacements, in text order; they never overlap. Each mapping is looked up
/// once and its keys indexed, so setting aside thousands of keys stays linear.
pub(super) fn plan(
    text: &str,
    root: &Node,
    edits: &[(Vec<String>, Aside)],
) -> Result<Vec<(usize, usize, String)>, String> {
    let mut by_map: HashMap<&[String], Vec<(&str, &Aside)>> = HashMap::new();
    for (path, aside) in edits {
        let (key, parent) = path.split_last().ok_or("an empty path to set aside")?;
        by_map.entry(parent).or_default().push((key, aside));
    }
    let mut out = Vec::new();
    for (parent, keys) in by_map {
        let parent: Vec<&str> = parent.iter().map(String::as_str).collect();
        let (flow, entries) = match super::tree::find(root, &parent).map(|n| &n.kind) {
            Some(Kind::Map { entries, flow }) => (*flow, entries),
            _ => return Err(format!("no mapping `{}` to set aside in", parent.join("."))),
        };
        let mut index: HashMap<&str, &Entry> = HashMap::with_capacity(entries.len());
        for e in entries {
            index.entry(e.key.as_str()).or_insert(e);
        }
        for (key, aside) in keys {
            let entry = index
                .get(key)
                .ok_or_else(|| format!("no `{key}` to set aside"))?;
            out.push(replacement(text, entry, flow, aside));
        }
    }
    out.sort_by_key(|(start, ..)| *start);
    if out.windows(2).any(|w| w[0].1 > w[1].0) {
        return Err("overlapping entries to set aside".into());
    }
    Ok(out)
}

/// The bytes of one entry to replace, and their replacement: the key renamed, or the whole entry
/// blanked.
fn replacement(text: &str, entry: &Entry, flow: bool, aside: &Aside) -> (usize, usize, String) {
    let start = entry.key_start;
    match aside {
        Aside::Rename(key) if text[start..].starts_with(entry.key.as_str()) => {
            (start, start + entry.key.len(), key.clone())
        }
        // A quoted or otherwise written key is not renamed in place: it is left out.
        Aside::Rename(_) | Aside::Blank => {
            let end = entry_end(text, entry.value.end.max(entry.colon_end), flow);
            let blank: String = text[start..end]
                .chars()
                .map(|c| if c == '\n' || c == '\r' { c } else { ' ' })
                .collect();
            (start, end, blank)
        }
    }
}

/// Where an entry whose value ends at `end` ends: in a flow mapping, past the comma after it.
fn entry_end(text: &str, end: usize, flow: bool) -> usize {
    if !flow {
        return end;
    }
    let rest = &text[end..];
    let skipped = rest.len() - rest.trim_start().len();
    if rest[skipped..].starts_with(',') {
        end + skipped + 1
    } else {
        end
    }
}

/// The entry at `path` (its last segment is the key), and whether its mapping is a flow one.
fn entry_at<'a>(root: &'a Node, path: &[&str]) -> Option<(bool, &'a Entry)> {
    let (key, parent) = path.split_last()?;
    let map = super::tree::find(root, parent)?;
    match &map.kind {
        Kind::Map { entries, flow } => entries.iter().find(|e| e.key == *key).map(|e| (*flow, e)),
        _ => None,
    }
}
