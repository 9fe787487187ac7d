//! Who letters address: the tenure rule (attestation window, events, month dates), dated
//! titles, holder changes before a deadline, and `appeal who`. Dates are fixed with `--today`.

mod common;
use common::Project;

/// Renders the sample UA 82/18 letters in `lang` as if written on `today`; returns the run.
fn letters(p: &Project, today: &str, lang: &str) -> common::Run {
    p.run(&[
        "--today", today, "render", "ua-82-18", "--lang", lang, "--format", "letter", "--out", "o",
    ])
    .ok()
}

const EVENT_SOURCE: &str = "inform.kz/ru/proekt-novoy-konstitutsii-opredelil-poryadok-i-sroki-naznacheniya-visshih-dolzhnostnih-lits-kazahstana-aaf863, 12 Feb 2026";

#[test]
fn after_the_2026_constitution_letters_address_the_prosecutor_general_and_ombudsman_by_title() {
    let p = Project::sample();
    let run = letters(&p, "2026-11-22", "ru");
    let pg = p.read("o/ua-82-18/ru/letter-kz-prosecutor-general.txt");
    assert!(
        pg.contains("Генеральному прокурору Республики Казахстан"),
        "{pg}"
    );
    assert!(!pg.contains("Асылов"), "{pg}");
    assert!(
        pg.contains("Уважаемый господин Генеральный прокурор!"),
        "{pg}"
    );
    let om = p.read("o/ua-82-18/ru/letter-kz-ombudsman.txt");
    assert!(!om.contains("Ластаев"), "{om}");
    assert!(
        om.contains("Уполномоченному по правам человека в Республике Казахстан"),
        "the title of 2022 is in force: {om}"
    );
    for role in ["kz/prosecutor-general", "kz/ombudsman"] {
        let warning = format!(
            "{role}: holder may have changed since the 2026 Constitution took effect (2026-07-01, {EVENT_SOURCE} (Art. 95: appointments within two months))"
        );
        assert!(run.stderr.contains(&warning), "{}", run.stderr);
    }
    // The Foreign Minister (a copy) was last attested on 29 Sep 2025: past the 12-month window.
    assert!(
        run.stderr.contains(
            "kz/foreign-minister: holder may have changed: Yermek Kosherbayev last attested 2025-09-29 (zakon.kz, 29 Sep 2025)"
        ),
        "{}",
        run.stderr
    );
}

/// Addressed by title, the Ombudsman is greeted by the full title ("Уважаемый господин
/// Уполномоченный" alone reads oddly); a holder with a patronymic is still greeted by name.
#[test]
fn the_ombudsman_addressed_by_title_is_greeted_by_the_full_title() {
    let p = Project::sample();
    letters(&p, "2026-11-22", "ru");
    let om = p.read("o/ua-82-18/ru/letter-kz-ombudsman.txt");
    assert!(
        om.contains("\nУважаемый господин Уполномоченный по правам человека!\n"),
        "{om}"
    );
    letters(&p, "2026-11-22", "kk");
    let om = p.read("o/ua-82-18/kk/letter-kz-ombudsman.txt");
    assert!(
        om.contains("\nҚұрметті Адам құқықтары жөніндегі уәкіл!\n"),
        "{om}"
    );
    letters(&p, "2025-12-10", "ru");
    let om = p.read("o/ua-82-18/ru/letter-kz-ombudsman.txt");
    assert!(om.contains("\nУважаемый Артур Ермекович!\n"), "{om}");
}

#[test]
fn before_the_event_the_same_letter_names_berik_asylov() {
    let p = Project::sample();
    let run = letters(&p, "2025-12-10", "ru");
    let pg = p.read("o/ua-82-18/ru/letter-kz-prosecutor-general.txt");
    assert!(pg.contains("Б.\u{a0}Н.\u{a0}Асылову"), "{pg}");
    assert!(
        !run.stderr
            .contains("kz/prosecutor-general: holder may have changed")
    );
    let en = {
        letters(&p, "2025-12-10", "en");
        p.read("o/ua-82-18/en/letter-kz-prosecutor-general.txt")
    };
    assert!(en.contains("Berik Asylov"), "{en}");
}

