//! `check` reports every mistake of a file in one run: every unknown field, top-level and
//! nested, each with "did you mean"; misspelt language keys; unknown roles, suggested by the
//! office's title rather than by spelling; and one mistake gives one error, never a cascade.
//! The files are written as a user would from the README, on cases and directory entries the
//! samples lack.

mod common;
use common::Project;

/// A case written from the README's "A case, annotated", with five mistakes: a misspelt
/// top-level field, a misspelt field of a person, of a target and of the deadline, a misspelt
/// language key; and a target named by its office's English title.
const CASE: &str = "\
id: ua-90-26
reference: UA 90/26
organisation: Amnesty International
kind: new
issued: 2026-03-02
country: KZ
languages: [en, ru, kk]
title:
  en: Journalist detained after reporting on a land dispute
  ru: Журналистка задержана после репортажа о земельном споре
  kz: Жер дауы туралы репортаждан кейін журналист ұсталды
sumary:
  en: Dana Serikova, a journalist in Taraz, was detained on 27 February 2026.
  ru: Журналистка из Тараза Дана Серикова задержана 27 февраля 2026 года.
  kk: Тараздық журналист Дана Серікова 2026 жылғы 27 ақпанда ұсталды.
people:
  - name: {en: Dana Serikova, ru: Дана Серикова, kk: Дана Серікова}
    gender: female
    ocupation: {en: journalist, ru: журналистка, kk: журналист}
story:
  en: She was detained at her home after publishing a report on a land dispute.
  ru: Её задержали дома после публикации репортажа о земельном споре.
  kk: Ол жер дауы туралы репортаж жариялағаннан кейін үйінде ұсталды.
asks:
  - en: release Dana Serikova at once
    ru: немедленно освободить Дану Серикову
    kk: Дана Серікованы дереу босату
targets:
  - role: kz/prosecutor-general
  - rol: kz/interior-minister
  - role: kz/human-rights-commissioner
deadline:
  sendbefore: 2026-04-13
";

const PATH: &str = "appeals/cases/ua-90-26.yaml";

/// The error lines `check` printed.
fn errors(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(": error: ")).collect()
}

#[test]
fn every_unknown_field_language_key_and_role_in_one_run() {
    let p = Project::sample();
    p.write(PATH, CASE);
    let run = p.run(&["--today", "2026-03-10", "check"]).fails_with(1);
    let errors = errors(&run.stderr);
    let expected = [
        (
            "appeals/cases/ua-90-26.yaml:11:3: error: `kz:` is not a language of the case (en, ru, kk)",
            "did you mean `kk:`?",
        ),
        (
            "appeals/cases/ua-90-26.yaml:12:1: error: unknown field `sumary`; did you mean `summary`?",
            "allowed fields: id, reference, index, organisation, kind,",
        ),
        (
            "appeals/cases/ua-90-26.yaml:19:5: error: people[0]: unknown field `ocupation`; did you mean `occupation`?",
            "allowed fields: name, gender, age, occupation, place",
        ),
        (
            "appeals/cases/ua-90-26.yaml:30:5: error: targets[1]: unknown field `rol`; did you mean `role`?",
            "allowed fields: role, language, salutation, emails, fax",
        ),
        (
            "appeals/cases/ua-90-26.yaml:31:5: error: unknown authority role `kz/human-rights-commissioner`; did you mean `kz/ombudsman`?",
            "roles are files under appeals/authorities/",
        ),
        (
            "appeals/cases/ua-90-26.yaml:33:3: error: deadline: unknown field `sendbefore`; did you mean `send_before`?",
            "allowed fields: send_before, days, working_days, calendar, time_zone",
        ),
    ];
    for (start, rest) in expected {
        assert!(
            errors
                .iter()
                .any(|l| l.starts_with(start) && l.contains(rest)),
            "no `{start}…{rest}` in:\n{}",
            run.stderr
        );
    }
    // One mistake, one error: no "missing field", no empty text, no deadline without a date.
    assert_eq!(errors.len(), expected.len(), "{}", run.stderr);
    assert!(run.stderr.contains("appeal: 6 error(s)"), "{}", run.stderr);

    // Fixed as the messages say, the case is clean: nothing was hidden behind them.
    let fixed = CASE
        .replace("  kz: Жер", "  kk: Жер")
        .replace("sumary:", "summary:")
        .replace("ocupation:", "occupation:")
        .replace("  - rol: ", "  - role: ")
        .replace("kz/human-rights-commissioner", "kz/ombudsman")
        .replace("sendbefore:", "send_before:");
    p.write(PATH, &fixed);
    let run = p.run(&["--today", "2026-03-10", "check"]);
    assert_eq!(errors_in(&run.stderr), 0, "{}", run.stderr);
    run.ok();
}

