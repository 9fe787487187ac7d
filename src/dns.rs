//! A minimal DNS TXT lookup over UDP (RFC 1035), for `appeal doctor --check-dns`: one query to
//! one resolver, a deadline, no retries, no cache. Written here because a resolver crate would
//! cost more build time than this whole check is worth; only TXT answers are read.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};
use std::time::Duration;

/// What a lookup found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Txt {
    /// The TXT records, each with its strings joined.
    Found(Vec<String>),
    /// The name does not exist, or has no TXT record.
    Missing,
    /// No usable answer (timeout, server failure, truncated): the reason.
    Failed(String),
}

/// The first `nameserver` of /etc/resolv.conf, on port 53.
pub fn system_resolver() -> Option<SocketAddr> {
    let text = std::fs::read_to_string("/etc/resolv.conf").ok()?;
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("nameserver"))
        .find_map(|a| a.trim().parse::<std::net::IpAddr>().ok())
        .map(|ip| SocketAddr::new(ip, 53))
}

/// The query packet for the TXT records of `name`.
fn query(id: u16, name: &str) -> Option<Vec<u8>> {
    let mut q = Vec::with_capacity(name.len() + 18);
    q.extend_from_slice(&id.to_be_bytes());
    q.extend_from_slice(&[0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]); // RD; one question
    for label in name.trim_end_matches('.').split('.') {
        if label.is_empty() || label.len() > 63 {
            return None;
        }
        q.push(label.len() as u8);
        q.extend_from_slice(label.as_bytes());
    }
    q.push(0);
    q.extend_from_slice(&[0, 16, 0, 1]); // TXT, IN
    Some(q)
}

/// Skips a (possibly compressed) name at `at`; returns the offset after it.
fn skip_name(p: &[u8], mut at: usize) -> Option<usize> {
    loop {
        let len = *p.get(at)? as usize;
        if len == 0 {
            return Some(at + 1);
        }
        if len & 0xc0 == 0xc0 {
            return Some(at + 2);
        }
        at += 1 + len;
    }
}

fn u16_at(p: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*p.get(at)?, *p.get(at + 1)?]))
}

/// Parses a response to query `id`.
fn parse(p: &[u8], id: u16) -> Txt {
    let bad = || Txt::Failed("a malformed DNS answer".into());
    if p.len() < 12 || u16_at(p, 0) != Some(id) {
        return bad();
    }
    let flags = u16_at(p, 2).unwrap_or(0);
    if flags & 0x0200 != 0 {
        return Txt::Failed("the answer was truncated (too long for UDP)".into());
    }
    match flags & 0x000f {
        0 => {}
        3 => return Txt::Missing,
        rcode => return Txt::Failed(format!("the resolver answered with error code {rcode}")),
    }
    let qd = u16_at(p, 4).unwrap_or(0);
    let an = u16_at(p, 6).unwrap_or(0);
    let mut at = 12;
    for _ in 0..qd {
        let Some(next) = skip_name(p, at) else {
            return bad();
        };
        at = next + 4;
    }
    let mut records = vec![];
    for _ in 0..an {
        let Some(next) = skip_name(p, at) else {
            return bad();
        };
        at = next;
        let (Some(rtype), Some(len)) = (u16_at(p, at), u16_at(p, at + 8)) else {
            return bad();
        };
        let start = at + 10;
        let end = start + len as usize;
        let Some(data) = p.get(start..end) else {
            return bad();
        };
        if rtype == 16 {
            let mut text = Vec::new();
            let mut i = 0;
            while i < data.len() {
                let n = data[i] as usize;
                let Some(chunk) = data.get(i + 1..i + 1 + n) else {
                    return bad();
                };
                text.extend_from_slice(chunk);
                i += 1 + n;
            }
            records.push(String::from_utf8_lossy(&text).into_owned());
        }
        at = end;
    }
    if records.is_empty() {
        Txt::Missing
    } else {
        Txt::Found(records)
    }
}

/// The TXT records of `name`, asked of `resolver`.
pub fn txt(resolver: SocketAddr, name: &str, timeout: Duration) -> Txt {
    let id = (std::process::id() as u16) ^ (name.len() as u16).rotate_left(7);
    let Some(packet) = query(id, name) else {
        return Txt::Failed(format!("`{name}` is not a DNS name"));
    };
    let local = if resolver.is_ipv4() {
        SocketAddr::new(Ipv4Addr::UNSPECIFIED.into(), 0)
    } else {
        SocketAddr::new(Ipv6Addr::UNSPECIFIED.into(), 0)
    };
    let run = || -> std::io::Result<Vec<u8>> {
        let socket = UdpSocket::bind(local)?;
        socket.set_read_timeout(Some(timeout))?;
        socket.connect(resolver)?;
        socket.send(&packet)?;
        let mut buf = vec![0u8; 4096];
        let n = socket.recv(&mut buf)?;
        buf.truncate(n);
        Ok(buf)
    };
    match run() {
        Ok(answer) => parse(&answer, id),
        Err(e) => Txt::Failed(format!("no answer from {resolver}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_txt_answer_is_read_with_its_strings_joined() {
        let q = query(7, "s1._domainkey.example.org").unwrap();
        let mut a = q.clone();
        a[2] = 0x81;
        a[3] = 0x80;
        a[7] = 1; // one answer
        a.extend_from_slice(&[0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, 9]);
        a.extend_from_slice(&[3, b'a', b'b', b'c', 4, b'd', b'e', b'f', b'g']);
        assert_eq!(parse(&a, 7), Txt::Found(vec!["abcdefg".into()]));
        let mut nx = q.clone();
        nx[3] = 0x83;
        assert_eq!(parse(&nx, 7), Txt::Missing);
        assert!(matches!(parse(&q[..5], 7), Txt::Failed(_)));
        assert!(query(1, "a..b").is_none());
    }
}
