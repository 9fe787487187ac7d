//! A case file as `appeal new` writes it: every field present with a comment over it, so a
//! campaigner fills in values instead of looking up field names, and `appeal check` lists the
//! empty ones.

use crate::load::Project;
use crate::load::write::{Yaml, quoted, quoted_if_needed};
use crate::model::{Case, CaseStatus, Issuer};

/// The case as a YAML file, a comment over every field; `follows` names the document it was
/// started from.
pub fn annotated(project: &Project, c: &Case, follows: Option<&str>) -> String {
    let mut y = Yaml::default();
    heading(&mut y, follows);
    identity(&mut y, c);
    chain(&mut y, c);
    scope(&mut y, c);
    headline(&mut y, c);
    people(&mut y, c);
    story(&mut y, c);
    addressees(&mut y, project, c);
    deadline(&mut y, project);
    links(&mut y, c);
    translated_from(&mut y, c);
    y.out
}

/// The comment at the top: what to do with the file.
fn heading(y: &mut Yaml, follows: Option<&str>) {
    match follows {
        Some(prev) => y.comment(0, &format!("The document after `{prev}`, started by `appeal new --follows {prev}`: its reference, people, targets and texts are copied. Check each text listed in `review` against the new document, fill in the empty values, and run `appeal check`: it lists what is left, one line each. Fields: README, \"A case, annotated\".")),
        None => y.comment(0, "A new case, started by `appeal new`. Fill in the empty values (\"\" and blanks) and run `appeal check`: it lists what is left, one line each. Fields: README, \"A case, annotated\"."),
    }
}

/// What the document is: id, reference, index, issuer.
fn identity(y: &mut Yaml, c: &Case) {
    let langs = &c.languages;
    y.comment(
        0,
        "The id: names this file, the output folders, and the case on the command line.",
    );
    y.plain(0, "id", &c.id);
    y.comment(
        0,
        "The public reference every document of the action shares, e.g. \"UA 82/18\".",
    );
    y.text(0, "reference", &c.reference);
    y.comment(
        0,
        "The issuing organisation's document index, e.g. \"EUR 57/8298/2018\"; may stay empty.",
    );
    y.opt_text(0, "index", c.index.as_deref());
    y.comment(
        0,
        "Who issued the action: Amnesty International, Front Line Defenders, ...; one name, or a name per language ({en: …, ru: …, kk: …}).",
    );
    match &c.organisation {
        Issuer::Name(name) => y.text(0, "organisation", name),
        Issuer::Names(names) => y.texts(0, "organisation", names, langs),
    }
}

/// Where it stands in its action: kind, update number, the document it follows, texts to review.
fn chain(y: &mut Yaml, c: &Case) {
    y.comment(
        0,
        "new (the first document), update, stop-action (no more appeals) or closure.",
    );
    y.plain(0, "kind", c.kind.as_str());
    y.comment(
        0,
        "The update number, for kind: update (1 for the first update).",
    );
    y.opt_plain(0, "update", c.update.map(|n| n.to_string()).as_deref());
    y.comment(
        0,
        "The id of the document this one follows, when that one is in appeals/cases/.",
    );
    y.opt_plain(0, "follows", c.follows.as_deref());
    if !c.review.is_empty() {
        y.comment(0, "Texts copied from the previous document: check each against this one, then remove it here.");
        y.line(0, &format!("review: [{}]", c.review.join(", ")));
    }
}

/// When and where: issue date, country, status, languages.
fn scope(y: &mut Yaml, c: &Case) {
    let langs = &c.languages;
    y.comment(
        0,
        "The date the document was issued (YYYY-MM-DD); counted deadlines start from it.",
    );
    y.opt_plain(0, "issued", c.issued.map(|d| d.to_string()).as_deref());
    y.comment(
        0,
        "ISO 3166 code of the country the action concerns, e.g. KZ.",
    );
    y.line(0, &format!("country: {}", quoted_if_needed(&c.country)));
    y.comment(
        0,
        "open while campaigners should act on it; closed when no more action is needed.",
    );
    y.plain(
        0,
        "status",
        match c.status {
            CaseStatus::Open => "open",
            CaseStatus::Closed => "closed",
        },
    );
    y.comment(
        0,
        "The languages the texts are written in; authorities are addressed in one of them.",
    );
    y.line(0, &format!("languages: [{}]", langs.join(", ")));
    y.comment(0, "The language the texts are written in first and translated from; empty: the first of `languages`.");
    y.opt_plain(0, "source_language", c.source_language.as_deref());
}

