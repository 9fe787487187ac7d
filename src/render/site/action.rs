//! The action page of one case in one language (`site/action.html`): the case, its deadline and
//! count-down, every target with the supporter's ready letter (text, `mailto:` link, fax PDF),
//! a calendar file, and the other documents of the action. It also gives the case's line in the
//! language's index and feed.

use super::shared::{ChainLink, Entry, Shared, SiteFile, locale_problem, rfc3339};
use super::summary::Summary;
use crate::domain::agenda;
use crate::domain::life::State;
use crate::domain::resolve::{self, OrgView, Recipient, View};
use crate::error::Problem;
use crate::render::fax::fax_source;
use crate::render::letter::email_body;
use crate::render::mime::{self, mailto::letter_link};
use crate::render::{Sender, context};
use chrono::{TimeZone, Utc};
use serde::Serialize;
use tera::Context;

/// One target with its ready letter.
#[derive(Debug, Serialize)]
struct TargetPage {
    r: Recipient,
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

/// A rendered action page and its files.
pub(super) struct PageOut {
    /// The case as the language's index and feed list it.
    pub summary: Summary,
    /// The page, its letters, faxes and calendar file, as made.
    pub files: Vec<SiteFile>,
    /// Its faxes the previous build made from the same source, kept as they are (by path).
    pub kept: Vec<String>,
    /// The fingerprint of each of its faxes, by path.
    pub faxes: Vec<(String, String)>,
}

impl PageOut {
    /// How many of its faxes were compiled.
    pub(super) fn faxes_made(&self) -> usize {
        self.faxes.len() - self.kept.len()
    }
}

/// The supporter who signs the page's letters: placeholders they replace.
fn supporter(shared: &Shared, lang: &str) -> Result<(Sender, OrgView), Problem> {
    let name = shared.t(lang, "site-your-name", &[])?;
    // The same line to fill in as an alert's letter shows a supporter who gave no address.
    let address = shared.t(lang, "letter-your-address", &[])?;
    let email = shared.t(lang, "site-your-email", &[])?;
    Ok((
        Sender {
            name: name.clone(),
            address: vec![address.clone()],
            voice: "i",
            signature: vec![name.clone()],
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
            signature: vec![],
        },
    ))
}

/// The action page of entry `i` in `lang`, with its files.
pub(super) fn action_page(
    shared: &Shared,
    i: usize,
    lang: &str,
    warnings: &mut Vec<Problem>,
) -> Result<PageOut, Problem> {
    let env = shared.env;
    let entry = &shared.entries[i];
    let c = &entry.doc.value;
    let dir = format!("{lang}/{}", c.id);
    // The page is used until the deadline: a holder who changes before it is not named.
    let view: View = resolve::view(
        &env.project,
        &env.locales,
        entry.doc,
        lang,
        entry.life.letter_date(),
        warnings,
    )?
    .public();
    let (sender, from) = supporter(shared, lang)?;
    let act = entry.act();
    let base = context(&view, None, &sender)?;
    let mut out = PageOut {
        summary: summary(shared, entry, &view, lang)?,
        files: Vec::new(),
        kept: Vec::new(),
        faxes: Vec::new(),
    };
    let targets = if act {
        targets(shared, &view, &base, (&sender, &from), &dir, &mut out)?
    } else {
        Vec::new()
    };
    let ics = match (&view.deadline, act) {
        (Some(_), true) => {
            let (name, file) = calendar(shared, entry, &view, &dir)?;
            out.files.push(file);
            Some(name)
        }
        _ => None,
    };
    let (days_text, days_forms, passed_text) = deadline_texts(shared, &view)?;
    let (chain, latest) = chain(shared, entry, i, lang)?;
    let page = ActionPage {
        state: entry.state().as_str(),
        act,
        kind_label: shared.kind_label(lang, c)?,
        days_text,
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
    ctx.insert("acted_count", &shared.opts.acted.get(&c.id));
    let html = env.templates.render("site/action.html", &ctx)?;
    out.files
        .push(SiteFile::text(format!("{dir}/index.html"), html));
    Ok(out)
}

/// The case as the language's index and feed list it.
fn summary(shared: &Shared, entry: &Entry, view: &View, lang: &str) -> Result<Summary, Problem> {
    let c = &entry.doc.value;
    let dir = format!("{lang}/{}", c.id);
    let (days_text, _, _) = deadline_texts(shared, view)?;
    Ok(Summary {
        id: c.id.clone(),
        href: format!("{}/index.html", c.id),
        title: view.case.title.clone(),
        reference: c.reference.clone(),
        person: view.case.person.name.clone(),
        kind_label: shared.kind_label(lang, c)?,
        state: entry.state().as_str().into(),
        state_text: shared.state_text(lang, entry.state())?,
        act: entry.act(),
        closing_soon: entry.state() == State::ClosingSoon,
        days_left: view.deadline.as_ref().map(|d| d.days_left),
        days_text,
        deadline_text: view.deadline.as_ref().map(|d| d.before_text.clone()),
        deadline_date: view.deadline.as_ref().map(|d| d.send_before_text.clone()),
        last_day_text: view.deadline.as_ref().map(|d| d.last_day_text.clone()),
        lead: view.case.summary.first().cloned().unwrap_or_default(),
        updated: rfc3339(c.issued.unwrap_or(shared.build_date)),
        url: shared.url(&format!("{dir}/")),
    })
}

/// Every target with the supporter's letter, as a text file and a `mailto:` link, and the fax
/// PDF when the build makes faxes; the files go to `files`, under the page's folder `dir`.
/// `signer` is the supporter who signs and the cover's sender.
fn targets(
    shared: &Shared,
    view: &View,
    base: &Context,
    signer: (&Sender, &OrgView),
    dir: &str,
    out: &mut PageOut,
) -> Result<Vec<TargetPage>, Problem> {
    let env = shared.env;
    let lang = view.lang.as_str();
    let cc: Vec<String> = view.copies.iter().flat_map(|r| r.emails.clone()).collect();
    let subject = mime::letter_subject(&env.locales, view).map_err(|e| locale_problem(lang, e))?;
    let mut targets = Vec::new();
    for r in &view.targets {
        // What `letter_text` does, from the page's context: the view is serialised once.
        let mut letter_ctx = base.clone();
        letter_ctx.insert("r", r);
        let text = env.templates.render("letter.txt", &letter_ctx)?;
        let letter_file = format!("letter-{}.txt", r.slug);
        out.files
            .push(SiteFile::text(format!("{dir}/{letter_file}"), text.clone()));
        let (link, with_body) = if r.emails.is_empty() {
            (None, false)
        } else {
            let body = email_body(&text, r);
            let (link, with_body) = letter_link(&r.emails, &cc, &subject, &body, None);
            (Some(link), with_body)
        };
        let fax_file = if shared.opts.fax && r.fax.is_some() {
            let name = format!("fax-{}.pdf", r.slug);
            let path = format!("{dir}/{name}");
            let source = fax_source(env, view, r, signer.0, signer.1)?;
            let fingerprint = source.fingerprint();
            // The same source as the previous build's fax: that one is kept as it is.
            if shared.previous.faxes.get(&path) == Some(&fingerprint) {
                out.kept.push(path.clone());
            } else {
                let bytes = source.compile()?.pdf;
                out.files.push(SiteFile {
                    path: path.clone(),
                    bytes,
                });
            }
            out.faxes.push((path, fingerprint));
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
    Ok(targets)
}

/// The calendar file of the case's deadline: its name, and the file under `dir`.
fn calendar(
    shared: &Shared,
    entry: &Entry,
    view: &View,
    dir: &str,
) -> Result<(String, SiteFile), Problem> {
    let env = shared.env;
    let doc = entry.doc;
    let name = format!("{}.ics", doc.value.id);
    let row = agenda::row_from(env, doc, &entry.life, &view.lang, Some(view))
        .with_own_link(&shared.earlier)
        .with_link(shared.url(&format!("{dir}/")));
    let stamp = Utc.from_utc_datetime(&shared.build_date.and_time(chrono::NaiveTime::MIN));
    let text = agenda::ics_at(env, &[row], &view.lang, 3, stamp)
        .map_err(|e| doc.error("", format!("calendar: {e}")))?;
    let file = SiteFile::text(format!("{dir}/{name}"), text);
    Ok((name, file))
}

/// The deadline in words: the days left (or that it has passed), the count-down's forms, and
/// the text the count-down shows once it has passed.
type DeadlineTexts = (Option<String>, Option<String>, Option<String>);

fn deadline_texts(shared: &Shared, view: &View) -> Result<DeadlineTexts, Problem> {
    let lang = view.lang.as_str();
    let Some(d) = &view.deadline else {
        return Ok((None, None, None));
    };
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
    Ok((
        Some(text),
        shared.day_forms.get(lang).cloned(),
        Some(passed),
    ))
}

/// The documents of entry `i`'s action, when it has more than one, and the latest of them
/// when a later one superseded or closed `i`.
fn chain(
    shared: &Shared,
    entry: &Entry,
    i: usize,
    lang: &str,
) -> Result<(Vec<ChainLink>, Option<ChainLink>), Problem> {
    let chain_ids = &shared.chains[&entry.doc.value.reference];
    let chain = if chain_ids.len() > 1 {
        chain_ids
            .iter()
            .map(|&j| shared.case_link(lang, j, j == i))
            .collect::<Result<Vec<_>, _>>()?
    } else {
        Vec::new()
    };
    // A page a later document superseded or closed links the action's latest document.
    let latest = match (&entry.life.replaced, chain_ids.last()) {
        (Some(_), Some(&j)) if j != i => Some(shared.case_link(lang, j, false)?),
        _ => None,
    };
    Ok((chain, latest))
}
