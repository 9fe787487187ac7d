//! The lists of a language and the root: the index of open actions, the archive, the Atom
//! feed, and the language chooser at the site's root. Each case appears as its [`Summary`].

use super::shared::{Shared, SiteFile, SiteView, rfc3339};
use super::summary::Summary;
use crate::error::Problem;
use serde::Serialize;

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
pub(super) fn language_pages(
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
pub(super) fn root_page(shared: &Shared) -> Result<SiteFile, Problem> {
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
