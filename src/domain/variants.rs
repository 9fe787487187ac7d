//! Which of a case's alternative texts a supporter's letter uses. A case may give its
//! `opening` and `concern` as lists of alternatives (see [`crate::model::Alternatives`]), so a
//! thousand letters from supporters do not reach an office as one form letter. The choice is a
//! function of the supporter's email address alone: the same supporter gets the same letter in
//! every mailing and reminder, and in every language (a translation keeps its position in the
//! list). Letters the organisation sends, and the public site's, use the first alternative.

use crate::model::{Alternatives, Case};
use sha2::{Digest, Sha256};

/// The alternative of each varied text that a letter uses (0 = the first).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Variant {
    /// The position in `opening`'s list.
    pub opening: usize,
    /// The position in `concern`'s list.
    pub concern: usize,
}

impl Variant {
    /// The first alternative of every text: the organisation's letters and the site's.
    pub const FIRST: Variant = Variant {
        opening: 0,
        concern: 0,
    };
}

/// How many alternatives each varied text of a case has (at least 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Alternatives of `opening`.
    pub opening: usize,
    /// Alternatives of `concern`.
    pub concern: usize,
}

impl Counts {
    /// The counts of `case`: the longest list of each text in any language (lists of unequal
    /// length are an error `check` reports; letters then take the first alternative where a
    /// language has none at a position).
    pub fn of(case: &Case) -> Counts {
        let longest = |m: &Alternatives| m.values().map(|c| c.len()).max().unwrap_or(1).max(1);
        Counts {
            opening: longest(&case.opening),
            concern: longest(&case.concern),
        }
    }

    /// Every variant, in order.
    pub fn all(self) -> impl Iterator<Item = Variant> {
        (0..self.opening).flat_map(move |opening| {
            (0..self.concern).map(move |concern| Variant { opening, concern })
        })
    }
}

/// The variant of the letters of the supporter at `address` (an email address, compared in
/// its normal form, so `Olga@Example.net` and `olga@example.net` get the same letter).
pub fn for_address(address: &str, counts: Counts) -> Variant {
    let digest = Sha256::digest(crate::address::normalize(address).as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    let n = u64::from_be_bytes(first);
    let concern = counts.concern.max(1) as u64;
    let opening = counts.opening.max(1) as u64;
    Variant {
        concern: (n % concern) as usize,
        opening: ((n / concern) % opening) as usize,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_address_always_gets_the_same_variant_and_all_are_used() {
        let counts = Counts {
            opening: 2,
            concern: 3,
        };
        assert_eq!(
            for_address("Olga@Example.NET ", counts),
            for_address("olga@example.net", counts)
        );
        let mut seen = std::collections::BTreeMap::new();
        for i in 0..600 {
            *seen
                .entry(for_address(&format!("s{i}@example.org"), counts))
                .or_insert(0) += 1;
        }
        // Six variants, each used by roughly a sixth of the supporters.
        assert_eq!(seen.len(), 6, "{seen:?}");
        assert!(seen.values().all(|n| (60..=140).contains(n)), "{seen:?}");
        assert_eq!(counts.all().count(), 6);
        // One alternative of each: everybody gets the first.
        let one = Counts {
            opening: 1,
            concern: 1,
        };
        assert_eq!(for_address("x@example.org", one), Variant::FIRST);
    }

    /// Fixed values: a change to the rule would give supporters another letter than before.
    #[test]
    fn the_rule_is_stable_across_versions() {
        let counts = Counts {
            opening: 2,
            concern: 2,
        };
        let got: Vec<(usize, usize)> = ["ann@example.net", "olga@example.net", "b@example.org"]
            .iter()
            .map(|a| {
                let v = for_address(a, counts);
                (v.opening, v.concern)
            })
            .collect();
        assert_eq!(got, [(1, 1), (1, 0), (0, 0)]);
    }
}
