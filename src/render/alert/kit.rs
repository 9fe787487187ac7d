//! The case resolved once per language for a mailing ([`AlertKit`]): the views, the embassies
//! supporters may copy, the unsubscribe links, and the compiled bodies of each group of
//! supporters (same language, same place), made on first use.

use super::bodies::{Fields, Group, OwnLinks, Signer, named, render_bodies};
use super::compiled::{Compiled, SharedLinks};
use super::template_scan::fields_in_logic;
use crate::domain::resolve::{self, View};
use crate::domain::variants::{self, Counts, Variant};
use crate::env::Env;
use crate::error::Problem;
use crate::load::Doc;
use crate::model::{Case, Mission};
use crate::render::mime::crlf;
use crate::render::{Sender, context};
use crate::supporters::{Supporter, primary};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};
use tera::Context;

/// Which message a supporter gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlertKind {
    /// The action alert (`appeal mail`).
    Alert,
    /// A reminder that the deadline is close (`appeal remind`).
    Reminder,
}

impl AlertKind {
    /// The journal's message kind: one alert per case, one reminder per deadline.
    pub fn journal_kind(&self, view: &View) -> String {
        match self {
            AlertKind::Alert => "alert".into(),
            AlertKind::Reminder => format!(
                "reminder:{}",
                view.deadline
                    .as_ref()
                    .map_or("none", |d| d.send_before.as_str())
            ),
        }
    }
}

/// Supporters whose alerts share everything but their own fields: language, place, the
/// variant of their letters and whether the greeting names them.
type GroupKey = (String, Place, Variant, bool);

/// Where a supporter lives, as far as the alert's copies go: the case country's mission in
/// their country (by index into [`AlertKit::missions`]), and whether they live in the case's
/// country itself, where there are no diplomats of it to copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Place {
    /// The mission to copy, when the directory has one for their country.
    pub embassy: Option<usize>,
    /// The supporter lives in the country the case concerns.
    pub home: bool,
}

/// The case resolved for every language, ready to render alerts.
pub struct AlertKit {
    /// Views by language, with the letters' first variant.
    pub views: BTreeMap<String, (View, Context)>,
    /// Views by language and variant, when the case gives alternatives (see
    /// [`crate::domain::variants`]): each supporter's letters use one.
    variants: HashMap<(String, Variant), (View, Context)>,
    /// How many alternatives the case's varied texts have.
    counts: Counts,
    /// Per language, the line a letter shows where a supporter gave no postal address.
    no_address: BTreeMap<String, String>,
    /// The language used when a supporter's is not available.
    pub default_language: String,
    /// Diplomatic missions of the case's country.
    pub missions: Vec<Doc<Mission>>,
    /// The country the case concerns (ISO 3166 code).
    pub country: String,
    /// What is being sent.
    pub kind: AlertKind,
    /// The unsubscribe link shown in the footer when there are no per-supporter links.
    pub unsubscribe_url: String,
    /// Per-supporter links (tokens), set with [`AlertKit::with_links`].
    pub links: Option<Arc<crate::unsubscribe::Links>>,
    /// The case an "I sent my appeal" link names: the case mailed about, when it calls to act
    /// (an outcome notice does not).
    pub acted_case: Option<String>,
    /// `List-Id` (RFC 2919), from `mail.list_id`.
    pub list_id: Option<String>,
    /// Compiled bodies by (language, embassy); `None` where a group must be rendered in full.
    compiled: RwLock<HashMap<GroupKey, Option<Arc<Compiled>>>>,
    /// Some template uses a supporter field in logic (a condition, loop, filter or
    /// expression): every message is rendered in full.
    pub(super) full_only: bool,
}

