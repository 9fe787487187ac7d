//! Rendering a case (`appeal render`): resolve it for each language, render each format in
//! memory, then write everything through a staging folder that replaces the case's output
//! folder in one step. An error anywhere means nothing is written, and a write that fails
//! leaves the earlier output as it was.

use crate::clock::Clock;
use crate::deliver::files;
use crate::deliver::staged::Staged;
use crate::domain::life::{self, Purpose};
use crate::domain::resolve;
use crate::env::Env;
use crate::error::{Error, Problem, Result, suggestion};
use crate::load::Doc;
use crate::model::Case;
use crate::render::{self, Artifact, FORMATS};
use std::path::{Path, PathBuf};

/// What `appeal render` is asked to do.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// A case id, or the path of a case file.
    pub case: &'a str,
    /// `--lang`: the languages to render; none for all of the case's.
    pub langs: &'a [String],
    /// `--format`: the formats to render; none for all.
    pub formats: &'a [String],
    /// The output folder; files go under `OUT/<case>/<lang>/`.
    pub out: &'a Path,
}

/// Renders the case `request` names and writes it; returns the paths written, in order.
/// `show_warnings` gets the warnings about the case, each naming it, once everything is
/// rendered and before anything is written, so they are seen even when writing fails.
pub fn run(
    root: &Path,
    clock: Clock,
    request: &Request,
    show_warnings: impl FnOnce(&[Problem]),
) -> Result<Vec<PathBuf>> {
    let (env, case) = crate::app::project::open_case(root, clock, request.case)?;
    let mut plan = plan(&case.value.languages, request.langs, request.formats)?;
    only_what_the_kind_has(&case, request.formats, &mut plan)?;
    let mut warnings = crate::app::project::warnings_about(&env, &case);
    let artifacts = render_all(&env, &case, &plan, request.out, &mut warnings)?;
    warnings.extend(crate::app::project::deadline_passed(&env, &case));
    let warnings: Vec<Problem> = warnings
        .into_iter()
        .map(|p| p.with_case(&case.value.id))
        .collect();
    show_warnings(&warnings);
    write_staged(&request.out.join(&case.value.id), artifacts)
}

/// A stop action or closure writes to no official: it renders as its UA alone, and asking
/// for its letters, emails or faxes is a usage error (exit 2).
fn only_what_the_kind_has(case: &Doc<Case>, asked: &[String], plan: &mut Plan) -> Result<()> {
    let c = &case.value;
    if Purpose::of(c).writes_to_officials() {
        return Ok(());
    }
    if let Some(f) = asked.iter().find(|f| *f != "ua") {
        let kind = c.kind.as_str().replace('-', " ");
        return Err(Error::Usage(format!(
            "{} is a {kind}: nothing is sent to officials for a {kind}, so it has no `{f}`; render it with `--format ua`",
            c.id
        )));
    }
    plan.formats = vec!["ua".to_string()];
    Ok(())
}

/// A resolved render plan.
pub struct Plan {
    /// Languages, in order.
    pub langs: Vec<String>,
    /// Formats, in order.
    pub formats: Vec<String>,
}

/// Turns `--lang` and `--format` into a plan for `case_langs`.
pub fn plan(case_langs: &[String], langs: &[String], formats: &[String]) -> Result<Plan> {
    for lang in langs {
        if !case_langs.contains(lang) {
            return Err(Error::Usage(format!(
                "the case is not written in `{lang}`{} (it has {})",
                suggestion(lang, case_langs.iter().map(String::as_str)),
                case_langs.join(", ")
            )));
        }
    }
    for f in formats {
        if !FORMATS.contains(&f.as_str()) {
            return Err(Error::Usage(format!(
                "unknown format `{f}`{}; formats: {}",
                suggestion(f, FORMATS),
                FORMATS.join(", ")
            )));
        }
    }
    Ok(Plan {
        langs: if langs.is_empty() {
            case_langs.to_vec()
        } else {
            langs.to_vec()
        },
        formats: if formats.is_empty() {
            FORMATS.iter().map(|s| s.to_string()).collect()
        } else {
            formats.to_vec()
        },
    })
}

/// Renders every artifact of the plan, in memory; returns them with their paths.
fn render_all(
    env: &Env,
    case: &Doc<Case>,
    plan: &Plan,
    out: &Path,
    warnings: &mut Vec<Problem>,
) -> Result<Vec<(PathBuf, Artifact)>> {
    // A case prepared ahead is written for its issue date: who holds office then.
    let today = life::of(env, case).letter_date();
    let mut artifacts = Vec::new();
    let mut errors = Vec::new();
    for lang in &plan.langs {
        let view = match resolve::view(&env.project, &env.locales, case, lang, today, warnings) {
            Ok(v) => v,
            Err(p) => {
                errors.push(p);
                continue;
            }
        };
        for format in &plan.formats {
            let Some(renderer) = render::renderer(format) else {
                continue;
            };
            match renderer.render(env, &view, warnings) {
                Ok(list) => {
                    let dir = out.join(&case.value.id).join(lang);
                    artifacts.extend(list.into_iter().map(|a| (dir.join(&a.file_name), a)));
                }
                Err(p) => errors.push(p),
            }
        }
    }
    if errors.is_empty() {
        Ok(artifacts)
    } else {
        Err(Error::Invalid(errors))
    }
}

/// Writes `artifacts`, whose paths lie under `target`, into a staging folder that then replaces
/// `target` whole (files of earlier runs this one does not write are kept): a write that fails
/// (disk full, a file-size limit) leaves the earlier output as it was. Returns the paths, as
/// given.
fn write_staged(target: &Path, mut artifacts: Vec<(PathBuf, Artifact)>) -> Result<Vec<PathBuf>> {
    let staged = Staged::new(target)?;
    let shown: Vec<PathBuf> = artifacts.iter().map(|(p, _)| p.clone()).collect();
    for (path, _) in artifacts.iter_mut() {
        *path = staged.map(path);
    }
    for (path, artifact) in &artifacts {
        files::write_new(path, &artifact.bytes)?;
    }
    staged.commit()?;
    Ok(shown)
}
