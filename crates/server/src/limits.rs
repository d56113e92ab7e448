//! Abuse limits' counters: per-IP request limits on the public and the login/signup endpoints
//! (applied by `http::middleware`, which classifies requests by the route that answers them).
//!
//! Counters are fixed one-minute windows kept in the process's memory: with several processes
//! behind a load balancer each enforces its own share, which bounds abuse without a shared
//! store. (Failed logins, which must hold across processes, are counted in the database: see
//! `smartcal_db::hosts::reserve_login`.)

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The per-IP limit a route counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// Login and signup: limited whatever credentials come with them.
    Auth,
    /// Guests' endpoints: limited unless the request carries a host's valid credentials.
    Public,
}

/// Failed logins per account and client answered at once; after them, [`login_wait`].
pub const FREE_LOGINS: i32 = 5;

/// Seconds the next login of an account from one client must wait after the last attempt,
/// given `failures` failed attempts so far: none for the first [`FREE_LOGINS`], then 30 s,
/// doubling up to 15 minutes. It slows guessing down rather than locking the account, and
/// being per client, one client's guesses never keep the host out from elsewhere.
pub fn login_wait(failures: i32) -> i64 {
    if failures < FREE_LOGINS {
        0
    } else {
        (30_i64 << (failures - FREE_LOGINS).min(5)).min(15 * 60)
    }
}

/// Largest request body accepted (JSON, or the form prosody posts).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The per-IP window.
pub const MINUTE: Duration = Duration::from_secs(60);
/// Forget idle counters when the table grows past this.
const PRUNE_AT: usize = 10_000;

/// Fixed-window counters by key.
#[derive(Debug)]
pub struct Windows<K> {
    counts: Mutex<HashMap<K, (Instant, u32)>>,
}

impl<K> Default for Windows<K> {
    fn default() -> Self {
        Windows {
            counts: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Hash + Eq + Clone> Windows<K> {
    /// Counts one hit for `key`; `Err(seconds to wait)` once `limit` hits fell in `window`.
    pub fn hit(&self, key: &K, limit: u32, window: Duration, now: Instant) -> Result<(), u64> {
        let Ok(mut counts) = self.counts.lock() else {
            return Ok(()); // a poisoned lock must not take the API down
        };
        if counts.len() > PRUNE_AT {
            counts.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = match counts.get_mut(key) {
            Some(entry) => entry,
            None => counts.entry(key.clone()).or_insert((now, 0)),
        };
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
}

/// The limiters one process shares among its workers.
#[derive(Debug, Default)]
pub struct Limits {
    /// Per limit and IP: public endpoints, login/signup.
    pub per_ip: Windows<(Limit, IpAddr)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_slow_down_after_the_free_ones_up_to_a_quarter_hour() {
        let waits: Vec<i64> = (0..13).map(login_wait).collect();
        assert_eq!(waits, [0, 0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900]);
        assert_eq!(login_wait(i32::MAX), 900);
    }

    #[test]
    fn a_window_allows_its_limit_then_says_how_long_to_wait() {
        let w = Windows::default();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(w.hit(&"ip", 3, MINUTE, t0), Ok(()));
        }
        assert_eq!(
            w.hit(&"ip", 3, MINUTE, t0 + Duration::from_secs(20)),
            Err(40)
        );
        assert_eq!(w.hit(&"other", 3, MINUTE, t0), Ok(()), "keys are separate");
        assert_eq!(w.hit(&"ip", 3, MINUTE, t0 + MINUTE), Ok(()), "a new window");
    }
}
