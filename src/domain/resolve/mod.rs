//! Resolution: case × directory × date × language → the view that templates render. Picks who
//! held each target role on the letter's date, the salutation, the contact facts, and
//! formats dates; everything a renderer needs is in [`View`].

use crate::domain::deadline;
use crate::domain::tenure;
use crate::error::Problem;
use crate::i18n::{Arg, DateForm, Locales};
use crate::load::{Doc, Project};
use crate::model::text::{paragraphs, pick};
use crate::model::{Authority, Case, Gender, Holder, Localized, LocalizedLines, TargetRef};
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
    /// Issue date, ISO.
    pub issued: Option<String>,
    /// Issue date in the language's running-text form.
    pub issued_text: Option<String>,
    /// Headline.
    pub title: String,
    /// The letter's subject (the case's, or built from the person's name).
    pub subject: String,
    /// Why the organisation is concerned, as paragraphs (may be empty).
    pub concern: Vec<String>,
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

/// Languages a locale falls back to for names and addresses missing in it: the locale's own
/// `language-fallbacks` message (e.g. kk → ru, en), else the campaign's default language.
pub fn fallbacks(locales: &Locales, lang: &str, default: &str) -> Vec<String> {
    let listed = locales
        .format(lang, "language-fallbacks", &[])
        .unwrap_or_default();
    let mut out: Vec<String> = listed
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if !out.iter().any(|l| l == default) {
        out.push(default.to_string());
    }
    out.retain(|l| l != lang);
    out
}

/// The letters' subject when the case gives none: `letter-subject-default` with the first
/// person's name, and its genitive where the rules give a confident one (Russian: "По делу
/// Бауыржана Улгилова"); `$genitive` says which, so the message can fall back to a nominative
/// phrasing ("Обращение по делу: …").
fn default_subject(
    locales: &Locales,
    lang: &str,
    c: &Case,
    people: &[PersonView],
) -> Result<String, String> {
    let name = people.first().map(|p| p.name.clone()).unwrap_or_default();
    let gender = c.people.first().map_or(Gender::Other, |p| p.gender);
    let genitive = match lang {
        "ru" => crate::domain::decline::ru_genitive_name(&name, gender),
        _ => None,
    };
    locales.format(
        lang,
        "letter-subject-default",
        &[
            (
                "genitive",
                if genitive.is_some() { "yes" } else { "no" }.into(),
            ),
            (
                "name_genitive",
                Arg::Text(genitive.unwrap_or_else(|| name.clone())),
            ),
            ("name", Arg::Text(name)),
        ],
    )
}

