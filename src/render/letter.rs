//! One appeal letter per target, as text and printable HTML.

use super::{Artifact, Renderer, Sender, context, org_sender};
use crate::domain::resolve::{Recipient, View};
use crate::env::Env;
use crate::error::Problem;

/// Renders `letter-<role>.txt` and `letter-<role>.html` for each target.
pub struct Letter;

/// The letter to one recipient in one format (`txt` or `html`).
pub fn letter_text(
    env: &Env,
    view: &View,
    r: &Recipient,
    sender: &Sender,
    ext: &str,
) -> Result<String, Problem> {
    let ctx = context(view, Some(r), sender)?;
    env.templates.render(&format!("letter.{ext}"), &ctx)
}

/// The letter as an email carries it: from the salutation on, since an email needs no postal
/// sender and recipient blocks.
pub fn email_body<'a>(letter: &'a str, r: &Recipient) -> &'a str {
    letter
        .find(&r.salutation_line)
        .map_or(letter, |at| &letter[at..])
}

impl Renderer for Letter {
    fn name(&self) -> &'static str {
        "letter"
    }

    fn render(
        &self,
        env: &Env,
        view: &View,
        _warnings: &mut Vec<Problem>,
    ) -> Result<Vec<Artifact>, Problem> {
        let sender = org_sender(view);
        let mut out = Vec::new();
        for r in &view.targets {
            for ext in ["txt", "html"] {
                let text = letter_text(env, view, r, &sender, ext)?;
                out.push(Artifact {
                    file_name: format!("letter-{}.{ext}", r.slug),
                    bytes: text.into_bytes(),
                });
            }
        }
        Ok(out)
    }
}
