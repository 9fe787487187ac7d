//! Wording that depends on a number or a name, as the second native review asked for it: update
//! ordinals spelled out up to ten, and the default subject line with the person's name in the
//! Russian genitive where the rules are sure of it; and, as the third asked, no full stop after
//! a date that already ends with one (Russian «7 июня 2018 г.»).

mod common;
use common::{Project, repo};

/// The sample's UA 82/18 rendered as update `n`: the update line of its text document, by
/// language.
fn update_line(n: u32) -> Vec<(String, String)> {
    let p = Project::sample();
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "\nupdate: 1\n",
        &format!("\nupdate: {n}\n"),
    );
    p.run(&[
        "--today",
        "2018-05-20",
        "render",
        "ua-82-18",
        "--format",
        "ua",
        "--out",
        "o",
    ])
    .ok();
    ["en", "ru", "kk"]
        .iter()
        .map(|lang| {
            let ua = p.read(&format!("o/ua-82-18/{lang}/ua.txt"));
            let line = ua
                .lines()
                .find(|l| {
                    l.contains("UA 82/18")
                        && (l.contains("updat") || l.contains("обновлен") || l.contains("жаңарту"))
                })
                .unwrap_or_else(|| panic!("{lang}: no update line in\n{ua}"))
                .to_string();
            (lang.to_string(), line)
        })
        .collect()
}

#[test]
fn updates_up_to_the_tenth_are_counted_in_words_and_later_ones_in_digits() {
    for (n, en, ru, kk) in [
        (
            1,
            "This is the first update of UA 82/18.",
            "Это первое обновление акции UA 82/18.",
            "Бұл — UA 82/18 шұғыл үндеуі бойынша бірінші жаңарту.",
        ),
        (
            4,
            "This is the fourth update of UA 82/18.",
            "Это четвёртое обновление акции UA 82/18.",
            "Бұл — UA 82/18 шұғыл үндеуі бойынша төртінші жаңарту.",
        ),
        (
            10,
            "This is the tenth update of UA 82/18.",
            "Это десятое обновление акции UA 82/18.",
            "Бұл — UA 82/18 шұғыл үндеуі бойынша оныншы жаңарту.",
        ),
        (
            11,
            "This is update 11 of UA 82/18.",
            "Это 11-е обновление акции UA 82/18.",
            "Бұл — UA 82/18 шұғыл үндеуі бойынша 11-жаңарту.",
        ),
    ] {
        let lines = update_line(n);
        for ((lang, got), want) in lines.iter().zip([en, ru, kk]) {
            assert_eq!(got, want, "{lang}, update {n}");
        }
    }
}

