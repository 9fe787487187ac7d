//! Golden files for every output kind in every language, with the date fixed by `--today`.
//! `SNAPSHOTS=overwrite cargo test --test golden` rewrites them after a deliberate change.

mod common;
use common::{Project, golden};
use std::path::Path;

/// The sample cases and the day each is rendered on (while the appeal was open).
const CASES: [(&str, &str); 2] = [
    ("ua-82-18", "2018-05-20"),
    ("fld-2014-mukhortova", "2014-08-20"),
];

fn text_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn ua_letters_and_emails_in_every_language() {
    for (case, today) in CASES {
        let p = Project::sample();
        p.run(&[
            "--today", today, "render", case, "--format", "ua", "--format", "letter", "--format",
            "email", "--out", "o",
        ])
        .ok();
        for lang in ["en", "ru", "kk"] {
            let dir = p.path(&format!("o/{case}/{lang}"));
            let files = text_files(&dir);
            assert!(
                files.iter().any(|f| f.ends_with("ua.txt")),
                "{case}/{lang}: no ua.txt"
            );
            assert!(files.iter().any(|f| {
                f.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("letter-")
            }));
            for file in files {
                let name = file.file_name().unwrap().to_string_lossy().into_owned();
                golden(
                    &format!("{case}/{lang}/{name}"),
                    &std::fs::read_to_string(&file).unwrap(),
                );
            }
        }
    }
}

