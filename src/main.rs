//! The `appeal` binary: parse arguments, run, print the error, exit with its code.

use clap::Parser;

fn main() {
    let cli = appeal::cli::Cli::parse();
    let code = match appeal::run(cli) {
        Ok(()) => appeal::error::exit::OK,
        Err(error) => {
            appeal::report(&error);
            error.exit_code()
        }
    };
    std::process::exit(code);
}
