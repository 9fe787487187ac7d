//! The sending organisation in one language.

use crate::domain::phone::human_number;
use crate::domain::resolve::context::Context;
use crate::domain::resolve::views::OrgView;

/// The campaign's organisation: its name and address in the context's language, its numbers
/// also grouped for people to dial.
pub(super) fn org_view(cx: &Context) -> OrgView {
    let campaign = &cx.project.campaign.value;
    let org = &campaign.organisation;
    let name = cx.text(&org.name);
    // Position, then name, as an official letter is signed; a signatory with neither in this
    // language (nor a fallback) leaves the organisation's name alone.
    let signature: Vec<String> = campaign
        .signatory
        .iter()
        .flat_map(|s| [cx.pick(&s.position), cx.pick(&s.name)])
        .flatten()
        .cloned()
        .collect();
    OrgView {
        signature: if signature.is_empty() {
            vec![name.clone()]
        } else {
            signature
        },
        name,
        address: cx.text(&org.address),
        phone: org.phone.clone(),
        phone_display: org.phone.as_deref().map(human_number),
        fax: org.fax.clone(),
        fax_display: org.fax.as_deref().map(human_number),
        email: org.email.clone(),
        web: org.web.clone(),
    }
}