/// The texts letters open with: title, subject, concern, summary.
fn headline(y: &mut Yaml, c: &Case) {
    let langs = &c.languages;
    y.comment(0, "The headline, per language.");
    y.texts(0, "title", &c.title, langs);
    y.comment(0, "The letters' subject line, in the register of official letters; empty: built from the person's name.");
    y.texts(0, "subject", &c.subject, langs);
    y.comment(0, "The letters' first sentence, in place of the fixed one; may stay empty. Like `concern`: no \"I\" or");
    y.comment(
        0,
        "\"we\", and a list of alternatives ([A, B]) gives each supporter's letter one of them.",
    );
    y.alternatives(0, "opening", &c.opening, langs);
    y.comment(0, "Why the organisation is concerned, a paragraph after the summary in letters; may stay empty.");
    y.comment(
        0,
        "A list of alternatives ([A, B], as many in each language) varies the supporters' letters.",
    );
    y.alternatives(0, "concern", &c.concern, langs);
    y.comment(
        0,
        "true if the organisation calls the person a prisoner of conscience (letters then say so).",
    );
    y.plain(
        0,
        "prisoner_of_conscience",
        &c.prisoner_of_conscience.to_string(),
    );
    y.comment(0, "The lead paragraph. For paragraphs, write `en: |` and the text below it, indented, a blank line between paragraphs.");
    y.texts(0, "summary", &c.summary, langs);
}

/// The people at risk.
fn people(y: &mut Yaml, c: &Case) {
    let langs = &c.languages;
    y.comment(0, "The people at risk.");
    y.line(0, "people:");
    for person in &c.people {
        y.comment(2, "Full name, per language.");
        y.texts_item(2, "name", &person.name, langs);
        y.comment(
            4,
            "female, male or other: decides agreement in letters (задержан / задержана).",
        );
        y.plain(4, "gender", person.gender.as_str());
        y.comment(4, "Age in years at the document's date; may stay empty.");
        y.opt_plain(4, "age", person.age.map(|n| n.to_string()).as_deref());
        y.comment(
            4,
            "Occupation, per language, e.g. \"blogger and civil activist\"; may stay empty.",
        );
        y.texts(4, "occupation", &person.occupation, langs);
        y.comment(4, "Home town or region, per language; may stay empty.");
        y.texts(4, "place", &person.place, langs);
    }
}

/// What happened, the background, and the asks.
fn story(y: &mut Yaml, c: &Case) {
    let langs = &c.languages;
    y.comment(
        0,
        "What happened, per language; paragraphs separated by blank lines.",
    );
    y.texts(0, "story", &c.story, langs);
    y.comment(
        0,
        "Additional information (background), per language; may stay empty.",
    );
    y.texts(0, "additional", &c.additional, langs);
    y.comment(0, "The asks, each completing \"we ask you to …\" (en a verb phrase, ru an infinitive, kk a verbal noun), no final full stop.");
    y.line(0, "asks:");
    for ask in &c.asks {
        y.texts_item(2, "", ask, langs);
    }
}

/// Who is written to and copied; with no targets yet, a few of the directory's roles as examples.
fn addressees(y: &mut Yaml, project: &Project, c: &Case) {
    let examples: Vec<(&String, String)> = project
        .authorities
        .iter()
        .take(4)
        .map(|(role, a)| {
            let title = a
                .value
                .title
                .get(&project.campaign.value.default_language)
                .or_else(|| a.value.title.values().next())
                .cloned()
                .unwrap_or_default();
            (role, title)
        })
        .collect();
    y.comment(
        0,
        "The authorities to write to, by role: the files under appeals/authorities/.",
    );
    y.refs(0, "targets", &c.targets, &examples);
    y.comment(0, "Authorities that get a copy, by role; may stay empty.");
    y.refs(0, "copies", &c.copies, &[]);
    y.comment(
        0,
        "true to ask readers to copy Kazakhstan's diplomats accredited to their country.",
    );
    y.plain(0, "diplomatic_copies", &c.diplomatic_copies.to_string());
}

/// The deadline: left to fill in, with a counted rule as a commented example.
fn deadline(y: &mut Yaml, project: &Project) {
    y.comment(0, "When appeals must be sent by.");
    y.line(0, "deadline:");
    y.comment(
        2,
        "Appeals must be sent before this date (YYYY-MM-DD); the date itself is too late.",
    );
    y.line(2, "send_before:");
    let calendar = project.calendars.keys().next().map_or("kz", String::as_str);
    y.comment(2, &format!("Or, instead of send_before, a rule counted from `issued`, e.g. working days skipping appeals/calendars/{calendar}.yaml's holidays:"));
    y.comment(2, "working_days: 30");
    y.comment(2, &format!("calendar: {calendar}"));
}

/// Links to the published documents.
fn links(y: &mut Yaml, c: &Case) {
    let langs = &c.languages;
    y.comment(0, "Further information: the published documents, e.g.");
    y.comment(0, "  - url: https://www.amnesty.org/en/documents/...");
    if c.links.is_empty() {
        y.line(0, "links: []");
    } else {
        y.line(0, "links:");
        for link in &c.links {
            y.line(2, &format!("- url: {}", quoted(&link.url)));
            if !link.label.is_empty() {
                y.texts(4, "label", &link.label, langs);
            }
        }
    }
}

/// The records of which source text each translation was made from.
fn translated_from(y: &mut Yaml, c: &Case) {
    y.comment(0, "Which source text each translation was made from: written by `appeal translations` (README, \"Translating a case\").");
    if c.translated_from.is_empty() {
        y.line(0, "translated_from: {}");
    } else {
        y.line(0, "translated_from:");
        for (lang, fields) in &c.translated_from {
            y.line(2, &format!("{lang}:"));
            for (field, print) in fields {
                y.line(4, &format!("{field}: {}", quoted(&print.0)));
            }
        }
    }
}
