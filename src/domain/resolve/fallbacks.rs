//! The languages a view falls back to where a text or a name is missing in its own: the
//! locale says which (`language-fallbacks`, `name-fallbacks`).

use crate::i18n::Locales;

/// Languages a locale falls back to for names and addresses missing in it: the locale's own
/// `language-fallbacks` message (e.g. kk → ru, en), else the campaign's default language.
pub fn fallbacks(locales: &Locales, lang: &str, default: &str) -> Vec<String> {
    let listed = locales
        .format(lang, "language-fallbacks", &[])
        .unwrap_or_default();
    let mut out: Vec<String> = listed
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if !out.iter().any(|l| l == default) {
        out.push(default.to_string());
    }
    out.retain(|l| l != lang);
    out
}

/// Languages a holder's name may be spelt in, in a letter in `lang`: names fall back only to
/// spellings a reader of the language can use (`name-fallbacks`: a Kazakh letter may show the
/// Russian form, never the English one); without that message, the language's fallbacks `fb`.
pub(super) fn name_fallbacks(
    locales: &Locales,
    lang: &str,
    fb: &[&str],
) -> Result<Vec<String>, String> {
    if !locales.has_message(lang, "name-fallbacks") {
        return Ok(fb.iter().map(|l| l.to_string()).collect());
    }
    Ok(locales
        .format(lang, "name-fallbacks", &[])?
        .split(',')
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "none")
        .map(str::to_string)
        .collect())
}
