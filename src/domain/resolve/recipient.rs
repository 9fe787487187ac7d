//! One target or copy in one language on one day: the recipient block (title and name,
//! declined where the language declines them), the salutation, the contacts.

use crate::domain::decline;
use crate::domain::phone::human_number;
use crate::domain::resolve::context::Context;
use crate::domain::resolve::naming::{Addressed, Naming, addressed};
use crate::domain::resolve::salutation::salutation;
use crate::domain::resolve::views::Recipient;
use crate::error::Problem;
use crate::load::Doc;
use crate::model::{Authority, TargetRef};

/// Resolves `target` (its directory entry `authority`) for a letter in the context's language
/// and on its date. Warnings (nobody named, a spelling or a form missing) go to `warnings`;
/// a Fluent message that fails is the error.
pub(super) fn recipient(
    cx: &Context,
    authority: &Doc<Authority>,
    target: &TargetRef,
    naming: Naming,
    warnings: &mut Vec<Problem>,
) -> Result<Recipient, Problem> {
    let fluent_err = |e: String| authority.error("", e);
    let addressed = addressed(cx, authority, naming, warnings).map_err(fluent_err)?;
    // How a recipient block declines: Russian puts title and name in the dative; Kazakh keeps
    // the title nominative before a dative name (and uses the dative title when no name is
    // known); English declines nothing. Each locale says which (`recipient-style`).
    let style = cx
        .locales
        .format(cx.lang, "recipient-style", &[])
        .map_err(fluent_err)?;
    let declines = matches!(style.trim(), "dative" | "dative-name");
    let name_to = name_to(cx, &addressed, declines, warnings);
    let (salutation, salutation_line) = salutation(cx, &addressed, target).map_err(fluent_err)?;
    let dative_title = addressed
        .entry
        .title_to
        .get(cx.lang)
        .cloned()
        .unwrap_or_else(|| addressed.title.clone());
    let title_to = match style.trim() {
        "dative" => dative_title,
        // Kazakh: a nominative title over a dative name, or the dative title alone.
        "dative-name" if name_to.is_none() => dative_title,
        _ => addressed.title.clone(),
    };
    let gender = addressed.gender();
    let a = &addressed.entry;
    Ok(Recipient {
        role: a.role.clone(),
        slug: a.role.replace('/', "-"),
        title_to,
        title: addressed.title,
        name: addressed.name,
        name_to,
        gender: gender.as_str().into(),
        address: cx.text(&a.address),
        fax: target.fax.clone().or_else(|| a.fax.clone()),
        fax_display: target.fax.as_deref().or(a.fax.as_deref()).map(human_number),
        emails: target.emails.clone().unwrap_or_else(|| a.emails.clone()),
        web: a.web.clone(),
        salutation,
        salutation_line,
    })
}

/// The holder's name in the recipient block: as the directory gives it (`name_to`), else
/// declined where the language `declines` names, else as the letter names them. A name the
/// rules cannot decline with confidence is left out, with a warning: the block then shows
/// the title alone.
fn name_to(
    cx: &Context,
    addressed: &Addressed,
    declines: bool,
    warnings: &mut Vec<Problem>,
) -> Option<String> {
    let lang = cx.lang;
    match (addressed.holder, addressed.spelled) {
        (Some(h), Some((i, l))) => match h.name_to.get(lang) {
            Some(given) => Some(given.clone()),
            None if declines => match decline::holder_dative(h, lang, l) {
                Ok(form) => Some(form),
                Err(why) => {
                    warnings.push(addressed.doc.warning(
                        &format!("holders.{i}"),
                        format!("{why}: {lang} letters to `{}` address the title alone; give `name_to: {{{lang}: …}}` to name the holder", addressed.entry.role),
                    ));
                    None
                }
            },
            None => addressed.name.clone(),
        },
        _ => None,
    }
    // Whichever form, given or declined: initials stay on the surname's line.
    .map(|n| decline::bind_initials(&n))
}
