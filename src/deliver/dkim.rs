//! DKIM signatures (RFC 6376) for outgoing mail: RSA-SHA256 and Ed25519-SHA256 (RFC 8463),
//! relaxed/relaxed canonicalization, signing the exact bytes that go on the wire.
//!
//! Built on `ring`, which the TLS stack already compiles: no new dependency, no build-time cost,
//! and its RSA is constant-time (the `rsa` crate behind lettre's `dkim` feature carries
//! RUSTSEC-2023-0071, a timing side channel, with no fix). Signing costs one RSA operation per
//! message (about 0.7 ms for 2048 bits on one core here) plus two SHA-256 passes; the key is
//! loaded once per run and shared by every sending worker.
//!
//! The signed headers are those Gmail, Yahoo and Outlook look at for bulk mail: From, To,
//! Subject, Date, Message-ID, MIME-Version, Content-Type, List-Id, List-Unsubscribe and
//! List-Unsubscribe-Post (RFC 8058: one-click is honoured only when these two are signed).
//! Each is *oversigned* (named once more than it occurs), so a relay cannot add a second
//! From or List-Unsubscribe without breaking the signature.

use super::secret::CommandErrors;
use crate::error::{Error, Result};
use crate::model::campaign::DkimSettings;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ring::signature::{Ed25519KeyPair, KeyPair, RSA_PKCS1_SHA256, RsaKeyPair};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The headers signed, in the order they appear in the `h=` tag.
pub const SIGNED_HEADERS: [&str; 10] = [
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

/// A signing algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// `rsa-sha256`: RSA PKCS#1 v1.5 over SHA-256, 2048 to 4096 bits.
    RsaSha256,
    /// `ed25519-sha256` (RFC 8463).
    Ed25519Sha256,
}

impl Algorithm {
    /// The name in settings and in the `a=` tag.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::RsaSha256 => "rsa-sha256",
            Algorithm::Ed25519Sha256 => "ed25519-sha256",
        }
    }

    /// Parses the settings' `algorithm` (default `rsa-sha256`).
    pub fn parse(name: Option<&str>) -> Result<Algorithm, String> {
        match name.unwrap_or("rsa-sha256") {
            "rsa-sha256" | "rsa" => Ok(Algorithm::RsaSha256),
            "ed25519-sha256" | "ed25519" => Ok(Algorithm::Ed25519Sha256),
            other => Err(format!(
                "`{other}` is not a DKIM algorithm: write rsa-sha256 or ed25519-sha256"
            )),
        }
    }
}

enum Key {
    Rsa(RsaKeyPair),
    Ed25519(Ed25519KeyPair),
}

/// A DKIM signer: domain, selector and private key, loaded once and shared by all workers.
pub struct Signer {
    domain: String,
    selector: String,
    key: Key,
    rng: ring::rand::SystemRandom,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key.
        write!(
            f,
            "Signer(d={}, s={}, a={})",
            self.domain,
            self.selector,
            self.algorithm().name()
        )
    }
}

impl Signer {
    /// The signer the settings describe, or `None` without `mail.dkim`. The key is read from
    /// `key_file` (relative to `root`) or printed by `key_command`.
    pub fn from_settings(settings: Option<&DkimSettings>, root: &Path) -> Result<Option<Signer>> {
        let Some(s) = settings else {
            return Ok(None);
        };
        let algorithm = Algorithm::parse(s.algorithm.as_deref())
            .map_err(|m| Error::Config(format!("mail.dkim.algorithm: {m}")))?;
        let key = match (&s.key_file, &s.key_command) {
            (Some(file), _) => {
                let path = root.join(file);
                std::fs::read(&path).map_err(|e| Error::io(&path, e))?
            }
            (None, Some(cmd)) => {
                super::secret::run(cmd, "mail.dkim.key_command", CommandErrors::Hidden)?
            }
            (None, None) => {
                return Err(Error::Config(
                    "mail.dkim: give key_file (a PEM private key) or key_command (a command \
                     printing one)"
                        .into(),
                ));
            }
        };
        Signer::new(&s.domain, &s.selector, algorithm, &key)
            .map(Some)
            .map_err(|m| Error::Config(format!("mail.dkim: {m}")))
    }

