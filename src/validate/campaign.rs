//! The campaign settings (`appeals/campaign.yaml`): languages, time zone, the organisation's
//! contacts, mail and bounce settings, as far as they can be checked without the network, the
//! keys or the secrets.

use crate::error::Problem;
use crate::i18n::Locales;
use crate::load::{Doc, Project};
use crate::model::Campaign;
use crate::model::campaign::MailSettings;
use crate::validate::fields::{check_email, check_fax, known_language, known_languages};

/// Checks the settings.
pub(super) fn campaign(project: &Project, locales: &Locales, problems: &mut Vec<Problem>) {
    let doc = &project.campaign;
    let c = &doc.value;
    known_languages(doc, &c.languages, locales, problems);
    if let Some(lang) = &c.authority_language {
        known_language(doc, "authority_language", lang, locales, problems);
    }
    known_language(
        doc,
        "default_language",
        &c.default_language,
        locales,
        problems,
    );
    if c.time_zone.parse::<chrono_tz::Tz>().is_err() {
        problems.push(doc.error(
            "time_zone",
            format!(
                "unknown time zone `{}`; use an IANA name such as Asia/Almaty",
                c.time_zone
            ),
        ));
    }
    organisation(doc, problems);
    signatory(doc, problems);
    if let Some(mail) = &c.mail {
        mail_settings(doc, mail, problems);
    }
    if let Some(step) = c.site.as_ref().and_then(|s| s.counter_step)
        && step < crate::model::campaign::MIN_COUNTER_STEP
    {
        problems.push(doc.error(
            "site.counter_step",
            format!(
                "site.counter_step {step}: the counter rounds to at least {} people, so that \
                 one person's action cannot be told from the number; write 10 or more",
                crate::model::campaign::MIN_COUNTER_STEP
            ),
        ));
    }
    if let Some(imap) = c.bounces.as_ref().and_then(|b| b.imap.as_ref())
        && let Err(e) = crate::bounces::imap::Target::parse(&imap.url)
    {
        problems.push(doc.error("bounces.imap.url", e.to_string()));
    }
}

/// The organisation that signs: its name (each language the file gives one in), its email, its
/// numbers. A value left empty, as `appeal init` writes them, is one line saying what to write.
fn organisation(doc: &Doc<Campaign>, problems: &mut Vec<Problem>) {
    let org = &doc.value.organisation;
    // Blank names were dropped as the file was read; a key still in the file was left empty.
    let spans = &doc.file.spans;
    let mut named = !org.name.is_empty();
    for lang in &doc.value.languages {
        let key = format!("organisation.name.{lang}");
        if !org.name.contains_key(lang) && spans.locate(&key) != spans.locate("organisation.name") {
            problems.push(doc.error(
                &key,
                format!("`{key}` is empty: write your organisation's name in {lang}"),
            ));
            named = true;
        }
    }
    if !named {
        problems.push(doc.error(
            "organisation.name",
            "`organisation.name` is empty: write your organisation's name, per language ({en: …, ru: …, kk: …})",
        ));
    }
    if org.email.trim().is_empty() {
        problems.push(doc.error(
            "organisation.email",
            "`organisation.email` is empty: write the address letters and alerts give for replies, e.g. actions@example.org",
        ));
    } else {
        check_email(doc, "organisation.email", &org.email, problems);
    }
    for (field, value) in [
        ("organisation.fax", &org.fax),
        ("organisation.phone", &org.phone),
    ] {
        if let Some(v) = value {
            check_fax(doc, field, v, problems);
        }
    }
}

/// Who signs the organisation's letters: without a name and position in a language, its
/// letters end with the organisation's name alone, which an official reads as unsigned.
fn signatory(doc: &Doc<Campaign>, problems: &mut Vec<Problem>) {
    let c = &doc.value;
    let blank = c
        .signatory
        .as_ref()
        .is_none_or(|s| s.name.is_empty() && s.position.is_empty());
    if blank {
        let at = if c.signatory.is_some() {
            "signatory"
        } else {
            "organisation"
        };
        problems.push(doc.warning(
            at,
            "no `signatory`: the organisation's letters, emails and faxes end with its name alone; add who signs them, `signatory: {name: {en: …, ru: …, kk: …}, position: {en: …, ru: …, kk: …}}` (README, \"Campaign settings\")",
        ));
        return;
    }
    let Some(s) = &c.signatory else {
        return;
    };
    for lang in &c.languages {
        for (field, map) in [("name", &s.name), ("position", &s.position)] {
            if !map.contains_key(lang) {
                let key = format!("signatory.{field}.{lang}");
                problems.push(doc.warning(
                    &key,
                    format!("`{key}` is empty: {lang} letters are signed without it; write the signatory's {field} in {lang}"),
                ));
            }
        }
    }
}

/// `mail`: the sender, the SMTP server and its pace, the list headers, the fax gateway and
/// the deliverability settings.
fn mail_settings(doc: &Doc<Campaign>, mail: &MailSettings, problems: &mut Vec<Problem>) {
    sender(doc, mail, problems);
    smtp(doc, mail, problems);
    list(doc, mail, problems);
    if let Some(pattern) = &mail.fax_gateway
        && (!pattern.contains("{number}")
            || pattern
                .replace("{number}", "1")
                .parse::<lettre::Address>()
                .is_err())
    {
        problems.push(doc.error("mail.fax_gateway", format!("`{pattern}`: write an address pattern with {{number}}, e.g. {{number}}@fax.example.org")));
    }
    deliverability(doc, mail, problems);
}

