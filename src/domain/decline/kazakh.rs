//! Kazakh names in the dative ("Б. Н. Асыловқа": -ға/-ге/-қа/-ке, or -на/-не after the
//! possessive -ұлы, -қызы) and the accusative ("Жанар Бәйтемірованы"), chosen by the word's
//! vowel harmony and its last sound.

use crate::domain::decline::initials::normalise_initials;
use crate::domain::decline::word::{Edit, apply, is_cyrillic, lower};

/// What a Kazakh case ending added to a name depends on.
enum KkEnding {
    /// -ұлы/-қызы: the 3rd-person possessive, which takes its own endings.
    Possessive,
    /// The word's vowel harmony and its last sounding letter (lower case, past ь/ъ).
    Sound { front: bool, last: char },
}

/// The trimmed word and what its case ending depends on; `None` when it is not a Cyrillic
/// name (its last hyphenated part at least two letters) whose harmony can be read.
fn kk_ending(word: &str) -> Option<(&str, KkEnding)> {
    let word = word.trim();
    let tail = word.rsplit('-').next()?;
    if tail.chars().count() < 2
        || !word.chars().all(|c| c == '-' || is_cyrillic(c))
        || !tail.chars().all(is_cyrillic)
    {
        return None;
    }
    let l: String = tail.chars().map(lower).collect();
    if ["ұлы", "улы", "қызы", "кызы"]
        .iter()
        .any(|s| l.ends_with(s))
    {
        return Some((word, KkEnding::Possessive));
    }
    let front = kk_front(&l)?;
    let mut chars = l.chars().rev();
    let mut last = chars.next()?;
    if last == 'ь' || last == 'ъ' {
        last = chars.next()?;
    }
    Some((word, KkEnding::Sound { front, last }))
}

/// The Kazakh dative of a name (usually a surname), or `None` when the word is not a Cyrillic
/// name whose harmony and last sound can be read: "Асылов" → "Асыловқа", "Шәкіров" →
/// "Шәкіровке", "Нұртілеу" → "Нұртілеуге", "Азимова" → "Азимоваға", "Бекұлы" → "Бекұлына".
pub fn kk_dative(word: &str) -> Option<String> {
    let (word, ending) = kk_ending(word)?;
    let (front, last) = match ending {
        // -ұлы/-қызы end in the 3rd-person possessive, which takes -на/-не (as "прокуроры" →
        // "прокурорына"); both are back-vowel words.
        KkEnding::Possessive => return Some(apply(word, Edit::Replace(0, "на"))),
        KkEnding::Sound { front, last } => (front, last),
    };
    let voiceless = match last {
        c if "аәеёиоөуұүыіэюя".contains(c) => false,
        // Sonorants and voiced consonants.
        'р' | 'л' | 'м' | 'н' | 'ң' | 'й' | 'з' | 'ж' => false,
        // Voiceless, and б/в/г/д, which are devoiced at the end of a word (Тоқаевқа).
        'к' | 'қ' | 'п' | 'с' | 'т' | 'ф' | 'х' | 'ц' | 'ч' | 'ш' | 'щ' | 'б' | 'в' | 'г' | 'д' => {
            true
        }
        _ => return None,
    };
    let suffix = match (front, voiceless) {
        (false, false) => "ға",
        (false, true) => "қа",
        (true, false) => "ге",
        (true, true) => "ке",
    };
    Some(apply(word, Edit::Replace(0, suffix)))
}

