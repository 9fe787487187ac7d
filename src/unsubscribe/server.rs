//! The server behind the links in alerts (`appeal serve`): a small HTTP/1.1 server (hyper)
//! behind the organisation's HTTPS reverse proxy, answering `<url>/<token>`. The token says
//! what the link is for, so one server answers both kinds, under any path prefix:
//! - unsubscribe: `POST` with `List-Unsubscribe=One-Click` (RFC 8058; also the page's button)
//!   records the unsubscription in the suppression ledger, on disk, before answering 200;
//! - "I sent my appeal": `POST` with `acted=1` (the page's button) records the action in the
//!   actions ledger, on disk, before answering 200; a repeat changes nothing;
//! - `GET` (or `HEAD`) of either shows a page in the supporter's language with one button, and
//!   changes nothing: mail scanners fetch every link in a message, and must neither unsubscribe
//!   anyone nor count an appeal nobody sent;
//! - a token that is not one (400) or was not made with this secret (404) changes nothing, and
//!   a POST meant for the other kind of link (400) neither;
//! - `GET /healthz` answers `ok`, for the proxy's health checks.
//!
//! It records no IP address or user agent: a list of who unsubscribed, or who wrote to whom,
//! is exactly what supporters at risk must not leave behind. An unsubscription keeps the
//! token's address and list (the sender must skip it); an action keeps only the case, the
//! list and a keyed fingerprint of the address ([`crate::deliver::actions`]).

