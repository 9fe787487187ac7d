//! Suppressions and one-click unsubscribe against the real binary: the unsubscribe server over
//! real HTTP on 127.0.0.1, then `mail` (dry run, and `--send` to Postfix's smtp-sink) skipping
//! whoever unsubscribed; `suppress add|remove|list|import` by hand.

mod common;
use common::sink::Sink;
use common::{Project, TOKEN_SECRET};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const SUPPORTERS: &str = "email,name,language\n\
    olga@example.net,Ольга Петрова,ru\n\
    jane@example.net,Jane Doe,en\n\
    aigerim@example.net,Айгерім Сәрсенова,kk\n";

fn project() -> Project {
    let p = Project::sample();
    p.write("s.csv", SUPPORTERS);
    p
}

/// A dry run writing every message under `out/`; returns the run.
fn dry_run(p: &Project, out: &str) -> common::Run {
    p.run(&[
        "--today",
        "2018-05-20",
        "mail",
        "ua-82-18",
        "--supporters",
        "s.csv",
        "--out",
        out,
    ])
    .ok()
}

/// The written messages: (file name, text with headers unfolded).
fn messages(p: &Project, out: &str) -> Vec<(String, String)> {
    let dir = p.path(&format!("{out}/ua-82-18/mail"));
    let mut found: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let text = std::fs::read_to_string(e.path()).unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                text.replace("\r\n ", " ").replace("\r\n\t", " "),
            )
        })
        .collect();
    found.sort();
    found
}

/// The one-click URL path (`/unsubscribe/<token>`) of the message to `address`.
fn unsubscribe_path(p: &Project, out: &str, address: &str) -> String {
    let (_, text) = messages(p, out)
        .into_iter()
        .find(|(_, t)| t.contains(&format!("<{address}>")))
        .unwrap_or_else(|| panic!("no message to {address}"));
    let header = text
        .lines()
        .find_map(|l| l.strip_prefix("List-Unsubscribe: "))
        .expect("a List-Unsubscribe header");
    let url = header
        .split(", ")
        .find_map(|t| t.strip_prefix("<https://example.org"))
        .and_then(|t| t.strip_suffix('>'))
        .expect("an https target");
    assert!(url.starts_with("/unsubscribe/"), "{url}");
    url.to_string()
}

/// A running `appeal unsubscribe-server`, stopped on drop.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(p: &Project, secret: &str) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_appeal"))
            .arg("--root")
            .arg(p.root())
            .args([
                "--today",
                "2018-05-21",
                "unsubscribe-server",
                "--listen",
                "127.0.0.1:0",
            ])
            .env("APPEAL_TOKEN_SECRET", secret)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        // It prints its address once listening.
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|r| r.split(';').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Server { child, port }
    }

    /// Sends one request; returns (status, headers, body).
    fn request(&self, method: &str, path: &str, body: &str) -> (u16, String, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, head.to_string(), body.to_string())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn ledger(p: &Project) -> Option<String> {
    std::fs::read_to_string(p.path(".appeal/suppressions.tsv")).ok()
}

#[test]
fn one_click_post_then_the_next_mail_skips_that_supporter() {
    let p = project();
    dry_run(&p, "out1");
    let path = unsubscribe_path(&p, "out1", "olga@example.net");
    let server = Server::start(&p, TOKEN_SECRET);
    let (status, head, body) = server.request("POST", &path, "List-Unsubscribe=One-Click");
    assert_eq!(status, 200, "{head}\n{body}");
    assert!(body.contains("lang=\"ru\""), "{body}");
    assert!(body.contains("вы больше не будете получать письма о срочных акциях"));
    assert!(
        head.to_ascii_lowercase()
            .contains("cache-control: no-store")
    );
    // On disk when the answer came: no waiting, no flush by a later request.
    let text = ledger(&p).expect("the ledger exists once the POST is answered");
    assert_eq!(
        text,
        "# appeal suppressions v1\n\
         2018-05-21T12:00:00Z\tadd\tolga@example.net\tunsubscribed\turgent-actions.example.org\t\
         unsubscribe-server one-click\n"
    );

    let run = dry_run(&p, "out2");
    assert!(
        run.stdout
            .contains("suppressed (unsubscribed, bounced, complained or removed by hand): 1"),
        "{}",
        run.stdout
    );
    let sent = messages(&p, "out2");
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().all(|(_, t)| !t.contains("olga@example.net")));

    // And for real, to Postfix's smtp-sink: two messages, none to Olga.
    let sink = Sink::start(&[]);
    let run = p
        .run(&[
            "--today",
            "2018-05-20",
            "mail",
            "ua-82-18",
            "--supporters",
            "s.csv",
            "--send",
            "--smtp",
            &sink.url(),
        ])
        .ok();
    assert!(run.stdout.contains("accepted: 2,"), "{}", run.stdout);
    let recipients = sink.recipients();
    assert_eq!(recipients, ["aigerim@example.net", "jane@example.net"]);
}

