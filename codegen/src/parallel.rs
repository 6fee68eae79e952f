//! Work spread over the machine's threads.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `work(0..count)` on the machine's threads, in index order. Each thread takes the next index
/// when it is done with its last, so that a few large items (one vendor's types, the largest
/// file) do not leave a thread idle. `Err` when a worker panicked.
pub fn map<R, F>(count: usize, work: F) -> Result<Vec<R>, String>
where
    R: Send,
    F: Fn(usize) -> R + Sync,
{
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(count);
    if threads <= 1 {
        return Ok((0..count).map(work).collect());
    }
    let next = AtomicUsize::new(0);
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(count).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= count {
                            return done;
                        }
                        done.push((i, work(i)));
                    }
                })
            })
            .collect();
        for worker in workers {
            let done = worker
                .join()
                .map_err(|_| "a worker thread panicked".to_owned())?;
            for (i, result) in done {
                slots[i] = Some(result);
            }
        }
        Ok::<(), String>(())
    })?;
    // Every index below `count` was taken by exactly one worker.
    Ok(slots.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_their_indices() {
        for count in [0, 1, 2, 3, 17, 1000] {
            let squares = map(count, |i| i * i).expect("no worker panics");
            assert_eq!(squares, (0..count).map(|i| i * i).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_panicking_worker_is_an_error() {
        if std::thread::available_parallelism().map_or(1, |n| n.get()) > 1 {
            let result = map(8, |i| if i == 5 { panic!("item {i}") } else { i });
            assert!(result.is_err());
        }
    }
}
