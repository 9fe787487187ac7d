//! `appeal bounces`: reads the organisation's return mailbox (IMAP, Maildir or mbox) and turns
//! hard bounces, repeated soft bounces, complaints and unsubscribe mails into suppressions
//! ([`crate::bounces`]); reports what it did, and the refusals for policy or authentication
//! (5.7.x) that say the organisation's own setup is wrong.

use crate::bounces::classify::Rules;
use crate::bounces::files::{Maildir, Mbox};
use crate::bounces::imap::{Imap, Target};
use crate::bounces::verp::Verp;
use crate::bounces::{self, Context, Mailbox, Summary, log};
use crate::clock::Clock;
use crate::deliver::{journal, suppressions};
use crate::error::{Error, Result};
use crate::model::campaign::{BounceSettings, ImapSettings};
use crate::unsubscribe::Tokens;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Soft bounces that suppress, by default...
pub const SOFT_LIMIT: u32 = 3;
/// ...within this many days.
pub const SOFT_DAYS: u32 = 30;

/// Complaint rate above which mailbox providers junk or refuse bulk mail (Gmail, Yahoo, 2024).
pub const COMPLAINT_BUDGET: f64 = 0.003;

/// What the command asks for. Without `imap`, `maildir` or `mbox`: the IMAP mailbox of
/// `bounces.imap` in the settings.
#[derive(Debug, Default)]
pub struct Options {
    /// An IMAP mailbox URL.
    pub imap: Option<String>,
    /// A Maildir folder.
    pub maildir: Option<PathBuf>,
    /// An mbox file (read only).
    pub mbox: Option<PathBuf>,
    /// Move processed messages to this folder instead of only flagging them.
    pub move_to: Option<String>,
    /// The suppression ledger (default: the project's).
    pub suppressions: Option<PathBuf>,
    /// The sending journal (default: the project's).
    pub journal: Option<PathBuf>,
    /// The processed log (default: the project's).
    pub log: Option<PathBuf>,
    /// How long each IMAP step may take.
    pub timeout: Duration,
    /// Let any report naming an address suppress it, shown to be ours or not (`--trust-any`).
    pub trust_any: bool,
}

/// What a run did.
#[derive(Debug)]
pub struct Report {
    /// The mailbox read, for people (no password).
    pub mailbox: String,
    /// What was found and done.
    pub summary: Summary,
    /// Soft bounces that suppress...
    pub soft_limit: usize,
    /// ...within this many days.
    pub soft_days: i64,
    /// Messages in the sending journal.
    pub sent: u64,
}

impl Report {
    /// Complaints of the last 30 days per message in the journal; `None` when it holds none.
    pub fn complaint_rate(&self) -> Option<f64> {
        (self.sent > 0).then(|| self.summary.complaints_30_days as f64 / self.sent as f64)
    }
}

/// Runs `bounces`.
pub fn run(root: &Path, clock: Clock, options: &Options) -> Result<Report> {
    let env = super::project::open(root, clock)?;
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
    let ctx = Context {
        rules,
        tokens: tokens.as_ref(),
        verp: verp.as_ref(),
        journal: options
            .journal
            .clone()
            .unwrap_or_else(|| journal::default_path(root)),
        ledger: options
            .suppressions
            .clone()
            .unwrap_or_else(|| suppressions::default_path(root)),
        trust_any: options.trust_any,
        soft_limit: settings.soft_limit.unwrap_or(SOFT_LIMIT).max(1) as usize,
        soft_days: i64::from(settings.soft_days.unwrap_or(SOFT_DAYS).max(1)),
        now: clock.now(),
    };
    let log_path = options
        .log
        .clone()
        .unwrap_or_else(|| log::default_path(root));
    // One reader at a time: two would both see a message as new.
    let _lock = crate::deliver::lock::RunLock::acquire(&log_path, &clock)?;
    let mut mailbox = open_mailbox(root, &settings, options)?;
    let summary = bounces::run(mailbox.as_mut(), &ctx, &log_path)?;
    let described = mailbox.describe();
    drop(mailbox);
    Ok(Report {
        mailbox: described,
        soft_limit: ctx.soft_limit,
        soft_days: ctx.soft_days,
        sent: summary.journal_messages,
        summary,
    })
}

/// The mailbox the options name, else the settings' IMAP mailbox.
fn open_mailbox(
    root: &Path,
    settings: &BounceSettings,
    options: &Options,
) -> Result<Box<dyn Mailbox>> {
    let move_to = options.move_to.as_deref();
    if let Some(dir) = &options.maildir {
        return Ok(Box::new(Maildir::open(dir, move_to)?));
    }
    if let Some(file) = &options.mbox {
        if move_to.is_some() {
            return Err(Error::Usage(
                "--move-to: an mbox is read only; the processed log keeps its messages from \
                 being processed twice"
                    .into(),
            ));
        }
        return Ok(Box::new(Mbox::open(file)?));
    }
    let imap = settings.imap.as_ref();
    let url = options
        .imap
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
    Ok(Box::new(Imap::connect(
        &target,
        &imap.username,
        &password,
        ca_file.as_deref(),
        options.timeout,
        move_to,
    )?))
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