#[test]
fn values_of_the_wrong_type_are_each_reported_and_the_rest_is_read() {
    let p = Project::sample();
    let broken = CASE
        .replace(
            "    gender: female\n",
            "    gender: female\n    age: fifty\n",
        )
        .replace("kind: new", "kind: New")
        .replace("  kz: Жер", "  kk: Жер")
        .replace("ocupation:", "occupation:")
        .replace("  - rol: ", "  - role: ")
        .replace("kz/human-rights-commissioner", "kz/ombudsman")
        .replace("sendbefore:", "send_before:");
    p.write(PATH, &broken);
    let run = p.run(&["--today", "2026-03-10", "check"]).fails_with(1);
    let errors = errors(&run.stderr);
    assert!(
        errors.iter().any(|l| l.starts_with(
            "appeals/cases/ua-90-26.yaml:4:7: error: kind: unknown value `New`; did you mean `new`?"
        )),
        "{}",
        run.stderr
    );
    assert!(
        errors.iter().any(|l| l.starts_with(
            "appeals/cases/ua-90-26.yaml:19:10: error: people[0].age: invalid type: string \"fifty\", expected u32"
        )),
        "{}",
        run.stderr
    );
    assert!(
        errors
            .iter()
            .any(|l| l
                .starts_with("appeals/cases/ua-90-26.yaml:12:1: error: unknown field `sumary`")),
        "{}",
        run.stderr
    );
    // A required value left out for its type says so once, not also "missing field `kind`".
    assert_eq!(errors.len(), 3, "{}", run.stderr);
}

/// A directory entry written by hand from "A directory entry, annotated", for an office the
/// samples lack, with its `role:` line not matching its file and a misspelt field.
const COURT: &str = "\
role: kz/constitutional-cort
title:
  en: Constitutional Court of the Republic of Kazakhstan
  ru: Конституционный Суд Республики Казахстан
  kk: Қазақстан Республикасының Конституциялық Соты
short_title: {en: Chairperson of the Constitutional Court, ru: Председатель Конституционного Суда, kk: Конституциялық Сот Төрағасы}
title_to:
  ru: Председателю Конституционного Суда Республики Казахстан
  kk: Қазақстан Республикасының Конституциялық Сотына
languages: [kk, ru]
adress:
  en: [Astana, Republic of Kazakhstan]
