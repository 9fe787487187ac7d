//! An archive that only grows: a command about one case reads that case in full and only the
//! facts of the others (their ids, actions, kinds and issue dates, from an index kept in
//! `.appeal/`), so a mistake in another case stops nothing, and what the other documents of
//! its action say still counts. Not timed: `bench/archive.py` measures the cost.

mod common;
use common::Project;
use std::time::Duration;

const TODAY: &str = "2018-05-20";

/// A case file another campaigner broke: a misspelt field and a language left out.
const BROKEN: &str = "\
id: ua-90-18
reference: UA 90/18
organisation: Amnesty International
kind: new
country: KZ
languages: [en, ru, kk]
title: {en: Title, ru: Заголовок}
sumary: {en: S, ru: S, kk: S}
people:
  - name: {en: A Person, ru: Имя Фамилия, kk: Аты Жөні}
    gender: female
story: {en: S, ru: S, kk: S}
asks:
  - {en: Release her., ru: Освободите её., kk: Оны босатыңыз.}
targets:
  - role: kz/prosecutor-general
deadline:
  send_before: 2018-07-30
";

/// An update of UA 82/18, issued on `issued`.
fn update(issued: &str) -> String {
    let text = std::fs::read_to_string(common::repo().join("appeals/cases/ua-82-18.yaml"))
        .unwrap()
        .replacen("id: ua-82-18\n", "id: ua-82-18-2\n", 1)
        .replacen(
            "kind: update\nupdate: 1\n",
            &format!("kind: update\nupdate: 2\nfollows: ua-82-18\nissued: {issued}\n"),
            1,
        );
    assert!(text.contains("follows: ua-82-18"));
    text
}

/// Waits until the files written so far are old enough to be taken from the index (a file
/// changed in the last two seconds is read again each time: a second change within the file
/// system's time resolution could look like none).
fn settle() {
    std::thread::sleep(Duration::from_millis(2100));
}

