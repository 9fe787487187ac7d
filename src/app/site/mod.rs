//! Building the public action site into a folder, published all at once (see [`publish`]):
//! the new state is staged beside the folder as it is made and replaces it in one step, so a
//! web server serves the old site whole or the new one whole. A page made from the same inputs
//! as the previous build's is not made again, nor a fax from the same source (see [`record`]):
//! an unchanged rebuild writes nothing, and a changed case remakes its own pages.

pub mod publish;
pub mod record;

use crate::clock::Clock;
use crate::env::Env;
use crate::error::{Error, Problem, Result};
use crate::load::digests;
use crate::render::site::fingerprint::Inputs;
use crate::render::site::{self, Options, SiteFile};
use publish::Publisher;
use std::path::Path;

pub use publish::MANIFEST;

/// The folders under the root whose files the site is made from.
const INPUT_DIRS: [&str; 3] = [
    crate::load::APPEALS_DIR,
    crate::templates::TEMPLATES_DIR,
    crate::i18n::LOCALES_DIR,
];

/// Files copied as they are to `OUT/assets/` (style sheet, script, images), under the project
/// root.
pub const ASSETS_DIR: &str = "templates/site/assets";

/// What `appeal site` is asked to do.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The output folder.
    pub out: &'a Path,
    /// `--base-url`, which wins over the settings' `site.base_url`.
    pub base_url: Option<String>,
    /// Whether to render the fax PDFs.
    pub fax: bool,
}

/// What a build wrote.
#[derive(Debug, PartialEq, Eq)]
pub struct Report {
    /// Files in the site.
    pub files: usize,
    /// What writing them changed.
    pub written: Written,
    /// Action pages made, and reused from the previous build (made from the same inputs).
    pub pages: (usize, usize),
    /// Faxes compiled, and reused from the previous build (made from the same source).
    pub faxes: (usize, usize),
}

/// What a write changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Files created or rewritten.
    pub written: usize,
    /// Files already as they should be.
    pub unchanged: usize,
    /// Files of an earlier build removed.
    pub removed: usize,
}

/// Builds the site of the project at `root` and publishes it in `request.out`. Files are
/// written into the staging folder as they are made; `show_warnings` gets the warnings once
/// the site is built and before it is published, so they are seen even when publishing fails.
pub fn run(
    root: &Path,
    clock: Clock,
    request: &Request,
    show_warnings: impl FnOnce(&[Problem]),
) -> Result<Report> {
    // The inputs' digests are taken before they are read: a file changed during the build is
    // recorded as it was before, so the next build makes its pages again.
    let inputs = Inputs::new(&digests::project_files(root, &INPUT_DIRS));
    let env = crate::app::project::open(root, clock)?;
    let mut warnings = env.warnings.clone();
    let opts = Options {
        base_url: site_address(&env, request.base_url.clone(), &mut warnings)?,
        fax: request.fax,
        acted: acted_counts(&env)?,
    };
    let publisher = Publisher::new(request.out)?;
    let previous = record::read(publisher.published());
    let sink = |file: SiteFile| publisher.put(&file);
    let built = match site::build(&env, &opts, &inputs, &previous, &sink, &mut warnings) {
        Ok(built) => built,
        Err(e @ Error::Invalid(_)) => return Err(e),
        Err(e) => {
            show_warnings(&warnings);
            return Err(e);
        }
    };
    let mut files = built.files.clone();
    for file in assets(&env.project.root)? {
        files.push(file.path.clone());
        publisher.put(&file)?;
    }
    show_warnings(&warnings);
    publisher.put_own(record::INPUTS, record::text(&built, &publisher).as_bytes())?;
    let written = publisher.commit(&files)?;
    Ok(Report {
        files: files.len(),
        written,
        pages: (built.pages_made, built.pages_reused),
        faxes: (built.faxes_made, built.faxes_reused),
    })
}

/// With `site.counter` on: the people who said they sent their appeal, per case (each once),
/// from the project's actions ledger, as a page may show them (rounded down to
/// `site.counter_step`, nothing below it). Off: none.
fn acted_counts(env: &Env) -> Result<std::collections::BTreeMap<String, u64>> {
    let site = env.project.campaign.value.site.as_ref();
    let Some(site) = site.filter(|s| s.counter) else {
        return Ok(Default::default());
    };
    let step = site
        .counter_step
        .unwrap_or(crate::model::campaign::MIN_COUNTER_STEP);
    let ledger = crate::deliver::actions::default_path(&env.project.root);
    let mut seen = std::collections::HashSet::new();
    let mut counts: std::collections::BTreeMap<String, u64> = Default::default();
    crate::deliver::actions::read(&ledger, |a| {
        if seen.insert((a.case.to_string(), a.fingerprint)) {
            *counts.entry(a.case.to_string()).or_default() += 1;
        }
    })?;
    Ok(counts
        .into_iter()
        .filter_map(|(case, n)| Some((case, crate::domain::public_count::public_count(n, step)?)))
        .collect())
}

/// The address the site is published at: `--base-url`, else the settings'; without one, a
/// warning says what is left out.
fn site_address(
    env: &Env,
    given: Option<String>,
    warnings: &mut Vec<Problem>,
) -> Result<Option<String>> {
    let configured = env
        .project
        .campaign
        .value
        .site
        .as_ref()
        .and_then(|s| s.base_url.clone());
    match given.or(configured) {
        Some(url) => Ok(Some(base_url(&url)?)),
        None => {
            warnings.push(Problem::warning(
                "appeals/campaign.yaml",
                (0, 0),
                "no site address: the Atom feeds and hreflang links are left out; give --base-url or `site: {base_url: https://…/}`",
            ));
            Ok(None)
        }
    }
}

/// Checks and normalises a base URL: http(s), ending in `/`.
pub fn base_url(url: &str) -> Result<String> {
    let trimmed = url.trim();
    let ok = (trimmed.starts_with("https://") || trimmed.starts_with("http://"))
        && trimmed.len() > "https://".len()
        && !trimmed.contains(char::is_whitespace)
        && !trimmed.contains(['?', '#', '"', '<', '>']);
    if !ok {
        return Err(Error::Usage(format!(
            "site address `{url}` is not an http(s) URL like https://example.org/actions/"
        )));
    }
    Ok(if trimmed.ends_with('/') {
        trimmed.to_string()
    } else {
        format!("{trimmed}/")
    })
}

/// The files under [`ASSETS_DIR`], for `OUT/assets/`.
fn assets(root: &Path) -> Result<Vec<SiteFile>> {
    let dir = root.join(ASSETS_DIR);
    let mut out = Vec::new();
    let mut pending = vec![dir.clone()];
    while let Some(d) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match crate::load::walk_kind(&entry) {
                Some(crate::load::WalkKind::Dir) => pending.push(path),
                Some(_) => {
                    let rel = path
                        .strip_prefix(&dir)
                        .unwrap_or(&path)
                        .to_string_lossy()
                        .replace('\\', "/");
                    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
                    out.push(SiteFile {
                        path: format!("assets/{rel}"),
                        bytes,
                    });
                }
                None => {}
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked_and_end_in_a_slash() {
        assert_eq!(
            base_url("https://example.org/actions").unwrap(),
            "https://example.org/actions/"
        );
        for bad in ["example.org", "ftp://x/", "https://", "https://a b/"] {
            assert!(base_url(bad).is_err(), "{bad}");
        }
    }
}
