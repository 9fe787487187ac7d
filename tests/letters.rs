//! Letters ready to sign, on cases and an office written for it from the README
//! (tests/fixtures/letters/: fictional people, a fictional holder): the supporter's name and
//! postal address at the head of their letters (or a line to fill in), never in the journal or
//! a run's output; the alternatives a case gives, one per supporter, the same every time and in
//! every language; the organisation's signatory; the directory's to-do; the alert's HTML part
//! in a real browser; and golden files of it all in en, ru and kk.

mod common;
use common::{Project, golden, repo};
use serde_json::Value;
use std::collections::BTreeMap;

/// A project with the bundled directory, the fixture office kz/aktobe-akim, and only the fixture
/// cases named (no sample case).
fn project(cases: &[&str]) -> Project {
    let p = Project::sample();
    for entry in std::fs::read_dir(p.path("appeals/cases")).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    let fixtures = repo().join("tests/fixtures/letters");
    for case in cases {
        let text = std::fs::read_to_string(fixtures.join(format!("cases/{case}.yaml"))).unwrap();
        p.write(&format!("appeals/cases/{case}.yaml"), &text);
    }
    let office = std::fs::read_to_string(fixtures.join("authorities/kz/aktobe-akim.yaml")).unwrap();
    p.write("appeals/authorities/kz/aktobe-akim.yaml", &office);
    p
}

/// The supporters of every test here: in each language one who gives a first name and a postal
/// address (one of them over two lines inside quotes), and one who gives neither.
const SUPPORTERS: &str = "email,name,first_name,language,country,address\n\
    olga@example.net,Ольга Петрова,Ольга,ru,DE,Musterstraße 1 | 10115 Berlin | Германия\n\
    ivan@example.net,Иван Смирнов,,ru,RU,\n\
    aigerim@example.net,Айгерім Сәрсенова,Айгерім,kk,KZ,\"Абай даңғылы, 10, 25-пәтер\n050000, Алматы қ.\"\n\
    erbol@example.net,Ербол Қасымов,,kk,GB,\n\
    ann@example.net,Ann Example,Ann,en,GB,12 High Street | Leeds LS1 1AA | United Kingdom\n\
    tom@example.net,Tom Example,,en,US,\n";

/// Each supporter: file stem of their message, name, first name, address lines.
const WHO: [(&str, &str, &str, &[&str]); 6] = [
    (
        "0000002-ru",
        "Ольга Петрова",
        "Ольга",
        &["Musterstraße 1", "10115 Berlin", "Германия"],
    ),
    ("0000003-ru", "Иван Смирнов", "", &[]),
    (
        "0000004-kk",
        "Айгерім Сәрсенова",
        "Айгерім",
        &["Абай даңғылы, 10, 25-пәтер", "050000, Алматы қ."],
    ),
    ("0000006-kk", "Ербол Қасымов", "", &[]),
    (
        "0000007-en",
        "Ann Example",
        "Ann",
        &["12 High Street", "Leeds LS1 1AA", "United Kingdom"],
    ),
    ("0000008-en", "Tom Example", "", &[]),
];

/// The subject, text and HTML bodies of every message a dry run wrote under `dir`, by file stem.
fn decoded(dir: &std::path::Path) -> BTreeMap<String, (String, String, String)> {
    const DECODE: &str = r#"
import email, email.policy, json, os, sys
out = {}
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    m = email.message_from_bytes(open(os.path.join(d, name), 'rb').read(), policy=email.policy.default)
    body = lambda kind: m.get_body(preferencelist=(kind,)).get_content().replace('\r\n', '\n')
    out[name[:-4]] = [str(m['Subject']), body('plain'), body('html')]
print(json.dumps(out))
"#;
    let out = common::python(DECODE, &[dir.to_str().unwrap()]);
    serde_json::from_str(&out).unwrap()
}

/// A dry run of `mail CASE` on `today`, every message written under `out`, decoded.
fn mail(
    p: &Project,
    case: &str,
    today: &str,
    out: &str,
) -> BTreeMap<String, (String, String, String)> {
    p.run(&[
        "--today",
        today,
        "mail",
        case,
        "--supporters",
        "s.csv",
        "--out",
        out,
    ])
    .ok();
    decoded(&p.path(&format!("{out}/{case}/mail")))
}

/// The ready letters in an alert's text part, each from under its heading to the next.
fn letters(text: &str) -> Vec<&str> {
    const HEADINGS: [&str; 3] = [
        "A letter ready to send",
        "Готовое письмо",
        "Жіберуге дайын хат",
    ];
    text.split("\n== ")
        .filter(|part| HEADINGS.iter().any(|h| part.starts_with(h)))
        .map(|part| part.split_once(" ==\n\n").map_or("", |(_, l)| l))
        .collect()
}

