//! `appeal unsubscribe-server --listen ADDR`: starts the one-click unsubscribe server
//! ([`crate::app::unsubscribe`]) and says where it listens.

use crate::app::unsubscribe;
use crate::cli::UnsubscribeServerArgs;
use crate::clock::Clock;
use crate::error::Result;
use std::path::Path;

/// Runs the server until it is stopped. `clock` is `Some` only with `--today`: otherwise each
/// request is dated by the system clock when it comes.
pub fn run(root: &Path, clock: Option<Clock>, args: UnsubscribeServerArgs) -> Result<()> {
    let server = unsubscribe::open(root, clock, args.suppressions)?;
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
    println!(
        "listening on http://{addr}; recording unsubscriptions in {}",
        server.ledger().display()
    );
    server.serve()
}
