//! A directory holder's name in a letter: which spelling it uses, the surname, and the
//! recipient-block form built from the initials and the declined surname.

use crate::domain::decline::initials::{initials_of, normalise_initials};
use crate::domain::decline::kazakh::kk_recipient;
use crate::domain::decline::russian::ru_recipient;
use crate::domain::decline::word::{KK_ONLY, lower};
use crate::model::{Gender, Holder};

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
