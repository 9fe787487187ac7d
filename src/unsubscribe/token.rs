//! Per-supporter tokens: sealed with an AEAD under a key derived from the token secret, so the
//! server needs no index of what was sent, nobody can make one for someone else, and the URL
//! reveals nothing of the address.
//!
//! A token is `base64url(nonce ‖ ChaCha20-Poly1305(payload))`, keys derived (HKDF-SHA256) from
//! the secret in the settings (`mail.token_secret_env` or `mail.token_secret_command`).
//! - Version 2 (made now): the payload is `purpose NUL case NUL language NUL list NUL address`,
//!   `purpose` being `u` (unsubscribe; `case` empty) or `a` (acted on `case`), under the
//!   associated data [`AAD`]. The purpose is sealed inside: a token made for one purpose
//!   cannot be used for the other, and one server routes both by the token alone.
//! - Version 1 (in mailboxes since issue 12): `language NUL list NUL address` under its own
//!   associated data [`AAD_V1`]; such a token opens as an unsubscribe token, forever.
//!
//! The nonce is synthetic: an HMAC of the payload under a second derived key, so one supporter
//! gets the same token in every message (reproducible dry runs and goldens), and two different
//! payloads never share a nonce. A third derived key makes [`Fingerprint`]s.

use crate::deliver::actions::Fingerprint;
use crate::deliver::secret::{CommandErrors, Source};
use crate::error::{Error, Result};
use crate::model::campaign::MailSettings;
use base64::Engine;
use ring::{aead, hkdf, hmac};

/// The smallest secret accepted, in bytes.
pub const MIN_SECRET: usize = 16;

/// Bound into the tag of every token made now: a token of another version never opens as one.
const AAD: &[u8] = b"appeal token v2";

/// Bound into the tag of the unsubscribe tokens of version 1, which carried no purpose.
const AAD_V1: &[u8] = b"appeal unsubscribe token v1";

const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// Stands for the token in a dry run made without the secret: it opens nothing.
pub const NO_SECRET: &str = "NO-SECRET";

/// Who a token names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscriber {
    /// The address, in normal form.
    pub address: String,
    /// The list id (`mail.list_id`), or empty when none is configured.
    pub list: String,
    /// The language the supporter reads their mail in.
    pub language: String,
}

/// What a token is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// Stop mail to the supporter (the `List-Unsubscribe` links).
    Unsubscribe,
    /// The supporter says they sent their appeal on this case (the "I sent my appeal" link).
    Acted {
        /// The case id.
        case: String,
    },
}

/// What a token carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// What it is for.
    pub purpose: Purpose,
    /// Whom it names.
    pub subscriber: Subscriber,
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

