//! Supporter alerts without a server: the dry run's summary and written messages, and the
//! compiled fast path giving the same text as a full render.

mod common;
use common::{Project, python};

const PARSE: &str = r#"
import email, email.policy, json, os, sys
out = {}
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    msg = email.message_from_bytes(open(os.path.join(d, name), 'rb').read(), policy=email.policy.default)
    out[name] = {'to': str(msg['To']), 'subject': str(msg['Subject']),
                 'text': msg.get_body(preferencelist=('plain',)).get_content(),
                 'html': msg.get_body(preferencelist=('html',)).get_content()}
print(json.dumps(out, ensure_ascii=False))
"#;

fn dry_run(p: &Project) -> serde_json::Value {
    p.write(
        "s.csv",
        "email,name,language,country,city\n\
         a@example.net,Ольга Петрова,ru,DE,Berlin\n\
         b@example.net,\"Zoë O'Brien & Co\",en,GB,<London>\n\
         c@example.net,Айгерім Сәрсенова,kk,,Алматы\n",
    );
    let run = p
        .run(&[
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
    assert!(
        run.stdout
            .contains("3 message(s) (en 1, kk 1, ru 1), dry run"),
        "{}",
        run.stdout
    );
    serde_json::from_str(&python(
        PARSE,
        &[p.path("o/ua-82-18/mail").to_str().unwrap()],
    ))
    .unwrap()
}

#[test]
fn each_supporter_gets_their_own_name_escaped_and_encoded_right() {
    let p = Project::sample();
    let m = dry_run(&p);
    let ru = &m["0000002-ru.eml"];
    assert!(
        ru["text"].as_str().unwrap().contains("Ольга Петрова"),
        "{}",
        ru["text"]
    );
    assert!(
        ru["text"].as_str().unwrap().contains("Berlin")
            || ru["text"].as_str().unwrap().contains("Nordendstra"),
        "German embassy for DE"
    );
    // A Russian letter is too long for a link every mail program opens whole: the link
    // carries the addresses and subject, and the supporter copies the letter shown above it.
    assert!(
        ru["html"]
            .as_str()
            .unwrap()
            .contains("а затем вставить в письмо текст, приведённый выше"),
        "{}",
        ru["html"]
    );
    let en = &m["0000003-en.eml"];
    assert!(en["text"].as_str().unwrap().contains("Zoë O'Brien & Co"));
    assert!(
        en["html"]
            .as_str()
            .unwrap()
            .contains("Zoë O&#39;Brien &amp; Co"),
        "{}",
        en["html"]
    );
    assert!(
        !en["html"].as_str().unwrap().contains("O'Brien & Co"),
        "unescaped name in HTML"
    );
    let kk = &m["0000004-kk.eml"];
    assert!(kk["to"].as_str().unwrap().contains("Айгерім Сәрсенова"));
    assert!(
        !kk["text"].as_str().unwrap().contains("Qzx"),
        "no marker left behind"
    );
}

#[test]
fn templates_that_transform_supporter_fields_still_render_right() {
    // `upper` cannot be reproduced by substitution: the group falls back to full renders.
    let p = Project::sample();
    p.edit(
        "templates/alert.txt",
        "{{ t(key=\"alert-greeting\", name=supporter.first_name, named=supporter.named) }}",
        "{{ t(key=\"alert-greeting\", name=supporter.name | upper, named=\"yes\") }} {{ supporter.extra.city }}",
    );
    let m = dry_run(&p);
    assert!(
        m["0000002-ru.eml"]["text"]
            .as_str()
            .unwrap()
            .contains("ОЛЬГА ПЕТРОВА! Berlin"),
        "{}",
        m["0000002-ru.eml"]["text"]
    );
    assert!(
        m["0000003-en.eml"]["text"]
            .as_str()
            .unwrap()
            .contains("ZOË O'BRIEN & CO, <London>")
    );
}

#[test]
fn out_dash_streams_an_mbox_that_a_real_reader_opens() {
    let p = Project::sample();
    p.write("s.csv", "email,name,language\na@example.net,Ольга,ru\nb@example.net,Ann,en\nc@example.net,Әсел,kk\n");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_appeal"))
        .env("APPEAL_TOKEN_SECRET", common::TOKEN_SECRET)
        .args([
            "--root",
            p.root().to_str().unwrap(),
            "--today",
            "2018-05-20",
            "mail",
            "ua-82-18",
            "--supporters",
        ])
        .arg(p.path("s.csv"))
        .args(["--out", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    std::fs::write(p.path("all.mbox"), &out.stdout).unwrap();
    let summary = python(
        "import mailbox, sys\nfor m in mailbox.mbox(sys.argv[1]): print(m['To'])",
        &[p.path("all.mbox").to_str().unwrap()],
    );
    assert_eq!(summary.lines().count(), 3, "{summary}");
    assert!(summary.contains("a@example.net") && summary.contains("c@example.net"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("written: 3 to standard output (mbox)"));
}

#[test]
fn hostile_csv_rows_are_cut_escaped_and_summarised() {
    let p = Project::sample();
    let mut csv = String::from("email,name,language\r\n");
    csv.push_str("ok1@example.net,One,en\r\n");
    for i in 0..30 {
        // An escape sequence that would clear the screen if echoed raw.
        csv.push_str(&format!("bad{i}\u{1b}[2J{},B,en\r\n", "x".repeat(3000)));
    }
    csv.push_str(&format!(
        "long@example.net,\"{}\",en\r\n",
        "y".repeat(1 << 20)
    ));
    csv.push_str("ok2@example.net,Two,en\r\n");
    p.write("s.csv", &csv);
    let run = p
        .run(&[
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
    let out = &run.stdout;
    assert!(out.contains("2 message(s) (en 2), dry run"), "{out}");
    assert!(out.contains("skipped rows: 31"), "{out}");
    // CRLF line ends: the numbers are the editor's.
    assert!(out.contains("s.csv:3: `bad0\\u{1b}[2Jxxx"), "{out}");
    assert!(
        out.contains("s.csv:33: the row is longer than 64 KiB"),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "raw escape echoed");
    // 20 listed, the rest counted; the text is cut.
    assert_eq!(
        out.matches("is not a valid email address").count(),
        21,
        "{out}"
    );
    assert!(out.contains("… and 10 more row(s) of this kind"), "{out}");
    assert!(out.len() < 10_000, "{} bytes printed", out.len());
    let mut names: Vec<String> = std::fs::read_dir(p.path("o/ua-82-18/mail"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["0000002-en.eml", "0000034-en.eml"]);
}

/// Letters the organisation sends speak as "we"; the letter a supporter sends from the alert
/// speaks as "I", in every language.
#[test]
fn the_organisation_writes_as_we_and_a_supporter_as_i() {
    let p = Project::sample();
    let m = dry_run(&p);
    let alert = |file: &str| m[file]["text"].as_str().unwrap().to_string();
    assert!(alert("0000002-ru.eml").contains("Обращаюсь к Вам"));
    assert!(alert("0000002-ru.eml").contains("Убедительно прошу Вас:"));
    assert!(alert("0000004-kk.eml").contains("жүгініп отырмын"));
    assert!(alert("0000004-kk.eml").contains("Сізден мыналарды өтіне сұраймын:"));
    assert!(alert("0000003-en.eml").contains("I respectfully ask you to:"));
    p.run(&[
        "--today",
        "2018-05-20",
        "render",
        "ua-82-18",
        "--format",
        "letter",
        "--out",
        "org",
    ])
    .ok();
    let letter = |lang: &str| {
        p.read(&format!(
            "org/ua-82-18/{lang}/letter-kz-prosecutor-general.txt"
        ))
    };
    assert!(letter("ru").contains("Обращаемся к Вам"));
    assert!(letter("ru").contains("Убедительно просим Вас:"));
    assert!(letter("kk").contains("жүгініп отырмыз"));
    assert!(letter("kk").contains("Сізден мыналарды өтіне сұраймыз:"));
    assert!(letter("en").contains("We respectfully ask you to:"));
    for lang in ["ru", "kk", "en"] {
        assert!(!letter(lang).contains("Обращаюсь") && !letter(lang).contains("отырмын"));
    }
}

/// The prisoner-of-conscience sentence, where a case asks for it, in each voice: Kazakh says
/// "Біз … деп санаймыз" / "Мен … деп санаймын" (native review), Russian "Мы считаем" / "Я считаю".
#[test]
fn the_prisoner_of_conscience_sentence_in_each_voice() {
    let p = Project::sample();
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "prisoner_of_conscience: false",
        "prisoner_of_conscience: true",
    );
    let m = dry_run(&p);
    let alert = |file: &str| m[file]["text"].as_str().unwrap().to_string();
    assert!(
        alert("0000004-kk.eml").contains(
            "Мен Ардақ Ашымды ар-ождан тұтқыны деп санаймын: ол адам құқықтарын бейбіт жолмен жүзеге асырғаны үшін ғана қудалауға ұшырап отыр."
        ),
        "{}",
        alert("0000004-kk.eml")
    );
    assert!(alert("0000002-ru.eml").contains("Я считаю, что Ардак Ашым — узница совести"));
    p.run(&[
        "--today",
        "2018-05-20",
        "render",
        "ua-82-18",
        "--format",
        "letter",
        "--out",
        "org",
    ])
    .ok();
    let kk = p.read("org/ua-82-18/kk/letter-kz-prosecutor-general.txt");
    assert!(
        kk.contains("Біз Ардақ Ашымды ар-ождан тұтқыны деп санаймыз: ол"),
        "{kk}"
    );
    assert!(!kk.contains("ойымызша") && !kk.contains("ойымша"), "{kk}");
    let ru = p.read("org/ua-82-18/ru/letter-kz-prosecutor-general.txt");
    assert!(
        ru.contains("Мы считаем, что Ардак Ашым — узница совести"),
        "{ru}"
    );
}

/// Every `mailto:` link in an alert stays under 2,000 characters, where Gmail's web handler and
/// Outlook cut links; a letter too long for that is copied from the alert instead.
#[test]
fn mailto_links_fit_common_mail_programs() {
    let p = Project::sample();
    let m = dry_run(&p);
    let mut links = 0;
    for (file, msg) in m.as_object().unwrap() {
        let html = msg["html"].as_str().unwrap();
        for part in html.split("href=\"mailto:").skip(1) {
            let href = format!("mailto:{}", &part[..part.find('"').unwrap()]).replace("&amp;", "&");
            assert!(href.len() <= 2000, "{file}: {} characters", href.len());
            if href.contains('?') {
                links += 1;
                assert!(href.contains("subject="), "{file}: {href}");
            }
        }
    }
    assert!(links >= 3, "every alert links its letters");
}
