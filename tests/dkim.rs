//! DKIM signatures checked by an independent verifier, Python's `dkimpy`, with the public key
//! handed over through its DNS hook (no network): RSA-2048 and Ed25519 keys made by OpenSSL,
//! en/ru/kk alerts written by a dry run and sent through a real smtp-sink; every header the
//! mailbox providers look at is covered; a changed message fails.

mod common;
use common::sink::Sink;
use common::{Project, python};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// Verifies every message file given: prints one JSON object per file with the verdict, the
/// signed header names (`h=`), the algorithm and a few headers.
const VERIFY: &str = r#"
import dkim, json, re, sys, email, email.policy
record = sys.argv[1].encode()
name = sys.argv[2].encode() + b"."
def dnsfunc(qname, timeout=5):
    return record if qname == name else None
out = []
for path in sys.argv[3:]:
    raw = open(path, "rb").read()
    d = dkim.DKIM(raw)
    try:
        ok = d.verify(dnsfunc=dnsfunc)
    except dkim.DKIMException as e:
        ok = False
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    sig = re.sub(r"\s+", "", str(msg["DKIM-Signature"]))
    tags = dict(t.split("=", 1) for t in sig.split(";") if "=" in t)
    out.append({"file": path, "ok": bool(ok), "h": tags.get("h", "").split(":"),
                "a": tags.get("a"), "d": tags.get("d"), "s": tags.get("s"),
                "list_id": str(msg["List-Id"] or ""), "lang": str(msg["Content-Language"] or ""),
                "subject": str(msg["Subject"])})
print(json.dumps(out, ensure_ascii=False))
"#;

/// Headers that must be signed (RFC 8058 needs the two List-Unsubscribe ones).
const MUST_SIGN: [&str; 10] = [
    "from",
    "to",
    "subject",
    "date",
    "message-id",
    "mime-version",
    "content-type",
    "list-id",
    "list-unsubscribe",
    "list-unsubscribe-post",
];

fn openssl(args: &[&str]) -> Vec<u8> {
    let out = Command::new("openssl").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Makes a key in `dir`: returns (private key path, DNS TXT record).
fn make_key(dir: &Path, algorithm: &str) -> (String, String) {
    let key = dir.join(format!("{algorithm}.pem"));
    let key_s = key.to_string_lossy().to_string();
    match algorithm {
        "rsa" => openssl(&[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
            &key_s,
        ]),
        _ => openssl(&["genpkey", "-algorithm", "ed25519", "-out", &key_s]),
    };
    let der = openssl(&["pkey", "-in", &key_s, "-pubout", "-outform", "DER"]);
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let record = match algorithm {
        "rsa" => format!("v=DKIM1; k=rsa; p={}", b64.encode(&der)),
        _ => format!(
            "v=DKIM1; k=ed25519; p={}",
            b64.encode(&der[der.len() - 32..])
        ),
    };
    (key_s, record)
}

fn supporters(p: &Project) {
    p.write(
        "supporters.csv",
        "email,name,language,country\n\
         a@example.net,Jane Doe,en,GB\n\
         b@example.net,Ольга Петрова,ru,DE\n\
         c@example.net,Айгерім Сәрсенова,kk,\n",
    );
}

/// Adds `mail.dkim` to the sample settings (which have a `mail.list_id`).
fn configure(p: &Project, dkim: &str) {
    p.edit(
        "appeals/campaign.yaml",
        "  fax_gateway:",
        &format!("  dkim:\n{dkim}  fax_gateway:"),
    );
}

fn verify(record: &str, dns_name: &str, files: &[String]) -> Vec<serde_json::Value> {
    let mut args = vec![record, dns_name];
    args.extend(files.iter().map(String::as_str));
    serde_json::from_str(&python(VERIFY, &args)).unwrap()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().to_string())
        .collect();
    files.sort();
    files
}

