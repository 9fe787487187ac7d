//! The render-once path of the alerts: a group's bodies rendered once with a marker in place
//! of every supporter field, proved against full renders, then filled in per supporter.

use super::bodies::{ADDRESS, Fields, Group, Line, NAME, OwnLinks, Signer, named, render_bodies};
use crate::env::Env;
use crate::error::Problem;
use crate::render::mime::crlf;
use crate::render::mime::mailto::{SIGNER_ROOM, encode};
use crate::supporters::Supporter;
use std::collections::BTreeMap;

/// The bodies of one group of supporters (same language, same embassy), rendered once with a
/// marker in place of every supporter field and filled in per supporter.
///
/// Substitution reproduces a full render only when the templates print supporter fields as they
/// are. Two guards make sure of it:
/// - a template that uses a field in logic (a condition, a loop, a filter, an expression, a call
///   other than `t()`) is never compiled: see [`fields_in_logic`](super::template_scan::fields_in_logic);
/// - the compiled bodies are filled in for stand-ins with awkward values (`<`, `&`, `%`, `+`,
///   a large line number) and with empty values, and compared with full renders of the same
///   stand-ins; any difference, or any error, and the group is rendered in full.
///
/// The output is byte for byte the same either way.
pub(super) struct Compiled {
    text: String,
    html: String,
    extra: Vec<String>,
    /// The group's supporters gave a first name (the greeting names them).
    named: bool,
    /// The line a letter shows for a supporter who gave no postal address.
    no_address: String,
    /// The markers present in the text body: only their values can call for tidying.
    in_text: Vec<Marker>,
    /// The markers present in either body.
    used: Vec<Marker>,
}

const NAME_URL: &str = "QzxNameUrlQz";
const FIRST_NAME: &str = "QzxFirstQz";
const ADDRESS_URL: &str = "QzxAddressUrlQz";
const EMAIL: &str = "QzxEmailQz";
const LINE: &str = "QzxLineQz";
const LANGUAGE: &str = "QzxLanguageQz";
const COUNTRY: &str = "QzxCountryQz";
const UNSUBSCRIBE: &str = "QzxUnsubscribeQz";
const ACTED: &str = "QzxActedQz";

fn extra_marker(i: usize) -> String {
    format!("QzxExtra{i}Qz")
}

