//! A small IMAP4rev1 client (RFC 3501), only what reading a return mailbox needs: LOGIN,
//! SELECT, UID SEARCH, UID FETCH of one message at a time, UID STORE of flags, CREATE, UID MOVE
//! (RFC 6851) or UID COPY, LOGOUT. TLS (`imaps://`) through rustls with the system's or a
//! given CA; plaintext `imap://` only to a loopback address, like SMTP.
//!
//! Written here rather than taken from a crate: the `imap` crate's current line is an alpha
//! that pulls its own TLS connector and parser stack, and `async-imap` an async runtime of its
//! own; this needs about 300 lines on the rustls the program already builds. Blocking I/O with
//! a deadline on every read and write: a server that stops answering ends the run with an error,
//! never a hang.
//!
//! Processed messages get the keyword `$AppealProcessed` and `\Seen`, or are moved to
//! `--move-to FOLDER`; they are never deleted (no `\Deleted`, no EXPUNGE). Only messages
//! without the keyword are listed.

use super::{Fetched, HEAD_BYTES, Handle, MAX_MESSAGE, Mailbox};
use crate::error::{Error, Result};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// The keyword that marks a processed message.
pub const KEYWORD: &str = "$AppealProcessed";

/// Where and how to connect.
#[derive(Debug, Clone)]
pub struct Target {
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
    /// TLS from the first byte (`imaps://`).
    pub tls: bool,
    /// The mailbox (default INBOX).
    pub mailbox: String,
}

impl Target {
    /// Parses `imaps://host[:port][/MAILBOX]` or `imap://127.0.0.1:port[/MAILBOX]`.
    pub fn parse(url: &str) -> Result<Target> {
        let bad = |why: &str| {
            Error::Config(format!(
                "IMAP url `{}`: {why}; write imaps://host[:port][/MAILBOX]",
                crate::deliver::smtp::redact_url(url)
            ))
        };
        let (scheme, rest) = url.split_once("://").ok_or_else(|| bad("no scheme"))?;
        let (authority, mailbox) = match rest.split_once('/') {
            Some((a, m)) if !m.is_empty() => (a, percent_decode(m)),
            Some((a, _)) => (a, "INBOX".to_string()),
            None => (rest, "INBOX".to_string()),
        };
        if authority.contains('@') {
            return Err(bad(
                "a login in the URL is not accepted (set bounces.imap.username and \
                 password_env or password_command)",
            ));
        }
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => {
                (h, Some(p.parse::<u16>().map_err(|_| bad("bad port"))?))
            }
            _ => (authority, None),
        };
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        if host.is_empty() {
            return Err(bad("no host"));
        }
        let loopback = host == "localhost"
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        let tls = match scheme {
            "imaps" => true,
            "imap" if loopback => false,
            "imap" => {
                return Err(bad(
                    "imap:// (no encryption) is allowed only to this machine (127.0.0.1); use \
                     imaps://",
                ));
            }
            _ => return Err(bad("the scheme must be imaps:// (or imap:// on loopback)")),
        };
        Ok(Target {
            port: port.unwrap_or(if tls { 993 } else { 143 }),
            host,
            tls,
            mailbox,
        })
    }
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

enum Stream {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ClientConnection, TcpStream>>),
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            Stream::Tls(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            Stream::Tls(s) => s.flush(),
        }
    }
}

/// One server response: its text (literals replaced by `{n}` markers, as sent) and literals.
#[derive(Debug, Default)]
struct Response {
    text: String,
    literals: Vec<Vec<u8>>,
}

/// A logged-in session with one mailbox selected.
pub struct Imap {
    stream: BufReader<Stream>,
    tag: u32,
    shown: String,
    can_move: bool,
    move_to: Option<String>,
}

/// The client's TLS settings: the CAs in `ca_file`, else the system's.
fn tls_config(ca_file: Option<&Path>) -> Result<Arc<rustls::ClientConfig>> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    match ca_file {
        Some(path) => {
            let certs = CertificateDer::pem_file_iter(path)
                .map_err(|e| Error::Config(format!("{}: {e}", path.display())))?;
            for cert in certs {
                let cert = cert.map_err(|e| Error::Config(format!("{}: {e}", path.display())))?;
                roots
                    .add(cert)
                    .map_err(|e| Error::Config(format!("{}: {e}", path.display())))?;
            }
        }
        None => {
            for cert in rustls_native_certs::load_native_certs().certs {
                let _ = roots.add(cert);
            }
        }
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| Error::Config(format!("TLS: {e}")))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(Arc::new(config))
}

