//! `appeal bounces` against a real Dovecot IMAP server, started here as a private process on
//! 127.0.0.1 with a passwd-file and a Maildir holding delivery status notifications (Postfix's
//! format), ARF complaints, an unsubscribe mail made from an alert's own `List-Unsubscribe`, and
//! messages it must leave alone; plus the same on a Maildir and an mbox read directly.

mod common;
use common::sink::Sink;
use common::{Project, python};
use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// A Postfix delivery status notification for `rcpt`.
fn dsn(id: &str, date: &str, rcpt: &str, action: &str, status: &str, reply: &str) -> String {
    crlf(&format!(
        "Return-Path: <>
Delivered-To: actions@example.org
Received: by mx.example.net (Postfix) id 4F1A2; {date}
Date: {date}
From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: actions@example.org
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary=\"4F1A2.1526983200/mx.example.net\"
Content-Transfer-Encoding: 7bit
Message-Id: <{id}@mx.example.net>

This is a MIME-encapsulated message.

--4F1A2.1526983200/mx.example.net
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

<{rcpt}>: host mx.example.net[203.0.113.5] said: {reply}

--4F1A2.1526983200/mx.example.net
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
X-Postfix-Queue-ID: 4F1A2
X-Postfix-Sender: rfc822; actions@example.org
Arrival-Date: {date}

Final-Recipient: rfc822; {rcpt}
Original-Recipient: rfc822;{rcpt}
Action: {action}
Status: {status}
Remote-MTA: dns; mx.example.net
Diagnostic-Code: smtp; {reply}

--4F1A2.1526983200/mx.example.net
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

Return-Path: <actions@example.org>
From: Kazakhstan Appeals Network <actions@example.org>
To: {rcpt}
Subject: Urgent action: Activist freed from psychiatric detention
Message-ID: <orig-{id}@example.org>

--4F1A2.1526983200/mx.example.net--
"
    ))
}

/// An ARF abuse report (RFC 5965); `rcpt_to` is the Original-Rcpt-To line (some providers
/// leave it out and redact the To of the original).
fn arf(id: &str, rcpt_to: Option<&str>, original_to: &str, original_id: &str) -> String {
    let rcpt = rcpt_to.map_or(String::new(), |a| format!("Original-Rcpt-To: <{a}>\n"));
    crlf(&format!(
        "From: <abusedesk@mail.example.com>
Date: Thu, 24 May 2018 09:00:00 +0000
Subject: FW: Urgent action
To: <fbl@example.org>
Message-ID: <{id}@mail.example.com>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report;
     boundary=\"part1_13d.2e68ed54_boundary\"

--part1_13d.2e68ed54_boundary
Content-Type: text/plain; charset=\"US-ASCII\"
Content-Transfer-Encoding: 7bit

This is an email abuse report for an email message received from IP
192.0.2.1 on Thu, 24 May 2018 08:00:00 +0000.

--part1_13d.2e68ed54_boundary
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: SomeGenerator/1.0
Version: 1
Original-Mail-From: <actions@example.org>
{rcpt}Arrival-Date: Thu, 24 May 2018 08:00:00 +0000
Reporting-MTA: dns; mail.example.com
Source-IP: 192.0.2.1

--part1_13d.2e68ed54_boundary
Content-Type: message/rfc822
Content-Disposition: inline

From: Kazakhstan Appeals Network <actions@example.org>
To: {original_to}
Subject: Urgent action
Message-ID: {original_id}
Date: Sun, 20 May 2018 12:00:00 +0000

The alert.
--part1_13d.2e68ed54_boundary--
"
    ))
}

fn plain(id: &str, from: &str, to: &str, subject: &str, body: &str) -> String {
    crlf(&format!(
        "From: {from}\nTo: {to}\nSubject: {subject}\nDate: Mon, 28 May 2018 08:00:00 +0000\n\
         Message-ID: <{id}>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n{body}\n"
    ))
}

/// The `mailto:` unsubscribe subject from a dry-run alert for the first supporter.
fn unsubscribe_subject(p: &Project) -> String {
    p.write(
        "one.csv",
        "email,name,language\nleaving@example.net,Jane Doe,en\n",
    );
    let run = p
        .run(&[
            "--today",
            "2018-05-20",
            "mail",
            "ua-82-18",
            "--supporters",
            "one.csv",
            "--out",
            "-",
        ])
        .ok();
    let at = run
        .stdout
        .find("mailto:unsubscribe@example.org?subject=")
        .expect("the alert has a mailto: unsubscribe");
    let rest = &run.stdout[at + "mailto:unsubscribe@example.org?subject=".len()..];
    let encoded = &rest[..rest.find('>').unwrap()];
    encoded.replace("%20", " ")
}

