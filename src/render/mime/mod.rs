//! What every message the crate builds shares, appeals to authorities and alerts to supporters
//! alike: header-safe text, ids derived from the content (so a fixed `--today` gives the same
//! bytes every time), Message-IDs, the sender shown in the message's language, address and
//! subject headers written the way mail readers show them best ([`mailbox`]), the letter's
//! subject, `mailto:` links ([`mailto`]), the list headers of a mailing ([`list`]) and bodies in
//! canonical form.

pub mod list;
pub mod mailbox;
pub mod mailto;

use crate::domain::resolve::View;
use crate::i18n::Locales;
use chrono::{DateTime, Utc};
use lettre::Message;
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Body, Mailbox, SinglePart};
use sha2::{Digest, Sha256};

/// A display name safe for a header: no line breaks, no control characters.
pub fn header_safe(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A short stable hash of the given parts, for Message-IDs and boundaries.
pub fn stable_id(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for p in parts {
        hasher.update(p.as_bytes());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The Message-ID for the message with stable id `id`, in the sender's domain.
pub fn message_id(id: &str, from: &Mailbox) -> String {
    format!("<{id}@{}>", crate::address::domain_of(from.email.as_ref()))
}

/// The sender as a message shows it: the organisation's name (`org_name`, in the message's
/// language) at the configured address. The display name speaks the message's language; the
/// address stays the configured one.
pub fn sender(configured: &Mailbox, org_name: &str) -> Mailbox {
    Mailbox::new(Some(header_safe(org_name)), configured.email.clone())
}

/// The subject of the appeal letter in the view's language, as the `email-subject` message
/// words it (not yet header-safe: a `mailto:` link carries it too).
pub fn letter_subject(locales: &Locales, view: &View) -> Result<String, String> {
    locales.format(
        &view.lang,
        "email-subject",
        &[
            ("subject", view.case.subject.as_str().into()),
            ("reference", view.case.reference.as_str().into()),
        ],
    )
}

/// The Date a message is built with, a placeholder that keeps lettre from reading the system
/// clock (it fills in a missing Date with the time now); [`readable_headers`] writes the real
/// one. lettre's own Date cannot hold a time before 1970 (it panics), and the README allows
/// dates from 1900.
pub const PLACEHOLDER_DATE: std::time::SystemTime = std::time::SystemTime::UNIX_EPOCH;

/// Rewrites the headers of a built message with [`mailbox`]'s encoding: From (`from`), To and
/// Cc (display name, address; an empty list leaves the header as lettre wrote it) and Subject;
/// and writes its Date, `date` (any year: see [`PLACEHOLDER_DATE`]).
pub fn readable_headers(
    message: &mut Message,
    date: DateTime<Utc>,
    from: &Mailbox,
    to: &[(String, String)],
    cc: &[(String, String)],
    subject: &str,
) {
    message
        .headers_mut()
        .insert_raw(HeaderValue::dangerous_new_pre_encoded(
            HeaderName::new_from_ascii_str("Date"),
            rfc5322_date(date),
            rfc5322_date(date),
        ));
    let from = (
        from.name.clone().unwrap_or_default(),
        from.email.to_string(),
    );
    mailbox::rewrite(message, "From", &[from]);
    mailbox::rewrite(message, "To", to);
    mailbox::rewrite(message, "Cc", cc);
    mailbox::rewrite_subject(message, subject);
}

/// A Date header's value (RFC 5322 section 3.3), in UTC: `Sun, 20 May 2018 12:00:00 +0000`.
pub fn rfc5322_date(date: DateTime<Utc>) -> String {
    date.format("%a, %d %b %Y %H:%M:%S +0000").to_string()
}

/// LF line ends as CRLF (bodies are sent in canonical form).
pub fn crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 40);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        out.push_str(line.strip_suffix('\r').unwrap_or(line));
    }
    out
}

/// A text part, base64-encoded in 76-column lines. Encoding it here skips lettre's encoding
/// chooser, which tries quoted-printable too: for Cyrillic text base64 is always the smaller.
pub fn base64_part(content_type: ContentType, text: &str) -> SinglePart {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let mut wrapped = Vec::with_capacity(encoded.len() + encoded.len() / 38 + 2);
    for line in encoded.as_bytes().chunks(76) {
        wrapped.extend_from_slice(line);
        wrapped.extend_from_slice(b"\r\n");
    }
    SinglePart::builder()
        .content_type(content_type)
        .body(Body::dangerous_pre_encoded(
            wrapped,
            ContentTransferEncoding::Base64,
        ))
}
