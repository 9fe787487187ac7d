//! A bounded parallel for-each: one thread feeds items from a stream (so memory stays flat for
//! a million supporters), `workers` threads process them.

use std::sync::Mutex;
use std::sync::mpsc::sync_channel;

/// Runs `work` on every item with `workers` threads; items are read lazily.
pub fn for_each<T: Send>(items: impl Iterator<Item = T>, workers: usize, work: impl Fn(T) + Sync) {
    for_each_with(items, workers, || (), |_, item| work(item));
}

/// Like [`for_each`], with per-worker state made by `init` (e.g. each worker's SMTP connection).
pub fn for_each_with<T: Send, S>(
    items: impl Iterator<Item = T>,
    workers: usize,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, T) + Sync,
) {
    let workers = workers.max(1);
    let (tx, rx) = sync_channel::<T>(workers * 4);
    let rx = Mutex::new(rx);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                let mut state = init();
                loop {
                    let item = match rx.lock() {
                        Ok(r) => r.recv(),
                        Err(_) => return,
                    };
                    match item {
                        Ok(item) => work(&mut state, item),
                        Err(_) => return,
                    }
                }
            });
        }
        for item in items {
            if tx.send(item).is_err() {
                break;
            }
        }
        drop(tx);
    });
}
