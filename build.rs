//! Bundles the files `appeal init` copies into a new project (the directory of authorities,
//! missions, calendars and events, the templates and the locales) into the binary, so that
//! `init` works from an installed binary anywhere. Writes `$OUT_DIR/bundled.rs`: one
//! `include_bytes!` per file, found by walking the folders, so a file added to them is bundled
//! with no list to keep by hand.

use std::path::{Path, PathBuf};

/// What `appeal init` copies, relative to the repository root: folders (walked) and files.
const BUNDLED: [&str; 6] = [
    "appeals/authorities",
    "appeals/missions",
    "appeals/calendars",
    "appeals/events.yaml",
    "templates",
    "locales",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let mut files = Vec::new();
    for entry in BUNDLED {
        let path = root.join(entry);
        // A folder given here makes cargo rebuild when any file under it changes or is added.
        println!("cargo::rerun-if-changed={}", path.display());
        walk(&path, &mut files);
    }
    files.sort();
    let mut out = String::from(
        "/// The files `appeal init` copies: path in the project, and contents.\n\
         pub const BUNDLED: &[(&str, &[u8])] = &[\n",
    );
    for file in &files {
        let rel = file
            .strip_prefix(&root)?
            .to_string_lossy()
            .replace('\\', "/");
        out.push_str(&format!(
            "    ({rel:?}, include_bytes!({:?})),\n",
            file.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR")?).join("bundled.rs");
    std::fs::write(&dest, out)?;
    code_digest(&root)
}

/// What the program is made of: its sources, the locked dependency versions (typst's among
/// them) and the fonts built in. `APPEAL_CODE_DIGEST` changes with any of them, so that an
/// output made by another build is not taken for this one's (see the site's fingerprints).
const CODE: [&str; 3] = ["src", "Cargo.lock", "assets/fonts"];

fn code_digest(root: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut files = Vec::new();
    for entry in CODE {
        let path = root.join(entry);
        println!("cargo::rerun-if-changed={}", path.display());
        walk(&path, &mut files);
    }
    files.sort();
    // FNV-1a, twice with different offsets: 128 bits, no dependency, the same on every
    // platform and compiler.
    let mut digest = [0xcbf2_9ce4_8422_2325_u64, 0x6c62_272e_07bb_0142_u64];
    for file in &files {
        let rel = file
            .strip_prefix(root)?
            .to_string_lossy()
            .replace('\\', "/");
        for bytes in [rel.as_bytes(), &[0], &std::fs::read(file)?, &[0]] {
            for &b in bytes {
                for d in &mut digest {
                    *d = (*d ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
                }
            }
        }
    }
    println!(
        "cargo::rustc-env=APPEAL_CODE_DIGEST={:016x}{:016x}",
        digest[0], digest[1]
    );
    Ok(())
}

/// Every regular file at or under `path`, skipping hidden ones (editor and staging leftovers).
fn walk(path: &Path, files: &mut Vec<PathBuf>) {
    let hidden = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'));
    if hidden {
        return;
    }
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return;
    };
    if meta.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            walk(&entry.path(), files);
        }
    } else if meta.is_file() {
        files.push(path.to_path_buf());
    }
}
