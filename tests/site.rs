//! `appeal site`: the pages for the sample cases, read back by an HTML parser, a link checker
//! and a feed parser (tests/site/check.py), golden HTML for one case in every language, and the
//! same pages in Debian's chromium with axe-core (tests/site/browser.js).

mod common;
use common::{Project, Run, golden, repo};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const BASE: &str = "https://example.org/actions/";
/// While UA 82/18 was open (18 days left); the Mukhortova appeal is past its deadline then.
const TODAY: &str = "2018-05-20";
const LANGS: [&str; 3] = ["en", "ru", "kk"];

/// What the sample case's page must show in each language: headline (from the case file),
/// deadline, targets.
fn expected(lang: &str) -> (String, &'static str, [&'static str; 2]) {
    let case: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(repo().join("appeals/cases/ua-82-18.yaml")).unwrap(),
    )
    .unwrap();
    let title = case["title"][lang].as_str().unwrap().to_string();
    let (deadline, targets) = match lang {
        "en" => (
            "7 June 2018",
            [
                "Prosecutor General of the Republic of Kazakhstan",
                "Commissioner for Human Rights",
            ],
        ),
        "ru" => (
            "7 июня 2018 г.",
            [
                "Генеральный прокурор Республики Казахстан",
                "Уполномоченный по правам человека",
            ],
        ),
        _ => (
            "2018 жылғы 7 маусым",
            [
                "Қазақстан Республикасының Бас прокуроры",
                "Адам құқықтары жөніндегі уәкіл",
            ],
        ),
    };
    (title, deadline, targets)
}

fn site(p: &Project, today: &str, out: &str, extra: &[&str]) -> Run {
    let mut args = vec!["--today", today, "site", "--out", out];
    args.extend_from_slice(extra);
    p.run(&args)
}

/// Runs tests/site/check.py and parses its JSON.
fn check(args: &[&str]) -> Value {
    let out = Command::new("python3")
        .arg(repo().join("tests/site/check.py"))
        .args(args)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "check.py {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                out.insert(
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    out
}

#[test]
fn every_case_and_language_gets_its_pages_and_every_link_resolves() {
    let p = Project::sample();
    let run = site(&p, TODAY, "public", &["--base-url", BASE]).ok();
    assert!(run.stdout.contains("written"), "{}", run.stdout);
    for file in ["index.html", "assets/style.css", "assets/site.js"] {
        assert!(p.path("public").join(file).is_file(), "{file}");
    }
    for lang in LANGS {
        for file in [
            "index.html",
            "archive.html",
            "feed.atom",
            "ua-82-18/index.html",
            "ua-82-18/ua-82-18.ics",
            "ua-82-18/letter-kz-prosecutor-general.txt",
            "ua-82-18/letter-kz-ombudsman.txt",
            "ua-82-18/fax-kz-prosecutor-general.pdf",
            "ua-82-18/fax-kz-ombudsman.pdf",
            "fld-2014-mukhortova/index.html",
        ] {
            let path = p.path("public").join(lang).join(file);
            assert!(path.is_file(), "{}", path.display());
        }
        let pdf =
            std::fs::read(p.path(&format!("public/{lang}/ua-82-18/fax-kz-ombudsman.pdf"))).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
    }
    let links = check(&["links", s(&p.path("public")), BASE]);
    assert_eq!(links["problems"], Value::Array(vec![]), "{links:#}");
    assert!(links["checked"].as_u64().unwrap() > 150, "{links}");
    assert_eq!(links["pages"], 13);
}

