//! The action alert a supporter receives: greeting by name, summary, asks, whom to write to,
//! the deadline, a ready-to-send letter signed with their name and a `mailto:` link that opens
//! it, plus the nearest Kazakh embassy when their country has one in the directory. The case is
//! resolved once per language ([`AlertKit`]); only the supporter's part is rendered per message.
//!
//! The pieces: `kit` resolves the case and caches each group's compiled bodies; `bodies`
//! renders a body in full; `compiled` renders once with markers and fills in per supporter;
//! `template_scan` reads the templates to tell where that is exact; `message` assembles
//! the message.

mod bodies;
mod compiled;
mod kit;
mod message;
mod template_scan;

pub use kit::{AlertKind, AlertKit, Place};
pub use message::{Built, build};
pub use template_scan::fields_in_logic;

#[cfg(test)]
mod tests {
    use super::bodies::{Fields, OwnLinks, Signer, named, render_bodies};
    use super::compiled::html_escape;
    use super::kit::place_of;
    use super::*;
    use crate::env::Env;
    use crate::render::mime::crlf;
    use crate::supporters::Supporter;
    use std::collections::BTreeMap;
    use std::sync::Arc;

    /// The sample project with `alert.txt` and `alert.html` replaced when given.
    fn env_with(templates: Option<(&str, &str)>) -> Env {
        let swapped = templates.map(|(text, html)| [("alert.txt", text), ("alert.html", html)]);
        crate::env::testing::sample("2018-05-20", swapped.as_ref().map_or(&[], |s| s.as_slice()))
    }

    fn supporter(line: u64, email: &str, name: &str, language: &str, country: &str) -> Supporter {
        Supporter {
            line,
            email: email.into(),
            name: name.into(),
            first_name: String::new(),
            address: Vec::new(),
            language: language.into(),
            country: Some(country.to_string()).filter(|c| !c.is_empty()),
            extra: BTreeMap::new(),
        }
    }

    /// Supporters that share groups (language, embassy) but differ in every field, some empty.
    fn supporters() -> Vec<Supporter> {
        let rows = [
            (
                2,
                "alice@example.org",
                "Alice",
                "en",
                "GB",
                "London",
                "first",
            ),
            (
                3,
                "bob@example.org",
                "Bob",
                "en-gb",
                "GB",
                "Leeds",
                "second & <b>",
            ),
            (40, "carol@example.org", "", "en", "GB", "", ""),
            (41, "dan@example.org", "Dan", "EN", "", "London", " "),
            (
                90,
                "ольга@example.org",
                "Ольга Петрова",
                "ru",
                "DE",
                "Berlin",
                "x",
            ),
            (
                91,
                "oleg@example.org",
                "Олег",
                "ru-RU",
                "DE",
                "Köln",
                "100% +1\r\ntwo lines\n",
            ),
            (92, "a@example.org", "Айгерім", "kk", "", "Алматы", "\"q\""),
            (93, "b@example.org", "", "de", "US", "", ""),
        ];
        rows.iter()
            .map(|(line, email, name, lang, country, city, note)| {
                let mut s = supporter(*line, email, name, lang, country);
                s.extra.insert("city".into(), city.to_string());
                s.extra.insert("note".into(), note.to_string());
                // Every other supporter gives a first name, and some a postal address.
                if line % 2 == 0 {
                    s.first_name = name.split(' ').next().unwrap_or("").to_string();
                }
                if line % 3 != 0 {
                    s.address = crate::supporters::address_lines(&format!(
                        "{line} Rue <d'Été> & Co | 100% {city}"
                    ));
                }
                s
            })
            .collect()
    }

