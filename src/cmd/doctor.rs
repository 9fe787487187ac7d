//! `appeal doctor [--check-dns [--resolver IP[:PORT]]]`: prints the DNS records to publish for
//! supporter mail and the checks of the settings ([`crate::app::doctor`]); with `--check-dns`,
//! then what DNS holds.

use crate::app::doctor::{self, DnsCheck, Options, Records, Seen, Spf};
use crate::cli::DoctorArgs;
use crate::clock::Clock;
use crate::error::Result;
use std::fmt::Write;
use std::path::Path;

/// Runs `doctor`.
pub fn run(root: &Path, clock: Clock, args: DoctorArgs) -> Result<()> {
    let options = Options {
        check_dns: args.check_dns,
        resolver: args.resolver,
    };
    let report = doctor::run(root, clock, &options)?;
    say_part!("{}", records_text(&report.records));
    if let Some(dns) = report.dns {
        say_part!("{}", dns_text(&dns?));
    }
    Ok(())
}

/// The records to publish, explained, then the checks.
fn records_text(r: &Records) -> String {
    let from_domain = &r.from_domain;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "DNS records to publish for mail from {} (domain {from_domain}):\n",
        r.from
    );

    let _ = writeln!(
        out,
        "1. SPF: which servers may send mail for the domain (TXT at the domain itself; merge \
         with an existing v=spf1 record, a domain may have only one)"
    );
    for record in &r.spf {
        let _ = writeln!(out, "   {}", record.zone());
    }
    if let Some(note) = &r.spf_note {
        let _ = writeln!(out, "   note: {note}");
    }
    if r.verp {
        let _ = writeln!(
            out,
            "   note: with mail.verp the envelope sender is @{}: SPF is checked there",
            r.envelope_domain
        );
    }
    out.push('\n');

    match &r.dkim {
        Some(d) => {
            let _ = writeln!(
                out,
                "2. DKIM: the public key of mail.dkim ({}, selector {}); TXT at {}",
                d.algorithm, d.selector, d.record.name
            );
            let _ = writeln!(out, "   {}", d.record.zone());
        }
        None => {
            let _ = writeln!(
                out,
                "2. DKIM: not set up. Gmail, Yahoo and Outlook junk or refuse unsigned bulk mail.\n   \
                 Make a key:  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out dkim.pem\n   \
                 then add to mail: in appeals/campaign.yaml:\n     \
                 dkim: {{domain: {from_domain}, selector: s1, key_file: dkim.pem}}\n   \
                 and run `appeal doctor` again for the record to publish."
            );
        }
    }
    out.push('\n');

    let _ = writeln!(
        out,
        "3. DMARC: what receivers do with mail that fails, and where they report (TXT at \
         _dmarc.{from_domain})"
    );
    let _ = writeln!(out, "   {}", r.dmarc.zone());
    let _ = writeln!(
        out,
        "   note: p=none only reports; once the reports show every source passing, move to \
         p=quarantine, then p=reject"
    );
    out.push('\n');

    let _ = writeln!(out, "Checks:");
    for line in &r.ok {
        let _ = writeln!(out, "  ok: {line}");
    }
    for line in &r.warnings {
        let _ = writeln!(out, "  warning: {line}");
    }
    out
}

/// One line per record looked up: ok, missing, different, or unknown.
fn dns_text(check: &DnsCheck) -> String {
    let mut out = format!("\nDNS as {} sees it:\n", check.resolver);
    for (name, seen) in &check.spf {
        let line = match seen {
            Seen::Found(Spf::NoRecord) => format!("  missing: SPF at {name} (no v=spf1 record)"),
            Seen::Found(Spf::One(record)) => format!("  ok: SPF at {name}: {record}"),
            Seen::Found(Spf::Several(n)) => format!(
                "  warning: {n} SPF records at {name}: receivers treat that as an error; \
                 merge them into one"
            ),
            Seen::Missing => format!("  missing: SPF at {name}"),
            Seen::Unknown(why) => format!("  unknown: SPF at {name}: {why}"),
        };
        let _ = writeln!(out, "{line}");
    }
    if let Some((name, seen)) = &check.dkim {
        let line = match seen {
            Seen::Found(true) => format!("  ok: DKIM key at {name} matches mail.dkim's key"),
            Seen::Found(false) => format!(
                "  warning: DKIM at {name} holds another key than mail.dkim's: mail \
                 signed now fails; publish the record above"
            ),
            Seen::Missing => format!("  missing: DKIM key at {name}"),
            Seen::Unknown(why) => format!("  unknown: DKIM at {name}: {why}"),
        };
        let _ = writeln!(out, "{line}");
    }
    let (name, seen) = &check.dmarc;
    let line = match seen {
        Seen::Found(Some(record)) => format!("  ok: DMARC at {name}: {record}"),
        Seen::Found(None) => format!("  missing: DMARC at {name} (no v=DMARC1 record)"),
        Seen::Missing => format!("  missing: DMARC at {name}"),
        Seen::Unknown(why) => format!("  unknown: DMARC at {name}: {why}"),
    };
    let _ = writeln!(out, "{line}");
    out
}
