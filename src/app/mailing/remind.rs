//! `remind`: every case closing within N days, through the same engine and journal as the
//! alert (one reminder per supporter per deadline), to those who have not said they acted.

use super::{Observer, Only, Options, Request, Segment, run};
use crate::clock::Clock;
use crate::domain::life::{self, Life, State};
use crate::error::{Error, Problem, Result};
use crate::render::alert::{AlertKind, AlertKit};
use std::path::Path;

/// What `remind` did, beyond each case's report (given to the observer as each ends).
pub struct Reminded {
    /// The window, in days.
    pub within: u32,
    /// Cases closing within it: each was reminded of.
    pub due: usize,
    /// Warnings about the cases reminded of, each naming its case.
    pub warnings: Vec<Problem>,
    /// The first case's error, if a mailing failed (the others still ran).
    pub failure: Option<Error>,
}

/// Reminds supporters of every case of the project at `root` closing within `within` days
/// (default `closing_soon_days`); a superseded or closed appeal only with `superseded_ok`.
/// Every case is read to know its state, but only those reminded of are judged and resolved:
/// a mistake in another case stops nothing, and one reminded of whose own file has errors is
/// left out (its errors are the run's failure) while the others are reminded of.
pub fn remind(
    root: &Path,
    clock: Clock,
    within: Option<u32>,
    superseded_ok: bool,
    request: Request,
    observer: &mut dyn Observer,
) -> Result<Reminded> {
    // A case reminded of whose own file has errors is left out (reported once the others
    // are done); the others still go out.
    let (env, left_out) = crate::app::project::open_cases(root, clock, |project, clock, case| {
        let within = within.unwrap_or(project.campaign.value.closing_soon_days);
        let today = clock.today_in(case.value.zone(&project.campaign.value));
        due(&life::at(project, case, today, within), superseded_ok)
    })?;
    let env = &env;
    let within = within.unwrap_or(env.project.campaign.value.closing_soon_days);
    let opts = Options::resolve(env, root, request, observer)?;
    // One lock for every case's mailing: the lock is per open file, so one per case would
    // refuse itself.
    let _lock = opts.lock(env)?;
    let mut reminded = Reminded {
        within,
        due: 0,
        warnings: Vec::new(),
        failure: None,
    };
    for case in &env.project.cases {
        // Only live appeals closing soon; with `--superseded-ok`, also those a later document
        // replaced whose own deadline is close.
        if !due(&life::of_within(env, case, within), superseded_ok) {
            continue;
        }
        reminded.due += 1;
        // Only the cases reminded of are warned about, each by name.
        let mut found = crate::app::project::warnings_about(env, case);
        // A replaced appeal reminded of on purpose says so.
        found.extend(crate::app::project::refuse_unless_live(env, case, true)?);
        let kit = AlertKit::new(env, case, AlertKind::Reminder, &mut found);
        let id = &case.value.id;
        reminded
            .warnings
            .extend(found.into_iter().map(|p| p.with_case(id)));
        let kit = kit?.with_links(opts.links.clone());
        // Whoever said they sent their appeal on this case is not reminded of it.
        let acted = Segment::of(&opts.actions, id, Only::NotActed, opts.tokens.clone())?;
        if let Err(e) = run(env, &kit, id, &opts, Some(&acted), observer) {
            reminded.failure.get_or_insert(e);
        }
    }
    if !left_out.is_empty() {
        reminded.due += left_out.len();
        let problems = left_out.into_iter().flatten().collect();
        reminded.failure.get_or_insert(Error::Invalid(problems));
    }
    Ok(reminded)
}

/// Whether a case in `life` is reminded of: a live appeal closing soon; with `superseded_ok`,
/// also one a later document replaced whose own deadline is close.
fn due(life: &Life, superseded_ok: bool) -> bool {
    life.state == State::ClosingSoon
        || (superseded_ok
            && life.purpose.calls_to_act()
            && life.replaced.is_some()
            && life.by_deadline == State::ClosingSoon)
}