    /// A signer from a private key: PEM (`PRIVATE KEY` in PKCS#8, or `RSA PRIVATE KEY` in
    /// PKCS#1), or for Ed25519 also the raw 32-byte seed in base64.
    pub fn new(
        domain: &str,
        selector: &str,
        algorithm: Algorithm,
        key: &[u8],
    ) -> Result<Signer, String> {
        let valid = |s: &str| {
            !s.is_empty()
                && s.split('.').all(|label| {
                    !label.is_empty()
                        && label
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                })
        };
        if !valid(domain) {
            return Err(format!("domain `{domain}` is not a domain name"));
        }
        if !valid(selector) {
            return Err(format!(
                "selector `{selector}` may hold only letters, digits, `-`, `_` and dots"
            ));
        }
        let text = std::str::from_utf8(key).map_err(|_| "the key is not text (PEM)".to_string())?;
        let pem = pem_block(text);
        let key = match (algorithm, pem) {
            (Algorithm::RsaSha256, Some((label, der))) => {
                let pair = match label.as_str() {
                    "PRIVATE KEY" => RsaKeyPair::from_pkcs8(&der),
                    "RSA PRIVATE KEY" => RsaKeyPair::from_der(&der),
                    other => {
                        return Err(format!(
                            "the key is a PEM `{other}`, not an RSA private key"
                        ));
                    }
                }
                .map_err(|e| {
                    format!(
                        "not a usable RSA private key ({e}); make one with `openssl genpkey \
                         -algorithm RSA -pkeyopt rsa_keygen_bits:2048` (2048 to 4096 bits)"
                    )
                })?;
                Key::Rsa(pair)
            }
            (Algorithm::Ed25519Sha256, Some((label, der))) => {
                if label != "PRIVATE KEY" {
                    return Err(format!(
                        "the key is a PEM `{label}`, not an Ed25519 private key"
                    ));
                }
                Key::Ed25519(Ed25519KeyPair::from_pkcs8_maybe_unchecked(&der).map_err(|e| {
                    format!(
                        "not a usable Ed25519 private key ({e}); make one with `openssl genpkey \
                         -algorithm ed25519`"
                    )
                })?)
            }
            (Algorithm::Ed25519Sha256, None) => {
                let seed = B64
                    .decode(text.trim())
                    .ok()
                    .filter(|s| s.len() == 32)
                    .ok_or("the key is neither PEM nor a base64 Ed25519 seed of 32 bytes")?;
                Key::Ed25519(
                    Ed25519KeyPair::from_seed_unchecked(&seed)
                        .map_err(|e| format!("not a usable Ed25519 seed ({e})"))?,
                )
            }
            (Algorithm::RsaSha256, None) => {
                return Err("the key is not PEM (-----BEGIN PRIVATE KEY-----)".into());
            }
        };
        Ok(Signer {
            domain: domain.to_ascii_lowercase(),
            selector: selector.to_string(),
            key,
            rng: ring::rand::SystemRandom::new(),
        })
    }

    /// The algorithm of the key.
    pub fn algorithm(&self) -> Algorithm {
        match self.key {
            Key::Rsa(_) => Algorithm::RsaSha256,
            Key::Ed25519(_) => Algorithm::Ed25519Sha256,
        }
    }

    /// The signing domain (`d=`).
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The selector (`s=`).
    pub fn selector(&self) -> &str {
        &self.selector
    }

    /// The DNS name the public key is published under: `selector._domainkey.domain`.
    pub fn dns_name(&self) -> String {
        format!("{}._domainkey.{}", self.selector, self.domain)
    }

    /// The TXT record to publish: `v=DKIM1; k=rsa; p=…` with the public key in base64
    /// (SubjectPublicKeyInfo for RSA, the raw 32 bytes for Ed25519).
    pub fn dns_record(&self) -> String {
        let (k, p) = match &self.key {
            Key::Rsa(pair) => ("rsa", B64.encode(rsa_spki(pair.public_key().as_ref()))),
            Key::Ed25519(pair) => ("ed25519", B64.encode(pair.public_key().as_ref())),
        };
        format!("v=DKIM1; k={k}; p={p}")
    }

