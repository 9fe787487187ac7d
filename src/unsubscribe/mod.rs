//! One-click unsubscribe: per-supporter tokens in every alert's `List-Unsubscribe`, and the
//! small HTTP server that honours them ([`server`]).
//!
//! A token is `base64url(nonce ‖ ChaCha20-Poly1305(language, list, address))` under a key
//! derived (HKDF-SHA256) from a secret in the settings (`mail.token_secret_env` or
//! `mail.token_secret_command`). So:
//! - the server needs no index of what was sent: the token itself says who asked, in which
//!   language to answer, and from which list;
//! - no one can make a token for someone else's address without the secret (the tag fails);
//! - a token reveals nothing of the address to someone who reads the URL.
//!
//! The nonce is synthetic: an HMAC of the plaintext under a second derived key, so the same
//! supporter on the same list gets the same token in every message (reproducible dry runs and
//! goldens), and two different plaintexts never share a nonce. What that reveals is only that
//! two tokens are equal, which the same URL in two mails shows anyway.

pub mod server;

use crate::deliver::secret::{CommandErrors, Source};
use crate::error::{Error, Result};
use crate::model::campaign::MailSettings;
use base64::Engine;
use ring::{aead, hkdf, hmac};

/// The smallest secret accepted, in bytes.
pub const MIN_SECRET: usize = 16;

/// Bound into every token's tag: a token of another version or purpose never opens.
const AAD: &[u8] = b"appeal unsubscribe token v1";

const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// What a token carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscriber {
    /// The address, in normal form.
    pub address: String,
    /// The list id (`mail.list_id`), or empty when none is configured.
    pub list: String,
    /// The language the supporter reads their mail in.
    pub language: String,
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Not a token at all (bad characters, too short): HTTP 400.
    Malformed,
    /// Well formed, but not made with this secret (forged, altered or from another
    /// organisation): HTTP 404.
    Forged,
}

/// Makes and opens tokens under one secret.
pub struct Tokens {
    key: aead::LessSafeKey,
    nonce_key: hmac::Key,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print key material.
        f.write_str("Tokens(..)")
    }
}

impl Tokens {
    /// Keys derived from `secret` (at least [`MIN_SECRET`] bytes).
    pub fn new(secret: &[u8]) -> Result<Tokens> {
        if secret.len() < MIN_SECRET {
            return Err(Error::Config(format!(
                "the unsubscribe token secret is {} byte(s); use at least {MIN_SECRET} random \
                 bytes (e.g. `openssl rand -base64 32`)",
                secret.len()
            )));
        }
        let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, b"appeal unsubscribe").extract(secret);
        let derive = |info: &'static [u8]| -> Result<[u8; 32]> {
            let mut out = [0u8; 32];
            prk.expand(&[info], hkdf::HKDF_SHA256)
                .and_then(|okm| okm.fill(&mut out))
                .map_err(|_| Error::Config("cannot derive the token keys".into()))?;
            Ok(out)
        };
        let enc = derive(b"encryption")?;
        let mac = derive(b"nonce")?;
        let unbound = aead::UnboundKey::new(&aead::CHACHA20_POLY1305, &enc)
            .map_err(|_| Error::Config("cannot make the token key".into()))?;
        Ok(Tokens {
            key: aead::LessSafeKey::new(unbound),
            nonce_key: hmac::Key::new(hmac::HMAC_SHA256, &mac),
        })
    }

    /// The secret named in the settings: `None` when the settings name none; an error when
    /// they name one that cannot be had (the variable is unset, the command fails).
    pub fn from_settings(mail: &MailSettings) -> Result<Option<Tokens>> {
        let secret = match secret(mail)? {
            Some(s) => s,
            None => return Ok(None),
        };
        Tokens::new(secret.as_bytes()).map(Some)
    }

    /// The token for `s`. The address is normalised first, so every spelling of one address
    /// gets one token.
    pub fn seal(&self, s: &Subscriber) -> String {
        let address = crate::address::normalize(&s.address);
        // NUL never occurs in an address, a list id or a language tag: a safe separator.
        let mut data = Vec::with_capacity(address.len() + s.list.len() + 8 + NONCE_LEN + TAG_LEN);
        data.extend_from_slice(s.language.as_bytes());
        data.push(0);
        data.extend_from_slice(s.list.as_bytes());
        data.push(0);
        data.extend_from_slice(address.as_bytes());
        let tag = hmac::sign(&self.nonce_key, &data);
        let mut nonce = [0u8; NONCE_LEN];
        nonce.copy_from_slice(&tag.as_ref()[..NONCE_LEN]);
        // Infallible for these sizes; an error would leave `data` unsealed, so check anyway.
        let sealed = self.key.seal_in_place_append_tag(
            aead::Nonce::assume_unique_for_key(nonce),
            aead::Aad::from(AAD),
            &mut data,
        );
        let mut out = Vec::with_capacity(NONCE_LEN + data.len());
        out.extend_from_slice(&nonce);
        if sealed.is_ok() {
            out.extend_from_slice(&data);
        }
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(out)
    }

    /// Who a token stands for, if this secret made it.
    pub fn open(&self, token: &str) -> std::result::Result<Subscriber, Refused> {
        if token.is_empty() || token.len() > 1024 {
            return Err(Refused::Malformed);
        }
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(token)
            .map_err(|_| Refused::Malformed)?;
        if bytes.len() < NONCE_LEN + TAG_LEN + 3 {
            return Err(Refused::Malformed);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let mut nonce_bytes = [0u8; NONCE_LEN];
        nonce_bytes.copy_from_slice(nonce);
        let mut sealed = sealed.to_vec();
        let plain = self
            .key
            .open_in_place(
                aead::Nonce::assume_unique_for_key(nonce_bytes),
                aead::Aad::from(AAD),
                &mut sealed,
            )
            .map_err(|_| Refused::Forged)?;
        let text = std::str::from_utf8(plain).map_err(|_| Refused::Forged)?;
        let mut parts = text.splitn(3, '\0');
        let (Some(language), Some(list), Some(address)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(Refused::Forged);
        };
        Ok(Subscriber {
            address: address.into(),
            list: list.into(),
            language: language.into(),
        })
    }
}

