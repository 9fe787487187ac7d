//! Bad input: each case breaks one thing in a copy of the sample project and asserts the
//! message, its location, the exit code, and that `render` wrote nothing.

mod common;
use common::Project;

/// A small valid case; the tests break one line of it at a time. Line numbers matter.
const CASE: &str = "\
id: test-case
reference: UA 1/26
organisation: Test
kind: new
issued: 2026-01-05
country: KZ
languages: [en, ru, kk]
title: {en: Title, ru: Заголовок, kk: Тақырып}
summary: {en: Summary., ru: Кратко., kk: Қысқаша.}
people:
  - name: {en: A Person, ru: Имя Фамилия, kk: Аты Жөні}
    gender: female
story: {en: Story., ru: История., kk: Оқиға.}
asks:
  - {en: Release her., ru: Освободите её., kk: Оны босатыңыз.}
targets:
  - role: kz/prosecutor-general
deadline:
  send_before: 2026-02-01
";

const CASE_PATH: &str = "appeals/cases/test-case.yaml";

/// Writes `CASE` with `from` replaced by `to`.
fn case_with(p: &Project, from: &str, to: &str) {
    assert!(CASE.contains(from), "{from}");
    p.write(CASE_PATH, &CASE.replacen(from, to, 1));
}

/// Runs check and render; both must fail with the message at the location, render writing
/// nothing. A mistake in a case file stops that case (rendered by its path, which names it
/// whatever its id) and no other: the sample's case still renders. A mistake anywhere else
/// (settings, directory, templates, locales) is every case's: the sample's case does not.
#[track_caller]
fn expect(p: &Project, location: &str, message: &str) {
    let check = p.run(&["check"]).fails_with(1);
    let line = check
        .stderr
        .lines()
        .find(|l| l.starts_with(location) && l.contains(message))
        .unwrap_or_else(|| panic!("no `{location}…{message}` in:\n{}", check.stderr));
    assert!(line.contains(": error: "), "{line}");
    let in_case = location.starts_with("appeals/cases/");
    let broken = location.split(':').next().unwrap();
    let case = if in_case { broken } else { "ua-82-18" };
    let render = p.run(&["--today", "2018-05-20", "render", case, "--out", "out"]);
    assert_eq!(render.code, 1, "render must fail too:\n{}", render.stderr);
    assert!(
        render.stderr.contains(location),
        "render names the location:\n{}",
        render.stderr
    );
    assert!(
        !p.path("out").exists(),
        "render wrote output despite errors"
    );
    assert!(!check.stderr.contains("panicked") && !render.stderr.contains("panicked"));
    if in_case {
        let other = p.run(&[
            "--today",
            "2018-05-20",
            "render",
            "ua-82-18",
            "--out",
            "other",
        ]);
        assert_eq!(
            other.code, 0,
            "another case's mistake stops nothing:\n{}",
            other.stderr
        );
        assert!(!other.stderr.contains(broken), "{}", other.stderr);
        assert!(p.path("other/ua-82-18/en/ua.html").is_file());
    }
}

#[test]
fn the_test_case_itself_is_valid() {
    let p = Project::sample();
    p.write(CASE_PATH, CASE);
    p.run(&["check"]).ok();
}

#[test]
fn malformed_yaml() {
    let p = Project::sample();
    case_with(&p, "title: {en: Title,", "title: {en: Title,,");
    expect(&p, "appeals/cases/test-case.yaml:8:", "");
}

#[test]
fn unknown_field_suggests_the_right_one() {
    let p = Project::sample();
    case_with(&p, "summary:", "sumary:");
    expect(
        &p,
        "appeals/cases/test-case.yaml:9:1",
        "unknown field `sumary`; did you mean `summary`?",
    );
}

#[test]
fn wrong_type() {
    let p = Project::sample();
    case_with(
        &p,
        "    gender: female\n",
        "    gender: female\n    age: fifty\n",
    );
    expect(
        &p,
        "appeals/cases/test-case.yaml:13:",
        "invalid type: string \"fifty\", expected u32",
    );
}

