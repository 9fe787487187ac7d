//! The translation workflow: states, stale warnings, PO export checked by GNU gettext's
//! `msgfmt`, and the round trip export → edit → import → clean `check`, with the case file's
//! other lines kept byte for byte.

mod common;

use common::{Project, have};
use std::process::Command;

const CASE: &str = "appeals/cases/ua-82-18.yaml";
const TODAY: &str = "2018-05-20";

/// `msgfmt --check` on a PO file: passes, with no warning either.
#[track_caller]
fn msgfmt_check(path: &std::path::Path) {
    assert!(
        have("msgfmt"),
        "msgfmt (GNU gettext) is missing: run scripts/setup"
    );
    let out = Command::new("msgfmt")
        .args(["--check", "--output-file=/dev/null"])
        .arg(path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.is_empty(),
        "msgfmt --check {}:\n{stderr}",
        path.display()
    );
}

/// Replaces the msgstr of the entry with context `ctx` (and removes a fuzzy mark on it).
fn set_msgstr(po: &str, ctx: &str, text: &str) -> String {
    let blocks: Vec<String> = po
        .split("\n\n")
        .map(|block| {
            if !block.contains(&format!("msgctxt \"{ctx}\"\n")) {
                return block.to_string();
            }
            let head = &block[..block.find("msgstr").unwrap()];
            let head = head.replace("#, fuzzy\n", "");
            format!("{head}msgstr \"{}\"", text.replace('"', "\\\""))
        })
        .collect();
    let out = blocks.join("\n\n");
    assert_ne!(out, po, "no entry {ctx}");
    out
}

/// The lines of the block text that starts at `key` (a line after the top-level `field`).
fn block_lines(text: &str, field: &str, key: &str) -> Vec<String> {
    let from = text.find(&format!("\n{field}\n")).unwrap();
    let start = from + text[from..].find(&format!("\n{key}\n")).unwrap() + 1;
    text[start..]
        .lines()
        .enumerate()
        .take_while(|(i, l)| *i == 0 || l.is_empty() || l.starts_with("    "))
        .map(|(_, l)| l.to_string())
        .collect()
}

/// The lines of `before` that are not in `after`, and the reverse.
fn line_diff(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let b: Vec<&str> = before.lines().collect();
    let a: Vec<&str> = after.lines().collect();
    (
        b.iter()
            .filter(|l| !a.contains(l))
            .map(|l| l.to_string())
            .collect(),
        a.iter()
            .filter(|l| !b.contains(l))
            .map(|l| l.to_string())
            .collect(),
    )
}

#[test]
fn samples_are_current_and_the_table_says_so() {
    let p = Project::sample();
    let run = p.run(&["translations"]).ok();
    assert_eq!(
        run.stdout,
        "\
CASE                 SOURCE  LANG  CURRENT  STALE  MISSING  UNTRACKED
fld-2014-mukhortova  en      ru         13      0        0          0
fld-2014-mukhortova  en      kk         13      0        0          0
ua-82-18             en      ru         14      0        0          0
ua-82-18             en      kk         14      0        0          0
"
    );
}

