//! The public action site (`appeal site`): per case and language an action page with the ready
//! letter, downloads and a calendar link; per language an index of open actions, an archive and
//! an Atom feed; a language chooser at the root. Pages come from the same views
//! ([`crate::domain::resolve`]), Fluent messages and Tera templates (`templates/site/`) as every other
//! output, are rendered in memory, and depend only on the inputs and the build date.

use super::fax::fax_document_from;
use super::mime::{self, mailto::letter_link};
use super::{Sender, context};
use crate::domain::agenda;
use crate::domain::deadline::{self, State};
use crate::domain::resolve::{self, OrgView, View};
use crate::env::Env;
use crate::error::{Error, Problem};
use crate::i18n::{Arg, DateForm};
use crate::load::Doc;
use crate::model::Case;
use chrono::{NaiveDate, TimeZone, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The templates the site needs, under `templates/`.
pub const SITE_TEMPLATES: [&str; 4] = [
    "site/action.html",
    "site/index.html",
    "site/root.html",
    "site/feed.xml",
];

/// Files copied as they are to `OUT/assets/` (style sheet, script, images).
pub const ASSETS_DIR: &str = "templates/site/assets";

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
    fn text(path: String, text: String) -> SiteFile {
        SiteFile {
            path,
            bytes: text.into_bytes(),
        }
    }
}

/// A case document with its state on its build day.
struct Entry<'a> {
    doc: &'a Doc<Case>,
    resolved: Option<deadline::Resolved>,
    state: State,
    today: NaiveDate,
}

impl Entry<'_> {
    /// Whether supporters are asked to act: open, or closing soon.
    fn act(&self) -> bool {
        matches!(self.state, State::Open | State::ClosingSoon)
    }
}

/// What every page of the build shares.
struct Shared<'a> {
    env: &'a Env,
    opts: &'a Options,
    /// Site languages, in the campaign's order.
    langs: Vec<String>,
    /// Each language's name in itself ("Қазақша").
    names: BTreeMap<String, String>,
    entries: Vec<Entry<'a>>,
    /// Entries of one action (same reference), in chain order.
    chains: BTreeMap<String, Vec<usize>>,
    build_date: NaiveDate,
    /// Per language, the count-down's forms for [`DAY_SAMPLES`], as JSON.
    day_forms: BTreeMap<String, String>,
}

/// A link in the language switcher.
#[derive(Debug, Serialize)]
struct LangLink {
    code: String,
    name: String,
    href: String,
    current: bool,
}

/// An absolute alternate-language address (`<link rel="alternate" hreflang>`).
#[derive(Debug, Serialize)]
struct Alternate {
    lang: String,
    href: String,
}

