//! One SMTP connection, owned by one sending worker: connects lazily, reconnects after an
//! error, and sets TCP_NODELAY. lettre writes a message body and its terminating `.` as two
//! writes; with Nagle's algorithm on, the second waits for the server's delayed ACK (about 40
//! ms per message). Owning the socket lets us turn that off.
//!
//! The mail transaction itself is driven here, with lettre's commands, reply parser and error
//! kinds, for two measured reasons (see `bench/mailing.py`): lettre 0.11 waits for a reply after
//! every command although nearly every server offers PIPELINING (RFC 2920), so a message cost
//! four round trips instead of two; and its dot-stuffing codec copies the body one byte at a
//! time, which was a fifth of the sender's CPU. Messages lettre's path handles specially (8-bit
//! content, non-ASCII addresses) still go through `AsyncSmtpConnection::send`.

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Ehlo, Mail, Rcpt};
use lettre::transport::smtp::extension::ClientId;
use std::time::Duration;

/// How the connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain text: loopback only.
    Plain,
    /// STARTTLS, required.
    StartTls,
    /// TLS from the first byte (smtps).
    Wrapper,
}

/// Where and how to connect; the password is held only here, in memory.
#[derive(Clone)]
pub struct Target {
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Transport security.
    pub security: Security,
    /// Login, if any.
    pub credentials: Option<Credentials>,
    /// Connect and command timeout.
    pub timeout: Duration,
}

/// Why a send failed.
#[derive(Debug)]
pub enum SendError {
    /// The server replied with an error, or the SMTP session failed.
    Smtp(lettre::transport::smtp::Error),
    /// The TCP connection could not be made.
    Connect(std::io::Error),
}

impl SendError {
    /// A 5xx reply: retrying will not help.
    pub fn is_permanent(&self) -> bool {
        matches!(self, SendError::Smtp(e) if e.is_permanent())
    }

    /// One line, with the server's reply when there is one.
    pub fn describe(&self) -> String {
        match self {
            SendError::Smtp(e) => super::smtp::describe(e),
            SendError::Connect(e) => format!("connection failure: {e}"),
        }
    }
}

impl From<lettre::transport::smtp::Error> for SendError {
    fn from(e: lettre::transport::smtp::Error) -> Self {
        SendError::Smtp(e)
    }
}

/// A lazily opened SMTP session.
pub struct Connection {
    target: Target,
    runtime: tokio::runtime::Runtime,
    session: Option<Session>,
}

/// An open session and what its server offers that lettre does not record.
struct Session {
    smtp: AsyncSmtpConnection,
    pipelining: bool,
}

impl Connection {
    /// A connection to `target`, not yet opened.
    pub fn new(target: Target) -> std::io::Result<Connection> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        Ok(Connection {
            target,
            runtime,
            session: None,
        })
    }

    /// Sends one message; after any error the session is dropped and the next send reconnects.
    pub fn send(&mut self, envelope: &Envelope, bytes: &[u8]) -> Result<(), SendError> {
        let result = self.runtime.block_on(async {
            if self.session.is_none() {
                self.session = Some(open(&self.target).await?);
            }
            let session = self
                .session
                .as_mut()
                .ok_or_else(|| SendError::Connect(std::io::Error::other("no session")))?;
            transact(session, envelope, bytes).await
        });
        // After any error the session's state is unknown (pipelined replies may be unread).
        if result.is_err()
            && let Some(mut s) = self.session.take()
        {
            self.runtime.block_on(async { s.smtp.abort().await });
        }
        result
    }

    /// Opens the session and checks it answers, for a clear error before a run starts.
    pub fn check(&mut self) -> Result<(), SendError> {
        self.runtime.block_on(async {
            let mut session = open(&self.target).await?;
            let ok = session.smtp.test_connected().await;
            self.session = Some(session);
            if ok {
                Ok(())
            } else {
                Err(SendError::Connect(std::io::Error::other(
                    "the server did not answer NOOP",
                )))
            }
        })
    }

    /// Ends the session politely.
    pub fn close(&mut self) {
        if let Some(mut s) = self.session.take() {
            let _ = self.runtime.block_on(async { s.smtp.quit().await });
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.close();
    }
}