#[test]
fn a_changed_source_makes_translations_stale() {
    let p = Project::sample();
    p.edit(
        CASE,
        "Ardak Ashym, 52, is a blogger and civil activist",
        "Ardak Ashym, 52, is a blogger and activist",
    );
    let check = p.run(&["--today", TODAY, "check"]).ok();
    let stale: Vec<&str> = check
        .stderr
        .lines()
        .filter(|l| l.contains("translated from an older"))
        .collect();
    assert_eq!(
        stale,
        [
            "appeals/cases/ua-82-18.yaml:60:3: warning: [ua-82-18] ru summary was translated from an older en summary: update it, then run `appeal translations ua-82-18 --mark-current --lang ru --field summary`",
            "appeals/cases/ua-82-18.yaml:66:3: warning: [ua-82-18] kk summary was translated from an older en summary: update it, then run `appeal translations ua-82-18 --mark-current --lang kk --field summary`",
        ],
        "{}",
        check.stderr
    );
    // The table shows it, exits 0, and so does the JSON.
    let table = p.run(&["translations", "ua-82-18"]).ok().stdout;
    assert!(
        table.contains("\nsummary              stale      stale\n"),
        "{table}"
    );
    assert!(
        table.contains("\nstory                current    current\n"),
        "{table}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&p.run(&["translations", "--json"]).ok().stdout).unwrap();
    let ua = json
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["case"] == "ua-82-18")
        .unwrap();
    assert_eq!(ua["counts"]["ru"]["stale"], 1);
    assert_eq!(ua["counts"]["ru"]["current"], 13);
    assert!(
        ua["texts"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({"field": "summary", "lang": "kk", "state": "stale"}))
    );
    // Marking one language current leaves the other stale.
    let marked = p
        .run(&["translations", "ua-82-18", "--mark-current", "--lang", "ru"])
        .ok();
    assert_eq!(
        marked.stdout,
        "ua-82-18 ru: 1 text(s) marked current, 13 already current\n"
    );
    let check = p.run(&["--today", TODAY, "check"]).ok();
    assert_eq!(
        check.stderr.matches("translated from an older").count(),
        1,
        "{}",
        check.stderr
    );
    assert!(
        check
            .stderr
            .contains("kk summary was translated from an older en summary")
    );
}

#[test]
fn exported_po_files_pass_msgfmt_check() {
    let p = Project::sample();
    for case in ["ua-82-18", "fld-2014-mukhortova"] {
        for lang in ["ru", "kk"] {
            let out = p.path(&format!("{case}.{lang}.po"));
            let run = p
                .run(&[
                    "--today",
                    TODAY,
                    "translations",
                    case,
                    "--export",
                    "--lang",
                    lang,
                    "--out",
                    out.to_str().unwrap(),
                ])
                .ok();
            assert!(run.stdout.starts_with("wrote "), "{}", run.stdout);
            msgfmt_check(&out);
        }
    }
    let po = p.read("ua-82-18.ru.po");
    for expected in [
        "\"Language: ru\\n\"\n",
        "\"Content-Type: text/plain; charset=UTF-8\\n\"\n",
        "\"PO-Revision-Date: 2018-05-20 12:00+0000\\n\"\n",
        "#. What happened\n#. Paragraph 2 of 5\n#: appeals/cases/ua-82-18.yaml:98\nmsgctxt \"story/2\"\n",
        "msgctxt \"asks.0/1\"\n",
        "msgctxt \"people.0.name/1\"\nmsgid \"Ardak Ashym\"\nmsgstr \"Ардак Ашым\"\n",
    ] {
        assert!(po.contains(expected), "{expected:?} not in\n{po}");
    }
    assert!(!po.contains("#, fuzzy"));
    // Written to standard output without --out.
    let stdout = p
        .run(&[
            "--today",
            TODAY,
            "translations",
            "ua-82-18",
            "--export",
            "--lang",
            "ru",
        ])
        .ok()
        .stdout;
    assert_eq!(stdout, po);
}

