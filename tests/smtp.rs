//! Sending against a real Postfix `smtp-sink` on 127.0.0.1: authority emails and faxes via the
//! gateway, supporter mail per language, retries on 4xx, permanent 5xx failures reported while
//! the run goes on, and a SIGKILL mid-run followed by a rerun that completes without repeats
//! beyond the documented bound; the mail transaction with and without PIPELINING.

mod common;
use common::{Project, python};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running smtp-sink that dumps every message into a folder; stopped on drop.
struct Sink {
    child: Child,
    port: u16,
    dump: tempfile::TempDir,
}

fn smtp_sink_binary() -> PathBuf {
    for p in ["/usr/sbin/smtp-sink", "/usr/bin/smtp-sink"] {
        if Path::new(p).exists() {
            return p.into();
        }
    }
    panic!("smtp-sink not found: run scripts/setup (installs postfix)");
}

impl Sink {
    /// Starts a sink; `extra` are smtp-sink options such as ["-r", "rcpt"].
    fn start(extra: &[&str]) -> Sink {
        let dump = tempfile::tempdir().unwrap();
        // smtp-sink drops privileges to `nobody`, who must be able to write the dumps.
        std::fs::set_permissions(
            dump.path(),
            std::os::unix::fs::PermissionsExt::from_mode(0o777),
        )
        .unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut cmd = Command::new(smtp_sink_binary());
        if nix_is_root() {
            cmd.args(["-u", "nobody"]);
        }
        let child = cmd
            .args(extra)
            .arg("-d")
            .arg(format!("{}/m.", dump.path().display()))
            .arg(format!("127.0.0.1:{port}"))
            .arg("100")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "smtp-sink did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Sink { child, port, dump }
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The dumped messages, parsed by Python's email package: one JSON object per message.
    fn messages(&self) -> Vec<serde_json::Value> {
        std::thread::sleep(Duration::from_millis(200));
        let out = python(PARSE_DUMPS, &[&self.dump.path().to_string_lossy()]);
        serde_json::from_str(&out).unwrap()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn nix_is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Parses every dump file with the standard library's email parser (policy.default decodes
/// RFC 2047 headers) and prints a JSON summary.
const PARSE_DUMPS: &str = r#"
import email, email.policy, json, os, sys
out = []
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    path = os.path.join(d, name)
    if not os.path.isfile(path):
        continue
    raw = open(path, 'rb').read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    parts = [p.get_content_type() for p in msg.walk()]
    text = msg.get_body(preferencelist=('plain',))
    html = msg.get_body(preferencelist=('html',))
    attachments = [(a.get_filename(), a.get_content_type(), len(a.get_content())) for a in msg.iter_attachments()]
    out.append({
        'to': str(msg['To']), 'cc': str(msg['Cc'] or ''), 'from': str(msg['From']),
        'subject': str(msg['Subject']), 'message_id': str(msg['Message-ID']),
        'rcpt': str(msg['X-Rcpt-Args'] or ''),
        'list_unsubscribe': str(msg['List-Unsubscribe'] or ''),
        'list_unsubscribe_post': str(msg['List-Unsubscribe-Post'] or ''),
        'parts': parts,
        'text': text.get_content() if text else '',
        'html': html.get_content() if html else '',
        'attachments': attachments,
    })
print(json.dumps(out, ensure_ascii=False))
"#;

/// `appeal mail ua-82-18 --send` to `url`, dated during the appeal.
fn send_mail(p: &Project, url: &str) -> common::Run {
    p.run(&[
        "--today",
        "2018-05-20",
        "mail",
        "ua-82-18",
        "--supporters",
        "supporters.csv",
        "--send",
        "--smtp",
        url,
    ])
}

/// `appeal remind --send` to `url` on `today`.
fn remind(p: &Project, today: &str, url: &str) -> common::Run {
    p.run(&[
        "--today",
        today,
        "remind",
        "--supporters",
        "supporters.csv",
        "--send",
        "--smtp",
        url,
    ])
}

fn write_supporters(p: &Project, rows: usize) -> PathBuf {
    let mut csv = String::from("email,name,language,country\n");
    let names = [
        ("Айгерім Сәрсенова", "kk", "GB"),
        ("Ольга Петрова", "ru", "DE"),
        ("Jane Doe", "en", "US"),
        ("Hans Müller", "de", ""),
    ];
    for i in 0..rows {
        let (name, lang, country) = names[i % names.len()];
        csv.push_str(&format!("s{i}@example.net,{name},{lang},{country}\n"));
    }
    let path = p.path("supporters.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

fn send_args<'a>(sink: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["--today", "2018-05-20", "send", "ua-82-18"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--send", "--smtp", sink]);
    args
}

#[test]
fn send_delivers_each_authority_once_in_one_language() {
    let sink = Sink::start(&[]);
    let p = Project::sample();
    let dry = p.run(&["--today", "2018-05-20", "send", "ua-82-18"]).ok();
    let out = &dry.stdout;
    // One email (To the Ombudsman, Cc the Foreign Ministry) and two faxes, all in Russian
    // (the campaign's authority_language), and nothing else.
    assert!(
        out.contains("email [ru] to Уполномоченный по правам человека в Республике Казахстан (kz/ombudsman): would send"),
        "{out}"
    );
    assert!(out.contains("<ombudsman@ombudsman.kz>"), "{out}");
    assert!(out.contains("  Cc: "), "{out}");
    assert!(out.contains("<mfa@mfa.kz>"), "{out}");
    assert!(out.contains("  Subject: "), "{out}");
    assert!(
        out.contains("  Fax: +7 7172 50-64-02 via <77172506402@fax.example.org>"),
        "{out}"
    );
    assert!(!out.contains("[en]") && !out.contains("[kk]"), "{out}");
    assert!(
        out.contains("dry run: 1 email(s), 2 fax(es), 0 letter(s) by post"),
        "{out}"
    );
    assert!(sink.messages().is_empty(), "a dry run sends nothing");

    let run = p.run(&send_args(&sink.url(), &[])).ok();
    let accepted = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("accepted"))
        .count();
    assert_eq!(accepted, 3, "{}", run.stdout);
    let messages = sink.messages();
    assert_eq!(messages.len(), 3);
    // Every authority address and every gateway address gets exactly one message.
    let mut recipients: Vec<String> = messages
        .iter()
        .flat_map(|m| {
            let to = m["to"].as_str().unwrap_or("").to_string();
            let cc = m["cc"].as_str().unwrap_or("").to_string();
            [to, cc]
        })
        .flat_map(|h| {
            h.split(',')
                .filter_map(|a| {
                    a.split('<')
                        .nth(1)
                        .map(|x| x.trim_end_matches('>').trim().to_string())
                })
                .collect::<Vec<_>>()
        })
        .collect();
    recipients.sort();
    let before = recipients.len();
    recipients.dedup();
    assert_eq!(
        before,
        recipients.len(),
        "an address got two messages: {recipients:?}"
    );
    for a in [
        "ombudsman@ombudsman.kz",
        "ombudsman-kz@mail.ru",
        "mfa@mfa.kz",
        "77172506402@fax.example.org",
        "77172740548@fax.example.org",
    ] {
        assert!(
            recipients.iter().any(|r| r == a),
            "{a} missing: {recipients:?}"
        );
    }
    let email = messages
        .iter()
        .find(|m| m["to"].as_str().unwrap().contains("ombudsman@ombudsman.kz"))
        .unwrap();
    assert!(
        email["text"].as_str().unwrap().contains("Уважаем"),
        "{email}"
    );
    assert_eq!(
        email["parts"],
        serde_json::json!(["multipart/alternative", "text/plain", "text/html"])
    );
    let fax = messages
        .iter()
        .find(|m| m["to"].as_str().unwrap().contains("@fax.example.org"))
        .expect("a fax through the gateway");
    assert_eq!(fax["attachments"][0][1], "application/pdf");

    // Another language later sends nothing: the authority got this case's appeal already.
    let kk = p.run(&send_args(&sink.url(), &["--lang", "kk"])).ok();
    assert_eq!(
        kk.stdout
            .lines()
            .filter(|l| l.starts_with("already sent"))
            .count(),
        3,
        "{}",
        kk.stdout
    );
    assert_eq!(sink.messages().len(), 3);
    let dry_kk = p
        .run(&["--today", "2018-05-20", "send", "ua-82-18", "--lang", "kk"])
        .ok();
    assert!(
        dry_kk
            .stdout
            .contains("already sent (in some language); add --again"),
        "{}",
        dry_kk.stdout
    );

    // `--again` is the explicit resend.
    let again = p
        .run(&send_args(&sink.url(), &["--lang", "kk", "--again"]))
        .ok();
    assert_eq!(
        again
            .stdout
            .lines()
            .filter(|l| l.starts_with("accepted"))
            .count(),
        3,
        "{}",
        again.stdout
    );
    assert_eq!(sink.messages().len(), 6);

    // A corrected address is a deliberate resend, shown as such in the dry run.
    p.edit(
        "appeals/authorities/kz/ombudsman.yaml",
        "  - ombudsman@ombudsman.kz",
        "  - info@ombudsman.kz",
    );
    let dry = p.run(&["--today", "2018-05-20", "send", "ua-82-18"]).ok();
    assert!(
        dry.stdout
            .contains("would send again: the address changed since it was sent to"),
        "{}",
        dry.stdout
    );
}

#[test]
fn a_journal_of_the_older_format_still_counts_authorities_as_served() {
    let sink = Sink::start(&[]);
    let p = Project::sample();
    // The format before one-appeal-per-authority: a line per language, no address.
    let mut old = String::new();
    for lang in ["en", "ru", "kk"] {
        old.push_str(&format!(
            "ua-82-18\temail:{lang}:kz/ombudsman\t\t<e-{lang}@x>\n"
        ));
        for role in ["kz/ombudsman", "kz/prosecutor-general"] {
            old.push_str(&format!("ua-82-18\tfax:{lang}:{role}\t\t<f-{lang}@x>\n"));
        }
    }
    p.write(".appeal/journal.tsv", &old);
    let run = p.run(&send_args(&sink.url(), &[])).ok();
    assert!(sink.messages().is_empty(), "{}", run.stdout);
    assert_eq!(
        run.stdout
            .lines()
            .filter(|l| l.starts_with("already sent"))
            .count(),
        3,
        "{}",
        run.stdout
    );
}

#[test]
fn a_target_without_email_or_fax_is_listed_as_a_letter_to_post() {
    let p = Project::sample();
    p.edit(
        "appeals/authorities/kz/prosecutor-general.yaml",
        "fax: \"+77172506402\"",
        "",
    );
    let dry = p.run(&["--today", "2018-05-20", "send", "ua-82-18"]).ok();
    assert!(
        dry.stdout
            .contains("letter [ru] to Генеральный прокурор Республики Казахстан (kz/prosecutor-general): by post"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout
            .contains("  Print: out/ua-82-18/ru/letter-kz-prosecutor-general.html"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains("  Address: ул. Орынбор, 14"),
        "{}",
        dry.stdout
    );
}

#[test]
fn supporters_get_the_alert_in_their_language() {
    let sink = Sink::start(&[]);
    let p = Project::sample();
    let csv = write_supporters(&p, 40);
    let mut text = std::fs::read_to_string(&csv).unwrap();
    text.push_str("not-an-address,Bad Row,ru,\nok@example.net,Bad Language,english!,\n");
    std::fs::write(&csv, text).unwrap();
    let dry = p
        .run(&[
            "--today",
            "2018-05-20",
            "mail",
            "ua-82-18",
            "--supporters",
            "supporters.csv",
        ])
        .ok();
    assert!(
        dry.stdout
            .contains("40 message(s) (en 20, kk 10, ru 10), dry run"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains("language fallbacks: 10"),
        "{}",
        dry.stdout
    );
    assert!(!p.path(".appeal").exists(), "a dry run writes no journal");
    assert!(
        dry.stdout
            .contains("supporters.csv:42: `not-an-address` is not a valid email address"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout
            .contains("supporters.csv:43: `english!` is not a language code"),
        "{}",
        dry.stdout
    );

    send_mail(&p, &sink.url()).ok();
    let messages = sink.messages();
    assert_eq!(messages.len(), 40);
    let kk = messages
        .iter()
        .find(|m| m["to"].as_str().unwrap().contains("Айгерім Сәрсенова"))
        .unwrap();
    assert!(
        kk["text"].as_str().unwrap().contains("Айгерім Сәрсенова"),
        "greeting by name"
    );
    assert!(
        kk["text"]
            .as_str()
            .unwrap()
            .contains("2018 жылғы 7 маусымнан бұрын"),
        "Kazakh date: {}",
        kk["text"]
    );
    assert!(
        kk["text"].as_str().unwrap().contains("Pall Mall"),
        "the UK embassy for a GB supporter"
    );
    assert!(
        kk["html"].as_str().unwrap().contains("mailto:"),
        "a mailto link"
    );
    assert!(
        kk["list_unsubscribe"]
            .as_str()
            .unwrap()
            .contains("<mailto:unsubscribe@example.org")
    );
    assert_eq!(kk["list_unsubscribe_post"], "List-Unsubscribe=One-Click");
    let ru = messages
        .iter()
        .find(|m| m["to"].as_str().unwrap().contains("Ольга Петрова"))
        .unwrap();
    assert!(
        ru["subject"]
            .as_str()
            .unwrap()
            .chars()
            .any(|c| ('а'..='я').contains(&c)),
        "Russian subject: {}",
        ru["subject"]
    );
    assert!(ru["text"].as_str().unwrap().contains("7 июня 2018 г."));
    // German is not available: the supporter gets the default language.
    let de = messages
        .iter()
        .find(|m| m["to"].as_str().unwrap().contains("Hans Müller"))
        .unwrap();
    assert!(de["text"].as_str().unwrap().contains("7 June 2018"));
}

#[test]
fn temporary_failures_are_retried_then_resumed() {
    // `-r rcpt` answers RCPT with 450 (and, as smtp-sink does then, offers no PIPELINING);
    // `-Q rcpt` answers 421 and hangs up in the middle of a pipelined MAIL/RCPT/DATA group.
    for failing in [["-r", "rcpt"], ["-Q", "rcpt"]] {
        let p = Project::sample();
        write_supporters(&p, 6);
        {
            let sink = Sink::start(&failing);
            let run = send_mail(&p, &sink.url()).fails_with(4);
            assert!(
                run.stdout.contains("retried: 18, failed: 6"),
                "{failing:?}: 3 retries per message: {}",
                run.stdout
            );
            assert!(run.stderr.contains("temporary failure"), "{}", run.stderr);
            assert!(sink.messages().is_empty());
        }
        // Resumed against a server without PIPELINING: one command, one reply.
        let sink = Sink::start(&["-p"]);
        send_mail(&p, &sink.url()).ok();
        let messages = sink.messages();
        assert_eq!(messages.len(), 6, "{failing:?}");
        for m in &messages {
            let text = m["text"].as_str().unwrap();
            assert!(
                ["Ardak Ashym", "Ардак Ашым", "Ардақ Ашым"]
                    .iter()
                    .any(|name| text.contains(name)),
                "every body arrives whole: {text}"
            );
        }
    }
}

#[test]
fn permanent_failures_are_reported_and_the_run_goes_on() {
    let p = Project::sample();
    write_supporters(&p, 5);
    let sink = Sink::start(&["-f", "data"]);
    let run = send_mail(&p, &sink.url()).fails_with(4);
    assert_eq!(
        run.stderr
            .matches("not delivered: permanent failure")
            .count(),
        5,
        "every message tried: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("5 of 5 message(s) were not delivered"),
        "{}",
        run.stderr
    );
}

#[test]
fn unreachable_server_is_one_clear_line() {
    let p = Project::sample();
    write_supporters(&p, 3);
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let run = p
        .run(&[
            "--today",
            "2018-05-20",
            "mail",
            "ua-82-18",
            "--supporters",
            "supporters.csv",
            "--send",
            "--smtp",
            &format!("smtp://127.0.0.1:{port}"),
        ])
        .fails_with(2);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| !l.contains(": warning: "))
        .collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("cannot use the SMTP server: connection failure"),
        "{}",
        run.stderr
    );
}

#[test]
fn starttls_is_required_off_loopback() {
    let p = Project::sample();
    write_supporters(&p, 1);
    // Nothing listens there; the point is that no plain-text session is attempted.
    let run = p.run(&["send", "ua-82-18", "--send", "--smtp", "smtp://192.0.2.1:1"]);
    assert_ne!(run.code, 0);
}

#[test]
fn kill_9_mid_run_then_rerun_sends_everyone_with_bounded_repeats() {
    const ROWS: usize = 400;
    const CONCURRENCY: usize = 4;
    let sink = Sink::start(&[]);
    let p = Project::sample();
    let supporters = write_supporters(&p, ROWS).display().to_string();
    let args = |rate: &str| {
        vec![
            "--root".to_string(),
            p.root().display().to_string(),
            "--today".into(),
            "2018-05-20".into(),
            "mail".into(),
            "ua-82-18".into(),
            "--supporters".into(),
            supporters.clone(),
            "--send".into(),
            "--smtp".into(),
            sink.url(),
            "--concurrency".into(),
            CONCURRENCY.to_string(),
            "--per-second".into(),
            rate.into(),
        ]
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_appeal"))
        .args(args("200"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Let it send part of the list, then kill it without warning.
    let started = Instant::now();
    while sink.messages().len() < 50 && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let before = sink.messages().len();
    assert!(
        (50..ROWS).contains(&before),
        "the run was interrupted ({before} sent)"
    );
    let rerun = Command::new(env!("CARGO_BIN_EXE_appeal"))
        .args(args("10000"))
        .output()
        .unwrap();
    assert!(
        rerun.status.success(),
        "{}",
        String::from_utf8_lossy(&rerun.stderr)
    );
    let messages = sink.messages();
    let mut counts = std::collections::BTreeMap::new();
    for m in &messages {
        *counts
            .entry(m["rcpt"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    assert_eq!(counts.len(), ROWS, "every supporter got the alert");
    let repeats: usize = counts.values().map(|c| c - 1).sum();
    assert!(
        repeats <= CONCURRENCY,
        "{repeats} repeats > concurrency {CONCURRENCY}"
    );
}

#[test]
fn tls_failure_is_one_clear_line() {
    let sink = Sink::start(&[]);
    let p = Project::sample();
    write_supporters(&p, 2);
    // smtp-sink speaks plain SMTP: a TLS client must refuse it, not fall back.
    let url = format!("smtps://127.0.0.1:{}", sink.port);
    let run = send_mail(&p, &url).fails_with(2);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| !l.contains(": warning: "))
        .collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].contains("cannot use the SMTP server"),
        "{}",
        run.stderr
    );
    assert!(sink.messages().is_empty());
}

#[test]
fn refused_login_is_one_clear_line_and_the_password_is_never_printed() {
    let sink = Sink::start(&["-f", "auth"]);
    let p = Project::sample();
    write_supporters(&p, 2);
    p.edit(
        "appeals/campaign.yaml",
        "    password_env: APPEAL_SMTP_PASSWORD",
        "    username: campaigner\n    password_env: APPEAL_TEST_PASSWORD",
    );
    let output = Command::new(env!("CARGO_BIN_EXE_appeal"))
        .args([
            "--root",
            p.root().to_str().unwrap(),
            "--today",
            "2018-05-20",
            "mail",
            "ua-82-18",
            "--supporters",
        ])
        .arg(p.path("supporters.csv"))
        .args(["--send", "--smtp", &sink.url()])
        .env("APPEAL_TEST_PASSWORD", "s3cret-Pa55")
        .output()
        .unwrap();
    let run = common::Run::from(output);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| !l.contains(": warning: "))
        .collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(!run.stderr.contains("s3cret") && !run.stdout.contains("s3cret"));
    assert!(
        !p.path(".appeal/journal.tsv").exists()
            || !p.read(".appeal/journal.tsv").contains("s3cret")
    );
}

#[test]
fn reminders_go_once_per_deadline() {
    let sink = Sink::start(&[]);
    let p = Project::sample();
    write_supporters(&p, 9);
    // 3 June 2018: UA 82/18 closes in 4 days.
    let run = remind(&p, "2018-06-03", &sink.url()).ok();
    assert!(
        run.stdout.contains("ua-82-18: 9 row(s) read, 9 message(s)"),
        "{}",
        run.stdout
    );
    let messages = sink.messages();
    assert_eq!(messages.len(), 9);
    let ru = messages
        .iter()
        .find(|m| m["text"].as_str().unwrap().contains("Ольга Петрова"))
        .unwrap();
    assert!(
        ru["subject"].as_str().unwrap().contains('4'),
        "days left in the subject: {}",
        ru["subject"]
    );
    // The next day's run finds everyone already reminded of this deadline.
    let again = remind(&p, "2018-06-04", &sink.url()).ok();
    assert!(
        again.stdout.contains("already sent (journal): 9"),
        "{}",
        again.stdout
    );
    assert_eq!(sink.messages().len(), 9);
    // Nothing closes soon a month earlier.
    let early = p
        .run(&[
            "--today",
            "2018-05-01",
            "remind",
            "--supporters",
            "supporters.csv",
        ])
        .ok();
    assert!(
        early.stdout.contains("nothing to remind"),
        "{}",
        early.stdout
    );
}

#[test]
fn lines_starting_with_a_dot_arrive_unchanged_with_and_without_pipelining() {
    use appeal::deliver::connection::{Connection, Security, Target};
    let body = ".first\r\n..second\r\nmiddle.\r\n.\r\nlast\r\n";
    let message = format!(
        "From: a@example.org\r\nTo: b@example.net\r\nSubject: dots\r\n\
         Content-Type: text/plain; charset=us-ascii\r\n\r\n{body}"
    );
    let envelope = lettre::address::Envelope::new(
        Some("a@example.org".parse().unwrap()),
        vec!["b@example.net".parse().unwrap()],
    )
    .unwrap();
    for options in [&[][..], &["-p"][..]] {
        let sink = Sink::start(options);
        let mut connection = Connection::new(Target {
            host: "127.0.0.1".into(),
            port: sink.port,
            security: Security::Plain,
            credentials: None,
            timeout: Duration::from_secs(10),
        })
        .unwrap();
        // Two messages over one session: the second starts after the first's final reply.
        for _ in 0..2 {
            connection.send(&envelope, message.as_bytes()).unwrap();
        }
        let messages = sink.messages();
        assert_eq!(messages.len(), 2, "{options:?}");
        for m in messages {
            // smtp-sink's dump ends every message with one empty line of its own.
            let text = m["text"].as_str().unwrap().replace("\r\n", "\n");
            assert_eq!(text, body.replace("\r\n", "\n") + "\n", "{options:?}");
        }
    }
}