/// Every letter of a supporter's alert starts with their name and postal address, or with the
/// line to fill in; the alert says once why; the greeting names them by their first name, or
/// no one; the HTML part carries the same letters.
#[test]
fn a_supporters_letter_starts_with_their_name_and_address_or_a_line_to_fill_in() {
    let p = project(&["ua-41-26"]);
    p.write("s.csv", SUPPORTERS);
    let m = mail(&p, "ua-41-26", "2026-10-12", "m");
    assert_eq!(m.len(), 6, "{:?}", m.keys());
    for (stem, name, first, address) in WHO {
        let (_, text, html) = &m[stem];
        let lang = &stem[8..];
        let (placeholder, greeting, why) = match lang {
            "ru" => (
                "[Ваш почтовый адрес]",
                if first.is_empty() {
                    "Здравствуйте!".to_string()
                } else {
                    format!("Здравствуйте, {first}!")
                },
                "Государственные органы Казахстана не рассматривают анонимные обращения",
            ),
            "kk" => (
                "[Пошта мекенжайыңыз]",
                if first.is_empty() {
                    "Сәлеметсіз бе!".to_string()
                } else {
                    format!("Сәлеметсіз бе, {first}!")
                },
                "Қазақстанның мемлекеттік органдары анонимді өтініштерді қарамайды",
            ),
            _ => (
                "[Your postal address]",
                if first.is_empty() {
                    "Dear supporter,".to_string()
                } else {
                    format!("Dear {first},")
                },
                "Kazakh state bodies do not consider anonymous appeals",
            ),
        };
        assert!(
            text.starts_with(&format!("{greeting}\n")),
            "{stem}:\n{text}"
        );
        assert_eq!(text.matches(why).count(), 1, "{stem}:\n{text}");
        let head = if address.is_empty() {
            format!("{name}\n{placeholder}\n\n")
        } else {
            format!("{name}\n{}\n\n", address.join("\n"))
        };
        let found = letters(text);
        assert_eq!(found.len(), 2, "{stem}: two targets:\n{text}");
        for letter in found {
            assert!(letter.starts_with(&head), "{stem}:\n{letter}");
            // Signed with the name, and no organisation signs a supporter's letter.
            assert!(!letter.contains("Смирнова\n\n") && !letter.contains("Anna Smirnova"));
        }
        // The HTML part: the same greeting, and each letter framed, headed the same way.
        let escaped = head.replace('&', "&amp;");
        assert!(html.contains(&greeting), "{stem}:\n{html}");
        assert_eq!(
            html.matches(&format!(">{escaped}")).count(),
            2,
            "{stem}:\n{html}"
        );
        assert!(!html.contains("Qzx"), "no marker left:\n{html}");
    }
}

