//! Use cases: what each command does, from opening the project to the report it prints. They
//! do the I/O (through `load`, `deliver` and the other adapters) and return reports; they
//! never print. Commands (`cmd/`) parse, call one of these, and print.

pub mod actions;
pub mod bounces;
pub mod check;
pub mod deadlines;
pub mod doctor;
pub mod each_case;
pub mod init;
pub mod list;
pub mod mailing;
pub mod new;
pub mod project;
pub mod render;
pub mod report;
pub mod send;
pub mod serve;
pub mod site;
pub mod suppress;
pub mod translations;
pub mod who;
