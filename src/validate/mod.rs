//! Validation: every problem in the loaded project at once, each located in its file, with a
//! "did you mean" where a name is close to a known one. Nothing here stops at the first error.

use crate::clock::Clock;
use crate::domain::deadline;
use crate::domain::resolve;
use crate::domain::translations;
use crate::error::{Problem, suggestion};
use crate::i18n::Locales;
use crate::load::{Doc, Project};
use crate::model::{Authority, Case, CaseKind, Holder, Issuer, Localized};
use crate::templates::{TEMPLATES_DIR, Templates, template_files};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Templates every project needs (the formats `render` produces).
pub const REQUIRED_TEMPLATES: [&str; 4] = ["ua.txt", "ua.html", "letter.txt", "letter.html"];

/// A contact fact verified longer ago than this many days gets a warning.
pub const STALE_AFTER_DAYS: i64 = 730;

/// Validates the whole project, as `check` does: each case is also resolved at its letter date
/// (see [`letter_date`]), and the warnings that gives name the case.
pub fn validate(
    project: &Project,
    locales: &Locales,
    templates: &Templates,
    clock: &Clock,
) -> Vec<Problem> {
    validate_with(project, locales, templates, clock, true)
}

/// Validates the whole project for a command that works on cases (`render`, `send`, ...): the
/// same errors as [`validate`], but no date-dependent warnings, since the command resolves its
/// own case at its own date and warns about that alone.
pub fn validate_for_commands(
    project: &Project,
    locales: &Locales,
    templates: &Templates,
    clock: &Clock,
) -> Vec<Problem> {
    validate_with(project, locales, templates, clock, false)
}

/// The day `check` resolves a case at, the day its letters would be dated: today while it is
/// open; the last day to send for one past its deadline; the issue date for one issued after
/// today. `None` for a closed or superseded case, whose letters no longer go out.
pub fn letter_date(project: &Project, case: &Doc<Case>, clock: &Clock) -> Option<NaiveDate> {
    let c = &case.value;
    let zone = c.zone(&project.campaign.value);
    let today = clock.today_in(zone);
    let resolved = deadline::resolve(project, case).ok().flatten();
    let superseded = deadline::is_superseded(project, c);
    match deadline::state(c, superseded, resolved.as_ref(), today, 0) {
        deadline::State::Closed | deadline::State::Superseded => None,
        deadline::State::Upcoming => c.issued,
        deadline::State::PastDeadline => resolved
            .and_then(|d| d.send_before.pred_opt())
            .or(Some(today)),
        deadline::State::Open | deadline::State::ClosingSoon => Some(today),
    }
}

fn validate_with(
    project: &Project,
    locales: &Locales,
    templates: &Templates,
    clock: &Clock,
    date_warnings: bool,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    // Facts are judged as of today in the campaign's time zone (a bad zone is reported below).
    let zone = project.campaign.value.zone();
    let today = clock.today_in(zone);
    campaign(project, locales, &mut problems);
    let mut seen_ids: BTreeMap<&str, &Doc<Case>> = BTreeMap::new();
    for case in &project.cases {
        if let Some(first) = seen_ids.get(case.value.id.as_str()) {
            problems.push(case.error(
                "id",
                format!(
                    "duplicate case id `{}`: {} uses it already; give each case its own id",
                    case.value.id,
                    first.file.path.display()
                ),
            ));
        } else {
            seen_ids.insert(&case.value.id, case);
        }
        let id = &case.value.id;
        let own = validate_case(project, locales, case);
        // A case with errors is not resolved: its errors say what to fix, and resolving would
        // only repeat them in other words.
        let c = &case.value;
        let resolvable = !own.iter().any(Problem::is_error)
            && !c
                .targets
                .iter()
                .chain(&c.copies)
                .any(|r| project.broken_roles.contains(&r.role));
        problems.extend(own.into_iter().map(|p| tag(p, id)));
        if resolvable {
            let date = letter_date(project, case, clock);
            let mut found = Vec::new();
            resolution_warnings(project, locales, case, date.unwrap_or(today), &mut found);
            // Closed cases are still resolved, for errors; their holder warnings are moot.
            let keep_warnings = date_warnings && date.is_some();
            problems.extend(
                found
                    .into_iter()
                    .filter(|p| p.is_error() || keep_warnings)
                    .map(|p| tag(p, id)),
            );
        }
    }
    for (role, doc) in &project.authorities {
        authority(role, doc, today, &mut problems);
        for (i, lang) in doc.value.languages.iter().enumerate() {
            known_language(doc, &format!("languages.{i}"), lang, locales, &mut problems);
        }
    }
    if let Some(doc) = &project.events {
        events(project, doc, &mut problems);
    }
    for m in &project.missions {
        if let Some(fax) = &m.value.fax {
            check_fax(m, "fax", fax, &mut problems);
        }
        for (i, e) in m.value.emails.iter().enumerate() {
            check_email(m, &format!("emails.{i}"), e, &mut problems);
        }
    }
    for cal in project.calendars.values() {
        for (i, h) in cal.value.yearly.iter().enumerate() {
            if chrono::NaiveDate::from_ymd_opt(2024, h.month, h.day).is_none() {
                problems.push(cal.error(
                    &format!("yearly.{i}"),
                    format!("no such day: month {} day {}", h.month, h.day),
                ));
            }
        }
    }
    template_checks(project, locales, templates, &mut problems);
    locale_checks(project, locales, &mut problems);
    problems.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    problems.dedup();
    problems
}

