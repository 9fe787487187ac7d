//! Russian names in the dative (the recipient block: "Б. Н. Асылову") and the genitive (a
//! default subject line: "По делу Бауыржана Улгилова"), by the standard rules for surnames,
//! first names and patronymics.

use crate::domain::decline::initials::normalise_initials;
use crate::domain::decline::word::{Edit, KK_ONLY, apply, lower};
use crate::model::Gender;

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

/// The Russian vowel letters.
const RU_VOWELS: &str = "аеёиоуыэюя";

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
}
