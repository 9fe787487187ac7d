//! What the sending journal says about returned mail: whom a bounced Message-ID or VERP tag
//! was sent to, and how many messages went out (the complaint rate's denominator). Both read
//! the journal through [`crate::deliver::journal::read`], which alone knows its columns.

use super::classify::Finding;
use super::verp::Verp;
use crate::deliver::journal;
use crate::error::Result;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Addresses found in the journal: by Message-ID, and by VERP tag.
#[derive(Debug, Default)]
pub struct Sent {
    by_id: HashMap<String, String>,
    by_tag: HashMap<String, String>,
}

impl Sent {
    /// Whom the message with this Message-ID went to.
    pub fn by_id(&self, id: &str) -> Option<&String> {
        self.by_id.get(id)
    }

    /// Whom the return path with this VERP tag belongs to.
    pub fn by_tag(&self, tag: &str) -> Option<&String> {
        self.by_tag.get(tag)
    }
}

/// The Message-IDs and VERP tags that must be looked up for `findings`: those of reports that
/// do not name their recipient, and of VERP bounces.
pub fn wanted<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
) -> (HashSet<String>, HashSet<String>) {
    let mut ids = HashSet::new();
    let mut tags = HashSet::new();
    for finding in findings {
        match finding {
            Finding::Dsn {
                recipients,
                original_id,
                verp,
            } if recipients.iter().any(|r| r.address.is_none()) => {
                ids.extend(original_id.clone());
                tags.extend(verp.clone());
            }
            Finding::Complaint {
                address: None,
                original_id: Some(id),
                ..
            } => {
                ids.insert(id.clone());
            }
            Finding::Verp { token, .. } => {
                tags.insert(token.clone());
            }
            _ => {}
        }
    }
    (ids, tags)
}

/// Reads the journal once for the ids and tags wanted (the journal can hold millions of lines;
/// only what this run needs is kept).
pub fn lookup(
    path: &Path,
    ids: &HashSet<String>,
    tags: &HashSet<String>,
    verp: Option<&Verp>,
) -> Result<Sent> {
    let mut sent = Sent::default();
    if ids.is_empty() && tags.is_empty() {
        return Ok(sent);
    }
    let mut seen_addresses = HashSet::new();
    journal::read(path, |d| {
        if d.address.is_empty() {
            return;
        }
        if ids.contains(d.message_id) {
            sent.by_id
                .insert(d.message_id.to_string(), d.address.to_string());
        }
        if let Some(v) = verp
            && !tags.is_empty()
            && seen_addresses.insert(d.address.to_string())
        {
            let tag = v.tag(d.address);
            if tags.contains(&tag) {
                sent.by_tag.insert(tag, d.address.to_string());
            }
        }
    })?;
    Ok(sent)
}

/// Messages in the journal (accepted or unknown): the denominator of the complaint rate.
pub fn count(path: &Path) -> u64 {
    let mut n = 0;
    // The rate only informs: a journal that cannot be read (or read to its end) counts what
    // was read, rather than failing a run whose work is done.
    let _ = journal::read(path, |_| n += 1);
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deliver::journal::{Journal, key};

    #[test]
    fn message_ids_and_tags_are_found_and_messages_counted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.tsv");
        assert_eq!(count(&path), 0, "no journal yet");
        let j = Journal::open(&path).unwrap();
        j.record(&key("ua-1", "alert", "Jane@Example.net"), "<1@x>")
            .unwrap();
        j.record(&key("ua-1", "alert", "olga@example.net"), "<2@x>")
            .unwrap();
        j.record(&key("ua-1", "email:kz/ombudsman", ""), "<3@x>")
            .unwrap();
        drop(j);
        assert_eq!(count(&path), 3);
        let verp = Verp::new("bounces+{token}@example.org", b"0123456789abcdef").unwrap();
        let ids = HashSet::from(["<1@x>".to_string(), "<3@x>".to_string()]);
        let tags = HashSet::from([verp.tag("olga@example.net")]);
        let sent = lookup(&path, &ids, &tags, Some(&verp)).unwrap();
        assert_eq!(
            sent.by_id("<1@x>").map(String::as_str),
            Some("jane@example.net")
        );
        assert_eq!(sent.by_id("<3@x>"), None, "a line without an address");
        assert_eq!(
            sent.by_tag(&verp.tag("olga@example.net"))
                .map(String::as_str),
            Some("olga@example.net")
        );
    }
}
