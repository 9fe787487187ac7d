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
    /// Changes of title over time, oldest first: each entry replaces the fields it gives from
    /// its `from` date on (the top-level fields are the title before the first change).
    #[serde(default)]
    pub titles: Vec<DatedTitle>,
}

/// A title in force from a date on, where a source shows the office renamed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedTitle {
    /// First day the title is in force (a month means its first day).
    pub from: SourceDate,
    /// The official title per language; languages not given keep the earlier title.
    #[serde(default)]
    pub title: Localized,
    /// The recipient-block (dative) form per language.
    #[serde(default)]
    pub title_to: Localized,
    /// The short title for salutations per language.
    #[serde(default)]
    pub short_title: Localized,
    /// Grammatical gender of the Russian title, when it changed.
    #[serde(default)]
    pub title_gender: Option<TitleGender>,
    /// Where the change is shown.
    #[serde(default)]
    pub sources: Vec<String>,
}

impl Authority {
    /// The authority as titled on `date`: the top-level title fields with every dated change
    /// up to `date` applied over them, language by language.
    pub fn titled_on(&self, date: NaiveDate) -> Authority {
        let mut a = self.clone();
        let mut changes: Vec<&DatedTitle> = self
            .titles
            .iter()
            .filter(|t| t.from.first() <= date)
            .collect();
        changes.sort_by_key(|t| t.from.first());
        for t in changes {
            a.title.extend(t.title.clone());
            a.title_to.extend(t.title_to.clone());
            a.short_title.extend(t.short_title.clone());
            if let Some(g) = t.title_gender {
                a.title_gender = g;
            }
        }
        a
    }
}

/// A date as a source gives it: a day (`2019-02-12`) or only a month (`2019-02`). A month
/// stands for a span of days; [`SourceDate::first`] and [`SourceDate::last`] bound it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceDate {
    first: NaiveDate,
    month_only: bool,
}

impl SourceDate {
    /// A date known to the day.
    pub fn day(date: NaiveDate) -> Self {
        SourceDate {
            first: date,
            month_only: false,
        }
    }

    /// The first day it may stand for (the day itself, or the month's first day).
    pub fn first(self) -> NaiveDate {
        self.first
    }

    /// The last day it may stand for (the day itself, or the month's last day).
    pub fn last(self) -> NaiveDate {
        if self.month_only {
            let next = self
                .first
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(self.first);
            next.pred_opt().unwrap_or(self.first)
        } else {
            self.first
        }
    }

    /// Whether the source gave only the month.
    pub fn is_month(self) -> bool {
        self.month_only
    }

    /// Parses `YYYY-MM-DD` or `YYYY-MM`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Ok(SourceDate::day(d));
        }
        let month = text.len() == 7
            && text.as_bytes()[4] == b'-'
            && text
                .bytes()
                .enumerate()
                .all(|(i, b)| i == 4 || b.is_ascii_digit());
        if month && let Ok(d) = NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d") {
            return Ok(SourceDate {
                first: d,
                month_only: true,
            });
        }
        Err(format!(
            "invalid date `{text}`: write YYYY-MM-DD (e.g. 2019-02-12), or YYYY-MM (e.g. 2019-02) when the source gives only the month"
        ))
    }
}

impl std::fmt::Display for SourceDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.month_only {
            write!(f, "{}", self.first.format("%Y-%m"))
        } else {
            write!(f, "{}", self.first)
        }
    }
}

impl Serialize for SourceDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SourceDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = SourceDate;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date: YYYY-MM-DD, or YYYY-MM")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<SourceDate, E> {
                SourceDate::parse(v).map_err(E::custom)
            }
            // A bare year reads as a number: say what to write instead.
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<SourceDate, E> {
                SourceDate::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<SourceDate, E> {
                SourceDate::parse(&v.to_string()).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// A date on which a source shows a holder in office, with that source when known: written
/// as a bare date (`2025-09-29`) or as `{date: 2025-09-29, source: "zakon.kz, 29 Sep 2025"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Seen {
    /// The date (a month when the source gives only the month).
    pub date: SourceDate,
    /// The source showing it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl<'de> Deserialize<'de> for Seen {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Seen;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date (2025-09-29) or {date: 2025-09-29, source: \"...\"}")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Seen, E> {
                Ok(Seen {
                    date: SourceDate::parse(v).map_err(E::custom)?,
                    source: None,
                })
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Seen, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Seen, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Seen, A::Error> {
                let mut date = None;
                let mut source = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "date" => date = Some(map.next_value::<SourceDate>()?),
                        "source" => source = Some(map.next_value::<String>()?),
                        other => {
                            return Err(serde::de::Error::unknown_field(
                                other,
                                &["date", "source"],
                            ));
                        }
                    }
                }
                let date = date.ok_or_else(|| serde::de::Error::missing_field("date"))?;
                Ok(Seen { date, source })
            }
        }
        d.deserialize_any(V)
    }
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
    /// First day in office (`2019-02` = the month's first day); absent = not known (the
    /// tenure then starts at the first `seen` date).
    #[serde(default)]
    pub from: Option<SourceDate>,
    /// Last day in office (`2019-02` = the month's last day); absent = not known, or still in
    /// office (see README, "Who is addressed").
    #[serde(default)]
    pub to: Option<SourceDate>,
    /// Dates on which a source shows the holder in office: they start a tenure whose `from` is
    /// not known, and keep an open-ended one attested.
    #[serde(default)]
    pub seen: Vec<Seen>,
    /// Salutation per language for this holder ("Dear Askar Shakirov").
    #[serde(default)]
    pub salutation: Localized,
    /// Where the dates come from.
    #[serde(default)]
    pub sources: Vec<String>,
}

impl Holder {
    /// The holder's name as messages about the directory show it: in English, else Russian,
    /// else Kazakh, else any language given.
    pub fn shown_name(&self) -> String {
        ["en", "ru", "kk"]
            .iter()
            .find_map(|l| self.name.get(*l))
            .or_else(|| self.name.values().next())
            .cloned()
            .unwrap_or_default()
    }
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
