//! Rendering: one [`Renderer`] per output format turns a resolved [`View`] (one case, one
//! language) into artifacts, in memory. Nothing is written here, so a failure leaves no
//! partial output behind.

pub mod alert;
pub mod email;
pub mod fax;
pub mod letter;
pub mod mime;
pub mod site;
pub mod ua;

use crate::domain::resolve::{Recipient, View};
use crate::env::Env;
use crate::error::Problem;
use serde::Serialize;
use tera::Context;

/// A rendered file, not yet written.
#[derive(Debug, Clone)]
pub struct Artifact {
    /// File name inside `<out>/<case>/<lang>/`.
    pub file_name: String,
    /// Content.
    pub bytes: Vec<u8>,
}

/// One output format.
pub trait Renderer: Sync {
    /// The format's name on the command line (`ua`, `letter`, ...).
    fn name(&self) -> &'static str;
    /// Renders every artifact of this format for one case in one language.
    fn render(
        &self,
        env: &Env,
        view: &View,
        warnings: &mut Vec<Problem>,
    ) -> Result<Vec<Artifact>, Problem>;
}

/// Every output format, in the order `render` writes them.
pub const FORMATS: [&str; 4] = ["ua", "letter", "email", "fax"];

pub use crate::load::digests::hex;

/// The renderer for a format name.
pub fn renderer(name: &str) -> Option<Box<dyn Renderer>> {
    match name {
        "ua" => Some(Box::new(ua::Ua)),
        "letter" => Some(Box::new(letter::Letter)),
        "email" => Some(Box::new(email::Email)),
        "fax" => Some(Box::new(fax::Fax)),
        _ => None,
    }
}

/// Who signs a letter: the campaign organisation, or a supporter.
#[derive(Debug, Clone, Serialize)]
pub struct Sender {
    /// Name.
    pub name: String,
    /// Address lines.
    pub address: Vec<String>,
    /// Who speaks: `we` for the organisation's letters, `i` for a supporter's own.
    pub voice: &'static str,
    /// The lines under the closing formula: the organisation's signatory (position and name)
    /// or its name; a supporter's name.
    pub signature: Vec<String>,
}

/// The Tera context for a view, optionally with one recipient `r` and a `sender`.
pub fn context(
    view: &View,
    recipient: Option<&Recipient>,
    sender: &Sender,
) -> Result<Context, Problem> {
    let mut ctx = Context::from_serialize(view).map_err(|e| {
        Problem::error(
            "templates",
            (0, 0),
            format!("cannot build the template context: {e}"),
        )
    })?;
    if let Some(r) = recipient {
        ctx.insert("r", r);
    }
    ctx.insert("sender", sender);
    Ok(ctx)
}

/// The organisation as the sender.
pub fn org_sender(view: &View) -> Sender {
    Sender {
        name: view.org.name.clone(),
        address: view.org.address.clone(),
        voice: "we",
        signature: view.org.signature.clone(),
    }
}

/// Renders one artifact per target that `reachable` accepts; a target without the contact
/// (`contact`, e.g. "fax number") is skipped with a warning, not an error.
pub fn per_reachable_target(
    view: &View,
    warnings: &mut Vec<Problem>,
    reachable: impl Fn(&Recipient) -> bool,
    contact: &str,
    mut render: impl FnMut(&Recipient) -> Result<Artifact, Problem>,
) -> Result<Vec<Artifact>, Problem> {
    let mut out = Vec::new();
    for r in &view.targets {
        if reachable(r) {
            out.push(render(r)?);
        } else {
            warnings.push(Problem::warning(
                format!("appeals/authorities/{}.yaml", r.role),
                (1, 1),
                format!("`{}` has no known {contact}: skipped", r.role),
            ));
        }
    }
    Ok(out)
}
