//! Who of the supporters file a mailing is for, by what they told us: `mail --only acted|
//! not-acted --of CASE` (the outcome of a closure to those who acted on the appeal, a last
//! reminder to those who did not), and `remind`, which skips whoever already acted on the case.
//!
//! The actions ledger names supporters only by fingerprint (a keyed hash of the address, see
//! [`crate::deliver::actions`]), so matching needs the token secret: each row's address is
//! fingerprinted (one HMAC, about a microsecond) and looked up among the case's. Suppressions
//! are checked first and always win: a segment never brings back someone who asked to be left
//! alone.

use crate::deliver::actions::{self, Fingerprint};
use crate::error::{Error, Result};
use crate::unsubscribe::Tokens;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

/// Which supporters a segment keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only {
    /// Those who said they sent their appeal on the case.
    Acted,
    /// Those who did not.
    NotActed,
}

/// A mailing's segment as asked for: `--only WHO --of CASE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    /// Whom to keep.
    pub only: Only,
    /// The case they acted on, or not (id or path).
    pub of: String,
}

/// The supporters a mailing keeps, by their actions on one case.
pub struct Segment {
    /// Fingerprints addresses (`None` when nobody acted on the case: no secret is needed).
    tokens: Option<Arc<Tokens>>,
    /// Everyone who acted on the case.
    acted: HashSet<Fingerprint>,
    only: Only,
    /// Why a supporter it leaves out is left out, for the report: "did not act on ua-82-18".
    pub skipped_because: String,
}

impl Segment {
    /// The supporters who acted (or not, by `only`) on `case`, by the ledger at `ledger`.
    /// Matching needs the token secret (`tokens`), unless nobody acted on the case.
    pub fn of(
        ledger: &Path,
        case: &str,
        only: Only,
        tokens: Option<Arc<Tokens>>,
    ) -> Result<Segment> {
        let mut acted = HashSet::new();
        actions::read(ledger, |a| {
            if a.case == case {
                acted.insert(a.fingerprint);
            }
        })?;
        if !acted.is_empty() && tokens.is_none() {
            return Err(Error::Config(format!(
                "{} holds actions on {case}, and telling whose they are needs the token secret: \
                 set mail.token_secret_env (or mail.token_secret_command), the same as \
                 `appeal serve` uses",
                ledger.display()
            )));
        }
        let skipped_because = match only {
            Only::Acted => format!("did not act on {case}"),
            Only::NotActed => format!("already acted on {case}"),
        };
        Ok(Segment {
            tokens,
            acted,
            only,
            skipped_because,
        })
    }

    /// Whether the supporter with `address` (any form) is in the segment.
    pub fn keeps(&self, address: &str) -> bool {
        let acted = match &self.tokens {
            Some(t) if !self.acted.is_empty() => self.acted.contains(&t.fingerprint(address)),
            _ => false,
        };
        acted == (self.only == Only::Acted)
    }

    /// How many supporters acted on the case.
    pub fn acted(&self) -> usize {
        self.acted.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deliver::actions::Record;

    #[test]
    fn a_segment_keeps_by_fingerprint_and_needs_the_secret_only_when_someone_acted() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("actions.tsv");
        let tokens = Arc::new(Tokens::new(b"a test secret of enough length").unwrap());
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let olga = tokens.fingerprint("olga@example.net");
        actions::append(&ledger, &[Record::new(now, "ua-1", "", olga, "acted link")]).unwrap();
        let acted = Segment::of(&ledger, "ua-1", Only::Acted, Some(tokens.clone())).unwrap();
        assert!(acted.keeps("Olga@Example.NET"));
        assert!(!acted.keeps("jane@example.net"));
        let not = Segment::of(&ledger, "ua-1", Only::NotActed, Some(tokens.clone())).unwrap();
        assert!(!not.keeps("olga@example.net"));
        assert!(not.keeps("jane@example.net"));
        // Another case: nobody acted, so everyone is "not acted", secret or not.
        let other = Segment::of(&ledger, "ua-2", Only::NotActed, None).unwrap();
        assert!(other.keeps("olga@example.net"));
        assert!(Segment::of(&ledger, "ua-1", Only::NotActed, None).is_err());
    }
}
