//! Team agendas: who a booking goes to.
//!
//! A **collective** agenda needs every member: its busy time is the union of the members'
//! (so [`crate::slots`] offers a start only when all are free) and the booking is everyone's.
//! A **round-robin** agenda needs one: a start is offered when at least one member is free, and
//! the booking goes to the free member chosen by [`pick_round_robin`].

use chrono::{DateTime, Duration, Utc};

/// How far back [`pick_round_robin`] counts a member's bookings of the agenda.
pub fn fairness_window() -> Duration {
    Duration::days(30)
}

/// A member free at the start being booked, with what the fairness rule weighs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The member's host id.
    pub host_id: String,
    /// Their bookings of this agenda made in the [`fairness_window`] before the request.
    pub recent_bookings: u32,
    /// When they were last booked for this agenda (ever), if at all.
    pub last_booked_at: Option<DateTime<Utc>>,
}

/// The member a round-robin booking goes to: the free member with the fewest bookings of the
/// agenda in the last 30 days; ties go to the least recently booked (never booked first), then
/// to the smallest host id, so the choice is the same in every process.
pub fn pick_round_robin(free: &[Candidate]) -> Option<&Candidate> {
    free.iter().min_by(|a, b| {
        a.recent_bookings
            .cmp(&b.recent_bookings)
            .then(a.last_booked_at.cmp(&b.last_booked_at))
            .then(a.host_id.cmp(&b.host_id))
    })
}

/// The order hosts' locks are taken in when one booking involves several (a collective agenda,
/// or every free member of a round-robin one): ascending id, duplicates removed. Every writer
/// that holds more than one host's lock takes them in this order, so two bookings of
/// overlapping member sets can wait for each other but never deadlock.
pub fn lock_order<'a>(hosts: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut ids: Vec<&str> = hosts.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, day, 9, 0, 0).unwrap()
    }

    fn member(id: &str, recent: u32, last: Option<u32>) -> Candidate {
        Candidate {
            host_id: id.into(),
            recent_bookings: recent,
            last_booked_at: last.map(at),
        }
    }

    #[test]
    fn the_fewest_recent_bookings_win() {
        let free = [
            member("a", 3, Some(1)),
            member("b", 1, Some(9)),
            member("c", 2, None),
        ];
        assert_eq!(pick_round_robin(&free).unwrap().host_id, "b");
    }

    #[test]
    fn a_tie_goes_to_the_least_recently_booked_and_never_booked_first() {
        let free = [
            member("a", 1, Some(5)),
            member("b", 1, Some(2)),
            member("c", 1, Some(8)),
        ];
        assert_eq!(pick_round_robin(&free).unwrap().host_id, "b");
        let free = [member("a", 0, Some(5)), member("b", 0, None)];
        assert_eq!(pick_round_robin(&free).unwrap().host_id, "b");
    }

    #[test]
    fn a_full_tie_goes_to_the_smallest_id() {
        let free = [
            member("c", 0, None),
            member("a", 0, None),
            member("b", 0, None),
        ];
        assert_eq!(pick_round_robin(&free).unwrap().host_id, "a");
        assert_eq!(pick_round_robin(&[]), None);
    }

    #[test]
    fn lock_order_is_sorted_and_unique() {
        assert_eq!(lock_order(["c", "a", "b", "a"]), vec!["a", "b", "c"]);
    }

    proptest! {
        /// Booking one request after another, always to the pick, spreads them evenly: no
        /// member ever has two more than another.
        #[test]
        fn sequential_picks_stay_within_one(members in 1usize..8, requests in 0usize..60) {
            let mut free: Vec<Candidate> = (0..members)
                .map(|i| member(&format!("m{i}"), 0, None))
                .collect();
            for n in 0..requests {
                let chosen = pick_round_robin(&free).unwrap().host_id.clone();
                let c = free.iter_mut().find(|c| c.host_id == chosen).unwrap();
                c.recent_bookings += 1;
                c.last_booked_at = Some(at(1) + Duration::minutes(n as i64));
                let most = free.iter().map(|c| c.recent_bookings).max().unwrap();
                let least = free.iter().map(|c| c.recent_bookings).min().unwrap();
                prop_assert!(most - least <= 1);
            }
        }

        /// The pick does not depend on the order members are listed in.
        #[test]
        fn the_pick_ignores_listing_order(
            stats in proptest::collection::vec((0u32..4, proptest::option::of(1u32..20)), 1..8),
            rotate in 0usize..8,
        ) {
            let free: Vec<Candidate> = stats
                .iter()
                .enumerate()
                .map(|(i, &(r, l))| member(&format!("m{i}"), r, l))
                .collect();
            let mut shuffled = free.clone();
            let len = shuffled.len();
            shuffled.rotate_left(rotate % len);
            shuffled.reverse();
            prop_assert_eq!(pick_round_robin(&free), pick_round_robin(&shuffled));
        }
    }
}