/// The postal address goes into the messages, and nowhere else: not into the journal, the
/// ledgers, the run's output or the site.
#[test]
fn addresses_never_reach_the_journal_the_output_or_the_site() {
    let sink = common::sink::Sink::start(&[]);
    let p = project(&["ua-41-26"]);
    p.write("s.csv", SUPPORTERS);
    let url = sink.url();
    let sent = p
        .run(&[
            "--today",
            "2026-10-12",
            "mail",
            "ua-41-26",
            "--supporters",
            "s.csv",
            "--send",
            "--smtp",
            &url,
        ])
        .ok();
    // What the sink received: each message's text part.
    std::thread::sleep(std::time::Duration::from_millis(200));
    let all = common::python(
        "import email, email.policy, os, sys\n\
         d = sys.argv[1]\n\
         for n in sorted(os.listdir(d)):\n\
         \x20   m = email.message_from_bytes(open(os.path.join(d, n), 'rb').read(), policy=email.policy.default)\n\
         \x20   print(m.get_body(preferencelist=('plain',)).get_content())\n\
         \x20   print('\\x00')",
        &[sink.dump_path().to_str().unwrap()],
    );
    assert_eq!(all.matches('\u{0}').count(), 6, "six messages");
    let site = p
        .run(&[
            "--today",
            "2026-10-12",
            "site",
            "--out",
            "public",
            "--no-fax",
        ])
        .ok();
    let mut written = vec![
        ("stdout".to_string(), sent.stdout.clone() + &site.stdout),
        ("stderr".to_string(), sent.stderr.clone() + &site.stderr),
    ];
    for dir in [".appeal", "public"] {
        for file in walk(&p.path(dir)) {
            let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
            written.push((file.display().to_string(), text));
        }
    }
    assert!(
        written
            .iter()
            .any(|(f, t)| f.ends_with("journal.tsv") && t.contains("olga@example.net")),
        "the journal records the mailing"
    );
    for line in [
        "Musterstraße 1",
        "10115 Berlin",
        "Абай даңғылы",
        "050000, Алматы",
        "12 High Street",
    ] {
        assert!(all.contains(line), "the message carries `{line}`");
        for (file, text) in &written {
            assert!(!text.contains(line), "`{line}` in {file}");
        }
    }
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// The alternatives of `field` in `lang` in the fixture case, each with its words joined as a
/// letter shows them.
fn alternatives(field: &str, lang: &str) -> Vec<String> {
    let case: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(repo().join("tests/fixtures/letters/cases/ua-41-26.yaml"))
            .unwrap(),
    )
    .unwrap();
    case[field][lang]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| {
            v.as_str()
                .unwrap()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Which alternative of `field` a letter uses; it must use exactly one.
fn which(letter: &str, field: &str, lang: &str) -> usize {
    let found: Vec<usize> = alternatives(field, lang)
        .iter()
        .enumerate()
        .filter(|(_, a)| letter.contains(a.as_str()))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(found.len(), 1, "{field} {lang}: {found:?} in\n{letter}");
    found[0]
}

/// Each supporter's letters take one opening and one concern, chosen from their address: the
/// same in every mailing, whatever the file's order, and the same position in every language;
/// supporters between them get every variant; the organisation and the site use the first.
#[test]
fn each_supporter_gets_one_alternative_the_same_every_time_and_in_every_language() {
    let p = project(&["ua-41-26"]);
    let addresses: Vec<String> = (0..16).map(|i| format!("s{i}@example.org")).collect();
    let file = |lang: &str, order: &[String]| {
        let rows: String = order
            .iter()
            .map(|a| format!("{a},Имя Фамилия,{lang}\n"))
            .collect();
        p.write("s.csv", &format!("email,name,language\n{rows}"));
    };
    let variants = |out: &str, lang: &str| -> BTreeMap<String, (usize, usize)> {
        let m = mail(&p, "ua-41-26", "2026-10-12", out);
        let dir = p.path(&format!("{out}/ua-41-26/mail"));
        m.iter()
            .map(|(stem, (_, text, _))| {
                let line: usize = stem[..7].parse().unwrap();
                let to = std::fs::read_to_string(dir.join(format!("{stem}.eml"))).unwrap();
                let address = addresses
                    .iter()
                    .find(|a| to.contains(&format!("<{a}>")))
                    .unwrap_or_else(|| panic!("line {line}"))
                    .clone();
                let both: Vec<(usize, usize)> = letters(text)
                    .iter()
                    .map(|l| (which(l, "opening", lang), which(l, "concern", lang)))
                    .collect();
                // Both letters of one alert take the same variant.
                assert!(both.windows(2).all(|w| w[0] == w[1]), "{both:?}");
                (address, both[0])
            })
            .collect()
    };
    file("ru", &addresses);
    let first = variants("a", "ru");
    let mut reversed = addresses.clone();
    reversed.reverse();
    file("ru", &reversed);
    assert_eq!(
        variants("b", "ru"),
        first,
        "the same supporter, the same letter"
    );
    file("kk", &addresses);
    assert_eq!(
        variants("c", "kk"),
        first,
        "a translation keeps its position"
    );
    let used: std::collections::BTreeSet<&(usize, usize)> = first.values().collect();
    assert_eq!(used.len(), 4, "every variant is used: {first:?}");
    // The organisation's letters, and the public site's, take the first alternatives.
    p.run(&[
        "--today",
        "2026-10-12",
        "render",
        "ua-41-26",
        "--format",
        "letter",
        "--out",
        "o",
    ])
    .ok();
    p.run(&[
        "--today",
        "2026-10-12",
        "site",
        "--out",
        "public",
        "--no-fax",
    ])
    .ok();
    for lang in ["en", "ru", "kk"] {
        for letter in [
            p.read(&format!("o/ua-41-26/{lang}/letter-kz-aktobe-akim.txt")),
            p.read(&format!("public/{lang}/ua-41-26/letter-kz-aktobe-akim.txt")),
        ] {
            assert_eq!(which(&letter, "opening", lang), 0, "{letter}");
            assert_eq!(which(&letter, "concern", lang), 0, "{letter}");
        }
    }
}

/// Lists of alternatives of unequal length, or with an empty one, are errors at their place.
#[test]
fn check_reports_lists_of_unequal_length_and_empty_alternatives() {
    let p = project(&["ua-41-26"]);
    let file = "appeals/cases/ua-41-26.yaml";
    let text = p.read(file);
    let kk_second = text
        .find("    - Қазақстан сөз бостандығын")
        .expect("the second kk concern");
    let end = text[kk_second..].find("\nsummary:").unwrap() + kk_second;
    p.write(file, &format!("{}{}", &text[..kk_second], &text[end + 1..]));
    p.edit(
        file,
        "    - The case of Aigul Nurpeisova, a journalist held in Aktobe, gives cause for serious concern.",
        "    - \"\"",
    );
    let run = p.run(&["--today", "2026-10-12", "check"]).fails_with(1);
    let err = |needle: &str| {
        run.stderr
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no `{needle}` in\n{}", run.stderr))
            .to_string()
    };
    let unequal = err("alternatives: give each language as many");
    assert!(
        unequal.contains("`concern` has 2 in en, 2 in ru, 1 in kk alternatives"),
        "{unequal}"
    );
    let at = text[..text.find("  kk:\n    - Адамдардың").unwrap()]
        .lines()
        .count()
        + 1;
    assert!(
        unequal.starts_with(&format!("appeals/cases/ua-41-26.yaml:{at}:")),
        "{unequal}"
    );
    let empty = err("alternative 2 of `opening.en` is empty");
    assert!(
        empty.contains(": error: [ua-41-26]") || empty.contains(": error:"),
        "{empty}"
    );
}

/// A text of alternatives goes to the translator one entry per alternative and paragraph, and
/// comes back as a list in the language that had none, each alternative tracked on its own.
#[test]
fn list_texts_go_out_and_come_back_through_po_files() {
    let p = project(&["ua-41-26"]);
    let file = "appeals/cases/ua-41-26.yaml";
    let text = p.read(file);
    // No Kazakh concern yet.
    let kk = text.find("  kk:\n    - Адамдардың").unwrap();
    let end = text[kk..].find("\nsummary:").unwrap() + kk;
    p.write(file, &format!("{}{}", &text[..kk], &text[end + 1..]));
    p.run(&[
        "translations",
        "ua-41-26",
        "--export",
        "--lang",
        "kk",
        "--out",
        "kk.po",
    ])
    .ok();
    let po = p.read("kk.po");
    if common::have("msgfmt") {
        let check = std::process::Command::new("msgfmt")
            .args(["--check", "-o", "/dev/null"])
            .arg(p.path("kk.po"))
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
    for ctx in ["opening.0/1", "opening.1/1", "concern.0/1", "concern.1/1"] {
        assert!(po.contains(&format!("msgctxt \"{ctx}\"")), "{ctx}:\n{po}");
    }
    // The translator fills in the two concerns.
    let filled = ["Бірінші алаңдаушылық.", "Екінші алаңдаушылық."];
    let mut out = String::new();
    let mut fill: Option<&str> = None;
    for line in po.lines() {
        match line {
            "msgctxt \"concern.0/1\"" => fill = Some(filled[0]),
            "msgctxt \"concern.1/1\"" => fill = Some(filled[1]),
            _ => {}
        }
        if line == "msgstr \"\""
            && let Some(text) = fill.take()
        {
            out.push_str(&format!("msgstr \"{text}\"\n"));
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    p.write("kk.po", &out);
    let run = p
        .run(&["translations", "ua-41-26", "--import", "kk.po"])
        .ok();
    assert!(run.stdout.contains("imported"), "{}", run.stdout);
    let case: serde_yaml::Value = serde_yaml::from_str(&p.read(file)).unwrap();
    assert_eq!(
        case["concern"]["kk"],
        serde_yaml::to_value(filled).unwrap(),
        "{}",
        p.read(file)
    );
    for field in ["concern.0", "concern.1"] {
        assert!(
            case["translated_from"]["kk"][field]
                .as_str()
                .is_some_and(|f| f.len() == 12),
            "{field}: {:?}",
            case["translated_from"]
        );
    }
    let status: Value =
        serde_json::from_str(&p.run(&["translations", "ua-41-26", "--json"]).ok().stdout).unwrap();
    let state = |field: &str| {
        status[0]["texts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["lang"] == "kk" && t["field"] == field)
            .map(|t| t["state"].as_str().unwrap().to_string())
    };
    assert_eq!(state("concern.0").as_deref(), Some("current"));
    assert_eq!(state("concern.1").as_deref(), Some("current"));
    p.run(&["--today", "2026-10-12", "check"]).ok();
}

/// The organisation's letters, emails and faxes end with the signatory's position and name
/// under the closing formula; without a signatory `check` says so once, and letters end with
/// the organisation's name.
#[test]
fn organisation_letters_emails_and_faxes_end_with_the_signatory() {
    let p = project(&["ua-44-26"]);
    p.run(&["--today", "2026-10-12", "render", "ua-44-26", "--out", "o"])
        .ok();
    for (lang, closing, position, name) in [
        (
            "en",
            "Yours sincerely,",
            "Campaigns Coordinator",
            "Anna Smirnova",
        ),
        (
            "ru",
            "С уважением,",
            "Координатор кампаний",
            "А. С. Смирнова",
        ),
        (
            "kk",
            "Құрметпен,",
            "Науқандар үйлестірушісі",
            "А. С. Смирнова",
        ),
    ] {
        let signed = format!("{closing}\n\n{position}\n{name}\n");
        let letter = p.read(&format!(
            "o/ua-44-26/{lang}/letter-kz-interior-minister.txt"
        ));
        assert!(letter.contains(&signed), "{lang}:\n{letter}");
        let html = p.read(&format!(
            "o/ua-44-26/{lang}/letter-kz-interior-minister.html"
        ));
        assert!(
            html.contains(&format!("<p>{position}<br>{name}</p>")),
            "{lang}:\n{html}"
        );
        let email = common::python(
            "import email, email.policy, sys\nm = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)\nprint(m.get_body(preferencelist=('plain',)).get_content().replace('\\r\\n', '\\n'))",
            &[
                p.path(&format!("o/ua-44-26/{lang}/email-kz-interior-minister.eml"))
                    .to_str()
                    .unwrap(),
            ],
        );
        assert!(email.contains(&signed), "{lang}:\n{email}");
        if common::have("pdftotext") {
            let pdf = p.path(&format!("o/ua-44-26/{lang}/fax-kz-prosecutor-general.pdf"));
            let out = std::process::Command::new("pdftotext")
                .args([pdf.to_str().unwrap(), "-"])
                .output()
                .unwrap();
            let fax = String::from_utf8_lossy(&out.stdout);
            let after = fax.split(closing).nth(1).unwrap_or_else(|| panic!("{fax}"));
            let p_at = after
                .find(position)
                .unwrap_or_else(|| panic!("{lang}: {fax}"));
            assert!(p_at < after.find(name).unwrap(), "{lang}: {fax}");
        }
    }
    // Without a signatory: one warning, and the letters end with the organisation's name.
    let settings = p.read("appeals/campaign.yaml");
    let start = settings.find("# Who signs").unwrap();
    let end = settings.find("default_language:").unwrap();
    p.write(
        "appeals/campaign.yaml",
        &format!("{}{}", &settings[..start], &settings[end..]),
    );
    let run = p.run(&["--today", "2026-10-12", "check"]).ok();
    assert_eq!(
        run.stderr.matches("no `signatory`").count(),
        1,
        "{}",
        run.stderr
    );
    p.run(&[
        "--today",
        "2026-10-12",
        "render",
        "ua-44-26",
        "--format",
        "letter",
        "--out",
        "u",
    ])
    .ok();
    let letter = p.read("u/ua-44-26/ru/letter-kz-interior-minister.txt");
    assert!(
        letter.contains("С уважением,\n\nСеть обращений по Казахстану (образец)\n"),
        "{letter}"
    );
}

/// What the directory lacks (a spelling, a second initial, a postcode) is listed once by
/// `check` and by `who`, at its place in the file; `render` does not warn about it.
#[test]
fn the_directory_todo_is_listed_once_by_check_and_who_and_not_by_render() {
    let p = project(&["ua-41-26"]);
    let office = "appeals/authorities/kz/aktobe-akim.yaml";
    p.edit(office, "      kk: Ерлан Жұмабаев\n", "");
    p.edit(
        office,
        "    patronymic:\n      ru: Серикович\n      kk: Серікұлы\n",
        "",
    );
    p.edit(
        office,
        "    initials:\n      ru: Е. С.\n      kk: Е. С.\n",
        "",
    );
    p.edit(office, "    - 030020, Ақтөбе қ.\n", "    - Ақтөбе қ.\n");
    let wanted = [
        "kz/aktobe-akim: the kk postal address has no postcode and city line",
        "kz/aktobe-akim: Yerlan Zhumabayev has no kk spelling (Kazakh letters use the Russian spelling)",
        "kz/aktobe-akim: Yerlan Zhumabayev is named by one initial («Е. Жумабаевқа», «Е. Жумабаеву»)",
    ];
    let check = p.run(&["--today", "2026-10-12", "check"]).ok();
    let who = p
        .run(&["--today", "2026-10-12", "who", "--role", "kz/aktobe-akim"])
        .ok();
    for out in [&check.stdout, &who.stdout] {
        for item in wanted {
            let lines: Vec<&str> = out.lines().filter(|l| l.contains(item)).collect();
            assert_eq!(lines.len(), 1, "{item}:\n{out}");
            assert!(
                lines[0]
                    .trim_start()
                    .starts_with("appeals/authorities/kz/aktobe-akim.yaml:"),
                "{}",
                lines[0]
            );
        }
    }
    // `who --role` lists that office's items alone.
    assert!(
        !who.stdout.contains("kz/foreign-minister:"),
        "{}",
        who.stdout
    );
    let render = p
        .run(&[
            "--today",
            "2026-10-12",
            "render",
            "ua-41-26",
            "--lang",
            "kk",
            "--out",
            "o",
        ])
        .ok();
    assert!(!render.stderr.contains("spelling"), "{}", render.stderr);
    assert!(!render.stdout.contains("to do"), "{}", render.stdout);
    assert!(
        p.read("o/ua-41-26/kk/letter-kz-aktobe-akim.txt")
            .contains("Е.\u{a0}Жумабаевқа"),
        "the letter still goes out, in the form the to-do names"
    );
}

/// The alert's HTML part in Debian's chromium: no horizontal scrolling at 360 px or 700 px, one
/// button (to the case's action page), each letter in its frame, nothing loaded from elsewhere;
/// the screenshots are kept under target/alert-screenshots/ to be looked at.
#[test]
fn the_alert_reads_at_360_and_700_px_in_a_real_browser() {
    let modules = repo().join(".ci/node_modules");
    if !common::have("chromium") || !modules.join("puppeteer-core").is_dir() {
        eprintln!(
            "SKIPPED the browser test: chromium or .ci/node_modules/puppeteer-core is missing; run scripts/setup"
        );
        return;
    }
    let p = project(&["ua-41-26", "ua-44-26", "ua-44-26-close"]);
    p.write("s.csv", SUPPORTERS);
    let settings = p.read("appeals/campaign.yaml");
    p.write(
        "appeals/campaign.yaml",
        &format!("{settings}site:\n  base_url: https://example.org/actions/\n"),
    );
    let shots = repo().join("target/alert-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let mut pages = Vec::new();
    for (case, today) in [
        ("ua-41-26", "2026-10-12"),
        ("ua-44-26", "2026-10-16"),
        ("ua-44-26-close", "2026-10-25"),
    ] {
        for (stem, (_, _, html)) in mail(&p, case, today, &format!("m-{case}")) {
            let file = p.path(&format!("{case}-{stem}.html"));
            std::fs::write(&file, html).unwrap();
            pages.push(serde_json::json!({
                "file": file,
                "name": format!("{case}-{stem}"),
                "button": format!("https://example.org/actions/{}/{case}/", &stem[8..]),
            }));
        }
    }
    let config = serde_json::json!({"pages": pages, "shots": shots});
    let out = std::process::Command::new("node")
        .env("NODE_PATH", &modules)
        .arg(repo().join("tests/letters/alert_browser.js"))
        .arg(config.to_string())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "alert_browser.js failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: Value = serde_json::from_slice(&out.stdout).unwrap();
    let seen = seen.as_array().unwrap();
    assert_eq!(seen.len(), pages.len() * 2);
    for s in seen {
        let what = format!("{} at {} px", s["name"], s["width"]);
        assert!(
            s["scrollWidth"].as_u64().unwrap() <= s["width"].as_u64().unwrap(),
            "{what}: {s}"
        );
        assert_eq!(s["offsite"], serde_json::json!([]), "{what}: {s}");
        assert_eq!(s["buttons"].as_array().unwrap().len(), 1, "{what}: {s}");
        assert_eq!(s["buttons"][0], s["button"], "{what}: {s}");
        // The button reads as one: filled, white on blue, at least 40 px high.
        assert!(s["buttonHeight"].as_f64().unwrap() >= 40.0, "{what}: {s}");
        let outcome = s["name"].as_str().unwrap().contains("close");
        let framed = s["letters"].as_u64().unwrap();
        assert_eq!(framed, if outcome { 0 } else { 2 }, "{what}: {s}");
        if !outcome {
            // Each letter in a frame no wider than the page, its lines wrapped.
            assert!(s["letterFits"].as_bool().unwrap(), "{what}: {s}");
        }
        // Address blocks are compact: one paragraph each, its lines a line apart.
        assert!(
            s["targetBlocks"].as_u64().unwrap() >= if outcome { 0 } else { 2 },
            "{what}: {s}"
        );
        assert!(std::path::Path::new(s["shot"].as_str().unwrap()).is_file());
    }
}

/// Golden files of the cases written for this issue, in every language: the organisation's
/// letters (one addressed by name and patronymic, one to an office whose holder is unattested),
/// supporters' alerts with and without an address (text, and HTML once), the alert of an appeal
/// past its deadline, and a closure's UA, alert and site page.
/// `SNAPSHOTS=overwrite cargo test --test letters golden` rewrites them.
#[test]
fn golden_letters_and_alerts_of_new_cases_in_every_language() {
    let p = project(&["ua-41-26", "ua-44-26", "ua-44-26-close"]);
    p.write("s.csv", SUPPORTERS);
    let settings = p.read("appeals/campaign.yaml");
    p.write(
        "appeals/campaign.yaml",
        &format!("{settings}site:\n  base_url: https://example.org/actions/\n"),
    );
    p.run(&[
        "--today",
        "2026-10-12",
        "render",
        "ua-41-26",
        "--format",
        "letter",
        "--out",
        "o",
    ])
    .ok();
    p.run(&[
        "--today",
        "2026-10-12",
        "render",
        "ua-44-26",
        "--format",
        "letter",
        "--out",
        "o",
    ])
    .ok();
    p.run(&[
        "--today",
        "2026-10-25",
        "render",
        "ua-44-26-close",
        "--out",
        "o",
    ])
    .ok();
    p.run(&[
        "--today",
        "2026-10-25",
        "site",
        "--out",
        "public",
        "--no-fax",
    ])
    .ok();
    let open = mail(&p, "ua-41-26", "2026-10-12", "m1");
    let past = mail(&p, "ua-44-26", "2026-10-16", "m2");
    let closed = mail(&p, "ua-44-26-close", "2026-10-25", "m3");
    let text = |m: &(String, String, String)| format!("Subject: {}\n\n{}", m.0, m.1);
    for (lang, with, without) in [
        ("en", "0000007-en", "0000008-en"),
        ("ru", "0000002-ru", "0000003-ru"),
        ("kk", "0000004-kk", "0000006-kk"),
    ] {
        for (case, target) in [
            ("ua-41-26", "kz-aktobe-akim"),
            ("ua-41-26", "kz-prosecutor-general"),
            ("ua-44-26", "kz-interior-minister"),
        ] {
            let name = format!("letter-{target}.txt");
            golden(
                &format!("letters/{case}/{lang}/{name}"),
                &p.read(&format!("o/{case}/{lang}/{name}")),
            );
        }
        golden(
            &format!("letters/ua-41-26/{lang}/alert-with-address.txt"),
            &text(&open[with]),
        );
        golden(
            &format!("letters/ua-41-26/{lang}/alert-with-address.html"),
            &open[with].2,
        );
        golden(
            &format!("letters/ua-41-26/{lang}/alert-without-address.txt"),
            &text(&open[without]),
        );
        golden(
            &format!("letters/ua-44-26/{lang}/alert-past-deadline.txt"),
            &text(&past[without]),
        );
        golden(
            &format!("letters/ua-44-26-close/{lang}/ua.txt"),
            &p.read(&format!("o/ua-44-26-close/{lang}/ua.txt")),
        );
        golden(
            &format!("letters/ua-44-26-close/{lang}/alert.txt"),
            &text(&closed[with]),
        );
        golden(
            &format!("letters/ua-44-26-close/{lang}/site.html"),
            &p.read(&format!("public/{lang}/ua-44-26-close/index.html")),
        );
    }
}

/// A case with one ask, one addressee and one copy (tests/fixtures/letters/cases/ua-45-26.yaml),
/// in every language: the single ask reads inside its sentence, never as a list numbered "1)",
/// in the UA (open and past its deadline), the organisation's letter, the supporter's alert and
/// the action page; Kazakh headings speak of one address. Golden files of it all.
/// `SNAPSHOTS=overwrite cargo test --test letters golden` rewrites them.
#[test]
fn golden_one_ask_one_addressee_and_one_copy_in_every_language() {
    let p = project(&["ua-45-26"]);
    p.write("s.csv", SUPPORTERS);
    let settings = p.read("appeals/campaign.yaml");
    p.write(
        "appeals/campaign.yaml",
        &format!("{settings}site:\n  base_url: https://example.org/actions/\n"),
    );
    p.run(&["--today", "2026-10-12", "render", "ua-45-26", "--out", "o"])
        .ok();
    p.run(&[
        "--today",
        "2026-11-05",
        "render",
        "ua-45-26",
        "--format",
        "ua",
        "--out",
        "past",
    ])
    .ok();
    p.run(&[
        "--today",
        "2026-10-12",
        "site",
        "--out",
        "public",
        "--no-fax",
    ])
    .ok();
    let open = mail(&p, "ua-45-26", "2026-10-12", "m");
    let text = |m: &(String, String, String)| format!("Subject: {}\n\n{}", m.0, m.1);
    // The ask's sentence, by language, as each output must carry it (the alert's letter too).
    let sentences = [
        (
            "en",
            "0000007-en",
            [
                "Please write immediately in Kazakh, Russian or your own language, asking the authorities to release Daniyar Seitkali immediately and unconditionally and drop the charge against him.",
                "We respectfully ask you to release Daniyar Seitkali",
                "Ask the authorities to release Daniyar Seitkali",
                "I respectfully ask you to release Daniyar Seitkali",
            ],
        ),
        (
            "ru",
            "0000002-ru",
            [
                "Пожалуйста, срочно напишите властям на казахском, русском или своём родном языке и призовите их немедленно и безоговорочно освободить Данияра Сейткали и снять с него обвинение.",
                "Убедительно просим Вас немедленно и безоговорочно освободить",
                "Призовите власти немедленно и безоговорочно освободить",
                "Убедительно прошу Вас немедленно и безоговорочно освободить",
            ],
        ),
        (
            "kk",
            "0000004-kk",
            [
                "олардан мынаны сұраңыз: Данияр Сейтқалиды дереу әрі ешқандай шартсыз босатып, оған тағылған айыпты алып тастау.",
                "Сізден мынаны өтіне сұраймыз: Данияр Сейтқалиды",
                "Билік органдарынан мынаны сұраңыз: Данияр Сейтқалиды",
                "Сізден мынаны өтіне сұраймын: Данияр Сейтқалиды",
            ],
        ),
    ];
    for (lang, supporter, [write, letter, heading, own]) in sentences {
        let ua = p.read(&format!("o/ua-45-26/{lang}/ua.txt"));
        let ua_html = p.read(&format!("o/ua-45-26/{lang}/ua.html"));
        let past = p.read(&format!("past/ua-45-26/{lang}/ua.txt"));
        let org = p.read(&format!(
            "o/ua-45-26/{lang}/letter-kz-prosecutor-general.txt"
        ));
        let org_html = p.read(&format!(
            "o/ua-45-26/{lang}/letter-kz-prosecutor-general.html"
        ));
        let site = p.read(&format!("public/{lang}/ua-45-26/index.html"));
        let alert = &open[supporter];
        assert!(
            ua.contains(write) && ua_html.contains(write),
            "{lang}:\n{ua}"
        );
        assert!(past.contains(heading), "{lang}:\n{past}");
        assert!(
            org.contains(letter) && org_html.contains(letter),
            "{lang}:\n{org}"
        );
        assert!(
            alert.1.contains(heading) && alert.1.contains(own),
            "{lang}:\n{}",
            alert.1
        );
        assert!(
            alert.2.contains(heading) && site.contains(heading),
            "{lang}:\n{site}"
        );
        for (what, out) in [
            ("ua.txt", &ua),
            ("ua.html", &ua_html),
            ("past ua.txt", &past),
            ("letter", &org),
            ("letter.html", &org_html),
            ("alert", &alert.1),
            ("alert.html", &alert.2),
        ] {
            assert!(
                !out.contains("1) ") && !out.contains("1)&nbsp;"),
                "{lang} {what} numbers its one ask:\n{out}"
            );
            assert!(
                !out.contains("<ol class=\"asks\""),
                "{lang} {what}: a list of one"
            );
        }
        assert!(
            !site.contains("<ol class=\"asks\""),
            "{lang} site: a list of one"
        );
        golden(&format!("letters/ua-45-26/{lang}/ua.txt"), &ua);
        golden(&format!("letters/ua-45-26/{lang}/ua.html"), &ua_html);
        golden(
            &format!("letters/ua-45-26/{lang}/ua-past-deadline.txt"),
            &past,
        );
        golden(
            &format!("letters/ua-45-26/{lang}/letter-kz-prosecutor-general.txt"),
            &org,
        );
        golden(
            &format!("letters/ua-45-26/{lang}/letter-kz-prosecutor-general.html"),
            &org_html,
        );
        golden(&format!("letters/ua-45-26/{lang}/alert.txt"), &text(alert));
        golden(&format!("letters/ua-45-26/{lang}/alert.html"), &alert.2);
        golden(&format!("letters/ua-45-26/{lang}/site.html"), &site);
    }
    // Kazakh headings over one address speak of one address.
    let kk = p.read("o/ua-45-26/kk/ua.txt");
    assert!(
        kk.contains("(жіберудің соңғы күні — 2026 жылғы 1 қараша) мына мекенжайға жіберіңіз:"),
        "{kk}"
    );
    assert!(
        kk.contains("Көшірмелерін мына мекенжайға жіберіңіз:"),
        "{kk}"
    );
}
