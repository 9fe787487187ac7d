//! Campaign settings (`appeals/campaign.yaml`): who sends, in which languages, and how mail goes.

use super::text::{Localized, LocalizedLines};
use serde::{Deserialize, Serialize};

/// The campaign's settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// The sending organisation.
    pub organisation: Organisation,
    /// Who signs the organisation's letters, emails and faxes: position and name under the
    /// closing formula. Absent: they end with the organisation's name (`check` warns).
    #[serde(default)]
    pub signatory: Option<Signatory>,
    /// The language used when a supporter's own is not available.
    pub default_language: String,
    /// Languages rendered when `--lang` is not given and the case does not restrict them.
    pub languages: Vec<String>,
    /// The language the organisation writes to authorities in, when the authority reads it
    /// and the case is written in it (e.g. `ru`); otherwise the authority's first language.
    #[serde(default)]
    pub authority_language: Option<String>,
    /// Default IANA time zone for deadlines.
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    /// A deadline this many days away or fewer is "closing soon".
    #[serde(default = "default_closing_soon")]
    pub closing_soon_days: u32,
    /// An open-ended holder is named in letters up to this many months after a source last
    /// showed them in office (`from` or `seen`); later, letters address the title alone.
    #[serde(default = "default_attestation_months")]
    pub attestation_months: u32,
    /// Mail settings; needed only by `send`, `mail` and `remind`.
    #[serde(default)]
    pub mail: Option<MailSettings>,
    /// How `appeal bounces` reads the return mailbox and when it suppresses.
    #[serde(default)]
    pub bounces: Option<BounceSettings>,
    /// Public action site settings (`appeal site`).
    #[serde(default)]
    pub site: Option<SiteSettings>,
}

/// Bounce handling (`appeal bounces`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BounceSettings {
    /// Soft bounces (4.x.x) that suppress an address (default 3)...
    #[serde(default)]
    pub soft_limit: Option<u32>,
    /// ...within this many days (default 30).
    #[serde(default)]
    pub soft_days: Option<u32>,
    /// The return mailbox over IMAP.
    #[serde(default)]
    pub imap: Option<ImapSettings>,
}

/// An IMAP mailbox. The password is never stored here: only where to get it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImapSettings {
    /// `imaps://host[:port][/MAILBOX]`; `imap://` (no TLS) only on loopback.
    pub url: String,
    /// Login name.
    pub username: String,
    /// Environment variable holding the password.
    #[serde(default)]
    pub password_env: Option<String>,
    /// Command that prints the password.
    #[serde(default)]
    pub password_command: Option<String>,
    /// A PEM file of CA certificates to trust instead of the system's (a private CA).
    #[serde(default)]
    pub ca_file: Option<std::path::PathBuf>,
}

/// Settings of the public action site.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    /// The address the site is published at (`https://example.org/actions/`), for feeds and
    /// hreflang links.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Show on each action page how many people have sent appeals (the actions ledger),
    /// rounded down to a multiple of `counter_step`; nothing below it.
    #[serde(default)]
    pub counter: bool,
    /// The rounding of the counter: at least [`MIN_COUNTER_STEP`] (default), so that no single
    /// person's action can be inferred from the number.
    #[serde(default)]
    pub counter_step: Option<u64>,
}

/// The smallest `site.counter_step`: one more action never shows below ten.
pub const MIN_COUNTER_STEP: u64 = 10;

fn default_time_zone() -> String {
    DEFAULT_TIME_ZONE.name().to_string()
}

/// The time zone used where the settings name none, or one that does not exist (which `check`
/// reports).
pub const DEFAULT_TIME_ZONE: chrono_tz::Tz = chrono_tz::Asia::Almaty;

impl Campaign {
    /// The campaign's time zone: `time_zone`, else [`DEFAULT_TIME_ZONE`].
    pub fn zone(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(DEFAULT_TIME_ZONE)
    }
}

fn default_closing_soon() -> u32 {
    7
}

fn default_attestation_months() -> u32 {
    12
}

/// The person who signs the organisation's letters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    /// Their name per language, as it stands under a letter ("Anna Smirnova", «А. С. Смирнова»).
    #[serde(default)]
    pub name: Localized,
    /// Their position per language ("Campaigns coordinator", «Координатор кампаний»).
    #[serde(default)]
    pub position: Localized,
}

impl Signatory {
    /// Forgets values left blank (`""`, as `appeal init` writes them).
    pub fn drop_blank(&mut self) {
        self.name.retain(|_, n| !n.trim().is_empty());
        self.position.retain(|_, p| !p.trim().is_empty());
    }
}