#[test]
fn get_shows_the_page_in_the_supporters_language_and_changes_nothing() {
    let p = project();
    dry_run(&p, "out");
    let path = unsubscribe_path(&p, "out", "aigerim@example.net");
    let server = Server::start(&p, TOKEN_SECRET);
    for method in ["GET", "HEAD", "GET"] {
        let (status, head, body) = server.request(method, &path, "");
        assert_eq!(status, 200, "{head}");
        if method == "GET" {
            assert!(body.contains("<html lang=\"kk\">"), "{body}");
            assert!(body.contains("Шұғыл үндеулер туралы хаттар алуды тоқтатқыңыз келе ме?"));
            assert!(
                body.contains("Kazakhstan Appeals Network")
                    || body.contains("Таратылымды жүргізетін ұйым")
            );
            // One button, posting the one-click body back to this URL.
            assert_eq!(body.matches("<button").count(), 1);
            assert!(body.contains("<form method=\"post\">"));
            assert!(body.contains("name=\"List-Unsubscribe\" value=\"One-Click\""));
            assert!(
                !body.contains("aigerim"),
                "the page never shows the address"
            );
        }
    }
    assert_eq!(ledger(&p), None, "a GET never unsubscribes");
    // The page's own button: recorded as such.
    let (status, _, body) = server.request("POST", &path, "List-Unsubscribe=One-Click&via=page");
    assert_eq!(status, 200);
    assert!(body.contains("Сіз таратылымнан шықтыңыз"));
    assert!(ledger(&p).unwrap().contains(
        "\taigerim@example.net\tunsubscribed\turgent-actions.example.org\tunsubscribe-server page\n"
    ));
}

#[test]
fn forged_and_malformed_tokens_are_refused_and_change_nothing() {
    let p = project();
    dry_run(&p, "out");
    let path = unsubscribe_path(&p, "out", "jane@example.net");
    let server = Server::start(&p, TOKEN_SECRET);
    // One character changed in the token.
    let mut forged = path.clone().into_bytes();
    let at = forged.len() - 6;
    forged[at] = if forged[at] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    let (status, _, body) = server.request("POST", &forged, "List-Unsubscribe=One-Click");
    assert_eq!(status, 404);
    assert!(body.contains("not valid"), "{body}");
    assert_eq!(server.request("GET", &forged, "").0, 404);
    assert_eq!(
        server
            .request(
                "POST",
                "/unsubscribe/not*a*token",
                "List-Unsubscribe=One-Click"
            )
            .0,
        400
    );
    assert_eq!(
        server.request("POST", "/", "List-Unsubscribe=One-Click").0,
        400
    );
    // A real token, but not a one-click body.
    assert_eq!(server.request("POST", &path, "").0, 400);
    assert_eq!(server.request("POST", &path, "List-Unsubscribe=Yes").0, 400);
    assert_eq!(server.request("DELETE", &path, "").0, 405);
    assert_eq!(ledger(&p), None);
    drop(server);

    // A server with another secret refuses this organisation's tokens.
    let other = Server::start(&p, "a different secret, long enough");
    assert_eq!(
        other.request("POST", &path, "List-Unsubscribe=One-Click").0,
        404
    );
    assert_eq!(ledger(&p), None);
    assert_eq!(other.request("GET", "/healthz", "").0, 200);
}

