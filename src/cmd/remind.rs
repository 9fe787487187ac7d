//! `appeal remind --supporters FILE [--within N]`: remind supporters of every case closing
//! within N days, through the same engine and journal as `mail` (one reminder per supporter
//! per deadline).

use super::mailing;
use crate::cli::RemindArgs;
use crate::clock::Clock;
use crate::domain::deadline::State;
use crate::error::Result;
use crate::render::alert::{AlertKind, AlertKit};
use std::path::Path;

/// Runs `remind`.
pub fn run(root: &Path, clock: Clock, args: RemindArgs) -> Result<()> {
    let env = crate::app::project::open(root, clock)?;
    let within = args
        .within
        .unwrap_or(env.project.campaign.value.closing_soon_days);
    let mut warnings = Vec::new();
    let opts = super::mail::options(&env, root, &args.delivery)?;
    // One lock for every case's mailing: the lock is per open file, so one per case would
    // refuse itself.
    let _lock = mailing::lock(&env, &opts)?;
    let mut due = 0;
    let mut failure = None;
    for case in &env.project.cases {
        if crate::domain::deadline::status(&env, case, within).1 != State::ClosingSoon {
            continue;
        }
        due += 1;
        // Only the cases reminded of are warned about, each by name.
        let mut found = crate::app::project::warnings_about(&env, case);
        let kit = AlertKit::new(&env, case, AlertKind::Reminder, &mut found);
        warnings.extend(super::about_case(&case.value.id, found));
        let kit = kit?.with_links(opts.links.clone());
        if let Err(e) = mailing::run(&env, &kit, &case.value.id, &opts) {
            failure.get_or_insert(e);
        }
    }
    super::print_warnings(&warnings);
    if due == 0 {
        println!("no open case closes within {within} day(s): nothing to remind");
    }
    match failure {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