#[test]
fn round_trip_export_edit_import_then_check_is_clean() {
    let p = Project::sample();
    // A stale translation and a missing one: the kk summary's source changes, and the kk
    // additional text is gone (an error for `check` until it is translated again).
    p.edit(
        CASE,
        "Ardak Ashym, 52, is a blogger and civil activist",
        "Ardak Ashym, 52, is a blogger and activist",
    );
    let text = p.read(CASE);
    let start = text
        .find("  kk: |\n    Қазақстанда Қылмыстық")
        .expect("kk additional");
    let end = start + text[start..].find("\n\n# ").unwrap();
    p.write(CASE, &format!("{}{}", &text[..start], &text[end + 1..]));
    let check = p.run(&["--today", TODAY, "check"]).fails_with(1);
    assert!(
        check.stderr.contains("no kk text for `additional`"),
        "{}",
        check.stderr
    );
    let before = p.read(CASE);

    let po_path = p.path("kk.po");
    let po_arg = po_path.to_str().unwrap();
    p.run(&[
        "translations",
        "ua-82-18",
        "--export",
        "--lang",
        "kk",
        "--out",
        po_arg,
    ])
    .ok();
    msgfmt_check(&po_path);
    let po = p.read("kk.po");
    assert!(po.contains("#, fuzzy\nmsgctxt \"summary/1\"\n"), "{po}");
    assert!(
        po.contains(
            "#. Paragraph 3 of 3\n#: appeals/cases/ua-82-18.yaml:171\nmsgctxt \"additional/3\"\n"
        ),
        "{po}"
    );

    // The translator fills in the missing text, reviews the stale one, and rewords a paragraph.
    let mut edited = set_msgstr(
        &po,
        "summary/1",
        "Ардақ Ашым — Шымкент қаласының блогері әрі белсендісі, ол 52 жаста.",
    );
    edited = set_msgstr(&edited, "additional/1", "Бірінші абзац.");
    edited = set_msgstr(&edited, "additional/2", "Екінші абзац: «тырнақшамен».");
    edited = set_msgstr(&edited, "additional/3", "Үшінші абзац.");
    edited = set_msgstr(&edited, "story/3", "Үшінші абзац жаңадан аударылды.");
    std::fs::write(&po_path, &edited).unwrap();
    msgfmt_check(&po_path);

    let run = p
        .run(&["translations", "ua-82-18", "--import", po_arg])
        .ok();
    assert_eq!(
        run.stdout, "ua-82-18 kk: 3 text(s) imported, 11 unchanged\n",
        "{}",
        run.stderr
    );
    // The ru reviewer finds the ru summary still right for the changed en one.
    p.run(&[
        "translations",
        "ua-82-18",
        "--mark-current",
        "--lang",
        "ru",
        "--field",
        "summary",
    ])
    .ok();
    let check = p.run(&["--today", TODAY, "check"]).ok();
    // Warnings name their case now, holder warnings too: none may be about translations.
    assert!(
        !check.stderr.contains("appeals/cases/ua-82-18.yaml"),
        "{}",
        check.stderr
    );
    let table = p.run(&["translations"]).ok().stdout;
    assert!(
        table.contains("ua-82-18             en      kk         14      0        0          0\n"),
        "{table}"
    );

    // Every comment and every line outside the changed values is as it was.
    let after = p.read(CASE);
    let comments = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .map(String::from)
            .collect()
    };
    assert_eq!(comments(&before), comments(&after));
    let (removed, added) = line_diff(&before, &after);
    // (`--mark-current` rewrote the ru summary's fingerprint, a line of translated_from.)
    let removed: Vec<String> = removed
        .into_iter()
        .filter(|l| !l.starts_with("    summary: "))
        .collect();
    let mut changed_values = block_lines(&before, "summary:", "  kk: |");
    changed_values.extend(block_lines(&before, "story:", "  kk: |"));
    assert!(!removed.is_empty());
    for line in &removed {
        assert!(changed_values.contains(line), "{line:?} changed\n{after}");
    }
    assert!(added.contains(
        &"    Ардақ Ашым — Шымкент қаласының блогері әрі белсендісі, ол 52 жаста.".to_string()
    ));
    assert!(
        after.contains("  kk: |\n    Бірінші абзац.\n\n    Екінші абзац: «тырнақшамен».\n\n    Үшінші абзац.\n\n# "),
        "{after}"
    );
    // The YAML still reads as the case, and a second import changes nothing.
    let again = p
        .run(&["translations", "ua-82-18", "--import", po_arg])
        .ok();
    assert_eq!(
        again.stdout,
        "ua-82-18 kk: 0 text(s) imported, 14 unchanged\n"
    );
    assert_eq!(p.read(CASE), after);
}