    /// The message with a `DKIM-Signature` header in front. `message` is the whole message in
    /// wire form (CRLF line ends); `time` goes in `t=` (unless it is before 1970).
    pub fn sign(&self, message: &[u8], time: i64) -> Result<Vec<u8>, String> {
        let (head, body) = split(message);
        let fields = fields(head);
        let bh = B64.encode(body_hash(body));
        // Each signed header that is present, oversigned: once more than it occurs.
        let mut names: Vec<&str> = Vec::new();
        for name in SIGNED_HEADERS {
            let n = fields.iter().filter(|f| f.name_is(name)).count();
            if n > 0 {
                names.extend(std::iter::repeat_n(name, n + 1));
            }
        }
        if !names.contains(&"from") {
            return Err("the message has no From header".into());
        }
        // `t=` is seconds since 1970 and cannot be negative (RFC 6376 3.5); a date before 1970
        // (`--today 1969-12-31`) leaves it out, as the tag is optional.
        let stamp = if time >= 0 {
            format!("t={time}; ")
        } else {
            String::new()
        };
        let mut header = format!(
            "DKIM-Signature: v=1; a={}; c=relaxed/relaxed; d={}; s={};\r\n\t{stamp}h=",
            self.algorithm().name(),
            self.domain,
            self.selector
        );
        fold_list(&mut header, &names);
        header.push_str(";\r\n\tbh=");
        header.push_str(&bh);
        header.push_str(";\r\n\tb=");
        // What is hashed: each named field in relaxed form, taken from the bottom up (RFC 6376
        // 5.4.2: a name listed twice takes the last instance, then the one before; past the
        // first, nothing), then this header with an empty b= and no final CRLF.
        let mut data = Vec::with_capacity(2048);
        let mut used: Vec<(&str, usize)> = Vec::new();
        for name in &names {
            let k = match used.iter_mut().find(|(n, _)| n == name) {
                Some((_, k)) => {
                    *k += 1;
                    *k
                }
                None => {
                    used.push((name, 1));
                    1
                }
            };
            if let Some(field) = fields.iter().rev().filter(|f| f.name_is(name)).nth(k - 1) {
                relaxed_header(field.raw, &mut data);
            }
        }
        relaxed_header(header.as_bytes(), &mut data);
        // The DKIM-Signature header is hashed without its final CRLF (there is none yet).
        if data.ends_with(b"\r\n") {
            data.truncate(data.len() - 2);
        }
        let signature = match &self.key {
            Key::Rsa(pair) => {
                let mut sig = vec![0; pair.public().modulus_len()];
                pair.sign(&RSA_PKCS1_SHA256, &self.rng, &data, &mut sig)
                    .map_err(|_| "RSA signing failed".to_string())?;
                sig
            }
            // RFC 8463: Ed25519 signs the SHA-256 hash of the data, not the data.
            Key::Ed25519(pair) => pair.sign(&Sha256::digest(&data)).as_ref().to_vec(),
        };
        let b = B64.encode(signature);
        let mut out = Vec::with_capacity(message.len() + header.len() + b.len() + 16);
        out.extend_from_slice(header.as_bytes());
        // Lines of at most 76 characters: the b= value may be folded anywhere (FWS is ignored).
        for (i, chunk) in b.as_bytes().chunks(72).enumerate() {
            if i > 0 {
                out.extend_from_slice(b"\r\n\t ");
            }
            out.extend_from_slice(chunk);
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(message);
        Ok(out)
    }
}

/// Appends `a:b:c` to `out`, folding before a name that would make the line longer than 76.
fn fold_list(out: &mut String, names: &[&str]) {
    let mut line = out.len() - out.rfind('\n').map_or(0, |i| i + 1);
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push(':');
            line += 1;
            if line + name.len() > 76 {
                out.push_str("\r\n\t ");
                line = 2;
            }
        }
        out.push_str(name);
        line += name.len();
    }
}

/// The first PEM block in `text`: its label and DER bytes.
fn pem_block(text: &str) -> Option<(String, Vec<u8>)> {
    let start = text.find("-----BEGIN ")?;
    let rest = &text[start + 11..];
    let label_end = rest.find("-----")?;
    let label = rest[..label_end].to_string();
    let body_start = label_end + 5;
    let end_marker = format!("-----END {label}-----");
    let body_end = rest.find(&end_marker)?;
    let body: String = rest[body_start..body_end]
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let der = B64.decode(body).ok()?;
    Some((label, der))
}