/// The messages of the return mailbox: (file name, text).
fn mailbox_messages(p: &Project) -> Vec<(String, String)> {
    let unsubscribe = unsubscribe_subject(p);
    let forged = "unsubscribe _K1kGbYVwcf176OAtOMZZOlE2MOWs7yS-vbUsGDAgNMZYyosp1N-iTGuJa6xrVIyJzt";
    vec![
        (
            "01-hard".into(),
            dsn(
                "hard1",
                "Tue, 22 May 2018 10:00:00 +0000",
                "gone@example.net",
                "failed",
                "5.1.1",
                "550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown in \
                 local recipient table",
            ),
        ),
        (
            "02-soft".into(),
            dsn(
                "soft1",
                "Mon, 21 May 2018 10:00:00 +0000",
                "full@example.net",
                "failed",
                "4.2.2",
                "452 4.2.2 Mailbox full",
            ),
        ),
        (
            "03-soft".into(),
            dsn(
                "soft2",
                "Fri, 25 May 2018 10:00:00 +0000",
                "full@example.net",
                "failed",
                "5.2.2",
                "552 5.2.2 Over quota",
            ),
        ),
        (
            "04-soft".into(),
            dsn(
                "soft3",
                "Wed, 30 May 2018 10:00:00 +0000",
                "full@example.net",
                "failed",
                "4.2.2",
                "452 4.2.2 Mailbox full",
            ),
        ),
        (
            "05-soft-once".into(),
            dsn(
                "soft4",
                "Wed, 30 May 2018 11:00:00 +0000",
                "once@example.net",
                "failed",
                "4.4.1",
                "421 4.4.1 Connection timed out",
            ),
        ),
        (
            "06-delayed".into(),
            dsn(
                "delay1",
                "Wed, 30 May 2018 12:00:00 +0000",
                "slow@example.net",
                "delayed",
                "4.4.1",
                "421 4.4.1 Connection timed out",
            ),
        ),
        (
            "07-complaint".into(),
            arf(
                "arf1",
                Some("angry@example.com"),
                "angry@example.com",
                "<c1@example.org>",
            ),
        ),
        (
            "08-complaint-redacted".into(),
            arf("arf2", None, "redacted", "<sent-to-quiet@example.org>"),
        ),
        (
            "09-unsubscribe".into(),
            plain(
                "unsub-1@example.net",
                "Jane Doe <leaving@example.net>",
                "unsubscribe@example.org",
                &unsubscribe,
                "",
            ),
        ),
        (
            "10-forged-unsubscribe".into(),
            plain(
                "unsub-2@example.net",
                "Mallory <m@example.com>",
                "unsubscribe@example.org",
                forged,
                "",
            ),
        ),
        (
            "11-reply".into(),
            plain(
                "reply-1@example.net",
                "Ольга Петрова <b@example.net>",
                "actions@example.org",
                "Re: Urgent action",
                "Спасибо, письмо отправила.",
            ),
        ),
        (
            "12-odd-status".into(),
            dsn(
                "odd1",
                "Wed, 30 May 2018 13:00:00 +0000",
                "odd@example.net",
                "failed",
                "5.3.4",
                "552 5.3.4 Message too big for system",
            ),
        ),
    ]
}

/// The sending journal: the alerts the mailbox's reports are about (a report changes nothing
/// for an address the journal shows no mail to), one of them with a complaint that comes back
/// with the address redacted.
fn write_journal(p: &Project) {
    let mut journal = String::from("# appeal journal v2\n");
    for (n, address) in [
        "gone@example.net",
        "full@example.net",
        "once@example.net",
        "angry@example.com",
        "someone@gmail.example",
    ]
    .iter()
    .enumerate()
    {
        journal.push_str(&format!(
            "ua-82-18\talert\t{address}\taccepted\t<sent-{n}@example.org>\n"
        ));
    }
    journal.push_str("ua-82-18\talert\tquiet@example.net\taccepted\t<sent-to-quiet@example.org>\n");
    p.write(".appeal/journal.tsv", &journal);
}

