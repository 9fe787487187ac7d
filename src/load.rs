//! Reads `appeals/`: the only module that parses YAML. Every file is parsed on its own, so one
//! broken file does not hide the problems of the others; each value keeps the file it came from
//! and an index of where its fields stand, for located messages later.

pub mod archive;
pub mod bundled;
pub mod campaign_file;
pub mod case_file;
pub mod digests;
pub mod edit;
pub mod events;
pub mod limits;
pub mod memo;
pub mod own_file;
pub mod recover;
pub mod spans;
pub mod write;

use crate::error::Problem;
use crate::model::{Authority, Calendar, Campaign, Case, Events, Mission};
use archive::Archive;
use serde::de::DeserializeOwned;
use spans::Spans;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A source file: its path as shown to the user, and where its values stand.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the project root (or as given, for files outside it).
    pub path: PathBuf,
    /// Locations of keys and values.
    pub spans: Spans,
}

/// A value read from a file.
#[derive(Debug, Clone)]
pub struct Doc<T> {
    /// The deserialized value.
    pub value: T,
    /// Where it came from.
    pub file: Arc<SourceFile>,
}

impl<T> Doc<T> {
    /// An error located at the value under `path` (e.g. `targets.1.role`).
    pub fn error(&self, path: &str, message: impl Into<String>) -> Problem {
        Problem::error(&self.file.path, self.file.spans.locate(path), message)
    }

    /// A warning located at the value under `path`.
    pub fn warning(&self, path: &str, message: impl Into<String>) -> Problem {
        Problem::warning(&self.file.path, self.file.spans.locate(path), message)
    }
}

/// Everything under `appeals/`.
#[derive(Debug)]
pub struct Project {
    /// The project root (holds `appeals/`, `templates/`, `locales/`).
    pub root: PathBuf,
    /// Campaign settings.
    pub campaign: Doc<Campaign>,
    /// The case documents read in full, sorted by path: every case file for a command about
    /// the whole archive, the ones it works on for a command about one case.
    pub cases: Vec<Doc<Case>>,
    /// The facts of every case file, whether read in full or not: an action's chain and a
    /// document's state are found here.
    pub archive: Archive,
    /// The authority directory by role id.
    pub authorities: BTreeMap<String, Doc<Authority>>,
    /// Diplomatic missions, sorted by path.
    pub missions: Vec<Doc<Mission>>,
    /// Holiday calendars by id.
    pub calendars: BTreeMap<String, Doc<Calendar>>,
    /// Directory events (`appeals/events.yaml`), when the file exists and parsed.
    pub events: Option<Doc<Events>>,
    /// Roles whose authority file exists but has errors, and roles named on a `role:` line that
    /// does not match its file: known, but not usable (a case naming one gets no "unknown
    /// role" on top of the file's own error, and is not resolved).
    pub broken_roles: BTreeSet<String>,
}

impl Project {
    /// The directory events, none when there is no events file.
    pub fn events(&self) -> &[crate::model::Event] {
        self.events.as_ref().map_or(&[], |d| &d.value.events)
    }

    /// The case read in full with id `id`, if any.
    pub fn case(&self, id: &str) -> Option<&Doc<Case>> {
        // When every case was read, the archive lists them in the same order: one look-up.
        let at = self.archive.position(id);
        at.and_then(|i| self.cases.get(i))
            .filter(|d| d.value.id == id)
            .or_else(|| self.cases.iter().find(|d| d.value.id == id))
    }

    /// Adds a case read in full (and its facts to the archive).
    pub fn add_case(&mut self, doc: Doc<Case>) {
        self.archive.push(
            doc.file.path.clone(),
            crate::model::CaseFacts::of(&doc.value),
        );
        self.cases.push(doc);
    }
}

/// The folder of case and directory files under the root.
pub const APPEALS_DIR: &str = "appeals";

/// Loads the whole project: the files that parsed (when the campaign settings did), and every
/// problem met.
pub fn load_project(root: &Path) -> (Option<Project>, Vec<Problem>) {
    let (project, mut problems) = load_base(root);
    let mut cases = load_all::<Case>(root, &root.join(APPEALS_DIR).join("cases"), &mut problems);
    cases.iter_mut().for_each(|d| d.value.drop_blank_texts());
    let project = project.map(|mut p| {
        p.archive = Archive::of_docs(&cases);
        p.cases = cases;
        p
    });
    (project, problems)
}

