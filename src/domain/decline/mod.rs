//! Names in the dative, for the recipient block of Russian and Kazakh letters ("Генеральному
//! прокурору … Б. Н. Асылову", "… Бас прокуроры Б. Н. Асыловқа"), and Russian names in the
//! genitive, for a default subject line ("По делу Бауыржана Улгилова").
//!
//! Pure functions, no data files. Each returns `None` when the rules give no confident form (a
//! Latin-script name, an unknown ending, a gender that is not known): the caller then addresses
//! the title alone rather than put a nominative name under a dative title.
//!
//! Russian follows the standard rules for surnames, first names and patronymics (Rosenthal's
//! handbook; the same rules as the `petrovich` rule set, which the tests use as an independent
//! check). Kazakh adds the dative suffix -ға/-ге/-қа/-ке (-на/-не after the possessive -ұлы,
//! -қызы), chosen by the word's vowel harmony and its last sound.

use crate::model::{Gender, Holder};

/// A part of a Russian name: each part declines by its own rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Given name ("Берик" → "Берику").
    First,
    /// Patronymic ("Ермекович" → "Ермековичу"; "Бескенулы" stays).
    Patronymic,
    /// Surname ("Асылов" → "Асылову", "Азимова" → "Азимовой").
    Surname,
}

/// How a word changes: kept as it is, or its last `n` letters replaced by a suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    Keep,
    Replace(usize, &'static str),
}

const RU_VOWELS: &str = "аеёиоуыэюя";
/// Letters of the Kazakh alphabet that Russian spelling does not use: a name containing them is
/// a Kazakh spelling, which the Russian rules must not guess at.
const KK_ONLY: &str = "әғқңөұүһі";

/// A Russian grammatical case a name is declined into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    /// Кому: the recipient block ("Асылову").
    Dative,
    /// Кого, чего: "по делу Бауыржана Улгилова".
    Genitive,
}

/// The Russian dative of one part of a name, keeping its capitals ("АСЫЛОВ" → "АСЫЛОВУ").
/// Hyphenated names: a surname declines in every part ("Римский-Корсаков" →
/// "Римскому-Корсакову"); a given name only in its last ("Касым-Жомарт" → "Касым-Жомарту").
pub fn ru_dative(part: Part, word: &str, gender: Gender) -> Option<String> {
    ru_decline(Case::Dative, part, word, gender)
}

/// The Russian genitive of one part of a name ("Улгилов" → "Улгилова", "Зинаида" → "Зинаиды"),
/// by the same rules and with the same refusals as [`ru_dative`].
pub fn ru_genitive(part: Part, word: &str, gender: Gender) -> Option<String> {
    ru_decline(Case::Genitive, part, word, gender)
}

/// A person's full Russian name in the genitive: "Бауыржан Улгилов" → "Бауыржана Улгилова",
/// "Зинаида Мухортова" → "Зинаиды Мухортовой", "Ардак Ашым" (a woman) → "Ардак Ашым". The name
/// is read as given name and surname, or given name, patronymic and surname; `None` for any
/// other shape (a surname written first would be declined as a given name), an unknown gender
/// or a part the rules are not sure of.
pub fn ru_genitive_name(name: &str, gender: Gender) -> Option<String> {
    if gender == Gender::Other {
        return None;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let parts: &[Part] = match words.len() {
        2 => &[Part::First, Part::Surname],
        // The middle word must read as a patronymic (-ович, -овна, -улы, -кызы …).
        3 => &[Part::First, Part::Patronymic, Part::Surname],
        _ => return None,
    };
    let declined = words
        .iter()
        .zip(parts)
        .map(|(w, p)| ru_genitive(*p, w, gender))
        .collect::<Option<Vec<_>>>()?;
    Some(declined.join(" "))
}

fn ru_decline(case: Case, part: Part, word: &str, gender: Gender) -> Option<String> {
    let word = word.trim();
    if word.contains('-') {
        let pieces: Vec<&str> = word.split('-').collect();
        let last = pieces.len() - 1;
        let declined = pieces
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if part == Part::First && i < last {
                    ru_word_ok(p).then(|| p.to_string())
                } else {
                    ru_word(case, part, p, gender)
                }
            })
            .collect::<Option<Vec<_>>>()?;
        return Some(declined.join("-"));
    }
    ru_word(case, part, word, gender)
}

