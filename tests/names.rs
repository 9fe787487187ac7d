//! Holders' names in Russian and Kazakh letters: the recipient block puts the name in the
//! dative under the title, never a nominative name and never a Latin-script one; a holder
//! without a gender is an error.

mod common;
use common::Project;

/// Renders the letters of `case` in ru and kk on `date`; returns (path, text) of each .txt.
fn letters(p: &Project, case: &str, date: &str) -> Vec<(String, String)> {
    let out = format!("out-{date}");
    p.run(&[
        "--today", date, "render", case, "--lang", "ru", "--lang", "kk", "--format", "letter",
        "--out", &out,
    ])
    .ok();
    let mut found = Vec::new();
    for lang in ["ru", "kk"] {
        let dir = p.path(&format!("{out}/{case}/{lang}"));
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(&path).unwrap();
                found.push((path.display().to_string(), text));
            }
        }
    }
    assert!(!found.is_empty());
    found
}

/// Titles that open a recipient block in the sample directory (ru dative; kk nominative and
/// dative).
const TITLES: &[&str] = &[
    "Генеральному прокурору Республики Казахстан",
    "Уполномоченному по правам человека в Республике Казахстан",
    "Уполномоченному по правам человека",
    "Адам құқықтары жөніндегі уәкіл",
    "Адам құқықтары жөніндегі уәкілге",
    "Қазақстан Республикасының Бас прокуроры",
    "Қазақстан Республикасының Бас прокурорына",
    "Қазақстан Республикасындағы Адам құқықтары жөніндегі уәкіл",
    "Қазақстан Республикасындағы Адам құқықтары жөніндегі уәкілге",
    // The Ombudsman's titles before 2022 (`titles` in the directory).
    "Уполномоченному по правам человека",
    "Адам құқықтары жөніндегі уәкіл",
    "Адам құқықтары жөніндегі уәкілге",
];

/// The recipient block of a text letter: from its title line to the next blank line.
fn recipient_block(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| TITLES.contains(&l.trim()))
        .unwrap_or_else(|| panic!("no recipient title in:\n{text}"));
    lines[start..]
        .iter()
        .take_while(|l| !l.trim().is_empty())
        .copied()
        .collect()
}

/// Every nominative ru/kk name and surname in the sample directory.
fn nominative_names() -> Vec<String> {
    let mut names = Vec::new();
    for role in ["prosecutor-general", "ombudsman", "foreign-minister"] {
        let text = std::fs::read_to_string(
            common::repo().join(format!("appeals/authorities/kz/{role}.yaml")),
        )
        .unwrap();
        let mut in_name = false;
        for line in text.lines() {
            let t = line.trim();
            if t == "name:" || t == "surname:" || t == "- name:" {
                in_name = true;
            } else if let Some(v) = t.strip_prefix("ru: ").or_else(|| t.strip_prefix("kk: ")) {
                if in_name {
                    names.push(v.to_string());
                }
            } else if !t.starts_with("en:") {
                in_name = false;
            }
        }
    }
    assert!(names.len() > 20, "{names:?}");
    names
}

/// The dative name expected in the recipient block of each letter.
const EXPECTED: &[(&str, &str, &str, &str)] = &[
    // (date, file suffix, ru, kk)
    (
        "2018-05-20",
        "letter-kz-prosecutor-general.txt",
        "К. П. Кожамжарову",
        "Қ. П. Қожамжаровқа",
    ),
    (
        "2018-05-20",
        "letter-kz-ombudsman.txt",
        "А. О. Шакирову",
        "А. О. Шәкіровке",
    ),
    (
        "2021-06-01",
        "letter-kz-prosecutor-general.txt",
        "Г. Д. Нурдаулетову",
        "Ғ. Д. Нұрдәулетовке",
    ),
    (
        "2021-06-01",
        "letter-kz-ombudsman.txt",
        "Э. А. Азимовой",
        // The Kazakh spelling has no sourced Kazakh patronymic, and the Russian А may be Kazakh
        // А or Ә: one initial.
        "Э. Әзімоваға",
    ),
    (
        "2025-06-21",
        "letter-kz-prosecutor-general.txt",
        "Б. Н. Асылову",
        "Б. Н. Асыловқа",
    ),
    (
        "2025-06-21",
        "letter-kz-ombudsman.txt",
        "А. Е. Ластаеву",
        "А. Е. Ластаевқа",
    ),
];

