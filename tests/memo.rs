//! The commands over the whole archive (`check`, `list`, `deadlines`, `who`) keep what they
//! found in each case file in `.appeal/memo-<command>.tsv`, and take it from there while the
//! file and everything else it depends on (settings, directory, calendars, templates, locales,
//! the other cases' facts, the day) stay as they were. Each test changes one of those and
//! shows the command finds what it would find without the memo.

mod common;
use common::Project;
use std::time::Duration;

const TODAY: &str = "2018-05-20";

/// Waits until the files written so far are old enough to be remembered (a file changed in
/// the last two seconds is read again each time, as the index cache does).
fn settle() {
    std::thread::sleep(Duration::from_millis(2100));
}

/// What `args` print, on the sample day, and the exit code.
fn out(p: &Project, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--today", TODAY];
    all.extend(args);
    let run = p.run(&all);
    (run.code, run.stdout, run.stderr)
}

/// What `args` print with no memo at all (it is moved aside and back).
fn fresh(p: &Project, args: &[&str]) -> (i32, String, String) {
    let aside = p.path("memo-aside");
    std::fs::create_dir_all(&aside).unwrap();
    let memos: Vec<_> = std::fs::read_dir(p.path(".appeal"))
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    let memos: Vec<_> = memos
        .into_iter()
        .filter(|n| n.to_string_lossy().starts_with("memo-"))
        .collect();
    for n in &memos {
        std::fs::rename(p.path(".appeal").join(n), aside.join(n)).unwrap();
    }
    let found = out(p, args);
    for n in &memos {
        std::fs::rename(aside.join(n), p.path(".appeal").join(n)).unwrap();
    }
    found
}

const COMMANDS: [&[&str]; 5] = [
    &["check"],
    &["list", "--json"],
    &["deadlines", "--json"],
    &["deadlines", "--lang", "ru"],
    &["who", "--changes-affect", "--on", "2019-03-01", "--json"],
];

/// Each command twice (the second time from its memo) finds what it finds without one.
fn each_command_remembers_truly(p: &Project) {
    for args in COMMANDS {
        let first = out(p, args);
        let again = out(p, args);
        assert_eq!(first, again, "{args:?}");
        assert_eq!(again, fresh(p, args), "{args:?}");
    }
}

#[test]
fn a_memo_is_kept_and_what_it_gives_is_what_reading_gives() {
    let p = Project::sample();
    settle();
    each_command_remembers_truly(&p);
    let memo = p.read(".appeal/memo-list.tsv");
    assert!(memo.starts_with("# appeal memo "), "{memo}");
    assert_eq!(memo.lines().count(), 3, "{memo}");
    assert!(memo.contains("appeals/cases/ua-82-18.yaml\t"), "{memo}");
}

#[test]
fn a_change_to_the_settings_the_directory_or_a_calendar_is_seen() {
    let p = Project::sample();
    settle();
    each_command_remembers_truly(&p);
    // Settings: a wider "closing soon" window.
    p.edit(
        "appeals/campaign.yaml",
        "closing_soon_days: 7",
        "closing_soon_days: 30",
    );
    let list = out(&p, &["list"]).1;
    assert!(list.contains("closing-soon"), "{list}");
    each_command_remembers_truly(&p);
    // The directory: a newer sighting of the holder ends the case's warning about him.
    let check = out(&p, &["check"]).2;
    assert!(
        check.contains("holder may have changed: Askhat Daulbayev"),
        "{check}"
    );
    p.edit(
        "appeals/authorities/kz/prosecutor-general.yaml",
        "seen: [2012-03-13]",
        "seen: [2012-03-13, 2014-09-29]",
    );
    let check = out(&p, &["check"]).2;
    assert!(
        !check.contains("holder may have changed: Askhat Daulbayev"),
        "{check}"
    );
    each_command_remembers_truly(&p);
    // A calendar: Constitution Day not moved off the weekend, so no day off on 1 September.
    let deadlines = out(&p, &["deadlines"]).1;
    assert!(
        deadlines.contains("moved to 1 September 2014"),
        "{deadlines}"
    );
    p.edit(
        "appeals/calendars/kz.yaml",
        "moves_off_weekend: true\n    to_year: 2025",
        "moves_off_weekend: false\n    to_year: 2025",
    );
    let deadlines = out(&p, &["deadlines"]).1;
    assert!(
        !deadlines.contains("moved to 1 September 2014"),
        "{deadlines}"
    );
    each_command_remembers_truly(&p);
    // A locale: the explanation's words (the memo of `deadlines` is of its last options).
    out(&p, &["deadlines"]);
    p.edit("locales/en/main.ftl", "working days", "business days");
    let deadlines = out(&p, &["deadlines"]).1;
    assert!(deadlines.contains("30 business days from"), "{deadlines}");
    each_command_remembers_truly(&p);
}