/// `mail.from` and `mail.reply_to`: mailboxes.
fn sender(doc: &Doc<Campaign>, mail: &MailSettings, problems: &mut Vec<Problem>) {
    if mail.from.parse::<lettre::message::Mailbox>().is_err() {
        problems.push(doc.error(
            "mail.from",
            format!(
                "`{}` is not a mailbox; write `Name <address@example.org>`",
                mail.from
            ),
        ));
    }
    if let Some(reply_to) = &mail.reply_to
        && reply_to.parse::<lettre::message::Mailbox>().is_err()
    {
        problems.push(doc.error(
            "mail.reply_to",
            format!("`{reply_to}` is not an email address"),
        ));
    }
}

/// `mail.smtp.url`, `mail.timeout` and `mail.per_second`: the server and its pace.
fn smtp(doc: &Doc<Campaign>, mail: &MailSettings, problems: &mut Vec<Problem>) {
    if let Some(smtp) = &mail.smtp
        && !(smtp.url.starts_with("smtp://") || smtp.url.starts_with("smtps://"))
    {
        problems.push(doc.error(
            "mail.smtp.url",
            format!(
                "`{}`: use smtp://host:port (STARTTLS) or smtps://host:port",
                crate::deliver::smtp::redact_url(&smtp.url)
            ),
        ));
    }
    if let Some(t) = mail.timeout
        && !(1..=3600).contains(&t)
    {
        problems.push(doc.error(
            "mail.timeout",
            format!("`{t}`: the SMTP step timeout is in seconds, from 1 to 3600"),
        ));
    }
    if let Some(rate) = mail
        .per_second
        .filter(|r| !crate::model::campaign::PER_SECOND.contains(r))
    {
        let range = crate::model::campaign::PER_SECOND;
        problems.push(doc.error(
            "mail.per_second",
            format!(
                "{} is out of range: give from {} to {} messages a second",
                if rate.abs() < 1e-3 && rate != 0.0 {
                    format!("{rate:e}")
                } else {
                    rate.to_string()
                },
                range.start(),
                range.end()
            ),
        ));
    }
}

/// `mail.list_id` and `mail.unsubscribe`: what a mailing list's headers need.
fn list(doc: &Doc<Campaign>, mail: &MailSettings, problems: &mut Vec<Problem>) {
    if let Some(list_id) = &mail.list_id
        && !valid_list_id(list_id)
    {
        problems.push(doc.error(
            "mail.list_id",
            format!(
                "`{list_id}`: write a list id like urgent-actions.example.org (letters, \
                 digits, `-` and dots, under a domain you control; RFC 2919)"
            ),
        ));
    }
    if mail
        .unsubscribe
        .as_ref()
        .is_some_and(|u| u.url.is_some() || u.mailto.is_some())
        && mail.token_secret_env.is_none()
        && mail.token_secret_command.is_none()
    {
        problems.push(doc.warning(
            "mail.unsubscribe",
            "no token secret: set mail.token_secret_env (or token_secret_command) so each \
             unsubscribe link names its supporter; `mail --send` refuses without it",
        ));
    }
    acted(doc, mail, problems);
}

/// `mail.acted.url`: where `appeal serve` answers "I sent my appeal".
fn acted(doc: &Doc<Campaign>, mail: &MailSettings, problems: &mut Vec<Problem>) {
    let Some(url) = mail.acted.as_ref().and_then(|a| a.url.as_deref()) else {
        return;
    };
    let web = url.starts_with("https://") || url.starts_with("http://");
    if !web || url.contains(char::is_whitespace) || url.contains(['?', '#', '"', '<', '>']) {
        problems.push(doc.error(
            "mail.acted.url",
            format!(
                "`{url}`: write the HTTPS address `appeal serve` answers at, e.g. \
                 https://example.org/acted (each alert links to <url>/<token>)"
            ),
        ));
    }
    if mail.token_secret_env.is_none() && mail.token_secret_command.is_none() {
        problems.push(doc.warning(
            "mail.acted",
            "no token secret: set mail.token_secret_env (or token_secret_command) so each \
             \"I sent my appeal\" link names its supporter and case; `mail --send` refuses \
             without it",
        ));
    }
}

/// `mail.dkim` and `mail.verp`: what can be checked without the key or the secret.
fn deliverability(doc: &Doc<Campaign>, mail: &MailSettings, problems: &mut Vec<Problem>) {
    if let Some(dkim) = &mail.dkim {
        if let Err(m) = crate::deliver::dkim::Algorithm::parse(dkim.algorithm.as_deref()) {
            problems.push(doc.error("mail.dkim.algorithm", m));
        }
        if dkim.key_file.is_none() && dkim.key_command.is_none() {
            problems.push(doc.error(
                "mail.dkim",
                "give key_file (a PEM private key) or key_command (a command printing one)",
            ));
        }
    }
    if let Some(pattern) = &mail.verp
        && (!pattern.contains("{token}")
            || pattern
                .replace("{token}", "abcdefghijklmnop")
                .parse::<lettre::Address>()
                .is_err())
    {
        problems.push(doc.error(
            "mail.verp",
            format!(
                "`{pattern}`: write a return path with {{token}}, e.g. bounces+{{token}}@example.org"
            ),
        ));
    }
}

/// Whether `id` is a list id as RFC 2919 has it (`list-label.namespace`): dot-separated
/// labels of letters, digits and `-`, at least two.
fn valid_list_id(id: &str) -> bool {
    let labels: Vec<&str> = id.split('.').collect();
    labels.len() >= 2
        && id.len() <= 255
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}
