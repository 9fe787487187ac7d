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

    /// Runs `appeal --root <project> args...` in the project folder under a file-size limit
    /// of `blocks` (of the shell's `ulimit -f` unit): writing past it fails with EFBIG.
    #[cfg(unix)]
    pub fn run_limited(&self, blocks: u32, args: &[&str]) -> Run {
        let output = Command::new("sh")
            .arg("-c")
            .arg(format!("ulimit -f {blocks}; exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_appeal"))
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

    /// Runs `appeal --root <project> args...` in the project folder, and measures the peak
    /// memory (resident set, KiB) of that one process.
    #[cfg(target_os = "linux")]
    #[allow(clippy::zombie_processes)] // reaped by wait4, which also gives its peak memory
    pub fn run_measured(&self, args: &[&str]) -> (Run, u64) {
        use std::io::Read;
        use std::process::Stdio;
        let mut child = Command::new(env!("CARGO_BIN_EXE_appeal"))
            .arg("--root")
            .arg(self.root())
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .env("APPEAL_TOKEN_SECRET", TOKEN_SECRET)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let drain = |mut r: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut text = String::new();
                r.read_to_string(&mut text).unwrap();
                text
            })
        };
        let out = drain(Box::new(child.stdout.take().unwrap()));
        let err = drain(Box::new(child.stderr.take().unwrap()));
        let mut status = 0;
        // SAFETY: a zeroed rusage is valid; wait4 reaps this child, which std has not waited for.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let pid = child.id() as libc::pid_t;
        assert_eq!(unsafe { libc::wait4(pid, &mut status, 0, &mut usage) }, pid);
        let code = if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            -1
        };
        let run = Run {
            code,
            stdout: out.join().unwrap(),
            stderr: err.join().unwrap(),
        };
        (run, usage.ru_maxrss as u64)
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

    /// [`Project::run`], stopped if it has not ended in a minute (and then failing the
    /// test): for a run that could wait forever, on a FIFO say.
    pub fn run_or_stop(&self, args: &[&str]) -> Run {
        let output = Command::new("timeout")
            .arg("60")
            .arg(env!("CARGO_BIN_EXE_appeal"))
            .arg("--root")
            .arg(self.root())
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .env("APPEAL_TOKEN_SECRET", TOKEN_SECRET)
            .output()
            .unwrap();
        let run = Run::from(output);
        assert_ne!(
            run.code, 124,
            "{args:?} had not ended after a minute: stopped"
        );
        run
    }

    /// Makes a FIFO at `rel` in the project.
    #[cfg(unix)]
    pub fn mkfifo(&self, rel: &str) {
        let c = std::ffi::CString::new(self.path(rel).to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
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

/// Every file under `dir` (hidden ones too, links as the text of the link) with its content.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut found = std::collections::BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            let name = path.strip_prefix(dir).unwrap().display().to_string();
            if kind.is_dir() {
                pending.push(path);
            } else if kind.is_symlink() {
                let link = std::fs::read_link(&path).unwrap();
                found.insert(name, link.display().to_string().into_bytes());
            } else {
                found.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    found
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