/// Whether `word` is one Russian-spelled word: Cyrillic letters only, no Kazakh-only letters.
fn ru_word_ok(word: &str) -> bool {
    word.chars().count() >= 2
        && word.chars().all(|c| {
            let l = lower(c);
            ('а'..='я').contains(&l) || l == 'ё'
        })
        && !word.chars().any(|c| KK_ONLY.contains(lower(c)))
}

fn ru_word(case: Case, part: Part, word: &str, gender: Gender) -> Option<String> {
    if !ru_word_ok(word) {
        return None;
    }
    let l: String = word.chars().map(lower).collect();
    let edit = match part {
        Part::Surname => ru_surname(case, &l, gender)?,
        Part::First => ru_first(case, &l, gender)?,
        Part::Patronymic => ru_patronymic(case, &l, gender)?,
    };
    Some(apply(word, edit))
}

/// The ending of a noun in -а/-я: dative -е (Глинке, Илье), genitive -ы, or -и after a
/// velar or hissing consonant and for -я (Глинки, Ильи).
fn a_ending(case: Case, l: &str) -> Edit {
    let mut rev = l.chars().rev();
    let last = rev.next();
    let before = rev.next().unwrap_or(' ');
    match case {
        Case::Dative => Edit::Replace(1, "е"),
        Case::Genitive if last == Some('я') || "гкхжчшщ".contains(before) => {
            Edit::Replace(1, "и")
        }
        Case::Genitive => Edit::Replace(1, "ы"),
    }
}

/// One of two suffixes replacing the last `n` letters, by case.
fn by_case(case: Case, n: usize, dative: &'static str, genitive: &'static str) -> Edit {
    Edit::Replace(
        n,
        match case {
            Case::Dative => dative,
            Case::Genitive => genitive,
        },
    )
}

fn ru_surname(case: Case, l: &str, gender: Gender) -> Option<Edit> {
    use Edit::*;
    let last = l.chars().last()?;
    let before_last = l.chars().rev().nth(1)?;
    // Indeclinable for both sexes: -их/-ых (Черных), and a final vowel other than а/я
    // (Шевченко, Нуртлеу, Тлеуберди).
    if l.ends_with("их") || l.ends_with("ых") {
        return Some(Keep);
    }
    if "еёиоуыэю".contains(last) {
        return Some(Keep);
    }
    // Stressed final -а of French names, and -а/-я after a vowel (Гулиа): indeclinable.
    const FRENCH: [&str; 6] = ["дюма", "тома", "дега", "люка", "ферма", "петипа"];
    // (-ая and -яя are adjectival and decline below.)
    if FRENCH.contains(&l) || (matches!(last, 'а' | 'я') && "еёиоуыэю".contains(before_last))
    {
        return if l.ends_with("ия") {
            // Берия: Берии in both cases.
            Some(Replace(1, "и"))
        } else {
            Some(Keep)
        };
    }
    match gender {
        Gender::Female => Some(
            if ["ова", "ева", "ёва", "ина", "ына"]
                .iter()
                .any(|s| l.ends_with(s))
            {
                Replace(1, "ой")
            } else if l.ends_with("яя") {
                Replace(2, "ей")
            } else if l.ends_with("ая") {
                if "жчшщ".contains(l.chars().rev().nth(2)?) {
                    Replace(2, "ей")
                } else {
                    Replace(2, "ой")
                }
            } else if matches!(last, 'а' | 'я') {
                a_ending(case, l)
            } else {
                // A woman's surname ending in a consonant does not decline (Бондарь, Станкевич).
                Keep
            },
        ),
        Gender::Male => {
            if ["ский", "цкий", "ской", "цкой", "ый"]
                .iter()
                .any(|s| l.ends_with(s))
            {
                return Some(by_case(case, 2, "ому", "ого"));
            }
            if l.ends_with("ой") {
                // Толстой → Толстому, but the short Korean Цой → Цою.
                return Some(if l.chars().count() <= 3 {
                    by_case(case, 1, "ю", "я")
                } else {
                    by_case(case, 2, "ому", "ого")
                });
            }
            if l.ends_with("ий") {
                let stem = l.chars().rev().nth(2)?;
                return match stem {
                    'к' | 'г' | 'х' => Some(by_case(case, 2, "ому", "ого")),
                    'ж' | 'ч' | 'ш' | 'щ' | 'н' => Some(by_case(case, 2, "ему", "его")),
                    // Other -ий surnames may be nouns or adjectives: not guessed.
                    _ => None,
                };
            }
            Some(match last {
                'а' | 'я' => a_ending(case, l),
                'ь' | 'й' => by_case(case, 1, "ю", "я"),
                'ъ' => return None,
                // -ец loses its vowel or keeps it (Кравцу / Кравецу) by family usage.
                'ц' if before_last == 'е' => return None,
                _ => by_case(case, 0, "у", "а"),
            })
        }
        Gender::Other => None,
    }
}