pub(super) fn html_escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Stand-ins the compiled bodies are proved against: awkward values (a two-line address among
/// them), then empty ones (no address: the line to fill in). `named`: whether they give a
/// first name, as the group's supporters do.
fn proofs(like: &Supporter, named: bool) -> [Supporter; 2] {
    let with_extra = |f: &dyn Fn(usize) -> String| -> BTreeMap<String, String> {
        like.extra
            .keys()
            .enumerate()
            .map(|(i, k)| (k.clone(), f(i)))
            .collect()
    };
    [
        Supporter {
            line: 1_234_567,
            email: "a+b&c@example.org".into(),
            name: "Zoë <O'Brien> & Co 100% +1".into(),
            first_name: if named {
                "Zoë <&> 100%".into()
            } else {
                String::new()
            },
            address: vec!["Flat <2> & Co, 100% +1".into(), "Rue d'Été".into()],
            language: "en-GB<&>".into(),
            country: Some("G<&>B".into()),
            extra: with_extra(&|i| format!("<x{i}> & \"y\" %")),
        },
        // Every field empty but the name: an empty name is never filled in (see `fill`).
        Supporter {
            line: 0,
            email: String::new(),
            name: "N".into(),
            first_name: if named { "F".into() } else { String::new() },
            address: Vec::new(),
            language: String::new(),
            country: None,
            extra: with_extra(&|_| String::new()),
        },
    ]
}

impl Compiled {
    /// Compiles the bodies of `group`, for supporters with `like`'s columns; `None` when the
    /// group must be rendered in full. `shared` holds each link that is the same for everyone;
    /// a link it does not hold is each supporter's own.
    pub(super) fn new(
        env: &Env,
        group: &Group,
        like: &Supporter,
        shared: SharedLinks,
    ) -> Result<Option<Compiled>, Problem> {
        let marked = Fields::markers(like, group.named);
        // An error here (say a field's marker is not a valid argument) is left to the full
        // render to report, with the real values.
        // A supporter's own link is a field too; a shared one is printed as it is.
        let links = OwnLinks {
            unsubscribe: shared.unsubscribe.unwrap_or(UNSUBSCRIBE),
            acted: shared.acted.unwrap_or(ACTED),
        };
        let signing = Signer::Markers {
            text: [NAME, ADDRESS],
            url: [NAME_URL, ADDRESS_URL],
        };
        let Ok((text, html)) = render_bodies(env, group, &marked, &signing, links) else {
            return Ok(None);
        };
        let text = crlf(&text);
        let in_text = all_markers(marked.extra.len())
            .filter(|m| text.contains(m.text().as_str()))
            .collect();
        let used = all_markers(marked.extra.len())
            .filter(|m| text.contains(m.text().as_str()) || html.contains(m.text().as_str()))
            .collect();
        let compiled = Compiled {
            text,
            html: crlf(&html),
            extra: marked.extra.keys().cloned().collect(),
            named: group.named,
            no_address: group.no_address.to_string(),
            in_text,
            used,
        };
        // Awkward links for the proofs: `&` and `<` must come out as a full render has them.
        let proof_links = OwnLinks {
            unsubscribe: shared
                .unsubscribe
                .unwrap_or("https://example.org/u?a=1&b=<2>"),
            acted: shared.acted.unwrap_or("https://example.org/a?c=3&d=<4>"),
        };
        for proof in proofs(like, group.named) {
            let Ok((text, html)) =
                render_bodies(env, group, &Fields::of(&proof), &Signer::Real, proof_links)
            else {
                return Ok(None);
            };
            if compiled.fill(&proof, proof_links) != Some((crlf(&text), crlf(&html))) {
                return Ok(None);
            }
        }
        Ok(Some(compiled))
    }

    /// The bodies for `s`, with CRLF line ends; `None` when `s` needs a full render:
    /// - a name that is empty, or starts or ends with a space, changes how the letter it signs
    ///   is tidied, and the letter is also in the HTML part, which no tidying repairs;
    /// - a line break in a value would need the line-end conversion the body had (the address
    ///   is lines, which the fill-in joins with the body's line ends itself);
    /// - a name and address longer than the room `mailto:` links keep for them change whether
    ///   a link carries the letter;
    /// - a supporter who is not of the group (greeted by name or not) is not filled in.
    pub(super) fn fill(&self, s: &Supporter, links: OwnLinks) -> Option<(String, String)> {
        let line = s.line.to_string();
        let address: Vec<&str> = if s.address.is_empty() {
            vec![self.no_address.as_str()]
        } else {
            s.address.iter().map(String::as_str).collect()
        };
        let url_name = encode(&s.name);
        let url_address = encode(&address.join("\n"));
        let extra: Vec<&str> = self
            .extra
            .iter()
            .map(|k| s.extra.get(k).map_or("", String::as_str))
            .collect();
        let values = Values {
            s,
            line: &line,
            url_name: &url_name,
            url_address: &url_address,
            extra: &extra,
            links,
        };
        if untidy(&s.name)
            || (named(s) == "yes") != self.named
            || url_name.len() + url_address.len() > SIGNER_ROOM
            || address.iter().any(|l| untidy(l))
            || self
                .used
                .iter()
                .any(|m| *m != Marker::Address && values.raw(*m).contains(['\n', '\r']))
        {
            return None;
        }
        let text = fill_markers(&self.text, |m| match m {
            Marker::Address => address.join("\r\n"),
            _ => values.raw(m).to_string(),
        });
        let html = fill_markers(&self.html, |m| match m {
            Marker::NameUrl | Marker::AddressUrl => values.raw(m).to_string(),
            Marker::Address => address
                .iter()
                .map(|l| html_escape(l))
                .collect::<Vec<_>>()
                .join("\r\n"),
            _ => html_escape(values.raw(m)),
        });
        // A full render tidies the text (trailing spaces, blank lines): a value that is empty,
        // starts or ends with a space, or breaks a line can leave lines it would have tidied.
        let retidy = self
            .in_text
            .iter()
            .any(|m| *m != Marker::Address && untidy(values.raw(*m)));
        Some((
            if retidy {
                crlf(&crate::templates::tidy(&text.replace("\r\n", "\n")))
            } else {
                text
            },
            html,
        ))
    }
}

/// One supporter's values, as the markers stand for them.
struct Values<'a> {
    s: &'a Supporter,
    line: &'a str,
    url_name: &'a str,
    url_address: &'a str,
    extra: &'a [&'a str],
    links: OwnLinks<'a>,
}

impl<'a> Values<'a> {
    /// The value a marker stands for, as it is (the address: its lines joined by line breaks).
    fn raw(&self, m: Marker) -> &'a str {
        let s = self.s;
        match m {
            Marker::Unsubscribe => self.links.unsubscribe,
            Marker::Acted => self.links.acted,
            Marker::Name => &s.name,
            Marker::NameUrl => self.url_name,
            Marker::FirstName => &s.first_name,
            // Joined by the caller: the lines of a text body end as its other lines do.
            Marker::Address => "",
            Marker::AddressUrl => self.url_address,
            Marker::Email => &s.email,
            Marker::Line => self.line,
            Marker::Language => &s.language,
            Marker::Country => s.country.as_deref().unwrap_or(""),
            Marker::Extra(i) => self.extra.get(i).copied().unwrap_or(""),
        }
    }
}

