//! Entries found by a key of theirs (an id, the id they follow, a reference) without a copy of
//! each key: the archive is read for every command, ten thousand entries of it, and copying
//! and hashing its keys the usual way cost more than the rest of reading it. A key's hash
//! leads to its first and last entry, and each entry to the next one whose key has the same
//! hash; the caller compares the keys themselves on the way.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a over a key's bytes: fast on short ids and paths. The keys are the project's own
/// files, not strangers' input: nothing to fear from chosen collisions but a slower look-up.
pub fn hash(key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in key.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A hasher for keys that are hashes already: passes them through.
#[derive(Default)]
pub struct Hashed(u64);

impl Hasher for Hashed {
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used; anything else is folded in, to stay correct.
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Maps keyed by a hash already made.
pub type ByHash<V> = HashMap<u64, V, BuildHasherDefault<Hashed>>;

/// No next entry.
const NONE: usize = usize::MAX;

/// Entries (by their place) under the hash of a key.
#[derive(Debug, Default, Clone)]
pub struct Index {
    /// The first and last entry under each hash.
    ends: ByHash<(usize, usize)>,
    /// Each entry's next one under the same hash.
    next: Vec<usize>,
}

impl Index {
    /// Files entry `i` (entries come in increasing places) under `hash`.
    pub fn add(&mut self, hash: u64, i: usize) {
        if self.next.len() <= i {
            self.next.resize(i + 1, NONE);
        }
        match self.ends.get_mut(&hash) {
            Some((_, last)) => {
                self.next[*last] = i;
                *last = i;
            }
            None => {
                self.ends.insert(hash, (i, i));
            }
        }
    }

    /// The entries under `hash`, in increasing places.
    pub fn get(&self, hash: u64) -> impl Iterator<Item = usize> + '_ {
        let mut at = self.ends.get(&hash).map(|(first, _)| *first);
        std::iter::from_fn(move || {
            let i = at?;
            at = self.next.get(i).copied().filter(|n| *n != NONE);
            Some(i)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_come_back_in_their_order_under_their_hash() {
        let mut index = Index::default();
        for (i, key) in ["a", "b", "a", "c", "a"].iter().enumerate() {
            index.add(hash(key), i);
        }
        assert_eq!(index.get(hash("a")).collect::<Vec<_>>(), [0, 2, 4]);
        assert_eq!(index.get(hash("c")).collect::<Vec<_>>(), [3]);
        assert_eq!(index.get(hash("z")).count(), 0);
    }
}