/// The first line of the sample case's letter to the Prosecutor General that reads as a subject,
/// by language, once the case's own `subject` is removed and the person is `name` (`gender`).
fn default_subjects(case: &str, names: [&str; 3], gender: &str) -> Vec<String> {
    let p = Project::sample();
    let file = format!("appeals/cases/{case}.yaml");
    let text = p.read(&file);
    // Drop the `subject:` block (its three language lines) and its recorded fingerprints.
    let mut out = Vec::new();
    let mut skip = false;
    for line in text.lines() {
        if line == "subject:" {
            skip = true;
            continue;
        }
        if skip && line.starts_with("  ") {
            continue;
        }
        skip = false;
        if line.trim_start().starts_with("subject: ") {
            continue;
        }
        out.push(line);
    }
    let mut text = out.join("\n") + "\n";
    for (lang, name) in ["en", "ru", "kk"].iter().zip(names) {
        let at = text.find("\npeople:").unwrap();
        let key = format!("\n      {lang}: ");
        let start = at + text[at..].find(&key).unwrap() + key.len();
        let end = start + text[start..].find('\n').unwrap();
        text.replace_range(start..end, name);
    }
    let at = text.find("\npeople:").unwrap();
    let g = at + text[at..].find("\n    gender: ").unwrap() + "\n    gender: ".len();
    let g_end = g + text[g..].find('\n').unwrap();
    text.replace_range(g..g_end, gender);
    p.write(&file, &text);
    p.run(&[
        "--today",
        "2018-05-20",
        "render",
        case,
        "--format",
        "letter",
        "--out",
        "o",
    ])
    .ok();
    ["en", "ru", "kk"]
        .iter()
        .map(|lang| {
            let letter = p.read(&format!("o/{case}/{lang}/letter-kz-prosecutor-general.txt"));
            let lines: Vec<&str> = letter.lines().collect();
            // The subject is the paragraph just before the salutation.
            let salutation = lines
                .iter()
                .position(|l| {
                    l.starts_with("Dear") || l.starts_with("Уважаем") || l.starts_with("Құрметті")
                })
                .unwrap_or_else(|| panic!("{lang}: no salutation in\n{letter}"));
            lines[..salutation]
                .iter()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn the_default_subject_declines_the_name_in_russian_when_the_rules_are_sure() {
    // The reviewer's case: «По делу Бауыржана Улгилова», not «Обращение по делу: Бауыржан Улгилов».
    assert_eq!(
        default_subjects(
            "ua-82-18",
            ["Bauyrzhan Ulgilov", "Бауыржан Улгилов", "Бауыржан Үлгілов"],
            "male"
        ),
        [
            "Subject: Appeal concerning Bauyrzhan Ulgilov",
            "По делу Бауыржана Улгилова",
            "Бауыржан Үлгілов ісі туралы",
        ]
    );
    assert_eq!(
        default_subjects(
            "fld-2014-mukhortova",
            [
                "Zinaida Mukhortova",
                "Зинаида Мухортова",
                "Зинаида Мухортова"
            ],
            "female"
        )[1],
        "По делу Зинаиды Мухортовой"
    );
    // A woman's name ending in a consonant stays as it is, and that is sure too.
    assert_eq!(
        default_subjects(
            "ua-82-18",
            ["Ardak Ashym", "Ардак Ашым", "Ардақ Ашым"],
            "female"
        )[1],
        "По делу Ардак Ашым"
    );
    // Not sure (a woman's name in -ь; no gender): the nominative after a colon.
    assert_eq!(
        default_subjects(
            "ua-82-18",
            ["Aigul Testova", "Айгуль Тестова", "Айгүл Тестова"],
            "female"
        )[1],
        "Обращение по делу: Айгуль Тестова"
    );
    assert_eq!(
        default_subjects(
            "ua-82-18",
            ["Bauyrzhan Ulgilov", "Бауыржан Улгилов", "Бауыржан Үлгілов"],
            "other"
        )[1],
        "Обращение по делу: Бауыржан Улгилов"
    );
}

/// The messages of `locales/<lang>/*.ftl`: each id with its text, continuation lines joined and
/// the spaces inside braces dropped (`{ $date }` reads `{$date}`), comments left out.
fn messages(lang: &str) -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(repo().join("locales").join(lang))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
        .collect();
    files.sort();
    let mut out: Vec<(String, String)> = Vec::new();
    for file in files {
        for line in std::fs::read_to_string(&file).unwrap().lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let line = line.replace("{ ", "{").replace(" }", "}");
            // A message's next lines are indented, or close a selector at the margin ("}").
            let more = line.starts_with(char::is_whitespace) || line.starts_with('}');
            match (more, out.last_mut()) {
                (true, Some((_, text))) => text.push_str(line.trim()),
                _ => {
                    let (id, text) = line.split_once('=').unwrap();
                    out.push((id.trim().to_string(), text.trim().to_string()));
                }
            }
        }
    }
    out
}

/// The placeables that carry a date: the variables the README's "Locales" table gives dates in,
/// and the date messages themselves.
const DATE_PLACEABLES: [&str; 9] = [
    "{$date}",
    "{$last}",
    "{$before}",
    "{$from}",
    "{$skipped}",
    "{$moved}",
    "{date-long}",
    "{date-line}",
    "{date-before}",
];

/// Where a language's long date ends with a full stop (Russian «г.»), no message puts another
/// one after a date: «…не позднее 13 октября 2026 г.. Если…» was the fault.
#[test]
fn no_message_puts_a_full_stop_after_a_date_that_ends_with_one() {
    let mut checked = Vec::new();
    for lang in ["en", "ru", "kk"] {
        let all = messages(lang);
        let date_long = &all.iter().find(|(id, _)| id == "date-long").unwrap().1;
        if !date_long.ends_with('.') {
            continue;
        }
        checked.push(lang);
        for (id, text) in &all {
            for date in DATE_PLACEABLES {
                assert!(
                    !text.contains(&format!("{date}.")),
                    "locales/{lang}: `{id}` puts a full stop after {date}, whose date already \
                     ends with one: {text}"
                );
            }
        }
    }
    assert_eq!(checked, ["ru"], "the Russian date ends with «г.»");
}

/// The rendered outputs agree: no golden file has a date followed by a second full stop.
#[test]
fn no_golden_output_has_a_double_full_stop_after_a_date() {
    fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                for (n, line) in text.lines().enumerate() {
                    if line.contains("г..") {
                        found.push(format!("{}:{}: {line}", path.display(), n + 1));
                    }
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(&repo().join("tests/golden"), &mut found);
    assert!(found.is_empty(), "{}", found.join("\n"));
}
