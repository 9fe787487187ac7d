//! One SMTP connection, owned by one sending worker: connects lazily, reconnects after an
//! error, sets TCP_NODELAY and TCP keepalive, and gives every SMTP step a deadline.
//!
//! lettre writes a message body and its terminating `.` as two writes; with Nagle's algorithm
//! on, the second waits for the server's delayed ACK (about 40 ms per message). Owning the
//! socket lets us turn that off, and turn keepalive on so a peer that vanished without a FIN is
//! noticed by the kernel.
//!
//! The mail transaction itself is driven here, with lettre's commands, reply parser and error
//! kinds, for three reasons. Two were measured (see `bench/mailing.py`): lettre 0.11 waits for
//! a reply after every command although nearly every server offers PIPELINING (RFC 2920), so a
//! message cost four round trips instead of two; and its dot-stuffing codec copies the body one
//! byte at a time, which was a fifth of the sender's CPU. The third is deadlines: lettre's
//! async client has none after connecting, so a server that accepted TCP and then said nothing
//! hung the run. Every step here (greeting with the first EHLO, STARTTLS, EHLO, AUTH, each
//! command, the end of the message, QUIT) runs under [`Target::timeout`].
//!
//! A timeout is not always a failure to deliver. Until the final `.` is written the server
//! cannot have taken the message, so the send is retried like any temporary failure. Once the
//! final `.` is out, silence (or a dropped connection) means the server may well have accepted
//! it: that is [`SendError::Unknown`], journaled so it is never sent again. To tell the two
//! apart, the socket is wrapped ([`Watched`]) to note when the client starts reading the reply:
//! lettre reads only after the whole body and its `.` were written and flushed.

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
#[allow(deprecated)]
use lettre::transport::smtp::client::AsyncNetworkStream;
use lettre::transport::smtp::client::{AsyncSmtpConnection, AsyncTokioStream, TlsParameters};
use lettre::transport::smtp::commands::{Data, Ehlo, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

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
    /// The deadline of each step: connecting, and every SMTP exchange.
    pub timeout: Duration,
}

/// Why a send failed.
#[derive(Debug)]
pub enum SendError {
    /// The server replied with an error, or the SMTP session failed.
    Smtp(lettre::transport::smtp::Error),
    /// The TCP connection could not be made.
    Connect(std::io::Error),
    /// A step got no answer within the deadline, before the end of the message was sent:
    /// the server cannot have accepted it.
    Timeout {
        /// The step (`greeting`, `MAIL FROM`, ...).
        step: &'static str,
        /// The deadline that passed.
        after: Duration,
    },
    /// The end of the message was sent but no reply came (a timeout or a lost connection):
    /// the server may have accepted it.
    Unknown(String),
    /// The message cannot be sent to this server as it is (e.g. a non-ASCII address and no
    /// SMTPUTF8): retrying will not help.
    Refused(String),
}

impl SendError {
    /// Retrying will not help: a 5xx reply, or a message this server cannot take.
    pub fn is_permanent(&self) -> bool {
        match self {
            SendError::Smtp(e) => e.is_permanent() || e.is_client(),
            SendError::Refused(_) => true,
            _ => false,
        }
    }

    /// The server may have accepted the message: do not send it again.
    pub fn is_unknown(&self) -> bool {
        matches!(self, SendError::Unknown(_))
    }

    /// The server did not answer at all (no connection, or silence until the deadline).
    pub fn is_silence(&self) -> bool {
        matches!(
            self,
            SendError::Connect(_) | SendError::Timeout { .. } | SendError::Unknown(_)
        )
    }

