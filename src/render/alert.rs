//! The action alert a supporter receives: greeting by name, summary, asks, whom to write to,
//! the deadline, a ready-to-send letter signed with their name and a `mailto:` link that opens
//! it, plus the nearest Kazakh embassy when their country has one in the directory. The case is
//! resolved once per language ([`AlertKit`]); only the supporter's part is rendered per message.

use super::email::{domain_of, header_safe, stable_id};
use super::letter::letter_text;
use super::{Sender, context};
use crate::env::Env;
use crate::error::Problem;
use crate::load::Doc;
use crate::model::text::pick;
use crate::model::{Case, Mission};
use crate::resolve::{self, View};
use crate::supporters::{Supporter, primary};
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Body, Mailbox, MultiPart, SinglePart};
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

/// Supporters whose alerts share everything but their own fields: language and embassy.
type GroupKey = (String, Option<usize>);

/// The case resolved for every language, ready to render alerts.
pub struct AlertKit {
    /// Views by language.
    pub views: BTreeMap<String, (View, Context)>,
    /// The language used when a supporter's is not available.
    pub default_language: String,
    /// Diplomatic missions of the case's country.
    pub missions: Vec<Doc<Mission>>,
    /// What is being sent.
    pub kind: AlertKind,
    /// The unsubscribe link shown in the footer.
    pub unsubscribe_url: String,
    /// Compiled bodies by (language, embassy); `None` where a group must be rendered in full.
    compiled: RwLock<HashMap<GroupKey, Option<Arc<Compiled>>>>,
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
            kind,
            unsubscribe_url,
            compiled: RwLock::default(),
        })
    }

    /// The compiled bodies for a group, compiling them on first use.
    fn compiled(
        &self,
        env: &Env,
        lang: &str,
        embassy: Option<usize>,
        like: &Supporter,
    ) -> Result<Option<Arc<Compiled>>, Problem> {
        let key = (lang.to_string(), embassy);
        if let Some(found) = self.compiled.read().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(found);
        }
        let made = Compiled::new(env, self, lang, embassy, like)?.map(Arc::new);
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
}