#[test]
fn fuzzy_entries_wait_for_review_unless_asked() {
    let p = Project::sample();
    p.edit(
        CASE,
        "Ardak Ashym, 52, is a blogger and civil activist",
        "Ardak Ashym, 52, is a blogger and activist",
    );
    let po_path = p.path("ru.po");
    let po_arg = po_path.to_str().unwrap();
    p.run(&[
        "translations",
        "ua-82-18",
        "--export",
        "--lang",
        "ru",
        "--out",
        po_arg,
    ])
    .ok();
    let po = p.read("ru.po");
    // The translator edits the text but leaves it marked fuzzy.
    let edited = po.replace(
        "msgstr \"\"\n\"Ардак Ашым — блогер и гражданская активистка",
        "msgstr \"\"\n\"Ардак Ашым — блогер и активистка",
    );
    assert_ne!(edited, po);
    std::fs::write(&po_path, &edited).unwrap();
    let before = p.read(CASE);
    let run = p
        .run(&["translations", "ua-82-18", "--import", po_arg])
        .ok();
    assert_eq!(
        run.stdout,
        "ua-82-18 ru: 0 text(s) imported, 13 unchanged; not imported: summary (fuzzy: review it and remove the mark, or pass --fuzzy)\n"
    );
    assert_eq!(p.read(CASE), before);
    // With --fuzzy the text goes in, and stays stale until someone reviews it.
    let run = p
        .run(&["translations", "ua-82-18", "--import", po_arg, "--fuzzy"])
        .ok();
    assert_eq!(
        run.stdout,
        "ua-82-18 ru: 1 text(s) imported, 13 unchanged\n"
    );
    assert!(p.read(CASE).contains("Ардак Ашым — блогер и активистка"));
    let check = p.run(&["--today", TODAY, "check"]).ok();
    assert!(
        check
            .stderr
            .contains("ru summary was translated from an older en summary"),
        "{}",
        check.stderr
    );
}

#[test]
fn a_translation_of_an_older_source_imports_as_stale() {
    let p = Project::sample();
    let po_path = p.path("ru.po");
    let po_arg = po_path.to_str().unwrap();
    p.run(&[
        "translations",
        "ua-82-18",
        "--export",
        "--lang",
        "ru",
        "--out",
        po_arg,
    ])
    .ok();
    let po = set_msgstr(&p.read("ru.po"), "title/1", "Новый заголовок");
    std::fs::write(&po_path, po).unwrap();
    // The source title changes while the translator works.
    p.edit(
        CASE,
        "en: Activist freed from psychiatric detention but still faces prosecution",
        "en: Activist freed from psychiatric hospital but still faces prosecution",
    );
    p.run(&["translations", "ua-82-18", "--import", po_arg])
        .ok();
    let check = p.run(&["--today", TODAY, "check"]).ok();
    assert!(
        check
            .stderr
            .contains("[ua-82-18] ru title was translated from an older en title"),
        "{}",
        check.stderr
    );
}

