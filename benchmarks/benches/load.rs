//! Load on loopback, release mode: 10,000 signed shipping-place updates at 256 in flight, through
//! the generated Coupang client and through raw reqwest doing the same work by hand (sign,
//! encode, send, decode), in one run, each side seven times in turn. Prints requests per second,
//! errors, the ratio of the best rounds and the median of the rounds' own ratios (each round runs
//! both sides back to back, so its ratio is the least disturbed by a neighbour on a shared
//! machine). Run: `cargo bench -p benchmarks --bench load`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use benchmarks::{Loopback, hand_place, place, raw_update};
use commerce_apis::coupang;

const REQUESTS: usize = 10_000;
const IN_FLIGHT: usize = 256;
fn in_flight() -> usize {
    std::env::var("IN_FLIGHT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(IN_FLIGHT)
}
const ROUNDS: usize = 7;

/// Counts allocations, so that each side's allocations per request can be printed: a figure the
/// machine's noise does not move. Both sides (and the server, which answers both alike) pay the
/// same atomic increment.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed to the system allocator unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on as it is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// What one side managed: how long the 10,000 requests took and how many failed.
struct Round {
    elapsed: Duration,
    errors: usize,
    allocations: usize,
}

impl Round {
    fn per_second(&self) -> f64 {
        REQUESTS as f64 / self.elapsed.as_secs_f64()
    }
}

/// `IN_FLIGHT` workers take request numbers from a shared counter until `REQUESTS` are taken;
/// `send` makes one request and says whether it succeeded.
fn drive<F, Fut>(server: &Loopback, send: F) -> Round
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let send = Arc::new(send);
    let taken = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));
    let allocations = ALLOCATIONS.load(Ordering::Relaxed);
    let started = Instant::now();
    server.runtime.block_on(async {
        let workers: Vec<_> = (0..in_flight())
            .map(|_| {
                let (send, taken, errors) = (send.clone(), taken.clone(), errors.clone());
                tokio::spawn(async move {
                    while taken.fetch_add(1, Ordering::Relaxed) < REQUESTS {
                        if !send().await {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.await.expect("worker");
        }
    });
    Round {
        elapsed: started.elapsed(),
        errors: errors.load(Ordering::Relaxed),
        allocations: ALLOCATIONS.load(Ordering::Relaxed) - allocations,
    }
}

fn main() {
    let server = Loopback::start();
    let client = Arc::new(
        coupang::Client::builder(coupang::Credentials::new("access-key", "secret-key"))
            .base_url(&server.base_url)
            .build(),
    );
    let http = commerce_apis::runtime::http::client_builder()
        .build()
        .expect("client");
    let (typed, by_hand) = (Arc::new(place()), Arc::new(hand_place()));
    let base_url = Arc::new(server.base_url.clone());
    let mut best = [f64::MIN, f64::MIN];
    let mut errors = [0, 0];
    let mut ratios = Vec::with_capacity(ROUNDS);
    let mut allocations = [usize::MAX, usize::MAX];
    for round in 1..=ROUNDS {
        // Alternate which side goes first, so neither always meets a warmed-up server.
        let run_generated = || {
            let (client, typed) = (client.clone(), typed.clone());
            drive(&server, move || {
                let (client, typed) = (client.clone(), typed.clone());
                async move {
                    client
                        .update_outbound_shipping_place("A00012345", 123456, &typed)
                        .await
                        .is_ok()
                }
            })
        };
        let run_raw = || {
            let (http, by_hand, base_url) = (http.clone(), by_hand.clone(), base_url.clone());
            drive(&server, move || {
                let (http, by_hand, base_url) = (http.clone(), by_hand.clone(), base_url.clone());
                async move { raw_update(&http, &base_url, &by_hand).await.is_ok() }
            })
        };
        let (generated, raw) = if round % 2 == 1 {
            let generated = run_generated();
            (generated, run_raw())
        } else {
            let raw = run_raw();
            (run_generated(), raw)
        };
        for (i, side) in [&generated, &raw].into_iter().enumerate() {
            best[i] = best[i].max(side.per_second());
            errors[i] += side.errors;
            allocations[i] = allocations[i].min(side.allocations);
        }
        ratios.push(generated.per_second() / raw.per_second());
        println!(
            "round {round}: generated {:.0} requests/s ({} errors), raw reqwest {:.0} requests/s ({} errors)",
            generated.per_second(),
            generated.errors,
            raw.per_second(),
            raw.errors
        );
    }
    ratios.sort_by(f64::total_cmp);
    println!(
        "best of {ROUNDS}: generated {:.0} requests/s, raw reqwest {:.0} requests/s, ratio {:.2}x; median of the rounds' ratios {:.2}x; errors {} / {}",
        best[0],
        best[1],
        best[0] / best[1],
        ratios[ROUNDS / 2],
        errors[0],
        errors[1]
    );
    println!(
        "allocations per request, server included (it answers both alike): generated {:.1}, raw reqwest {:.1}",
        allocations[0] as f64 / REQUESTS as f64,
        allocations[1] as f64 / REQUESTS as f64
    );
}
