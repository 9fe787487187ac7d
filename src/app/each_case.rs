//! One pass over every case file of the archive, for the commands about all of them (`check`,
//! `list`, `deadlines`, `who`): each file is read and judged, or, when it did not change and
//! nothing it depends on did, what was found in it last time is taken from the command's memo
//! (see [`crate::load::memo`]). The files read are parsed a batch at a time on every core.

use crate::error::Problem;
use crate::load::memo::{self, Memo};
use crate::load::{Doc, Project, display_path, read_case_file};
use crate::model::Case;
use crate::validate::{Judge, Verdict};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::PathBuf;

/// Files parsed together: enough to keep the cores busy, few enough to hold in memory.
const BATCH: usize = 64;

/// What the pass found in one case file.
pub struct Found<T> {
    /// The case's id.
    pub id: String,
    /// Its file, as shown.
    pub path: PathBuf,
    /// What the command made of it; `None` once any error was found (the command then only
    /// judges the rest).
    pub made: Option<T>,
}

/// What the memo keeps of a file: the problems reading it found, the verdict and what the
/// command made of it.
#[derive(Serialize, serde::Deserialize)]
struct Kept<T> {
    read: Vec<Problem>,
    verdict: Verdict,
    made: T,
}

/// What the loaders read besides the cases (see [`memo::Inputs`]): taken before the project
/// is loaded.
pub fn inputs(root: &std::path::Path) -> memo::Inputs {
    let locales = crate::i18n::source_files(root);
    let folders: Vec<PathBuf> = locales
        .iter()
        .map(|(lang, _)| root.join(crate::i18n::LOCALES_DIR).join(lang))
        .collect();
    let mut whole = crate::templates::source_files(root);
    whole.extend(locales.into_iter().flat_map(|(_, files)| files));
    memo::Inputs::take(root, &crate::load::base_files(root), &whole, &folders)
}

/// Passes over every case file of `project`'s archive (read with [`crate::load::archive::Archive::read`])
/// in path order, judging each with `judge` and making a `T` of each with `make`, for the
/// command `command`; `purpose` names the command's options and its day (what it makes
/// depends on), `inputs` the files loaded ([`inputs`], taken before). The problems reading the
/// files found go to `problems`.
pub fn each_case<T: Serialize + DeserializeOwned>(
    project: &Project,
    judge: &mut Judge,
    (command, purpose, inputs): (&str, &str, &memo::Inputs),
    mut make: impl FnMut(&Doc<Case>) -> T,
    problems: &mut Vec<Problem>,
) -> Vec<Found<T>> {
    let root = project.root.as_path();
    let context = memo::context(inputs, &project.archive, purpose);
    let mut memo = Memo::open(root, command, &context);
    let mut found = Vec::new();
    let mut broken = problems.iter().any(Problem::is_error);
    for batch in project.archive.files().chunks(BATCH) {
        let shown: Vec<PathBuf> = batch.iter().map(|(p, _)| display_path(root, p)).collect();
        let recalled: Vec<Option<Kept<T>>> = batch
            .iter()
            .zip(&shown)
            .map(|((_, stamp), shown)| {
                memo.recall(shown, *stamp, |k: &Kept<T>| judge.still_holds(&k.verdict))
            })
            .collect();
        let unknown: Vec<&PathBuf> = batch
            .iter()
            .zip(&recalled)
            .filter(|(_, kept)| kept.is_none())
            .map(|((path, _), _)| path)
            .collect();
        let mut read =
            crate::parallel::map(&unknown, |path| read_case_file(root, path)).into_iter();
        for (((path, stamp), shown), kept) in batch.iter().zip(shown).zip(recalled) {
            let (doc, read_problems) = match kept {
                Some(kept) if judge.recall(&shown, &kept.verdict) => {
                    problems.extend(kept.read);
                    found.push(Found {
                        id: kept.verdict.id,
                        path: shown,
                        made: (!broken).then_some(kept.made),
                    });
                    continue;
                }
                // A case met before has its id: read it now, to say so where the id stands.
                Some(_) => read_case_file(root, path),
                None => read.next().unwrap_or_else(|| read_case_file(root, path)),
            };
            broken |= read_problems.iter().any(Problem::is_error);
            problems.extend(read_problems.iter().cloned());
            let Some(doc) = doc else { continue };
            let verdict = judge.case(&doc);
            broken |= verdict.has_errors();
            // Once something is wrong the command stops: the rest is only judged.
            let made = (!broken).then(|| make(&doc));
            if let Some(made) = &made {
                let kept = Kept {
                    read: read_problems,
                    verdict,
                    made,
                };
                memo.keep(&shown, *stamp, &kept);
            }
            found.push(Found {
                id: doc.value.id.clone(),
                path: shown,
                made,
            });
        }
    }
    // Loaded while something changed: what was found may be of neither version.
    if inputs.settled() {
        memo.save();
    }
    found
}
