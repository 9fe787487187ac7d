//! `appeal render`: render a case in memory and write it (see [`crate::app::render`]), then
//! print each path written.

use crate::app::render::{self, Request};
use crate::cli::RenderArgs;
use crate::clock::Clock;
use crate::error::Result;
use std::path::Path;

/// Runs `render`.
pub fn run(root: &Path, clock: Clock, args: RenderArgs) -> Result<()> {
    let request = Request {
        case: &args.case,
        langs: &args.langs,
        formats: &args.formats,
        out: &args.out,
    };
    let written = render::run(root, clock, &request, super::print_warnings)?;
    for path in written {
        say!("{}", path.display());
    }
    Ok(())
}
