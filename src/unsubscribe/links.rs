//! The per-supporter links of a mailing: unsubscribe (`List-Unsubscribe` and the footer) and
//! "I sent my appeal", each `<url>/<token>` with the supporter's own token. These two are the
//! only per-recipient URLs an alert carries: no tracking pixel, no link redirect.

use super::token::{NO_SECRET, Purpose, Subscriber, Tokens};
use crate::error::{Error, Result};
use crate::model::campaign::MailSettings;
use std::sync::Arc;

/// The per-supporter targets of a mailing.
#[derive(Debug)]
pub struct Links {
    /// `None` in a dry run without the secret: links carry [`NO_SECRET`].
    tokens: Option<Arc<Tokens>>,
    /// The one-click URL base (`mail.unsubscribe.url`), without a trailing slash.
    url: Option<String>,
    /// The address unsubscribe mails go to (from `mail.unsubscribe.mailto`).
    mailto: Option<String>,
    /// The "I sent my appeal" URL base (`mail.acted.url`), without a trailing slash.
    acted: Option<String>,
    /// `mail.list_id`, or empty.
    list: String,
}

/// One supporter's targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupporterLinks {
    /// `<url>/<token>`, when an unsubscribe URL is configured.
    pub url: Option<String>,
    /// `mailto:<addr>?subject=unsubscribe%20<token>`, when a mailto is configured.
    pub mailto: Option<String>,
    /// `<acted url>/<token>` for the case, when `mail.acted.url` is configured and the message
    /// calls to act.
    pub acted: Option<String>,
}

impl SupporterLinks {
    /// The unsubscribe link the footer shows: the web page, else the mail.
    pub fn shown(&self) -> String {
        self.url.clone().or(self.mailto.clone()).unwrap_or_default()
    }
}

impl Links {
    /// The links a mailing puts in its messages: `None` without `mail.unsubscribe` or
    /// `mail.acted`. Sending (`send`) needs the secret; a dry run without it shows
    /// [`NO_SECRET`], and [`Links::warning`] says so. `tokens` is the secret the run read, if
    /// any.
    pub fn from_settings(
        mail: Option<&MailSettings>,
        tokens: Option<Arc<Tokens>>,
        send: bool,
    ) -> Result<Option<Links>> {
        let Some(mail) = mail.filter(|m| Links::configured(m)) else {
            return Ok(None);
        };
        let unsubscribe = mail.unsubscribe.as_ref();
        let url = unsubscribe.and_then(|u| u.url.as_deref());
        let mailto = unsubscribe.and_then(|u| u.mailto.as_deref());
        let acted = mail.acted.as_ref().and_then(|a| a.url.as_deref());
        if tokens.is_none() && send {
            return Err(Error::Config(
                "mail.unsubscribe or mail.acted is set but no token secret: set \
                 mail.token_secret_env (or mail.token_secret_command) in \
                 appeals/campaign.yaml, so each link can say whose it is"
                    .into(),
            ));
        }
        let mailto = mailto.map(|m| {
            let m = m.strip_prefix("mailto:").unwrap_or(m);
            m.split('?').next().unwrap_or(m).to_string()
        });
        Ok(Some(Links {
            tokens,
            url: url.map(base),
            mailto,
            acted: acted.map(base),
            list: mail.list_id.clone().unwrap_or_default(),
        }))
    }

    /// What a run with these links must tell before it starts: without the secret (a dry run
    /// only; a sending run refuses) every link carries [`NO_SECRET`] instead of a token.
    /// Returned rather than printed: the command shows it.
    pub fn warning(&self) -> Option<String> {
        self.tokens.is_none().then(|| {
            format!(
                "no token secret (mail.token_secret_env or mail.token_secret_command): this dry \
                 run's unsubscribe and \"I sent my appeal\" links carry `{NO_SECRET}`; --send \
                 refuses without the secret"
            )
        })
    }

