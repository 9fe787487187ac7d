//! The campaign settings file as `appeal init` writes it: the organisation's fields present and
//! empty, a comment over each, so a campaigner fills in values instead of looking up field
//! names, and `appeal check` lists the empty ones. The other settings have their usual values;
//! mail is left as a commented example, since only `send`, `mail` and `remind` need it.

/// `appeals/campaign.yaml` for a new project.
pub const NEW_CAMPAIGN: &str = r#"# Campaign settings: the organisation that uses `appeal` and signs the letters. Fill in the
# empty values ("") and run `appeal check`: it lists what is left, one line each.
# Every field is described in the README, "Campaign settings".
organisation:
  # Your organisation's name, per language: letters, faxes and alerts are signed with it.
  name:
    en: ""
    ru: ""
    kk: ""
  # Its postal address, per language, a line per item, e.g. en: [PO Box 12, London, United
  # Kingdom]; letters show it under the name. May stay empty.
  address:
    en: []
    ru: []
    kk: []
  # Telephone and fax in E.164 form (+, country code, digits, no spaces); may stay empty.
  phone: ""
  fax: ""
  # The email address letters and alerts give for replies, e.g. actions@example.org.
  email: ""
  # Your web site, e.g. https://example.org; may stay empty.
  web: ""
# Who signs the organisation's letters, emails and faxes: their position and name, per language,
# under the closing formula (e.g. position {en: Campaigns Coordinator, ru: Координатор кампаний},
# name {en: Anna Smirnova, ru: А. С. Смирнова}). Left empty, letters end with the organisation's
# name alone, and `appeal check` warns.
signatory:
  position:
    en: ""
    ru: ""
    kk: ""
  name:
    en: ""
    ru: ""
    kk: ""
# The language supporters get when theirs is not one a case is written in.
default_language: en
# The languages cases are written in; each has its messages under locales/.
languages: [en, ru, kk]
# The language the organisation writes to officials in, where they read it (the `languages` of
# each authority) and the case is written in it.
authority_language: ru
# The time zone deadlines are read in (an IANA name).
time_zone: Asia/Almaty
# A deadline this many days away or fewer is "closing soon".
closing_soon_days: 7
# A holder whose term has no known end is named in letters up to this many months after a
# source last showed them in office; later, letters address the office alone.
attestation_months: 12
# Sending mail to officials and supporters (`appeal send`, `mail`, `remind`) needs a `mail:`
# section; see the README, "Campaign settings" and "Sending for real". For example:
# mail:
#   from: Your Organisation <actions@example.org>
#   reply_to: actions@example.org
#   list_id: urgent-actions.example.org
#   token_secret_env: APPEAL_TOKEN_SECRET
#   unsubscribe: {url: https://example.org/unsubscribe}
#   acted: {url: https://example.org/acted}     # "I sent my appeal" links (README, "Actions that count")
#   smtp:
#     url: smtps://mail.example.org:465
#     username: actions@example.org
#     password_env: APPEAL_SMTP_PASSWORD
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_as_settings_with_the_organisation_left_to_fill_in() {
        let mut campaign: crate::model::Campaign = crate::load::parse_str(NEW_CAMPAIGN).unwrap();
        campaign.organisation.drop_blank();
        let org = &campaign.organisation;
        assert!(org.name.is_empty() && org.address.is_empty() && org.email.is_empty());
        assert!(org.phone.is_none() && org.fax.is_none() && org.web.is_none());
        assert!(campaign.mail.is_none());
        let mut signatory = campaign.signatory.unwrap();
        signatory.drop_blank();
        assert!(signatory.name.is_empty() && signatory.position.is_empty());
    }
}
