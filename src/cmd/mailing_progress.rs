//! How `mail` and `remind` show a mailing: their delivery flags as the mailing takes them, the
//! progress while it runs, and each case's report.

use crate::app::mailing;
use crate::cli::DeliveryArgs;
use crate::deliver::smtp::Outcome;
use crate::supporters::Rejected;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

/// The delivery flags of `mail` and `remind` as the mailing takes them: `--out -` is the mbox
/// stream on standard output.
pub fn mailing_request(d: &DeliveryArgs) -> mailing::Request {
    mailing::Request {
        supporters: d.supporters.clone(),
        send: d.send,
        out: d.out.as_ref().map(|o| {
            if o == Path::new("-") {
                mailing::Out::Mbox(Box::new(std::io::stdout()))
            } else {
                mailing::Out::Folder(o.clone())
            }
        }),
        smtp: d.smtp.clone(),
        concurrency: d.concurrency,
        per_second: d.per_second,
        per_hour: d.per_hour,
        journal: d.journal.clone(),
        timeout: d.timeout,
        suppressions: d.suppressions.clone(),
        actions: d.actions.clone(),
        segment: None,
    }
}

/// How often, in rows, a plain progress line is printed when standard error is not a terminal.
const PLAIN_EVERY: u64 = 10_000;

/// Shows a mailing as it runs, on standard error: a progress bar on a terminal (else a plain
/// line every [`PLAIN_EVERY`] rows), each message that went wrong; then each case's report.
pub struct MailingProgress<'a> {
    args: &'a DeliveryArgs,
    bar: ProgressBar,
    /// Off a terminal: plain lines stand in for the bar.
    plain: bool,
}

impl<'a> MailingProgress<'a> {
    /// Progress for a mailing run with these flags.
    pub fn new(args: &'a DeliveryArgs) -> MailingProgress<'a> {
        MailingProgress {
            args,
            bar: ProgressBar::hidden(),
            plain: true,
        }
    }
}

impl mailing::Observer for MailingProgress<'_> {
    fn warning(&mut self, message: &str) {
        self.bar.suspend(|| eprintln!("warning: {message}"));
    }

    fn rows_begin(&mut self, supporters: &Path) {
        self.bar = progress_bar(supporters);
        self.plain = self.bar.is_hidden();
    }

    fn row(&self) {
        self.bar.inc(1);
    }

    fn rows_so_far(&self, n: u64, since: Instant) {
        if self.plain && n.is_multiple_of(PLAIN_EVERY) {
            let rate = n as f64 / since.elapsed().as_secs_f64().max(1e-9);
            eprintln!("progress: {n} rows, {rate:.0} rows/s");
        }
    }

    fn trouble(&self, label: &str, outcome: &Outcome) {
        match outcome {
            Outcome::Failed { reason, .. } => self
                .bar
                .suspend(|| eprintln!("{label}: not delivered: {reason}")),
            Outcome::Unknown { reason } => self.bar.suspend(|| eprintln!("{label}: {reason}")),
            _ => {}
        }
    }

    fn rows_end(&mut self) {
        self.bar.finish_and_clear();
    }

    fn mailed(&mut self, report: &mailing::Report) {
        // With the messages on standard output, the report goes to standard error.
        let to_stdout = self.args.out.as_deref() == Some(Path::new("-"));
        for line in mailing_report(report, self.args) {
            if to_stdout {
                eprintln!("{line}");
            } else {
                say!("{line}");
            }
        }
    }
}

fn progress_bar(path: &Path) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    // Counted in a streaming pass: reading the file whole cost its size in memory.
    let rows = mailing::line_count(path).unwrap_or(0) as u64;
    let bar = ProgressBar::new(rows.saturating_sub(1));
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} eta {eta}") {
        bar.set_style(style);
    }
    bar
}

