//! Seats: one start of an agenda shared by up to `seats` guests (a workshop, office hours).
//!
//! The agenda's bookings at one start are one meeting: for the host's other agendas, and for
//! the agenda's other starts, they block like a single booking (the busy time is the same
//! whether one seat or all are taken), and the per-day, week and month limits count the
//! meeting once. Only its own start stays offered, until `seats` guests hold it.
//!
//! Both functions work on the busy time [`slots::compute_slots`] takes, where the agenda's own
//! bookings are the entries marked `same_agenda`: those with the same start are the seats of
//! one meeting. With one seat they agree exactly with [`slots::compute_slots`] and
//! [`slots::check_bookable`].

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::slots::{self, Busy, Slot, SlotRules, Unbookable};

/// A free slot and how many of its seats are left (the agenda's `seats` at an empty start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeatedSlot {
    /// The meeting time.
    pub slot: Slot,
    /// Seats still free, ≥ 1.
    pub seats_left: u32,
}

/// The agenda's starts with bookings, each with its number of taken seats, and the busy time
/// with every such start as one meeting.
fn meetings(busy: &[Busy]) -> (BTreeMap<DateTime<Utc>, u32>, Vec<Busy>) {
    let mut taken: BTreeMap<DateTime<Utc>, u32> = BTreeMap::new();
    let mut merged = Vec::with_capacity(busy.len());
    for b in busy {
        if b.same_agenda {
            let n = taken.entry(b.start).or_default();
            *n += 1;
            if *n > 1 {
                continue;
            }
        }
        merged.push(*b);
    }
    (taken, merged)
}

/// The busy time without the meeting at `start` (its seats are what a new guest would join).
fn without_meeting(merged: &[Busy], start: DateTime<Utc>) -> Vec<Busy> {
    merged
        .iter()
        .filter(|b| !(b.same_agenda && b.start == start))
        .copied()
        .collect()
}

