//! `appeal bounces --imap URL | --maildir DIR | --mbox FILE`: reads the organisation's return
//! mailbox ([`crate::app::bounces`]) and prints a summary per reason; exits 6 when servers
//! refused mail for policy or authentication (5.7.x), since then the organisation's own setup
//! is wrong.

use crate::app::bounces::{self, COMPLAINT_BUDGET, Options, Report};
use crate::cli::BouncesArgs;
use crate::clock::Clock;
use crate::error::{Error, Result};
use std::path::Path;
use std::time::Duration;

/// Runs `bounces`.
pub fn run(root: &Path, clock: Clock, args: BouncesArgs) -> Result<()> {
    let options = Options {
        imap: args.imap,
        maildir: args.maildir,
        mbox: args.mbox,
        move_to: args.move_to,
        suppressions: args.suppressions,
        journal: args.journal,
        log: args.log,
        timeout: Duration::from_secs(args.timeout),
        trust_any: args.trust_any,
    };
    let report = bounces::run(root, clock, &options)?;
    print_summary(&report);
    let policy = &report.summary.policy;
    if !policy.is_empty() {
        eprintln!();
        eprintln!(
            "appeal: SENDER SETUP: receiving servers refused mail for policy or authentication \
             (5.7.x). This is not about the supporters' addresses (none was suppressed): \
             receivers do not trust the organisation's mail. Their replies:"
        );
        for p in policy {
            eprintln!("  {} {}: {}", p.address, p.status, p.reply);
        }
        return Err(Error::SenderSetup(policy.len()));
    }
    Ok(())
}

fn print_summary(report: &Report) {
    let s = &report.summary;
    let n = |k: &str| s.by_outcome.get(k).copied().unwrap_or(0);
    let new = |k: &str| s.suppressed.get(k).copied().unwrap_or(0);
    say!(
        "{}: {} message(s), {} already processed, {} new",
        report.mailbox,
        s.messages,
        s.already,
        s.messages - s.already
    );
    say!(
        "  hard bounces: {} (newly suppressed: {})",
        n("hard"),
        new("hard-bounce").saturating_sub(s.soft_limit_reached.len())
    );
    say!(
        "  soft bounces: {} ({} address(es) reached {} within {} days: suppressed)",
        n("soft"),
        s.soft_limit_reached.len(),
        report.soft_limit,
        report.soft_days
    );
    for a in &s.soft_limit_reached {
        say!("    {a}");
    }
    say!(
        "  complaints: {} (newly suppressed: {})",
        n("complaint"),
        new("complaint")
    );
    if let Some(rate) = report.complaint_rate() {
        say!(
            "    complaint rate: {} in the last 30 days against {} message(s) in the \
             journal: {:.3}% (providers' limit {:.1}%)",
            s.complaints_30_days,
            report.sent,
            rate * 100.0,
            COMPLAINT_BUDGET * 100.0
        );
        if rate >= COMPLAINT_BUDGET {
            eprintln!(
                "appeal: warning: the complaint rate is over the {:.1}% that Gmail and Yahoo \
                 tolerate: mail alerts only to supporters who asked for them, and make \
                 unsubscribing easy to find",
                COMPLAINT_BUDGET * 100.0
            );
        }
    }
    say!(
        "  unsubscribe mails: {} (newly suppressed: {})",
        n("unsubscribed"),
        new("unsubscribed")
    );
    say!("  notices (delayed, delivered, relayed): {}", n("notice"));
    if n("policy") > 0 {
        say!(
            "  refused for policy or authentication (5.7.x): {}",
            n("policy")
        );
    }
    say!("  marked processed: {}", s.marked);
    say!(
        "  left alone (not understood, nothing changed): {}",
        s.left_alone.len()
    );
    for l in &s.left_alone {
        say!("    {} \"{}\": {}", l.key, l.subject, l.reason);
    }
    for l in &s.too_large {
        eprintln!(
            "appeal: warning: {} \"{}\": {}; it stays in the mailbox as it is",
            l.key, l.subject, l.reason
        );
    }
}
