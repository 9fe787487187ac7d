//! What every page of the site build shares: the languages, the published case documents with
//! their states and chains, the site-wide parts of a page (language switcher, alternates,
//! links to the indexes), and the labels every page words the same way.

use super::fingerprint::{self, Inputs, Previous};
use crate::domain::agenda::Earlier;
use crate::domain::life::{self, Life, State};
use crate::env::Env;
use crate::error::{Error, Problem};
use crate::i18n::{Arg, DateForm};
use crate::load::Doc;
use crate::model::Case;
use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest as _, Sha256};
use std::collections::BTreeMap;

/// Day counts the live count-down script has forms for: enough to meet every plural category
/// of the shipped languages (and exact-number variants such as ru `[1]`).
const DAY_SAMPLES: [i64; 14] = [0, 1, 2, 3, 4, 5, 11, 21, 22, 25, 100, 101, 102, 105];

/// How the site is built.
#[derive(Debug, Clone)]
pub struct Options {
    /// The address the site is published at, ending in `/`; feeds and hreflang links need it.
    pub base_url: Option<String>,
    /// Whether to render the fax PDFs.
    pub fax: bool,
    /// People who said they sent their appeal, by case, as the pages may show them (already
    /// rounded: [`crate::domain::public_count`]); empty when the counter is off.
    pub acted: std::collections::BTreeMap<String, u64>,
}

/// One file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    /// Path under the output folder, `/`-separated.
    pub path: String,
    /// Content.
    pub bytes: Vec<u8>,
}

impl SiteFile {
    /// A text file.
    pub(super) fn text(path: String, text: String) -> SiteFile {
        SiteFile {
            path,
            bytes: text.into_bytes(),
        }
    }
}

/// A case document with its life on its build day.
pub(super) struct Entry<'a> {
    pub doc: &'a Doc<Case>,
    pub life: Life,
}

impl Entry<'_> {
    /// Its state on the build day.
    pub(super) fn state(&self) -> State {
        self.life.state
    }

    /// Whether supporters are asked to act: open, or closing soon.
    pub(super) fn act(&self) -> bool {
        self.life.acts()
    }
}

/// What every page of the build shares.
pub(super) struct Shared<'a> {
    pub env: &'a Env,
    pub opts: &'a Options,
    /// The digests of the project's files.
    pub inputs: &'a Inputs,
    /// What the previous build made that can be reused.
    pub previous: &'a Previous,
    /// Site languages, in the campaign's order.
    pub langs: Vec<String>,
    /// Each language's name in itself ("Қазақша").
    pub names: BTreeMap<String, String>,
    pub entries: Vec<Entry<'a>>,
    /// Entries of one action (same reference), in chain order.
    pub chains: BTreeMap<String, Vec<usize>>,
    /// What the calendar links need of every document.
    pub earlier: Earlier,
    pub build_date: NaiveDate,
    /// Per language, the count-down's forms for [`DAY_SAMPLES`], as JSON.
    pub day_forms: BTreeMap<String, String>,
}

/// A link in the language switcher.
#[derive(Debug, Serialize)]
pub(super) struct LangLink {
    code: String,
    name: String,
    href: String,
    current: bool,
}

/// An absolute alternate-language address (`<link rel="alternate" hreflang>`).
#[derive(Debug, Serialize)]
pub(super) struct Alternate {
    lang: String,
    href: String,
}

/// Site-wide parts of a page.
#[derive(Debug, Serialize)]
pub(super) struct SiteView {
    /// Relative path to the site root ("", "../", "../../").
    root: String,
    /// The organisation's name in the page's language.
    org: String,
    /// The language switcher.
    languages: Vec<LangLink>,
    /// hreflang alternates (absolute; only with a base URL).
    alternates: Vec<Alternate>,
    /// This language's index, archive and feed, relative to the page.
    index: String,
    archive: String,
    feed: Option<String>,
    /// The build date in running text.
    built: String,
}

/// A document of the same action, for the chain list.
#[derive(Debug, Serialize)]
pub(super) struct ChainLink {
    label: String,
    href: String,
    /// The language of the linked page, when it is not the page's own.
    hreflang: Option<String>,
    issued: Option<String>,
    current: bool,
}

/// Everything the pages share, worked out once: the languages with their names and count-down
/// forms, the published entries with their states, and the chains of documents.
pub(super) fn shared<'a>(
    env: &'a Env,
    opts: &'a Options,
    inputs: &'a Inputs,
    previous: &'a Previous,
) -> Result<Shared<'a>, Error> {
    let campaign = &env.project.campaign.value;
    let (langs, names, day_forms) = languages(env)?;
    let within = campaign.closing_soon_days;
    let entries = published(entries(env, within)?);
    let chains = chains(&entries);
    let tz = campaign.zone();
    Ok(Shared {
        env,
        opts,
        inputs,
        previous,
        langs,
        names,
        entries,
        chains,
        earlier: Earlier::of(env.project.cases.iter().map(|d| &d.value)),
        build_date: env.clock.today_in(tz),
        day_forms,
    })
}