/// Validates a case loaded from a path outside `appeals/cases/`.
pub fn validate_extra_case(project: &Project, locales: &Locales, case: &Doc<Case>) -> Vec<Problem> {
    let mut problems = validate_case(project, locales, case);
    if let Some(other) = project.cases.iter().find(|c| c.value.id == case.value.id) {
        problems.push(case.error(
            "id",
            format!(
                "duplicate case id `{}`: {} uses it already",
                case.value.id,
                other.file.path.display()
            ),
        ));
    }
    problems
}

fn campaign(project: &Project, locales: &Locales, problems: &mut Vec<Problem>) {
    let doc = &project.campaign;
    let c = &doc.value;
    for (i, lang) in c.languages.iter().enumerate() {
        known_language(doc, &format!("languages.{i}"), lang, locales, problems);
    }
    if let Some(lang) = &c.authority_language {
        known_language(doc, "authority_language", lang, locales, problems);
    }
    known_language(
        doc,
        "default_language",
        &c.default_language,
        locales,
        problems,
    );
    if c.time_zone.parse::<chrono_tz::Tz>().is_err() {
        problems.push(doc.error(
            "time_zone",
            format!(
                "unknown time zone `{}`; use an IANA name such as Asia/Almaty",
                c.time_zone
            ),
        ));
    }
    let org = &c.organisation;
    check_email(doc, "organisation.email", &org.email, problems);
    for (field, value) in [
        ("organisation.fax", &org.fax),
        ("organisation.phone", &org.phone),
    ] {
        if let Some(v) = value {
            check_fax(doc, field, v, problems);
        }
    }
    if let Some(mail) = &c.mail {
        if mail.from.parse::<lettre::message::Mailbox>().is_err() {
            problems.push(doc.error(
                "mail.from",
                format!(
                    "`{}` is not a mailbox; write `Name <address@example.org>`",
                    mail.from
                ),
            ));
        }
        if let Some(reply_to) = &mail.reply_to
            && reply_to.parse::<lettre::message::Mailbox>().is_err()
        {
            problems.push(doc.error(
                "mail.reply_to",
                format!("`{reply_to}` is not an email address"),
            ));
        }
        if let Some(smtp) = &mail.smtp
            && !(smtp.url.starts_with("smtp://") || smtp.url.starts_with("smtps://"))
        {
            problems.push(doc.error(
                "mail.smtp.url",
                format!(
                    "`{}`: use smtp://host:port (STARTTLS) or smtps://host:port",
                    crate::deliver::smtp::redact_url(&smtp.url)
                ),
            ));
        }
        if let Some(t) = mail.timeout
            && !(1..=3600).contains(&t)
        {
            problems.push(doc.error(
                "mail.timeout",
                format!("`{t}`: the SMTP step timeout is in seconds, from 1 to 3600"),
            ));
        }
        if let Some(rate) = mail
            .per_second
            .filter(|r| !crate::model::campaign::PER_SECOND.contains(r))
        {
            let range = crate::model::campaign::PER_SECOND;
            problems.push(doc.error(
                "mail.per_second",
                format!(
                    "{} is out of range: give from {} to {} messages a second",
                    if rate.abs() < 1e-3 && rate != 0.0 {
                        format!("{rate:e}")
                    } else {
                        rate.to_string()
                    },
                    range.start(),
                    range.end()
                ),
            ));
        }
        if let Some(list_id) = &mail.list_id
            && !valid_list_id(list_id)
        {
            problems.push(doc.error(
                "mail.list_id",
                format!(
                    "`{list_id}`: write a list id like urgent-actions.example.org (letters, \
                     digits, `-` and dots, under a domain you control; RFC 2919)"
                ),
            ));
        }
        if mail
            .unsubscribe
            .as_ref()
            .is_some_and(|u| u.url.is_some() || u.mailto.is_some())
            && mail.token_secret_env.is_none()
            && mail.token_secret_command.is_none()
        {
            problems.push(doc.warning(
                "mail.unsubscribe",
                "no token secret: set mail.token_secret_env (or token_secret_command) so each \
                 unsubscribe link names its supporter; `mail --send` refuses without it",
            ));
        }
        if let Some(pattern) = &mail.fax_gateway
            && (!pattern.contains("{number}")
                || pattern
                    .replace("{number}", "1")
                    .parse::<lettre::Address>()
                    .is_err())
        {
            problems.push(doc.error("mail.fax_gateway", format!("`{pattern}`: write an address pattern with {{number}}, e.g. {{number}}@fax.example.org")));
        }
        check_deliverability(doc, mail, problems);
    }
    if let Some(imap) = c.bounces.as_ref().and_then(|b| b.imap.as_ref())
        && let Err(e) = crate::bounces::imap::Target::parse(&imap.url)
    {
        problems.push(doc.error("bounces.imap.url", e.to_string()));
    }
}

