//! Sending against a real Postfix `smtp-sink` on 127.0.0.1: authority emails and faxes via the
//! gateway, supporter mail per language, retries on 4xx, permanent 5xx failures reported while
//! the run goes on, and a SIGKILL mid-run followed by a rerun that completes without repeats
//! beyond the documented bound; the mail transaction with and without PIPELINING.

mod common;
use common::{Project, python};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::sink::Sink;

impl Sink {
    /// The dumped messages, parsed by Python's email package: one JSON object per message.
    fn messages(&self) -> Vec<serde_json::Value> {
        std::thread::sleep(Duration::from_millis(200));
        let out = python(PARSE_DUMPS, &[&self.dump_path().to_string_lossy()]);
        serde_json::from_str(&out).unwrap()
    }
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

/// After the deadline, `send` warns whoever runs it (naming the case and the deadline) and the
/// emails to officials say nothing of the deadline: that note is for campaigners.
#[test]
fn past_deadline_send_warns_and_the_appeals_carry_no_note() {
    let sink = Sink::start(&[]);
    let p = Project::sample();
    let dry = p.run(&["--today", "2018-06-20", "send", "ua-82-18"]).ok();
    let warning = dry
        .stderr
        .lines()
        .find(|l| l.contains("the deadline (2018-06-07) has passed"))
        .unwrap_or_else(|| panic!("no deadline warning:\n{}", dry.stderr));
    assert!(warning.contains("[ua-82-18]"), "{warning}");
    assert!(dry.stdout.contains("would send"), "{}", dry.stdout);
    let url = sink.url();
    p.run(&[
        "--today",
        "2018-06-20",
        "send",
        "ua-82-18",
        "--send",
        "--smtp",
        &url,
    ])
    .ok();
    let messages = sink.messages();
    assert_eq!(messages.len(), 3);
    for m in &messages {
        for part in ["text", "html"] {
            let body = m[part].as_str().unwrap();
            assert!(!body.contains("срок истёк"), "{body}");
            assert!(!body.contains("организатором"), "{body}");
        }
    }
    let email = messages
        .iter()
        .find(|m| m["to"].as_str().unwrap().contains("ombudsman@ombudsman.kz"))
        .unwrap();
    assert!(
        email["text"].as_str().unwrap().contains("Уважаем"),
        "{email}"
    );
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
        out.contains("email [ru] to Уполномоченный по правам человека (kz/ombudsman): would send"),
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

/// A copy-only authority with no email or fax (the native review's fixture): the dry run shows
/// it as a copy to post, with the first target's letter to print, and every file it names is one
/// `render` writes.
#[test]
fn a_copy_without_email_or_fax_is_posted_a_copy_of_the_first_targets_letter() {
    let p = Project::sample();
    p.write(
        "appeals/authorities/kz/justice-minister.yaml",
        "role: kz/justice-minister\n\
         title: {en: Minister of Justice of the Republic of Kazakhstan, ru: Министр юстиции Республики Казахстан, kk: Қазақстан Республикасының Әділет министрі}\n\
         title_to: {ru: Министру юстиции Республики Казахстан, kk: Қазақстан Республикасының Әділет министріне}\n\
         languages: [kk, ru]\n\
         sources: [\"test fixture\"]\n",
    );
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "copies:\n  - role: kz/foreign-minister\n",
        "copies:\n  - role: kz/foreign-minister\n  - role: kz/justice-minister\n",
    );
    let dry = p.run(&["--today", "2018-05-20", "send", "ua-82-18"]).ok();
    let out = &dry.stdout;
    assert!(
        out.contains(
            "copy [ru] to Министр юстиции Республики Казахстан (kz/justice-minister): by post\n  Address: unknown: find it before posting\n  Print: out/ua-82-18/ru/letter-kz-prosecutor-general.html (`appeal render ua-82-18 --lang ru --format letter`): the letter to Генеральный прокурор Республики Казахстан, which names this copy; post a copy of it to this address\n"
        ),
        "{out}"
    );
    assert!(!out.contains("letter-kz-justice-minister"), "{out}");
    assert!(
        out.contains("0 letter(s) by post, 1 copy(ies) by post;"),
        "{out}"
    );
    // Every file the dry run names to print is one render writes, and it names the copy.
    p.run(&[
        "--today",
        "2018-05-20",
        "render",
        "ua-82-18",
        "--lang",
        "ru",
        "--format",
        "letter",
    ])
    .ok();
    let printed: Vec<&str> = out
        .lines()
        .filter_map(|l| l.strip_prefix("  Print: "))
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert!(!printed.is_empty(), "{out}");
    for file in printed {
        assert!(p.path(file).is_file(), "{file} is named but not rendered");
        let letter = p.read(file);
        // One recipient a line under "Копии:", no list bullets (native review).
        assert!(
            letter.contains("<p>Копии:<br>Министру иностранных дел Республики Казахстан К.\u{a0}Абдрахманову<br>Министру юстиции Республики Казахстан</p>"),
            "{file} names the copy:\n{letter}"
        );
        let text = p.read(&file.replace(".html", ".txt"));
        assert!(
            text.contains("\nКопии:\nМинистру иностранных дел Республики Казахстан К.\u{a0}Абдрахманову\nМинистру юстиции Республики Казахстан\n"),
            "{text}"
        );
    }
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
    // The folder may hold the case index (a cache of every case's facts), never a journal.
    assert!(
        !p.path(".appeal/journal.tsv").exists(),
        "a dry run writes no journal"
    );
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
        .env("APPEAL_TOKEN_SECRET", common::TOKEN_SECRET)
        // Slow enough (10 s for the list) that a loaded machine still kills it mid-run.
        .args(args("40"))
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
        .env("APPEAL_TOKEN_SECRET", common::TOKEN_SECRET)
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

/// A scripted SMTP server on 127.0.0.1 for what smtp-sink cannot do: go silent. Every
/// connection's socket is kept open until the server is dropped.
struct Fake {
    port: u16,
    /// Messages whose final dot the server read.
    dots: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    /// Connections accepted.
    connections: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

#[derive(Clone, Copy, PartialEq)]
enum Script {
    /// Answers the first connection (the preflight check), then never greets again.
    SilentAfterPreflight,
    /// Answers everything except the end of a message.
    SilentAfterTheDot,
    /// A normal server that offers no SMTPUTF8.
    NoSmtpUtf8,
}

impl Fake {
    fn start(script: Script) -> Fake {
        use std::io::{BufRead, BufReader, Write};
        use std::sync::atomic::Ordering;
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let dots = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (d, c) = (dots.clone(), connections.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let n = c.fetch_add(1, Ordering::SeqCst);
                let d = d.clone();
                std::thread::spawn(move || {
                    if script == Script::SilentAfterPreflight && n > 0 {
                        // Read and discard, never answer; hold the socket open.
                        let mut sink = [0u8; 4096];
                        while std::io::Read::read(&mut stream, &mut sink).is_ok_and(|n| n > 0) {}
                        return;
                    }
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let _ = stream.write_all(b"220 fake.example ESMTP\r\n");
                    let mut line = String::new();
                    let mut in_data = false;
                    loop {
                        line.clear();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        if in_data {
                            if line == ".\r\n" {
                                in_data = false;
                                d.fetch_add(1, Ordering::SeqCst);
                                if script == Script::SilentAfterTheDot {
                                    // Never answer; the client must give up on its own.
                                    let mut sink = [0u8; 4096];
                                    while std::io::Read::read(&mut stream, &mut sink)
                                        .is_ok_and(|n| n > 0)
                                    {}
                                    return;
                                }
                                let _ = stream.write_all(b"250 2.0.0 queued\r\n");
                            }
                            continue;
                        }
                        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                        let reply: &[u8] = match verb.as_str() {
                            "EHLO" if script == Script::NoSmtpUtf8 => {
                                b"250-fake.example\r\n250 8BITMIME\r\n"
                            }
                            "EHLO" => b"250-fake.example\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
                            "DATA" => {
                                in_data = true;
                                b"354 go ahead\r\n"
                            }
                            "QUIT" => {
                                let _ = stream.write_all(b"221 bye\r\n");
                                return;
                            }
                            _ => b"250 ok\r\n",
                        };
                        let _ = stream.write_all(reply);
                    }
                });
            }
        });
        Fake {
            port,
            dots,
            connections,
        }
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    fn dots(&self) -> usize {
        self.dots.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// `mail --send` with a one-second step timeout, one connection at a time.
fn send_mail_with_timeout(p: &Project, url: &str) -> common::Run {
    send_mail_with(p, url, "1")
}

/// `mail --send` with the given per-step timeout (seconds).
fn send_mail_with(p: &Project, url: &str, timeout: &str) -> common::Run {
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
        "--timeout",
        timeout,
        "--concurrency",
        "1",
    ])
}

/// attempts × timeout + backoff + 10 s, for 4 attempts, a 1 s timeout and 0.2 s doubling.
const SILENT_BOUND: Duration = Duration::from_millis(4_000 + 1_400 + 10_000);

#[test]
fn a_server_that_never_greets_ends_the_run_within_the_bound_with_exit_4() {
    let fake = Fake::start(Script::SilentAfterPreflight);
    let p = Project::sample();
    write_supporters(&p, 5);
    let started = Instant::now();
    let run = send_mail_with_timeout(&p, &fake.url()).fails_with(4);
    let took = started.elapsed();
    assert!(took < SILENT_BOUND, "took {took:?}");
    assert!(
        run.stderr
            .contains("timeout: no answer to the greeting within 1s"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("retried: 3, failed: 1"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("not attempted: 4 (the server stopped answering"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("4 were not tried"), "{}", run.stderr);
    assert_eq!(fake.dots(), 0);

    // A server silent from the first connection is "unreachable": exit 2, one line.
    let dead = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("smtp://{}", dead.local_addr().unwrap());
    let started = Instant::now();
    let run = send_mail_with_timeout(&p, &url).fails_with(2);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(
        run.stderr
            .contains("cannot use the SMTP server: timeout: no answer to the greeting"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_server_silent_after_the_final_dot_gives_unknown_journal_lines_never_resent() {
    let fake = Fake::start(Script::SilentAfterTheDot);
    let p = Project::sample();
    write_supporters(&p, 3);
    let started = Instant::now();
    let run = send_mail_with_timeout(&p, &fake.url()).fails_with(4);
    let took = started.elapsed();
    assert!(took < SILENT_BOUND, "took {took:?}");
    assert_eq!(fake.dots(), 3, "each message sent once, none retried");
    assert!(
        run.stdout.contains("3 unknown: may have been delivered"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("unknown outcome: no reply within 1s"),
        "{}",
        run.stderr
    );
    let journal = p.read(".appeal/journal.tsv");
    assert!(journal.starts_with("# appeal journal v2\n"), "{journal}");
    assert_eq!(
        journal
            .lines()
            .filter(|l| l.contains("\tunknown\t"))
            .count(),
        3,
        "{journal}"
    );
    // A rerun sends none of them again, and still says their fate is unknown (exit 4).
    let again = send_mail_with_timeout(&p, &fake.url()).fails_with(4);
    assert_eq!(fake.dots(), 3);
    assert!(
        again
            .stdout
            .contains("already sent (journal): 3 (3 of unknown outcome"),
        "{}",
        again.stdout
    );

    // `send` to the authorities: bounded too, and the unknowns are reported one by one.
    let started = Instant::now();
    let run = p
        .run(&[
            "--today",
            "2018-05-20",
            "send",
            "ua-82-18",
            "--send",
            "--smtp",
            &fake.url(),
            "--timeout",
            "1",
        ])
        .fails_with(4);
    assert!(started.elapsed() < SILENT_BOUND, "{:?}", started.elapsed());
    assert!(run.stdout.contains("unknown: "), "{}", run.stdout);
    assert!(
        run.stderr.contains("may have been delivered"),
        "{}",
        run.stderr
    );
}

#[test]
fn two_concurrent_sending_runs_deliver_each_message_once() {
    const ROWS: usize = 60;
    let sink = Sink::start(&[]);
    let p = Project::sample();
    write_supporters(&p, ROWS);
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_appeal"))
            .env("APPEAL_TOKEN_SECRET", common::TOKEN_SECRET)
            .arg("--root")
            .arg(p.root())
            .args(["--today", "2018-05-20", "mail", "ua-82-18", "--supporters"])
            .arg(p.path("supporters.csv"))
            .args(["--send", "--smtp", &sink.url(), "--per-second", "30"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let pids = [a.id(), b.id()];
    let runs: Vec<common::Run> = [a, b]
        .into_iter()
        .map(|c| common::Run::from(c.wait_with_output().unwrap()))
        .collect();
    let codes: Vec<i32> = runs.iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(sorted, [0, 2], "one sends, the other is refused: {runs:?}");
    let loser = codes.iter().position(|c| *c == 2).unwrap();
    let winner_pid = pids[1 - loser];
    assert!(
        runs[loser]
            .stderr
            .contains(&format!("another appeal run (pid {winner_pid}, started "))
            && runs[loser].stderr.contains("journal.tsv.lock"),
        "{}",
        runs[loser].stderr
    );
    let messages = sink.messages();
    let mut counts = std::collections::BTreeMap::new();
    for m in &messages {
        *counts
            .entry(m["rcpt"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    assert_eq!(counts.len(), ROWS);
    assert!(counts.values().all(|n| *n == 1), "{counts:?}");
    // The lock dies with its holder: the next run is not blocked by the file left behind.
    assert!(p.path(".appeal/journal.tsv.lock").exists());
    let rerun = send_mail(&p, &sink.url()).ok();
    assert!(
        rerun
            .stdout
            .contains(&format!("already sent (journal): {ROWS}")),
        "{}",
        rerun.stdout
    );
}

#[test]
fn the_same_supporter_on_three_lines_is_sent_once_and_the_repeats_are_named() {
    let sink = Sink::start(&[]);
    let p = Project::sample();
    let csv = write_supporters(&p, 100);
    // Lines 2, 40 and 90: one supporter, the domain (and the local part) in other cases.
    let mut lines: Vec<String> = std::fs::read_to_string(&csv)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    lines[39] = "S0@EXAMPLE.NET,Айгерім Сәрсенова,kk,GB".into();
    lines[89] = " s0@Example.Net ,Айгерім,kk,GB".into();
    std::fs::write(&csv, lines.join("\n") + "\n").unwrap();
    let run = send_mail(&p, &sink.url()).ok();
    assert!(
        run.stdout
            .contains("duplicate rows (one message per address): 2"),
        "{}",
        run.stdout
    );
    for line in [40, 90] {
        assert!(
            run.stdout.contains(&format!(
                "supporters.csv:{line}: warning: the address of line 2 again: sent once"
            )),
            "{}",
            run.stdout
        );
    }
    let messages = sink.messages();
    assert_eq!(messages.len(), 98);
    assert_eq!(
        messages
            .iter()
            .filter(|m| m["rcpt"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("s0@example.net"))
            .count(),
        1
    );
}

#[test]
fn a_permanent_refusal_is_not_retried() {
    let fake = Fake::start(Script::NoSmtpUtf8);
    let p = Project::sample();
    p.write(
        "supporters.csv",
        "email,name,language,country\nалия@example.kz,Алия,kk,\nok@example.net,Ok,en,\n",
    );
    // Nothing here stalls: a generous timeout keeps a loaded machine from turning a slow
    // reply into a retry.
    let run = send_mail_with(&p, &fake.url(), "20").fails_with(4);
    assert!(
        run.stdout.contains("accepted: 1, retried: 0, failed: 1"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(
            "permanent failure: the address is not ASCII and the server does not support SMTPUTF8"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(fake.dots(), 1);
    assert!(fake.connections.load(std::sync::atomic::Ordering::SeqCst) <= 2);
}

#[test]
fn credentials_in_the_smtp_url_are_never_echoed() {
    let p = Project::sample();
    write_supporters(&p, 1);
    for url in [
        "smtp://user:s3cret-Pa55@127.0.0.1:2525",
        "smtp://user:s3cret-Pa55@127.0.0.1",
        "smtps://user:s3cret-Pa55@mail.example.org:bad",
        "ftp://user:s3cret-Pa55@mail.example.org",
    ] {
        let run = send_mail(&p, url).fails_with(2);
        assert!(
            !run.stderr.contains("s3cret") && !run.stdout.contains("s3cret"),
            "{url}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("***@"), "{url}: {}", run.stderr);
        let run = p.run(&["send", "ua-82-18", "--send", "--smtp", url]);
        assert_eq!(run.code, 2, "{url}: {}", run.stderr);
        assert!(!run.stderr.contains("s3cret") && !run.stdout.contains("s3cret"));
    }
}

#[test]
fn timeout_values_are_bounded_on_the_command_line_and_in_the_settings() {
    let p = Project::sample();
    write_supporters(&p, 1);
    let run = p
        .run(&[
            "mail",
            "ua-82-18",
            "--supporters",
            "supporters.csv",
            "--timeout",
            "0",
        ])
        .fails_with(2);
    assert!(run.stderr.contains("--timeout"), "{}", run.stderr);
    p.edit(
        "appeals/campaign.yaml",
        "  per_second: 200",
        "  per_second: 200\n  timeout: 100000",
    );
    let run = p.run(&["check"]).fails_with(1);
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains("the SMTP step timeout is in seconds, from 1 to 3600"))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(
        line.starts_with("appeals/campaign.yaml:") && line.contains(": error: `100000`"),
        "{line}"
    );
}

#[test]
fn addresses_a_message_cannot_carry_are_refused_at_their_csv_line() {
    let p = Project::sample();
    p.write(
        "supporters.csv",
        "email,name,language,country\n\
         \"\"\"a b\"\"@example.org\",A,en,\n\
         x@[192.0.2.1],B,en,\n\
         Olga@Пример.РФ,C,ru,\n",
    );
    let run = p
        .run(&[
            "--today",
            "2018-05-20",
            "mail",
            "ua-82-18",
            "--supporters",
            "supporters.csv",
            "--out",
            "o",
        ])
        .ok();
    for expected in [
        "supporters.csv:2: `\"a b\"@example.org` is not a valid email address: quoted local parts",
        "supporters.csv:3: `x@[192.0.2.1]` is not a valid email address: domain literals",
        "1 message(s) (ru 1), dry run",
    ] {
        assert!(run.stdout.contains(expected), "{expected}\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("campaign.yaml") && !run.stderr.contains("campaign.yaml"));
    // The IDN domain goes out in its ASCII form, so only SMTPUTF8-free servers are needed.
    let eml = p.read("o/ua-82-18/mail/0000004-ru.eml");
    assert!(eml.contains("Olga@xn--e1afmkfd.xn--p1ai"), "{eml}");
}
