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
    with_texts(root, load::load_project(root))
}

/// [`load_all`] but the case files (see [`load::load_base`]): the caller reads what it needs
/// of them.
pub fn load_base(root: &Path) -> (Option<Project>, Arc<Locales>, Templates, Vec<Problem>) {
    with_texts(root, load::load_base(root))
}

/// `loaded` with the locales and templates, and their problems.
fn with_texts(
    root: &Path,
    (project, mut problems): (Option<Project>, Vec<Problem>),
) -> (Option<Project>, Arc<Locales>, Templates, Vec<Problem>) {
    let (locales, locale_problems) = Locales::load(root);
    problems.extend(locale_problems);
    let locales = Arc::new(locales);
    let (templates, template_problems) = Templates::load(root, locales.clone());
    problems.extend(template_problems);
    (project, locales, templates, problems)
}

impl Env {
    /// An environment from parts already loaded, from disk ([`load_all`]) or from memory
    /// ([`Locales::from_sources`], [`Templates::from_sources`]), with no warnings yet.
    pub fn from_parts(
        project: Project,
        locales: Arc<Locales>,
        templates: Templates,
        clock: Clock,
    ) -> Env {
        Env {
            project,
            locales,
            templates,
            clock,
            warnings: Vec::new(),
        }
    }

    /// Today in a case's time zone (its deadline's, else the campaign's).
    pub fn today_for(&self, case: &Case) -> chrono::NaiveDate {
        self.clock.today_in(case.zone(&self.project.campaign.value))
    }

    /// Today in the campaign's time zone.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today_in(self.project.campaign.value.zone())
    }
}

#[cfg(test)]
/// The sample project for unit tests, its templates and locales held in memory.
pub mod testing {
    use super::*;
    use std::collections::BTreeMap;
    use std::sync::OnceLock;

    /// The repository's own project: the sample cases and the shipped templates and locales.
    fn repo() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    /// The shipped templates by name (`alert.txt`, `site/action.html`, `fax.typ`) and the
    /// shipped locales by language.
    type Sources = (
        Vec<(String, String)>,
        BTreeMap<String, Vec<(String, String)>>,
    );

    /// The shipped sources, read once per test run.
    fn sources() -> &'static Sources {
        static SOURCES: OnceLock<Sources> = OnceLock::new();
        SOURCES.get_or_init(|| {
            let dir = repo().join(crate::templates::TEMPLATES_DIR);
            let mut templates: Vec<(String, String)> = crate::templates::template_files(&dir)
                .into_iter()
                .chain([dir.join(crate::templates::FAX_LAYOUT)])
                .map(|path| {
                    let name = path
                        .strip_prefix(&dir)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned();
                    (name, std::fs::read_to_string(&path).unwrap())
                })
                .collect();
            templates.sort();
            let mut locales = BTreeMap::new();
            for lang in std::fs::read_dir(repo().join(crate::i18n::LOCALES_DIR)).unwrap() {
                let lang = lang.unwrap().path();
                let files = std::fs::read_dir(&lang)
                    .unwrap()
                    .map(|f| {
                        let f = f.unwrap().path();
                        let name = f.file_name().unwrap().to_string_lossy().into_owned();
                        (name, std::fs::read_to_string(&f).unwrap())
                    })
                    .collect();
                let name = lang.file_name().unwrap().to_string_lossy().into_owned();
                locales.insert(name, files);
            }
            (templates, locales)
        })
    }

    /// The sample project on `today` (`2018-05-20`), with each template named in `swapped`
    /// replaced by (or, for a new name, added with) the text given; nothing is copied or
    /// written.
    pub fn sample(today: &str, swapped: &[(&str, &str)]) -> Env {
        let (templates, locales) = sources();
        let (locales, problems) = Locales::from_sources(locales.clone());
        assert!(problems.is_empty(), "{problems:?}");
        let locales = Arc::new(locales);
        let mut templates = templates.clone();
        for (name, text) in swapped {
            match templates.iter_mut().find(|(n, _)| n == name) {
                Some(found) => found.1 = text.to_string(),
                None => templates.push((name.to_string(), text.to_string())),
            }
        }
        let (templates, problems) = Templates::from_sources(templates, locales.clone());
        assert!(problems.is_empty(), "{problems:?}");
        let (project, problems) = load::load_project(repo());
        assert!(!problems.iter().any(Problem::is_error), "{problems:?}");
        let clock = Clock::parse(today).unwrap();
        Env::from_parts(project.unwrap(), locales, templates, clock)
    }
}
