//! The directory of target authorities and of diplomatic missions.

use super::text::{Gender, Localized, LocalizedLines};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A role in the directory, e.g. `appeals/authorities/kz/prosecutor-general.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    /// The role id, matching the file's path under `authorities/` (`kz/prosecutor-general`).
    pub role: String,
    /// The official title per language, nominative ("Генеральный прокурор Республики Казахстан").
    pub title: Localized,
    /// A short title for salutations ("Генеральный прокурор"); the full title when absent.
    #[serde(default)]
    pub short_title: Localized,
    /// The title in the form used in a letter's recipient block (Russian and Kazakh dative).
    #[serde(default)]
    pub title_to: Localized,
    /// Grammatical gender of the Russian title (`masculine` for "прокурор"), for a salutation
    /// to the role when the holder is unknown.
    #[serde(default)]
    pub title_gender: TitleGender,
    /// Languages the office reads, in order of preference (`[kk, ru]` for Kazakh state
    /// bodies). Empty: it accepts every language a case is written in.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Postal address lines per language; absent = unknown.
    #[serde(default)]
    pub address: LocalizedLines,
    /// Fax number in E.164 form (`+77172506402`); absent = unknown.
    #[serde(default)]
    pub fax: Option<String>,
    /// Email addresses; empty = unknown.
    #[serde(default)]
    pub emails: Vec<String>,
    /// Web site.
    #[serde(default)]
    pub web: Option<String>,
    /// Salutation per language for the role ("Dear Prosecutor General").
    #[serde(default)]
    pub salutation: Localized,
    /// When each contact fact was last verified.
    #[serde(default)]
    pub verified: Verified,
    /// Where the facts come from.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Who held the role when.
    #[serde(default)]
    pub holders: Vec<Holder>,
}

/// Grammatical gender of a title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum TitleGender {
    /// "прокурор", "министр", "Уполномоченный".
    #[default]
    Masculine,
    /// A feminine title.
    Feminine,
    /// A neuter title.
    Neuter,
}

impl TitleGender {
    /// The value passed to Fluent selectors.
    pub fn as_str(self) -> &'static str {
        match self {
            TitleGender::Masculine => "masculine",
            TitleGender::Feminine => "feminine",
            TitleGender::Neuter => "neuter",
        }
    }
}

/// The date each contact fact was last verified.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verified {
    /// Postal address.
    #[serde(default)]
    pub address: Option<NaiveDate>,
    /// Fax number.
    #[serde(default)]
    pub fax: Option<NaiveDate>,
    /// Email addresses.
    #[serde(default)]
    pub emails: Option<NaiveDate>,
}

/// A person who held a role over a period.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holder {
    /// Full name per language; a missing language falls back to another (and `check` warns).
    pub name: Localized,
    /// Surname per language, for salutations; the last word of `name` when absent.
    #[serde(default)]
    pub surname: Localized,
    /// The name in the form used in a recipient block (Russian and Kazakh dative).
    #[serde(default)]
    pub name_to: Localized,
    /// Patronymic per language ("Ермекович", "Ермекұлы"); optional, for the initials.
    #[serde(default)]
    pub patronymic: Localized,
    /// Initials per language as a source gives them ("Б. Н."), for the recipient block
    /// ("Б. Н. Асылову"); derived from the name and patronymic when absent.
    #[serde(default)]
    pub initials: Localized,
    /// Gender, for agreement in salutations and the dative of the name. Required: `check`
    /// reports a holder without it (`None` here only so that the error can name the line).
    #[serde(default)]
    pub gender: Option<Gender>,
    /// First day in office; absent = not known (the holder is then matched only up to `to`).
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// Last day in office; absent = not known, or still in office for the last holder listed.
    #[serde(default)]
    pub to: Option<NaiveDate>,
    /// Dates on which a source shows the holder in office (when `from`/`to` are not known).
    #[serde(default)]
    pub seen: Vec<NaiveDate>,
    /// Salutation per language for this holder ("Dear Askar Shakirov").
    #[serde(default)]
    pub salutation: Localized,
    /// Where the dates come from.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A diplomatic mission of the country concerned, e.g. `appeals/missions/kz/gb.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mission {
    /// Mission id (`kz/gb`).
    pub id: String,
    /// ISO 3166 code of the host country (`GB`).
    pub host_country: String,
    /// Name of the mission per language.
    pub name: Localized,
    /// Postal address lines per language.
    #[serde(default)]
    pub address: LocalizedLines,
    /// Telephone.
    #[serde(default)]
    pub phone: Option<String>,
    /// Fax number in E.164 form.
    #[serde(default)]
    pub fax: Option<String>,
    /// Email addresses.
    #[serde(default)]
    pub emails: Vec<String>,
    /// Salutation per language ("Dear Ambassador").
    #[serde(default)]
    pub salutation: Localized,
    /// When the facts were last verified.
    #[serde(default)]
    pub verified: Verified,
    /// Where the facts come from.
    #[serde(default)]
    pub sources: Vec<String>,
}