/// The case files under `root`, sorted.
pub fn case_files(root: &Path) -> Vec<PathBuf> {
    yaml_files(&root.join(APPEALS_DIR).join("cases"))
}

/// Reads every case file under `appeals/cases/` ([`read_case_file`]) and gives each to `each`,
/// in file order. The files are parsed a batch at a time on every core: parsing is most of the
/// work of a command over the whole archive, and a batch keeps memory flat whatever its size.
pub fn for_each_case_file(root: &Path, mut each: impl FnMut(Option<Doc<Case>>, Vec<Problem>)) {
    /// Files parsed together: enough to keep the cores busy, few enough to hold in memory.
    const BATCH: usize = 64;
    for batch in case_files(root).chunks(BATCH) {
        for (doc, found) in crate::parallel::map(batch, |path| read_case_file(root, path)) {
            each(doc, found);
        }
    }
}

/// Loads the project but its case files: the settings, the directory, missions, calendars and
/// events (the files that parsed, when the campaign settings did), and every problem met. Its
/// `cases` and `archive` are empty: the caller reads what it needs of them.
pub fn load_base(root: &Path) -> (Option<Project>, Vec<Problem>) {
    let mut problems = Vec::new();
    let appeals = root.join(APPEALS_DIR);
    let campaign_path = appeals.join("campaign.yaml");
    let campaign = if campaign_path.is_file() {
        collect(parse_file::<Campaign>(root, &campaign_path), &mut problems).map(|mut d| {
            d.value.organisation.drop_blank();
            if let Some(signatory) = &mut d.value.signatory {
                signatory.drop_blank();
            }
            d
        })
    } else {
        problems.push(Problem::error(
            display_path(root, &campaign_path),
            (0, 0),
            "campaign settings not found: create appeals/campaign.yaml (see README, \"Campaign settings\"), or pass --root",
        ));
        None
    };
    let (authorities, broken_roles) = load_authorities(root, &appeals, &mut problems);
    let missions = load_all::<Mission>(root, &appeals.join("missions"), &mut problems);
    let calendars = load_all::<Calendar>(root, &appeals.join("calendars"), &mut problems)
        .into_iter()
        .map(|d| (d.value.id.clone(), d))
        .collect();
    let events_path = appeals.join("events.yaml");
    let events = if events_path.is_file() {
        collect(parse_file::<Events>(root, &events_path), &mut problems)
    } else {
        None
    };
    // A file with problems is read as far as it can be (see `recover`); files that do not read
    // at all are left out, so the rest can still be validated and every problem reported in
    // one run.
    let project = campaign.map(|campaign| Project {
        root: root.to_path_buf(),
        campaign,
        cases: Vec::new(),
        archive: Archive::default(),
        authorities,
        missions,
        calendars,
        events,
        broken_roles,
    });
    (project, problems)
}

/// The files [`load_base`] reads, those that are there: the settings, the events, and the
/// YAML files of the directory, missions and calendars. What a finding about a case depends on
/// besides the cases is digested from these (see [`memo`]).
pub fn base_files(root: &Path) -> Vec<PathBuf> {
    let appeals = root.join(APPEALS_DIR);
    let mut files: Vec<PathBuf> = ["campaign.yaml", "events.yaml"]
        .iter()
        .map(|name| appeals.join(name))
        .filter(|path| path.is_file())
        .collect();
    for dir in ["authorities", "missions", "calendars"] {
        files.extend(yaml_files(&appeals.join(dir)));
    }
    files
}

/// The errors among `problems` in the campaign settings file. A settings file with an unknown
/// field is still read (so `check` goes on to the rest), but the commands that need only the
/// settings stop on its errors, as they stop when it does not read at all.
pub fn settings_errors(problems: &[Problem]) -> Vec<Problem> {
    let settings = Path::new(APPEALS_DIR).join("campaign.yaml");
    problems
        .iter()
        .filter(|p| p.is_error() && p.path == settings)
        .cloned()
        .collect()
}

/// Reads one case file as [`load_project`] reads each: the case, when what is left once its
/// problems are set aside reads, and every problem met.
pub fn read_case_file(root: &Path, path: &Path) -> (Option<Doc<Case>>, Vec<Problem>) {
    let (doc, problems) = parse_file::<Case>(root, path);
    let doc = doc.map(|mut d| {
        d.value.drop_blank_texts();
        d
    });
    (doc, problems)
}

