//! Client-side rate limiting at a vendor's documented rate (a spec's `x-rate-limit`), so that a
//! busy pipeline slows itself down instead of collecting 429s.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// Spaces requests evenly: at most `per_second` start in any second, across every task using the
/// client.
#[derive(Debug)]
pub struct RateLimiter {
    interval: Duration,
    next: Mutex<Option<Instant>>,
}

impl RateLimiter {
    /// A limiter for `per_second` requests a second (at least one a minute).
    pub fn new(per_second: f64) -> Self {
        let per_second = per_second.clamp(1.0 / 60.0, 1_000_000.0);
        RateLimiter {
            interval: Duration::from_secs_f64(1.0 / per_second),
            next: Mutex::new(None),
        }
    }

    /// Waits for this request's turn.
    pub async fn wait(&self) {
        let now = Instant::now();
        let slot = {
            let mut next = self
                .next
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let slot = next.map_or(now, |n| n.max(now));
            *next = Some(slot + self.interval);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn six_requests_at_five_a_second_take_one_second() {
        let limiter = RateLimiter::new(5.0);
        let start = Instant::now();
        for _ in 0..6 {
            limiter.wait().await;
        }
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }
}
