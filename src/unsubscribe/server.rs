//! The unsubscribe server: a small HTTP/1.1 server (hyper) behind the organisation's HTTPS
//! reverse proxy, answering the `List-Unsubscribe` URLs of alerts, `<url>/<token>`:
//! - `POST` with `List-Unsubscribe=One-Click` (RFC 8058; also the page's button) records the
//!   unsubscription in the ledger, on disk, before answering 200;
//! - `GET` (or `HEAD`) shows a page in the supporter's language with one button, and changes
//!   nothing: mail scanners fetch every link in a message, and must not unsubscribe anyone;
//! - a token that is not one (400) or was not made with this secret (404) changes nothing;
//! - `GET /healthz` answers `ok`, for the proxy's health checks.
//!
//! It records no IP address or user agent: a list of who unsubscribed from where is exactly
//! what supporters at risk must not leave behind. The token's own address, list and language
//! are all it keeps.

use super::{Refused, Subscriber, Tokens};
use crate::clock::Clock;
use crate::deliver::suppressions::{self, ALL, Action, Record};
use crate::error::{Error, Result};
use crate::i18n::{Arg, Locales};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{ALLOW, CACHE_CONTROL, CONTENT_TYPE, HeaderValue};
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
    /// Opens the tokens.
    pub tokens: Tokens,
    /// The ledger unsubscriptions go to.
    pub ledger: PathBuf,
    /// Page texts.
    pub locales: Arc<Locales>,
    /// The language of a page when the token's has no locale.
    pub default_language: String,
    /// The organisation's name per language.
    pub organisation: BTreeMap<String, String>,
    /// `Some` with `--today` (tests): every record is dated by it. Otherwise each request
    /// reads the system clock when it comes.
    pub clock: Option<Clock>,
}

/// Serves on `listener` until the process is stopped.
pub fn serve(listener: std::net::TcpListener, state: Arc<State>) -> Result<()> {
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
                    eprintln!("unsubscribe-server: accept failed: {e}");
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
    let who = match state.tokens.open(token) {
        Ok(who) => who,
        Err(refused) => {
            let status = match refused {
                Refused::Malformed => StatusCode::BAD_REQUEST,
                Refused::Forged => StatusCode::NOT_FOUND,
            };
            let lang = state.default_language.clone();
            return state.page(status, &lang, "unsubscribe-invalid", false);
        }
    };
    let lang = state.language(&who);
    if method != Method::POST {
        return state.page(StatusCode::OK, &lang, "unsubscribe-question", true);
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
    let Some(via) = one_click(&content_type, &body) else {
        return plain(
            StatusCode::BAD_REQUEST,
            "a one-click unsubscribe POST carries List-Unsubscribe=One-Click (RFC 8058)\n",
        );
    };
    let now = state.clock.unwrap_or_else(Clock::system).now();
    let scope = if who.list.is_empty() {
        ALL
    } else {
        who.list.as_str()
    };
    let record = Record::new(
        now,
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
        Ok(Ok(())) => state.page(StatusCode::OK, &lang, "unsubscribe-done", false),
        Ok(Err(e)) => {
            eprintln!("unsubscribe-server: cannot record an unsubscription: {e}");
            plain(
                StatusCode::SERVICE_UNAVAILABLE,
                "the unsubscription could not be recorded; please try again later\n",
            )
        }
        Err(_) => plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "the unsubscription could not be recorded; please try again later\n",
        ),
    }
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
    /// The page language: the token's when there is a locale for it.
    fn language(&self, who: &Subscriber) -> String {
        if self.locales.has_language(&who.language) {
            who.language.clone()
        } else {
            self.default_language.clone()
        }
    }

    /// A text in `lang`, else in the default language, else in English as written here (so a
    /// missing translation never turns a request away).
    fn text(&self, lang: &str, key: &str, org: &str) -> String {
        let args = [("org", Arg::Text(org.to_string()))];
        self.locales
            .format(lang, key, &args)
            .or_else(|_| self.locales.format(&self.default_language, key, &args))
            .unwrap_or_else(|_| match key {
                "unsubscribe-title" => "Unsubscribe".into(),
                "unsubscribe-button" => "Unsubscribe".into(),
                "unsubscribe-question" => {
                    format!("Stop receiving urgent-action emails from {org}?")
                }
                "unsubscribe-done" => {
                    format!("You will receive no more urgent-action emails from {org}.")
                }
                _ => "This unsubscribe link is not valid.".into(),
            })
    }

    /// The HTML page with the message `key`, and the button when `button`.
    fn page(
        &self,
        status: StatusCode,
        lang: &str,
        key: &str,
        button: bool,
    ) -> Response<Full<Bytes>> {
        let org = self
            .organisation
            .get(lang)
            .or_else(|| self.organisation.get(&self.default_language))
            .or_else(|| self.organisation.values().next())
            .cloned()
            .unwrap_or_default();
        let title = escape(&self.text(lang, "unsubscribe-title", &org));
        let message = escape(&self.text(lang, key, &org));
        // The form posts back to this very URL (no action), whatever prefix the proxy uses.
        let form = if button {
            format!(
                "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" \
                 value=\"One-Click\"><input type=\"hidden\" name=\"via\" value=\"page\">\
                 <button type=\"submit\">{}</button></form>\n",
                escape(&self.text(lang, "unsubscribe-button", &org))
            )
        } else {
            String::new()
        };
        let html = format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <meta name=\"robots\" content=\"noindex\"><title>{title}</title>\
             <style>body{{font-family:sans-serif;max-width:32em;margin:3em auto;padding:0 1em;\
             line-height:1.5}}button{{font-size:1.1em;padding:.5em 1.5em}}</style></head>\n\
             <body>\n<h1>{title}</h1>\n<p>{message}</p>\n{form}</body>\n</html>\n",
            lang = escape(lang)
        );
        let mut r = Response::new(Full::new(Bytes::from(html)));
        *r.status_mut() = status;
        let h = r.headers_mut();
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        secure(h);
        r
    }
}

/// Headers every answer carries: never cached, never framed (a framed button could be clicked
/// by trickery), and the token in the URL never sent on as a referrer.
fn secure(h: &mut hyper::HeaderMap) {
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("x-robots-tag", HeaderValue::from_static("noindex"));
}

fn plain(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *r.status_mut() = status;
    r.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    secure(r.headers_mut());
    r
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
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
        let multipart = "multipart/form-data; boundary=x";
        let body = b"--x\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--x--\r\n";
        assert_eq!(one_click(multipart, body), Some("one-click"));
    }

    #[test]
    fn page_text_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