/// An RSA public key (PKCS#1 `RSAPublicKey` DER, as ring gives it) wrapped in the
/// SubjectPublicKeyInfo that DKIM's `p=` and `openssl rsa -pubout` use.
fn rsa_spki(pkcs1: &[u8]) -> Vec<u8> {
    // AlgorithmIdentifier { rsaEncryption, NULL }.
    const ALGORITHM: [u8; 15] = [
        0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
    ];
    let mut bits = vec![0x00];
    bits.extend_from_slice(pkcs1);
    let mut inner = ALGORITHM.to_vec();
    der(0x03, &bits, &mut inner);
    let mut out = Vec::new();
    der(0x30, &inner, &mut out);
    out
}

/// Appends a DER tag-length-value.
fn der(tag: u8, value: &[u8], out: &mut Vec<u8>) {
    out.push(tag);
    let n = value.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend_from_slice(&bytes);
    }
    out.extend_from_slice(value);
}

/// Header block and body (the body after the blank line; empty when there is none).
fn split(message: &[u8]) -> (&[u8], &[u8]) {
    match memchr::memmem::find(message, b"\r\n\r\n") {
        Some(i) => (&message[..i + 2], &message[i + 4..]),
        None => (message, b""),
    }
}

/// One header field: its raw bytes (name, value and continuation lines, with the final CRLF).
struct Field<'a> {
    raw: &'a [u8],
}

impl Field<'_> {
    fn name_is(&self, name: &str) -> bool {
        let end = self.raw.iter().position(|&b| b == b':').unwrap_or(0);
        self.raw[..end]
            .trim_ascii_end()
            .eq_ignore_ascii_case(name.as_bytes())
    }
}

/// The header block split into fields.
fn fields(head: &[u8]) -> Vec<Field<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < head.len() {
        let eol = memchr::memchr(b'\n', &head[i..]).map_or(head.len(), |p| i + p + 1);
        // A line starting with whitespace continues the field before.
        let next_continues = head.get(eol).is_some_and(|b| *b == b' ' || *b == b'\t');
        if !next_continues {
            out.push(Field {
                raw: &head[start..eol],
            });
            start = eol;
        }
        i = eol;
    }
    out
}

/// Relaxed header canonicalization (RFC 6376 3.4.2) of one field, appended with a CRLF:
/// lowercase name, unfolded, runs of whitespace as one space, none around the colon or at the end.
fn relaxed_header(raw: &[u8], out: &mut Vec<u8>) {
    let colon = raw.iter().position(|&b| b == b':').unwrap_or(raw.len());
    let name = raw[..colon].trim_ascii();
    out.extend(name.iter().map(u8::to_ascii_lowercase));
    out.push(b':');
    let value = raw.get(colon + 1..).unwrap_or(&[]);
    let mut space = false;
    let mut started = false;
    for &b in value {
        match b {
            b'\r' | b'\n' => {}
            b' ' | b'\t' => space = true,
            _ => {
                if space && started {
                    out.push(b' ');
                }
                space = false;
                started = true;
                out.push(b);
            }
        }
    }
    out.extend_from_slice(b"\r\n");
}

/// SHA-256 of the relaxed body. Base64 bodies (every alert) have no spaces or tabs and CRLF
/// line ends: then the canonical form is the body itself less its trailing empty lines, hashed
/// in place without a copy.
fn body_hash(body: &[u8]) -> impl AsRef<[u8]> {
    let plain = memchr::memchr2(b' ', b'\t', body).is_none()
        && memchr::memchr_iter(b'\n', body).all(|i| i > 0 && body[i - 1] == b'\r');
    if !plain {
        return Sha256::digest(relaxed_body(body));
    }
    let mut end = body.len();
    while end >= 2 && &body[end - 2..end] == b"\r\n" {
        end -= 2;
    }
    let mut h = Sha256::new();
    if end > 0 {
        h.update(&body[..end]);
        h.update(b"\r\n");
    }
    h.finalize()
}

