//! The README is the user's manual, and messages point into it: every section a message, a
//! comment written into a user's file, a template or a locale names (`see README, "Campaign
//! settings"`), and every section the README itself sends the reader to (`see "Deadlines"`),
//! must exist as a heading.

mod common;
use common::repo;
use std::path::{Path, PathBuf};

/// The README's headings, without their `#`s.
fn headings() -> Vec<String> {
    std::fs::read_to_string(repo().join("README.md"))
        .unwrap()
        .lines()
        .filter(|l| l.starts_with('#') && l.trim_start_matches('#').starts_with(' '))
        .map(|l| l.trim_start_matches('#').trim().to_string())
        .collect()
}

/// Every file under `dir` (recursively).
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Source text as it reads to a person: Rust string continuations (`\` at the end of a line)
/// joined, escaped quotes unescaped.
fn as_read(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        match line.strip_suffix('\\') {
            Some(cut) => {
                out.push_str(cut);
                if let Some(next) = lines.peek_mut() {
                    *next = next.trim_start();
                }
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.replace("\\\"", "\"")
}

/// The section names quoted right after each `marker` (`README`, `see`): one, or several
/// joined by "and" or commas (`README, "Campaign settings" and "Sending for real"`).
fn references(text: &str, marker: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(marker) {
        rest = &rest[i + marker.len()..];
        let mut after = rest.trim_start_matches([',', ':', ' ']);
        while let Some(close) = ['"', '*'].into_iter().find(|q| after.starts_with(*q)) {
            let Some(end) = after[1..].find(close) else {
                break;
            };
            let name = &after[1..1 + end];
            if name.contains('\n') || name.len() > 60 {
                break;
            }
            out.push(name.trim_end_matches([',', '.']).to_string());
            after = after[end + 2..].trim_start();
            match ["and ", ", "].iter().find_map(|j| after.strip_prefix(j)) {
                Some(next) => after = next.trim_start(),
                None => break,
            }
        }
    }
    out
}

#[test]
fn every_readme_section_referred_to_exists() {
    let headings = headings();
    let mut sources = Vec::new();
    for dir in ["src", "templates", "locales", "scripts"] {
        files(&repo().join(dir), &mut sources);
    }
    let mut found = Vec::new();
    for path in &sources {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        for name in references(&as_read(&text), "README") {
            found.push((path.clone(), name));
        }
    }
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for marker in ["see ", "See ", "README, "] {
        for name in references(&readme, marker) {
            found.push((repo().join("README.md"), name));
        }
    }
    // The references this test must see, so that it cannot pass by finding none.
    for (file, name) in [
        ("src/load.rs", "Campaign settings"),
        ("src/load/case_file.rs", "A case, annotated"),
        ("src/app/new.rs", "A directory entry, annotated"),
        ("locales/en/main.ftl", "Locales"),
        ("README.md", "Who is addressed"),
    ] {
        assert!(
            found.iter().any(|(p, n)| p.ends_with(file) && n == name),
            "the reference to \"{name}\" in {file} was not found: {found:#?}"
        );
    }
    let missing: Vec<String> = found
        .iter()
        .filter(|(_, name)| !headings.contains(name))
        .map(|(path, name)| format!("{}: \"{name}\"", path.display()))
        .collect();
    assert!(
        missing.is_empty(),
        "references to README sections that do not exist:\n{}",
        missing.join("\n")
    );
}
