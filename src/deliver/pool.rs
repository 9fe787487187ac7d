//! A bounded parallel for-each: one thread feeds items from a stream (so memory stays flat for
//! a million supporters), `workers` threads process them.

use std::sync::Mutex;
use std::sync::mpsc::sync_channel;

/// Items handed to a worker at a time.
const BATCH: usize = 32;

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
    // Items travel in batches: one hand-over per item costs more than rendering a message.
    let (tx, rx) = sync_channel::<Vec<T>>(workers * 2);
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
                        Ok(batch) => batch.into_iter().for_each(|item| work(&mut state, item)),
                        Err(_) => return,
                    }
                }
            });
        }
        let mut items = items.peekable();
        while items.peek().is_some() {
            let batch: Vec<T> = items.by_ref().take(BATCH).collect();
            if tx.send(batch).is_err() {
                break;
            }
        }
        drop(tx);
    });
}