#[test]
fn a_seen_date_after_the_event_restores_the_name() {
    let p = Project::sample();
    p.edit(
        "appeals/authorities/kz/prosecutor-general.yaml",
        "    seen: [2023-02-08, 2025-06-21, 2025-11-10, 2025-12-06]",
        "    seen: [2023-02-08, 2025-06-21, 2025-11-10, 2025-12-06, {date: 2026-09-01, source: \"example.kz, 1 Sep 2026\"}]",
    );
    let run = letters(&p, "2026-11-22", "ru");
    let pg = p.read("o/ua-82-18/ru/letter-kz-prosecutor-general.txt");
    assert!(pg.contains("Б.\u{a0}Н.\u{a0}Асылову"), "{pg}");
    assert!(
        !run.stderr
            .contains("kz/prosecutor-general: holder may have changed"),
        "{}",
        run.stderr
    );
    // The Ombudsman is still unattested since the event.
    let om = p.read("o/ua-82-18/ru/letter-kz-ombudsman.txt");
    assert!(!om.contains("Ластаев"), "{om}");
    let who = p
        .run(&[
            "who",
            "--on",
            "2026-11-22",
            "--role",
            "kz/prosecutor-general",
        ])
        .ok();
    assert!(
        who.stdout.contains("addressee  Berik Asylov"),
        "{}",
        who.stdout
    );
    assert!(who.stdout.contains("basis      seen"), "{}", who.stdout);
}

#[test]
fn who_lists_every_role_with_its_basis() {
    let p = Project::sample();
    let run = p.run(&["who", "--on", "2026-11-22", "--json"]).ok();
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let basis = |role: &str| {
        let row = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["role"] == role)
            .unwrap_or_else(|| panic!("{role} missing: {}", run.stdout));
        (
            row["basis"].as_str().unwrap().to_string(),
            row["addressee"].as_str().map(str::to_string),
        )
    };
    assert_eq!(rows.as_array().unwrap().len(), 4, "{}", run.stdout);
    assert_eq!(
        basis("kz/prosecutor-general"),
        ("ended-by:constitution-2026".into(), None)
    );
    assert_eq!(
        basis("kz/ombudsman"),
        ("ended-by:constitution-2026".into(), None)
    );
    assert_eq!(
        basis("kz/foreign-minister"),
        ("unattested-since:2025-09-29".into(), None)
    );
    assert_eq!(
        basis("kz/interior-minister"),
        ("seen".into(), Some("Yerzhan Sadenov".into()))
    );
    let pg = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == "kz/prosecutor-general")
        .unwrap();
    assert_eq!(pg["previous"], "Berik Asylov");
    assert_eq!(pg["attested"]["date"], "2025-12-06");
    assert_eq!(pg["attested"]["source"], "kaz.inform.kz, 6 Dec 2025");
    assert_eq!(pg["event"]["date"], "2026-07-01");
    assert_eq!(pg["fax"]["verified"], "2018-05-05");
    assert_eq!(pg["fax"]["age_days"], 3123);
    assert_eq!(pg["emails"]["known"], false);
    // The text view says the same, role by role.
    let text = p.run(&["--today", "2026-11-22", "who"]).ok();
    assert!(
        text.stdout.starts_with("Letters dated 2026-11-22 address:"),
        "--on defaults to --today: {}",
        text.stdout
    );
    for line in [
        "kz/prosecutor-general  Prosecutor General of the Republic of Kazakhstan",
        "  addressee  the title alone",
        "  basis      ended-by:constitution-2026",
        "  event      constitution-2026 on 2026-07-01: the 2026 Constitution took effect",
        "  basis      unattested-since:2025-09-29",
        "  addressee  Yerzhan Sadenov",
        "  fax        verified 2018-05-05 (8 years old)",
        "  emails     unknown",
    ] {
        assert!(text.stdout.contains(line), "{line:?} in:\n{}", text.stdout);
    }
}