#[test]
fn suppress_by_hand_matches_any_case_and_can_be_lifted_and_imported() {
    let p = project();
    p.run(&[
        "suppress",
        "add",
        "OLGA@Example.NET",
        "--reason",
        "hard-bounce",
    ])
    .ok();
    let run = dry_run(&p, "out1");
    assert!(run.stdout.contains("removed by hand): 1"), "{}", run.stdout);
    assert_eq!(messages(&p, "out1").len(), 2);
    let list = p.run(&["suppress", "list"]).ok();
    assert!(
        list.stdout
            .starts_with("olga@example.net\tall\thard-bounce\t"),
        "{}",
        list.stdout
    );
    p.run(&["suppress", "remove", "olga@example.net"]).ok();
    assert_eq!(p.run(&["suppress", "list"]).ok().stdout, "");
    dry_run(&p, "out2");
    assert_eq!(messages(&p, "out2").len(), 3, "lifted: mailed again");

    // Another ledger (the server's) imported twice: its records land once.
    let other = p.path("server.tsv");
    std::fs::write(
        &other,
        "# appeal suppressions v1\n\
         2018-05-21T09:00:00Z\tadd\tjane@example.net\tunsubscribed\turgent-actions.example.org\tunsubscribe-server one-click\n",
    )
    .unwrap();
    let first = p.run(&["suppress", "import", "server.tsv"]).ok();
    assert!(
        first.stdout.contains("imported: 1 record(s) of 1"),
        "{}",
        first.stdout
    );
    let again = p.run(&["suppress", "import", "server.tsv"]).ok();
    assert!(
        again.stdout.contains("imported: 0 record(s) of 1"),
        "{}",
        again.stdout
    );
    // A plain list: bad lines are named, and nothing is imported.
    p.write(
        "bounced.csv",
        "email\nAigerim@EXAMPLE.net\nnot-an-address\n",
    );
    let bad = p.run(&["suppress", "import", "bounced.csv"]).fails_with(1);
    assert!(
        bad.stderr
            .contains("bounced.csv:3:1: error: `not-an-address`"),
        "{}",
        bad.stderr
    );
    p.write("bounced.csv", "email\nAigerim@EXAMPLE.net\n");
    p.run(&[
        "suppress",
        "import",
        "bounced.csv",
        "--reason",
        "hard-bounce",
    ])
    .ok();
    let run = dry_run(&p, "out3");
    assert!(run.stdout.contains("removed by hand): 2"), "{}", run.stdout);
    let sent = messages(&p, "out3");
    assert_eq!(sent.len(), 1);
    assert!(sent[0].1.contains("<olga@example.net>"));
    // Bad values on the command line: exit 2, nothing written.
    let before = ledger(&p);
    p.run(&["suppress", "add", "x@example.net", "--reason", "bored"])
        .fails_with(2);
    p.run(&["suppress", "add", "no-at-sign"]).fails_with(2);
    assert_eq!(ledger(&p), before);
}

#[test]
fn a_damaged_ledger_stops_mailing_at_its_line() {
    let p = project();
    p.write(
        ".appeal/suppressions.tsv",
        "# appeal suppressions v1\n2018-05-21T09:00:00Z\tadd\tolga@example.net\n",
    );
    let run = p
        .run(&[
            "--today",
            "2018-05-20",
            "mail",
            "ua-82-18",
            "--supporters",
            "s.csv",
        ])
        .fails_with(1);
    assert!(
        run.stderr
            .contains(".appeal/suppressions.tsv:2:1: error: a record has 6"),
        "{}",
        run.stderr
    );
}

#[test]
fn sending_without_the_token_secret_is_refused_and_a_dry_run_warns() {
    let p = project();
    let run = Command::new(env!("CARGO_BIN_EXE_appeal"))
        .arg("--root")
        .arg(p.root())
        .args([
            "--today",
            "2018-05-20",
            "mail",
            "ua-82-18",
            "--supporters",
            "s.csv",
        ])
        .args(["--send", "--smtp", "smtp://127.0.0.1:9"])
        .current_dir(p.root())
        .env_remove("APPEAL_TOKEN_SECRET")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("export APPEAL_TOKEN_SECRET"), "{stderr}");
    let run = Command::new(env!("CARGO_BIN_EXE_appeal"))
        .arg("--root")
        .arg(p.root())
        .args([
            "--today",
            "2018-05-20",
            "mail",
            "ua-82-18",
            "--supporters",
            "s.csv",
        ])
        .current_dir(p.root())
        .env_remove("APPEAL_TOKEN_SECRET")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&run.stderr).contains("carry `NO-SECRET`"));
}