fn ru_first(case: Case, l: &str, gender: Gender) -> Option<Edit> {
    use Edit::*;
    let last = l.chars().last()?;
    let before_last = l.chars().rev().nth(1)?;
    // Names that lose a vowel (Павел → Павлу) are listed: the rule cannot see it.
    let fleeting = [
        ("павел", by_case(case, 2, "лу", "ла")),
        ("лев", by_case(case, 2, "ьву", "ьва")),
        ("пётр", by_case(case, 3, "етру", "етра")),
        ("петр", by_case(case, 3, "етру", "етра")),
        ("любовь", Replace(3, "ови")),
    ];
    if let Some((_, e)) = fleeting.iter().find(|(n, _)| *n == l) {
        return Some(*e);
    }
    if l.ends_with("ия") {
        return Some(Replace(1, "и"));
    }
    if matches!(last, 'а' | 'я') {
        return Some(if RU_VOWELS.contains(before_last) {
            Keep
        } else {
            a_ending(case, l)
        });
    }
    if RU_VOWELS.contains(last) {
        return Some(Keep);
    }
    match gender {
        Gender::Male => Some(match last {
            'ь' | 'й' => by_case(case, 1, "ю", "я"),
            'ъ' => return None,
            _ => by_case(case, 0, "у", "а"),
        }),
        // Women's names ending in a consonant do not decline (Жанар, Айгерим); those in -ь
        // vary by name (Нинели but Айгуль, Адель): only the listed Любовь is confident.
        Gender::Female if last == 'ь' => None,
        Gender::Female => Some(Keep),
        Gender::Other => None,
    }
}

fn ru_patronymic(case: Case, l: &str, gender: Gender) -> Option<Edit> {
    use Edit::*;
    // Kazakh and other Turkic patronymics (-улы, -кызы, -оглы) do not decline in Russian.
    if ["улы", "уулу", "оглы", "оглу", "кызы", "гызы"]
        .iter()
        .any(|s| l.ends_with(s))
    {
        return Some(Keep);
    }
    match gender {
        Gender::Male if l.ends_with("ич") => Some(by_case(case, 0, "у", "а")),
        Gender::Female if l.ends_with("вна") || l.ends_with("чна") => {
            Some(by_case(case, 1, "е", "ы"))
        }
        _ => None,
    }
}

/// The Russian recipient name: initials, then the surname in the dative ("Б. Н. Асылову").
/// `initials` is as the data gives them ("Б.Н.", "Б. Н."), normalised to "Б. Н.".
pub fn ru_recipient(initials: &str, surname: &str, gender: Gender) -> Option<String> {
    let initials = normalise_initials(initials)?;
    let surname = ru_dative(Part::Surname, surname, gender)?;
    Some(format!("{initials} {surname}"))
}

