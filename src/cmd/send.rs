//! `appeal send CASE`: the case's appeal emails to the authorities (and fax PDFs through an
//! email-to-fax gateway when one is configured). A dry run by default; `--send` sends, once:
//! the journal remembers every accepted message.

use crate::cli::SendArgs;
use crate::clock::Clock;
use crate::deliver::journal::{self, Journal};
use crate::deliver::lock::RunLock;
use crate::deliver::smtp::{self, Outcome, Outgoing, RateLimiter, SendConfig, Tally};
use crate::env::Env;
use crate::error::Result;
use crate::render::{email, fax};
use crate::resolve;
use std::path::Path;

/// Runs `send`.
pub fn run(root: &Path, clock: Clock, args: SendArgs) -> Result<()> {
    let env = Env::load(root, clock)?;
    let case = env.find_case(&args.case)?;
    let plan = super::render::plan(&case.value.languages, &args.langs, &[])?;
    let mail = env.project.campaign.value.mail.as_ref();
    let gateway = mail.and_then(|m| m.fax_gateway.clone());
    let today = env.today_for(&case.value);
    let mut warnings = env.warnings.clone();
    let mut outgoing = Vec::new();
    for lang in &plan.langs {
        let view = resolve::view(
            &env.project,
            &env.locales,
            &case,
            lang,
            today,
            &mut warnings,
        )?;
        for r in &view.targets {
            if r.emails.is_empty() {
                warnings.push(crate::error::Problem::warning(
                    format!("appeals/authorities/{}.yaml", r.role),
                    (1, 1),
                    format!("`{}` has no known email address: skipped", r.role),
                ));
            } else {
                let message = email::build(&env, &view, r, &r.emails, None)?;
                outgoing.push(outgoing_of(
                    &case.value.id,
                    &format!("email:{lang}:{}", r.role),
                    message,
                    format!("{lang} email to {} <{}>", r.title, r.emails.join(", ")),
                ));
            }
            match (&r.fax, &gateway) {
                (Some(number), Some(pattern)) => {
                    let address = pattern.replace("{number}", number.trim_start_matches('+'));
                    let pdf = fax::fax_pdf(&env, &view, r)?;
                    let message = email::build(&env, &view, r, std::slice::from_ref(&address), Some((format!("fax-{}.pdf", r.slug), pdf)))?;
                    outgoing.push(outgoing_of(&case.value.id, &format!("fax:{lang}:{}", r.role), message, format!("{lang} fax to {} {number} via <{address}>", r.title)));
                }
                (Some(number), None) if lang == &plan.langs[0] => warnings.push(crate::error::Problem::warning(
                    "appeals/campaign.yaml",
                    (1, 1),
                    format!("no mail.fax_gateway: the fax to {} ({number}) must be sent by hand (`appeal render --format fax`)", r.role),
                )),
                _ => {}
            }
        }
    }
    super::print_warnings(&warnings);
    if !args.send {
        let journal = Journal::read_only(
            &args
                .journal
                .clone()
                .unwrap_or_else(|| super::mailing::default_journal(root)),
        )?;
        for m in &outgoing {
            let state = if journal.contains(&m.key) {
                "already sent"
            } else {
                "would send"
            };
            println!("{state}: {} [{}]", m.label, m.message_id);
        }
        println!("dry run: {} message(s); add --send to send", outgoing.len());
        return Ok(());
    }
    let cfg = SendConfig::from_settings(mail, args.smtp.as_deref(), None, None, None)?
        .with_timeout(args.timeout);
    let journal_path = args
        .journal
        .clone()
        .unwrap_or_else(|| super::mailing::default_journal(root));
    // Held for the whole run: a second sending run on this journal stops here, with exit 2.
    let _lock = RunLock::acquire(&journal_path, &env.clock)?;
    let mut connection = smtp::preflight(&cfg.target()?)?;
    let journal = Journal::open(&journal_path)?;
    let limiter = RateLimiter::new(cfg.per_second, cfg.per_hour);
    let tally = Tally::default();
    for m in &outgoing {
        match smtp::deliver(&mut connection, &cfg, &limiter, &journal, &tally, m)? {
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
    match tally.error(outgoing.len()) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn outgoing_of(case: &str, kind: &str, message: lettre::Message, label: String) -> Outgoing {
    let message_id = message
        .headers()
        .get_raw("Message-ID")
        .unwrap_or_default()
        .to_string();
    Outgoing {
        key: journal::key(case, kind, ""),
        label,
        envelope: message.envelope().clone(),
        bytes: message.formatted(),
        message_id,
    }
}
