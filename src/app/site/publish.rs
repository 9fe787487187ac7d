//! Publishing a build: each file goes into a staging folder beside the output folder as it is
//! made, unless the published file already has its bytes (then it stays the same file, with
//! its time, and a static host or rsync sees no change); files of the previous build this one
//! still has but did not make (reused pages) are carried over as they are; files the previous
//! build listed in [`MANIFEST`] and this one does not (a case removed) are left out. Then the
//! staging folder replaces the output folder in one step (see [`Staged`]): a web server serves
//! the old site whole or the new one whole, and a failure before that leaves the old one.

use super::Written;
use crate::deliver::files::write_new;
use crate::deliver::staged::Staged;
use crate::error::Result;
use crate::render::site::SiteFile;
use std::collections::BTreeSet;
use std::path::{Component, Path};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The list of files the last build published, under the output folder.
pub const MANIFEST: &str = ".appeal-site";

/// A list larger than this is not read (some 40 bytes a file).
const MAX_MANIFEST: u64 = 256 << 20;

/// A build being published.
pub struct Publisher {
    staged: Staged,
    written: AtomicUsize,
}

impl Publisher {
    /// Starts publishing into `out` (its staging folder is made beside it).
    pub fn new(out: &Path) -> Result<Publisher> {
        Ok(Publisher {
            staged: Staged::new(out)?,
            written: AtomicUsize::new(0),
        })
    }

    /// The folder the previous build is published in (links followed).
    pub fn published(&self) -> &Path {
        self.staged.target()
    }

    /// One file of the new site: written into the staging folder, unless the published file
    /// has the same bytes. Called from every core at once.
    pub fn put(&self, file: &SiteFile) -> Result<()> {
        if !self.same(&file.path, &file.bytes) {
            write_new(&self.staged.path().join(&file.path), &file.bytes)?;
            self.written.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }

    /// A file of the build's own (a record of it, not a page of the site): written when it
    /// differs from the published one; not counted.
    pub fn put_own(&self, name: &str, bytes: &[u8]) -> Result<()> {
        if !self.same(name, bytes) {
            write_new(&self.staged.path().join(name), bytes)?;
        }
        Ok(())
    }

    /// Whether the published file at `rel` is a regular file inside the folder (see
    /// [`regular_inside`]) with these bytes.
    fn same(&self, rel: &str, bytes: &[u8]) -> bool {
        regular_inside(self.published(), rel).is_some_and(|m| m.len() == bytes.len() as u64)
            && std::fs::read(self.published().join(rel)).is_ok_and(|old| old == bytes)
    }

    /// The file at `rel` as it will be published: the one written for this build, else the
    /// previous build's (see [`regular_inside`]), carried over; `None` when there is neither.
    pub fn file(&self, rel: &str) -> Option<std::fs::Metadata> {
        if !inside(rel) {
            return None;
        }
        match std::fs::symlink_metadata(self.staged.path().join(rel)) {
            Ok(meta) => meta.is_file().then_some(meta),
            Err(_) => regular_inside(self.published(), rel),
        }
    }

    /// Publishes the new site, whose files are `files` (made or carried over), in one step;
    /// records the list for the next build, which removes what this one does not list.
    pub fn commit(self, files: &[String]) -> Result<Written> {
        let old = crate::load::own_file::read(&self.published().join(MANIFEST), MAX_MANIFEST)
            .unwrap_or_default();
        let now: BTreeSet<&str> = files.iter().map(String::as_str).collect();
        let manifest: String = now.iter().map(|p| format!("{p}\n")).collect();
        self.put_own(MANIFEST, manifest.as_bytes())?;
        // What the previous build wrote and this one does not (a case removed) is left out; the
        // folders it leaves empty go too. Other files in the folder are not the site's: kept.
        let gone: BTreeSet<&str> = old
            .lines()
            .filter(|l| inside(l) && !now.contains(l))
            .collect();
        let removed = AtomicUsize::new(0);
        let written = self.written.load(Ordering::Relaxed);
        self.staged.commit_without(|rel| {
            let gone = rel.to_str().is_some_and(|r| gone.contains(r));
            if gone {
                removed.fetch_add(1, Ordering::Relaxed);
            }
            gone
        })?;
        Ok(Written {
            written,
            unchanged: now.len() - written,
            removed: removed.into_inner(),
        })
    }
}

/// Whether a manifest line names a file inside the output folder.
pub fn inside(rel: &str) -> bool {
    let path = Path::new(rel);
    !rel.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// The metadata of the regular file at `rel` under `dir`, when `rel` names a file inside it
/// (see [`inside`]) and neither the file nor a folder on the way to it is a symbolic link: a
/// link could lead out of the folder, and a build never reads, keeps or publishes a file
/// outside it as one of its own.
pub fn regular_inside(dir: &Path, rel: &str) -> Option<std::fs::Metadata> {
    if !inside(rel) {
        return None;
    }
    let mut path = dir.to_path_buf();
    let mut parts = Path::new(rel).components().peekable();
    while let Some(part) = parts.next() {
        path.push(part);
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if parts.peek().is_none() {
            return meta.is_file().then_some(meta);
        }
        if !meta.is_dir() {
            return None;
        }
    }
    None
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

    /// Publishes `files` into `out` as one build.
    fn publish(out: &Path, files: &[SiteFile]) -> Written {
        let p = Publisher::new(out).unwrap();
        files.iter().for_each(|f| p.put(f).unwrap());
        let list: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        p.commit(&list).unwrap()
    }

    #[test]
    fn only_changed_files_are_rewritten_and_stale_ones_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = [file("en/a/index.html", "a"), file("en/b/index.html", "b")];
        assert_eq!(publish(&out, &first).written, 2);
        std::fs::write(out.join("mine.txt"), "not the site's").unwrap();
        let second = [file("en/a/index.html", "a"), file("en/c/index.html", "c")];
        let w = publish(&out, &second);
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
    fn a_file_listed_but_not_made_again_is_carried_over() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        publish(
            &out,
            &[file("en/a/index.html", "a"), file("en/a/fax.pdf", "pdf")],
        );
        let p = Publisher::new(&out).unwrap();
        p.put(&file("en/a/index.html", "a2")).unwrap();
        let list = vec!["en/a/index.html".to_string(), "en/a/fax.pdf".to_string()];
        let w = p.commit(&list).unwrap();
        assert_eq!((w.written, w.unchanged, w.removed), (1, 1, 0));
        assert_eq!(
            std::fs::read_to_string(out.join("en/a/fax.pdf")).unwrap(),
            "pdf"
        );
    }

    #[test]
    fn manifest_lines_outside_the_folder_are_ignored() {
        for bad in ["../x", "/etc/passwd", "a/../../b", ""] {
            assert!(!inside(bad), "{bad}");
        }
        assert!(inside("en/ua-82-18/index.html"));
    }
}
