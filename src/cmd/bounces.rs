//! `appeal bounces --imap URL | --maildir DIR | --mbox FILE`: reads the organisation's return
//! mailbox and turns hard bounces, repeated soft bounces, complaints and unsubscribe mails into
//! suppressions; prints a summary per reason; exits 6 when servers refused mail for policy or
//! authentication (5.7.x), since then the organisation's own setup is wrong.

use crate::bounces::classify::Rules;
use crate::bounces::files::{Maildir, Mbox};
use crate::bounces::imap::{Imap, Target};
use crate::bounces::verp::Verp;
use crate::bounces::{self, Context, Mailbox, Summary, log};
use crate::cli::BouncesArgs;
use crate::clock::Clock;
use crate::deliver::suppressions;
use crate::error::{Error, Result};
use crate::model::campaign::ImapSettings;
use crate::unsubscribe::Tokens;
use std::path::Path;
use std::time::Duration;

/// Soft bounces that suppress, by default...
pub const SOFT_LIMIT: u32 = 3;
/// ...within this many days.
pub const SOFT_DAYS: u32 = 30;

/// Complaint rate above which mailbox providers junk or refuse bulk mail (Gmail, Yahoo, 2024).
pub const COMPLAINT_BUDGET: f64 = 0.003;

/// Runs `bounces`.
pub fn run(root: &Path, clock: Clock, args: BouncesArgs) -> Result<()> {
    let env = crate::app::project::open(root, clock)?;
    let campaign = &env.project.campaign.value;
    let mail = campaign.mail.as_ref();
    let settings = campaign.bounces.clone().unwrap_or_default();
    let tokens = match mail {
        Some(m) => Tokens::from_settings(m)?,
        None => None,
    };
    let verp = Verp::from_settings(mail)?;
    let rules = Rules::new(
        mail.and_then(|m| m.unsubscribe.as_ref())
            .and_then(|u| u.mailto.as_deref()),
        mail.and_then(|m| m.verp.as_deref()),
    );
    let journal = args
        .journal
        .clone()
        .unwrap_or_else(|| crate::deliver::journal::default_path(root));
    let ctx = Context {
        rules,
        tokens: tokens.as_ref(),
        verp: verp.as_ref(),
        journal: journal.clone(),
        ledger: args
            .suppressions
            .clone()
            .unwrap_or_else(|| suppressions::default_path(root)),
        soft_limit: settings.soft_limit.unwrap_or(SOFT_LIMIT).max(1) as usize,
        soft_days: i64::from(settings.soft_days.unwrap_or(SOFT_DAYS).max(1)),
        now: clock.now(),
    };
    let log_path = args.log.clone().unwrap_or_else(|| log::default_path(root));
    // One reader at a time: two would both see a message as new.
    let _lock = crate::deliver::lock::RunLock::acquire(&log_path, &clock)?;
    let mut mailbox: Box<dyn Mailbox> = match (&args.maildir, &args.mbox, &args.imap) {
        (Some(dir), _, _) => Box::new(Maildir::open(dir, args.move_to.as_deref())?),
        (_, Some(file), _) => {
            if args.move_to.is_some() {
                return Err(Error::Usage(
                    "--move-to: an mbox is read only; the processed log keeps its messages from \
                     being processed twice"
                        .into(),
                ));
            }
            Box::new(Mbox::open(file)?)
        }
        (_, _, url) => {
            let imap = settings.imap.as_ref();
            let url = url
                .clone()
                .or_else(|| imap.map(|i| i.url.clone()))
                .ok_or_else(|| {
                    Error::Usage(
                        "say where the bounces are: --imap URL, --maildir DIR or --mbox FILE (or \
                     set bounces.imap in appeals/campaign.yaml)"
                            .into(),
                    )
                })?;
            let imap = imap.ok_or_else(|| {
                Error::Config(
                    "--imap needs bounces.imap.username and password_env (or \
                     password_command) in appeals/campaign.yaml"
                        .into(),
                )
            })?;
            let target = Target::parse(&url)?;
            let password = password(imap)?;
            let ca_file = imap.ca_file.as_ref().map(|f| root.join(f));
            Box::new(Imap::connect(
                &target,
                &imap.username,
                &password,
                ca_file.as_deref(),
                Duration::from_secs(args.timeout),
                args.move_to.as_deref(),
            )?)
        }
    };
    let summary = bounces::run(mailbox.as_mut(), &ctx, &log_path)?;
    let described = mailbox.describe();
    drop(mailbox);
    print_summary(&described, &summary, &ctx, sent_count(&journal));
    if !summary.policy.is_empty() {
        eprintln!();
        eprintln!(
            "appeal: SENDER SETUP: receiving servers refused mail for policy or authentication \
             (5.7.x). This is not about the supporters' addresses (none was suppressed): \
             receivers do not trust the organisation's mail. Their replies:"
        );
        for p in &summary.policy {
            eprintln!("  {} {}: {}", p.address, p.status, p.reply);
        }
        return Err(Error::SenderSetup(summary.policy.len()));
    }
    Ok(())
}