emails: [info@example.kz]
sources: [\"ksrk.gov.kz, 2026\"]
";

#[test]
fn a_directory_entry_s_mistakes_are_one_error_each_and_do_not_spread_to_cases() {
    let p = Project::sample();
    p.write("appeals/authorities/kz/constitutional-court.yaml", COURT);
    let fixed_case = CASE
        .replace("  kz: Жер", "  kk: Жер")
        .replace("sumary:", "summary:")
        .replace("ocupation:", "occupation:")
        .replace(
            "  - rol: kz/interior-minister",
            "  - role: kz/constitutional-court",
        )
        .replace("kz/human-rights-commissioner", "kz/ombudsman")
        .replace("sendbefore:", "send_before:");
    p.write(PATH, &fixed_case);
    let run = p.run(&["--today", "2026-03-10", "check"]).fails_with(1);
    let errors = errors(&run.stderr);
    assert!(
        errors.iter().any(|l| l.starts_with(
            "appeals/authorities/kz/constitutional-court.yaml:1:1: error: role `kz/constitutional-cort` does not match the file's place; name it `kz/constitutional-court`"
        )),
        "{}",
        run.stderr
    );
    assert!(
        errors.iter().any(|l| l.starts_with(
            "appeals/authorities/kz/constitutional-court.yaml:11:1: error: unknown field `adress`; did you mean `address`?"
        )),
        "{}",
        run.stderr
    );
    // No "unknown role" in the case naming the file's role, nor in one naming the role line's.
    assert_eq!(errors.len(), 2, "{}", run.stderr);
    p.write(
        PATH,
        &fixed_case.replace("kz/constitutional-court", "kz/constitutional-cort"),
    );
    let run = p.run(&["--today", "2026-03-10", "check"]).fails_with(1);
    assert_eq!(errors_in(&run.stderr), 2, "{}", run.stderr);
}

fn errors_in(stderr: &str) -> usize {
    errors(stderr).len()
}

#[test]
fn settings_missions_calendars_and_events_report_every_unknown_field_too() {
    let p = Project::sample();
    p.edit(
        "appeals/campaign.yaml",
        "closing_soon_days: 7",
        "closing_son_days: 7",
    );
    p.edit(
        "appeals/campaign.yaml",
        "  email: actions@example.org",
        "  email: actions-at-example.org",
    );
    p.edit(
        "appeals/campaign.yaml",
        "  list_id: urgent",
        "  listid: urgent",
    );
    p.edit("appeals/missions/kz/gb.yaml", "emails:", "emials:");
    let calendar = p.read("appeals/calendars/kz.yaml");
    p.write(
        "appeals/calendars/kz.yaml",
        &calendar.replace("moves_off_weekend", "moves_of_weekend"),
    );
    p.edit("appeals/events.yaml", "ends_tenure_of:", "ends_tenure:");
    let run = p.run(&["--today", "2018-05-20", "check"]).fails_with(1);
    for (file, message) in [
        (
            "appeals/campaign.yaml:",
            "unknown field `closing_son_days`; did you mean `closing_soon_days`?",
        ),
        (
            "appeals/campaign.yaml:",
            "mail: unknown field `listid`; did you mean `list_id`?",
        ),
        // The rest of the settings is still checked.
        (
            "appeals/campaign.yaml:",
            "`actions-at-example.org` is not a valid email address",
        ),
        (
            "appeals/missions/kz/gb.yaml:",
            "unknown field `emials`; did you mean `emails`?",
        ),
        (
            "appeals/calendars/kz.yaml:",
            "unknown field `moves_of_weekend`; did you mean `moves_off_weekend`?",
        ),
        (
            "appeals/events.yaml:",
            "events[0]: unknown field `ends_tenure`; did you mean `ends_tenure_of`?",
        ),
    ] {
        assert!(
            run.stderr
                .lines()
                .any(|l| l.starts_with(file) && l.contains(message)),
            "no {file}…{message} in:\n{}",
            run.stderr
        );
    }
    // Every holiday had the same misspelling: the yearly ones and the dated ones (another kind
    // of entry) are all reported in the one run, not just the first.
    for list in ["yearly[0]", "yearly[1]", "dates[0]"] {
        assert!(
            run.stderr
                .lines()
                .any(|l| l.contains(&format!("error: {list}: unknown field `moves_of_weekend`"))),
            "{list}:\n{}",
            run.stderr
        );
    }
}

#[test]
fn role_suggestions_name_the_office_the_title_names_or_none() {
    let p = Project::sample();
    // `appeal new` suggests by title too.
    let run = p
        .run(&[
            "new",
            "ua-91-26",
            "--target",
            "kz/human-rights-commissioner",
        ])
        .fails_with(2);
    assert!(
        run.stderr.contains("did you mean `kz/ombudsman`?"),
        "{}",
        run.stderr
    );
    assert!(!p.path("appeals/cases/ua-91-26.yaml").exists());
    // `who --role` too.
    let run = p.run(&["--today", "2018-05-20", "who", "--role", "kz/prosecutor"]);
    assert!(
        run.stderr.contains("did you mean `kz/prosecutor-general`?"),
        "{}",
        run.stderr
    );
    // No office of that name: no suggestion at all, rather than the nearest spelling.
    let case = CASE
        .replace("  kz: Жер", "  kk: Жер")
        .replace("sumary:", "summary:")
        .replace("ocupation:", "occupation:")
        .replace("  - rol: ", "  - role: ")
        .replace("kz/human-rights-commissioner", "kz/prime-minister")
        .replace("sendbefore:", "send_before:");
    p.write(PATH, &case);
    let run = p.run(&["--today", "2026-03-10", "check"]).fails_with(1);
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains("`kz/prime-minister`"))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(!line.contains("did you mean"), "{line}");
}

#[test]
fn commands_that_read_files_without_checking_all_still_stop_on_their_errors() {
    let p = Project::sample();
    // A case file with an unknown field is read for `check`, but not edited.
    p.edit("appeals/cases/ua-82-18.yaml", "\nsummary:", "\nsumary:");
    let before = p.read("appeals/cases/ua-82-18.yaml");
    let run = p
        .run(&["translations", "ua-82-18", "--mark-current", "--lang", "ru"])
        .fails_with(1);
    assert!(
        run.stderr.contains("unknown field `sumary`"),
        "{}",
        run.stderr
    );
    assert_eq!(p.read("appeals/cases/ua-82-18.yaml"), before);
    // Settings with an unknown field: `new` writes nothing.
    p.edit("appeals/campaign.yaml", "time_zone:", "timezone:");
    let run = p.run(&["new", "ua-97-26"]).fails_with(1);
    assert!(
        run.stderr
            .contains("unknown field `timezone`; did you mean `time_zone`?"),
        "{}",
        run.stderr
    );
    assert!(!p.path("appeals/cases/ua-97-26.yaml").exists());
}
