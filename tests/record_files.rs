//! The files a sending run reads and writes besides the supporters (the journal and the
//! suppression ledger), edited, linked and damaged as people and crashes leave them, through the
//! real binary against Postfix's `smtp-sink`: no message is sent twice, no unsubscription is
//! lost, and nothing is silently skipped.

mod common;
use common::Project;
use common::sink::Sink;
use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::Duration;

const HEADER: &str = "# appeal journal v2";
const LEDGER: &str = "# appeal suppressions v1";

/// `rows` supporters s0@… to s{rows-1}@… in `supporters.csv`.
fn supporters(p: &Project, rows: usize) {
    let mut csv = String::from("email,name,language\n");
    for i in 0..rows {
        csv.push_str(&format!("s{i}@example.net,Jane Doe,en\n"));
    }
    p.write("supporters.csv", &csv);
}

/// A journal record of the alert sent to supporter `i`.
fn sent(i: usize) -> String {
    format!("ua-82-18\talert\ts{i}@example.net\taccepted\t<m{i}@example.org>")
}

/// `mail ua-82-18 --send` to `sink`, with `extra` arguments.
fn mail(p: &Project, sink: &Sink, extra: &[&str]) -> common::Run {
    let url = sink.url();
    let mut args = vec![
        "--today",
        "2018-05-20",
        "mail",
        "ua-82-18",
        "--supporters",
        "supporters.csv",
        "--send",
        "--smtp",
        &url,
    ];
    args.extend_from_slice(extra);
    p.run(&args)
}

/// How many messages the sink got, by recipient.
fn received(sink: &Sink) -> BTreeMap<String, usize> {
    std::thread::sleep(Duration::from_millis(200));
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(sink.dump_path()).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let rcpt = text
            .lines()
            .find_map(|l| l.strip_prefix("X-Rcpt-Args:"))
            .map(|v| v.trim().trim_start_matches("TO:"))
            .map(|v| v.trim_matches(['<', '>', ' ']).to_string())
            .unwrap_or_default();
        *out.entry(rcpt).or_insert(0) += 1;
    }
    out
}

#[track_caller]
fn assert_has(text: &str, wanted: &str) {
    assert!(text.contains(wanted), "no `{wanted}` in:\n{text}");
}

#[test]
fn a_comment_a_blank_line_or_a_bom_above_the_journal_header_drops_no_record() {
    for preamble in [
        "# the campaign's journal\n",
        "\n",
        "\u{feff}",
        "\u{feff}# notes\n\n",
    ] {
        let p = Project::sample();
        supporters(&p, 20);
        let records: Vec<String> = (0..20).map(sent).collect();
        let journal = format!("{preamble}{HEADER}\n{}\n", records.join("\n"));
        p.write(".appeal/journal.tsv", &journal);
        let sink = Sink::start(&[]);
        let run = mail(&p, &sink, &[]).ok();
        assert_has(&run.stdout, "already sent (journal): 20");
        assert!(received(&sink).is_empty(), "{preamble:?}: mailed again");
        assert_eq!(
            p.read(".appeal/journal.tsv"),
            journal,
            "{preamble:?}: the journal is left as it was"
        );
    }
}