    /// One line, with the server's reply when there is one.
    pub fn describe(&self) -> String {
        match self {
            SendError::Smtp(e) => describe(e),
            SendError::Connect(e) => format!("connection failure: {e}"),
            SendError::Timeout { step, after } => format!(
                "timeout: no answer to {step} within {}s",
                after.as_secs_f64()
            ),
            SendError::Unknown(why) => format!(
                "unknown outcome: {why} after the end of the message; it may have been delivered"
            ),
            SendError::Refused(why) => format!("permanent failure: {why}"),
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
    /// The journal line of the last message this connection delivered, made durable before
    /// its next message goes out (so at most one accepted message per connection is ever
    /// waiting for the disk).
    pub unsynced: Option<crate::deliver::journal::Written>,
}

/// An open session and what its server offers that lettre does not record.
struct Session {
    smtp: AsyncSmtpConnection,
    pipelining: bool,
    /// Set when the client reads from the socket; cleared before the end of a message.
    reading: Arc<AtomicBool>,
    timeout: Duration,
}

/// Runs one SMTP step under the deadline.
async fn step<T>(
    timeout: Duration,
    name: &'static str,
    future: impl Future<Output = Result<T, lettre::transport::smtp::Error>>,
) -> Result<T, SendError> {
    match tokio::time::timeout(timeout, future).await {
        Ok(result) => result.map_err(SendError::Smtp),
        Err(_) => Err(SendError::Timeout {
            step: name,
            after: timeout,
        }),
    }
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
            unsynced: None,
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
        match &result {
            Ok(()) => {}
            // Refused before anything was sent: the session is as good as before.
            Err(SendError::Refused(_)) => {}
            // A silent server would not answer QUIT either: just hang up.
            Err(e) if e.is_silence() => self.session = None,
            // After any other error the session's state is unknown (pipelined replies may be
            // unread): end it.
            Err(_) => self.abort(),
        }
        result
    }

    /// Opens the session and checks it answers, for a clear error before a run starts.
    pub fn check(&mut self) -> Result<(), SendError> {
        let timeout = self.target.timeout;
        self.runtime.block_on(async {
            let mut session = open(&self.target).await?;
            let ok = tokio::time::timeout(timeout, session.smtp.test_connected()).await;
            self.session = Some(session);
            match ok {
                Ok(true) => Ok(()),
                Ok(false) => Err(SendError::Connect(std::io::Error::other(
                    "the server did not answer NOOP",
                ))),
                Err(_) => Err(SendError::Timeout {
                    step: "NOOP",
                    after: timeout,
                }),
            }
        })
    }

    /// Drops the session after an error, telling the server (briefly) when it still listens.
    fn abort(&mut self) {
        if let Some(mut s) = self.session.take() {
            let timeout = self.target.timeout;
            self.runtime.block_on(async {
                let _ = tokio::time::timeout(timeout, s.smtp.abort()).await;
            });
        }
    }

    /// Ends the session politely.
    pub fn close(&mut self) {
        if let Some(mut s) = self.session.take() {
            let timeout = self.target.timeout;
            let _ = self
                .runtime
                .block_on(async { tokio::time::timeout(timeout, s.smtp.quit()).await });
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
    let t = session.timeout;
    let ascii_addresses = envelope
        .from()
        .is_none_or(|a| AsRef::<str>::as_ref(a).is_ascii())
        && envelope
            .to()
            .iter()
            .all(|a| AsRef::<str>::as_ref(a).is_ascii());
    // RFC 6531 and RFC 6152: ask for what the message needs, and never send what the server
    // did not offer (that would be refused at best, mangled at worst).
    let info = session.smtp.server_info();
    let mut params = vec![];
    if !ascii_addresses {
        if !info.supports_feature(Extension::SmtpUtfEight) {
            return Err(SendError::Refused(
                "the address is not ASCII and the server does not support SMTPUTF8".into(),
            ));
        }
        params.push(MailParameter::SmtpUtfEight);
    }
    if !bytes.is_ascii() {
        if !info.supports_feature(Extension::EightBitMime) {
            return Err(SendError::Refused(
                "the message is 8-bit and the server does not support 8BITMIME".into(),
            ));
        }
        params.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    let mut commands = vec![Mail::new(envelope.from().cloned(), params).to_string()];
    commands.extend(
        envelope
            .to()
            .iter()
            .map(|to| Rcpt::new(to.clone(), vec![]).to_string()),
    );
    commands.push(Data.to_string());
    if session.pipelining {
        // One write, then every reply in order; the first refusal is the error.
        step(t, "MAIL FROM", session.smtp.command(commands.concat())).await?;
        for _ in 1..commands.len() {
            step(t, "RCPT TO or DATA", session.smtp.read_response()).await?;
        }
    } else {
        for (i, command) in commands.into_iter().enumerate() {
            let name = match i {
                0 => "MAIL FROM",
                _ if command.starts_with("DATA") => "DATA",
                _ => "RCPT TO",
            };
            step(t, name, session.smtp.command(command)).await?;
        }
    }
    // From here on, silence is ambiguous: note when the reply starts being awaited.
    session.reading.store(false, Ordering::SeqCst);
    let end = async {
        match std::str::from_utf8(bytes) {
            Ok(text) => session.smtp.command(dot_stuffed(text)).await,
            Err(_) => session.smtp.message(bytes).await,
        }
    };
    let result = tokio::time::timeout(t, end).await;
    let sent_the_dot = session.reading.load(Ordering::SeqCst);
    match result {
        Ok(Ok(_)) => Ok(()),
        // A reply came: the server's verdict, whatever it is.
        Ok(Err(e)) if e.is_permanent() || e.is_transient() || !sent_the_dot => {
            Err(SendError::Smtp(e))
        }
        Ok(Err(e)) => Err(SendError::Unknown(format!(
            "the connection failed ({})",
            describe(&e)
        ))),
        Err(_) if sent_the_dot => Err(SendError::Unknown(format!(
            "no reply within {}s",
            t.as_secs_f64()
        ))),
        Err(_) => Err(SendError::Timeout {
            step: "the message body",
            after: t,
        }),
    }
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
    let stream = tokio::time::timeout(
        t.timeout,
        tokio::net::TcpStream::connect((t.host.as_str(), t.port)),
    )
    .await
    .map_err(|_| {
        SendError::Connect(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            format!("connect timed out after {}s", t.timeout.as_secs_f64()),
        ))
    })?
    .map_err(SendError::Connect)?;
    stream.set_nodelay(true).map_err(SendError::Connect)?;
    // Keepalive: a server that vanished (power loss, NAT timeout) is found by the kernel even
    // while we wait for nothing in particular.
    socket2::SockRef::from(&stream)
        .set_tcp_keepalive(
            &socket2::TcpKeepalive::new()
                .with_time(Duration::from_secs(30))
                .with_interval(Duration::from_secs(10)),
        )
        .map_err(SendError::Connect)?;
    let reading = Arc::new(AtomicBool::new(false));
    let watched = Watched {
        tcp: stream,
        reading: reading.clone(),
    };
    let mut session = match t.security {
        Security::Wrapper => {
            // TLS from the first byte, over our own socket (lettre's own connect would not
            // let us set keepalive or watch reads).
            #[allow(deprecated)]
            let mut tls_stream = AsyncNetworkStream::use_existing_tokio1(Box::new(watched));
            step(
                t.timeout,
                "the TLS handshake",
                tls_stream.upgrade_tls(tls()?),
            )
            .await?;
            greeting(t.timeout, Box::new(Compat(tls_stream)), &hello).await?
        }
        Security::Plain | Security::StartTls => {
            let mut session = greeting(t.timeout, Box::new(watched), &hello).await?;
            if t.security == Security::StartTls {
                // STARTTLS is required: a server that does not offer it is an error, never a
                // silent fall-back to plain text.
                step(t.timeout, "STARTTLS", session.starttls(tls()?, &hello)).await?;
            }
            session
        }
    };
    // lettre keeps only the EHLO keywords it uses; ask again (before AUTH, which some servers
    // reset on EHLO) to learn whether commands may be pipelined.
    let ehlo = step(t.timeout, "EHLO", session.command(Ehlo::new(hello.clone()))).await?;
    let pipelining = offers_pipelining(&ehlo);
    if let Some(credentials) = &t.credentials {
        step(
            t.timeout,
            "AUTH",
            session.auth(&[Mechanism::Plain, Mechanism::Login], credentials),
        )
        .await?;
    }
    Ok(Session {
        smtp: session,
        pipelining,
        reading,
        timeout: t.timeout,
    })
}

/// Reads the greeting and sends the first EHLO: lettre does both in one call, so they share
/// one deadline.
async fn greeting(
    timeout: Duration,
    stream: Box<dyn AsyncTokioStream>,
    hello: &ClientId,
) -> Result<AsyncSmtpConnection, SendError> {
    step(
        timeout,
        "the greeting",
        AsyncSmtpConnection::connect_with_transport(stream, hello),
    )
    .await
}

/// The TCP stream, noting each read: the client reads only once it has written (and flushed)
/// everything before, so a read after the end of a message means the final `.` is out.
#[derive(Debug)]
struct Watched {
    tcp: tokio::net::TcpStream,
    reading: Arc<AtomicBool>,
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        this.reading.store(true, Ordering::SeqCst);
        Pin::new(&mut this.tcp).poll_read(cx, buf)
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().tcp).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().tcp).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().tcp).poll_shutdown(cx)
    }
}

impl AsyncTokioStream for Watched {
    fn peer_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.tcp.peer_addr()
    }
}

/// lettre's TLS stream (futures-io traits) seen through tokio's traits, so an smtps session
/// can be handed to lettre as an already connected transport.
#[allow(deprecated)]
#[derive(Debug)]
struct Compat(AsyncNetworkStream);

#[allow(deprecated)]
impl AsyncRead for Compat {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let slice = buf.initialize_unfilled();
        match futures_io::AsyncRead::poll_read(Pin::new(&mut self.get_mut().0), cx, slice) {
            Poll::Ready(Ok(n)) => {
                buf.advance(n);
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => Poll::Pending,
        }
    }
}

#[allow(deprecated)]
impl AsyncWrite for Compat {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        futures_io::AsyncWrite::poll_write(Pin::new(&mut self.get_mut().0), cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        futures_io::AsyncWrite::poll_flush(Pin::new(&mut self.get_mut().0), cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        futures_io::AsyncWrite::poll_close(Pin::new(&mut self.get_mut().0), cx)
    }
}

#[allow(deprecated)]
impl AsyncTokioStream for Compat {
    fn peer_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.0.peer_addr()
    }
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
