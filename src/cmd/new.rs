//! `appeal new ID [--target ROLE]... [--follows PREV] [--kind KIND]`: starts a case file with
//! every field present and a comment on each (see [`crate::app::new`]), then says where it is.

use crate::app;
use crate::cli::{NewArgs, NewKind};
use crate::error::Result;
use crate::model::CaseKind;
use std::path::Path;

/// Runs `new`.
pub fn run(root: &Path, args: NewArgs) -> Result<()> {
    let request = app::new::Request {
        id: &args.id,
        targets: &args.targets,
        follows: args.follows.as_deref(),
        kind: args.kind.map(case_kind),
    };
    let shown = app::new::start(root, &request)?;
    say!("{}", shown.display());
    eprintln!(
        "wrote {}: fill in the empty values; `appeal check` lists what is left, one line each",
        shown.display()
    );
    Ok(())
}

fn case_kind(kind: NewKind) -> CaseKind {
    match kind {
        NewKind::New => CaseKind::New,
        NewKind::Update => CaseKind::Update,
        NewKind::StopAction => CaseKind::StopAction,
        NewKind::Closure => CaseKind::Closure,
    }
}
