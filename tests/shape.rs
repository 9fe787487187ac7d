//! The code's shape, read from `src/`: imports run one way, down the layers of the README's
//! "How it works"; no two files import each other, directly or round a loop; no command imports
//! another; files and functions stay small enough to read. Test modules are left out: a test may
//! reach for whatever it checks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, top first. A module may import from its own layer or a lower one.
const LAYERS: &[(&str, &[&str])] = &[
    ("commands", &["main", "lib", "cli", "cmd"]),
    ("use cases", &["app"]),
    ("validate and render", &["validate", "render"]),
    ("domain", &["domain"]),
    ("adapters", &["deliver", "bounces", "unsubscribe", "dns"]),
    (
        "project files",
        &["load", "env", "i18n", "templates", "supporters", "po"],
    ),
    (
        "ground",
        &["error", "clock", "address", "model", "parallel", "program"],
    ),
];

/// Longest file outside its test module, and longest command file.
const MAX_FILE_LINES: usize = 600;
const MAX_COMMAND_LINES: usize = 300;
/// Longest function, counted from its `fn` line to its closing brace.
const MAX_FUNCTION_LINES: usize = 120;

/// A source file: its module path (`["render", "alert"]`) and its code outside tests.
struct Source {
    path: PathBuf,
    module: Vec<String>,
    code: String,
}