/// Loads one case file given by path (a case outside `appeals/cases/`): the case, or every
/// problem of its file when it has any error.
pub fn load_case_file(root: &Path, path: &Path) -> Result<Doc<Case>, Vec<Problem>> {
    match parse_file::<Case>(root, path) {
        (Some(mut doc), problems) if !problems.iter().any(Problem::is_error) => {
            doc.value.drop_blank_texts();
            Ok(doc)
        }
        (_, problems) => Err(problems),
    }
}

/// The directory, by role: a role is its file's path under `authorities/` without `.yaml`.
/// Also the roles that exist but are not usable: those of files with errors, and the role a
/// file names on its `role:` line when that is not its path. A case naming one of them gets
/// no "unknown role" on top of the file's own error.
fn load_authorities(
    root: &Path,
    appeals: &Path,
    problems: &mut Vec<Problem>,
) -> (BTreeMap<String, Doc<Authority>>, BTreeSet<String>) {
    let dir = appeals.join("authorities");
    let mut authorities = BTreeMap::new();
    let mut broken = BTreeSet::new();
    for path in yaml_files(&dir) {
        let role = path
            .with_extension("")
            .strip_prefix(&dir)
            .map(|rel| rel.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let (doc, found) = parse_file::<Authority>(root, &path);
        if found.iter().any(Problem::is_error) {
            broken.insert(role.clone());
        }
        problems.extend(found);
        let Some(mut doc) = doc else {
            broken.insert(role);
            continue;
        };
        if doc.value.role != role {
            problems.push(doc.error(
                "role",
                format!(
                    "role `{}` does not match the file's place; name it `{role}` or move the file",
                    doc.value.role
                ),
            ));
            broken.insert(std::mem::replace(&mut doc.value.role, role.clone()));
            broken.insert(role.clone());
        }
        authorities.insert(role, doc);
    }
    (authorities, broken)
}

fn collect<T>((value, found): (Option<T>, Vec<Problem>), problems: &mut Vec<Problem>) -> Option<T> {
    problems.extend(found);
    value
}

fn load_all<T: DeserializeOwned>(
    root: &Path,
    dir: &Path,
    problems: &mut Vec<Problem>,
) -> Vec<Doc<T>> {
    yaml_files(dir)
        .into_iter()
        .filter_map(|path| collect(parse_file(root, &path), problems))
        .collect()
}

/// Every `.yaml`/`.yml` file below `dir`, sorted, so output order never depends on the file system.
/// Symbolic links to folders are not followed (two links to each other would walk forever); a
/// link to a regular file is read like the file.
pub fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    walk_sorted(dir, &mut |path, _| found.push(path));
    found
}

/// [`yaml_files`], each with its metadata (links followed) when it can be read: taken from
/// the folder being walked, which costs less than looking each path up again.
pub fn yaml_files_with_metadata(dir: &Path) -> Vec<(PathBuf, Option<std::fs::Metadata>)> {
    let mut found = Vec::new();
    walk_sorted(dir, &mut |path, entry: &std::fs::DirEntry| {
        let meta = match entry.file_type() {
            Ok(kind) if kind.is_symlink() => path.metadata().ok(),
            _ => entry.metadata().ok(),
        };
        found.push((path, meta));
    });
    found
}

/// Gives `found` the `.yaml`/`.yml` files below `dir` in path order: each folder's entries
/// sorted by name, a folder's files where the folder's name sorts. That is the order of the
/// paths themselves (they compare name by name), without comparing whole paths, which costs
/// more than the walk in a folder of ten thousand cases.
fn walk_sorted(dir: &Path, found: &mut dyn FnMut(PathBuf, &std::fs::DirEntry)) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<(std::ffi::OsString, std::fs::DirEntry, WalkKind)> = entries
        .flatten()
        .filter_map(|entry| walk_kind(&entry).map(|kind| (entry.file_name(), entry, kind)))
        .collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (_, entry, kind) in entries {
        let path = entry.path();
        if kind == WalkKind::Dir {
            walk_sorted(&path, found);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            found(path, &entry);
        }
    }
}

/// What a folder walk does with an entry.
#[derive(Debug, PartialEq, Eq)]
pub enum WalkKind {
    /// A real folder (not a link to one): walk into it.
    Dir,
    /// A regular file, or a link to one: read it.
    File,
}

/// How to treat a folder entry without following links to folders; `None` to skip it (a link to
/// a folder, a broken link, a device, a FIFO).
pub fn walk_kind(entry: &std::fs::DirEntry) -> Option<WalkKind> {
    let kind = entry.file_type().ok()?;
    if kind.is_dir() {
        Some(WalkKind::Dir)
    } else if kind.is_file() || (kind.is_symlink() && entry.path().metadata().ok()?.is_file()) {
        Some(WalkKind::File)
    } else {
        None
    }
}