    /// Whether the settings ask for per-supporter links (unsubscribe or "I sent my appeal").
    pub fn configured(mail: &MailSettings) -> bool {
        let unsubscribe = mail.unsubscribe.as_ref();
        unsubscribe.is_some_and(|u| u.url.is_some() || u.mailto.is_some())
            || mail.acted.as_ref().is_some_and(|a| a.url.is_some())
    }

    /// Links from parts, for tests and benchmarks.
    pub fn new(
        tokens: Option<Tokens>,
        url: Option<&str>,
        mailto: Option<&str>,
        list: &str,
    ) -> Links {
        Links {
            tokens: tokens.map(Arc::new),
            url: url.map(base),
            mailto: mailto.map(str::to_string),
            acted: None,
            list: list.into(),
        }
    }

    /// The same links, with "I sent my appeal" links under `url`.
    pub fn with_acted(mut self, url: &str) -> Links {
        self.acted = Some(base(url));
        self
    }

    /// Whether the messages carry "I sent my appeal" links.
    pub fn has_acted(&self) -> bool {
        self.acted.is_some()
    }

    /// Whether the messages carry unsubscribe links of their own.
    pub fn has_unsubscribe(&self) -> bool {
        self.url.is_some() || self.mailto.is_some()
    }

    /// The targets for one supporter, who reads `language`; with an "I sent my appeal" link
    /// for `case` when given (a message that calls to act).
    pub fn for_supporter(
        &self,
        address: &str,
        language: &str,
        case: Option<&str>,
    ) -> SupporterLinks {
        let subscriber = Subscriber {
            address: address.into(),
            list: self.list.clone(),
            language: language.into(),
        };
        let token = |purpose: &Purpose| match &self.tokens {
            Some(t) => t.seal(purpose, &subscriber),
            None => NO_SECRET.into(),
        };
        let unsubscribe = (self.has_unsubscribe()).then(|| token(&Purpose::Unsubscribe));
        let unsubscribe = unsubscribe.as_deref().unwrap_or_default();
        SupporterLinks {
            url: self.url.as_ref().map(|u| format!("{u}/{unsubscribe}")),
            mailto: self
                .mailto
                .as_ref()
                .map(|m| format!("mailto:{m}?subject=unsubscribe%20{unsubscribe}")),
            acted: match (&self.acted, case) {
                (Some(u), Some(case)) => Some(format!(
                    "{u}/{}",
                    token(&Purpose::Acted { case: case.into() })
                )),
                _ => None,
            },
        }
    }
}

/// A URL base without its trailing slash.
fn base(url: &str) -> String {
    url.trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unsubscribe::Token;

    fn tokens() -> Tokens {
        Tokens::new(b"a test secret of enough length").unwrap()
    }

    #[test]
    fn links_carry_each_purposes_own_token() {
        let links = Links::new(
            Some(tokens()),
            Some("https://example.org/unsubscribe/"),
            Some("unsubscribe@example.org"),
            "urgent.example.org",
        )
        .with_acted("https://example.org/acted/");
        let l = links.for_supporter("olga@example.net", "ru", Some("ua-82-18"));
        let olga = Subscriber {
            address: "olga@example.net".into(),
            list: "urgent.example.org".into(),
            language: "ru".into(),
        };
        let token = tokens().seal(&Purpose::Unsubscribe, &olga);
        assert_eq!(
            l.url.as_deref(),
            Some(format!("https://example.org/unsubscribe/{token}").as_str())
        );
        assert_eq!(
            l.mailto.as_deref(),
            Some(format!("mailto:unsubscribe@example.org?subject=unsubscribe%20{token}").as_str())
        );
        assert_eq!(l.shown(), l.url.clone().unwrap());
        let acted = l.acted.unwrap();
        let acted = acted.strip_prefix("https://example.org/acted/").unwrap();
        assert_eq!(
            tokens().open(acted),
            Ok(Token {
                purpose: Purpose::Acted {
                    case: "ua-82-18".into()
                },
                subscriber: olga
            })
        );
        // A message that calls to act nothing (an outcome notice) has no such link.
        let none = links.for_supporter("olga@example.net", "ru", None);
        assert_eq!(none.acted, None);
    }
}