#[test]
fn hand_edited_statuses_garbage_and_nul_lines_stop_the_run_at_their_line() {
    let cases = [
        ("Accepted", 3, 31),
        ("accepted ", 3, 31),
        (" accepted", 3, 31),
        ("ok", 3, 31),
    ];
    for (status, line, col) in cases {
        let p = Project::sample();
        supporters(&p, 3);
        let edited = format!("ua-82-18\talert\ts1@example.net\t{status}\t<m1@example.org>");
        p.write(
            ".appeal/journal.tsv",
            &format!("{HEADER}\n{}\n{edited}\n{}\n", sent(0), sent(2)),
        );
        let sink = Sink::start(&[]);
        let run = mail(&p, &sink, &[]).fails_with(1);
        assert_has(
            &run.stderr,
            &format!(".appeal/journal.tsv:{line}:{col}: error: status `{status}`"),
        );
        assert!(received(&sink).is_empty(), "{status:?}: something was sent");
        // A dry run reads the journal the same way.
        p.run(&[
            "--today",
            "2018-05-20",
            "mail",
            "ua-82-18",
            "--supporters",
            "supporters.csv",
        ])
        .fails_with(1);
    }
    for (bad, col) in [
        ("garbage\n", 1),
        ("\0ua-82-18\talert\ts1@example.net\taccepted\t<x>\n", 1),
        ("ua-82-18\talert\ts1@exa\0mple.net\taccepted\t<x>\n", 22),
    ] {
        let p = Project::sample();
        supporters(&p, 3);
        p.write(
            ".appeal/journal.tsv",
            &format!("{HEADER}\n{}\n{bad}{}\n", sent(0), sent(2)),
        );
        let sink = Sink::start(&[]);
        let run = mail(&p, &sink, &[]).fails_with(1);
        assert_has(
            &run.stderr,
            &format!(".appeal/journal.tsv:3:{col}: error: "),
        );
        assert!(received(&sink).is_empty());
    }
}

#[test]
fn a_complete_last_journal_line_without_its_newline_is_a_record_and_gets_its_newline() {
    let p = Project::sample();
    supporters(&p, 5);
    let journal = format!("{HEADER}\n{}\n{}\n{}", sent(0), sent(1), sent(2));
    p.write(".appeal/journal.tsv", &journal);
    let sink = Sink::start(&[]);
    let run = mail(&p, &sink, &[]).ok();
    assert_has(&run.stdout, "already sent (journal): 3");
    let got = received(&sink);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        ["s3@example.net", "s4@example.net"],
        "{got:?}"
    );
    let after = p.read(".appeal/journal.tsv");
    assert!(after.starts_with(&format!("{journal}\n")), "{after}");
    assert_eq!(after.lines().count(), 6, "{after}");
    // A torn last line is still a crash's leftover: not read, cut when the journal is opened.
    p.write(
        ".appeal/journal.tsv",
        &format!("{HEADER}\n{}\nua-82-18\talert\ts1@exam", sent(0)),
    );
    let sink = Sink::start(&[]);
    mail(&p, &sink, &[]).ok();
    assert_eq!(received(&sink).len(), 4);
    assert!(!p.read(".appeal/journal.tsv").contains("s1@exam\n"));
}

