//! The public urgent-action document, as text and printable HTML.

use super::{Artifact, Renderer, context, org_sender};
use crate::domain::resolve::View;
use crate::env::Env;
use crate::error::Problem;

/// Renders `ua.txt` and `ua.html`.
pub struct Ua;

impl Renderer for Ua {
    fn name(&self) -> &'static str {
        "ua"
    }

    fn render(
        &self,
        env: &Env,
        view: &View,
        _warnings: &mut Vec<Problem>,
    ) -> Result<Vec<Artifact>, Problem> {
        // The UA is used until the deadline: a holder who changes before it is not named.
        let view = &view.public();
        let ctx = context(view, None, &org_sender(view))?;
        ["ua.txt", "ua.html"]
            .into_iter()
            .map(|name| {
                let text = env.templates.render(name, &ctx)?;
                Ok(Artifact {
                    file_name: name.to_string(),
                    bytes: text.into_bytes(),
                })
            })
            .collect()
    }
}