fn sources() -> Vec<Source> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut pending = vec![src.clone()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(&src).unwrap().with_extension("");
                let mut module: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if module.last().is_some_and(|m| m == "mod") {
                    module.pop();
                }
                let text = std::fs::read_to_string(&path).unwrap();
                out.push(Source {
                    path: path.strip_prefix(src.parent().unwrap()).unwrap().into(),
                    module,
                    code: without_tests_and_comments(&text),
                });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// The text before the file's test module (a file's test module runs to its end), with
/// comments blanked out (doc links are not imports).
fn without_tests_and_comments(text: &str) -> String {
    let end = text.find("\n#[cfg(test)]").unwrap_or(text.len());
    text[..end]
        .lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn layer_of(module: &[String]) -> usize {
    let top = module.first().map_or("lib", String::as_str);
    LAYERS
        .iter()
        .position(|(_, members)| members.contains(&top))
        .unwrap_or_else(|| panic!("src/{top}: put it in a layer of tests/shape.rs"))
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every module path the code names (`crate::a::b`, `super::c`, `use crate::{a, b::c}`),
/// made absolute.
fn imports(s: &Source) -> BTreeSet<Vec<String>> {
    let mut found = BTreeSet::new();
    let code = &s.code;
    for (at, _) in code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
    {
        if at > 0 && code[..at].ends_with(|c: char| is_ident(c) || c == ':') {
            continue;
        }
        // `super` of `a/b.rs` (module a::b) and of `a/mod.rs` (module a) alike: the module
        // path without its last part.
        let mut base: Vec<String> = if code[at..].starts_with("crate::") {
            Vec::new()
        } else {
            s.module[..s.module.len().saturating_sub(1)].to_vec()
        };
        // Both prefixes are seven characters long.
        let mut rest = &code[at + 7..];
        // More `super::` steps.
        while let Some(r) = rest.strip_prefix("super::") {
            base.pop();
            rest = r;
        }
        for path in paths_at(rest) {
            let mut full = base.clone();
            full.extend(path);
            if !full.is_empty() {
                found.insert(full);
            }
        }
    }
    found
}

/// The paths written at the start of `text`: `a::b::c`, or a group `{a, b::{c, d}}`.
fn paths_at(text: &str) -> Vec<Vec<String>> {
    if let Some(inner) = text.strip_prefix('{') {
        let mut depth = 0;
        let mut end = inner.len();
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    end = i;
                    break;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        let group = &inner[..end];
        let mut parts = Vec::new();
        let (mut depth, mut start) = (0, 0);
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&group[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        parts.push(&group[start..]);
        return parts
            .into_iter()
            .flat_map(|p| paths_at(p.trim()))
            .filter(|p| !p.is_empty())
            .collect();
    }
    let mut path = Vec::new();
    let mut rest = text;
    loop {
        let len = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
        if len == 0 {
            break;
        }
        if &rest[..len] != "self" {
            path.push(rest[..len].to_string());
        }
        rest = &rest[len..];
        match rest.strip_prefix("::") {
            Some(r) if r.starts_with('{') => {
                return paths_at(r)
                    .into_iter()
                    .map(|tail| path.iter().cloned().chain(tail).collect())
                    .collect();
            }
            Some(r) => rest = r,
            None => break,
        }
    }
    vec![path]
}

/// The file a module path lives in: the longest prefix that is a file's module.
fn file_of<'a>(path: &[String], files: &'a BTreeMap<Vec<String>, PathBuf>) -> Option<&'a PathBuf> {
    (1..=path.len())
        .rev()
        .find_map(|n| files.get(&path[..n].to_vec()))
}

#[test]
fn imports_run_down_the_layers() {
    let sources = sources();
    let mut wrong = Vec::new();
    for s in &sources {
        let own = layer_of(&s.module);
        for path in imports(s) {
            let theirs = layer_of(&path);
            if theirs < own {
                wrong.push(format!(
                    "{} ({}) imports crate::{} ({}): move the shared piece down to the lower layer",
                    s.path.display(),
                    LAYERS[own].0,
                    path.join("::"),
                    LAYERS[theirs].0
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_command_imports_another() {
    let sources = sources();
    let files = files(&sources);
    let shared = Path::new("src/cmd/mod.rs");
    let mut wrong = Vec::new();
    for s in sources
        .iter()
        .filter(|s| s.module.first().is_some_and(|m| m == "cmd"))
    {
        for path in imports(s) {
            if let Some(to) = file_of(&path, &files)
                && to.starts_with("src/cmd")
                && to != shared
                && *to != s.path
            {
                wrong.push(format!(
                    "{} imports crate::{}",
                    s.path.display(),
                    path.join("::")
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "a command calls the use cases, never another command:\n{}",
        wrong.join("\n")
    );
}

/// Each file by its module path.
fn files(sources: &[Source]) -> BTreeMap<Vec<String>, PathBuf> {
    sources
        .iter()
        .map(|s| (s.module.clone(), s.path.clone()))
        .collect()
}

#[test]
fn no_files_import_each_other() {
    let sources = sources();
    let files = files(&sources);
    let mut edges: BTreeMap<&PathBuf, BTreeSet<&PathBuf>> = BTreeMap::new();
    for s in &sources {
        let from = files.get(&s.module).unwrap();
        for path in imports(s) {
            if let Some(to) = file_of(&path, &files)
                && to != from
                // A module naming its own children declares them.
                && !(path.starts_with(&s.module) && path.len() > s.module.len())
            {
                edges.entry(from).or_default().insert(to);
            }
        }
    }
    // Depth-first search for a loop.
    fn visit<'a>(
        node: &'a PathBuf,
        edges: &BTreeMap<&'a PathBuf, BTreeSet<&'a PathBuf>>,
        stack: &mut Vec<&'a PathBuf>,
        done: &mut BTreeSet<&'a PathBuf>,
    ) -> Option<Vec<&'a PathBuf>> {
        if let Some(i) = stack.iter().position(|n| *n == node) {
            return Some(stack[i..].to_vec());
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node);
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node);
        None
    }
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        if let Some(cycle) = visit(node, &edges, &mut Vec::new(), &mut done) {
            let names: Vec<String> = cycle.iter().map(|p| p.display().to_string()).collect();
            panic!(
                "files that import each other: {} → back to the first",
                names.join(" → ")
            );
        }
    }
}

#[test]
fn files_and_functions_stay_small() {
    let mut wrong = Vec::new();
    for s in sources() {
        let lines = s.code.lines().count();
        let limit = if s.module.first().is_some_and(|m| m == "cmd") {
            MAX_COMMAND_LINES
        } else {
            MAX_FILE_LINES
        };
        if lines > limit {
            wrong.push(format!(
                "{}: {lines} lines (at most {limit}): split it along its seams",
                s.path.display()
            ));
        }
        let code: Vec<&str> = s.code.lines().collect();
        for (i, line) in code.iter().enumerate() {
            let trimmed = line.trim_start();
            let indent = &line[..line.len() - trimmed.len()];
            let is_fn = [
                "fn ",
                "pub fn ",
                "pub(crate) fn ",
                "async fn ",
                "pub async fn ",
                "const fn ",
                "pub const fn ",
            ]
            .iter()
            .any(|p| trimmed.starts_with(p));
            if !is_fn || trimmed.ends_with(';') {
                continue;
            }
            let close = format!("{indent}}}");
            if let Some(end) = code[i..].iter().position(|l| l.trim_end() == close)
                && end + 1 > MAX_FUNCTION_LINES
            {
                let name = trimmed.split('(').next().unwrap_or(trimmed);
                wrong.push(format!(
                    "{}:{}: `{name}` has {} lines (at most {MAX_FUNCTION_LINES})",
                    s.path.display(),
                    i + 1,
                    end + 1
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
