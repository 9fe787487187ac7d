//! `appeal doctor`: the DNS records the organisation must publish so that mailbox providers
//! accept its supporter mail (SPF, the DKIM public key, DMARC), worked out from the settings and
//! the DKIM key, plus a check of the settings that bulk-sender rules look at (DKIM aligned with
//! From, one-click unsubscribe, List-Id). It prints; it never changes anything. Only with
//! `--check-dns` does it use the network: it looks the records up and compares.

use crate::clock::Clock;
use crate::deliver::dkim::Signer;
use crate::error::{Error, Result};
use crate::model::campaign::MailSettings;
use std::fmt::Write;
use std::path::Path;

/// Runs `doctor`.
pub fn run(root: &Path, clock: Clock, args: crate::cli::DoctorArgs) -> Result<()> {
    let env = crate::app::project::open(root, clock)?;
    let campaign = &env.project.campaign.value;
    let mail = campaign.mail.as_ref().ok_or_else(|| {
        Error::Config(
            "no `mail:` settings in appeals/campaign.yaml: add mail.from first (see the README, \
             \"Deliverability\")"
                .into(),
        )
    })?;
    let signer = Signer::from_settings(mail.dkim.as_ref(), root)?;
    print!(
        "{}",
        report(mail, signer.as_ref(), &campaign.organisation.email)?
    );
    if args.check_dns {
        let resolver = match &args.resolver {
            Some(a) => a
                .parse::<std::net::SocketAddr>()
                .or_else(|_| {
                    a.parse::<std::net::IpAddr>()
                        .map(|ip| std::net::SocketAddr::new(ip, 53))
                })
                .map_err(|_| {
                    Error::Usage(format!("--resolver `{a}`: give an IP address, or IP:PORT"))
                })?,
            None => super::dns::system_resolver().ok_or_else(|| {
                Error::Config("no nameserver in /etc/resolv.conf: give one with --resolver".into())
            })?,
        };
        print!("{}", check_dns(mail, signer.as_ref(), resolver)?);
    }
    Ok(())
}

/// Looks up what `report` says to publish and compares.
pub fn check_dns(
    mail: &MailSettings,
    signer: Option<&Signer>,
    resolver: std::net::SocketAddr,
) -> Result<String> {
    use super::dns::{Txt, txt};
    let timeout = std::time::Duration::from_secs(3);
    let from_domain = domain(&mail.from).unwrap_or_default();
    let envelope_domain = mail
        .verp
        .as_deref()
        .and_then(domain)
        .unwrap_or_else(|| from_domain.clone());
    let mut out = format!("\nDNS as {resolver} sees it:\n");
    let mut names = vec![envelope_domain.clone()];
    if from_domain != envelope_domain {
        names.push(from_domain.clone());
    }
    for name in names {
        let line = match txt(resolver, &name, timeout) {
            Txt::Found(records) => {
                let spf: Vec<&String> =
                    records.iter().filter(|r| r.starts_with("v=spf1")).collect();
                match spf.as_slice() {
                    [] => format!("  missing: SPF at {name} (no v=spf1 record)"),
                    [one] => format!("  ok: SPF at {name}: {one}"),
                    _ => format!(
                        "  warning: {} SPF records at {name}: receivers treat that as an error; \
                         merge them into one",
                        spf.len()
                    ),
                }
            }
            Txt::Missing => format!("  missing: SPF at {name}"),
            Txt::Failed(why) => format!("  unknown: SPF at {name}: {why}"),
        };
        out.push_str(&line);
        out.push('\n');
    }
    if let Some(s) = signer {
        let name = s.dns_name();
        let want = s.dns_record();
        let key_of = |r: &str| {
            r.split(';')
                .find_map(|t| t.trim().strip_prefix("p="))
                .map(|p| p.split_whitespace().collect::<String>())
        };
        let line = match txt(resolver, &name, timeout) {
            Txt::Found(records) => {
                if records.iter().any(|r| key_of(r) == key_of(&want)) {
                    format!("  ok: DKIM key at {name} matches mail.dkim's key")
                } else {
                    format!(
                        "  warning: DKIM at {name} holds another key than mail.dkim's: mail \
                         signed now fails; publish the record above"
                    )
                }
            }
            Txt::Missing => format!("  missing: DKIM key at {name}"),
            Txt::Failed(why) => format!("  unknown: DKIM at {name}: {why}"),
        };
        out.push_str(&line);
        out.push('\n');
    }
    let name = format!("_dmarc.{from_domain}");
    let line = match txt(resolver, &name, timeout) {
        Txt::Found(records) => match records.iter().find(|r| r.starts_with("v=DMARC1")) {
            Some(r) => format!("  ok: DMARC at {name}: {r}"),
            None => format!("  missing: DMARC at {name} (no v=DMARC1 record)"),
        },
        Txt::Missing => format!("  missing: DMARC at {name}"),
        Txt::Failed(why) => format!("  unknown: DMARC at {name}: {why}"),
    };
    out.push_str(&line);
    out.push('\n');
    Ok(out)
}

