//! Locales: every message of the default language is translated in every other one.

use crate::error::Problem;
use crate::i18n::Locales;
use crate::load::Project;

/// One error per message the default language's locale has and another locale lacks.
pub(super) fn locale_checks(project: &Project, locales: &Locales, problems: &mut Vec<Problem>) {
    let reference = &project.campaign.value.default_language;
    if !locales.has_language(reference) {
        return;
    }
    for lang in locales.languages() {
        if lang == reference {
            continue;
        }
        for (id, file, at) in locales.message_ids(reference) {
            if !locales.has_message(lang, id) {
                problems.push(Problem::error(
                    format!("locales/{lang}"),
                    (0, 0),
                    format!(
                        "message `{id}` (defined in {file}:{}) is missing: translate it",
                        at.0
                    ),
                ));
            }
        }
    }
}
