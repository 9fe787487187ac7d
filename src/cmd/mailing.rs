//! The supporter-mailing engine shared by `mail` and `remind`: stream the supporters file,
//! render each message in the supporter's language, and either write it (dry run) or send it
//! through the SMTP pool with the journal, then report.

use crate::deliver::journal::{self, Journal, Status};
use crate::deliver::lock::RunLock;
use crate::deliver::outbox::{self, Outbox, Tally};
use crate::deliver::pool;
use crate::deliver::smtp::{Outcome, Outgoing, SendConfig};
use crate::deliver::staged::Staged;
use crate::deliver::suppressions::Suppressions;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::render::alert::{self, AlertKit};
use crate::supporters::{Rejected, Supporters};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// How a mailing runs.
pub struct Options {
    /// The supporters file.
    pub supporters: PathBuf,
    /// Send for real (otherwise a dry run).
    pub send: bool,
    /// Dry run: write each message under this folder.
    pub out: Option<PathBuf>,
    /// The journal file.
    pub journal: PathBuf,
    /// SMTP settings (needed only with `send`).
    pub smtp: Option<SendConfig>,
    /// Rendering threads for a dry run.
    pub render_threads: usize,
    /// Signs every message (sent or written) when `mail.dkim` is set.
    pub dkim: Option<crate::deliver::dkim::Signer>,
    /// Per-supporter return paths (`mail.verp`), when sending.
    pub verp: Option<crate::bounces::verp::Verp>,
    /// The suppression ledger: its addresses are skipped.
    pub suppressions: PathBuf,
    /// `mail.list_id`: suppressions for this list apply as well as those for all mail.
    pub list_id: Option<String>,
    /// Per-supporter unsubscribe links (`None` without `mail.unsubscribe`).
    pub links: Option<std::sync::Arc<crate::unsubscribe::Links>>,
}

/// What a mailing did.
#[derive(Default, Debug)]
pub struct Report {
    /// Rows read (valid or not).
    pub rows: u64,
    /// Messages rendered, by language.
    pub by_language: BTreeMap<String, u64>,
    /// Supporters whose language was not available.
    pub fallbacks: u64,
    /// Rows skipped, with reasons: the first [`EXAMPLES_PER_KIND`] of each kind.
    pub rejected: Vec<Rejected>,
    /// Rows skipped, counted by kind of reason (all of them).
    pub rejected_by_kind: BTreeMap<String, u64>,
    /// Already in the journal.
    pub already_sent: u64,
    /// Messages written to disk (dry run).
    pub written: u64,
    /// Rendering errors (a template or locale problem), by line.
    pub render_errors: Vec<(u64, String)>,
    /// Rows whose address repeats an earlier row's: (line, first line), the first
    /// [`LISTED`] of them.
    pub duplicates: Vec<(u64, u64)>,
    /// How many rows repeated an earlier row's address (each supporter is sent once).
    pub duplicate_count: u64,
    /// In the journal with an unknown outcome from an earlier run (not sent again).
    pub already_unknown: u64,
    /// Messages that could not be rendered, in all (`render_errors` keeps the first
    /// [`EXAMPLES_PER_KIND`]).
    pub render_error_count: u64,
    /// Supporters skipped because the suppression ledger holds their address.
    pub suppressed: u64,
}

/// How many rejected rows of one kind are listed; the rest are counted. A file of 100,000 bad
/// rows would otherwise print (and keep) 100,000 lines.
pub const EXAMPLES_PER_KIND: u64 = 20;

impl Report {
    /// Records a rejected row: kept while its kind has fewer than [`EXAMPLES_PER_KIND`] examples.
    fn reject(&mut self, rejected: Rejected) {
        let n = self
            .rejected_by_kind
            .entry(crate::error::kind_of(&rejected.reason))
            .or_insert(0);
        *n += 1;
        if *n <= EXAMPLES_PER_KIND {
            self.rejected.push(rejected);
        }
    }

