//! What a supporter's alert says, by where they live: the case's links for everyone; the
//! request to copy Kazakhstan's diplomats only for supporters outside Kazakhstan, and the mission
//! in their country when the directory has one. Reminders say they are reminders.

mod common;
use common::{Project, python};

const PARSE: &str = r#"
import email, email.policy, json, os, sys
out = {}
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    msg = email.message_from_bytes(open(os.path.join(d, name), 'rb').read(), policy=email.policy.default)
    out[name] = {'text': msg.get_body(preferencelist=('plain',)).get_content(),
                 'html': msg.get_body(preferencelist=('html',)).get_content(),
                 'subject': str(msg['subject'])}
print(json.dumps(out, ensure_ascii=False))
"#;

const DIPLOMATS: [&str; 2] = [
    "Also send copies to the diplomatic representatives of Kazakhstan accredited to your country.",
    "Сондай-ақ көшірмелерін Қазақстанның еліңіздегі дипломатиялық өкілдіктеріне жіберіңіз.",
];

#[test]
fn supporters_in_kazakhstan_are_not_asked_to_copy_its_diplomats_and_all_get_the_links() {
    let p = Project::sample();
    p.write(
        "s.csv",
        "email,name,language,country\n\
         a@example.net,Aigerim,en,KZ\n\
         b@example.net,Asel,kk,kz\n\
         c@example.net,Camille,en,FR\n\
         d@example.net,Dana,en,\n",
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
    let m: serde_json::Value = serde_json::from_str(&python(
        PARSE,
        &[p.path("o/ua-82-18/mail").to_str().unwrap()],
    ))
    .unwrap();
    let body = |line: u32, lang: &str, part: &str| -> String {
        m[format!("{line:07}-{lang}.eml")][part]
            .as_str()
            .unwrap_or_else(|| panic!("no message for line {line}: {m}"))
            .to_string()
    };
    for (line, lang, home) in [
        (2, "en", true),
        (3, "kk", true),
        (4, "en", false),
        (5, "en", false),
    ] {
        for part in ["text", "html"] {
            let b = body(line, lang, part);
            let asked = DIPLOMATS.iter().any(|d| b.contains(d));
            assert_eq!(asked, !home, "line {line} {part}:\n{b}");
            for url in [
                "https://www.amnesty.org/en/documents/eur57/8298/2018/en/",
                "https://www.amnesty.org/en/documents/eur57/5644/2017/en/",
            ] {
                assert!(b.contains(url), "line {line} {part} lacks {url}");
            }
        }
    }
    let text = body(4, "en", "text").replace("\r\n", "\n");
    // The label first, then the address, with no brackets around either (native review).
    assert!(
        text.contains(
            "\n- Urgent Action on Akmaral Kobylova — https://www.amnesty.org/en/documents/eur57/8236/2018/en/\n"
        ),
        "{text}"
    );
    assert!(
        !text.contains("/en/ ("),
        "no bracketed label after a link:\n{text}"
    );
}

/// Every message `appeal <cmd>` wrote to `o/ua-82-18/mail`, read with Python's email package.
fn messages(p: &Project, args: &[&str]) -> serde_json::Value {
    let _ = std::fs::remove_dir_all(p.path("o"));
    p.run(args).ok();
    serde_json::from_str(&python(
        PARSE,
        &[p.path("o/ua-82-18/mail").to_str().unwrap()],
    ))
    .unwrap()
}

/// `s.csv`: one supporter in each language (ru, kk, en), all living in `country`.
fn one_supporter_per_language(p: &Project, country: &str) {
    p.write(
        "s.csv",
        &format!(
            "email,name,language,country\n\
             a@example.net,Ольга,ru,{country}\n\
             b@example.net,Асель,kk,{country}\n\
             c@example.net,Camille,en,{country}\n"
        ),
    );
}

fn part(m: &serde_json::Value, name: &str, part: &str) -> String {
    m[name][part]
        .as_str()
        .unwrap_or_else(|| panic!("no {part} in {name}: {m}"))
        .replace("\r\n", "\n")
}

#[test]
fn a_supporter_abroad_is_given_the_mission_by_name_on_its_own_line_and_its_fax_grouped() {
    let p = Project::sample();
    one_supporter_per_language(&p, "DE");
    let m = messages(
        &p,
        &[
            "--today",
            "2018-05-20",
            "mail",
            "ua-82-18",
            "--supporters",
            "s.csv",
            "--out",
            "o",
        ],
    );
    // Second native review: no mission's name, capitals and all, in the middle of a sentence.
    for (file, lead, name) in [
        (
            "0000002-ru.eml",
            "Также направьте копию в представительство Казахстана в Вашей стране:",
            "Консульский отдел Посольства Республики Казахстан в Федеративной Республике Германия",
        ),
        (
            "0000003-kk.eml",
            "Сондай-ақ көшірмелерін Қазақстанның еліңіздегі өкілдігіне жіберіңіз:",
            "Қазақстан Республикасының Германия Федеративтік Республикасындағы елшілігінің консулдық бөлімі",
        ),
        (
            "0000004-en.eml",
            "Also send a copy to the mission of Kazakhstan in your country:",
            "Embassy of the Republic of Kazakhstan in the Federal Republic of Germany, Consular Section",
        ),
    ] {
        let text = part(&m, file, "text");
        let fax = if file.ends_with("en.eml") {
            "Fax"
        } else {
            "Факс"
        };
        let block =
            format!("{lead}\n{name}\nNordendstraße 14-17\n13156 Berlin\n{fax}: +49 30 47007131\n");
        assert!(text.contains(&block), "{file}: no\n{block}in\n{text}");
        let html = part(&m, file, "html");
        // One compact block: the mission's name in bold, its address a line each.
        assert!(html.contains(&format!("{lead}</p>")), "{file}:\n{html}");
        assert!(
            html.contains(&format!(
                "<strong>{name}</strong><br>Nordendstraße 14-17<br>13156 Berlin<br>"
            )),
            "{file}:\n{html}"
        );
        assert!(
            html.contains(">+49 30 47007131</span></p>"),
            "{file}:\n{html}"
        );
    }
}

#[test]
fn reminders_open_by_saying_how_long_is_left_and_alerts_do_not() {
    let p = Project::sample();
    one_supporter_per_language(&p, "GB");
    let remind = |today: &str| {
        messages(
            &p,
            &[
                "--today",
                today,
                "remind",
                "--supporters",
                "s.csv",
                "--out",
                "o",
            ],
        )
    };
    // UA 82/18 is due before 7 June 2018: on the 6th it is the last day, on the 2nd five are left.
    let last = remind("2018-06-06");
    let five = remind("2018-06-02");
    for (file, on_last, with_five, subject) in [
        (
            "0000002-ru.eml",
            "Напоминаем: сегодня последний день отправки обращений по акции UA 82/18.",
            "Напоминаем: до окончания срока отправки обращений по акции UA 82/18 осталось 5 дней.",
            "Остался последний день: ",
        ),
        (
            "0000003-kk.eml",
            "Еске саламыз: UA 82/18 шұғыл үндеуі бойынша өтініш жіберудің соңғы күні — бүгін.",
            "Еске саламыз: UA 82/18 шұғыл үндеуі бойынша өтініш жіберу мерзімінің аяқталуына 5 күн қалды.",
            "Бүгін — соңғы күн: ",
        ),
        (
            "0000004-en.eml",
            "A reminder: today is the last day to send appeals for UA 82/18.",
            "A reminder: 5 days are left to send appeals for UA 82/18.",
            "Last day to act for Ardak Ashym",
        ),
    ] {
        for (m, intro) in [(&last, on_last), (&five, with_five)] {
            for kind in ["text", "html"] {
                let body = part(m, file, kind);
                assert!(body.contains(intro), "{file} {kind}: no {intro}\n{body}");
            }
        }
        assert!(
            part(&last, file, "subject").starts_with(subject),
            "{file}: {}",
            part(&last, file, "subject")
        );
    }
    // Two days left: the Russian plural agrees («2 дня»).
    let two = remind("2018-06-05");
    assert!(
        part(&two, "0000002-ru.eml", "text").contains("по акции UA 82/18 осталось 2 дня."),
        "{}",
        part(&two, "0000002-ru.eml", "text")
    );
    // The alert itself asks to act, with no reminder.
    let alert = messages(
        &p,
        &[
            "--today",
            "2018-06-02",
            "mail",
            "ua-82-18",
            "--supporters",
            "s.csv",
            "--out",
            "o",
        ],
    );
    let ru = part(&alert, "0000002-ru.eml", "text");
    assert!(
        ru.contains("просит Вас прямо сейчас принять участие в акции UA 82/18."),
        "{ru}"
    );
    assert!(!ru.contains("Напоминаем"), "{ru}");
}

/// Past the deadline, an alert neither calls to act now nor asks to send before a date that has
/// gone: it brings news, and the deadline's note says to check with the organiser. The letters
/// in it, which go to officials, say nothing of the deadline. The Russian request to copy the
/// diplomats capitalises «Вашей», as every «Вы» of a personal letter.
#[test]
fn a_past_deadline_alert_brings_news_and_the_note_instead_of_a_call_to_act() {
    let p = Project::sample();
    one_supporter_per_language(&p, "BR");
    let m = messages(
        &p,
        &[
            "--today",
            "2018-06-20",
            "mail",
            "ua-82-18",
            "--supporters",
            "s.csv",
            "--out",
            "o",
        ],
    );
    for kind in ["text", "html"] {
        let ru = part(&m, "0000002-ru.eml", kind);
        assert!(
            ru.contains("направляет Вам информацию по акции UA 82/18."),
            "{ru}"
        );
        assert!(!ru.contains("прямо сейчас"), "{ru}");
        assert!(!ru.contains("отправьте своё обращение до"), "{ru}");
        assert_eq!(
            ru.matches("нужно было отправить не позднее").count(),
            1,
            "{ru}"
        );
        assert!(
            ru.contains("Также направьте копии в дипломатические представительства Казахстана в Вашей стране."),
            "{ru}"
        );
        let kk = part(&m, "0000003-kk.eml", kind);
        assert!(
            kk.contains("Сізге UA 82/18 шұғыл үндеуі бойынша ақпарат жолдап отыр."),
            "{kk}"
        );
        assert!(!kk.contains("дереу"), "{kk}");
        assert!(!kk.contains("жіберуіңізді сұраймыз"), "{kk}");
        assert_eq!(kk.matches("жіберу керек еді").count(), 1, "{kk}");
        let en = part(&m, "0000004-en.eml", kind);
        assert!(en.contains("writes to you about UA 82/18."), "{en}");
        assert!(!en.contains("act now"), "{en}");
        assert_eq!(en.matches("that deadline has passed").count(), 1, "{en}");
    }
}