    /// The bodies by the path `build` takes, and by a full render.
    fn both(env: &Env, kit: &AlertKit, s: &Supporter) -> ((String, String), (String, String)) {
        let (lang, _) = kit.language_for(s);
        let place = place_of(kit, s);
        let (shown, acted) = own(kit, s);
        let links = OwnLinks {
            unsubscribe: &shown,
            acted: &acted,
        };
        let group = kit.group(lang, place, kit.variant_for(s), named(s) == "yes");
        let full = render_bodies(env, &group, &Fields::of(s), &Signer::Real, links).unwrap();
        let full = (crlf(&full.0), crlf(&full.1));
        let fast = match kit.compiled(env, lang, place, s).unwrap() {
            Some(c) => c.fill(s, links).unwrap_or_else(|| full.clone()),
            None => full.clone(),
        };
        (fast, full)
    }

    /// The footer's unsubscribe link and the "I sent my appeal" link for `s`.
    fn own(kit: &AlertKit, s: &Supporter) -> (String, String) {
        let (lang, _) = kit.language_for(s);
        let links = kit.links_for(s, lang).unwrap();
        (links.shown(), links.acted.unwrap_or_default())
    }

    /// [`own`] as the bodies take it.
    fn fill(
        c: &super::compiled::Compiled,
        kit: &AlertKit,
        s: &Supporter,
    ) -> Option<(String, String)> {
        let (shown, acted) = own(kit, s);
        c.fill(
            s,
            OwnLinks {
                unsubscribe: &shown,
                acted: &acted,
            },
        )
    }

    /// The sample case's kit, with per-supporter unsubscribe links.
    fn kit(env: &Env) -> AlertKit {
        let case = env
            .project
            .cases
            .iter()
            .find(|c| c.value.id == "ua-82-18")
            .unwrap();
        let tokens = crate::unsubscribe::Tokens::new(b"a test secret of enough length").unwrap();
        let links = crate::unsubscribe::Links::new(
            Some(tokens),
            Some("https://example.org/unsubscribe"),
            Some("unsubscribe@example.org"),
            "urgent-actions.example.org",
        )
        .with_acted("https://example.org/acted");
        AlertKit::new(env, case, AlertKind::Alert, &mut Vec::new())
            .unwrap()
            .with_links(Some(Arc::new(links)))
    }

    const EVERY_FIELD_TXT: &str = "{{ t(key=\"alert-greeting\", name=supporter.first_name, named=supporter.named) }}\n\
        line {{ supporter.line }} <{{ supporter.email }}> {{ supporter.name }} {{ supporter.first_name }}\n\
        lang {{ supporter.language }} country {{ supporter.country }}\n\
        city {{ supporter.extra.city }} note {{ supporter.extra[\"note\"] }}\n\
        {% for l in letters %}{{ l.text }}\n{% endfor %}";
    const EVERY_FIELD_HTML: &str = "<p>{{ t(key=\"alert-greeting\", name=supporter.first_name, named=supporter.named) }}</p>\n\
        <p>{{ supporter.line }} {{ supporter.email }} {{ supporter.name }} {{ supporter.language }}\n\
        {{ supporter.first_name }}\n\
        {{ supporter.country }} {{ supporter.extra.city }} {{ supporter.extra['note'] }}</p>\n\
        {% for l in letters %}<pre>{{ l.text }}</pre><a href=\"{{ l.mailto }}\">x</a>\n{% endfor %}";

    #[test]
    fn every_field_printed_is_filled_in_byte_for_byte() {
        let env = env_with(Some((EVERY_FIELD_TXT, EVERY_FIELD_HTML)));
        let kit = kit(&env);
        assert!(!kit.full_only, "plain printing keeps the fast path");
        for s in supporters() {
            let (fast, full) = both(&env, &kit, &s);
            assert_eq!(fast, full, "line {}", s.line);
            // Each supporter's own values, never another's.
            assert!(fast.0.contains(&format!("line {} <{}>", s.line, s.email)));
            assert!(fast.0.contains(&format!("lang {} country", s.language)));
            assert!(!fast.0.contains("Qzx") && !fast.1.contains("Qzx"));
        }
        // The fast path was taken, not bypassed: all but the empty names and the line breaks.
        let filled = supporters()
            .iter()
            .filter(|s| {
                let (lang, _) = kit.language_for(s);
                kit.compiled(&env, lang, place_of(&kit, s), s)
                    .unwrap()
                    .and_then(|c| fill(&c, &kit, s))
                    .is_some()
            })
            .count();
        assert_eq!(filled, 5);
    }

