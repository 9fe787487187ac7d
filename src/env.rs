//! The loaded environment every command works in: the project's files, the locales and the
//! templates, each loaded once per process, plus the clock.

use crate::clock::Clock;
use crate::error::{Error, Problem, Result};
use crate::i18n::Locales;
use crate::load::{self, Doc, Project};
use crate::model::Case;
use crate::templates::Templates;
use crate::validate;
use std::path::Path;
use std::sync::Arc;

/// Everything loaded and validated.
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
    /// Loads and validates; any error stops here with every problem listed.
    pub fn load(root: &Path, clock: Clock) -> Result<Env> {
        let (project, locales, templates, mut problems) = load_all(root);
        if let Some(project) = &project {
            problems.extend(validate::validate_for_commands(
                project, &locales, &templates, &clock,
            ));
        }
        match project {
            Some(project) if !problems.iter().any(Problem::is_error) => Ok(Env {
                project,
                locales,
                templates,
                clock,
                warnings: problems,
            }),
            _ => Err(Error::Invalid(problems)),
        }
    }

    /// Finds a case by id, or loads it from a path; unknown ids get a "did you mean".
    pub fn find_case(&self, wanted: &str) -> Result<Doc<Case>> {
        if let Some(doc) = self.project.cases.iter().find(|c| c.value.id == wanted) {
            return Ok(doc.clone());
        }
        let path = Path::new(wanted);
        if path.extension().is_some_and(|e| e == "yaml" || e == "yml") && path.is_file() {
            let canonical = path.canonicalize().ok();
            if let Some(doc) = self
                .project
                .cases
                .iter()
                .find(|c| self.project.root.join(&c.file.path).canonicalize().ok() == canonical)
            {
                return Ok(doc.clone());
            }
            let doc = load::load_case_file(&self.project.root, path)
                .map_err(|p| Error::Invalid(vec![p]))?;
            let problems = validate::validate_extra_case(&self.project, &self.locales, &doc);
            if problems.iter().any(Problem::is_error) {
                return Err(Error::Invalid(problems));
            }
            return Ok(doc);
        }
        let ids = self.project.cases.iter().map(|c| c.value.id.as_str());
        Err(Error::Usage(format!(
            "no case `{wanted}`{}; `appeal list` shows the cases",
            crate::error::suggestion(wanted, ids)
        )))
    }

    /// A case document's deadline and its state today, with "closing soon" meaning within
    /// `within` days.
    pub fn status(
        &self,
        doc: &Doc<Case>,
        within: u32,
    ) -> (Option<crate::deadline::Resolved>, crate::deadline::State) {
        let resolved = crate::deadline::resolve(&self.project, doc).ok().flatten();
        let superseded = crate::deadline::is_superseded(&self.project, &doc.value);
        let state = crate::deadline::state(
            &doc.value,
            superseded,
            resolved.as_ref(),
            self.today_for(&doc.value),
            within,
        );
        (resolved, state)
    }

    /// The warnings about `case`, each naming it: its own, those of the authorities it writes
    /// to or copies, and project-wide ones (settings, templates, locales). Warnings about other
    /// cases, and about directory entries only other cases use, are left out.
    pub fn warnings_about(&self, case: &Doc<Case>) -> Vec<Problem> {
        let c = &case.value;
        let used: Vec<&Path> = c
            .targets
            .iter()
            .chain(&c.copies)
            .filter_map(|r| self.project.authorities.get(&r.role))
            .map(|a| a.file.path.as_path())
            .collect();
        let directory = Path::new(load::APPEALS_DIR);
        self.warnings
            .iter()
            .filter(|p| !p.is_error())
            .filter_map(|p| match &p.case {
                Some(id) if *id == c.id => Some(p.clone()),
                Some(_) => None,
                None if used.contains(&p.path.as_path()) => Some(p.clone().with_case(&c.id)),
                None if p.path.starts_with(directory)
                    && p.path != directory.join("campaign.yaml") =>
                {
                    None
                }
                None => Some(p.clone()),
            })
            .collect()
    }

    /// Today in a case's deadline time zone.
    pub fn today_for(&self, case: &Case) -> chrono::NaiveDate {
        let tz = case
            .deadline
            .as_ref()
            .and_then(|d| d.time_zone.as_deref())
            .unwrap_or(&self.project.campaign.value.time_zone)
            .parse()
            .unwrap_or(chrono_tz::Asia::Almaty);
        self.clock.today_in(tz)
    }
}
