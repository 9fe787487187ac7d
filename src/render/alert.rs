//! The action alert a supporter receives: greeting by name, summary, asks, whom to write to,
//! the deadline, a ready-to-send letter signed with their name and a `mailto:` link that opens
//! it, plus the nearest Kazakh embassy when their country has one in the directory. The case is
//! resolved once per language ([`AlertKit`]); only the supporter's part is rendered per message.

use super::letter::letter_text;
use super::mime::list::{ListId, ListUnsubscribe, ListUnsubscribePost};
use super::mime::mailto::letter_link;
use super::mime::{self, base64_part, crlf, header_safe, stable_id};
use super::{Sender, context};
use crate::domain::resolve::{self, View};
use crate::env::Env;
use crate::error::Problem;
use crate::load::Doc;
use crate::model::text::pick;
use crate::model::{Case, Mission};
use crate::supporters::{Supporter, primary};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart};
use lettre::{Address, Message};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;
use tera::Context;

/// Which message a supporter gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlertKind {
    /// The action alert (`appeal mail`).
    Alert,
    /// A reminder that the deadline is close (`appeal remind`).
    Reminder,
}

impl AlertKind {
    /// The journal's message kind: one alert per case, one reminder per deadline.
    pub fn journal_kind(&self, view: &View) -> String {
        match self {
            AlertKind::Alert => "alert".into(),
            AlertKind::Reminder => format!(
                "reminder:{}",
                view.deadline
                    .as_ref()
                    .map_or("none", |d| d.send_before.as_str())
            ),
        }
    }
}

/// Supporters whose alerts share everything but their own fields: language and place.
type GroupKey = (String, Place);

/// Where a supporter lives, as far as the alert's copies go: the case country's mission in
/// their country (by index into [`AlertKit::missions`]), and whether they live in the case's
/// country itself, where there are no diplomats of it to copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Place {
    /// The mission to copy, when the directory has one for their country.
    pub embassy: Option<usize>,
    /// The supporter lives in the country the case concerns.
    pub home: bool,
}

/// The case resolved for every language, ready to render alerts.
pub struct AlertKit {
    /// Views by language.
    pub views: BTreeMap<String, (View, Context)>,
    /// The language used when a supporter's is not available.
    pub default_language: String,
    /// Diplomatic missions of the case's country.
    pub missions: Vec<Doc<Mission>>,
    /// The country the case concerns (ISO 3166 code).
    pub country: String,
    /// What is being sent.
    pub kind: AlertKind,
    /// The unsubscribe link shown in the footer when there are no per-supporter links.
    pub unsubscribe_url: String,
    /// Per-supporter unsubscribe links (tokens), set with [`AlertKit::with_links`].
    pub links: Option<Arc<crate::unsubscribe::Links>>,
    /// `List-Id` (RFC 2919), from `mail.list_id`.
    pub list_id: Option<String>,
    /// Compiled bodies by (language, embassy); `None` where a group must be rendered in full.
    compiled: RwLock<HashMap<GroupKey, Option<Arc<Compiled>>>>,
    /// Some template uses a supporter field in logic (a condition, loop, filter or
    /// expression): every message is rendered in full.
    full_only: bool,
}

impl AlertKit {
    /// Resolves `case` once per language it is written in.
    pub fn new(
        env: &Env,
        case: &Doc<Case>,
        kind: AlertKind,
        warnings: &mut Vec<Problem>,
    ) -> Result<AlertKit, Problem> {
        let today = env.today_for(&case.value);
        let mut views = BTreeMap::new();
        for lang in &case.value.languages {
            // Supporters write until the deadline: a holder who changes before it is not named.
            let view =
                resolve::view(&env.project, &env.locales, case, lang, today, warnings)?.public();
            let ctx = context(
                &view,
                None,
                &Sender {
                    name: String::new(),
                    address: vec![],
                    voice: "i",
                },
            )?;
            views.insert(lang.clone(), (view, ctx));
        }
        let default_language = if case
            .value
            .languages
            .contains(&env.project.campaign.value.default_language)
        {
            env.project.campaign.value.default_language.clone()
        } else {
            case.value.languages.first().cloned().unwrap_or_default()
        };
        let prefix = format!("{}/", case.value.country.to_lowercase());
        let missions = env
            .project
            .missions
            .iter()
            .filter(|m| m.value.id.starts_with(&prefix))
            .cloned()
            .collect();
        let unsubscribe_url = env
            .project
            .campaign
            .value
            .mail
            .as_ref()
            .and_then(|m| m.unsubscribe.as_ref())
            .and_then(|u| u.url.clone().or(u.mailto.clone()))
            .unwrap_or_default();
        Ok(AlertKit {
            views,
            default_language,
            missions,
            country: case.value.country.clone(),
            kind,
            unsubscribe_url,
            links: None,
            list_id: env
                .project
                .campaign
                .value
                .mail
                .as_ref()
                .and_then(|m| m.list_id.clone()),
            compiled: RwLock::default(),
            full_only: env
                .templates
                .sources()
                .any(|(_, text)| fields_in_logic(text)),
        })
    }

