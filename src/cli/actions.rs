//! The arguments of the commands around the links in alerts: the server (`serve`), what came
//! of a mailing (`report`), the actions ledger (`actions`), and `mail --only`.

use clap::{Args, Subcommand};
use std::path::PathBuf;

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on (plain HTTP: put it behind an HTTPS reverse proxy).
    #[arg(long, default_value = "127.0.0.1:8025", value_name = "ADDR")]
    pub listen: String,
    /// Suppression ledger to record unsubscriptions in (default .appeal/suppressions.tsv).
    #[arg(long, value_name = "FILE")]
    pub suppressions: Option<PathBuf>,
    /// Actions ledger to record "I sent my appeal" in (default .appeal/actions.tsv).
    #[arg(long, value_name = "FILE")]
    pub actions: Option<PathBuf>,
}

/// Arguments of `actions`.
#[derive(Debug, Args)]
pub struct ActionsArgs {
    /// Actions ledger (default .appeal/actions.tsv under the root).
    #[arg(long, global = true, value_name = "FILE")]
    pub actions: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub action: ActionsAction,
}

/// What `actions` does.
#[derive(Debug, Subcommand)]
pub enum ActionsAction {
    /// Append the records of another actions ledger (the server's) this one lacks.
    Import {
        /// An actions.tsv, as `appeal serve` writes it.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

/// Arguments of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// One case (id or path); every case when not given.
    pub case: Option<String>,
    /// Machine-readable output.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// A table for spreadsheets.
    #[arg(long)]
    pub csv: bool,
    /// Also list who acted, by address (matched in --supporters).
    #[arg(long, requires = "supporters")]
    pub addresses: bool,
    /// Supporters CSV: counts per language, and the addresses of --addresses.
    #[arg(long, value_name = "FILE")]
    pub supporters: Option<PathBuf>,
    /// Journal of sent messages (default .appeal/journal.tsv under the root).
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
    /// Suppression ledger (default .appeal/suppressions.tsv under the root).
    #[arg(long, value_name = "FILE")]
    pub suppressions: Option<PathBuf>,
    /// Actions ledger (default .appeal/actions.tsv under the root).
    #[arg(long, value_name = "FILE")]
    pub actions: Option<PathBuf>,
}

/// `--only` of `mail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Only {
    /// Those who said they sent their appeal (the actions ledger).
    Acted,
    /// Those who did not.
    NotActed,
}
