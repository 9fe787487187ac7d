//! Who a recipient names, and in which spelling: the holder the tenure rule gives on the
//! letter's date, with their name as a reader of the letter's language can read it.

use crate::domain::decline;
use crate::domain::resolve::addressee::{addressee, unnamed_warning};
use crate::domain::resolve::context::Context;
use crate::domain::resolve::fallbacks::name_fallbacks;
use crate::error::Problem;
use crate::load::Doc;
use crate::model::{Authority, Gender, Holder};
use chrono::NaiveDate;

/// How a recipient is addressed: whether the holder is named, and which day's title it gets.
/// Letters sent today name today's holder under today's title; the documents used until the
/// deadline (UA, alerts, site) address by title alone a holder who changes before it, and
/// give the title in force on the last day to send when it changes before then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Naming {
    /// Whether the holder on the letter's date is named (when one is attested).
    pub(super) holder: bool,
    /// The day whose title is used.
    pub(super) title_on: NaiveDate,
}

/// A recipient being resolved: the directory entry as titled on the letter's date, and the
/// holder it names.
pub(super) struct Addressed<'a> {
    /// The directory file, where warnings and errors about the recipient point.
    pub(super) doc: &'a Doc<Authority>,
    /// The entry with the title in force on the letter's date.
    pub(super) entry: Authority,
    /// The official title in the letter's language.
    pub(super) title: String,
    /// The holder named, when one is.
    pub(super) holder: Option<&'a Holder>,
    /// The holder's index and the language of the spelling the letter uses, when it has one.
    pub(super) spelled: Option<(usize, &'a str)>,
    /// The holder's name as the letter shows it.
    pub(super) name: Option<String>,
}

impl Addressed<'_> {
    /// The holder's gender, `Other` when no holder is named or it is not known.
    pub(super) fn gender(&self) -> Gender {
        self.holder
            .map_or(Gender::Other, |h| h.gender.unwrap_or(Gender::Other))
    }
}

/// Who the letter names for `authority` on the context's date, and in which spelling, under
/// the title `naming` says; a naming without the holder names nobody. Warns when the tenure
/// rule names nobody, and when the name has no spelling a letter in its language can use.
pub(super) fn addressed<'a>(
    cx: &Context<'a>,
    authority: &'a Doc<Authority>,
    naming: Naming,
    warnings: &mut Vec<Problem>,
) -> Result<Addressed<'a>, String> {
    let entry = authority.value.titled_on(naming.title_on);
    let title = cx
        .pick(&entry.title)
        .cloned()
        .unwrap_or_else(|| entry.role.clone());
    let on_date = addressee(cx.project, &authority.value, cx.date);
    if on_date.holder.is_none() {
        warnings.push(unnamed_warning(authority, &on_date, cx.date));
    }
    let found = on_date.holder.filter(|_| naming.holder);
    let spelled = spelling(cx, authority, &entry.role, found, warnings)?;
    let name = found.zip(spelled).map(|((_, h), (_, l))| h.name[l].clone());
    Ok(Addressed {
        doc: authority,
        entry,
        title,
        holder: found.map(|(_, h)| h),
        spelled,
        name,
    })
}

/// The language of the spelling of the holder's name that a letter in the context's language
/// can use, with the holder's index; a warning when there is none.
fn spelling<'a>(
    cx: &Context,
    authority: &Doc<Authority>,
    role: &str,
    found: Option<(usize, &'a Holder)>,
    warnings: &mut Vec<Problem>,
) -> Result<Option<(usize, &'a str)>, String> {
    let lang = cx.lang;
    let name_fb = name_fallbacks(cx.locales, lang, cx.fb)?;
    let name_fb: Vec<&str> = name_fb.iter().map(String::as_str).collect();
    Ok(found.and_then(|(i, h)| {
        let spelled = decline::spelling(h, lang, &name_fb);
        // Another language's spelling is on the directory's to-do (`check`, `who`), not a
        // warning on every command; no spelling at all changes the letter, and is one.
        if spelled.is_none() {
            warnings.push(authority.warning(
                &format!("holders.{i}.name"),
                format!("no {lang} spelling of the name of `{role}`'s holder that a {lang} letter can use: it addresses the title alone; add `{lang}:` with its source"),
            ));
        }
        spelled.map(|(l, _)| (i, l))
    }))
}
