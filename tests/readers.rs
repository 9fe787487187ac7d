//! Outputs checked with real readers: fax PDFs with poppler (pdftotext, pdfinfo, pdffonts),
//! emails with Python's email package, calendars with Python's icalendar.

mod common;
use common::{Project, golden, python};
use std::process::Command;

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name}: {e}; run scripts/setup"));
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn fax_pdfs_extract_to_the_letter_and_count_their_pages() {
    let p = Project::sample();
    p.run(&[
        "--today",
        "2018-05-20",
        "render",
        "ua-82-18",
        "--format",
        "fax",
        "--out",
        "o",
    ])
    .ok();
    for lang in ["en", "ru", "kk"] {
        let pdf = p.path(&format!("o/ua-82-18/{lang}/fax-kz-prosecutor-general.pdf"));
        let pdf = pdf.to_str().unwrap();
        let info = tool("pdfinfo", &[pdf]);
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert!(pages >= 2, "cover + letter");
        assert!(
            info.contains("595.276 x 841.89 pts (A4)") || info.contains("A4"),
            "{info}"
        );
        let text = tool("pdftotext", &["-layout", pdf, "-"]);
        // The cover states the page count including itself, and it is right.
        let stated = text
            .lines()
            .find_map(|l| {
                l.split_whitespace().last().filter(|_| {
                    l.contains(match lang {
                        "en" => "Pages",
                        "ru" => "Количество",
                        _ => "Бет саны",
                    })
                })
            })
            .unwrap_or_else(|| panic!("no page count on the {lang} cover:\n{text}"));
        assert_eq!(stated.parse::<usize>().unwrap(), pages, "{lang}");
        assert!(text.contains("+7 7172 50-64-02"), "{text}");
        // The organisation's own numbers on the cover, grouped as the Kazakh one is.
        assert!(
            text.contains("+44 1632 960000") && text.contains("+44 1632 960001"),
            "{text}"
        );
        golden(
            &format!("ua-82-18/{lang}/fax-kz-prosecutor-general.pdf.txt"),
            &tool("pdftotext", &[pdf, "-"]),
        );
        let fonts = tool("pdffonts", &[pdf]);
        for line in fonts.lines().skip(2) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let n = cols.len();
            assert_eq!(
                &cols[n - 5..n - 3],
                ["yes", "yes"],
                "embedded and subset: {line}"
            );
        }
    }
    let kk = tool(
        "pdftotext",
        &[
            p.path("o/ua-82-18/kk/fax-kz-prosecutor-general.pdf")
                .to_str()
                .unwrap(),
            "-",
        ],
    );
    // The initial stays on its surname's line (a no-break space, extracted as a space of
    // some kind), and never ends a line on its own.
    assert!(
        kk.lines()
            .any(|l| l.contains("Қ.\u{a0}Әбдірахмановқа") || l.contains("Қ. Әбдірахмановқа")),
        "{kk}"
    );
    assert!(!kk.lines().any(|l| l.trim_end().ends_with(" Қ.")), "{kk}");
    for letter in ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'і'] {
        assert!(
            kk.to_lowercase().contains(letter),
            "Kazakh letter {letter} missing from the extracted text"
        );
    }
    let ru = tool(
        "pdftotext",
        &[
            p.path("o/ua-82-18/ru/fax-kz-prosecutor-general.pdf")
                .to_str()
                .unwrap(),
            "-",
        ],
    );
    assert!(ru.contains("ФАКС") && ru.contains("20 мая 2018 г."), "{ru}");
}

