//! One error type for the whole program, with the exit code each kind of failure maps to,
//! and `Problem`: a located message about an input file (`path:line:col: error: message`).

use std::fmt;
use std::path::PathBuf;

/// Exit codes, documented in `--help` and the README.
pub mod exit {
    /// Everything worked.
    pub const OK: i32 = 0;
    /// The input (cases, directory, settings, templates, locales, supporters) has errors.
    pub const INVALID_INPUT: i32 = 1;
    /// The command line is wrong (unknown case, bad flag value).
    pub const USAGE: i32 = 2;
    /// A file could not be read or written.
    pub const IO: i32 = 3;
    /// Some messages could not be delivered (the report says which).
    pub const DELIVERY: i32 = 4;
    /// `deadlines --fail-on-overdue`: an open case is past its deadline.
    pub const OVERDUE: i32 = 5;
    /// `bounces`: a receiving server refused mail for policy or authentication (5.7.x): the
    /// organisation's own sending setup (SPF, DKIM, DMARC, reputation) needs fixing.
    pub const SENDER_SETUP: i32 = 6;
}

/// How serious a problem is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    /// Stops rendering and makes `check` exit 1.
    Error,
    /// Reported; does not stop anything.
    Warning,
}

/// A problem found in an input file, located as precisely as we know. It can be kept (the site
/// keeps each page's warnings, to tell them again when the page is not made again).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the project root where possible.
    pub path: PathBuf,
    /// 1-based line (0 when unknown).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub col: usize,
    /// What is wrong and what to do.
    pub message: String,
    /// The case the problem concerns, when it is about one (shown as `[case-id]`): a warning
    /// in an authority file met while resolving a case names that case.
    pub case: Option<String>,
}

impl Problem {
    /// An error at a location.
    pub fn error(
        path: impl Into<PathBuf>,
        (line, col): (usize, usize),
        message: impl Into<String>,
    ) -> Self {
        Problem {
            severity: Severity::Error,
            path: path.into(),
            line,
            col,
            message: message.into(),
            case: None,
        }
    }

    /// A warning at a location.
    pub fn warning(
        path: impl Into<PathBuf>,
        (line, col): (usize, usize),
        message: impl Into<String>,
    ) -> Self {
        Problem {
            severity: Severity::Warning,
            path: path.into(),
            line,
            col,
            message: message.into(),
            case: None,
        }
    }

    /// The same problem, naming the case it concerns (kept if it names one already).
    pub fn with_case(mut self, id: &str) -> Self {
        if self.case.is_none() {
            self.case = Some(id.to_string());
        }
        self
    }

    /// Whether this problem stops the run.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let line = self.line.max(1);
        let col = self.col.max(1);
        write!(f, "{}:{line}:{col}: {kind}: ", self.path.display())?;
        if let Some(case) = &self.case {
            write!(f, "[{case}] ")?;
        }
        f.write_str(&self.message)
    }
}

/// Every way the program can fail.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input files have errors; each is reported with its location.
    #[error("{} error(s) in the input; run `appeal check` to see them all", count_errors(.0))]
    Invalid(Vec<Problem>),
    /// The command line is wrong.
    #[error("{0}")]
    Usage(String),
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Delivering messages failed for some of them (already reported one by one).
    #[error("{failed} of {total} message(s) were not delivered")]
    Delivery {
        /// Messages that failed permanently or ran out of retries.
        failed: usize,
        /// Messages attempted.
        total: usize,
    },
    /// Delivering left messages failed, of unknown outcome, or not tried (each reported).
    #[error(
        "{failed} of {total} message(s) were not delivered, {unknown} may have been delivered \
         (unknown: the server went silent after the end of the message; not sent again), \
         {not_attempted} were not tried (the server stopped answering; run again to send them)"
    )]
    Undelivered {
        /// Messages that failed permanently or ran out of retries.
        failed: usize,
        /// Messages whose outcome is unknown (journaled as such).
        unknown: usize,
        /// Messages not tried.
        not_attempted: usize,
        /// Messages in the run.
        total: usize,
    },
    /// A setup problem (SMTP settings, password command) that is not tied to a file location.
    #[error("{0}")]
    Config(String),
    /// `deadlines --fail-on-overdue` found open cases past their deadline.
    #[error("{0} open case(s) are past their deadline")]
    Overdue(usize),
    /// `check` found errors; it has printed every problem already.
    #[error("{errors} error(s), {warnings} warning(s)")]
    Checked {
        /// Errors found.
        errors: usize,
        /// Warnings found.
        warnings: usize,
    },
    /// A file the command would write exists already; it is left as it was.
    #[error("{}: the file exists already and was left unchanged; {hint}", path.display())]
    Exists {
        /// The file.
        path: PathBuf,
        /// What to do instead.
        hint: String,
    },
    /// `bounces` found 5.7.x refusals: the sending setup is wrong (the replies are printed).
    #[error(
        "{0} refusal(s) for policy or authentication (5.7.x): the sender setup is wrong, not \
         the addresses. Check SPF, DKIM and DMARC with `appeal doctor`, and the replies above"
    )]
    SenderSetup(usize),
}

