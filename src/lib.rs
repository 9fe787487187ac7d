//! appeal: urgent-action appeals from case files, an authority directory, Tera templates and
//! Fluent translations. The pipeline, one module each:
//! load → validate → resolve → render → deliver.

#![warn(missing_docs)]

pub mod address;
pub mod app;
pub mod bounces;
pub mod cli;
pub mod clock;
pub mod cmd;
pub mod deliver;
pub mod dns;
pub mod domain;
pub mod env;
pub mod error;
pub mod i18n;
pub mod load;
pub mod model;
pub mod parallel;
pub mod po;
pub mod program;
pub mod render;
pub mod supporters;
pub mod templates;
pub mod unsubscribe;
pub mod validate;

use cli::{Cli, Command};
use error::{Error, Result};

/// Runs one command line.
pub fn run(cli: Cli) -> Result<()> {
    let clock = match &cli.today {
        Some(value) => clock::Clock::parse(value).map_err(Error::Usage)?,
        None => clock::Clock::system(),
    };
    match cli.command {
        Command::Check => cmd::check::run(&cli.root, clock),
        Command::List { json } => cmd::list::run(&cli.root, clock, json),
        Command::Render(args) => cmd::render::run(&cli.root, clock, args),
        Command::Send(args) => cmd::send::run(&cli.root, clock, args),
        Command::Mail(args) => cmd::mail::run(&cli.root, clock, args),
        Command::Remind(args) => cmd::remind::run(&cli.root, clock, args),
        Command::Deadlines(args) => cmd::deadlines::run(&cli.root, clock, args),
        Command::Who(args) => cmd::who::run(&cli.root, clock, args),
        Command::Translations(args) => cmd::translations::run(&cli.root, clock, args),
        Command::Init(args) => cmd::init::run(args),
        Command::New(args) => cmd::new::run(&cli.root, args),
        Command::Doctor(args) => cmd::doctor::run(&cli.root, clock, args),
        Command::Bounces(args) => cmd::bounces::run(&cli.root, clock, args),
        Command::Suppress(args) => cmd::suppress::run(&cli.root, clock, args),
        Command::Serve(args) => {
            cmd::serve::run(&cli.root, cli.today.is_some().then_some(clock), args)
        }
        Command::Report(args) => cmd::report::run(&cli.root, clock, args),
        Command::Actions(args) => cmd::actions::run(&cli.root, clock, args),
        Command::Site(args) => cmd::site::run(&cli.root, clock, args),
        Command::Completions(args) => cmd::completions::run(args),
        Command::Man(args) => cmd::man::run(args),
    }
}

/// Prints an error to standard error: every located problem, then a summary line.
pub fn report(error: &Error) {
    if let Error::Invalid(problems) = error {
        for line in error::capped_lines(problems) {
            eprintln!("{line}");
        }
    }
    eprintln!("appeal: {error}");
}