/// The site's languages (the campaign's that have locales, else its default one), each one's
/// name in itself, and each one's count-down forms as JSON.
type Languages = (
    Vec<String>,
    BTreeMap<String, String>,
    BTreeMap<String, String>,
);

fn languages(env: &Env) -> Result<Languages, Error> {
    let campaign = &env.project.campaign.value;
    let mut langs: Vec<String> = campaign
        .languages
        .iter()
        .filter(|l| env.locales.has_language(l))
        .cloned()
        .collect();
    if langs.is_empty() {
        langs.push(campaign.default_language.clone());
    }
    let mut names = BTreeMap::new();
    for lang in &langs {
        let name = env
            .locales
            .format(lang, "site-language-name", &[])
            .map_err(|e| Error::Invalid(vec![locale_problem(lang, e)]))?;
        names.insert(lang.clone(), name);
    }
    let mut day_forms = BTreeMap::new();
    for lang in &langs {
        let mut forms = BTreeMap::new();
        for n in DAY_SAMPLES {
            let text = env
                .locales
                .format(lang, "site-days-left", &[("days", n.into())])
                .map_err(|e| Error::Invalid(vec![locale_problem(lang, e)]))?;
            forms.insert(n, text);
        }
        day_forms.insert(
            lang.clone(),
            serde_json::to_string(&forms).unwrap_or_default(),
        );
    }
    Ok((langs, names, day_forms))
}

/// Every case document with its state on its build day; an id that cannot name a web folder
/// is an error.
fn entries(env: &Env, within: u32) -> Result<Vec<Entry<'_>>, Error> {
    let mut bad_ids = Vec::new();
    let mut entries = Vec::new();
    for doc in &env.project.cases {
        if !safe_segment(&doc.value.id) {
            bad_ids.push(doc.error(
                "id",
                format!(
                    "`{}` cannot name a web folder: use lower-case letters, digits and `-`",
                    doc.value.id
                ),
            ));
            continue;
        }
        entries.push(Entry {
            doc,
            life: life::of_within(env, doc, within),
        });
    }
    if !bad_ids.is_empty() {
        return Err(Error::Invalid(bad_ids));
    }
    Ok(entries)
}

/// The entries the site publishes. A document issued after today is prepared ahead of its
/// release: it is not published (and, by the state rule, the documents it will replace live on
/// until then).
fn published(mut entries: Vec<Entry<'_>>) -> Vec<Entry<'_>> {
    entries.retain(|e| {
        e.state() != State::Upcoming && e.doc.value.issued.is_none_or(|d| d <= e.life.today)
    });
    entries
}

/// The entries of each action (same reference), in chain order.
fn chains(entries: &[Entry]) -> BTreeMap<String, Vec<usize>> {
    let mut chains: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        chains
            .entry(e.doc.value.reference.clone())
            .or_default()
            .push(i);
    }
    for list in chains.values_mut() {
        list.sort_by_key(|&i| {
            let c = &entries[i].doc.value;
            (life::chain_rank(c), c.issued, c.id.clone())
        });
    }
    chains
}

