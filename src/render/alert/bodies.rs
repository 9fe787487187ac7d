//! An alert's text and HTML bodies rendered in full from the templates, for one supporter or
//! for a stand-in whose every field is a marker (see [`super::compiled`]).

use crate::domain::resolve::{self, View};
use crate::env::Env;
use crate::error::Problem;
use crate::model::Mission;
use crate::model::text::pick;
use crate::render::Sender;
use crate::render::letter::{email_body, letter_text};
use crate::render::mime::{self, mailto::letter_link};
use crate::supporters::Supporter;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Context;

/// The signer's name in the letters of a group's stand-in (see [`super::compiled`]).
pub(super) const NAME: &str = "QzxNameQz";
/// The signer's postal address lines (or the line to fill in) in a stand-in's letters.
pub(super) const ADDRESS: &str = "QzxAddressQz";

/// What the alerts of one group (same language, place, letter variant and greeting) share.
pub(super) struct Group<'a> {
    /// The language of the alerts.
    pub lang: &'a str,
    /// The case in that language, its letters' varied texts at the group's variant.
    pub view: &'a View,
    /// The template context of `view`, without the supporter's part.
    pub base: &'a Context,
    /// Where the fallbacks for the embassy's texts lead: the kit's default language.
    pub default_language: &'a str,
    /// The mission to copy, when the supporters' country has one.
    pub embassy: Option<&'a Mission>,
    /// The supporters live in the country the case concerns.
    pub home: bool,
    /// A reminder rather than the alert.
    pub reminder: bool,
    /// The supporters gave a first name: the greeting names them.
    pub named: bool,
    /// The line a letter shows where the supporter gave no postal address, to fill in.
    pub no_address: &'a str,
}

/// A letter as it appears in the alert.
#[derive(Serialize)]
struct LetterView {
    title: String,
    name: Option<String>,
    emails: Vec<String>,
    text: String,
    mailto: Option<String>,
    /// Whether `mailto` carries the letter; when it would pass
    /// [`MAILTO_LIMIT`](mime::mailto::MAILTO_LIMIT), it carries only the addresses and subject,
    /// and the supporter copies the letter shown above it.
    mailto_has_body: bool,
}

/// The embassy to copy, when the supporter's country has one.
#[derive(Serialize)]
struct EmbassyView {
    name: String,
    address: Vec<String>,
    emails: Vec<String>,
    fax: Option<String>,
    /// `fax` grouped for people to dial.
    fax_display: Option<String>,
    salutation: Option<String>,
}

/// The supporter as the templates see it: a real row, or a stand-in whose every field is a
/// marker. Serialises like [`Supporter`], with `named`.
#[derive(Serialize)]
pub(super) struct Fields {
    pub line: Line,
    pub email: String,
    pub name: String,
    pub first_name: String,
    /// `yes` when `first_name` is given, else `no`: what the greeting's Fluent message selects
    /// on (a template cannot ask whether a field is empty without leaving the fast path).
    pub named: &'static str,
    pub address: Vec<String>,
    pub language: String,
    pub country: Option<String>,
    pub extra: BTreeMap<String, String>,
}

/// A line number, or the marker standing for one.
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum Line {
    Number(u64),
    Marker(&'static str),
}

impl Fields {
    /// A real supporter's fields.
    pub(super) fn of(s: &Supporter) -> Fields {
        Fields {
            line: Line::Number(s.line),
            email: s.email.clone(),
            name: s.name.clone(),
            first_name: s.first_name.clone(),
            named: named(s),
            address: s.address.clone(),
            language: s.language.clone(),
            country: s.country.clone(),
            extra: s.extra.clone(),
        }
    }
}

/// Whether the alert greets `s` by name (`yes` or `no`, for Fluent).
pub(super) fn named(s: &Supporter) -> &'static str {
    if s.first_name.trim().is_empty() {
        "no"
    } else {
        "yes"
    }
}

/// Who signs the letters of the supporter `s`: their name, and their postal address or, when
/// they gave none, the group's line to fill in.
fn signer(s: &Fields, group: &Group) -> Sender {
    Sender {
        name: s.name.clone(),
        address: if s.address.is_empty() {
            vec![group.no_address.to_string()]
        } else {
            s.address.clone()
        },
        voice: "i",
        signature: vec![s.name.clone()],
    }
}

/// Whether the alerts' bodies are rendered for a real supporter, or once for a group with
/// markers in place of the supporter's fields.
pub(super) enum Signer<'a> {
    /// A real supporter: the letters' `mailto:` links carry their name and address.
    Real,
    /// The group's stand-in: in `mailto:` links the name and address stand as these markers,
    /// which percent-encoding leaves as they are, and the fill-in encodes the real values.
    Markers {
        /// The markers of the name and address in the letter text.
        text: [&'a str; 2],
        /// Their stand-ins inside links.
        url: [&'a str; 2],
    },
}

/// The supporter's own links as the templates print them (empty when there is none).
#[derive(Debug, Clone, Copy)]
pub(super) struct OwnLinks<'a> {
    /// `unsubscribe_url`: the footer's unsubscribe link.
    pub unsubscribe: &'a str,
    /// `acted_url`: the "I sent my appeal" link.
    pub acted: &'a str,
}