/// The domain of an address in `mail.from` form (`Name <a@b>` or `a@b`), lowercase.
fn domain(address: &str) -> Option<String> {
    let inner = match (address.rfind('<'), address.rfind('>')) {
        (Some(a), Some(b)) if a < b => &address[a + 1..b],
        _ => address,
    };
    inner
        .trim()
        .rsplit_once('@')
        .map(|(_, d)| d.trim().to_ascii_lowercase())
        .filter(|d| !d.is_empty())
}

/// Whether two domains align under DMARC's relaxed mode: one is the other or under it. (The
/// exact rule uses the public suffix list; this is the common case.)
fn aligned(a: &str, b: &str) -> bool {
    a == b || a.ends_with(&format!(".{b}")) || b.ends_with(&format!(".{a}"))
}

/// A TXT record in zone-file form, cut into strings of at most 255 bytes as DNS requires.
fn txt(name: &str, value: &str) -> String {
    let parts: Vec<String> = value
        .as_bytes()
        .chunks(255)
        .map(|c| format!("\"{}\"", String::from_utf8_lossy(c)))
        .collect();
    if parts.len() == 1 {
        format!("{name}.  IN TXT  {}", parts[0])
    } else {
        format!("{name}.  IN TXT  ( {} )", parts.join("\n        "))
    }
}

/// The SPF mechanism for the SMTP server in the settings, and a note when it cannot be known.
fn spf_mechanism(mail: &MailSettings) -> (String, Option<String>) {
    let Some(url) = mail.smtp.as_ref().map(|s| s.url.as_str()) else {
        return (
            "a mx".into(),
            Some(
                "no mail.smtp.url: `a mx` allows the domain's own hosts; name your outgoing \
                 server instead (ip4:, ip6:, a:host, or your provider's include:)"
                    .into(),
            ),
        );
    };
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host_port = rest.split('/').next().unwrap_or(rest);
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => host_port.rsplit_once(':').map_or(host_port, |(h, _)| h),
    };
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) if ip.is_loopback() => (
            "ip4:PUBLIC-IP".into(),
            Some(format!(
                "the SMTP server is on this machine ({host}): replace PUBLIC-IP by the public \
                 address it sends from (or use your relay provider's include:)"
            )),
        ),
        Ok(std::net::IpAddr::V4(ip)) => (format!("ip4:{ip}"), None),
        Ok(std::net::IpAddr::V6(ip)) => (format!("ip6:{ip}"), None),
        Err(_) if host == "localhost" => (
            "ip4:PUBLIC-IP".into(),
            Some(
                "the SMTP server is on this machine (localhost): replace PUBLIC-IP by the public \
                 address it sends from (or use your relay provider's include:)"
                    .into(),
            ),
        ),
        Err(_) => (
            format!("a:{host}"),
            Some(format!(
                "if {host} is a provider's relay, use the include: it documents instead of a:{host}"
            )),
        ),
    }
}

