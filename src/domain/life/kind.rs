//! What a kind of document does. `new` and `update` call supporters to act: write to the
//! authorities, before a deadline. `stop-action` and `closure` report how the action ended:
//! no more appeals, nothing sent to officials, no deadline; a stop-action may still ask
//! something of its readers ("keep following the case"), never "write now". Every rule that
//! depends on the kind asks this module, so a kind means the same to `check`, the UA, the
//! alerts, the site and `send`.

use crate::model::{Case, CaseKind};

/// What a document does for its readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// `new`, `update`: asks readers to write to the authorities.
    CallToAct,
    /// `stop-action`, `closure`: reports the outcome; no further action is requested.
    Outcome,
}

/// What a document of `kind` does.
pub fn purpose(kind: CaseKind) -> Purpose {
    match kind {
        CaseKind::New | CaseKind::Update => Purpose::CallToAct,
        CaseKind::StopAction | CaseKind::Closure => Purpose::Outcome,
    }
}

impl Purpose {
    /// What `case` does.
    pub fn of(case: &Case) -> Purpose {
        purpose(case.kind)
    }

    /// Whether readers are asked to write to the authorities.
    pub fn calls_to_act(self) -> bool {
        self == Purpose::CallToAct
    }

    /// Whether the document reports an outcome (and asks for no more appeals).
    pub fn reports_outcome(self) -> bool {
        self == Purpose::Outcome
    }

    /// Whether anything of it goes to officials: letters, faxes, emails (`send`, `render`).
    /// An outcome is news for supporters; officials get nothing.
    pub fn writes_to_officials(self) -> bool {
        self.calls_to_act()
    }

    /// Whether the document must have asks and targets, and a date in a `deadline:` it has.
    /// An outcome needs none of them (a stop-action may keep asks: they are shown as what is
    /// still asked, not as a call to write).
    pub fn needs_appeal(self) -> bool {
        self.calls_to_act()
    }

    /// Whether the document closes its action, and every earlier document of it, from its
    /// issue date.
    pub fn ends_action(self) -> bool {
        self.reports_outcome()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_and_update_call_to_act_stop_action_and_closure_report_an_outcome() {
        for kind in [CaseKind::New, CaseKind::Update] {
            let p = purpose(kind);
            assert!(p.calls_to_act() && p.writes_to_officials() && p.needs_appeal());
            assert!(!p.ends_action());
        }
        for kind in [CaseKind::StopAction, CaseKind::Closure] {
            let p = purpose(kind);
            assert!(p.reports_outcome() && p.ends_action());
            assert!(!p.writes_to_officials() && !p.needs_appeal());
        }
    }
}