/// Resolves a case for one language on `date`. Warnings (unknown holder, names missing in the
/// language) are pushed to `warnings`; errors (a Fluent message missing) are returned.
pub fn view(
    project: &Project,
    locales: &Locales,
    case: &Doc<Case>,
    lang: &str,
    date: NaiveDate,
    warnings: &mut Vec<Problem>,
) -> Result<View, Problem> {
    let campaign = &project.campaign.value;
    let fb = fallbacks(locales, lang, &campaign.default_language);
    let fb: Vec<&str> = fb.iter().map(String::as_str).collect();
    let c = &case.value;
    let text = |m: &Localized| pick(m, lang, &fb).cloned().unwrap_or_default();
    let fluent_err = |e: String| case.error("", e);
    let people: Vec<PersonView> = c
        .people
        .iter()
        .map(|p| PersonView {
            name_accusative: {
                let name = text(&p.name);
                match lang {
                    "kk" => crate::domain::decline::kk_accusative_name(&name),
                    _ => None,
                }
                .unwrap_or(name)
            },
            name: text(&p.name),
            gender: p.gender.as_str().to_string(),
            age: p.age,
            occupation: pick(&p.occupation, lang, &fb).cloned(),
            place: pick(&p.place, lang, &fb).cloned(),
        })
        .collect();
    let mut last_day = None;
    let deadline = match deadline::resolve(project, case) {
        Ok(Some(d)) => {
            last_day = d.send_before.pred_opt();
            let explanation = match &d.rule {
                None => None,
                Some(rule) => Some(explain(locales, lang, &d, rule).map_err(fluent_err)?),
            };
            let left = deadline::days_left(&d, date);
            Some(DeadlineView {
                send_before: d.send_before.to_string(),
                send_before_text: locales
                    .date(lang, d.send_before, DateForm::Long)
                    .map_err(fluent_err)?,
                before_text: locales
                    .date(lang, d.send_before, DateForm::Before)
                    .map_err(fluent_err)?,
                last_day_text: locales
                    .date(
                        lang,
                        d.send_before.pred_opt().unwrap_or(d.send_before),
                        DateForm::Long,
                    )
                    .map_err(fluent_err)?,
                days_left: left,
                passed: left <= 0,
                time_zone: d.time_zone.name().to_string(),
                explanation,
            })
        }
        Ok(None) => None,
        Err((path, message)) => return Err(case.error(&path, message)),
    };
    // Targets whose addressee changes before the last day to send: letters sent today name
    // today's holder; the UA and the supporter alerts, used until the deadline, the title alone.
    let changes = match last_day {
        Some(last) if last > date => changes_between(project, c, date, last),
        _ => Vec::new(),
    };
    for ch in &changes {
        let today_letters = if ch.now == TITLE_ALONE {
            "address the title alone".to_string()
        } else {
            format!("name {}", ch.now)
        };
        warnings.push(case.warning(
            &format!("{}.{}.role", ch.field, ch.index),
            format!(
                "{}: the addressee changes before the deadline: {} on {date}, {} on {} ({}); letters sent today {today_letters}, the UA and supporter alerts address the title alone",
                ch.role, ch.now, ch.then, ch.on, ch.basis
            ),
        ));
    }
    let resolve_all = |refs: &[TargetRef],
                       field: &str,
                       public: bool,
                       warnings: &mut Vec<Problem>|
     -> Result<Vec<Recipient>, Problem> {
        refs.iter()
            .enumerate()
            .map(|(i, r)| {
                let authority = project.authorities.get(&r.role).ok_or_else(|| {
                    case.error(
                        &format!("{field}.{i}.role"),
                        format!("unknown role `{}`", r.role),
                    )
                })?;
                let naming = if public && changes.iter().any(|ch| ch.role == r.role) {
                    Naming::TitleOnly
                } else {
                    Naming::Holder
                };
                recipient(
                    project, locales, authority, r, lang, &fb, date, naming, warnings,
                )
            })
            .collect()
    };
    let targets = resolve_all(&c.targets, "targets", false, warnings)?;
    let copies = resolve_all(&c.copies, "copies", false, warnings)?;
    let public = if changes.is_empty() {
        None
    } else {
        Some(Box::new((
            resolve_all(&c.targets, "targets", true, warnings)?,
            resolve_all(&c.copies, "copies", true, warnings)?,
        )))
    };
    let org = &campaign.organisation;
    Ok(View {
        lang: lang.to_string(),
        today: date,
        org: OrgView {
            name: text(&org.name),
            address: lines(&org.address, lang, &fb),
            phone: org.phone.clone(),
            phone_display: org.phone.as_deref().map(crate::domain::phone::human_number),
            fax: org.fax.clone(),
            fax_display: org.fax.as_deref().map(crate::domain::phone::human_number),
            email: org.email.clone(),
            web: org.web.clone(),
        },
        case: CaseView {
            id: c.id.clone(),
            reference: c.reference.clone(),
            index: c.index.clone(),
            organisation: c.organisation.in_language(lang).to_string(),
            kind: c.kind.as_str().to_string(),
            update: c.update,
            issued: c.issued.map(|d| d.to_string()),
            issued_text: match c.issued {
                Some(d) => Some(locales.date(lang, d, DateForm::Long).map_err(fluent_err)?),
                None => None,
            },
            title: text(&c.title),
            subject: match pick(&c.subject, lang, &fb) {
                Some(s) => s.clone(),
                None => default_subject(locales, lang, c, &people).map_err(fluent_err)?,
            },
            concern: paragraphs(&text(&c.concern)),
            prisoner_of_conscience: c.prisoner_of_conscience,
            summary: paragraphs(&text(&c.summary)),
            story: paragraphs(&text(&c.story)),
            additional: paragraphs(&text(&c.additional)),
            // Templates punctuate the list (";" between asks, "." after the last).
            asks: c
                .asks
                .iter()
                .map(|a| text(a).trim_end_matches(['.', ';', ' ']).to_string())
                .collect(),
            person: people.first().cloned().unwrap_or(PersonView {
                name: String::new(),
                name_accusative: String::new(),
                gender: Gender::Other.as_str().into(),
                age: None,
                occupation: None,
                place: None,
            }),
            people,
            links: c
                .links
                .iter()
                .map(|l| LinkView {
                    url: l.url.clone(),
                    label: pick(&l.label, lang, &fb).cloned(),
                })
                .collect(),
            diplomatic_copies: c.diplomatic_copies,
        },
        deadline,
        targets,
        copies,
        public,
    })
}

