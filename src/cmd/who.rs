//! `appeal who [--on DATE] [--role R] [--json] [--changes-affect]`: prints who letters address,
//! role by role, or the open cases' targets addressed differently by their deadline
//! ([`crate::app::who`]).

use crate::app::who::{self, Affected, ContactRow, Options, Report, RoleRow};
use crate::cli::WhoArgs;
use crate::clock::Clock;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;

/// Runs `who`.
pub fn run(root: &Path, clock: Clock, args: WhoArgs) -> Result<()> {
    let options = Options {
        on: args.on.as_deref().map(parse_on).transpose()?,
        role: args.role,
        changes_affect: args.changes_affect,
    };
    match who::run(root, clock, &options)? {
        Report::Changes(_, rows) if args.json => say!("{}", json(&rows)),
        Report::Changes(on, rows) => print_changes(on, &rows),
        Report::Roles(_, rows, _) if args.json => say!("{}", json(&rows)),
        Report::Roles(on, rows, todo) => {
            say!("Letters dated {on} address:\n");
            print_roles(&rows);
            super::print_todo(&todo);
        }
    }
    Ok(())
}

/// Parses `--on`.
pub fn parse_on(value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        Error::Usage(format!(
            "--on: `{value}` is not a date; write YYYY-MM-DD, e.g. 2026-11-22"
        ))
    })
}

/// "3 days", "5 months", "8 years".
fn age(days: i64) -> String {
    match days {
        d if d < 0 => format!("{} days after", -d),
        d if d < 61 => format!("{d} days old"),
        d if d < 730 => format!("{} months old", d / 30),
        d => format!("{} years old", d / 365),
    }
}

fn contact_text(c: &ContactRow) -> String {
    match (c.known, c.verified, c.age_days) {
        (false, _, _) => "unknown".into(),
        (true, Some(v), Some(d)) => format!("verified {v} ({})", age(d)),
        _ => "known, never verified".into(),
    }
}

fn print_roles(rows: &[RoleRow]) {
    for r in rows {
        say!("{}  {}", r.role, r.title);
        match &r.addressee {
            Some(name) => say!("  addressee  {name}"),
            None => say!("  addressee  the title alone"),
        }
        say!("  basis      {}", r.basis);
        if let Some(p) = &r.previous {
            say!("  previous   {p}");
        }
        if let Some(t) = &r.attested {
            say!(
                "  attested   {} ({}), {}",
                t.date,
                t.source,
                age(t.age_days)
            );
        }
        if let Some(e) = &r.event {
            say!(
                "  event      {} on {}: {} ({})",
                e.id,
                e.date,
                e.title,
                e.sources.join("; ")
            );
        }
        say!("  address    {}", contact_text(&r.address));
        say!("  fax        {}", contact_text(&r.fax));
        say!("  emails     {}", contact_text(&r.emails));
        for s in &r.sources {
            say!("  source     {s}");
        }
        say!();
    }
}

fn print_changes(on: NaiveDate, rows: &[Affected]) {
    if rows.is_empty() {
        say!(
            "no open case has a target addressed differently by its deadline, or by title alone ({on})"
        );
    }
    for r in rows {
        if r.reason == "title" {
            say!(
                "{}  {} ({}): title: \"{}\" on {}, \"{}\" on {}",
                r.case,
                r.role,
                r.field,
                r.today_title,
                r.today,
                r.last_day_title,
                r.last_day
            );
            continue;
        }
        say!(
            "{}  {} ({}): {}: {} on {} [{}], {} on {} [{}]",
            r.case,
            r.role,
            r.field,
            r.reason,
            r.today_addressee,
            r.today,
            r.today_basis,
            r.last_day_addressee,
            r.last_day,
            r.last_day_basis
        );
    }
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