#[test]
fn action_pages_show_the_case_the_deadline_every_target_and_the_supporters_letter() {
    let p = Project::sample();
    site(&p, TODAY, "public", &["--base-url", BASE]).ok();
    for lang in LANGS {
        let dir = p.path(&format!("public/{lang}/ua-82-18"));
        let page = check(&["dom", s(&dir.join("index.html"))]);
        let (title, deadline, targets) = expected(lang);
        assert_eq!(page["lang"], lang);
        let headings: Vec<(u64, String)> = page["headings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h[0].as_u64().unwrap(), h[1].as_str().unwrap().to_string()))
            .collect();
        assert_eq!(headings[0], (1, title.clone()), "{lang}");
        let text = page["text"].as_str().unwrap();
        assert!(text.contains(deadline), "{lang}: deadline {deadline}");
        for t in targets {
            assert!(headings.contains(&(3, t.to_string())), "{lang}: target {t}");
        }
        // Days left at build time: 18 (20 May to 7 June).
        let days = match lang {
            "en" => "18 days left",
            "ru" => "Осталось 18 дней",
            _ => "18 күн қалды",
        };
        assert!(text.contains(days), "{lang}: {days}");
        // The letters: the page shows exactly the downloadable text, in the supporter's voice.
        let letters = page["letters"].as_object().unwrap();
        assert_eq!(letters.len(), 2, "{lang}");
        for slug in ["kz-prosecutor-general", "kz-ombudsman"] {
            let shown = letters[&format!("text-{slug}")].as_str().unwrap();
            let file = std::fs::read_to_string(dir.join(format!("letter-{slug}.txt"))).unwrap();
            assert_eq!(shown, file, "{lang} {slug}");
            let (i, placeholder) = match lang {
                "en" => ("I respectfully ask you", "[Your name]"),
                "ru" => ("Убедительно прошу Вас", "[Ваши имя и фамилия]"),
                _ => ("өтіне сұраймын", "[Аты-жөніңіз]"),
            };
            assert!(file.contains(i), "{lang} {slug}: supporter voice");
            assert!(file.starts_with(placeholder), "{lang} {slug}");
            // The line for the postal address follows the name, as in an alert's letter.
            let address = match lang {
                "en" => "[Your postal address]",
                "ru" => "[Ваш почтовый адрес]",
                _ => "[Пошта мекенжайыңыз]",
            };
            assert!(
                file.starts_with(&format!("{placeholder}\n{address}\n\n")),
                "{lang} {slug}:\n{file}"
            );
            for org in [
                "Appeals Network",
                "Сеть обращений",
                "үндеулер желісі",
                " 0000",
            ] {
                assert!(
                    !file.contains(org),
                    "{lang} {slug}: no organisation in a supporter's letter"
                );
            }
        }
        // One email link (the Ombudsman has addresses), short enough for every mail client.
        let mailtos = page["mailtos"].as_array().unwrap();
        assert_eq!(mailtos.len(), 1, "{lang}");
        let m = &mailtos[0];
        assert!(m["length"].as_u64().unwrap() <= 2000, "{m}");
        assert_eq!(
            m["to"],
            serde_json::json!(["ombudsman@ombudsman.kz", "ombudsman-kz@mail.ru"])
        );
        assert_eq!(m["cc"], serde_json::json!(["mfa@mfa.kz"]));
        assert!(m["subject"].as_str().unwrap().contains("UA 82/18"), "{m}");
        match m["body"].as_str() {
            // Too long for a link: the page points to the letter to paste.
            None => assert!(
                page["links"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|l| l["href"] == "#letter-kz-ombudsman"),
                "{lang}"
            ),
            Some(body) => assert!(
                letters["text-kz-ombudsman"]
                    .as_str()
                    .unwrap()
                    .ends_with(body)
            ),
        }
        // The copy buttons are labelled, and hidden until the script can make them work.
        let buttons = page["buttons"].as_array().unwrap();
        assert_eq!(buttons.len(), 2);
        assert!(buttons.iter().all(|b| b["attrs"].get("hidden").is_some()));
        // The language switcher and hreflang alternates.
        let links = page["links"].as_array().unwrap();
        for other in LANGS {
            assert!(
                links.iter().any(|l| l["href"]
                    == format!("../../{other}/ua-82-18/index.html").as_str()
                    && l["lang"] == other
                    && l["hreflang"] == other),
                "{lang}: switcher to {other}"
            );
            assert!(
                links.iter().any(|l| l["rel"] == "alternate"
                    && l["hreflang"] == other
                    && l["href"] == format!("{BASE}{other}/ua-82-18/").as_str()),
                "{lang}: alternate {other}"
            );
        }
        // The calendar holds the last day to send.
        let ics = std::fs::read_to_string(dir.join("ua-82-18.ics")).unwrap();
        assert!(ics.contains("DTSTART;VALUE=DATE:20180606"), "{ics}");
        assert!(ics.contains(&format!("{BASE}{lang}/ua-82-18/")), "{ics}");
    }
}

#[test]
fn indexes_list_open_actions_and_the_archive_marks_the_rest_without_a_call_to_act() {
    let p = Project::sample();
    site(&p, TODAY, "public", &["--base-url", BASE]).ok();
    for lang in LANGS {
        let index = check(&["dom", s(&p.path(&format!("public/{lang}/index.html")))]);
        let archive = check(&["dom", s(&p.path(&format!("public/{lang}/archive.html")))]);
        let hrefs = |page: &Value| -> Vec<String> {
            page["links"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["href"].as_str().unwrap().to_string())
                .collect()
        };
        assert!(hrefs(&index).contains(&"ua-82-18/index.html".to_string()));
        assert!(!hrefs(&index).contains(&"fld-2014-mukhortova/index.html".to_string()));
        assert!(hrefs(&archive).contains(&"fld-2014-mukhortova/index.html".to_string()));
        // The past-deadline page is marked, and offers nothing to send.
        let past = check(&[
            "dom",
            s(&p.path(&format!("public/{lang}/fld-2014-mukhortova/index.html"))),
        ]);
        let marked = match lang {
            "en" => "The deadline for appeals has passed",
            "ru" => "Срок отправки обращений истёк",
            _ => "Өтініш жіберу мерзімі өтіп кетті",
        };
        let text = past["text"].as_str().unwrap();
        assert!(text.contains(marked), "{lang}");
        // A passed deadline is not "no appeals needed" (that is a closed action): it says whom
        // to ask before sending one.
        let (ask, not_closed) = match lang {
            "en" => (
                "Please check with Kazakhstan Appeals Network (sample) before sending an appeal.",
                "no appeals are needed now",
            ),
            "ru" => (
                "Прежде чем отправлять обращение, пожалуйста, свяжитесь с организатором акции: Сеть обращений по Казахстану (образец).",
                "отправлять обращения больше не нужно",
            ),
            _ => (
                "Өтініш жібермес бұрын алдымен Қазақстан бойынша үндеулер желісі (үлгі) ұйымымен хабарласыңыз.",
                "енді өтініш жіберудің қажеті жоқ",
            ),
        };
        assert!(text.contains(ask), "{lang}: {text}");
        assert!(!text.contains(not_closed), "{lang}: {text}");
        // Under "the deadline has passed", the dates are headed as a deadline, not "when to send"
        // (second native review).
        let (heading, when) = match lang {
            "en" => ("Deadline for appeals", "When to send"),
            "ru" => ("Срок отправки", "Когда отправлять"),
            _ => ("Жіберу мерзімі", "Қашан жіберу керек"),
        };
        assert!(text.contains(heading), "{lang}: {text}");
        assert!(!text.contains(when), "{lang}: {text}");
        let open = check(&[
            "dom",
            s(&p.path(&format!("public/{lang}/ua-82-18/index.html"))),
        ]);
        assert!(open["text"].as_str().unwrap().contains(when), "{lang}");
        assert_eq!(past["letters"], serde_json::json!({}));
        assert_eq!(past["mailtos"], serde_json::json!([]));
        assert!(past["buttons"].as_array().unwrap().is_empty());
        assert!(
            !p.path(&format!(
                "public/{lang}/fld-2014-mukhortova/fld-2014-mukhortova.ics"
            ))
            .exists()
        );
    }
    // While it was open, the Mukhortova appeal is on the index, with its letters.
    let p = Project::sample();
    site(&p, "2014-08-20", "public", &["--no-fax"]).ok();
    let index = std::fs::read_to_string(p.path("public/en/index.html")).unwrap();
    assert!(index.contains("fld-2014-mukhortova/index.html"));
    assert!(
        p.path("public/en/fld-2014-mukhortova/letter-kz-prosecutor-general.txt")
            .is_file()
    );
    assert!(
        !p.path("public/en/fld-2014-mukhortova/fax-kz-prosecutor-general.pdf")
            .exists()
    );
}

#[test]
fn closing_soon_actions_are_marked_on_the_index_and_the_page() {
    let p = Project::sample();
    site(&p, "2018-06-03", "public", &[]).ok();
    for (lang, mark) in [
        ("en", "Closing soon"),
        ("ru", "Срок скоро истекает"),
        ("kk", "Мерзімі аяқталуға жақын"),
    ] {
        for file in ["index.html", "ua-82-18/index.html"] {
            let page = check(&["dom", s(&p.path(&format!("public/{lang}/{file}")))]);
            assert!(
                page["text"].as_str().unwrap().contains(mark),
                "{lang} {file}"
            );
        }
    }
}

#[test]
fn a_later_document_supersedes_the_page_and_the_chain_links_every_document() {
    let p = Project::sample();
    let case = p.read("appeals/cases/ua-82-18.yaml");
    let next = case
        .replacen("id: ua-82-18\n", "id: ua-82-18-2\nfollows: ua-82-18\n", 1)
        .replacen("update: 1\n", "update: 2\n", 1);
    assert_ne!(next, case);
    p.write("appeals/cases/ua-82-18-2.yaml", &next);
    site(&p, TODAY, "public", &["--no-fax"]).ok();
    let old = check(&["dom", s(&p.path("public/en/ua-82-18/index.html"))]);
    let text = old["text"].as_str().unwrap();
    assert!(text.contains("Replaced by a later document"), "{text}");
    assert!(text.contains("Please act on the latest document"), "{text}");
    assert!(text.contains("Documents of this action"));
    let hrefs: Vec<&str> = old["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["href"].as_str().unwrap())
        .collect();
    assert!(hrefs.contains(&"../ua-82-18-2/index.html"), "{hrefs:?}");
    assert_eq!(
        old["letters"],
        serde_json::json!({}),
        "no letters on a superseded page"
    );
    let new = check(&["dom", s(&p.path("public/en/ua-82-18-2/index.html"))]);
    assert!(
        new["text"]
            .as_str()
            .unwrap()
            .contains("Update 2 · UA 82/18")
    );
    assert!(
        new["links"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["href"] == "../ua-82-18/index.html")
    );
    let links = check(&["links", s(&p.path("public"))]);
    assert_eq!(links["problems"], Value::Array(vec![]), "{links:#}");
}

#[test]
fn a_document_issued_after_the_build_date_is_not_published_yet() {
    let p = Project::sample();
    let case = p.read("appeals/cases/ua-82-18.yaml");
    let next = case
        .replacen(
            "id: ua-82-18\n",
            "id: ua-82-18-stop\nfollows: ua-82-18\nissued: 2018-06-01\n",
            1,
        )
        .replacen("kind: update\nupdate: 1\n", "kind: stop-action\n", 1);
    p.write("appeals/cases/ua-82-18-stop.yaml", &next);
    site(&p, TODAY, "public", &["--base-url", BASE, "--no-fax"]).ok();
    for lang in LANGS {
        assert!(
            !p.path(&format!("public/{lang}/ua-82-18-stop")).exists(),
            "{lang}"
        );
        let feed = p.read(&format!("public/{lang}/feed.atom"));
        assert!(!feed.contains("ua-82-18-stop"), "{lang}");
        // The document it will replace is still open, with its letters and no link to it.
        let page = p.read(&format!("public/{lang}/ua-82-18/index.html"));
        assert!(page.contains("class=\"state-open\""), "{lang}");
        assert!(!page.contains("ua-82-18-stop"), "{lang}");
        assert!(
            p.path(&format!("public/{lang}/ua-82-18/letter-kz-ombudsman.txt"))
                .is_file()
        );
    }
    let links = check(&["links", s(&p.path("public")), BASE]);
    assert_eq!(links["problems"], Value::Array(vec![]), "{links:#}");
    // On its issue date it is published, and closes the update it ends.
    site(
        &p,
        "2018-06-01",
        "public",
        &["--base-url", BASE, "--no-fax"],
    )
    .ok();
    assert!(p.path("public/en/ua-82-18-stop/index.html").is_file());
    let page = p.read("public/en/ua-82-18/index.html");
    assert!(page.contains("class=\"state-closed\""));
    assert!(page.contains("../ua-82-18-stop/index.html"));
}

#[test]
fn the_atom_feeds_parse_with_feedparser_and_point_at_the_pages() {
    let p = Project::sample();
    site(&p, TODAY, "public", &["--base-url", BASE, "--no-fax"]).ok();
    for lang in LANGS {
        let feed = check(&[
            "feed",
            s(&p.path(&format!("public/{lang}/feed.atom"))),
            s(&p.path("public")),
            BASE,
        ]);
        assert_eq!(feed["problems"], Value::Array(vec![]), "{feed:#}");
        assert_eq!(feed["language"], lang);
        let entries = feed["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 2, "{feed:#}");
        // The Mukhortova appeal's issue date; UA 82/18 has none, so the build date.
        let by_id = |id: &str| {
            entries
                .iter()
                .find(|e| e["id"] == format!("{BASE}{lang}/{id}/").as_str())
                .unwrap_or_else(|| panic!("{lang}: no entry {id}"))
        };
        assert_eq!(
            by_id("fld-2014-mukhortova")["updated"],
            "2014-08-15T00:00:00Z"
        );
        assert_eq!(by_id("ua-82-18")["updated"], "2018-05-20T00:00:00Z");
        assert_eq!(by_id("ua-82-18")["title"], expected(lang).0);
    }
}

#[test]
fn without_a_site_address_feeds_and_alternates_are_left_out_with_a_warning() {
    let p = Project::sample();
    let run = site(&p, TODAY, "public", &["--no-fax"]).ok();
    assert!(
        run.stderr.contains("warning: no site address"),
        "{}",
        run.stderr
    );
    assert!(!p.path("public/en/feed.atom").exists());
    let page = std::fs::read_to_string(p.path("public/en/ua-82-18/index.html")).unwrap();
    assert!(!page.contains("rel=\"alternate\""));
    // The settings give it too.
    p.edit(
        "appeals/campaign.yaml",
        "default_language: en\n",
        "default_language: en\nsite:\n  base_url: https://example.org/a\n",
    );
    let run = site(&p, TODAY, "public", &["--no-fax"]).ok();
    assert!(!run.stderr.contains("no site address"));
    let feed = std::fs::read_to_string(p.path("public/en/feed.atom")).unwrap();
    assert!(
        feed.contains("<id>https://example.org/a/en/</id>"),
        "{feed}"
    );
    // A bad address is a usage error.
    let run = site(&p, TODAY, "public", &["--base-url", "example.org"]).fails_with(2);
    assert!(run.stderr.contains("not an http(s) URL"), "{}", run.stderr);
}

#[test]
fn the_output_is_deterministic_and_unchanged_files_are_left_alone() {
    let p = Project::sample();
    site(&p, TODAY, "a", &["--base-url", BASE]).ok();
    site(&p, TODAY, "b", &["--base-url", BASE]).ok();
    let (mut a, mut b) = (tree(&p.path("a")), tree(&p.path("b")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    // The record names each file as this folder holds it (size, time, inode): that part is the
    // folder's own.
    for tree in [&mut a, &mut b] {
        let record = tree.get_mut(Path::new(".appeal-site-inputs")).unwrap();
        let text = String::from_utf8(record.clone()).unwrap();
        let text: String = text
            .lines()
            .filter(|l| !l.starts_with("{\"file\":"))
            .map(|l| format!("{l}\n"))
            .collect();
        *record = text.into_bytes();
    }
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "{} differs between builds",
            path.display()
        );
    }
    let stamp = |rel: &str| std::fs::metadata(p.path(rel)).unwrap().modified().unwrap();
    let before = stamp("a/en/ua-82-18/index.html");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let run = site(&p, TODAY, "a", &["--base-url", BASE]).ok();
    assert!(run.stdout.contains(" 0 written"), "{}", run.stdout);
    assert!(run.stdout.contains(" 0 removed"), "{}", run.stdout);
    assert_eq!(stamp("a/en/ua-82-18/index.html"), before);
    // A day later the count-down changes, and with it the pages; the PDFs' letters are dated.
    let run = site(&p, "2018-05-21", "a", &["--base-url", BASE]).ok();
    assert!(!run.stdout.contains(" 0 written"), "{}", run.stdout);
    let page = std::fs::read_to_string(p.path("a/en/ua-82-18/index.html")).unwrap();
    assert!(page.contains("17 days left"));
}

#[test]
fn pages_of_removed_cases_are_removed_and_other_files_stay() {
    let p = Project::sample();
    site(&p, TODAY, "public", &["--no-fax"]).ok();
    p.write("public/robots.txt", "User-agent: *\n");
    std::fs::remove_file(p.path("appeals/cases/fld-2014-mukhortova.yaml")).unwrap();
    let run = site(&p, TODAY, "public", &["--no-fax"]).ok();
    assert!(run.stdout.contains(" 3 removed"), "{}", run.stdout);
    for lang in LANGS {
        assert!(
            !p.path(&format!("public/{lang}/fld-2014-mukhortova"))
                .exists()
        );
    }
    assert!(p.path("public/robots.txt").exists());
    let links = check(&["links", s(&p.path("public"))]);
    assert_eq!(links["problems"], Value::Array(vec![]), "{links:#}");
}

/// Each file under `dir` with what tells one version on disk from another: its inode and
/// modification time (a file written again gets others; one left alone, or carried over from
/// the previous build, keeps them).
#[cfg(unix)]
fn stamps(dir: &Path) -> BTreeMap<PathBuf, (u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    tree(dir)
        .into_keys()
        .map(|rel| {
            let m = std::fs::metadata(dir.join(&rel)).unwrap();
            (rel, (m.ino(), m.modified().unwrap()))
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn an_unchanged_rebuild_makes_no_page_and_renders_no_pdf() {
    let p = Project::sample();
    let first = site(&p, TODAY, "public", &["--base-url", BASE]).ok();
    assert!(
        first
            .stdout
            .contains("6 pages made, 0 reused; 6 PDFs rendered, 0 reused"),
        "{}",
        first.stdout
    );
    let before = stamps(&p.path("public"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = site(&p, TODAY, "public", &["--base-url", BASE]).ok();
    assert!(
        again.stdout.contains(
            " 0 written, 33 unchanged, 0 removed; 0 pages made, 6 reused; 0 PDFs rendered, 6 reused"
        ),
        "{}",
        again.stdout
    );
    assert_eq!(
        stamps(&p.path("public")),
        before,
        "a file was written again"
    );
    // The warnings of the pages reused are told again, as when they were made.
    assert_eq!(again.stderr, first.stderr);
}

#[cfg(unix)]
#[test]
fn a_changed_case_remakes_its_own_files_and_the_lists_only() {
    let p = Project::sample();
    site(&p, TODAY, "public", &["--base-url", BASE]).ok();
    let before = stamps(&p.path("public"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    // A reworded English ask: UA 82/18's pages are made again, in every language (its file
    // changed), but only its English letters and faxes change; the other case is left alone.
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "end the criminal prosecution of Ardak Ashym",
        "stop the criminal prosecution of Ardak Ashym",
    );
    let run = site(&p, TODAY, "public", &["--base-url", BASE]).ok();
    assert!(
        run.stdout
            .contains("3 pages made, 3 reused; 2 PDFs rendered, 4 reused"),
        "{}",
        run.stdout
    );
    let after = stamps(&p.path("public"));
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(path, stamp)| before[*path] != **stamp)
        .map(|(path, _)| path)
        .collect();
    for path in &changed {
        let rel = path.to_str().unwrap();
        let lists = ["index.html", "archive.html", "feed.atom"]
            .iter()
            .any(|f| LANGS.iter().any(|l| rel == format!("{l}/{f}")));
        assert!(
            rel.contains("/ua-82-18/") || lists || rel == ".appeal-site-inputs",
            "{rel} was written, but it is not the changed case's nor a list"
        );
    }
    for rel in [
        "en/ua-82-18/letter-kz-prosecutor-general.txt",
        "en/ua-82-18/fax-kz-prosecutor-general.pdf",
        "en/ua-82-18/index.html",
    ] {
        assert!(
            changed.contains(&&PathBuf::from(rel)),
            "{rel} not written: {changed:?}"
        );
    }
    for rel in [
        "ru/ua-82-18/fax-kz-prosecutor-general.pdf",
        "en/fld-2014-mukhortova/index.html",
    ] {
        assert!(
            !changed.contains(&&PathBuf::from(rel)),
            "{rel} written again"
        );
    }
    let pdf = std::fs::read(p.path("public/en/ua-82-18/fax-kz-prosecutor-general.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn a_project_without_the_site_templates_is_told_what_is_missing() {
    let p = Project::sample();
    std::fs::remove_file(p.path("templates/site/feed.xml")).unwrap();
    let run = site(&p, TODAY, "public", &[]).fails_with(1);
    assert!(
        run.stderr
            .contains("templates/site/feed.xml:1:1: error: template `site/feed.xml` is missing"),
        "{}",
        run.stderr
    );
    assert!(!p.path("public").exists());
}

#[test]
fn golden_html_of_one_case_in_every_language() {
    let p = Project::sample();
    site(&p, TODAY, "public", &["--base-url", BASE, "--no-fax"]).ok();
    for lang in LANGS {
        for (file, golden_name) in [
            ("ua-82-18/index.html", "ua-82-18.html"),
            ("index.html", "index.html"),
        ] {
            golden(
                &format!("site/{lang}/{golden_name}"),
                &std::fs::read_to_string(p.path(&format!("public/{lang}/{file}"))).unwrap(),
            );
        }
    }
    golden(
        "site/en/feed.atom",
        &std::fs::read_to_string(p.path("public/en/feed.atom")).unwrap(),
    );
}

/// A static file server on 127.0.0.1 for the browser test, stopped when dropped.
struct Server {
    child: std::process::Child,
    port: u16,
}

impl Server {
    fn start(dir: &Path) -> Server {
        use std::io::BufRead;
        let mut child = Command::new("python3")
            .args([
                "-u",
                "-m",
                "http.server",
                "0",
                "--bind",
                "127.0.0.1",
                "--directory",
            ])
            .arg(dir)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 -m http.server");
        // "Serving HTTP on 127.0.0.1 port 38693 (http://127.0.0.1:38693/) ..."
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .split("port ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        Server { child, port }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_pages_work_in_a_real_browser_with_no_accessibility_violations() {
    let modules = repo().join(".ci/node_modules");
    if !common::have("chromium") || !modules.join("puppeteer-core").is_dir() {
        eprintln!(
            "SKIPPED the browser test: chromium or .ci/node_modules/puppeteer-core is missing; run scripts/setup"
        );
        return;
    }
    let p = Project::sample();
    site(&p, TODAY, "public", &["--base-url", BASE, "--no-fax"]).ok();
    let server = Server::start(&p.path("public"));
    let shots = repo().join("target/site-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let config = serde_json::json!({
        "base": format!("http://127.0.0.1:{}/", server.port),
        "langs": LANGS,
        "case": "ua-82-18",
        "now": "2018-05-20T06:00:00Z",
        "later": "2018-05-30T06:00:00Z",
        "shots": shots,
    });
    let out = Command::new("node")
        .arg(repo().join("tests/site/browser.js"))
        .arg(config.to_string())
        .env("NODE_PATH", &modules)
        .output()
        .expect("node");
    drop(server);
    assert!(
        out.status.success(),
        "browser.js failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Nothing but the local server was asked for anything.
    assert_eq!(
        seen["offHost"],
        serde_json::json!([]),
        "{:#}",
        seen["requests"]
    );
    for url in seen["requests"].as_array().unwrap() {
        assert!(
            url.as_str().unwrap().starts_with("http://127.0.0.1:"),
            "{url}"
        );
    }
    let serious = |violations: &Value| -> Vec<Value> {
        violations
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
            .cloned()
            .collect()
    };
    for key in ["axe:root", "axe:en/archive.html"] {
        assert_eq!(serious(&seen[key]), Vec::<Value>::new(), "{key}");
    }
    for lang in LANGS {
        let r = &seen["langs"][lang];
        let (title, deadline, targets) = expected(lang);
        assert_eq!(r["status"], 200);
        for key in ["axeAction", "axeIndex"] {
            assert_eq!(
                serious(&r[key]),
                Vec::<Value>::new(),
                "{lang} {key}: {:#}",
                r[key]
            );
        }
        let shot = shots.join(format!("{lang}-action.png"));
        assert!(
            std::fs::read(&shot).unwrap().starts_with(b"\x89PNG"),
            "{}",
            shot.display()
        );
        for view in ["action", "noScript"] {
            let a = &r[view];
            assert_eq!(a["lang"], lang);
            assert_eq!(a["h1"], title, "{lang} {view}");
            assert_eq!(a["deadline"][0], deadline, "{lang} {view}");
            assert_eq!(a["targets"], serde_json::json!(targets), "{lang} {view}");
            let letters = a["letters"].as_array().unwrap();
            assert_eq!(letters.len(), 2);
            for l in letters {
                let slug = l["id"].as_str().unwrap().trim_start_matches("text-");
                let file = p.read(&format!("public/{lang}/ua-82-18/letter-{slug}.txt"));
                assert_eq!(l["text"], file.as_str(), "{lang} {view} {slug}");
            }
            for m in a["mailtos"].as_array().unwrap() {
                assert_eq!(m["protocol"], "mailto:");
                assert!(m["href"].as_str().unwrap().len() <= 2000);
                assert!(
                    m["to"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .all(|t| t.as_str().unwrap().contains('@'))
                );
                assert!(
                    m["subject"].as_str().unwrap().ends_with("(UA 82/18)"),
                    "{m}"
                );
            }
            assert_eq!(a["mailtos"].as_array().unwrap().len(), 1);
        }
        // The script shows the copy buttons; without it they stay hidden.
        assert!(
            r["action"]["copyButtons"]
                .as_array()
                .unwrap()
                .iter()
                .all(|b| b["visible"] == true)
        );
        assert!(
            r["noScript"]["copyButtons"]
                .as_array()
                .unwrap()
                .iter()
                .all(|b| b["visible"] == false)
        );
        // The copy button puts the letter on the clipboard (and selects it).
        let copy = &r["copy"];
        // (Clipboard and selection drop the final line break.)
        let letter = copy["letter"].as_str().unwrap().trim_end();
        assert_eq!(
            copy["clipboard"].as_str().unwrap().trim_end(),
            letter,
            "{lang}"
        );
        assert_eq!(
            copy["selected"].as_str().unwrap().trim_end(),
            letter,
            "{lang}"
        );
        assert!(copy["letter"].as_str().unwrap().len() > 500);
        // Build-time count, then the live one ten days later.
        let (now, later) = match lang {
            "en" => ("18 days left", "8 days left"),
            "ru" => ("Осталось 18 дней", "Осталось 8 дней"),
            _ => ("18 күн қалды", "8 күн қалды"),
        };
        assert_eq!(r["action"]["daysLeft"], now);
        assert_eq!(r["noScript"]["daysLeft"], now);
        assert_eq!(r["later"], later);
        // A phone's width, visible focus, print without controls.
        assert!(
            r["narrow"]["scrollWidth"].as_u64().unwrap() <= 360,
            "{lang}: {}",
            r["narrow"]
        );
        assert_eq!(r["firstFocus"]["cls"], "skip");
        assert_ne!(r["firstFocus"]["outline"], "none");
        assert_eq!(r["print"]["copyHidden"], true);
        assert_eq!(r["print"]["lettersShown"], true);
        // The index lists the open action.
        assert_eq!(r["indexStatus"], 200);
        assert_eq!(r["index"]["lang"], lang);
        assert_eq!(r["index"]["cards"][0]["text"], title);
        assert_eq!(r["index"]["cards"][0]["href"], "ua-82-18/index.html");
    }
}

/// The deadline's explanation names the last day to send, which is itself the last of the
/// working days counted (the 30th working day from 15 August 2014 is Monday 29 September),
/// never "once 30 working days have gone by" (third native review: that reads as one day
/// later).
#[test]
fn the_kazakh_working_day_explanation_counts_the_deadline_day_itself() {
    let p = Project::sample();
    site(&p, "2014-09-01", "public", &[]).ok();
    let kk = p.read("public/kk/fld-2014-mukhortova/index.html");
    assert!(
        kk.contains("2014 жылғы 15 тамыз күнінен бастап 30 жұмыс күні"),
        "{kk}"
    );
    assert!(
        kk.contains("өтініштерді 2014 жылғы 30 қыркүйектен бұрын жіберу керек (соңғы күні — 2014 жылғы 29 қыркүйек)"),
        "{kk}"
    );
    assert!(!kk.contains("өткен соң"), "{kk}");
}

/// A copy is never listed with no way to reach it: its email, else its postal address, and
/// the UA's "postal address not known" when there is none.
#[test]
fn every_copy_on_the_page_says_where_to_send_it() {
    let p = Project::sample();
    let file = "appeals/authorities/kz/foreign-minister.yaml";
    let address = "address:\n  en:\n    - 31 D. Kunaev Street\n    - Astana\n    - Republic of Kazakhstan\n  ru:\n    - ул. Д. Кунаева, 31\n    - Астана\n    - Республика Казахстан\n  kk:\n    - Д. Қонаев көшесі, 31\n    - Астана қ.\n    - Қазақстан Республикасы\n";
    p.edit(file, address, "");
    p.edit(file, "  address: 2018-05-05\n", "");
    site(&p, TODAY, "public", &[]).ok();
    let ru = p.read("public/ru/ua-82-18/index.html");
    assert!(
        ru.contains("mfa@mfa.kz (почтовый адрес неизвестен)</li>"),
        "{ru}"
    );
    let kk = p.read("public/kk/ua-82-18/index.html");
    assert!(
        kk.contains("mfa@mfa.kz (пошта мекенжайы белгісіз)</li>"),
        "{kk}"
    );
    // With an address and no email, the address.
    p.edit(file, "emails:\n  - mfa@mfa.kz\n", address);
    p.edit(file, "  emails: 2018-05-05\n", "  address: 2018-05-05\n");
    site(&p, TODAY, "public", &[]).ok();
    let ru = p.read("public/ru/ua-82-18/index.html");
    assert!(
        ru.contains(": ул. Д. Кунаева, 31, Астана, Республика Казахстан</li>"),
        "{ru}"
    );
}

/// The record's lines, each as JSON (the header left out).
fn record(p: &Project, out: &str) -> Vec<Value> {
    p.read(&format!("{out}/.appeal-site-inputs"))
        .lines()
        .skip(1)
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Writes the record's `lines` back under its header.
fn write_record(p: &Project, out: &str, lines: &[Value]) {
    let path = format!("{out}/.appeal-site-inputs");
    let header = p.read(&path).lines().next().unwrap().to_string();
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    p.write(&path, &format!("{header}\n{body}"));
}

#[cfg(unix)]
#[test]
fn a_page_or_pdf_changed_by_hand_is_made_again() {
    use std::io::Write;
    let p = Project::sample();
    site(&p, TODAY, "public", &["--base-url", BASE]).ok();
    let before = tree(&p.path("public"));
    // Appended to in place (the same file), and replaced by another of the same size.
    let pdf = p.path("public/en/ua-82-18/fax-kz-ombudsman.pdf");
    std::fs::OpenOptions::new()
        .append(true)
        .open(&pdf)
        .unwrap()
        .write_all(b"%% changed by hand\n")
        .unwrap();
    let page = "public/ru/ua-82-18/index.html";
    let text = p.read(page).replacen("<title>", "<title>X", 1);
    std::fs::write(p.path("other.html"), &text[..text.len() - 1]).unwrap();
    std::fs::rename(p.path("other.html"), p.path(page)).unwrap();
    let run = site(&p, TODAY, "public", &["--base-url", BASE]).ok();
    assert!(
        run.stdout
            .contains("2 pages made, 4 reused; 1 PDFs rendered, 5 reused"),
        "{}",
        run.stdout
    );
    let after = tree(&p.path("public"));
    for (path, bytes) in &before {
        if path != Path::new(".appeal-site-inputs") {
            assert!(after[path] == *bytes, "{} is not as built", path.display());
        }
    }
}

#[cfg(unix)]
#[test]
fn a_page_reached_through_a_link_is_never_published_from_outside_the_folder() {
    let p = Project::sample();
    site(&p, TODAY, "public", &["--base-url", BASE]).ok();
    // The page's folder moved out (its files the same, with their times) and linked back.
    let outside = tempfile::tempdir().unwrap();
    let moved = outside.path().join("ua-82-18");
    std::fs::rename(p.path("public/en/ua-82-18"), &moved).unwrap();
    std::fs::write(moved.join("index.html"), "not the page").unwrap();
    std::os::unix::fs::symlink(&moved, p.path("public/en/ua-82-18")).unwrap();
    let run = site(&p, TODAY, "public", &["--base-url", BASE]).fails_with(3);
    assert!(
        run.stderr
            .contains("public/en/ua-82-18: a file where the new output has a folder"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(moved.join("index.html")).unwrap(),
        "not the page"
    );
    // Once the link is gone, the page is made again.
    std::fs::remove_file(p.path("public/en/ua-82-18")).unwrap();
    site(&p, TODAY, "public", &["--base-url", BASE]).ok();
    assert!(p.read("public/en/ua-82-18/index.html").contains("<html"));
}

#[test]
fn a_record_naming_files_outside_a_page_s_folder_is_not_reused() {
    let p = Project::sample();
    site(&p, TODAY, "public", &["--base-url", BASE]).ok();
    let outside = tempfile::tempdir().unwrap();
    let precious = outside.path().join("precious.pdf");
    std::fs::write(&precious, "keep").unwrap();
    let before = tree(&p.path("public"));
    let mut lines = record(&p, "public");
    for line in &mut lines {
        if let Some(page) = line.get_mut("page") {
            let files = match page["page"].as_str().unwrap() {
                // Another page's file instead of its own.
                "en/ua-82-18" => vec!["en/fld-2014-mukhortova/index.html".to_string()],
                // Files outside the folder, beside its own.
                "ru/ua-82-18" => {
                    let mut files: Vec<String> =
                        serde_json::from_value(page["files"].clone()).unwrap();
                    files.push(precious.display().to_string());
                    files.push(format!(
                        "../{}",
                        precious.file_name().unwrap().to_str().unwrap()
                    ));
                    files
                }
                // None at all.
                "kk/ua-82-18" => Vec::new(),
                _ => continue,
            };
            page["files"] = serde_json::json!(files);
        }
        if let Some(fax) = line.get_mut("fax") {
            fax["path"] = serde_json::json!(precious.display().to_string());
        }
    }
    write_record(&p, "public", &lines);
    let run = site(&p, TODAY, "public", &["--base-url", BASE]).ok();
    assert!(
        run.stdout
            .contains("3 pages made, 3 reused; 6 PDFs rendered, 0 reused")
            && run.stdout.contains(" 0 removed;"),
        "{}",
        run.stdout
    );
    let after = tree(&p.path("public"));
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep");
}

#[cfg(unix)]
#[test]
fn a_record_or_file_list_that_is_not_a_regular_file_is_not_read() {
    let p = Project::sample();
    site(&p, TODAY, "public", &["--base-url", BASE]).ok();
    for own in [".appeal-site-inputs", ".appeal-site"] {
        std::fs::remove_file(p.path(&format!("public/{own}"))).unwrap();
        p.mkfifo(&format!("public/{own}"));
        p.run_or_stop(&[
            "--today",
            TODAY,
            "site",
            "--out",
            "public",
            "--base-url",
            BASE,
        ])
        .ok();
        let text = p.read(&format!("public/{own}"));
        assert!(text.contains("en/ua-82-18/index.html"), "{own}: {text}");
    }
}
