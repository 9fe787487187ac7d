//! `--concurrency N` means N connections carry the mail, however short the supporters file:
//! a file of a dozen rows once went over one connection, the others left idle. A small proxy
//! in front of a real `smtp-sink` counts the bytes each connection carries.

mod common;
use common::Project;
use common::sink::Sink;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Forwards every connection to `port`, counting what each client sends.
fn counting_proxy(port: u16) -> (u16, Arc<Mutex<Vec<Arc<AtomicUsize>>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let own = listener.local_addr().unwrap().port();
    let sent: Arc<Mutex<Vec<Arc<AtomicUsize>>>> = Arc::default();
    let list = sent.clone();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let server = TcpStream::connect(("127.0.0.1", port)).unwrap();
            let count = Arc::new(AtomicUsize::new(0));
            list.lock().unwrap().push(count.clone());
            let (mut c_in, mut s_out) = (client.try_clone().unwrap(), server.try_clone().unwrap());
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                while let Ok(n) = c_in.read(&mut buf) {
                    if n == 0 || s_out.write_all(&buf[..n]).is_err() {
                        break;
                    }
                    count.fetch_add(n, Ordering::Relaxed);
                }
                let _ = s_out.shutdown(std::net::Shutdown::Write);
            });
            let (mut s_in, mut c_out) = (server, client);
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut s_in, &mut c_out);
                let _ = c_out.shutdown(std::net::Shutdown::Write);
            });
        }
    });
    (own, sent)
}

#[test]
fn a_short_supporters_file_goes_over_every_connection() {
    let sink = Sink::start(&[]);
    let (port, sent) = counting_proxy(sink.port);
    let p = Project::sample();
    let csv: String = std::iter::once("email,name,language\n".to_string())
        .chain((0..12).map(|i| format!("s{i}@example.net,Supporter {i},en\n")))
        .collect();
    p.write("supporters.csv", &csv);
    let url = format!("smtp://127.0.0.1:{port}");
    let run = p
        .run(&[
            "--today",
            "2018-05-20",
            "mail",
            "ua-82-18",
            "--supporters",
            "supporters.csv",
            "--send",
            "--smtp",
            &url,
            "--concurrency",
            "4",
        ])
        .ok();
    assert!(run.stdout.contains("12"), "{}", run.stdout);
    // A connection that carried a message sent kilobytes; an idle one, its greeting and QUIT.
    let busy = sent
        .lock()
        .unwrap()
        .iter()
        .filter(|c| c.load(Ordering::Relaxed) > 4096)
        .count();
    assert!(busy >= 3, "{busy} of 4 connections carried the 12 messages");
    let dumped = std::fs::read_dir(sink.dump_path()).unwrap().count();
    assert_eq!(dumped, 12);
}
