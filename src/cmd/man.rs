//! `appeal man [COMMAND]`: the manual page in roff, generated from the same clap definitions as
//! the parser (and `--help`), so it never falls behind: `appeal man | man -l -` reads it, and
//! `appeal man > appeal.1` installs it. The page of `appeal` ends with the examples and exit
//! codes of `--help`, kept as written (line for line) rather than refilled as a paragraph.

use crate::cli::{AFTER_HELP, Cli, ManArgs};
use crate::error::{Error, Result, suggestion};
use clap::CommandFactory;
use roff::{Roff, roman};
use std::io::Write;

/// Runs `man`: the page of `appeal`, or of one command, on standard output.
pub fn run(args: ManArgs) -> Result<()> {
    let page = match &args.command {
        None => main_page().map_err(|e| Error::io("the manual page", e))?,
        Some(name) => command_page(name)?,
    };
    std::io::stdout()
        .write_all(&page)
        .map_err(|e| Error::io("standard output", e))
}

/// The page of `appeal`: its options and commands, then the examples and exit codes.
fn main_page() -> std::io::Result<Vec<u8>> {
    let app = Cli::command().after_help(None::<&str>);
    let man = clap_mangen::Man::new(app);
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    man.render_subcommands_section(&mut out)?;
    let (examples, exit_codes) = AFTER_HELP
        .split_once("Exit codes:")
        .unwrap_or((AFTER_HELP, ""));
    let mut roff = Roff::default();
    for (heading, text) in [
        ("EXAMPLES", examples.trim_start_matches("Examples:")),
        ("EXIT STATUS", exit_codes),
    ] {
        roff.control("SH", [heading]).control("nf", []);
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            roff.text([roman(line.strip_prefix("  ").unwrap_or(line))]);
        }
        roff.control("fi", []);
    }
    roff.to_writer(&mut out)?;
    man.render_version_section(&mut out)?;
    Ok(out)
}

/// The page of one command, named `appeal-<command>`.
fn command_page(name: &str) -> Result<Vec<u8>> {
    let app = Cli::command();
    let Some(command) = app.find_subcommand(name).cloned() else {
        let names: Vec<&str> = app.get_subcommands().map(|c| c.get_name()).collect();
        return Err(Error::Usage(format!(
            "no command `{name}`{}; `appeal help` lists them",
            suggestion(name, names)
        )));
    };
    let full = format!("appeal-{}", command.get_name());
    let command = command
        .name(full.clone())
        .display_name(full)
        .bin_name(format!("appeal {name}"));
    let mut out = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut out)
        .map_err(|e| Error::io("the manual page", e))?;
    Ok(out)
}