/// The IMAP password: the environment variable first, then the command.
fn password(imap: &ImapSettings) -> Result<String> {
    let source = crate::deliver::secret::Source {
        env: imap.password_env.as_deref(),
        command: imap.password_command.as_deref(),
        command_name: "bounces.imap.password_command",
        empty_is_unset: false,
        command_errors: crate::deliver::secret::CommandErrors::Shown,
    };
    source.read()?.ok_or_else(|| {
        Error::Config(format!(
            "no IMAP password: export {} or set bounces.imap.password_command",
            imap.password_env
                .as_deref()
                .unwrap_or("APPEAL_IMAP_PASSWORD")
        ))
    })
}

/// Messages in the journal (accepted or unknown): the denominator of the complaint rate.
fn sent_count(journal: &Path) -> u64 {
    use std::io::BufRead;
    let Ok(file) = std::fs::File::open(journal) else {
        return 0;
    };
    std::io::BufReader::new(file)
        .lines()
        .map_while(std::result::Result::ok)
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .count() as u64
}

fn print_summary(described: &str, s: &Summary, ctx: &Context<'_>, sent: u64) {
    let n = |k: &str| s.by_outcome.get(k).copied().unwrap_or(0);
    let new = |k: &str| s.suppressed.get(k).copied().unwrap_or(0);
    println!(
        "{described}: {} message(s), {} already processed, {} new",
        s.messages,
        s.already,
        s.messages - s.already
    );
    println!(
        "  hard bounces: {} (newly suppressed: {})",
        n("hard"),
        new("hard-bounce").saturating_sub(s.soft_limit_reached.len())
    );
    println!(
        "  soft bounces: {} ({} address(es) reached {} within {} days: suppressed)",
        n("soft"),
        s.soft_limit_reached.len(),
        ctx.soft_limit,
        ctx.soft_days
    );
    for a in &s.soft_limit_reached {
        println!("    {a}");
    }
    println!(
        "  complaints: {} (newly suppressed: {})",
        n("complaint"),
        new("complaint")
    );
    if sent > 0 {
        let rate = s.complaints_30_days as f64 / sent as f64;
        println!(
            "    complaint rate: {} in the last 30 days against {sent} message(s) in the \
             journal: {:.3}% (providers' limit {:.1}%)",
            s.complaints_30_days,
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
    println!(
        "  unsubscribe mails: {} (newly suppressed: {})",
        n("unsubscribed"),
        new("unsubscribed")
    );
    println!("  notices (delayed, delivered, relayed): {}", n("notice"));
    if n("policy") > 0 {
        println!(
            "  refused for policy or authentication (5.7.x): {}",
            n("policy")
        );
    }
    println!("  marked processed: {}", s.marked);
    println!(
        "  left alone (not understood, nothing changed): {}",
        s.left_alone.len()
    );
    for l in &s.left_alone {
        println!("    {} \"{}\": {}", l.key, l.subject, l.reason);
    }
}
