//! The supporter-mailing engine shared by `mail` and `remind`: stream the supporters file,
//! render each message in the supporter's language, and either write it (dry run) or send it
//! through the SMTP pool with the journal, then report.

use crate::deliver::connection::Connection;
use crate::deliver::journal::{self, Journal};
use crate::deliver::pool;
use crate::deliver::smtp::{self, Outcome, Outgoing, RateLimiter, SendConfig, Tally};
use crate::deliver::staged::Staged;
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
    /// Messages that could not be rendered, in all (`render_errors` keeps the first
    /// [`EXAMPLES_PER_KIND`]).
    pub render_error_count: u64,
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

/// Per-run counters, updated without locks.
struct Counters {
    rows: AtomicU64,
    already_sent: AtomicU64,
    written: AtomicU64,
    fallbacks: AtomicU64,
    by_language: BTreeMap<String, AtomicU64>,
}

impl Counters {
    fn new<'a>(languages: impl Iterator<Item = &'a String>) -> Counters {
        Counters {
            rows: AtomicU64::new(0),
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

/// The journal file under the project root, unless given.
pub fn default_journal(root: &Path) -> PathBuf {
    root.join(".appeal").join("journal.tsv")
}

/// Runs one mailing for one case.
pub fn run(env: &Env, kit: &AlertKit, case_id: &str, opts: &Options) -> Result<Report> {
    let journal = if opts.send {
        Journal::open(&opts.journal)?
    } else {
        Journal::read_only(&opts.journal)?
    };
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
    let transport = match (&opts.smtp, opts.send) {
        (Some(cfg), true) => {
            let target = cfg.target()?;
            smtp::preflight(&target)?;
            Some((target, cfg, RateLimiter::new(cfg.per_second, cfg.per_hour)))
        }
        (None, true) => return Err(Error::Config("--send needs SMTP settings".into())),
        _ => None,
    };
    let workers = transport
        .as_ref()
        .map_or(opts.render_threads, |(_, c, _)| c.concurrency);
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
    let rows = supporters.inspect(|_| {
        counters.rows.fetch_add(1, Ordering::Relaxed);
    });
    // Off a terminal, a plain line every PLAIN_EVERY rows stands in for the progress bar.
    let plain = progress.is_hidden();
    let seen_rows = std::sync::atomic::AtomicU64::new(0);
    let started = std::time::Instant::now();
    // Each sending worker owns one SMTP connection: the pool is `concurrency` connections.
    let connect = || {
        transport
            .as_ref()
            .and_then(|(target, ..)| Connection::new(target.clone()).ok())
    };
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
        let key = journal::key(case_id, &journal_kind, &s.email);
        if journal.contains(&key) {
            counters.already_sent.fetch_add(1, Ordering::Relaxed);
            return;
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
        match &transport {
            None => {
                if let Some(mbox) = &mbox {
                    let entry = crate::deliver::files::mbox_entry(&built.message.formatted());
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
                    match crate::deliver::files::write_atomic(&path, &built.message.formatted()) {
                        Ok(()) => {
                            counters.written.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(e) => fail(e),
                    }
                }
            }
            Some((_, cfg, limiter)) => {
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
                    envelope: built.message.envelope().clone(),
                    bytes: built.message.formatted(),
                    message_id: built.message_id,
                };
                match smtp::deliver(connection, cfg, limiter, &journal, &tally, &msg) {
                    Ok(Outcome::Failed { reason, .. }) => {
                        progress.suspend(|| eprintln!("{}: not delivered: {reason}", msg.label))
                    }
                    Ok(_) => {}
                    Err(e) => fail(e),
                }
            }
        }
    });
    progress.finish_and_clear();
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
    print_report(case_id, &report, opts, &tally);
    let failed = tally.failed.load(Ordering::Relaxed);
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
    if failed > 0 {
        let total = failed + tally.accepted.load(Ordering::Relaxed);
        return Err(Error::Delivery { failed, total });
    }
    Ok(report)
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
    println!("  already sent (journal): {}", r.already_sent);
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
