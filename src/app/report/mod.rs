//! `appeal report [CASE]`: what came of the mailings, per case (and per language, with the
//! supporters file): supporters mailed, reminded, acted (and what share of those mailed),
//! unsubscribed, bounced and complained, the appeals sent to each authority, and the actions
//! day by day. Numbers only: addresses are listed only when asked (`--addresses`), and then
//! only those the supporters file matches to the actions' fingerprints.
//!
//! Everything comes from the records the program keeps, each read by its own reader: the
//! journal (who was sent what), the suppression ledger (who left, bounced or complained) and
//! the actions ledger (who said they sent their appeal). The journal and the suppression ledger
//! are not kept per case, so a supporter counts as unsubscribed (bounced, complained) for a
//! case when they were mailed or reminded about it and are suppressed for that reason now.

mod people;
mod tally;

pub use people::Person;

use crate::error::{Error, Result};
use crate::unsubscribe::Tokens;
use chrono::NaiveDate;
use people::People;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tally::Tally;

/// What `report` is asked.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// One case (id, or its case file's path); every case with records when `None`.
    pub case: Option<String>,
    /// The supporters file: counts per language, and whom `addresses` lists.
    pub supporters: Option<PathBuf>,
    /// List who acted, by address (needs `supporters`).
    pub addresses: bool,
    /// The journal (default `.appeal/journal.tsv`).
    pub journal: Option<PathBuf>,
    /// The suppression ledger (default `.appeal/suppressions.tsv`).
    pub suppressions: Option<PathBuf>,
    /// The actions ledger (default `.appeal/actions.tsv`).
    pub actions: Option<PathBuf>,
}

/// The supporters' side of one case, or of one language of it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Supporters sent the alert (accepted or of unknown outcome, as the journal has it).
    pub mailed: u64,
    /// Supporters sent at least one reminder.
    pub reminded: u64,
    /// Supporters who said they sent their appeal ("I sent my appeal").
    pub acted: u64,
    /// Of those mailed or reminded, supporters who unsubscribed.
    pub unsubscribed: u64,
    /// Of those mailed or reminded, supporters whose address bounced hard.
    pub bounced: u64,
    /// Of those mailed or reminded, supporters who marked the mail as spam.
    pub complaints: u64,
}

impl Counts {
    /// `acted` as a share of `mailed`, in percent; `None` when nobody was mailed.
    pub fn acted_percent(&self) -> Option<f64> {
        (self.mailed > 0).then(|| 100.0 * self.acted as f64 / self.mailed as f64)
    }
}

/// Appeals sent to one authority for a case (each message the journal has, resends too).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Sent {
    /// Emails.
    pub email: u64,
    /// Faxes.
    pub fax: u64,
}

/// One case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseReport {
    /// The case id.
    pub case: String,
    /// Every supporter.
    pub totals: Counts,
    /// By the language of the supporters file (`unknown`: an address or action it does not
    /// have); empty without the file.
    pub by_language: BTreeMap<String, Counts>,
    /// Appeals sent, by authority role.
    pub authorities: BTreeMap<String, Sent>,
    /// Actions by the day they were first recorded (in the campaign's time zone).
    pub days: BTreeMap<NaiveDate, u64>,
    /// Who acted and on which day, when asked (`--addresses`): the supporters file's people
    /// whose fingerprint the ledger holds, in file order.
    pub addresses: Vec<(Person, NaiveDate)>,
}

/// What `report` found.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// One entry per case, by id.
    pub cases: Vec<CaseReport>,
}

/// The language key of supporters the supporters file does not have.
pub const UNKNOWN_LANGUAGE: &str = "unknown";

/// Reads the records of the project at `root` and counts.
pub fn run(root: &Path, request: &Request) -> Result<Report> {
    let (project, problems) = crate::load::load_project(root);
    let settings_problems = crate::load::settings_errors(&problems);
    let Some(project) = project.filter(|_| settings_problems.is_empty()) else {
        return Err(Error::Invalid(settings_problems));
    };
    let campaign = &project.campaign.value;
    let wanted = request.case.as_deref().map(case_id);
    let path = |given: &Option<PathBuf>, default: fn(&Path) -> PathBuf| {
        given.clone().unwrap_or_else(|| default(root))
    };
    // One key for the address hashes of the records and of the supporters file.
    let hasher = std::hash::RandomState::new();
    let mut tally = Tally::new(wanted.clone(), hasher.clone());
    tally.journal(&path(
        &request.journal,
        crate::deliver::journal::default_path,
    ))?;
    tally.suppressions(&path(
        &request.suppressions,
        crate::deliver::suppressions::default_path,
    ))?;
    tally.actions(
        &path(&request.actions, crate::deliver::actions::default_path),
        campaign.zone(),
    )?;
    let people = match &request.supporters {
        Some(file) => {
            let tokens = campaign
                .mail
                .as_ref()
                .map(Tokens::from_settings)
                .transpose()?
                .flatten();
            if tokens.is_none() && (request.addresses || tally.any_actions()) {
                return Err(Error::Config(
                    "matching actions to the supporters file needs the token secret: set \
                     mail.token_secret_env (or mail.token_secret_command), the same as \
                     `appeal serve` uses"
                        .into(),
                ));
            }
            Some(People::read(
                file,
                &hasher,
                tally.everyone(),
                tokens.as_ref(),
                request.addresses,
            )?)
        }
        None => None,
    };
    let known = project
        .cases
        .iter()
        .any(|c| Some(&c.value.id) == wanted.as_ref());
    if let Some(id) = &wanted
        && !known
        && !tally.has(id)
    {
        return Err(Error::Usage(format!(
            "no case `{id}` in the project or in the records: give a case id (`appeal list`)"
        )));
    }
    Ok(Report {
        cases: tally.into_cases(people.as_ref()),
    })
}

/// A case id, or the id of a case file's path (`appeals/cases/ua-82-18.yaml` → `ua-82-18`).
fn case_id(given: &str) -> String {
    let path = Path::new(given);
    match path.extension().and_then(|e| e.to_str()) {
        Some("yaml" | "yml") => path
            .file_stem()
            .map_or(given.to_string(), |s| s.to_string_lossy().into_owned()),
        _ => given.to_string(),
    }
}
