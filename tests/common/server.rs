//! A running `appeal serve` on 127.0.0.1 (a port the system picks), over a test project; killed
//! with SIGKILL on drop, as a crash would.

use super::{Project, TOKEN_SECRET};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running server.
pub struct Server {
    child: Child,
    /// The port it listens on.
    pub port: u16,
}

/// An answer: status, head (status line and headers), body.
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Server {
    /// Starts `appeal --today TODAY serve` (or `command`, e.g. its old name) over `p`.
    pub fn start_as(p: &Project, today: &str, command: &str) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_appeal"))
            .arg("--root")
            .arg(p.root())
            .args(["--today", today, command, "--listen", "127.0.0.1:0"])
            .env("APPEAL_TOKEN_SECRET", TOKEN_SECRET)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        // It prints its address once listening.
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|r| r.split(';').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Server { child, port }
    }

    /// Starts `appeal --today TODAY serve` over `p`.
    pub fn start(p: &Project, today: &str) -> Server {
        Server::start_as(p, today, "serve")
    }

    /// Sends one form request; returns the answer.
    pub fn request(&self, method: &str, path: &str, body: &str) -> Answer {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        Answer {
            status: head.split(' ').nth(1).unwrap().parse().unwrap(),
            head: head.to_string(),
            body: body.to_string(),
        }
    }

    /// SIGKILL, at once: what a crash or the OOM killer does.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
