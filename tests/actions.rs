//! Actions that count, against the real binary and the real server on 127.0.0.1: the "I sent my
//! appeal" link in every alert and reminder, `appeal serve` recording it (once, durably, with no
//! address), `report`, `mail --only acted|not-acted --of`, `remind` skipping who acted,
//! `actions import`, the site counter, and no tracking of any other kind.

mod common;
use common::server::Server;
use common::sink::Sink;
use common::{Project, TOKEN_SECRET};
use std::collections::{BTreeMap, BTreeSet};

/// `n` supporters, `s<i>@example.net`, in en, ru and kk by turns.
fn supporters(n: usize) -> String {
    let mut csv = String::from("email,name,language\n");
    for i in 0..n {
        let lang = ["en", "ru", "kk"][i % 3];
        csv.push_str(&format!("s{i}@example.net,Supporter {i},{lang}\n"));
    }
    csv
}

fn project(n: usize) -> Project {
    let p = Project::sample();
    p.write("s.csv", &supporters(n));
    p
}

/// A message as written by a dry run: its recipient and its two bodies.
struct Written {
    to: String,
    text: String,
    html: String,
}

/// The messages a dry run wrote under `out/<case>/mail/`, by file name.
fn written(p: &Project, out: &str, case: &str) -> Vec<Written> {
    let dir = p.path(&format!("{out}/{case}/mail"));
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).unwrap();
            let m = mail_parser::MessageParser::default().parse(&bytes).unwrap();
            let to = m
                .to()
                .and_then(|a| a.first())
                .and_then(|a| a.address())
                .unwrap()
                .to_string();
            Written {
                to,
                text: m.body_text(0).unwrap().into_owned(),
                html: m.body_html(0).unwrap().into_owned(),
            }
        })
        .collect()
}

/// A dry run of `args` (a mailing) writing under `out`; returns its standard output.
fn dry_run(p: &Project, today: &str, args: &[&str], out: &str) -> String {
    let mut all = vec!["--today", today];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--supporters", "s.csv", "--out", out]);
    p.run(&all).ok().stdout
}

/// The path (`/acted/<token>`) of the "I sent my appeal" link in a message's text.
fn acted_path(text: &str) -> String {
    let at = text
        .find("https://example.org/acted/")
        .unwrap_or_else(|| panic!("no acted link in:\n{text}"));
    let url = text[at..].split_whitespace().next().unwrap();
    url.strip_prefix("https://example.org").unwrap().to_string()
}

fn ledger(p: &Project) -> String {
    std::fs::read_to_string(p.path(".appeal/actions.tsv")).unwrap_or_default()
}

