//! `appeal init DIR`: a project of one's own. DIR gets the bundled directory of Kazakh
//! authorities, missions, holiday calendars and events (each file with its sources), the
//! templates and the locales, and `appeals/campaign.yaml` with the organisation left to fill
//! in; no cases. The files come from the binary itself ([`load::bundled`]), so this works from
//! an installed `appeal` anywhere.
//!
//! It never writes over anything: DIR must be new or empty. Everything is written into a hidden
//! staging folder first and renamed into place, which the system refuses over a folder that
//! has gained files meanwhile; on any failure no file of the new project is left.

use crate::error::{Error, Result};
use crate::load::{self, APPEALS_DIR, bundled::BUNDLED, campaign_file::NEW_CAMPAIGN};
use std::path::{Path, PathBuf};

/// What `init` wrote.
#[derive(Debug)]
pub struct Report {
    /// The new project's folder, as given.
    pub dir: PathBuf,
    /// How many files it holds.
    pub files: usize,
    /// Authorities in the directory (`appeals/authorities/…`).
    pub authorities: usize,
    /// Missions abroad (`appeals/missions/…`).
    pub missions: usize,
    /// Holiday calendars (`appeals/calendars/…`).
    pub calendars: usize,
}

/// The settings file `init` writes, relative to the new project.
pub const CAMPAIGN_FILE: &str = "appeals/campaign.yaml";

/// Creates the project in `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> Result<Report> {
    let files = if refuse_non_empty(dir)? {
        into_empty_folder(dir)?
    } else {
        into_new_folder(dir)?
    };
    let count = |prefix: &str| {
        BUNDLED
            .iter()
            .filter(|(p, _)| p.starts_with(prefix))
            .count()
    };
    Ok(Report {
        dir: dir.to_path_buf(),
        files,
        authorities: count("appeals/authorities/"),
        missions: count("appeals/missions/"),
        calendars: count("appeals/calendars/"),
    })
}

/// A new folder: the project is written into a hidden folder beside it, which is then renamed
/// to `dir` in one step (refused by the system if `dir` has appeared meanwhile with files).
fn into_new_folder(dir: &Path) -> Result<usize> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let name = dir
        .file_name()
        .map_or_else(|| "project".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.init-{}", std::process::id()));
    staged(&staging, |files| {
        std::fs::rename(&staging, dir).map_err(|e| match e.kind() {
            std::io::ErrorKind::DirectoryNotEmpty | std::io::ErrorKind::AlreadyExists => {
                not_empty(dir)
            }
            _ => Error::io(dir, e),
        })?;
        Ok(files)
    })
}

/// An empty folder (perhaps the current one, which must stay the folder the user is in): the
/// project is written into a hidden folder inside it, and its three folders (`appeals`,
/// `templates`, `locales`) are renamed into place; if one cannot be, those moved are removed.
fn into_empty_folder(dir: &Path) -> Result<usize> {
    let staging = dir.join(format!(".appeal-init-{}", std::process::id()));
    staged(&staging, |files| {
        let mut moved = Vec::new();
        for top in [APPEALS_DIR, "templates", "locales"] {
            let to = dir.join(top);
            // Renaming a folder onto a name that exists fails unless that is an empty folder:
            // nothing the user wrote meanwhile is replaced.
            if let Err(e) = std::fs::rename(staging.join(top), &to) {
                for done in &moved {
                    let _ = std::fs::remove_dir_all(done);
                }
                return Err(match e.kind() {
                    std::io::ErrorKind::DirectoryNotEmpty | std::io::ErrorKind::AlreadyExists => {
                        not_empty(dir)
                    }
                    _ => Error::io(&to, e),
                });
            }
            moved.push(to);
        }
        std::fs::remove_dir(&staging).map_err(|e| Error::io(&staging, e))?;
        Ok(files)
    })
}

/// Writes the project into the fresh folder `staging` and runs `place` to move it into place;
/// on any failure the staging folder is removed.
fn staged(staging: &Path, place: impl FnOnce(usize) -> Result<usize>) -> Result<usize> {
    if staging.exists() {
        // Left by a killed process whose id this one reuses.
        std::fs::remove_dir_all(staging).map_err(|e| Error::io(staging, e))?;
    }
    let done = write_project(staging).and_then(place);
    if done.is_err() {
        // Best effort: the error returned says what went wrong; the staging folder is hidden
        // and holds nothing of the user's.
        let _ = std::fs::remove_dir_all(staging);
    }
    done
}

/// Whether `dir` exists (an empty folder); an error when it is anything else.
fn refuse_non_empty(dir: &Path) -> Result<bool> {
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::io(dir, e)),
        Ok(meta) if !meta.is_dir() => Err(Error::Usage(format!(
            "{}: not a folder; `appeal init` makes a new project in a new or empty folder",
            dir.display()
        ))),
        Ok(_) => {
            let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
            match entries.next() {
                None => Ok(true),
                Some(_) => Err(not_empty(dir)),
            }
        }
    }
}

fn not_empty(dir: &Path) -> Error {
    Error::Usage(format!(
        "{}: the folder is not empty; `appeal init` never writes over files: give a new or \
         empty folder",
        dir.display()
    ))
}

/// Writes the new project's files under `root` (a fresh folder); returns how many.
fn write_project(root: &Path) -> Result<usize> {
    std::fs::create_dir(root).map_err(|e| Error::io(root, e))?;
    let cases = root.join(APPEALS_DIR).join("cases");
    std::fs::create_dir_all(&cases).map_err(|e| Error::io(&cases, e))?;
    let files = BUNDLED
        .iter()
        .copied()
        .chain([(CAMPAIGN_FILE, NEW_CAMPAIGN.as_bytes())]);
    let mut count = 0;
    for (rel, bytes) in files {
        let path = root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        write_file(&path, bytes).map_err(|e| Error::io(load::display_path(root, &path), e))?;
        count += 1;
    }
    Ok(count)
}

/// Writes a file that must not exist yet, and flushes it to disk before the project is
/// renamed into place.
fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