#[test]
fn another_case_and_another_day_count_for_a_case_that_did_not_change() {
    let p = Project::sample();
    settle();
    each_command_remembers_truly(&p);
    // A later update of UA 82/18 supersedes it: its own file is as it was.
    let update = p
        .read("appeals/cases/ua-82-18.yaml")
        .replacen("id: ua-82-18\n", "id: ua-82-18-2\n", 1)
        .replacen(
            "kind: update\nupdate: 1\n",
            "kind: update\nupdate: 2\nfollows: ua-82-18\nissued: 2018-05-10\n",
            1,
        );
    p.write("appeals/cases/ua-82-18-2.yaml", &update);
    let list = out(&p, &["list"]).1;
    let line = list.lines().find(|l| l.starts_with("ua-82-18 ")).unwrap();
    assert!(line.contains("superseded"), "{list}");
    each_command_remembers_truly(&p);
    // Another day: the same case, closing soon.
    std::fs::remove_file(p.path("appeals/cases/ua-82-18-2.yaml")).unwrap();
    let later = p.run(&["--today", "2018-06-02", "list"]).ok().stdout;
    let line = later.lines().find(|l| l.starts_with("ua-82-18 ")).unwrap();
    assert!(line.contains("closing-soon"), "{later}");
    each_command_remembers_truly(&p);
}

