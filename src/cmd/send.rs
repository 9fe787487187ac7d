//! `appeal send CASE`: the case's appeal to its authorities, each once, in one language it
//! reads (see [`crate::domain::dispatch`]): emails, and faxes through an email-to-fax gateway when one
//! is configured. A dry run by default, listing every email (To, Cc, subject, language), fax
//! and letter to post; `--send` sends. The journal remembers which authority got which case's
//! appeal at which address, whatever the language, so a later run never mails it again unless
//! `--again` says so.

use crate::cli::SendArgs;
use crate::clock::Clock;
use crate::deliver::journal::{self, Journal};
use crate::deliver::lock::RunLock;
use crate::deliver::smtp::{self, Outcome, Outgoing, RateLimiter, SendConfig, Tally};
use crate::domain::dispatch::{self, Channel, Delivery};
use crate::domain::phone::human_number;
use crate::env::Env;
use crate::error::{Error, Problem, Result};
use crate::render::{email, fax};
use std::path::Path;

/// What to do with one email or fax, given the journal.
enum Decision {
    /// Never sent: send.
    Send,
    /// Sent before at another address, now corrected: a deliberate resend to the new one.
    Corrected { was: String },
    /// Sent before (in some language): skip, unless `--again`.
    Sent,
    /// Sent before, and `--again` asks for it once more.
    Again,
}

/// One message of the plan, with its journal decision.
struct Planned {
    delivery: Delivery,
    outgoing: Option<Outgoing>,
    decision: Decision,
}

