//! The domain: pure rules over the loaded project, no I/O. Resolution (case × directory × date
//! × language → [`resolve::View`]), dispatch (what reaches each authority), deadlines, an
//! action's life (what each kind of document does, and its state on a date), who held an office (tenure), Russian and Kazakh name forms
//! (decline), and which texts are translated from what.

pub mod agenda;
pub mod deadline;
pub mod decline;
pub mod directory_todo;
pub mod dispatch;
pub mod life;
pub mod phone;
pub mod public_count;
pub mod resolve;
pub mod role_suggestion;
pub mod tenure;
pub mod translations;
pub mod variants;
