//! Checks of one value, shared by every area: a fax or telephone number, an email address, a
//! language code. Each reports at the value's own place in its file.

use crate::error::Problem;
use crate::i18n::Locales;
use crate::load::Doc;

/// A number in E.164 form: `+`, a country code and digits, no spaces.
pub(super) fn check_fax<T>(doc: &Doc<T>, path: &str, value: &str, problems: &mut Vec<Problem>) {
    let digits = value.strip_prefix('+').unwrap_or("");
    let ok = digits.len() >= 7
        && digits.len() <= 15
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0');
    if !ok {
        problems.push(doc.error(path, format!("`{value}` is not an E.164 number: write + country code and digits, no spaces, e.g. +77172506402")));
    }
}

/// A file's own `fax` and `emails` (an authority's, a mission's).
pub(super) fn check_contacts<T>(
    doc: &Doc<T>,
    fax: Option<&String>,
    emails: &[String],
    problems: &mut Vec<Problem>,
) {
    if let Some(fax) = fax {
        check_fax(doc, "fax", fax, problems);
    }
    for (i, e) in emails.iter().enumerate() {
        check_email(doc, &format!("emails.{i}"), e, problems);
    }
}

/// An email address as the mail library reads it.
pub(super) fn check_email<T>(doc: &Doc<T>, path: &str, value: &str, problems: &mut Vec<Problem>) {
    if value.parse::<lettre::Address>().is_err() {
        problems.push(doc.error(path, format!("`{value}` is not a valid email address")));
    }
}

/// A file's `languages` list: each has a locale.
pub(super) fn known_languages<T>(
    doc: &Doc<T>,
    languages: &[String],
    locales: &Locales,
    problems: &mut Vec<Problem>,
) {
    for (i, lang) in languages.iter().enumerate() {
        known_language(doc, &format!("languages.{i}"), lang, locales, problems);
    }
}

/// A language the project has a locale for, with "did you mean" when it is close to one.
pub(super) fn known_language<T>(
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