#[test]
fn unknown_authority_role() {
    let p = Project::sample();
    case_with(
        &p,
        "role: kz/prosecutor-general",
        "role: kz/prosecuter-general",
    );
    expect(
        &p,
        "appeals/cases/test-case.yaml:17:5",
        "unknown authority role `kz/prosecuter-general`; did you mean `kz/prosecutor-general`?",
    );
}

#[test]
fn case_missing_a_language() {
    let p = Project::sample();
    case_with(
        &p,
        "title: {en: Title, ru: Заголовок, kk: Тақырып}",
        "title: {en: Title, ru: Заголовок}",
    );
    expect(
        &p,
        "appeals/cases/test-case.yaml:8:1",
        "no kk text for `title`",
    );
}

#[test]
fn invalid_date() {
    let p = Project::sample();
    case_with(&p, "send_before: 2026-02-01", "send_before: 2026-02-30");
    expect(&p, "appeals/cases/test-case.yaml:19:", "invalid date");
}

#[test]
fn invalid_email() {
    let p = Project::sample();
    p.write(
        CASE_PATH,
        &CASE.replacen(
            "  - role: kz/prosecutor-general\n",
            "  - role: kz/prosecutor-general\n    emails: [pg@@prokuror.kz]\n",
            1,
        ),
    );
    expect(
        &p,
        "appeals/cases/test-case.yaml:18:",
        "`pg@@prokuror.kz` is not a valid email address",
    );
}

#[test]
fn fax_not_in_e164() {
    let p = Project::sample();
    p.write(
        CASE_PATH,
        &CASE.replacen(
            "  - role: kz/prosecutor-general\n",
            "  - role: kz/prosecutor-general\n    fax: +7 7172 506 402\n",
            1,
        ),
    );
    expect(
        &p,
        "appeals/cases/test-case.yaml:18:",
        "is not an E.164 number",
    );
}

#[test]
fn duplicate_case_id() {
    let p = Project::sample();
    p.write(CASE_PATH, CASE);
    p.write("appeals/cases/zz-copy.yaml", CASE);
    expect(
        &p,
        "appeals/cases/zz-copy.yaml:1:",
        "duplicate case id `test-case`",
    );
}

#[test]
fn case_id_with_path_characters() {
    for bad in ["../evil", "a/b"] {
        let p = Project::sample();
        case_with(&p, "id: test-case", &format!("id: {bad}"));
        expect(
            &p,
            "appeals/cases/test-case.yaml:1:",
            "no `/`, `..` or spaces",
        );
    }
}

#[test]
fn template_syntax_error() {
    let p = Project::sample();
    p.edit(
        "templates/letter.txt",
        "{{ r.salutation_line }}",
        "{{ r.salutation_line }",
    );
    expect(&p, "templates/letter.txt:", "");
}

#[test]
fn template_uses_a_missing_fluent_key() {
    let p = Project::sample();
    p.edit(
        "templates/letter.txt",
        "{{ t(key=\"letter-closing\") }}",
        "{{ t(key=\"letter-clozing\") }}",
    );
    expect(
        &p,
        "templates/letter.txt:",
        "Fluent message `letter-clozing` is missing in locales/en/",
    );
}

#[test]
fn fluent_syntax_error() {
    let p = Project::sample();
    let text = p.read("locales/ru/main.ftl");
    p.write(
        "locales/ru/main.ftl",
        &format!("{text}\nbroken = {{ $x ->\n"),
    );
    expect(&p, "locales/ru/main.ftl:", "Fluent syntax error");
    // The location is the broken entry (or the line after it, where the parser gave up).
    let line = text.lines().count() + 2;
    let stderr = p.run(&["check"]).stderr;
    assert!(
        stderr.contains(&format!("main.ftl:{line}:"))
            || stderr.contains(&format!("main.ftl:{}:", line + 1)),
        "{stderr}"
    );
}

#[test]
fn yaml_alias_bomb() {
    let p = Project::sample();
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
        let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
        bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    p.write(CASE_PATH, &bomb);
    expect(&p, "appeals/cases/test-case.yaml:", "");
}

#[test]
fn empty_file() {
    let p = Project::sample();
    p.write(CASE_PATH, "# nothing yet\n");
    expect(&p, "appeals/cases/test-case.yaml:1:1", "the file is empty");
}

