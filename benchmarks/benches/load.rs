//! Load on loopback, release mode: 10,000 signed shipping-place updates at 256 in flight, through
//! the generated Coupang client and through raw reqwest doing the same work by hand (sign,
//! encode, send, decode), in one run, each side three times in turn. Prints requests per second,
//! errors and the ratio. Run: `cargo bench -p benchmarks --bench load`.

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
const ROUNDS: usize = 3;

/// What one side managed: how long the 10,000 requests took and how many failed.
struct Round {
    elapsed: Duration,
    errors: usize,
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
        }
        println!(
            "round {round}: generated {:.0} requests/s ({} errors), raw reqwest {:.0} requests/s ({} errors)",
            generated.per_second(),
            generated.errors,
            raw.per_second(),
            raw.errors
        );
    }
    println!(
        "best of {ROUNDS}: generated {:.0} requests/s, raw reqwest {:.0} requests/s, ratio {:.2}x; errors {} / {}",
        best[0],
        best[1],
        best[0] / best[1],
        errors[0],
        errors[1]
    );
}