/// The Kazakh accusative of a name (usually a surname), or `None` when the word is not a
/// Cyrillic name whose harmony and last sound can be read: -ны/-ні after a vowel
/// ("Бәйтемірова" → "Бәйтемірованы"), -ды/-ді after a voiced consonant or sonorant, у and и
/// included ("Нұртілеу" → "Нұртілеуді"), -ты/-ті after a voiceless one ("Асылов" → "Асыловты").
pub fn kk_accusative(word: &str) -> Option<String> {
    let (word, ending) = kk_ending(word)?;
    let (front, last) = match ending {
        // -ұлы/-қызы end in the 3rd-person possessive, which takes -н ("Бекұлын").
        KkEnding::Possessive => return Some(apply(word, Edit::Replace(0, "н"))),
        KkEnding::Sound { front, last } => (front, last),
    };
    enum Sound {
        Vowel,
        Voiced,
        Voiceless,
    }
    let sound = match last {
        c if "аәеёоөұүыіэя".contains(c) => Sound::Vowel,
        // у and и close a syllable as [w] and [j] do: "тауды", "үйді".
        'у' | 'и' | 'р' | 'л' | 'м' | 'н' | 'ң' | 'й' | 'з' | 'ж' => Sound::Voiced,
        // Voiceless, and б/в/г/д, which are devoiced at the end of a word.
        'к' | 'қ' | 'п' | 'с' | 'т' | 'ф' | 'х' | 'ц' | 'ч' | 'ш' | 'щ' | 'б' | 'в' | 'г' | 'д' => {
            Sound::Voiceless
        }
        _ => return None,
    };
    let suffix = match (sound, front) {
        (Sound::Vowel, false) => "ны",
        (Sound::Vowel, true) => "ні",
        (Sound::Voiced, false) => "ды",
        (Sound::Voiced, true) => "ді",
        (Sound::Voiceless, false) => "ты",
        (Sound::Voiceless, true) => "ті",
    };
    Some(apply(word, Edit::Replace(0, suffix)))
}

/// A full name in the Kazakh accusative: only its last word takes the ending, as in any
/// Kazakh phrase ("Жанар Бәйтемірова" → "Жанар Бәйтемірованы"); `None` when that word has no
/// confident form.
pub fn kk_accusative_name(name: &str) -> Option<String> {
    let name = name.trim();
    let (head, last) = match name.rsplit_once(' ') {
        Some((h, l)) => (Some(h), l),
        None => (None, name),
    };
    let last = kk_accusative(last)?;
    Some(match head {
        Some(h) => format!("{h} {last}"),
        None => last,
    })
}

/// Whether a Kazakh word takes front-vowel suffixes. Harmony follows the last vowel that is
/// clearly front (ә е ө ү і э) or back (а о ұ ы я ё); и, у and ю can be either and are passed
/// over. The Russian surname suffix -ов/-ев is passed over too, so the root decides:
/// "Шәкіров" → front (Шәкіровке), "Тоқаев" → back (Тоқаевқа).
fn kk_front(l: &str) -> Option<bool> {
    let n = l.chars().count();
    let stem: String = if n > 4 && ["ов", "ев", "ёв"].iter().any(|s| l.ends_with(s)) {
        l.chars().take(n - 2).collect()
    } else {
        l.to_string()
    };
    for c in stem.chars().rev() {
        if "әеөүіэ".contains(c) {
            return Some(true);
        }
        if "аоұыяё".contains(c) {
            return Some(false);
        }
    }
    // Only и/у/ю: a loanword such as "Ким"; и reads as front there.
    if stem.contains('и') {
        return Some(true);
    }
    None
}

/// The Kazakh recipient name: initials, then the surname in the dative ("Б. Н. Асыловқа").
pub fn kk_recipient(initials: &str, surname: &str) -> Option<String> {
    let initials = normalise_initials(initials)?;
    let surname = kk_dative(surname)?;
    Some(format!("{initials} {surname}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_suffix_by_harmony_and_last_sound() {
        assert_eq!(kk_dative("Асылов").as_deref(), Some("Асыловқа"));
        assert_eq!(kk_dative("Шәкіров").as_deref(), Some("Шәкіровке"));
        assert_eq!(kk_dative("Нұртілеу").as_deref(), Some("Нұртілеуге"));
        assert_eq!(kk_dative("Азимова").as_deref(), Some("Азимоваға"));
        assert_eq!(kk_dative("Тоқаев").as_deref(), Some("Тоқаевқа"));
        assert_eq!(kk_dative("Бекұлы").as_deref(), Some("Бекұлына"));
        assert_eq!(kk_dative("Asylov"), None);
        assert_eq!(
            kk_recipient("Қ.К.", "Тоқаев").as_deref(),
            Some("Қ. К. Тоқаевқа")
        );
    }
}