    /// Rows skipped in all.
    pub fn rejected_count(&self) -> u64 {
        self.rejected_by_kind.values().sum()
    }
}

/// How many problems of one kind are listed one by one before only their count is given.
pub const LISTED: usize = 20;

/// Finds rows whose address (in normal form) an earlier row already has. Runs in the one
/// thread that reads the file, so "earlier" is file order whatever the workers do.
///
/// Memory: a map of every address seen would cost about 27 MB for a million supporters, a
/// large part of the 64 MB budget. So a first pass over the file collects one keyed 64-bit
/// fingerprint per row (8 MB for a million, freed before sending), sorts them and keeps only
/// the fingerprints that occur twice; the sending pass then tracks only those.
struct Duplicates {
    hasher: std::hash::RandomState,
    /// Fingerprints that occur more than once; `None`: track every address (the file could
    /// not be read twice, e.g. a pipe).
    repeated: Option<std::collections::HashSet<u64>>,
    /// Keyed 64-bit fingerprint of the normal address → first line.
    first: std::collections::HashMap<u64, u32>,
    listed: Vec<(u64, u64)>,
    count: u64,
}

impl Duplicates {
    /// Prepares duplicate detection for the supporters file at `path` (the first pass).
    fn for_file(path: &Path) -> Result<Duplicates> {
        use std::hash::BuildHasher;
        let hasher = std::hash::RandomState::new();
        let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
        let repeated = if regular {
            let mut fingerprints = Vec::with_capacity(line_count(path)?);
            for s in Supporters::open(path)?.flatten() {
                fingerprints.push(hasher.hash_one(crate::address::normalize(&s.email)));
            }
            fingerprints.sort_unstable();
            Some(
                fingerprints
                    .windows(2)
                    .filter(|w| w[0] == w[1])
                    .map(|w| w[0])
                    .collect(),
            )
        } else {
            None
        };
        Ok(Duplicates {
            hasher,
            repeated,
            first: std::collections::HashMap::new(),
            listed: vec![],
            count: 0,
        })
    }

    /// Whether this row is the first with its address; notes it if not.
    fn first_time(&mut self, s: &crate::supporters::Supporter) -> bool {
        use std::hash::BuildHasher;
        let fp = self.hasher.hash_one(crate::address::normalize(&s.email));
        if self.repeated.as_ref().is_some_and(|r| !r.contains(&fp)) {
            return true;
        }
        match self.first.entry(fp) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(u32::try_from(s.line).unwrap_or(u32::MAX));
                true
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                self.count += 1;
                if self.listed.len() < LISTED {
                    self.listed.push((s.line, u64::from(*o.get())));
                }
                false
            }
        }
    }
}

/// Per-run counters, updated without locks.
struct Counters {
    rows: AtomicU64,
    suppressed: AtomicU64,
    already_sent: AtomicU64,
    written: AtomicU64,
    fallbacks: AtomicU64,
    by_language: BTreeMap<String, AtomicU64>,
}

