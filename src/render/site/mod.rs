//! The public action site (`appeal site`): per case and language an action page with the ready
//! letter, downloads and a calendar link; per language an index of open actions, an archive and
//! an Atom feed; a language chooser at the root. Pages come from the same views
//! ([`crate::domain::resolve`]), Fluent messages and Tera templates (`templates/site/`) as every other
//! output, are rendered in memory, and depend only on the inputs and the build date.
//!
//! The pieces: `shared` works out what every page shares (languages, published documents and
//! their chains, the site-wide parts of a page); `action` renders a case's page; `lists` the
//! indexes, feeds and the root. The action pages are rendered on every core.

mod action;
mod lists;
mod shared;

pub use shared::{Options, SiteFile};

use crate::env::Env;
use crate::error::{Error, Problem};
use crate::render::parallel;
use action::action_page;
use lists::{Summary, language_pages, root_page};
use shared::shared;
use std::collections::BTreeMap;
use std::path::Path;

/// The templates the site needs, under `templates/`.
pub const SITE_TEMPLATES: [&str; 4] = [
    "site/action.html",
    "site/index.html",
    "site/root.html",
    "site/feed.xml",
];

/// Builds every page of the site in memory, with its letters, faxes and calendar files (the
/// assets, files the project holds as they are, are the caller's to add). Problems in one
/// page are collected with the others; any error means nothing is returned.
pub fn build(
    env: &Env,
    opts: &Options,
    warnings: &mut Vec<Problem>,
) -> Result<Vec<SiteFile>, Error> {
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
    let shared = shared(env, opts)?;
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
    let results = parallel::map(&jobs, |&(i, lang)| {
        let mut w = Vec::new();
        (action_page(&shared, i, lang, &mut w), w)
    });
    let mut files = Vec::new();
    let mut summaries: BTreeMap<String, Vec<Summary>> = BTreeMap::new();
    let mut errors = Vec::new();
    for (result, w) in results {
        warnings.extend(w);
        match result {
            Ok(page) => {
                files.extend(page.files);
                summaries.entry(page.lang).or_default().push(page.summary);
            }
            Err(p) => errors.push(p),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    for lang in &shared.langs {
        let list = summaries.remove(lang).unwrap_or_default();
        files.extend(language_pages(&shared, lang, list).map_err(|p| Error::Invalid(vec![p]))?);
    }
    files.push(root_page(&shared).map_err(|p| Error::Invalid(vec![p]))?);
    Ok(files)
}