/// The organisation that signs letters and sends mail.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Name per language.
    pub name: Localized,
    /// Postal address lines per language.
    #[serde(default)]
    pub address: LocalizedLines,
    /// Telephone (E.164).
    #[serde(default)]
    pub phone: Option<String>,
    /// Fax (E.164).
    #[serde(default)]
    pub fax: Option<String>,
    /// Email address.
    pub email: String,
    /// Web site.
    #[serde(default)]
    pub web: Option<String>,
}

impl Organisation {
    /// Forgets values left blank (`""`, as `appeal init` writes them): a blank name is one not
    /// written yet, and a blank telephone, fax or web address is none.
    pub fn drop_blank(&mut self) {
        self.name.retain(|_, n| !n.trim().is_empty());
        self.address
            .retain(|_, lines| lines.iter().any(|l| !l.trim().is_empty()));
        for value in [&mut self.phone, &mut self.fax, &mut self.web] {
            if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                *value = None;
            }
        }
    }
}

/// The sending rates `per_second` may give, in messages a second: slower waits for hours
/// between messages, faster is no limit at all.
pub const PER_SECOND: std::ops::RangeInclusive<f64> = 0.001..=100_000.0;

/// How mail is sent.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    /// The From header, e.g. `Appeals Network <actions@example.org>`.
    pub from: String,
    /// The Reply-To header.
    #[serde(default)]
    pub reply_to: Option<String>,
    /// `List-Unsubscribe` targets for supporter mail.
    #[serde(default)]
    pub unsubscribe: Option<Unsubscribe>,
    /// The "I sent my appeal" link in alerts and reminders.
    #[serde(default)]
    pub acted: Option<Acted>,
    /// The list's id (RFC 2919), e.g. `urgent-actions.example.org`: the `List-Id` header and
    /// the scope an unsubscription applies to. Keep it unchanged once mail has gone out:
    /// unsubscriptions are recorded against it.
    #[serde(default)]
    pub list_id: Option<String>,
    /// Environment variable holding the secret that keys unsubscribe tokens (the same for
    /// `mail`, `remind`, `report` and `serve`).
    #[serde(default)]
    pub token_secret_env: Option<String>,
    /// Command that prints that secret (e.g. `pass show appeal/token`).
    #[serde(default)]
    pub token_secret_command: Option<String>,
    /// The SMTP server.
    #[serde(default)]
    pub smtp: Option<SmtpSettings>,
    /// How many SMTP connections send at once.
    #[serde(default)]
    pub concurrency: Option<usize>,
    /// At most this many messages per second.
    #[serde(default)]
    pub per_second: Option<f64>,
    /// At most this many messages per hour.
    #[serde(default)]
    pub per_hour: Option<u32>,
    /// Seconds each SMTP step may take before it counts as a timeout (default 30).
    #[serde(default)]
    pub timeout: Option<u64>,
    /// Email-to-fax gateway address pattern, e.g. `{number}@fax.example.org`.
    #[serde(default)]
    pub fax_gateway: Option<String>,
    /// DKIM signing of supporter mail.
    #[serde(default)]
    pub dkim: Option<DkimSettings>,
    /// VERP envelope sender, e.g. `bounces+{token}@example.org`: each message's return path
    /// names its supporter, so a bounce is attributed even when its body cannot be parsed.
    #[serde(default)]
    pub verp: Option<String>,
}

/// DKIM signing settings. The private key is never stored here: only where to get it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DkimSettings {
    /// The signing domain (`d=`), normally the domain of `mail.from`.
    pub domain: String,
    /// The selector (`s=`): the key is published at `<selector>._domainkey.<domain>`.
    pub selector: String,
    /// `rsa-sha256` (default) or `ed25519-sha256`.
    #[serde(default)]
    pub algorithm: Option<String>,
    /// A PEM private key file, relative to the project root.
    #[serde(default)]
    pub key_file: Option<std::path::PathBuf>,
    /// A command printing the private key (e.g. `pass show dkim`).
    #[serde(default)]
    pub key_command: Option<String>,
}

/// List-Unsubscribe targets.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unsubscribe {
    /// A `mailto:` address.
    #[serde(default)]
    pub mailto: Option<String>,
    /// An HTTPS one-click URL (RFC 8058).
    #[serde(default)]
    pub url: Option<String>,
}

/// The "I sent my appeal" link: `<url>/<token>`, answered by `appeal serve`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acted {
    /// The HTTPS address `appeal serve` answers at (no link when unset).
    #[serde(default)]
    pub url: Option<String>,
}

/// SMTP server settings. The password is never stored here: only where to get it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSettings {
    /// `smtp://host:port` (STARTTLS required unless loopback) or `smtps://host:port`.
    pub url: String,
    /// Login name, if the server wants one.
    #[serde(default)]
    pub username: Option<String>,
    /// Environment variable holding the password.
    #[serde(default)]
    pub password_env: Option<String>,
    /// Command that prints the password (e.g. `pass show smtp`).
    #[serde(default)]
    pub password_command: Option<String>,
}
