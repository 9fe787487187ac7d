//! A case document: one urgent action, update, stop action or closure.

use super::text::{Alternatives, Gender, Localized};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One case document as written in `appeals/cases/<id>.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The slug used on the command line and in output paths (`ua-82-18`).
    pub id: String,
    /// The public reference shared by every document of the action ("UA 82/18").
    pub reference: String,
    /// The issuing organisation's document index ("EUR 57/8298/2018").
    #[serde(default)]
    pub index: Option<String>,
    /// Who issued the action (Amnesty International, Front Line Defenders, ...): one name, or
    /// a name per language.
    pub organisation: Issuer,
    /// What kind of document this is in the action's chain.
    pub kind: CaseKind,
    /// The update number, for `kind: update`.
    #[serde(default)]
    pub update: Option<u32>,
    /// The id of the case document this one follows, when that document is in `appeals/`.
    #[serde(default)]
    pub follows: Option<String>,
    /// Texts copied from the previous document by `appeal new --follows`, still to be checked
    /// against this one (`title`, `summary`, `asks`, ...); `check` warns until the list is gone.
    #[serde(default)]
    pub review: Vec<String>,
    /// The date the document was issued; rule-based deadlines count from it.
    #[serde(default)]
    pub issued: Option<NaiveDate>,
    /// ISO 3166 code of the country the action concerns.
    pub country: String,
    /// Whether campaigners should still act on it.
    #[serde(default)]
    pub status: CaseStatus,
    /// Languages the case texts are written in and targets are addressed in.
    pub languages: Vec<String>,
    /// Headline per language.
    pub title: Localized,
    /// The letter's subject per language, in the register of official correspondence
    /// ("Об уголовном преследовании …"); default: built from the person's name.
    #[serde(default)]
    pub subject: Localized,
    /// The letters' opening, per language, in place of the fixed sentence (`letter-opening`):
    /// worded without "I" or "we", since the organisation's letters and the supporters' share
    /// it. One text, or a list of alternatives (see [`Alternatives`]). Absent: the fixed one.
    #[serde(default)]
    pub opening: Alternatives,
    /// The paragraph saying why the organisation is concerned, per language; it follows the
    /// summary in letters. One text, or a list of alternatives, the same number in every
    /// language: each supporter's letter uses one, the organisation's the first. Absent: none
    /// (no generic sentence fits every case).
    #[serde(default)]
    pub concern: Alternatives,
    /// Whether the organisation considers the person a prisoner of conscience: adds that
    /// sentence to letters.
    #[serde(default)]
    pub prisoner_of_conscience: bool,
    /// A short summary per language (the UA's lead paragraph).
    pub summary: Localized,
    /// The people at risk.
    pub people: Vec<Person>,
    /// What happened, per language; paragraphs separated by blank lines.
    pub story: Localized,
    /// Additional information (background), per language.
    #[serde(default)]
    pub additional: Localized,
    /// The asks, in order; each given per language, phrased to complete "we ask you to …"
    /// (en: "release …"; ru: an infinitive, "освободить …"; kk: a verbal noun, "босату …").
    /// A stop action or closure may leave them out (`check` asks an appeal for them).
    #[serde(default)]
    pub asks: Vec<Localized>,
    /// Authorities to write to (none for a stop action or closure, which writes to nobody).
    #[serde(default)]
    pub targets: Vec<TargetRef>,
    /// Authorities to send copies to.
    #[serde(default)]
    pub copies: Vec<TargetRef>,
    /// Whether to ask for copies to diplomatic representatives accredited to the reader's country.
    #[serde(default)]
    pub diplomatic_copies: bool,
    /// When appeals must be sent by.
    #[serde(default)]
    pub deadline: Option<Deadline>,
    /// Further information (links to the published documents).
    #[serde(default)]
    pub links: Vec<Link>,
    /// The language the texts are written in first and translated from; default: the first of
    /// `languages`.
    #[serde(default)]
    pub source_language: Option<String>,
    /// Per translation language, which source text each text was translated from: a
    /// fingerprint of the source-language text per field (`summary`, `asks.0`,
    /// `people.0.name`). Written by `appeal translations`; see README, "Translating a case".
    #[serde(default)]
    pub translated_from: BTreeMap<String, BTreeMap<String, Fingerprint>>,
}

/// The text fields `--follows` copies and lists in `review`, in file order.
pub const REVIEWED_TEXTS: [&str; 8] = [
    "title",
    "subject",
    "opening",
    "concern",
    "summary",
    "story",
    "additional",
    "asks",
];

/// Who issued an action: one name for every language (`organisation: Amnesty International`),
/// or a name per language (`organisation: {en: …, ru: …, kk: …}`) where the name is translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issuer {
    /// The same name in every language.
    Name(String),
    /// A name per language.
    Names(Localized),
}

impl Default for Issuer {
    fn default() -> Self {
        Issuer::Name(String::new())
    }
}

impl Issuer {
    /// The name in `lang`: the map's `lang` entry, else its English one, else its first; the
    /// single name in every language.
    pub fn in_language(&self, lang: &str) -> &str {
        match self {
            Issuer::Name(name) => name,
            Issuer::Names(names) => names
                .get(lang)
                .or_else(|| names.get("en"))
                .or_else(|| names.values().next())
                .map_or("", String::as_str),
        }
    }

    /// Whether no name is written (empty, blank, or a map of blanks).
    pub fn is_blank(&self) -> bool {
        match self {
            Issuer::Name(name) => name.trim().is_empty(),
            Issuer::Names(names) => names.values().all(|n| n.trim().is_empty()),
        }
    }
}

impl Serialize for Issuer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Issuer::Name(name) => s.serialize_str(name),
            Issuer::Names(names) => names.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Issuer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Issuer;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a name, or a name per language ({en: …, ru: …, kk: …})")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Issuer, E> {
                Ok(Issuer::Name(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Issuer, E> {
                Ok(Issuer::Name(v))
            }
            // A bare `organisation:` reads as null: the name is not written yet.
            fn visit_unit<E: serde::de::Error>(self) -> Result<Issuer, E> {
                Ok(Issuer::Name(String::new()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Issuer, A::Error> {
                let mut names = Localized::new();
                while let Some((lang, name)) = map.next_entry::<String, String>()? {
                    names.insert(lang, name);
                }
                Ok(Issuer::Names(names))
            }
        }
        d.deserialize_any(V)
    }
}

/// A fingerprint of a source text (12 hex digits; see README, "Translating a case"). Read from any
/// scalar: a hand-edited file may leave an all-digit fingerprint unquoted, which YAML reads as
/// a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "RawFingerprint", into = "String")]
pub struct Fingerprint(pub String);

#[derive(Deserialize)]
#[serde(untagged)]
enum RawFingerprint {
    Text(String),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

impl From<RawFingerprint> for Fingerprint {
    fn from(raw: RawFingerprint) -> Self {
        Fingerprint(match raw {
            RawFingerprint::Text(s) => s,
            RawFingerprint::Unsigned(n) => n.to_string(),
            RawFingerprint::Signed(n) => n.to_string(),
            RawFingerprint::Float(n) => n.to_string(),
        })
    }
}

impl From<Fingerprint> for String {
    fn from(f: Fingerprint) -> String {
        f.0
    }
}

impl Case {
    /// The time zone the case's dates are read in: its deadline's `time_zone`, else the
    /// campaign's (see [`super::Campaign::zone`]).
    pub fn zone(&self, campaign: &super::Campaign) -> chrono_tz::Tz {
        self.deadline
            .as_ref()
            .and_then(|d| d.time_zone.as_deref())
            .and_then(|z| z.parse().ok())
            .unwrap_or_else(|| campaign.zone())
    }

    /// Forgets texts left blank (`en: ""`, as `appeal new` writes them): a blank text is one
    /// not written yet, so it counts as absent everywhere, and an optional text left blank in
    /// every language is simply not given.
    pub fn drop_blank_texts(&mut self) {
        let forget = |m: &mut Localized| m.retain(|_, t| !t.trim().is_empty());
        for m in [&mut self.opening, &mut self.concern] {
            m.retain(|_, choices| !choices.is_blank());
        }
        for m in [
            &mut self.title,
            &mut self.subject,
            &mut self.summary,
            &mut self.story,
            &mut self.additional,
        ] {
            forget(m);
        }
        for p in &mut self.people {
            forget(&mut p.name);
            forget(&mut p.occupation);
            forget(&mut p.place);
        }
        self.asks.iter_mut().for_each(forget);
        for l in &mut self.links {
            forget(&mut l.label);
        }
        for r in self.targets.iter_mut().chain(self.copies.iter_mut()) {
            forget(&mut r.salutation);
        }
        if let Issuer::Names(names) = &mut self.organisation {
            forget(names);
        }
    }
}

/// The kind of document in an action's chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseKind {
    /// The original urgent action or appeal.
    New,
    /// A numbered update that renews the call.
    Update,
    /// A stop action: no further appeals needed.
    StopAction,
    /// The case is closed (e.g. the person was released).
    Closure,
}

impl CaseKind {
    /// The kebab-case name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseKind::New => "new",
            CaseKind::Update => "update",
            CaseKind::StopAction => "stop-action",
            CaseKind::Closure => "closure",
        }
    }
}

/// Whether a case document is still acted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum CaseStatus {
    /// Campaigners act on it.
    #[default]
    Open,
    /// No further action.
    Closed,
}

/// A person concerned by the case.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name per language.
    pub name: Localized,
    /// Gender, for agreement (задержан/задержана).
    #[serde(default)]
    pub gender: Gender,
    /// Age in years at the date of the document.
    #[serde(default)]
    pub age: Option<u32>,
    /// Occupation per language ("blogger and civil activist").
    #[serde(default)]
    pub occupation: Localized,
    /// Home town or region per language.
    #[serde(default)]
    pub place: Localized,
}

/// A reference from a case to a role in the authority directory, with optional overrides.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetRef {
    /// The directory role id (`kz/prosecutor-general`).
    pub role: String,
    /// The one language this authority gets the appeal in, overriding the campaign's
    /// `authority_language` and the authority's own preference.
    #[serde(default)]
    pub language: Option<String>,
    /// Salutation override per language, for this case only.
    #[serde(default)]
    pub salutation: Localized,
    /// Email override for this case only (e.g. an address the issuing organisation gave).
    #[serde(default)]
    pub emails: Option<Vec<String>>,
    /// Fax override for this case only (E.164).
    #[serde(default)]
    pub fax: Option<String>,
}

/// When appeals must be sent by: a fixed date or a rule counted from the issue date.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// Appeals must be sent *before* this date (the date itself is too late).
    #[serde(default)]
    pub send_before: Option<NaiveDate>,
    /// Count calendar days after `issued`.
    #[serde(default)]
    pub days: Option<u32>,
    /// Count working days after `issued`, skipping weekends and the calendar's holidays.
    #[serde(default)]
    pub working_days: Option<u32>,
    /// The holiday calendar for working days (`kz` = `appeals/calendars/kz.yaml`).
    #[serde(default)]
    pub calendar: Option<String>,
    /// IANA time zone of the deadline; the campaign's default when absent.
    #[serde(default)]
    pub time_zone: Option<String>,
}

/// A further-information link.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The address.
    pub url: String,
    /// An optional label per language.
    #[serde(default)]
    pub label: Localized,
}