/// The whole report.
pub fn report(mail: &MailSettings, signer: Option<&Signer>, org_email: &str) -> Result<String> {
    let from_domain = domain(&mail.from).ok_or_else(|| {
        Error::Config(format!(
            "mail.from `{}` has no domain: write `Name <actions@example.org>`",
            mail.from
        ))
    })?;
    let envelope_domain = mail
        .verp
        .as_deref()
        .and_then(domain)
        .unwrap_or_else(|| from_domain.clone());
    let mut out = String::new();
    let mut ok = Vec::new();
    let mut warnings = Vec::new();
    let _ = writeln!(
        out,
        "DNS records to publish for mail from {} (domain {from_domain}):\n",
        mail.from
    );

    // 1. SPF, for each domain a receiver checks it on: the envelope sender (bounces) and From.
    let (mechanism, spf_note) = spf_mechanism(mail);
    let _ = writeln!(
        out,
        "1. SPF: which servers may send mail for the domain (TXT at the domain itself; merge \
         with an existing v=spf1 record, a domain may have only one)"
    );
    let mut spf_domains = vec![envelope_domain.clone()];
    if from_domain != envelope_domain {
        spf_domains.push(from_domain.clone());
    }
    for d in &spf_domains {
        let _ = writeln!(out, "   {}", txt(d, &format!("v=spf1 {mechanism} ~all")));
    }
    if let Some(note) = spf_note {
        let _ = writeln!(out, "   note: {note}");
    }
    if mail.verp.is_some() {
        let _ = writeln!(
            out,
            "   note: with mail.verp the envelope sender is @{envelope_domain}: SPF is checked there"
        );
    }
    out.push('\n');

    // 2. DKIM.
    match signer {
        Some(s) => {
            let _ = writeln!(
                out,
                "2. DKIM: the public key of mail.dkim ({}, selector {}); TXT at {}",
                s.algorithm().name(),
                s.selector(),
                s.dns_name()
            );
            let _ = writeln!(out, "   {}", txt(&s.dns_name(), &s.dns_record()));
            if aligned(s.domain(), &from_domain) {
                ok.push(format!(
                    "DKIM d={} is aligned with the From domain {from_domain} (DMARC passes on DKIM)",
                    s.domain()
                ));
            } else {
                warnings.push(format!(
                    "DKIM d={} is not the From domain {from_domain} nor under it: DMARC will not \
                     pass on DKIM; set mail.dkim.domain to {from_domain}",
                    s.domain()
                ));
            }
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
            warnings.push("no DKIM signature (mail.dkim is not set)".into());
        }
    }
    out.push('\n');

    // 3. DMARC: start with p=none and reports, tighten once the reports show only your mail.
    let _ = writeln!(
        out,
        "3. DMARC: what receivers do with mail that fails, and where they report (TXT at \
         _dmarc.{from_domain})"
    );
    let rua = domain(org_email).map_or(format!("dmarc@{from_domain}"), |_| org_email.to_string());
    let _ = writeln!(
        out,
        "   {}",
        txt(
            &format!("_dmarc.{from_domain}"),
            &format!("v=DMARC1; p=none; rua=mailto:{rua}; adkim=r; aspf=r")
        )
    );
    let _ = writeln!(
        out,
        "   note: p=none only reports; once the reports show every source passing, move to \
         p=quarantine, then p=reject"
    );
    if !aligned(&envelope_domain, &from_domain) {
        warnings.push(format!(
            "the envelope sender's domain {envelope_domain} (mail.verp) is not under the From \
             domain {from_domain}: SPF cannot align, so DMARC rests on DKIM alone"
        ));
    }
    out.push('\n');

    // Bulk-sender rules beyond DNS.
    match mail.unsubscribe.as_ref().and_then(|u| u.url.as_deref()) {
        Some(url) if url.starts_with("https://") => ok.push(format!(
            "one-click unsubscribe (RFC 8058) at {url}{}",
            if signer.is_some() {
                ", List-Unsubscribe and List-Unsubscribe-Post signed"
            } else {
                " (providers honour it only in DKIM-signed mail)"
            }
        )),
        Some(url) => warnings.push(format!(
            "mail.unsubscribe.url `{url}` is not https://: providers require HTTPS for one-click \
             unsubscribe"
        )),
        None => warnings.push(
            "no mail.unsubscribe.url: Gmail and Yahoo require one-click unsubscribe (RFC 8058) \
             for bulk mail"
                .into(),
        ),
    }
    match &mail.list_id {
        Some(id) => ok.push(format!("List-Id: {id}")),
        None => warnings.push(
            "no mail.list_id: set one (e.g. `urgent-actions.example.org`) so filters can \
             recognise the list"
                .into(),
        ),
    }
    let _ = writeln!(out, "Checks:");
    for line in &ok {
        let _ = writeln!(out, "  ok: {line}");
    }
    for line in &warnings {
        let _ = writeln!(out, "  warning: {line}");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_txt_values_are_cut_into_255_byte_strings() {
        let value = "x".repeat(600);
        let record = txt("s._domainkey.example.org", &value);
        assert!(record.starts_with("s._domainkey.example.org.  IN TXT  ( \""));
        let strings: Vec<&str> = record.split('"').skip(1).step_by(2).collect();
        assert_eq!(
            strings.iter().map(|s| s.len()).collect::<Vec<_>>(),
            [255, 255, 90]
        );
    }

    #[test]
    fn domains_and_alignment() {
        assert_eq!(
            domain("Appeals <Actions@Example.ORG>").as_deref(),
            Some("example.org")
        );
        assert_eq!(
            domain("bounces+{token}@mail.example.org").as_deref(),
            Some("mail.example.org")
        );
        assert!(aligned("mail.example.org", "example.org"));
        assert!(!aligned("badexample.org", "example.org"));
    }
}