/// Reads the token secret from where the settings say: the environment variable first, then
/// the command. Never printed.
pub(crate) fn secret(mail: &MailSettings) -> Result<Option<String>> {
    if mail.token_secret_env.is_none() && mail.token_secret_command.is_none() {
        return Ok(None);
    }
    let source = Source {
        env: mail.token_secret_env.as_deref(),
        command: mail.token_secret_command.as_deref(),
        command_name: "mail.token_secret_command",
        empty_is_unset: true,
        command_errors: CommandErrors::Shown,
    };
    let value = source.read()?.ok_or_else(|| {
        Error::Config(format!(
            "the unsubscribe token secret is not set: export {} (at least {MIN_SECRET} random \
             bytes, the same for `mail` and `unsubscribe-server`) or set \
             mail.token_secret_command",
            mail.token_secret_env
                .as_deref()
                .unwrap_or("APPEAL_TOKEN_SECRET")
        ))
    })?;
    Ok(Some(value))
}

/// Stands for the token in a dry run made without the secret: it opens nothing.
pub const NO_SECRET: &str = "NO-SECRET";

/// The per-supporter unsubscribe targets of a mailing.
#[derive(Debug)]
pub struct Links {
    /// `None` in a dry run without the secret: links carry [`NO_SECRET`].
    tokens: Option<Tokens>,
    /// The one-click URL base (`mail.unsubscribe.url`), without a trailing slash.
    url: Option<String>,
    /// The address unsubscribe mails go to (from `mail.unsubscribe.mailto`).
    mailto: Option<String>,
    /// `mail.list_id`, or empty.
    list: String,
}

/// One supporter's unsubscribe targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupporterLinks {
    /// `<url>/<token>`, when a URL is configured.
    pub url: Option<String>,
    /// `mailto:<addr>?subject=unsubscribe%20<token>`, when a mailto is configured.
    pub mailto: Option<String>,
}

impl SupporterLinks {
    /// The link the footer shows: the web page, else the mail.
    pub fn shown(&self) -> String {
        self.url.clone().or(self.mailto.clone()).unwrap_or_default()
    }
}

