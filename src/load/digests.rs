//! Digests of the project's files: what an output made from them records, so that a later run
//! can tell, without making it again, whether it would come out the same (the site keeps them
//! per page, see `render::site`).

use super::{WalkKind, walk_kind};
use sha2::{Digest as _, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// A file's SHA-256.
pub type Digest = [u8; 32];

/// The digest of every file under the folders `dirs` of the root (those outputs are made
/// from), by path from the root (`/`-separated). Links to folders are not followed, as the
/// loader does not follow them; a file that cannot be read is left out (whatever reads it next
/// reports why).
pub fn project_files(root: &Path, dirs: &[&str]) -> BTreeMap<String, Digest> {
    let mut found = BTreeMap::new();
    for dir in dirs {
        walk(root, &root.join(dir), &mut found);
    }
    found
}

fn walk(root: &Path, dir: &Path, found: &mut BTreeMap<String, Digest>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match walk_kind(&entry) {
            Some(WalkKind::Dir) => walk(root, &path, found),
            Some(WalkKind::File) => {
                if let Ok(bytes) = std::fs::read(&path) {
                    let rel = super::display_path(root, &path)
                        .to_string_lossy()
                        .replace('\\', "/");
                    found.insert(rel, Sha256::digest(&bytes).into());
                }
            }
            None => {}
        }
    }
}
