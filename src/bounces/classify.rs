//! What one returned message says: a delivery status notification (RFC 3464), a complaint
//! (ARF, RFC 5965), an unsubscribe request sent to the `mailto:` address, or nothing we can act
//! on. Pure: bytes in, a [`Finding`] out; nothing is written here.
//!
//! Bounce classes (CONTRACTS "Deliverability"):
//! - 5.1.x (bad address), 5.2.1 (mailbox disabled) and 5.4.4 (no such domain): hard, suppress;
//! - 4.x.x and 5.2.2 (mailbox full): soft, suppress after `bounces.soft_limit` within
//!   `bounces.soft_days`;
//! - 5.7.x: policy or authentication refused: the organisation's own setup is wrong (SPF, DKIM,
//!   DMARC, a blocklist): nobody is suppressed, the run ends with exit 6;
//! - anything else: listed, nothing changed.

use mail_parser::{Message, MessageParser, MimeHeaders, PartType};

/// What a status code means for the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// The address does not work: suppress it.
    Hard,
    /// A temporary failure: count it.
    Soft,
    /// Refused for policy or authentication (5.7.x): the sender's setup is wrong.
    Policy,
    /// Delayed, relayed or delivered notices: nothing to do.
    Notice,
    /// A status this program does not act on: listed, nothing changed.
    Other,
}

/// The class of an enhanced status code such as `5.1.1`.
pub fn class_of(status: &str) -> Class {
    let mut parts = status.split('.');
    let (Some(a), Some(b), Some(c)) = (parts.next(), parts.next(), parts.next()) else {
        return Class::Other;
    };
    match (a, b, c) {
        ("2", _, _) => Class::Notice,
        ("4", _, _) => Class::Soft,
        ("5", "1", _) | ("5", "2", "1") | ("5", "4", "4") => Class::Hard,
        ("5", "2", "2") => Class::Soft,
        ("5", "7", _) => Class::Policy,
        _ => Class::Other,
    }
}

/// One recipient of a delivery status notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// `Final-Recipient` (or `Original-Recipient`), without its `rfc822;` type.
    pub address: Option<String>,
    /// `Action`: failed, delayed, delivered, relayed, expanded.
    pub action: String,
    /// `Status`, e.g. `5.1.1`.
    pub status: String,
    /// `Diagnostic-Code`: the remote server's reply, as reported.
    pub diagnostic: String,
    /// What it means.
    pub class: Class,
}

/// What a message is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// A delivery status notification.
    Dsn {
        /// Its recipients.
        recipients: Vec<Recipient>,
        /// The Message-ID of the message that bounced, when the report includes its headers.
        original_id: Option<String>,
        /// The VERP token of the return path it came back to, if any: names the recipient
        /// when the report does not.
        verp: Option<String>,
    },
    /// A bounce that is not a standard report, addressed to a VERP return path: the status is
    /// what the text says, if anything.
    Verp {
        /// The token in the return path.
        token: String,
        /// The first enhanced status code found in the text, if any.
        status: Option<String>,
    },
    /// An abuse complaint (ARF).
    Complaint {
        /// Who complained: `Original-Rcpt-To`, or the To of the original message.
        address: Option<String>,
        /// `Feedback-Type` (abuse, fraud, …).
        feedback_type: String,
        /// The Message-ID of the original message.
        original_id: Option<String>,
    },
    /// A mail to the unsubscribe address.
    Unsubscribe {
        /// The token in the subject, if any.
        token: Option<String>,
    },
    /// None of these: listed, left alone.
    Unparseable(String),
}

/// What the classifier needs to know of the settings.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// The unsubscribe `mailto:` address, lowercase.
    pub unsubscribe_address: Option<String>,
    /// The VERP return path, split around `{token}`: (prefix, suffix), lowercase.
    pub verp: Option<(String, String)>,
}

impl Rules {
    /// The rules for settings: `mailto:` from `mail.unsubscribe.mailto`, VERP from `mail.verp`.
    pub fn new(mailto: Option<&str>, verp: Option<&str>) -> Rules {
        let unsubscribe_address = mailto.map(|m| {
            let m = m.trim();
            let m = m.strip_prefix("mailto:").unwrap_or(m);
            m.split('?').next().unwrap_or(m).trim().to_ascii_lowercase()
        });
        let verp = verp.and_then(|v| {
            v.split_once("{token}")
                .map(|(a, b)| (a.to_ascii_lowercase(), b.to_ascii_lowercase()))
        });
        Rules {
            unsubscribe_address,
            verp,
        }
    }