impl Links {
    /// The links a mailing puts in its alerts: `None` without `mail.unsubscribe`. Sending
    /// (`send`) needs the secret; a dry run without it warns and shows [`NO_SECRET`].
    pub fn from_settings(mail: Option<&MailSettings>, send: bool) -> Result<Option<Links>> {
        let Some(mail) = mail else { return Ok(None) };
        let Some(u) = &mail.unsubscribe else {
            return Ok(None);
        };
        if u.url.is_none() && u.mailto.is_none() {
            return Ok(None);
        }
        let tokens = match Tokens::from_settings(mail) {
            Ok(Some(t)) => Some(t),
            Ok(None) if send => {
                return Err(Error::Config(
                    "mail.unsubscribe is set but no token secret: set mail.token_secret_env \
                     (or mail.token_secret_command) in appeals/campaign.yaml, so each \
                     unsubscribe link can say whose it is"
                        .into(),
                ));
            }
            Err(e) if send => return Err(e),
            Ok(None) | Err(_) => {
                eprintln!(
                    "warning: no unsubscribe token secret (mail.token_secret_env or \
                     mail.token_secret_command): this dry run's unsubscribe links carry \
                     `{NO_SECRET}`; --send refuses without the secret"
                );
                None
            }
        };
        let mailto = u.mailto.as_ref().map(|m| {
            let m = m.strip_prefix("mailto:").unwrap_or(m);
            m.split('?').next().unwrap_or(m).to_string()
        });
        Ok(Some(Links {
            tokens,
            url: u.url.as_ref().map(|u| u.trim_end_matches('/').to_string()),
            mailto,
            list: mail.list_id.clone().unwrap_or_default(),
        }))
    }

    /// Links from parts, for tests and benchmarks.
    pub fn new(
        tokens: Option<Tokens>,
        url: Option<&str>,
        mailto: Option<&str>,
        list: &str,
    ) -> Links {
        Links {
            tokens,
            url: url.map(|u| u.trim_end_matches('/').to_string()),
            mailto: mailto.map(str::to_string),
            list: list.into(),
        }
    }

    /// The targets for one supporter, who reads `language`.
    pub fn for_supporter(&self, address: &str, language: &str) -> SupporterLinks {
        let token = match &self.tokens {
            Some(t) => t.seal(&Subscriber {
                address: address.into(),
                list: self.list.clone(),
                language: language.into(),
            }),
            None => NO_SECRET.into(),
        };
        SupporterLinks {
            url: self.url.as_ref().map(|u| format!("{u}/{token}")),
            mailto: self
                .mailto
                .as_ref()
                .map(|m| format!("mailto:{m}?subject=unsubscribe%20{token}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens() -> Tokens {
        Tokens::new(b"a test secret of enough length").unwrap()
    }

    fn olga() -> Subscriber {
        Subscriber {
            address: "olga@example.net".into(),
            list: "urgent.example.org".into(),
            language: "ru".into(),
        }
    }

    #[test]
    fn a_token_opens_to_who_it_was_made_for_and_reveals_nothing() {
        let t = tokens();
        let token = t.seal(&olga());
        assert!(!token.contains("olga") && !token.contains("example"));
        assert!(
            token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "URL-safe: {token}"
        );
        assert_eq!(t.open(&token), Ok(olga()));
        assert_eq!(token, t.seal(&olga()), "the same supporter, the same token");
        let mut upper = olga();
        upper.address = "Olga@EXAMPLE.net".into();
        assert_eq!(t.seal(&upper), token, "normalised before sealing");
        let mut other = olga();
        other.address = "olgb@example.net".into();
        assert_ne!(t.seal(&other), token);
    }

    #[test]
    fn forged_altered_and_foreign_tokens_are_refused() {
        let t = tokens();
        let token = t.seal(&olga());
        let mut altered = token.clone().into_bytes();
        let last = altered.len() - 5;
        altered[last] = if altered[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            t.open(std::str::from_utf8(&altered).unwrap()),
            Err(Refused::Forged)
        );
        let other = Tokens::new(b"another secret, just as long").unwrap();
        assert_eq!(other.open(&token), Err(Refused::Forged));
        assert_eq!(t.open("not a token!"), Err(Refused::Malformed));
        assert_eq!(t.open("abc"), Err(Refused::Malformed));
        assert_eq!(t.open(""), Err(Refused::Malformed));
        assert!(Tokens::new(b"short").is_err());
    }

    #[test]
    fn links_carry_the_token_in_the_url_and_the_mailto_subject() {
        let links = Links::new(
            Some(tokens()),
            Some("https://example.org/unsubscribe/"),
            Some("unsubscribe@example.org"),
            "urgent.example.org",
        );
        let l = links.for_supporter("olga@example.net", "ru");
        let token = tokens().seal(&olga());
        assert_eq!(
            l.url.as_deref(),
            Some(format!("https://example.org/unsubscribe/{token}").as_str())
        );
        assert_eq!(
            l.mailto.as_deref(),
            Some(format!("mailto:unsubscribe@example.org?subject=unsubscribe%20{token}").as_str())
        );
        assert_eq!(l.shown(), l.url.clone().unwrap());
    }
}
