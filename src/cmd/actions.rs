//! `appeal actions import FILE`: the server's actions ledger into this one
//! ([`crate::app::actions`]); prints what changed.

use crate::app::actions;
use crate::cli::{ActionsAction, ActionsArgs};
use crate::clock::Clock;
use crate::deliver::actions::default_path;
use crate::error::Result;
use std::path::Path;

/// Runs `actions`.
pub fn run(root: &Path, _clock: Clock, args: ActionsArgs) -> Result<()> {
    let ledger = args.actions.unwrap_or_else(|| default_path(root));
    match args.action {
        ActionsAction::Import { file } => {
            let done = actions::import(&ledger, &file)?;
            say!(
                "imported: {} action(s) of {} from {} ({} already here); ledger {}",
                done.imported,
                done.total,
                file.display(),
                done.total - done.imported,
                ledger.display()
            );
        }
    }
    Ok(())
}
