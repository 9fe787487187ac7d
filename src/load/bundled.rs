//! The files `appeal init` copies into a new project: the directory of authorities, missions,
//! calendars and events (with the sources their comments give), the templates and the locales.
//! `build.rs` puts them into the binary, so `init` needs no copy of the repository.

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
