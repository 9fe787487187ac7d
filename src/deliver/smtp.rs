//! SMTP settings resolved into where and how to connect (STARTTLS required except on loopback;
//! certificates verified by rustls), and what a message to send and its outcome are. Sending
//! them, with the rate limit, retries and the journal, is [`super::outbox`].

use super::connection::{Security, Target};
use super::secret::{CommandErrors, Source};
use crate::error::{Error, Result};
use crate::model::campaign::{MailSettings, SmtpSettings};
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use std::time::Duration;

/// How sending is configured after settings and flags are merged.
#[derive(Debug, Clone)]
pub struct SendConfig {
    /// `smtp://host:port` or `smtps://host:port`.
    pub url: String,
    /// Login name.
    pub username: Option<String>,
    /// Where the password comes from (never the password itself).
    pub password_env: Option<String>,
    /// A command printing the password.
    pub password_command: Option<String>,
    /// Parallel SMTP connections.
    pub concurrency: usize,
    /// Messages per second at most.
    pub per_second: Option<f64>,
    /// Messages per hour at most.
    pub per_hour: Option<u32>,
    /// Attempts per message for temporary failures.
    pub attempts: u32,
    /// First retry delay; doubles each time.
    pub backoff: Duration,
    /// The deadline of each SMTP step (`--timeout`, `mail.timeout`; 30 s by default).
    pub timeout: Duration,
}

/// The SMTP step deadline when neither `--timeout` nor `mail.timeout` sets one.
pub const DEFAULT_TIMEOUT_SECS: u64 = 30;

impl SendConfig {
    /// Merges campaign settings with command-line overrides.
    pub fn from_settings(
        mail: Option<&MailSettings>,
        url: Option<&str>,
        concurrency: Option<usize>,
        per_second: Option<f64>,
        per_hour: Option<u32>,
    ) -> Result<SendConfig> {
        let smtp: Option<&SmtpSettings> = mail.and_then(|m| m.smtp.as_ref());
        let url = url
            .map(str::to_string)
            .or_else(|| smtp.map(|s| s.url.clone()))
            .ok_or_else(|| Error::Config("no SMTP server: set mail.smtp.url in appeals/campaign.yaml or pass --smtp smtp://host:port".into()))?;
        Ok(SendConfig {
            url,
            username: smtp.and_then(|s| s.username.clone()),
            password_env: smtp.and_then(|s| s.password_env.clone()),
            password_command: smtp.and_then(|s| s.password_command.clone()),
            concurrency: concurrency
                .or(mail.and_then(|m| m.concurrency))
                .unwrap_or(4)
                .clamp(1, 64),
            per_second: per_second.or(mail.and_then(|m| m.per_second)),
            per_hour: per_hour.or(mail.and_then(|m| m.per_hour)),
            attempts: 4,
            backoff: Duration::from_millis(200),
            timeout: Duration::from_secs(
                mail.and_then(|m| m.timeout).unwrap_or(DEFAULT_TIMEOUT_SECS),
            ),
        })
    }

    /// Applies `--timeout SECS` when given (it wins over `mail.timeout`).
    pub fn with_timeout(mut self, secs: Option<u64>) -> SendConfig {
        if let Some(secs) = secs {
            self.timeout = Duration::from_secs(secs);
        }
        self
    }

    /// The URL as it may be shown: any `user:password@` part is replaced by `***@`.
    pub fn shown_url(&self) -> String {
        redact_url(&self.url)
    }

    /// Resolves where and how to connect. The password is read here, kept in memory, and
    /// never printed.
    pub fn target(&self) -> Result<Target> {
        let shown = self.shown_url();
        let (scheme, rest) = self.url.split_once("://").ok_or_else(|| {
            Error::Config(format!(
                "SMTP url `{shown}`: write smtp://host:port or smtps://host:port"
            ))
        })?;
        let rest = rest.trim_end_matches('/');
        if rest.contains('@') {
            // Never echoed: a password in a URL would also show in the process list.
            return Err(Error::Config(format!(
                "SMTP url `{shown}`: a login in the URL is not accepted; set \
                 mail.smtp.username and mail.smtp.password_env (or password_command) instead"
            )));
        }
        let (host, port) =
            match rest.rsplit_once(':') {
                Some((h, p)) => (
                    h,
                    Some(p.parse::<u16>().map_err(|_| {
                        Error::Config(format!("SMTP url `{shown}`: bad port `{p}`"))
                    })?),
                ),
                None => (rest, None),
            };
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let loopback = host == "localhost"
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        let (security, default_port) = match scheme {
            "smtps" => (Security::Wrapper, 465),
            "smtp" if loopback => (Security::Plain, 25),
            "smtp" => (Security::StartTls, 587),
            other => {
                return Err(Error::Config(format!(
                    "SMTP url scheme `{other}`: use smtp:// (STARTTLS) or smtps://"
                )));
            }
        };
        let credentials = match &self.username {
            Some(user) => Some(Credentials::new(user.clone(), self.password()?)),
            None => None,
        };
        Ok(Target {
            host,
            port: port.unwrap_or(default_port),
            security,
            credentials,
            timeout: self.timeout,
        })
    }

    fn password(&self) -> Result<String> {
        let source = Source {
            env: self.password_env.as_deref(),
            command: self.password_command.as_deref(),
            command_name: "password command",
            empty_is_unset: false,
            command_errors: CommandErrors::Hidden,
        };
        source.read()?.ok_or_else(|| {
            Error::Config(format!(
                "SMTP user is set but no password: export {} or set mail.smtp.password_command",
                self.password_env
                    .as_deref()
                    .unwrap_or("APPEAL_SMTP_PASSWORD")
            ))
        })
    }
}

/// `scheme://user:secret@host` → `scheme://***@host`; other URLs unchanged.
pub fn redact_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.rsplit_once('@') {
            Some((_, host)) => format!("{scheme}://***@{host}"),
            None => url.to_string(),
        },
        None => match url.rsplit_once('@') {
            Some((_, host)) => format!("***@{host}"),
            None => url.to_string(),
        },
    }
}

/// One message to deliver.
pub struct Outgoing {
    /// Journal key (case, kind, address).
    pub key: String,
    /// Who it is for, as reported.
    pub label: String,
    /// Envelope (MAIL FROM, RCPT TO).
    pub envelope: Envelope,
    /// The formatted message.
    pub bytes: Vec<u8>,
    /// Message-ID, recorded in the journal.
    pub message_id: String,
}

/// What happened to one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server accepted it (after this many attempts).
    Accepted {
        /// Attempts it took.
        attempts: u32,
    },
    /// Already in the journal: not sent again.
    AlreadySent,
    /// In the journal with an unknown outcome (an earlier run timed out after the end of the
    /// message): not sent again, and reported.
    AlreadyUnknown,
    /// Sent, but the server went silent after the end of the message: it may have been
    /// delivered. Journaled as `unknown`, so it is never sent again.
    Unknown {
        /// What happened.
        reason: String,
    },
    /// Not tried: the run stopped because the server stopped answering.
    NotAttempted,
    /// Rejected permanently (5xx) or out of retries; the server's reply.
    Failed {
        /// The reply or the error.
        reason: String,
        /// Whether the last error was permanent.
        permanent: bool,
    },
}
