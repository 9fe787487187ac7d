//! `appeal unsubscribe-server --listen ADDR`: see [`crate::unsubscribe::server`].

use crate::cli::UnsubscribeServerArgs;
use crate::clock::Clock;
use crate::error::{Error, Result};
use std::path::Path;

/// Runs the server until it is stopped. `clock` is `Some` only with `--today`: otherwise each
/// request is dated by the system clock at the time it comes.
pub fn run(_root: &Path, _clock: Option<Clock>, _args: UnsubscribeServerArgs) -> Result<()> {
    Err(Error::Config("not yet".into()))
}
