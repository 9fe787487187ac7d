//! `appeal completions bash|zsh|fish`: a completion script for the shell, generated from the
//! same clap definitions as the parser itself, so it always knows every command and flag.

use crate::cli::{Cli, CompletionsArgs, Shell};
use crate::error::{Error, Result};
use clap::CommandFactory;
use std::io::Write;

/// Runs `completions`: the script on standard output.
pub fn run(args: CompletionsArgs) -> Result<()> {
    let shell = match args.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "appeal", &mut script);
    std::io::stdout()
        .write_all(&script)
        .map_err(|e| Error::io("standard output", e))
}
