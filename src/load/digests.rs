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
                    let key = key(&super::display_path(root, &path));
                    found.insert(key, Sha256::digest(&bytes).into());
                }
            }
            None => {}
        }
    }
}

/// A file's key: its path from the root, `/`-separated. Two files never share one: on Unix a
/// `\\` is part of a name, not a separator, and a name that is not UTF-8 is written as its
/// bytes in hex after a NUL (which no real path holds), not with a stand-in character.
fn key(rel: &Path) -> String {
    match rel.to_str() {
        Some(text) if cfg!(unix) => text.to_string(),
        Some(text) => text.replace('\\', "/"),
        None => format!("\0{}", hex(rel.as_os_str().as_encoded_bytes())),
    }
}

/// Bytes as lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    #[cfg(unix)]
    #[test]
    fn files_whose_names_look_alike_keep_their_own_digests() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("d");
        std::fs::create_dir_all(d.join("a")).unwrap();
        std::fs::write(d.join("a\\kz.yaml"), "one").unwrap();
        std::fs::write(d.join("a").join("kz.yaml"), "two").unwrap();
        std::fs::write(d.join(std::ffi::OsStr::from_bytes(b"\xff.yaml")), "three").unwrap();
        std::fs::write(d.join(std::ffi::OsStr::from_bytes(b"\xfe.yaml")), "four").unwrap();
        let found = super::project_files(dir.path(), &["d"]);
        assert_eq!(found.len(), 4, "{:?}", found.keys().collect::<Vec<_>>());
    }
}
