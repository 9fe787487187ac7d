//! Delivery: writing files and sending mail (with the journal that keeps sends unique).

pub mod actions;
pub mod canonical;
pub mod connection;
pub mod dkim;
pub mod files;
pub mod journal;
pub mod lock;
pub mod outbox;
pub mod pool;
pub mod record_file;
pub mod secret;
pub mod smtp;
pub mod staged;
pub mod suppressions;
