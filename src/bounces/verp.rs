//! VERP return paths (`mail.verp: "bounces+{token}@example.org"`): each supporter's mail goes
//! out with its own envelope sender, so a bounce that says nothing readable is still
//! attributed by the address it was returned to.
//!
//! The token is 16 lowercase letters and digits: the first 10 bytes of an HMAC-SHA256 of the
//! address (normal form), in base32, under a key derived from the unsubscribe token secret.
//! So the return path stays within the 64 characters a local part may have, survives servers
//! that change its case, reveals nothing of the address, and cannot be made for an address
//! without the secret (a forged bounce cannot suppress someone else). The bounce reader finds
//! the address again by computing the tags of the addresses in the sending journal.

use crate::error::{Error, Result};
use crate::model::campaign::MailSettings;
use ring::{hkdf, hmac};

/// Makes and recognises VERP return paths.
pub struct Verp {
    prefix: String,
    suffix: String,
    key: hmac::Key,
}

impl std::fmt::Debug for Verp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Verp({}{{token}}{})", self.prefix, self.suffix)
    }
}

impl Verp {
    /// From a pattern with `{token}` and a secret.
    pub fn new(pattern: &str, secret: &[u8]) -> Result<Verp> {
        let (prefix, suffix) = pattern.split_once("{token}").ok_or_else(|| {
            Error::Config(format!(
                "mail.verp `{pattern}`: write a return path with {{token}}, e.g. \
                 bounces+{{token}}@example.org"
            ))
        })?;
        let domain_ok = suffix
            .strip_prefix('@')
            .or_else(|| suffix.split_once('@').map(|(_, d)| d))
            .is_some_and(|d| d.contains('.'));
        if prefix.contains('@')
            || !domain_ok
            || prefix.len() + 16 + suffix.find('@').unwrap_or(0) > 64
        {
            return Err(Error::Config(format!(
                "mail.verp `{pattern}`: write a return path with {{token}} in its local part \
                 (at most 48 other characters there), e.g. bounces+{{token}}@example.org"
            )));
        }
        if secret.len() < crate::unsubscribe::MIN_SECRET {
            return Err(Error::Config(
                "mail.verp needs the token secret (mail.token_secret_env or \
                 mail.token_secret_command) of at least 16 bytes"
                    .into(),
            ));
        }
        let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, b"appeal verp").extract(secret);
        let mut k = [0u8; 32];
        prk.expand(&[b"return path"], hkdf::HKDF_SHA256)
            .and_then(|okm| okm.fill(&mut k))
            .map_err(|_| Error::Config("cannot derive the VERP key".into()))?;
        Ok(Verp {
            prefix: prefix.to_string(),
            suffix: suffix.to_string(),
            key: hmac::Key::new(hmac::HMAC_SHA256, &k),
        })
    }

    /// From the settings: `None` without `mail.verp`.
    pub fn from_settings(mail: Option<&MailSettings>) -> Result<Option<Verp>> {
        let Some(mail) = mail else { return Ok(None) };
        let Some(pattern) = &mail.verp else {
            return Ok(None);
        };
        let secret = crate::unsubscribe::secret(mail)?.ok_or_else(|| {
            Error::Config(
                "mail.verp needs the token secret: set mail.token_secret_env (or \
                 mail.token_secret_command)"
                    .into(),
            )
        })?;
        Verp::new(pattern, secret.as_bytes()).map(Some)
    }

    /// The token for an address.
    pub fn tag(&self, address: &str) -> String {
        let normal = crate::address::normalize(address);
        let mac = hmac::sign(&self.key, normal.as_bytes());
        base32(&mac.as_ref()[..10])
    }

    /// The return path for an address.
    pub fn return_path(&self, address: &str) -> String {
        format!("{}{}{}", self.prefix, self.tag(address), self.suffix)
    }
}

/// RFC 4648 base32, lowercase, no padding (10 bytes → 16 characters).
fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut out = String::new();
    let mut buffer: u64 = 0;
    let mut bits = 0;
    for &b in bytes {
        buffer = (buffer << 8) | u64::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_paths_are_short_stable_and_keyed() {
        let v = Verp::new("bounces+{token}@example.org", b"0123456789abcdef").unwrap();
        let a = v.return_path("Jane@Example.NET");
        assert_eq!(a, v.return_path("jane@example.net"));
        assert!(a.starts_with("bounces+") && a.ends_with("@example.org"));
        assert_eq!(v.tag("x@example.net").len(), 16);
        let other = Verp::new("bounces+{token}@example.org", b"another secret!!").unwrap();
        assert_ne!(other.tag("x@example.net"), v.tag("x@example.net"));
        assert!(Verp::new("bounces@example.org", b"0123456789abcdef").is_err());
        assert_eq!(base32(b"foobar"), "mzxw6ytboi");
    }
}
