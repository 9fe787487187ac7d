//! What every part of a view is resolved with: the project, the locale, the language and the
//! languages it falls back to, the letter's date.

use crate::i18n::{DateForm, Locales};
use crate::load::Project;
use crate::model::text::pick;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One view being resolved: one case, language and day.
pub(super) struct Context<'a> {
    pub(super) project: &'a Project,
    pub(super) locales: &'a Locales,
    /// The view's language.
    pub(super) lang: &'a str,
    /// Where a text is missing in `lang`, the languages to take it from, in order (see
    /// [`super::fallbacks`]).
    pub(super) fb: &'a [&'a str],
    /// The letter's date.
    pub(super) date: NaiveDate,
}

impl Context<'_> {
    /// The value in the view's language, else in the first fallback that has one.
    pub(super) fn pick<'m, T>(&self, map: &'m BTreeMap<String, T>) -> Option<&'m T> {
        pick(map, self.lang, self.fb)
    }

    /// A text (or address lines) as [`Context::pick`] finds it; empty when no language has it.
    pub(super) fn text<T: Clone + Default>(&self, map: &BTreeMap<String, T>) -> T {
        self.pick(map).cloned().unwrap_or_default()
    }

    /// A date in the view's language.
    pub(super) fn date_text(&self, date: NaiveDate, form: DateForm) -> Result<String, String> {
        self.locales.date(self.lang, date, form)
    }
}