#[test]
fn a_2025_letter_reaches_the_holders_then_in_office() {
    let p = Project::sample();
    p.run(&[
        "--today",
        "2025-06-01",
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
    let letter = p.read("o/fld-2014-mukhortova/ru/letter-kz-prosecutor-general.txt");
    golden(
        "fld-2014-mukhortova/2025/ru/letter-kz-prosecutor-general.txt",
        &letter,
    );
    assert!(letter.contains("Асылов"), "{letter}");
}

#[test]
fn rendering_is_reproducible() {
    let p = Project::sample();
    p.run(&["--today", "2018-05-20", "render", "ua-82-18", "--out", "a"])
        .ok();
    p.run(&["--today", "2018-05-20", "render", "ua-82-18", "--out", "b"])
        .ok();
    for lang in ["en", "ru", "kk"] {
        for file in text_files(&p.path(&format!("a/ua-82-18/{lang}"))) {
            let other = p
                .path(&format!("b/ua-82-18/{lang}"))
                .join(file.file_name().unwrap());
            assert_eq!(
                std::fs::read(&file).unwrap(),
                std::fs::read(&other).unwrap(),
                "{}",
                file.display()
            );
        }
    }
}

/// After the deadline the campaigner is told (a warning naming the case and the deadline, and
/// the note in the UA), the official is not: letters and faxes go to officials as they are.
#[test]
fn past_deadline_note_is_for_campaigners_not_officials() {
    let p = Project::sample();
    let run = p
        .run(&[
            "--today",
            "2018-06-20",
            "render",
            "ua-82-18",
            "--lang",
            "ru",
            "--format",
            "ua",
            "--format",
            "letter",
            "--format",
            "fax",
            "--out",
            "o",
        ])
        .ok();
    let warning = run
        .stderr
        .lines()
        .find(|l| l.contains("the deadline (2018-06-07) has passed"))
        .unwrap_or_else(|| panic!("no deadline warning:\n{}", run.stderr));
    assert!(warning.contains("[ua-82-18]"), "{warning}");
    assert!(warning.contains("check with the organiser"), "{warning}");
    let ua = p.read("o/ua-82-18/ru/ua.txt");
    assert!(ua.contains("этот срок истёк"), "{ua}");
    // Its note says to check with the organiser: the general "after the above date" line goes.
    assert!(!ua.contains("после указанной даты"), "{ua}");
    assert_eq!(ua.matches("свяжитесь с организатором").count(), 1, "{ua}");
    for file in [
        "letter-kz-prosecutor-general.txt",
        "letter-kz-prosecutor-general.html",
    ] {
        let letter = p.read(&format!("o/ua-82-18/ru/{file}"));
        assert!(!letter.contains("срок истёк"), "{file}:\n{letter}");
        assert!(!letter.contains("организатором"), "{file}:\n{letter}");
    }
    if common::have("pdftotext") {
        let pdf = p.path("o/ua-82-18/ru/fax-kz-prosecutor-general.pdf");
        let out = std::process::Command::new("pdftotext")
            .args([pdf.to_str().unwrap(), "-"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Генеральному прокурору"), "{text}");
        assert!(!text.contains("срок истёк"), "{text}");
    }
}

/// A UA with no additional paragraphs has no "Additional information" heading over nothing;
/// the name card still follows the title.
#[test]
fn a_ua_without_additional_information_has_no_heading_for_it() {
    let p = Project::sample();
    let file = "appeals/cases/fld-2014-mukhortova.yaml";
    let text = p.read(file);
    let (start, end) = (
        text.find("\nadditional:").unwrap(),
        text.find("\nasks:").unwrap(),
    );
    p.write(file, &format!("{}{}", &text[..start], &text[end..]));
    p.run(&[
        "--today",
        "2014-08-20",
        "render",
        "fld-2014-mukhortova",
        "--format",
        "ua",
        "--out",
        "o",
    ])
    .ok();
    for (lang, heading, name) in [
        ("ru", "ДОПОЛНИТЕЛЬНАЯ ИНФОРМАЦИЯ", "Имя и фамилия:"),
        ("kk", "ҚОСЫМША АҚПАРАТ", "Аты-жөні:"),
    ] {
        let ua = p.read(&format!("o/fld-2014-mukhortova/{lang}/ua.txt"));
        assert!(!ua.contains(heading), "{ua}");
        assert!(ua.contains(name), "{ua}");
        let html = p.read(&format!("o/fld-2014-mukhortova/{lang}/ua.html"));
        assert!(!html.to_uppercase().contains(heading), "{html}");
        assert!(html.contains(name), "{html}");
    }
}

/// The Kazakh letter names a prisoner of conscience in the accusative, the object of
/// «санаймыз»: «Біз Зинаида Мухортованы ар-ождан тұтқыны деп санаймыз».
#[test]
fn the_kazakh_prisoner_of_conscience_line_declines_the_name() {
    let p = Project::sample();
    p.edit(
        "appeals/cases/fld-2014-mukhortova.yaml",
        "prisoner_of_conscience: false",
        "prisoner_of_conscience: true",
    );
    p.run(&[
        "--today",
        "2014-08-20",
        "render",
        "fld-2014-mukhortova",
        "--lang",
        "kk",
        "--format",
        "letter",
        "--out",
        "o",
    ])
    .ok();
    for file in [
        "letter-kz-prosecutor-general.txt",
        "letter-kz-prosecutor-general.html",
    ] {
        let letter = p.read(&format!("o/fld-2014-mukhortova/kk/{file}"));
        assert!(
            letter.contains("Біз Зинаида Мухортованы ар-ождан тұтқыны деп санаймыз"),
            "{letter}"
        );
    }
}

/// A case whose deadline falls on 1 March 2024, the day Asia/Almaty moved from UTC+6 to UTC+5.
const ZONE_CASE: &str = "\
id: zone-2024
reference: UA 9/24
organisation: Test
kind: new
country: KZ
languages: [en]
title: {en: Zone test}
summary: {en: Summary.}
people:
  - name: {en: A Person}
story: {en: Story.}
asks:
  - {en: Act.}
targets:
  - role: kz/ombudsman
    language: en   # the office reads kk and ru; this case exists only in English
deadline:
  send_before: 2024-03-01
";

#[test]
fn deadlines_table_and_json_at_several_dates() {
    let p = Project::sample();
    p.write("appeals/cases/zone-2024.yaml", ZONE_CASE);
    for today in [
        "2018-05-20",
        "2018-06-01",
        "2018-06-07",
        "2018-06-20",
        "2024-02-29T18:30:00Z",
        "2024-02-29T19:30:00Z",
    ] {
        let table = p.run(&["--today", today, "deadlines"]).ok();
        golden(
            &format!("deadlines/{}.txt", today.replace(':', "")),
            &table.stdout,
        );
        let json = p.run(&["--today", today, "deadlines", "--json"]).ok();
        golden(
            &format!("deadlines/{}.json", today.replace(':', "")),
            &json.stdout,
        );
    }
}

#[test]
fn the_zone_change_moves_the_local_date() {
    let p = Project::sample();
    p.write("appeals/cases/zone-2024.yaml", ZONE_CASE);
    let state = |today: &str| {
        let out = p
            .run(&["--today", today, "deadlines", "--json"])
            .ok()
            .stdout;
        let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
        let row = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "zone-2024")
            .unwrap()
            .clone();
        (
            row["days_left"].as_i64().unwrap(),
            row["state"].as_str().unwrap().to_string(),
        )
    };
    // 18:30 UTC on 29 February is 23:30 in Almaty (UTC+5 from 1 March 2024): one day left.
    assert_eq!(state("2024-02-29T18:30:00Z"), (1, "closing-soon".into()));
    // 19:30 UTC is already 1 March locally: the deadline has passed.
    assert_eq!(state("2024-02-29T19:30:00Z"), (0, "past-deadline".into()));
    // A year earlier, UTC+6 applied: 18:30 UTC was already the next day.
    p.edit(
        "appeals/cases/zone-2024.yaml",
        "send_before: 2024-03-01",
        "send_before: 2023-03-01",
    );
    assert_eq!(state("2023-02-28T18:30:00Z"), (0, "past-deadline".into()));
}

#[test]
fn overdue_exit_code_for_scheduled_jobs() {
    let p = Project::sample();
    p.run(&["--today", "2018-06-20", "deadlines", "--fail-on-overdue"])
        .fails_with(5);
    p.run(&["--today", "2014-08-20", "deadlines", "--fail-on-overdue"])
        .ok();
}

#[test]
fn a_stop_action_supersedes_and_closes_the_chain() {
    let p = Project::sample();
    let original = p.read("appeals/cases/ua-82-18.yaml");
    let stop = original
        .replacen("id: ua-82-18", "id: ua-82-18-stop", 1)
        .replacen("kind: update", "kind: stop-action", 1)
        .replacen("update: 1", "follows: ua-82-18", 1);
    p.write("appeals/cases/ua-82-18-stop.yaml", &stop);
    let list = p.run(&["--today", "2018-05-20", "list"]).ok();
    assert!(
        list.stdout.contains("chain: ua-82-18 → ua-82-18-stop"),
        "{}",
        list.stdout
    );
    let out = p
        .run(&["--today", "2018-05-20", "deadlines", "--json"])
        .ok()
        .stdout;
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    let state = |id: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()["state"]
            .clone()
    };
    // The stop action ends the chain: the appeal it follows is closed, not superseded.
    assert_eq!(state("ua-82-18"), "closed");
    assert_eq!(state("ua-82-18-stop"), "closed");
}

/// An update's calendar event links its own page, not the action it follows (whose page an
/// update's links often open with): an earlier document's page, or a page named by an earlier
/// document's id, is passed over; with no other link there is none.
#[test]
fn an_updates_calendar_link_is_not_the_previous_actions_page() {
    let p = Project::sample();
    let original = p.read("appeals/cases/ua-82-18.yaml");
    let update = original
        .replacen("id: ua-82-18", "id: ua-82-18-2", 1)
        .replacen("update: 1", "update: 2\nfollows: ua-82-18", 1);
    p.write("appeals/cases/ua-82-18-2.yaml", &update);
    // The URL of the update's event (a line of its own: no folding at this length).
    let link = |p: &Project| -> Option<String> {
        let _ = std::fs::remove_file(p.path("a.ics"));
        p.run(&["--today", "2018-05-20", "deadlines", "--ics", "a.ics"])
            .ok();
        let ics = p.read("a.ics").replace("\r\n ", "").replace("\r\n", "\n");
        let event = ics
            .split("BEGIN:VEVENT")
            .find(|e| e.contains("UID:deadline-ua-82-18-2@"))
            .unwrap_or_else(|| panic!("no event for the update:\n{ics}"))
            .to_string();
        event
            .lines()
            .find_map(|l| l.strip_prefix("URL:"))
            .map(str::to_string)
    };
    // Its first link is the earlier document's own page: the next one is taken.
    assert_eq!(
        link(&p).as_deref(),
        Some("https://www.amnesty.org/en/documents/eur57/5644/2017/en/")
    );
    // Its only link a page named by the earlier document's id: no link rather than that one.
    let own = "https://www.amnesty.org/en/documents/eur57/8298/2018/en/";
    let only = update
        .replacen(
            &format!("url: {own}"),
            "url: https://example.org/actions/ua-82-18/",
            1,
        )
        .replace(
            "url: https://www.amnesty.org/en/documents/eur57/5644/2017/en/",
            "url: https://example.org/actions/ua-82-18/#report",
        )
        .replace(
            "url: https://www.amnesty.org/en/documents/eur57/8236/2018/en/",
            "url: https://example.org/actions/ua-82-18/#kobylova",
        );
    p.write("appeals/cases/ua-82-18-2.yaml", &only);
    assert_eq!(link(&p), None);
}

/// The supporter alert, decoded (text and HTML parts), for one supporter in each language:
/// the "I" letters, the deadline phrase, the targets and the links as a supporter reads them.
#[test]
fn supporter_alerts_in_every_language() {
    const DECODE: &str = r#"
import email, email.header, email.policy, os, sys
def dec(msg, name):
    # Display names: RFC 2047 decoding of the raw header (email.header drops the whitespace
    # between adjacent encoded-words, as the RFC says; the default policy keeps it inside
    # display names, though not in a Subject).
    raw = email.message_from_bytes(msg.as_bytes(), policy=email.policy.compat32)[name]
    return str(email.header.make_header(email.header.decode_header(raw)))
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    msg = email.message_from_bytes(open(os.path.join(d, name), 'rb').read(), policy=email.policy.default)
    base = os.path.join(sys.argv[2], name[:-4])
    head = 'From: %s\nTo: %s\nSubject: %s\n\n' % (dec(msg, 'From'), dec(msg, 'To'), msg['Subject'])
    open(base + '.txt', 'w').write(head + msg.get_body(preferencelist=('plain',)).get_content())
    open(base + '.html', 'w').write(msg.get_body(preferencelist=('html',)).get_content())
"#;
    let p = Project::sample();
    // Jane gives neither a first name nor an address: a greeting without a name, and the line
    // to fill in; Olga and Aigerim give both. With the site's address, the HTML part has its
    // button to the action page.
    p.write(
        "s.csv",
        "email,name,first_name,language,country,address\n\
         jane@example.net,Jane Doe,,en,US,\n\
         olga@example.net,Ольга Петрова,Ольга,ru,DE,Musterstraße 1 | 10115 Berlin | Германия\n\
         aigerim@example.net,Айгерім Сәрсенова,Айгерім,kk,KZ,\"Абай даңғылы, 10, 25-пәтер | 050000, Алматы қ.\"\n",
    );
    let settings = p.read("appeals/campaign.yaml");
    p.write(
        "appeals/campaign.yaml",
        &format!("{settings}site:\n  base_url: https://example.org/actions/\n"),
    );
    p.run(&[
        "--today",
        "2018-05-20",
        "mail",
        "ua-82-18",
        "--supporters",
        "s.csv",
        "--out",
        "o",
    ])
    .ok();
    std::fs::create_dir_all(p.path("decoded")).unwrap();
    common::python(
        DECODE,
        &[
            p.path("o/ua-82-18/mail").to_str().unwrap(),
            p.path("decoded").to_str().unwrap(),
        ],
    );
    let files = text_files(&p.path("decoded"));
    assert_eq!(files.len(), 6, "{files:?}");
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        // 0000002-en.txt → alert/0000002-en.txt
        golden(
            &format!("ua-82-18/alert/{name}"),
            &std::fs::read_to_string(&file).unwrap(),
        );
    }
}
