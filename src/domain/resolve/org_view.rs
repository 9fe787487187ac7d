//! The sending organisation in one language.

use crate::domain::phone::human_number;
use crate::domain::resolve::context::Context;
use crate::domain::resolve::views::OrgView;

/// The campaign's organisation: its name and address in the context's language, its numbers
/// also grouped for people to dial.
pub(super) fn org_view(cx: &Context) -> OrgView {
    let org = &cx.project.campaign.value.organisation;
    OrgView {
        name: cx.text(&org.name),
        address: cx.text(&org.address),
        phone: org.phone.clone(),
        phone_display: org.phone.as_deref().map(human_number),
        fax: org.fax.clone(),
        fax_display: org.fax.as_deref().map(human_number),
        email: org.email.clone(),
        web: org.web.clone(),
    }
}
