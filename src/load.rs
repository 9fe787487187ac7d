//! Reads `appeals/`: the only module that parses YAML. Every file is parsed on its own, so one
//! broken file does not hide the problems of the others; each value keeps the file it came from
//! and an index of where its fields stand, for located messages later.

pub mod case_file;
pub mod edit;
pub mod events;
pub mod limits;
pub mod spans;
pub mod write;

use crate::error::{Problem, suggestion};
use crate::model::{Authority, Calendar, Campaign, Case, Events, Mission};
use serde::de::DeserializeOwned;
use spans::Spans;
use std::collections::BTreeMap;
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
    /// Case documents, sorted by path.
    pub cases: Vec<Doc<Case>>,
    /// The authority directory by role id.
    pub authorities: BTreeMap<String, Doc<Authority>>,
    /// Diplomatic missions, sorted by path.
    pub missions: Vec<Doc<Mission>>,
    /// Holiday calendars by id.
    pub calendars: BTreeMap<String, Doc<Calendar>>,
    /// Directory events (`appeals/events.yaml`), when the file exists and parsed.
    pub events: Option<Doc<Events>>,
    /// Roles whose authority file exists but has errors: known, but not usable.
    pub broken_roles: std::collections::BTreeSet<String>,
}

impl Project {
    /// The directory events, none when there is no events file.
    pub fn events(&self) -> &[crate::model::Event] {
        self.events.as_ref().map_or(&[], |d| &d.value.events)
    }
}

/// The folder of case and directory files under the root.
pub const APPEALS_DIR: &str = "appeals";

/// Loads the whole project: the files that parsed (when the campaign settings did), and every
/// problem met.
pub fn load_project(root: &Path) -> (Option<Project>, Vec<Problem>) {
    let mut problems = Vec::new();
    let appeals = root.join(APPEALS_DIR);
    let campaign_path = appeals.join("campaign.yaml");
    let campaign = if campaign_path.is_file() {
        collect(parse_file::<Campaign>(root, &campaign_path), &mut problems)
    } else {
        problems.push(Problem::error(
            display_path(root, &campaign_path),
            (0, 0),
            "campaign settings not found: create appeals/campaign.yaml (see README, \"Campaign settings\"), or pass --root",
        ));
        None
    };
    let mut cases = load_all::<Case>(root, &appeals.join("cases"), &mut problems);
    cases.iter_mut().for_each(|d| d.value.drop_blank_texts());
    let authorities_dir = appeals.join("authorities");
    let mut broken_roles = std::collections::BTreeSet::new();
    let mut authorities = BTreeMap::new();
    for path in yaml_files(&authorities_dir) {
        match parse_file::<Authority>(root, &path) {
            Ok(d) => {
                authorities.insert(d.value.role.clone(), d);
            }
            Err(p) => {
                // The role still exists: cases naming it get no "unknown role" on top of the
                // file's own error.
                if let Ok(rel) = path.with_extension("").strip_prefix(&authorities_dir) {
                    broken_roles.insert(rel.to_string_lossy().replace('\\', "/"));
                }
                problems.push(p);
            }
        }
    }
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
    // Files that failed to parse are left out, so the rest can still be validated and every
    // problem reported in one run.
    let project = campaign.map(|campaign| Project {
        root: root.to_path_buf(),
        campaign,
        cases,
        authorities,
        missions,
        calendars,
        events,
        broken_roles,
    });
    (project, problems)
}

/// Loads one case file given by path (a case outside `appeals/cases/`).
pub fn load_case_file(root: &Path, path: &Path) -> Result<Doc<Case>, Problem> {
    let mut doc: Doc<Case> = parse_file(root, path)?;
    doc.value.drop_blank_texts();
    Ok(doc)
}

fn collect<T>(result: Result<T, Problem>, problems: &mut Vec<Problem>) -> Option<T> {
    result.map_err(|p| problems.push(p)).ok()
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
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(kind) = walk_kind(&entry) else {
                continue;
            };
            if kind == WalkKind::Dir {
                pending.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            ) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
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

fn parse_file<T: DeserializeOwned>(root: &Path, path: &Path) -> Result<Doc<T>, Problem> {
    let shown = display_path(root, path);
    let text = read_bounded(path)
        .map_err(|e| Problem::error(&shown, (0, 0), format!("cannot read the file: {e}")))?
        .ok_or_else(|| {
            Problem::error(
                &shown,
                (1, 1),
                format!(
                    "the file is larger than {} KiB: case and directory files are a few KiB; split it or remove what does not belong",
                    limits::MAX_FILE_BYTES / 1024
                ),
            )
        })?;
    let value = parse_str(&text).map_err(|(at, message)| Problem::error(&shown, at, message))?;
    let spans = Spans::index(&text);
    if let Some((at, message)) = spans.bad_dates.first() {
        return Err(Problem::error(&shown, *at, message.clone()));
    }
    let file = Arc::new(SourceFile { path: shown, spans });
    Ok(Doc { value, file })
}

/// The text of `path`, or `None` when it is larger than [`limits::MAX_FILE_BYTES`]. Reads at
/// most one byte more than the limit, whatever the file's size.
fn read_bounded(path: &Path) -> std::io::Result<Option<String>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limits::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        return Ok(None);
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

/// Parses YAML text, returning a located, reworded message on failure.
pub fn parse_str<T: DeserializeOwned>(text: &str) -> Result<T, ((usize, usize), String)> {
    let meaningful = text.lines().any(|l| {
        let l = l.trim();
        !l.is_empty() && !l.starts_with('#') && l != "---"
    });
    if !meaningful {
        return Err((
            (1, 1),
            "the file is empty: fill it in (see README, \"Data formats\") or delete it".into(),
        ));
    }
    // Depth and size first, on the parser's own events: the parser's time grows with the
    // square of the depth, and aliases multiply what a small text stands for.
    if let Some(found) = limits::too_deep(text) {
        return Err(found);
    }
    serde_yaml::from_str(text).map_err(|e| {
        let at = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        (at, reword(&e.to_string()))
    })
}

/// Turns serde's messages into ones that say what to do.
fn reword(message: &str) -> String {
    let message = strip_location(message);
    for (prefix, noun, list) in [
        ("unknown field `", "field", "allowed fields"),
        ("unknown variant `", "value", "allowed"),
    ] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((word, expected)) = rest.split_once("`, expected ")
        {
            let allowed: Vec<&str> = expected
                .trim_start_matches("one of ")
                .split(", ")
                .map(|s| s.trim_matches('`'))
                .collect();
            return format!(
                "unknown {noun} `{word}`{}; {list}: {}",
                suggestion(word, allowed.iter().copied()),
                allowed.join(", ")
            );
        }
    }
    const CHRONO: [&str; 6] = [
        "input is out of range",
        "input contains invalid characters",
        "premature end of input",
        "trailing input",
        "input is not enough for unique date and time",
        "no possible date and time matching input",
    ];
    if let Some(kind) = CHRONO.iter().find(|k| message.contains(*k)) {
        return format!("invalid date ({kind}): write dates as YYYY-MM-DD, e.g. 2018-06-07");
    }
    if message.contains("repetition limit exceeded") || message.contains("recursion limit exceeded")
    {
        return format!(
            "{message}: the file expands aliases too far (an alias bomb?); write the values out"
        );
    }
    message
}

fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => message[..i].to_string(),
        _ => message.to_string(),
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