/// Two sending runs started together on one journal, each through its own name for it.
fn race(p: &Project, sink: &Sink, a: &str, b: &str) -> Vec<common::Run> {
    let spawn = |journal: &str| {
        Command::new(env!("CARGO_BIN_EXE_appeal"))
            .env("APPEAL_TOKEN_SECRET", common::TOKEN_SECRET)
            .arg("--root")
            .arg(p.root())
            .current_dir(p.root())
            .args(["--today", "2018-05-20", "mail", "ua-82-18", "--supporters"])
            .arg(p.path("supporters.csv"))
            .args(["--send", "--smtp", &sink.url(), "--per-second", "40"])
            .args(["--journal", journal])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let children = [spawn(a), spawn(b)];
    children
        .into_iter()
        .map(|c| common::Run::from(c.wait_with_output().unwrap()))
        .collect()
}

#[test]
fn runs_through_a_symlink_and_through_the_real_path_share_one_lock() {
    const ROWS: usize = 40;
    for other in ["link.tsv", "elsewhere/../shared/journal.tsv"] {
        let p = Project::sample();
        supporters(&p, ROWS);
        std::fs::create_dir_all(p.path("shared")).unwrap();
        std::fs::create_dir_all(p.path("elsewhere")).unwrap();
        std::os::unix::fs::symlink("shared/journal.tsv", p.path("link.tsv")).unwrap();
        let sink = Sink::start(&[]);
        let runs = race(&p, &sink, "shared/journal.tsv", other);
        let mut codes: Vec<i32> = runs.iter().map(|r| r.code).collect();
        codes.sort();
        assert_eq!(codes, [0, 2], "one sends, the other is refused: {runs:#?}");
        let loser = runs.iter().find(|r| r.code == 2).unwrap();
        assert_has(&loser.stderr, "shared/journal.tsv.lock");
        let got = received(&sink);
        assert_eq!(got.len(), ROWS, "{got:?}");
        assert!(got.values().all(|n| *n == 1), "{other}: duplicates {got:?}");
        assert!(
            std::fs::symlink_metadata(p.path("link.tsv"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }
}

#[test]
fn a_symlinked_version_1_journal_is_migrated_through_the_link() {
    let p = Project::sample();
    supporters(&p, 20);
    std::fs::create_dir_all(p.path("shared")).unwrap();
    p.write(
        "shared/journal.tsv",
        "ua-82-18\talert\ts0@example.net\t<m0@example.org>\n",
    );
    std::os::unix::fs::symlink("shared/journal.tsv", p.path("link.tsv")).unwrap();
    let sink = Sink::start(&[]);
    let run = mail(&p, &sink, &["--journal", "link.tsv"]).ok();
    assert_has(&run.stdout, "already sent (journal): 1");
    assert_eq!(received(&sink).len(), 19);
    let link = std::fs::symlink_metadata(p.path("link.tsv")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    let real = p.read("shared/journal.tsv");
    assert!(real.starts_with(&format!(
        "{HEADER}\nua-82-18\talert\ts0@example.net\taccepted\t"
    )));
    assert_eq!(real.lines().count(), 21, "{real}");
    // Through the real name, nothing is sent again.
    let sink = Sink::start(&[]);
    let run = mail(&p, &sink, &["--journal", "shared/journal.tsv"]).ok();
    assert_has(&run.stdout, "already sent (journal): 20");
    assert!(received(&sink).is_empty());
}

#[test]
fn the_ledgers_last_record_without_its_newline_is_kept_by_every_command() {
    let unsubscribed = "2018-05-19T10:00:00Z\tadd\ts1@example.net\tunsubscribed\tall\tone-click";
    let p = Project::sample();
    supporters(&p, 3);
    p.write(
        ".appeal/suppressions.tsv",
        &format!("{LEDGER}\n{unsubscribed}"),
    );
    // `mail` honours it.
    let sink = Sink::start(&[]);
    let run = mail(&p, &sink, &[]).ok();
    assert_has(
        &run.stdout,
        "suppressed (unsubscribed, bounced, complained or removed by hand): 1",
    );
    assert!(!received(&sink).contains_key("s1@example.net"));
    // `suppress add` ends the line before its own.
    p.run(&["--today", "2018-05-20", "suppress", "add", "x@example.org"])
        .ok();
    let ledger = p.read(".appeal/suppressions.tsv");
    assert!(
        ledger.starts_with(&format!("{LEDGER}\n{unsubscribed}\n2018-05-20")),
        "{ledger}"
    );
    let list = p.run(&["suppress", "list", "--json"]).ok();
    assert_has(&list.stdout, "s1@example.net");
    assert_has(&list.stdout, "x@example.org");
    // `suppress import` of such a file imports it.
    let q = Project::sample();
    q.write("server.tsv", &format!("{LEDGER}\n{unsubscribed}"));
    let run = q
        .run(&["--today", "2018-05-20", "suppress", "import", "server.tsv"])
        .ok();
    assert_has(&run.stdout, "imported: 1 record(s) of 1");
    assert_has(&q.run(&["suppress", "list"]).ok().stdout, "s1@example.net");
    // A ledger under comments and a BOM is a ledger too.
    q.write(
        "commented.tsv",
        &format!(
            "\u{feff}# from the server\n\n{LEDGER}\n{}\n",
            unsubscribed.replace("s1@", "s2@")
        ),
    );
    let run = q
        .run(&[
            "--today",
            "2018-05-20",
            "suppress",
            "import",
            "commented.tsv",
        ])
        .ok();
    assert_has(&run.stdout, "imported: 1 record(s) of 1");
}

#[test]
fn a_bad_ledger_line_is_located_and_nothing_is_appended_to_a_file_that_is_not_a_ledger() {
    let p = Project::sample();
    supporters(&p, 3);
    p.write(
        ".appeal/suppressions.tsv",
        &format!("{LEDGER}\n2018-05-19T10:00:00Z\tAdd\ts1@example.net\tmanual\tall\tx\n"),
    );
    let sink = Sink::start(&[]);
    let run = mail(&p, &sink, &[]).fails_with(1);
    assert_has(
        &run.stderr,
        ".appeal/suppressions.tsv:2:22: error: action `Add`: write `add` or `remove`",
    );
    assert!(received(&sink).is_empty());
    // The supporters file given as the ledger by mistake: refused, left as it was.
    let before = p.read("supporters.csv");
    let run = p
        .run(&[
            "suppress",
            "--suppressions",
            "supporters.csv",
            "add",
            "a@example.org",
        ])
        .fails_with(1);
    assert_has(
        &run.stderr,
        "supporters.csv:1:1: error: not a suppression ledger",
    );
    assert_eq!(p.read("supporters.csv"), before);
}

/// Runs the binary under a 1 GB address-space limit, as a small server would: reading a
/// device or a huge file whole would abort it.
fn run_limited(p: &Project, args: &[&str]) -> common::Run {
    let mut command = format!(
        "ulimit -v 1000000; exec '{}' --root '{}'",
        env!("CARGO_BIN_EXE_appeal"),
        p.root().display()
    );
    for a in args {
        command.push_str(&format!(" '{a}'"));
    }
    let started = std::time::Instant::now();
    let out = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(p.root())
        .env("APPEAL_TOKEN_SECRET", common::TOKEN_SECRET)
        .output()
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(20), "{args:?}");
    common::Run::from(out)
}

#[test]
fn devices_fifos_and_huge_files_as_journal_or_ledger_are_clear_errors() {
    let p = Project::sample();
    supporters(&p, 2);
    let fifo = p.path("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    // Sparse: 1 GiB and a byte, without the disk space.
    let huge = std::fs::File::create(p.path("huge.tsv")).unwrap();
    huge.set_len((1 << 30) + 1).unwrap();
    let mail = [
        "--today",
        "2018-05-20",
        "mail",
        "ua-82-18",
        "--supporters",
        "supporters.csv",
    ];
    for (what, file) in [
        ("/dev/zero", "/dev/zero"),
        ("fifo", "fifo"),
        ("huge", "huge.tsv"),
    ] {
        for flag in ["--journal", "--suppressions"] {
            let mut args = mail.to_vec();
            args.extend([flag, file]);
            let run = run_limited(&p, &args).fails_with(3);
            let wanted = match what {
                "huge" => "more than the 1 GiB",
                _ => "not a regular file",
            };
            assert_has(&run.stderr, wanted);
        }
        let run = run_limited(&p, &["suppress", "--suppressions", file, "list"]).fails_with(3);
        assert_has(&run.stderr, file);
        let run =
            run_limited(&p, &["--today", "2018-05-20", "suppress", "import", file]).fails_with(3);
        assert_has(&run.stderr, file);
    }
    assert!(!p.path(".appeal/suppressions.tsv").exists());
    // A sending run refuses before it makes a lock file beside the FIFO (or a device).
    let mut args = mail.to_vec();
    args.extend([
        "--send",
        "--smtp",
        "smtp://127.0.0.1:1",
        "--journal",
        "fifo",
    ]);
    let run = run_limited(&p, &args).fails_with(3);
    assert_has(&run.stderr, "not a regular file (a FIFO)");
    assert!(!p.path("fifo.lock").exists());
}