/// A mailing's report, line by line: the counts, the rows skipped, then what became of the
/// messages.
fn mailing_report(r: &mailing::Report, args: &DeliveryArgs) -> Vec<String> {
    let mut lines = counted(r, args);
    lines.extend(skipped(r, args));
    let to_stdout = args.out.as_deref() == Some(Path::new("-"));
    if let Some(sent) = &r.sent {
        lines.push(format!(
            "  accepted: {}, retried: {}, failed: {}",
            sent.accepted, sent.retries, sent.failed
        ));
        if sent.unknown > 0 {
            lines.push(format!(
                "  {} unknown: may have been delivered (the server went silent after the \
                 end of the message); journaled as `unknown`, not sent again",
                sent.unknown
            ));
        }
        if sent.not_attempted > 0 {
            lines.push(format!(
                "  not attempted: {} (the server stopped answering; run again to send them)",
                sent.not_attempted
            ));
        }
    } else if to_stdout {
        lines.push(format!(
            "  written: {} to standard output (mbox)",
            r.written
        ));
    } else if let Some(out) = &args.out {
        lines.push(format!(
            "  written: {} under {}",
            r.written,
            out.join(&r.case).join("mail").display()
        ));
    }
    lines
}

/// The report's counts: rows, messages by language, fallbacks, suppressed, already sent, and
/// the rows that repeat an address.
fn counted(r: &mailing::Report, args: &DeliveryArgs) -> Vec<String> {
    let total: u64 = r.by_language.values().sum();
    let langs: Vec<String> = r
        .by_language
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    let mode = if r.sent.is_some() { "sent" } else { "dry run" };
    let mut lines = vec![
        format!(
            "{}: {} row(s) read, {total} message(s) ({}), {mode}",
            r.case,
            r.rows,
            langs.join(", ")
        ),
        format!("  language fallbacks: {}", r.fallbacks),
        format!(
            "  suppressed (unsubscribed, bounced, complained or removed by hand): {}",
            r.suppressed
        ),
    ];
    if let Some(why) = &r.segment {
        lines.push(format!("  skipped, {why}: {}", r.not_in_segment));
    }
    if r.already_unknown > 0 {
        lines.push(format!(
            "  already sent (journal): {} ({} of unknown outcome: check they arrived, then mark \
             them `accepted` in the journal, or delete their lines to send them again)",
            r.already_sent, r.already_unknown
        ));
    } else {
        lines.push(format!("  already sent (journal): {}", r.already_sent));
    }
    if r.duplicate_count > 0 {
        lines.push(format!(
            "  duplicate rows (one message per address): {}",
            r.duplicate_count
        ));
        for (line, first) in &r.duplicates {
            lines.push(format!(
                "    {}:{line}: warning: the address of line {first} again: sent once",
                args.supporters.display()
            ));
        }
        if r.duplicate_count > r.duplicates.len() as u64 {
            lines.push(format!(
                "    ... and {} more duplicate row(s)",
                r.duplicate_count - r.duplicates.len() as u64
            ));
        }
    }
    lines
}

/// The rows skipped and the messages that could not be rendered: the first of each kind by
/// line, the rest counted.
fn skipped(r: &mailing::Report, args: &DeliveryArgs) -> Vec<String> {
    let supporters = args.supporters.display();
    let mut lines = vec![format!("  skipped rows: {}", r.rejected_count())];
    let mut rejected: Vec<&Rejected> = r.rejected.iter().collect();
    rejected.sort_by_key(|x| x.line);
    for x in rejected {
        lines.push(format!("    {supporters}:{}: {}", x.line, x.reason));
    }
    for (kind, n) in &r.rejected_by_kind {
        if *n > mailing::EXAMPLES_PER_KIND {
            lines.push(format!(
                "    … and {} more row(s) of this kind: {}",
                n - mailing::EXAMPLES_PER_KIND,
                kind.trim()
            ));
        }
    }
    for (line, e) in &r.render_errors {
        lines.push(format!("    {supporters}:{line}: {e}"));
    }
    if r.render_error_count > mailing::EXAMPLES_PER_KIND {
        lines.push(format!(
            "    … and {} more message(s) that could not be rendered",
            r.render_error_count - mailing::EXAMPLES_PER_KIND
        ));
    }
    lines
}
