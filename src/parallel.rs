//! A map over a slice on every core, keeping the order: rendering is CPU work that one thread
//! per core finishes in a fraction of the time, and callers want the results in job order.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `f` over `jobs` on every core (never more threads than jobs) and returns the results
/// in the jobs' order. Jobs are handed out one at a time, so uneven jobs balance themselves. A
/// panic in `f` is passed on to the caller.
pub fn map<J: Sync, T: Send>(jobs: &[J], f: impl Fn(&J) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, T)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        out.push((i, f(job)));
                    }
                    out
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_back_in_the_jobs_order() {
        let jobs: Vec<u64> = (0..200).collect();
        let out = super::map(&jobs, |n| {
            // Uneven work, so threads finish out of order.
            std::thread::sleep(std::time::Duration::from_micros((n * 7919) % 500));
            n * 2
        });
        assert_eq!(out, jobs.iter().map(|n| n * 2).collect::<Vec<_>>());
        assert!(super::map(&[] as &[u8], |b| *b).is_empty());
    }
}
