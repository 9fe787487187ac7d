//! Printing a command's report on standard output so that a reader who stops early is no
//! error: `appeal list --json | head` closes the pipe, and `println!` would panic on it. A line
//! nobody reads is dropped; another write error (a full disk behind `>`) is told on standard
//! error, once, and the command goes on (a sending run must finish what it started).

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// `println!` for a command's report ([`write`]).
macro_rules! say {
    () => {
        $crate::cmd::say::write(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::cmd::say::write(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` for a command's report ([`write`]).
macro_rules! say_part {
    ($($arg:tt)*) => {
        $crate::cmd::say::write(format_args!($($arg)*))
    };
}

/// Whether a write error other than a closed pipe was told already.
static TOLD: AtomicBool = AtomicBool::new(false);

/// Writes `text` to standard output: a closed pipe drops it; another error is told once.
pub fn write(text: std::fmt::Arguments) {
    let mut out = std::io::stdout().lock();
    let written = out.write_fmt(text).and_then(|()| out.flush());
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            if !TOLD.swap(true, Ordering::Relaxed) {
                eprintln!("appeal: cannot write to standard output: {e}");
            }
        }
    }
}