/// The dry-run warning of links without the secret, as the user reads it.
const NO_SECRET_WARNING: &str = "warning: no token secret (mail.token_secret_env or \
    mail.token_secret_command): this dry run's unsubscribe and \"I sent my appeal\" links carry \
    `NO-SECRET`; --send refuses without the secret";

#[test]
fn a_dry_run_without_the_secret_warns_once_before_its_report_in_mail_and_remind() {
    let p = project();
    // With the messages on standard output, the report goes to standard error: the warning
    // must come first there, once, before the case's report.
    for args in [
        &["--today", "2018-05-20", "mail", "ua-82-18"][..],
        &["--today", "2018-06-05", "remind", "--within", "30"][..],
    ] {
        let run = Command::new(env!("CARGO_BIN_EXE_appeal"))
            .arg("--root")
            .arg(p.root())
            .args(args)
            .args(["--supporters", "s.csv", "--out", "-"])
            .current_dir(p.root())
            .env_remove("APPEAL_TOKEN_SECRET")
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(0), "{args:?}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(
            lines.first(),
            Some(&NO_SECRET_WARNING),
            "{args:?}\n{stderr}"
        );
        assert!(
            lines[1].starts_with("ua-82-18: 3 row(s) read"),
            "{args:?}\n{stderr}"
        );
        assert_eq!(stderr.matches("no token secret").count(), 1, "{stderr}");
        assert!(String::from_utf8_lossy(&run.stdout).contains("/unsubscribe/NO-SECRET>"));
    }
}

impl Sink {
    /// The envelope recipients of every dumped message, sorted.
    fn recipients(&self) -> Vec<String> {
        std::thread::sleep(Duration::from_millis(200));
        let mut found = Vec::new();
        for e in std::fs::read_dir(self.dump_path()).unwrap() {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            for line in text.lines() {
                if let Some(rcpt) = line.strip_prefix("X-Rcpt-Args: <") {
                    found.push(rcpt.trim_end_matches('>').to_string());
                }
            }
        }
        found.sort();
        found
    }
}

#[test]
fn check_names_a_bad_list_id_and_warns_of_a_missing_secret() {
    let p = project();
    p.edit(
        "appeals/campaign.yaml",
        "list_id: urgent-actions.example.org",
        "list_id: urgent actions",
    );
    p.edit(
        "appeals/campaign.yaml",
        "  token_secret_env: APPEAL_TOKEN_SECRET\n",
        "",
    );
    let run = p.run(&["check"]).fails_with(1);
    let line = p
        .read("appeals/campaign.yaml")
        .lines()
        .position(|l| l.contains("list_id:"))
        .unwrap()
        + 1;
    assert!(
        run.stderr.contains(&format!(
            "appeals/campaign.yaml:{line}:3: error: `urgent actions`: write a list id"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("warning: no token secret"),
        "{}",
        run.stderr
    );
}

#[test]
fn reminders_skip_suppressed_addresses_too_and_list_json_shows_them() {
    let p = project();
    p.run(&[
        "suppress",
        "add",
        "jane@EXAMPLE.net",
        "--scope",
        "urgent-actions.example.org",
        "--reason",
        "unsubscribed",
        "--source",
        "phone call",
    ])
    .ok();
    // A suppression for another list does not apply to this one.
    p.run(&[
        "suppress",
        "add",
        "olga@example.net",
        "--scope",
        "other.example.org",
    ])
    .ok();
    let run = p
        .run(&[
            "--today",
            "2018-06-03",
            "remind",
            "--supporters",
            "s.csv",
            "--out",
            "r",
        ])
        .ok();
    assert!(run.stdout.contains("removed by hand): 1"), "{}", run.stdout);
    let sent = messages(&p, "r");
    assert_eq!(sent.len(), 2, "{}", run.stdout);
    assert!(sent.iter().all(|(_, t)| !t.contains("jane@example.net")));
    let list = p.run(&["suppress", "list", "--json"]).ok();
    let rows: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2);
    assert_eq!(rows[0]["address"], "jane@example.net");
    assert_eq!(rows[0]["scope"], "urgent-actions.example.org");
    assert_eq!(rows[0]["reason"], "unsubscribed");
    assert_eq!(rows[0]["source"], "phone call");
}
