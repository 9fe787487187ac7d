//! The DNS records `doctor` says to publish (SPF, the DKIM public key, DMARC), worked out from
//! the mail settings and the DKIM key, and the checks of the settings that bulk-sender rules
//! look at. Nothing here does I/O: the DNS check that compares is the use case's.

use crate::deliver::dkim::Signer;
use crate::error::{Error, Result};
use crate::model::campaign::MailSettings;
use std::net::IpAddr;

/// The records to publish, and what the settings do for deliverability.
#[derive(Debug)]
pub struct Records {
    /// `mail.from` as written.
    pub from: String,
    /// Its domain.
    pub from_domain: String,
    /// The envelope sender's domain (the VERP return path's, else the From domain).
    pub envelope_domain: String,
    /// One SPF record for each domain a receiver checks it on: the envelope sender's, then
    /// From's when it differs.
    pub spf: Vec<TxtRecord>,
    /// What the SPF mechanism could not know (the public address of a local server, say).
    pub spf_note: Option<String>,
    /// Whether `mail.verp` moves the envelope sender (SPF is then checked there).
    pub verp: bool,
    /// The DKIM key's record; `None` when mail is not signed.
    pub dkim: Option<DkimRecord>,
    /// The DMARC record.
    pub dmarc: TxtRecord,
    /// Settings that pass.
    pub ok: Vec<String>,
    /// Settings that providers will hold against the mail.
    pub warnings: Vec<String>,
}

/// A TXT record to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxtRecord {
    /// The name it goes at.
    pub name: String,
    /// Its text.
    pub value: String,
}

impl TxtRecord {
    /// In zone-file form, cut into strings of at most 255 bytes as DNS requires.
    pub fn zone(&self) -> String {
        txt(&self.name, &self.value)
    }
}

/// The DKIM public key to publish.
#[derive(Debug)]
pub struct DkimRecord {
    /// The signing algorithm's name.
    pub algorithm: String,
    /// The selector.
    pub selector: String,
    /// The key, at `<selector>._domainkey.<domain>`.
    pub record: TxtRecord,
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
    match host.parse::<IpAddr>() {
        Ok(ip) if ip.is_loopback() => (
            "ip4:PUBLIC-IP".into(),
            Some(format!(
                "the SMTP server is on this machine ({host}): replace PUBLIC-IP by the public \
                 address it sends from (or use your relay provider's include:)"
            )),
        ),
        Ok(IpAddr::V4(ip)) => (format!("ip4:{ip}"), None),
        Ok(IpAddr::V6(ip)) => (format!("ip6:{ip}"), None),
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

/// The records to publish for the settings and the DKIM key, and the checks of the settings.
pub fn records(mail: &MailSettings, signer: Option<&Signer>, org_email: &str) -> Result<Records> {
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
    let mut ok = Vec::new();
    let mut warnings = Vec::new();

    // SPF, for each domain a receiver checks it on: the envelope sender (bounces) and From.
    let (mechanism, spf_note) = spf_mechanism(mail);
    let mut spf_domains = vec![envelope_domain.clone()];
    if from_domain != envelope_domain {
        spf_domains.push(from_domain.clone());
    }
    let spf = spf_domains
        .into_iter()
        .map(|name| TxtRecord {
            name,
            value: format!("v=spf1 {mechanism} ~all"),
        })
        .collect();

    let dkim = match signer {
        Some(s) => {
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
            Some(DkimRecord {
                algorithm: s.algorithm().name().into(),
                selector: s.selector().into(),
                record: TxtRecord {
                    name: s.dns_name(),
                    value: s.dns_record(),
                },
            })
        }
        None => {
            warnings.push("no DKIM signature (mail.dkim is not set)".into());
            None
        }
    };

    // DMARC: start with p=none and reports, tighten once the reports show only your mail.
    let rua = domain(org_email).map_or(format!("dmarc@{from_domain}"), |_| org_email.to_string());
    let dmarc = TxtRecord {
        name: format!("_dmarc.{from_domain}"),
        value: format!("v=DMARC1; p=none; rua=mailto:{rua}; adkim=r; aspf=r"),
    };
    if !aligned(&envelope_domain, &from_domain) {
        warnings.push(format!(
            "the envelope sender's domain {envelope_domain} (mail.verp) is not under the From \
             domain {from_domain}: SPF cannot align, so DMARC rests on DKIM alone"
        ));
    }

    bulk_sender_checks(mail, signer.is_some(), &mut ok, &mut warnings);
    Ok(Records {
        from: mail.from.clone(),
        from_domain,
        envelope_domain,
        spf,
        spf_note,
        verp: mail.verp.is_some(),
        dkim,
        dmarc,
        ok,
        warnings,
    })
}

/// Bulk-sender rules beyond DNS: one-click unsubscribe over HTTPS, and a List-Id.
fn bulk_sender_checks(
    mail: &MailSettings,
    signed: bool,
    ok: &mut Vec<String>,
    warnings: &mut Vec<String>,
) {
    match mail.unsubscribe.as_ref().and_then(|u| u.url.as_deref()) {
        Some(url) if url.starts_with("https://") => ok.push(format!(
            "one-click unsubscribe (RFC 8058) at {url}{}",
            if signed {
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
