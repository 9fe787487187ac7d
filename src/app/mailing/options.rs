//! What a mailing is asked to do (the delivery flags, as plain values) and the options it runs
//! with once the settings are read: the SMTP server, the DKIM signer, VERP return paths, the
//! suppression ledger, the per-supporter links, the segment and the journal.

use super::Observer;
use super::segment::{Segment, Wanted};
use crate::bounces::verp::Verp;
use crate::deliver::dkim::Signer;
use crate::deliver::lock::RunLock;
use crate::deliver::smtp::SendConfig;
use crate::env::Env;
use crate::error::Result;
use crate::unsubscribe::{Links, Tokens};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The delivery flags of `mail` and `remind`, as the command read them.
pub struct Request {
    /// The supporters file.
    pub supporters: PathBuf,
    /// Send for real (otherwise a dry run).
    pub send: bool,
    /// Dry run: where every message is written, if anywhere.
    pub out: Option<Out>,
    /// The SMTP server, overriding `mail.smtp.url`.
    pub smtp: Option<String>,
    /// Parallel SMTP connections, overriding `mail.concurrency`.
    pub concurrency: Option<usize>,
    /// At most this many messages per second, overriding `mail.per_second`.
    pub per_second: Option<f64>,
    /// At most this many messages per hour, overriding `mail.per_hour`.
    pub per_hour: Option<u32>,
    /// The journal file (default [`crate::deliver::journal::default_path`]).
    pub journal: Option<PathBuf>,
    /// Seconds each SMTP step may take, overriding `mail.timeout`.
    pub timeout: Option<u64>,
    /// The suppression ledger (default [`crate::deliver::suppressions::default_path`]).
    pub suppressions: Option<PathBuf>,
    /// The actions ledger (default [`crate::deliver::actions::default_path`]).
    pub actions: Option<PathBuf>,
    /// `mail --only … --of …`: only the supporters who acted, or did not.
    pub segment: Option<Wanted>,
}

/// Where a dry run writes its messages.
pub enum Out {
    /// One `.eml` per message under `DIR/<case>/mail/`.
    Folder(PathBuf),
    /// One mbox stream: the command's standard output (errors name it so).
    Mbox(Box<dyn Write + Send>),
}

/// Where a dry run's messages go, ready for the workers.
pub enum Output {
    /// Nowhere: the summary only (and every sending run).
    Nowhere,
    /// One `.eml` per message under `DIR/<case>/mail/`.
    Folder(PathBuf),
    /// One mbox stream, buffered; flushed at the end of each case's run.
    Mbox(Mutex<BufWriter<Box<dyn Write + Send>>>),
}

/// How a mailing runs.
pub struct Options {
    /// The supporters file.
    pub supporters: PathBuf,
    /// Send for real (otherwise a dry run).
    pub send: bool,
    /// Dry run: where each message is written.
    pub out: Output,
    /// The journal file.
    pub journal: PathBuf,
    /// SMTP settings (needed only with `send`).
    pub smtp: Option<SendConfig>,
    /// Rendering threads for a dry run.
    pub render_threads: usize,
    /// Signs every message (sent or written) when `mail.dkim` is set.
    pub dkim: Option<Signer>,
    /// Per-supporter return paths (`mail.verp`), when sending.
    pub verp: Option<Verp>,
    /// The suppression ledger: its addresses are skipped.
    pub suppressions: PathBuf,
    /// `mail.list_id`: suppressions for this list apply as well as those for all mail.
    pub list_id: Option<String>,
    /// Per-supporter links (`None` without `mail.unsubscribe` and `mail.acted`).
    pub links: Option<Arc<Links>>,
    /// The actions ledger: who said they sent their appeal.
    pub actions: PathBuf,
    /// Makes tokens and fingerprints (`None` without a token secret).
    pub tokens: Option<Arc<Tokens>>,
    /// `mail --only`: the supporters kept (`None`: all).
    pub segment: Option<Segment>,
}

impl Options {
    /// Reads the settings the request needs, and tells `observer` what they warn of before
    /// the run starts. Secrets are read only where the run needs them: the SMTP password and
    /// the VERP secret only to send.
    pub fn resolve(
        env: &Env,
        root: &Path,
        request: Request,
        observer: &mut dyn Observer,
    ) -> Result<Options> {
        let mail = env.project.campaign.value.mail.as_ref();
        // Read once, for the links and the segments. A dry run goes on without it (the links
        // then say so); a sending run that needs it does not.
        let needs_tokens = mail.is_some_and(Links::configured) || request.segment.is_some();
        let tokens = match mail.map(Tokens::from_settings).transpose() {
            Ok(t) => t.flatten().map(Arc::new),
            Err(e) if request.send && needs_tokens => return Err(e),
            Err(_) => None,
        };
        let actions = request
            .actions
            .unwrap_or_else(|| crate::deliver::actions::default_path(root));
        let segment = match &request.segment {
            Some(wanted) => Some(segment(env, wanted, &actions, tokens.clone())?),
            None => None,
        };
        let smtp = if request.send {
            Some(
                SendConfig::from_settings(
                    mail,
                    request.smtp.as_deref(),
                    request.concurrency,
                    request.per_second,
                    request.per_hour,
                )?
                .with_timeout(request.timeout),
            )
        } else {
            None
        };
        // A sending run writes no copies: `--out` counts only for a dry run.
        let out = match request.out {
            _ if request.send => Output::Nowhere,
            None => Output::Nowhere,
            Some(Out::Folder(dir)) => Output::Folder(dir),
            Some(Out::Mbox(stream)) => {
                Output::Mbox(Mutex::new(BufWriter::with_capacity(1 << 20, stream)))
            }
        };
        let links = Links::from_settings(mail, tokens.clone(), request.send)?;
        // Shown now, before any row flows: a dry run's links carry no token.
        if let Some(warning) = links.as_ref().and_then(|l| l.warning()) {
            observer.warning(&warning);
        }
        Ok(Options {
            supporters: request.supporters,
            send: request.send,
            out,
            journal: request
                .journal
                .unwrap_or_else(|| crate::deliver::journal::default_path(root)),
            smtp,
            render_threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            // The return path shows only on the wire: a dry run needs no secret for it.
            verp: if request.send {
                Verp::from_settings(mail)?
            } else {
                None
            },
            dkim: Signer::from_settings(mail.and_then(|m| m.dkim.as_ref()), root)?,
            suppressions: request
                .suppressions
                .unwrap_or_else(|| crate::deliver::suppressions::default_path(root)),
            list_id: mail.and_then(|m| m.list_id.clone()),
            links: links.map(Arc::new),
            actions,
            tokens,
            segment,
        })
    }

    /// Takes the run lock on the journal for a sending run; a dry run takes none.
    pub fn lock(&self, env: &Env) -> Result<Option<RunLock>> {
        if self.send {
            RunLock::acquire(&self.journal, &env.clock).map(Some)
        } else {
            Ok(None)
        }
    }
}

/// The segment `--only … --of CASE` asks for; `--of` names a case of the project (id or path).
fn segment(
    env: &Env,
    wanted: &Wanted,
    ledger: &Path,
    tokens: Option<Arc<Tokens>>,
) -> Result<Segment> {
    let of = crate::app::project::case_id(&env.project, &wanted.of)?;
    Segment::of(ledger, &of, wanted.only, tokens)
}
