//! Email addresses: one normaliser and one validator for every place that compares or sends
//! to an address (the supporters check, message building, the journal, duplicate detection).
//!
//! Two places with two rules were how an address could pass the CSV check and then fail when
//! the message was built, far from its line; and how `A@Example.org` and `a@example.org`
//! could be two supporters who each got the message.

use std::fmt;

/// The domain part of an address (`localhost` when it has none), e.g. for Message-IDs and
/// calendar UIDs.
pub fn domain_of(email: &str) -> &str {
    email.rsplit_once('@').map_or("localhost", |(_, d)| d)
}

/// Why an address is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub &'static str);

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// The comparison form of an address: trimmed, the whole address in lower case, and an
/// internationalised domain in its ASCII (punycode) form. Two addresses are the same
/// recipient when their normal forms are equal.
///
/// Lower-casing the local part is what the contract asks for: real mailboxes that differ only
/// in case do not occur in practice, and a supporter written twice in two cases does.
pub fn normalize(address: &str) -> String {
    let address = address.trim();
    match address.rsplit_once('@') {
        Some((local, domain)) => format!("{}@{}", local.to_lowercase(), ascii_domain(domain)),
        None => address.to_lowercase(),
    }
}

/// A domain in lower-case ASCII; an IDN goes to punycode (`пример.рф` → `xn--e1afmkfd.xn--p1ai`).
fn ascii_domain(domain: &str) -> String {
    if domain.is_ascii() {
        domain.to_ascii_lowercase()
    } else {
        idna::domain_to_ascii(domain).unwrap_or_else(|_| domain.to_lowercase())
    }
}

/// Characters RFC 5322 allows unquoted in a local part (`atext`), besides letters and digits.
const ATEXT: &str = "!#$%&'*+-/=?^_`{|}~";

/// Checks an address and returns it in the form to send to: trimmed, the local part as
/// written, the domain in lower-case ASCII (punycode), so only a non-ASCII local part needs
/// the server's SMTPUTF8.
///
/// Stricter than RFC 5321 on purpose: quoted local parts and domain literals (`[192.0.2.1]`)
/// are refused, because the message builder cannot put them in a header, and no supporter
/// list needs them; a domain needs a dot.
pub fn parse(address: &str) -> Result<lettre::Address, Invalid> {
    let address = address.trim();
    if address.is_empty() {
        return Err(Invalid("the address is empty"));
    }
    if address.starts_with('"') {
        return Err(Invalid("quoted local parts are not accepted"));
    }
    if address.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(Invalid("it contains spaces or control characters"));
    }
    let (local, domain) = address.rsplit_once('@').ok_or(Invalid("it has no `@`"))?;
    if local.is_empty() || domain.is_empty() {
        return Err(Invalid("it needs a name before `@` and a domain after it"));
    }
    if local.starts_with('"') || local.contains('"') {
        return Err(Invalid("quoted local parts are not accepted"));
    }
    if domain.starts_with('[') {
        return Err(Invalid(
            "domain literals such as [192.0.2.1] are not accepted",
        ));
    }
    if local.len() > 64 {
        return Err(Invalid("the part before `@` is longer than 64 bytes"));
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(Invalid("the part before `@` has a misplaced dot"));
    }
    if !local
        .chars()
        .all(|c| c.is_alphanumeric() || c == '.' || ATEXT.contains(c) || !c.is_ascii())
    {
        return Err(Invalid(
            "the part before `@` has a character not allowed there",
        ));
    }
    let domain = if domain.is_ascii() {
        domain.to_ascii_lowercase()
    } else {
        idna::domain_to_ascii(domain).map_err(|_| Invalid("the domain is not a valid name"))?
    };
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return Err(Invalid("the domain has no dot"));
    }
    let label_ok = |l: &&str| {
        (1..=63).contains(&l.len())
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if !labels.iter().all(label_ok) || domain.len() > 253 {
        return Err(Invalid("the domain is not a valid name"));
    }
    if local.len() + 1 + domain.len() > 254 {
        return Err(Invalid("the address is longer than 254 bytes"));
    }
    lettre::Address::new(local, &domain).map_err(|_| Invalid("it is not a valid address"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_forms_compare_case_and_idn_insensitively() {
        assert_eq!(normalize("  Alice@Example.ORG "), "alice@example.org");
        assert_eq!(normalize("a@Пример.РФ"), "a@xn--e1afmkfd.xn--p1ai");
        assert_eq!(
            normalize("a@xn--e1afmkfd.xn--p1ai"),
            normalize("A@пример.рф")
        );
    }

    #[test]
    fn the_validator_gives_the_sending_form_and_refuses_what_a_header_cannot_hold() {
        let a = parse(" Bob.Smith+ua@Пример.РФ ").unwrap();
        assert_eq!(a.to_string(), "Bob.Smith+ua@xn--e1afmkfd.xn--p1ai");
        assert_eq!(
            parse("алия@example.kz").unwrap().to_string(),
            "алия@example.kz"
        );
        for bad in [
            "",
            "no-at-sign",
            "\"quoted local\"@example.org",
            "\"q\"@example.org",
            "a@[192.0.2.1]",
            "a@localhost",
            "a b@example.org",
            "a@exa mple.org",
            ".a@example.org",
            "a..b@example.org",
            "a@-example.org",
            "a(b)@example.org",
            "a@example.org\u{7}",
            "a@@example.org",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} must be refused");
        }
        assert!(parse(&format!("{}@example.org", "a".repeat(65))).is_err());
    }
}
