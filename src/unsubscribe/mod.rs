//! The supporter's own links, and the small HTTP server that answers them ([`server`]):
//! one-click unsubscribe in every alert's `List-Unsubscribe` and footer, and "I sent my
//! appeal" in every alert and reminder that calls to act.
//!
//! Each link ends in a token ([`token`]) that says what it is for (unsubscribe, or acted on a
//! case), who it stands for, in which language to answer and from which list, sealed so that:
//! - the server needs no index of what was sent: the token itself says all it needs;
//! - no one can make a token for someone else's address without the secret (the tag fails);
//! - a token reveals nothing of the address to someone who reads the URL.

pub mod acted;
pub mod links;
mod page;
pub mod server;
pub mod token;

pub use links::{Links, SupporterLinks};
pub(crate) use token::secret;
pub use token::{MIN_SECRET, NO_SECRET, Purpose, Refused, Subscriber, Token, Tokens};
