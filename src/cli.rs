//! The command line as clap sees it: raw arguments only. Turning them into a plan is each
//! command's job (`cmd/`).

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Examples:
  appeal check                                  validate everything under appeals/, templates/, locales/
  appeal list --json                            cases with reference, state, languages, deadline
  appeal --today 2018-05-20 render ua-82-18     every format in every language, under out/ua-82-18/
  appeal render ua-82-18 --lang ru --format letter --out letters
  appeal send ua-82-18                          show what would be sent to the authorities (dry run)
  appeal mail ua-82-18 --supporters people.csv  dry run of the supporter mailing; add --send to send
  appeal deadlines --within 7 --ics appeals.ics
  appeal who --on 2026-11-22                    who letters dated that day address, and why
  appeal site --out public --base-url https://example.org/actions/
                                                the public action site, every case and language

Exit codes:
  0  success
  1  the input has errors (each printed as path:line:col: error: message)
  2  wrong command line (unknown case, bad value) or settings, or another sending run holds the lock
  3  a file could not be read or written
  4  some messages were not delivered, may have been delivered (unknown), or were not tried
  5  deadlines --fail-on-overdue: an open case is past its deadline";

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
    /// Build the public action site: a page per case and language, indexes, Atom feeds.
    Site(SiteArgs),
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
}

/// Arguments of `mail`.
#[derive(Debug, Args)]
pub struct MailArgs {
    /// Case id or path to a case file.
    pub case: String,
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
    /// "Closing soon" means within N days (default: closing_soon_days, 7).
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

#[cfg(test)]
mod tests {
    #[test]
    fn clap_tree_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
