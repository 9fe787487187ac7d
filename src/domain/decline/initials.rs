//! Initials: read from the data ("Б.Н.", "Б. Н."), made from a name, and kept on the
//! surname's line.

use crate::domain::decline::word::is_cyrillic;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::decline::russian::ru_recipient;
    use crate::model::Gender::*;

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
}