fn report_json(p: &Project, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["report", "--json"];
    all.extend_from_slice(args);
    let run = p.run(&all).ok();
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

#[test]
fn thirty_supporters_seven_act_then_report_segments_and_remind_agree() {
    let p = project(30);
    dry_run(&p, "2018-05-20", &["mail", "ua-82-18"], "out1");
    let mail = written(&p, "out1", "ua-82-18");
    assert_eq!(mail.len(), 30);
    let links: BTreeMap<String, String> = mail
        .iter()
        .map(|m| (m.to.clone(), acted_path(&m.text)))
        .collect();
    // The HTML part links to the same URL.
    for m in &mail {
        assert!(
            m.html
                .contains(&format!("href=\"https://example.org{}\"", links[&m.to]))
        );
    }

    let server = Server::start(&p, "2018-05-21");
    let acting: Vec<String> = (0..7).map(|i| format!("s{}@example.net", i * 4)).collect();
    for (n, address) in acting.iter().enumerate() {
        let a = server.request("POST", &links[address], "acted=1");
        assert_eq!(a.status, 200, "{}\n{}", a.head, a.body);
        assert!(
            a.head
                .to_ascii_lowercase()
                .contains("cache-control: no-store")
        );
        // On disk when the answer came: one record per action so far.
        assert_eq!(ledger(&p).lines().count(), 2 + n, "{}", ledger(&p));
        if n == 2 {
            // One supporter presses twice: the same page, nothing more recorded.
            let again = server.request("POST", &links[address], "acted=1");
            assert_eq!(again.status, 200);
            assert_eq!(again.body, a.body);
            assert_eq!(ledger(&p).lines().count(), 2 + n);
        }
    }
    // A forged link (one character changed): 404, nothing recorded.
    let mut forged = links["s1@example.net"].clone().into_bytes();
    let at = forged.len() - 6;
    forged[at] = if forged[at] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    let a = server.request("POST", &forged, "acted=1");
    assert_eq!(a.status, 404);
    assert!(a.body.contains("This link is not valid"), "{}", a.body);
    // A GET (a mail scanner, or a person before pressing): the page, nothing recorded.
    let a = server.request("GET", &links["s2@example.net"], "");
    assert_eq!(a.status, 200);
    assert!(a.body.contains("<html lang=\"kk\">"), "{}", a.body);
    assert!(a.body.contains("Өтініш жіберіп қойдыңыз ба?"));
    assert!(a.body.contains("name=\"acted\" value=\"1\""));
    assert_eq!(a.body.matches("<button").count(), 1);
    assert!(!a.body.contains("s2@"), "the page never shows the address");
    // kill -9 right after the last 200: nothing is lost.
    server.kill();
    let text = ledger(&p);
    assert_eq!(text.lines().count(), 8, "{text}");
    assert!(text.starts_with("# appeal actions v1\n"));
    // No address, no IP: time, case, list, fingerprint, source.
    assert!(!text.contains('@') && !text.contains("127.0.0.1"), "{text}");
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 5, "{line}");
        assert_eq!(
            &cols[..3],
            [
                "2018-05-21T12:00:00Z",
                "ua-82-18",
                "urgent-actions.example.org"
            ]
        );
        assert_eq!(cols[3].len(), 22);
        assert_eq!(cols[4], "acted link");
    }

    let report = p.run(&["report", "ua-82-18"]).ok().stdout;
    assert!(
        report.contains("ua-82-18: mailed 0, reminded 0, acted 7,"),
        "{report}"
    );
    assert!(report.contains("2018-05-21 ####"), "{report}");
    let json = report_json(&p, &["ua-82-18"]);
    assert_eq!(json[0]["acted"], 7);
    assert_eq!(json[0]["days"]["2018-05-21"], 7);

    let out = dry_run(
        &p,
        "2018-05-20",
        &["mail", "ua-82-18", "--only", "not-acted"],
        "out2",
    );
    assert!(
        out.contains("skipped, already acted on ua-82-18: 7"),
        "{out}"
    );
    let not_acted = written(&p, "out2", "ua-82-18");
    assert_eq!(not_acted.len(), 23);
    assert!(not_acted.iter().all(|m| !acting.contains(&m.to)));
    let out = dry_run(
        &p,
        "2018-05-20",
        &["mail", "ua-82-18", "--only", "acted", "--of", "ua-82-18"],
        "out3",
    );
    assert!(
        out.contains("skipped, did not act on ua-82-18: 23"),
        "{out}"
    );
    let acted: BTreeSet<String> = written(&p, "out3", "ua-82-18")
        .into_iter()
        .map(|m| m.to)
        .collect();
    assert_eq!(acted, acting.iter().cloned().collect());

    // A week before the deadline the reminder goes to the other 23, with the link again.
    let out = dry_run(&p, "2018-06-01", &["remind"], "out4");
    assert!(
        out.contains("skipped, already acted on ua-82-18: 7"),
        "{out}"
    );
    let reminded = written(&p, "out4", "ua-82-18");
    assert_eq!(reminded.len(), 23);
    for m in &reminded {
        assert!(!acting.contains(&m.to));
        assert_eq!(
            acted_path(&m.text),
            links[&m.to],
            "the same link as the alert's"
        );
    }

    // Suppressions always win: an unsubscribed supporter who acted gets no outcome mail.
    p.run(&["suppress", "add", "s4@example.net"]).ok();
    let out = dry_run(
        &p,
        "2018-05-20",
        &["mail", "ua-82-18", "--only", "acted"],
        "out5",
    );
    assert!(out.contains("removed by hand): 1"), "{out}");
    assert_eq!(written(&p, "out5", "ua-82-18").len(), 6);
}

