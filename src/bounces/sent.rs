//! What the sending journal says about returned mail: whom a bounced Message-ID or VERP tag
//! was sent to, whether an address named in a report was mailed at all, and how many messages
//! went out (the complaint rate's denominator). One pass through [`journal::read`], which alone
//! knows the journal's columns, keeping only what this run's reports ask about (the journal can
//! hold millions of lines).

use super::classify::Finding;
use super::verp::Verp;
use crate::deliver::journal;
use crate::error::Result;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// What the journal says about the reports of one run.
#[derive(Debug, Default)]
pub struct Sent {
    /// Message-ID → the addresses it went to.
    by_id: HashMap<String, Vec<String>>,
    by_tag: HashMap<String, String>,
    /// The addresses asked about that the journal shows were mailed.
    mailed: HashSet<String>,
    messages: u64,
}

impl Sent {
    /// Whom the message with this Message-ID went to (the first, if several).
    pub fn by_id(&self, id: &str) -> Option<&String> {
        self.by_id.get(id).and_then(|a| a.first())
    }

    /// Whether the message with this Message-ID went to `address` (normal form).
    pub fn sent_to(&self, id: &str, address: &str) -> bool {
        self.by_id
            .get(id)
            .is_some_and(|a| a.iter().any(|x| x == address))
    }

    /// Whom the return path with this VERP tag belongs to.
    pub fn by_tag(&self, tag: &str) -> Option<&String> {
        self.by_tag.get(tag)
    }

    /// Whether the journal shows any message to `address` (normal form).
    pub fn mailed(&self, address: &str) -> bool {
        self.mailed.contains(address)
    }

    /// Messages in the journal (accepted or unknown).
    pub fn messages(&self) -> u64 {
        self.messages
    }
}

/// What a run's reports ask the journal about.
#[derive(Debug, Default)]
pub struct Wanted {
    /// Message-IDs of the originals reports include.
    pub ids: HashSet<String>,
    /// VERP tags of the return paths reports came back to.
    pub tags: HashSet<String>,
    /// Addresses reports name, in normal form.
    pub addresses: HashSet<String>,
}

/// What the journal must be asked about `findings`.
pub fn wanted<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Wanted {
    let mut w = Wanted::default();
    let normal = |a: &String| crate::address::normalize(a);
    for finding in findings {
        match finding {
            Finding::Dsn {
                recipients,
                original_id,
                verp,
            } => {
                w.ids.extend(original_id.clone());
                w.tags.extend(verp.clone());
                w.addresses.extend(
                    recipients
                        .iter()
                        .filter_map(|r| r.address.as_ref().map(normal)),
                );
            }
            Finding::Complaint {
                address,
                original_id,
                ..
            } => {
                w.ids.extend(original_id.clone());
                w.addresses.extend(address.as_ref().map(normal));
            }
            Finding::Verp { token, .. } => {
                w.tags.insert(token.clone());
            }
            _ => {}
        }
    }
    w
}

/// Reads the journal at `path` once for what is `wanted`, counting its messages.
pub fn lookup(path: &Path, wanted: &Wanted, verp: Option<&Verp>) -> Result<Sent> {
    let mut sent = Sent::default();
    let mut seen_addresses = HashSet::new();
    journal::read(path, |d| {
        sent.messages += 1;
        // An authority's email may go to several addresses, joined by commas.
        for address in d.address.split(',').filter(|a| !a.is_empty()) {
            if wanted.ids.contains(d.message_id) {
                let to = sent.by_id.entry(d.message_id.to_string()).or_default();
                if !to.iter().any(|a| a == address) {
                    to.push(address.to_string());
                }
            }
            if wanted.addresses.contains(address) {
                sent.mailed.insert(address.to_string());
            }
            if let Some(v) = verp
                && !wanted.tags.is_empty()
                && seen_addresses.insert(address.to_string())
            {
                let tag = v.tag(address);
                if wanted.tags.contains(&tag) {
                    sent.by_tag.insert(tag, address.to_string());
                }
            }
        }
    })?;
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deliver::journal::{Journal, key};

    #[test]
    fn message_ids_tags_and_addresses_are_found_and_messages_counted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.tsv");
        let none = lookup(&path, &Wanted::default(), None).unwrap();
        assert_eq!(none.messages(), 0, "no journal yet");
        let j = Journal::open(&path).unwrap();
        j.record(&key("ua-1", "alert", "Jane@Example.net"), "<1@x>")
            .unwrap();
        j.record(&key("ua-1", "alert", "olga@example.net"), "<2@x>")
            .unwrap();
        j.record(&key("ua-1", "email:kz/ombudsman", ""), "<3@x>")
            .unwrap();
        j.record(&key("ua-1", "email:kz/pg", "a@gov.kz,b@gov.kz"), "<4@x>")
            .unwrap();
        drop(j);
        let verp = Verp::new("bounces+{token}@example.org", b"0123456789abcdef").unwrap();
        let wanted = Wanted {
            ids: HashSet::from(["<1@x>".into(), "<3@x>".into(), "<4@x>".into()]),
            tags: HashSet::from([verp.tag("olga@example.net")]),
            addresses: HashSet::from(["jane@example.net".into(), "never@example.net".into()]),
        };
        let sent = lookup(&path, &wanted, Some(&verp)).unwrap();
        assert_eq!(sent.messages(), 4);
        assert_eq!(
            sent.by_id("<1@x>").map(String::as_str),
            Some("jane@example.net")
        );
        assert!(sent.sent_to("<1@x>", "jane@example.net"));
        assert!(!sent.sent_to("<1@x>", "olga@example.net"));
        assert!(sent.sent_to("<4@x>", "b@gov.kz"));
        assert_eq!(sent.by_id("<3@x>"), None, "a line without an address");
        assert_eq!(
            sent.by_tag(&verp.tag("olga@example.net"))
                .map(String::as_str),
            Some("olga@example.net")
        );
        assert!(sent.mailed("jane@example.net"));
        assert!(!sent.mailed("never@example.net"));
        assert!(!sent.mailed("olga@example.net"), "not asked about");
    }
}