#[test]
fn recipient_blocks_name_the_holder_in_the_dative() {
    let p = Project::sample();
    // Azimova's tenure has no end date in the directory; attest her on the test date so the
    // test does not depend on how tenure is inferred.
    p.edit(
        "appeals/authorities/kz/ombudsman.yaml",
        "    gender: female\n    from: 2019-09-02\n",
        "    gender: female\n    from: 2019-09-02\n    seen: [2021-06-01]\n",
    );
    let nominative = nominative_names();
    for date in ["2018-05-20", "2021-06-01", "2025-06-21"] {
        for (path, text) in letters(&p, "ua-82-18", date) {
            let block = recipient_block(&text);
            let name = block.get(1).copied().unwrap_or_default();
            assert!(
                !name.chars().any(|c| c.is_ascii_alphabetic()),
                "{path}: Latin letters in the name line {name:?}"
            );
            for n in &nominative {
                assert!(
                    !block
                        .iter()
                        .any(|l| l.trim() == n || l.ends_with(&format!(" {n}"))),
                    "{path}: nominative `{n}` in the recipient block:\n{}",
                    block.join("\n")
                );
            }
            let (_, _, ru, kk) = EXPECTED
                .iter()
                .find(|(d, suffix, _, _)| *d == date && path.ends_with(suffix))
                .unwrap_or_else(|| panic!("no expectation for {path}"));
            let want = if path.contains("/ru/") { ru } else { kk };
            // Each initial bound to what follows by a no-break space (third native review).
            let want = want.replace(". ", ".\u{a0}");
            assert_eq!(name, want, "{path}:\n{}", block.join("\n"));
        }
    }
}

#[test]
fn kazakh_letters_keep_the_nominative_title_over_a_dative_name() {
    let p = Project::sample();
    let letters = letters(&p, "ua-82-18", "2025-06-21");
    let (_, kk) = letters
        .iter()
        .find(|(path, _)| path.contains("/kk/") && path.ends_with("prosecutor-general.txt"))
        .unwrap();
    let block = recipient_block(kk);
    assert_eq!(
        &block[..2],
        &[
            "Қазақстан Республикасының Бас прокуроры",
            "Б.\u{a0}Н.\u{a0}Асыловқа"
        ]
    );
    let (_, ru) = letters
        .iter()
        .find(|(path, _)| path.contains("/ru/") && path.ends_with("prosecutor-general.txt"))
        .unwrap();
    assert_eq!(
        &recipient_block(ru)[..2],
        &[
            "Генеральному прокурору Республики Казахстан",
            "Б.\u{a0}Н.\u{a0}Асылову"
        ]
    );
}

#[test]
fn an_undeclinable_name_leaves_the_dative_title_alone_and_check_warns() {
    let p = Project::sample();
    // A surname the rules cannot decline with confidence (-ец: Кравцу or Кравецу).
    p.edit(
        "appeals/authorities/kz/prosecutor-general.yaml",
        "      ru: Берик Асылов\n      kk: Берік Асылов\n    surname:\n      en: Asylov\n      ru: Асылов\n      kk: Асылов",
        "      ru: Берик Кравец\n      kk: Берік Асылов\n    surname:\n      en: Asylov\n      ru: Кравец\n      kk: Асылов",
    );
    // `check` resolves a case at its letter date: open in 2025, the case is judged then.
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "send_before: 2018-06-07",
        "send_before: 2025-07-01",
    );
    let check = p.run(&["--today", "2025-06-21", "check"]).ok();
    assert!(
        check.stderr.lines().any(|l| l
            .starts_with("appeals/authorities/kz/prosecutor-general.yaml:")
            && l.contains("warning")
            && l.contains("Кравец")
            && l.contains("title alone")),
        "{}",
        check.stderr
    );
    let letters = letters(&p, "ua-82-18", "2025-06-21");
    let (path, ru) = letters
        .iter()
        .find(|(path, _)| path.contains("/ru/") && path.ends_with("prosecutor-general.txt"))
        .unwrap();
    let block = recipient_block(ru);
    assert_eq!(block[0], "Генеральному прокурору Республики Казахстан");
    assert!(
        !block.iter().any(|l| l.contains("Кравец")),
        "{path}:\n{}",
        block.join("\n")
    );
}

