//! `appeal report [CASE] [--json|--csv] [--supporters FILE [--addresses]]`: what came of the
//! mailings, per case ([`crate::app::report`]), as text with a small histogram of actions per
//! day, as JSON, or as a CSV table for spreadsheets.

use crate::app::report::{self, CaseReport, Counts, Request};
use crate::cli::ReportArgs;
use crate::clock::Clock;
use crate::error::Result;
use std::fmt::Write as _;
use std::path::Path;

/// The widest bar of the histogram, in characters.
const BAR: u64 = 40;

/// Runs `report`.
pub fn run(root: &Path, _clock: Clock, args: ReportArgs) -> Result<()> {
    let request = Request {
        case: args.case.clone(),
        supporters: args.supporters.clone(),
        addresses: args.addresses,
        journal: args.journal.clone(),
        suppressions: args.suppressions.clone(),
        actions: args.actions.clone(),
    };
    let found = report::run(root, &request)?;
    let out = if args.json {
        json(&found.cases, args.addresses)
    } else if args.csv && args.addresses {
        addresses_csv(&found.cases)
    } else if args.csv {
        csv(&found.cases)
    } else {
        text(&found.cases, args.addresses)
    };
    say_part!("{out}");
    Ok(())
}

/// "acted 7 (23.3%)", or "acted 7" when nobody was mailed.
fn acted(n: &Counts) -> String {
    match n.acted_percent() {
        Some(p) => format!("acted {} ({p:.1}%)", n.acted),
        None => format!("acted {}", n.acted),
    }
}

fn counts_line(n: &Counts) -> String {
    format!(
        "mailed {}, reminded {}, {}, unsubscribed {}, bounced {}, complaints {}",
        n.mailed,
        n.reminded,
        acted(n),
        n.unsubscribed,
        n.bounced,
        n.complaints
    )
}

fn text(cases: &[CaseReport], addresses: bool) -> String {
    let mut out = String::new();
    if cases.is_empty() {
        out.push_str("no records yet: nothing has been sent, mailed or acted on\n");
    }
    for c in cases {
        let _ = writeln!(out, "{}: {}", c.case, counts_line(&c.totals));
        for (lang, n) in &c.by_language {
            let _ = writeln!(out, "  {lang}: {}", counts_line(n));
        }
        if !c.authorities.is_empty() {
            let sent: Vec<String> = c
                .authorities
                .iter()
                .map(|(role, s)| format!("{role} (email {}, fax {})", s.email, s.fax))
                .collect();
            let _ = writeln!(out, "  appeals sent: {}", sent.join(", "));
        }
        if !c.days.is_empty() {
            out.push_str("  actions per day:\n");
            let most = c.days.values().copied().max().unwrap_or(1).max(1);
            for (day, n) in &c.days {
                // At least one mark for a day with any action.
                let width = (n * BAR).div_ceil(most) as usize;
                let _ = writeln!(
                    out,
                    "    {day} {:<w$} {n}",
                    "#".repeat(width),
                    w = BAR as usize
                );
            }
        }
        if addresses {
            let _ = writeln!(
                out,
                "  acted ({} found in the supporters file):",
                c.addresses.len()
            );
            for (p, day) in &c.addresses {
                let _ = writeln!(out, "    {day} {} <{}> {}", p.name, p.address, p.language);
            }
        }
    }
    out
}

fn counts_json(n: &Counts) -> serde_json::Value {
    serde_json::json!({
        "mailed": n.mailed,
        "reminded": n.reminded,
        "acted": n.acted,
        "acted_percent": n.acted_percent().map(|p| (p * 10.0).round() / 10.0),
        "unsubscribed": n.unsubscribed,
        "bounced": n.bounced,
        "complaints": n.complaints,
    })
}

fn json(cases: &[CaseReport], addresses: bool) -> String {
    let rows: Vec<serde_json::Value> = cases
        .iter()
        .map(|c| {
            let mut v = counts_json(&c.totals);
            v["case"] = c.case.clone().into();
            v["languages"] = c
                .by_language
                .iter()
                .map(|(l, n)| (l.clone(), counts_json(n)))
                .collect::<serde_json::Map<_, _>>()
                .into();
            v["authorities"] = serde_json::json!(c.authorities);
            v["days"] = c
                .days
                .iter()
                .map(|(d, n)| (d.to_string(), serde_json::Value::from(*n)))
                .collect::<serde_json::Map<_, _>>()
                .into();
            if addresses {
                v["addresses"] = c
                    .addresses
                    .iter()
                    .map(|(p, day)| {
                        serde_json::json!({
                            "address": p.address, "name": p.name,
                            "language": p.language, "line": p.line, "day": day.to_string(),
                        })
                    })
                    .collect();
            }
            v
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

/// One row per case and language (`all` first), then one per case and authority.
fn csv(cases: &[CaseReport]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "case",
        "language",
        "mailed",
        "reminded",
        "acted",
        "acted_percent",
        "unsubscribed",
        "bounced",
        "complaints",
        "authority",
        "emails",
        "faxes",
    ]);
    for c in cases {
        let rows = std::iter::once(("all", &c.totals))
            .chain(c.by_language.iter().map(|(l, n)| (l.as_str(), n)));
        for (lang, n) in rows {
            let percent = n
                .acted_percent()
                .map_or(String::new(), |p| format!("{p:.1}"));
            let cells = [n.mailed, n.reminded, n.acted].map(|x| x.to_string());
            let rest = [n.unsubscribed, n.bounced, n.complaints].map(|x| x.to_string());
            let _ = w.write_record(
                [c.case.as_str(), lang]
                    .into_iter()
                    .chain(cells.iter().map(String::as_str))
                    .chain([percent.as_str()])
                    .chain(rest.iter().map(String::as_str))
                    .chain(["", "", ""]),
            );
        }
        for (role, s) in &c.authorities {
            let (email, fax) = (s.email.to_string(), s.fax.to_string());
            let mut row = vec![c.case.as_str(), ""];
            row.extend([""; 7]);
            row.extend([role.as_str(), email.as_str(), fax.as_str()]);
            let _ = w.write_record(row);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// With `--addresses`: one row per supporter who acted.
fn addresses_csv(cases: &[CaseReport]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["case", "address", "name", "language", "day"]);
    for c in cases {
        for (p, day) in &c.addresses {
            let day = day.to_string();
            let _ = w.write_record([&c.case, &p.address, &p.name, &p.language, &day]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
