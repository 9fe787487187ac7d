//! Every command line the README and `appeal --help` show is a command that works: each
//! synopsis (`appeal bounces [--imap URL | --maildir DIR | --mbox FILE] [--move-to FOLDER]`),
//! expanded into every combination it allows, is accepted by the command-line parser; each
//! concrete example is run against a copy of the sample project, in the README's order, and
//! must end as the README says (an error it shows is the error printed).

mod common;
use appeal::cli::Cli;
use clap::Parser;
use common::Project;
use std::path::Path;

/// The clock for the runs, so that the sample case is open.
const TODAY: &str = "2018-05-20";

/// README code spans that name a command in running text (`appeal remind` skips who acted…)
/// rather than give a command line.
const MENTIONS: &[&str] = &[
    "appeal new",
    "appeal new --follows",
    "appeal remind",
    "appeal init",
    // The token format's associated data and key salt, not commands.
    "appeal token v2",
    "appeal unsubscribe",
    "appeal unsubscribe token v1",
];

/// The command part of a shell line: what comes before a redirection (`> file`) or a pipe
/// into another program (`| man -l -`). A `|` between alternatives (`[a | b]`, `bash|zsh`)
/// stays: it is followed by an option, a placeholder or a value, never by a program's name.
fn command_part(line: &str) -> String {
    let line = line.split(" > ").next().unwrap_or(line);
    match line.find(" | ") {
        Some(i)
            if line[i + 3..].starts_with(|c: char| c.is_ascii_lowercase())
                && !line[..i].contains('[') =>
        {
            line[..i].trim().to_string()
        }
        _ => line.trim().to_string(),
    }
}

fn readme() -> String {
    std::fs::read_to_string(common::repo().join("README.md")).unwrap()
}

/// The `sh` blocks of the README: each a list of (command line, the comment lines under it).
/// `cd DIR` lines are kept (the commands after it run there); a comment that starts with `…`
/// is a step the reader does by hand, and ends what can run of the block.
fn readme_blocks() -> Vec<Vec<(String, Vec<String>)>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<(String, Vec<String>)>> = None;
    for line in readme().lines() {
        let trimmed = line.trim();
        match &mut current {
            None if trimmed == "```sh" => current = Some(Vec::new()),
            None => {}
            Some(_) if trimmed.starts_with("```") => blocks.extend(current.take()),
            Some(block) => {
                if let Some(comment) = trimmed.strip_prefix('#') {
                    if let Some((_, notes)) = block.last_mut() {
                        notes.push(comment.trim().to_string());
                    }
                } else if trimmed.starts_with("appeal ") || trimmed.starts_with("cd ") {
                    let command = trimmed.split(" #").next().unwrap_or(trimmed).trim();
                    block.push((command_part(command), Vec::new()));
                }
            }
        }
    }
    blocks.retain(|b| !b.is_empty());
    blocks
}

/// The README's inline code spans that are command lines: `appeal …`.
fn readme_spans() -> Vec<String> {
    let text = readme();
    let mut spans: Vec<String> = text
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| s.starts_with("appeal ") && !s.contains('\n'))
        .map(|s| command_part(&s.replace("\\|", "|")))
        .filter(|s| !MENTIONS.contains(&s.as_str()))
        .collect();
    spans.sort();
    spans.dedup();
    spans
}

/// The examples of `appeal --help`: the command part of each line under "Examples:".
fn help_examples() -> Vec<String> {
    let help = Project::sample().run(&["--help"]).ok().stdout;
    let section = help
        .split("Examples:\n")
        .nth(1)
        .and_then(|s| s.split("\n\n").next())
        .expect("an Examples section");
    section
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("appeal "))
        // The description follows two or more spaces.
        .map(|l| command_part(l.split("  ").next().unwrap_or(l)))
        .collect()
}

/// One part of a synopsis.
#[derive(Debug, Clone)]
enum Part {
    Text(String),
    /// `[a | b]`: nothing, or one of the alternatives; `...` after it: it may repeat.
    Optional(Vec<Vec<Part>>, bool),
}

