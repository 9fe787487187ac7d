//! Test harness: copy the bundled project (appeals/, templates/, locales/) or a fixture into a
//! temporary folder, run the real `appeal` binary on it, and compare with golden files.
#![allow(dead_code)]

pub mod server;
pub mod sink;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The unsubscribe token secret every test run gets (the sample settings read it from
/// `APPEAL_TOKEN_SECRET`).
pub const TOKEN_SECRET: &str = "test secret for unsubscribe tokens";

/// A project in a temporary folder.
pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    /// A copy of the bundled sample project.
    pub fn sample() -> Project {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["appeals", "templates", "locales"] {
            copy_dir(&repo().join(sub), &dir.path().join(sub));
        }
        Project { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes (or overwrites) a file in the project.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Replaces `from` by `to` in a file, failing if `from` is absent.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Runs `appeal --root <project> args...` in the project folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_appeal"))
            .arg("--root")
            .arg(self.root())
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .env("APPEAL_TOKEN_SECRET", TOKEN_SECRET)
            .output()
            .unwrap();
        Run::from(output)
    }
}

/// What a run printed and returned.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn fails_with(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Compares `actual` with the golden file `tests/golden/<rel>`; `SNAPSHOTS=overwrite`
/// rewrites it instead.
#[track_caller]
pub fn golden(rel: &str, actual: &str) {
    let path = repo().join("tests/golden").join(rel);
    if std::env::var("SNAPSHOTS").as_deref() == Ok("overwrite") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}: run with SNAPSHOTS=overwrite to create it",
            path.display()
        )
    });
    snapbox::assert_data_eq!(actual, expected);
}

/// Whether a program is on PATH.
pub fn have(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs a Python snippet with arguments; returns stdout, panicking on failure.
pub fn python(code: &str, args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(code)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