#[test]
fn a_holder_without_gender_is_an_error_with_its_line() {
    let p = Project::sample();
    let rel = "appeals/authorities/kz/ombudsman.yaml";
    let text = p.read(rel);
    // The Lastaev entry: its `- name:` line is where the error points.
    let at = text.find("      en: Artur Lastaev").unwrap();
    let line = text[..at].lines().count(); // the `- name:` line, 1-based
    assert!(text.lines().nth(line - 1).unwrap().trim() == "- name:");
    let after = &text[at..];
    let gender = after.find("    gender: male\n").unwrap();
    let mut broken = text.clone();
    broken.replace_range(at + gender..at + gender + "    gender: male\n".len(), "");
    p.write(rel, &broken);
    let check = p.run(&["check"]).fails_with(1);
    let want = format!("{rel}:{line}:");
    assert!(
        check.stderr.lines().any(|l| l.starts_with(&want)
            && l.contains(": error: ")
            && l.contains("Artur Lastaev")
            && l.contains("gender")),
        "no `{want}` gender error in:\n{}",
        check.stderr
    );
    assert!(!check.stderr.contains("panicked"));
}

#[test]
fn a_latin_name_in_a_cyrillic_language_is_an_error() {
    let p = Project::sample();
    p.edit(
        "appeals/authorities/kz/ombudsman.yaml",
        "      ru: Артур Ластаев",
        "      ru: Artur Lastaev",
    );
    let check = p.run(&["check"]).fails_with(1);
    assert!(
        check
            .stderr
            .lines()
            .any(|l| l.starts_with("appeals/authorities/kz/ombudsman.yaml:")
                && l.contains(": error: ")
                && l.contains("Latin letters")),
        "{}",
        check.stderr
    );
}

/// Every ru/kk golden file (letters, emails, faxes, UAs, and the alerts and site pages of
/// tests/life.rs).
fn golden_files() -> Vec<(String, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path
                .components()
                .any(|c| c.as_os_str() == "ru" || c.as_os_str() == "kk")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                out.push((path.display().to_string(), text));
            }
        }
    }
    let mut out = Vec::new();
    walk(&common::repo().join("tests/golden"), &mut out);
    assert!(out.len() > 10, "{} golden files", out.len());
    out
}

#[test]
fn golden_ru_kk_outputs_show_no_latin_names_and_no_nominative_under_a_dative_title() {
    let nominative = nominative_names();
    let dative_titles = [
        "Генеральному прокурору Республики Казахстан",
        "Уполномоченному по правам человека в Республике Казахстан",
        "Министру иностранных дел Республики Казахстан",
        "Қазақстан Республикасының Бас прокурорына",
        "Қазақстан Республикасындағы Адам құқықтары жөніндегі уәкілге",
        "Қазақстан Республикасының Сыртқы істер министріне",
    ];
    let latin = [
        "Kozhamzharov",
        "Asylov",
        "Shakirov",
        "Azimova",
        "Lastaev",
        "Abdrakhmanov",
        "Atamkulov",
        "Idrissov",
        "Tileuberdi",
        "Nurtleu",
        "Kosherbayev",
        "Nurdauletov",
        "Daulbayev",
        "Asanov",
    ];
    for (path, text) in golden_files() {
        for name in latin {
            assert!(!text.contains(name), "{path}: Latin-script `{name}`");
        }
        // Letters, emails and faxes address the holder: a kk nominative title counts too. The
        // UA, and the alerts and site pages that list whom to write to as the UA does, name
        // title and holder in the nominative (their letters' blocks are dative, checked above).
        let listing = ["ua.txt", "ua.html", "alert.txt", "alert.html", "site.html"];
        let addressed = !listing.iter().any(|f| path.ends_with(f));
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for pair in lines.windows(2) {
            let title = pair[0].trim_start_matches("<p class=\"recipient\">");
            let dative = dative_titles.contains(&title) || (addressed && TITLES.contains(&title));
            if dative {
                assert!(
                    !nominative.iter().any(|n| pair[1] == n),
                    "{path}: nominative `{}` under `{}`",
                    pair[1],
                    pair[0]
                );
            }
        }
    }
}