#[test]
fn unknown_language() {
    let p = Project::sample();
    case_with(&p, "languages: [en, ru, kk]", "languages: [en, ru, kz]");
    expect(
        &p,
        "appeals/cases/test-case.yaml:7:",
        "no locale for language `kz`: did you mean `kk`?",
    );
}

#[test]
fn unknown_time_zone() {
    let p = Project::sample();
    case_with(
        &p,
        "  send_before: 2026-02-01\n",
        "  send_before: 2026-02-01\n  time_zone: Asia/Almati\n",
    );
    expect(
        &p,
        "appeals/cases/test-case.yaml:",
        "unknown time zone `Asia/Almati`",
    );
}

#[test]
fn holder_dates_reversed() {
    let p = Project::sample();
    p.write(
        "appeals/authorities/kz/test-role.yaml",
        "role: kz/test-role\ntitle: {en: Test}\nholders:\n  - name: {en: A B}\n    from: 2020-01-01\n    to: 2019-01-01\n",
    );
    expect(
        &p,
        "appeals/authorities/kz/test-role.yaml:6:",
        "`to` (2019-01-01) is before `from` (2020-01-01)",
    );
}

#[test]
fn missing_campaign_settings() {
    let p = Project::sample();
    std::fs::remove_file(p.path("appeals/campaign.yaml")).unwrap();
    expect(&p, "appeals/campaign.yaml", "campaign settings not found");
}

