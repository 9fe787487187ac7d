//! `appeal init DIR`: a new project of one's own (see [`crate::app::init`]), then what to do
//! next.

use crate::app::init;
use crate::cli::InitArgs;
use crate::error::Result;

/// Runs `init`.
pub fn run(args: InitArgs) -> Result<()> {
    let report = init::init(&args.dir)?;
    let dir = report.dir.display();
    say!("{dir}");
    eprintln!(
        "created {dir}: {} files: the directory ({} authorities, {} missions, {} calendar(s), \
         events), templates/ and locales/, and {} to fill in; no cases yet",
        report.files,
        report.authorities,
        report.missions,
        report.calendars,
        init::CAMPAIGN_FILE
    );
    eprintln!("next:");
    for step in [
        format!("fill in your organisation in {dir}/{}", init::CAMPAIGN_FILE),
        format!("appeal --root {dir} new ID --target kz/prosecutor-general   (a first case)"),
        format!("appeal --root {dir} check   (lists what is left to fill in, one line each)"),
        format!("appeal --root {dir} render ID"),
    ] {
        eprintln!("  {step}");
    }
    Ok(())
}
