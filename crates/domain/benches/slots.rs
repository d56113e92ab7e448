//! Slot computation at scale: one month of a busy host's agenda, the work behind every booking
//! page load (`GET /agendas/{id}/slots`) and, for one start, behind every booking.
//!
//! Target (docs/BENCHMARKS.md): `compute_slots` for a 31-day range with 1,000 bookings of the
//! host in ≤ 100 µs. `cargo xtask bench` reads the estimate of `compute_slots/31d_1000_bookings`
//! from `target/criterion`. A collective team agenda of 5 members with 1,000 bookings each
//! (their busy time joined) in ≤ 2 ms: `compute_slots/31d_collective_5x1000`.

use std::hint::black_box;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc, Weekday};
use criterion::{criterion_group, criterion_main, Criterion};
use smartcal_domain::seats::compute_seated_slots;
use smartcal_domain::slots::{
    check_bookable, compute_slots, local_date_range, Busy, Interval, SlotRules, WeeklyRule,
};

/// First and last local date of the range: March 2027, which holds Berlin's spring-forward day.
fn range() -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(2027, 3, 1).expect("valid date"),
        NaiveDate::from_ymd_opt(2027, 3, 31).expect("valid date"),
    )
}

/// A realistic agenda: weekdays 09:00–17:00 plus an evening 18:00–20:00, 30-minute meetings,
/// buffers, notice, horizon and a daily limit, in Europe/Berlin.
fn rules() -> SlotRules {
    let weekdays = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ];
    let hours = [(9 * 60, 17 * 60), (18 * 60, 20 * 60)];
    SlotRules {
        time_zone: chrono_tz::Europe::Berlin,
        duration_minutes: 30,
        slot_step_minutes: 30,
        buffer_before_minutes: 10,
        buffer_after_minutes: 5,
        min_notice_minutes: 240,
        horizon_days: 120,
        max_bookings_per_day: Some(12),
        max_bookings_per_week: None,
        max_bookings_per_month: None,
        weekly: weekdays
            .iter()
            .flat_map(|weekday| {
                hours.iter().map(|(start, end)| WeeklyRule {
                    weekday: *weekday,
                    interval: Interval::new(*start, *end).expect("valid interval"),
                })
            })
            .collect(),
        overrides: Vec::new(),
    }
}

/// `n` quarter-hour bookings of the host (`n` ≤ the quarter hours in the range) spread over
/// `[from, to)`: distinct quarter hours picked by stepping through the range with a stride
/// coprime to their count, so they are scattered and arrive unsorted, as from the database.
/// Every third belongs to this agenda, the rest to the host's other agendas.
fn bookings(n: usize, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Busy> {
    const STRIDE: i64 = 1237; // prime, so coprime to the number of quarter hours in a month
    let quarters = (to - from).num_minutes() / 15;
    assert!(n as i64 <= quarters && quarters % STRIDE != 0);
    (0..n as i64)
        .map(|k| {
            let start = from + Duration::minutes((k * STRIDE % quarters) * 15);
            Busy {
                start,
                end: start + Duration::minutes(15),
                same_agenda: k % 3 == 0,
            }
        })
        .collect()
}

fn bench_slots(c: &mut Criterion) {
    let rules = rules();
    let (from, to) = range();
    let (start, end) = local_date_range(from, to, rules.time_zone);
    let now = Utc
        .with_ymd_and_hms(2027, 2, 27, 12, 0, 0)
        .single()
        .expect("valid instant");
    let busy = bookings(1000, start, end);

    let found = compute_slots(&rules, &busy, start, end, now);
    let free = compute_slots(&rules, &[], start, end, now);
    assert!(
        !found.is_empty() && found.len() < free.len(),
        "the bookings must block some slots and leave others free"
    );
    println!(
        "scenario: {} of {} slots free with {} bookings",
        found.len(),
        free.len(),
        busy.len()
    );

    let mut group = c.benchmark_group("compute_slots");
    group.bench_function("31d_1000_bookings", |b| {
        b.iter(|| compute_slots(black_box(&rules), black_box(&busy), start, end, now));
    });
    // A collective agenda: five members' busy time, joined, as `schedule::free_slots` reads it.
    let members: Vec<Busy> = (0..5i64)
        .flat_map(|m| {
            bookings(1000, start, end).into_iter().map(move |b| Busy {
                start: b.start + Duration::minutes(3 * m),
                end: b.end + Duration::minutes(3 * m),
                same_agenda: b.same_agenda && m == 0,
            })
        })
        .collect();
    group.bench_function("31d_collective_5x1000", |b| {
        b.iter(|| compute_seated_slots(black_box(&rules), 1, black_box(&members), start, end, now));
    });
    group.bench_function("31d_no_bookings", |b| {
        b.iter(|| compute_slots(black_box(&rules), black_box(&[]), start, end, now));
    });
    group.finish();

    // What a booking request computes: one start checked against the host's bookings.
    let slot = found[found.len() / 2];
    c.bench_function("check_bookable/1000_bookings", |b| {
        b.iter(|| check_bookable(black_box(&rules), black_box(&busy), slot.start, now));
    });
}

criterion_group!(benches, bench_slots);
criterion_main!(benches);
