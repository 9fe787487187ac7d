//! Dispatch: what reaches each authority of a case. Every target gets the appeal once, in one
//! language it reads: one email (To the target; the copies Cc'd on the first email only), one
//! fax, or, when neither is known, a letter to print and post. A copy no email carries is posted
//! a copy of the first target's letter. `send` turns the plan into messages; its dry run prints
//! it.

use crate::domain::resolve::{self, Recipient, View};
use crate::error::Problem;
use crate::i18n::Locales;
use crate::load::{Doc, Project};
use crate::model::{Case, TargetRef};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};

/// The language an authority gets a case's appeal in, following the contract's order: the
/// target's own `language`; else the campaign's `authority_language` when the authority reads
/// it and the case is written in it; else the first of the authority's languages the case is
/// written in. An authority without `languages` reads every language of the case.
pub fn language_for(project: &Project, case: &Case, target: &TargetRef) -> Result<String, String> {
    if let Some(lang) = &target.language {
        return if case.languages.contains(lang) {
            Ok(lang.clone())
        } else {
            Err(format!(
                "`{}` is to get the appeal in `{lang}`, but the case is not written in it (it has {})",
                target.role,
                case.languages.join(", ")
            ))
        };
    }
    let reads: Vec<&String> = match project.authorities.get(&target.role) {
        Some(a) if !a.value.languages.is_empty() => a.value.languages.iter().collect(),
        _ => case.languages.iter().collect(),
    };
    if let Some(preferred) = &project.campaign.value.authority_language
        && reads.contains(&preferred)
        && case.languages.contains(preferred)
    {
        return Ok(preferred.clone());
    }
    reads
        .iter()
        .find(|l| case.languages.contains(l))
        .map(|l| (*l).clone())
        .ok_or_else(|| {
            format!(
                "`{}` reads {}, and the case is written in none of them ({}): add one of them to the case, or give the target a `language:`",
                target.role,
                reads.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
                case.languages.join(", ")
            )
        })
}

/// One way an appeal reaches an authority.
#[derive(Debug, Clone)]
pub enum Channel {
    /// An email To the target's addresses, Cc the copies' addresses.
    Email {
        /// Addresses of the target.
        to: Vec<String>,
        /// Copies: (display name, address), none repeating an address in `to`.
        cc: Vec<(String, String)>,
    },
    /// A fax; `gateway` is the email-to-fax address when the campaign has a gateway.
    Fax {
        /// E.164 number.
        number: String,
        /// Gateway address, e.g. `77172506402@fax.example.org`.
        gateway: Option<String>,
    },
    /// A letter that can only go by post: the file `appeal render` writes, to print.
    Post {
        /// Where `appeal render CASE --lang L --format letter` writes it, under `out/`.
        file: String,
        /// For a copy: the title of the target whose letter it is. A copy gets no letter of
        /// its own: it is a copy of the first target's letter, which names it in its Copies line.
        copy_of: Option<String>,
    },
}

/// One delivery of the plan.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// Index into the view's `targets` (for copies: `None`).
    pub target: Option<usize>,
    /// Language of the appeal.
    pub lang: String,
    /// The recipient, resolved in `lang`.
    pub recipient: Recipient,
    /// How it goes.
    pub channel: Channel,
}

/// The dispatch plan for one case: the resolved view per language used, and the deliveries.
pub struct Plan {
    /// One view per language some target gets.
    pub views: BTreeMap<String, View>,
    /// Deliveries in the order of the case's targets, then post-only copies.
    pub deliveries: Vec<Delivery>,
}

