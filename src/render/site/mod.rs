//! The public action site (`appeal site`): per case and language an action page with the ready
//! letter, downloads and a calendar link; per language an index of open actions, an archive and
//! an Atom feed; a language chooser at the root. Pages come from the same views
//! ([`crate::domain::resolve`]), Fluent messages and Tera templates (`templates/site/`) as every other
//! output, and depend only on the inputs and the build date.
//!
//! The pieces: `shared` works out what every page shares (languages, published documents and
//! their chains, the site-wide parts of a page); `action` renders a case's page; `lists` the
//! indexes, feeds and the root; `fingerprint` what a page is made from, so that a build reuses
//! the previous build's page when that has not changed. The action pages are made on every
//! core, and each page's files go to the caller as soon as they are made: memory holds a page
//! per core, never the site.

mod action;
pub mod fingerprint;
mod lists;
mod shared;
mod summary;

pub use shared::{Options, SiteFile};

use crate::env::Env;
use crate::error::{Error, Problem};
use crate::parallel;
use action::action_page;
use fingerprint::{Inputs, PageRecord, Previous};
use lists::{language_pages, root_page};
use shared::shared;
use std::collections::BTreeMap;
use std::path::Path;
use summary::Summary;

/// The templates the site needs, under `templates/`.
pub const SITE_TEMPLATES: [&str; 4] = [
    "site/action.html",
    "site/index.html",
    "site/root.html",
    "site/feed.xml",
];

/// Where a build's files go as they are made (the caller writes them: see `app::site`). It is
/// called from every core at once.
pub type Sink<'a> = dyn Fn(SiteFile) -> Result<(), Error> + Sync + 'a;

/// What a build made.
#[derive(Debug, Default)]
pub struct Built {
    /// Every file of the site but the assets, by path under the output folder: those made and
    /// given to the sink, and those of reused pages and faxes, which the previous build made.
    pub files: Vec<String>,
    /// What each action page was made from and gave, for the next build.
    pub pages: Vec<PageRecord>,
    /// Each fax's fingerprint, by path.
    pub faxes: Vec<(String, String)>,
    /// Action pages made, and reused.
    pub pages_made: usize,
    /// Action pages the previous build made from the same inputs, kept.
    pub pages_reused: usize,
    /// Faxes compiled.
    pub faxes_made: usize,
    /// Faxes the previous build made from the same source, kept.
    pub faxes_reused: usize,
}

/// What became of one action page.
enum Outcome {
    /// Made, its files given to the sink.
    Made(PageRecord, Vec<(String, String)>, usize),
    /// The previous build's, kept.
    Reused(PageRecord),
    /// Not made: a problem in its inputs, with the warnings met.
    Failed(Problem, Vec<Problem>),
    /// Its files could not be written.
    Unwritten(Error),
}

/// Builds every page of the site with its letters, faxes and calendar files (the assets, files
/// the project holds as they are, are the caller's to add), giving each file to `sink` as it
/// is made; an action page whose fingerprint is the one `previous` recorded is not made again
/// (its files are the previous build's). Problems in one page are collected with the others;
/// any error means the build stops, and the files given so far are not to be published.
pub fn build(
    env: &Env,
    opts: &Options,
    inputs: &Inputs,
    previous: &Previous,
    sink: &Sink,
    warnings: &mut Vec<Problem>,
) -> Result<Built, Error> {
    let missing: Vec<Problem> = SITE_TEMPLATES
        .iter()
        .filter(|name| !env.templates.has(name))
        .map(|name| {
            Problem::error(
                Path::new(crate::templates::TEMPLATES_DIR).join(name),
                (0, 0),
                format!(
                    "template `{name}` is missing: `appeal site` needs templates/site/ (copy it from the appeal repository)"
                ),
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(Error::Invalid(missing));
    }
    let shared = shared(env, opts, inputs, previous)?;
    let jobs: Vec<(usize, &str)> = shared
        .entries
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            e.doc
                .value
                .languages
                .iter()
                .filter(|l| shared.langs.contains(l))
                .map(move |l| (i, l.as_str()))
        })
        .collect();
    let outcomes = parallel::map(&jobs, |&(i, lang)| page(&shared, i, lang, sink));
    let mut built = Built::default();
    let mut summaries: BTreeMap<String, Vec<Summary>> = BTreeMap::new();
    let mut errors = Vec::new();
    for outcome in outcomes {
        let record = match outcome {
            Outcome::Made(record, faxes, made) => {
                built.pages_made += 1;
                built.faxes_made += made;
                built.faxes_reused += faxes.len() - made;
                built.faxes.extend(faxes);
                record
            }
            Outcome::Reused(record) => {
                built.pages_reused += 1;
                let faxes: Vec<(String, String)> = record
                    .files
                    .iter()
                    .filter_map(|f| Some((f.clone(), previous.faxes.get(f)?.clone())))
                    .collect();
                built.faxes_reused += faxes.len();
                built.faxes.extend(faxes);
                record
            }
            Outcome::Failed(problem, w) => {
                warnings.extend(w);
                errors.push(problem);
                continue;
            }
            Outcome::Unwritten(e) => return Err(e),
        };
        warnings.extend(record.warnings.iter().cloned());
        built.files.extend(record.files.iter().cloned());
        let mut summary = record.summary.clone();
        summary.days_left = record.days_left;
        let lang = record.page.split('/').next().unwrap_or_default();
        summaries.entry(lang.to_string()).or_default().push(summary);
        built.pages.push(record);
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let mut lists = Vec::new();
    for lang in &shared.langs {
        let list = summaries.remove(lang).unwrap_or_default();
        lists.extend(language_pages(&shared, lang, list).map_err(|p| Error::Invalid(vec![p]))?);
    }
    lists.push(root_page(&shared).map_err(|p| Error::Invalid(vec![p]))?);
    for file in lists {
        built.files.push(file.path.clone());
        sink(file)?;
    }
    Ok(built)
}

/// Entry `i`'s page in `lang`: the previous build's when made from the same inputs, else made
/// and given to `sink`.
fn page(shared: &shared::Shared, i: usize, lang: &str, sink: &Sink) -> Outcome {
    let key = format!("{lang}/{}", shared.entries[i].doc.value.id);
    let fingerprint = shared.fingerprint(i, lang);
    if let (Some(fp), Some(record)) = (&fingerprint, shared.previous.pages.get(&key))
        && record.fingerprint == *fp
    {
        return Outcome::Reused(record.clone());
    }
    let mut warnings = Vec::new();
    let out = match action_page(shared, i, lang, &mut warnings) {
        Ok(out) => out,
        Err(p) => return Outcome::Failed(p, warnings),
    };
    let made = out.faxes_made();
    let mut files: Vec<String> = out.files.iter().map(|f| f.path.clone()).collect();
    files.extend(out.kept.iter().cloned());
    for file in out.files {
        if let Err(e) = sink(file) {
            return Outcome::Unwritten(e);
        }
    }
    let days_left = out.summary.days_left;
    let record = PageRecord {
        page: key,
        // Without a fingerprint the page is made every time: an empty one matches none.
        fingerprint: fingerprint.unwrap_or_default(),
        files,
        summary: out.summary,
        days_left,
        warnings,
    };
    Outcome::Made(record, out.faxes, made)
}
