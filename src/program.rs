//! This program's identity, for what it keeps between runs: its version and a digest of its
//! code, fonts and locked dependencies (made by `build.rs`). An output or a cache recorded
//! by another build of it is made again: the same version number may come with other code.

/// This program: `<version>+<digest of its code>`.
pub const PROGRAM: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("APPEAL_CODE_DIGEST"));
