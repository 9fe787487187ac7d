//! `list`, `deadlines` and help output as a user reads them (issue 11 §5).

mod common;

use common::Project;

/// The column each header starts at.
fn column(header: &str, name: &str) -> usize {
    header
        .find(name)
        .unwrap_or_else(|| panic!("no {name} in {header}"))
}

#[test]
fn list_columns_stay_aligned_for_long_references() {
    let p = Project::sample();
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "reference: UA 82/18",
        "reference: UA 82/18 (EUR 57/8298/2018)",
    );
    let list = p.run(&["--today", "2018-05-20", "list"]).ok();
    let lines: Vec<&str> = list.stdout.lines().collect();
    let kind = column(lines[0], "KIND");
    let state = column(lines[0], "STATE");
    for row in &lines[1..] {
        let chars: Vec<char> = row.chars().collect();
        // Each value starts where its header does, after a blank.
        assert_eq!(chars[kind - 1], ' ', "{row}");
        assert_ne!(chars[kind], ' ', "{row}");
        assert_ne!(chars[state], ' ', "{row}");
        assert!(
            ["open", "past-deadline", "upcoming", "closed"]
                .iter()
                .any(|s| row[state..].starts_with(s)),
            "{row}"
        );
    }
}

#[test]
fn a_case_issued_after_today_is_upcoming() {
    let p = Project::sample();
    let list = p.run(&["--today", "2014-08-01", "list", "--json"]).ok();
    let rows: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    let fld = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "fld-2014-mukhortova")
        .unwrap();
    assert_eq!(fld["state"], "upcoming");
    // Issued that very day: open.
    let list = p.run(&["--today", "2014-08-15", "list", "--json"]).ok();
    assert!(list.stdout.contains("\"open\""), "{}", list.stdout);
}

#[test]
fn deadlines_within_leaves_out_deadlines_missed_long_ago() {
    let p = Project::sample();
    let all = p.run(&["--today", "2018-05-20", "deadlines"]).ok();
    assert!(all.stdout.contains("FLD 2014/Mukhortova"), "{}", all.stdout);
    let near = p
        .run(&["--today", "2018-05-20", "deadlines", "--within", "30"])
        .ok();
    assert!(near.stdout.contains("UA 82/18"), "{}", near.stdout);
    assert!(
        !near.stdout.contains("Mukhortova"),
        "a deadline missed in 2014 is listed:\n{}",
        near.stdout
    );
    // A deadline passed within the window is still shown; one further ahead is not.
    let after = p
        .run(&["--today", "2018-06-20", "deadlines", "--within", "30"])
        .ok();
    assert!(after.stdout.contains("UA 82/18"), "{}", after.stdout);
    let before = p
        .run(&["--today", "2018-04-01", "deadlines", "--within", "30"])
        .ok();
    assert!(!before.stdout.contains("UA 82/18"), "{}", before.stdout);
}

#[test]
fn today_appears_once_in_mail_help() {
    let p = Project::sample();
    for cmd in ["mail", "remind", "send", "render"] {
        let help = p.run(&[cmd, "--help"]).ok();
        assert_eq!(
            help.stdout.matches("--today").count(),
            1,
            "{cmd}:\n{}",
            help.stdout
        );
    }
}