/// Relaxed body canonicalization (RFC 6376 3.4.4): whitespace runs as one space, none at line
/// ends, no empty lines at the end, a final CRLF when the body is not empty.
fn relaxed_body(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 2);
    let mut lines = body.split(|&b| b == b'\n').peekable();
    while let Some(line) = lines.next() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if lines.peek().is_none() && line.is_empty() {
            // The empty piece after the final line end.
            break;
        }
        let line = line.trim_ascii_end();
        if line.iter().any(|b| *b == b' ' || *b == b'\t') {
            let mut space = false;
            for &b in line {
                if b == b' ' || b == b'\t' {
                    space = true;
                } else {
                    if space {
                        out.push(b' ');
                    }
                    space = false;
                    out.push(b);
                }
            }
        } else {
            out.extend_from_slice(line);
        }
        out.extend_from_slice(b"\r\n");
    }
    while out.ends_with(b"\r\n\r\n") {
        out.truncate(out.len() - 2);
    }
    if out == b"\r\n" {
        out.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relaxed_body_follows_the_rfc_example() {
        // RFC 6376 3.4.6, example 2 (body).
        let body = b" C \r\nD \t E\r\n\r\n\r\n";
        assert_eq!(relaxed_body(body), b" C\r\nD E\r\n");
        assert_eq!(relaxed_body(b""), b"");
        assert_eq!(relaxed_body(b"\r\n\r\n"), b"");
        assert_eq!(relaxed_body(b"x"), b"x\r\n");
    }

    #[test]
    fn the_fast_body_hash_equals_the_general_one() {
        for body in [
            &b"QUJD\r\nREVG\r\n\r\n\r\n"[..],
            b"QUJD\r\nREVG",
            b"",
            b"\r\n",
            b"a b\r\n",
            b"a\nb\r\n",
        ] {
            assert_eq!(
                body_hash(body).as_ref(),
                Sha256::digest(relaxed_body(body)).as_slice(),
                "{:?}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn relaxed_header_follows_the_rfc_example() {
        // RFC 6376 3.4.6, example 2 (headers).
        let mut out = Vec::new();
        relaxed_header(b"A: X\r\n", &mut out);
        relaxed_header(b"B : Y\t\r\n\tZ  \r\n", &mut out);
        assert_eq!(out, b"a:X\r\nb:Y Z\r\n");
    }

    #[test]
    fn fields_keep_continuation_lines() {
        let head = b"From: a@b\r\nSubject: one\r\n two\r\nTo: c@d\r\n";
        let f = fields(head);
        assert_eq!(f.len(), 3);
        assert_eq!(f[1].raw, b"Subject: one\r\n two\r\n");
        assert!(f[1].name_is("subject"));
    }

    #[test]
    fn ed25519_seed_signs_and_the_record_holds_the_public_key() {
        let seed = B64.encode([7u8; 32]);
        let s = Signer::new(
            "example.org",
            "ed1",
            Algorithm::Ed25519Sha256,
            seed.as_bytes(),
        )
        .unwrap();
        let signed = s
            .sign(b"From: a@example.org\r\nTo: b@example.net\r\n\r\nHi\r\n", 1)
            .unwrap();
        let text = String::from_utf8(signed).unwrap();
        assert!(text.starts_with("DKIM-Signature: v=1; a=ed25519-sha256;"));
        assert!(text.contains("h=from:from:to:to;"), "{text}");
        assert!(s.dns_record().starts_with("v=DKIM1; k=ed25519; p="));
        assert_eq!(s.dns_name(), "ed1._domainkey.example.org");
        assert!(text.contains("\tt=1; h="), "{text}");
        // Before 1970 (`--today 1969-12-31`) there is no `t=` to give: left out.
        let before = s
            .sign(b"From: a@example.org\r\n\r\nHi\r\n", -43_200)
            .unwrap();
        let before = String::from_utf8(before).unwrap();
        assert!(!before.contains("t="), "{before}");
    }

    #[test]
    fn bad_keys_and_names_are_refused_with_a_reason() {
        let e = Signer::new("example.org", "s1", Algorithm::RsaSha256, b"not a key").unwrap_err();
        assert!(e.contains("not PEM"), "{e}");
        let e = Signer::new("exa mple.org", "s1", Algorithm::RsaSha256, b"").unwrap_err();
        assert!(e.contains("not a domain"), "{e}");
        assert!(Algorithm::parse(Some("rsa-sha1")).is_err());
    }
}