/// Site-wide parts of a page.
#[derive(Debug, Serialize)]
struct SiteView {
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
struct ChainLink {
    label: String,
    href: String,
    /// The language of the linked page, when it is not the page's own.
    hreflang: Option<String>,
    issued: Option<String>,
    current: bool,
}

/// One target with its ready letter.
#[derive(Debug, Serialize)]
struct TargetPage {
    r: resolve::Recipient,
    /// The letter, as the supporter copies it.
    text: String,
    /// The `mailto:` link, with the letter when short enough.
    mailto: Option<String>,
    /// Whether `mailto` carries the letter.
    mailto_body: bool,
    letter_file: String,
    fax_file: Option<String>,
}

/// The action page's own parts (`page` in `site/action.html`).
#[derive(Debug, Serialize)]
struct ActionPage {
    state: &'static str,
    act: bool,
    kind_label: String,
    /// "18 days left", or that the deadline has passed.
    days_text: Option<String>,
    /// The live count-down's forms by day count, as JSON.
    days_forms: Option<String>,
    deadline_passed_text: Option<String>,
    ics: Option<String>,
    /// The latest document of the action, for a superseded page.
    latest: Option<ChainLink>,
    chain: Vec<ChainLink>,
    targets: Vec<TargetPage>,
}

/// A case as indexes and feeds list it.
#[derive(Debug, Clone, Serialize)]
struct Summary {
    id: String,
    /// From the language's folder: `<id>/index.html`.
    href: String,
    title: String,
    reference: String,
    person: String,
    kind_label: String,
    state: &'static str,
    state_text: String,
    act: bool,
    closing_soon: bool,
    #[serde(skip)]
    days_left: Option<i64>,
    days_text: Option<String>,
    /// "before 7 June 2018", as the language builds it.
    deadline_text: Option<String>,
    /// The send-before date, running text.
    deadline_date: Option<String>,
    /// The last day to send, running text.
    last_day_text: Option<String>,
    lead: String,
    /// RFC 3339: the issue date, else the build date.
    updated: String,
    /// Absolute address (with a base URL).
    url: Option<String>,
}

/// A rendered action page and its files.
struct PageOut {
    lang: String,
    summary: Summary,
    files: Vec<SiteFile>,
}

/// Builds every file of the site in memory. Problems in one page are collected with the
/// others; any error means nothing is returned.
pub fn build(
    env: &Env,
    opts: &Options,
    warnings: &mut Vec<Problem>,
) -> Result<Vec<SiteFile>, Error> {
    let missing: Vec<Problem> = SITE_TEMPLATES
        .iter()
        .filter(|name| !env.templates.has(name))
        .map(|name| {
            Problem::error(
                Path::new(crate::templates::TEMPLATES_DIR).join(name),
                (0, 0),
                format!(
                    "template `{name}` is missing: `appeal site` needs templates/site/ (copy it from the appeal repository)"
                ),
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(Error::Invalid(missing));
    }
    let shared = shared(env, opts)?;
    let jobs: Vec<(usize, &str)> = shared
        .entries
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            e.doc
                .value
                .languages
                .iter()
                .filter(|l| shared.langs.contains(l))
                .map(move |l| (i, l.as_str()))
        })
        .collect();
    let results = run_parallel(&jobs, |&(i, lang), w| action_page(&shared, i, lang, w));
    let mut files = Vec::new();
    let mut summaries: BTreeMap<String, Vec<Summary>> = BTreeMap::new();
    let mut errors = Vec::new();
    for (result, w) in results {
        warnings.extend(w);
        match result {
            Ok(page) => {
                files.extend(page.files);
                summaries.entry(page.lang).or_default().push(page.summary);
            }
            Err(p) => errors.push(p),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    for lang in &shared.langs {
        let list = summaries.remove(lang).unwrap_or_default();
        files.extend(language_pages(&shared, lang, list).map_err(|p| Error::Invalid(vec![p]))?);
    }
    files.push(root_page(&shared).map_err(|p| Error::Invalid(vec![p]))?);
    files.extend(assets(env)?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// A job's result with the warnings it raised.
type Done<T> = (Result<T, Problem>, Vec<Problem>);

/// Runs `f` over `jobs` on every core, keeping the jobs' order.
fn run_parallel<J: Sync, T: Send>(
    jobs: &[J],
    f: impl Fn(&J, &mut Vec<Problem>) -> Result<T, Problem> + Sync,
) -> Vec<Done<T>> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(jobs.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, Done<T>)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        let mut w = Vec::new();
                        let r = f(job, &mut w);
                        out.push((i, (r, w)));
                    }
                    out
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

fn shared<'a>(env: &'a Env, opts: &'a Options) -> Result<Shared<'a>, Error> {
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
    let mut bad_ids = Vec::new();
    let within = campaign.closing_soon_days;
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
        let (resolved, state) = crate::domain::deadline::status(env, doc, within);
        entries.push(Entry {
            doc,
            resolved,
            state,
            today: env.today_for(&doc.value),
        });
    }
    if !bad_ids.is_empty() {
        return Err(Error::Invalid(bad_ids));
    }
    // A document issued after today is prepared ahead of its release: it is not published, and
    // an earlier document it will replace stays as it is until then.
    let unreleased =
        |e: &Entry| e.state == State::Upcoming || e.doc.value.issued.is_some_and(|d| d > e.today);
    let upcoming: Vec<&Case> = entries
        .iter()
        .filter(|e| unreleased(e))
        .map(|e| &e.doc.value)
        .collect();
    let published: Vec<&Case> = entries
        .iter()
        .filter(|e| !unreleased(e))
        .map(|e| &e.doc.value)
        .collect();
    let mut restated = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let c = &e.doc.value;
        let later_published = published.iter().any(|o| {
            o.id != c.id
                && o.reference == c.reference
                && (o.follows.as_deref() == Some(c.id.as_str())
                    || deadline::chain_rank(o) > deadline::chain_rank(c))
        });
        if e.state == State::Superseded && !later_published && !upcoming.is_empty() {
            restated.push((
                i,
                deadline::state(c, false, e.resolved.as_ref(), e.today, within),
            ));
        }
    }
    let keep: Vec<bool> = entries.iter().map(|e| !unreleased(e)).collect();
    for (i, state) in restated {
        entries[i].state = state;
    }
    let mut keep = keep.into_iter();
    entries.retain(|_| keep.next().unwrap_or(true));
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
            (deadline::chain_rank(c), c.issued, c.id.clone())
        });
    }
    let tz = campaign.zone();
    Ok(Shared {
        env,
        opts,
        langs,
        names,
        entries,
        chains,
        build_date: env.clock.today_in(tz),
        day_forms,
    })
}

