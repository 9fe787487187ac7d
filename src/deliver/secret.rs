//! Secrets the settings point to (the SMTP and IMAP passwords, the token secret, a DKIM key):
//! read from an environment variable or from what a command prints, never from the settings
//! file itself, so a campaign folder can be shared without its keys. This is the one reader:
//! a secret is read when it is needed, kept in memory, and never printed.

use crate::error::{Error, Result};
use std::process::{Command, Stdio};

/// Where the settings say a secret is, and how to read it.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The environment variable holding it; read first.
    pub env: Option<&'a str>,
    /// A shell command printing it; run when the variable gives nothing.
    pub command: Option<&'a str>,
    /// How error messages name the command (`mail.dkim.key_command`).
    pub command_name: &'a str,
    /// Whether a variable set to the empty string counts as unset (then the command is run).
    pub empty_is_unset: bool,
    /// What becomes of the command's own error output.
    pub command_errors: CommandErrors,
}

/// What becomes of a secret command's error output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandErrors {
    /// Passed on to the user's terminal, so they see why the command failed.
    Shown,
    /// Swallowed with the output.
    Hidden,
}

impl Source<'_> {
    /// The secret: the variable's value, else what the command printed without its final line
    /// break; `None` when the source names neither or the variable is unset and there is no
    /// command (the caller says what is missing, in its own words).
    pub fn read(&self) -> Result<Option<String>> {
        if let Some(var) = self.env
            && let Ok(value) = std::env::var(var)
            && !(self.empty_is_unset && value.is_empty())
        {
            return Ok(Some(value));
        }
        let Some(command) = self.command else {
            return Ok(None);
        };
        let printed = run(command, self.command_name, self.command_errors)?;
        Ok(Some(
            String::from_utf8_lossy(&printed)
                .trim_end_matches(['\n', '\r'])
                .to_string(),
        ))
    }
}

/// Runs `command` through `sh -c` and returns exactly what it printed; `name` is how errors
/// name it. A command that cannot start or fails is an error: a half-read key is no key.
pub fn run(command: &str, name: &str, errors: CommandErrors) -> Result<Vec<u8>> {
    let mut child = Command::new("sh");
    child.arg("-c").arg(command);
    if errors == CommandErrors::Shown {
        child.stderr(Stdio::inherit());
    }
    let out = child
        .output()
        .map_err(|e| Error::Config(format!("{name} failed to start: {e}")))?;
    if !out.status.success() {
        return Err(Error::Config(format!("{name} exited with {}", out.status)));
    }
    Ok(out.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source<'a>(env: Option<&'a str>, command: Option<&'a str>, empty: bool) -> Source<'a> {
        Source {
            env,
            command,
            command_name: "test.command",
            empty_is_unset: empty,
            command_errors: CommandErrors::Hidden,
        }
    }

    #[test]
    fn the_variable_comes_first_then_the_command_without_its_line_break() {
        // PATH is set in any test environment; an unset name is unlikely to be.
        let path = std::env::var("PATH").unwrap();
        assert_eq!(
            source(Some("PATH"), Some("echo no"), false).read().unwrap(),
            Some(path)
        );
        let unset = Some("APPEAL_TEST_SURELY_UNSET_VARIABLE");
        assert_eq!(
            source(unset, Some("printf 's3cret\\r\\n\\n'"), false)
                .read()
                .unwrap(),
            Some("s3cret".to_string())
        );
        assert_eq!(source(unset, None, false).read().unwrap(), None);
    }

    #[test]
    fn a_failing_command_is_named_in_the_error() {
        let e = source(None, Some("exit 3"), false).read().unwrap_err();
        assert!(e.to_string().starts_with("test.command exited with"), "{e}");
        assert_eq!(
            run("printf 'a\\n'", "x", CommandErrors::Hidden).unwrap(),
            b"a\n"
        );
    }
}
