//! The command line as clap sees it: raw arguments only. Turning them into a plan is each
//! command's job (`cmd/`).

mod actions;

pub use actions::{ActionsAction, ActionsArgs, Only, ReportArgs, ServeArgs};

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Examples and exit codes, after `--help` (and in the manual page).
pub const AFTER_HELP: &str = "\
Examples:
  appeal check                                  validate everything under appeals/, templates/, locales/
  appeal list --json                            cases with reference, state, languages, deadline
  appeal --today 2018-05-20 render ua-82-18     every format in every language, under out/ua-82-18/
  appeal render ua-82-18 --lang ru --format letter --out letters
  appeal send ua-82-18                          show what would be sent to the authorities (dry run)
  appeal mail ua-82-18 --supporters people.csv  dry run of the supporter mailing; add --send to send
  appeal deadlines --within 7 --ics appeals.ics
  appeal who --on 2026-11-22                    who letters dated that day address, and why
  appeal translations                           which case texts are missing, stale or current
  appeal translations ua-82-18 --export --lang ru --out ru.po
  appeal translations ua-82-18 --import ru.po   write the translated texts back into the case
  appeal init my-campaign                       a project of your own: directory, templates, settings
  appeal new ua-83-18 --target kz/prosecutor-general   start appeals/cases/ua-83-18.yaml
  appeal new ua-82-18-2 --follows ua-82-18      the next update of an action, texts to review
  appeal suppress add someone@example.net       never mail this address again
  appeal serve --listen 127.0.0.1:8025          unsubscribe and \"I sent my appeal\" links, behind HTTPS
  appeal actions import server-actions.tsv      bring the server's actions ledger home
  appeal report ua-82-18                        mailed, acted, unsubscribed, bounced; appeals sent
  appeal mail ua-82-18 --supporters people.csv --only not-acted
                                                a last call, to those who have not acted yet
  appeal doctor                                 DNS records to publish: SPF, DKIM key, DMARC
  appeal bounces --maildir ~/Maildir            read bounces, complaints, unsubscribe mails
  appeal site --out public --base-url https://example.org/actions/
                                                the public action site, every case and language
  appeal completions bash > /etc/bash_completion.d/appeal   complete commands and flags
  appeal man | man -l -                         this manual as a man page

Exit codes:
  0  success
  1  the input has errors (each printed as path:line:col: error: message)
  2  wrong command line (unknown case, bad value) or settings, or another sending run holds the lock
  3  a file could not be read or written
  4  some messages were not delivered, may have been delivered (unknown), or were not tried
  5  deadlines --fail-on-overdue: an open case is past its deadline
  6  bounces: servers refused mail for policy or authentication (5.7.x): fix the sender setup";

/// Urgent-action appeals: letters, faxes, emails and the public document, in every language.
#[derive(Debug, Parser)]
#[command(name = "appeal", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// Project folder (holds appeals/, templates/, locales/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Fix "today" (YYYY-MM-DD, or an RFC 3339 instant) for reproducible output.
    #[arg(long, global = true, value_name = "DATE", allow_hyphen_values = true)]
    pub today: Option<String>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate cases, directory, settings, templates and locales; report every problem.
    Check,
    /// List cases with reference, state, languages and deadline.
    List {
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Render a case: urgent-action document, letters, emails, fax sheets.
    Render(RenderArgs),
    /// Send a case's appeal emails (and faxes via a gateway) to the authorities. Dry run unless --send.
    Send(SendArgs),
    /// Mail the action alert to supporters, each in their language. Dry run unless --send.
    Mail(MailArgs),
    /// Remind supporters of cases closing soon. Dry run unless --send.
    Remind(RemindArgs),
    /// Cases by urgency: send-before date, days left, state; JSON and iCalendar export.
    Deadlines(DeadlinesArgs),
    /// Who letters address: per role, the holder on a date, the basis, contact facts' age.
    Who(WhoArgs),
    /// Translation state of case texts (current, stale, missing); export to and import from
    /// Gettext PO files for translators.
    Translations(TranslationsArgs),
    /// Start a project of your own in a new folder: the bundled directory, templates, locales
    /// and settings to fill in; no cases.
    Init(InitArgs),
    /// Start a case file: appeals/cases/ID.yaml with every field, to fill in; never overwrites.
    New(NewArgs),
    /// The DNS records to publish for supporter mail (SPF, DKIM key, DMARC), and a settings check.
    Doctor(DoctorArgs),
    /// Read the return mailbox: bounces, complaints and unsubscribe mails become suppressions.
    Bounces(BouncesArgs),
    /// The suppression ledger: addresses `mail` and `remind` never write to.
    Suppress(SuppressArgs),
    /// Serve the links in alerts behind an HTTPS proxy: one-click unsubscribe (RFC 8058) and
    /// "I sent my appeal". Also `unsubscribe-server`, its first name.
    #[command(alias = "unsubscribe-server")]
    Serve(ServeArgs),
    /// What happened, per case: supporters mailed, reminded, acted, unsubscribed, bounced,
    /// complaints; appeals sent to each authority. Numbers only, unless --addresses.
    Report(ReportArgs),
    /// The actions ledger ("I sent my appeal"): import the server's.
    Actions(ActionsArgs),
    /// Build the public action site: a page per case and language, indexes, Atom feeds.
    Site(SiteArgs),
    /// Print a shell completion script (bash, zsh or fish) for `appeal`.
    Completions(CompletionsArgs),
    /// Print the manual page (roff), of `appeal` or of one command: `appeal man | man -l -`.
    Man(ManArgs),
}

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The shells `completions` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    /// GNU Bash: `appeal completions bash > /etc/bash_completion.d/appeal`.
    Bash,
    /// Z shell: write it as `_appeal` in a folder of `$fpath`.
    Zsh,
    /// fish: `appeal completions fish > ~/.config/fish/completions/appeal.fish`.
    Fish,
}