impl AlertKit {
    /// Resolves `case` once per language it is written in.
    pub fn new(
        env: &Env,
        case: &Doc<Case>,
        kind: AlertKind,
        warnings: &mut Vec<Problem>,
    ) -> Result<AlertKit, Problem> {
        // Alerts are written for the letter date: a case prepared ahead, for its issue date.
        let today = crate::domain::life::of(env, case).letter_date();
        let counts = Counts::of(&case.value);
        let mut views = BTreeMap::new();
        let mut variants = HashMap::new();
        let mut no_address = BTreeMap::new();
        let nobody = Sender {
            name: String::new(),
            address: vec![],
            voice: "i",
            signature: vec![],
        };
        for lang in &case.value.languages {
            // Supporters write until the deadline: a holder who changes before it is not named.
            let view =
                resolve::view(&env.project, &env.locales, case, lang, today, warnings)?.public();
            let action_url = action_url(env, case, lang);
            for variant in counts.all().filter(|v| *v != Variant::FIRST) {
                let varied = view.variant(variant);
                let mut ctx = context(&varied, None, &nobody)?;
                ctx.insert("action_url", &action_url);
                variants.insert((lang.clone(), variant), (varied, ctx));
            }
            let mut ctx = context(&view, None, &nobody)?;
            ctx.insert("action_url", &action_url);
            views.insert(lang.clone(), (view, ctx));
            let line = env
                .locales
                .format(lang, "letter-your-address", &[])
                .map_err(|m| Problem::error(format!("locales/{lang}"), (0, 0), m))?;
            no_address.insert(lang.clone(), line);
        }
        let default_language = if case
            .value
            .languages
            .contains(&env.project.campaign.value.default_language)
        {
            env.project.campaign.value.default_language.clone()
        } else {
            case.value.languages.first().cloned().unwrap_or_default()
        };
        let prefix = format!("{}/", case.value.country.to_lowercase());
        let missions = env
            .project
            .missions
            .iter()
            .filter(|m| m.value.id.starts_with(&prefix))
            .cloned()
            .collect();
        let unsubscribe_url = env
            .project
            .campaign
            .value
            .mail
            .as_ref()
            .and_then(|m| m.unsubscribe.as_ref())
            .and_then(|u| u.url.clone().or(u.mailto.clone()))
            .unwrap_or_default();
        // A stop action or closure reports an outcome: nothing to say one has sent.
        let calls_to_act = views.values().next().is_some_and(|(v, _)| !v.case.outcome);
        Ok(AlertKit {
            acted_case: calls_to_act.then(|| case.value.id.clone()),
            views,
            variants,
            counts,
            no_address,
            default_language,
            missions,
            country: case.value.country.clone(),
            kind,
            unsubscribe_url,
            links: None,
            list_id: env
                .project
                .campaign
                .value
                .mail
                .as_ref()
                .and_then(|m| m.list_id.clone()),
            compiled: RwLock::default(),
            full_only: env
                .templates
                .sources()
                .any(|(_, text)| fields_in_logic(text)),
        })
    }

    /// Gives every alert its supporter's own links (unsubscribe, "I sent my appeal").
    pub fn with_links(mut self, links: Option<Arc<crate::unsubscribe::Links>>) -> AlertKit {
        self.links = links;
        self
    }

    /// The links the templates show to `s`, who reads `lang`, and the `List-Unsubscribe`
    /// targets.
    pub(super) fn links_for(
        &self,
        s: &Supporter,
        lang: &str,
    ) -> Option<crate::unsubscribe::SupporterLinks> {
        self.links
            .as_ref()
            .map(|l| l.for_supporter(&s.email, lang, self.acted_case.as_deref()))
    }