#[test]
fn a_case_changed_or_broken_since_is_read_again() {
    let p = Project::sample();
    settle();
    each_command_remembers_truly(&p);
    // Changed at once, within the file system's time resolution of the last run.
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "send_before: 2018-06-07",
        "send_before: 2018-06-09",
    );
    let list = out(&p, &["list"]).1;
    assert!(list.contains("2018-06-09"), "{list}");
    each_command_remembers_truly(&p);
    p.edit("appeals/cases/ua-82-18.yaml", "\nsummary:", "\nsumary:");
    for args in COMMANDS {
        let (code, _, stderr) = out(&p, args);
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert!(
            stderr.contains("unknown field `sumary`"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_memo_damaged_cut_short_or_of_another_build_is_not_believed() {
    let p = Project::sample();
    settle();
    let truth = out(&p, &["list", "--json"]);
    out(&p, &["list", "--json"]);
    let memo = p.read(".appeal/memo-list.tsv");
    // A value that does not read as a row, and a memo cut inside its last line.
    let damaged = memo.replace("\"state\":\"open\"", "\"state\":7");
    assert_ne!(damaged, memo);
    p.write(".appeal/memo-list.tsv", &damaged);
    assert_eq!(out(&p, &["list", "--json"]), truth);
    let cut = memo.replace("\"state\":\"open\"", "\"state\":\"past-deadline\"");
    let cut = &cut[..cut.rfind("past-deadline").unwrap() + 4];
    p.write(".appeal/memo-list.tsv", cut);
    assert_eq!(out(&p, &["list", "--json"]), truth);
    // Another build's memo, even of the same files.
    let (_, rest) = memo.split_once('\n').unwrap();
    let forged = format!(
        "# appeal memo {} {}\n{}",
        env!("CARGO_PKG_VERSION"),
        "0".repeat(64),
        rest.replace("\"state\":\"open\"", "\"state\":\"closed\"")
    );
    p.write(".appeal/memo-list.tsv", &forged);
    assert_eq!(out(&p, &["list", "--json"]), truth);
    assert_eq!(p.read(".appeal/memo-list.tsv"), memo);
}

#[cfg(unix)]
#[test]
fn a_memo_that_is_a_link_is_not_followed() {
    let p = Project::sample();
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("keep.txt");
    std::fs::write(&target, "not the project's\n").unwrap();
    std::fs::create_dir_all(p.path(".appeal")).unwrap();
    std::os::unix::fs::symlink(&target, p.path(".appeal/memo-check.tsv")).unwrap();
    settle();
    let truth = fresh(&p, &["check"]);
    assert_eq!(out(&p, &["check"]), truth);
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "not the project's\n"
    );
    let meta = std::fs::symlink_metadata(p.path(".appeal/memo-check.tsv")).unwrap();
    assert!(meta.file_type().is_file());
}

#[test]
fn a_case_whose_own_day_turned_is_judged_again() {
    // The campaign's day is the same at both instants (London, 19:30 and 20:30 on 6 June), the
    // case's is not (Almaty, 23:30 on 6 June, then 00:30 on 7 June: the send-before date).
    let p = Project::sample();
    p.edit(
        "appeals/campaign.yaml",
        "time_zone: Asia/Almaty",
        "time_zone: Europe/London",
    );
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "  send_before: 2018-06-07\n",
        "  send_before: 2018-06-07\n  time_zone: Asia/Almaty\n",
    );
    settle();
    let state = |at: &str| {
        let list = p.run(&["--today", at, "list"]).ok().stdout;
        let line = list.lines().find(|l| l.starts_with("ua-82-18 ")).unwrap();
        line.split_whitespace().nth(5).unwrap().to_string()
    };
    assert_eq!(state("2018-06-06T17:30:00Z"), "closing-soon");
    assert_eq!(state("2018-06-06T17:30:00Z"), "closing-soon");
    assert_eq!(state("2018-06-06T18:30:00Z"), "past-deadline");
}

#[cfg(unix)]
#[test]
fn a_file_loaded_under_a_look_alike_name_or_through_a_linked_folder_counts() {
    let p = Project::sample();
    // `a\kz.yaml` (a backslash is part of a Unix name) beside `a/kz.yaml`, both calendars.
    let calendar = p.read("appeals/calendars/kz.yaml");
    std::fs::remove_file(p.path("appeals/calendars/kz.yaml")).unwrap();
    p.write("appeals/calendars/a\\kz.yaml", &calendar);
    p.write(
        "appeals/calendars/a/zz.yaml",
        &calendar.replacen("\nid: kz\n", "\nid: zz\n", 1),
    );
    std::fs::rename(
        p.path("appeals/calendars/a/zz.yaml"),
        p.path("appeals/calendars/a/kz.yaml"),
    )
    .unwrap();
    // The English locale, a link to a folder elsewhere.
    std::fs::rename(p.path("locales/en"), p.path("shared-en")).unwrap();
    std::os::unix::fs::symlink(p.path("shared-en"), p.path("locales/en")).unwrap();
    settle();
    let deadlines = out(&p, &["deadlines"]).1;
    assert!(
        deadlines.contains("moved to 1 September 2014"),
        "{deadlines}"
    );
    out(&p, &["deadlines"]);
    p.edit(
        "appeals/calendars/a\\kz.yaml",
        "moves_off_weekend: true\n    to_year: 2025",
        "moves_off_weekend: false\n    to_year: 2025",
    );
    let deadlines = out(&p, &["deadlines"]).1;
    assert!(
        !deadlines.contains("moved to 1 September 2014"),
        "{deadlines}"
    );
    assert_eq!(out(&p, &["deadlines"]), fresh(&p, &["deadlines"]));
    p.edit("shared-en/main.ftl", "working days", "business days");
    let deadlines = out(&p, &["deadlines"]).1;
    assert!(deadlines.contains("30 business days from"), "{deadlines}");
    each_command_remembers_truly(&p);
}

#[cfg(unix)]
#[test]
fn what_the_loader_does_not_read_is_not_read_for_the_memo_either() {
    // A FIFO and a link to /proc beside the project's folders under appeals/: nothing reads
    // them, so nothing waits on them or walks them.
    let p = Project::sample();
    p.mkfifo("appeals/notes");
    std::os::unix::fs::symlink("/proc", p.path("appeals/proc")).unwrap();
    // Nor are FIFOs where the loader looks, under names it reads.
    p.mkfifo("locales/en/extra.ftl");
    p.mkfifo("templates/extra.typ");
    settle();
    for args in COMMANDS {
        let first = p.run_or_stop(&[&["--today", TODAY][..], args].concat());
        let again = p.run_or_stop(&[&["--today", TODAY][..], args].concat());
        assert_eq!(
            (first.code, first.stdout),
            (again.code, again.stdout),
            "{args:?}"
        );
    }
}

#[test]
fn a_language_folder_counts_even_empty() {
    // `de:` is a known language while `locales/de/` is there, empty: a warning; gone, an error.
    let p = Project::sample();
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "title:\n  en: ",
        "title:\n  de: Aktivistin\n  en: ",
    );
    std::fs::create_dir(p.path("locales/de")).unwrap();
    settle();
    out(&p, &["check"]);
    out(&p, &["list"]);
    std::fs::remove_dir(p.path("locales/de")).unwrap();
    for args in COMMANDS {
        let (code, _, stderr) = out(&p, args);
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert!(stderr.contains("`de:`"), "{args:?}: {stderr}");
    }
}

