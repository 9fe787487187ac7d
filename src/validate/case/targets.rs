//! Targets and copies: each names a role of the directory, its own fax and emails are well
//! formed, and each target has a language it can be written to in.

use crate::domain::role_suggestion::role_suggestion;
use crate::error::Problem;
use crate::load::{Doc, Project};
use crate::model::Case;
use crate::validate::fields::{check_email, check_fax};

/// Every target and copy of the case.
pub(super) fn targets_and_copies(project: &Project, case: &Doc<Case>, problems: &mut Vec<Problem>) {
    let c = &case.value;
    for (field, refs) in [("targets", &c.targets), ("copies", &c.copies)] {
        for (i, r) in refs.iter().enumerate() {
            if !project.authorities.contains_key(&r.role) && !project.broken_roles.contains(&r.role)
            {
                problems.push(case.error(
                    &format!("{field}.{i}.role"),
                    format!(
                        "unknown authority role `{}`{}; roles are files under appeals/authorities/",
                        r.role,
                        role_suggestion(project, &r.role)
                    ),
                ));
            }
            if let Some(fax) = &r.fax {
                check_fax(case, &format!("{field}.{i}.fax"), fax, problems);
            }
            if field == "targets"
                && project.authorities.contains_key(&r.role)
                && let Err(m) = crate::domain::dispatch::language_for(project, c, r)
            {
                let at = if r.language.is_some() {
                    format!("{field}.{i}.language")
                } else {
                    format!("{field}.{i}.role")
                };
                problems.push(case.error(&at, m));
            }
            for (j, e) in r.emails.iter().flatten().enumerate() {
                check_email(case, &format!("{field}.{i}.emails.{j}"), e, problems);
            }
        }
    }
}
