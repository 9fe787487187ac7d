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
        // The first items go one at a time, so that a short stream (a small supporters file)
        // still spreads over every worker; then in batches.
        let mut handed = 0;
        while items.peek().is_some() {
            let size = if handed < workers * BATCH { 1 } else { BATCH };
            let batch: Vec<T> = items.by_ref().take(size).collect();
            handed += batch.len();
            if tx.send(batch).is_err() {
                break;
            }
        }
        drop(tx);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_stream_spreads_over_every_worker() {
        // 31 items, fewer than one batch, on 4 workers that each take a moment per item.
        let seen = Mutex::new(std::collections::HashSet::new());
        for_each_with(
            0..31,
            4,
            || std::thread::current().id(),
            |id, _| {
                seen.lock().unwrap().insert(*id);
                std::thread::sleep(std::time::Duration::from_millis(5));
            },
        );
        assert_eq!(seen.lock().unwrap().len(), 4);
    }

    #[test]
    fn every_item_is_worked_on_once() {
        let sum = std::sync::atomic::AtomicUsize::new(0);
        for_each(1..=10_000, 3, |i| {
            sum.fetch_add(i, std::sync::atomic::Ordering::Relaxed);
        });
        assert_eq!(sum.into_inner(), 10_000 * 10_001 / 2);
    }
}
