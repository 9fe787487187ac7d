//! SMTP delivery with lettre: settings resolved into a transport (STARTTLS required except on
//! loopback; certificates verified by rustls), a pool of sending workers, a rate limit, retries
//! with backoff on temporary failures, and the journal so nothing is sent twice.

use super::connection::{Connection, Security, Target};
use super::journal::{Journal, Status};
use super::secret::{CommandErrors, Source};
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
    /// Sent, outcome unknown (the server went silent after the end of the message).
    pub unknown: AtomicUsize,
    /// Skipped because the journal records an unknown outcome from an earlier run.
    pub already_unknown: AtomicUsize,
    /// Not tried because the run stopped (the server stopped answering).
    pub not_attempted: AtomicUsize,
    /// Sends in a row that met silence (no connection, or a timeout) with no reply between.
    silent_in_a_row: AtomicUsize,
    /// Set once the server is taken for gone: no further message is tried.
    stopped: std::sync::atomic::AtomicBool,
}

impl Tally {
    /// Whether the run stopped because the server stopped answering.
    pub fn stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }

    /// Whether anything ended other than accepted or already sent: the run exits 4.
    pub fn incomplete(&self) -> bool {
        [
            &self.failed,
            &self.unknown,
            &self.already_unknown,
            &self.not_attempted,
        ]
        .iter()
        .any(|n| n.load(Ordering::Relaxed) > 0)
    }

    /// The error that ends an incomplete run (exit 4), or `None`.
    pub fn error(&self, total: usize) -> Option<Error> {
        if !self.incomplete() {
            return None;
        }
        let n = |a: &AtomicUsize| a.load(Ordering::Relaxed);
        let (unknown, not_attempted) = (
            n(&self.unknown) + n(&self.already_unknown),
            n(&self.not_attempted),
        );
        if unknown == 0 && not_attempted == 0 {
            return Some(Error::Delivery {
                failed: n(&self.failed),
                total,
            });
        }
        Some(Error::Undelivered {
            failed: n(&self.failed),
            unknown,
            not_attempted,
            total,
        })
    }

    /// Notes a send that met silence; after `limit` in a row the server is taken for gone.
    fn silence(&self, limit: u32) {
        let n = self.silent_in_a_row.fetch_add(1, Ordering::SeqCst) + 1;
        if n >= limit.max(1) as usize {
            self.stopped.store(true, Ordering::SeqCst);
        }
    }

    /// Notes a reply from the server: it is alive.
    fn answered(&self) {
        self.silent_in_a_row.store(0, Ordering::SeqCst);
    }
}

/// Sends one message, retrying temporary failures with exponential backoff, and writes an
/// accepted message's journal line before returning. The line is made durable before the
/// connection's next message, and by [`Journal::sync_all`] at the end of the run.
///
/// Permanent failures (5xx, or a message the server cannot take) are not retried. A timeout
/// after the end of the message is journaled as `unknown` and not retried either: the server
/// may have accepted it. After `attempts` sends in a row meet silence (across all workers),
/// the server is taken for gone and the remaining messages are not tried, so a dead server
/// ends the run within about `attempts × timeout` plus the backoff.
pub fn deliver(
    connection: &mut Connection,
    config: &SendConfig,
    limiter: &RateLimiter,
    journal: &Journal,
    tally: &Tally,
    msg: &Outgoing,
) -> Result<Outcome> {
    match journal.status(&msg.key) {
        Some(Status::Accepted) => {
            tally.already_sent.fetch_add(1, Ordering::Relaxed);
            return Ok(Outcome::AlreadySent);
        }
        Some(Status::Unknown) => {
            tally.already_unknown.fetch_add(1, Ordering::Relaxed);
            return Ok(Outcome::AlreadyUnknown);
        }
        None => {}
    }
    // The previous message's journal line goes to disk before this one can be accepted.
    if let Some(written) = connection.unsynced.take() {
        journal.sync_to(written)?;
    }
    let mut delay = config.backoff;
    for attempt in 1..=config.attempts {
        if tally.stopped() {
            if attempt == 1 {
                tally.not_attempted.fetch_add(1, Ordering::Relaxed);
                return Ok(Outcome::NotAttempted);
            }
            tally.failed.fetch_add(1, Ordering::Relaxed);
            return Ok(Outcome::Failed {
                reason: "the server stopped answering".into(),
                permanent: false,
            });
        }
        limiter.wait();
        match connection.send(&msg.envelope, &msg.bytes) {
            Ok(_) => {
                tally.answered();
                connection.unsynced =
                    Some(journal.write(&msg.key, &msg.message_id, Status::Accepted)?);
                tally.accepted.fetch_add(1, Ordering::Relaxed);
                return Ok(Outcome::Accepted { attempts: attempt });
            }
            Err(e) if e.is_unknown() => {
                tally.silence(config.attempts);
                connection.unsynced =
                    Some(journal.write(&msg.key, &msg.message_id, Status::Unknown)?);
                tally.unknown.fetch_add(1, Ordering::Relaxed);
                return Ok(Outcome::Unknown {
                    reason: e.describe(),
                });
            }
            Err(e) if e.is_permanent() => {
                tally.answered();
                tally.failed.fetch_add(1, Ordering::Relaxed);
                return Ok(Outcome::Failed {
                    reason: e.describe(),
                    permanent: true,
                });
            }
            Err(e) => {
                if e.is_silence() {
                    tally.silence(config.attempts);
                } else {
                    tally.answered();
                }
                // 4xx replies, dropped connections and timeouts: worth another try.
                if attempt == config.attempts || tally.stopped() {
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