    /// The links that are the same for every supporter: the settings' unsubscribe link without
    /// per-supporter ones, and no "I sent my appeal" link without those.
    fn shared_links(&self) -> SharedLinks<'_> {
        let own = self.links.as_deref();
        SharedLinks {
            unsubscribe: match own {
                Some(l) if l.has_unsubscribe() => None,
                _ => Some(self.unsubscribe_url.as_str()),
            },
            acted: match own {
                Some(l) if l.has_acted() && self.acted_case.is_some() => None,
                _ => Some(""),
            },
        }
    }

    /// The compiled bodies for the group of `like`, who reads `lang` and lives at `place`,
    /// compiling them on first use.
    pub(super) fn compiled(
        &self,
        env: &Env,
        lang: &str,
        place: Place,
        like: &Supporter,
    ) -> Result<Option<Arc<Compiled>>, Problem> {
        if self.full_only {
            return Ok(None);
        }
        let (variant, named) = (self.variant_for(like), named(like) == "yes");
        let key = (lang.to_string(), place, variant, named);
        if let Some(found) = self.compiled.read().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(found);
        }
        let group = self.group(lang, place, variant, named);
        let made = Compiled::new(env, &group, like, self.shared_links())?.map(Arc::new);
        if let Ok(mut m) = self.compiled.write() {
            m.insert(key, made.clone());
        }
        Ok(made)
    }

    /// The text and HTML bodies for `s`, who reads `lang` and lives at `place`, with CRLF line
    /// ends and the supporter's own `links`: filled in from the group's compiled bodies where
    /// that is exact, else rendered in full.
    pub(super) fn bodies(
        &self,
        env: &Env,
        lang: &str,
        place: Place,
        s: &Supporter,
        links: OwnLinks,
    ) -> Result<(String, String), Problem> {
        let filled = self
            .compiled(env, lang, place, s)?
            .and_then(|c| c.fill(s, links));
        Ok(match filled {
            Some(bodies) => bodies,
            None => {
                let group = self.group(lang, place, self.variant_for(s), named(s) == "yes");
                let (text, html) =
                    render_bodies(env, &group, &Fields::of(s), &Signer::Real, links)?;
                (crlf(&text), crlf(&html))
            }
        })
    }

    /// What the alerts in `lang` to supporters at `place`, whose letters are at `variant` and
    /// whom the greeting names (`named`) or not, share.
    pub(super) fn group<'a>(
        &'a self,
        lang: &'a str,
        place: Place,
        variant: Variant,
        named: bool,
    ) -> Group<'a> {
        let (view, base) = self
            .variants
            .get(&(lang.to_string(), variant))
            .unwrap_or(&self.views[lang]);
        Group {
            lang,
            view,
            base,
            default_language: &self.default_language,
            embassy: place.embassy.map(|i| &self.missions[i].value),
            home: place.home,
            reminder: self.kind == AlertKind::Reminder,
            named,
            no_address: self.no_address.get(lang).map_or("", String::as_str),
        }
    }

    /// The variant of `s`'s letters: the same for the same address, in every language.
    pub fn variant_for(&self, s: &Supporter) -> Variant {
        variants::for_address(&s.email, self.counts)
    }

    /// The language a supporter gets, and whether it is a fallback.
    pub fn language_for(&self, s: &Supporter) -> (&str, bool) {
        let wanted = primary(&s.language);
        match self.views.get_key_value(wanted) {
            Some((lang, _)) => (lang.as_str(), false),
            None => (self.default_language.as_str(), true),
        }
    }
}

/// The case's action page in `lang` on the public site (`appeal site`), when the settings give
/// the site's address and the site has a page in that language.
fn action_url(env: &Env, case: &Doc<Case>, lang: &str) -> Option<String> {
    let campaign = &env.project.campaign.value;
    let base = campaign.site.as_ref()?.base_url.as_deref()?.trim();
    if base.is_empty() || !campaign.languages.iter().any(|l| l == lang) {
        return None;
    }
    Some(format!(
        "{}/{lang}/{}/",
        base.trim_end_matches('/'),
        case.value.id
    ))
}

/// Where a supporter lives: the mission to copy for their country, by index into
/// `kit.missions`, and whether it is the case's own country.
pub(super) fn place_of(kit: &AlertKit, s: &Supporter) -> Place {
    let country = s.country.as_deref().map(str::trim);
    Place {
        embassy: country.and_then(|country| {
            kit.missions
                .iter()
                .position(|m| m.value.host_country.eq_ignore_ascii_case(country))
        }),
        home: country.is_some_and(|c| c.eq_ignore_ascii_case(&kit.country)),
    }
}
