//! What a new user expects of a command-line tool: shell completions and a manual page, both
//! generated from the same definitions as the parser. Bash runs the completion script; man (or
//! groff) renders the page.

mod common;
use clap::CommandFactory;
use common::{Run, have};
use std::io::Write;
use std::process::{Command, Stdio};

/// Every command `appeal` has, as the parser defines them.
fn commands() -> Vec<String> {
    appeal::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

fn appeal(args: &[&str]) -> Run {
    Run::from(
        Command::new(env!("CARGO_BIN_EXE_appeal"))
            .args(args)
            .output()
            .unwrap(),
    )
}

/// What bash completes after `words` (the last one being completed), with the script loaded.
fn bash_complete(script: &str, words: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("appeal.bash");
    std::fs::write(&path, script).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{}'\nCOMP_POINT=${{#COMP_LINE}}\n\
         _appeal appeal '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        path.display(),
        quoted.join(" "),
        words.len() - 1,
        words.join(" "),
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(program)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_every_command_and_each_command_s_flags() {
    let script = appeal(&["completions", "bash"]).ok().stdout;
    let offered = bash_complete(&script, &["appeal", ""]);
    for command in commands() {
        assert!(offered.contains(&command), "{command}: {offered:?}");
    }
    let flags = bash_complete(&script, &["appeal", "send", "--"]);
    for flag in ["--send", "--again", "--lang", "--smtp", "--timeout"] {
        assert!(flags.iter().any(|f| f == flag), "{flag}: {flags:?}");
    }
    let shells = bash_complete(&script, &["appeal", "completions", ""]);
    for shell in ["bash", "zsh", "fish"] {
        assert!(shells.iter().any(|s| s == shell), "{shell}: {shells:?}");
    }
}

#[test]
fn zsh_and_fish_scripts_name_every_command() {
    for shell in ["zsh", "fish"] {
        let script = appeal(&["completions", shell]).ok().stdout;
        for command in commands() {
            assert!(script.contains(&command), "{shell}: {command}");
        }
        // Their own shells, when installed, read them without a syntax error.
        let check: &[&str] = if shell == "zsh" {
            &["-n"]
        } else {
            &["--no-execute"]
        };
        if have(shell) {
            let mut child = Command::new(shell)
                .args(check)
                .stdin(Stdio::piped())
                .spawn()
                .unwrap();
            child
                .stdin
                .take()
                .unwrap()
                .write_all(script.as_bytes())
                .unwrap();
            assert!(
                child.wait().unwrap().success(),
                "{shell} rejects its script"
            );
        }
    }
    appeal(&["completions", "tcsh"]).fails_with(2);
}

/// The page rendered as a reader sees it: by `man -l`, else by groff; `None` with neither.
fn render(roff: &str) -> Option<String> {
    let (program, args): (&str, &[&str]) = if have("man") {
        ("man", &["-l", "-"])
    } else if have("groff") {
        ("groff", &["-man", "-Tutf8", "-ww"])
    } else {
        return None;
    };
    let mut child = Command::new(program)
        .args(args)
        .env("MANWIDTH", "160")
        .env("MAN_KEEP_FORMATTING", "")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(roff.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.trim().is_empty(),
        "{program}: {stderr}"
    );
    // Overstrike bold (`c\bc`) as some formatters print it, read as the plain text.
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut plain = String::new();
    for c in text.chars() {
        if c == '\u{8}' {
            plain.pop();
        } else {
            plain.push(c);
        }
    }
    Some(plain)
}

#[test]
fn the_manual_page_renders_with_every_command_examples_and_exit_codes() {
    let roff = appeal(&["man"]).ok().stdout;
    assert!(
        roff.lines().any(|l| l.starts_with(".TH appeal 1 ")),
        "{roff}"
    );
    match render(&roff) {
        Some(page) => {
            for section in [
                "NAME",
                "SYNOPSIS",
                "OPTIONS",
                "SUBCOMMANDS",
                "EXAMPLES",
                "EXIT STATUS",
            ] {
                assert!(
                    page.lines().any(|l| l.trim() == section),
                    "{section}:\n{page}"
                );
            }
            for command in commands() {
                assert!(
                    page.contains(&format!("appeal-{command}(1)")),
                    "{command}:\n{page}"
                );
            }
            assert!(page.contains("appeal init my-campaign"), "{page}");
            for code in 0..=6 {
                assert!(
                    page.lines()
                        .any(|l| l.trim().starts_with(&format!("{code}  "))),
                    "exit code {code}:\n{page}"
                );
            }
        }
        None => {
            for command in commands() {
                assert!(roff.contains(&format!("appeal\\-{command}")), "{command}");
            }
        }
    }
    // A command's own page, with its flags.
    let send = appeal(&["man", "send"]).ok().stdout;
    if let Some(page) = render(&send) {
        assert!(page.contains("appeal send"), "{page}");
        assert!(page.contains("--again"), "{page}");
    }
    let run = appeal(&["man", "sned"]).fails_with(2);
    assert!(
        run.stderr.contains("did you mean `send`?"),
        "{}",
        run.stderr
    );
}

/// A reader that stops early (`appeal list | head`) closes the pipe: the report is dropped
/// quietly, with no panic and the command's own exit code.
#[test]
fn a_report_read_by_a_reader_that_stopped_early_is_no_panic() {
    let project = common::Project::sample();
    for args in [
        &["list", "--json"][..],
        &["deadlines"][..],
        &["who"][..],
        &["check"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_appeal"))
            .args([
                "--root",
                project.root().to_str().unwrap(),
                "--today",
                "2018-05-20",
            ])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Closed before the command writes: its first line meets a closed pipe.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("cannot write"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}
