//! `appeal site`: build the public action site into a folder (see [`crate::app::site`]) and
//! say what changed.

use crate::app::site::{self, Request};
use crate::cli::SiteArgs;
use crate::clock::Clock;
use crate::error::Result;
use std::path::Path;

/// Runs `site`.
pub fn run(root: &Path, clock: Clock, args: SiteArgs) -> Result<()> {
    let request = Request {
        out: &args.out,
        base_url: args.base_url.clone(),
        fax: !args.no_fax,
    };
    let report = site::run(root, clock, &request, super::print_warnings)?;
    say!(
        "{}: {} files: {} written, {} unchanged, {} removed; {} pages made, {} reused; {} PDFs rendered, {} reused",
        args.out.display(),
        report.files,
        report.written.written,
        report.written.unchanged,
        report.written.removed,
        report.pages.0,
        report.pages.1,
        report.faxes.0,
        report.faxes.1,
    );
    Ok(())
}
