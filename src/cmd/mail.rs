//! `appeal mail CASE --supporters FILE`: the action alert to every supporter, in their language.

use super::mailing::{self, Options};
use crate::cli::MailArgs;
use crate::clock::Clock;
use crate::deliver::smtp::SendConfig;
use crate::env::Env;
use crate::error::Result;
use crate::render::alert::{AlertKind, AlertKit};
use std::path::Path;

/// Runs `mail`.
pub fn run(root: &Path, clock: Clock, args: MailArgs) -> Result<()> {
    let env = crate::app::project::open(root, clock)?;
    let case = crate::app::project::find_case(&env, &args.case)?;
    let mut warnings = crate::app::project::warnings_about(&env, &case);
    let kit = AlertKit::new(&env, &case, AlertKind::Alert, &mut warnings)?;
    if kit
        .views
        .values()
        .next()
        .and_then(|(v, _)| v.deadline.as_ref())
        .is_some_and(|d| d.passed)
    {
        warnings.push(case.warning(
            "deadline",
            "the deadline has passed: the alert carries a note to check before sending",
        ));
    }
    super::print_warnings(&super::about_case(&case.value.id, warnings));
    let opts = options(&env, root, &args.delivery)?;
    let kit = kit.with_links(opts.links.clone());
    // Held until the mailing ends: a second sending run on this journal stops here.
    let _lock = mailing::lock(&env, &opts)?;
    mailing::run(&env, &kit, &case.value.id, &opts).map(|_| ())
}

/// Mailing options from the shared delivery flags.
pub fn options(env: &Env, root: &Path, d: &crate::cli::DeliveryArgs) -> Result<Options> {
    let mail = env.project.campaign.value.mail.as_ref();
    let smtp = if d.send {
        Some(
            SendConfig::from_settings(
                mail,
                d.smtp.as_deref(),
                d.concurrency,
                d.per_second,
                d.per_hour,
            )?
            .with_timeout(d.timeout),
        )
    } else {
        None
    };
    Ok(Options {
        supporters: d.supporters.clone(),
        send: d.send,
        out: d.out.clone(),
        journal: d
            .journal
            .clone()
            .unwrap_or_else(|| crate::deliver::journal::default_path(root)),
        smtp,
        render_threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        // The return path shows only on the wire: a dry run needs no secret for it.
        verp: if d.send {
            crate::bounces::verp::Verp::from_settings(mail)?
        } else {
            None
        },
        dkim: crate::deliver::dkim::Signer::from_settings(
            mail.and_then(|m| m.dkim.as_ref()),
            root,
        )?,
        suppressions: d
            .suppressions
            .clone()
            .unwrap_or_else(|| crate::deliver::suppressions::default_path(root)),
        list_id: mail.and_then(|m| m.list_id.clone()),
        links: crate::unsubscribe::Links::from_settings(mail, d.send)?.map(std::sync::Arc::new),
    })
}
