//! `appeal new`, as a campaigner uses it: a new authority written from scratch, a case started
//! with `appeal new`, filled in by editing the YAML until `check` is clean, then rendered.

mod common;

use common::Project;

/// A directory entry written by hand, as the README describes: titles in three languages,
/// read in Kazakh and Russian, one holder with a month-precision start.
const SUPREME_COURT_CHAIR: &str = r#"# Chair of the Supreme Court of the Republic of Kazakhstan.
role: kz/supreme-court-chair
title:
  en: Chair of the Supreme Court of the Republic of Kazakhstan
  ru: Председатель Верховного Суда Республики Казахстан
  kk: Қазақстан Республикасы Жоғарғы Сотының Төрағасы
short_title:
  en: Chair of the Supreme Court
  ru: Председатель Верховного Суда
  kk: Жоғарғы Сот Төрағасы
title_to:
  ru: Председателю Верховного Суда Республики Казахстан
  kk: Қазақстан Республикасы Жоғарғы Сотының Төрағасына
title_gender: masculine
languages: [kk, ru]
address:
  en: [39 Dostyk Street, "010000, Astana", Republic of Kazakhstan]
  ru: [ул. Достык, 39, "010000, Астана", Республика Казахстан]
  kk: [Достық көшесі, 39, "010000, Астана қ.", Қазақстан Республикасы]
emails: [office@sud.example.kz]
verified:
  address: 2026-02-01
  emails: 2026-02-01
sources:
  - "zhasalash.kz, 8 Dec 2022: Kazakh title; Senate approves the new chair"
holders:
  - name:
      en: Aslambek Mergaliyev
      ru: Асламбек Мергалиев
      kk: Асламбек Мерғалиев
    surname:
      en: Mergaliyev
      ru: Мергалиев
      kk: Мерғалиев
    initials:
      ru: А. А.
    gender: male
    from: 2022-12
    seen: [2026-01-20]
    sources:
      - "zhasalash.kz, 8 Dec 2022"
"#;

const ID: &str = "kz-2026-court";
const FILE: &str = "appeals/cases/kz-2026-court.yaml";

/// Replaces the empty text map under the line `head` (its languages indented by `indent`) with
/// `texts`, in order en, ru, kk.
fn fill(p: &Project, head: &str, indent: usize, texts: [&str; 3]) {
    let inner = " ".repeat(indent);
    let empty = format!("{head}\n{inner}en: \"\"\n{inner}ru: \"\"\n{inner}kk: \"\"\n");
    let full = format!(
        "{head}\n{inner}en: {}\n{inner}ru: {}\n{inner}kk: {}\n",
        texts[0], texts[1], texts[2]
    );
    p.edit(FILE, &empty, &full);
}

