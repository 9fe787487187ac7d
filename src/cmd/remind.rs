//! `appeal remind --supporters FILE [--within N]`: remind supporters of every case closing
//! within N days, through the same engine and journal as `mail` (one reminder per supporter
//! per deadline).

use crate::app::mailing;
use crate::cli::RemindArgs;
use crate::clock::Clock;
use crate::error::Result;
use std::path::Path;

/// Runs `remind`.
pub fn run(root: &Path, clock: Clock, args: RemindArgs) -> Result<()> {
    let request = super::mailing_request(&args.delivery);
    let mut progress = super::MailingProgress::new(&args.delivery);
    let superseded_ok = args.delivery.superseded_ok;
    let reminded = mailing::remind(
        root,
        clock,
        args.within,
        superseded_ok,
        request,
        &mut progress,
    )?;
    super::print_warnings(&reminded.warnings);
    if reminded.due == 0 {
        say!(
            "no open case closes within {} day(s): nothing to remind",
            reminded.within
        );
    }
    match reminded.failure {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
