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

/// The letter as a `mailto:` link carries it: the sender's block (their name and postal
/// address: a Kazakh state body does not consider an appeal without them), then the letter from
/// the salutation on; the date and the recipient's postal block, which an email needs no more,
/// stay out (and keep the link short).
pub fn email_body(letter: &str, r: &Recipient) -> String {
    let Some(at) = letter.find(&r.salutation_line) else {
        return letter.to_string();
    };
    let sender = letter.split("\n\n").next().unwrap_or("").trim_end();
    if sender.is_empty() || letter.starts_with(&r.salutation_line) {
        return letter[at..].to_string();
    }
    format!("{sender}\n\n{}", &letter[at..])
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