/// `mail.dkim` and `mail.verp`: what can be checked without the key or the secret.
fn check_deliverability(
    doc: &Doc<crate::model::Campaign>,
    mail: &crate::model::campaign::MailSettings,
    problems: &mut Vec<Problem>,
) {
    if let Some(dkim) = &mail.dkim {
        if let Err(m) = crate::deliver::dkim::Algorithm::parse(dkim.algorithm.as_deref()) {
            problems.push(doc.error("mail.dkim.algorithm", m));
        }
        if dkim.key_file.is_none() && dkim.key_command.is_none() {
            problems.push(doc.error(
                "mail.dkim",
                "give key_file (a PEM private key) or key_command (a command printing one)",
            ));
        }
    }
    if let Some(pattern) = &mail.verp
        && (!pattern.contains("{token}")
            || pattern
                .replace("{token}", "abcdefghijklmnop")
                .parse::<lettre::Address>()
                .is_err())
    {
        problems.push(doc.error(
            "mail.verp",
            format!(
                "`{pattern}`: write a return path with {{token}}, e.g. bounces+{{token}}@example.org"
            ),
        ));
    }
}

/// Whether `id` is a list id as RFC 2919 has it (`list-label.namespace`): dot-separated
/// labels of letters, digits and `-`, at least two.
fn valid_list_id(id: &str) -> bool {
    let labels: Vec<&str> = id.split('.').collect();
    labels.len() >= 2
        && id.len() <= 255
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

fn known_language<T>(
    doc: &Doc<T>,
    path: &str,
    lang: &str,
    locales: &Locales,
    problems: &mut Vec<Problem>,
) {
    if !locales.has_language(lang) {
        let message = match crate::error::did_you_mean(lang, locales.languages()) {
            Some(close) => format!(
                "no locale for language `{lang}`: did you mean `{close}`? (a new language \
                 needs locales/{lang}/*.ftl)"
            ),
            None => format!("no locale for language `{lang}`: add locales/{lang}/*.ftl"),
        };
        problems.push(doc.error(path, message));
    }
}

fn validate_case(project: &Project, locales: &Locales, case: &Doc<Case>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let c = &case.value;
    let id_ok = !c.id.is_empty()
        && c.id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
        && !c.id.starts_with('-');
    if !id_ok {
        problems.push(case.error(
            "id",
            format!("case id `{}` must be lower-case letters, digits and dashes (it names output folders; no `/`, `..` or spaces)", c.id),
        ));
    }
    for (i, lang) in c.languages.iter().enumerate() {
        known_language(
            case,
            &format!("languages.{i}"),
            lang,
            locales,
            &mut problems,
        );
    }
    // Texts are asked for only in languages that have a locale: a misspelt language is one
    // error above, not one more per text.
    let written_in: Vec<&String> = c
        .languages
        .iter()
        .filter(|l| locales.has_language(l))
        .collect();
    let languages_ok = written_in.len() == c.languages.len();
    let mut missing = Vec::new();
    let mut need = |path: &str, map: &Localized, required: bool| {
        // A misspelt key (`kz:`) explains the language it was meant for: one error, not two.
        let meant = if languages_ok {
            stray_languages(case, path, map, locales, &mut missing)
        } else {
            Vec::new()
        };
        if !required && map.is_empty() {
            return;
        }
        for lang in &written_in {
            if map.get(*lang).is_some() || meant.contains(*lang) {
                continue;
            }
            // Blank texts were dropped when the file was read; a key still in the file was
            // left empty (as `appeal new` writes them), so point at it.
            let key = format!("{path}.{lang}");
            let spans = &case.file.spans;
            let message = if spans.locate(&key) != spans.locate(path) {
                format!("`{key}` is empty: write the {lang} text")
            } else {
                format!(
                    "no {lang} text for `{path}`: the case is written in {}; add `{lang}:`",
                    c.languages.join(", ")
                )
            };
            missing.push(Problem::error(&case.file.path, spans.locate(&key), message));
        }
    };
    need("title", &c.title, true);
    need("subject", &c.subject, false);
    need("concern", &c.concern, false);
    need("summary", &c.summary, true);
    need("story", &c.story, true);
    need("additional", &c.additional, false);
    for (i, p) in c.people.iter().enumerate() {
        need(&format!("people.{i}.name"), &p.name, true);
        need(&format!("people.{i}.occupation"), &p.occupation, false);
        need(&format!("people.{i}.place"), &p.place, false);
    }
    for (i, ask) in c.asks.iter().enumerate() {
        need(&format!("asks.{i}"), ask, true);
    }
    for (i, link) in c.links.iter().enumerate() {
        need(&format!("links.{i}.label"), &link.label, false);
    }
    for (field, refs) in [("targets", &c.targets), ("copies", &c.copies)] {
        for (i, r) in refs.iter().enumerate() {
            if languages_ok {
                stray_languages(
                    case,
                    &format!("{field}.{i}.salutation"),
                    &r.salutation,
                    locales,
                    &mut missing,
                );
            }
        }
    }
    if let Issuer::Names(names) = &c.organisation
        && languages_ok
    {
        stray_languages(case, "organisation", names, locales, &mut missing);
        // A language without its own name shows the English one; with neither, another
        // language's spelling, which is worth a word.
        if !names.contains_key("en")
            && let Some((other, _)) = names.iter().find(|(_, n)| !n.trim().is_empty())
        {
            for lang in written_in.iter().filter(|l| !names.contains_key(**l)) {
                missing.push(case.warning(
                    "organisation",
                    format!("no {lang} and no en name of the organisation: {lang} documents show the {other} one; add `{lang}:`"),
                ));
            }
        }
    }
    problems.append(&mut missing);
    for (field, blank, what) in [
        (
            "reference",
            c.reference.trim().is_empty(),
            "the public reference, e.g. \"UA 82/18\"",
        ),
        (
            "organisation",
            c.organisation.is_blank(),
            "who issued the action",
        ),
        (
            "country",
            c.country.trim().is_empty(),
            "the ISO 3166 code of the country, e.g. KZ",
        ),
    ] {
        if blank {
            problems.push(case.error(field, format!("`{field}` is empty: write {what}")));
        }
    }
    review(case, &mut problems);
    for (i, link) in c.links.iter().enumerate() {
        if !(link.url.starts_with("https://") || link.url.starts_with("http://")) {
            problems.push(case.error(
                &format!("links.{i}.url"),
                format!("`{}` is not a web address (https://...)", link.url),
            ));
        }
    }
    if c.people.is_empty() {
        problems.push(case.error("people", "list at least one person concerned"));
    }
    if c.asks.is_empty() {
        problems.push(case.error("asks", "list at least one ask"));
    }
    if c.targets.is_empty() {
        problems.push(case.error("targets", "list at least one authority to write to"));
    }
    let roles = || project.authorities.keys().map(String::as_str);
    for (field, refs) in [("targets", &c.targets), ("copies", &c.copies)] {
        for (i, r) in refs.iter().enumerate() {
            if !project.authorities.contains_key(&r.role) && !project.broken_roles.contains(&r.role)
            {
                problems.push(case.error(
                    &format!("{field}.{i}.role"),
                    format!(
                        "unknown authority role `{}`{}; roles are files under appeals/authorities/",
                        r.role,
                        suggestion(&r.role, roles())
                    ),
                ));
            }
            if let Some(fax) = &r.fax {
                check_fax(case, &format!("{field}.{i}.fax"), fax, &mut problems);
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
                check_email(case, &format!("{field}.{i}.emails.{j}"), e, &mut problems);
            }
        }
    }
    if c.kind == CaseKind::Update && c.update.is_none() {
        problems.push(case.error("update", "an update needs its number (`update: 1`)"));
    }
    if let Some(follows) = &c.follows
        && !project.cases.iter().any(|o| &o.value.id == follows)
    {
        let ids = project.cases.iter().map(|o| o.value.id.as_str());
        problems.push(case.error(
            "follows",
            format!("no case `{follows}` to follow{}", suggestion(follows, ids)),
        ));
    }
    if let Err((path, message)) = deadline::resolve(project, case) {
        problems.push(case.error(&path, message));
    }
    translation_checks(case, &mut problems);
    problems
}

/// Warnings name the case they concern; errors are located in the case file already.
fn tag(problem: Problem, id: &str) -> Problem {
    if problem.is_error() {
        problem
    } else {
        problem.with_case(id)
    }
}

/// Keys in a case's text map that are not among the case's languages: a misspelt code
/// (`kz:` for `kk:`) is an error, as its text would silently never be used; a known language
/// the case does not list is a warning.
fn stray_languages(
    case: &Doc<Case>,
    path: &str,
    map: &Localized,
    locales: &Locales,
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let c = &case.value;
    let mut meant = Vec::new();
    for lang in map.keys().filter(|l| !c.languages.contains(l)) {
        let at = format!("{path}.{lang}");
        if locales.has_language(lang) {
            problems.push(case.warning(
                &at,
                format!(
                    "the {lang} text is not used: the case is written in {}; add {lang} to \
                     `languages`, or remove it",
                    c.languages.join(", ")
                ),
            ));
        } else {
            let close = crate::error::did_you_mean(lang, c.languages.iter().map(String::as_str));
            let fix = match close {
                Some(close) => {
                    meant.push(close.to_string());
                    format!("did you mean `{close}:`?")
                }
                None => "write one of those, or remove it".to_string(),
            };
            problems.push(case.error(
                &at,
                format!(
                    "`{lang}:` is not a language of the case ({}), so its text is never used: \
                     {fix}",
                    c.languages.join(", "),
                ),
            ));
        }
    }
    meant
}

/// `review`: texts `appeal new --follows` copied, still to check. One warning each, until the
/// entry is removed.
fn review(case: &Doc<Case>, problems: &mut Vec<Problem>) {
    let c = &case.value;
    let from = c
        .follows
        .as_deref()
        .map_or(String::new(), |f| format!(" from `{f}`"));
    for (i, field) in c.review.iter().enumerate() {
        let at = format!("review.{i}");
        if crate::model::case::REVIEWED_TEXTS.contains(&field.as_str()) {
            problems.push(case.warning(
                &at,
                format!(
                    "`{field}` was copied{from} and needs review: check it against this \
                     document, then remove `{field}` from `review`"
                ),
            ));
        } else {
            problems.push(case.error(
                &at,
                format!(
                    "`{field}` is not a text to review{}; texts: {}",
                    suggestion(field, crate::model::case::REVIEWED_TEXTS),
                    crate::model::case::REVIEWED_TEXTS.join(", ")
                ),
            ));
        }
    }
}

/// The source language is one of the case's; each fingerprint names a translation language
/// and a text of the case; a translation made from an older source text is a warning.
fn translation_checks(case: &Doc<Case>, problems: &mut Vec<Problem>) {
    let c = &case.value;
    let id = &c.id;
    let languages = || c.languages.iter().map(String::as_str);
    if let Some(source) = &c.source_language
        && !c.languages.contains(source)
    {
        problems.push(case.error(
            "source_language",
            format!(
                "`{source}` is not one of the case's languages ({}){}",
                c.languages.join(", "),
                suggestion(source, languages())
            ),
        ));
        return;
    }
    let source = translations::source_language(c);
    let texts = translations::texts(c);
    for (lang, fields) in &c.translated_from {
        let at = format!("translated_from.{lang}");
        if lang == source {
            problems.push(case.warning(
                &at,
                format!("{lang} is the source language, not a translation: remove `translated_from.{lang}`"),
            ));
            continue;
        }
        if !c.languages.contains(lang) {
            problems.push(case.warning(
                &at,
                format!(
                    "`{lang}` is not one of the case's languages{}; remove `translated_from.{lang}`",
                    suggestion(lang, languages())
                ),
            ));
            continue;
        }
        for field in fields.keys() {
            if !texts.iter().any(|t| &t.field == field) {
                problems.push(case.warning(
                    &format!("{at}.{field}"),
                    format!(
                        "the case has no text `{field}`{}; remove its fingerprint",
                        suggestion(field, texts.iter().map(|t| t.field.as_str()))
                    ),
                ));
            }
        }
    }
    for s in translations::status(c) {
        if s.state == translations::State::Stale {
            let (lang, field) = (&s.lang, &s.field);
            problems.push(case.warning(
                &format!("{field}.{lang}"),
                format!(
                    "{lang} {field} was translated from an older {source} {field}: update it, then run `appeal translations {id} --mark-current --lang {lang} --field {field}`"
                ),
            ));
        }
    }
}

/// Warnings that depend on the date: holders not known, names missing in a language.
fn resolution_warnings(
    project: &Project,
    locales: &Locales,
    case: &Doc<Case>,
    today: chrono::NaiveDate,
    problems: &mut Vec<Problem>,
) {
    for lang in &case.value.languages {
        if !locales.has_language(lang) {
            continue;
        }
        let mut warnings = Vec::new();
        if let Err(p) = resolve::view(project, locales, case, lang, today, &mut warnings) {
            problems.push(p);
        }
        problems.extend(warnings);
    }
}

fn authority(
    role: &str,
    doc: &Doc<Authority>,
    today: chrono::NaiveDate,
    problems: &mut Vec<Problem>,
) {
    let a = &doc.value;
    let expected = doc
        .file
        .path
        .strip_prefix(Path::new("appeals/authorities"))
        .ok()
        .map(|p| p.with_extension(""));
    if let Some(expected) = expected {
        let expected = expected.to_string_lossy().replace('\\', "/");
        if expected != role {
            problems.push(doc.error("role", format!("role `{role}` does not match the file's place; name it `{expected}` or move the file")));
        }
    }
    if let Some(fax) = &a.fax {
        check_fax(doc, "fax", fax, problems);
    }
    for (i, e) in a.emails.iter().enumerate() {
        check_email(doc, &format!("emails.{i}"), e, problems);
    }
    if a.fax.is_none() && a.emails.is_empty() {
        problems.push(doc.warning(
            "role",
            format!("`{role}` has no known fax or email: letters go by post only"),
        ));
    }
    if a.address.is_empty() {
        problems.push(doc.warning("role", format!("`{role}` has no known postal address")));
    }
    for (field, date) in [
        ("verified.address", a.verified.address),
        ("verified.fax", a.verified.fax),
        ("verified.emails", a.verified.emails),
    ] {
        if let Some(d) = date {
            let age = (today - d).num_days();
            if age > STALE_AFTER_DAYS {
                problems.push(doc.warning(field, format!("last verified on {d} ({} years ago): check it is still right before sending", age / 365)));
            }
        }
    }
    let mut previous_end: Option<crate::model::SourceDate> = None;
    for (i, h) in a.holders.iter().enumerate() {
        if let (Some(from), Some(to)) = (h.from, h.to)
            && from.first() > to.last()
        {
            problems.push(doc.error(
                &format!("holders.{i}.to"),
                format!("`to` ({to}) is before `from` ({from})"),
            ));
        }
        // Two dates in the same month, one of them given by month only, do not say who came
        // first: the tenure rule ends the earlier holder the day before the next one's `from`.
        if let (Some(prev), Some(from)) = (previous_end, h.from)
            && from.first() <= prev.last()
            && !((prev.is_month() || from.is_month())
                && prev.last().format("%Y-%m").to_string()
                    == from.first().format("%Y-%m").to_string())
        {
            problems.push(doc.error(&format!("holders.{i}.from"), format!("starts on {from}, before the previous holder left ({prev}); list holders in order without overlap")));
        }
        previous_end = h.to.or(h.seen.iter().map(|s| s.date).max()).or(h.from);
        if h.name.is_empty() {
            problems.push(doc.error(
                &format!("holders.{i}.name"),
                "give the holder's name in at least one language",
            ));
        }
        holder_names(doc, i, h, problems);
    }
}

/// A holder's gender is required, and names in a Cyrillic-script language must be Cyrillic:
/// a Russian or Kazakh letter never shows a Latin-script name.
fn holder_names(doc: &Doc<Authority>, i: usize, h: &Holder, problems: &mut Vec<Problem>) {
    let who = ["en", "ru", "kk"]
        .iter()
        .find_map(|l| h.name.get(*l))
        .or_else(|| h.name.values().next())
        .cloned()
        .unwrap_or_default();
    if h.gender.is_none() {
        problems.push(doc.error(
            &format!("holders.{i}"),
            format!("holder `{who}` has no `gender`: add `gender: female` or `gender: male` (it decides the salutation and the form of the name in Russian)"),
        ));
    }
    for (field, map) in [
        ("name", &h.name),
        ("surname", &h.surname),
        ("name_to", &h.name_to),
        ("patronymic", &h.patronymic),
        ("initials", &h.initials),
    ] {
        for (lang, value) in map {
            if matches!(lang.as_str(), "ru" | "kk")
                && value.chars().any(|c| c.is_ascii_alphabetic())
            {
                problems.push(doc.error(
                    &format!("holders.{i}.{field}.{lang}"),
                    format!("`{value}` has Latin letters: write the {lang} form in Cyrillic, or leave it out (a Kazakh letter then uses the Russian form)"),
                ));
            }
        }
    }
    for (lang, value) in h
        .initials
        .iter()
        .filter(|(l, _)| matches!(l.as_str(), "ru" | "kk"))
    {
        if crate::domain::decline::normalise_initials(value).is_none() {
            problems.push(doc.error(
                &format!("holders.{i}.initials.{lang}"),
                format!("`{value}` is not initials: write capital letters with full stops, e.g. \"Б. Н.\""),
            ));
        }
    }
}

/// Directory events: known roles, unique ids, and a source for each.
fn events(project: &Project, doc: &Doc<crate::model::Events>, problems: &mut Vec<Problem>) {
    let roles = || project.authorities.keys().map(String::as_str);
    let mut ids = BTreeSet::new();
    for (i, e) in doc.value.events.iter().enumerate() {
        if !ids.insert(e.id.as_str()) {
            problems.push(doc.error(
                &format!("events.{i}.id"),
                format!("duplicate event id `{}`: give each event its own", e.id),
            ));
        }
        for (j, role) in e.ends_tenure_of.iter().enumerate() {
            if !project.authorities.contains_key(role) && !project.broken_roles.contains(role) {
                problems.push(doc.error(
                    &format!("events.{i}.ends_tenure_of.{j}"),
                    format!(
                        "unknown role `{role}`{}; roles are files under appeals/authorities/",
                        suggestion(role, roles())
                    ),
                ));
            }
        }
        if e.sources.is_empty() {
            problems.push(doc.warning(
                &format!("events.{i}.sources"),
                format!(
                    "event `{}` cites no source: add the publication, URL and date",
                    e.id
                ),
            ));
        }
    }
}

fn check_fax<T>(doc: &Doc<T>, path: &str, value: &str, problems: &mut Vec<Problem>) {
    let digits = value.strip_prefix('+').unwrap_or("");
    let ok = digits.len() >= 7
        && digits.len() <= 15
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0');
    if !ok {
        problems.push(doc.error(path, format!("`{value}` is not an E.164 number: write + country code and digits, no spaces, e.g. +77172506402")));
    }
}

fn check_email<T>(doc: &Doc<T>, path: &str, value: &str, problems: &mut Vec<Problem>) {
    if value.parse::<lettre::Address>().is_err() {
        problems.push(doc.error(path, format!("`{value}` is not a valid email address")));
    }
}

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

fn template_checks(
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
            .filter(|p| p.extension().is_some_and(|e| e == "typ")),
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

fn locale_checks(project: &Project, locales: &Locales, problems: &mut Vec<Problem>) {
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