/// Arguments of `man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// A command (`check`, `send`, …): its own page; without it, the page of `appeal`.
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

/// Arguments of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The new project's folder: it must not exist yet, or be empty.
    pub dir: PathBuf,
}

/// Arguments of `new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new case's id: lower-case letters, digits and dashes (e.g. ua-83-18).
    pub id: String,
    /// An authority to write to, by its role in appeals/authorities/ (repeat for several).
    #[arg(long = "target", value_name = "ROLE")]
    pub targets: Vec<String>,
    /// The case this document follows: copies its reference, people, targets and texts.
    #[arg(long, value_name = "CASE")]
    pub follows: Option<String>,
    /// The kind of document (default: update with --follows, else new).
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<NewKind>,
}

/// `--kind` of `new`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    /// The first document of an action.
    New,
    /// A numbered update that renews the call.
    Update,
    /// No further appeals needed.
    StopAction,
    /// The case is closed.
    Closure,
}

/// Arguments of `translations`.
#[derive(Debug, Args)]
pub struct TranslationsArgs {
    /// Case id or path to a case file; all cases when not given.
    pub case: Option<String>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
    /// Write the case's texts as a Gettext PO file for translators into --lang.
    #[arg(long, requires = "lang", conflicts_with_all = ["import", "mark_current"])]
    pub export: bool,
    /// The translation language (with --export and --mark-current; --import reads it from the
    /// file).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// With --export: the PO file to write (default: standard output).
    #[arg(long, value_name = "FILE", requires = "export")]
    pub out: Option<PathBuf>,
    /// Read translations from a PO file back into the case file, recording which source text
    /// each was made from.
    #[arg(long, value_name = "FILE", conflicts_with = "mark_current")]
    pub import: Option<PathBuf>,
    /// With --import: also import entries marked fuzzy; their texts stay marked stale.
    #[arg(long, requires = "import")]
    pub fuzzy: bool,
    /// Record that the --lang texts are translations of the current source texts (after
    /// updating them in the case file by hand).
    #[arg(long, requires = "lang")]
    pub mark_current: bool,
    /// With --mark-current: only this field (`summary`, `asks.0`); repeat for more.
    #[arg(long = "field", value_name = "FIELD", requires = "mark_current")]
    pub fields: Vec<String>,
}

/// Arguments of `suppress`.
#[derive(Debug, Args)]
pub struct SuppressArgs {
    /// Suppression ledger (default .appeal/suppressions.tsv under the root).
    #[arg(long, global = true, value_name = "FILE")]
    pub suppressions: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub action: SuppressAction,
}