#[test]
fn all_problems_are_reported_at_once() {
    let p = Project::sample();
    case_with(&p, "role: kz/prosecutor-general", "role: kz/nobody");
    p.write("appeals/cases/empty.yaml", "");
    let run = p.run(&["check"]).fails_with(1);
    assert!(
        run.stderr
            .contains("appeals/cases/empty.yaml:1:1: error: the file is empty"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("unknown authority role `kz/nobody`"),
        "{}",
        run.stderr
    );
}

// Numbers and dates that once panicked (exit 101) or looped: each is now a located error.

#[test]
fn a_deadline_of_four_billion_days_is_refused() {
    let p = Project::sample();
    case_with(&p, "  send_before: 2026-02-01", "  days: 4000000000");
    expect(
        &p,
        "appeals/cases/test-case.yaml:19:3",
        "4000000000 days is too far: at most 3660",
    );
}

#[test]
fn four_billion_working_days_are_refused_without_counting_them() {
    let p = Project::sample();
    case_with(
        &p,
        "  send_before: 2026-02-01",
        "  working_days: 4000000000",
    );
    expect(
        &p,
        "appeals/cases/test-case.yaml:19:3",
        "4000000000 days is too far: at most 3660",
    );
}

#[test]
fn the_largest_working_day_count_resolves() {
    let p = Project::sample();
    case_with(&p, "  send_before: 2026-02-01", "  working_days: 3660");
    p.run(&["check"]).ok();
    let run = p
        .run(&["--today", "2026-01-06", "deadlines", "--json"])
        .ok();
    // 3,660 working days from 2026-01-05 end in the 2040s, holidays of those years skipped.
    assert!(run.stdout.contains("\"204"), "{}", run.stdout);
}

#[test]
fn a_date_far_in_the_past_is_refused_by_check_and_deadlines() {
    let p = Project::sample();
    case_with(&p, "send_before: 2026-02-01", "send_before: -262143-01-01");
    expect(
        &p,
        "appeals/cases/test-case.yaml:19:16",
        "the year -262143 is out of range; dates must fall between 1900 and 2199",
    );
    let run = p.run(&["deadlines"]).fails_with(1);
    assert!(
        run.stderr
            .contains("appeals/cases/test-case.yaml:19:16: error:"),
        "{}",
        run.stderr
    );
}

#[test]
fn years_outside_1900_to_2199_are_refused_in_every_date() {
    for (from, to, at) in [
        ("issued: 2026-01-05", "issued: 1899-12-31", "5:9"),
        (
            "send_before: 2026-02-01",
            "send_before: 2200-01-01",
            "19:16",
        ),
        (
            "send_before: 2026-02-01",
            "send_before: +12026-02-01",
            "19:16",
        ),
    ] {
        let p = Project::sample();
        case_with(&p, from, to);
        let run = p.run(&["check"]).fails_with(1);
        assert!(
            run.stderr
                .contains(&format!("appeals/cases/test-case.yaml:{at}: error:"))
                && run.stderr.contains("out of range"),
            "{to}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_sending_rate_out_of_range_in_the_settings_is_located() {
    let p = Project::sample();
    p.edit(
        "appeals/campaign.yaml",
        "per_second: 200",
        "per_second: 1e-30",
    );
    let run = p.run(&["check"]).fails_with(1);
    let line = 1 + p
        .read("appeals/campaign.yaml")
        .lines()
        .position(|l| l.trim_start().starts_with("per_second: 1e-30"))
        .unwrap();
    assert!(
        run.stderr.contains(&format!(
            "appeals/campaign.yaml:{line}:3: error: 1e-30 is out of range: give from 0.001"
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn a_sending_rate_out_of_range_on_the_command_line_names_the_flag() {
    let p = Project::sample();
    p.write("s.csv", "email,name,language\na@example.org,A,en\n");
    for rate in ["1e-30", "0", "-1", "1e9", "NaN", "fast"] {
        let run = p
            .run(&[
                "mail",
                "ua-82-18",
                "--supporters",
                "s.csv",
                "--send",
                "--smtp",
                "smtp://127.0.0.1:9",
                "--per-second",
                rate,
            ])
            .fails_with(2);
        assert!(
            run.stderr.contains("--per-second"),
            "{rate}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn a_today_out_of_range_is_a_usage_error() {
    let p = Project::sample();
    let run = p
        .run(&["--today", "-262143-01-01", "deadlines"])
        .fails_with(2);
    assert!(run.stderr.contains("--today"), "{}", run.stderr);
}

// Files too big or too deep to parse safely are refused before the YAML parser sees them.

#[test]
fn deeply_nested_yaml_is_refused_before_parsing() {
    let p = Project::sample();
    // 100,000 levels: the parser alone took 27 s on these 200 KB.
    let deep = format!(
        "{}\nbad: {}{}\n",
        CASE.trim_end(),
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    p.write(CASE_PATH, &deep);
    let started = std::time::Instant::now();
    let run = p.run(&["check"]).fails_with(1);
    assert!(
        run.stderr
            .contains("appeals/cases/test-case.yaml:20:69: error: nested more than 64 levels deep"),
        "{}",
        run.stderr
    );
    // Not a timing test: a generous bound only catches the quadratic parse coming back.
    assert!(started.elapsed().as_secs() < 20);
}

#[test]
fn a_tag_or_an_anchor_does_not_hide_deep_nesting_and_other_cases_stay_fast() {
    let p = Project::sample();
    p.write(CASE_PATH, CASE);
    let levels = 400_000;
    for (prefix, col) in [("!x ", 74), ("&a ", 74), ("!x &a ", 77)] {
        // About 800 KB: the parser took 21 s on 100,000 levels that the text scan missed.
        p.write(
            "appeals/cases/deep.yaml",
            &format!(
                "title: {prefix}{}{}\n",
                "[".repeat(levels),
                "]".repeat(levels)
            ),
        );
        let started = std::time::Instant::now();
        let run = p.run(&["check"]).fails_with(1);
        let expected =
            format!("appeals/cases/deep.yaml:1:{col}: error: nested more than 64 levels deep");
        assert!(run.stderr.contains(&expected), "{prefix}: {}", run.stderr);
        // Mailing another case is not stopped by the broken file, nor slowed by it (its depth
        // is refused on the parser's first events, when its facts are looked for).
        p.write("s.csv", "email,name,language\na@example.org,A,en\n");
        let mail = p.run(&[
            "--today",
            "2026-01-10",
            "mail",
            "test-case",
            "--supporters",
            "s.csv",
            "--out",
            "mails",
        ]);
        assert_eq!(mail.code, 0, "{}", mail.stderr);
        assert!(!mail.stderr.contains("deep.yaml"), "{}", mail.stderr);
        // Not a timing test: a generous bound only catches the quadratic parse coming back.
        assert!(
            started.elapsed().as_secs() < 10,
            "{prefix}: {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn a_yaml_file_over_one_mebibyte_is_refused() {
    let p = Project::sample();
    let big = format!("{CASE}# {}\n", "x".repeat(1 << 20));
    p.write(CASE_PATH, &big);
    let run = p.run(&["check"]).fails_with(1);
    assert!(
        run.stderr
            .contains("appeals/cases/test-case.yaml:1:1: error: the file is larger than 1024 KiB"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn linked_folders_are_not_followed() {
    let p = Project::sample();
    p.write(CASE_PATH, CASE);
    // Two links to each other, and one to a folder above: any of them would walk forever.
    std::os::unix::fs::symlink("b", p.path("appeals/cases/a")).unwrap();
    std::os::unix::fs::symlink("a", p.path("appeals/cases/b")).unwrap();
    std::os::unix::fs::symlink("..", p.path("appeals/cases/up")).unwrap();
    std::os::unix::fs::symlink("..", p.path("templates/partials/up")).unwrap();
    let run = p.run(&["check"]).ok();
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    let list = p.run(&["list"]).ok();
    // Each case once: the link `up` did not bring appeals/ in a second time.
    assert_eq!(
        list.stdout.matches("test-case").count(),
        1,
        "{}",
        list.stdout
    );
}

// "Nothing is written on error" holds for I/O errors too: output is staged, then moved.

#[cfg(unix)]
#[test]
fn a_file_size_limit_during_render_leaves_the_earlier_output_as_it_was() {
    let p = Project::sample();
    let args = [
        "--today",
        "2018-05-20",
        "render",
        "ua-82-18",
        "--out",
        "out",
    ];
    p.run(&args).ok();
    let before = common::snapshot(&p.path("out"));
    assert!(before.len() > 10, "{:?}", before.keys());
    // A changed title changes every file; the limit stops the run at the first large one.
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "en: Activist freed",
        "en: CHANGED Activist freed",
    );
    let run = p.run_limited(16, &args);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("File too large"), "{}", run.stderr);
    assert_eq!(
        common::snapshot(&p.path("out")),
        before,
        "the output folder changed"
    );
    // And without the limit the new output replaces the old.
    p.run(&args).ok();
    assert_ne!(common::snapshot(&p.path("out")), before);
}

#[cfg(unix)]
#[test]
fn a_file_size_limit_during_mail_out_leaves_the_earlier_messages_as_they_were() {
    let p = Project::sample();
    let csv: String = std::iter::once("email,name,language\n".to_string())
        .chain((0..40).map(|i| format!("s{i}@example.org,Supporter {i},en\n")))
        .collect();
    p.write("s.csv", &csv);
    let args = [
        "--today",
        "2018-05-20",
        "mail",
        "ua-82-18",
        "--supporters",
        "s.csv",
        "--out",
        "o",
    ];
    p.run(&args).ok();
    let before = common::snapshot(&p.path("o"));
    assert_eq!(before.len(), 40);
    p.write("s.csv", &csv.replace("Supporter", "Changed"));
    let run = p.run_limited(16, &args);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(
        common::snapshot(&p.path("o")),
        before,
        "the output folder changed"
    );
    // A first run that fails leaves no folder at all.
    let run = p.run_limited(
        16,
        &[
            "--today",
            "2018-05-20",
            "mail",
            "ua-82-18",
            "--supporters",
            "s.csv",
            "--out",
            "fresh",
        ],
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(!p.path("fresh").exists());
}

#[test]
fn after_twenty_errors_of_one_kind_the_rest_are_counted() {
    let p = Project::sample();
    let targets: String = (0..50)
        .map(|i| format!("  - role: zz/nobody-{i}\n"))
        .collect();
    case_with(
        &p,
        "  - role: kz/prosecutor-general\n",
        &format!("  - role: kz/prosecutor-general\n{targets}"),
    );
    let run = p.run(&["check"]).fails_with(1);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("unknown authority role `zz/nobody"))
        .collect();
    assert_eq!(errors.len(), 20, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("… and 30 more like this: unknown authority role"),
        "{}",
        run.stderr
    );
}