/// Whether a value, put in place of a marker, can leave text a full render would have tidied
/// (trailing spaces, blank lines).
fn untidy(value: &str) -> bool {
    value.is_empty()
        || value.starts_with(char::is_whitespace)
        || value.ends_with(char::is_whitespace)
        || value.contains(['\n', '\r'])
}

/// A supporter field standing in a compiled body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marker {
    Name,
    NameUrl,
    FirstName,
    Address,
    AddressUrl,
    Email,
    Line,
    Language,
    Country,
    Unsubscribe,
    Acted,
    Extra(usize),
}

impl Marker {
    fn text(self) -> String {
        match self {
            Marker::Name => NAME.into(),
            Marker::NameUrl => NAME_URL.into(),
            Marker::FirstName => FIRST_NAME.into(),
            Marker::Address => ADDRESS.into(),
            Marker::AddressUrl => ADDRESS_URL.into(),
            Marker::Email => EMAIL.into(),
            Marker::Line => LINE.into(),
            Marker::Language => LANGUAGE.into(),
            Marker::Country => COUNTRY.into(),
            Marker::Unsubscribe => UNSUBSCRIBE.into(),
            Marker::Acted => ACTED.into(),
            Marker::Extra(i) => extra_marker(i),
        }
    }
}

/// The links that are the same for every supporter of a mailing (`None`: each supporter has
/// their own, a marker in the compiled bodies).
#[derive(Debug, Clone, Copy)]
pub(super) struct SharedLinks<'a> {
    /// The footer's unsubscribe link.
    pub unsubscribe: Option<&'a str>,
    /// The "I sent my appeal" link.
    pub acted: Option<&'a str>,
}

/// Every marker, with `extra` extra columns.
fn all_markers(extra: usize) -> impl Iterator<Item = Marker> {
    [
        Marker::Name,
        Marker::NameUrl,
        Marker::FirstName,
        Marker::Address,
        Marker::AddressUrl,
        Marker::Email,
        Marker::Line,
        Marker::Language,
        Marker::Country,
        Marker::Unsubscribe,
        Marker::Acted,
    ]
    .into_iter()
    .chain((0..extra).map(Marker::Extra))
}

/// Replaces every marker in one pass.
fn fill_markers(template: &str, value: impl Fn(Marker) -> String) -> String {
    let mut out = String::with_capacity(template.len() + 256);
    let mut rest = template;
    // Searching for the byte 'Q' (memchr) is far faster than for "Qzx" (two-way search).
    while let Some(at) = rest.find('Q') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if !tail.starts_with("Qzx") {
            out.push('Q');
            rest = &tail[1..];
            continue;
        }
        let found = [
            (NAME_URL, Marker::NameUrl),
            (NAME, Marker::Name),
            (FIRST_NAME, Marker::FirstName),
            (ADDRESS_URL, Marker::AddressUrl),
            (ADDRESS, Marker::Address),
            (EMAIL, Marker::Email),
            (LINE, Marker::Line),
            (LANGUAGE, Marker::Language),
            (COUNTRY, Marker::Country),
            (UNSUBSCRIBE, Marker::Unsubscribe),
            (ACTED, Marker::Acted),
        ]
        .into_iter()
        .find(|(m, _)| tail.starts_with(m))
        .map(|(m, k)| (m.len(), k))
        .or_else(|| {
            let digits = tail.strip_prefix("QzxExtra")?;
            let end = digits.find("Qz")?;
            Some((8 + end + 2, Marker::Extra(digits[..end].parse().ok()?)))
        });
        match found {
            Some((len, marker)) => {
                out.push_str(&value(marker));
                rest = &tail[len..];
            }
            None => {
                out.push_str("Qzx");
                rest = &tail[3..];
            }
        }
    }
    out.push_str(rest);
    out
}

impl Fields {
    /// The stand-in for a group whose rows have `like`'s columns, greeted by their first name
    /// when `named`: no field of it can equal a real supporter's, so nothing of one supporter
    /// can reach another's message.
    pub(super) fn markers(like: &Supporter, named: bool) -> Fields {
        Fields {
            line: Line::Marker(LINE),
            email: EMAIL.into(),
            name: NAME.into(),
            first_name: if named {
                FIRST_NAME.into()
            } else {
                String::new()
            },
            named: if named { "yes" } else { "no" },
            address: vec![ADDRESS.into()],
            language: LANGUAGE.into(),
            country: Some(COUNTRY.into()),
            extra: like
                .extra
                .keys()
                .enumerate()
                .map(|(i, k)| (k.clone(), extra_marker(i)))
                .collect(),
        }
    }
}