#[test]
fn every_holder_in_the_sample_directory_declines() {
    use appeal::domain::decline::{holder_dative, spelling};
    let mut forms = Vec::new();
    for role in ["prosecutor-general", "ombudsman", "foreign-minister"] {
        let text = std::fs::read_to_string(
            common::repo().join(format!("appeals/authorities/kz/{role}.yaml")),
        )
        .unwrap();
        let a: appeal::model::Authority = serde_yaml::from_str(&text).unwrap();
        for h in &a.holders {
            assert!(h.gender.is_some(), "{role}: {:?} has no gender", h.name);
            // A Kazakh letter may use the Russian spelling; a Russian letter only its own.
            for (lang, fallbacks) in [("ru", &[][..]), ("kk", &["ru"][..])] {
                let Some((spelled, _)) = spelling(h, lang, fallbacks) else {
                    // Only Asanov lacks a sourced Russian spelling (facts §2).
                    assert_eq!(h.name["en"], "Zhakip Asanov", "{role} {lang}");
                    continue;
                };
                let form = holder_dative(h, lang, spelled)
                    .unwrap_or_else(|e| panic!("{role} {:?} in {lang}: {e}", h.name));
                assert!(!form.chars().any(|c| c.is_ascii_alphabetic()), "{form}");
                forms.push(form);
            }
        }
    }
    // Spot checks, including every Foreign Minister.
    for want in [
        "Е. А. Идрисову",
        "Е. Ә. Ыдырысовқа",
        "К. Абдрахманову",
        "Қ. Әбдірахмановқа",
        "Б. Б. Атамкулову",
        "Б. Б. Атамқұловқа",
        "М. Тлеуберди",
        "М. Тілеубердіге",
        "М. Н. Нуртлеу",
        "М. Н. Нұртілеуге",
        "Е. Б. Кошербаеву",
        "Е. Б. Көшербаевқа",
        "Э. А. Азимовой",
        "А. О. Шакирову",
        "А. Е. Ластаеву",
        "Б. Н. Асылову",
        "Ж. Асановқа",
    ] {
        assert!(forms.iter().any(|f| f == want), "no {want} in {forms:?}");
    }
}

#[test]
fn a_holder_with_only_an_english_spelling_is_never_named_in_ru_or_kk() {
    let p = Project::sample();
    p.edit(
        "appeals/authorities/kz/ombudsman.yaml",
        "      en: Artur Lastaev\n      ru: Артур Ластаев\n      kk: Артур Ластаев\n",
        "      en: Artur Lastaev\n",
    );
    p.edit(
        "appeals/authorities/kz/ombudsman.yaml",
        "      en: Lastaev\n      ru: Ластаев\n      kk: Ластаев\n",
        "      en: Lastaev\n",
    );
    // `check` resolves a case at its letter date: open in 2025, the case is judged then.
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "send_before: 2018-06-07",
        "send_before: 2025-07-01",
    );
    let check = p.run(&["--today", "2025-06-21", "check"]).ok();
    for lang in ["ru", "kk"] {
        assert!(
            check
                .stderr
                .lines()
                .any(|l| l.starts_with("appeals/authorities/kz/ombudsman.yaml:")
                    && l.contains(&format!("no {lang} spelling"))
                    && l.contains("title alone")),
            "{lang}:\n{}",
            check.stderr
        );
    }
    p.run(&[
        "--today",
        "2025-06-21",
        "render",
        "ua-82-18",
        "--lang",
        "ru",
        "--lang",
        "kk",
        "--out",
        "o",
    ])
    .ok();
    for lang in ["ru", "kk"] {
        for file in ["letter-kz-ombudsman.txt", "ua.txt"] {
            let text = p.read(&format!("o/ua-82-18/{lang}/{file}"));
            assert!(!text.contains("Lastaev"), "{lang}/{file}:\n{text}");
        }
        let letter = p.read(&format!("o/ua-82-18/{lang}/letter-kz-ombudsman.txt"));
        let block = recipient_block(&letter);
        let dative = if lang == "ru" {
            "Уполномоченному по правам человека в Республике Казахстан"
        } else {
            "Қазақстан Республикасындағы Адам құқықтары жөніндегі уәкілге"
        };
        assert_eq!(block[0], dative, "{lang}:\n{}", block.join("\n"));
        assert!(
            block.len() == 1 || !block[1].contains("Ластаев"),
            "{lang}:\n{}",
            block.join("\n")
        );
    }
}