#[test]
fn no_memo_is_kept_while_what_it_depends_on_is_changing() {
    // A settings file changed within the file system's time resolution of the run: what the
    // run loaded may be of a version that changes back before the next, so it keeps nothing.
    let p = Project::sample();
    settle();
    p.edit(
        "appeals/campaign.yaml",
        "closing_soon_days: 7",
        "closing_soon_days: 8",
    );
    out(&p, &["list"]);
    assert!(!p.path(".appeal/memo-list.tsv").exists());
    settle();
    out(&p, &["list"]);
    assert!(p.path(".appeal/memo-list.tsv").exists());
}

#[test]
fn a_memo_with_a_date_at_the_end_of_time_breaks_no_calendar() {
    let p = Project::sample();
    settle();
    out(&p, &["deadlines"]);
    out(&p, &["deadlines"]);
    let memo = p.read(".appeal/memo-deadlines-default.tsv");
    assert!(memo.contains("\"last_date\":\"2018-06-06\""), "{memo}");
    p.write(
        ".appeal/memo-deadlines-default.tsv",
        &memo.replace(
            "\"last_date\":\"2018-06-06\"",
            "\"last_date\":\"+262142-12-31\"",
        ),
    );
    let run = p
        .run(&["--today", TODAY, "deadlines", "--ics", "d.ics"])
        .ok();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[cfg(target_os = "linux")]
#[test]
fn a_huge_settings_file_is_read_no_further_for_the_memo_than_by_the_loader() {
    // 512 MiB of nothing: the loader stops after 1 MiB and says so; so does the digest.
    let p = Project::sample();
    let big = std::fs::File::create(p.path("appeals/missions/big.yaml")).unwrap();
    big.set_len(512 << 20).unwrap();
    let (run, peak_kib) = p.run_measured(&["--today", TODAY, "list"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("larger than 1024 KiB"),
        "{}",
        run.stderr
    );
    assert!(peak_kib < 200 << 10, "peak {peak_kib} KiB");
}

#[test]
fn each_language_of_the_calendar_and_each_form_of_who_keeps_its_own_memo() {
    let p = Project::sample();
    settle();
    let runs: [&[&str]; 4] = [
        &["deadlines"],
        &["deadlines", "--lang", "ru"],
        &["who"],
        &["who", "--changes-affect"],
    ];
    for args in runs {
        out(&p, args);
    }
    let memos = [
        "memo-deadlines-default.tsv",
        "memo-deadlines-ru.tsv",
        "memo-who.tsv",
        "memo-who-changes.tsv",
    ];
    let written: Vec<String> = memos
        .iter()
        .map(|m| p.read(&format!(".appeal/{m}")))
        .collect();
    // Taken in turn, each is read and none written again.
    for args in runs {
        assert_eq!(out(&p, args), fresh(&p, args), "{args:?}");
    }
    for (m, was) in memos.iter().zip(&written) {
        assert_eq!(&p.read(&format!(".appeal/{m}")), was, "{m}");
        assert_eq!(was.lines().count(), 3, "{m}: {was}");
    }
    // A language that is a path names no file but one in `.appeal/`.
    p.run(&["--today", TODAY, "deadlines", "--lang", "../../x"])
        .fails_with(2);
    assert!(p.path(".appeal/memo-deadlines-______x.tsv").exists());
    assert!(!p.path("x.tsv").exists() && !p.root().parent().unwrap().join("x.tsv").exists());
}