/// A case target (or copy) whose addressee differs between two days.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// The role.
    pub role: String,
    /// `targets` or `copies`.
    pub field: &'static str,
    /// Index in that list.
    pub index: usize,
    /// Who is addressed on the first day ("Murat Nurtleu", or "the title alone").
    pub now: String,
    /// Who is addressed on the later day.
    pub then: String,
    /// The later day.
    pub on: NaiveDate,
    /// The basis on the later day (`from-to`, `seen`, `unattested-since:…`, `ended-by:…`).
    pub basis: String,
}

/// How [`addressed_as`] describes a letter without a name.
pub const TITLE_ALONE: &str = "the title alone";

/// How a letter on `date` addresses the role: the holder's name, or "the title alone".
pub fn addressed_as(found: &tenure::Addressee) -> String {
    found
        .holder
        .map_or_else(|| TITLE_ALONE.to_string(), |(_, h)| display_name(h))
}

/// The case's targets and copies whose addressee on `later` differs from that on `date`.
pub fn changes_between(
    project: &Project,
    case: &Case,
    date: NaiveDate,
    later: NaiveDate,
) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    for (field, refs) in [("targets", &case.targets), ("copies", &case.copies)] {
        for (index, r) in refs.iter().enumerate() {
            let Some(authority) = project.authorities.get(&r.role) else {
                continue;
            };
            let now = addressee(project, &authority.value, date);
            let then = addressee(project, &authority.value, later);
            if now.index() != then.index() && !out.iter().any(|c| c.role == r.role) {
                out.push(Change {
                    role: r.role.clone(),
                    field,
                    index,
                    now: addressed_as(&now),
                    then: addressed_as(&then),
                    on: later,
                    basis: then.basis.to_string(),
                });
            }
        }
    }
    out
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

impl View {
    /// The view as the UA and the supporter alerts use it: a target whose holder changes
    /// before the deadline is addressed by title alone.
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

fn explain(
    locales: &Locales,
    lang: &str,
    d: &deadline::Resolved,
    rule: &deadline::RuleTrace,
) -> Result<String, String> {
    let list = |days: &[NaiveDate]| -> Result<String, String> {
        Ok(days
            .iter()
            .map(|day| locales.date(lang, *day, DateForm::Long))
            .collect::<Result<Vec<_>, _>>()?
            .join(", "))
    };
    let skipped = list(&rule.skipped)?;
    let moved = list(&rule.moved)?;
    let id = if rule.working {
        "deadline-rule-working"
    } else {
        "deadline-rule-calendar"
    };
    locales.format(
        lang,
        id,
        &[
            (
                "date",
                Arg::Text(locales.date(lang, d.send_before, DateForm::Long)?),
            ),
            ("count", Arg::Number(f64::from(rule.count))),
            (
                "from",
                Arg::Text(locales.date(lang, rule.from, DateForm::Long)?),
            ),
            ("skipped", Arg::Text(skipped)),
            ("skipped_count", Arg::Number(rule.skipped.len() as f64)),
            ("moved", Arg::Text(moved)),
            ("moved_count", Arg::Number(rule.moved.len() as f64)),
        ],
    )
}

fn lines(map: &LocalizedLines, lang: &str, fb: &[&str]) -> Vec<String> {
    pick(map, lang, fb).cloned().unwrap_or_default()
}

/// Who a letter dated `date` addresses for `authority`, by the tenure rule (see
/// [`crate::domain::tenure`]), with the project's events and attestation window.
pub fn addressee<'a>(
    project: &'a Project,
    authority: &'a Authority,
    date: NaiveDate,
) -> tenure::Addressee<'a> {
    tenure::addressee(
        authority,
        project.events(),
        project.campaign.value.attestation_months,
        date,
    )
}

/// A holder's name for messages: English, else any spelling.
pub fn display_name(h: &Holder) -> String {
    h.name
        .get("en")
        .or_else(|| h.name.values().next())
        .cloned()
        .unwrap_or_else(|| "the holder".into())
}