/// Parses a synopsis up to a closing bracket (or the end).
fn parse(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Vec<Vec<Part>> {
    let mut alternatives = vec![Vec::new()];
    let mut text = String::new();
    while let Some(c) = chars.next() {
        match c {
            '[' => {
                if !text.is_empty() {
                    alternatives
                        .last_mut()
                        .unwrap()
                        .push(Part::Text(std::mem::take(&mut text)));
                }
                let inner = parse(chars);
                let repeat = chars.clone().take(3).collect::<String>() == "...";
                if repeat {
                    chars.nth(2);
                }
                alternatives
                    .last_mut()
                    .unwrap()
                    .push(Part::Optional(inner, repeat));
            }
            ']' => break,
            // ` | ` separates alternatives of the whole group; `a|b` inside a word, values.
            '|' if text.ends_with(' ') => {
                alternatives
                    .last_mut()
                    .unwrap()
                    .push(Part::Text(std::mem::take(&mut text)));
                alternatives.push(Vec::new());
            }
            _ => text.push(c),
        }
    }
    if !text.is_empty() {
        alternatives.last_mut().unwrap().push(Part::Text(text));
    }
    alternatives
}

/// Every command line a list of parts stands for.
fn expand(parts: &[Part]) -> Vec<String> {
    let mut lines = vec![String::new()];
    for part in parts {
        let options: Vec<String> = match part {
            Part::Text(t) => vec![t.clone()],
            Part::Optional(alternatives, repeat) => {
                let mut o = vec![String::new()];
                for alt in alternatives {
                    for one in expand(alt) {
                        if *repeat {
                            o.push(format!("{one} {one}"));
                        }
                        o.push(one);
                    }
                }
                o
            }
        };
        lines = lines
            .iter()
            .flat_map(|l| options.iter().map(move |o| format!("{l}{o}")))
            .collect();
    }
    lines
}

/// The words of one expanded synopsis, placeholders given sample values and `a|b` values
/// each tried.
fn instances(line: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    let mut previous = String::new();
    for word in line.split_whitespace() {
        let word = word.trim_end_matches("...");
        let values: Vec<String> = word
            .split('|')
            .map(|w| sample_value(&previous, w))
            .collect();
        out = out
            .iter()
            .flat_map(|words| {
                values.iter().map(move |v| {
                    let mut w = words.clone();
                    w.push(v.clone());
                    w
                })
            })
            .collect();
        previous = word.to_string();
    }
    out
}

/// A value for a placeholder (`FILE` after `--ics`), or the word itself.
fn sample_value(flag: &str, word: &str) -> String {
    let value = match (flag, word) {
        ("--format", "F") => "letter",
        ("--field", "F") => "summary",
        ("--supporters", "FILE") => "supporters.csv",
        ("--ics", "FILE") => "d.ics",
        ("--mbox", "FILE") => "b.mbox",
        ("--maildir", "DIR") => "Maildir",
        ("--smtp", "URL") => "smtp://127.0.0.1:2525",
        ("--imap", "URL") => "imap://127.0.0.1/INBOX",
        ("--base-url", "URL") => "https://example.org/actions/",
        (_, "CASE" | "PREV") => "ua-82-18",
        (_, "ID") => "ua-83-18",
        (_, "ROLE") => "kz/prosecutor-general",
        (_, "L") => "ru",
        (_, "DIR") => "out",
        (_, "FILE") => "x",
        (_, "N") => "7",
        (_, "ADDRESS") => "someone@example.net",
        (_, "R") => "manual",
        (_, "S") => "all",
        (_, "FOLDER") => "Processed",
        (_, "ADDR") => "127.0.0.1:8025",
        (_, "DATE") => "2026-11-22",
        (_, "IP:PORT") => "127.0.0.1:5353",
        (_, "IP") => "127.0.0.1",
        _ => word,
    };
    value.to_string()
}

#[test]
fn every_synopsis_and_example_is_accepted_by_the_parser() {
    let mut lines: Vec<String> = readme_spans();
    lines.extend(
        readme_blocks()
            .into_iter()
            .flatten()
            .map(|(c, _)| c)
            .filter(|c| c.starts_with("appeal ")),
    );
    lines.extend(help_examples());
    assert!(lines.len() > 40, "{lines:#?}");
    let mut tried = 0;
    let mut refused = Vec::new();
    for line in &lines {
        for expanded in expand(&parse(&mut line.chars().peekable()).remove(0)) {
            for words in instances(&expanded) {
                tried += 1;
                if let Err(e) = Cli::try_parse_from(&words) {
                    refused.push(format!(
                        "{}\n    from `{line}`: {}",
                        words.join(" "),
                        e.kind()
                    ));
                }
            }
        }
    }
    assert!(tried > 200, "{tried}");
    assert!(refused.is_empty(), "refused:\n{}", refused.join("\n"));
}

/// A copy of the sample project with what the examples name: supporters files and a Maildir,
/// and the project folder as the home folder (`~`).
fn project() -> Project {
    let p = Project::sample();
    let csv = "email,name,language\nann@example.org,Ann,en\nbota@example.org,Бота,ru\n";
    p.write("supporters.csv", csv);
    p.write("people.csv", csv);
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(p.path(&format!("Maildir/{sub}"))).unwrap();
    }
    // The ledgers brought home from the server host.
    p.write("server-actions.tsv", "# appeal actions v1\n");
    p.write("server-suppressions.tsv", "# appeal suppressions v1\n");
    p
}

/// Whether a line can run here: not sending, not serving, not looking up DNS or IMAP.
fn runnable(words: &[String]) -> bool {
    let has = |w: &str| words.iter().any(|x| x == w);
    let bounces_from_settings = has("bounces") && !has("--maildir") && !has("--mbox");
    !(has("--send")
        || has("serve")
        || has("unsubscribe-server")
        || has("--check-dns")
        || bounces_from_settings)
}

/// Runs one example line in `p` at [`TODAY`], `~` being the project folder; returns the run.
fn run_example(p: &Project, line: &str) -> common::Run {
    run_example_in(p, p.root(), line)
}

