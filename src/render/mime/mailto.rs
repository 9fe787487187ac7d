//! `mailto:` links that open a letter ready to send (RFC 6068), and the one decision of
//! whether a letter fits in one, taken alike for the alerts and the action site.

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

/// Longest `mailto:` link offered with the letter in it: Gmail's web handler and Outlook cut
/// links near 2,000 characters, and a cut link opens a letter that stops mid-sentence.
pub const MAILTO_LIMIT: usize = 2000;

/// Room kept for the signer's name and postal address (percent-encoded) when deciding whether
/// a letter fits in a link: the decision leaves them out, so it is the same for every supporter
/// of a group and the render-once path decides exactly as a full render does. A signer who
/// needs more gets no letter in the link.
pub const SIGNER_ROOM: usize = 600;

/// Text as it stands in a `mailto:` link: every byte but ASCII letters and digits
/// percent-encoded.
pub fn encode(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}

/// A `mailto:` link with the letter prefilled (RFC 6068). The subject is one line: a line
/// break in it (`%0A`) would reach the mail program as a broken Subject, so it becomes a space.
pub fn mailto(to: &[String], cc: &[String], subject: &str, body: &str) -> String {
    let enc = encode;
    let subject = super::header_safe(subject);
    let mut link = format!("mailto:{}?subject={}", to.join(","), enc(&subject));
    if !cc.is_empty() {
        link.push_str(&format!("&cc={}", cc.join(",")));
    }
    if !body.is_empty() {
        link.push_str(&format!("&body={}", enc(body)));
    }
    link
}

/// The `mailto:` link for the letter `body`, and whether it carries the letter: it does while
/// the link stays within [`MAILTO_LIMIT`]; otherwise it opens an email with the addresses and
/// subject only, and the reader copies the letter shown beside the link. For a letter each
/// supporter signs, `signed` is the letter with the signer's name and address left out and
/// their length once encoded: the decision is taken on the letter without them, keeping
/// [`SIGNER_ROOM`] for them.
pub fn letter_link(
    to: &[String],
    cc: &[String],
    subject: &str,
    body: &str,
    signed: Option<(&str, usize)>,
) -> (String, bool) {
    let fits = match signed {
        Some((unsigned, signer)) => {
            mailto(to, cc, subject, unsigned).len() + SIGNER_ROOM <= MAILTO_LIMIT
                && signer <= SIGNER_ROOM
        }
        None => mailto(to, cc, subject, body).len() <= MAILTO_LIMIT,
    };
    if fits {
        (mailto(to, cc, subject, body), true)
    } else {
        (mailto(to, cc, subject, ""), false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailto_links_carry_the_letter_only_while_mail_clients_accept_them() {
        let to = ["ombudsman@ombudsman.kz".to_string()];
        let cc = ["mfa@mfa.kz".to_string()];
        let (link, body) = letter_link(
            &to,
            &cc,
            "Тема (UA 82/18)",
            "Уважаемый господин!\n\nПрошу.",
            None,
        );
        assert!(body);
        assert!(
            link.starts_with("mailto:ombudsman@ombudsman.kz?subject=%D0%A2"),
            "{link}"
        );
        assert!(link.contains("&cc=mfa@mfa.kz&body=%D0%A3"), "{link}");
        // Cyrillic takes six characters a letter once encoded: 400 letters are too many.
        let long = "б".repeat(400);
        let (link, body) = letter_link(&to, &cc, "Тема", &long, None);
        assert!(!body);
        assert!(link.len() <= MAILTO_LIMIT);
        assert!(!link.contains("body="), "{link}");
        assert!(link.ends_with("&cc=mfa@mfa.kz"), "{link}");
    }

    #[test]
    fn a_signed_letter_is_judged_without_its_signer_so_every_name_gets_the_same_answer() {
        let to = ["a@example.org".to_string()];
        let unsigned = "x".repeat(1300);
        let body = |name: &str| format!("{unsigned}\n{name}");
        let short = letter_link(&to, &[], "S", &body("Al"), Some((&unsigned, 2)));
        let long = letter_link(
            &to,
            &[],
            "S",
            &body(&"N".repeat(550)),
            Some((&unsigned, 550)),
        );
        assert_eq!((short.1, long.1), (true, true));
        assert!(long.0.ends_with(&"N".repeat(550)));
        // A signer longer than the room kept gets the link without the letter.
        assert!(
            !letter_link(
                &to,
                &[],
                "S",
                &body(&"N".repeat(700)),
                Some((&unsigned, 700))
            )
            .1
        );
        // Without a signer the same text is judged as it is, with no room kept.
        let near = "x".repeat(MAILTO_LIMIT - 40);
        assert!(letter_link(&to, &[], "S", &near, None).1);
        assert!(!letter_link(&to, &[], "S", &near, Some((&near, 0))).1);
    }

    #[test]
    fn a_subject_is_one_line_in_the_link() {
        let link = mailto(
            &["a@x.org".into()],
            &[],
            "Line one\nline two\r\n",
            "Body\nmore",
        );
        assert!(
            link.contains("?subject=Line%20one%20line%20two&body="),
            "{link}"
        );
        assert!(
            link.ends_with("Body%0Amore"),
            "the body keeps its lines: {link}"
        );
    }
}