#[test]
fn a_mistake_in_another_case_stops_no_command_about_this_one() {
    let p = Project::sample();
    p.write("appeals/cases/ua-90-18.yaml", BROKEN);
    p.write("s.csv", "email,name,language\na@example.org,A,en\n");
    let check = p.run(&["--today", TODAY, "check"]).fails_with(1);
    assert!(
        check
            .stderr
            .contains("ua-90-18.yaml:8:1: error: unknown field `sumary`")
    );
    for args in [
        &["render", "ua-82-18", "--out", "out"][..],
        &["send", "ua-82-18"],
        &[
            "mail",
            "ua-82-18",
            "--supporters",
            "s.csv",
            "--out",
            "mails",
        ],
        &["translations", "ua-82-18"],
        &[
            "remind",
            "--within",
            "30",
            "--supporters",
            "s.csv",
            "--out",
            "reminders",
        ],
        &["new", "ua-82-18-2", "--follows", "ua-82-18"],
    ] {
        let run = p.run(&[&["--today", TODAY][..], args].concat()).ok();
        assert!(!run.stderr.contains("ua-90-18"), "{args:?}: {}", run.stderr);
    }
    assert!(
        p.path("out/ua-82-18/ru/fax-kz-prosecutor-general.pdf")
            .is_file()
    );
    assert!(
        p.read("appeals/cases/ua-82-18-2.yaml")
            .contains("follows: ua-82-18")
    );
    // Closing soon too, it is reminded of no more than it can be: its errors are the run's,
    // and the other case is still reminded of (once the update just started is gone: it
    // supersedes UA 82/18 at once, and is not filled in).
    std::fs::remove_file(p.path("appeals/cases/ua-82-18-2.yaml")).unwrap();
    p.edit(
        "appeals/cases/ua-90-18.yaml",
        "send_before: 2018-07-30",
        "send_before: 2018-06-08",
    );
    let run = p
        .run(&[
            "--today",
            TODAY,
            "remind",
            "--within",
            "30",
            "--supporters",
            "s.csv",
            "--out",
            "both",
        ])
        .fails_with(1);
    assert!(
        run.stderr.contains("unknown field `sumary`"),
        "{}",
        run.stderr
    );
    assert!(p.path("both/ua-82-18").is_dir(), "{}", run.stdout);
    assert!(!p.path("both/ua-90-18").exists());
    // The broken case itself is stopped, with its own problems.
    let run = p
        .run(&["--today", TODAY, "render", "ua-90-18", "--out", "out"])
        .fails_with(1);
    assert!(
        run.stderr.contains("unknown field `sumary`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("no kk text for `title`"),
        "{}",
        run.stderr
    );
    assert!(!p.path("out/ua-90-18").exists());
}

#[test]
fn the_later_documents_of_an_action_count_without_being_read_in_full() {
    let p = Project::sample();
    // An update to come out on 1 June: UA 82/18 is still the one to send on 20 May.
    p.write("appeals/cases/ua-82-18-2.yaml", &update("2018-06-01"));
    settle();
    for _ in 0..2 {
        // Twice: the second run takes the update's facts from the index.
        p.run(&["--today", TODAY, "send", "ua-82-18"]).ok();
    }
    let index = p.read(".appeal/case-index.tsv");
    assert!(
        index.contains("\tua-82-18-2\tUA 82/18\tupdate\t2\tua-82-18\t2018-06-01\t"),
        "{index}"
    );
    // Issued earlier after all (the same size: the index must see the file changed by its
    // times, not its length): the update supersedes UA 82/18, and sending it is refused.
    let modified = std::fs::metadata(p.path("appeals/cases/ua-82-18-2.yaml"))
        .unwrap()
        .modified()
        .unwrap();
    p.edit(
        "appeals/cases/ua-82-18-2.yaml",
        "issued: 2018-06-01",
        "issued: 2018-05-10",
    );
    // Even with its modification time put back, the file's change time gives it away.
    std::fs::File::options()
        .write(true)
        .open(p.path("appeals/cases/ua-82-18-2.yaml"))
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let run = p.run(&["--today", TODAY, "send", "ua-82-18"]).fails_with(2);
    assert!(
        run.stderr
            .contains("ua-82-18 was superseded on 2018-05-10 by ua-82-18-2"),
        "{}",
        run.stderr
    );
    // A damaged index is rebuilt, never believed.
    p.write(
        ".appeal/case-index.tsv",
        "# appeal case index 0.1.0\nnot\ta line\n",
    );
    p.run(&["--today", TODAY, "send", "ua-82-18"]).fails_with(2);
    let index = p.read(".appeal/case-index.tsv");
    assert!(
        index.contains("\tua-82-18\tUA 82/18\tupdate\t1\t"),
        "{index}"
    );
    assert!(!index.contains("not\ta line"), "{index}");
}

#[test]
fn a_case_named_by_a_path_or_an_id_in_two_files_is_judged_as_check_does() {
    let p = Project::sample();
    // By path: the same case as by id.
    p.run(&[
        "--today",
        TODAY,
        "render",
        "appeals/cases/ua-82-18.yaml",
        "--out",
        "out",
    ])
    .ok();
    assert!(p.path("out/ua-82-18/en/ua.html").is_file());
    // Two files with the id: the mistake is the case's own, so it stops it.
    let text = p.read("appeals/cases/ua-82-18.yaml");
    p.write("appeals/cases/zz-copy.yaml", &text);
    let run = p
        .run(&["--today", TODAY, "render", "ua-82-18", "--out", "again"])
        .fails_with(1);
    assert!(
        run.stderr
            .contains("zz-copy.yaml:5:1: error: duplicate case id `ua-82-18`"),
        "{}",
        run.stderr
    );
    // An unknown id: a "did you mean" among every case's id.
    let run = p
        .run(&["--today", TODAY, "render", "ua-82-81", "--out", "out"])
        .fails_with(2);
    assert!(
        run.stderr.contains("did you mean `ua-82-18`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_case_file_that_starts_with_a_byte_order_mark_reads_as_without() {
    // Windows editors save UTF-8 with a byte-order mark.
    let p = Project::sample();
    let text = p.read("appeals/cases/ua-82-18.yaml");
    p.write("appeals/cases/ua-82-18.yaml", &format!("\u{feff}{text}"));
    p.write(
        "appeals/cases/ua-82-18-2.yaml",
        &format!("\u{feff}{}", update("2018-05-10")),
    );
    p.run(&["--today", TODAY, "check"]).ok();
    let run = p.run(&["--today", TODAY, "send", "ua-82-18"]).fails_with(2);
    assert!(
        run.stderr
            .contains("ua-82-18 was superseded on 2018-05-10 by ua-82-18-2"),
        "{}",
        run.stderr
    );
    p.run(&["--today", TODAY, "render", "ua-82-18-2", "--out", "out"])
        .ok();
    assert!(p.path("out/ua-82-18-2/en/ua.html").is_file());
    // Edited in place, it keeps its mark.
    p.edit(
        "appeals/cases/ua-82-18-2.yaml",
        "  en: Activist freed",
        "  en: Activist released",
    );
    let args = ["--mark-current", "--lang", "ru", "--field", "title"];
    p.run(&[&["--today", TODAY, "translations", "ua-82-18-2"][..], &args].concat())
        .ok();
    let edited = p.read("appeals/cases/ua-82-18-2.yaml");
    assert!(edited.starts_with("\u{feff}"));
    p.run(&["--today", TODAY, "check"]).ok();
}

