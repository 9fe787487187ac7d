//! Templates: the ones every project needs are there, and every `t(key="...")` they call has
//! its Fluent message in every locale.

use crate::error::Problem;
use crate::i18n::Locales;
use crate::load::Project;
use crate::templates::{TEMPLATES_DIR, Templates, template_files};
use std::collections::BTreeSet;
use std::path::Path;

/// Templates every project needs (the formats `render` produces).
pub const REQUIRED_TEMPLATES: [&str; 4] = ["ua.txt", "ua.html", "letter.txt", "letter.html"];

/// Keys used as `t(key="...")` literals in a template, with their positions.
pub fn template_keys(text: &str) -> Vec<(String, (usize, usize))> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(i) = rest.find("t(key=\"") {
        let start = offset + i + "t(key=\"".len();
        let is_call = i == 0 || !rest[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_');
        if let Some(end) = text[start..].find('"')
            && is_call
        {
            out.push((
                text[start..start + end].to_string(),
                crate::i18n::line_col(text, offset + i),
            ));
        }
        offset = start;
        rest = &text[start..];
    }
    out
}

/// Checks the required templates and the messages every template (and the fax sheet) calls.
pub(super) fn template_checks(
    project: &Project,
    locales: &Locales,
    templates: &Templates,
    problems: &mut Vec<Problem>,
) {
    for name in REQUIRED_TEMPLATES {
        if !templates.has(name)
            && !problems
                .iter()
                .any(|p| p.path == Path::new(TEMPLATES_DIR).join(name))
        {
            problems.push(Problem::error(
                Path::new(TEMPLATES_DIR).join(name),
                (0, 0),
                format!("template `{name}` is missing: restore it from the project's templates/"),
            ));
        }
    }
    let dir = project.root.join(TEMPLATES_DIR);
    let languages: BTreeSet<&str> = locales.languages().collect();
    for path in template_files(&dir).into_iter().chain(
        std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            // Regular files only (links followed): a FIFO would wait forever.
            .filter(|p| p.extension().is_some_and(|e| e == "typ") && p.is_file()),
    ) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let shown = Path::new(TEMPLATES_DIR).join(path.strip_prefix(&dir).unwrap_or(&path));
        for (key, at) in template_keys(&text) {
            for lang in &languages {
                if !locales.has_message(lang, &key) {
                    problems.push(Problem::error(
                        &shown,
                        at,
                        format!("Fluent message `{key}` is missing in locales/{lang}/: add it"),
                    ));
                }
            }
        }
    }
}
