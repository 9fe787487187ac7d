//! `appeal mail CASE --supporters FILE [--only acted|not-acted [--of CASE2]]`: the action alert
//! to every supporter (or those who acted, or did not), in their language.

use crate::app::{mailing, project};
use crate::cli::{MailArgs, Only};
use crate::clock::Clock;
use crate::error::Result;
use std::path::Path;

/// Runs `mail`.
pub fn run(root: &Path, clock: Clock, args: MailArgs) -> Result<()> {
    let (env, case) = project::open_case(root, clock, &args.case)?;
    let (kit, warnings) = mailing::alert(&env, &case, args.delivery.superseded_ok)?;
    super::print_warnings(&super::about_case(&case.value.id, warnings));
    let mut request = super::mailing_request(&args.delivery);
    request.segment = args.only.map(|only| mailing::Wanted {
        only: match only {
            Only::Acted => mailing::Only::Acted,
            Only::NotActed => mailing::Only::NotActed,
        },
        // Of the case mailed about, unless another is named.
        of: args.of.clone().unwrap_or_else(|| args.case.clone()),
    });
    let mut progress = super::MailingProgress::new(&args.delivery);
    mailing::mail(&env, root, kit, &case.value.id, request, &mut progress).map(|_| ())
}
