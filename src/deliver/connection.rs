//! One SMTP connection, owned by one sending worker: connects lazily, reconnects after an
//! error, and sets TCP_NODELAY. lettre writes a message body and its terminating `.` as two
//! writes; with Nagle's algorithm on, the second waits for the server's delayed ACK (about 40
//! ms per message). Owning the socket lets us turn that off.

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
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
    session: Option<AsyncSmtpConnection>,
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
            session
                .send(envelope, bytes)
                .await
                .map(|_| ())
                .map_err(SendError::from)
        });
        if result.is_err()
            && let Some(mut s) = self.session.take()
        {
            self.runtime.block_on(async { s.abort().await });
        }
        result
    }

    /// Opens the session and checks it answers, for a clear error before a run starts.
    pub fn check(&mut self) -> Result<(), SendError> {
        self.runtime.block_on(async {
            let mut session = open(&self.target).await?;
            let ok = session.test_connected().await;
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
            let _ = self.runtime.block_on(async { s.quit().await });
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.close();
    }
}

async fn open(t: &Target) -> Result<AsyncSmtpConnection, SendError> {
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
    if let Some(credentials) = &t.credentials {
        session
            .auth(&[Mechanism::Plain, Mechanism::Login], credentials)
            .await?;
    }
    Ok(session)
}