/// What `suppress` does.
#[derive(Debug, Subcommand)]
pub enum SuppressAction {
    /// Suppress addresses from now on.
    Add {
        /// The addresses.
        #[arg(required = true, value_name = "ADDRESS")]
        addresses: Vec<String>,
        /// Why: unsubscribed, hard-bounce, complaint or manual.
        #[arg(long, default_value = "manual", value_parser = reason)]
        reason: String,
        /// `all` mail, or one list id (mail.list_id).
        #[arg(long, default_value = "all", value_parser = scope)]
        scope: String,
        /// What caused it (a ticket, a person), kept in the ledger.
        #[arg(long, default_value = "appeal suppress add")]
        source: String,
    },
    /// Lift suppressions (every scope, unless --scope).
    Remove {
        /// The addresses.
        #[arg(required = true, value_name = "ADDRESS")]
        addresses: Vec<String>,
        /// Only this scope.
        #[arg(long, value_parser = scope)]
        scope: Option<String>,
    },
    /// Print the active suppressions: address, scope, reason, since, source.
    List {
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Import another ledger (e.g. the unsubscribe server's) or a list of addresses.
    Import {
        /// A suppressions.tsv, or addresses one a line (first CSV/TSV field).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The reason for a plain list of addresses.
        #[arg(long, default_value = "manual", value_parser = reason)]
        reason: String,
        /// The scope for a plain list of addresses.
        #[arg(long, default_value = "all", value_parser = scope)]
        scope: String,
    },
}

/// Arguments of `doctor`.
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Also look the records up in DNS and compare them with what should be published.
    #[arg(long)]
    pub check_dns: bool,
    /// The resolver to ask (IP, or IP:PORT; default: the first nameserver of /etc/resolv.conf).
    #[arg(long, value_name = "ADDR", requires = "check_dns")]
    pub resolver: Option<String>,
}

/// Arguments of `bounces`. Without --imap, --maildir or --mbox: the IMAP mailbox of
/// `bounces.imap` in the settings. Those three exclude each other; every other flag goes with
/// any of them (a group on the struct would take in every field, so only they name it).
#[derive(Debug, Args)]
#[group(skip)]
pub struct BouncesArgs {
    /// An IMAP mailbox: imaps://host[:port][/MAILBOX] (login from bounces.imap in the settings).
    #[arg(long, value_name = "URL", group = "source")]
    pub imap: Option<String>,
    /// A Maildir folder (holding cur/ and new/).
    #[arg(long, value_name = "DIR", group = "source")]
    pub maildir: Option<PathBuf>,
    /// An mbox file (read only).
    #[arg(long, value_name = "FILE", group = "source")]
    pub mbox: Option<PathBuf>,
    /// Move processed messages to this folder instead of only flagging them.
    #[arg(long, value_name = "FOLDER")]
    pub move_to: Option<String>,
    /// Suppression ledger (default .appeal/suppressions.tsv under the root).
    #[arg(long, value_name = "FILE")]
    pub suppressions: Option<PathBuf>,
    /// Journal of sent messages, to attribute reports (default .appeal/journal.tsv).
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
    /// Log of processed messages (default .appeal/bounces.tsv under the root).
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
    /// Seconds each IMAP step may take.
    #[arg(long, value_name = "SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// Let any report naming an address suppress it, even one not shown to be about mail we
    /// sent (no VERP tag of ours, no original Message-ID in the journal): the old rule.
    #[arg(long)]
    pub trust_any: bool,
}

/// Arguments of `site`.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// Output folder; only files whose bytes change are rewritten.
    #[arg(long, default_value = "public", value_name = "DIR")]
    pub out: PathBuf,
    /// The address the site is published at (e.g. https://example.org/actions/), for the
    /// Atom feeds and hreflang links; default: `site.base_url` in the campaign settings.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Leave out the fax PDFs (much faster).
    #[arg(long)]
    pub no_fax: bool,
}

/// Arguments of `who`.
#[derive(Debug, Args)]
pub struct WhoArgs {
    /// The letter date (YYYY-MM-DD); default: --today, else today.
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// Only this role (e.g. kz/prosecutor-general).
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
    /// For open cases: targets addressed differently on the last day to send than today (--on),
    /// or by title alone.
    #[arg(long)]
    pub changes_affect: bool,
}

/// Arguments of `send`.
#[derive(Debug, Args)]
pub struct SendArgs {
    /// Case id or path to a case file.
    pub case: String,
    /// One language for every target, overriding each authority's own (see `languages` and
    /// `authority_language` in the README).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Send again to authorities that already got this case's appeal (in any language).
    #[arg(long)]
    pub again: bool,
    /// Send for real (otherwise only show what would be sent).
    #[arg(long)]
    pub send: bool,
    /// SMTP server, overriding the settings: smtp://host:port or smtps://host:port.
    #[arg(long, value_name = "URL")]
    pub smtp: Option<String>,
    /// Journal of sent messages (default .appeal/journal.tsv under the root).
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
    /// Seconds each SMTP step may take (default: mail.timeout, else 30).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: Option<u64>,
    /// Send an appeal a later document superseded or closed, on purpose (refused otherwise,
    /// exit 2).
    #[arg(long)]
    pub superseded_ok: bool,
}