/// An IMAP string: quoted when it is plain ASCII, else a literal.
enum Arg<'a> {
    Atom(&'a str),
    Str(&'a str),
}

impl Imap {
    /// Connects, logs in and selects the mailbox.
    pub fn connect(
        target: &Target,
        username: &str,
        password: &str,
        ca_file: Option<&Path>,
        timeout: Duration,
        move_to: Option<&str>,
    ) -> Result<Imap> {
        let shown = format!(
            "{}://{}:{}/{}",
            if target.tls { "imaps" } else { "imap" },
            target.host,
            target.port,
            target.mailbox
        );
        let fail = |what: String| Error::Config(format!("IMAP {shown}: {what}"));
        use std::net::ToSocketAddrs;
        let addrs: Vec<_> = (target.host.as_str(), target.port)
            .to_socket_addrs()
            .map_err(|e| fail(format!("cannot resolve {}: {e}", target.host)))?
            .collect();
        let mut last = None;
        let mut tcp = None;
        for a in addrs {
            match TcpStream::connect_timeout(&a, timeout) {
                Ok(s) => {
                    tcp = Some(s);
                    break;
                }
                Err(e) => last = Some(e),
            }
        }
        let tcp = tcp.ok_or_else(|| {
            fail(format!(
                "cannot connect: {}",
                last.map_or("no address".into(), |e| e.to_string())
            ))
        })?;
        tcp.set_read_timeout(Some(timeout)).ok();
        tcp.set_write_timeout(Some(timeout)).ok();
        let stream = if target.tls {
            let name = rustls::pki_types::ServerName::try_from(target.host.clone())
                .map_err(|e| fail(format!("bad server name: {e}")))?;
            let conn = rustls::ClientConnection::new(tls_config(ca_file)?, name)
                .map_err(|e| fail(format!("TLS: {e}")))?;
            Stream::Tls(Box::new(rustls::StreamOwned::new(conn, tcp)))
        } else {
            Stream::Plain(tcp)
        };
        let mut imap = Imap {
            stream: BufReader::new(stream),
            tag: 0,
            shown: shown.clone(),
            can_move: false,
            move_to: move_to.map(str::to_string),
        };
        let greeting = imap.read_response()?;
        if !greeting.text.starts_with("* OK") && !greeting.text.starts_with("* PREAUTH") {
            return Err(fail(format!(
                "unexpected greeting: {}",
                greeting.text.trim()
            )));
        }
        if !greeting.text.starts_with("* PREAUTH") {
            imap.command(&[Arg::Atom("LOGIN"), Arg::Str(username), Arg::Str(password)])
                .map_err(|e| match e {
                    Error::Config(m) => Error::Config(format!(
                        "{m} (login as `{username}` refused: check bounces.imap.username and the \
                         password)"
                    )),
                    other => other,
                })?;
        }
        let caps = imap.command(&[Arg::Atom("CAPABILITY")])?;
        imap.can_move = caps
            .iter()
            .any(|r| r.text.starts_with("* CAPABILITY") && r.text.split(' ').any(|c| c == "MOVE"));
        let mailbox = target.mailbox.clone();
        imap.command(&[Arg::Atom("SELECT"), Arg::Str(&mailbox)])?;
        if let Some(folder) = move_to {
            // Already there is fine; any other failure shows when moving.
            let _ = imap.command(&[Arg::Atom("CREATE"), Arg::Str(folder)]);
        }
        Ok(imap)
    }

    fn io(&self, e: std::io::Error) -> Error {
        let what = if matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ) {
            "the server stopped answering (timeout)".to_string()
        } else if e.to_string().contains("certificate") {
            format!(
                "{e} (a server with a certificate from a private CA needs that CA's PEM file \
                 in bounces.imap.ca_file)"
            )
        } else {
            e.to_string()
        };
        Error::Config(format!("IMAP {}: {what}", self.shown))
    }

    /// Reads one response, with any literals it carries.
    fn read_response(&mut self) -> Result<Response> {
        let mut r = Response::default();
        loop {
            let mut line = Vec::new();
            let n = (&mut self.stream)
                .take(1 << 20)
                .read_until(b'\n', &mut line)
                .map_err(|e| self.io(e))?;
            if n == 0 {
                return Err(Error::Config(format!(
                    "IMAP {}: the server closed the connection",
                    self.shown
                )));
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            r.text.push_str(text);
            // `{123}` (or `{123+}`) at the end of a line: that many bytes follow.
            let literal = text
                .strip_suffix('}')
                .and_then(|t| t.rsplit_once('{'))
                .and_then(|(_, n)| n.trim_end_matches('+').parse::<usize>().ok());
            match literal {
                Some(len) => {
                    let mut buf = vec![0u8; len.min(MAX_MESSAGE + 65536)];
                    self.stream.read_exact(&mut buf).map_err(|e| self.io(e))?;
                    // A literal larger than we take is drained, not kept.
                    let mut rest = len.saturating_sub(buf.len());
                    while rest > 0 {
                        let mut sink = vec![0u8; rest.min(65536)];
                        self.stream.read_exact(&mut sink).map_err(|e| self.io(e))?;
                        rest -= sink.len();
                    }
                    r.literals.push(buf);
                }
                None => return Ok(r),
            }
        }
    }

    /// Sends a command and returns its untagged responses; a NO or BAD is an error with the
    /// server's words.
    fn command(&mut self, args: &[Arg<'_>]) -> Result<Vec<Response>> {
        self.tag += 1;
        let tag = format!("A{:04}", self.tag);
        let mut pending = tag.clone();
        for arg in args {
            pending.push(' ');
            match arg {
                Arg::Atom(a) => pending.push_str(a),
                Arg::Str(s) => {
                    if s.contains(['\r', '\n', '\0']) {
                        return Err(Error::Config(format!(
                            "IMAP {}: a value with a line break cannot be sent",
                            self.shown
                        )));
                    }
                    if s.is_ascii() {
                        pending.push('"');
                        pending.push_str(&s.replace('\\', "\\\\").replace('"', "\\\""));
                        pending.push('"');
                    } else {
                        // A literal: send up to here, wait for the go-ahead, then the bytes.
                        pending.push_str(&format!("{{{}}}\r\n", s.len()));
                        self.send(pending.as_bytes())?;
                        pending.clear();
                        let go = self.read_response()?;
                        if !go.text.starts_with('+') {
                            return Err(Error::Config(format!(
                                "IMAP {}: {}",
                                self.shown,
                                go.text.trim()
                            )));
                        }
                        pending.push_str(s);
                    }
                }
            }
        }
        pending.push_str("\r\n");
        self.send(pending.as_bytes())?;
        let mut untagged = vec![];
        loop {
            let r = self.read_response()?;
            if let Some(rest) = r.text.strip_prefix(&tag) {
                let rest = rest.trim_start();
                if rest.starts_with("OK") {
                    return Ok(untagged);
                }
                return Err(Error::Config(format!("IMAP {}: {}", self.shown, rest)));
            }
            untagged.push(r);
        }
    }

    fn send(&mut self, bytes: &[u8]) -> Result<()> {
        let s = self.stream.get_mut();
        s.write_all(bytes)
            .and_then(|()| s.flush())
            .map_err(|e| self.io(e))
    }

    /// Logs out (best effort).
    pub fn logout(&mut self) {
        let _ = self.command(&[Arg::Atom("LOGOUT")]);
    }

    fn uid_set(done: &[Handle]) -> String {
        done.iter()
            .filter_map(|h| match h {
                Handle::Uid(u) => Some(u.to_string()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(",")
    }
}

impl Drop for Imap {
    fn drop(&mut self) {
        self.logout();
    }
}

impl Mailbox for Imap {
    fn describe(&self) -> String {
        self.shown.clone()
    }

    fn list(&mut self) -> Result<Vec<Handle>> {
        let found = self.command(&[
            Arg::Atom("UID"),
            Arg::Atom("SEARCH"),
            Arg::Atom("NOT"),
            Arg::Atom("KEYWORD"),
            Arg::Atom(KEYWORD),
        ])?;
        let mut uids: Vec<u32> = found
            .iter()
            .filter_map(|r| r.text.strip_prefix("* SEARCH"))
            .flat_map(|t| t.split_whitespace().filter_map(|n| n.parse().ok()))
            .collect();
        uids.sort_unstable();
        Ok(uids.into_iter().map(Handle::Uid).collect())
    }

    fn fetch(&mut self, handle: &Handle) -> Result<Fetched> {
        let Handle::Uid(uid) = handle else {
            return Err(Error::Config("internal: not an IMAP message".into()));
        };
        // The size, and at most one byte more than a message may have: a larger one is never
        // sent whole, whatever its size.
        let items = format!("(RFC822.SIZE BODY.PEEK[]<0.{}>)", MAX_MESSAGE + 1);
        let uid_s = uid.to_string();
        let got = self.command(&[
            Arg::Atom("UID"),
            Arg::Atom("FETCH"),
            Arg::Atom(&uid_s),
            Arg::Atom(&items),
        ])?;
        let (text, mut bytes) = got
            .into_iter()
            .find(|r| r.text.contains(" FETCH ") && !r.literals.is_empty())
            .and_then(|r| {
                let text = r.text;
                r.literals.into_iter().next().map(|b| (text, b))
            })
            .ok_or_else(|| {
                Error::Config(format!(
                    "IMAP {}: message UID {uid} came without a body",
                    self.shown
                ))
            })?;
        let size = rfc822_size(&text).unwrap_or(bytes.len() as u64);
        if size > MAX_MESSAGE as u64 || bytes.len() > MAX_MESSAGE {
            bytes.truncate(HEAD_BYTES);
            return Ok(Fetched::TooLarge {
                size: size.max(bytes.len() as u64),
                head: bytes,
            });
        }
        Ok(Fetched::Whole(bytes))
    }

    fn mark(&mut self, done: &[Handle]) -> Result<usize> {
        if done.is_empty() {
            return Ok(0);
        }
        let set = Imap::uid_set(done);
        let flags = format!("({KEYWORD} \\Seen)");
        // Flag first, so even a copy left behind by a failed move is never listed again.
        self.command(&[
            Arg::Atom("UID"),
            Arg::Atom("STORE"),
            Arg::Atom(&set),
            Arg::Atom("+FLAGS.SILENT"),
            Arg::Atom(&flags),
        ])?;
        if let Some(folder) = self.move_to.clone() {
            let verb = if self.can_move { "MOVE" } else { "COPY" };
            self.command(&[
                Arg::Atom("UID"),
                Arg::Atom(verb),
                Arg::Atom(&set),
                Arg::Str(&folder),
            ])?;
        }
        Ok(done.len())
    }
}

/// The `RFC822.SIZE` a FETCH response gives, if it does.
fn rfc822_size(text: &str) -> Option<u64> {
    let after = text.split("RFC822.SIZE ").nth(1)?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_need_tls_off_loopback() {
        let t = Target::parse("imaps://mail.example.org/Bounces").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.tls),
            ("mail.example.org", 993, true)
        );
        assert_eq!(t.mailbox, "Bounces");
        let t = Target::parse("imap://127.0.0.1:1143").unwrap();
        assert_eq!((t.port, t.tls, t.mailbox.as_str()), (1143, false, "INBOX"));
        let e = Target::parse("imap://mail.example.org")
            .unwrap_err()
            .to_string();
        assert!(e.contains("only to this machine"), "{e}");
        let e = Target::parse("imaps://bob:pw@mail.example.org")
            .unwrap_err()
            .to_string();
        assert!(e.contains("login in the URL") && !e.contains("pw"), "{e}");
    }

    #[test]
    fn the_size_is_read_from_a_fetch_response() {
        assert_eq!(
            rfc822_size("* 3 FETCH (UID 7 RFC822.SIZE 12582912 BODY[]<0> {10485761}"),
            Some(12_582_912)
        );
        assert_eq!(rfc822_size("* 3 FETCH (UID 7 BODY[] {12}"), None);
    }
}