#[test]
fn who_on_earlier_dates_gives_the_holder_and_the_tenure_basis() {
    let p = Project::sample();
    let on = |date: &str, role: &str| {
        let run = p.run(&["who", "--on", date, "--role", role, "--json"]).ok();
        let rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(rows.as_array().unwrap().len(), 1);
        (
            rows[0]["addressee"].as_str().map(str::to_string),
            rows[0]["basis"].as_str().unwrap().to_string(),
        )
    };
    // Azimova has `from` and no `to`; her successor's `from` is a month (December 2022). She is
    // addressed until the day before it, years after her own `from`.
    assert_eq!(
        on("2019-09-02", "kz/ombudsman"),
        (Some("Elvira Azimova".into()), "from-to".into())
    );
    assert_eq!(
        on("2022-11-30", "kz/ombudsman"),
        (Some("Elvira Azimova".into()), "from-to".into())
    );
    assert_eq!(
        on("2022-12-01", "kz/ombudsman"),
        (Some("Artur Lastaev".into()), "seen".into())
    );
    assert_eq!(
        on("2019-02-12", "kz/interior-minister"),
        (Some("Yerlan Turgumbayev".into()), "from-to".into())
    );
    assert_eq!(
        on("2018-05-20", "kz/interior-minister"),
        (Some("Kalmukhanbet Kasymov".into()), "from-to".into())
    );
    // Akhmetzhanov was last attested on 3 Apr 2023; his successor first on 3 Sep 2025.
    assert_eq!(
        on("2024-10-01", "kz/interior-minister"),
        (None, "unattested-since:2023-04-03".into())
    );
    assert_eq!(
        on("2014-08-20", "kz/prosecutor-general"),
        (None, "unattested-since:2012-03-13".into())
    );
}

#[test]
fn who_rejects_unknown_roles_and_bad_dates_as_usage_errors() {
    let p = Project::sample();
    let run = p
        .run(&["who", "--role", "kz/prosecutor-generl"])
        .fails_with(2);
    assert!(
        run.stderr.contains("did you mean `kz/prosecutor-general`?"),
        "{}",
        run.stderr
    );
    let run = p.run(&["who", "--on", "22.11.2026"]).fails_with(2);
    assert!(run.stderr.contains("--on: `22.11.2026`"), "{}", run.stderr);
}

/// A case whose action window (20 Sep – 9 Oct 2025) spans the Foreign Minister's change on
/// 26 Sep 2025.
const FM_CASE: &str = "\
id: fm-2025
reference: UA 1/25
organisation: Test
kind: new
country: KZ
languages: [en, ru]
title: {en: Test case, ru: Тестовое дело}
summary: {en: Summary., ru: Кратко.}
people:
  - name: {en: A Person, ru: Некто}
story: {en: Story., ru: История.}
asks:
  - {en: Act., ru: Действовать.}
targets:
  - role: kz/foreign-minister
deadline:
  send_before: 2025-10-10
";

#[test]
fn a_holder_change_before_the_deadline_is_warned_and_the_ua_names_nobody() {
    let p = Project::sample();
    p.write("appeals/cases/fm-2025.yaml", FM_CASE);
    let run = p
        .run(&[
            "--today",
            "2025-09-20",
            "render",
            "fm-2025",
            "--lang",
            "en",
            "--format",
            "ua",
            "--format",
            "letter",
            "--out",
            "o",
        ])
        .ok();
    assert!(
        run.stderr.contains(
            "kz/foreign-minister: the addressee changes before the deadline: Murat Nurtleu on 2025-09-20, Yermek Kosherbayev on 2025-10-09 (seen); letters sent today name Murat Nurtleu"
        ),
        "{}",
        run.stderr
    );
    let letter = p.read("o/fm-2025/en/letter-kz-foreign-minister.txt");
    assert!(letter.contains("Murat Nurtleu"), "{letter}");
    assert!(
        letter.contains("Deputy Prime Minister – Minister of Foreign Affairs"),
        "the combined title of 2023–25: {letter}"
    );
    let ua = p.read("o/fm-2025/en/ua.txt");
    assert!(
        !ua.contains("Nurtleu") && !ua.contains("Kosherbayev"),
        "{ua}"
    );
    assert!(ua.contains("Minister of Foreign Affairs"), "{ua}");
    // `who --changes-affect` lists the same target.
    let who = p
        .run(&["who", "--on", "2025-09-20", "--changes-affect", "--json"])
        .ok();
    let rows: serde_json::Value = serde_json::from_str(&who.stdout).unwrap();
    let fm = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["case"] == "fm-2025")
        .unwrap_or_else(|| panic!("{}", who.stdout));
    assert_eq!(fm["role"], "kz/foreign-minister");
    assert_eq!(fm["reason"], "changes");
    assert_eq!(fm["today_addressee"], "Murat Nurtleu");
    assert_eq!(fm["last_day_addressee"], "Yermek Kosherbayev");
    assert_eq!(fm["last_day"], "2025-10-09");
    // Once both days fall in one tenure, nothing changes.
    let later = p
        .run(&["who", "--on", "2025-09-27", "--changes-affect"])
        .ok();
    assert!(!later.stdout.contains("fm-2025"), "{}", later.stdout);
}

