//! The server's pages: one short HTML page in the supporter's language, with at most one
//! button that posts back to the very URL it was fetched from (whatever prefix the proxy
//! maps), and the headers every answer carries.

use crate::i18n::{Arg, Locales};
use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderValue};
use hyper::{Response, StatusCode};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Which page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Page {
    /// "Stop receiving these emails?", with the unsubscribe button.
    UnsubscribeQuestion,
    /// Unsubscribed.
    UnsubscribeDone,
    /// "Did you send your appeal?", with the "I sent my appeal" button.
    ActedQuestion,
    /// Counted.
    ActedDone,
    /// The token is not one of ours.
    Invalid,
}

impl Page {
    /// The Fluent messages of the title, the text and the button (if any).
    fn keys(self) -> (&'static str, &'static str, Option<&'static str>) {
        match self {
            Page::UnsubscribeQuestion => (
                "unsubscribe-title",
                "unsubscribe-question",
                Some("unsubscribe-button"),
            ),
            Page::UnsubscribeDone => ("unsubscribe-title", "unsubscribe-done", None),
            Page::ActedQuestion => ("acted-title", "acted-question", Some("acted-button")),
            Page::ActedDone => ("acted-title", "acted-done", None),
            Page::Invalid => ("link-invalid-title", "link-invalid", None),
        }
    }

    /// The form fields the button posts.
    fn fields(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Page::UnsubscribeQuestion => &[("List-Unsubscribe", "One-Click"), ("via", "page")],
            Page::ActedQuestion => &[("acted", "1")],
            _ => &[],
        }
    }
}

/// The page texts: the locales, and the organisation's name per language.
pub(super) struct Pages {
    /// Page texts.
    pub locales: Arc<Locales>,
    /// The language of a page when the token's has no locale.
    pub default_language: String,
    /// The organisation's name per language.
    pub organisation: BTreeMap<String, String>,
}

impl Pages {
    /// The page language: `wanted` when there is a locale for it.
    pub(super) fn language(&self, wanted: &str) -> String {
        if self.locales.has_language(wanted) {
            wanted.to_string()
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
            .unwrap_or_else(|_| built_in(key, org))
    }

    /// The HTML page, with `status`, in `lang`.
    pub(super) fn page(&self, status: StatusCode, lang: &str, page: Page) -> Response<Full<Bytes>> {
        let org = self
            .organisation
            .get(lang)
            .or_else(|| self.organisation.get(&self.default_language))
            .or_else(|| self.organisation.values().next())
            .cloned()
            .unwrap_or_default();
        let (title_key, message_key, button_key) = page.keys();
        let title = escape(&self.text(lang, title_key, &org));
        let message = escape(&self.text(lang, message_key, &org));
        // The form posts back to this very URL (no action), whatever prefix the proxy uses.
        let form = match button_key {
            Some(key) => {
                let hidden: String = page
                    .fields()
                    .iter()
                    .map(|(name, value)| {
                        format!("<input type=\"hidden\" name=\"{name}\" value=\"{value}\">")
                    })
                    .collect();
                format!(
                    "<form method=\"post\">{hidden}<button type=\"submit\">{}</button></form>\n",
                    escape(&self.text(lang, key, &org))
                )
            }
            None => String::new(),
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

/// The English a page falls back to when no locale has the message.
fn built_in(key: &str, org: &str) -> String {
    match key {
        "unsubscribe-title" | "unsubscribe-button" => "Unsubscribe".into(),
        "unsubscribe-question" => format!("Stop receiving urgent-action emails from {org}?"),
        "unsubscribe-done" => {
            format!("You will receive no more urgent-action emails from {org}.")
        }
        "acted-title" => "Your appeal".into(),
        "acted-button" => "I sent my appeal".into(),
        "acted-question" => "Did you send your appeal? Press the button to let us know.".into(),
        "acted-done" => "Thank you: your appeal is counted.".into(),
        "link-invalid-title" => "Link not valid".into(),
        _ => "This link is not valid.".into(),
    }
}

/// Headers every answer carries: never cached, never framed (a framed button could be clicked
/// by trickery), and the token in the URL never sent on as a referrer.
pub(super) fn secure(h: &mut hyper::HeaderMap) {
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

/// A short plain-text answer.
pub(super) fn plain(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
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
    fn page_text_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