/// Runs one example line in the folder `dir` (the project root, or a folder a `cd` line of the
/// block moved to) at [`TODAY`], `~` being the project folder.
fn run_example_in(p: &Project, dir: &Path, line: &str) -> common::Run {
    let home = p.root().to_str().unwrap();
    let words: Vec<String> = line
        .split_whitespace()
        .skip(1)
        .map(|w| w.replacen("~/", &format!("{home}/"), 1))
        .collect();
    let mut args = Vec::new();
    if !words.iter().any(|w| w == "--today") {
        args.extend(["--today", TODAY]);
    }
    args.extend(words.iter().map(String::as_str));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_appeal"))
        .arg("--root")
        .arg(dir)
        .args(&args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("APPEAL_TOKEN_SECRET", common::TOKEN_SECRET)
        .output()
        .unwrap();
    common::Run::from(output)
}

#[test]
fn every_example_of_the_help_runs_on_the_samples() {
    let mut ran = 0;
    for line in help_examples() {
        let words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        if !runnable(&words) {
            continue;
        }
        let p = project();
        if line.contains("--import ru.po") {
            run_example(
                &p,
                "appeal translations ua-82-18 --export --lang ru --out ru.po",
            )
            .ok();
        }
        let run = run_example(&p, &line);
        assert_eq!(run.code, 0, "`{line}`\n{}\n{}", run.stdout, run.stderr);
        assert!(!run.stderr.contains("error"), "`{line}`\n{}", run.stderr);
        ran += 1;
    }
    assert!(ran >= 15, "{ran}");
}

#[test]
fn every_block_of_the_readme_runs_in_order_and_shows_what_the_readme_shows() {
    for block in readme_blocks() {
        let p = project();
        let mut dir = p.root().to_path_buf();
        for (line, notes) in &block {
            if let Some(to) = line.strip_prefix("cd ") {
                dir = dir.join(to.trim());
                continue;
            }
            let words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
            if !runnable(&words) {
                continue;
            }
            let run = run_example_in(&p, &dir, line);
            // An error shown under a command is what it prints, and it exits 1.
            let shown: Vec<&String> = notes.iter().filter(|n| n.contains(": error: ")).collect();
            if shown.is_empty() {
                assert_eq!(run.code, 0, "`{line}`\n{}\n{}", run.stdout, run.stderr);
            } else {
                assert_eq!(run.code, 1, "`{line}`\n{}", run.stderr);
                for error in shown {
                    assert!(
                        run.stderr.contains(error.as_str()),
                        "`{line}` does not print `{error}`:\n{}",
                        run.stderr
                    );
                }
            }
            // A step by hand follows: what comes after it depends on it.
            if notes.iter().any(|n| n.starts_with('…')) {
                break;
            }
        }
    }
}

#[test]
fn the_readme_render_example_writes_under_the_current_folder() {
    // `appeal --root ~/campaign render ua-82-18` run from the home folder writes
    // ~/out/ua-82-18/.
    let home = tempfile::tempdir().unwrap();
    let sample = Project::sample();
    common::copy_dir(sample.root(), &home.path().join("campaign"));
    let line = readme_spans()
        .into_iter()
        .find(|s| s.starts_with("appeal --root ~/campaign render"))
        .expect("the README's example");
    let campaign = home.path().join("campaign");
    let args: Vec<String> = line
        .split_whitespace()
        .skip(1)
        .map(|w| w.replace("~/campaign", campaign.to_str().unwrap()))
        .collect();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_appeal"))
        .args(["--today", TODAY])
        .args(&args)
        .current_dir(home.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(home.path().join("out/ua-82-18/ru/ua.html").is_file());
    assert!(!Path::new(&campaign.join("out")).exists());
}

#[test]
fn bounces_takes_each_source_with_move_to_and_its_files() {
    // The combinations the README documents, which the parser once refused. (An mbox is
    // read only: --move-to is for a Maildir or IMAP.)
    let p = project();
    p.write("b.mbox", "");
    for source in [
        &["--maildir", "Maildir", "--move-to", "Processed"][..],
        &["--mbox", "b.mbox"][..],
    ] {
        let mut args = vec!["--today", TODAY, "bounces"];
        args.extend_from_slice(source);
        args.extend([
            "--suppressions",
            "s.tsv",
            "--journal",
            "j.tsv",
            "--log",
            "l.tsv",
        ]);
        let run = p.run(&args);
        assert_eq!(run.code, 0, "{args:?}\n{}", run.stderr);
        assert!(run.stdout.contains("0 message(s)"), "{}", run.stdout);
    }
    // --imap with --move-to is accepted too (no server here to run it against).
    Cli::try_parse_from([
        "appeal",
        "bounces",
        "--imap",
        "imaps://mail.example.org/INBOX",
        "--move-to",
        "Processed",
        "--log",
        "l.tsv",
    ])
    .unwrap();
    // Two sources at once are still one too many.
    let run = p
        .run(&["bounces", "--maildir", "Maildir", "--mbox", "b.mbox"])
        .fails_with(2);
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
}
