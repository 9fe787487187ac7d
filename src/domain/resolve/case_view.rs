//! The case's texts in one language: headline, subject, paragraphs, asks, the people
//! concerned, links.

use crate::domain::life::Purpose;
use crate::domain::resolve::context::Context;
use crate::domain::resolve::views::{AlternativeTexts, CaseView, LinkView, PersonView};
use crate::i18n::{Arg, DateForm};
use crate::model::text::paragraphs;
use crate::model::{Alternatives, Case, Gender};

/// The case in the context's language; `Err` is a Fluent message that failed.
pub(super) fn case_view(cx: &Context, c: &Case) -> Result<CaseView, String> {
    let people = people(cx, c);
    let alternatives = AlternativeTexts {
        opening: alternatives(cx, &c.opening),
        concern: alternatives(cx, &c.concern),
    };
    Ok(CaseView {
        id: c.id.clone(),
        reference: c.reference.clone(),
        index: c.index.clone(),
        organisation: c.organisation.in_language(cx.lang).to_string(),
        kind: c.kind.as_str().to_string(),
        update: c.update,
        outcome: Purpose::of(c).reports_outcome(),
        issued: c.issued.map(|d| d.to_string()),
        issued_text: match c.issued {
            Some(d) => Some(cx.date_text(d, DateForm::Long)?),
            None => None,
        },
        title: cx.text(&c.title),
        subject: match cx.pick(&c.subject) {
            Some(s) => s.clone(),
            None => default_subject(cx, c, &people)?,
        },
        opening: alternatives.opening.first().cloned().unwrap_or_default(),
        concern: alternatives.concern.first().cloned().unwrap_or_default(),
        alternatives,
        prisoner_of_conscience: c.prisoner_of_conscience,
        summary: paragraphs(&cx.text(&c.summary)),
        story: paragraphs(&cx.text(&c.story)),
        additional: paragraphs(&cx.text(&c.additional)),
        // Templates punctuate the list (";" between asks, "." after the last).
        asks: c
            .asks
            .iter()
            .map(|a| cx.text(a).trim_end_matches(['.', ';', ' ']).to_string())
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
                label: cx.pick(&l.label).cloned(),
            })
            .collect(),
        diplomatic_copies: c.diplomatic_copies,
    })
}

/// A varied text's alternatives in the context's language (falling back as every text does),
/// each as paragraphs.
fn alternatives(cx: &Context, map: &Alternatives) -> Vec<Vec<String>> {
    cx.pick(map)
        .map(|choices| choices.items().iter().map(|t| paragraphs(t)).collect())
        .unwrap_or_default()
}

/// The people concerned, each with the name as a direct object where the language declines it.
fn people(cx: &Context, c: &Case) -> Vec<PersonView> {
    c.people
        .iter()
        .map(|p| PersonView {
            name_accusative: {
                let name = cx.text(&p.name);
                match cx.lang {
                    "kk" => crate::domain::decline::kk_accusative_name(&name),
                    _ => None,
                }
                .unwrap_or(name)
            },
            name: cx.text(&p.name),
            gender: p.gender.as_str().to_string(),
            age: p.age,
            occupation: cx.pick(&p.occupation).cloned(),
            place: cx.pick(&p.place).cloned(),
        })
        .collect()
}

/// The letters' subject when the case gives none: `letter-subject-default` with the first
/// person's name, and its genitive where the rules give a confident one (Russian: "По делу
/// Бауыржана Улгилова"); `$genitive` says which, so the message can fall back to a nominative
/// phrasing ("Обращение по делу: …").
fn default_subject(cx: &Context, c: &Case, people: &[PersonView]) -> Result<String, String> {
    let name = people.first().map(|p| p.name.clone()).unwrap_or_default();
    let gender = c.people.first().map_or(Gender::Other, |p| p.gender);
    let genitive = match cx.lang {
        "ru" => crate::domain::decline::ru_genitive_name(&name, gender),
        _ => None,
    };
    cx.locales.format(
        cx.lang,
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