#[test]
fn fax_pdfs_are_byte_for_byte_reproducible() {
    let p = Project::sample();
    p.run(&[
        "--today",
        "2018-05-20",
        "render",
        "ua-82-18",
        "--lang",
        "kk",
        "--format",
        "fax",
        "--out",
        "a",
    ])
    .ok();
    p.run(&[
        "--today",
        "2018-05-20",
        "render",
        "ua-82-18",
        "--lang",
        "kk",
        "--format",
        "fax",
        "--out",
        "b",
    ])
    .ok();
    let a = std::fs::read(p.path("a/ua-82-18/kk/fax-kz-prosecutor-general.pdf")).unwrap();
    let b = std::fs::read(p.path("b/ua-82-18/kk/fax-kz-prosecutor-general.pdf")).unwrap();
    assert_eq!(a, b);
}

const PARSE_EML: &str = r#"
import email, email.policy, json, sys
msg = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)
print(json.dumps({
  'from': str(msg['From']), 'to': str(msg['To']), 'cc': str(msg['Cc'] or ''),
  'subject': str(msg['Subject']), 'date': str(msg['Date']), 'message_id': str(msg['Message-ID']),
  'parts': [p.get_content_type() for p in msg.walk()],
  'text': msg.get_body(preferencelist=('plain',)).get_content(),
  'html': msg.get_body(preferencelist=('html',)).get_content(),
  'defects': [str(d) for d in msg.defects],
}, ensure_ascii=False))
"#;

#[test]
fn emails_parse_with_decoded_headers_in_every_language() {
    let p = Project::sample();
    p.run(&[
        "--today",
        "2018-05-20",
        "render",
        "ua-82-18",
        "--format",
        "email",
        "--out",
        "o",
    ])
    .ok();
    for (lang, word) in [
        ("en", "Ardak Ashym"),
        ("ru", "Ардак Ашым"),
        ("kk", "Ардақ Ашым"),
    ] {
        let eml = p.path(&format!("o/ua-82-18/{lang}/email-kz-ombudsman.eml"));
        let m: serde_json::Value =
            serde_json::from_str(&python(PARSE_EML, &[eml.to_str().unwrap()])).unwrap();
        assert_eq!(m["defects"], serde_json::json!([]));
        assert!(m["from"].as_str().unwrap().contains("actions@example.org"));
        let to = m["to"].as_str().unwrap();
        assert!(
            to.contains("ombudsman@ombudsman.kz") && to.contains("ombudsman-kz@mail.ru"),
            "{to}"
        );
        assert!(m["cc"].as_str().unwrap().contains("mfa@mfa.kz"));
        assert_eq!(
            m["parts"],
            serde_json::json!(["multipart/alternative", "text/plain", "text/html"])
        );
        assert!(m["text"].as_str().unwrap().contains(word), "{lang}");
        assert!(m["html"].as_str().unwrap().contains("<html"), "{lang}");
        assert!(
            m["date"].as_str().unwrap().contains("20 May 2018"),
            "{}",
            m["date"]
        );
        let subject = m["subject"].as_str().unwrap();
        assert!(subject.contains("UA 82/18"), "{subject}");
        if lang != "en" {
            assert!(
                subject.chars().any(|c| c as u32 >= 0x400),
                "decoded Cyrillic subject: {subject}"
            );
        }
    }
}