/// One mail transaction: envelope commands (pipelined when offered), the dot-stuffed body, and
/// the server's final reply, which is its acceptance of the message.
async fn transact(
    session: &mut Session,
    envelope: &Envelope,
    bytes: &[u8],
) -> Result<(), SendError> {
    let ascii_addresses = envelope
        .from()
        .is_none_or(|a| AsRef::<str>::as_ref(a).is_ascii())
        && envelope
            .to()
            .iter()
            .all(|a| AsRef::<str>::as_ref(a).is_ascii());
    let text = match std::str::from_utf8(bytes) {
        Ok(text) if text.is_ascii() && ascii_addresses => text,
        // 8BITMIME and SMTPUTF8 negotiation stays with lettre.
        _ => {
            session.smtp.send(envelope, bytes).await?;
            return Ok(());
        }
    };
    let mut commands = vec![Mail::new(envelope.from().cloned(), vec![]).to_string()];
    commands.extend(
        envelope
            .to()
            .iter()
            .map(|to| Rcpt::new(to.clone(), vec![]).to_string()),
    );
    commands.push(Data.to_string());
    if session.pipelining {
        // One write, then every reply in order; the first refusal is the error.
        session.smtp.command(commands.concat()).await?;
        for _ in 1..commands.len() {
            session.smtp.read_response().await?;
        }
    } else {
        for command in commands {
            session.smtp.command(command).await?;
        }
    }
    session.smtp.command(dot_stuffed(text)).await?;
    Ok(())
}

/// The body as sent after DATA (RFC 5321 4.5.2): a `.` doubled at the start of every line,
/// ending in CRLF and the lone `.` line.
fn dot_stuffed(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    if text.starts_with('.') {
        out.push('.');
    }
    let mut from = 0;
    for at in memchr::memmem::find_iter(text.as_bytes(), b"\r\n.") {
        // `at + 2` is the dot, an ASCII char boundary.
        out.push_str(&text[from..at + 2]);
        out.push('.');
        from = at + 2;
    }
    out.push_str(&text[from..]);
    if !out.ends_with("\r\n") {
        out.push_str("\r\n");
    }
    out.push_str(".\r\n");
    out
}

/// Whether an EHLO reply offers PIPELINING.
fn offers_pipelining(ehlo: &lettre::transport::smtp::response::Response) -> bool {
    ehlo.message().skip(1).any(|line| {
        line.split_whitespace()
            .next()
            .is_some_and(|keyword| keyword.eq_ignore_ascii_case("PIPELINING"))
    })
}

async fn open(t: &Target) -> Result<Session, SendError> {
    let hello = ClientId::default();
    let tls = || TlsParameters::new(t.host.clone()).map_err(SendError::Smtp);
    let mut session = match t.security {
        // lettre handles the TLS handshake of smtps itself.
        Security::Wrapper => {
            AsyncSmtpConnection::connect_tokio1(
                (t.host.as_str(), t.port),
                Some(t.timeout),
                &hello,
                Some(tls()?),
                None,
            )
            .await?
        }
        Security::Plain | Security::StartTls => {
            let stream = tokio::time::timeout(
                t.timeout,
                tokio::net::TcpStream::connect((t.host.as_str(), t.port)),
            )
            .await
            .map_err(|_| {
                SendError::Connect(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "connect timed out",
                ))
            })?
            .map_err(SendError::Connect)?;
            stream.set_nodelay(true).map_err(SendError::Connect)?;
            let mut session =
                AsyncSmtpConnection::connect_with_transport(Box::new(stream), &hello).await?;
            if t.security == Security::StartTls {
                // STARTTLS is required: a server that does not offer it is an error, never a
                // silent fall-back to plain text.
                session.starttls(tls()?, &hello).await?;
            }
            session
        }
    };
    // lettre keeps only the EHLO keywords it uses; ask again (before AUTH, which some servers
    // reset on EHLO) to learn whether commands may be pipelined.
    let ehlo = session.command(Ehlo::new(hello)).await?;
    let pipelining = offers_pipelining(&ehlo);
    if let Some(credentials) = &t.credentials {
        session
            .auth(&[Mechanism::Plain, Mechanism::Login], credentials)
            .await?;
    }
    Ok(Session {
        smtp: session,
        pipelining,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_starting_with_a_dot_are_doubled_and_the_body_is_terminated() {
        assert_eq!(dot_stuffed("a\r\n.b\r\n..\r\n"), "a\r\n..b\r\n...\r\n.\r\n");
        assert_eq!(dot_stuffed(".x"), "..x\r\n.\r\n");
        assert_eq!(dot_stuffed("a\r\n.\r\n.b"), "a\r\n..\r\n..b\r\n.\r\n");
        assert_eq!(dot_stuffed("no dot.\r\nend"), "no dot.\r\nend\r\n.\r\n");
    }
}
