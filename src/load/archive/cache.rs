//! The index cache, `.appeal/case-index.tsv` under the root: each case file's facts as last
//! read, with the file's size, inode and times, so that a command about one case need not
//! read the thousands of files that did not change. It is a cache: the only code that reads
//! or writes it is here, anything in it that does not read (another version, a damaged line)
//! is ignored and the file is rebuilt, and a project without it (or where it cannot be
//! written) works the same, only slower.
//!
//! Format: a header `# appeal case index <program>` (its version and a digest of its code:
//! [`crate::program::PROGRAM`]), then one line per file, each ending in a line feed:
//! `path⇥size⇥inode⇥mtime⇥ctime⇥id⇥reference⇥kind⇥update⇥follows⇥issued⇥country`, times as
//! `seconds.nanoseconds`, absent values empty. A file changed less than
//! [`RACY_SECONDS`] before the cache is written is left out of it: a second change within the
//! file system's time resolution could keep its stamp. The cache is read only when it is a
//! regular file of its own (see [`crate::load::own_file`]); a last line without its line feed
//! (a file cut short) is not read: its last value could be cut too.

use super::index::ByHash;
use crate::model::{CaseFacts, CaseKind};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The cache file, under the root.
const FILE: &str = ".appeal/case-index.tsv";

/// A file changed this recently is not cached.
const RACY_SECONDS: u64 = 2;

/// A cache larger than this is not read (a hundred thousand cases take some 15 MB).
const MAX_BYTES: u64 = 64 << 20;

/// What identifies a version of a file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    size: u64,
    inode: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl Stamp {
    /// The stamp of the file at `path` (its links followed), if it can be read.
    #[cfg(test)]
    fn of(path: &Path) -> Option<Stamp> {
        Some(Stamp::from_metadata(&std::fs::metadata(path).ok()?))
    }

    /// The stamp of a file whose metadata is `meta`.
    pub fn from_metadata(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp {
                size: meta.size(),
                inode: meta.ino(),
                modified: (meta.mtime(), meta.mtime_nsec()),
                changed: (meta.ctime(), meta.ctime_nsec()),
            }
        }
        #[cfg(not(unix))]
        {
            let since = |t: std::io::Result<SystemTime>| {
                t.ok()
                    .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                    .map_or((0, 0), |d| {
                        (d.as_secs() as i64, i64::from(d.subsec_nanos()))
                    })
            };
            Stamp {
                size: meta.len(),
                inode: 0,
                modified: since(meta.modified()),
                changed: since(meta.created()),
            }
        }
    }

    /// The stamp as the cache files write it: `size⇥inode⇥mtime⇥ctime`, times as
    /// `seconds.nanoseconds`.
    pub fn fields(&self) -> String {
        let (m, c) = (self.modified, self.changed);
        format!(
            "{}\t{}\t{}.{}\t{}.{}",
            self.size, self.inode, m.0, m.1, c.0, c.1
        )
    }

    /// The stamp of the four [`Stamp::fields`] `size, inode, mtime, ctime`, if they read.
    pub fn parse([size, inode, modified, changed]: [&str; 4]) -> Option<Stamp> {
        let time = |t: &str| -> Option<(i64, i64)> {
            let (s, n) = t.split_once('.')?;
            Some((s.parse().ok()?, n.parse().ok()?))
        };
        Some(Stamp {
            size: size.parse().ok()?,
            inode: inode.parse().ok()?,
            modified: time(modified)?,
            changed: time(changed)?,
        })
    }

    /// Whether the file changed too close to `since` (when its stamp was taken) to trust the
    /// stamp: a change within the file system's time resolution could leave it as it was.
    pub fn racy(&self, since: SystemTime) -> bool {
        let (secs, nanos) = self.modified.max(self.changed);
        let latest = SystemTime::UNIX_EPOCH
            + Duration::new(secs.max(0) as u64, nanos.clamp(0, 999_999_999) as u32);
        latest + Duration::from_secs(RACY_SECONDS) > since
    }
}

/// The header, with the program that wrote the file: another build may read files
/// differently (even under the same version number), so its cache is not used.
fn header() -> String {
    format!("# appeal case index {}", crate::program::PROGRAM)
}

/// The cache's text, when there is one that is a regular file of its own.
pub fn text(root: &Path) -> Option<String> {
    crate::load::own_file::read(&root.join(FILE), MAX_BYTES)
}

/// The cached facts by the hash of their file's path (as shown), each with that path and the
/// stamp it was read at, from the cache's `text`; empty when it is not this version's.
pub fn read(text: &str) -> ByHash<(Stamp, &str, CaseFacts)> {
    let mut lines = crate::load::own_file::whole_lines(text).lines();
    if lines.next() != Some(header().as_str()) {
        return ByHash::default();
    }
    lines
        .filter_map(line)
        .map(|(path, found)| (super::index::hash(path), (found.0, path, found.1)))
        .collect()
}