#[test]
fn from_appeal_new_to_a_clean_check_and_a_full_render() {
    let p = Project::sample();
    p.write(
        "appeals/authorities/kz/supreme-court-chair.yaml",
        SUPREME_COURT_CHAIR,
    );
    let today = ["--today", "2026-03-02"];
    let run = |args: &[&str]| p.run(&[&today[..], args].concat());

    let out = run(&["new", ID, "--target", "kz/supreme-court-chair"]).ok();
    assert_eq!(out.stdout.trim(), FILE);
    let written = p.read(FILE);
    // Every field is there, each under a comment, in the campaign's languages.
    for field in [
        "id:",
        "reference:",
        "index:",
        "organisation:",
        "kind: new",
        "update:",
        "follows:",
        "issued:",
        "country: KZ",
        "status: open",
        "languages: [en, ru, kk]",
        "title:",
        "subject:",
        "concern:",
        "prisoner_of_conscience: false",
        "summary:",
        "people:",
        "gender: other",
        "age:",
        "occupation:",
        "place:",
        "story:",
        "additional:",
        "asks:",
        "targets:",
        "copies: []",
        "diplomatic_copies: false",
        "deadline:",
        "send_before:",
        "links: []",
        "source_language:",
        "translated_from: {}",
    ] {
        let line = written
            .lines()
            .position(|l| l.trim_start().trim_start_matches("- ").starts_with(field))
            .unwrap_or_else(|| panic!("no `{field}` in\n{written}"));
        assert!(
            written
                .lines()
                .nth(line - 1)
                .unwrap()
                .trim_start()
                .starts_with('#'),
            "`{field}` has no comment above it"
        );
    }
    assert!(written.contains("  - role: kz/supreme-court-chair\n"));
    assert!(
        written.contains("# working_days: 30"),
        "a deadline rule as a comment"
    );

    // A second run changes nothing: exit 1, naming the file.
    let again = run(&["new", ID]).fails_with(1);
    assert!(again.stderr.contains(FILE), "{}", again.stderr);
    assert!(again.stderr.contains("exists already"), "{}", again.stderr);
    assert_eq!(p.read(FILE), written);

    // `check` lists exactly what is left: one located line per empty field, nothing else
    // about this case.
    let check = run(&["check"]).fails_with(1);
    let ours: Vec<&str> = check
        .stderr
        .lines()
        .filter(|l| l.starts_with(FILE))
        .collect();
    let expected = [
        "`reference` is empty",
        "`organisation` is empty",
        "`title.en` is empty",
        "`title.ru` is empty",
        "`title.kk` is empty",
        "`summary.en` is empty",
        "`summary.ru` is empty",
        "`summary.kk` is empty",
        "`people.0.name.en` is empty",
        "`people.0.name.ru` is empty",
        "`people.0.name.kk` is empty",
        "`story.en` is empty",
        "`story.ru` is empty",
        "`story.kk` is empty",
        "`asks.0.en` is empty",
        "`asks.0.ru` is empty",
        "`asks.0.kk` is empty",
        "the deadline has no date",
    ];
    assert_eq!(ours.len(), expected.len(), "{}", check.stderr);
    for (line, want) in ours.iter().zip(expected) {
        assert!(line.contains(": error: "), "{line}");
        assert!(line.contains(want), "{line} should say {want}");
        // Located at the value to fill in, not at the top of the file.
        let at: Vec<&str> = line.splitn(4, ':').collect();
        assert!(at[1].parse::<usize>().unwrap() > 1, "{line}");
    }
    assert!(
        !check.stderr.contains("run `appeal check`"),
        "{}",
        check.stderr
    );

    // Filled in by editing the file, as a user would.
    p.edit(FILE, "reference: \"\"", "reference: UA 12/26");
    p.edit(
        FILE,
        "organisation: \"\"",
        "organisation: Amnesty International",
    );
    p.edit(FILE, "issued:\n", "issued: 2026-02-25\n");
    fill(
        &p,
        "title:",
        2,
        [
            "Journalist held for a post about a court ruling",
            "Журналист задержан за публикацию о решении суда",
            "Журналист сот шешімі туралы жазбасы үшін ұсталды",
        ],
    );
    fill(
        &p,
        "summary:",
        2,
        [
            "|\n    Daniyar Seitkali, a journalist from Almaty, was detained on 20 February 2026.",
            "|\n    Журналист из Алматы Данияр Сейткали задержан 20 февраля 2026 года.",
            "|\n    Алматылық журналист Данияр Сейтқали 2026 жылғы 20 ақпанда ұсталды.",
        ],
    );
    fill(
        &p,
        "  - name:",
        6,
        ["Daniyar Seitkali", "Данияр Сейткали", "Данияр Сейтқали"],
    );
    p.edit(FILE, "gender: other", "gender: male");
    fill(
        &p,
        "story:",
        2,
        [
            "|\n    He wrote about a court ruling.\n\n    Police came the next day.",
            "|\n    Он написал о решении суда.\n\n    Полиция пришла на следующий день.",
            "|\n    Ол сот шешімі туралы жазды.\n\n    Келесі күні полиция келді.",
        ],
    );
    p.edit(
        FILE,
        "asks:\n  - en: \"\"\n    ru: \"\"\n    kk: \"\"\n",
        "asks:\n  - en: release Daniyar Seitkali\n    ru: освободить Данияра Сейткали\n    kk: Данияр Сейтқалиді босату\n",
    );
    p.edit(FILE, "  send_before:\n", "  send_before: 2026-04-08\n");

    let check = run(&["check"]).ok();
    assert!(
        !check.stderr.contains(FILE) && !check.stderr.contains(&format!("[{ID}]")),
        "a clean check says nothing about the new case:\n{}",
        check.stderr
    );

    let render = run(&["render", ID]).ok();
    for lang in ["en", "ru", "kk"] {
        for file in ["ua.html", "ua.txt", "letter-kz-supreme-court-chair.txt"] {
            let path = format!("out/{ID}/{lang}/{file}");
            assert!(
                render.stdout.contains(&path),
                "{path} not rendered:\n{}",
                render.stdout
            );
        }
    }
    // The new authority reads kk and ru: its letter is in Russian (the campaign's authority
    // language), addressed to the holder by the dated `from: 2022-12`, in the dative.
    let letter = p.read(&format!("out/{ID}/ru/letter-kz-supreme-court-chair.txt"));
    assert!(
        letter.contains("Председателю Верховного Суда Республики Казахстан"),
        "{letter}"
    );
    assert!(letter.contains("Мергалиеву"), "{letter}");
    assert!(letter.contains("освободить Данияра Сейткали"), "{letter}");
    let ua = p.read(&format!("out/{ID}/en/ua.txt"));
    assert!(ua.contains("Police came the next day."), "{ua}");
}