fn count_errors(problems: &[Problem]) -> usize {
    problems.iter().filter(|p| p.is_error()).count()
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_) | Error::Checked { .. } | Error::Exists { .. } => exit::INVALID_INPUT,
            Error::Usage(_) | Error::Config(_) => exit::USAGE,
            Error::Io { .. } => exit::IO,
            Error::Delivery { .. } | Error::Undelivered { .. } => exit::DELIVERY,
            Error::Overdue(_) => exit::OVERDUE,
            Error::SenderSetup(_) => exit::SENDER_SETUP,
        }
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// The result type used throughout.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The closest candidate to `word`, if one is close enough to be a plausible typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Short words (language codes) need an edit distance; longer ones read better by similarity.
    let close = |c: &str| {
        strsim::levenshtein(word, c) <= (word.chars().count() / 3).max(1)
            || strsim::jaro_winkler(word, c) > 0.8
    };
    candidates
        .into_iter()
        .filter(|c| close(c))
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// " (did you mean `x`?)" or "".
pub fn suggestion<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(word, candidates)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

/// How many problems of one kind are printed; the rest are counted. A hostile or broken file
/// can produce thousands of the same error, which would bury the others.
pub const SHOWN_PER_KIND: u64 = 20;

/// The kind of a message: the message without the quoted text and the numbers that vary from one
/// instance to the next (`` `x@y` is not a valid email address `` → `` `…` is not … ``).
pub fn kind_of(message: &str) -> String {
    let mut kind = String::new();
    for (i, part) in message.split('`').enumerate() {
        // Odd parts are inside backticks: the input's own text.
        if i % 2 == 0 {
            kind.extend(part.chars().filter(|c| !c.is_ascii_digit()));
        } else {
            kind.push_str("`…`");
        }
    }
    kind
}

/// The lines to print for `problems`, in order: each problem, but after [`SHOWN_PER_KIND`] of one
/// kind and severity only a count of the rest, after the last one shown.
pub fn capped_lines(problems: &[Problem]) -> Vec<String> {
    let mut seen: std::collections::BTreeMap<(Severity, String), u64> = Default::default();
    let mut lines = Vec::new();
    let mut hidden: Vec<(usize, Severity, String)> = Vec::new();
    for p in problems {
        let key = (p.severity, kind_of(&p.message));
        let n = seen.entry(key.clone()).or_insert(0);
        *n += 1;
        if *n <= SHOWN_PER_KIND {
            lines.push(p.to_string());
            if *n == SHOWN_PER_KIND {
                hidden.push((lines.len(), key.0, key.1));
            }
        }
    }
    // Counts go in after the last line of their kind, from the end so positions hold.
    for (at, severity, kind) in hidden.into_iter().rev() {
        let more = seen[&(severity, kind.clone())] - SHOWN_PER_KIND;
        if more > 0 {
            lines.insert(at, format!("… and {more} more like this: {}", kind.trim()));
        }
    }
    lines
}

impl From<Problem> for Error {
    fn from(problem: Problem) -> Self {
        Error::Invalid(vec![problem])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_twenty_of_a_kind_the_rest_are_counted() {
        let mut problems: Vec<Problem> = (1..=50)
            .map(|i| {
                Problem::error(
                    "s.yaml",
                    (i, 1),
                    format!("`x{i}` is not a valid email address"),
                )
            })
            .collect();
        problems.push(Problem::error("s.yaml", (60, 1), "another kind"));
        let lines = capped_lines(&problems);
        assert_eq!(lines.len(), 22);
        assert!(lines[19].starts_with("s.yaml:20:1: error: `x20`"));
        assert_eq!(
            lines[20],
            "… and 30 more like this: `…` is not a valid email address"
        );
        assert_eq!(lines[21], "s.yaml:60:1: error: another kind");
    }
}
