//! Abuse limits' counters: per-IP request limits on the public and the login/signup endpoints
//! (applied by `http::middleware`), and a per-account lock after repeated failed logins.
//!
//! Counters are fixed one-minute (per IP) or fifteen-minute (per account) windows kept in the
//! process's memory: with several processes behind a load balancer each enforces its own
//! share, which bounds abuse without a shared store. Hosts' own authenticated requests are
//! never limited.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed logins allowed per account and window before it is locked for the window.
pub const FAILED_LOGINS: u32 = 5;
/// The failed-login window.
pub const LOGIN_WINDOW: Duration = Duration::from_secs(15 * 60);
/// The per-IP window.
pub const MINUTE: Duration = Duration::from_secs(60);
/// Forget idle counters when the table grows past this.
const PRUNE_AT: usize = 10_000;

/// Fixed-window counters by key.
#[derive(Debug, Default)]
pub struct Windows {
    counts: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Windows {
    /// Counts one hit for `key`; `Err(seconds to wait)` once `limit` hits fell in `window`.
    pub fn hit(&self, key: &str, limit: u32, window: Duration, now: Instant) -> Result<(), u64> {
        let Ok(mut counts) = self.counts.lock() else {
            return Ok(()); // a poisoned lock must not take the API down
        };
        if counts.len() > PRUNE_AT {
            counts.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = counts.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= window {
            *entry = (now, 0);
        }
        if entry.1 >= limit {
            let wait = window.saturating_sub(now.duration_since(entry.0));
            return Err(wait.as_secs().max(1));
        }
        entry.1 += 1;
        Ok(())
    }

    /// Whether `key` is at `limit` now (without counting a hit).
    pub fn blocked(&self, key: &str, limit: u32, window: Duration, now: Instant) -> Option<u64> {
        let counts = self.counts.lock().ok()?;
        let (start, n) = counts.get(key)?;
        let age = now.duration_since(*start);
        (age < window && *n >= limit).then(|| window.saturating_sub(age).as_secs().max(1))
    }

    /// Forgets `key` (a successful login clears its failures).
    pub fn clear(&self, key: &str) {
        if let Ok(mut counts) = self.counts.lock() {
            counts.remove(key);
        }
    }
}

/// The limiters one process shares among its workers.
#[derive(Debug, Default)]
pub struct Limits {
    /// Per IP: public endpoints, login/signup.
    pub per_ip: Windows,
    /// Per account email: failed logins.
    pub failed_logins: Windows,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_allows_its_limit_then_says_how_long_to_wait() {
        let w = Windows::default();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(w.hit("ip", 3, MINUTE, t0), Ok(()));
        }
        assert_eq!(
            w.hit("ip", 3, MINUTE, t0 + Duration::from_secs(20)),
            Err(40)
        );
        assert_eq!(w.hit("other", 3, MINUTE, t0), Ok(()), "keys are separate");
        assert_eq!(w.hit("ip", 3, MINUTE, t0 + MINUTE), Ok(()), "a new window");
    }

    #[test]
    fn blocked_reads_without_counting_and_clear_forgets() {
        let w = Windows::default();
        let t0 = Instant::now();
        assert_eq!(w.blocked("a", 1, MINUTE, t0), None);
        w.hit("a", 1, MINUTE, t0).unwrap();
        assert_eq!(w.blocked("a", 1, MINUTE, t0), Some(60));
        w.clear("a");
        assert_eq!(w.blocked("a", 1, MINUTE, t0), None);
    }
}
