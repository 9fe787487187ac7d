//! Localized text and other small value types shared by every file kind.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A text given per language code (`en`, `ru`, `kk`, ...).
pub type Localized = BTreeMap<String, String>;

/// Lines (e.g. a postal address) given per language code.
pub type LocalizedLines = BTreeMap<String, Vec<String>>;

/// Picks the text for `lang`, falling back through `fallbacks` in order.
pub fn pick<'a, T>(map: &'a BTreeMap<String, T>, lang: &str, fallbacks: &[&str]) -> Option<&'a T> {
    map.get(lang)
        .or_else(|| fallbacks.iter().find_map(|l| map.get(*l)))
}

/// A person's gender as it matters for grammatical agreement (Russian, Kazakh honorifics).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Gender {
    /// Agreement in the feminine: задержана, Уважаемая.
    Female,
    /// Agreement in the masculine: задержан, Уважаемый.
    Male,
    /// Unknown or not to be assumed: templates choose a neutral wording.
    #[default]
    Other,
}

impl Gender {
    /// The value passed to Fluent selectors (`female`, `male`, `other`).
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
            Gender::Other => "other",
        }
    }
}

/// Splits a block of text into paragraphs at blank lines, joining wrapped lines.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| {
            p.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|p| !p.is_empty())
        .collect()
}
