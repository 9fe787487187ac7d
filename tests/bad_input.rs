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

/// Runs check and render; both must fail with the message at the location, writing nothing.
#[track_caller]
fn expect(p: &Project, location: &str, message: &str) {
    let check = p.run(&["check"]).fails_with(1);
    let line = check
        .stderr
        .lines()
        .find(|l| l.starts_with(location) && l.contains(message))
        .unwrap_or_else(|| panic!("no `{location}…{message}` in:\n{}", check.stderr));
    assert!(line.contains(": error: "), "{line}");
    let render = p.run(&[
        "--today",
        "2018-05-20",
        "render",
        "ua-82-18",
        "--out",
        "out",
    ]);
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
        "no locale for language `kz`; did you mean `kk`?",
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