#[test]
fn header_injection_is_impossible() {
    let p = Project::sample();
    // A title with a line break and header syntax, as a careless or hostile edit might leave.
    p.edit(
        "appeals/authorities/kz/ombudsman.yaml",
        "en: Commissioner for Human Rights",
        "en: \"Commissioner\\r\\nBcc: victim@example.com\\r\\nX-Evil: 1 for Human Rights",
    );
    let case = p.read("appeals/cases/ua-82-18.yaml");
    p.write(
        "appeals/cases/ua-82-18.yaml",
        &case.replacen(
            "title:\n  en:",
            "title:\n  en: \"Subject\\r\\nBcc: victim2@example.com\"\n  xx:",
            1,
        ),
    );
    let run = p.run(&[
        "--today",
        "2018-05-20",
        "render",
        "ua-82-18",
        "--lang",
        "en",
        "--format",
        "email",
        "--out",
        "o",
    ]);
    if run.code == 0 {
        let raw = p.read("o/ua-82-18/en/email-kz-ombudsman.eml");
        let head = raw.split("\r\n\r\n").next().unwrap();
        for line in head.lines() {
            assert!(
                !line.starts_with("Bcc:") && !line.starts_with("X-Evil:"),
                "injected header: {line}"
            );
        }
        let m: serde_json::Value = serde_json::from_str(&python(
            PARSE_EML,
            &[p.path("o/ua-82-18/en/email-kz-ombudsman.eml")
                .to_str()
                .unwrap()],
        ))
        .unwrap();
        assert!(!m["to"].as_str().unwrap().contains("victim"));
    } else {
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn a_name_written_as_an_encoded_word_reads_as_written() {
    let p = Project::sample();
    // "=?utf-8?b?…?=" is how a header carries "Админ": as a supporter's name, it is text.
    let spoof = "=?utf-8?b?0JDQtNC80LjQvQ==?=";
    p.write(
        "s.csv",
        &format!("email,name,language\nann@example.org,{spoof},en\n"),
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
    let eml = p.path("o/ua-82-18/mail/0000002-en.eml");
    let m: serde_json::Value =
        serde_json::from_str(&python(PARSE_EML, &[eml.to_str().unwrap()])).unwrap();
    let to = m["to"].as_str().unwrap();
    assert!(to.contains(spoof), "the name was decoded: {to}");
    assert!(!to.contains("Админ"), "{to}");
}

#[test]
fn a_line_break_in_a_subject_stays_out_of_mailto_links() {
    let p = Project::sample();
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "en: Criminal prosecution of Ardak Ashym",
        "en: \"Criminal prosecution\\nof Ardak Ashym\"",
    );
    p.run(&[
        "--today",
        "2018-05-20",
        "site",
        "--no-fax",
        "--out",
        "public",
    ])
    .ok();
    let page = p.read("public/en/ua-82-18/index.html");
    let links: Vec<&str> = page
        .split("href=\"mailto:")
        .skip(1)
        .map(|l| l.split('"').next().unwrap())
        .collect();
    assert!(!links.is_empty());
    for link in links {
        let subject = link
            .split("subject=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap();
        assert!(
            !subject.contains("%0A") && !subject.contains("%0D"),
            "{subject}"
        );
        assert!(
            subject.contains("Criminal%20prosecution%20of%20Ardak"),
            "{subject}"
        );
    }
}

const PARSE_ICS: &str = r#"
import icalendar, json, sys
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = []
for ev in cal.walk('VEVENT'):
    alarms = [a for a in ev.walk('VALARM')]
    out.append({
        'uid': str(ev['UID']), 'summary': str(ev['SUMMARY']), 'description': str(ev['DESCRIPTION']),
        'start': ev.decoded('DTSTART').isoformat(), 'end': ev.decoded('DTEND').isoformat(),
        'url': str(ev.get('URL', '')),
        'alarm': str(alarms[0].decoded('TRIGGER')) if alarms else None,
    })
print(json.dumps(out, ensure_ascii=False))
"#;

#[test]
fn calendar_export_parses_with_stable_uids() {
    let p = Project::sample();
    p.run(&[
        "--today",
        "2018-05-20",
        "deadlines",
        "--ics",
        "a.ics",
        "--lang",
        "ru",
    ])
    .ok();
    p.run(&[
        "--today",
        "2018-05-25",
        "deadlines",
        "--ics",
        "b.ics",
        "--lang",
        "ru",
        "--alarm-days",
        "2",
    ])
    .ok();
    let a: serde_json::Value =
        serde_json::from_str(&python(PARSE_ICS, &[p.path("a.ics").to_str().unwrap()])).unwrap();
    let b: serde_json::Value =
        serde_json::from_str(&python(PARSE_ICS, &[p.path("b.ics").to_str().unwrap()])).unwrap();
    let events = a.as_array().unwrap();
    assert_eq!(events.len(), 1, "only open deadlines: {a}");
    let ev = &events[0];
    assert_eq!(
        ev["start"], "2018-06-06",
        "all day, on the last day to send"
    );
    assert_eq!(ev["end"], "2018-06-07");
    assert!(ev["summary"].as_str().unwrap().contains("UA 82/18"));
    assert!(
        ev["description"]
            .as_str()
            .unwrap()
            .contains("7 июня 2018 г."),
        "{ev}"
    );
    assert!(
        ev["description"].as_str().unwrap().contains("Генеральный"),
        "targets listed: {ev}"
    );
    assert!(ev["url"].as_str().unwrap().starts_with("https://"));
    assert_eq!(ev["alarm"], "-3 days, 0:00:00");
    assert_eq!(b[0]["uid"], ev["uid"], "same case, same UID");
    assert_eq!(b[0]["alarm"], "-2 days, 0:00:00");
}

#[test]
fn a_number_and_its_hyphenated_suffix_are_never_split_across_fax_lines() {
    let p = Project::sample();
    // Eighty "<number>-баптары" between words of different lengths: without the template's
    // no-break rule, some fall at a line's end, break after the hyphen, and pdftotext joins
    // them as "22баптары" (second native review).
    let words = ["және", "пактінің", "бап", "сөз", "құқықтарға", "Қылмыстық"];
    let filler: Vec<String> = (0..80)
        .map(|i| format!("{} {}-баптары", words[i % words.len()], i + 10))
        .collect();
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "  kk: |\n    Әлеуметтік желілерде билік",
        &format!(
            "  kk: |\n    {}.\n\n    Әлеуметтік желілерде билік",
            filler.join(" ")
        ),
    );
    p.run(&[
        "--today",
        "2018-05-20",
        "render",
        "ua-82-18",
        "--lang",
        "kk",
        "--format",
        "fax",
        "--out",
        "o",
    ])
    .ok();
    let pdf = p.path("o/ua-82-18/kk/fax-kz-prosecutor-general.pdf");
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for i in 0..80 {
        let token = format!("{}-баптары", i + 10);
        assert!(joined.contains(&token), "{token} is not whole in:\n{text}");
    }
    assert!(
        !text.lines().any(|l| {
            let l = l.trim_end();
            l.ends_with('-') && l[..l.len() - 1].ends_with(|c: char| c.is_ascii_digit())
        }),
        "a line ends in a number and a hyphen:\n{text}"
    );
}

#[test]
fn a_calendar_is_named_in_its_language() {
    let p = Project::sample();
    for (lang, name, summary) in [
        (
            "en",
            "Urgent action deadlines",
            "Appeals due: UA 82/18, Ardak Ashym",
        ),
        (
            "ru",
            "Срочные акции: сроки отправки обращений",
            "Последний день отправки обращений: UA 82/18, Ардак Ашым",
        ),
        (
            "kk",
            "Шұғыл үндеулердің мерзімдері",
            "Өтініш жіберудің соңғы күні: UA 82/18, Ардақ Ашым",
        ),
    ] {
        let file = format!("{lang}.ics");
        p.run(&[
            "--today",
            "2018-05-20",
            "deadlines",
            "--ics",
            &file,
            "--lang",
            lang,
        ])
        .ok();
        let got: serde_json::Value = serde_json::from_str(&python(
            r#"
import icalendar, json, sys
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
print(json.dumps({'name': str(cal.get('NAME')), 'x-wr': str(cal.get('X-WR-CALNAME')),
                  'summary': [str(e['SUMMARY']) for e in cal.walk('VEVENT')]}, ensure_ascii=False))
"#,
            &[p.path(&file).to_str().unwrap()],
        ))
        .unwrap();
        assert_eq!(got["name"], name, "{lang}: {got}");
        assert_eq!(got["x-wr"], name, "{lang}: {got}");
        assert_eq!(got["summary"][0], summary, "{lang}: {got}");
    }
}
