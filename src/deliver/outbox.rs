//! The outbox: how a message leaves, the same for `send`, `mail` and `remind`. A run opens it
//! once, and the server must answer and take the login then, or the run stops before its
//! first message; each sending worker takes a connection of its own; every message goes
//! through the same steps: the journal first (never twice), the rate limit, retries with
//! backoff on temporary failures, and its journal line once the server has it. Messages are
//! signed ([`signed`]) before they reach the outbox, the same way whether they are sent or
//! written by a dry run.

use super::connection::{Connection, Target};
use super::dkim::Signer;
use super::journal::{Journal, Status};
use super::smtp::{Outcome, Outgoing, SendConfig};
use crate::error::{Error, Result};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Where a run's messages leave: the server, the rate limit and the run's counters.
pub struct Outbox<'a> {
    config: &'a SendConfig,
    target: Target,
    limiter: RateLimiter,
    tally: &'a Tally,
}

impl<'a> Outbox<'a> {
    /// Opens the outbox for a run: where to connect (the password is read here), and a first
    /// connection that shows the server answers and takes the login. Its counts go to `tally`.
    pub fn open(config: &'a SendConfig, tally: &'a Tally) -> Result<(Outbox<'a>, Connection)> {
        let target = config.target()?;
        let connection = preflight(&target)?;
        let outbox = Outbox {
            config,
            target,
            limiter: RateLimiter::new(config.per_second, config.per_hour),
            tally,
        };
        Ok((outbox, connection))
    }

    /// A connection for one more sending worker; `None` when its client cannot start.
    pub fn connect(&self) -> Option<Connection> {
        Connection::new(self.target.clone()).ok()
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
        &self,
        connection: &mut Connection,
        journal: &Journal,
        msg: &Outgoing,
    ) -> Result<Outcome> {
        let (config, tally) = (self.config, self.tally);
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
            self.limiter.wait();
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
}

/// The bytes that go out: with a DKIM signature in front when `mail.dkim` is set (`signer`),
/// made at `time`, the run's one timestamp.
pub fn signed(message: Vec<u8>, signer: Option<&Signer>, time: i64) -> Result<Vec<u8>> {
    match signer {
        None => Ok(message),
        Some(signer) => signer
            .sign(&message, time)
            .map_err(|e| Error::Config(format!("DKIM signing: {e}"))),
    }
}

/// Checks the server is reachable (and the login accepted) before a run, so a wrong host,
/// refused login or TLS failure is one clear line rather than one failure per message.
fn preflight(target: &Target) -> Result<Connection> {
    let mut connection = Connection::new(target.clone())
        .map_err(|e| Error::Config(format!("cannot start the SMTP client: {e}")))?;
    connection
        .check()
        .map_err(|e| Error::Config(format!("cannot use the SMTP server: {}", e.describe())))?;
    Ok(connection)
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
