//! What the Russian and the Kazakh rules share: how a word changes (an ending replaced,
//! keeping its capitals), and which letters a word is written in.

/// How a word changes: kept as it is, or its last `n` letters replaced by a suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Edit {
    /// The word as it is.
    Keep,
    /// The last `n` letters replaced by the suffix.
    Replace(usize, &'static str),
}

/// Letters of the Kazakh alphabet that Russian spelling does not use: a name containing them is
/// a Kazakh spelling, which the Russian rules must not guess at.
pub(super) const KK_ONLY: &str = "әғқңөұүһі";

/// Whether `c` is a Cyrillic letter (Russian and Kazakh alike).
pub(super) fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// `c` in lower case, as one letter.
pub(super) fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Applies an edit to the original word, in capitals when the word's last letter is one.
pub(super) fn apply(word: &str, edit: Edit) -> String {
    match edit {
        Edit::Keep => word.to_string(),
        Edit::Replace(n, suffix) => {
            let chars: Vec<char> = word.chars().collect();
            let keep = chars.len().saturating_sub(n);
            let upper = chars.last().is_some_and(|c| c.is_uppercase());
            let mut out: String = chars[..keep].iter().collect();
            if upper {
                out.push_str(&suffix.to_uppercase());
            } else {
                out.push_str(suffix);
            }
            out
        }
    }
}
