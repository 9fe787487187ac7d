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

/// A text a case may give as alternatives (`concern`, `opening`): per language one text, or a
/// list of them (`concern: {en: [A, B], ru: [A, B]}`), the same number in every language, the
/// same position holding the same text translated. Each supporter's letter uses one of them
/// (see [`crate::domain::variants`]), so a thousand letters do not arrive as one form letter.
pub type Alternatives = BTreeMap<String, Choices>;

/// One language's text of an [`Alternatives`]: one text, or a list of alternatives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choices {
    /// One text (`en: …`): a list of one.
    One(String),
    /// Alternatives (`en: [A, B]`).
    Many(Vec<String>),
}

impl Choices {
    /// The texts, in order.
    pub fn items(&self) -> &[String] {
        match self {
            Choices::One(text) => std::slice::from_ref(text),
            Choices::Many(items) => items,
        }
    }

    /// How many alternatives there are.
    pub fn len(&self) -> usize {
        self.items().len()
    }

    /// Whether there is no text at all (an empty list).
    pub fn is_empty(&self) -> bool {
        self.items().is_empty()
    }

    /// The `i`-th alternative.
    pub fn get(&self, i: usize) -> Option<&String> {
        self.items().get(i)
    }

    /// Whether no alternative has any words: not written yet.
    pub fn is_blank(&self) -> bool {
        self.items().iter().all(|t| t.trim().is_empty())
    }
}

impl Serialize for Choices {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Choices::One(text) => s.serialize_str(text),
            Choices::Many(items) => items.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Choices {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Choices;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text, or a list of alternative texts ([A, B])")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Choices, E> {
                Ok(Choices::One(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Choices, E> {
                Ok(Choices::One(v))
            }
            // A bare `en:` reads as null: the text is not written yet.
            fn visit_unit<E: serde::de::Error>(self) -> Result<Choices, E> {
                Ok(Choices::One(String::new()))
            }
            // A plain scalar YAML reads as a number or a boolean is still a text, as it is
            // for every other text field.
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Choices, E> {
                Ok(Choices::One(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Choices, E> {
                Ok(Choices::One(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Choices, E> {
                Ok(Choices::One(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Choices, E> {
                Ok(Choices::One(v.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Choices, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<String>()? {
                    items.push(item);
                }
                Ok(Choices::Many(items))
            }
        }
        d.deserialize_any(V)
    }
}
