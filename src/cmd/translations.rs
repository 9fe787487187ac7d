//! `appeal translations`: which case texts are current, stale or missing in each language,
//! and the PO round trip for translators (see [`crate::app::translations`]). This prints what
//! the use case reports: tables, JSON, summaries and warnings.

use crate::app::translations::{self, Report, Request};
use crate::cli::TranslationsArgs;
use crate::clock::Clock;
use crate::cmd::print_warnings;
use crate::domain::translations::{CaseState, State};
use crate::error::{Error, Result};
use std::path::Path;

/// Runs `translations`.
pub fn run(root: &Path, clock: Clock, args: TranslationsArgs) -> Result<()> {
    let request = if args.export {
        Request::Export {
            lang: args.lang.as_deref().unwrap_or(""),
            out: args.out.as_deref(),
        }
    } else if let Some(po) = &args.import {
        Request::Import {
            po,
            lang: args.lang.as_deref(),
            fuzzy: args.fuzzy,
        }
    } else if args.mark_current {
        Request::MarkCurrent {
            lang: args.lang.as_deref().unwrap_or(""),
            fields: &args.fields,
        }
    } else {
        Request::Show
    };
    match translations::run(root, clock, args.case.as_deref(), request)? {
        Report::Shown { states, unreadable } => {
            // Case files that did not parse are listed (the others are still shown).
            for p in &unreadable {
                eprintln!("{p}");
            }
            show(&states, args.json)
        }
        Report::Exported(e) => {
            match &e.written {
                Some(path) => say!(
                    "wrote {}: {} entries for {} in {} ({} fuzzy, {} untranslated)",
                    path.display(),
                    e.entries,
                    e.case,
                    e.lang,
                    e.fuzzy,
                    e.untranslated
                ),
                None => say_part!("{}", e.text),
            }
            Ok(())
        }
        Report::Imported(imported) => {
            print_warnings(&imported.warnings);
            let s = imported.outcome?;
            say!(
                "{} {}: {} text(s) imported, {} unchanged{}",
                s.case,
                s.lang,
                s.imported,
                s.unchanged,
                if s.skipped.is_empty() {
                    String::new()
                } else {
                    format!("; not imported: {}", s.skipped.join(", "))
                }
            );
            Ok(())
        }
        Report::Marked(m) => {
            say!(
                "{} {}: {} text(s) marked current, {} already current{}",
                m.case,
                m.lang,
                m.marked,
                m.already,
                if m.untranslated.is_empty() {
                    String::new()
                } else {
                    format!("; not translated: {}", m.untranslated.join(", "))
                }
            );
            Ok(())
        }
    }
}

/// The table (or JSON) of translation states: one row per text for one case, else one per
/// case and language.
fn show(states: &[CaseState], json: bool) -> Result<()> {
    if json {
        let text =
            serde_json::to_string_pretty(&states).map_err(|e| Error::Usage(e.to_string()))?;
        say!("{text}");
        return Ok(());
    }
    if let [one] = states {
        say_part!("{}", field_table(one));
    } else {
        say_part!("{}", summary_table(states));
    }
    Ok(())
}

/// One row per case and language: how many texts are in each state, then the texts that are
/// not current.
fn summary_table(states: &[CaseState]) -> String {
    let width = states
        .iter()
        .map(|s| s.case.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    let mut out = format!(
        "{:width$}  SOURCE  LANG  CURRENT  STALE  MISSING  UNTRACKED\n",
        "CASE"
    );
    let mut details = String::new();
    for s in states {
        for lang in &s.languages {
            let c = &s.counts[lang.as_str()];
            out.push_str(&format!(
                "{:width$}  {:6}  {:4}  {:>7}  {:>5}  {:>7}  {:>9}\n",
                s.case,
                s.source_language,
                lang,
                c["current"],
                c["stale"],
                c["missing"],
                c["untracked"],
            ));
            for state in [State::Stale, State::Missing, State::Untracked] {
                let fields: Vec<&str> = s
                    .texts
                    .iter()
                    .filter(|t| t.lang == *lang && t.state == state)
                    .map(|t| t.field.as_str())
                    .collect();
                if !fields.is_empty() {
                    details.push_str(&format!(
                        "{} {lang} {}: {}\n",
                        s.case,
                        state.as_str(),
                        fields.join(", ")
                    ));
                }
            }
        }
    }
    if states.is_empty() {
        out.push_str("(no cases)\n");
    }
    if !details.is_empty() {
        out.push('\n');
        out.push_str(&details);
    }
    out
}

/// One row per text, one column per translation language.
fn field_table(case: &CaseState) -> String {
    let langs = &case.languages;
    let source = &case.source_language;
    let rows: Vec<(&str, Vec<&'static str>)> = case
        .rows
        .iter()
        .map(|(field, states)| {
            (
                field.as_str(),
                states.iter().map(|s| s.map_or("", State::as_str)).collect(),
            )
        })
        .collect();
    let width = rows
        .iter()
        .map(|(f, _)| f.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let mut out = format!(
        "{}: texts translated from {source} into {}\n\n",
        case.case,
        if langs.is_empty() {
            "no other language".to_string()
        } else {
            langs.join(", ")
        }
    );
    let mut header = format!("{:width$}", "FIELD");
    for l in langs {
        header.push_str(&format!("  {:9}", l.to_uppercase()));
    }
    out.push_str(header.trim_end());
    out.push('\n');
    for (field, states) in rows {
        let mut line = format!("{field:width$}");
        for s in states {
            line.push_str(&format!("  {s:9}"));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