#[test]
fn follows_copies_the_action_and_marks_texts_for_review() {
    let p = Project::sample();
    let today = ["--today", "2018-05-20"];
    let run = |args: &[&str]| p.run(&[&today[..], args].concat());
    run(&["new", "ua-82-18-2", "--follows", "ua-82-18"]).ok();
    let file = "appeals/cases/ua-82-18-2.yaml";
    let text = p.read(file);
    for want in [
        "reference: \"UA 82/18\"",
        "kind: update",
        "update: 2",
        "follows: ua-82-18",
        "review: [title, subject, concern, summary, story, additional, asks]",
        "  - role: kz/prosecutor-general",
        "  - role: kz/foreign-minister",
        "diplomatic_copies: true",
    ] {
        assert!(text.contains(want), "no {want:?} in\n{text}");
    }
    // Paragraphs as literal blocks, as the original writes them, not quoted lines with "\n".
    assert!(!text.contains("\\n"), "{text}");
    assert!(text.contains("\nsummary:\n  en: |\n    "), "{text}");
    // The texts are copied as they were.
    let new: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let old: serde_yaml::Value =
        serde_yaml::from_str(&p.read("appeals/cases/ua-82-18.yaml")).unwrap();
    for field in [
        "title",
        "summary",
        "story",
        "additional",
        "asks",
        "people",
        "concern",
    ] {
        assert_eq!(new[field], old[field], "{field}");
    }
    // `check` warns once per text to review, naming the case, and asks for the deadline.
    let check = run(&["check"]).fails_with(1);
    let reviews: Vec<&str> = check
        .stderr
        .lines()
        .filter(|l| l.contains("needs review"))
        .collect();
    assert_eq!(reviews.len(), 7, "{}", check.stderr);
    assert!(
        reviews
            .iter()
            .all(|l| l.starts_with(file) && l.contains("warning: [ua-82-18-2] ")),
        "{reviews:?}"
    );
    assert!(check.stderr.contains("the deadline has no date"));

    // Reviewed, dated: clean.
    p.edit(
        file,
        "review: [title, subject, concern, summary, story, additional, asks]\n",
        "",
    );
    p.edit(file, "  send_before:\n", "  send_before: 2018-07-01\n");
    let check = run(&["check"]).ok();
    assert!(!check.stderr.contains("needs review"), "{}", check.stderr);

    // A stop action takes no update number.
    run(&[
        "new",
        "ua-82-18-3",
        "--follows",
        "ua-82-18",
        "--kind",
        "stop-action",
    ])
    .ok();
    let stop = p.read("appeals/cases/ua-82-18-3.yaml");
    assert!(
        stop.contains("kind: stop-action\n") && stop.contains("update:\n"),
        "{stop}"
    );
}