/// The warning for a letter that addresses `authority` by title alone on `date`: it cites the
/// event, or the last attestation and its source.
pub fn unnamed_warning(
    authority: &Doc<Authority>,
    found: &tenure::Addressee,
    date: NaiveDate,
) -> Problem {
    let role = &authority.value.role;
    let at = found
        .previous
        .map_or_else(|| "holders".to_string(), |(i, _)| format!("holders.{i}"));
    let name = found.previous.map(|(_, h)| display_name(h));
    let message = match (&found.basis, found.event, found.previous) {
        (tenure::Basis::EndedBy(_), Some(e), _) => format!(
            "{role}: holder may have changed since {} ({}, {}): the letter dated {date} addresses the title alone; a `seen` date after {} restores {}'s name",
            e.describe("en"),
            e.date,
            e.first_source(),
            e.date,
            name.as_deref().unwrap_or("the holder"),
        ),
        (tenure::Basis::UnattestedSince(_), _, Some((_, h)))
            if h.to.is_some_and(|t| t.last() < date) =>
        {
            format!(
                "{role}: {} left office on {}, and no source shows who held it on {date}: the letter addresses the title alone",
                display_name(h),
                h.to.map(|t| t.last()).unwrap_or(date),
            )
        }
        (tenure::Basis::UnattestedSince(_), _, Some(_)) => match &found.attested {
            Some(att) => format!(
                "{role}: holder may have changed: {} last attested {} ({}); the letter dated {date} addresses the title alone; add a newer `seen` date if a source shows them in office",
                name.as_deref().unwrap_or("the holder"),
                att.date,
                att.source,
            ),
            None => format!(
                "{role}: no source shows who held it on {date}: the letter addresses the title alone"
            ),
        },
        _ => format!(
            "who held `{role}` on {date} is not known from the sources; the letter addresses the role alone"
        ),
    };
    authority.warning(&at, message)
}

/// How a recipient is addressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Naming {
    /// The holder on the letter's date, when one is attested.
    Holder,
    /// The title alone (the holder changes before the deadline, for documents used until then).
    TitleOnly,
}

