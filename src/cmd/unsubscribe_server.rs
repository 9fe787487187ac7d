//! `appeal unsubscribe-server --listen ADDR`: see [`crate::unsubscribe::server`].
//!
//! It reads only the campaign settings and the locales, not the cases: a broken case file must
//! never stop people from unsubscribing.

use crate::cli::UnsubscribeServerArgs;
use crate::clock::Clock;
use crate::error::{Error, Problem, Result};
use crate::unsubscribe::Tokens;
use crate::unsubscribe::server::{self, State};
use std::path::Path;
use std::sync::Arc;

/// Runs the server until it is stopped. `clock` is `Some` only with `--today`: otherwise each
/// request is dated by the system clock when it comes.
pub fn run(root: &Path, clock: Option<Clock>, args: UnsubscribeServerArgs) -> Result<()> {
    let (project, problems) = crate::load::load_project(root);
    let campaign_problems: Vec<Problem> = problems
        .into_iter()
        .filter(|p| p.is_error() && p.path.ends_with("campaign.yaml"))
        .collect();
    let Some(project) = project else {
        return Err(Error::Invalid(campaign_problems));
    };
    let campaign = project.campaign.value;
    let mail = campaign.mail.as_ref().ok_or_else(|| {
        Error::Config("appeals/campaign.yaml has no `mail:` settings: unsubscribe-server needs mail.token_secret_env (or token_secret_command)".into())
    })?;
    let tokens = Tokens::from_settings(mail)?.ok_or_else(|| {
        Error::Config(
            "no token secret: set mail.token_secret_env (or mail.token_secret_command) in \
             appeals/campaign.yaml, the same secret `mail` uses"
                .into(),
        )
    })?;
    let (locales, locale_problems) = crate::i18n::Locales::load(root);
    for p in locale_problems.iter().filter(|p| p.is_error()) {
        // Pages fall back to built-in English where a text is missing: warn, go on.
        eprintln!("{p}");
    }
    let ledger = args
        .suppressions
        .clone()
        .unwrap_or_else(|| crate::deliver::suppressions::default_path(root));
    let listener = std::net::TcpListener::bind(&args.listen).map_err(|e| {
        Error::Usage(format!(
            "--listen {}: {e}; give a free host:port such as 127.0.0.1:8025",
            args.listen
        ))
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Config(format!("--listen {}: {e}", args.listen)))?;
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {addr}, not loopback: this server speaks plain HTTP; put it \
             behind an HTTPS reverse proxy and listen on 127.0.0.1 (README, \"Unsubscribe\")"
        );
    }
    println!(
        "listening on http://{addr}; recording unsubscriptions in {}",
        ledger.display()
    );
    let state = State {
        tokens,
        ledger,
        locales: Arc::new(locales),
        default_language: campaign.default_language.clone(),
        organisation: campaign.organisation.name.clone(),
        clock,
    };
    server::serve(listener, Arc::new(state))
}
