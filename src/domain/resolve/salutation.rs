//! How a letter greets its recipient: a salutation the case or the directory gives, else one
//! the locale builds from the holder's name or from the title.

use crate::domain::resolve::context::Context;
use crate::domain::resolve::naming::Addressed;
use crate::i18n::Arg;
use crate::model::TargetRef;

/// The salutation, bare (for the UA's "Salutation:" line) and as a letter opens with it;
/// `Err` is a Fluent message that failed.
pub(super) fn salutation(
    cx: &Context,
    addressed: &Addressed,
    target: &TargetRef,
) -> Result<(String, String), String> {
    let lang = cx.lang;
    let holder = addressed.holder;
    let given = [
        target.salutation.get(lang),
        holder.and_then(|h| h.salutation.get(lang)),
        addressed
            .entry
            .salutation
            .get(lang)
            .filter(|_| holder.is_none_or(|h| h.salutation.is_empty())),
    ];
    // Russian and Kazakh official letters greet a person by first name and patronymic
    // ("Уважаемый Аскар Оразалиевич!"), English by surname; a locale says which
    // (`salutation-style`). Without a sourced patronymic, the letter greets the office.
    let by_patronymic = cx.locales.format(lang, "salutation-style", &[])?.trim() == "patronymic";
    let salutation = match given.into_iter().flatten().next() {
        Some(s) => s.clone(),
        None => composed(cx, addressed, by_patronymic)?,
    };
    // One form whatever the source (directory, case, Fluent): bare for the UA's "Salutation:"
    // line, with the locale's own punctuation in letters.
    let salutation = salutation
        .trim_end_matches(['!', ',', '.', ' '])
        .to_string();
    let salutation_line = format!(
        "{salutation}{}",
        cx.locales.format(lang, "salutation-end", &[])?
    );
    Ok((salutation, salutation_line))
}

/// The locale's salutation: by the holder's name (`salutation-person`) when the letter has
/// every part of it the language greets by, else by the title (`salutation-role`).
fn composed(cx: &Context, addressed: &Addressed, by_patronymic: bool) -> Result<String, String> {
    let lang = cx.lang;
    let holder = addressed.holder;
    let gender = addressed.gender();
    // A salutation by name only in the letter's own spelling: "Уважаемый господин Abdrakhmanov!"
    // reads worse than addressing the office.
    let surname = holder.filter(|h| h.name.contains_key(lang)).and_then(|h| {
        h.surname.get(lang).cloned().or_else(|| {
            h.name
                .get(lang)
                .and_then(|n| n.split_whitespace().last().map(str::to_string))
        })
    });
    let first = holder
        .filter(|h| h.name.contains_key(lang))
        .and_then(|h| h.name.get(lang))
        .and_then(|n| n.split_whitespace().next().map(str::to_string));
    let patronymic = holder.and_then(|h| h.patronymic.get(lang).cloned());
    let person = match (&addressed.name, &surname) {
        (Some(_), Some(_)) if by_patronymic => first.is_some() && patronymic.is_some(),
        (Some(_), Some(_)) => true,
        _ => false,
    };
    match (&addressed.name, &surname) {
        (Some(name), Some(surname)) if person => cx.locales.format(
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
        ),
        _ => {
            let a = &addressed.entry;
            cx.locales.format(
                lang,
                "salutation-role",
                &[
                    (
                        "title",
                        Arg::Text(
                            cx.pick(&a.short_title)
                                .cloned()
                                .unwrap_or_else(|| addressed.title.clone()),
                        ),
                    ),
                    ("title_gender", Arg::Text(a.title_gender.as_str().into())),
                    // The holder's own gender, when known: a woman holding a title of
                    // masculine gender is "Уважаемая госпожа Уполномоченный".
                    ("gender", Arg::Text(gender.as_str().into())),
                ],
            )
        }
    }
}