fn line(line: &str) -> Option<(&str, (Stamp, CaseFacts))> {
    let mut f = line.split('\t');
    let mut next = || f.next();
    let (path, size, inode, modified, changed) = (next()?, next()?, next()?, next()?, next()?);
    let (id, reference, kind, update, follows, issued, country) = (
        next()?,
        next()?,
        next()?,
        next()?,
        next()?,
        next()?,
        next()?,
    );
    if next().is_some() {
        return None;
    }
    let optional = |t: &str| (!t.is_empty()).then(|| t.to_string());
    let stamp = Stamp::parse([size, inode, modified, changed])?;
    let facts = CaseFacts {
        id: id.to_string(),
        reference: reference.to_string(),
        kind: match kind {
            "new" => CaseKind::New,
            "update" => CaseKind::Update,
            "stop-action" => CaseKind::StopAction,
            "closure" => CaseKind::Closure,
            _ => return None,
        },
        update: match update {
            "" => None,
            n => Some(n.parse().ok()?),
        },
        follows: optional(follows),
        issued: match issued {
            "" => None,
            d => Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?),
        },
        country: country.to_string(),
    };
    Some((path, (stamp, facts)))
}

/// The `.yaml`/`.yml` files under `dir` in path order, each with its stamp when it can be
/// read: taken from the folder as it is walked, which costs less than looking each path up
/// again (see [`crate::load::yaml_files`]).
pub fn stamped_files(dir: &Path) -> Vec<(PathBuf, Option<Stamp>)> {
    crate::load::yaml_files_with_metadata(dir)
        .into_iter()
        .map(|(path, meta)| (path, meta.as_ref().map(Stamp::from_metadata)))
        .collect()
}

/// Writes the cache of `entries` (files as shown, with their facts) and their `stamps`, taken
/// after `since`, in place of the old one, all at once (see [`crate::load::own_file::replace`]);
/// quietly does nothing when it cannot (a read-only project reads the files each time).
pub fn write(
    root: &Path,
    entries: &[(PathBuf, CaseFacts)],
    stamps: &[Option<Stamp>],
    since: SystemTime,
) {
    let mut text = header();
    text.push('\n');
    for ((path, facts), stamp) in entries.iter().zip(stamps) {
        let Some(stamp) = stamp.filter(|s| !s.racy(since)) else {
            continue;
        };
        let Some(path) = path.to_str() else {
            continue;
        };
        let values = [
            path,
            &facts.id,
            &facts.reference,
            facts.follows.as_deref().unwrap_or(""),
            &facts.country,
        ];
        // A value a line cannot hold as it is is read from its file next time.
        if values.iter().any(|v| v.contains(['\t', '\n', '\r'])) {
            continue;
        }
        text.push_str(&format!(
            "{path}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            stamp.fields(),
            facts.id,
            facts.reference,
            facts.kind.as_str(),
            facts.update.map(|n| n.to_string()).unwrap_or_default(),
            facts.follows.as_deref().unwrap_or(""),
            facts.issued.map(|d| d.to_string()).unwrap_or_default(),
            facts.country,
        ));
    }
    crate::load::own_file::keep(&root.join(FILE), text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_reads_back_what_it_wrote_and_leaves_out_recent_changes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.yaml");
        std::fs::write(&file, "x").unwrap();
        let old = crate::clock::file_time_now() - Duration::from_secs(60);
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(old)
            .unwrap();
        let facts = CaseFacts {
            id: "a".into(),
            reference: "UA 1/18".into(),
            kind: CaseKind::Update,
            update: Some(2),
            follows: Some("b".into()),
            issued: NaiveDate::from_ymd_opt(2018, 5, 1),
            country: "KZ".into(),
        };
        let entries = vec![(PathBuf::from("appeals/cases/a.yaml"), facts.clone())];
        // The file's status changed just now (its time was set): too recent to cache.
        write(
            dir.path(),
            &entries,
            &[Stamp::of(&file)],
            crate::clock::file_time_now(),
        );
        let first = text(dir.path()).unwrap();
        assert!(read(&first).is_empty());
        let mut stamp = Stamp::of(&file).unwrap();
        stamp.changed = stamp.modified;
        write(
            dir.path(),
            &entries,
            &[Some(stamp)],
            crate::clock::file_time_now(),
        );
        let second = text(dir.path()).unwrap();
        let read = read(&second);
        let path = "appeals/cases/a.yaml";
        let hash = crate::load::archive::index::hash(path);
        assert_eq!(read.get(&hash), Some(&(stamp, path, facts)));
    }
}