    /// The VERP token in `address`, if it is a return path of ours.
    pub fn verp_token(&self, address: &str) -> Option<String> {
        let (prefix, suffix) = self.verp.as_ref()?;
        let a = address
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>')
            .to_ascii_lowercase();
        let token = a
            .strip_prefix(prefix.as_str())?
            .strip_suffix(suffix.as_str())?;
        (!token.is_empty() && token.bytes().all(|b| b.is_ascii_alphanumeric()))
            .then(|| token.to_string())
    }
}

/// The message's identity for the processed log: its Message-ID, or a hash of its bytes when
/// it has none.
pub fn key_of(raw: &[u8]) -> String {
    let id = MessageParser::new()
        .parse_headers(raw)
        .and_then(|m| m.message_id().map(|s| format!("<{}>", s.trim())));
    id.unwrap_or_else(|| {
        use sha2::Digest;
        let hash = sha2::Sha256::digest(raw);
        let hex: String = hash.iter().take(16).map(|b| format!("{b:02x}")).collect();
        format!("sha256:{hex}")
    })
}

/// The Date of the message as Unix seconds, when it has a valid one.
pub fn date_of(raw: &[u8]) -> Option<i64> {
    MessageParser::new()
        .parse_headers(raw)
        .and_then(|m| m.date().map(|d| d.to_timestamp()))
}

/// Classifies one message.
pub fn classify(raw: &[u8], rules: &Rules) -> Finding {
    let Some(msg) = MessageParser::default().parse(raw) else {
        return Finding::Unparseable("not a mail message (no headers)".into());
    };
    let report_type = msg
        .content_type()
        .filter(|ct| {
            ct.ctype().eq_ignore_ascii_case("multipart")
                && ct
                    .subtype()
                    .is_some_and(|s| s.eq_ignore_ascii_case("report"))
        })
        .and_then(|ct| ct.attribute("report-type"))
        .map(str::to_ascii_lowercase);
    match report_type.as_deref() {
        Some("delivery-status") => {
            if let Some(found) = dsn(&msg, verp_recipient(&msg, rules)) {
                return found;
            }
        }
        Some("feedback-report") => {
            if let Some(found) = complaint(&msg) {
                return found;
            }
        }
        _ => {}
    }
    if let Some(found) = unsubscribe(&msg, rules) {
        return found;
    }
    if let Some(token) = verp_recipient(&msg, rules) {
        let text = String::from_utf8_lossy(raw);
        return Finding::Verp {
            token,
            status: first_status(&text),
        };
    }
    Finding::Unparseable(match report_type {
        Some(t) => format!("a `{t}` report without its machine-readable part"),
        None => "not a delivery report, complaint or unsubscribe request".into(),
    })
}

/// A part of the given content type, anywhere in the message (not inside nested messages).
fn part_of<'a>(msg: &'a Message<'a>, ctype: &str, subtypes: &[&str]) -> Option<&'a [u8]> {
    msg.parts
        .iter()
        .find(|p| {
            p.content_type().is_some_and(|ct| {
                ct.ctype().eq_ignore_ascii_case(ctype)
                    && ct
                        .subtype()
                        .is_some_and(|s| subtypes.iter().any(|w| s.eq_ignore_ascii_case(w)))
            })
        })
        .map(|p| p.contents())
}

/// The headers of the original message a report includes (`message/rfc822` or
/// `text/rfc822-headers`).
fn original_headers<'a>(msg: &'a Message<'a>) -> Option<Message<'a>> {
    for p in msg.parts.iter().skip(1) {
        let Some(ct) = p.content_type() else { continue };
        let sub = ct.subtype().unwrap_or("").to_ascii_lowercase();
        let wanted = match ct.ctype().to_ascii_lowercase().as_str() {
            "message" => sub == "rfc822" || sub == "global" || sub == "rfc822-headers",
            "text" => sub == "rfc822-headers",
            _ => false,
        };
        if !wanted {
            continue;
        }
        let bytes = match &p.body {
            PartType::Message(m) => m.raw_message(),
            _ => p.contents(),
        };
        if let Some(m) = MessageParser::new().parse_headers(bytes) {
            return Some(m);
        }
    }
    None
}