/// Whether `id` is safe as one folder name in a URL: no separators, dots first or spaces.
fn safe_segment(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn locale_problem(lang: &str, message: String) -> Problem {
    Problem::error(format!("locales/{lang}"), (0, 0), message)
}

impl Shared<'_> {
    fn t(&self, lang: &str, id: &str, args: &[(&str, Arg)]) -> Result<String, Problem> {
        self.env
            .locales
            .format(lang, id, args)
            .map_err(|e| locale_problem(lang, e))
    }

    fn date(&self, lang: &str, date: NaiveDate, form: DateForm) -> Result<String, Problem> {
        self.env
            .locales
            .date(lang, date, form)
            .map_err(|e| locale_problem(lang, e))
    }

    /// The absolute address of a path under the site root, with a base URL.
    fn url(&self, path: &str) -> Option<String> {
        self.opts.base_url.as_ref().map(|b| format!("{b}{path}"))
    }

    /// The site-wide parts of a page at `depth` folders below the root, in `lang`. `here`
    /// gives, per language, the path of this page's version in it (from the root), when it
    /// has one.
    fn site_view(
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

    fn kind_label(&self, lang: &str, case: &Case) -> Result<String, Problem> {
        self.t(
            lang,
            "site-kind",
            &[
                ("kind", case.kind.as_str().into()),
                ("number", i64::from(case.update.unwrap_or(0)).into()),
            ],
        )
    }

    fn state_text(&self, lang: &str, state: State) -> Result<String, Problem> {
        self.t(lang, "site-state", &[("state", state.as_str().into())])
    }

    /// A link from a case page in `lang` to entry `i`'s page: in `lang` when it is written in
    /// it, else in its first language.
    fn case_link(&self, lang: &str, i: usize, current: bool) -> Result<ChainLink, Problem> {
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
fn pretty(path: &str) -> String {
    path.strip_suffix("index.html").unwrap_or(path).to_string()
}

/// `2018-05-20T00:00:00Z`.
fn rfc3339(date: NaiveDate) -> String {
    format!("{date}T00:00:00Z")
}

/// The supporter who signs the page's letters: placeholders they replace.
fn supporter(shared: &Shared, lang: &str) -> Result<(Sender, OrgView), Problem> {
    let name = shared.t(lang, "site-your-name", &[])?;
    let address = shared.t(lang, "site-your-address", &[])?;
    let email = shared.t(lang, "site-your-email", &[])?;
    Ok((
        Sender {
            name: name.clone(),
            address: vec![address.clone()],
            voice: "i",
        },
        OrgView {
            name,
            address: vec![address],
            phone: None,
            phone_display: None,
            fax: None,
            fax_display: None,
            email,
            web: None,
        },
    ))
}

fn action_page(
    shared: &Shared,
    i: usize,
    lang: &str,
    warnings: &mut Vec<Problem>,
) -> Result<PageOut, Problem> {
    let env = shared.env;
    let entry = &shared.entries[i];
    let doc = entry.doc;
    let c = &doc.value;
    let dir = format!("{lang}/{}", c.id);
    // The page is used until the deadline: a holder who changes before it is not named.
    let view: View =
        resolve::view(&env.project, &env.locales, doc, lang, entry.today, warnings)?.public();
    let (sender, from) = supporter(shared, lang)?;
    let act = entry.act();
    let base = context(&view, None, &sender)?;
    let mut files = Vec::new();
    let mut targets = Vec::new();
    if act {
        let cc: Vec<String> = view.copies.iter().flat_map(|r| r.emails.clone()).collect();
        let subject =
            mime::letter_subject(&env.locales, &view).map_err(|e| locale_problem(lang, e))?;
        for r in &view.targets {
            // What `letter_text` does, from the page's context: the view is serialised once.
            let mut letter_ctx = base.clone();
            letter_ctx.insert("r", r);
            let text = env.templates.render("letter.txt", &letter_ctx)?;
            let letter_file = format!("letter-{}.txt", r.slug);
            files.push(SiteFile::text(format!("{dir}/{letter_file}"), text.clone()));
            let (link, with_body) = if r.emails.is_empty() {
                (None, false)
            } else {
                // An email needs no postal blocks: from the salutation on.
                let body = text
                    .find(&r.salutation_line)
                    .map_or(text.as_str(), |at| &text[at..]);
                let (link, with_body) = letter_link(&r.emails, &cc, &subject, body, None);
                (Some(link), with_body)
            };
            let fax_file = if shared.opts.fax && r.fax.is_some() {
                let name = format!("fax-{}.pdf", r.slug);
                let pdf = fax_document_from(env, &view, r, &sender, &from)?.pdf;
                files.push(SiteFile {
                    path: format!("{dir}/{name}"),
                    bytes: pdf,
                });
                Some(name)
            } else {
                None
            };
            targets.push(TargetPage {
                r: r.clone(),
                text,
                mailto: link,
                mailto_body: with_body,
                letter_file,
                fax_file,
            });
        }
    }
    let ics = match (&view.deadline, act) {
        (Some(_), true) => {
            let name = format!("{}.ics", c.id);
            let status = (entry.resolved.clone(), entry.state);
            let row = agenda::row_from(env, doc, status, lang, Some(&view))
                .with_link(shared.url(&format!("{dir}/")));
            let stamp = Utc.from_utc_datetime(&shared.build_date.and_time(chrono::NaiveTime::MIN));
            let text = agenda::ics_at(env, &[row], lang, 3, stamp)
                .map_err(|e| doc.error("", format!("calendar: {e}")))?;
            files.push(SiteFile::text(format!("{dir}/{name}"), text));
            Some(name)
        }
        _ => None,
    };
    let (days_text, days_forms, passed_text) = match &view.deadline {
        Some(d) => {
            let passed = shared.t(
                lang,
                "site-deadline-passed",
                &[("date", d.send_before_text.as_str().into())],
            )?;
            let text = if d.passed {
                passed.clone()
            } else {
                shared.t(lang, "site-days-left", &[("days", d.days_left.into())])?
            };
            (
                Some(text),
                shared.day_forms.get(lang).cloned(),
                Some(passed),
            )
        }
        None => (None, None, None),
    };
    let chain_ids = &shared.chains[&c.reference];
    let chain = if chain_ids.len() > 1 {
        chain_ids
            .iter()
            .map(|&j| shared.case_link(lang, j, j == i))
            .collect::<Result<Vec<_>, _>>()?
    } else {
        Vec::new()
    };
    let latest = match (entry.state, chain_ids.last()) {
        (State::Superseded, Some(&j)) if j != i => Some(shared.case_link(lang, j, false)?),
        _ => None,
    };
    let kind_label = shared.kind_label(lang, c)?;
    let page = ActionPage {
        state: entry.state.as_str(),
        act,
        kind_label: kind_label.clone(),
        days_text: days_text.clone(),
        days_forms,
        deadline_passed_text: passed_text,
        ics,
        latest,
        chain,
        targets,
    };
    let site = shared.site_view(lang, 2, |l| {
        c.languages
            .iter()
            .any(|x| x == l)
            .then(|| format!("{l}/{}/index.html", c.id))
    })?;
    let mut ctx = base;
    ctx.insert("page", &page);
    ctx.insert("site", &site);
    let html = env.templates.render("site/action.html", &ctx)?;
    files.push(SiteFile::text(format!("{dir}/index.html"), html));
    let summary = Summary {
        id: c.id.clone(),
        href: format!("{}/index.html", c.id),
        title: view.case.title.clone(),
        reference: c.reference.clone(),
        person: view.case.person.name.clone(),
        kind_label,
        state: entry.state.as_str(),
        state_text: shared.state_text(lang, entry.state)?,
        act,
        closing_soon: entry.state == State::ClosingSoon,
        days_left: view.deadline.as_ref().map(|d| d.days_left),
        days_text,
        deadline_text: view.deadline.as_ref().map(|d| d.before_text.clone()),
        deadline_date: view.deadline.as_ref().map(|d| d.send_before_text.clone()),
        last_day_text: view.deadline.as_ref().map(|d| d.last_day_text.clone()),
        lead: view.case.summary.first().cloned().unwrap_or_default(),
        updated: rfc3339(c.issued.unwrap_or(shared.build_date)),
        url: shared.url(&format!("{dir}/")),
    };
    Ok(PageOut {
        lang: lang.to_string(),
        summary,
        files,
    })
}

/// The list page (`site/index.html`): the open actions or the archive.
#[derive(Debug, Serialize)]
struct ListPage {
    kind: &'static str,
    entries: Vec<Summary>,
}

/// The feed (`site/feed.xml`).
#[derive(Debug, Serialize)]
struct Feed {
    id: String,
    self_url: String,
    updated: String,
    entries: Vec<Summary>,
}

/// A language's index, archive and feed.
fn language_pages(
    shared: &Shared,
    lang: &str,
    summaries: Vec<Summary>,
) -> Result<Vec<SiteFile>, Problem> {
    let env = shared.env;
    let view_ctx = |site: &SiteView| -> Result<tera::Context, Problem> {
        let mut ctx = tera::Context::new();
        ctx.insert("lang", lang);
        ctx.insert("site", site);
        Ok(ctx)
    };
    let (mut open, mut rest): (Vec<Summary>, Vec<Summary>) =
        summaries.into_iter().partition(|s| s.act);
    // Most urgent first; cases without a deadline after those with one.
    open.sort_by(|a, b| {
        (!a.closing_soon, a.days_left.unwrap_or(i64::MAX), &a.id).cmp(&(
            !b.closing_soon,
            b.days_left.unwrap_or(i64::MAX),
            &b.id,
        ))
    });
    // The newest first.
    rest.sort_by(|a, b| (&b.updated, &a.id).cmp(&(&a.updated, &b.id)));
    let mut files = Vec::new();
    for (kind, file, list) in [
        ("index", "index.html", &open),
        ("archive", "archive.html", &rest),
    ] {
        let site = shared.site_view(lang, 1, |l| Some(format!("{l}/{file}")))?;
        let mut ctx = view_ctx(&site)?;
        ctx.insert(
            "page",
            &ListPage {
                kind,
                entries: list.clone(),
            },
        );
        files.push(SiteFile::text(
            format!("{lang}/{file}"),
            env.templates.render("site/index.html", &ctx)?,
        ));
    }
    if let (Some(id), Some(self_url)) = (
        shared.url(&format!("{lang}/")),
        shared.url(&format!("{lang}/feed.atom")),
    ) {
        let mut entries: Vec<Summary> = open.into_iter().chain(rest).collect();
        entries.sort_by(|a, b| (&b.updated, &a.id).cmp(&(&a.updated, &b.id)));
        let updated = entries
            .iter()
            .map(|e| e.updated.clone())
            .max()
            .unwrap_or_else(|| rfc3339(shared.build_date));
        let site = shared.site_view(lang, 1, |l| Some(format!("{l}/index.html")))?;
        let mut ctx = view_ctx(&site)?;
        ctx.insert(
            "feed",
            &Feed {
                id,
                self_url,
                updated,
                entries,
            },
        );
        files.push(SiteFile::text(
            format!("{lang}/feed.atom"),
            env.templates.render("site/feed.xml", &ctx)?,
        ));
    }
    Ok(files)
}

/// The root page: a language chooser.
fn root_page(shared: &Shared) -> Result<SiteFile, Problem> {
    let lang = &shared.env.project.campaign.value.default_language;
    let lang = if shared.langs.contains(lang) {
        lang.clone()
    } else {
        shared.langs[0].clone()
    };
    let site = shared.site_view(&lang, 0, |l| Some(format!("{l}/index.html")))?;
    let mut ctx = tera::Context::new();
    ctx.insert("lang", &lang);
    ctx.insert("site", &site);
    Ok(SiteFile::text(
        "index.html".into(),
        shared.env.templates.render("site/root.html", &ctx)?,
    ))
}

/// The files under `templates/site/assets/`, for `OUT/assets/`.
fn assets(env: &Env) -> Result<Vec<SiteFile>, Error> {
    let dir = env.project.root.join(ASSETS_DIR);
    let mut out = Vec::new();
    let mut pending = vec![dir.clone()];
    while let Some(d) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match crate::load::walk_kind(&entry) {
                Some(crate::load::WalkKind::Dir) => pending.push(path),
                Some(_) => {
                    let rel = path
                        .strip_prefix(&dir)
                        .unwrap_or(&path)
                        .to_string_lossy()
                        .replace('\\', "/");
                    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
                    out.push(SiteFile {
                        path: format!("assets/{rel}"),
                        bytes,
                    });
                }
                None => {}
            }
        }
    }
    Ok(out)
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