impl Counters {
    fn new<'a>(languages: impl Iterator<Item = &'a String>) -> Counters {
        Counters {
            rows: AtomicU64::new(0),
            suppressed: AtomicU64::new(0),
            already_sent: AtomicU64::new(0),
            written: AtomicU64::new(0),
            fallbacks: AtomicU64::new(0),
            by_language: languages.map(|l| (l.clone(), AtomicU64::new(0))).collect(),
        }
    }

    fn count(&self, lang: &str, fallback: bool) {
        if let Some(n) = self.by_language.get(lang) {
            n.fetch_add(1, Ordering::Relaxed);
        }
        if fallback {
            self.fallbacks.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn into_report(self, report: &mut Report) {
        report.rows = self.rows.into_inner();
        report.suppressed = self.suppressed.into_inner();
        report.already_sent = self.already_sent.into_inner();
        report.written = self.written.into_inner();
        report.fallbacks = self.fallbacks.into_inner();
        report.by_language = self
            .by_language
            .into_iter()
            .map(|(l, n)| (l, n.into_inner()))
            .filter(|(_, n)| *n > 0)
            .collect();
    }
}

/// How often, in rows, a plain progress line is printed when standard error is not a terminal.
const PLAIN_EVERY: u64 = 10_000;

/// Takes the run lock on the journal for a sending run; a dry run takes none.
pub fn lock(env: &Env, opts: &Options) -> Result<Option<RunLock>> {
    if opts.send {
        RunLock::acquire(&opts.journal, &env.clock).map(Some)
    } else {
        Ok(None)
    }
}

/// Runs one mailing for one case.
pub fn run(env: &Env, kit: &AlertKit, case_id: &str, opts: &Options) -> Result<Report> {
    keep_freed_memory();
    let journal = if opts.send {
        Journal::open(&opts.journal)?
    } else {
        Journal::read_only(&opts.journal)?
    };
    // Read once, before the first message: a suppression recorded during the run (the
    // unsubscribe server) applies from the next run.
    let suppressions = Suppressions::load(&opts.suppressions)?;
    let list = opts.list_id.as_deref();
    let supporters = Supporters::open(&opts.supporters)?;
    let report = Mutex::new(Report::default());
    let progress = progress_bar(&opts.supporters);
    let journal_kind = kit.kind.journal_kind(
        &kit.views
            .values()
            .next()
            .map(|(v, _)| v.clone())
            .ok_or_else(|| Error::Usage("the case has no languages".into()))?,
    );
    let tally = Tally::default();
    let (transport, workers) = match (&opts.smtp, opts.send) {
        // The first connection only shows the server answers: each worker opens its own.
        (Some(cfg), true) => (Some(Outbox::open(cfg, &tally)?.0), cfg.concurrency),
        (None, true) => return Err(Error::Config("--send needs SMTP settings".into())),
        _ => (None, opts.render_threads),
    };
    // `--out -` streams an mbox to standard output; `--out DIR` writes one .eml per message.
    let to_stdout = opts.out.as_deref() == Some(Path::new("-"));
    // Messages are written into a staging folder, moved into place only when all are written.
    let staged = opts
        .out
        .as_ref()
        .filter(|_| !to_stdout && !opts.send)
        .map(|o| Staged::new(&o.join(case_id).join("mail")))
        .transpose()?;
    let out_dir = staged.as_ref().map(|s| s.path().to_path_buf());
    let mbox = to_stdout.then(|| {
        Mutex::new(std::io::BufWriter::with_capacity(
            1 << 20,
            std::io::stdout(),
        ))
    });
    let io_error: Mutex<Option<Error>> = Mutex::new(None);
    // Hot counters are atomics: a lock per message would serialise the workers.
    let stopped = std::sync::atomic::AtomicBool::new(false);
    let fail = |e: Error| {
        stopped.store(true, Ordering::SeqCst);
        if let Ok(mut slot) = io_error.lock() {
            slot.get_or_insert(e);
        }
    };
    let counters = Counters::new(kit.views.keys());
    let dkim_time = env.clock.now().timestamp();
    let mut duplicates = Duplicates::for_file(&opts.supporters)?;
    let rows = supporters
        .inspect(|_| {
            counters.rows.fetch_add(1, Ordering::Relaxed);
        })
        // The same supporter twice in one file gets one message: the first row's.
        .filter(|row| row.as_ref().map_or(true, |s| duplicates.first_time(s)));
    // Off a terminal, a plain line every PLAIN_EVERY rows stands in for the progress bar.
    let plain = progress.is_hidden();
    let seen_rows = std::sync::atomic::AtomicU64::new(0);
    let started = std::time::Instant::now();
    // Each sending worker owns one SMTP connection: the pool is `concurrency` connections.
    let connect = || transport.as_ref().and_then(Outbox::connect);
    pool::for_each_with(rows, workers, connect, |connection, row| {
        progress.inc(1);
        // After a journal or disk failure, stop sending: what is not journaled must not go out.
        if stopped.load(Ordering::SeqCst) {
            return;
        }
        let n = seen_rows.fetch_add(1, Ordering::Relaxed) + 1;
        if plain && n.is_multiple_of(PLAIN_EVERY) {
            let rate = n as f64 / started.elapsed().as_secs_f64().max(1e-9);
            eprintln!("progress: {n} rows, {rate:.0} rows/s");
        }
        let s = match row {
            Ok(s) => s,
            Err(rejected) => {
                if let Ok(mut r) = report.lock() {
                    r.reject(rejected);
                }
                return;
            }
        };
        // Never mail an address that unsubscribed, bounced or complained.
        if suppressions.contains(&s.email, list) {
            counters.suppressed.fetch_add(1, Ordering::Relaxed);
            return;
        }
        let key = journal::key(case_id, &journal_kind, &s.email);
        match journal.status(&key) {
            Some(Status::Accepted) => {
                counters.already_sent.fetch_add(1, Ordering::Relaxed);
                return;
            }
            Some(Status::Unknown) => {
                counters.already_sent.fetch_add(1, Ordering::Relaxed);
                tally.already_unknown.fetch_add(1, Ordering::Relaxed);
                return;
            }
            None => {}
        }
        let (lang, fallback) = kit.language_for(&s);
        let built = match alert::build(env, kit, &s) {
            Ok(b) => b,
            Err(p) => {
                if let Ok(mut r) = report.lock() {
                    r.render_error_count += 1;
                    if r.render_error_count <= EXAMPLES_PER_KIND {
                        r.render_errors.push((s.line, p.to_string()));
                    }
                }
                return;
            }
        };
        counters.count(lang, fallback);
        // The bytes that go out: signed when DKIM is set, exactly as sent in a dry run too.
        let bytes = match outbox::signed(built.message.formatted(), opts.dkim.as_ref(), dkim_time) {
            Ok(b) => b,
            Err(e) => {
                fail(e);
                return;
            }
        };
        match &transport {
            None => {
                if let Some(mbox) = &mbox {
                    let entry = crate::deliver::files::mbox_entry(&bytes);
                    let written = mbox
                        .lock()
                        .map_err(|_| std::io::Error::other("output lock poisoned"))
                        .and_then(|mut w| std::io::Write::write_all(&mut *w, &entry));
                    match written {
                        Ok(()) => {
                            counters.written.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(e) => fail(Error::io("standard output", e)),
                    }
                } else if let Some(dir) = &out_dir {
                    let path = dir.join(format!("{:07}-{}.eml", s.line, lang));
                    match crate::deliver::files::write_atomic(&path, &bytes) {
                        Ok(()) => {
                            counters.written.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(e) => fail(e),
                    }
                }
            }
            Some(outbox) => {
                let Some(connection) = connection.as_mut() else {
                    // Never drop a message silently: no client, no run.
                    if let Ok(mut slot) = io_error.lock() {
                        slot.get_or_insert(Error::Config(
                            "cannot start an SMTP client thread".into(),
                        ));
                    }
                    return;
                };
                let msg = Outgoing {
                    key,
                    label: format!("line {} <{}>", s.line, s.email),
                    envelope: match envelope(&built.message, opts.verp.as_ref(), &s.email) {
                        Ok(e) => e,
                        Err(e) => {
                            fail(e);
                            return;
                        }
                    },
                    bytes,
                    message_id: built.message_id,
                };
                match outbox.deliver(connection, &journal, &msg) {
                    Ok(Outcome::Failed { reason, .. }) => {
                        progress.suspend(|| eprintln!("{}: not delivered: {reason}", msg.label))
                    }
                    Ok(Outcome::Unknown { reason }) => {
                        progress.suspend(|| eprintln!("{}: {reason}", msg.label))
                    }
                    Ok(_) => {}
                    Err(e) => fail(e),
                }
            }
        }
    });
    progress.finish_and_clear();
    // Every connection's last journal line, on disk before the summary says "accepted".
    if opts.send
        && let Err(e) = journal.sync_all()
    {
        fail(e);
    }
    if let Some(mbox) = mbox {
        use std::io::Write;
        if let Ok(mut w) = mbox.into_inner() {
            w.flush().map_err(|e| Error::io("standard output", e))?;
        }
    }
    if let Some(e) = io_error.into_inner().ok().flatten() {
        return Err(e);
    }
    let mut report = report.into_inner().unwrap_or_default();
    counters.into_report(&mut report);
    if let Some(staged) = staged {
        if report.render_errors.is_empty() {
            staged.commit()?;
        } else {
            // A failed run writes nothing: the staging folder goes when dropped.
            report.written = 0;
        }
    }
    report.already_sent += tally.already_sent.load(Ordering::Relaxed) as u64;
    report.already_unknown = tally.already_unknown.load(Ordering::Relaxed) as u64;
    report.duplicates = std::mem::take(&mut duplicates.listed);
    report.duplicate_count = duplicates.count;
    print_report(case_id, &report, opts, &tally);
    if !report.render_errors.is_empty() {
        return Err(Error::Invalid(vec![crate::error::Problem::error(
            &opts.supporters,
            (0, 0),
            format!(
                "{} message(s) could not be rendered",
                report.render_error_count
            ),
        )]));
    }
    if opts.send {
        let n = |a: &std::sync::atomic::AtomicUsize| a.load(Ordering::Relaxed);
        let total = n(&tally.accepted)
            + n(&tally.failed)
            + n(&tally.unknown)
            + n(&tally.already_unknown)
            + n(&tally.not_attempted);
        if let Some(e) = tally.error(total) {
            return Err(e);
        }
    }
    Ok(report)
}

/// Every message allocates and frees a few buffers of its own size (~32 KB) on each worker
/// thread. glibc hands a worker arena's free top back to the kernel once it passes 128 KB, so
/// it did so about once a message (`madvise`: 6% of rendering, measured with perf); 8 MB keeps
/// it for the next message. Peak memory stays bounded by the largest message times the workers.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes a tuning parameter of glibc's allocator; any value is valid.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 8 << 20);
    }
}

/// The SMTP envelope: the message's own, with the supporter's VERP return path as sender when
/// `mail.verp` is set (bounces then name the supporter even when their text cannot be read).
fn envelope(
    message: &lettre::Message,
    verp: Option<&crate::bounces::verp::Verp>,
    address: &str,
) -> Result<lettre::address::Envelope> {
    let own = message.envelope();
    let Some(verp) = verp else {
        return Ok(own.clone());
    };
    let path = verp.return_path(address);
    let from: lettre::Address = path
        .parse()
        .map_err(|e| Error::Config(format!("mail.verp gives `{path}`, not an address: {e}")))?;
    lettre::address::Envelope::new(Some(from), own.to().to_vec())
        .map_err(|e| Error::Config(format!("mail.verp: {e}")))
}

/// Newlines in a file: an upper bound on its rows, read in blocks (constant memory).
fn line_count(path: &Path) -> Result<usize> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut block = vec![0u8; 1 << 16];
    let mut lines = 0;
    loop {
        let n = file.read(&mut block).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            return Ok(lines);
        }
        lines += memchr::memchr_iter(b'\n', &block[..n]).count();
    }
}