/// Runs `send`.
pub fn run(root: &Path, clock: Clock, args: SendArgs) -> Result<()> {
    let env = crate::app::project::open(root, clock)?;
    let case = crate::app::project::find_case(&env, &args.case)?;
    if let Some(lang) = &args.lang {
        crate::app::render::plan(&case.value.languages, std::slice::from_ref(lang), &[])?;
    }
    let mail = env.project.campaign.value.mail.as_ref();
    let gateway = mail.and_then(|m| m.fax_gateway.clone());
    let today = env.today_for(&case.value);
    let mut warnings = crate::app::project::warnings_about(&env, &case);
    warnings.extend(crate::app::project::deadline_passed(&env, &case));
    let plan = dispatch::plan(
        &env.project,
        &env.locales,
        &case,
        args.lang.as_deref(),
        gateway.as_deref(),
        today,
        &mut warnings,
    )
    .map_err(Error::Invalid)?;
    let journal_path = args
        .journal
        .clone()
        .unwrap_or_else(|| super::mailing::default_journal(root));
    // Held for the whole run, from before the journal is read, so what it says cannot go
    // stale: a second sending run on this journal stops here, with exit 2. Dry runs take none.
    let _lock = match args.send {
        true => Some(RunLock::acquire(&journal_path, &env.clock)?),
        false => None,
    };
    let seen = Journal::read_only(&journal_path)?;
    let case_id = &case.value.id;
    // Appeals to authorities are signed like alerts; the key is read only to send.
    let signer = if args.send {
        crate::deliver::dkim::Signer::from_settings(mail.and_then(|m| m.dkim.as_ref()), root)?
    } else {
        None
    };
    let dkim_time = env.clock.now().timestamp();
    let mut planned = Vec::new();
    for d in plan.deliveries {
        let view = &plan.views[&d.lang];
        let r = &d.recipient;
        let (channel, address, message) = match &d.channel {
            Channel::Email { to, cc } => (
                "email",
                to.join(","),
                Some(email::build(&env, view, r, to, cc, None)?),
            ),
            Channel::Fax {
                gateway: Some(address),
                ..
            } => {
                let pdf = fax::fax_pdf(&env, view, r)?;
                let attachment = (format!("fax-{}.pdf", r.slug), pdf);
                let to = std::slice::from_ref(address);
                let m = email::build(&env, view, r, to, &[], Some(attachment))?;
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
        };
        // The journal's own normal form (and the same for each of several To addresses), so a
        // rerun compares like with like, IDN domains included.
        let address = address
            .split(',')
            .filter(|a| !a.trim().is_empty())
            .map(crate::address::normalize)
            .collect::<Vec<_>>()
            .join(",");
        let (decision, kind) = match seen.authority_received(case_id, channel, &r.role) {
            None => (Decision::Send, format!("{channel}:{}", r.role)),
            Some(was) if !was.is_empty() && was != address => {
                (Decision::Corrected { was }, format!("{channel}:{}", r.role))
            }
            Some(_) if args.again => (
                Decision::Again,
                // A fresh kind per resend, so the journal keeps every one.
                format!("{channel}:again-{}:{}", seen.len() + planned.len(), r.role),
            ),
            Some(_) => (Decision::Sent, format!("{channel}:{}", r.role)),
        };
        let outgoing = message
            .map(|m| {
                sign(
                    outgoing_of(case_id, &kind, &address, m, label(&d)),
                    signer.as_ref(),
                    dkim_time,
                )
            })
            .transpose()?;
        planned.push(Planned {
            delivery: d,
            outgoing,
            decision,
        });
    }
    super::print_warnings(&super::about_case(case_id, warnings));
    if !args.send {
        print_dry_run(&env, &plan.views, case_id, &planned);
        return Ok(());
    }
    let to_send: Vec<&Planned> = planned
        .iter()
        .filter(|p| p.outgoing.is_some() && !matches!(p.decision, Decision::Sent))
        .collect();
    for p in planned
        .iter()
        .filter(|p| matches!(p.decision, Decision::Sent))
    {
        println!(
            "already sent: {} (add --again to send it again)",
            label(&p.delivery)
        );
    }
    for p in planned.iter().filter(|p| p.outgoing.is_none()) {
        match &p.delivery.channel {
            Channel::Post {
                file,
                copy_of: None,
            } => println!("by post: {}: print {file}", label(&p.delivery)),
            Channel::Post {
                file,
                copy_of: Some(of),
            } => println!(
                "by post: {}: print {file} (the letter to {of}, which names this copy) and post it to this address too",
                label(&p.delivery)
            ),
            _ => {}
        }
    }
    if to_send.is_empty() {
        println!("nothing to send");
        return Ok(());
    }
    let cfg = SendConfig::from_settings(mail, args.smtp.as_deref(), None, None, None)?
        .with_timeout(args.timeout);
    let mut connection = smtp::preflight(&cfg.target()?)?;
    let journal = Journal::open(&journal_path)?;
    let limiter = RateLimiter::new(cfg.per_second, cfg.per_hour);
    let tally = Tally::default();
    for p in &to_send {
        let Some(m) = &p.outgoing else { continue };
        let outcome = smtp::deliver(&mut connection, &cfg, &limiter, &journal, &tally, m)?;
        // A handful of messages: each is on disk before it is reported.
        journal.sync_all()?;
        match outcome {
            Outcome::Accepted { attempts: 1 } => println!("accepted: {}", m.label),
            Outcome::Accepted { attempts } => {
                println!("accepted after {attempts} attempts: {}", m.label)
            }
            Outcome::AlreadySent => println!("already sent: {}", m.label),
            Outcome::AlreadyUnknown => println!(
                "already sent, outcome unknown (journal): {}; check it arrived",
                m.label
            ),
            Outcome::Unknown { reason } => println!("unknown: {}: {reason}", m.label),
            Outcome::NotAttempted => println!("not attempted: {}", m.label),
            Outcome::Failed { reason, .. } => println!("not delivered: {}: {reason}", m.label),
        }
    }
    match tally.error(to_send.len()) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// "email [ru] to kz/ombudsman": what and to whom, for every report line.
fn label(d: &Delivery) -> String {
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

/// Prints exactly what would go where: each email with To, Cc, subject and language, each fax
/// with its number and gateway, each letter to post with its file.
fn print_dry_run(
    env: &Env,
    views: &std::collections::BTreeMap<String, crate::domain::resolve::View>,
    case_id: &str,
    planned: &[Planned],
) {
    let (mut emails, mut faxes, mut posts, mut copies, mut skipped) = (0, 0, 0, 0, 0);
    for p in planned {
        let d = &p.delivery;
        let state = match &p.decision {
            _ if p.outgoing.is_none() => "by hand".to_string(),
            Decision::Send => "would send".to_string(),
            Decision::Corrected { was } => {
                format!("would send again: the address changed since it was sent to <{was}>")
            }
            Decision::Sent => {
                skipped += 1;
                "already sent (in some language); add --again to send it again".to_string()
            }
            Decision::Again => "would send again (--again)".to_string(),
        };
        let r = &d.recipient;
        match &d.channel {
            Channel::Email { to, cc } => {
                emails += 1;
                println!("{}: {state}", label(d));
                let to: Vec<String> = to
                    .iter()
                    .map(|a| format!("{} <{a}>", r.display_name()))
                    .collect();
                println!("  To: {}", to.join(", "));
                if !cc.is_empty() {
                    let cc: Vec<String> = cc.iter().map(|(n, a)| format!("{n} <{a}>")).collect();
                    println!("  Cc: {}", cc.join(", "));
                }
                if let Some(view) = views.get(&d.lang)
                    && let Ok(subject) = email::subject(env, view)
                {
                    println!("  Subject: {subject}");
                }
            }
            Channel::Fax { number, gateway } => {
                faxes += 1;
                println!("{}: {state}", label(d));
                match gateway {
                    Some(g) => println!("  Fax: {} via <{g}>", human_number(number)),
                    None => println!(
                        "  Fax: {} (no gateway: print `appeal render {case_id} --lang {} --format fax` and fax it)",
                        human_number(number),
                        d.lang
                    ),
                }
            }
            Channel::Post { file, copy_of } => {
                match copy_of {
                    Some(_) => copies += 1,
                    None => posts += 1,
                }
                println!("{}: by post", label(d));
                if !r.address.is_empty() {
                    println!("  Address: {}", r.address.join(", "));
                } else {
                    println!("  Address: unknown: find it before posting");
                }
                let render = format!(
                    "`appeal render {case_id} --lang {} --format letter`",
                    d.lang
                );
                match copy_of {
                    // A copy has no letter of its own: the file named is one render writes.
                    Some(of) => println!(
                        "  Print: {file} ({render}): the letter to {of}, which names this copy; post a copy of it to this address"
                    ),
                    None => println!("  Print: {file} ({render})"),
                }
            }
        }
    }
    println!(
        "dry run: {emails} email(s), {faxes} fax(es), {posts} letter(s) by post, {copies} copy(ies) by post; {skipped} already sent; add --send to send"
    );
}

/// The message with a DKIM signature in front, when `mail.dkim` is set.
fn sign(
    mut o: Outgoing,
    signer: Option<&crate::deliver::dkim::Signer>,
    time: i64,
) -> Result<Outgoing> {
    if let Some(signer) = signer {
        o.bytes = signer
            .sign(&o.bytes, time)
            .map_err(|e| Error::Config(format!("DKIM signing: {e}")))?;
    }
    Ok(o)
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