#[track_caller]
fn assert_signed(results: &[serde_json::Value], algorithm: &str, n: usize) {
    assert_eq!(results.len(), n, "{results:#?}");
    for r in results {
        assert_eq!(r["ok"], true, "signature does not verify: {r:#}");
        assert_eq!(r["a"], algorithm, "{r:#}");
        assert_eq!(r["d"], "example.org");
        assert_eq!(r["list_id"], "<urgent-actions.example.org>");
        let h: Vec<&str> = r["h"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        for name in MUST_SIGN {
            assert!(h.contains(&name), "{name} is not signed: {h:?}");
        }
    }
}

#[test]
fn rsa_signed_alerts_in_every_language_verify_independently() {
    let p = Project::sample();
    let (key, record) = make_key(p.root(), "rsa");
    configure(
        &p,
        &format!("    domain: example.org\n    selector: s2018\n    key_file: {key}\n"),
    );
    supporters(&p);
    p.run(&[
        "--today",
        "2018-05-20",
        "mail",
        "ua-82-18",
        "--supporters",
        "supporters.csv",
        "--out",
        "out",
    ])
    .ok();
    let files = files_in(&p.path("out/ua-82-18/mail"));
    let results = verify(&record, "s2018._domainkey.example.org", &files);
    assert_signed(&results, "rsa-sha256", 3);
    // One alert in each language: en, ru, kk (file names end in the language).
    for (file, lang) in files.iter().zip(["en", "ru", "kk"]) {
        assert!(file.ends_with(&format!("-{lang}.eml")), "{file}");
    }

    // A changed message, or a different key, no longer verifies.
    let tampered = p.path("tampered.eml");
    let text = std::fs::read_to_string(&files[1]).unwrap();
    std::fs::write(&tampered, text.replacen("Subject:", "Subject: FW:", 1)).unwrap();
    let other = make_key(&p.path("appeals"), "rsa").1;
    let bad = verify(
        &record,
        "s2018._domainkey.example.org",
        &[tampered.to_string_lossy().to_string()],
    );
    assert_eq!(bad[0]["ok"], false, "a changed subject still verifies");
    let bad = verify(&other, "s2018._domainkey.example.org", &files[..1]);
    assert_eq!(bad[0]["ok"], false, "another key verifies");
}

#[test]
fn ed25519_signed_alerts_sent_through_smtp_verify_with_the_key_from_a_command() {
    let p = Project::sample();
    let (key, record) = make_key(p.root(), "ed25519");
    configure(
        &p,
        &format!(
            "    domain: example.org\n    selector: ed1\n    algorithm: ed25519-sha256\n    \
             key_command: cat {key}\n"
        ),
    );
    supporters(&p);
    let sink = Sink::start(&[]);
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
    .ok();
    std::thread::sleep(Duration::from_millis(200));
    let files = files_in(sink.dump.path());
    let results = verify(&record, "ed1._domainkey.example.org", &files);
    assert_signed(&results, "ed25519-sha256", 3);
}

#[test]
fn an_unusable_key_is_one_clear_line() {
    let p = Project::sample();
    p.write(
        "dkim.pem",
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    );
    configure(
        &p,
        "    domain: example.org\n    selector: s1\n    key_file: dkim.pem\n",
    );
    supporters(&p);
    let run = p
        .run(&["mail", "ua-82-18", "--supporters", "supporters.csv"])
        .fails_with(2);
    assert!(
        run.stderr
            .contains("mail.dkim: not a usable RSA private key"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("openssl genpkey"), "{}", run.stderr);
}

/// The TXT value `doctor` prints for `name`, its 255-byte strings joined.
fn doctor_record(stdout: &str, name: &str) -> String {
    let start = stdout
        .find(&format!("{name}.  IN TXT"))
        .unwrap_or_else(|| panic!("no TXT record for {name}:\n{stdout}"));
    let rest = &stdout[start..];
    let end = rest.find("\n\n").unwrap_or(rest.len());
    let record: String = rest[..end]
        .lines()
        .take_while(|l| !l.trim_start().starts_with("note:"))
        .flat_map(|l| l.split('"').skip(1).step_by(2))
        .collect();
    record
}

#[test]
fn doctor_prints_spf_dkim_and_dmarc_and_its_key_record_verifies_the_mail() {
    let p = Project::sample();
    let (key, openssl_record) = make_key(p.root(), "rsa");
    configure(
        &p,
        &format!("    domain: example.org\n    selector: s2018\n    key_file: {key}\n"),
    );
    p.edit(
        "appeals/campaign.yaml",
        "url: smtp://127.0.0.1:2525",
        "url: smtp://203.0.113.25:587",
    );
    let run = p.run(&["doctor"]).ok();
    let out = &run.stdout;
    assert!(
        out.contains("example.org.  IN TXT  \"v=spf1 ip4:203.0.113.25 ~all\""),
        "{out}"
    );
    assert!(
        out.contains(
            "_dmarc.example.org.  IN TXT  \"v=DMARC1; p=none; rua=mailto:actions@example.org; \
             adkim=r; aspf=r\""
        ),
        "{out}"
    );
    let record = doctor_record(out, "s2018._domainkey.example.org");
    assert_eq!(record, openssl_record, "{out}");
    assert!(out.contains("ok: DKIM d=example.org is aligned"), "{out}");
    assert!(!out.contains("warning:"), "{out}");

    // The printed record is the one that verifies the signed mail.
    supporters(&p);
    p.run(&[
        "--today",
        "2018-05-20",
        "mail",
        "ua-82-18",
        "--supporters",
        "supporters.csv",
        "--out",
        "out",
    ])
    .ok();
    let files = files_in(&p.path("out/ua-82-18/mail"));
    assert_signed(
        &verify(&record, "s2018._domainkey.example.org", &files),
        "rsa-sha256",
        3,
    );
}

#[test]
fn doctor_prints_the_ed25519_key_and_warns_of_misalignment() {
    let p = Project::sample();
    let (key, openssl_record) = make_key(p.root(), "ed25519");
    configure(
        &p,
        &format!(
            "    domain: other.example\n    selector: ed1\n    algorithm: ed25519-sha256\n    \
             key_file: {key}\n"
        ),
    );
    let out = p.run(&["doctor"]).ok().stdout;
    assert_eq!(
        doctor_record(&out, "ed1._domainkey.other.example"),
        openssl_record
    );
    assert!(
        out.contains(
            "warning: DKIM d=other.example is not the From domain example.org nor under it"
        ),
        "{out}"
    );
}

#[test]
fn doctor_without_dkim_says_how_to_make_a_key() {
    let p = Project::sample();
    let out = p.run(&["doctor"]).ok().stdout;
    assert!(out.contains("2. DKIM: not set up."), "{out}");
    assert!(
        out.contains("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048"),
        "{out}"
    );
    assert!(out.contains("dkim: {domain: example.org, selector: s1, key_file: dkim.pem}"));
    assert!(out.contains("warning: no DKIM signature"), "{out}");
    // The sample's SMTP server is local: the SPF record says what to fill in.
    assert!(out.contains("\"v=spf1 ip4:PUBLIC-IP ~all\""), "{out}");
    assert!(out.contains("replace PUBLIC-IP"), "{out}");
}

#[test]
fn check_locates_bad_dkim_and_verp_settings() {
    let p = Project::sample();
    configure(
        &p,
        "    domain: example.org\n    selector: s1\n    algorithm: rsa-sha1\n    key_file: k.pem\n",
    );
    p.edit(
        "appeals/campaign.yaml",
        "  fax_gateway:",
        "  verp: \"bounces@example.org\"\n  fax_gateway:",
    );
    let text = p.read("appeals/campaign.yaml");
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let run = p.run(&["check"]).fails_with(1);
    let algorithm = format!(
        "appeals/campaign.yaml:{}:5: error: `rsa-sha1` is not a DKIM algorithm: write \
         rsa-sha256 or ed25519-sha256",
        line_of("algorithm: rsa-sha1")
    );
    assert!(run.stderr.contains(&algorithm), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "appeals/campaign.yaml:{}:3: error: `bounces@example.org`: write a return path with \
             {{token}}",
            line_of("verp:")
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn appeals_sent_to_authorities_are_signed_too() {
    let p = Project::sample();
    let (key, record) = make_key(p.root(), "rsa");
    configure(
        &p,
        &format!("    domain: example.org\n    selector: s2018\n    key_file: {key}\n"),
    );
    let sink = Sink::start(&[]);
    let url = sink.url();
    p.run(&[
        "--today",
        "2018-05-20",
        "send",
        "ua-82-18",
        "--send",
        "--smtp",
        &url,
    ])
    .ok();
    std::thread::sleep(Duration::from_millis(200));
    let files = files_in(sink.dump.path());
    assert!(!files.is_empty());
    let results = verify(&record, "s2018._domainkey.example.org", &files);
    for r in &results {
        assert_eq!(r["ok"], true, "{r:#}");
        let h = r["h"].to_string();
        for name in [
            "from",
            "to",
            "subject",
            "date",
            "message-id",
            "content-type",
        ] {
            assert!(h.contains(&format!("\"{name}\"")), "{name} not signed: {h}");
        }
    }
}

/// A tiny DNS server on 127.0.0.1 (UDP) answering TXT queries from a table; the first line it
/// prints is its port.
const FAKE_DNS: &str = r#"
import json, socket, struct, sys
table = json.loads(sys.argv[1])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
while True:
    q, addr = s.recvfrom(512)
    i, labels = 12, []
    while q[i]:
        labels.append(q[i + 1:i + 1 + q[i]].decode()); i += 1 + q[i]
    name, question = ".".join(labels).lower(), q[12:i + 5]
    records = table.get(name)
    flags = 0x8180 if records is not None else 0x8183
    answers = b""
    for r in records or []:
        b = r.encode()
        data = b"".join(bytes([len(b[k:k + 255])]) + b[k:k + 255] for k in range(0, len(b), 255))
        answers += b"\xc0\x0c" + struct.pack(">HHIH", 16, 1, 60, len(data)) + data
    head = q[:2] + struct.pack(">HHHHH", flags, 1, len(records or []), 0, 0)
    s.sendto(head + question + answers, addr)
"#;

#[test]
fn doctor_check_dns_compares_what_is_published() {
    let p = Project::sample();
    let (key, record) = make_key(p.root(), "rsa");
    configure(
        &p,
        &format!("    domain: example.org\n    selector: s2018\n    key_file: {key}\n"),
    );
    let (_, other) = make_key(&p.path("appeals"), "rsa");
    let run_with = |table: serde_json::Value| {
        let mut dns = Command::new("python3")
            .arg("-c")
            .arg(FAKE_DNS)
            .arg(table.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(dns.stdout.as_mut().unwrap()),
            &mut line,
        )
        .unwrap();
        let resolver = format!("127.0.0.1:{}", line.trim());
        let run = p.run(&["doctor", "--check-dns", "--resolver", &resolver]);
        let _ = dns.kill();
        let _ = dns.wait();
        run.ok().stdout
    };
    let out = run_with(serde_json::json!({
        "example.org": ["google-site-verification=x", "v=spf1 ip4:203.0.113.25 ~all"],
        "s2018._domainkey.example.org": [record],
    }));
    assert!(
        out.contains("ok: SPF at example.org: v=spf1 ip4:203.0.113.25 ~all"),
        "{out}"
    );
    assert!(
        out.contains("ok: DKIM key at s2018._domainkey.example.org matches"),
        "{out}"
    );
    assert!(
        out.contains("missing: DMARC at _dmarc.example.org"),
        "{out}"
    );
    let out = run_with(serde_json::json!({
        "example.org": ["v=spf1 a ~all", "v=spf1 mx ~all"],
        "s2018._domainkey.example.org": [other],
        "_dmarc.example.org": ["v=DMARC1; p=none"],
    }));
    assert!(
        out.contains("warning: 2 SPF records at example.org"),
        "{out}"
    );
    assert!(out.contains("holds another key than mail.dkim's"), "{out}");
    assert!(
        out.contains("ok: DMARC at _dmarc.example.org: v=DMARC1; p=none"),
        "{out}"
    );
}
