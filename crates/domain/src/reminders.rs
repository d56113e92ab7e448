//! When a booking's reminders are due (SPEC §9).
//!
//! A booking keeps the reminder times its agenda had when it was booked (minutes before the
//! start). Each becomes one reminder, due at the start minus that many minutes of real time —
//! never of wall-clock time: a reminder 24 hours before a meeting on the morning after a DST
//! change is 24 real hours before it, so its local hour differs from the meeting's. The email
//! names the meeting's local start in each recipient's own zone (see [`crate::email`]).
//!
//! A reminder whose moment had already passed when the booking was confirmed (or moved) is not
//! scheduled at all: "your meeting starts in 1 h" must not arrive 20 minutes before it.

use chrono::{DateTime, Duration, Utc};

/// The fewest minutes before the start a reminder may be (SPEC §9).
pub const MIN_MINUTES: u32 = 5;
/// The most minutes before the start a reminder may be: one week (SPEC §9).
pub const MAX_MINUTES: u32 = 10_080;
/// The most reminder times one agenda may have (SPEC §9).
pub const MAX_REMINDERS: usize = 5;

/// One reminder to schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reminder {
    /// How many minutes before the start it is sent (what the email says).
    pub minutes: u32,
    /// When it is due: the start minus `minutes` of real time.
    pub due: DateTime<Utc>,
}