/// A private Dovecot on 127.0.0.1; stopped (its whole process group) on drop.
struct Dovecot {
    child: Child,
    dir: tempfile::TempDir,
    port: u16,
    /// The IMAPS port, when started with TLS.
    tls_port: Option<u16>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Dovecot {
    fn start(messages: &[(String, String)]) -> Dovecot {
        Dovecot::start_with(messages, false)
    }

    /// With `tls`, also an IMAPS listener with a self-signed certificate for 127.0.0.1
    /// (signed by `ca.pem` in the server's folder).
    fn start_with(messages: &[(String, String)], tls: bool) -> Dovecot {
        let dovecot = ["/usr/sbin/dovecot", "/usr/bin/dovecot"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .expect("dovecot not found: run scripts/setup (installs dovecot-imapd)");
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // The mail process runs as nobody and must reach the home folders.
        std::fs::set_permissions(d, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        let port = free_port();
        let tls_port = tls.then(free_port);
        let ssl = match tls_port {
            Some(tp) => {
                // A private CA (`ca.pem`) and a server certificate it signs for 127.0.0.1, as
                // an organisation with its own CA has (webpki refuses a CA as the server's).
                let openssl = |args: &[&str]| {
                    let out = Command::new("openssl")
                        .args(args)
                        .current_dir(d)
                        .output()
                        .unwrap();
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                };
                openssl(&[
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=Test CA",
                    "-keyout",
                    "ca.key",
                    "-out",
                    "ca.pem",
                ]);
                openssl(&[
                    "req",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-subj",
                    "/CN=127.0.0.1",
                    "-keyout",
                    "key.pem",
                    "-out",
                    "server.csr",
                ]);
                std::fs::write(d.join("san.ext"), "subjectAltName=IP:127.0.0.1\n").unwrap();
                openssl(&[
                    "x509",
                    "-req",
                    "-in",
                    "server.csr",
                    "-CA",
                    "ca.pem",
                    "-CAkey",
                    "ca.key",
                    "-CAcreateserial",
                    "-days",
                    "2",
                    "-extfile",
                    "san.ext",
                    "-out",
                    "cert.pem",
                ]);
                format!(
                    "ssl = yes\nssl_cert = <{d}/cert.pem\nssl_key = <{d}/key.pem\n",
                    d = d.display()
                )
                .replace("{tp}", &tp.to_string())
            }
            None => "ssl = no\n".into(),
        };
        let imaps = match tls_port {
            Some(tp) => format!("address = 127.0.0.1\n    port = {tp}\n    ssl = yes"),
            None => "port = 0".into(),
        };
        let maildir = d.join("home/bob/Maildir");
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(maildir.join(sub)).unwrap();
        }
        for (name, text) in messages {
            // Written to tmp/, then renamed into new/, as a delivery agent does.
            let tmp = maildir.join("tmp").join(name);
            std::fs::write(&tmp, text).unwrap();
            std::fs::rename(
                &tmp,
                maildir.join("new").join(format!("{name}.appeal-test")),
            )
            .unwrap();
        }
        std::fs::write(d.join("users"), "bob:{PLAIN}secret123\n").unwrap();
        let conf = format!(
            "protocols = imap
listen = 127.0.0.1
base_dir = {d}/run
state_dir = {d}/state
instance_name = appeal-test-{port}
log_path = {d}/dovecot.log
{ssl}disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:~/Maildir
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = {d}/users
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={d}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    {imaps}
  }}
}}
",
            d = d.display()
        );
        std::fs::write(d.join("dovecot.conf"), conf).unwrap();
        let status = Command::new("chown")
            .args(["-R", "nobody:nogroup"])
            .arg(d.join("home"))
            .status()
            .unwrap();
        assert!(status.success());
        let child = Command::new(dovecot)
            .arg("-F")
            .arg("-c")
            .arg(d.join("dovecot.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        let started = Instant::now();
        loop {
            if let Ok(s) = TcpStream::connect(("127.0.0.1", port)) {
                let mut line = String::new();
                s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                if BufReader::new(s).read_line(&mut line).is_ok() && line.starts_with("* OK") {
                    break;
                }
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "dovecot did not start: {}",
                std::fs::read_to_string(d.join("dovecot.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Dovecot {
            child,
            dir,
            port,
            tls_port,
        }
    }

    fn maildir(&self) -> PathBuf {
        self.dir.path().join("home/bob/Maildir")
    }

    /// Every message's Message-ID and flags, read over IMAP by Python's imaplib.
    fn flags(&self) -> Vec<(String, String)> {
        let out = python(
            r#"
import imaplib, json, re, sys
m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
m.login("bob", "secret123")
out = []
for box in ["INBOX", "Processed"]:
    typ, _ = m.select(box, readonly=True)
    if typ != "OK":
        continue
    typ, data = m.fetch("1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    for item in data:
        if isinstance(item, tuple):
            flags = re.search(rb"FLAGS \(([^)]*)\)", item[0]).group(1).decode()
            mid = item[1].decode().split(":", 1)[1].strip() if b":" in item[1] else ""
            out.append((box + " " + mid, flags))
m.logout()
print(json.dumps(sorted(out)))
"#,
            &[&self.port.to_string()],
        );
        serde_json::from_str(&out).unwrap()
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        // SAFETY: signalling the process group this test started.
        unsafe {
            libc::kill(-(self.child.id() as i32), libc::SIGTERM);
        }
        let _ = self.child.wait();
    }
}

fn configure_imap(p: &Project, port: u16, extra: &str) {
    p.edit(
        "appeals/campaign.yaml",
        "\nmail:\n",
        &format!(
            "\nbounces:\n  soft_limit: 3\n  soft_days: 30\n  imap:\n    url: \
             imap://127.0.0.1:{port}\n    username: bob\n    password_command: echo \
             secret123\n{extra}mail:\n"
        ),
    );
}

fn ledger(p: &Project) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(p.path(".appeal/suppressions.tsv")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

#[track_caller]
fn assert_suppressed(rows: &[Vec<String>], address: &str, reason: &str, scope: &str) {
    assert!(
        rows.iter()
            .any(|r| r[1] == "add" && r[2] == address && r[3] == reason && r[4] == scope),
        "{address} is not suppressed for {reason} ({scope}): {rows:#?}"
    );
}

#[test]
fn dovecot_mailbox_bounces_complaints_and_unsubscribes_become_suppressions_once() {
    let p = Project::sample();
    let messages = mailbox_messages(&p);
    let server = Dovecot::start(&messages);
    configure_imap(&p, server.port, "");
    write_journal(&p);
    let run = p
        .run(&["--today", "2018-06-01", "bounces", "--move-to", "Processed"])
        .ok();
    let out = &run.stdout;
    if std::env::var("SHOW").is_ok() {
        eprintln!("{out}");
    }
    assert!(
        out.contains("imap://127.0.0.1:") && out.contains("12 message(s), 0 already processed"),
        "{out}"
    );
    assert!(
        out.contains("hard bounces: 1 (newly suppressed: 1)"),
        "{out}"
    );
    assert!(
        out.contains("soft bounces: 4 (1 address(es) reached 3 within 30 days: suppressed)"),
        "{out}"
    );
    assert!(out.contains("complaints: 2 (newly suppressed: 2)"), "{out}");
    assert!(
        out.contains("unsubscribe mails: 1 (newly suppressed: 1)"),
        "{out}"
    );
    assert!(
        out.contains("notices (delayed, delivered, relayed): 1"),
        "{out}"
    );
    assert!(
        out.contains("left alone (not understood, nothing changed): 3"),
        "{out}"
    );
    assert!(
        out.contains("<reply-1@example.net> \"Re: Urgent action\": not a delivery report"),
        "{out}"
    );
    assert!(out.contains("<unsub-2@example.net>"), "{out}");
    assert!(out.contains("whose token"), "{out}");
    assert!(
        out.contains("status `5.3.4` (failed) is not one this program acts on"),
        "{out}"
    );

    let rows = ledger(&p);
    assert_suppressed(&rows, "gone@example.net", "hard-bounce", "all");
    assert_suppressed(&rows, "full@example.net", "hard-bounce", "all");
    assert_suppressed(&rows, "angry@example.com", "complaint", "all");
    // Attributed through the journal: the report had no recipient address.
    assert_suppressed(&rows, "quiet@example.net", "complaint", "all");
    assert_suppressed(
        &rows,
        "leaving@example.net",
        "unsubscribed",
        "urgent-actions.example.org",
    );
    assert_eq!(rows.len(), 5, "{rows:#?}");
    let full = rows.iter().find(|r| r[2] == "full@example.net").unwrap();
    assert!(
        full[5].contains("3 soft bounces within 30 days"),
        "{full:?}"
    );

    // Processed messages moved and flagged, never deleted; the rest untouched in INBOX.
    let flags = server.flags();
    assert_eq!(flags.len(), 12, "{flags:#?}");
    let processed: Vec<&(String, String)> = flags
        .iter()
        .filter(|(k, _)| k.starts_with("Processed "))
        .collect();
    assert_eq!(processed.len(), 9, "{flags:#?}");
    assert!(
        processed
            .iter()
            .all(|(_, f)| f.contains("$AppealProcessed"))
    );
    for id in [
        "<reply-1@example.net>",
        "<unsub-2@example.net>",
        "<odd1@mx.example.net>",
    ] {
        let (_, f) = flags
            .iter()
            .find(|(k, _)| k == &format!("INBOX {id}"))
            .unwrap_or_else(|| panic!("{id} not left in INBOX: {flags:#?}"));
        assert!(
            !f.contains("$AppealProcessed") && !f.contains("\\Seen"),
            "{id}: {f}"
        );
    }

    // A second run changes nothing.
    let before = std::fs::read(p.path(".appeal/suppressions.tsv")).unwrap();
    let log_before = std::fs::read(p.path(".appeal/bounces.tsv")).unwrap();
    let again = p
        .run(&["--today", "2018-06-01", "bounces", "--move-to", "Processed"])
        .ok();
    assert!(
        again
            .stdout
            .contains("3 message(s), 0 already processed, 3 new"),
        "{}",
        again.stdout
    );
    assert!(
        again
            .stdout
            .contains("left alone (not understood, nothing changed): 3")
    );
    assert_eq!(
        std::fs::read(p.path(".appeal/suppressions.tsv")).unwrap(),
        before
    );
    assert_eq!(
        std::fs::read(p.path(".appeal/bounces.tsv")).unwrap(),
        log_before
    );
    assert_eq!(server.flags(), flags);
    let _ = server.maildir();
}

#[test]
fn flagged_in_place_without_move_to_and_rerun_changes_nothing() {
    let p = Project::sample();
    let messages = mailbox_messages(&p)[..2].to_vec();
    let server = Dovecot::start(&messages);
    configure_imap(&p, server.port, "");
    write_journal(&p);
    p.run(&["--today", "2018-06-01", "bounces"]).ok();
    let flags = server.flags();
    assert_eq!(flags.len(), 2);
    assert!(
        flags.iter().all(|(k, f)| k.starts_with("INBOX ")
            && f.contains("$AppealProcessed")
            && f.contains("\\Seen")),
        "{flags:#?}"
    );
    let again = p.run(&["--today", "2018-06-01", "bounces"]).ok();
    assert!(again.stdout.contains("0 message(s)"), "{}", again.stdout);
    assert_eq!(ledger(&p).len(), 1);
}

#[test]
fn a_wrong_imap_password_is_one_clear_line() {
    let p = Project::sample();
    let server = Dovecot::start(&[]);
    configure_imap(&p, server.port, "");
    p.edit("appeals/campaign.yaml", "echo secret123", "echo wrong");
    let run = p.run(&["bounces"]).fails_with(2);
    assert!(
        run.stderr.contains("login as `bob` refused"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("wrong"),
        "the password is printed: {}",
        run.stderr
    );
}

#[test]
fn policy_refusals_stop_with_exit_6_and_the_reply() {
    let p = Project::sample();
    let dir = p.path("Maildir");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    std::fs::write(
        dir.join("new/1.x"),
        dsn(
            "pol1",
            "Wed, 30 May 2018 10:00:00 +0000",
            "someone@gmail.example",
            "failed",
            "5.7.26",
            "550 5.7.26 Unauthenticated email from example.org is not accepted due to \
             domain's DMARC policy",
        ),
    )
    .unwrap();
    write_journal(&p);
    let run = p
        .run(&["--today", "2018-06-01", "bounces", "--maildir", "Maildir"])
        .fails_with(6);
    assert!(run.stderr.contains("SENDER SETUP"), "{}", run.stderr);
    assert!(
        run.stderr.contains("5.7.26 Unauthenticated email"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("appeal doctor"), "{}", run.stderr);
    // Nobody is suppressed for the organisation's own mistake; the message is read.
    assert!(ledger(&p).is_empty());
    assert_eq!(std::fs::read_dir(dir.join("cur")).unwrap().count(), 1);
}

#[test]
fn an_mbox_is_read_only_and_rereading_it_changes_nothing() {
    let p = Project::sample();
    let messages = mailbox_messages(&p);
    let mut mbox = String::new();
    for (_, text) in &messages {
        mbox.push_str("From MAILER-DAEMON Tue May 22 10:00:00 2018\n");
        mbox.push_str(&text.replace("\r\n", "\n"));
        mbox.push('\n');
    }
    p.write("bounces.mbox", &mbox);
    write_journal(&p);
    let first = p
        .run(&["--today", "2018-06-01", "bounces", "--mbox", "bounces.mbox"])
        .ok();
    assert!(
        first.stdout.contains("12 message(s), 0 already processed"),
        "{}",
        first.stdout
    );
    assert_eq!(ledger(&p).len(), 5);
    let second = p
        .run(&["--today", "2018-06-01", "bounces", "--mbox", "bounces.mbox"])
        .ok();
    assert!(
        second
            .stdout
            .contains("12 message(s), 9 already processed, 3 new"),
        "{}",
        second.stdout
    );
    assert_eq!(ledger(&p).len(), 5);
    assert_eq!(p.read("bounces.mbox"), mbox);
}

impl Sink {
    /// (MAIL FROM, RCPT TO) of every message received.
    fn envelopes(&self) -> Vec<(String, String)> {
        std::thread::sleep(Duration::from_millis(200));
        let mut out = vec![];
        for entry in std::fs::read_dir(self.dump_path()).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            // `X-Mail-Args: <bounces+…@example.org>` (some versions write `FROM:<…>`).
            let arg = |name: &str, key: &str| {
                text.lines()
                    .find_map(|l| l.strip_prefix(name))
                    .map(|v| v.trim())
                    .map(|v| v.strip_prefix(key).unwrap_or(v))
                    .map(|v| {
                        v.trim_start_matches('<')
                            .split('>')
                            .next()
                            .unwrap()
                            .to_string()
                    })
                    .unwrap_or_default()
            };
            out.push((arg("X-Mail-Args:", "FROM:"), arg("X-Rcpt-Args:", "TO:")));
        }
        out.sort_by(|a, b| a.1.cmp(&b.1));
        out
    }
}

#[test]
fn verp_attributes_a_bounce_without_a_report_and_the_next_mailing_skips_it() {
    let p = Project::sample();
    p.edit(
        "appeals/campaign.yaml",
        "  fax_gateway:",
        "  verp: \"bounces+{token}@example.org\"\n  fax_gateway:",
    );
    p.write(
        "supporters.csv",
        "email,name,language\na@example.net,Jane Doe,en\nb@example.net,Ольга Петрова,ru\n",
    );
    let send = |sink: &Sink| {
        let url = sink.url();
        p.run(&[
            "--today",
            "2018-05-20",
            "mail",
            "ua-82-18",
            "--supporters",
            "supporters.csv",
            "--send",
            "--smtp",
            &url,
        ])
        .ok()
    };
    let sink = Sink::start(&[]);
    send(&sink);
    let envelopes = sink.envelopes();
    assert_eq!(envelopes.len(), 2, "{envelopes:?}");
    for (from, _) in &envelopes {
        assert!(
            from.starts_with("bounces+") && from.ends_with("@example.org") && from.len() == 36,
            "{envelopes:?}"
        );
    }
    assert_ne!(envelopes[0].0, envelopes[1].0);
    let return_path_a = &envelopes[0].0;
    // An old-style bounce: no delivery report, only text, returned to a's return path.
    let dir = p.path("Maildir");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    std::fs::write(
        dir.join("new/1.verp"),
        plain(
            "verp-1@mx.example.net",
            "MAILER-DAEMON@mx.example.net",
            return_path_a,
            "failure notice",
            "Hi. This is the qmail-send program at mx.example.net.\nI'm afraid I wasn't able \
             to deliver your message to the following addresses.\n\n<a@example.net>:\n550 5.1.1 \
             Sorry, no mailbox here by that name.",
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("new/2.forged"),
        plain(
            "verp-2@mx.example.net",
            "MAILER-DAEMON@mx.example.net",
            "bounces+aaaaaaaaaaaaaaaa@example.org",
            "failure notice",
            "550 5.1.1 no such user",
        ),
    )
    .unwrap();
    // A report that names no recipient (no Final-Recipient), returned to b's return path.
    let return_path_b = &envelopes[1].0;
    let nameless = dsn(
        "soft-b",
        "Wed, 30 May 2018 10:00:00 +0000",
        "b@example.net",
        "failed",
        "4.2.2",
        "452 4.2.2 Mailbox full",
    )
    .replace("Final-Recipient: rfc822; b@example.net\r\n", "")
    .replace("Original-Recipient: rfc822;b@example.net\r\n", "")
    .replace("To: b@example.net\r\n", "")
    .replace(
        "Delivered-To: actions@example.org",
        &format!("Delivered-To: {return_path_b}"),
    );
    assert!(!nameless.contains("Final-Recipient"));
    std::fs::write(dir.join("new/3.nameless"), nameless).unwrap();
    let run = p
        .run(&["--today", "2018-06-01", "bounces", "--maildir", "Maildir"])
        .ok();
    assert!(
        run.stdout
            .contains("soft bounces: 1 (0 address(es) reached"),
        "{}",
        run.stdout
    );
    let log = p.read(".appeal/bounces.tsv");
    assert!(
        log.contains("\t<soft-b@mx.example.net>\tsoft\tb@example.net\t4.2.2\t"),
        "{log}"
    );
    assert!(
        run.stdout.contains("hard bounces: 1 (newly suppressed: 1)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("a bounce to VERP token `aaaaaaaaaaaaaaaa`, which matches no one"),
        "{}",
        run.stdout
    );
    let rows = ledger(&p);
    assert_suppressed(&rows, "a@example.net", "hard-bounce", "all");
    assert_eq!(rows.len(), 1, "{rows:#?}");

    // The next mailing (a reminder-free rerun with a fresh journal) skips a.
    std::fs::remove_file(p.path(".appeal/journal.tsv")).unwrap();
    let sink = Sink::start(&[]);
    send(&sink);
    let envelopes = sink.envelopes();
    assert_eq!(envelopes.len(), 1, "{envelopes:?}");
    assert_eq!(envelopes[0].1, "b@example.net");
}

#[test]
fn imaps_with_the_organisations_ca_reads_the_mailbox() {
    let p = Project::sample();
    let messages = mailbox_messages(&p)[..1].to_vec();
    let server = Dovecot::start_with(&messages, true);
    let tls_port = server.tls_port.unwrap();
    std::fs::copy(server.dir.path().join("ca.pem"), p.path("imap-ca.pem")).unwrap();
    configure_imap(&p, server.port, "");
    write_journal(&p);
    p.edit(
        "appeals/campaign.yaml",
        &format!("imap://127.0.0.1:{}", server.port),
        &format!("imaps://127.0.0.1:{tls_port}\n    ca_file: imap-ca.pem"),
    );
    let run = p.run(&["--today", "2018-06-01", "bounces"]).ok();
    assert!(
        run.stdout
            .contains(&format!("imaps://127.0.0.1:{tls_port}/INBOX: 1 message(s)")),
        "{}",
        run.stdout
    );
    assert_suppressed(&ledger(&p), "gone@example.net", "hard-bounce", "all");

    // Without the CA the certificate is refused: one clear line, nothing read.
    p.edit("appeals/campaign.yaml", "\n    ca_file: imap-ca.pem", "");
    let run = p.run(&["--today", "2018-06-01", "bounces"]).fails_with(2);
    assert!(run.stderr.contains("certificate"), "{}", run.stderr);
    assert!(
        run.stderr.contains("bounces.imap.ca_file"),
        "{}",
        run.stderr
    );
}

/// A Maildir `Maildir/` in the project holding `messages`.
fn maildir(p: &Project, messages: &[(String, String)]) {
    let dir = p.path("Maildir");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    for (name, text) in messages {
        std::fs::write(dir.join("new").join(name), text).unwrap();
    }
}

/// A Postfix DSN for `rcpt`, returned to `return_path`, about the original `<orig-{id}@…>`.
fn dsn_to(return_path: &str, id: &str, date: &str, rcpt: &str, status: &str) -> String {
    let reply = format!("550 {status} <{rcpt}>: no such user");
    dsn(id, date, rcpt, "failed", status, &reply).replace(
        "Delivered-To: actions@example.org",
        &format!("Delivered-To: {return_path}"),
    )
}

#[test]
fn with_verp_only_reports_shown_to_be_ours_suppress_and_trust_any_restores_the_old_rule() {
    let p = Project::sample();
    p.edit(
        "appeals/campaign.yaml",
        "  fax_gateway:",
        "  verp: \"bounces+{token}@example.org\"\n  fax_gateway:",
    );
    let verp = appeal::bounces::verp::Verp::new(
        "bounces+{token}@example.org",
        common::TOKEN_SECRET.as_bytes(),
    )
    .unwrap();
    let mut journal = String::from("# appeal journal v2\n");
    for who in ["a", "b", "c", "d"] {
        journal.push_str(&format!(
            "ua-82-18\talert\t{who}@example.net\taccepted\t<orig-{who}1@example.org>\n"
        ));
    }
    p.write(".appeal/journal.tsv", &journal);
    let plain_return = "actions@example.org";
    let forged_tag = "bounces+aaaaaaaaaaaaaaaa@example.org";
    let date = |day: u32| format!("Wed, {day} May 2018 10:00:00 +0000");
    let messages = vec![
        // Forged: a hard bounce for a, to no VERP return path, about a message never sent.
        (
            "01-forged-hard".to_string(),
            dsn_to(plain_return, "x1", &date(28), "a@example.net", "5.1.1"),
        ),
        // Forged: three soft bounces for b, to a VERP tag that is not b's.
        (
            "02-forged-soft".into(),
            dsn_to(forged_tag, "x2", &date(28), "b@example.net", "4.2.2"),
        ),
        (
            "03-forged-soft".into(),
            dsn_to(forged_tag, "x3", &date(29), "b@example.net", "4.2.2"),
        ),
        (
            "04-forged-soft".into(),
            dsn_to(forged_tag, "x4", &date(30), "b@example.net", "4.2.2"),
        ),
        // For an address never mailed.
        (
            "05-never-mailed".into(),
            dsn_to(forged_tag, "x5", &date(30), "never@example.net", "5.1.1"),
        ),
        // Ours: the original's Message-ID is c's in the journal.
        (
            "06-ours-by-id".into(),
            dsn_to(plain_return, "c1", &date(30), "c@example.net", "5.1.1"),
        ),
        // Ours: returned to d's own VERP return path.
        (
            "07-ours-by-verp".into(),
            dsn_to(
                &verp.return_path("d@example.net"),
                "y7",
                &date(30),
                "d@example.net",
                "5.1.1",
            ),
        ),
    ];
    let server = Dovecot::start(&messages);
    configure_imap(&p, server.port, "");
    let run = p.run(&["--today", "2018-06-01", "bounces"]).ok();
    let out = &run.stdout;
    assert!(
        out.contains("hard bounces: 2 (newly suppressed: 2)"),
        "{out}"
    );
    assert!(out.contains("soft bounces: 0 (0 address(es)"), "{out}");
    assert!(
        out.contains("left alone (not understood, nothing changed): 5"),
        "{out}"
    );
    assert!(
        out.contains("<x1@mx.example.net> \"Undelivered Mail Returned to Sender\": a delivery report for `a@example.net` not shown to be ours"),
        "{out}"
    );
    assert!(
        out.contains(
            "a delivery report for `never@example.net`, an address the journal shows no mail to"
        ),
        "{out}"
    );
    let rows = ledger(&p);
    assert_suppressed(&rows, "c@example.net", "hard-bounce", "all");
    assert_suppressed(&rows, "d@example.net", "hard-bounce", "all");
    assert_eq!(rows.len(), 2, "{rows:#?}");
    let flags = server.flags();
    assert_eq!(
        flags
            .iter()
            .filter(|(_, f)| f.contains("$AppealProcessed"))
            .count(),
        2,
        "the forged reports stay unmarked: {flags:#?}"
    );

    // --trust-any: any report naming an address suppresses it, as before.
    let run = p
        .run(&["--today", "2018-06-01", "bounces", "--trust-any"])
        .ok();
    assert!(
        run.stdout
            .contains("left alone (not understood, nothing changed): 0"),
        "{}",
        run.stdout
    );
    let rows = ledger(&p);
    for who in ["a@example.net", "b@example.net", "never@example.net"] {
        assert_suppressed(&rows, who, "hard-bounce", "all");
    }
}

#[test]
fn without_verp_a_report_for_an_address_never_mailed_suppresses_nobody() {
    let p = Project::sample();
    write_journal(&p);
    let mut mbox = String::new();
    for (rcpt, id) in [("never@example.net", "n1"), ("gone@example.net", "g1")] {
        mbox.push_str("From MAILER-DAEMON Tue May 22 10:00:00 2018\n");
        mbox.push_str(
            &dsn(
                id,
                "Tue, 22 May 2018 10:00:00 +0000",
                rcpt,
                "failed",
                "5.1.1",
                "550 5.1.1 User unknown",
            )
            .replace("\r\n", "\n"),
        );
        mbox.push('\n');
    }
    p.write("bounces.mbox", &mbox);
    let run = p
        .run(&["--today", "2018-06-01", "bounces", "--mbox", "bounces.mbox"])
        .ok();
    assert!(
        run.stdout.contains(
            "a delivery report for `never@example.net`, an address the journal shows no mail to"
        ),
        "{}",
        run.stdout
    );
    let rows = ledger(&p);
    assert_suppressed(&rows, "gone@example.net", "hard-bounce", "all");
    assert_eq!(rows.len(), 1, "{rows:#?}");
}

#[test]
fn the_bounce_logs_last_entry_without_its_newline_counts_and_a_bad_entry_stops_the_run() {
    let p = Project::sample();
    write_journal(&p);
    let logged = "2018-05-25T10:00:00Z\t<soft0@mx.example.net>\tsoft\tfull@example.net\t4.2.2\t452";
    p.write(
        ".appeal/bounces.tsv",
        &format!("# appeal bounces v1\n{logged}"),
    );
    let soft = |id: &str, day: u32| {
        dsn(
            id,
            &format!("Wed, {day} May 2018 10:00:00 +0000"),
            "full@example.net",
            "failed",
            "4.2.2",
            "452 4.2.2 Mailbox full",
        )
    };
    maildir(
        &p,
        &[
            ("1".into(), soft("soft1", 28)),
            ("2".into(), soft("soft2", 29)),
        ],
    );
    let run = p
        .run(&["--today", "2018-06-01", "bounces", "--maildir", "Maildir"])
        .ok();
    assert!(
        run.stdout
            .contains("soft bounces: 2 (1 address(es) reached 3 within 30 days"),
        "{}",
        run.stdout
    );
    assert_suppressed(&ledger(&p), "full@example.net", "hard-bounce", "all");
    let log = p.read(".appeal/bounces.tsv");
    assert!(
        log.starts_with(&format!("# appeal bounces v1\n{logged}\n2018-05-28")),
        "{log}"
    );

    // A hand edit the reader cannot trust stops the next run at its line.
    p.write(
        ".appeal/bounces.tsv",
        &log.replacen("\tsoft\t", "\tSoft\t", 1),
    );
    let run = p
        .run(&["--today", "2018-06-01", "bounces", "--maildir", "Maildir"])
        .fails_with(1);
    assert!(
        run.stderr
            .contains(".appeal/bounces.tsv:2:45: error: outcome `Soft`"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_imap_message_over_ten_mebibytes_is_skipped_unread_and_left_unmarked() {
    let p = Project::sample();
    let mut big = crlf(
        "From: huge@example.net\nTo: bounces@example.org\nSubject: huge\nMessage-ID: <huge@example.net>\n\n",
    );
    // 12 MiB of base64-like lines: IMAP sends at most 10 MiB + 1 of it.
    let line = format!("{}\r\n", "QUJD".repeat(19));
    big.push_str(&line.repeat((12 << 20) / line.len()));
    let hello = plain(
        "hello@example.net",
        "friend@example.net",
        "bounces@example.org",
        "hello",
        "Just saying hello.",
    );
    let server = Dovecot::start(&[("1.big".into(), big), ("2.hello".into(), hello)]);
    configure_imap(&p, server.port, "");
    let (run, peak_kib) = p.run_measured(&["--today", "2018-06-01", "bounces"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "appeal: warning: <huge@example.net> \"huge\": 12.0 MiB, larger than the 10 MiB a report can be: skipped unread"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("\"hello\""), "{}", run.stdout);
    // Left as it was: neither flagged nor moved.
    let flags = server.flags();
    let huge = flags
        .iter()
        .find(|(k, _)| k.contains("huge@example.net"))
        .unwrap();
    assert!(!huge.1.contains("$AppealProcessed"), "{flags:#?}");
    assert!(peak_kib < 100 * 1024, "peak memory {peak_kib} KiB");
}