#[test]
fn bad_po_files_and_wrong_cases_are_reported() {
    let p = Project::sample();
    p.write("bad.po", "msgid \"\"\nmsgstr \"Language: ru\\n\"\n\nmsgctxt \"title/1\"\nmsgid \"x\"\nmsgstr \"y\\q\"\n");
    let run = p
        .run(&["translations", "ua-82-18", "--import", "bad.po"])
        .fails_with(1);
    assert!(
        run.stderr
            .contains("bad.po:6:10: error: unknown escape `\\q`"),
        "{}",
        run.stderr
    );
    p.write(
        "other.po",
        "msgid \"\"\nmsgstr \"Language: ru\\nX-Appeal-Case: fld-2014-mukhortova\\n\"\n",
    );
    let run = p
        .run(&["translations", "ua-82-18", "--import", "other.po"])
        .fails_with(2);
    assert!(
        run.stderr
            .contains("holds the texts of case fld-2014-mukhortova"),
        "{}",
        run.stderr
    );
    p.write(
        "nolang.po",
        "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n",
    );
    let run = p
        .run(&["translations", "ua-82-18", "--import", "nolang.po"])
        .fails_with(1);
    assert!(run.stderr.contains("no Language header"), "{}", run.stderr);
    let run = p
        .run(&["translations", "--export", "--lang", "ru"])
        .fails_with(2);
    assert!(run.stderr.contains("works on one case"), "{}", run.stderr);
    let run = p
        .run(&["translations", "ua-82-1", "--export", "--lang", "ru"])
        .fails_with(2);
    assert!(
        run.stderr.contains("did you mean `ua-82-18`"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_english_only_case_gets_its_russian_from_a_po_file() {
    let p = Project::sample();
    let case = "\
# A new case, written in English first.
id: new-case
reference: UA 1/26
organisation: Amnesty International
kind: new
issued: 2018-05-10
country: KZ
languages: [en, ru]
title:
  en: A title
subject: {en: The subject}
summary: {en: One paragraph.}  # short for now
people:
  - name: {en: A Person}
    gender: female
story:
  en: |
    First paragraph of the story, long enough to be wrapped when it is written back in Russian
    by the import.

    Second.
  ru: \"\"
asks:
  - en: >-
      release A Person
targets:
  - role: kz/prosecutor-general
deadline:
  send_before: 2018-06-07
";
    p.write("appeals/cases/new-case.yaml", case);
    let check = p.run(&["--today", TODAY, "check"]).fails_with(1);
    assert!(
        check.stderr.contains("no ru text for `summary`"),
        "{}",
        check.stderr
    );
    let table = p.run(&["translations", "new-case"]).ok().stdout;
    assert_eq!(
        table,
        "\
new-case: texts translated from en into ru

FIELD          RU
title          missing
subject        missing
summary        missing
people.0.name  missing
story          missing
asks.0         missing
"
    );
    let po_path = p.path("new-case.ru.po");
    let po_arg = po_path.to_str().unwrap();
    p.run(&[
        "translations",
        "new-case",
        "--export",
        "--lang",
        "ru",
        "--out",
        po_arg,
    ])
    .ok();
    msgfmt_check(&po_path);
    let mut po = p.read("new-case.ru.po");
    for (ctx, text) in [
        ("title/1", "Заголовок"),
        ("subject/1", "Тема: письмо"),
        ("summary/1", "Один абзац."),
        ("people.0.name/1", "Некто"),
        (
            "story/1",
            "Первый абзац рассказа, достаточно длинный, чтобы при записи обратно в файл дела его пришлось перенести на другую строку.",
        ),
        ("story/2", "Второй."),
        ("asks.0/1", "освободить Некто"),
    ] {
        po = set_msgstr(&po, ctx, text);
    }
    std::fs::write(&po_path, po).unwrap();
    msgfmt_check(&po_path);
    let run = p
        .run(&["translations", "new-case", "--import", po_arg])
        .ok();
    assert_eq!(run.stdout, "new-case ru: 6 text(s) imported, 0 unchanged\n");
    let written = p.read("appeals/cases/new-case.yaml");
    let expected_start = "\
# A new case, written in English first.
id: new-case
reference: UA 1/26
organisation: Amnesty International
kind: new
issued: 2018-05-10
country: KZ
languages: [en, ru]
title:
  en: A title
  ru: Заголовок
subject: {en: The subject, ru: \"Тема: письмо\"}
summary: {en: One paragraph., ru: Один абзац.}  # short for now
people:
  - name: {en: A Person, ru: Некто}
    gender: female
story:
  en: |
    First paragraph of the story, long enough to be wrapped when it is written back in Russian
    by the import.

    Second.
  ru: |
    Первый абзац рассказа, достаточно длинный, чтобы при записи обратно в файл дела его пришлось
    перенести на другую строку.

    Второй.
asks:
  - en: >-
      release A Person
    ru: >-
      освободить Некто
targets:
";
    assert!(written.starts_with(expected_start), "{written}");
    assert!(
        written.contains("\ntranslated_from:\n  ru:\n    title: "),
        "{written}"
    );
    let check = p.run(&["--today", TODAY, "check"]).ok();
    assert!(!check.stderr.contains("new-case"), "{}", check.stderr);
    assert!(!check.stderr.contains("error"), "{}", check.stderr);
}

#[test]
fn windows_line_ends_are_kept() {
    let p = Project::sample();
    let crlf = p.read(CASE).replace('\n', "\r\n");
    p.write(CASE, &crlf);
    let po_path = p.path("ru.po");
    let po_arg = po_path.to_str().unwrap();
    p.run(&[
        "translations",
        "ua-82-18",
        "--export",
        "--lang",
        "ru",
        "--out",
        po_arg,
    ])
    .ok();
    let po = set_msgstr(&p.read("ru.po"), "story/2", "Второй абзац, заново.");
    std::fs::write(&po_path, po).unwrap();
    let run = p
        .run(&["translations", "ua-82-18", "--import", po_arg])
        .ok();
    assert_eq!(
        run.stdout,
        "ua-82-18 ru: 1 text(s) imported, 13 unchanged\n"
    );
    let after = p.read(CASE);
    assert!(
        after.contains("\r\n    Второй абзац, заново.\r\n\r\n"),
        "{after}"
    );
    assert!(!after.replace("\r\n", "").contains('\n'));
    p.run(&["--today", TODAY, "check"]).ok();
}

/// Fills the empty text map under the line `head` (languages indented by `indent`) in the case
/// file `appeal new` wrote, as a campaigner does.
fn fill_new(p: &Project, file: &str, head: &str, indent: usize, texts: [&str; 3]) {
    let inner = " ".repeat(indent);
    let empty = format!("{head}\n{inner}en: \"\"\n{inner}ru: \"\"\n{inner}kk: \"\"\n");
    let full = format!(
        "{head}\n{inner}en: {}\n{inner}ru: {}\n{inner}kk: {}\n",
        texts[0], texts[1], texts[2]
    );
    p.edit(file, &empty, &full);
}

#[test]
fn a_case_with_the_empty_optional_texts_appeal_new_writes_is_marked_and_imported() {
    let p = Project::sample();
    let file = "appeals/cases/ua-95-26.yaml";
    p.run(&["new", "ua-95-26", "--target", "kz/prosecutor-general"])
        .ok();
    p.edit(file, "reference: \"\"", "reference: UA 95/26");
    p.edit(
        file,
        "organisation: \"\"",
        "organisation: Amnesty International",
    );
    p.edit(file, "issued:\n", "issued: 2026-03-02\n");
    p.edit(file, "  send_before:\n", "  send_before: 2026-04-13\n");
    fill_new(
        &p,
        file,
        "title:",
        2,
        [
            "Journalist detained",
            "Журналистка задержана",
            "Журналист ұсталды",
        ],
    );
    fill_new(
        &p,
        file,
        "summary:",
        2,
        [
            "Dana Serikova was detained.",
            "Дана Серикова задержана.",
            "Дана Серікова ұсталды.",
        ],
    );
    fill_new(
        &p,
        file,
        "  - name:",
        6,
        ["Dana Serikova", "Дана Серикова", "Дана Серікова"],
    );
    fill_new(
        &p,
        file,
        "story:",
        2,
        [
            "She was detained at home.",
            "Её задержали дома.",
            "Ол үйінде ұсталды.",
        ],
    );
    p.edit(
        file,
        "asks:\n  - en: \"\"\n    ru: \"\"\n    kk: \"\"\n",
        "asks:\n  - en: release Dana Serikova\n    ru: освободить Дану Серикову\n    kk: Дана Серікованы босату\n",
    );
    // subject, concern, additional, occupation and place stay "" in every language, as
    // `appeal new` wrote them ("may stay empty").
    let run = p.run(&["--today", "2026-03-10", "check"]).ok();
    assert!(!run.stderr.contains("error"), "{}", run.stderr);

    // Marking the hand-made translations current touches translated_from alone.
    let before = p.read(file);
    let run = p
        .run(&["translations", "ua-95-26", "--mark-current", "--lang", "ru"])
        .ok();
    assert!(
        run.stdout.contains("5 text(s) marked current"),
        "{}",
        run.stdout
    );
    let after = p.read(file);
    let (removed, added) = line_diff(&before, &after);
    assert_eq!(removed, ["translated_from: {}"], "{after}");
    assert!(
        added
            .iter()
            .all(|l| l == "translated_from:" || l == "  ru:" || l.starts_with("    ")),
        "{added:?}"
    );
    assert_eq!(
        after.matches(": \"\"").count(),
        before.matches(": \"\"").count()
    );

    // A text written in the source language only is missing in kk; the empty ones are not
    // listed at all (nothing to translate), and never stale.
    p.edit(
        file,
        "concern:\n  en: \"\"",
        "concern:\n  en: The authorities must respect press freedom.",
    );
    let json = p.run(&["translations", "ua-95-26", "--json"]).ok().stdout;
    assert!(
        !json.contains("\"stale\"") || json.contains("\"stale\": 0"),
        "{json}"
    );
    assert!(!json.contains("\"field\": \"subject\""), "{json}");

    // A translator's PO file imports into the empty keys, and only there.
    let po = p.path("ua-95-26.kk.po");
    let po_arg = po.to_str().unwrap();
    p.run(&[
        "translations",
        "ua-95-26",
        "--export",
        "--lang",
        "kk",
        "--out",
        po_arg,
    ])
    .ok();
    msgfmt_check(&po);
    let mut text = std::fs::read_to_string(&po).unwrap();
    // The other kk texts are in the file already (typed by hand, untracked): as they were.
    text = set_msgstr(
        &text,
        "concern/1",
        "Билік баспасөз бостандығын құрметтеуге тиіс.",
    );
    std::fs::write(&po, text).unwrap();
    let before = p.read(file);
    let run = p
        .run(&["translations", "ua-95-26", "--import", po_arg])
        .ok();
    assert!(run.stdout.contains("text(s) imported"), "{}", run.stdout);
    let after = p.read(file);
    // Only the empty kk concern changed, and the record of its source.
    assert_eq!(
        after.matches("  kk: \"\"").count() + 1,
        before.matches("  kk: \"\"").count(),
        "{after}"
    );
    assert!(
        after.contains("  kk: Билік баспасөз бостандығын құрметтеуге тиіс.\n"),
        "{after}"
    );
    let table = p.run(&["translations", "ua-95-26"]).ok().stdout;
    let concern = table.lines().find(|l| l.starts_with("concern")).unwrap();
    assert!(
        concern.contains("missing") && concern.ends_with("current"),
        "{table}"
    );
}

#[test]
fn an_imported_word_yaml_1_1_reads_as_a_boolean_is_written_quoted() {
    let p = Project::sample();
    let po = p
        .run(&["translations", "ua-82-18", "--export", "--lang", "ru"])
        .ok()
        .stdout;
    // Odd translations, but texts: each must come back as the text, whatever reads the file.
    let po = set_msgstr(&po, "subject/1", "yes");
    let po = set_msgstr(&po, "title/1", "1:20");
    p.write("ru.po", &po);
    p.run(&["translations", "ua-82-18", "--import", "ru.po"])
        .ok();
    let text = p.read(CASE);
    assert!(text.contains("ru: \"yes\"\n"), "{text:.3000}");
    // PyYAML follows YAML 1.1: unquoted, `yes` would be true and `1:20` the number 80.
    let read = common::python(
        "import sys, yaml; c = yaml.safe_load(open(sys.argv[1], encoding='utf-8')); print(repr(c['subject']['ru']), repr(c['title']['ru']))",
        &[p.path(CASE).to_str().unwrap()],
    );
    assert_eq!(read.trim(), "'yes' '1:20'");
    p.run(&["--today", TODAY, "check"]).ok();
}

/// A case is found by its id whether or not its file is named after it: the file named after
/// the id is read alone (no look at the other cases), a file named otherwise through every
/// case's facts, and a file named after an id it does not hold names no case.
#[test]
fn a_case_is_found_by_its_id_whatever_its_file_is_called() {
    let p = Project::sample();
    let one = p.run(&["translations", "ua-82-18"]).ok().stdout;
    assert!(one.contains("ua-82-18"), "{one}");
    // The same case under another file name: found through the archive, the same table.
    std::fs::rename(p.path(CASE), p.path("appeals/cases/urgent-82.yaml")).unwrap();
    assert_eq!(p.run(&["translations", "ua-82-18"]).ok().stdout, one);
    // A file named after an id it does not hold: that id names no case.
    let run = p.run(&["translations", "urgent-82"]).fails_with(2);
    assert!(run.stderr.contains("no case `urgent-82`"), "{}", run.stderr);
}
