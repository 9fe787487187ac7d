//! Postfix's `smtp-sink` on 127.0.0.1, dumping every message it accepts into a folder; stopped
//! on drop. Each test file reads the dumps its own way (Python's email parser, envelopes).

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running smtp-sink.
pub struct Sink {
    child: Child,
    /// The port it listens on.
    pub port: u16,
    /// Where it writes each message (`m.*` files).
    pub dump: tempfile::TempDir,
}

fn binary() -> PathBuf {
    ["/usr/sbin/smtp-sink", "/usr/bin/smtp-sink"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .expect("smtp-sink not found: run scripts/setup (installs postfix)")
}

/// Whether the tests run as root (smtp-sink then has to drop to `nobody`).
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

impl Sink {
    /// Starts a sink; `extra` are smtp-sink options such as `["-r", "rcpt"]`.
    pub fn start(extra: &[&str]) -> Sink {
        let dump = tempfile::tempdir().unwrap();
        // smtp-sink drops privileges to `nobody`, who must be able to write the dumps.
        std::fs::set_permissions(
            dump.path(),
            std::os::unix::fs::PermissionsExt::from_mode(0o777),
        )
        .unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut cmd = Command::new(binary());
        if is_root() {
            cmd.args(["-u", "nobody"]);
        }
        let child = cmd
            .args(extra)
            .arg("-d")
            .arg(format!("{}/m.", dump.path().display()))
            .arg(format!("127.0.0.1:{port}"))
            .arg("100")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "smtp-sink did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Sink { child, port, dump }
    }

    /// `smtp://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The folder of dumped messages.
    pub fn dump_path(&self) -> &Path {
        self.dump.path()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