use super::acted::{Recorded, Recorder};
use super::page::{Page, Pages, plain};
use super::{Purpose, Refused, Token, Tokens};
use crate::clock::Clock;
use crate::deliver::actions;
use crate::deliver::suppressions::{self, ALL, Action, Record};
use crate::error::{Error, Result};
use crate::i18n::Locales;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{ALLOW, CONTENT_TYPE, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// How long a client may take to send its request headers, then its body.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest request body read: a one-click POST is 26 bytes.
const MAX_BODY: usize = 8 * 1024;

/// What every request needs.
pub struct State {
    /// Opens the tokens and fingerprints addresses.
    tokens: Tokens,
    /// The ledger unsubscriptions go to.
    ledger: PathBuf,
    /// Records actions in the actions ledger, each once.
    actions: Arc<Recorder>,
    /// Page texts.
    pages: Pages,
    /// `Some` with `--today` (tests): every record is dated by it. Otherwise each request
    /// reads the system clock when it comes.
    clock: Option<Clock>,
    /// Where the server tells what it could not do (set by [`serve`]).
    log: Log,
}

/// Where a running server tells what it could not do (a failed accept, a record not written):
/// the command shows it; the server itself never prints.
pub type Log = Box<dyn Fn(&str) + Send + Sync>;

/// Where the server writes, and what its pages say.
pub struct Setup {
    /// The suppression ledger unsubscriptions go to.
    pub suppressions: PathBuf,
    /// The actions ledger "I sent my appeal" goes to (read first: repeats write nothing).
    pub actions: PathBuf,
    /// Page texts.
    pub locales: Arc<Locales>,
    /// The language of a page when the token's has no locale.
    pub default_language: String,
    /// The organisation's name per language.
    pub organisation: BTreeMap<String, String>,
    /// `Some` with `--today` (tests): every record is dated by it.
    pub clock: Option<Clock>,
}

impl State {
    /// The server's state: reads the actions ledger (a damaged one is an error at its line).
    pub fn new(tokens: Tokens, setup: Setup) -> Result<State> {
        Ok(State {
            tokens,
            ledger: setup.suppressions,
            actions: Arc::new(Recorder::open(&setup.actions)?),
            pages: Pages {
                locales: setup.locales,
                default_language: setup.default_language,
                organisation: setup.organisation,
            },
            clock: setup.clock,
            log: Box::new(|_| {}),
        })
    }

    /// The suppression ledger.
    pub fn suppressions(&self) -> &std::path::Path {
        &self.ledger
    }

    /// The actions ledger.
    pub fn actions(&self) -> &std::path::Path {
        self.actions.ledger()
    }
}

/// Serves on `listener` until the process is stopped, telling `log` what it could not do.
pub fn serve(listener: std::net::TcpListener, mut state: State, log: Log) -> Result<()> {
    state.log = log;
    let state = Arc::new(state);
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Config(format!("cannot read the listening address: {e}")))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::Config(format!("{addr}: {e}")))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Config(format!("cannot start the server runtime: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::Config(format!("{addr}: {e}")))?;
        loop {
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of descriptors, say: wait a moment rather than spin or stop.
                    (state.log)(&format!("serve: accept failed: {e}"));
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            let state = state.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req| {
                    let state = state.clone();
                    async move { Ok::<_, std::convert::Infallible>(handle(&state, req).await) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(REQUEST_TIMEOUT)
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}

/// Answers one request.
async fn handle(state: &State, req: Request<Incoming>) -> Response<Full<Bytes>> {
    let path = req.uri().path().to_string();
    if path == "/healthz" {
        return plain(StatusCode::OK, "ok\n");
    }
    // The token is the last segment, whatever prefix the proxy maps to this server.
    let token = path.rsplit('/').find(|s| !s.is_empty()).unwrap_or("");
    let method = req.method().clone();
    if method != Method::GET && method != Method::HEAD && method != Method::POST {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "use GET or POST\n");
        r.headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD, POST"));
        return r;
    }
    let token = match state.tokens.open(token) {
        Ok(token) => token,
        Err(refused) => {
            let status = match refused {
                Refused::Malformed => StatusCode::BAD_REQUEST,
                Refused::Forged => StatusCode::NOT_FOUND,
            };
            return state
                .pages
                .page(status, &state.pages.default_language, Page::Invalid);
        }
    };
    let lang = state.pages.language(&token.subscriber.language);
    let question = match token.purpose {
        Purpose::Unsubscribe => Page::UnsubscribeQuestion,
        Purpose::Acted { .. } => Page::ActedQuestion,
    };
    if method != Method::POST {
        return state.pages.page(StatusCode::OK, &lang, question);
    }
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let body = match tokio::time::timeout(
        REQUEST_TIMEOUT,
        Limited::new(req.into_body(), MAX_BODY).collect(),
    )
    .await
    {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(_)) => return plain(StatusCode::PAYLOAD_TOO_LARGE, "request body too large\n"),
        Err(_) => return plain(StatusCode::REQUEST_TIMEOUT, "request body too slow\n"),
    };
    match &token.purpose {
        Purpose::Unsubscribe => unsubscribe(state, &token, &lang, &content_type, &body).await,
        Purpose::Acted { case } => acted(state, &token, case, &lang, &body).await,
    }
}

/// A POST to an unsubscribe link: the suppression, on disk, before the answer.
async fn unsubscribe(
    state: &State,
    token: &Token,
    lang: &str,
    content_type: &str,
    body: &[u8],
) -> Response<Full<Bytes>> {
    let Some(via) = one_click(content_type, body) else {
        return plain(
            StatusCode::BAD_REQUEST,
            "a one-click unsubscribe POST carries List-Unsubscribe=One-Click (RFC 8058)\n",
        );
    };
    let who = &token.subscriber;
    let scope = if who.list.is_empty() {
        ALL
    } else {
        who.list.as_str()
    };
    let record = Record::new(
        state.now(),
        Action::Add,
        &who.address,
        "unsubscribed",
        scope,
        &format!("unsubscribe-server {via}"),
    );
    let ledger = state.ledger.clone();
    // The write and its fsync block: off the thread that serves connections.
    let written =
        tokio::task::spawn_blocking(move || suppressions::append(&ledger, &[record])).await;
    match written {
        Ok(Ok(())) => state
            .pages
            .page(StatusCode::OK, lang, Page::UnsubscribeDone),
        Ok(Err(e)) => {
            (state.log)(&format!("serve: cannot record an unsubscription: {e}"));
            not_recorded()
        }
        Err(_) => not_recorded(),
    }
}

/// A POST to an "I sent my appeal" link: the action, on disk, before the answer; a repeat
/// answers the same and writes nothing.
async fn acted(
    state: &State,
    token: &Token,
    case: &str,
    lang: &str,
    body: &[u8],
) -> Response<Full<Bytes>> {
    if !posted_acted(body) {
        return plain(
            StatusCode::BAD_REQUEST,
            "an \"I sent my appeal\" POST carries acted=1 (the page's button)\n",
        );
    }
    let record = actions::Record::new(
        state.now(),
        case,
        &token.subscriber.list,
        state.tokens.fingerprint(&token.subscriber.address),
        "acted link",
    );
    let recorder = state.actions.clone();
    // The write and its fsync block: off the thread that serves connections.
    let written = tokio::task::spawn_blocking(move || recorder.record(record)).await;
    match written {
        Ok(Ok(Recorded::New | Recorded::Already)) => {
            state.pages.page(StatusCode::OK, lang, Page::ActedDone)
        }
        Ok(Err(e)) => {
            (state.log)(&format!("serve: cannot record an action: {e}"));
            not_recorded()
        }
        Err(_) => not_recorded(),
    }
}

fn not_recorded() -> Response<Full<Bytes>> {
    plain(
        StatusCode::SERVICE_UNAVAILABLE,
        "your request could not be recorded; please try again later\n",
    )
}

/// Whether a POST body is the "I sent my appeal" button's: a form with `acted=1`.
fn posted_acted(body: &[u8]) -> bool {
    std::str::from_utf8(body).is_ok_and(|text| text.trim().split('&').any(|pair| pair == "acted=1"))
}

/// Whether a POST body asks to unsubscribe (`List-Unsubscribe=One-Click`), and how: `one-click`
/// from a mail client, `page` from the confirmation page's button. Form-encoded bodies (what
/// mail providers send) are parsed; a multipart form is accepted when it has the field.
fn one_click(content_type: &str, body: &[u8]) -> Option<&'static str> {
    let text = std::str::from_utf8(body).ok()?;
    if content_type.starts_with("multipart/form-data") {
        let field = text.contains("name=\"List-Unsubscribe\"") && text.contains("One-Click");
        return field.then_some("one-click");
    }
    let mut asked = false;
    let mut page = false;
    for pair in text.trim().split('&') {
        match pair.split_once('=') {
            Some(("List-Unsubscribe", "One-Click")) => asked = true,
            Some(("via", "page")) => page = true,
            _ => {}
        }
    }
    asked.then_some(if page { "page" } else { "one-click" })
}

impl State {
    /// When a request is recorded: `--today`'s clock, else the system's at that moment.
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.unwrap_or_else(Clock::system).now()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_one_click_body_unsubscribes() {
        let form = "application/x-www-form-urlencoded";
        assert_eq!(
            one_click(form, b"List-Unsubscribe=One-Click"),
            Some("one-click")
        );
        assert_eq!(
            one_click(form, b"List-Unsubscribe=One-Click&via=page"),
            Some("page")
        );
        assert_eq!(one_click(form, b""), None);
        assert_eq!(one_click(form, b"List-Unsubscribe=Maybe"), None);
        assert_eq!(one_click(form, b"acted=1"), None);
        let multipart = "multipart/form-data; boundary=x";
        let body = b"--x\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--x--\r\n";
        assert_eq!(one_click(multipart, body), Some("one-click"));
    }

    #[test]
    fn only_the_buttons_body_counts_an_action() {
        assert!(posted_acted(b"acted=1"));
        assert!(posted_acted(b"x=2&acted=1\r\n"));
        assert!(!posted_acted(b""));
        assert!(!posted_acted(b"acted=0"));
        assert!(!posted_acted(b"List-Unsubscribe=One-Click"));
    }
}
