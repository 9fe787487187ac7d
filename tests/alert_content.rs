//! What a supporter's alert says, by where they live: the case's links for everyone; the
//! request to copy Kazakhstan's diplomats only for supporters outside Kazakhstan.

mod common;
use common::{Project, python};

const PARSE: &str = r#"
import email, email.policy, json, os, sys
out = {}
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    msg = email.message_from_bytes(open(os.path.join(d, name), 'rb').read(), policy=email.policy.default)
    out[name] = {'text': msg.get_body(preferencelist=('plain',)).get_content(),
                 'html': msg.get_body(preferencelist=('html',)).get_content()}
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
