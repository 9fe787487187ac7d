//! Every input is bounded before it is read (README "Limits"): a supporters file that is not
//! text or never ends, a mailbox that is no mailbox, a message of hundreds of megabytes, a PO
//! file too large, a translation that would make a case file too large. Each stops at once
//! with a located message, or is skipped with a warning, in bounded memory.

mod common;
use common::Project;
use std::io::{Seek, Write};
use std::time::{Duration, Instant};

const TODAY: &str = "2018-05-20";

/// Runs `appeal` with a deadline: a run that does not stop is killed and fails the test.
fn run_within(p: &Project, limit: Duration, args: &[&str]) -> common::Run {
    let started = Instant::now();
    let mut all = vec!["timeout", "-s", "KILL"];
    let secs = limit.as_secs().to_string();
    all.push(&secs);
    let out = std::process::Command::new(all[0])
        .args(&all[1..])
        .arg(env!("CARGO_BIN_EXE_appeal"))
        .arg("--root")
        .arg(p.root())
        .args(args)
        .current_dir(p.root())
        .env("NO_COLOR", "1")
        .env("APPEAL_TOKEN_SECRET", common::TOKEN_SECRET)
        .output()
        .unwrap();
    let run = common::Run::from(out);
    assert!(
        started.elapsed() < limit,
        "{args:?} ran for {:?}: {}",
        started.elapsed(),
        run.stderr
    );
    run
}

#[test]
fn a_supporters_file_that_is_not_text_stops_at_once_at_its_location() {
    let p = Project::sample();
    let run = run_within(
        &p,
        Duration::from_secs(10),
        &[
            "--today",
            TODAY,
            "mail",
            "ua-82-18",
            "--supporters",
            "/dev/zero",
            "--out",
            "o",
        ],
    )
    .fails_with(1);
    assert!(
        run.stderr
            .contains("/dev/zero:1:1: error: a NUL byte: this is not a text file"),
        "{}",
        run.stderr
    );
    assert!(!p.path("o").exists());
    // A NUL in the middle of a file: nothing is written or sent, the place is named.
    let mut csv = "email,name,language\na@example.org,Ann,en\nb@example.org,Бек,r"
        .as_bytes()
        .to_vec();
    csv.extend(b"\0u\nc@example.org,Cy,en\n");
    std::fs::write(p.path("s.csv"), &csv).unwrap();
    let run = p
        .run(&[
            "--today",
            TODAY,
            "mail",
            "ua-82-18",
            "--supporters",
            "s.csv",
            "--out",
            "o",
        ])
        .fails_with(1);
    assert!(
        run.stderr.contains("s.csv:3:20: error: a NUL byte"),
        "{}",
        run.stderr
    );
    assert!(!p.path("o").exists());
}

#[test]
fn an_mbox_that_is_no_mailbox_is_refused_at_once() {
    let p = Project::sample();
    let run = run_within(
        &p,
        Duration::from_secs(10),
        &["--today", TODAY, "bounces", "--mbox", "/dev/zero"],
    )
    .fails_with(2);
    assert!(
        run.stderr.contains("/dev/zero: a device, not an mbox file"),
        "{}",
        run.stderr
    );
    std::fs::write(p.path("zeros.mbox"), vec![0u8; 1 << 20]).unwrap();
    let run = p
        .run(&["--today", TODAY, "bounces", "--mbox", "zeros.mbox"])
        .fails_with(2);
    assert!(
        run.stderr
            .contains("zeros.mbox: not an mbox file: it does not begin with a `From ` line"),
        "{}",
        run.stderr
    );
}

/// A message nobody needs to act on: listed and left alone by `bounces`.
const HELLO: &str = "From: friend@example.net\nTo: bounces@example.org\nSubject: hello\nMessage-ID: <hello@example.net>\n\nJust saying hello.\n";

