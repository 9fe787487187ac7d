//! Appeal emails (`.eml`, RFC 5322): one per target that has an email address, From the
//! organisation, To the target, Cc the copies, text and HTML alternatives. Built with lettre;
//! Message-ID and MIME boundary derive from the content, so a fixed `--today` gives the same
//! bytes every time.

use super::letter::letter_text;
use super::mime::{self, header_safe, stable_id};
use super::{Artifact, Renderer, org_sender};
use crate::domain::dispatch::Emails;
use crate::domain::resolve::{Recipient, View};
use crate::env::Env;
use crate::error::Problem;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};

/// Renders `email-<role>.eml` for each target with an email address.
pub struct Email;

/// The subject of the appeal email in the view's language.
pub fn subject(env: &Env, view: &View) -> Result<String, String> {
    mime::letter_subject(&env.locales, view).map(|s| header_safe(&s))
}

/// Builds the email to `r` at `to`, Cc `cc` (display name, address); for a fax gateway, `to`
/// is the gateway address and `attachment` the fax PDF.
pub fn build(
    env: &Env,
    view: &View,
    r: &Recipient,
    to: &[String],
    cc: &[(String, String)],
    attachment: Option<(String, Vec<u8>)>,
) -> Result<Message, Problem> {
    let problem =
        |m: String| Problem::error(format!("appeals/authorities/{}.yaml", r.role), (0, 0), m);
    let sender = org_sender(view);
    let text = letter_text(env, view, r, &sender, "txt")?;
    let html = letter_text(env, view, r, &sender, "html")?;
    let subject = subject(env, view).map_err(problem)?;
    let from_text = env.project.campaign.value.mail.as_ref().map_or_else(
        || format!("{} <{}>", header_safe(&view.org.name), view.org.email),
        |m| m.from.clone(),
    );
    let from: Mailbox = from_text
        .parse()
        .map_err(|e| problem(format!("mail.from `{from_text}`: {e}")))?;
    let from = mime::sender(&from, &view.org.name);
    let id = stable_id(&[
        &view.case.id,
        &view.lang,
        &r.role,
        &view.today.to_string(),
        if attachment.is_some() { "fax" } else { "email" },
    ]);
    let mut builder = Message::builder()
        .from(from.clone())
        .subject(subject.clone())
        .date(mime::PLACEHOLDER_DATE)
        .message_id(Some(mime::message_id(&id, &from)));
    if let Some(reply_to) = env
        .project
        .campaign
        .value
        .mail
        .as_ref()
        .and_then(|m| m.reply_to.as_ref())
        && let Ok(mb) = reply_to.parse::<Mailbox>()
    {
        builder = builder.reply_to(mb);
    }
    for address in to {
        let addr: Address = address
            .parse()
            .map_err(|e| problem(format!("`{address}`: {e}")))?;
        builder = builder.to(Mailbox::new(Some(header_safe(&r.display_name())), addr));
    }
    for (name, address) in cc {
        let addr: Address = address
            .parse()
            .map_err(|e| problem(format!("`{address}`: {e}")))?;
        builder = builder.cc(Mailbox::new(Some(header_safe(name)), addr));
    }
    let alternative = MultiPart::alternative()
        .boundary(format!("alt-{id}"))
        .singlepart(SinglePart::plain(text))
        .singlepart(SinglePart::html(html));
    let body = match attachment {
        None => alternative,
        Some((name, bytes)) => MultiPart::mixed()
            .boundary(format!("mix-{id}"))
            .multipart(alternative)
            .singlepart(Attachment::new(name).body(
                bytes,
                ContentType::parse("application/pdf").map_err(|e| problem(e.to_string()))?,
            )),
    };
    let mut message = builder
        .multipart(body)
        .map_err(|e| problem(format!("cannot build the email: {e}")))?;
    let named = |name: &str, list: &[String]| -> Vec<(String, String)> {
        list.iter()
            .map(|a| (header_safe(name), a.clone()))
            .collect()
    };
    let cc: Vec<(String, String)> = cc
        .iter()
        .map(|(n, a)| (header_safe(n), a.clone()))
        .collect();
    mime::readable_headers(
        &mut message,
        env.clock.now(),
        &from,
        &named(&r.display_name(), to),
        &cc,
        &subject,
    );
    Ok(message)
}

impl Renderer for Email {
    fn name(&self) -> &'static str {
        "email"
    }

    fn render(
        &self,
        env: &Env,
        view: &View,
        warnings: &mut Vec<Problem>,
    ) -> Result<Vec<Artifact>, Problem> {
        // As `send` does: the copies are Cc'd on the first email only. Each file is the email
        // to its target as written, To every address it has.
        let mut emails = Emails::default();
        super::per_reachable_target(
            view,
            warnings,
            |r| !r.emails.is_empty(),
            "email address",
            |r| {
                let (_, cc) = emails.next(view, &r.emails);
                let message = build(env, view, r, &r.emails, &cc, None)?;
                Ok(Artifact {
                    file_name: format!("email-{}.eml", r.slug),
                    bytes: message.formatted(),
                })
            },
        )
    }
}
