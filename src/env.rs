//! The loaded environment every command works in: the project's files, the locales and the
//! templates, each loaded once per process, plus the clock. Data only: judging it is
//! `validate`'s job, opening it for a command `app::project`'s.

use crate::clock::Clock;
use crate::error::Problem;
use crate::i18n::Locales;
use crate::load::{self, Project};
use crate::model::Case;
use crate::templates::Templates;
use std::path::Path;
use std::sync::Arc;

/// Everything loaded (and, once `app::project::open` returns it, validated).
pub struct Env {
    /// Cases, directory, settings.
    pub project: Project,
    /// Fluent bundles.
    pub locales: Arc<Locales>,
    /// Tera templates.
    pub templates: Templates,
    /// "Now".
    pub clock: Clock,
    /// Warnings found while loading and validating.
    pub warnings: Vec<Problem>,
}

/// Loads without judging: the project (if it parsed), locales, templates and every problem.
pub fn load_all(root: &Path) -> (Option<Project>, Arc<Locales>, Templates, Vec<Problem>) {
    let (project, mut problems) = load::load_project(root);
    let (locales, locale_problems) = Locales::load(root);
    problems.extend(locale_problems);
    let locales = Arc::new(locales);
    let (templates, template_problems) = Templates::load(root, locales.clone());
    problems.extend(template_problems);
    (project, locales, templates, problems)
}

impl Env {
    /// Today in a case's time zone (its deadline's, else the campaign's).
    pub fn today_for(&self, case: &Case) -> chrono::NaiveDate {
        self.clock.today_in(case.zone(&self.project.campaign.value))
    }

    /// Today in the campaign's time zone.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today_in(self.project.campaign.value.zone())
    }
}
