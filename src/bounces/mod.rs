//! Reading what comes back: delivery status notifications, complaints and unsubscribe mails
//! from the organisation's return mailbox (IMAP, Maildir or mbox), turned into suppressions.

pub mod classify;
