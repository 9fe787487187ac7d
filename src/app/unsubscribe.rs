//! `appeal unsubscribe-server`: opens what the server needs (the token secret, the page texts,
//! the ledger), listens, and serves ([`crate::unsubscribe::server`]).
//!
//! It reads only the campaign settings and the locales, not the cases: a broken case file must
//! never stop people from unsubscribing.

use crate::clock::Clock;
use crate::error::{Error, Problem, Result};
use crate::unsubscribe::Tokens;
use crate::unsubscribe::server::{self, State};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A server ready to listen.
pub struct Server {
    state: State,
    /// Errors in the locales: pages fall back to built-in English where a text is missing, so
    /// they are worth a warning, not a refusal.
    pub locale_errors: Vec<Problem>,
}

/// A server listening, not yet answering.
pub struct Listening {
    state: State,
    listener: TcpListener,
    /// The address it listens on (the port chosen, when 0 was asked for).
    pub addr: SocketAddr,
}

/// Opens the settings, the token secret and the locales of the project at `root`; `ledger` is
/// where unsubscriptions go (default: the project's). `clock` is `Some` only with `--today`:
/// otherwise each request is dated by the system clock when it comes.
pub fn open(root: &Path, clock: Option<Clock>, ledger: Option<PathBuf>) -> Result<Server> {
    let (project, problems) = crate::load::load_project(root);
    let campaign_problems = crate::load::settings_errors(&problems);
    let Some(project) = project.filter(|_| campaign_problems.is_empty()) else {
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
    let locale_errors = locale_problems
        .into_iter()
        .filter(|p| p.is_error())
        .collect();
    let ledger = ledger.unwrap_or_else(|| crate::deliver::suppressions::default_path(root));
    let state = State {
        tokens,
        ledger,
        locales: Arc::new(locales),
        default_language: campaign.default_language.clone(),
        organisation: campaign.organisation.name.clone(),
        clock,
    };
    Ok(Server {
        state,
        locale_errors,
    })
}

impl Server {
    /// Binds `listen` (`host:port`).
    pub fn listen(self, listen: &str) -> Result<Listening> {
        let listener = TcpListener::bind(listen).map_err(|e| {
            Error::Usage(format!(
                "--listen {listen}: {e}; give a free host:port such as 127.0.0.1:8025"
            ))
        })?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Config(format!("--listen {listen}: {e}")))?;
        Ok(Listening {
            state: self.state,
            listener,
            addr,
        })
    }
}

impl Listening {
    /// The ledger unsubscriptions are recorded in.
    pub fn ledger(&self) -> &Path {
        &self.state.ledger
    }

    /// Answers requests until the process is stopped.
    pub fn serve(self) -> Result<()> {
        server::serve(self.listener, Arc::new(self.state))
    }
}
