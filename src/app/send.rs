//! `send`: the case's appeal to its authorities. [`plan`] decides every email, fax and letter
//! to post, and, from the journal, which were sent before; [`send`] then sends what is due
//! through the outbox. Both return data; the command prints it.

use crate::app::project;
use crate::deliver::journal::{self, Journal};
use crate::deliver::lock::RunLock;
use crate::deliver::outbox::{self, Outbox, Tally};
use crate::deliver::smtp::{Outcome, Outgoing, SendConfig};
use crate::domain::dispatch::{self, Channel, Delivery};
use crate::domain::life;
use crate::domain::phone::human_number;
use crate::domain::resolve::View;
use crate::env::Env;
use crate::error::{Error, Problem, Result};
use crate::load::Doc;
use crate::model::Case;
use crate::render::{email, fax};
use std::path::{Path, PathBuf};

/// The flags of `send`, as the command read them.
pub struct Request {
    /// One language for every target, overriding each authority's own.
    pub lang: Option<String>,
    /// Send again to authorities that already got this case's appeal.
    pub again: bool,
    /// Send for real (otherwise only show what would be sent).
    pub send: bool,
    /// The SMTP server, overriding `mail.smtp.url`.
    pub smtp: Option<String>,
    /// The journal file (default [`journal::default_path`]).
    pub journal: Option<PathBuf>,
    /// Seconds each SMTP step may take, overriding `mail.timeout`.
    pub timeout: Option<u64>,
    /// Send even though a later document superseded or closed the appeal.
    pub superseded_ok: bool,
}

/// What to do with one email or fax, given the journal.
pub enum Decision {
    /// Never sent: send.
    Send,
    /// Sent before at another address, now corrected: a deliberate resend to the new one.
    Corrected {
        /// The address it was sent to.
        was: String,
    },
    /// Sent before (in some language): skip, unless `--again`.
    Sent,
    /// Sent before, and `--again` asks for it once more.
    Again,
}

/// One message of the plan, with its journal decision.
pub struct Planned {
    /// To whom, how, in which language.
    pub delivery: Delivery,
    /// The signed message; `None` for what goes by hand (post, a fax without a gateway).
    pub outgoing: Option<Outgoing>,
    /// What the journal says to do with it.
    pub decision: Decision,
    /// An email's subject, as the dry run shows it.
    pub subject: Option<String>,
}

/// Everything `send` would do for one case, decided.
pub struct Plan {
    /// The case.
    pub case_id: String,
    /// Every email, fax and letter, in order.
    pub planned: Vec<Planned>,
    /// Warnings about the case, its authorities, the settings and faxes to send by hand.
    pub warnings: Vec<Problem>,
    journal: PathBuf,
    /// Held for the whole run, from before the journal is read, so what it says cannot go
    /// stale: a second sending run on this journal stops here, with exit 2. Dry runs take none.
    _lock: Option<RunLock>,
}

impl Plan {
    /// The messages to send: those with a message the journal does not skip.
    pub fn to_send(&self) -> impl Iterator<Item = &Planned> {
        self.planned
            .iter()
            .filter(|p| p.outgoing.is_some() && !matches!(p.decision, Decision::Sent))
    }
}

/// Plans `case`: every delivery built, signed and decided from the journal. A stop action or
/// closure, and an appeal a later document superseded or closed (unless `superseded_ok`), are
/// refused (exit 2) before anything is built.
pub fn plan(env: &Env, root: &Path, case: &Doc<Case>, request: &Request) -> Result<Plan> {
    project::refuse_outcome_to_officials(case)?;
    let replaced = project::refuse_unless_live(env, case, request.superseded_ok)?;
    let mail = env.project.campaign.value.mail.as_ref();
    let gateway = mail.and_then(|m| m.fax_gateway.clone());
    let today = life::of(env, case).letter_date();
    let mut warnings = project::warnings_about(env, case);
    warnings.extend(replaced);
    warnings.extend(project::deadline_passed(env, case));
    let plan = dispatch::plan(
        &env.project,
        &env.locales,
        case,
        request.lang.as_deref(),
        gateway.as_deref(),
        today,
        &mut warnings,
    )
    .map_err(Error::Invalid)?;
    let journal_path = request
        .journal
        .clone()
        .unwrap_or_else(|| journal::default_path(root));
    let lock = match request.send {
        true => Some(RunLock::acquire(&journal_path, &env.clock)?),
        false => None,
    };
    let seen = Journal::read_only(&journal_path)?;
    let case_id = &case.value.id;
    // Appeals to authorities are signed like alerts; the key is read only to send.
    let signer = if request.send {
        crate::deliver::dkim::Signer::from_settings(mail.and_then(|m| m.dkim.as_ref()), root)?
    } else {
        None
    };
    let dkim_time = env.clock.now().timestamp();
    let mut planned = Vec::new();
    for d in plan.deliveries {
        let view = &plan.views[&d.lang];
        let (channel, address, message) = build(env, view, &d, case_id, &mut warnings)?;
        // The journal's own normal form (and the same for each of several To addresses), so a
        // rerun compares like with like, IDN domains included.
        let address = address
            .split(',')
            .filter(|a| !a.trim().is_empty())
            .map(crate::address::normalize)
            .collect::<Vec<_>>()
            .join(",");
        let role = &d.recipient.role;
        let (decision, kind) = match seen.authority_received(case_id, channel, role) {
            None => (Decision::Send, format!("{channel}:{role}")),
            Some(was) if !was.is_empty() && was != address => {
                (Decision::Corrected { was }, format!("{channel}:{role}"))
            }
            Some(_) if request.again => (
                Decision::Again,
                // A fresh kind per resend, so the journal keeps every one.
                format!("{channel}:again-{}:{role}", seen.len() + planned.len()),
            ),
            Some(_) => (Decision::Sent, format!("{channel}:{role}")),
        };
        let outgoing = message
            .map(|m| {
                let mut o = outgoing_of(case_id, &kind, &address, m, label(&d));
                o.bytes = outbox::signed(o.bytes, signer.as_ref(), dkim_time)?;
                Ok::<_, Error>(o)
            })
            .transpose()?;
        let subject = match &d.channel {
            Channel::Email { .. } => email::subject(env, view).ok(),
            _ => None,
        };
        planned.push(Planned {
            delivery: d,
            outgoing,
            decision,
            subject,
        });
    }
    Ok(Plan {
        case_id: case_id.clone(),
        planned,
        warnings,
        journal: journal_path,
        _lock: lock,
    })
}