/// Builds the plan for `case` on `date`; `forced` (`--lang`) gives every target that language.
/// `gateway` is the campaign's fax-gateway pattern (`{number}@fax.example.org`).
pub fn plan(
    project: &Project,
    locales: &Locales,
    case: &Doc<Case>,
    forced: Option<&str>,
    gateway: Option<&str>,
    date: NaiveDate,
    warnings: &mut Vec<Problem>,
) -> Result<Plan, Vec<Problem>> {
    let c = &case.value;
    let mut langs = Vec::new();
    let mut errors = Vec::new();
    for (i, t) in c.targets.iter().enumerate() {
        match forced.map_or_else(|| language_for(project, c, t), |l| Ok(l.to_string())) {
            Ok(l) => langs.push(l),
            Err(m) => errors.push(case.error(&format!("targets.{i}"), m)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut views = BTreeMap::new();
    for lang in &langs {
        if !views.contains_key(lang) {
            let v =
                resolve::view(project, locales, case, lang, date, warnings).map_err(|p| vec![p])?;
            views.insert(lang.clone(), v);
        }
    }
    let mut deliveries = Vec::new();
    let mut emails = Emails::default();
    for (i, lang) in langs.iter().enumerate() {
        let view = &views[lang];
        let r = &view.targets[i];
        let mut reached = false;
        if !r.emails.is_empty() {
            let (to, cc) = emails.next(view, &r.emails);
            if !to.is_empty() {
                deliveries.push(Delivery {
                    target: Some(i),
                    lang: lang.clone(),
                    recipient: r.clone(),
                    channel: Channel::Email { to, cc },
                });
            }
            reached = true;
        }
        if let Some(number) = &r.fax {
            deliveries.push(Delivery {
                target: Some(i),
                lang: lang.clone(),
                recipient: r.clone(),
                channel: Channel::Fax {
                    number: number.clone(),
                    gateway: gateway.map(|p| p.replace("{number}", number.trim_start_matches('+'))),
                },
            });
            reached = true;
        }
        if !reached {
            deliveries.push(post(case, lang, r, Some(i)));
        }
    }
    // Copies that no email carries go by post, in the language of the first target: a copy of
    // that target's letter (the one whose email would have carried them as Cc), which names
    // every copy. `render` writes letters for targets only, so that is the file to print.
    if let Some(lang) = langs.first() {
        let view = &views[lang];
        if let Some(first) = view.targets.first() {
            for r in &view.copies {
                if r.emails.is_empty() || !emails.copies_placed() {
                    deliveries.push(Delivery {
                        target: None,
                        lang: lang.clone(),
                        recipient: r.clone(),
                        channel: Channel::Post {
                            file: letter_file(case, lang, first),
                            copy_of: Some(first.title.clone()),
                        },
                    });
                }
            }
        }
    }
    Ok(Plan { views, deliveries })
}

/// The emails of one case, in the order they go out: no address gets the appeal twice, and
/// the copies are Cc'd on the first email only. `send` plans with it and `render` writes its
/// `.eml` files with it, so both place the copies alike.
#[derive(Debug, Default)]
pub struct Emails {
    /// Every address some email of the case already carries, in its compared form.
    addressed: HashSet<String>,
    /// Whether the first email, the one with the copies, has been made.
    copies_placed: bool,
}

impl Emails {
    /// The next email, to a target with the addresses `to`: those of them no earlier email
    /// carries, and its Cc (display name, address): on the first email, every copy with an
    /// email address, each address once and none already addressed; on later ones, none.
    pub fn next(&mut self, view: &View, to: &[String]) -> (Vec<String>, Vec<(String, String)>) {
        let to: Vec<String> = to
            .iter()
            .filter(|a| self.addressed.insert(a.trim().to_lowercase()))
            .cloned()
            .collect();
        if std::mem::replace(&mut self.copies_placed, true) {
            return (to, Vec::new());
        }
        let mut cc = Vec::new();
        for c in &view.copies {
            for a in &c.emails {
                if self.addressed.insert(a.trim().to_lowercase()) {
                    cc.push((c.display_name(), a.clone()));
                }
            }
        }
        (to, cc)
    }

    /// Whether an email already carries the copies.
    pub fn copies_placed(&self) -> bool {
        self.copies_placed
    }
}

fn post(case: &Doc<Case>, lang: &str, r: &Recipient, target: Option<usize>) -> Delivery {
    Delivery {
        target,
        lang: lang.to_string(),
        recipient: r.clone(),
        channel: Channel::Post {
            file: letter_file(case, lang, r),
            copy_of: None,
        },
    }
}

/// Where `appeal render CASE --lang L --format letter` writes the letter to target `r`.
fn letter_file(case: &Doc<Case>, lang: &str, r: &Recipient) -> String {
    format!("out/{}/{lang}/letter-{}.html", case.value.id, r.slug)
}
