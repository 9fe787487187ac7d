//! An alert as a message: its subject, the sender and the supporter, the list headers, and the
//! text and HTML bodies as base64 parts.

use super::bodies::OwnLinks;
use super::kit::{AlertKind, AlertKit, place_of};
use crate::domain::resolve::View;
use crate::env::Env;
use crate::error::Problem;
use crate::model::campaign::MailSettings;
use crate::render::mime::list::{ListId, ListUnsubscribe, ListUnsubscribePost};
use crate::render::mime::{self, base64_part, header_safe, stable_id};
use crate::supporters::Supporter;
use crate::unsubscribe::SupporterLinks;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MessageBuilder, MultiPart};
use lettre::{Address, Message};

/// A built alert: the message and its Message-ID.
pub struct Built {
    /// The message.
    pub message: Message,
    /// Its Message-ID.
    pub message_id: String,
    /// The language used.
    pub lang: String,
}

/// Builds the alert for one supporter.
pub fn build(env: &Env, kit: &AlertKit, s: &Supporter) -> Result<Built, Problem> {
    let (lang, _) = kit.language_for(s);
    let (view, _) = &kit.views[lang];
    let settings_err = |m: String| Problem::error("appeals/campaign.yaml", (0, 0), m);
    let mail = env
        .project
        .campaign
        .value
        .mail
        .as_ref()
        .ok_or_else(|| settings_err("no `mail:` settings: add mail.from".into()))?;
    let links = kit.links_for(s, lang);
    let shown = links
        .as_ref()
        .map_or_else(|| kit.unsubscribe_url.clone(), |l| l.shown());
    let acted = links
        .as_ref()
        .and_then(|l| l.acted.as_deref())
        .unwrap_or("");
    let own = OwnLinks {
        unsubscribe: &shown,
        acted,
    };
    let (text, html) = kit.bodies(env, lang, place_of(kit, s), s, own)?;
    let subject = subject(env, &kit.kind, view)?;
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
        .date(mime::PLACEHOLDER_DATE)
        .message_id(Some(message_id.clone()));
    if let Some(reply_to) = mail
        .reply_to
        .as_ref()
        .and_then(|r| r.parse::<Mailbox>().ok())
    {
        builder = builder.reply_to(reply_to);
    }
    builder = list_headers(builder, kit, mail, links.as_ref());
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
    mime::readable_headers(
        &mut message,
        env.clock.now(),
        &from,
        to,
        &[],
        &header_safe(&subject),
    );
    Ok(Built {
        message,
        message_id,
        lang: lang.to_string(),
    })
}

/// The subject in the view's language: the alert's (an outcome notice's for a stop action or
/// closure, never "urgent" once the deadline has passed), or the reminder's with the days left.
fn subject(env: &Env, kind: &AlertKind, view: &View) -> Result<String, Problem> {
    let lang = view.lang.as_str();
    let title = ("title", view.case.title.as_str().into());
    let passed = view.deadline.as_ref().is_some_and(|d| d.passed);
    match kind {
        AlertKind::Alert if view.case.outcome => env.locales.format(
            lang,
            "alert-subject-outcome",
            &[title, ("kind", view.case.kind.as_str().into())],
        ),
        AlertKind::Alert if passed => env.locales.format(lang, "alert-subject-past", &[title]),
        AlertKind::Alert => env.locales.format(lang, "alert-subject", &[title]),
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
    .map_err(|m| Problem::error(format!("locales/{lang}"), (0, 0), m))
}

/// `List-Id` and the unsubscribe headers: the supporter's own targets when the mailing has
/// per-supporter `links`, the settings' own otherwise.
fn list_headers(
    mut builder: MessageBuilder,
    kit: &AlertKit,
    mail: &MailSettings,
    links: Option<&SupporterLinks>,
) -> MessageBuilder {
    if let Some(list_id) = &kit.list_id {
        builder = builder.header(ListId(format!("<{}>", header_safe(list_id))));
    }
    let (mailto, url) = match (links, &mail.unsubscribe) {
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
    builder
}
