//! "Did you mean" for a role that is not in the directory. Spelling distance alone points to the
//! wrong official (`kz/human-rights-commissioner` is closer in letters to `kz/foreign-minister`
//! than to `kz/ombudsman`), so a role is first matched by meaning: the words of the wanted role
//! against the words of each authority's names: its file name and its titles and short titles
//! in every language, dated ones too, Cyrillic read in Latin letters (`kz/bas-prokuror` is the
//! Бас прокурор). Only when no name matches is spelling tried, and then only a near miss. No
//! suggestion rather than a wrong one: when two offices match equally well, none is named.

use crate::load::Project;
use crate::model::{Authority, Localized};
use std::collections::BTreeSet;

/// "; did you mean `kz/ombudsman`?", or "" when no role is a safe guess.
pub fn role_suggestion(project: &Project, wanted: &str) -> String {
    closest_role(project, wanted)
        .map(|role| format!("; did you mean `{role}`?"))
        .unwrap_or_default()
}

/// The role `wanted` most likely means, if one stands out.
pub fn closest_role<'a>(project: &'a Project, wanted: &str) -> Option<&'a str> {
    let (country, slug) = split(wanted);
    // Only the offices the directory holds: a role named on a `role:` line that does not match
    // its file, or a file that does not read, is no office to send anyone to.
    let mut candidates: Vec<Candidate> = project
        .authorities
        .iter()
        .map(|(role, doc)| Candidate::of(role, &doc.value))
        .collect();
    // A country that exists narrows the field; a misspelt one does not.
    if candidates.iter().any(|c| split(c.role).0 == country) {
        candidates.retain(|c| split(c.role).0 == country);
    }
    let common = common_words(&candidates);
    let words: Vec<String> = informative(&words_of(slug), &common);
    by_name(&candidates, &words, &common).or_else(|| by_spelling(&candidates, slug))
}

/// A role and the phrases that name it, each as its words.
struct Candidate<'a> {
    role: &'a str,
    phrases: Vec<Vec<String>>,
}

impl<'a> Candidate<'a> {
    fn of(role: &'a str, a: &Authority) -> Candidate<'a> {
        let mut phrases = vec![words_of(split(role).1)];
        let mut add = |texts: &Localized| {
            phrases.extend(texts.values().map(|t| words_of(t)));
        };
        add(&a.title);
        add(&a.short_title);
        for t in &a.titles {
            add(&t.title);
            add(&t.short_title);
        }
        phrases.retain(|p| !p.is_empty());
        Candidate { role, phrases }
    }
}

/// The role that the wanted words name, when one does better than every other: each wanted
/// word must be in one of its names (two of three will do for three or more words), and at
/// least half that name's words must be wanted ones, so "prime minister" does not find the
/// minister whose title once began "Deputy Prime Minister".
fn by_name<'a>(
    candidates: &[Candidate<'a>],
    wanted: &[String],
    common: &BTreeSet<String>,
) -> Option<&'a str> {
    if wanted.is_empty() {
        return None;
    }
    let mut scored: Vec<((u32, u32), &str)> = candidates
        .iter()
        .filter_map(|c| {
            c.phrases
                .iter()
                .filter_map(|phrase| {
                    let phrase = informative(phrase, common);
                    let found = wanted.iter().filter(|w| contains(&phrase, w)).count();
                    let named = phrase.iter().filter(|p| contains(wanted, p)).count();
                    let recall = permille(found, wanted.len());
                    let precision = permille(named, phrase.len());
                    let enough = found == wanted.len() || (wanted.len() >= 3 && recall >= 666);
                    (enough && precision >= 500).then_some((recall, precision))
                })
                .max()
                .map(|score| (score, c.role))
        })
        .collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    match scored.as_slice() {
        [(best, role), rest @ ..] if rest.first().is_none_or(|(next, _)| next < best) => Some(role),
        _ => None,
    }
}

/// A role whose file name is a near miss of the wanted one's: a typo, not another office.
fn by_spelling<'a>(candidates: &[Candidate<'a>], slug: &str) -> Option<&'a str> {
    let allowed = (slug.chars().count() / 5).max(1);
    let mut close: Vec<(usize, &str)> = candidates
        .iter()
        .map(|c| (strsim::levenshtein(slug, split(c.role).1), c.role))
        .filter(|(d, _)| *d <= allowed)
        .collect();
    close.sort();
    match close.as_slice() {
        [(best, role), rest @ ..] if rest.first().is_none_or(|(next, _)| next > best) => Some(role),
        _ => None,
    }
}