fn progress_bar(path: &Path) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    // Counted in a streaming pass: reading the file whole cost its size in memory.
    let rows = count_lines(path).saturating_sub(1);
    let bar = ProgressBar::new(rows);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} eta {eta}") {
        bar.set_style(style);
    }
    bar
}

/// Line ends in a file, read in 64 KiB pieces; 0 if it cannot be read.
fn count_lines(path: &Path) -> u64 {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return 0;
    };
    let mut buf = vec![0; 64 * 1024];
    let mut lines = 0;
    while let Ok(n) = file.read(&mut buf) {
        if n == 0 {
            break;
        }
        lines += memchr::memchr_iter(b'\n', &buf[..n]).count() as u64;
    }
    lines
}

fn print_report(case_id: &str, r: &Report, opts: &Options, tally: &Tally) {
    // With the messages on standard output, the report goes to standard error.
    let to_stdout = opts.out.as_deref() == Some(Path::new("-"));
    macro_rules! println {
        ($($arg:tt)*) => {
            if to_stdout { eprintln!($($arg)*) } else { std::println!($($arg)*) }
        };
    }
    let total: u64 = r.by_language.values().sum();
    let langs: Vec<String> = r
        .by_language
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    let mode = if opts.send { "sent" } else { "dry run" };
    println!(
        "{case_id}: {} row(s) read, {total} message(s) ({}), {mode}",
        r.rows,
        langs.join(", ")
    );
    println!("  language fallbacks: {}", r.fallbacks);
    println!(
        "  suppressed (unsubscribed, bounced, complained or removed by hand): {}",
        r.suppressed
    );
    if r.already_unknown > 0 {
        println!(
            "  already sent (journal): {} ({} of unknown outcome: check they arrived, then mark \
             them `accepted` in the journal, or delete their lines to send them again)",
            r.already_sent, r.already_unknown
        );
    } else {
        println!("  already sent (journal): {}", r.already_sent);
    }
    if r.duplicate_count > 0 {
        println!(
            "  duplicate rows (one message per address): {}",
            r.duplicate_count
        );
        for (line, first) in &r.duplicates {
            println!(
                "    {}:{line}: warning: the address of line {first} again: sent once",
                opts.supporters.display()
            );
        }
        if r.duplicate_count > r.duplicates.len() as u64 {
            println!(
                "    ... and {} more duplicate row(s)",
                r.duplicate_count - r.duplicates.len() as u64
            );
        }
    }
    println!("  skipped rows: {}", r.rejected_count());
    let mut rejected: Vec<&Rejected> = r.rejected.iter().collect();
    rejected.sort_by_key(|x| x.line);
    for x in rejected {
        println!("    {}:{}: {}", opts.supporters.display(), x.line, x.reason);
    }
    for (kind, n) in &r.rejected_by_kind {
        if *n > EXAMPLES_PER_KIND {
            println!(
                "    … and {} more row(s) of this kind: {}",
                n - EXAMPLES_PER_KIND,
                kind.trim()
            );
        }
    }
    for (line, e) in &r.render_errors {
        println!("    {}:{line}: {e}", opts.supporters.display());
    }
    if r.render_error_count > EXAMPLES_PER_KIND {
        println!(
            "    … and {} more message(s) that could not be rendered",
            r.render_error_count - EXAMPLES_PER_KIND
        );
    }
    if opts.send {
        println!(
            "  accepted: {}, retried: {}, failed: {}",
            tally.accepted.load(Ordering::Relaxed),
            tally.retries.load(Ordering::Relaxed),
            tally.failed.load(Ordering::Relaxed)
        );
        let unknown = tally.unknown.load(Ordering::Relaxed);
        if unknown > 0 {
            println!(
                "  {unknown} unknown: may have been delivered (the server went silent after the \
                 end of the message); journaled as `unknown`, not sent again"
            );
        }
        let not_attempted = tally.not_attempted.load(Ordering::Relaxed);
        if not_attempted > 0 {
            println!(
                "  not attempted: {not_attempted} (the server stopped answering; run again to \
                 send them)"
            );
        }
    } else if to_stdout {
        println!("  written: {} to standard output (mbox)", r.written);
    } else if let Some(out) = &opts.out {
        println!(
            "  written: {} under {}",
            r.written,
            out.join(case_id).join("mail").display()
        );
    }
}
