//! The data model: plain serde types for case files, the authority directory, diplomatic
//! missions, holiday calendars and campaign settings. No I/O happens here; `load` reads the
//! files and `validate` checks them.

pub mod authority;
pub mod calendar;
pub mod campaign;
pub mod case;
pub mod event;
pub mod facts;
pub mod text;

pub use authority::{Authority, DatedTitle, Holder, Mission, Seen, SourceDate};
pub use calendar::Calendar;
pub use campaign::Campaign;
pub use case::{Case, CaseKind, CaseStatus, Deadline, Issuer, Person, TargetRef};
pub use event::{Event, Events};
pub use facts::CaseFacts;
pub use text::{Alternatives, Choices, Gender, Localized, LocalizedLines};
