//! `appeal send CASE`: the case's appeal to its authorities, each once, in one language it
//! reads (see [`crate::domain::dispatch`]): emails, and faxes through an email-to-fax gateway when one
//! is configured. A dry run by default, listing every email (To, Cc, subject, language), fax
//! and letter to post; `--send` sends. The journal remembers which authority got which case's
//! appeal at which address, whatever the language, so a later run never mails it again unless
//! `--again` says so.

use crate::app::send::{self, Decision, Planned, label};
use crate::cli::SendArgs;
use crate::clock::Clock;
use crate::deliver::smtp::Outcome;
use crate::domain::dispatch::Channel;
use crate::domain::phone::human_number;
use crate::error::Result;
use std::path::Path;

/// Runs `send`.
pub fn run(root: &Path, clock: Clock, args: SendArgs) -> Result<()> {
    let (env, case) = crate::app::project::open_case(root, clock, &args.case)?;
    if let Some(lang) = &args.lang {
        crate::app::render::plan(&case.value.languages, std::slice::from_ref(lang), &[])?;
    }
    let request = send::Request {
        lang: args.lang,
        again: args.again,
        send: args.send,
        smtp: args.smtp,
        journal: args.journal,
        timeout: args.timeout,
        superseded_ok: args.superseded_ok,
    };
    let mut plan = send::plan(&env, root, &case, &request)?;
    let warnings = std::mem::take(&mut plan.warnings);
    super::print_warnings(&super::about_case(&plan.case_id, warnings));
    if !request.send {
        print_dry_run(&plan.case_id, &plan.planned);
        return Ok(());
    }
    print_by_hand(&plan.planned);
    if plan.to_send().next().is_none() {
        say!("nothing to send");
        return Ok(());
    }
    send::send(&env, &plan, &request, &mut print_outcome)
}

/// What a sending run leaves out: messages sent before, letters to post.
fn print_by_hand(planned: &[Planned]) {
    for p in planned
        .iter()
        .filter(|p| matches!(p.decision, Decision::Sent))
    {
        say!(
            "already sent: {} (add --again to send it again)",
            label(&p.delivery)
        );
    }
    for p in planned.iter().filter(|p| p.outgoing.is_none()) {
        match &p.delivery.channel {
            Channel::Post {
                file,
                copy_of: None,
            } => say!("by post: {}: print {file}", label(&p.delivery)),
            Channel::Post {
                file,
                copy_of: Some(of),
            } => say!(
                "by post: {}: print {file} (the letter to {of}, which names this copy) and post it to this address too",
                label(&p.delivery)
            ),
            _ => {}
        }
    }
}

/// One message's outcome, as soon as the journal has it.
fn print_outcome(label: &str, outcome: &Outcome) {
    match outcome {
        Outcome::Accepted { attempts: 1 } => say!("accepted: {label}"),
        Outcome::Accepted { attempts } => {
            say!("accepted after {attempts} attempts: {label}")
        }
        Outcome::AlreadySent => say!("already sent: {label}"),
        Outcome::AlreadyUnknown => {
            say!("already sent, outcome unknown (journal): {label}; check it arrived")
        }
        Outcome::Unknown { reason } => say!("unknown: {label}: {reason}"),
        Outcome::NotAttempted => say!("not attempted: {label}"),
        Outcome::Failed { reason, .. } => say!("not delivered: {label}: {reason}"),
    }
}

/// Prints exactly what would go where: each email with To, Cc, subject and language, each fax
/// with its number and gateway, each letter to post with its file.
fn print_dry_run(case_id: &str, planned: &[Planned]) {
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
                say!("{}: {state}", label(d));
                let to: Vec<String> = to
                    .iter()
                    .map(|a| format!("{} <{a}>", r.display_name()))
                    .collect();
                say!("  To: {}", to.join(", "));
                if !cc.is_empty() {
                    let cc: Vec<String> = cc.iter().map(|(n, a)| format!("{n} <{a}>")).collect();
                    say!("  Cc: {}", cc.join(", "));
                }
                if let Some(subject) = &p.subject {
                    say!("  Subject: {subject}");
                }
            }
            Channel::Fax { number, gateway } => {
                faxes += 1;
                say!("{}: {state}", label(d));
                match gateway {
                    Some(g) => say!("  Fax: {} via <{g}>", human_number(number)),
                    None => say!(
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
                say!("{}: by post", label(d));
                if !r.address.is_empty() {
                    say!("  Address: {}", r.address.join(", "));
                } else {
                    say!("  Address: unknown: find it before posting");
                }
                let render = format!(
                    "`appeal render {case_id} --lang {} --format letter`",
                    d.lang
                );
                match copy_of {
                    // A copy has no letter of its own: the file named is one render writes.
                    Some(of) => say!(
                        "  Print: {file} ({render}): the letter to {of}, which names this copy; post a copy of it to this address"
                    ),
                    None => say!("  Print: {file} ({render})"),
                }
            }
        }
    }
    say!(
        "dry run: {emails} email(s), {faxes} fax(es), {posts} letter(s) by post, {copies} copy(ies) by post; {skipped} already sent; add --send to send"
    );
}