#[test]
fn a_2014_letter_uses_the_title_of_2014() {
    let p = Project::sample();
    p.run(&[
        "--today",
        "2014-08-20",
        "render",
        "fld-2014-mukhortova",
        "--lang",
        "ru",
        "--format",
        "letter",
        "--out",
        "o",
    ])
    .ok();
    let om = p.read("o/fld-2014-mukhortova/ru/letter-kz-ombudsman.txt");
    assert!(om.contains("Уполномоченному по правам человека\n"), "{om}");
    assert!(!om.contains("в Республике Казахстан\nА. О."), "{om}");
    assert!(om.contains("А.\u{a0}О.\u{a0}Шакирову"), "{om}");
}

#[test]
fn month_dates_are_accepted_and_bad_dates_say_what_to_write() {
    let p = Project::sample();
    p.write(
        "appeals/authorities/kz/test-role.yaml",
        "role: kz/test-role\ntitle: {en: Test}\nholders:\n  - name: {en: A B}\n    gender: male\n    from: 2011-04\n    to: 2019-02\n  - name: {en: C D}\n    gender: male\n    from: 2019-02\n",
    );
    let run = p
        .run(&["who", "--on", "2019-01-31", "--role", "kz/test-role"])
        .ok();
    assert!(run.stdout.contains("addressee  A B"), "{}", run.stdout);
    let run = p
        .run(&["who", "--on", "2019-02-01", "--role", "kz/test-role"])
        .ok();
    assert!(run.stdout.contains("addressee  C D"), "{}", run.stdout);
    p.write(
        "appeals/authorities/kz/test-role.yaml",
        "role: kz/test-role\ntitle: {en: Test}\nholders:\n  - name: {en: A B}\n    gender: male\n    from: 2019-2\n",
    );
    let run = p.run(&["check"]).fails_with(1);
    assert!(
        run.stderr.contains(
            "appeals/authorities/kz/test-role.yaml:6:11: error: holders[0].from: invalid date `2019-2`: write YYYY-MM-DD (e.g. 2019-02-12), or YYYY-MM (e.g. 2019-02) when the source gives only the month"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn events_name_known_roles() {
    let p = Project::sample();
    p.edit(
        "appeals/events.yaml",
        "      - kz/ombudsman\n",
        "      - kz/ombudsmen\n",
    );
    let run = p.run(&["check"]).fails_with(1);
    assert!(
        run.stderr.contains("appeals/events.yaml:")
            && run
                .stderr
                .contains("unknown role `kz/ombudsmen`; did you mean `kz/ombudsman`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn supporter_alerts_address_a_changing_holder_by_title_alone() {
    let p = Project::sample();
    p.write("appeals/cases/fm-2025.yaml", FM_CASE);
    p.write(
        "s.csv",
        "email,name,language\na@example.net,Ann Example,en\n",
    );
    let run = p
        .run(&[
            "--today",
            "2025-09-20",
            "mail",
            "fm-2025",
            "--supporters",
            "s.csv",
            "--out",
            "o",
        ])
        .ok();
    assert!(
        run.stderr
            .contains("kz/foreign-minister: the addressee changes before the deadline"),
        "{}",
        run.stderr
    );
    let text = common::python(
        "import email, email.policy, os, sys\n\
         d = sys.argv[1]\n\
         for n in sorted(os.listdir(d)):\n\
         \x20   m = email.message_from_bytes(open(os.path.join(d, n), 'rb').read(), policy=email.policy.default)\n\
         \x20   print(m.get_body(preferencelist=('plain',)).get_content())\n",
        &[p.path("o/fm-2025/mail").to_str().unwrap()],
    );
    assert!(text.contains("Ann Example"), "{text}");
    // The office is renamed on 26 September, before the last day to send (9 October): the
    // alert, used until then, gives the later title, and the run says so.
    assert!(
        run.stderr
            .contains("kz/foreign-minister: the title changes before the deadline"),
        "{}",
        run.stderr
    );
    assert!(
        text.contains("Minister of Foreign Affairs of the Republic of Kazakhstan"),
        "{text}"
    );
    assert!(!text.contains("Deputy Prime Minister"), "{text}");
    assert!(
        !text.contains("Nurtleu") && !text.contains("Kosherbayev"),
        "the alert is used until the deadline: {text}"
    );
}
