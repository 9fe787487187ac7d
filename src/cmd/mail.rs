//! `appeal mail CASE --supporters FILE`: the action alert to every supporter, in their language.

use crate::app::{mailing, project};
use crate::cli::MailArgs;
use crate::clock::Clock;
use crate::error::Result;
use std::path::Path;

/// Runs `mail`.
pub fn run(root: &Path, clock: Clock, args: MailArgs) -> Result<()> {
    let (env, case) = project::open_case(root, clock, &args.case)?;
    let (kit, warnings) = mailing::alert(&env, &case, args.delivery.superseded_ok)?;
    super::print_warnings(&super::about_case(&case.value.id, warnings));
    let request = super::mailing_request(&args.delivery);
    let mut progress = super::MailingProgress::new(&args.delivery);
    mailing::mail(&env, root, kit, &case.value.id, request, &mut progress).map(|_| ())
}
