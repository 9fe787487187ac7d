//! `appeal render`: resolve the case for each language, render each format in memory, then
//! write everything. An error anywhere means nothing is written.

use crate::cli::RenderArgs;
use crate::clock::Clock;
use crate::deliver::files;
use crate::deliver::staged::Staged;
use crate::domain::resolve;
use crate::env::Env;
use crate::error::{Error, Problem, Result, suggestion};
use crate::render::{self, Artifact, FORMATS};
use std::path::{Path, PathBuf};

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
pub fn render_all(
    env: &Env,
    case: &crate::load::Doc<crate::model::Case>,
    plan: &Plan,
    out: &Path,
    warnings: &mut Vec<Problem>,
) -> Result<Vec<(PathBuf, Artifact)>> {
    let today = env.today_for(&case.value);
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

/// Runs `render`.
pub fn run(root: &Path, clock: Clock, args: RenderArgs) -> Result<()> {
    let env = crate::app::project::open(root, clock)?;
    let case = crate::app::project::find_case(&env, &args.case)?;
    let plan = plan(&case.value.languages, &args.langs, &args.formats)?;
    let mut warnings = crate::app::project::warnings_about(&env, &case);
    let mut artifacts = render_all(&env, &case, &plan, &args.out, &mut warnings)?;
    warnings.extend(crate::app::project::deadline_passed(&env, &case));
    super::print_warnings(&super::about_case(&case.value.id, warnings));
    // Everything is written into a staging folder first: a write that fails (disk full, a
    // file-size limit) leaves the earlier output as it was.
    let staged = Staged::new(&args.out.join(&case.value.id))?;
    let shown: Vec<PathBuf> = artifacts.iter().map(|(p, _)| p.clone()).collect();
    for (path, _) in artifacts.iter_mut() {
        *path = staged.map(path);
    }
    files::write_all(
        artifacts
            .iter()
            .map(|(p, a)| (p.as_path(), a.bytes.as_slice())),
    )?;
    staged.commit()?;
    for path in shown {
        println!("{}", path.display());
    }
    Ok(())
}