    #[test]
    fn fields_in_conditions_give_each_supporter_their_own_message() {
        let text = format!(
            "{EVERY_FIELD_TXT}\
             {{% if supporter.extra.city == \"London\" %}}LONDON GROUP\n{{% endif %}}\
             {{% if not supporter.name %}}Dear friend\n{{% endif %}}\
             {{% if supporter.country %}}COUNTRY IS {{{{ supporter.country | lower }}}}\n{{% endif %}}\
             next {{{{ supporter.line + 1 }}}} {{{{ supporter.language | upper }}}}\n\
             {{% if \"ольга\" in supporter.email %}}ОЛЬГА\n{{% endif %}}\
             {{% for l in supporter.address %}}address {{{{ l }}}}\n{{% endfor %}}"
        );
        let html = format!(
            "{EVERY_FIELD_HTML}{{% if supporter.extra.note %}}<p>note</p>{{% endif %}}\
             {{% if supporter.extra.city == \"London\" %}}<p>LONDON GROUP</p>{{% endif %}}"
        );
        let env = env_with(Some((&text, &html)));
        let kit = kit(&env);
        assert!(kit.full_only);
        for s in supporters() {
            let (fast, full) = both(&env, &kit, &s);
            assert_eq!(fast, full, "line {}", s.line);
            let london = s.extra["city"] == "London";
            assert_eq!(fast.0.contains("LONDON GROUP"), london, "line {}", s.line);
            assert_eq!(fast.1.contains("LONDON GROUP"), london, "line {}", s.line);
            assert_eq!(fast.0.contains("Dear friend"), s.name.is_empty());
            assert!(fast.0.contains(&format!("next {}", s.line + 1)));
            for line in &s.address {
                assert!(
                    fast.0.contains(&format!("address {line}\r\n")),
                    "line {}",
                    s.line
                );
            }
            assert_eq!(
                fast.0.contains("COUNTRY IS "),
                s.country.is_some(),
                "line {}",
                s.line
            );
        }
    }

    #[test]
    fn the_shipped_templates_stay_on_the_fast_path_and_match_a_full_render() {
        let env = env_with(None);
        let kit = kit(&env);
        assert!(!kit.full_only);
        for s in supporters() {
            let (lang, _) = kit.language_for(&s);
            assert!(
                kit.compiled(&env, lang, place_of(&kit, &s), &s)
                    .unwrap()
                    .is_some(),
                "line {}",
                s.line
            );
            // Filled in, not rendered in full, whether or not they gave an address and a first
            // name: only an empty name leaves the fast path.
            let filled = kit
                .compiled(&env, lang, place_of(&kit, &s), &s)
                .unwrap()
                .and_then(|c| fill(&c, &kit, &s));
            assert_eq!(filled.is_some(), !s.name.is_empty(), "line {}", s.line);
            let (fast, full) = both(&env, &kit, &s);
            assert_eq!(fast, full, "line {}", s.line);
            // Each letter starts with the supporter's name and postal address, or the line to
            // fill in; the greeting names them by their first name, when they gave one.
            let placeholder = [
                "[Your postal address]",
                "[Ваш почтовый адрес]",
                "[Пошта мекенжайыңыз]",
            ];
            let head = match s.address.is_empty() {
                true => None,
                false => Some(format!("{}\r\n{}\r\n", s.name, s.address.join("\r\n"))),
            };
            match head {
                Some(head) => assert!(fast.0.contains(&head), "line {}:\n{}", s.line, fast.0),
                None => assert!(
                    placeholder
                        .iter()
                        .any(|p| fast.0.contains(&format!("{}\r\n{p}\r\n", s.name))),
                    "line {}:\n{}",
                    s.line,
                    fast.0
                ),
            }
            let greeting = fast.0.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            if s.first_name.is_empty() {
                assert!(
                    !s.name.is_empty() && !greeting.contains(&s.name) || s.name.is_empty(),
                    "{greeting}"
                );
            } else {
                assert!(greeting.contains(&s.first_name), "{greeting}");
            }
            // The footer links to this supporter's own token, in both parts, and so does the
            // "I sent my appeal" link.
            let (link, acted) = own(&kit, &s);
            for link in [link, acted] {
                assert!(link.starts_with("https://example.org/"), "{link}");
                assert!(fast.0.contains(&link), "line {}", s.line);
                assert!(fast.1.contains(&html_escape(&link)), "line {}", s.line);
            }
        }
    }