/// The reminders to schedule for a meeting starting at `start` with the booking's reminder
/// times `minutes`, as of `now` (the moment the booking was confirmed or moved): one per
/// distinct value within [`MIN_MINUTES`]..=[`MAX_MINUTES`] whose due moment is not before `now`,
/// earliest due first.
pub fn schedule(start: DateTime<Utc>, minutes: &[u32], now: DateTime<Utc>) -> Vec<Reminder> {
    let mut values: Vec<u32> = minutes
        .iter()
        .copied()
        .filter(|m| (MIN_MINUTES..=MAX_MINUTES).contains(m))
        .collect();
    // Earliest due first = most minutes first.
    values.sort_unstable_by(|a, b| b.cmp(a));
    values.dedup();
    values
        .into_iter()
        .map(|m| Reminder {
            minutes: m,
            due: start - Duration::minutes(i64::from(m)),
        })
        .filter(|r| r.due >= now)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::email::{render, BookingEmail, EmailKind, Recipient};
    use chrono::{NaiveDate, TimeZone};
    use chrono_tz::Tz;
    use proptest::prelude::*;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    /// A local time that exists once in `tz`, as UTC.
    fn local(tz: Tz, y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        tz.with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .expect("an unambiguous local time")
            .with_timezone(&Utc)
    }

    /// The reminder email to `recipient`, in `tz`, for a 30-minute meeting at `start`.
    fn reminder_email(
        start: DateTime<Utc>,
        minutes: u32,
        recipient: Recipient,
        tz: Tz,
    ) -> crate::email::RenderedEmail {
        render(&BookingEmail {
            kind: EmailKind::Reminder,
            recipient,
            recipient_time_zone: tz,
            locale: british(),
            agenda_title: "Intro call".into(),
            duration_minutes: 30,
            start,
            end: start + Duration::minutes(30),
            previous_start: None,
            host_name: "Alex Host".into(),
            host_email: "alex@example.com".into(),
            guest_name: "Jane Doe".into(),
            guest_email: "jane@example.org".into(),
            notes: String::new(),
            cancel_reason: None,
            cancelled_by: None,
            decline_reason: None,
            message: None,
            answers: vec![],
            reminder_minutes: Some(minutes),
            meeting_url: "https://meet.example/smartcal-room".into(),
            manage_url: Some("https://cal.example.com/booking/b1?token=t".into()),
            dashboard_url: Some("https://cal.example.com/dashboard".into()),
            decide_url: None,
            book_again_url: None,
        })
    }

    /// "Sunday, 28 March 2027, 10:00" — how the email writes a local start.
    fn british() -> smartcal_i18n::Locale {
        "en-GB".parse().unwrap()
    }

    /// The wall-clock date and time of `at` in `tz`, as the emails of `en-GB` write it.
    fn local_text(at: DateTime<Utc>, tz: Tz) -> String {
        crate::dates::date_time(
            british(),
            at.with_timezone(&tz).naive_local(),
            crate::dates::Length::Long,
        )
    }

    #[test]
    fn each_value_is_due_that_many_minutes_before_the_start_earliest_first() {
        let start = utc(2027, 5, 10, 9, 0);
        let now = utc(2027, 5, 1, 0, 0);
        assert_eq!(
            schedule(start, &[15, 1440, 60], now),
            [
                Reminder {
                    minutes: 1440,
                    due: utc(2027, 5, 9, 9, 0)
                },
                Reminder {
                    minutes: 60,
                    due: utc(2027, 5, 10, 8, 0)
                },
                Reminder {
                    minutes: 15,
                    due: utc(2027, 5, 10, 8, 45)
                },
            ]
        );
        assert!(schedule(start, &[], now).is_empty());
    }

    #[test]
    fn a_moment_already_past_is_skipped_and_the_present_one_kept() {
        let start = utc(2027, 5, 10, 9, 0);
        // Booked 30 minutes ahead: the day-before and hour-before reminders are past.
        let now = utc(2027, 5, 10, 8, 30);
        assert_eq!(
            schedule(start, &[1440, 60, 30, 5], now),
            [
                Reminder {
                    minutes: 30,
                    due: now
                },
                Reminder {
                    minutes: 5,
                    due: utc(2027, 5, 10, 8, 55)
                },
            ]
        );
        assert!(schedule(start, &[60], start).is_empty());
    }

    #[test]
    fn duplicates_and_values_out_of_range_are_ignored() {
        let start = utc(2027, 5, 10, 9, 0);
        let now = utc(2027, 4, 1, 0, 0);
        let got: Vec<u32> = schedule(start, &[60, 0, 60, 4, 10_081, 10_080, 5], now)
            .iter()
            .map(|r| r.minutes)
            .collect();
        assert_eq!(got, [10_080, 60, 5]);
    }

    #[test]
    fn a_day_before_a_meeting_after_the_spring_change_is_24_real_hours_before() {
        // Berlin: clocks go 02:00 → 03:00 on 28 March 2027. A 10:00 CEST meeting's day-before
        // reminder is due at 09:00 CET on the 27th: 24 real hours, 23 on the wall clock.
        let berlin = chrono_tz::Europe::Berlin;
        let start = local(berlin, 2027, 3, 28, 10, 0);
        assert_eq!(start, utc(2027, 3, 28, 8, 0));
        let [r] = schedule(start, &[1440], utc(2027, 3, 1, 0, 0))[..] else {
            panic!("one reminder")
        };
        assert_eq!(start - r.due, Duration::hours(24));
        assert_eq!(r.due, local(berlin, 2027, 3, 27, 9, 0));

        // New York: 02:00 → 03:00 on 14 March 2027. A 09:00 EDT meeting: due 08:00 EST.
        let ny = chrono_tz::America::New_York;
        let start = local(ny, 2027, 3, 14, 9, 0);
        let [r] = schedule(start, &[1440], utc(2027, 3, 1, 0, 0))[..] else {
            panic!("one reminder")
        };
        assert_eq!(start - r.due, Duration::hours(24));
        assert_eq!(r.due, local(ny, 2027, 3, 13, 8, 0));

        // Autumn, Berlin 31 October 2027 (03:00 → 02:00): 24 real hours are 25 on the wall.
        let start = local(berlin, 2027, 10, 31, 10, 0);
        let [r] = schedule(start, &[1440], utc(2027, 10, 1, 0, 0))[..] else {
            panic!("one reminder")
        };
        assert_eq!(r.due, local(berlin, 2027, 10, 30, 11, 0));
    }

    #[test]
    fn the_email_states_the_meetings_local_start_in_each_sides_zone() {
        // The Berlin meeting of the spring change, host in Berlin, guest in New York (whose
        // change was two weeks earlier).
        let start = local(chrono_tz::Europe::Berlin, 2027, 3, 28, 10, 0);
        let host = reminder_email(start, 1440, Recipient::Host, chrono_tz::Europe::Berlin);
        assert!(
            host.text.contains(
                "When: Sunday, 28 March 2027 at 10:00 – 10:30 (Europe/Berlin, UTC+02:00)"
            ),
            "{}",
            host.text
        );
        assert!(
            host.text.starts_with("Your meeting starts in 24 h."),
            "{}",
            host.text
        );
        assert!(host
            .text
            .contains("Join: https://meet.example/smartcal-room"));
        let guest = reminder_email(start, 1440, Recipient::Guest, chrono_tz::America::New_York);
        assert!(
            guest.text.contains(
                "When: Sunday, 28 March 2027 at 04:00 – 04:30 (America/New_York, UTC-04:00)"
            ),
            "{}",
            guest.text
        );
        assert!(guest.subject.contains("Reminder"), "{}", guest.subject);
        assert!(guest.html.contains("https://meet.example/smartcal-room"));
    }

    /// The DST days of Europe/Berlin and America/New_York in 2027, with their zone.
    const DST_DAYS: [(Tz, (i32, u32, u32)); 4] = [
        (chrono_tz::Europe::Berlin, (2027, 3, 28)),
        (chrono_tz::Europe::Berlin, (2027, 10, 31)),
        (chrono_tz::America::New_York, (2027, 3, 14)),
        (chrono_tz::America::New_York, (2027, 11, 7)),
    ];
    const ZONES: [Tz; 4] = [
        chrono_tz::Europe::Berlin,
        chrono_tz::America::New_York,
        chrono_tz::UTC,
        chrono_tz::Asia::Kolkata,
    ];

    /// A meeting start within two days either side of a DST day, on a 5-minute grid.
    fn start_near_dst() -> impl Strategy<Value = DateTime<Utc>> {
        (0..DST_DAYS.len(), -2 * 24 * 12..3 * 24 * 12i64).prop_map(|(i, steps)| {
            let (_, (y, m, d)) = DST_DAYS[i];
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            day.and_hms_opt(0, 0, 0).unwrap().and_utc() + Duration::minutes(5 * steps)
        })
    }

    fn values() -> impl Strategy<Value = Vec<u32>> {
        prop::collection::vec(
            prop_oneof![
                Just(5u32),
                Just(60),
                Just(1440),
                Just(2880),
                Just(10_080),
                MIN_MINUTES..=MAX_MINUTES,
            ],
            0..=MAX_REMINDERS,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Each scheduled reminder is exactly `minutes` real minutes before the start and not
        /// before `now`; every distinct value whose moment is not past is there, once.
        #[test]
        fn due_is_the_start_minus_real_minutes_and_only_the_past_is_skipped(
            start in start_near_dst(),
            minutes in values(),
            before in 0i64..(8 * 24 * 60),
        ) {
            let now = start - Duration::minutes(before);
            let got = schedule(start, &minutes, now);
            for r in &got {
                prop_assert_eq!(start - r.due, Duration::minutes(i64::from(r.minutes)));
                prop_assert!(r.due >= now);
                prop_assert!(minutes.contains(&r.minutes));
            }
            for pair in got.windows(2) {
                prop_assert!(pair[0].due < pair[1].due, "earliest first, distinct: {:?}", got);
            }
            let mut expected: Vec<u32> = minutes
                .iter()
                .copied()
                .filter(|m| i64::from(*m) <= before)
                .collect();
            expected.sort_unstable_by(|a, b| b.cmp(a));
            expected.dedup();
            prop_assert_eq!(got.iter().map(|r| r.minutes).collect::<Vec<_>>(), expected);
        }

        /// A day-before reminder is 24 real hours before, whatever the wall clocks did; its
        /// email, in either side's zone, states the meeting's local start in that zone.
        #[test]
        fn the_reminder_email_names_the_local_start_in_the_recipients_zone(
            start in start_near_dst(),
            minutes in prop_oneof![Just(1440u32), Just(60), MIN_MINUTES..=MAX_MINUTES],
            host_zone in 0..ZONES.len(),
            guest_zone in 0..ZONES.len(),
        ) {
            let now = start - Duration::minutes(i64::from(MAX_MINUTES));
            let got = schedule(start, &[minutes], now);
            prop_assert_eq!(got.len(), 1);
            prop_assert_eq!(
                got[0].due.timestamp(),
                start.timestamp() - 60 * i64::from(minutes)
            );
            for (recipient, tz) in [
                (Recipient::Host, ZONES[host_zone]),
                (Recipient::Guest, ZONES[guest_zone]),
            ] {
                let mail = reminder_email(start, got[0].minutes, recipient, tz);
                let end = start + Duration::minutes(30);
                let same_day =
                    start.with_timezone(&tz).date_naive() == end.with_timezone(&tz).date_naive();
                let when = format!(
                    "When: {} – {} ({}, UTC{})",
                    local_text(start, tz),
                    if same_day {
                        end.with_timezone(&tz).format("%H:%M").to_string()
                    } else {
                        local_text(end, tz)
                    },
                    tz.name(),
                    start.with_timezone(&tz).format("%:z"),
                );
                prop_assert!(mail.text.contains(&when), "{} not in {}", when, mail.text);
                prop_assert!(mail.text.starts_with("Your meeting starts in "), "{}", mail.text);
                prop_assert!(mail.text.contains("Join: https://meet.example/smartcal-room"));
            }
        }
    }
}