#[cfg(target_os = "linux")]
#[test]
fn an_800_megabyte_message_in_an_mbox_is_skipped_with_a_warning_in_little_memory() {
    let p = Project::sample();
    // 800 MB of one message, made sparse (no disk used): its body is one long line of zeros.
    let path = p.path("big.mbox");
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(b"From huge@example.net Thu Jan  1 00:00:00 2018\nSubject: huge\nMessage-ID: <huge@example.net>\n\n")
        .unwrap();
    f.set_len(800 << 20).unwrap();
    f.seek(std::io::SeekFrom::End(0)).unwrap();
    write!(
        f,
        "\nFrom friend@example.net Thu Jan  1 00:00:00 2018\n{HELLO}"
    )
    .unwrap();
    drop(f);
    let (run, peak_kib) = p.run_measured(&["--today", TODAY, "bounces", "--mbox", "big.mbox"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "appeal: warning: <huge@example.net> \"huge\": 800.0 MiB, larger than the 10 MiB a report can be: skipped unread"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("2 message(s)"), "{}", run.stdout);
    assert!(
        run.stdout.contains("<hello@example.net> \"hello\""),
        "the next message is read: {}",
        run.stdout
    );
    eprintln!("bounces over an 800 MB message: peak memory {peak_kib} KiB");
    assert!(peak_kib < 100 * 1024, "peak memory {peak_kib} KiB");
}

#[test]
fn a_message_over_ten_mebibytes_in_a_maildir_is_skipped_and_left_where_it_is() {
    let p = Project::sample();
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(p.path(&format!("Maildir/{sub}"))).unwrap();
    }
    let mut big =
        b"From: huge@example.net\nSubject: huge\nMessage-ID: <huge@example.net>\n\n".to_vec();
    big.extend(std::iter::repeat_n(b'x', 11 << 20));
    std::fs::write(p.path("Maildir/new/1.big"), &big).unwrap();
    std::fs::write(p.path("Maildir/new/2.hello"), HELLO).unwrap();
    let run = p
        .run(&["--today", TODAY, "bounces", "--maildir", "Maildir"])
        .ok();
    assert!(
        run.stderr
            .contains("<huge@example.net> \"huge\": 11.0 MiB, larger than the 10 MiB"),
        "{}",
        run.stderr
    );
    assert!(p.path("Maildir/new/1.big").exists(), "moved or removed");
    assert!(run.stdout.contains("\"hello\""), "{}", run.stdout);
}

/// The ru PO file of the sample case with the subject's translation replaced by `text`.
fn po_with_subject(p: &Project, text: &str) -> String {
    let po = p
        .run(&["translations", "ua-82-18", "--export", "--lang", "ru"])
        .ok()
        .stdout;
    let old = "msgstr \"Об уголовном преследовании Ардак Ашым\"";
    assert!(po.contains(old), "{po:.2000}");
    // A long text as PO writes it: continuation lines of a few hundred bytes.
    let chars: Vec<char> = text.chars().collect();
    let lines: String = chars
        .chunks(150)
        .map(|c| format!("\"{}\"\n", c.iter().collect::<String>()))
        .collect();
    po.replace(old, &format!("msgstr \"\"\n{}", lines.trim_end()))
}

#[test]
fn a_po_file_over_8_mib_is_refused() {
    let p = Project::sample();
    let po = po_with_subject(&p, &"a".repeat(9 << 20));
    p.write("big.po", &po);
    let before = p.read("appeals/cases/ua-82-18.yaml");
    let run = p
        .run(&["translations", "ua-82-18", "--import", "big.po"])
        .fails_with(1);
    assert!(
        run.stderr
            .contains("big.po:1:1: error: the PO file is larger than 8 MiB"),
        "{}",
        run.stderr
    );
    assert_eq!(p.read("appeals/cases/ua-82-18.yaml"), before);
}

#[test]
fn an_import_that_would_make_the_case_file_too_large_is_refused_and_changes_nothing() {
    let p = Project::sample();
    // 3 MiB of words: a PO file within its limit, a case file past its own.
    let po = po_with_subject(&p, &"слово ".repeat(1 << 18));
    assert!(po.len() < 8 << 20);
    p.write("ru.po", &po);
    let before = p.read("appeals/cases/ua-82-18.yaml");
    let run = p
        .run(&["translations", "ua-82-18", "--import", "ru.po"])
        .fails_with(1);
    assert!(
        run.stderr.contains(
            "appeals/cases/ua-82-18.yaml:1:1: error: with these texts the case file would be"
        ) && run
            .stderr
            .contains("more than the 1024 KiB a case file may have"),
        "{}",
        run.stderr
    );
    assert_eq!(p.read("appeals/cases/ua-82-18.yaml"), before);
    p.run(&["--today", TODAY, "check"]).ok();
}
