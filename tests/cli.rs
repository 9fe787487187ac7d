//! The command-line contract: check, list, render paths, help, exit codes, did-you-mean.

mod common;
use common::Project;

#[test]
fn check_passes_on_the_samples_and_warns_about_unknown_facts() {
    let p = Project::sample();
    let run = p.run(&["--today", "2014-08-20", "check"]).ok();
    // The directory's to-do comes first, then the summary.
    assert!(
        run.stdout
            .lines()
            .last()
            .unwrap_or("")
            .starts_with("ok: 2 case(s)"),
        "{}",
        run.stdout
    );
    // In August 2014 no source says who was Prosecutor General: check says so, with the last
    // attestation and its source.
    assert!(
        run.stderr.contains(
            "kz/prosecutor-general: holder may have changed: Askhat Daulbayev last attested 2012-03-13 (prokuror.gov.kz, 13 Mar 2012)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn list_shows_cases_with_deadlines() {
    let p = Project::sample();
    let run = p.run(&["--today", "2018-05-20", "list", "--json"]).ok();
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let ua = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "ua-82-18")
        .unwrap();
    assert_eq!(ua["reference"], "UA 82/18");
    assert_eq!(ua["send_before"], "2018-06-07");
    assert_eq!(ua["state"], "open");
    assert_eq!(ua["languages"], serde_json::json!(["en", "ru", "kk"]));
    let table = p.run(&["--today", "2018-05-20", "list"]).ok();
    assert!(
        table.stdout.contains("ua-82-18") && table.stdout.contains("2018-06-07"),
        "{}",
        table.stdout
    );
}

#[test]
fn render_prints_each_written_path() {
    let p = Project::sample();
    let run = p
        .run(&[
            "--today",
            "2018-05-20",
            "render",
            "ua-82-18",
            "--lang",
            "ru",
            "--format",
            "ua",
            "--format",
            "letter",
            "--out",
            "o",
        ])
        .ok();
    let paths: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        paths
            .iter()
            .map(|l| l.rsplit_once("o/ua-82-18/").unwrap().1)
            .collect::<Vec<_>>(),
        [
            "ru/ua.txt",
            "ru/ua.html",
            "ru/letter-kz-prosecutor-general.txt",
            "ru/letter-kz-prosecutor-general.html",
            "ru/letter-kz-ombudsman.txt",
            "ru/letter-kz-ombudsman.html"
        ]
    );
    for path in paths {
        assert!(
            std::path::Path::new(path).is_file() || p.path(path).is_file(),
            "{path}"
        );
    }
}

#[test]
fn render_accepts_a_case_path() {
    let p = Project::sample();
    let run = p
        .run(&[
            "--today",
            "2018-05-20",
            "render",
            "appeals/cases/ua-82-18.yaml",
            "--lang",
            "en",
            "--format",
            "ua",
            "--out",
            "o",
        ])
        .ok();
    assert!(
        run.stdout.contains("o/ua-82-18/en/ua.txt"),
        "{}",
        run.stdout
    );
}

#[test]
fn unknown_case_suggests_and_exits_2() {
    let p = Project::sample();
    let run = p.run(&["render", "ua-82-81"]).fails_with(2);
    assert!(
        run.stderr
            .contains("no case `ua-82-81`; did you mean `ua-82-18`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_format_and_language_are_usage_errors() {
    let p = Project::sample();
    let run = p
        .run(&["render", "ua-82-18", "--format", "leter"])
        .fails_with(2);
    assert!(
        run.stderr.contains("did you mean `letter`?"),
        "{}",
        run.stderr
    );
    let run = p.run(&["render", "ua-82-18", "--lang", "kz"]).fails_with(2);
    assert!(run.stderr.contains("did you mean `kk`?"), "{}", run.stderr);
    assert!(!p.path("out").exists());
}

#[test]
fn bad_today_is_a_usage_error() {
    let p = Project::sample();
    let run = p.run(&["--today", "2018-13-01", "list"]).fails_with(2);
    assert!(run.stderr.contains("--today"), "{}", run.stderr);
}

#[test]
fn help_shows_examples_and_exit_codes() {
    let p = Project::sample();
    let run = p.run(&["--help"]).ok();
    assert!(
        run.stdout.contains("Examples:") && run.stdout.contains("Exit codes:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("5  deadlines --fail-on-overdue"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_new_language_needs_only_files() {
    // Add German with files only: a locale folder and case texts.
    let p = Project::sample();
    let en = p.read("locales/en/main.ftl");
    let de = en
        .replace("URGENT ACTION", "EILAKTION")
        .replace("Dear { $title }", "Sehr geehrte Damen und Herren")
        .replace("Yours sincerely,", "Mit freundlichen Grüßen")
        .replace("language-fallbacks = ru, kk", "language-fallbacks = en")
        .replace("date-long = { $day } {", "date-long = { $day }. {")
        .replace("[6] June", "[6] Juni");
    p.write("locales/de/main.ftl", &de);
    // The server's pages and the actions' texts (English stands in for a translation here).
    for file in ["unsubscribe.ftl", "actions.ftl"] {
        p.write(
            &format!("locales/de/{file}"),
            &p.read(&format!("locales/en/{file}")),
        );
    }
    let mut case: serde_yaml::Value =
        serde_yaml::from_str(&p.read("appeals/cases/ua-82-18.yaml")).unwrap();
    add_german(&mut case);
    case["languages"] = serde_yaml::from_str("[en, ru, kk, de]").unwrap();
    p.write(
        "appeals/cases/ua-82-18.yaml",
        &serde_yaml::to_string(&case).unwrap(),
    );
    let run = p.run(&[
        "--today",
        "2018-05-20",
        "render",
        "ua-82-18",
        "--lang",
        "de",
        "--format",
        "ua",
        "--out",
        "o",
    ]);
    if run.code != 0 {
        panic!("German did not render:\n{}", run.stderr);
    }
    let ua = p.read("o/ua-82-18/de/ua.txt");
    assert!(ua.starts_with("EILAKTION"), "{ua}");
    assert!(
        ua.contains("7. Juni 2018"),
        "dates come from the locale file: {ua}"
    );
}

/// Gives every English text a German twin (marked copies stand in for translations).
fn add_german(value: &mut serde_yaml::Value) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            if let Some(serde_yaml::Value::String(en)) = map.get("en").cloned() {
                map.insert("de".into(), format!("[de] {en}").into());
            }
            for (_, v) in map.iter_mut() {
                add_german(v);
            }
        }
        serde_yaml::Value::Sequence(items) => items.iter_mut().for_each(add_german),
        _ => {}
    }
}
