//! What the directory still lacks for its letters to read as a careful official's would: a
//! holder named by one initial («К. Абдрахманову»), a holder with no spelling in a language the
//! office reads (a Kazakh letter then borrows the Russian one), a title or a dated title with no
//! form in a language, an address with no postcode and city line. None of these stops a letter,
//! so none is a warning on every command: `check` and `who` list them once, as a to-do, each at
//! its place in the file.

use crate::domain::decline::holder_dative;
use crate::load::Project;
use crate::model::{Authority, Holder};
use std::fmt;
use std::path::PathBuf;

/// One thing to fill in, at its place in a directory file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Todo {
    /// The file, relative to the project root.
    pub path: PathBuf,
    /// Line and column (1-based).
    pub at: (usize, usize),
    /// The office.
    pub role: String,
    /// What is missing, and what to add.
    pub what: String,
}

impl fmt::Display for Todo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (line, col) = self.at;
        write!(
            f,
            "{}:{line}:{col}: {}: {}",
            self.path.display(),
            self.role,
            self.what
        )
    }
}

/// Languages whose letters decline names (initials and the dative surname).
const DECLINING: [&str; 2] = ["ru", "kk"];

/// Everything the directory's offices still lack, file by file, each in line order.
pub fn directory_todo(project: &Project) -> Vec<Todo> {
    let campaign = &project.campaign.value.languages;
    let mut out = Vec::new();
    for doc in project.authorities.values() {
        let a = &doc.value;
        // The languages letters to this office are written in: the ones it reads, else every
        // language of the campaign.
        let langs: Vec<&str> = if a.languages.is_empty() {
            campaign.iter().map(String::as_str).collect()
        } else {
            a.languages.iter().map(String::as_str).collect()
        };
        let mut todo = |path: &str, what: String| {
            out.push(Todo {
                path: doc.file.path.clone(),
                at: doc.file.spans.locate(path),
                role: a.role.clone(),
                what,
            })
        };
        titles(a, &langs, &mut todo);
        addresses(a, &langs, &mut todo);
        for (i, h) in a.holders.iter().enumerate() {
            holder(h, i, &langs, &mut todo);
        }
    }
    // In file order; two items at one place keep the order they were found in.
    out.sort_by(|a, b| (&a.path, a.at).cmp(&(&b.path, b.at)));
    out
}

/// The title, its recipient-block form, and each dated title, in each language.
fn titles(a: &Authority, langs: &[&str], todo: &mut impl FnMut(&str, String)) {
    for lang in langs {
        if !a.title.contains_key(*lang) {
            todo(
                "title",
                format!("no {lang} title: add `title: {{{lang}: …}}`"),
            );
        }
        if DECLINING.contains(lang) && !a.title_to.contains_key(*lang) {
            todo(
                "title_to",
                format!(
                    "no {lang} form of the title for the recipient block: add `title_to: {{{lang}: …}}`"
                ),
            );
        }
        for (i, t) in a.titles.iter().enumerate() {
            let missing: Vec<&str> = [("title", &t.title), ("title_to", &t.title_to)]
                .into_iter()
                .filter(|(field, m)| {
                    !m.is_empty()
                        && !m.contains_key(*lang)
                        && (*field == "title" || DECLINING.contains(lang))
                })
                .map(|(field, _)| field)
                .collect();
            if !missing.is_empty() {
                todo(
                    &format!("titles.{i}"),
                    format!(
                        "the title from {} has no {lang} form ({}): {lang} letters dated since then use another language's",
                        t.from,
                        missing.join(", ")
                    ),
                );
            }
        }
    }
}

/// The postal address in each language: given, with a postcode and city line.
fn addresses(a: &Authority, langs: &[&str], todo: &mut impl FnMut(&str, String)) {
    if a.address.is_empty() {
        // `check` warns about an office with no address at all.
        return;
    }
    for lang in langs {
        match a.address.get(*lang) {
            None => todo(
                "address",
                format!(
                    "no {lang} postal address: {lang} letters show another language's; add `address: {{{lang}: […]}}`"
                ),
            ),
            Some(lines) if !lines.iter().any(|l| has_postcode(l)) => todo(
                &format!("address.{lang}"),
                format!(
                    "the {lang} postal address has no postcode and city line (e.g. \"010000, Астана\"): add it from a source"
                ),
            ),
            Some(_) => {}
        }
    }
}

/// Whether an address line holds a postcode: a run of at least four digits.
fn has_postcode(line: &str) -> bool {
    line.split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() >= 4)
}

/// A holder's spellings and initials in the languages letters decline names in.
fn holder(h: &Holder, i: usize, langs: &[&str], todo: &mut impl FnMut(&str, String)) {
    let who = h.shown_name();
    let declining: Vec<&str> = langs
        .iter()
        .copied()
        .filter(|l| DECLINING.contains(l))
        .collect();
    for lang in &declining {
        if !h.name.contains_key(*lang) {
            let fallback = if *lang == "kk" && h.name.contains_key("ru") {
                "Kazakh letters use the Russian spelling"
            } else {
                "letters in it address the title alone"
            };
            todo(
                &format!("holders.{i}.name"),
                format!("{who} has no {lang} spelling ({fallback}): add `{lang}:` with its source"),
            );
        }
    }
    // The recipient block as letters give it: one initial is a form no official letter uses.
    let one_initial: Vec<String> = declining
        .iter()
        .filter_map(|lang| {
            let spelled = if h.name.contains_key(*lang) {
                *lang
            } else {
                "ru"
            };
            holder_dative(h, lang, spelled).ok()
        })
        .filter(|form| initials_in(form) == 1)
        .map(|form| format!("«{form}»"))
        .collect();
    if !one_initial.is_empty() {
        todo(
            &format!("holders.{i}"),
            format!(
                "{who} is named by one initial ({}): add the patronymic (`patronymic: {{ru: …}}`) or both initials (`initials: {{ru: …}}`) from a source",
                one_initial.join(", ")
            ),
        );
    }
}

/// How many initials ("Б." each) a recipient-block name starts with.
fn initials_in(name: &str) -> usize {
    name.split([' ', '\u{a0}'])
        .take_while(|w| {
            let mut cs = w.chars();
            matches!((cs.next(), cs.next(), cs.next()), (Some(c), Some('.'), None) if c.is_uppercase())
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_are_counted_before_the_surname() {
        assert_eq!(initials_in("К. Абдрахманову"), 1);
        assert_eq!(initials_in("Б.\u{a0}Н.\u{a0}Асылову"), 2);
        assert_eq!(initials_in("Асылову"), 0);
        assert!(has_postcode("010000, Астана") && !has_postcode("ул. Д. Кунаева, 31"));
    }
}