    /// With alternatives, each supporter's variant takes its own compiled bodies: filled in,
    /// equal to a full render, with that variant's words and no other's.
    #[test]
    fn alternatives_stay_on_the_fast_path_one_variant_per_supporter() {
        use crate::model::Choices;
        let mut env = env_with(None);
        let case = env
            .project
            .cases
            .iter_mut()
            .find(|c| c.value.id == "ua-82-18")
            .unwrap();
        for lang in ["en", "ru", "kk"] {
            let words = |i: usize| format!("Alternative {i} of the concern, in {lang}.");
            case.value.concern.insert(
                lang.into(),
                Choices::Many(vec![words(0), words(1), words(2)]),
            );
        }
        let kit = kit(&env);
        let mut seen = std::collections::BTreeSet::new();
        for s in supporters().iter().filter(|s| !s.name.is_empty()) {
            let (lang, _) = kit.language_for(s);
            let variant = kit.variant_for(s);
            seen.insert(variant.concern);
            let filled = kit
                .compiled(&env, lang, place_of(&kit, s), s)
                .unwrap()
                .and_then(|c| fill(&c, &kit, s));
            assert!(filled.is_some(), "line {}", s.line);
            let (fast, full) = both(&env, &kit, s);
            assert_eq!(fast, full, "line {}", s.line);
            for i in 0..3 {
                let shown = fast.0.contains(&format!("Alternative {i} of the concern"));
                assert_eq!(
                    shown,
                    i == variant.concern,
                    "line {} alternative {i}",
                    s.line
                );
            }
        }
        assert!(seen.len() > 1, "{seen:?}");
    }

    #[test]
    fn every_alert_carries_its_supporters_own_unsubscribe_token_and_list_id() {
        let env = env_with(None);
        let kit = kit(&env);
        let tokens = crate::unsubscribe::Tokens::new(b"a test secret of enough length").unwrap();
        for s in supporters().iter().filter(|s| !s.email.is_empty()) {
            let built = build(&env, &kit, s).unwrap();
            let text = String::from_utf8(built.message.formatted()).unwrap();
            // Long headers are folded at spaces: unfold before reading them.
            let text = text.replace("\r\n ", " ").replace("\r\n\t", " ");
            let header = text
                .lines()
                .find_map(|l| l.strip_prefix("List-Unsubscribe: "))
                .unwrap();
            let token = header
                .split("https://example.org/unsubscribe/")
                .nth(1)
                .and_then(|t| t.strip_suffix('>'))
                .unwrap();
            let who = tokens.open(token).unwrap().subscriber;
            assert_eq!(who.address, crate::address::normalize(&s.email));
            assert_eq!(who.language, built.lang);
            assert_eq!(who.list, "urgent-actions.example.org");
            assert!(header.starts_with(&format!(
                "<mailto:unsubscribe@example.org?subject=unsubscribe%20{token}>, "
            )));
            assert!(text.contains("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
            assert!(text.contains("\r\nList-Id: <urgent-actions.example.org>\r\n"));
        }
    }

    #[test]
    fn the_shipped_templates_print_supporter_fields_as_they_are() {
        let env = env_with(None);
        for (name, text) in env.templates.sources() {
            assert!(!fields_in_logic(text), "shipped template {name}");
        }
    }
}