/// Delivery flags shared by `mail` and `remind`.
#[derive(Debug, Args)]
pub struct DeliveryArgs {
    /// Supporters CSV (email,name,language[,country,...]).
    #[arg(long, value_name = "FILE")]
    pub supporters: PathBuf,
    /// Send for real (otherwise a dry run with a summary).
    #[arg(long)]
    pub send: bool,
    /// Dry run: write every message under DIR/<case>/mail/ (`-`: an mbox on standard output).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// SMTP server, overriding the settings: smtp://host:port or smtps://host:port.
    #[arg(long, value_name = "URL")]
    pub smtp: Option<String>,
    /// Parallel SMTP connections.
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// At most this many messages per second (0.001 to 100000).
    #[arg(long, value_name = "RATE", value_parser = per_second, allow_negative_numbers = true)]
    pub per_second: Option<f64>,
    /// At most this many messages per hour.
    #[arg(long, value_name = "N")]
    pub per_hour: Option<u32>,
    /// Journal of sent messages (default .appeal/journal.tsv under the root).
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
    /// Seconds each SMTP step may take (default: mail.timeout, else 30).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: Option<u64>,
    /// Suppression ledger: addresses never mailed (default .appeal/suppressions.tsv).
    #[arg(long, value_name = "FILE")]
    pub suppressions: Option<PathBuf>,
    /// Actions ledger: who said they sent their appeal (default .appeal/actions.tsv).
    #[arg(long, value_name = "FILE")]
    pub actions: Option<PathBuf>,
    /// Mail about an appeal a later document superseded or closed, on purpose (refused
    /// otherwise, exit 2).
    #[arg(long)]
    pub superseded_ok: bool,
}

/// Arguments of `mail`.
#[derive(Debug, Args)]
pub struct MailArgs {
    /// Case id or path to a case file.
    pub case: String,
    /// Only the supporters who acted (or did not) on the case of --of.
    #[arg(long, value_enum, value_name = "WHO")]
    pub only: Option<Only>,
    /// With --only: the case they acted on (default: CASE itself).
    #[arg(long, value_name = "CASE", requires = "only")]
    pub of: Option<String>,
    /// Delivery flags.
    #[command(flatten)]
    pub delivery: DeliveryArgs,
}

/// Arguments of `remind`.
#[derive(Debug, Args)]
pub struct RemindArgs {
    /// Remind about cases closing within N days (default: closing_soon_days).
    #[arg(long, value_name = "N")]
    pub within: Option<u32>,
    /// Delivery flags.
    #[command(flatten)]
    pub delivery: DeliveryArgs,
}

/// Arguments of `deadlines`.
#[derive(Debug, Args)]
pub struct DeadlinesArgs {
    /// Only deadlines at most N days ahead, or passed at most N days ago (default: all).
    #[arg(long, value_name = "N")]
    pub within: Option<u32>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
    /// Also write an iCalendar file with one event per open deadline.
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
    /// Language of the calendar texts (default: the campaign's default language).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Calendar alarm this many days before the deadline.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub alarm_days: u32,
    /// Exit with code 5 when an open case is past its deadline (for scheduled jobs).
    #[arg(long)]
    pub fail_on_overdue: bool,
}

/// Arguments of `render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Case id (e.g. ua-82-18) or path to a case file.
    pub case: String,
    /// Language(s) to render; all of the case's when not given.
    #[arg(long = "lang", value_name = "LANG")]
    pub langs: Vec<String>,
    /// Format(s): ua, letter, email, fax; all when not given.
    #[arg(long = "format", value_name = "FORMAT")]
    pub formats: Vec<String>,
    /// Output folder; files go under OUT/<case>/<lang>/.
    #[arg(long, default_value = "out", value_name = "DIR")]
    pub out: PathBuf,
}

/// `--per-second`: a rate within [`PER_SECOND`](crate::model::campaign::PER_SECOND).
fn per_second(value: &str) -> Result<f64, String> {
    let range = crate::model::campaign::PER_SECOND;
    let rate: f64 = value
        .parse()
        .map_err(|_| format!("`{value}` is not a number"))?;
    if range.contains(&rate) {
        Ok(rate)
    } else {
        Err(format!(
            "{value} is out of range: give from {} to {} messages a second",
            range.start(),
            range.end()
        ))
    }
}

/// `--reason`: one of the ledger's reasons.
pub fn reason(value: &str) -> std::result::Result<String, String> {
    if crate::deliver::suppressions::REASONS.contains(&value) {
        Ok(value.into())
    } else {
        Err(format!(
            "`{value}` is not a reason; use one of: {}",
            crate::deliver::suppressions::REASONS.join(", ")
        ))
    }
}

/// `--scope`: `all` or a list id (no spaces or tabs).
pub fn scope(value: &str) -> std::result::Result<String, String> {
    if value.is_empty() || value.contains(char::is_whitespace) {
        Err(format!(
            "`{value}`: write `all` or a list id such as urgent-actions.example.org"
        ))
    } else {
        Ok(value.into())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn clap_tree_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }

    #[test]
    fn reasons_and_scopes_are_checked() {
        use super::{reason, scope};
        assert!(reason("hard-bounce").is_ok());
        assert!(reason("bored").unwrap_err().contains("unsubscribed"));
        assert!(scope("all").is_ok());
        assert!(scope("a list").is_err());
        assert_eq!(crate::deliver::suppressions::ALL, "all");
    }
}
