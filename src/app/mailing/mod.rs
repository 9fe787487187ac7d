//! Supporter mailings, for `mail` (the action alert) and `remind` (cases closing soon): each
//! supporter in the file gets one message in their language, written (dry run) or sent
//! through the outbox with the journal, and each case's run ends with a [`Report`]. Nothing
//! here prints: the command's [`Observer`] shows the run as it goes.

mod duplicates;
mod engine;
mod options;
mod output;
mod remind;
mod report;
mod segment;

pub use duplicates::line_count;
pub use engine::run;
pub use options::{Options, Out, Output, Request};
pub use remind::{Reminded, remind};
pub use report::{EXAMPLES_PER_KIND, LISTED, Report, Sent};
pub use segment::{Only, Segment, Wanted};

use crate::deliver::smtp::Outcome;
use crate::env::Env;
use crate::error::{Problem, Result};
use crate::load::Doc;
use crate::model::Case;
use crate::render::alert::{AlertKind, AlertKit};
use std::path::Path;
use std::time::Instant;

/// What a mailing tells as it runs, for the command to show: progress, each message that
/// went wrong, and each case's report. `row`, `rows_so_far` and `trouble` come from the
/// workers, at once.
pub trait Observer: Sync {
    /// A warning about the run's settings, before any row flows (a dry run's links without
    /// the token secret).
    fn warning(&mut self, message: &str);
    /// The supporters file is open: its rows are about to flow.
    fn rows_begin(&mut self, supporters: &Path);
    /// A worker took the next row.
    fn row(&self);
    /// `n` rows have gone into the pipeline since `since` (counted while the run goes on).
    fn rows_so_far(&self, n: u64, since: Instant);
    /// A message was not delivered, or may not have been: `label` names it.
    fn trouble(&self, label: &str, outcome: &Outcome);
    /// The last row is done.
    fn rows_end(&mut self);
    /// One case's mailing ended: its report (before the error, if its messages were not all
    /// rendered or delivered).
    fn mailed(&mut self, report: &Report);
}

/// The action alert for `case` (for a stop action or closure, its outcome notice), ready to
/// mail, and the warnings to show before mailing it: the case's own, and a note when its
/// deadline has passed. An appeal a later document superseded or closed is refused (exit 2)
/// unless `superseded_ok`.
pub fn alert(env: &Env, case: &Doc<Case>, superseded_ok: bool) -> Result<(AlertKit, Vec<Problem>)> {
    let replaced = crate::app::project::refuse_unless_live(env, case, superseded_ok)?;
    let mut warnings = crate::app::project::warnings_about(env, case);
    warnings.extend(replaced);
    let kit = AlertKit::new(env, case, AlertKind::Alert, &mut warnings)?;
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
    Ok((kit, warnings))
}

/// `mail`: the alert to every supporter, with the settings the request needs read first.
pub fn mail(
    env: &Env,
    root: &Path,
    kit: AlertKit,
    case_id: &str,
    request: Request,
    observer: &mut dyn Observer,
) -> Result<Report> {
    let opts = Options::resolve(env, root, request, observer)?;
    let kit = kit.with_links(opts.links.clone());
    // Held until the mailing ends: a second sending run on this journal stops here.
    let _lock = opts.lock(env)?;
    run(env, &kit, case_id, &opts, opts.segment.as_ref(), observer)
}
