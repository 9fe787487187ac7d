//! Building the public action site into a folder, published all at once: the new state is
//! staged beside the folder and replaces it in one step, so a web server serves the old site
//! whole or the new one whole. Files whose bytes are unchanged are the same files afterwards
//! (a static host or rsync then sees only real changes), and files an earlier build wrote
//! that this one does not (a case removed) are gone, listed in `.appeal-site`.

use crate::clock::Clock;
use crate::deliver::files::write_new;
use crate::deliver::staged::Staged;
use crate::env::Env;
use crate::error::{Error, Problem, Result};
use crate::render::parallel;
use crate::render::site::{self, Options, SiteFile};
use std::collections::BTreeSet;
use std::path::{Component, Path};

/// The list of files the last build wrote, under the output folder.
pub const MANIFEST: &str = ".appeal-site";

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

/// Builds the site of the project at `root` and writes it to `request.out`. `show_warnings`
/// gets the warnings once the site is built and before anything is written, so they are seen
/// even when writing fails.
pub fn run(
    root: &Path,
    clock: Clock,
    request: &Request,
    show_warnings: impl FnOnce(&[Problem]),
) -> Result<Report> {
    let env = crate::app::project::open(root, clock)?;
    let mut warnings = env.warnings.clone();
    let opts = Options {
        base_url: site_address(&env, request.base_url.clone(), &mut warnings)?,
        fax: request.fax,
        acted: acted_counts(&env)?,
    };
    let mut files = site::build(&env, &opts, &mut warnings)?;
    files.extend(assets(&env.project.root)?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    show_warnings(&warnings);
    let written = write(request.out, &files)?;
    Ok(Report {
        files: files.len(),
        written,
    })
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

/// Whether a manifest line names a file inside the output folder.
fn inside(rel: &str) -> bool {
    let path = Path::new(rel);
    !rel.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Writes into `staging` those of `files` whose bytes differ from the published file in
/// `published`; returns how many were written and how many were left alone (the staging
/// folder takes those over from the published one when it is committed).
fn write_changed(published: &Path, staging: &Path, files: &[SiteFile]) -> Result<(usize, usize)> {
    let (mut written, mut unchanged) = (0, 0);
    for f in files {
        let path = published.join(&f.path);
        let same = std::fs::symlink_metadata(&path)
            .is_ok_and(|m| m.is_file() && m.len() == f.bytes.len() as u64)
            && std::fs::read(&path).is_ok_and(|bytes| bytes == f.bytes);
        if same {
            unchanged += 1;
        } else {
            write_new(&staging.join(&f.path), &f.bytes)?;
            written += 1;
        }
    }
    Ok((written, unchanged))
}

/// Publishes `files` as the site in `out`, all at once: the new state is built in a staging
/// folder beside `out` (changed files written, unchanged ones and files that are not the
/// site's carried over as they are, files of the previous build this one lacks left out) and
/// then replaces `out` in one step. A failure before that leaves `out` as it was.
pub fn write(out: &Path, files: &[SiteFile]) -> Result<Written> {
    let mut w = Written::default();
    let staged = Staged::new(out)?;
    let published = staged.target().to_path_buf();
    let old = std::fs::read_to_string(published.join(MANIFEST)).unwrap_or_default();
    // Files are compared and written on every core, a share each: creating thousands of files
    // is mostly the file system's time.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = files.len().div_ceil(threads).max(1);
    let shares: Vec<&[SiteFile]> = files.chunks(chunk).collect();
    for counts in parallel::map(&shares, |share| {
        write_changed(&published, staged.path(), share)
    }) {
        let (written, unchanged) = counts?;
        w.written += written;
        w.unchanged += unchanged;
    }
    let now: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let manifest: String = now.iter().map(|p| format!("{p}\n")).collect();
    if old != manifest {
        write_new(&staged.path().join(MANIFEST), manifest.as_bytes())?;
    }
    // What the previous build wrote and this one does not (a case removed) is left out; the
    // folders it leaves empty go too. Other files in the folder are not the site's: kept.
    let gone: BTreeSet<&str> = old
        .lines()
        .filter(|l| inside(l) && !now.contains(l))
        .collect();
    let removed = std::sync::atomic::AtomicUsize::new(0);
    staged.commit_without(|rel| {
        let gone = rel.to_str().is_some_and(|r| gone.contains(r));
        if gone {
            removed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        gone
    })?;
    w.removed = removed.into_inner();
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> SiteFile {
        SiteFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn only_changed_files_are_rewritten_and_stale_ones_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = [file("en/a/index.html", "a"), file("en/b/index.html", "b")];
        assert_eq!(write(&out, &first).unwrap().written, 2);
        std::fs::write(out.join("mine.txt"), "not the site's").unwrap();
        let second = [file("en/a/index.html", "a"), file("en/c/index.html", "c")];
        let w = write(&out, &second).unwrap();
        assert_eq!(
            w,
            Written {
                written: 1,
                unchanged: 1,
                removed: 1
            }
        );
        assert!(!out.join("en/b").exists(), "the removed case's folder goes");
        assert!(
            out.join("mine.txt").exists(),
            "files the site did not write stay"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("en/c/index.html")).unwrap(),
            "c"
        );
    }

    #[test]
    fn manifest_lines_outside_the_folder_are_ignored() {
        for bad in ["../x", "/etc/passwd", "a/../../b", ""] {
            assert!(!inside(bad), "{bad}");
        }
        assert!(inside("en/ua-82-18/index.html"));
    }

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
