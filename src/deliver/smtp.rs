//! SMTP delivery with lettre: settings resolved into a transport (STARTTLS required except on
//! loopback; certificates verified by rustls), a pool of sending workers, a rate limit, retries
//! with backoff on temporary failures, and the journal so nothing is sent twice.

use super::connection::{Connection, Security, Target};
use super::journal::Journal;
use crate::error::{Error, Result};
use crate::model::campaign::{MailSettings, SmtpSettings};
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

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
}

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
        })
    }

    /// Resolves where and how to connect. The password is read here, kept in memory, and
    /// never printed.
    pub fn target(&self) -> Result<Target> {
        let (scheme, rest) = self.url.split_once("://").ok_or_else(|| {
            Error::Config(format!(
                "SMTP url `{}`: write smtp://host:port or smtps://host:port",
                self.url
            ))
        })?;
        let rest = rest.trim_end_matches('/');
        let (host, port) = match rest.rsplit_once(':') {
            Some((h, p)) => (
                h,
                Some(p.parse::<u16>().map_err(|_| {
                    Error::Config(format!("SMTP url `{}`: bad port `{p}`", self.url))
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
            timeout: Duration::from_secs(30),
        })
    }

    fn password(&self) -> Result<String> {
        if let Some(var) = &self.password_env
            && let Ok(p) = std::env::var(var)
        {
            return Ok(p);
        }
        if let Some(cmd) = &self.password_command {
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(cmd)
                .output()
                .map_err(|e| Error::Config(format!("password command failed to start: {e}")))?;
            if !out.status.success() {
                return Err(Error::Config(format!(
                    "password command exited with {}",
                    out.status
                )));
            }
            return Ok(String::from_utf8_lossy(&out.stdout)
                .trim_end_matches(['\n', '\r'])
                .to_string());
        }
        Err(Error::Config(format!(
            "SMTP user is set but no password: export {} or set mail.smtp.password_command",
            self.password_env
                .as_deref()
                .unwrap_or("APPEAL_SMTP_PASSWORD")
        )))
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
    /// Rejected permanently (5xx) or out of retries; the server's reply.
    Failed {
        /// The reply or the error.
        reason: String,
        /// Whether the last error was permanent.
        permanent: bool,
    },
}

/// Spaces sends so the configured rates are never exceeded.
pub struct RateLimiter {
    interval: Option<Duration>,
    next: Mutex<Instant>,
}

impl RateLimiter {
    /// A limiter for at most `per_second` and `per_hour` messages.
    pub fn new(per_second: Option<f64>, per_hour: Option<u32>) -> RateLimiter {
        let a = per_second
            .filter(|r| *r > 0.0)
            .map(|r| Duration::from_secs_f64(1.0 / r));
        let b = per_hour
            .filter(|r| *r > 0)
            .map(|r| Duration::from_secs_f64(3600.0 / f64::from(r)));
        RateLimiter {
            interval: a.max(b),
            next: Mutex::new(Instant::now()),
        }
    }

    /// Waits for the next free slot.
    pub fn wait(&self) {
        let Some(slot) = self.reserve(Instant::now()) else {
            return;
        };
        let now = Instant::now();
        if slot > now {
            std::thread::sleep(slot - now);
        }
    }

    /// Takes the next free slot at or after `now`: slots are `interval` apart, so however many
    /// workers ask at once, the configured rate holds.
    fn reserve(&self, now: Instant) -> Option<Instant> {
        let interval = self.interval?;
        let mut next = self.next.lock().ok()?;
        let slot = (*next).max(now);
        *next = slot + interval;
        Some(slot)
    }
}

/// Counters a run reports.
#[derive(Debug, Default)]
pub struct Tally {
    /// Accepted by the server.
    pub accepted: AtomicUsize,
    /// Skipped because the journal has them.
    pub already_sent: AtomicUsize,
    /// Temporary failures that were retried.
    pub retries: AtomicUsize,
    /// Failed for good.
    pub failed: AtomicUsize,
}

/// Sends one message, retrying temporary failures with exponential backoff, and records an
/// accepted message in the journal before returning.
pub fn deliver(
    connection: &mut Connection,
    config: &SendConfig,
    limiter: &RateLimiter,
    journal: &Journal,
    tally: &Tally,
    msg: &Outgoing,
) -> Result<Outcome> {
    if journal.contains(&msg.key) {
        tally.already_sent.fetch_add(1, Ordering::Relaxed);
        return Ok(Outcome::AlreadySent);
    }
    let mut delay = config.backoff;
    for attempt in 1..=config.attempts {
        limiter.wait();
        match connection.send(&msg.envelope, &msg.bytes) {
            Ok(_) => {
                journal.record(&msg.key, &msg.message_id)?;
                tally.accepted.fetch_add(1, Ordering::Relaxed);
                return Ok(Outcome::Accepted { attempts: attempt });
            }
            Err(e) if e.is_permanent() => {
                tally.failed.fetch_add(1, Ordering::Relaxed);
                return Ok(Outcome::Failed {
                    reason: e.describe(),
                    permanent: true,
                });
            }
            Err(e) => {
                // 4xx replies, dropped connections and timeouts: worth another try.
                if attempt == config.attempts {
                    tally.failed.fetch_add(1, Ordering::Relaxed);
                    return Ok(Outcome::Failed {
                        reason: e.describe(),
                        permanent: false,
                    });
                }
                tally.retries.fetch_add(1, Ordering::Relaxed);
                std::thread::sleep(delay);
                delay *= 2;
            }
        }
    }
    Ok(Outcome::Failed {
        reason: "no attempt made".into(),
        permanent: false,
    })
}

/// One line for an SMTP error: the server's reply when there is one.
pub fn describe(e: &lettre::transport::smtp::Error) -> String {
    let kind = if e.is_permanent() {
        "permanent failure"
    } else if e.is_transient() {
        "temporary failure"
    } else if e.is_tls() {
        "TLS failure"
    } else if e.is_timeout() {
        "timeout"
    } else {
        "connection failure"
    };
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    format!("{kind}: {}", text.replace(['\r', '\n'], " "))
}

/// Checks the server is reachable (and the login accepted) before a run, so a wrong host,
/// refused login or TLS failure is one clear line rather than one failure per message.
pub fn preflight(target: &Target) -> Result<Connection> {
    let mut connection = Connection::new(target.clone())
        .map_err(|e| Error::Config(format!("cannot start the SMTP client: {e}")))?;
    connection
        .check()
        .map_err(|e| Error::Config(format!("cannot use the SMTP server: {}", e.describe())))?;
    Ok(connection)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_respect_the_strictest_rate() {
        // 10 per second, but only 720 per hour: one message every 5 seconds.
        let limiter = RateLimiter::new(Some(10.0), Some(720));
        let t0 = Instant::now();
        let slots: Vec<Instant> = (0..4).map(|_| limiter.reserve(t0).unwrap()).collect();
        for pair in slots.windows(2) {
            assert_eq!(pair[1] - pair[0], Duration::from_secs(5));
        }
        assert!(
            RateLimiter::new(None, None).reserve(t0).is_none(),
            "no limit, no waiting"
        );
    }
}