/// Whether `id` is safe as one folder name in a URL: no separators, dots first or spaces.
fn safe_segment(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A problem with `lang`'s messages.
pub(super) fn locale_problem(lang: &str, message: String) -> Problem {
    Problem::error(format!("locales/{lang}"), (0, 0), message)
}

impl Shared<'_> {
    /// The fingerprint of what entry `i`'s page in `lang` is made from (see
    /// [`super::fingerprint`]); `None` when its case file's digest is not known (it is then
    /// always made).
    pub(super) fn fingerprint(&self, i: usize, lang: &str) -> Option<String> {
        let entry = &self.entries[i];
        let c = &entry.doc.value;
        let own = self.inputs.cases.get(&entry.doc.file.path)?;
        let mut h = Sha256::new();
        let life = &entry.life;
        let build = format!(
            "site page 1|{}|{}|{}|{:?}|{}|{lang}|{:?}|{:?}|{:?}|{:?}",
            crate::program::PROGRAM,
            self.build_date,
            life.today,
            self.opts.base_url,
            self.opts.fax,
            life.state,
            life.replaced,
            self.earlier.link_for(c),
            // The page shows how many said they acted (from the ledger, not a project file).
            self.opts.acted.get(&c.id),
        );
        fingerprint::part(&mut h, build.as_bytes());
        fingerprint::part(&mut h, &self.inputs.shared);
        fingerprint::part(&mut h, own);
        for &j in self.chains.get(&c.reference).into_iter().flatten() {
            let d = &self.entries[j].doc.value;
            let line = format!(
                "{}|{}|{:?}|{:?}|{}|{}",
                d.id,
                d.kind.as_str(),
                d.update,
                d.issued,
                d.reference,
                d.languages.join(",")
            );
            fingerprint::part(&mut h, line.as_bytes());
        }
        Some(crate::render::hex(&h.finalize()))
    }

    /// Message `id` in `lang`.
    pub(super) fn t(&self, lang: &str, id: &str, args: &[(&str, Arg)]) -> Result<String, Problem> {
        self.env
            .locales
            .format(lang, id, args)
            .map_err(|e| locale_problem(lang, e))
    }

    /// A date in `lang`'s own form.
    pub(super) fn date(
        &self,
        lang: &str,
        date: NaiveDate,
        form: DateForm,
    ) -> Result<String, Problem> {
        self.env
            .locales
            .date(lang, date, form)
            .map_err(|e| locale_problem(lang, e))
    }

    /// The absolute address of a path under the site root, with a base URL.
    pub(super) fn url(&self, path: &str) -> Option<String> {
        self.opts.base_url.as_ref().map(|b| format!("{b}{path}"))
    }

    /// The site-wide parts of a page at `depth` folders below the root, in `lang`. `here`
    /// gives, per language, the path of this page's version in it (from the root), when it
    /// has one.
    pub(super) fn site_view(
        &self,
        lang: &str,
        depth: usize,
        here: impl Fn(&str) -> Option<String>,
    ) -> Result<SiteView, Problem> {
        let root = "../".repeat(depth);
        let languages = self
            .langs
            .iter()
            .map(|l| LangLink {
                code: l.clone(),
                name: self.names[l].clone(),
                href: format!(
                    "{root}{}",
                    here(l).unwrap_or_else(|| format!("{l}/index.html"))
                ),
                current: l == lang,
            })
            .collect();
        let mut alternates: Vec<Alternate> = self
            .langs
            .iter()
            .filter_map(|l| {
                let path = here(l)?;
                Some(Alternate {
                    lang: l.clone(),
                    href: self.url(&pretty(&path))?,
                })
            })
            .collect();
        let default = &self.env.project.campaign.value.default_language;
        if let Some(d) = alternates.iter().find(|a| &a.lang == default) {
            alternates.push(Alternate {
                lang: "x-default".into(),
                href: d.href.clone(),
            });
        }
        let org = crate::model::text::pick(
            &self.env.project.campaign.value.organisation.name,
            lang,
            &[default.as_str()],
        )
        .cloned()
        .unwrap_or_default();
        Ok(SiteView {
            org,
            languages,
            alternates,
            index: format!("{root}{lang}/index.html"),
            archive: format!("{root}{lang}/archive.html"),
            feed: self
                .opts
                .base_url
                .as_ref()
                .map(|_| format!("{root}{lang}/feed.atom")),
            built: self.date(lang, self.build_date, DateForm::Long)?,
            root,
        })
    }

    /// "Update 2", as `lang` words it.
    pub(super) fn kind_label(&self, lang: &str, case: &Case) -> Result<String, Problem> {
        self.t(
            lang,
            "site-kind",
            &[
                ("kind", case.kind.as_str().into()),
                ("number", i64::from(case.update.unwrap_or(0)).into()),
            ],
        )
    }

    /// A state ("open", "closed"…), as `lang` words it.
    pub(super) fn state_text(&self, lang: &str, state: State) -> Result<String, Problem> {
        self.t(lang, "site-state", &[("state", state.as_str().into())])
    }

    /// A link from a case page in `lang` to entry `i`'s page: in `lang` when it is written in
    /// it, else in its first language.
    pub(super) fn case_link(
        &self,
        lang: &str,
        i: usize,
        current: bool,
    ) -> Result<ChainLink, Problem> {
        let c = &self.entries[i].doc.value;
        let target_lang = if c.languages.iter().any(|l| l == lang) {
            lang
        } else {
            c.languages.first().map_or(lang, String::as_str)
        };
        let href = if target_lang == lang {
            format!("../{}/index.html", c.id)
        } else {
            format!("../../{target_lang}/{}/index.html", c.id)
        };
        Ok(ChainLink {
            label: format!("{} · {}", self.kind_label(lang, c)?, c.reference),
            href,
            hreflang: (target_lang != lang).then(|| target_lang.to_string()),
            issued: match c.issued {
                Some(d) => Some(self.date(lang, d, DateForm::Long)?),
                None => None,
            },
            current,
        })
    }
}

/// A folder page's address without `index.html`, as web servers publish it.
pub(super) fn pretty(path: &str) -> String {
    path.strip_suffix("index.html").unwrap_or(path).to_string()
}

/// `2018-05-20T00:00:00Z`.
pub(super) fn rfc3339(date: NaiveDate) -> String {
    format!("{date}T00:00:00Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_are_url_safe() {
        assert!(safe_segment("ua-82-18"));
        assert!(safe_segment("fld-2014-mukhortova"));
        for bad in ["", "..", ".hidden", "a/b", "a b", "a?b", "ü"] {
            assert!(!safe_segment(bad), "{bad}");
        }
    }

    #[test]
    fn folder_pages_publish_without_index_html() {
        assert_eq!(pretty("kk/ua-82-18/index.html"), "kk/ua-82-18/");
        assert_eq!(pretty("kk/archive.html"), "kk/archive.html");
    }
}
