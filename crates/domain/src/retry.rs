//! When to try a failed delivery again: capped exponential backoff.

use std::time::Duration;

/// The wait after the `failures`-th failed attempt (1 = the first failure): `base`, then
/// doubling, never more than `cap`. Zero failures wait nothing.
pub fn backoff(failures: u32, base: Duration, cap: Duration) -> Duration {
    if failures == 0 {
        return Duration::ZERO;
    }
    let factor = 1u32.checked_shl(failures - 1).unwrap_or(u32::MAX);
    base.checked_mul(factor).unwrap_or(cap).min(cap)
}

/// Whether another attempt is allowed after `attempts` attempts, of at most `max_attempts`.
pub fn may_retry(attempts: u32, max_attempts: u32) -> bool {
    attempts < max_attempts
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn doubles_from_the_base_up_to_the_cap() {
        let waits: Vec<u64> = (0..8)
            .map(|n| backoff(n, 30 * S, 600 * S).as_secs())
            .collect();
        assert_eq!(waits, [0, 30, 60, 120, 240, 480, 600, 600]);
    }

    #[test]
    fn huge_failure_counts_do_not_overflow() {
        assert_eq!(backoff(40, 30 * S, 3600 * S), 3600 * S);
        assert_eq!(backoff(u32::MAX, 30 * S, 3600 * S), 3600 * S);
    }

    #[test]
    fn retries_stop_at_the_maximum() {
        assert!(may_retry(0, 3));
        assert!(may_retry(2, 3));
        assert!(!may_retry(3, 3));
    }

    proptest! {
        #[test]
        fn never_above_the_cap_and_never_shrinking(n in 1u32..200, base_ms in 1u64..100_000, cap_ms in 1u64..10_000_000) {
            let base = Duration::from_millis(base_ms);
            let cap = Duration::from_millis(cap_ms);
            let now = backoff(n, base, cap);
            prop_assert!(now <= cap);
            prop_assert!(backoff(n + 1, base, cap) >= now);
        }
    }
}