/// `organisation` may name the issuer per language: each document shows its own language's name,
/// else the English one; `appeal new --follows` keeps the map; a misspelt or empty map is caught.
#[test]
fn the_organisation_may_be_named_per_language() {
    let p = Project::sample();
    let today = ["--today", "2018-05-20"];
    let run = |args: &[&str]| p.run(&[&today[..], args].concat());
    let file = "appeals/cases/ua-82-18.yaml";
    p.edit(
        file,
        "organisation: Amnesty International\n",
        "organisation:\n  en: Amnesty International\n  ru: Международная амнистия\n",
    );
    run(&["check"]).ok();
    run(&["render", "ua-82-18", "--format", "ua", "--out", "o"]).ok();
    let ru = p.read("o/ua-82-18/ru/ua.txt");
    assert!(
        ru.contains("UA 82/18 · EUR 57/8298/2018 · Международная амнистия\n"),
        "{ru}"
    );
    assert!(!ru.contains("Amnesty International\n"), "{ru}");
    // No Kazakh name: the English one, not the Russian.
    let kk = p.read("o/ua-82-18/kk/ua.txt");
    assert!(
        kk.contains("UA 82/18 · EUR 57/8298/2018 · Amnesty International\n"),
        "{kk}"
    );
    let html = p.read("o/ua-82-18/ru/ua.html");
    assert!(html.contains("· Международная амнистия"), "{html}");

    run(&["new", "ua-82-18-2", "--follows", "ua-82-18"]).ok();
    let text = p.read("appeals/cases/ua-82-18-2.yaml");
    let new: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let old: serde_yaml::Value = serde_yaml::from_str(&p.read(file)).unwrap();
    assert_eq!(new["organisation"], old["organisation"], "{text}");
    std::fs::remove_file(p.path("appeals/cases/ua-82-18-2.yaml")).unwrap();

    // A misspelt language is an error at its key; a map of blanks is an empty organisation.
    p.edit(
        file,
        "  ru: Международная амнистия\n",
        "  rus: Международная амнистия\n",
    );
    let check = run(&["check"]).fails_with(1);
    assert!(
        check
            .stderr
            .lines()
            .any(|l| l.starts_with(&format!("{file}:10:")) && l.contains("error")),
        "{}",
        check.stderr
    );
    p.edit(
        file,
        "  en: Amnesty International\n  rus: Международная амнистия\n",
        "  en: \"\"\n",
    );
    let check = run(&["check"]).fails_with(1);
    assert!(
        check
            .stderr
            .contains("`organisation` is empty: write who issued the action"),
        "{}",
        check.stderr
    );
    // Neither a name nor a map: the error says what to write.
    p.edit(
        file,
        "organisation:\n  en: \"\"\n",
        "organisation: [Amnesty]\n",
    );
    let check = run(&["check"]).fails_with(1);
    assert!(
        check
            .stderr
            .contains("expected a name, or a name per language"),
        "{}",
        check.stderr
    );
}

#[test]
fn bad_new_command_lines_exit_2_and_write_nothing() {
    let p = Project::sample();
    let r = p
        .run(&["new", "x-1", "--target", "kz/prosecutor-generl"])
        .fails_with(2);
    assert!(
        r.stderr.contains("did you mean `kz/prosecutor-general`"),
        "{}",
        r.stderr
    );
    let r = p
        .run(&["new", "x-1", "--follows", "ua-82-81"])
        .fails_with(2);
    assert!(r.stderr.contains("did you mean `ua-82-18`"), "{}", r.stderr);
    let r = p
        .run(&["new", "x-1", "--follows", "ua-82-18", "--kind", "new"])
        .fails_with(2);
    assert!(r.stderr.contains("--kind new"), "{}", r.stderr);
    let r = p.run(&["new", "X 1"]).fails_with(2);
    assert!(r.stderr.contains("lower-case"), "{}", r.stderr);
    // A case with that id in another file: exit 1, naming that file.
    let r = p.run(&["new", "ua-82-18"]).fails_with(1);
    assert!(
        r.stderr.contains("appeals/cases/ua-82-18.yaml"),
        "{}",
        r.stderr
    );
    assert!(!p.path("appeals/cases/x-1.yaml").exists());
    assert!(!p.path("appeals/cases/X 1.yaml").exists());
}