/// One delivery's message: the channel's journal name, the address it goes to, and the
/// message (`None` for what goes by hand: a letter to post, a fax with no gateway, for which
/// a warning says how).
fn build(
    env: &Env,
    view: &View,
    d: &Delivery,
    case_id: &str,
    warnings: &mut Vec<Problem>,
) -> Result<(&'static str, String, Option<lettre::Message>)> {
    let r = &d.recipient;
    Ok(match &d.channel {
        Channel::Email { to, cc } => (
            "email",
            to.join(","),
            Some(email::build(env, view, r, to, cc, None)?),
        ),
        Channel::Fax {
            gateway: Some(address),
            ..
        } => {
            let pdf = fax::fax_pdf(env, view, r)?;
            let attachment = (format!("fax-{}.pdf", r.slug), pdf);
            let to = std::slice::from_ref(address);
            let m = email::build(env, view, r, to, &[], Some(attachment))?;
            ("fax", address.clone(), Some(m))
        }
        Channel::Fax { number, .. } => {
            warnings.push(Problem::warning(
                "appeals/campaign.yaml",
                (1, 1),
                format!(
                    "no mail.fax_gateway: the fax to {} ({}) must be sent by hand (`appeal render {case_id} --lang {} --format fax`)",
                    r.role,
                    human_number(number),
                    d.lang
                ),
            ));
            ("fax", String::new(), None)
        }
        Channel::Post { .. } => ("post", String::new(), None),
    })
}

/// Sends what the plan has to send, one message after the other, each on disk in the journal
/// before `report` hears its outcome; an error when not all were delivered (exit 4).
pub fn send(
    env: &Env,
    plan: &Plan,
    request: &Request,
    report: &mut dyn FnMut(&str, &Outcome),
) -> Result<()> {
    let mail = env.project.campaign.value.mail.as_ref();
    let cfg = SendConfig::from_settings(mail, request.smtp.as_deref(), None, None, None)?
        .with_timeout(request.timeout);
    let tally = Tally::default();
    let (outbox, mut connection) = Outbox::open(&cfg, &tally)?;
    let journal = Journal::open(&plan.journal)?;
    let to_send: Vec<&Outgoing> = plan.to_send().filter_map(|p| p.outgoing.as_ref()).collect();
    for m in &to_send {
        let outcome = outbox.deliver(&mut connection, &journal, m)?;
        // A handful of messages: each is on disk before it is reported.
        journal.sync_all()?;
        report(&m.label, &outcome);
    }
    match tally.error(to_send.len()) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// "email [ru] to kz/ombudsman": what and to whom, for every report line.
pub fn label(d: &Delivery) -> String {
    let what = match d.channel {
        Channel::Email { .. } => "email",
        Channel::Fax { .. } => "fax",
        Channel::Post {
            copy_of: Some(_), ..
        } => "copy",
        Channel::Post { .. } => "letter",
    };
    format!(
        "{what} [{}] to {} ({})",
        d.lang, d.recipient.title, d.recipient.role
    )
}

fn outgoing_of(
    case: &str,
    kind: &str,
    address: &str,
    message: lettre::Message,
    label: String,
) -> Outgoing {
    let message_id = message
        .headers()
        .get_raw("Message-ID")
        .unwrap_or_default()
        .to_string();
    Outgoing {
        key: journal::key(case, kind, address),
        label,
        envelope: message.envelope().clone(),
        bytes: message.formatted(),
        message_id,
    }
}