/// The text and HTML bodies for `s`, rendered in full. With [`Signer::Markers`], `s` is the
/// group's stand-in (see [`super::compiled::Compiled`]).
pub(super) fn render_bodies(
    env: &Env,
    group: &Group,
    s: &Fields,
    signing: &Signer,
    links: OwnLinks,
) -> Result<(String, String), Problem> {
    let (lang, view) = (group.lang, group.view);
    let locale_err = |m: String| Problem::error(format!("locales/{lang}"), (0, 0), m);
    let signer = signer(s, group);
    let cc: Vec<String> = view.copies.iter().flat_map(|c| c.emails.clone()).collect();
    let subject_for_letter = mime::letter_subject(&env.locales, view).map_err(locale_err)?;
    let mut letters = Vec::new();
    // An outcome notice (stop action, closure) has no letter to copy.
    let writes = if view.case.outcome {
        &[][..]
    } else {
        &view.targets[..]
    };
    for r in writes {
        let text = letter_text(env, view, r, &signer, "txt")?;
        let link = if r.emails.is_empty() {
            None
        } else {
            Some(letter_link_for(
                env,
                group,
                r,
                &text,
                s,
                signing,
                &cc,
                &subject_for_letter,
            )?)
        };
        letters.push(LetterView {
            title: r.title.clone(),
            name: r.name.clone(),
            emails: r.emails.clone(),
            text,
            mailto_has_body: link.as_ref().is_some_and(|(_, b)| *b),
            mailto: link.map(|(l, _)| l),
        });
    }
    let embassy = embassy_view(env, group);
    let mut ctx = group.base.clone();
    ctx.insert("supporter", s);
    ctx.insert("letters", &letters);
    ctx.insert("embassy", &embassy);
    ctx.insert("home_country", &group.home);
    ctx.insert("unsubscribe_url", links.unsubscribe);
    ctx.insert("acted_url", links.acted);
    ctx.insert("reminder", &group.reminder);
    Ok((
        env.templates.render("alert.txt", &ctx)?,
        env.templates.render("alert.html", &ctx)?,
    ))
}

/// The `mailto:` link of a supporter's letter `text` to `r`, and whether it carries the
/// letter. Whether it fits is judged on the letter as the group's stand-in signs it, with the
/// markers left out: the same answer for every supporter of the group, by either path.
#[allow(clippy::too_many_arguments)]
fn letter_link_for(
    env: &Env,
    group: &Group,
    r: &crate::domain::resolve::Recipient,
    text: &str,
    s: &Fields,
    signing: &Signer,
    cc: &[String],
    subject: &str,
) -> Result<(String, bool), Problem> {
    let (unsigned, body, signer_len) = match signing {
        Signer::Markers { text: markers, url } => {
            let body = email_body(text, r)
                .replace(markers[0], url[0])
                .replace(markers[1], url[1]);
            let unsigned = email_body(text, r)
                .replace(markers[0], "")
                .replace(markers[1], "");
            (unsigned, body, 0)
        }
        Signer::Real => {
            let stand_in = Fields {
                name: NAME.into(),
                address: vec![ADDRESS.into()],
                ..Fields::of_nobody()
            };
            let marked = letter_text(env, group.view, r, &signer(&stand_in, group), "txt")?;
            let unsigned = email_body(&marked, r)
                .replace(NAME, "")
                .replace(ADDRESS, "");
            let signer = signer(s, group);
            let signer_len = mime::mailto::encode(&signer.name).len()
                + mime::mailto::encode(&signer.address.join("\n")).len();
            (unsigned, email_body(text, r), signer_len)
        }
    };
    Ok(letter_link(
        &r.emails,
        cc,
        subject,
        &body,
        Some((&unsigned, signer_len)),
    ))
}

impl Fields {
    /// Fields with nothing in them.
    fn of_nobody() -> Fields {
        Fields {
            line: Line::Number(0),
            email: String::new(),
            name: String::new(),
            first_name: String::new(),
            named: "no",
            address: Vec::new(),
            language: String::new(),
            country: None,
            extra: BTreeMap::new(),
        }
    }
}

/// The group's embassy in its language, each text falling back as the case's texts do.
fn embassy_view(env: &Env, group: &Group) -> Option<EmbassyView> {
    let lang = group.lang;
    let fb = resolve::fallbacks(&env.locales, lang, group.default_language);
    let fb: Vec<&str> = fb.iter().map(String::as_str).collect();
    group.embassy.map(|m| EmbassyView {
        name: pick(&m.name, lang, &fb).cloned().unwrap_or_default(),
        address: pick(&m.address, lang, &fb).cloned().unwrap_or_default(),
        emails: m.emails.clone(),
        fax: m.fax.clone(),
        fax_display: m.fax.as_deref().map(crate::domain::phone::human_number),
        salutation: pick(&m.salutation, lang, &fb).cloned(),
    })
}