/// `name` with a no-break space (U+00A0) after each initial ("Қ.\u{a0}Әбдірахмановқа"), so no
/// line, in a fax, a printed letter or a browser, ends on an initial torn from its surname.
/// An initial is one capital letter and a full stop, in any script; other spaces stay.
pub fn bind_initials(name: &str) -> String {
    let is_initial = |w: &str| {
        let mut cs = w.chars();
        matches!((cs.next(), cs.next(), cs.next()), (Some(c), Some('.'), None) if c.is_uppercase())
    };
    let mut out = String::with_capacity(name.len() + 4);
    let mut words = name.split(' ').peekable();
    while let Some(w) = words.next() {
        out.push_str(w);
        if words.peek().is_some() {
            out.push(if is_initial(w) { '\u{a0}' } else { ' ' });
        }
    }
    out
}

/// Initials "Б.Н." / "Б. Н." / "Б Н" → "Б. Н."; `None` unless each is one Cyrillic capital.
pub fn normalise_initials(initials: &str) -> Option<String> {
    let letters: Vec<char> = initials
        .split(|c: char| c == '.' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| {
            let mut cs = s.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) if c.is_uppercase() && is_cyrillic(c) => Some(c),
                _ => None,
            }
        })
        .collect::<Option<_>>()?;
    if letters.is_empty() {
        return None;
    }
    Some(
        letters
            .iter()
            .map(|c| format!("{c}."))
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Initials from a given name and an optional patronymic in one script ("Қайрат" → "Қ.").
pub fn initials_of(first: &str, patronymic: Option<&str>) -> Option<String> {
    let first = first.trim().chars().next()?;
    let mut out = format!("{first}.");
    if let Some(p) = patronymic.and_then(|p| p.trim().chars().next()) {
        out.push_str(&format!(" {p}."));
    }
    normalise_initials(&out)
}

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

/// A holder's name for a letter in `lang`: that language's spelling, else the first of
/// `fallbacks` that has one. Returns the language of the spelling used and the name.
pub fn spelling<'a>(h: &'a Holder, lang: &str, fallbacks: &[&str]) -> Option<(&'a str, &'a str)> {
    std::iter::once(lang)
        .chain(fallbacks.iter().copied())
        .find_map(|l| h.name.get_key_value(l))
        .map(|(l, n)| (l.as_str(), n.as_str()))
}

/// The holder's surname in the spelling of language `spelled`: the `surname` field, else the
/// last word of the name.
pub fn surname<'a>(h: &'a Holder, spelled: &str) -> Option<&'a str> {
    h.surname
        .get(spelled)
        .map(String::as_str)
        .or_else(|| h.name.get(spelled)?.split_whitespace().last())
}

/// The holder's name in the recipient-block form of a letter in `lang` (Russian: initials and
/// the dative surname, "Б. Н. Асылову"; Kazakh: "Б. Н. Асыловқа"), from the spelling in
/// language `spelled`. `Err` says why no confident form exists.
pub fn holder_dative(h: &Holder, lang: &str, spelled: &str) -> Result<String, String> {
    let name = h
        .name
        .get(spelled)
        .ok_or_else(|| format!("no {spelled} spelling of the name"))?;
    let surname = surname(h, spelled).ok_or_else(|| format!("`{name}` has no surname"))?;
    let gender = h.gender.unwrap_or(Gender::Other);
    // The given name: the first word of the name other than the surname.
    let first = name
        .split_whitespace()
        .find(|w| *w != surname)
        .ok_or_else(|| format!("`{name}` has no given name"))?;
    let derived = initials_of(first, h.patronymic.get(spelled).map(String::as_str));
    let first_initial = initials_of(first, None);
    // Initials from the data first; a source's initials in another script count when they
    // start with the same letter as the given name here (Б. Н. for both Берик and Берік).
    let borrowed = h
        .initials
        .values()
        .filter_map(|i| normalise_initials(i))
        // A Kazakh-only letter (Ә, Қ …) is no Russian initial.
        .filter(|i| lang != "ru" || !i.chars().any(|c| KK_ONLY.contains(lower(c))))
        .find(|i| first_initial.as_deref().is_some_and(|f| i.starts_with(f)));
    let initials = h
        .initials
        .get(lang)
        .or_else(|| h.initials.get(spelled))
        .cloned()
        .or_else(|| {
            h.patronymic
                .contains_key(spelled)
                .then(|| derived.clone())
                .flatten()
        })
        .or(borrowed)
        .or_else(|| borrowed_patronymic(h, lang, spelled, first_initial.as_deref()?))
        .or(first_initial)
        .ok_or_else(|| format!("no initials for `{name}`"))?;
    let form = match lang {
        "ru" => {
            if gender == Gender::Other {
                return Err(format!(
                    "the dative of `{surname}` depends on gender, and the holder has none"
                ));
            }
            ru_recipient(&initials, surname, gender)
        }
        "kk" => kk_recipient(&initials, surname),
        _ => return Err(format!("no rules for names in the {lang} dative")),
    };
    form.ok_or_else(|| format!("no confident {lang} dative of `{surname}` (initials `{initials}`)"))
}