/// Makes and opens tokens, and fingerprints addresses, under one secret.
pub struct Tokens {
    key: aead::LessSafeKey,
    nonce_key: hmac::Key,
    fingerprint_key: hmac::Key,
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
                "the token secret is {} byte(s); use at least {MIN_SECRET} random bytes (e.g. \
                 `openssl rand -base64 32`)",
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
        let fingerprint = derive(b"action fingerprint")?;
        let unbound = aead::UnboundKey::new(&aead::CHACHA20_POLY1305, &enc)
            .map_err(|_| Error::Config("cannot make the token key".into()))?;
        Ok(Tokens {
            key: aead::LessSafeKey::new(unbound),
            nonce_key: hmac::Key::new(hmac::HMAC_SHA256, &mac),
            fingerprint_key: hmac::Key::new(hmac::HMAC_SHA256, &fingerprint),
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

    /// The token for `purpose` and `s`. The address is normalised first, so every spelling of
    /// one address gets one token.
    pub fn seal(&self, purpose: &Purpose, s: &Subscriber) -> String {
        let address = crate::address::normalize(&s.address);
        let (tag, case) = match purpose {
            Purpose::Unsubscribe => ("u", ""),
            Purpose::Acted { case } => ("a", case.as_str()),
        };
        // NUL never occurs in a case id, an address, a list id or a language tag.
        let mut data = Vec::with_capacity(64 + address.len() + s.list.len() + case.len());
        for part in [tag, case, &s.language, &s.list] {
            data.extend_from_slice(part.as_bytes());
            data.push(0);
        }
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

    /// What a token is for and whom it names, if this secret made it (in either version).
    pub fn open(&self, token: &str) -> std::result::Result<Token, Refused> {
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
        let open = |aad: &'static [u8]| {
            let mut buf = sealed.to_vec();
            let plain = self
                .key
                .open_in_place(
                    aead::Nonce::assume_unique_for_key(nonce_bytes),
                    aead::Aad::from(aad),
                    &mut buf,
                )
                .ok()?
                .to_vec();
            String::from_utf8(plain).ok()
        };
        if let Some(text) = open(AAD) {
            return payload_v2(&text).ok_or(Refused::Forged);
        }
        let text = open(AAD_V1).ok_or(Refused::Forged)?;
        let mut parts = text.splitn(3, '\0');
        let (Some(language), Some(list), Some(address)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(Refused::Forged);
        };
        Ok(Token {
            purpose: Purpose::Unsubscribe,
            subscriber: Subscriber {
                address: address.into(),
                list: list.into(),
                language: language.into(),
            },
        })
    }

    /// The supporter with this address as the actions ledger names them: HMAC-SHA256 of the
    /// address in normal form under a key derived from the secret, cut to 128 bits. Without
    /// the secret nobody can tell whose it is, or make one for an address to test it.
    pub fn fingerprint(&self, address: &str) -> Fingerprint {
        self.fingerprint_normal(&crate::address::normalize(address))
    }

    /// [`Tokens::fingerprint`] of an address already in normal form.
    pub fn fingerprint_normal(&self, address: &str) -> Fingerprint {
        let tag = hmac::sign(&self.fingerprint_key, address.as_bytes());
        let mut out = [0u8; 16];
        out.copy_from_slice(&tag.as_ref()[..16]);
        Fingerprint(out)
    }
}

/// The payload of a version-2 token; `None` when it is not one (only a bug could seal that).
fn payload_v2(text: &str) -> Option<Token> {
    let mut parts = text.splitn(5, '\0');
    let (tag, case, language, list, address) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    let purpose = match (tag, case) {
        ("u", "") => Purpose::Unsubscribe,
        ("a", case) if !case.is_empty() => Purpose::Acted { case: case.into() },
        _ => return None,
    };
    Some(Token {
        purpose,
        subscriber: Subscriber {
            address: address.into(),
            list: list.into(),
            language: language.into(),
        },
    })
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
            "the token secret is not set: export {} (at least {MIN_SECRET} random bytes, the \
             same for `mail`, `remind`, `report` and `serve`) or set mail.token_secret_command",
            mail.token_secret_env
                .as_deref()
                .unwrap_or("APPEAL_TOKEN_SECRET")
        ))
    })?;
    Ok(Some(value))
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

    fn acted() -> Purpose {
        Purpose::Acted {
            case: "ua-82-18".into(),
        }
    }

    #[test]
    fn a_token_opens_to_its_purpose_and_supporter_and_reveals_nothing() {
        let t = tokens();
        for purpose in [Purpose::Unsubscribe, acted()] {
            let token = t.seal(&purpose, &olga());
            assert!(!token.contains("olga") && !token.contains("example"));
            assert!(
                token
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
                "URL-safe: {token}"
            );
            assert_eq!(
                t.open(&token),
                Ok(Token {
                    purpose: purpose.clone(),
                    subscriber: olga()
                })
            );
            assert_eq!(token, t.seal(&purpose, &olga()), "the same every time");
            let mut upper = olga();
            upper.address = "Olga@EXAMPLE.net".into();
            assert_eq!(t.seal(&purpose, &upper), token, "normalised before sealing");
        }
        assert_ne!(
            t.seal(&Purpose::Unsubscribe, &olga()),
            t.seal(&acted(), &olga())
        );
        let other_case = Purpose::Acted {
            case: "ua-83-18".into(),
        };
        assert_ne!(t.seal(&other_case, &olga()), t.seal(&acted(), &olga()));
    }

    /// A version-1 token as issue 12's code sealed it (the same keys, its own associated data).
    fn seal_v1(t: &Tokens, s: &Subscriber) -> String {
        let mut data = format!("{}\0{}\0{}", s.language, s.list, s.address).into_bytes();
        let tag = hmac::sign(&t.nonce_key, &data);
        let mut nonce = [0u8; NONCE_LEN];
        nonce.copy_from_slice(&tag.as_ref()[..NONCE_LEN]);
        t.key
            .seal_in_place_append_tag(
                aead::Nonce::assume_unique_for_key(nonce),
                aead::Aad::from(AAD_V1),
                &mut data,
            )
            .unwrap();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&data);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(out)
    }

    #[test]
    fn tokens_already_in_mailboxes_still_unsubscribe() {
        let t = tokens();
        let old = seal_v1(&t, &olga());
        assert_eq!(
            t.open(&old),
            Ok(Token {
                purpose: Purpose::Unsubscribe,
                subscriber: olga()
            })
        );
        // One sealed in the sample project by the previous release, with the tests' secret.
        let sample = Tokens::new(b"test secret for unsubscribe tokens").unwrap();
        let token = "oYPeHmI4PkNCXLOLfIItniOrKfbPxFxmvejILgChv3giCFA5Xsr9jvB59Ax7zg1GvmhJUbgHfDISZCGQpPSHM5x4jVjOmNpqIQo";
        let opened = sample.open(token).unwrap();
        assert_eq!(opened.purpose, Purpose::Unsubscribe);
        assert_eq!(opened.subscriber.language, "en");
        assert_eq!(opened.subscriber.list, "urgent-actions.example.org");
    }

    #[test]
    fn forged_altered_and_foreign_tokens_are_refused() {
        let t = tokens();
        let token = t.seal(&acted(), &olga());
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
    fn fingerprints_are_keyed_normalised_and_128_bits() {
        let t = tokens();
        let a = t.fingerprint("Olga@EXAMPLE.net ");
        assert_eq!(a, t.fingerprint("olga@example.net"));
        assert_ne!(a, t.fingerprint("olgb@example.net"));
        let other = Tokens::new(b"another secret, just as long").unwrap();
        assert_ne!(a, other.fingerprint("olga@example.net"), "keyed");
        let written = a.to_string();
        assert_eq!(written.len(), 22);
        assert_eq!(Fingerprint::parse(&written), Some(a));
    }
}
