//! An action's life: what each kind of document does ([`kind`]), how the documents of one
//! action follow each other ([`chain`]), and the state of a document on a date ([`state`]).
//! Every command asks here: `list`, `deadlines` (and the calendar), `check`, `who`, `render`,
//! `send`, `mail`, `remind` and `site` see one state for one document on one day.

pub mod chain;
pub mod kind;
pub mod state;

pub use chain::chain_rank;
pub use kind::{Purpose, purpose};
pub use state::{Ending, Life, Replaced, State, at, of, of_within};