/// Initials from the given name here and the patronymic's first letter in another script,
/// where that letter is the same in both: a Kazakh letter maps to one Russian letter (Ә → А),
/// but a Russian А may be Kazakh А or Ә, so Kazakh takes only letters that never change.
fn borrowed_patronymic(h: &Holder, lang: &str, spelled: &str, first: &str) -> Option<String> {
    const KK_TO_RU: [(char, char); 9] = [
        ('Ә', 'А'),
        ('Ғ', 'Г'),
        ('Қ', 'К'),
        ('Ң', 'Н'),
        ('Ө', 'О'),
        ('Ұ', 'У'),
        ('Ү', 'У'),
        ('Һ', 'Х'),
        ('І', 'И'),
    ];
    let letter = h
        .patronymic
        .iter()
        .filter(|(l, _)| l.as_str() != spelled)
        .find_map(|(l, p)| {
            let c = p.trim().chars().next()?;
            match (lang, l.as_str()) {
                ("ru", "kk") => Some(
                    KK_TO_RU
                        .iter()
                        .find(|(k, _)| *k == c)
                        .map_or(c, |(_, r)| *r),
                ),
                ("kk", "ru") if !"АГКНОУИХ".contains(c) => Some(c),
                _ => None,
            }
        })?;
    normalise_initials(&format!("{first} {letter}."))
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Applies an edit to the original word, in capitals when the word's last letter is one.
fn apply(word: &str, edit: Edit) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use Gender::*;

    #[test]
    fn russian_surnames_by_gender() {
        let s = |w, g| ru_dative(Part::Surname, w, g);
        assert_eq!(s("Асылов", Male).as_deref(), Some("Асылову"));
        assert_eq!(s("АСЫЛОВ", Male).as_deref(), Some("АСЫЛОВУ"));
        assert_eq!(s("Азимова", Female).as_deref(), Some("Азимовой"));
        assert_eq!(s("Нуртлеу", Male).as_deref(), Some("Нуртлеу"));
        assert_eq!(s("Бондарь", Female).as_deref(), Some("Бондарь"));
        assert_eq!(s("Асылов", Other), None, "gender decides the form");
        assert_eq!(s("Asylov", Male), None, "Latin script is never declined");
        assert_eq!(s("Шәкіров", Male), None, "a Kazakh spelling is not Russian");
        assert_eq!(s("Кравец", Male), None);
    }

    #[test]
    fn initials_are_normalised() {
        assert_eq!(normalise_initials("Б.Н.").as_deref(), Some("Б. Н."));
        assert_eq!(normalise_initials(" А. Е. ").as_deref(), Some("А. Е."));
        assert_eq!(normalise_initials("B.N."), None);
        assert_eq!(normalise_initials("Бе.Н."), None);
        assert_eq!(
            initials_of("Қайрат", Some("Пернешұлы")).as_deref(),
            Some("Қ. П.")
        );
        assert_eq!(
            ru_recipient("Б.Н.", "Асылов", Male).as_deref(),
            Some("Б. Н. Асылову")
        );
    }

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
