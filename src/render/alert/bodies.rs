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

/// What the alerts of one group (same language, same place) share.
pub(super) struct Group<'a> {
    /// The language of the alerts.
    pub lang: &'a str,
    /// The case in that language.
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
/// marker. Serialises like [`Supporter`].
#[derive(Serialize)]
pub(super) struct Fields {
    pub line: Line,
    pub email: String,
    pub name: String,
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
            language: s.language.clone(),
            country: s.country.clone(),
            extra: s.extra.clone(),
        }
    }
}

/// The supporter's own links as the templates print them (empty when there is none).
#[derive(Debug, Clone, Copy)]
pub(super) struct OwnLinks<'a> {
    /// `unsubscribe_url`: the footer's unsubscribe link.
    pub unsubscribe: &'a str,
    /// `acted_url`: the "I sent my appeal" link.
    pub acted: &'a str,
}

/// The text and HTML bodies for `s`, rendered in full. `url_name`, when given, stands for the
/// signer's name inside `mailto:` links (see [`super::compiled::Compiled`]).
pub(super) fn render_bodies(
    env: &Env,
    group: &Group,
    s: &Fields,
    url_name: Option<&str>,
    links: OwnLinks,
) -> Result<(String, String), Problem> {
    let (lang, view) = (group.lang, group.view);
    let locale_err = |m: String| Problem::error(format!("locales/{lang}"), (0, 0), m);
    let signer = Sender {
        name: s.name.clone(),
        address: vec![],
        voice: "i",
    };
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
        let link = (!r.emails.is_empty()).then(|| {
            let from_salutation = email_body(&text, r);
            let body = match url_name {
                Some(marker) => from_salutation.replace(&s.name, marker),
                None => from_salutation.to_string(),
            };
            letter_link(
                &r.emails,
                &cc,
                &subject_for_letter,
                &body,
                Some(url_name.unwrap_or(&s.name)),
            )
        });
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