/// Free slots whose start lies in `[range_start, range_end)` with their seats left, sorted by
/// start: an empty start as [`slots::compute_slots`] finds it (all `seats` free), and a start
/// with `n < seats` bookings when nothing but its own meeting blocks it.
pub fn compute_seated_slots(
    rules: &SlotRules,
    seats: u32,
    busy: &[Busy],
    range_start: DateTime<Utc>,
    range_end: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<SeatedSlot> {
    let seats = seats.max(1);
    if seats == 1 {
        return slots::compute_slots(rules, busy, range_start, range_end, now)
            .into_iter()
            .map(|slot| SeatedSlot {
                slot,
                seats_left: 1,
            })
            .collect();
    }
    let (taken, merged) = meetings(busy);
    let mut found: Vec<SeatedSlot> =
        slots::compute_slots(rules, &merged, range_start, range_end, now)
            .into_iter()
            .map(|slot| SeatedSlot {
                slot,
                seats_left: seats,
            })
            .collect();
    for (&start, &n) in taken.range(range_start..range_end) {
        if n >= seats {
            continue;
        }
        if let Ok(slot) = slots::check_bookable(rules, &without_meeting(&merged, start), start, now)
        {
            found.push(SeatedSlot {
                slot,
                seats_left: seats - n,
            });
        }
    }
    found.sort_unstable_by_key(|s| s.slot);
    found
}

/// Whether a guest can take a seat at `start` now: the slot and how many seats its meeting
/// already has (0: the guest opens it), or why not (`Taken` when every seat is held).
pub fn check_seat(
    rules: &SlotRules,
    seats: u32,
    busy: &[Busy],
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(Slot, u32), Unbookable> {
    let seats = seats.max(1);
    if seats == 1 {
        return slots::check_bookable(rules, busy, start, now).map(|s| (s, 0));
    }
    let (taken, merged) = meetings(busy);
    let n = taken.get(&start).copied().unwrap_or(0);
    if n == 0 {
        return slots::check_bookable(rules, &merged, start, now).map(|s| (s, 0));
    }
    // Validate the start as a slot first, so a past or unavailable start stays a 422 even
    // when its seats are full.
    let slot = slots::check_bookable(rules, &without_meeting(&merged, start), start, now)?;
    if n >= seats {
        return Err(Unbookable::Taken);
    }
    Ok((slot, n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slots::{Interval, WeeklyRule};
    use chrono::{Duration, NaiveDate, TimeZone, Weekday};
    use proptest::prelude::*;

    fn utc(d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, d, h, mi, 0).unwrap()
    }

    /// Weekdays 09:00–17:00 UTC, `duration` minutes every `duration`, with buffers.
    fn rules(duration: u32, before: u32, after: u32, per_day: Option<u32>) -> SlotRules {
        SlotRules {
            time_zone: chrono_tz::UTC,
            duration_minutes: duration,
            slot_step_minutes: duration,
            buffer_before_minutes: before,
            buffer_after_minutes: after,
            min_notice_minutes: 0,
            horizon_days: 3650,
            max_bookings_per_day: per_day,
            max_bookings_per_week: None,
            max_bookings_per_month: None,
            weekly: [
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ]
            .into_iter()
            .map(|weekday| WeeklyRule {
                weekday,
                interval: Interval::new(9 * 60, 17 * 60).unwrap(),
            })
            .collect(),
            overrides: Vec::new(),
        }
    }

    fn seat(start: DateTime<Utc>, minutes: i64) -> Busy {
        Busy {
            start,
            end: start + Duration::minutes(minutes),
            same_agenda: true,
        }
    }

    fn day(d: u32) -> (DateTime<Utc>, DateTime<Utc>) {
        let date = NaiveDate::from_ymd_opt(2027, 3, d).unwrap();
        slots::local_date_range(date, date, chrono_tz::UTC)
    }

    fn long_ago() -> DateTime<Utc> {
        utc(1, 0, 0)
    }

    #[test]
    fn a_start_stays_offered_until_its_seats_are_taken() {
        let r = rules(60, 0, 0, None);
        let (from, to) = day(3); // a Wednesday
        let ten = utc(3, 10, 0);
        let mut busy = Vec::new();
        for n in 0..3 {
            let found = compute_seated_slots(&r, 3, &busy, from, to, long_ago());
            let at_ten = found.iter().find(|s| s.slot.start == ten).unwrap();
            assert_eq!(at_ten.seats_left, 3 - n);
            assert_eq!(check_seat(&r, 3, &busy, ten, long_ago()).unwrap().1, n);
            busy.push(seat(ten, 60));
        }
        let found = compute_seated_slots(&r, 3, &busy, from, to, long_ago());
        assert!(found.iter().all(|s| s.slot.start != ten));
        assert_eq!(found.len(), 7, "the other seven hours keep all seats");
        assert!(found.iter().all(|s| s.seats_left == 3));
        assert_eq!(
            check_seat(&r, 3, &busy, ten, long_ago()),
            Err(Unbookable::Taken)
        );
    }

    #[test]
    fn a_seated_meeting_blocks_its_neighbours_with_their_buffers_like_one_booking() {
        let r = rules(30, 30, 30, None);
        let (from, to) = day(3);
        let ten = utc(3, 10, 0);
        let busy = vec![seat(ten, 30), seat(ten, 30)];
        let found = compute_seated_slots(&r, 5, &busy, from, to, long_ago());
        let starts: Vec<_> = found.iter().map(|s| s.slot.start).collect();
        assert!(starts.contains(&ten));
        assert!(
            !starts.contains(&utc(3, 10, 30)),
            "10:30 needs 10:00–10:30 clear"
        );
        assert!(
            !starts.contains(&utc(3, 9, 30)),
            "09:30's buffer after needs 10:00–10:30 clear"
        );
        assert_eq!(
            check_seat(&r, 5, &busy, utc(3, 10, 30), long_ago()),
            Err(Unbookable::Taken)
        );
    }

    #[test]
    fn another_agendas_booking_blocks_the_seated_start() {
        let r = rules(60, 0, 0, None);
        let (from, to) = day(3);
        let ten = utc(3, 10, 0);
        let other = Busy {
            start: ten,
            end: ten + Duration::minutes(60),
            same_agenda: false,
        };
        let busy = vec![seat(ten, 60), other];
        let found = compute_seated_slots(&r, 5, &busy, from, to, long_ago());
        assert!(found.iter().all(|s| s.slot.start != ten));
        assert_eq!(
            check_seat(&r, 5, &busy, ten, long_ago()),
            Err(Unbookable::Taken)
        );
    }

    #[test]
    fn a_meeting_counts_once_toward_the_daily_limit() {
        let r = rules(60, 0, 0, Some(2));
        let (from, to) = day(3);
        let (ten, eleven) = (utc(3, 10, 0), utc(3, 11, 0));
        // Two meetings with four guests between them: the day is full for new meetings...
        let busy = vec![
            seat(ten, 60),
            seat(ten, 60),
            seat(eleven, 60),
            seat(eleven, 60),
        ];
        let found = compute_seated_slots(&r, 4, &busy, from, to, long_ago());
        let starts: Vec<_> = found.iter().map(|s| s.slot.start).collect();
        // ...but both meetings still have seats.
        assert_eq!(starts, vec![ten, eleven]);
        assert!(check_seat(&r, 4, &busy, utc(3, 14, 0), long_ago()).is_err());
        assert_eq!(check_seat(&r, 4, &busy, eleven, long_ago()).unwrap().1, 2);
    }

    #[test]
    fn a_full_start_is_still_not_a_slot_in_the_past() {
        let r = rules(60, 0, 0, None);
        let ten = utc(3, 10, 0);
        let busy = vec![seat(ten, 60)];
        let later = utc(4, 0, 0);
        assert!(matches!(
            check_seat(&r, 1, &busy, ten, later),
            Err(Unbookable::NotASlot(_))
        ));
        assert!(matches!(
            check_seat(&r, 2, &busy, ten, later),
            Err(Unbookable::NotASlot(_))
        ));
    }

    proptest! {
        /// With one seat, seats change nothing: the same slots and the same answers.
        #[test]
        fn one_seat_is_plain_slots(
            hours in proptest::collection::vec((3u32..8, 8u32..17, any::<bool>()), 0..12),
            probe in 8u32..17,
        ) {
            let r = rules(60, 15, 15, Some(4));
            let busy: Vec<Busy> = hours
                .iter()
                .map(|&(d, h, same)| Busy { same_agenda: same, ..seat(utc(d, h, 0), 60) })
                .collect();
            let (from, _) = day(3);
            let (_, to) = day(7);
            let plain = slots::compute_slots(&r, &busy, from, to, long_ago());
            let seated = compute_seated_slots(&r, 1, &busy, from, to, long_ago());
            prop_assert_eq!(plain, seated.iter().map(|s| s.slot).collect::<Vec<_>>());
            let start = utc(4, probe, 0);
            prop_assert_eq!(
                slots::check_bookable(&r, &busy, start, long_ago()),
                check_seat(&r, 1, &busy, start, long_ago()).map(|(s, _)| s)
            );
        }

        /// The list and the check agree: every listed start can be taken with the seats it
        /// shows, and a start the check accepts is listed.
        #[test]
        fn the_list_and_the_check_agree(
            hours in proptest::collection::vec((8u32..17, any::<bool>()), 0..20),
            seats in 1u32..5,
        ) {
            let r = rules(60, 0, 30, Some(3));
            let busy: Vec<Busy> = hours
                .iter()
                .map(|&(h, same)| Busy { same_agenda: same, ..seat(utc(3, h, 0), 60) })
                .collect();
            let (from, to) = day(3);
            let found = compute_seated_slots(&r, seats, &busy, from, to, long_ago());
            for h in 0..24 {
                let start = utc(3, h, 0);
                let listed = found.iter().find(|s| s.slot.start == start);
                match check_seat(&r, seats, &busy, start, long_ago()) {
                    Ok((_, n)) => {
                        prop_assert!(listed.is_some(), "{start} accepted but not listed");
                        prop_assert_eq!(listed.unwrap().seats_left, seats - n);
                    }
                    Err(_) => prop_assert!(listed.is_none(), "{start} listed but refused"),
                }
            }
        }
    }
}