#[test]
fn no_tracking_pixel_no_redirect_only_the_two_token_links_differ() {
    let p = project(9);
    dry_run(&p, "2018-05-20", &["mail", "ua-82-18"], "alerts");
    dry_run(&p, "2018-06-01", &["remind"], "reminders");
    let tokens = appeal::unsubscribe::Tokens::new(TOKEN_SECRET.as_bytes()).unwrap();
    for out in ["alerts", "reminders"] {
        let messages = written(&p, out, "ua-82-18");
        assert_eq!(messages.len(), 9);
        // Web links (http, https) by language: those that differ between supporters of one
        // language must be their own two token links, and nothing else.
        let mut by_lang: BTreeMap<String, Vec<BTreeSet<String>>> = BTreeMap::new();
        for m in &messages {
            let html = m.html.to_ascii_lowercase();
            for tracking in ["<img", "src=", "background=", "url(", "<link", "<script"] {
                assert!(
                    !html.contains(tracking),
                    "{tracking} in the alert to {}",
                    m.to
                );
            }
            let urls: BTreeSet<String> = [&m.text, &m.html]
                .iter()
                .flat_map(|body| web_links(body))
                .collect();
            let lang = html
                .split("<html lang=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap()
                .to_string();
            for url in &urls {
                let token = url
                    .strip_prefix("https://example.org/acted/")
                    .or_else(|| url.strip_prefix("https://example.org/unsubscribe/"));
                if let Some(token) = token {
                    let opened = tokens.open(token).unwrap();
                    assert_eq!(opened.subscriber.address, m.to, "{url}");
                }
            }
            by_lang.entry(lang).or_default().push(urls);
        }
        for (lang, sets) in by_lang {
            let everywhere: BTreeSet<&String> = sets[0]
                .iter()
                .filter(|u| sets.iter().all(|s| s.contains(*u)))
                .collect();
            for set in &sets {
                let own: Vec<&String> = set.iter().filter(|u| !everywhere.contains(u)).collect();
                assert_eq!(own.len(), 2, "{lang}: {own:?}");
                assert!(
                    own.iter()
                        .any(|u| u.starts_with("https://example.org/acted/"))
                );
                assert!(
                    own.iter()
                        .any(|u| u.starts_with("https://example.org/unsubscribe/"))
                );
            }
        }
    }
}

/// Every http(s) URL in a body (text or HTML), cut at a space, a quote or `<`.
fn web_links(body: &str) -> Vec<String> {
    let mut found = Vec::new();
    for scheme in ["http://", "https://"] {
        for (at, _) in body.match_indices(scheme) {
            let rest = &body[at..];
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '\'')
                .unwrap_or(rest.len());
            found.push(rest[..end].trim_end_matches(['.', ',', ')']).to_string());
        }
    }
    found
}

