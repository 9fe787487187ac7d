//! What templates render: a case resolved for one language on one day ([`View`]), with its
//! parts (the organisation, the case's texts, the deadline, each recipient).

use chrono::NaiveDate;
use serde::Serialize;

/// Everything needed to render one case in one language on one day.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// Language code.
    pub lang: String,
    /// The letter's date (`2018-05-20` in templates).
    pub today: NaiveDate,
    /// The sending organisation.
    pub org: OrgView,
    /// The case texts.
    pub case: CaseView,
    /// The deadline, when the case has one.
    pub deadline: Option<DeadlineView>,
    /// Authorities to write to.
    pub targets: Vec<Recipient>,
    /// Authorities to send copies to.
    pub copies: Vec<Recipient>,
    /// Targets and copies as [`View::public`] gives them, when some differ; not part of the
    /// template context.
    #[serde(skip)]
    pub public: Option<Box<(Vec<Recipient>, Vec<Recipient>)>>,
}

impl View {
    /// The view with the letters' varied texts (`opening`, `concern`) at `variant`: a
    /// supporter's letters (see [`crate::domain::variants`]).
    pub fn variant(&self, variant: crate::domain::variants::Variant) -> View {
        let mut v = self.clone();
        let pick = |alternatives: &[Vec<String>], i: usize| {
            alternatives
                .get(i)
                .or(alternatives.first())
                .cloned()
                .unwrap_or_default()
        };
        v.case.opening = pick(&self.case.alternatives.opening, variant.opening);
        v.case.concern = pick(&self.case.alternatives.concern, variant.concern);
        v
    }

    /// The view as the UA, the supporter alerts and the site use it: a target whose holder
    /// changes before the deadline is addressed by title alone, one whose title changes before
    /// it under the title in force on the last day to send.
    pub fn public(&self) -> View {
        let mut v = self.clone();
        if let Some(p) = v.public.take() {
            let (targets, copies) = *p;
            v.targets = targets;
            v.copies = copies;
        }
        v
    }
}

/// The sending organisation in one language.
#[derive(Debug, Clone, Serialize)]
pub struct OrgView {
    /// Name.
    pub name: String,
    /// Postal address lines.
    pub address: Vec<String>,
    /// Telephone, E.164.
    pub phone: Option<String>,
    /// Telephone grouped for people to dial (`+44 1632 960000`).
    pub phone_display: Option<String>,
    /// Fax, E.164.
    pub fax: Option<String>,
    /// Fax grouped for people to dial.
    pub fax_display: Option<String>,
    /// Email.
    pub email: String,
    /// Web site.
    pub web: Option<String>,
    /// What stands under the closing formula of the organisation's letters: the signatory's
    /// position and name (`signatory` in the settings), else the organisation's name.
    pub signature: Vec<String>,
}

/// A case's texts in one language.
#[derive(Debug, Clone, Serialize)]
pub struct CaseView {
    /// Slug.
    pub id: String,
    /// "UA 82/18".
    pub reference: String,
    /// "EUR 57/8298/2018".
    pub index: Option<String>,
    /// Issuing organisation, in this language when the case gives its name per language.
    pub organisation: String,
    /// new / update / stop-action / closure.
    pub kind: String,
    /// Update number.
    pub update: Option<u32>,
    /// Whether the document reports an outcome (stop action, closure): no call to act, no
    /// letters, no deadline (see [`crate::domain::life::kind`]).
    pub outcome: bool,
    /// Issue date, ISO.
    pub issued: Option<String>,
    /// Issue date in the language's running-text form.
    pub issued_text: Option<String>,
    /// Headline.
    pub title: String,
    /// The letter's subject (the case's, or built from the person's name).
    pub subject: String,
    /// The letters' opening, as paragraphs, in place of the fixed sentence (empty: the fixed
    /// one); the first alternative, or the one [`View::variant`] chose.
    pub opening: Vec<String>,
    /// Why the organisation is concerned, as paragraphs (may be empty); the first alternative,
    /// or the one [`View::variant`] chose.
    pub concern: Vec<String>,
    /// Every alternative of the varied texts, each as paragraphs; not part of the template
    /// context.
    #[serde(skip)]
    pub alternatives: AlternativeTexts,
    /// Whether letters call the person a prisoner of conscience.
    pub prisoner_of_conscience: bool,
    /// Summary paragraphs.
    pub summary: Vec<String>,
    /// What happened, as paragraphs.
    pub story: Vec<String>,
    /// Additional information, as paragraphs.
    pub additional: Vec<String>,
    /// The asks, in order.
    pub asks: Vec<String>,
    /// The people concerned.
    pub people: Vec<PersonView>,
    /// The first person (most cases concern one).
    pub person: PersonView,
    /// Further-information links.
    pub links: Vec<LinkView>,
    /// Whether to ask for copies to diplomatic representatives.
    pub diplomatic_copies: bool,
}

