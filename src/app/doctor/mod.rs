//! `appeal doctor`: the DNS records the organisation must publish so that mailbox providers
//! accept its supporter mail (SPF, the DKIM public key, DMARC), worked out from the settings and
//! the DKIM key, plus a check of the settings that bulk-sender rules look at (DKIM aligned with
//! From, one-click unsubscribe, List-Id). It never changes anything. Only with a DNS check does
//! it use the network: it looks the records up ([`crate::dns`]) and compares.
//!
//! The records and the settings checks are worked out in `records.rs`, without I/O; this file is
//! the use case: it opens the project, reads the DKIM key and, when asked, asks DNS.

mod records;

pub use records::{DkimRecord, Records, TxtRecord, records};

use crate::clock::Clock;
use crate::deliver::dkim::Signer;
use crate::dns::{self, Txt};
use crate::error::{Error, Result};
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::time::Duration;

/// What the command asks for.
#[derive(Debug, Default)]
pub struct Options {
    /// Also look the records up in DNS.
    pub check_dns: bool,
    /// The resolver to ask, as given (`IP` or `IP:PORT`); default: the system's.
    pub resolver: Option<String>,
}

/// What `doctor` found.
#[derive(Debug)]
pub struct Report {
    /// The records to publish and the checks of the settings.
    pub records: Records,
    /// With a DNS check: what DNS holds, or why it could not be asked (the records above are
    /// still worth showing).
    pub dns: Option<Result<DnsCheck>>,
}

/// What a DNS lookup of one name found: the records as read, or why there is no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen<T> {
    /// TXT records are there; what they say.
    Found(T),
    /// The name does not exist, or has no TXT record.
    Missing,
    /// No usable answer: why.
    Unknown(String),
}

/// The SPF records among a name's TXT records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spf {
    /// None (no `v=spf1` record).
    NoRecord,
    /// Exactly one, as published.
    One(String),
    /// This many: receivers treat that as an error.
    Several(usize),
}

/// The published records as the resolver sees them.
#[derive(Debug)]
pub struct DnsCheck {
    /// The resolver asked.
    pub resolver: SocketAddr,
    /// For each SPF name (as in [`Records::spf`]): its SPF records.
    pub spf: Vec<(String, Seen<Spf>)>,
    /// The DKIM name, and whether it holds `mail.dkim`'s key (`None`: mail is not signed).
    pub dkim: Option<(String, Seen<bool>)>,
    /// The DMARC name, and its DMARC record if any.
    pub dmarc: (String, Seen<Option<String>>),
}

/// Runs `doctor`: the records, then (if asked) the DNS check.
pub fn run(root: &Path, clock: Clock, options: &Options) -> Result<Report> {
    let env = super::project::open(root, clock)?;
    let campaign = &env.project.campaign.value;
    let mail = campaign.mail.as_ref().ok_or_else(|| {
        Error::Config(
            "no `mail:` settings in appeals/campaign.yaml: add mail.from first (see the README, \
             \"Deliverability\")"
                .into(),
        )
    })?;
    let signer = Signer::from_settings(mail.dkim.as_ref(), root)?;
    let records = records(mail, signer.as_ref(), &campaign.organisation.email)?;
    let dns = options
        .check_dns
        .then(|| resolver(options.resolver.as_deref()).map(|r| check_dns(&records, r)));
    Ok(Report { records, dns })
}

/// The resolver given (`IP` or `IP:PORT`), else the system's.
fn resolver(given: Option<&str>) -> Result<SocketAddr> {
    match given {
        Some(a) => a
            .parse::<SocketAddr>()
            .or_else(|_| a.parse::<IpAddr>().map(|ip| SocketAddr::new(ip, 53)))
            .map_err(|_| Error::Usage(format!("--resolver `{a}`: give an IP address, or IP:PORT"))),
        None => dns::system_resolver().ok_or_else(|| {
            Error::Config("no nameserver in /etc/resolv.conf: give one with --resolver".into())
        }),
    }
}

/// Looks up what [`records`] says to publish.
pub fn check_dns(records: &Records, resolver: SocketAddr) -> DnsCheck {
    let timeout = Duration::from_secs(3);
    let lookup = |name: &str| match dns::txt(resolver, name, timeout) {
        Txt::Found(records) => Seen::Found(records),
        Txt::Missing => Seen::Missing,
        Txt::Failed(why) => Seen::Unknown(why),
    };
    let spf = records
        .spf
        .iter()
        .map(|record| {
            let seen = interpret(lookup(&record.name), |found| {
                let mut spf: Vec<String> = found
                    .into_iter()
                    .filter(|r| r.starts_with("v=spf1"))
                    .collect();
                match spf.len() {
                    0 => Spf::NoRecord,
                    1 => Spf::One(spf.remove(0)),
                    n => Spf::Several(n),
                }
            });
            (record.name.clone(), seen)
        })
        .collect();
    let dkim = records.dkim.as_ref().map(|d| {
        let key_of = |r: &str| {
            r.split(';')
                .find_map(|t| t.trim().strip_prefix("p="))
                .map(|p| p.split_whitespace().collect::<String>())
        };
        let want = key_of(&d.record.value);
        let seen = interpret(lookup(&d.record.name), |found| {
            found.iter().any(|r| key_of(r) == want)
        });
        (d.record.name.clone(), seen)
    });
    let name = &records.dmarc.name;
    let seen = interpret(lookup(name), |found| {
        found.into_iter().find(|r| r.starts_with("v=DMARC1"))
    });
    DnsCheck {
        resolver,
        spf,
        dkim,
        dmarc: (name.clone(), seen),
    }
}

/// What the records found say, read by `f`.
fn interpret<T>(seen: Seen<Vec<String>>, f: impl FnOnce(Vec<String>) -> T) -> Seen<T> {
    match seen {
        Seen::Found(records) => Seen::Found(f(records)),
        Seen::Missing => Seen::Missing,
        Seen::Unknown(why) => Seen::Unknown(why),
    }
}
