//! The `appeal` binary: parse arguments, run, print the error, exit with its code.

use clap::Parser;

fn main() {
    // Past a file-size limit (`ulimit -f`) the kernel sends SIGXFSZ, which kills the process
    // before it can remove its staged output. Ignored, the write fails with EFBIG instead: an
    // I/O error, reported and cleaned up after like a full disk.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN before any thread starts.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    let cli = appeal::cli::Cli::parse();
    let code = match appeal::run(cli) {
        Ok(()) => appeal::error::exit::OK,
        Err(error) => {
            appeal::report(&error);
            error.exit_code()
        }
    };
    std::process::exit(code);
}