    /// Gives every alert its supporter's own unsubscribe links.
    pub fn with_links(mut self, links: Option<Arc<crate::unsubscribe::Links>>) -> AlertKit {
        self.links = links;
        self
    }

    /// The unsubscribe link the templates show to `s`, who reads `lang`, and the
    /// `List-Unsubscribe` targets.
    fn unsubscribe_for(
        &self,
        s: &Supporter,
        lang: &str,
    ) -> Option<crate::unsubscribe::SupporterLinks> {
        self.links.as_ref().map(|l| l.for_supporter(&s.email, lang))
    }

    /// The compiled bodies for a group, compiling them on first use.
    fn compiled(
        &self,
        env: &Env,
        lang: &str,
        place: Place,
        like: &Supporter,
    ) -> Result<Option<Arc<Compiled>>, Problem> {
        if self.full_only {
            return Ok(None);
        }
        let key = (lang.to_string(), place);
        if let Some(found) = self.compiled.read().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(found);
        }
        let made = Compiled::new(env, self, lang, place, like)?.map(Arc::new);
        if let Ok(mut m) = self.compiled.write() {
            m.insert(key, made.clone());
        }
        Ok(made)
    }

    /// The language a supporter gets, and whether it is a fallback.
    pub fn language_for(&self, s: &Supporter) -> (&str, bool) {
        let wanted = primary(&s.language);
        match self.views.get_key_value(wanted) {
            Some((lang, _)) => (lang.as_str(), false),
            None => (self.default_language.as_str(), true),
        }
    }
}