/// `path` relative to `root` when it is inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Reads one file: the value, when what is left once its problems are set aside reads (see
/// [`recover`]), and every problem met, each located.
fn parse_file<T: DeserializeOwned>(root: &Path, path: &Path) -> (Option<Doc<T>>, Vec<Problem>) {
    let shown = display_path(root, path);
    let text = match read_bounded(path) {
        Ok(Some(text)) => text,
        Ok(None) => {
            let message = format!(
                "the file is larger than {} KiB: case and directory files are a few KiB; split it or remove what does not belong",
                limits::MAX_FILE_BYTES / 1024
            );
            return (None, vec![Problem::error(&shown, (1, 1), message)]);
        }
        Err(e) => {
            let message = format!("cannot read the file: {e}");
            return (None, vec![Problem::error(&shown, (0, 0), message)]);
        }
    };
    let (value, found) = read_str(&text);
    let mut problems: Vec<Problem> = found
        .into_iter()
        .map(|(at, message)| Problem::error(&shown, at, message))
        .collect();
    let spans = Spans::index(&text);
    if !spans.bad_dates.is_empty() {
        problems.extend(
            spans
                .bad_dates
                .iter()
                .map(|(at, message)| Problem::error(&shown, *at, message.clone())),
        );
        return (None, problems);
    }
    let file = Arc::new(SourceFile { path: shown, spans });
    (value.map(|value| Doc { value, file }), problems)
}

/// The text of `path` (without a byte-order mark), or `None` when it is larger than
/// [`limits::MAX_FILE_BYTES`]. Reads at most one byte more than the limit, whatever the
/// file's size.
fn read_bounded(path: &Path) -> std::io::Result<Option<String>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limits::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        return Ok(None);
    }
    // A byte-order mark (Windows editors write one) is not part of the text; the parser would
    // read it as the start of the first key.
    if bytes.starts_with("\u{feff}".as_bytes()) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map(Some).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text (byte {}): save it as UTF-8",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Reads YAML text as a `T`: the value, when the text reads once its problems are set aside,
/// and every problem, located and worded to say what to do (see [`recover`]).
pub fn read_str<T: DeserializeOwned>(text: &str) -> (Option<T>, Vec<recover::Found>) {
    let meaningful = text.lines().any(|l| {
        let l = l.trim();
        !l.is_empty() && !l.starts_with('#') && l != "---"
    });
    if !meaningful {
        let message = "the file is empty: fill it in (see README, \"Data formats\") or delete it";
        return (None, vec![((1, 1), message.into())]);
    }
    // Depth and size first, on the parser's own events: the parser's time grows with the
    // square of the depth, and aliases multiply what a small text stands for.
    if let Some(found) = limits::too_deep(text) {
        return (None, vec![found]);
    }
    recover::read(text)
}

/// Reads a case file's text as every command sees a case: blank texts are not written yet
/// ([`Case::drop_blank_texts`]). The first problem, located, when it does not read as it is.
pub fn read_case(text: &str) -> Result<Case, recover::Found> {
    let mut case: Case = parse_str(text)?;
    case.drop_blank_texts();
    Ok(case)
}

/// Parses YAML text that must read as it is: the value, or the first problem, located.
pub fn parse_str<T: DeserializeOwned>(text: &str) -> Result<T, recover::Found> {
    match read_str(text) {
        (Some(value), found) if found.is_empty() => Ok(value),
        (_, found) => Err(found
            .into_iter()
            .next()
            .unwrap_or(((1, 1), "the file does not read".into()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Case;

    #[test]
    fn unknown_field_suggests_the_closest() {
        let err = parse_str::<Case>("id: x\nsumary: {}\n").unwrap_err();
        assert_eq!(err.0, (2, 1));
        assert!(err.1.contains("did you mean `summary`"), "{}", err.1);
    }

    #[test]
    fn empty_file_is_an_error() {
        let err = parse_str::<Case>("# nothing\n").unwrap_err();
        assert!(err.1.contains("empty"));
    }

    #[test]
    fn bad_date_is_explained() {
        let err =
            parse_str::<crate::model::case::Deadline>("send_before: 2018-02-30\n").unwrap_err();
        assert!(err.1.starts_with("invalid date"), "{}", err.1);
    }
}