/// The alternatives of a case's varied texts in one language, each as paragraphs.
#[derive(Debug, Clone, Default)]
pub struct AlternativeTexts {
    /// The `opening`'s alternatives (none when the case gives none).
    pub opening: Vec<Vec<String>>,
    /// The `concern`'s alternatives (none when the case gives none).
    pub concern: Vec<Vec<String>>,
}

/// A person in one language.
#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    /// Full name.
    pub name: String,
    /// The full name as a direct object, where the language declines it with confidence
    /// (Kazakh: "Жанар Бәйтемірованы"); else the name as it is.
    pub name_accusative: String,
    /// female / male / other.
    pub gender: String,
    /// Age in years.
    pub age: Option<u32>,
    /// Occupation.
    pub occupation: Option<String>,
    /// Home town or region.
    pub place: Option<String>,
}

/// A link.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Address.
    pub url: String,
    /// Label, when given.
    pub label: Option<String>,
}

/// The deadline in one language.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineView {
    /// Send-before date, ISO.
    pub send_before: String,
    /// Send-before date in the language's running-text form.
    pub send_before_text: String,
    /// "Before the send-before date", as the language builds it (kk declines the month).
    pub before_text: String,
    /// The last day to send (the day before `send_before`), running-text form: where a
    /// language's "until" reads as inclusive (ru "до"), the text names this day too.
    pub last_day_text: String,
    /// Days from today to the send-before date.
    pub days_left: i64,
    /// Whether the deadline has passed (days_left <= 0).
    pub passed: bool,
    /// IANA time zone.
    pub time_zone: String,
    /// How a counted deadline was reached, in the language; `None` for a fixed date.
    pub explanation: Option<String>,
}

/// A resolved target or copy recipient in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Recipient {
    /// Directory role id.
    pub role: String,
    /// Role id as a file-name slug (`kz-prosecutor-general`).
    pub slug: String,
    /// Official title.
    pub title: String,
    /// Title in the recipient-block form (dative in ru and kk).
    pub title_to: String,
    /// Holder's name on the letter's date; `None` when not known.
    pub name: Option<String>,
    /// Holder's name in recipient-block form.
    pub name_to: Option<String>,
    /// Holder's gender (female / male / other).
    pub gender: String,
    /// Postal address lines (empty when unknown).
    pub address: Vec<String>,
    /// Fax, E.164.
    pub fax: Option<String>,
    /// Fax grouped for people to dial (`+7 7172 50-64-02`).
    pub fax_display: Option<String>,
    /// Email addresses.
    pub emails: Vec<String>,
    /// Web site.
    pub web: Option<String>,
    /// Salutation, bare ("Dear Prosecutor General", "Уважаемый господин Кожамжаров").
    pub salutation: String,
    /// Salutation as a letter opens with it, with the language's punctuation ("Dear …," / "…!").
    pub salutation_line: String,
}

impl Recipient {
    /// How the recipient is named in a mail header or a list: "Title, Name", or the title
    /// alone when no holder is named.
    pub fn display_name(&self) -> String {
        match &self.name {
            Some(name) => format!("{}, {name}", self.title),
            None => self.title.clone(),
        }
    }
}