/// A letter as it appears in the alert.
#[derive(Serialize)]
struct LetterView {
    title: String,
    name: Option<String>,
    emails: Vec<String>,
    text: String,
    mailto: Option<String>,
    /// Whether `mailto` carries the letter; when it would pass [`MAILTO_LIMIT`](mime::mailto::MAILTO_LIMIT), it carries
    /// only the addresses and subject, and the supporter copies the letter shown above it.
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

/// A built alert: the message and its Message-ID.
pub struct Built {
    /// The message.
    pub message: Message,
    /// Its Message-ID.
    pub message_id: String,
    /// The language used.
    pub lang: String,
}

/// Where a supporter lives: the mission to copy for their country, by index into
/// `kit.missions`, and whether it is the case's own country.
fn place_of(kit: &AlertKit, s: &Supporter) -> Place {
    let country = s.country.as_deref().map(str::trim);
    Place {
        embassy: country.and_then(|country| {
            kit.missions
                .iter()
                .position(|m| m.value.host_country.eq_ignore_ascii_case(country))
        }),
        home: country.is_some_and(|c| c.eq_ignore_ascii_case(&kit.country)),
    }
}

/// The text and HTML bodies for `s`, rendered in full. `url_name`, when given, stands for the
/// signer's name inside `mailto:` links (see [`Compiled`]).
fn render_bodies(
    env: &Env,
    kit: &AlertKit,
    lang: &str,
    place: Place,
    s: &Fields,
    url_name: Option<&str>,
    unsubscribe: &str,
) -> Result<(String, String), Problem> {
    let (view, base) = &kit.views[lang];
    let locale_err = |m: String| Problem::error(format!("locales/{lang}"), (0, 0), m);
    let signer = Sender {
        name: s.name.clone(),
        address: vec![],
        voice: "i",
    };
    let cc: Vec<String> = view.copies.iter().flat_map(|c| c.emails.clone()).collect();
    let subject_for_letter = mime::letter_subject(&env.locales, view).map_err(locale_err)?;
    let mut letters = Vec::new();
    for r in &view.targets {
        let text = letter_text(env, view, r, &signer, "txt")?;
        let link = (!r.emails.is_empty()).then(|| {
            // An email needs no postal sender and recipient blocks: from the salutation on.
            let from_salutation = text
                .find(&r.salutation_line)
                .map_or(text.as_str(), |at| &text[at..]);
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
    let fb = resolve::fallbacks(&env.locales, lang, &kit.default_language);
    let fb: Vec<&str> = fb.iter().map(String::as_str).collect();
    let embassy = place.embassy.map(|i| {
        let m = &kit.missions[i].value;
        EmbassyView {
            name: pick(&m.name, lang, &fb).cloned().unwrap_or_default(),
            address: pick(&m.address, lang, &fb).cloned().unwrap_or_default(),
            emails: m.emails.clone(),
            fax: m.fax.clone(),
            fax_display: m.fax.as_deref().map(crate::domain::phone::human_number),
            salutation: pick(&m.salutation, lang, &fb).cloned(),
        }
    });
    let mut ctx = base.clone();
    ctx.insert("supporter", s);
    ctx.insert("letters", &letters);
    ctx.insert("embassy", &embassy);
    ctx.insert("home_country", &place.home);
    ctx.insert("unsubscribe_url", unsubscribe);
    ctx.insert("reminder", &(kit.kind == AlertKind::Reminder));
    Ok((
        env.templates.render("alert.txt", &ctx)?,
        env.templates.render("alert.html", &ctx)?,
    ))
}

/// The supporter as the templates see it: a real row, or a stand-in whose every field is a
/// marker. Serialises like [`Supporter`].
#[derive(Serialize)]
struct Fields {
    line: Line,
    email: String,
    name: String,
    language: String,
    country: Option<String>,
    extra: BTreeMap<String, String>,
}

/// A line number, or the marker standing for one.
#[derive(Serialize)]
#[serde(untagged)]
enum Line {
    Number(u64),
    Marker(&'static str),
}

impl Fields {
    fn of(s: &Supporter) -> Fields {
        Fields {
            line: Line::Number(s.line),
            email: s.email.clone(),
            name: s.name.clone(),
            language: s.language.clone(),
            country: s.country.clone(),
            extra: s.extra.clone(),
        }
    }

    /// The stand-in for a group whose rows have `like`'s columns: no field of it can equal a
    /// real supporter's, so nothing of one supporter can reach another's message.
    fn markers(like: &Supporter) -> Fields {
        Fields {
            line: Line::Marker(LINE),
            email: EMAIL.into(),
            name: NAME.into(),
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

/// The bodies of one group of supporters (same language, same embassy), rendered once with a
/// marker in place of every supporter field and filled in per supporter.
///
/// Substitution reproduces a full render only when the templates print supporter fields as they
/// are. Two guards make sure of it:
/// - a template that uses a field in logic (a condition, a loop, a filter, an expression, a call
///   other than `t()`) is never compiled: see [`fields_in_logic`];
/// - the compiled bodies are filled in for stand-ins with awkward values (`<`, `&`, `%`, `+`,
///   a large line number) and with empty values, and compared with full renders of the same
///   stand-ins; any difference, or any error, and the group is rendered in full.
///
/// The output is byte for byte the same either way.
pub struct Compiled {
    text: String,
    html: String,
    extra: Vec<String>,
    /// The markers present in the text body: only their values can call for tidying.
    in_text: Vec<Marker>,
    /// The markers present in either body.
    used: Vec<Marker>,
}

const NAME: &str = "QzxNameQz";
const NAME_URL: &str = "QzxNameUrlQz";
const EMAIL: &str = "QzxEmailQz";
const LINE: &str = "QzxLineQz";
const LANGUAGE: &str = "QzxLanguageQz";
const COUNTRY: &str = "QzxCountryQz";
const UNSUBSCRIBE: &str = "QzxUnsubscribeQz";

fn extra_marker(i: usize) -> String {
    format!("QzxExtra{i}Qz")
}

fn html_escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

fn url_encode(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}

/// Stand-ins the compiled bodies are proved against: awkward values, then empty ones.
fn proofs(like: &Supporter) -> [Supporter; 2] {
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
            language: "en-GB<&>".into(),
            country: Some("G<&>B".into()),
            extra: with_extra(&|i| format!("<x{i}> & \"y\" %")),
        },
        // Every field empty but the name: an empty name is never filled in (see `fill`).
        Supporter {
            line: 0,
            email: String::new(),
            name: "N".into(),
            language: String::new(),
            country: None,
            extra: with_extra(&|_| String::new()),
        },
    ]
}

impl Compiled {
    fn new(
        env: &Env,
        kit: &AlertKit,
        lang: &str,
        place: Place,
        like: &Supporter,
    ) -> Result<Option<Compiled>, Problem> {
        let marked = Fields::markers(like);
        // An error here (say a field's marker is not a valid argument) is left to the full
        // render to report, with the real values.
        // With per-supporter links the footer link is a field too; without, it is the same
        // for everyone.
        let unsub = if kit.links.is_some() {
            UNSUBSCRIBE
        } else {
            kit.unsubscribe_url.as_str()
        };
        let Ok((text, html)) = render_bodies(env, kit, lang, place, &marked, Some(NAME_URL), unsub)
        else {
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
            in_text,
            used,
        };
        // An awkward link for the proofs: `&` and `<` must come out as a full render has them.
        let proof_unsub = if kit.links.is_some() {
            "https://example.org/u?a=1&b=<2>"
        } else {
            kit.unsubscribe_url.as_str()
        };
        for proof in proofs(like) {
            let Ok((text, html)) = render_bodies(
                env,
                kit,
                lang,
                place,
                &Fields::of(&proof),
                None,
                proof_unsub,
            ) else {
                return Ok(None);
            };
            if compiled.fill(&proof, proof_unsub) != Some((crlf(&text), crlf(&html))) {
                return Ok(None);
            }
        }
        Ok(Some(compiled))
    }

    /// The bodies for `s`, with CRLF line ends; `None` when `s` needs a full render:
    /// - a name that is empty, or starts or ends with a space, changes how the letter it signs
    ///   is tidied, and the letter is also in the HTML part, which no tidying repairs;
    /// - a line break in a value would need the line-end conversion the body had.
    fn fill(&self, s: &Supporter, unsubscribe: &str) -> Option<(String, String)> {
        let url_name = url_encode(&s.name);
        let line = s.line.to_string();
        let extra: Vec<&str> = self
            .extra
            .iter()
            .map(|k| s.extra.get(k).map_or("", String::as_str))
            .collect();
        let raw = |m: Marker| field_value(m, s, &line, &url_name, &extra, unsubscribe);
        if untidy(&s.name) || self.used.iter().any(|m| raw(*m).contains(['\n', '\r'])) {
            return None;
        }
        let text = fill_markers(&self.text, |m| raw(m).to_string());
        let html = fill_markers(&self.html, |m| match m {
            Marker::NameUrl => url_name.clone(),
            _ => html_escape(raw(m)),
        });
        // A full render tidies the text (trailing spaces, blank lines): a value that is empty,
        // starts or ends with a space, or breaks a line can leave lines it would have tidied.
        let retidy = self.in_text.iter().any(|m| untidy(raw(*m)));
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

/// Whether a value, put in place of a marker, can leave text a full render would have tidied
/// (trailing spaces, blank lines).
fn untidy(value: &str) -> bool {
    value.is_empty()
        || value.starts_with(char::is_whitespace)
        || value.ends_with(char::is_whitespace)
        || value.contains(['\n', '\r'])
}

/// The value a marker stands for, for supporter `s`.
fn field_value<'a>(
    m: Marker,
    s: &'a Supporter,
    line: &'a str,
    url_name: &'a str,
    extra: &[&'a str],
    unsubscribe: &'a str,
) -> &'a str {
    match m {
        Marker::Unsubscribe => unsubscribe,
        Marker::Name => &s.name,
        Marker::NameUrl => url_name,
        Marker::Email => &s.email,
        Marker::Line => line,
        Marker::Language => &s.language,
        Marker::Country => s.country.as_deref().unwrap_or(""),
        Marker::Extra(i) => extra.get(i).copied().unwrap_or(""),
    }
}

/// A supporter field standing in a compiled body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marker {
    Name,
    NameUrl,
    Email,
    Line,
    Language,
    Country,
    Unsubscribe,
    Extra(usize),
}

impl Marker {
    fn text(self) -> String {
        match self {
            Marker::Name => NAME.into(),
            Marker::NameUrl => NAME_URL.into(),
            Marker::Email => EMAIL.into(),
            Marker::Line => LINE.into(),
            Marker::Language => LANGUAGE.into(),
            Marker::Country => COUNTRY.into(),
            Marker::Unsubscribe => UNSUBSCRIBE.into(),
            Marker::Extra(i) => extra_marker(i),
        }
    }
}

/// Every marker, with `extra` extra columns.
fn all_markers(extra: usize) -> impl Iterator<Item = Marker> {
    [
        Marker::Name,
        Marker::NameUrl,
        Marker::Email,
        Marker::Line,
        Marker::Language,
        Marker::Country,
        Marker::Unsubscribe,
    ]
    .into_iter()
    .chain((0..extra).map(Marker::Extra))
}

/// Whether a template uses a supporter field, or the signer's name (a supporter's, in an
/// alert), other than by printing it as it is: `{{ supporter.name }}` and
/// `{{ t(key="…", name=supporter.name) }}` print it; `{% if supporter.name %}`,
/// `{{ supporter.name | upper }}`, `{{ supporter.extra.city == "London" }}`, `{% set s =
/// supporter %}` or a `{% filter %}` section use it in logic. Reading the source errs on the
/// side of "logic": a false alarm only costs speed.
pub fn fields_in_logic(source: &str) -> bool {
    let mut rest = source;
    while let Some(at) = rest.find('{') {
        let tail = &rest[at..];
        let close = match tail.as_bytes().get(1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                rest = &tail[1..];
                continue;
            }
        };
        let inner_end = tail[2..].find(close).map_or(tail.len(), |e| e + 2);
        let inner = tail[2..inner_end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let logic = match close {
            "}}" => !printed_as_is(inner),
            "%}" => {
                inner.starts_with("filter")
                    || mentions(inner)
                        .iter()
                        .any(|m| m.kind != MentionKind::Constant)
            }
            _ => false,
        };
        if logic {
            return true;
        }
        rest = &tail[(inner_end + 2).min(tail.len())..];
    }
    false
}

/// Whether every supporter field in the expression `expr` (the inside of `{{ }}`) is printed as
/// it is: the whole expression, or a named argument of `t()` with no filter applied.
fn printed_as_is(expr: &str) -> bool {
    mentions(expr).iter().all(|m| match m.kind {
        MentionKind::Constant => true,
        MentionKind::Other => false,
        MentionKind::Field => {
            if m.start == 0 && m.end == expr.len() {
                return true;
            }
            let before = expr[..m.start].trim_end();
            let after = expr[m.end..].trim_start();
            let Some(argument) = before.strip_suffix('=') else {
                return false;
            };
            let name_start = argument
                .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
                .map_or(0, |i| i + 1);
            let name = &argument[name_start..];
            expr.starts_with("t(")
                && !expr.contains('|')
                && !name.is_empty()
                && name != "key"
                && name != "lang"
                && (after.starts_with(',') || after.starts_with(')'))
        }
    })
}

/// How a template names a supporter value.
#[derive(Debug, PartialEq, Eq)]
enum MentionKind {
    /// One field: `supporter.name`, `supporter.extra.city`, `sender.name`.
    Field,
    /// The same for every supporter: `sender.address` (a supporter signs without one),
    /// `sender.voice` (always "i").
    Constant,
    /// Anything else: `supporter`, `supporter.extra`, `supporter[k]`, `__tera_context`.
    Other,
}

/// One mention of a supporter value in a tag or expression, at `start..end`.
struct Mention {
    start: usize,
    end: usize,
    kind: MentionKind,
}

/// Every mention of `supporter`, `sender` or the whole context in `code`, with its path.
fn mentions(code: &str) -> Vec<Mention> {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut found = Vec::new();
    for word in ["supporter", "sender", "__tera_context"] {
        for (start, _) in code.match_indices(word) {
            let end = start + word.len();
            if code[..start].ends_with(ident) || code[end..].starts_with(ident) {
                continue;
            }
            let (path, end) = path_after(code, end);
            let kind = match (word, path.as_slice()) {
                ("supporter", [f])
                    if ["line", "email", "name", "language", "country"].contains(&f.as_str()) =>
                {
                    MentionKind::Field
                }
                ("supporter", [e, _]) if e == "extra" => MentionKind::Field,
                ("sender", [f]) if f == "name" => MentionKind::Field,
                ("sender", [f, ..]) if f == "address" => MentionKind::Constant,
                // Every supporter's letter speaks as "I".
                ("sender", [f]) if f == "voice" => MentionKind::Constant,
                _ => MentionKind::Other,
            };
            found.push(Mention { start, end, kind });
        }
    }
    found
}

/// The attribute path after a variable (`.name`, `.extra["city"]`) and where it ends. A dynamic
/// index (`supporter[k]`) ends the path with an empty segment, which matches no field.
fn path_after(code: &str, mut at: usize) -> (Vec<String>, usize) {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut path = Vec::new();
    loop {
        let rest = &code[at..];
        if let Some(after) = rest.strip_prefix('.') {
            let len = after.find(|c: char| !ident(c)).unwrap_or(after.len());
            path.push(after[..len].to_string());
            at += 1 + len;
        } else if let Some(after) = rest.strip_prefix('[') {
            let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'');
            let key = quote.and_then(|q| {
                let body = &after[1..];
                let close = body.find(q)?;
                body[close + 1..]
                    .starts_with(']')
                    .then(|| (body[..close].to_string(), close + 3))
            });
            match key {
                Some((k, len)) => {
                    path.push(k);
                    at += 1 + len;
                }
                None => {
                    path.push(String::new());
                    return (path, at);
                }
            }
        } else {
            return (path, at);
        }
    }
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
            (EMAIL, Marker::Email),
            (LINE, Marker::Line),
            (LANGUAGE, Marker::Language),
            (COUNTRY, Marker::Country),
            (UNSUBSCRIBE, Marker::Unsubscribe),
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

/// Builds the alert for one supporter.
pub fn build(env: &Env, kit: &AlertKit, s: &Supporter) -> Result<Built, Problem> {
    let (lang, _) = kit.language_for(s);
    let (view, _) = &kit.views[lang];
    let settings_err = |m: String| Problem::error("appeals/campaign.yaml", (0, 0), m);
    let locale_err = |m: String| Problem::error(format!("locales/{lang}"), (0, 0), m);
    let mail = env
        .project
        .campaign
        .value
        .mail
        .as_ref()
        .ok_or_else(|| settings_err("no `mail:` settings: add mail.from".into()))?;
    let place = place_of(kit, s);
    let links = kit.unsubscribe_for(s, lang);
    let shown = links
        .as_ref()
        .map_or_else(|| kit.unsubscribe_url.clone(), |l| l.shown());
    let filled = kit
        .compiled(env, lang, place, s)?
        .and_then(|c| c.fill(s, &shown));
    let (text, html) = match filled {
        Some(bodies) => bodies,
        None => {
            let (text, html) = render_bodies(env, kit, lang, place, &Fields::of(s), None, &shown)?;
            (crlf(&text), crlf(&html))
        }
    };
    let subject = match kit.kind {
        AlertKind::Alert => env.locales.format(
            lang,
            "alert-subject",
            &[("title", view.case.title.as_str().into())],
        ),
        AlertKind::Reminder => env.locales.format(
            lang,
            "alert-reminder-subject",
            &[
                (
                    "days",
                    view.deadline.as_ref().map_or(0, |d| d.days_left).into(),
                ),
                ("name", view.case.person.name.as_str().into()),
            ],
        ),
    }
    .map_err(locale_err)?;
    let from: Mailbox = mail
        .from
        .parse()
        .map_err(|e| settings_err(format!("mail.from: {e}")))?;
    let to_addr: Address = crate::address::parse(&s.email)
        .map_err(|e| Problem::error("supporters", (s.line as usize, 1), format!("{e}")))?;
    let id = stable_id(&[
        &view.case.id,
        &kit.kind.journal_kind(view),
        &s.email.to_lowercase(),
    ]);
    let message_id = mime::message_id(&id, &from);
    let from = mime::sender(&from, &view.org.name);
    let to_pair = (header_safe(&s.name), to_addr.to_string());
    let mut builder = Message::builder()
        .from(from.clone())
        .to(Mailbox::new(
            Some(header_safe(&s.name)).filter(|n| !n.is_empty()),
            to_addr,
        ))
        .subject(header_safe(&subject))
        .date(SystemTime::from(env.clock.now()))
        .message_id(Some(message_id.clone()));
    if let Some(reply_to) = mail
        .reply_to
        .as_ref()
        .and_then(|r| r.parse::<Mailbox>().ok())
    {
        builder = builder.reply_to(reply_to);
    }
    if let Some(list_id) = &kit.list_id {
        builder = builder.header(ListId(format!("<{}>", header_safe(list_id))));
    }
    // Per-supporter targets when the mailing has links; the settings' own otherwise.
    let (mailto, url) = match (&links, &mail.unsubscribe) {
        (Some(l), _) => (l.mailto.clone(), l.url.clone()),
        (None, Some(u)) => (u.mailto.clone(), u.url.clone()),
        (None, None) => (None, None),
    };
    let targets: Vec<String> = [mailto.as_ref(), url.as_ref()]
        .into_iter()
        .flatten()
        .map(|t| format!("<{}>", header_safe(t)))
        .collect();
    if !targets.is_empty() {
        builder = builder.header(ListUnsubscribe(targets.join(", ")));
    }
    if url.is_some() {
        builder = builder.header(ListUnsubscribePost);
    }
    let body = MultiPart::alternative()
        .boundary(format!("alt-{id}"))
        .singlepart(base64_part(ContentType::TEXT_PLAIN, &text))
        .singlepart(base64_part(ContentType::TEXT_HTML, &html));
    let mut message = builder
        .multipart(body)
        .map_err(|e| settings_err(format!("cannot build the message: {e}")))?;
    // A supporter without a name is addressed as lettre wrote it.
    let to: &[(String, String)] = if to_pair.0.is_empty() {
        &[]
    } else {
        std::slice::from_ref(&to_pair)
    };
    mime::readable_headers(&mut message, &from, to, &[], &header_safe(&subject));
    Ok(Built {
        message,
        message_id,
        lang: lang.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;
    use std::path::Path;

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }

    /// The sample project with `alert.txt` and `alert.html` replaced when given.
    fn env_with(templates: Option<(&str, &str)>) -> (tempfile::TempDir, Env) {
        let dir = tempfile::tempdir().unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for sub in ["appeals", "templates", "locales"] {
            copy_dir(&repo.join(sub), &dir.path().join(sub));
        }
        if let Some((text, html)) = templates {
            std::fs::write(dir.path().join("templates/alert.txt"), text).unwrap();
            std::fs::write(dir.path().join("templates/alert.html"), html).unwrap();
        }
        let env =
            crate::app::project::open(dir.path(), Clock::parse("2018-05-20").unwrap()).unwrap();
        (dir, env)
    }

    fn supporter(line: u64, email: &str, name: &str, language: &str, country: &str) -> Supporter {
        Supporter {
            line,
            email: email.into(),
            name: name.into(),
            language: language.into(),
            country: Some(country.to_string()).filter(|c| !c.is_empty()),
            extra: BTreeMap::new(),
        }
    }

    /// Supporters that share groups (language, embassy) but differ in every field, some empty.
    fn supporters() -> Vec<Supporter> {
        let rows = [
            (
                2,
                "alice@example.org",
                "Alice",
                "en",
                "GB",
                "London",
                "first",
            ),
            (
                3,
                "bob@example.org",
                "Bob",
                "en-gb",
                "GB",
                "Leeds",
                "second & <b>",
            ),
            (40, "carol@example.org", "", "en", "GB", "", ""),
            (41, "dan@example.org", "Dan", "EN", "", "London", " "),
            (
                90,
                "ольга@example.org",
                "Ольга Петрова",
                "ru",
                "DE",
                "Berlin",
                "x",
            ),
            (
                91,
                "oleg@example.org",
                "Олег",
                "ru-RU",
                "DE",
                "Köln",
                "100% +1\r\ntwo lines\n",
            ),
            (92, "a@example.org", "Айгерім", "kk", "", "Алматы", "\"q\""),
            (93, "b@example.org", "", "de", "US", "", ""),
        ];
        rows.iter()
            .map(|(line, email, name, lang, country, city, note)| {
                let mut s = supporter(*line, email, name, lang, country);
                s.extra.insert("city".into(), city.to_string());
                s.extra.insert("note".into(), note.to_string());
                s
            })
            .collect()
    }

    /// The bodies by the path `build` takes, and by a full render.
    fn both(env: &Env, kit: &AlertKit, s: &Supporter) -> ((String, String), (String, String)) {
        let (lang, _) = kit.language_for(s);
        let place = place_of(kit, s);
        let shown = shown(kit, s);
        let full = render_bodies(env, kit, lang, place, &Fields::of(s), None, &shown).unwrap();
        let full = (crlf(&full.0), crlf(&full.1));
        let fast = match kit.compiled(env, lang, place, s).unwrap() {
            Some(c) => c.fill(s, &shown).unwrap_or_else(|| full.clone()),
            None => full.clone(),
        };
        (fast, full)
    }

    /// The footer's unsubscribe link for `s`.
    fn shown(kit: &AlertKit, s: &Supporter) -> String {
        let (lang, _) = kit.language_for(s);
        kit.unsubscribe_for(s, lang).unwrap().shown()
    }

    /// The sample case's kit, with per-supporter unsubscribe links.
    fn kit(env: &Env) -> AlertKit {
        let case = crate::app::project::find_case(env, "ua-82-18").unwrap();
        let tokens = crate::unsubscribe::Tokens::new(b"a test secret of enough length").unwrap();
        let links = crate::unsubscribe::Links::new(
            Some(tokens),
            Some("https://example.org/unsubscribe"),
            Some("unsubscribe@example.org"),
            "urgent-actions.example.org",
        );
        AlertKit::new(env, &case, AlertKind::Alert, &mut Vec::new())
            .unwrap()
            .with_links(Some(Arc::new(links)))
    }

    const EVERY_FIELD_TXT: &str = "{{ t(key=\"alert-greeting\", name=supporter.name) }}\n\
        line {{ supporter.line }} <{{ supporter.email }}> {{ supporter.name }}\n\
        lang {{ supporter.language }} country {{ supporter.country }}\n\
        city {{ supporter.extra.city }} note {{ supporter.extra[\"note\"] }}\n\
        {% for l in letters %}{{ l.text }}\n{% endfor %}";
    const EVERY_FIELD_HTML: &str = "<p>{{ t(key=\"alert-greeting\", name=supporter.name) }}</p>\n\
        <p>{{ supporter.line }} {{ supporter.email }} {{ supporter.name }} {{ supporter.language }}\n\
        {{ supporter.country }} {{ supporter.extra.city }} {{ supporter.extra['note'] }}</p>\n\
        {% for l in letters %}<pre>{{ l.text }}</pre><a href=\"{{ l.mailto }}\">x</a>\n{% endfor %}";

    #[test]
    fn every_field_printed_is_filled_in_byte_for_byte() {
        let (_dir, env) = env_with(Some((EVERY_FIELD_TXT, EVERY_FIELD_HTML)));
        let kit = kit(&env);
        assert!(!kit.full_only, "plain printing keeps the fast path");
        for s in supporters() {
            let (fast, full) = both(&env, &kit, &s);
            assert_eq!(fast, full, "line {}", s.line);
            // Each supporter's own values, never another's.
            assert!(fast.0.contains(&format!("line {} <{}>", s.line, s.email)));
            assert!(fast.0.contains(&format!("lang {} country", s.language)));
            assert!(!fast.0.contains("Qzx") && !fast.1.contains("Qzx"));
        }
        // The fast path was taken, not bypassed: all but the empty names and the line breaks.
        let filled = supporters()
            .iter()
            .filter(|s| {
                let (lang, _) = kit.language_for(s);
                kit.compiled(&env, lang, place_of(&kit, s), s)
                    .unwrap()
                    .and_then(|c| c.fill(s, &shown(&kit, s)))
                    .is_some()
            })
            .count();
        assert_eq!(filled, 5);
    }

    #[test]
    fn fields_in_conditions_give_each_supporter_their_own_message() {
        let text = format!(
            "{EVERY_FIELD_TXT}\
             {{% if supporter.extra.city == \"London\" %}}LONDON GROUP\n{{% endif %}}\
             {{% if not supporter.name %}}Dear friend\n{{% endif %}}\
             {{% if supporter.country %}}COUNTRY IS {{{{ supporter.country | lower }}}}\n{{% endif %}}\
             next {{{{ supporter.line + 1 }}}} {{{{ supporter.language | upper }}}}\n\
             {{% if \"ольга\" in supporter.email %}}ОЛЬГА\n{{% endif %}}"
        );
        let html = format!(
            "{EVERY_FIELD_HTML}{{% if supporter.extra.note %}}<p>note</p>{{% endif %}}\
             {{% if supporter.extra.city == \"London\" %}}<p>LONDON GROUP</p>{{% endif %}}"
        );
        let (_dir, env) = env_with(Some((&text, &html)));
        let kit = kit(&env);
        assert!(kit.full_only);
        for s in supporters() {
            let (fast, full) = both(&env, &kit, &s);
            assert_eq!(fast, full, "line {}", s.line);
            let london = s.extra["city"] == "London";
            assert_eq!(fast.0.contains("LONDON GROUP"), london, "line {}", s.line);
            assert_eq!(fast.1.contains("LONDON GROUP"), london, "line {}", s.line);
            assert_eq!(fast.0.contains("Dear friend"), s.name.is_empty());
            assert!(fast.0.contains(&format!("next {}", s.line + 1)));
            assert_eq!(
                fast.0.contains("COUNTRY IS "),
                s.country.is_some(),
                "line {}",
                s.line
            );
        }
    }

    #[test]
    fn the_shipped_templates_stay_on_the_fast_path_and_match_a_full_render() {
        let (_dir, env) = env_with(None);
        let kit = kit(&env);
        assert!(!kit.full_only);
        for s in supporters() {
            let (lang, _) = kit.language_for(&s);
            assert!(
                kit.compiled(&env, lang, place_of(&kit, &s), &s)
                    .unwrap()
                    .is_some(),
                "line {}",
                s.line
            );
            let (fast, full) = both(&env, &kit, &s);
            assert_eq!(fast, full, "line {}", s.line);
            // The footer links to this supporter's own token, in both parts.
            let link = shown(&kit, &s);
            assert!(fast.0.contains(&link), "line {}", s.line);
            assert!(fast.1.contains(&html_escape(&link)), "line {}", s.line);
        }
    }

    #[test]
    fn every_alert_carries_its_supporters_own_unsubscribe_token_and_list_id() {
        let (_dir, env) = env_with(None);
        let kit = kit(&env);
        let tokens = crate::unsubscribe::Tokens::new(b"a test secret of enough length").unwrap();
        for s in supporters().iter().filter(|s| !s.email.is_empty()) {
            let built = build(&env, &kit, s).unwrap();
            let text = String::from_utf8(built.message.formatted()).unwrap();
            // Long headers are folded at spaces: unfold before reading them.
            let text = text.replace("\r\n ", " ").replace("\r\n\t", " ");
            let header = text
                .lines()
                .find_map(|l| l.strip_prefix("List-Unsubscribe: "))
                .unwrap();
            let token = header
                .split("https://example.org/unsubscribe/")
                .nth(1)
                .and_then(|t| t.strip_suffix('>'))
                .unwrap();
            let who = tokens.open(token).unwrap();
            assert_eq!(who.address, crate::address::normalize(&s.email));
            assert_eq!(who.language, built.lang);
            assert_eq!(who.list, "urgent-actions.example.org");
            assert!(header.starts_with(&format!(
                "<mailto:unsubscribe@example.org?subject=unsubscribe%20{token}>, "
            )));
            assert!(text.contains("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
            assert!(text.contains("\r\nList-Id: <urgent-actions.example.org>\r\n"));
        }
    }

    #[test]
    fn logic_on_supporter_fields_is_recognised() {
        for logic in [
            "{% if supporter.name %}x{% endif %}",
            "{% if not supporter.extra.city %}x{% endif %}",
            "{%- for c in supporter.name -%}{{ c }}{% endfor %}",
            "{% set s = supporter %}{{ s.name }}",
            "{{ supporter.name | upper }}",
            "{{ supporter.extra.city == \"London\" }}",
            "{{ supporter }}",
            "{{ supporter.extra }}",
            "{{ supporter[k] }}",
            "{{ t(key=\"a\", name=supporter.name | upper) }}",
            "{{ t(key=supporter.language) }}",
            "{{ t(key=\"a\", lang=supporter.language) }}",
            "{{ date(value=supporter.extra.day) }}",
            "{{ \"x\" if supporter.name else \"y\" }}",
            "{{ t(key=\"a\", name=supporter.name ~ \"!\") }}",
            "{% filter upper %}{{ supporter.name }}{% endfilter %}",
            "{% if sender.name %}x{% endif %}",
            "{{ __tera_context }}",
        ] {
            assert!(fields_in_logic(logic), "{logic}");
        }
        for plain in [
            "{# supporter in a comment #}{{ supporter.name }}",
            "{{- supporter.extra[\"city\"] -}} {{ supporter.line }}",
            "{{ t(key=\"alert-greeting\", name=supporter.name) }}",
            "{{ t(key=\"a\", name=supporter.name, city=supporter.extra.city) }}",
            "{% for line in sender.address %}{{ line }}{% endfor %}{{ sender.name }}",
            "{% if supporters_count %}{{ my_supporter }}{% endif %}",
        ] {
            assert!(!fields_in_logic(plain), "{plain}");
        }
        let (_dir, env) = env_with(None);
        for (name, text) in env.templates.sources() {
            assert!(!fields_in_logic(text), "shipped template {name}");
        }
    }
}
