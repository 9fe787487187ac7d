//! `appeal serve --listen ADDR` (also `appeal unsubscribe-server`, its first name): starts the
//! server behind the links in alerts ([`crate::app::serve`]) and says where it listens.

use crate::app::serve::{self, Ledgers};
use crate::cli::ServeArgs;
use crate::clock::Clock;
use crate::error::Result;
use std::path::Path;

/// Runs the server until it is stopped. `clock` is `Some` only with `--today`: otherwise each
/// request is dated by the system clock when it comes.
pub fn run(root: &Path, clock: Option<Clock>, args: ServeArgs) -> Result<()> {
    let ledgers = Ledgers {
        suppressions: args.suppressions,
        actions: args.actions,
    };
    let server = serve::open(root, clock, ledgers)?;
    for p in &server.locale_errors {
        // Pages fall back to built-in English where a text is missing: warn, go on.
        eprintln!("{p}");
    }
    let server = server.listen(&args.listen)?;
    let addr = server.addr;
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {addr}, not loopback: this server speaks plain HTTP; put it \
             behind an HTTPS reverse proxy and listen on 127.0.0.1 (README, \"Unsubscribe and suppressions\")"
        );
    }
    say!(
        "listening on http://{addr}; recording unsubscriptions in {} and actions in {}",
        server.suppressions().display(),
        server.actions().display()
    );
    server.serve(Box::new(|message| eprintln!("{message}")))
}