/// The embassy to copy, when the supporter's country has one.
#[derive(Serialize)]
struct EmbassyView {
    name: String,
    address: Vec<String>,
    emails: Vec<String>,
    fax: Option<String>,
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

/// `List-Unsubscribe` (RFC 2369).
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_string()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post` (RFC 8058 one-click).
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".into())
    }
}

fn mailto(to: &[String], cc: &[String], subject: &str, body: &str) -> String {
    let enc = |s: &str| utf8_percent_encode(s, NON_ALPHANUMERIC).to_string();
    let mut link = format!("mailto:{}?subject={}", to.join(","), enc(subject));
    if !cc.is_empty() {
        link.push_str(&format!("&cc={}", cc.join(",")));
    }
    link.push_str(&format!("&body={}", enc(body)));
    link
}

/// The mission to copy for a supporter's country, by index into `kit.missions`.
fn embassy_index(kit: &AlertKit, s: &Supporter) -> Option<usize> {
    let country = s.country.as_deref()?;
    kit.missions
        .iter()
        .position(|m| m.value.host_country.eq_ignore_ascii_case(country))
}

/// The text and HTML bodies for `s`, rendered in full. `url_name`, when given, stands for the
/// signer's name inside `mailto:` links (see [`Compiled`]).
fn render_bodies(
    env: &Env,
    kit: &AlertKit,
    lang: &str,
    embassy: Option<usize>,
    s: &Supporter,
    url_name: Option<&str>,
) -> Result<(String, String), Problem> {
    let (view, base) = &kit.views[lang];
    let locale_err = |m: String| Problem::error(format!("locales/{lang}"), (0, 0), m);
    let signer = Sender {
        name: s.name.clone(),
        address: vec![],
        voice: "i",
    };
    let cc: Vec<String> = view.copies.iter().flat_map(|c| c.emails.clone()).collect();
    let subject_for_letter = env
        .locales
        .format(
            lang,
            "email-subject",
            &[
                ("subject", view.case.subject.as_str().into()),
                ("reference", view.case.reference.as_str().into()),
            ],
        )
        .map_err(locale_err)?;
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
            mailto(&r.emails, &cc, &subject_for_letter, &body)
        });
        letters.push(LetterView {
            title: r.title.clone(),
            name: r.name.clone(),
            emails: r.emails.clone(),
            text,
            mailto: link,
        });
    }
    let fb = resolve::fallbacks(&env.locales, lang, &kit.default_language);
    let fb: Vec<&str> = fb.iter().map(String::as_str).collect();
    let embassy = embassy.map(|i| {
        let m = &kit.missions[i].value;
        EmbassyView {
            name: pick(&m.name, lang, &fb).cloned().unwrap_or_default(),
            address: pick(&m.address, lang, &fb).cloned().unwrap_or_default(),
            emails: m.emails.clone(),
            fax: m.fax.clone(),
            salutation: pick(&m.salutation, lang, &fb).cloned(),
        }
    });
    let mut ctx = base.clone();
    ctx.insert("supporter", s);
    ctx.insert("letters", &letters);
    ctx.insert("embassy", &embassy);
    ctx.insert("unsubscribe_url", &kit.unsubscribe_url);
    ctx.insert("reminder", &(kit.kind == AlertKind::Reminder));
    Ok((
        env.templates.render("alert.txt", &ctx)?,
        env.templates.render("alert.html", &ctx)?,
    ))
}

/// The bodies of one group of supporters (same language, same embassy), rendered once with
/// marker values in place of each supporter field and filled in per supporter. A template may
/// use supporter fields in ways plain substitution cannot reproduce (a filter, a condition): a
/// second render with awkward values (`<`, `&`, `%`, `+`) is compared with the substitution, and
/// only when they are identical is the group compiled; otherwise every message is rendered in
/// full. The output is the same either way.
pub struct Compiled {
    text: String,
    html: String,
    extra: Vec<String>,
}

const NAME: &str = "QzxNameQz";
const NAME_URL: &str = "QzxNameUrlQz";
const EMAIL: &str = "QzxEmailQz";

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

impl Compiled {
    fn sentinel(
        s: &Supporter,
        name: &str,
        email: &str,
        extra: impl Fn(usize) -> String,
    ) -> Supporter {
        Supporter {
            name: name.into(),
            email: email.into(),
            extra: s
                .extra
                .keys()
                .enumerate()
                .map(|(i, k)| (k.clone(), extra(i)))
                .collect(),
            ..s.clone()
        }
    }

    fn new(
        env: &Env,
        kit: &AlertKit,
        lang: &str,
        embassy: Option<usize>,
        like: &Supporter,
    ) -> Result<Option<Compiled>, Problem> {
        let marked = Self::sentinel(like, NAME, EMAIL, extra_marker);
        let (text, html) = render_bodies(env, kit, lang, embassy, &marked, Some(NAME_URL))?;
        let compiled = Compiled {
            text: crlf(&text),
            html: crlf(&html),
            extra: marked.extra.keys().cloned().collect(),
        };
        let awkward = Self::sentinel(
            like,
            "Zoë <O'Brien> & Co 100% +1",
            "a+b&c@example.org",
            |i| format!("<x{i}> & \"y\" %"),
        );
        let (text, html) = render_bodies(env, kit, lang, embassy, &awkward, None)?;
        let expected = (crlf(&text), crlf(&html));
        let got = compiled.fill(&awkward);
        Ok((got == expected).then_some(compiled))
    }

    /// The bodies for `s`, with CRLF line ends.
    fn fill(&self, s: &Supporter) -> (String, String) {
        let url_name = url_encode(&s.name);
        let extra: Vec<&str> = self
            .extra
            .iter()
            .map(|k| s.extra.get(k).map_or("", String::as_str))
            .collect();
        let text = fill_markers(&self.text, |m| match m {
            Marker::Name => s.name.clone(),
            Marker::NameUrl => url_name.clone(),
            Marker::Email => s.email.clone(),
            Marker::Extra(i) => extra.get(i).copied().unwrap_or("").to_string(),
        });
        let html = fill_markers(&self.html, |m| match m {
            Marker::Name => html_escape(&s.name),
            Marker::NameUrl => url_name.clone(),
            Marker::Email => html_escape(&s.email),
            Marker::Extra(i) => html_escape(extra.get(i).copied().unwrap_or("")),
        });
        // An empty value or one with a line break can leave lines a full render would tidy.
        let untidy = s.name.is_empty()
            || extra
                .iter()
                .any(|v| v.is_empty() || v.contains(['\n', '\r']));
        (
            if untidy {
                crlf(&crate::templates::tidy(&text.replace("\r\n", "\n")))
            } else {
                text
            },
            html,
        )
    }
}

/// A supporter field standing in a compiled body.
#[derive(Clone, Copy)]
enum Marker {
    Name,
    NameUrl,
    Email,
    Extra(usize),
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

/// LF line ends as CRLF (bodies are sent in canonical form).
fn crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 40);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        out.push_str(line.strip_suffix('\r').unwrap_or(line));
    }
    out
}

/// A text part, base64-encoded in 76-column lines. Encoding it here skips lettre's encoding
/// chooser, which tries quoted-printable too: for Cyrillic text base64 is always the smaller.
fn base64_part(content_type: ContentType, text: &str) -> SinglePart {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let mut wrapped = Vec::with_capacity(encoded.len() + encoded.len() / 38 + 2);
    for line in encoded.as_bytes().chunks(76) {
        wrapped.extend_from_slice(line);
        wrapped.extend_from_slice(b"\r\n");
    }
    SinglePart::builder()
        .content_type(content_type)
        .body(Body::dangerous_pre_encoded(
            wrapped,
            ContentTransferEncoding::Base64,
        ))
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
    let embassy = embassy_index(kit, s);
    let (text, html) = match kit.compiled(env, lang, embassy, s)? {
        Some(c) => c.fill(s),
        None => {
            let (text, html) = render_bodies(env, kit, lang, embassy, s, None)?;
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
    let message_id = format!("<{id}@{}>", domain_of(from.email.as_ref()));
    let mut builder = Message::builder()
        .from(from)
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
    if let Some(u) = &mail.unsubscribe {
        let targets: Vec<String> = [u.mailto.as_ref(), u.url.as_ref()]
            .into_iter()
            .flatten()
            .map(|t| format!("<{}>", header_safe(t)))
            .collect();
        if !targets.is_empty() {
            builder = builder.header(ListUnsubscribe(targets.join(", ")));
        }
        if u.url.is_some() {
            builder = builder.header(ListUnsubscribePost);
        }
    }
    let body = MultiPart::alternative()
        .boundary(format!("alt-{id}"))
        .singlepart(base64_part(ContentType::TEXT_PLAIN, &text))
        .singlepart(base64_part(ContentType::TEXT_HTML, &html));
    let message = builder
        .multipart(body)
        .map_err(|e| settings_err(format!("cannot build the message: {e}")))?;
    Ok(Built {
        message,
        message_id,
        lang: lang.to_string(),
    })
}
