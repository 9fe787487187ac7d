//! An action's life, on cases written as a user would from the README (tests/fixtures/life/,
//! fictional people, not the samples): what each kind of document does, one state per document
//! and date in every command, the refusals, past-deadline documents, counted deadlines, and
//! dated facts taken at the letter date.

mod common;
use common::{Project, Run, repo};
use serde_json::Value;

/// Before the closure of UA 17/19 comes out (15 March 2019), and after.
const BEFORE: &str = "2019-03-10";
const AFTER: &str = "2019-03-20";

/// A project with the bundled directory, templates and locales, and only the fixture cases
/// named (no sample case).
fn project(cases: &[&str]) -> Project {
    let p = Project::sample();
    for entry in std::fs::read_dir(p.path("appeals/cases")).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    for case in cases {
        p.write(&format!("appeals/cases/{case}.yaml"), &fixture(case));
    }
    p
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(repo().join(format!("tests/fixtures/life/{name}.yaml"))).unwrap()
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// The `state` of case `id` in a JSON list of rows.
fn state_of(rows: &Value, id: &str) -> String {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {rows:#}"))["state"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The decoded subject, text and HTML bodies of every message a dry run wrote under `dir`.
fn decoded(dir: &std::path::Path) -> Vec<(String, String, String)> {
    const DECODE: &str = r#"
import email, email.policy, json, os, sys
out = []
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    m = email.message_from_bytes(open(os.path.join(d, name), 'rb').read(), policy=email.policy.default)
    out.append([str(m['Subject']), m.get_body(preferencelist=('plain',)).get_content(),
                m.get_body(preferencelist=('html',)).get_content()])
print(json.dumps(out))
"#;
    let out = common::python(DECODE, &[dir.to_str().unwrap()]);
    serde_json::from_str(&out).unwrap()
}

fn supporters(p: &Project) {
    p.write(
        "s.csv",
        "email,name,language\n\
         ann@example.net,Ann Example,en\n\
         olga@example.net,Ольга Петрова,ru\n\
         aigerim@example.net,Айгерім Сәрсенова,kk\n",
    );
}

/// Words that call to act at once, per language (lower case): none may appear in what a stop
/// action or closure says.
const URGENT: [&str; 12] = [
    "urgent",
    "immediately",
    "as soon as possible",
    "act now",
    "срочн",
    "немедленно",
    "как можно скорее",
    "прямо сейчас",
    "шұғыл",
    "дереу",
    "тезірек",
    "mailto:",
];

#[track_caller]
fn assert_calm(what: &str, text: &str) {
    let lower = text.to_lowercase();
    for word in URGENT {
        assert!(!lower.contains(word), "{what} says `{word}`:\n{text}");
    }
}

/// The README's "one state" promise on a case and its closure issued two weeks later: before
/// the closure's issue date every command treats the appeal as open; from it, as closed by the
/// closure, and the closure as the outcome.
#[test]
fn a_closure_closes_the_appeal_from_its_issue_date_in_every_command() {
    let p = project(&["ua-17-19", "ua-17-19-close"]);
    // list and deadlines (table and JSON) agree.
    let list = json(&p.run(&["--today", BEFORE, "list", "--json"]).ok());
    assert_eq!(state_of(&list, "ua-17-19"), "open");
    assert_eq!(state_of(&list, "ua-17-19-close"), "upcoming");
    let list = json(&p.run(&["--today", AFTER, "list", "--json"]).ok());
    assert_eq!(state_of(&list, "ua-17-19"), "closed");
    assert_eq!(state_of(&list, "ua-17-19-close"), "closed");
    let rows = json(&p.run(&["--today", BEFORE, "deadlines", "--json"]).ok());
    assert_eq!(state_of(&rows, "ua-17-19"), "open");
    let rows = json(&p.run(&["--today", AFTER, "deadlines", "--json"]).ok());
    assert_eq!(state_of(&rows, "ua-17-19"), "closed");
    // The calendar has the appeal's event until the closure comes out.
    p.run(&["--today", BEFORE, "deadlines", "--ics", "before.ics"])
        .ok();
    assert!(p.read("before.ics").contains("UID:deadline-ua-17-19@"));
    p.run(&["--today", AFTER, "deadlines", "--ics", "after.ics"])
        .ok();
    assert!(!p.read("after.ics").contains("BEGIN:VEVENT"));
    // check judges the open appeal (its holders), then nothing about it.
    let check = p.run(&["--today", BEFORE, "check"]).ok();
    assert!(check.stderr.contains("[ua-17-19]"), "{}", check.stderr);
    let check = p.run(&["--today", AFTER, "check"]).ok();
    assert!(!check.stderr.contains("[ua-17-19]"), "{}", check.stderr);
    // who --changes-affect: the Prosecutor General's holder changes before the deadline.
    let who = json(
        &p.run(&["--today", BEFORE, "who", "--changes-affect", "--json"])
            .ok(),
    );
    assert!(
        who.as_array()
            .unwrap()
            .iter()
            .any(|r| r["case"] == "ua-17-19"),
        "{who:#}"
    );
    let who = json(
        &p.run(&["--today", AFTER, "who", "--changes-affect", "--json"])
            .ok(),
    );
    assert_eq!(who, Value::Array(vec![]));
    // send and mail: a dry run before; refused after, naming the closure and its date.
    supporters(&p);
    p.run(&["--today", BEFORE, "send", "ua-17-19"]).ok();
    let mail = ["mail", "ua-17-19", "--supporters", "s.csv"];
    p.run(&[&["--today", BEFORE][..], &mail].concat()).ok();
    let why = "ua-17-19 was closed on 2019-03-15 by ua-17-19-close";
    for args in [&["send", "ua-17-19"][..], &mail[..]] {
        let run = p
            .run(&[&["--today", AFTER][..], args].concat())
            .fails_with(2);
        assert!(run.stderr.contains(why), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("--superseded-ok"), "{}", run.stderr);
        assert_eq!(run.stderr.matches("appeal: ").count(), 1, "{}", run.stderr);
        // On purpose, it goes out, with the reason as a warning.
        let run = p
            .run(&[&["--today", AFTER][..], args, &["--superseded-ok"]].concat())
            .ok();
        assert!(run.stderr.contains(why), "{}", run.stderr);
    }
    // remind: the appeal closes within 40 days, and is reminded of only while it is open.
    let remind = ["remind", "--within", "40", "--supporters", "s.csv"];
    let reminded = |run: Run| format!("{}{}", run.stdout, run.stderr);
    let run = reminded(p.run(&[&["--today", BEFORE][..], &remind].concat()).ok());
    assert!(run.contains("ua-17-19: 3 row(s) read"), "{run}");
    let run = reminded(p.run(&[&["--today", AFTER][..], &remind].concat()).ok());
    assert!(
        run.contains("nothing to remind") && !run.contains("row(s) read"),
        "{run}"
    );
    let run = reminded(
        p.run(&[&["--today", AFTER][..], &remind, &["--superseded-ok"]].concat())
            .ok(),
    );
    assert!(run.contains("ua-17-19: 3 row(s) read"), "{run}");
    // The outcome's own mail is allowed, and is no alert.
    let run = p
        .run(&[
            "--today",
            AFTER,
            "mail",
            "ua-17-19-close",
            "--supporters",
            "s.csv",
        ])
        .ok();
    assert!(!run.stderr.contains("closed on"), "{}", run.stderr);
    // site: the appeal's page calls to act, the closure is not out; then the appeal's page is
    // closed and links the closure, which says no further action is requested.
    p.run(&["--today", BEFORE, "site", "--out", "before", "--no-fax"])
        .ok();
    let page = p.read("before/en/ua-17-19/index.html");
    assert!(page.contains("class=\"state-open\""), "{page}");
    assert!(
        p.path("before/en/ua-17-19/letter-kz-ombudsman.txt")
            .is_file()
    );
    assert!(!p.path("before/en/ua-17-19-close").exists());
    p.run(&["--today", AFTER, "site", "--out", "after", "--no-fax"])
        .ok();
    let page = p.read("after/en/ua-17-19/index.html");
    assert!(page.contains("class=\"state-closed\""), "{page}");
    assert!(page.contains("../ua-17-19-close/index.html"), "{page}");
    assert!(!p.path("after/en/ua-17-19/letter-kz-ombudsman.txt").exists());
    let closure = p.read("after/en/ua-17-19-close/index.html");
    assert!(
        closure.contains("No further action is requested."),
        "{closure}"
    );
}

/// Nothing of a stop action or closure goes to officials: `send` refuses it (exit 2) and
/// sends nothing; `render` writes its UA alone and refuses its letters.
#[test]
fn a_closure_or_stop_action_is_never_sent_to_officials() {
    let p = project(&["ua-17-19", "ua-17-19-close", "ua-23-19", "ua-23-19-stop"]);
    for (id, kind) in [
        ("ua-17-19-close", "closure"),
        ("ua-23-19-stop", "stop action"),
    ] {
        for extra in [&[][..], &["--send", "--smtp", "smtp://127.0.0.1:9"][..]] {
            let run = p
                .run(&[&["--today", "2019-04-25", "send", id][..], extra].concat())
                .fails_with(2);
            assert!(
                run.stderr
                    .contains(&format!("nothing is sent to officials for a {kind}")),
                "{}",
                run.stderr
            );
            assert!(run.stdout.is_empty(), "{}", run.stdout);
        }
        assert!(!p.path(".appeal/journal.tsv").exists());
        let run = p
            .run(&["--today", "2019-04-25", "render", id, "--out", "o"])
            .ok();
        let written: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(written.len(), 6, "{written:?}");
        assert!(
            written
                .iter()
                .all(|f| f.ends_with("/ua.txt") || f.ends_with("/ua.html"))
        );
        let run = p
            .run(&[
                "--today",
                "2019-04-25",
                "render",
                id,
                "--format",
                "letter",
                "--out",
                "o2",
            ])
            .fails_with(2);
        assert!(
            run.stderr.contains("render it with `--format ua`"),
            "{}",
            run.stderr
        );
        assert!(!p.path("o2").exists());
    }
}

/// `check` asks an appeal for asks, targets and a deadline, but not a stop action or closure;
/// a closure started with `appeal new --kind closure` (its deadline left empty) is no error.
#[test]
fn check_asks_an_appeal_for_asks_and_a_deadline_but_not_an_outcome() {
    let p = project(&["ua-17-19"]);
    p.run(&[
        "--today",
        AFTER,
        "new",
        "ua-17-19-close",
        "--follows",
        "ua-17-19",
        "--kind",
        "closure",
    ])
    .ok();
    let file = p.read("appeals/cases/ua-17-19-close.yaml");
    assert!(file.contains("deadline:\n"), "{file}");
    let run = p.run(&["--today", AFTER, "check"]).ok();
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    // The fixture closure has no asks, targets or deadline at all.
    p.write(
        "appeals/cases/ua-17-19-close.yaml",
        &fixture("ua-17-19-close"),
    );
    p.run(&["--today", AFTER, "check"]).ok();
    // The same omissions in an appeal are errors, one each.
    let appeal = fixture("ua-23-19");
    let start = appeal.find("asks:").unwrap();
    p.write(
        "appeals/cases/ua-23-19.yaml",
        &format!("{}deadline:\n  send_before:\n", &appeal[..start]),
    );
    let run = p.run(&["--today", AFTER, "check"]).fails_with(1);
    for message in [
        "list at least one ask",
        "list at least one authority to write to",
        "the deadline has no date",
    ] {
        assert_eq!(
            run.stderr.matches(message).count(),
            1,
            "{message}: {}",
            run.stderr
        );
    }
}

/// A stop action or closure says "no further action is requested" and thanks supporters, in
/// every format and language, and nothing of it is urgent: the UA (text and HTML), the
/// supporters' mail (its own subject, no letter, no mailto, no deadline), the site page and
/// its feed entry. A stop action's remaining ask is shown as what is still asked.
#[test]
fn an_outcome_asks_for_nothing_urgent_in_any_format_or_language() {
    let p = project(&["ua-17-19", "ua-17-19-close", "ua-23-19", "ua-23-19-stop"]);
    supporters(&p);
    let today = "2019-04-25";
    let no_action = [
        (
            "en",
            "No further action is requested.",
            "Many thanks to everyone who sent appeals.",
        ),
        (
            "ru",
            "Больше обращений не требуется.",
            "Большое спасибо всем, кто направил обращения.",
        ),
        (
            "kk",
            "Бұдан әрі өтініш жіберудің қажеті жоқ.",
            "Өтініш жолдаған баршаңызға шын жүректен алғыс айтамыз.",
        ),
    ];
    p.run(&[
        "--today",
        today,
        "site",
        "--out",
        "public",
        "--no-fax",
        "--base-url",
        "https://example.org/actions/",
    ])
    .ok();
    for (id, subjects) in [
        (
            "ua-17-19-close",
            ["Good news: ", "Хорошая новость! ", "Жақсы жаңалық: "],
        ),
        (
            "ua-23-19-stop",
            ["Outcome: ", "Итоги акции. ", "Үндеу нәтижесі: "],
        ),
    ] {
        p.run(&["--today", today, "render", id, "--out", "o"]).ok();
        p.run(&[
            "--today",
            today,
            "mail",
            id,
            "--supporters",
            "s.csv",
            "--out",
            "m",
        ])
        .ok();
        let mails = decoded(&p.path(&format!("m/{id}/mail")));
        for (i, (lang, no, thanks)) in no_action.iter().enumerate() {
            for file in ["ua.txt", "ua.html"] {
                let ua = p.read(&format!("o/{id}/{lang}/{file}"));
                assert!(
                    ua.contains(no) && ua.contains(thanks),
                    "{id} {lang} {file}:\n{ua}"
                );
                assert_calm(&format!("{id} {lang} {file}"), &ua);
            }
            let (subject, text, html) = &mails[i];
            assert!(subject.starts_with(subjects[i]), "{subject}");
            for body in [text, html] {
                assert!(
                    body.contains(no) && body.contains(thanks),
                    "{id} {lang}:\n{body}"
                );
                let letterless = body.split("unsubscribe").next().unwrap();
                assert_calm(&format!("{id} {lang} mail"), letterless);
            }
            assert_calm(&format!("{id} {lang} subject"), subject);
            let page = p.read(&format!("public/{lang}/{id}/index.html"));
            assert!(page.contains(no) && page.contains(thanks), "{page}");
            // The list of the action's documents names the original by its kind ("Urgent
            // action · UA 17/19"): that is the other document's name, not this page's words.
            let (head, rest) = page
                .split_once("<section aria-labelledby=\"h-chain\">")
                .unwrap();
            let tail = rest.split_once("</section>").unwrap().1;
            assert_calm(&format!("{id} {lang} page"), &format!("{head}{tail}"));
            let feed = p.read(&format!("public/{lang}/feed.atom"));
            let entry = feed
                .split("<entry>")
                .find(|e| e.contains(&format!("/{id}/")))
                .unwrap();
            assert_calm(&format!("{id} {lang} feed entry"), entry);
        }
        // English: no deadline at all, and a closure is good news where a stop action is not.
        let (subject, text, _) = &mails[0];
        assert!(
            !text.contains("before") && !text.contains("deadline"),
            "{text}"
        );
        if id == "ua-23-19-stop" {
            assert!(!subject.to_lowercase().contains("good news"), "{subject}");
        }
    }
    // The stop action's remaining ask, as such: one ask, inside its sentence, not numbered.
    let ua = p.read("o/ua-23-19-stop/en/ua.txt");
    assert!(
        ua.contains(
            "We also ask you to follow his appeal on our website and tell others about his case."
        ),
        "{ua}"
    );
    let ua = p.read("o/ua-23-19-stop/kk/ua.txt");
    assert!(
        ua.contains("Сонымен бірге Сізден мынаны өтінеміз: "),
        "{ua}"
    );
}

/// Past its deadline, a UA and an alert replace the call to act with the note to check with
/// the organiser, and the alert's subject is no longer "urgent".
#[test]
fn past_the_deadline_the_note_replaces_the_call_to_act() {
    let p = project(&["ua-17-19"]);
    supporters(&p);
    let today = "2019-04-10";
    p.run(&[
        "--today", today, "render", "ua-17-19", "--format", "ua", "--out", "o",
    ])
    .ok();
    for (lang, call, note) in [
        ("en", "Please write immediately", "that deadline has passed"),
        ("ru", "срочно напишите", "этот срок истёк"),
        ("kk", "дереу хат жазып", "бұл мерзім өтіп кетті"),
    ] {
        for file in ["ua.txt", "ua.html"] {
            let ua = p.read(&format!("o/ua-17-19/{lang}/{file}"));
            assert!(!ua.contains(call), "{lang} {file}:\n{ua}");
            assert_eq!(ua.matches(note).count(), 1, "{lang} {file}:\n{ua}");
            // The note comes before the asks it introduces, not after the addressees.
            let asks = ua.find("  1) ").or_else(|| ua.find("<ol class")).unwrap();
            assert!(ua.find(note).unwrap() < asks, "{lang} {file}:\n{ua}");
        }
    }
    let en = p.read("o/ua-17-19/en/ua.txt");
    assert!(!en.contains("Please send appeals before"), "{en}");
    assert!(en.contains("WHAT TO ASK FOR\n  1) release"), "{en}");
    p.run(&[
        "--today",
        today,
        "mail",
        "ua-17-19",
        "--supporters",
        "s.csv",
        "--out",
        "m",
    ])
    .ok();
    let mails = decoded(&p.path("m/ua-17-19/mail"));
    for ((subject, text, _), (want, not)) in mails.iter().zip([
        ("Deadline passed: ", "Urgent action"),
        ("Срок истёк. ", "Срочная акция"),
        ("Мерзімі өтті: ", "Шұғыл үндеу"),
    ]) {
        assert!(
            subject.starts_with(want) && !subject.contains(not),
            "{subject}"
        );
        assert!(
            !text.contains("act now") && !text.contains("прямо сейчас"),
            "{text}"
        );
    }
}

/// An update supersedes the document it follows from its issue date, not before; without an
/// issue date, at once. The refusal names it and the date.
#[test]
fn a_later_document_supersedes_only_from_its_issue_date() {
    let p = project(&["ua-17-19"]);
    let update = fixture("ua-17-19")
        .replacen("id: ua-17-19\n", "id: ua-17-19-2\nfollows: ua-17-19\n", 1)
        .replacen("kind: new\n", "kind: update\nupdate: 1\n", 1)
        .replacen("issued: 2019-03-01", "issued: 2019-03-15", 1);
    p.write("appeals/cases/ua-17-19-2.yaml", &update);
    let state = |today: &str, id: &str| {
        state_of(
            &json(&p.run(&["--today", today, "list", "--json"]).ok()),
            id,
        )
    };
    assert_eq!(state(BEFORE, "ua-17-19"), "open");
    assert_eq!(state(BEFORE, "ua-17-19-2"), "upcoming");
    assert_eq!(state(AFTER, "ua-17-19"), "superseded");
    assert_eq!(state(AFTER, "ua-17-19-2"), "open");
    let run = p.run(&["--today", AFTER, "send", "ua-17-19"]).fails_with(2);
    assert!(
        run.stderr
            .contains("ua-17-19 was superseded on 2019-03-15 by ua-17-19-2"),
        "{}",
        run.stderr
    );
    p.run(&["--today", AFTER, "send", "ua-17-19-2"]).ok();
    // No issue date: in force at once.
    p.write(
        "appeals/cases/ua-17-19-2.yaml",
        &update.replacen("issued: 2019-03-15\n", "", 1).replacen(
            "  working_days: 20\n  calendar: kz\n",
            "  send_before: 2019-05-01\n",
            1,
        ),
    );
    assert_eq!(state(BEFORE, "ua-17-19"), "superseded");
    let run = p
        .run(&["--today", BEFORE, "send", "ua-17-19"])
        .fails_with(2);
    assert!(
        run.stderr
            .contains("ua-17-19 was superseded by ua-17-19-2;"),
        "{}",
        run.stderr
    );
}

/// `working_days: N` and `days: N`: the Nth counted day after the issue date is the last day
/// to send, and `send_before` the day after it, so the last day to send is a working day.
#[test]
fn a_counted_deadline_makes_the_nth_day_the_last_day_to_send() {
    let p = project(&[]);
    // A calendar with no holidays: only weekends are days off.
    p.write("appeals/calendars/plain.yaml", "id: plain\n");
    let row = |rule: &str| -> Value {
        let case =
            fixture("ua-23-19").replacen("  send_before: 2019-05-01\n", &format!("{rule}\n"), 1);
        p.write("appeals/cases/ua-23-19.yaml", &case);
        let rows = json(
            &p.run(&["--today", "2019-04-01", "deadlines", "--json"])
                .ok(),
        );
        rows[0].clone()
    };
    // Issued Monday 1 April 2019; the 5th working day after it is Monday 8 April.
    let r = row("  working_days: 5\n  calendar: plain");
    assert_eq!(
        (r["last_day"].as_str(), r["send_before"].as_str()),
        (Some("2019-04-08"), Some("2019-04-09"))
    );
    assert_eq!(
        r["explanation"],
        "5 working days from 1 April 2019: send by 8 April 2019 (the last day)"
    );
    // The 4th is Friday 5 April: the deadline is then Saturday, the last day to send Friday.
    let r = row("  working_days: 4\n  calendar: plain");
    assert_eq!(
        (r["last_day"].as_str(), r["send_before"].as_str()),
        (Some("2019-04-05"), Some("2019-04-06"))
    );
    // Calendar days: the 10th day after 1 April is 11 April.
    let r = row("  days: 10");
    assert_eq!(
        (r["last_day"].as_str(), r["send_before"].as_str()),
        (Some("2019-04-11"), Some("2019-04-12"))
    );
    assert_eq!(
        r["explanation"],
        "10 days from 1 April 2019: send by 11 April 2019 (the last day)"
    );
    // The bundled calendar: every last day of a count is a working day there.
    for n in 1..=40 {
        let r = row(&format!("  working_days: {n}\n  calendar: kz"));
        let last =
            chrono::NaiveDate::parse_from_str(r["last_day"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        use chrono::Datelike;
        assert!(last.weekday().number_from_monday() <= 5, "{n}: {last}");
    }
}

/// The README's example of an explained deadline is what the program prints for it.
#[test]
fn the_readme_deadline_example_is_the_programs_own() {
    let p = project(&[]);
    let case = fixture("ua-23-19")
        .replacen("issued: 2019-04-01", "issued: 2014-08-15", 1)
        .replacen(
            "  send_before: 2019-05-01\n",
            "  working_days: 25\n  calendar: kz\n",
            1,
        );
    p.write("appeals/cases/ua-23-19.yaml", &case);
    // The README wraps its lines: compare with its words joined by single spaces.
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let readme = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    for lang in ["en", "ru"] {
        let rows = json(
            &p.run(&[
                "--today",
                "2014-08-20",
                "deadlines",
                "--json",
                "--lang",
                lang,
            ])
            .ok(),
        );
        let explanation = rows[0]["explanation"].as_str().unwrap();
        assert!(readme.contains(explanation), "README lacks: {explanation}");
        // Monday: the last day to send is a working day.
        assert_eq!(rows[0]["last_day"], "2014-09-22");
    }
}

/// An office for the dated-facts tests: Alpha holds it until 18 March 2019, Beta from the
/// 19th; renamed on 25 March.
const OFFICE: &str = "\
role: kz/test-office
title: {en: Old Office, ru: Старая должность, kk: Ескі лауазым}
short_title: {en: Officer, ru: Должностное лицо, kk: Лауазымды тұлға}
title_gender: masculine
languages: [ru, kk]
address:
  en: [1 Test Street, Astana]
  ru: [ул. Тестовая, 1, Астана]
  kk: [Тест көшесі, 1, Астана]
emails: [office@example.kz]
holders:
  - name: {en: Arman Alpha, ru: Арман Альфа, kk: Арман Альфа}
    surname: {en: Alpha, ru: Альфа, kk: Альфа}
    gender: male
    from: 2018-01-01
    to: 2019-03-18
  - name: {en: Bolat Beta, ru: Болат Бета, kk: Болат Бета}
    surname: {en: Beta, ru: Бета, kk: Бета}
    gender: male
    from: 2019-03-19
    seen: [2019-03-19]
titles:
  - from: 2019-03-25
    title: {en: New Office, ru: Новая должность, kk: Жаңа лауазым}
sources: [test]
";

/// A case of the test office, issued on `issued`, due before `send_before`.
fn office_case(issued: &str, send_before: &str) -> String {
    fixture("ua-23-19")
        .replacen("issued: 2019-04-01", &format!("issued: {issued}"), 1)
        .replacen("role: kz/prosecutor-general", "role: kz/test-office", 1)
        .replacen(
            "send_before: 2019-05-01",
            &format!("send_before: {send_before}"),
            1,
        )
}

/// A calendar, UA or alert made before a case comes out names whoever holds office on its
/// issue date (the letter date), not on the day it was built.
#[test]
fn documents_made_ahead_name_the_holder_on_the_issue_date() {
    let p = project(&[]);
    p.write("appeals/authorities/kz/test-office.yaml", OFFICE);
    p.write(
        "appeals/cases/ua-23-19.yaml",
        &office_case("2019-03-20", "2019-03-24"),
    );
    supporters(&p);
    p.run(&["--today", BEFORE, "deadlines", "--ics", "a.ics"])
        .ok();
    let ics = p.read("a.ics").replace("\r\n ", "");
    assert!(
        ics.contains("Bolat Beta") && !ics.contains("Alpha"),
        "{ics}"
    );
    p.run(&[
        "--today", BEFORE, "render", "ua-23-19", "--format", "ua", "--out", "o",
    ])
    .ok();
    let ua = p.read("o/ua-23-19/en/ua.txt");
    assert!(ua.contains("Bolat Beta") && !ua.contains("Alpha"), "{ua}");
    p.run(&[
        "--today",
        BEFORE,
        "mail",
        "ua-23-19",
        "--supporters",
        "s.csv",
        "--out",
        "m",
    ])
    .ok();
    let (_, text, _) = &decoded(&p.path("m/ua-23-19/mail"))[0];
    assert!(
        text.contains("Bolat Beta") && !text.contains("Alpha"),
        "{text}"
    );
}

/// A title that changes between today and the last day to send warns like a holder change,
/// and the texts used until the deadline (UA, alert, site) give the later title while the
/// letter sent today keeps today's.
#[test]
fn a_title_change_before_the_deadline_warns_and_the_public_texts_use_the_later_title() {
    let p = project(&[]);
    p.write("appeals/authorities/kz/test-office.yaml", OFFICE);
    p.write(
        "appeals/cases/ua-23-19.yaml",
        &office_case("2019-03-20", "2019-04-01"),
    );
    let today = "2019-03-21";
    let check = p.run(&["--today", today, "check"]).ok();
    assert!(
        check.stderr.contains(
            "kz/test-office: the title changes before the deadline: \"Old Office\" on 2019-03-21, \"New Office\" on 2019-03-31"
        ),
        "{}",
        check.stderr
    );
    p.run(&[
        "--today", today, "render", "ua-23-19", "--lang", "en", "--out", "o",
    ])
    .ok();
    let ua = p.read("o/ua-23-19/en/ua.txt");
    assert!(
        ua.contains("New Office\nBolat Beta") && !ua.contains("Old Office"),
        "{ua}"
    );
    let letter = p.read("o/ua-23-19/en/letter-kz-test-office.txt");
    assert!(
        letter.contains("Old Office") && !letter.contains("New Office"),
        "{letter}"
    );
    p.run(&["--today", today, "site", "--out", "public", "--no-fax"])
        .ok();
    let page = p.read("public/en/ua-23-19/index.html");
    assert!(
        page.contains("New Office") && !page.contains("Old Office"),
        "{page}"
    );
    let who = json(
        &p.run(&["--today", today, "who", "--changes-affect", "--json"])
            .ok(),
    );
    assert_eq!(who[0]["reason"], "title", "{who:#}");
    assert_eq!(who[0]["last_day_title"], "New Office", "{who:#}");
}

/// Golden files of a closure and a stop action in every language: the UA (text and HTML), the
/// supporters' mail (subject, text and HTML, decoded) and the site page.
/// `SNAPSHOTS=overwrite cargo test --test life golden` rewrites them.
#[test]
fn golden_outcomes_in_every_language() {
    let p = project(&["ua-17-19", "ua-17-19-close", "ua-23-19", "ua-23-19-stop"]);
    supporters(&p);
    let today = "2019-04-25";
    p.run(&["--today", today, "site", "--out", "public", "--no-fax"])
        .ok();
    for id in ["ua-17-19-close", "ua-23-19-stop"] {
        p.run(&["--today", today, "render", id, "--out", "o"]).ok();
        p.run(&[
            "--today",
            today,
            "mail",
            id,
            "--supporters",
            "s.csv",
            "--out",
            "m",
        ])
        .ok();
        let mails = decoded(&p.path(&format!("m/{id}/mail")));
        for (lang, (subject, text, html)) in ["en", "ru", "kk"].iter().zip(&mails) {
            for file in ["ua.txt", "ua.html"] {
                common::golden(
                    &format!("outcome/{id}/{lang}/{file}"),
                    &p.read(&format!("o/{id}/{lang}/{file}")),
                );
            }
            common::golden(
                &format!("outcome/{id}/{lang}/alert.txt"),
                &format!("Subject: {subject}\n\n{text}"),
            );
            common::golden(&format!("outcome/{id}/{lang}/alert.html"), html);
            common::golden(
                &format!("outcome/{id}/{lang}/site.html"),
                &p.read(&format!("public/{lang}/{id}/index.html")),
            );
        }
    }
}

/// Golden files of an appeal past its deadline in every language: the UA (text and HTML) with
/// the note in place of the call to act, and the alert with its own subject.
#[test]
fn golden_past_deadline_in_every_language() {
    let p = project(&["ua-17-19"]);
    supporters(&p);
    let today = "2019-04-10";
    p.run(&[
        "--today", today, "render", "ua-17-19", "--format", "ua", "--out", "o",
    ])
    .ok();
    p.run(&[
        "--today",
        today,
        "mail",
        "ua-17-19",
        "--supporters",
        "s.csv",
        "--out",
        "m",
    ])
    .ok();
    let mails = decoded(&p.path("m/ua-17-19/mail"));
    for (lang, (subject, text, html)) in ["en", "ru", "kk"].iter().zip(&mails) {
        for file in ["ua.txt", "ua.html"] {
            common::golden(
                &format!("past-deadline/ua-17-19/{lang}/{file}"),
                &p.read(&format!("o/ua-17-19/{lang}/{file}")),
            );
        }
        common::golden(
            &format!("past-deadline/ua-17-19/{lang}/alert.txt"),
            &format!("Subject: {subject}\n\n{text}"),
        );
        common::golden(&format!("past-deadline/ua-17-19/{lang}/alert.html"), html);
    }
}