/// Groups of `Name: value` fields separated by blank lines (the delivery-status and
/// feedback-report formats), with folded lines joined. Names lowercase.
pub fn field_groups(text: &str) -> Vec<Vec<(String, String)>> {
    let mut groups = vec![];
    let mut group: Vec<(String, String)> = vec![];
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !group.is_empty() {
                groups.push(std::mem::take(&mut group));
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = group.last_mut() {
                v.push(' ');
                v.push_str(line.trim());
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            group.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    if !group.is_empty() {
        groups.push(group);
    }
    groups
}

fn field<'a>(group: &'a [(String, String)], name: &str) -> Option<&'a str> {
    group
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// `rfc822; a@b` → `a@b`.
fn typed_address(value: &str) -> Option<String> {
    let a = value.split_once(';').map_or(value, |(_, a)| a).trim();
    let a = a.trim_start_matches('<').trim_end_matches('>').trim();
    (a.contains('@') && !a.contains(char::is_whitespace)).then(|| a.to_string())
}

fn dsn(msg: &Message<'_>, verp: Option<String>) -> Option<Finding> {
    let body = part_of(
        msg,
        "message",
        &["delivery-status", "global-delivery-status"],
    )?;
    let text = String::from_utf8_lossy(body);
    let groups = field_groups(&text);
    let mut recipients = vec![];
    // The first group holds per-message fields; each later one is a recipient. A report
    // that runs them together still has Final-Recipient or Action in the group.
    for g in &groups {
        let action = field(g, "action");
        let final_recipient = field(g, "final-recipient").or(field(g, "original-recipient"));
        if action.is_none() && final_recipient.is_none() {
            continue;
        }
        let action = action.unwrap_or("").to_ascii_lowercase();
        let diagnostic = field(g, "diagnostic-code")
            .map(|d| d.split_once(';').map_or(d, |(_, d)| d).trim().to_string())
            .unwrap_or_default();
        let status = field(g, "status")
            .and_then(|s| s.split_whitespace().next())
            .map(str::to_string)
            .or_else(|| first_status(&diagnostic))
            .unwrap_or_default();
        let class = match action.as_str() {
            "delayed" | "delivered" | "relayed" | "expanded" => Class::Notice,
            _ => class_of(&status),
        };
        recipients.push(Recipient {
            address: final_recipient.and_then(typed_address),
            action,
            status,
            diagnostic,
            class,
        });
    }
    if recipients.is_empty() {
        return None;
    }
    Some(Finding::Dsn {
        recipients,
        original_id: original_headers(msg)
            .and_then(|m| m.message_id().map(|s| format!("<{}>", s.trim()))),
        verp,
    })
}

fn complaint(msg: &Message<'_>) -> Option<Finding> {
    let body = part_of(msg, "message", &["feedback-report"])?;
    let text = String::from_utf8_lossy(body);
    let groups = field_groups(&text);
    let fields: Vec<(String, String)> = groups.into_iter().flatten().collect();
    let feedback_type = field(&fields, "feedback-type")?.to_ascii_lowercase();
    let original = original_headers(msg);
    let address = field(&fields, "original-rcpt-to")
        .and_then(typed_address)
        .or_else(|| {
            original.as_ref().and_then(|m| {
                m.to()
                    .and_then(|a| a.first())
                    .and_then(|a| a.address())
                    .map(str::to_string)
            })
        });
    Some(Finding::Complaint {
        address,
        feedback_type,
        original_id: original
            .as_ref()
            .and_then(|m| m.message_id().map(|s| format!("<{}>", s.trim()))),
    })
}

/// Every address the message was delivered to, as its headers say.
fn delivered_to(msg: &Message<'_>) -> Vec<String> {
    let mut out = vec![];
    for (name, value) in msg.headers_raw() {
        let n = name.to_ascii_lowercase();
        if matches!(
            n.as_str(),
            "to" | "cc"
                | "delivered-to"
                | "x-original-to"
                | "envelope-to"
                | "x-envelope-to"
                | "original-recipient"
        ) {
            for piece in value.split(',') {
                let piece = piece.trim();
                let inner = match (piece.rfind('<'), piece.rfind('>')) {
                    (Some(a), Some(b)) if a < b => &piece[a + 1..b],
                    _ => piece.split_once(';').map_or(piece, |(_, a)| a),
                };
                let inner = inner.trim();
                if inner.contains('@') {
                    out.push(inner.to_ascii_lowercase());
                }
            }
        }
    }
    out
}

fn unsubscribe(msg: &Message<'_>, rules: &Rules) -> Option<Finding> {
    let wanted = rules.unsubscribe_address.as_ref()?;
    if !delivered_to(msg).iter().any(|a| a == wanted) {
        return None;
    }
    let subject = msg.subject().unwrap_or("").trim();
    // `mailto:...?subject=unsubscribe%20TOKEN`: the word, then the token. Replies add `Re:`.
    let words: Vec<&str> = subject.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| w.eq_ignore_ascii_case("unsubscribe"));
    let token = at
        .and_then(|i| words.get(i + 1))
        .map(|t| t.to_string())
        .filter(|t| {
            t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    Some(Finding::Unsubscribe { token })
}

fn verp_recipient(msg: &Message<'_>, rules: &Rules) -> Option<String> {
    delivered_to(msg)
        .into_iter()
        .find_map(|a| rules.verp_token(&a))
}

/// The first enhanced status code (`5.1.1`) in free text.
pub fn first_status(text: &str) -> Option<String> {
    let b = text.as_bytes();
    for i in 0..b.len() {
        if !matches!(b[i], b'2' | b'4' | b'5')
            || (i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b'.'))
        {
            continue;
        }
        if b.get(i + 1) != Some(&b'.') {
            continue;
        }
        let mut j = i + 2;
        let start2 = j;
        while j < b.len() && b[j].is_ascii_digit() && j - start2 < 3 {
            j += 1;
        }
        if j == start2 || b.get(j) != Some(&b'.') {
            continue;
        }
        j += 1;
        let start3 = j;
        while j < b.len() && b[j].is_ascii_digit() && j - start3 < 3 {
            j += 1;
        }
        if j == start3 || b.get(j).is_some_and(|c| c.is_ascii_digit() || *c == b'.') {
            continue;
        }
        return Some(text[i..j].to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_classes_follow_the_contract() {
        assert_eq!(class_of("5.1.1"), Class::Hard);
        assert_eq!(class_of("5.1.10"), Class::Hard);
        assert_eq!(class_of("5.2.1"), Class::Hard);
        assert_eq!(class_of("5.4.4"), Class::Hard);
        assert_eq!(class_of("5.2.2"), Class::Soft);
        assert_eq!(class_of("4.2.2"), Class::Soft);
        assert_eq!(class_of("5.7.26"), Class::Policy);
        assert_eq!(class_of("5.3.4"), Class::Other);
        assert_eq!(class_of(""), Class::Other);
    }

    #[test]
    fn a_status_is_found_in_free_text() {
        assert_eq!(
            first_status("550 5.1.1 <x@y>: user unknown").as_deref(),
            Some("5.1.1")
        );
        assert_eq!(first_status("version 1.5.1.2 and 10.4.4"), None);
        assert_eq!(
            first_status("said: 452 4.2.2 Mailbox full").as_deref(),
            Some("4.2.2")
        );
    }

    #[test]
    fn verp_tokens_and_mailto_addresses() {
        let r = Rules::new(
            Some("mailto:Unsubscribe@Example.org?subject=unsubscribe"),
            Some("bounces+{token}@example.org"),
        );
        assert_eq!(
            r.unsubscribe_address.as_deref(),
            Some("unsubscribe@example.org")
        );
        assert_eq!(
            r.verp_token("<Bounces+abc123@EXAMPLE.org>").as_deref(),
            Some("abc123")
        );
        assert_eq!(r.verp_token("bounces+@example.org"), None);
        assert_eq!(r.verp_token("bounces+a@evil.example"), None);
    }

    #[test]
    fn a_dsn_gives_its_recipients() {
        let raw = b"From: MAILER-DAEMON@mx.example.net\r\nTo: actions@example.org\r\n\
Subject: Undelivered\r\nMessage-ID: <b1@mx.example.net>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n\
--B\r\nContent-Type: text/plain\r\n\r\nSorry.\r\n\
--B\r\nContent-Type: message/delivery-status\r\n\r\n\
Reporting-MTA: dns; mx.example.net\r\n\r\n\
Final-Recipient: rfc822; gone@example.net\r\nAction: failed\r\nStatus: 5.1.1\r\n\
Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n\r\n\
--B\r\nContent-Type: text/rfc822-headers\r\n\r\n\
From: actions@example.org\r\nTo: gone@example.net\r\nMessage-ID: <abc@example.org>\r\n\r\n\
--B--\r\n";
        let f = classify(raw, &Rules::default());
        assert_eq!(
            f,
            Finding::Dsn {
                recipients: vec![Recipient {
                    address: Some("gone@example.net".into()),
                    action: "failed".into(),
                    status: "5.1.1".into(),
                    diagnostic: "550 5.1.1 user unknown".into(),
                    class: Class::Hard,
                }],
                original_id: Some("<abc@example.org>".into()),
                verp: None,
            }
        );
        assert_eq!(key_of(raw), "<b1@mx.example.net>");
    }
}