/// Thousandths of `n / of`.
fn permille(n: usize, of: usize) -> u32 {
    (n * 1000 / of.max(1)) as u32
}

/// `kz/ombudsman` → (`kz`, `ombudsman`); a role without a country has an empty one.
fn split(role: &str) -> (&str, &str) {
    role.rsplit_once('/').unwrap_or(("", role))
}

/// Whether `words` holds `word`, or a word that differs from it as a typo or an ending does
/// (`minster`, `ministry` for `minister`; `ombudsperson` for `ombudsman`).
fn contains(words: &[String], word: &str) -> bool {
    words.iter().any(|w| same_word(w, word))
}

fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.min(lb) < 4 {
        return false;
    }
    let prefix = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    prefix >= 6.min(la.min(lb)) || strsim::levenshtein(a, b) <= if la.max(lb) > 6 { 2 } else { 1 }
}

/// Words that say nothing about which office is meant: those in the names of most offices
/// (the country's name, "Republic"), among three or more.
fn common_words(candidates: &[Candidate]) -> BTreeSet<String> {
    if candidates.len() < 3 {
        return BTreeSet::new();
    }
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for c in candidates {
        let words: BTreeSet<&str> = c.phrases.iter().flatten().map(String::as_str).collect();
        for w in words {
            *counts.entry(w).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n * 2 > candidates.len())
        .map(|(w, _)| w.to_string())
        .collect()
}

/// The words of `phrase` that tell offices apart, each once: not short function words, not
/// `common`.
fn informative(phrase: &[String], common: &BTreeSet<String>) -> Vec<String> {
    const FUNCTION_WORDS: [&str; 4] = ["the", "for", "and", "dlya"];
    let mut seen = BTreeSet::new();
    phrase
        .iter()
        .filter(|w| w.chars().count() > 2 && !FUNCTION_WORDS.contains(&w.as_str()))
        .filter(|w| !common.contains(*w) && seen.insert(w.as_str()))
        .cloned()
        .collect()
}

/// The words of a name or role, lower-case, in Latin letters.
fn words_of(text: &str) -> Vec<String> {
    let latin: String = text.chars().flat_map(latin).collect();
    latin
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// One character in Latin letters (Russian and Kazakh Cyrillic), lower-case.
fn latin(c: char) -> Vec<char> {
    let lower = c.to_lowercase().next().unwrap_or(c);
    let s = match lower {
        'а' | 'ә' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ғ' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' | 'і' => "i",
        'к' | 'қ' => "k",
        'л' => "l",
        'м' => "m",
        'н' | 'ң' => "n",
        'о' | 'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ұ' | 'ү' => "u",
        'ф' => "f",
        'х' | 'һ' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        other => return vec![other],
    };
    s.chars().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Project {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        crate::load::load_project(root).0.unwrap()
    }

    #[test]
    fn a_title_wins_over_spelling() {
        let p = sample();
        for (wanted, meant) in [
            ("kz/human-rights-commissioner", Some("kz/ombudsman")),
            ("kz/commissioner-for-human-rights", Some("kz/ombudsman")),
            ("kz/human-rights-ombudsman", Some("kz/ombudsman")),
            ("kz/ombudsperson", Some("kz/ombudsman")),
            (
                "kz/upolnomochennyi-po-pravam-cheloveka",
                Some("kz/ombudsman"),
            ),
            ("kz/prosecutor", Some("kz/prosecutor-general")),
            ("kz/general-prosecutor", Some("kz/prosecutor-general")),
            ("kz/bas-prokuror", Some("kz/prosecutor-general")),
            ("kz/prosecuter-general", Some("kz/prosecutor-general")),
            ("kz/foreign-minster", Some("kz/foreign-minister")),
            ("kz/foreign-affairs", Some("kz/foreign-minister")),
            (
                "kz/minister-of-internal-affairs",
                Some("kz/interior-minister"),
            ),
            ("kz/interior-ministry", Some("kz/interior-minister")),
            ("ombudsman", Some("kz/ombudsman")),
            ("kzz/ombudsman", Some("kz/ombudsman")),
            // Two offices match as well: neither is named.
            ("kz/minister", None),
            // No office of that name: nothing, rather than the nearest spelling.
            ("kz/prime-minister", None),
            ("kz/tax-committee", None),
            ("kz/president", None),
        ] {
            assert_eq!(closest_role(&p, wanted), meant, "{wanted}");
        }
    }

    #[test]
    fn cyrillic_reads_in_latin_letters() {
        assert_eq!(
            words_of("Қазақстан Республикасының Бас прокуроры"),
            ["kazakstan", "respublikasynyn", "bas", "prokurory"]
        );
    }
}