#[allow(clippy::too_many_arguments)]
fn recipient(
    project: &Project,
    locales: &Locales,
    authority: &Doc<Authority>,
    target: &TargetRef,
    lang: &str,
    fb: &[&str],
    date: NaiveDate,
    naming: Naming,
    warnings: &mut Vec<Problem>,
) -> Result<Recipient, Problem> {
    // The title in force on the letter's date.
    let a = &authority.value.titled_on(date);
    let fluent_err = |e: String| authority.error("", e);
    let title = pick(&a.title, lang, fb)
        .cloned()
        .unwrap_or_else(|| a.role.clone());
    let addressed = addressee(project, &authority.value, date);
    if addressed.holder.is_none() {
        warnings.push(unnamed_warning(authority, &addressed, date));
    }
    let found = addressed.holder.filter(|_| naming == Naming::Holder);
    let holder = found.map(|(_, h)| h);
    // Names fall back only to spellings a reader of the language can use (`name-fallbacks`:
    // a Kazakh letter may show the Russian form, never the English one).
    let name_fb: Vec<String> = if locales.has_message(lang, "name-fallbacks") {
        locales
            .format(lang, "name-fallbacks", &[])
            .map_err(fluent_err)?
            .split(',')
            .map(str::trim)
            .filter(|l| !l.is_empty() && *l != "none")
            .map(str::to_string)
            .collect()
    } else {
        fb.iter().map(|l| l.to_string()).collect()
    };
    let name_fb: Vec<&str> = name_fb.iter().map(String::as_str).collect();
    let spelled = found.and_then(|(i, h)| {
        let spelled = crate::domain::decline::spelling(h, lang, &name_fb);
        match spelled {
            Some((l, n)) if l != lang => warnings.push(authority.warning(
                &format!("holders.{i}.name"),
                format!("no sourced {lang} spelling of {n}'s name (`{}`): {lang} letters use the {l} form; add `{lang}:` with its source", a.role),
            )),
            None => warnings.push(authority.warning(
                &format!("holders.{i}.name"),
                format!("no {lang} spelling of the name of `{}`'s holder that a {lang} letter can use: it addresses the title alone; add `{lang}:` with its source", a.role),
            )),
            _ => {}
        }
        spelled.map(|(l, _)| (i, l))
    });
    let name = found.zip(spelled).map(|((_, h), (_, l))| h.name[l].clone());
    let style = locales
        .format(lang, "recipient-style", &[])
        .map_err(fluent_err)?;
    let declines = matches!(style.trim(), "dative" | "dative-name");
    let name_to = match (holder, spelled) {
        (Some(h), Some((i, l))) => match h.name_to.get(lang) {
            Some(given) => Some(given.clone()),
            None if declines => match crate::domain::decline::holder_dative(h, lang, l) {
                Ok(form) => Some(form),
                Err(why) => {
                    warnings.push(authority.warning(
                        &format!("holders.{i}"),
                        format!("{why}: {lang} letters to `{}` address the title alone; give `name_to: {{{lang}: …}}` to name the holder", a.role),
                    ));
                    None
                }
            },
            None => name.clone(),
        },
        _ => None,
    }
    // Whichever form, given or declined: initials stay on the surname's line.
    .map(|n| crate::domain::decline::bind_initials(&n));
    let gender = holder.map_or(Gender::Other, |h| h.gender.unwrap_or(Gender::Other));
    // A salutation by name only in the letter's own spelling: "Уважаемый господин Abdrakhmanov!"
    // reads worse than addressing the office.
    let surname = holder.filter(|h| h.name.contains_key(lang)).and_then(|h| {
        h.surname.get(lang).cloned().or_else(|| {
            h.name
                .get(lang)
                .and_then(|n| n.split_whitespace().last().map(str::to_string))
        })
    });
    let given = [
        target.salutation.get(lang),
        holder.and_then(|h| h.salutation.get(lang)),
        a.salutation
            .get(lang)
            .filter(|_| holder.is_none_or(|h| h.salutation.is_empty())),
    ];
    // Russian and Kazakh official letters greet a person by first name and patronymic
    // ("Уважаемый Аскар Оразалиевич!"), English by surname; a locale says which
    // (`salutation-style`). Without a sourced patronymic, the letter greets the office.
    let by_patronymic = locales
        .format(lang, "salutation-style", &[])
        .map_err(fluent_err)?
        .trim()
        == "patronymic";
    let first = holder
        .filter(|h| h.name.contains_key(lang))
        .and_then(|h| h.name.get(lang))
        .and_then(|n| n.split_whitespace().next().map(str::to_string));
    let patronymic = holder.and_then(|h| h.patronymic.get(lang).cloned());
    let person = match (&name, &surname) {
        (Some(_), Some(_)) if by_patronymic => first.is_some() && patronymic.is_some(),
        (Some(_), Some(_)) => true,
        _ => false,
    };
    let salutation = match given.into_iter().flatten().next() {
        Some(s) => s.clone(),
        None => match (&name, &surname) {
            (Some(name), Some(surname)) if person => locales
                .format(
                    lang,
                    "salutation-person",
                    &[
                        ("name", Arg::Text(name.clone())),
                        ("surname", Arg::Text(surname.clone())),
                        ("first", Arg::Text(first.clone().unwrap_or_default())),
                        (
                            "patronymic",
                            Arg::Text(patronymic.clone().unwrap_or_default()),
                        ),
                        ("gender", Arg::Text(gender.as_str().into())),
                    ],
                )
                .map_err(fluent_err)?,
            _ => locales
                .format(
                    lang,
                    "salutation-role",
                    &[
                        (
                            "title",
                            Arg::Text(
                                pick(&a.short_title, lang, fb)
                                    .cloned()
                                    .unwrap_or_else(|| title.clone()),
                            ),
                        ),
                        ("title_gender", Arg::Text(a.title_gender.as_str().into())),
                        // The holder's own gender, when known: a woman holding a title of
                        // masculine gender is "Уважаемая госпожа Уполномоченный".
                        ("gender", Arg::Text(gender.as_str().into())),
                    ],
                )
                .map_err(fluent_err)?,
        },
    };
    // How a recipient block declines: Russian puts title and name in the dative; Kazakh keeps
    // the title nominative before a dative name (and uses the dative title when no name is
    // known); English declines nothing. Each locale says which (`recipient-style`).
    let dative_title = a
        .title_to
        .get(lang)
        .cloned()
        .unwrap_or_else(|| title.clone());
    let title_to = match style.trim() {
        "dative" => dative_title,
        // Kazakh: a nominative title over a dative name, or the dative title alone.
        "dative-name" if name_to.is_none() => dative_title,
        _ => title.clone(),
    };
    // One form whatever the source (directory, case, Fluent): bare for the UA's "Salutation:"
    // line, with the locale's own punctuation in letters.
    let salutation = salutation
        .trim_end_matches(['!', ',', '.', ' '])
        .to_string();
    let salutation_line = format!(
        "{salutation}{}",
        locales
            .format(lang, "salutation-end", &[])
            .map_err(fluent_err)?
    );
    Ok(Recipient {
        role: a.role.clone(),
        slug: a.role.replace('/', "-"),
        title_to,
        title,
        name,
        name_to,
        gender: gender.as_str().into(),
        address: lines(&a.address, lang, fb),
        fax: target.fax.clone().or_else(|| a.fax.clone()),
        fax_display: target
            .fax
            .as_deref()
            .or(a.fax.as_deref())
            .map(crate::domain::phone::human_number),
        emails: target.emails.clone().unwrap_or_else(|| a.emails.clone()),
        web: a.web.clone(),
        salutation,
        salutation_line,
    })
}
