//! `appeal serve` (once `unsubscribe-server`): opens what the server behind the links in alerts
//! needs (the token secret, the page texts, the two ledgers), listens, and serves
//! ([`crate::unsubscribe::server`]).
//!
//! It reads only the campaign settings and the locales, not the cases: a broken case file must
//! never stop people from unsubscribing.

use crate::clock::Clock;
use crate::error::{Error, Problem, Result};
use crate::unsubscribe::Tokens;
use crate::unsubscribe::server::{self, Setup, State};
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

/// Where the server records what it is asked: `None` for the project's own ledgers.
#[derive(Debug, Default)]
pub struct Ledgers {
    /// The suppression ledger (default `.appeal/suppressions.tsv`).
    pub suppressions: Option<PathBuf>,
    /// The actions ledger (default `.appeal/actions.tsv`).
    pub actions: Option<PathBuf>,
}

/// Opens the settings, the token secret, the locales and the actions ledger of the project at
/// `root`. `clock` is `Some` only with `--today`: otherwise each request is dated by the system
/// clock when it comes.
pub fn open(root: &Path, clock: Option<Clock>, ledgers: Ledgers) -> Result<Server> {
    let (project, problems) = crate::load::load_project(root);
    let campaign_problems = crate::load::settings_errors(&problems);
    let Some(project) = project.filter(|_| campaign_problems.is_empty()) else {
        return Err(Error::Invalid(campaign_problems));
    };
    let campaign = project.campaign.value;
    let mail = campaign.mail.as_ref().ok_or_else(|| {
        Error::Config("appeals/campaign.yaml has no `mail:` settings: `appeal serve` needs mail.token_secret_env (or token_secret_command)".into())
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
    let setup = Setup {
        suppressions: ledgers
            .suppressions
            .unwrap_or_else(|| crate::deliver::suppressions::default_path(root)),
        actions: ledgers
            .actions
            .unwrap_or_else(|| crate::deliver::actions::default_path(root)),
        locales: Arc::new(locales),
        default_language: campaign.default_language.clone(),
        organisation: campaign.organisation.name.clone(),
        clock,
    };
    let state = State::new(tokens, setup)?;
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
    pub fn suppressions(&self) -> &Path {
        self.state.suppressions()
    }

    /// The ledger actions are recorded in.
    pub fn actions(&self) -> &Path {
        self.state.actions()
    }

    /// Answers requests until the process is stopped, telling `log` what it could not do.
    pub fn serve(self, log: server::Log) -> Result<()> {
        server::serve(self.listener, self.state, log)
    }
}