#[test]
fn report_counts_what_was_sent_mailed_reminded_and_left() {
    let p = project(12);
    let sink = Sink::start(&[]);
    let url = sink.url();
    let send = |args: &[&str]| {
        let mut all = vec!["--today", "2018-05-20"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--smtp", &url, "--send"]);
        p.run(&all).ok()
    };
    send(&["send", "ua-82-18"]);
    send(&["mail", "ua-82-18", "--supporters", "s.csv"]);
    // Three actions recorded by the server, as `actions import` brings them home (with a
    // byte order mark, a comment and a blank line above the header, as an editor may leave).
    let tokens = appeal::unsubscribe::Tokens::new(TOKEN_SECRET.as_bytes()).unwrap();
    let mut server_ledger =
        String::from("\u{feff}# copied from the server\n\n# appeal actions v1\n");
    for (i, day) in [(0, "05-21"), (1, "05-21"), (5, "05-23")] {
        server_ledger.push_str(&format!(
            "2018-{day}T09:00:00Z\tua-82-18\turgent-actions.example.org\t{}\tacted link\n",
            tokens.fingerprint(&format!("s{i}@example.net"))
        ));
    }
    p.write("server-actions.tsv", &server_ledger);
    let run = p.run(&["actions", "import", "server-actions.tsv"]).ok();
    assert!(
        run.stdout.contains("imported: 3 action(s) of 3"),
        "{}",
        run.stdout
    );
    let run = p.run(&["actions", "import", "server-actions.tsv"]).ok();
    assert!(
        run.stdout.contains("imported: 0 action(s) of 3"),
        "{}",
        run.stdout
    );
    // The reminder goes to the nine who did not act.
    p.run(&[
        "--today",
        "2018-06-01",
        "remind",
        "--supporters",
        "s.csv",
        "--smtp",
        &url,
        "--send",
    ])
    .ok();
    // Who left, bounced and complained.
    p.run(&[
        "suppress",
        "add",
        "s1@example.net",
        "--reason",
        "unsubscribed",
    ])
    .ok();
    p.run(&[
        "suppress",
        "add",
        "s2@example.net",
        "--reason",
        "hard-bounce",
    ])
    .ok();
    p.run(&["suppress", "add", "s3@example.net", "--reason", "complaint"])
        .ok();

    let json = report_json(&p, &["--supporters", "s.csv"]);
    let case = json
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["case"] == "ua-82-18")
        .unwrap();
    for (field, want) in [
        ("mailed", 12),
        ("reminded", 9),
        ("acted", 3),
        ("unsubscribed", 1),
        ("bounced", 1),
        ("complaints", 1),
    ] {
        assert!(case[field].is_u64(), "{field} is an integer: {case}");
        assert_eq!(case[field], want, "{field}: {case}");
    }
    assert_eq!(case["acted_percent"], 25.0);
    assert_eq!(case["languages"]["en"]["mailed"], 4);
    assert_eq!(case["languages"]["en"]["acted"], 1);
    assert_eq!(case["languages"]["ru"]["acted"], 1);
    assert_eq!(case["languages"]["kk"]["acted"], 1);
    assert_eq!(case["languages"]["ru"]["unsubscribed"], 1);
    assert_eq!(case["days"]["2018-05-21"], 2);
    assert_eq!(case["days"]["2018-05-23"], 1);
    let roles = case["authorities"].as_object().unwrap();
    assert!(roles.len() >= 2, "{case}");
    assert!(
        roles
            .values()
            .all(|s| s["email"].as_u64().unwrap() + s["fax"].as_u64().unwrap() >= 1)
    );
    assert!(case.get("addresses").is_none(), "numbers only unless asked");
    let text = p.run(&["report", "ua-82-18"]).ok().stdout;
    assert!(!text.contains('@'), "numbers only: {text}");
    assert!(
        text.contains(
            "mailed 12, reminded 9, acted 3 (25.0%), unsubscribed 1, bounced 1, complaints 1"
        ),
        "{text}"
    );

    // Addresses only when asked, matched in the supporters file.
    let json = report_json(&p, &["ua-82-18", "--supporters", "s.csv", "--addresses"]);
    let who: Vec<&str> = json[0]["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["address"].as_str().unwrap())
        .collect();
    assert_eq!(who, ["s0@example.net", "s1@example.net", "s5@example.net"]);

    // CSV for spreadsheets, read back by Python's csv module.
    let csv = p
        .run(&["report", "ua-82-18", "--csv", "--supporters", "s.csv"])
        .ok()
        .stdout;
    let rows = common::python(
        "import csv,sys,json; print(json.dumps(list(csv.DictReader(open(sys.argv[1])))))",
        &[&{
            p.write("r.csv", &csv);
            p.path("r.csv").display().to_string()
        }],
    );
    let rows: Vec<BTreeMap<String, String>> = serde_json::from_str(&rows).unwrap();
    let all = rows.iter().find(|r| r["language"] == "all").unwrap();
    assert_eq!(all["mailed"], "12");
    assert_eq!(all["acted"], "3");
    assert_eq!(all["acted_percent"], "25.0");
    assert!(
        rows.iter()
            .any(|r| r["language"] == "kk" && r["mailed"] == "4")
    );
    assert!(
        rows.iter()
            .any(|r| r["authority"] == "kz/prosecutor-general")
    );
}

#[test]
fn old_unsubscribe_links_still_work_and_a_token_does_only_its_own_job() {
    let p = project(3);
    dry_run(&p, "2018-05-20", &["mail", "ua-82-18"], "out");
    let mail = written(&p, "out", "ua-82-18");
    let server = Server::start_as(&p, "2018-05-21", "unsubscribe-server");
    let acted = acted_path(&mail[0].text);
    // An "I sent my appeal" link does not unsubscribe, and an unsubscribe link does not count.
    let a = server.request("POST", &acted, "List-Unsubscribe=One-Click");
    assert_eq!(a.status, 400);
    let unsubscribe_at = mail[0]
        .text
        .find("https://example.org/unsubscribe/")
        .unwrap();
    let unsubscribe = mail[0].text[unsubscribe_at..]
        .split_whitespace()
        .next()
        .unwrap()
        .strip_prefix("https://example.org")
        .unwrap()
        .to_string();
    let a = server.request("POST", &unsubscribe, "acted=1");
    assert_eq!(a.status, 400);
    assert!(ledger(&p).is_empty());
    assert!(!p.path(".appeal/suppressions.tsv").exists());
    // A link from the previous release (version-1 token, still in mailboxes): it unsubscribes.
    let old = "/unsubscribe/oYPeHmI4PkNCXLOLfIItniOrKfbPxFxmvejILgChv3giCFA5Xsr9jvB59Ax7zg1GvmhJUbgHfDISZCGQpPSHM5x4jVjOmNpqIQo";
    let a = server.request("GET", old, "");
    assert_eq!(a.status, 200);
    assert!(
        a.body.contains("Stop receiving urgent-action emails"),
        "{}",
        a.body
    );
    let a = server.request("POST", old, "List-Unsubscribe=One-Click");
    assert_eq!(a.status, 200, "{}", a.body);
    let suppressed = p.read(".appeal/suppressions.tsv");
    assert!(
        suppressed.contains("\tadd\t")
            && suppressed.contains("\tunsubscribed\turgent-actions.example.org\t"),
        "{suppressed}"
    );
    // Behind any prefix: only the last segment counts.
    let a = server.request("POST", &format!("/a/b{acted}"), "acted=1");
    assert_eq!(a.status, 200);
    assert!(
        a.body.contains("Your appeal has been counted")
            || a.body.contains("учтено")
            || a.body.contains("есепке алынды")
    );
    assert_eq!(ledger(&p).lines().count(), 2);
}

#[test]
fn import_refuses_what_is_not_an_actions_ledger_and_writes_nothing() {
    let p = project(3);
    let tokens = appeal::unsubscribe::Tokens::new(TOKEN_SECRET.as_bytes()).unwrap();
    let fp = tokens.fingerprint("s0@example.net");
    p.write(
        "bad.tsv",
        &format!(
            "# appeal actions v1\n2018-05-21T09:00:00Z\tua-82-18\t-\t{fp}\tacted link\n\
             2018-05-21T09:00:00Z\tua-82-18\t-\ts1@example.net\tacted link\n"
        ),
    );
    let run = p.run(&["actions", "import", "bad.tsv"]).fails_with(1);
    assert!(
        run.stderr
            .contains("bad.tsv:3:33: error: fingerprint `s1@example.net`"),
        "{}",
        run.stderr
    );
    assert!(!p.path(".appeal/actions.tsv").exists());
    let run = p.run(&["actions", "import", "s.csv"]).fails_with(1);
    assert!(
        run.stderr.contains("not a ledger of actions"),
        "{}",
        run.stderr
    );
    assert!(!p.path(".appeal/actions.tsv").exists());
    // A damaged ledger stops a mailing that needs it, at its line.
    p.write(".appeal/actions.tsv", "# appeal actions v1\nnonsense\n");
    let run = p
        .run(&["--today", "2018-06-01", "remind", "--supporters", "s.csv"])
        .fails_with(1);
    assert!(
        run.stderr.contains(".appeal/actions.tsv:2:1: error:"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_site_counter_is_rounded_and_off_unless_asked() {
    let p = project(3);
    let tokens = appeal::unsubscribe::Tokens::new(TOKEN_SECRET.as_bytes()).unwrap();
    let mut ledger = String::from("# appeal actions v1\n");
    for i in 0..27 {
        let fp = tokens.fingerprint(&format!("s{i}@example.net"));
        ledger.push_str(&format!(
            "2018-05-21T09:00:00Z\tua-82-18\t-\t{fp}\tacted link\n"
        ));
        // A repeat counts once.
        ledger.push_str(&format!(
            "2018-05-22T09:00:00Z\tua-82-18\t-\t{fp}\tacted link\n"
        ));
    }
    p.write(".appeal/actions.tsv", &ledger);
    let page = |lang: &str| p.read(&format!("public/{lang}/ua-82-18/index.html"));
    p.run(&["--today", "2018-05-20", "site", "--no-fax"]).ok();
    assert!(!page("en").contains("class=\"counter\""), "off by default");
    p.edit(
        "appeals/campaign.yaml",
        "default_language: en\n",
        "default_language: en\nsite:\n  counter: true\n",
    );
    p.run(&["--today", "2018-05-20", "site", "--no-fax"]).ok();
    assert!(page("en").contains("<p class=\"counter\">At least 20 people have sent appeals.</p>"));
    assert!(page("ru").contains("Обращения уже отправили не менее 20 человек."));
    assert!(page("kk").contains("Кемінде 20 адам өтініш жолдады."));
    p.edit(
        "appeals/campaign.yaml",
        "  counter: true\n",
        "  counter: true\n  counter_step: 100\n",
    );
    p.run(&["--today", "2018-05-20", "site", "--no-fax"]).ok();
    assert!(
        !page("en").contains("class=\"counter\""),
        "27 is below a step of 100"
    );
    p.edit(
        "appeals/campaign.yaml",
        "counter_step: 100",
        "counter_step: 5",
    );
    let run = p.run(&["check"]).fails_with(1);
    assert!(run.stderr.contains("site.counter_step"), "{}", run.stderr);
}
