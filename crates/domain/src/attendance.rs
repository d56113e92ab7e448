//! Attendance (SPEC §11): who was in a booking's Jitsi room, when, and for how long, from the
//! room's join and leave events — and who did not show up.
//!
//! Events come from prosody's `event_sync` module or JaaS webhooks, over HTTP with retries: in
//! any order, repeated, one person in several tabs at once, leaving and coming back. So the
//! result is a function of the *set* of events: [`summarize`] sorts and de-duplicates first,
//! pairs each session's joins with its leaves in time order, and counts a side's minutes over
//! the union of its sessions' intervals (two tabs never count twice).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

pub use smartcal_types::NoShow;

/// Whose presence an event reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// The booking's host.
    Host,
    /// The booking's guest.
    Guest,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventKind {
    /// The room was created (its first occupant arrived).
    RoomCreated,
    /// `side` joined in `session` (one browser tab: an occupant JID or a JaaS participant id).
    Joined { side: Side, session: String },
    /// `side` left `session`.
    Left { side: Side, session: String },
    /// The room was destroyed (its last occupant left).
    RoomDestroyed,
}

/// One thing that happened in a booking's room, at `at`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub kind: EventKind,
}

/// One side's presence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Presence {
    /// The first join.
    pub joined_at: Option<DateTime<Utc>>,
    /// The last leave; `None` while a session is still open (or before any join).
    pub left_at: Option<DateTime<Utc>>,
    /// Seconds present: the length of the union of the side's session intervals.
    pub seconds: i64,
}

impl Presence {
    /// Whole minutes present (rounded down).
    pub fn minutes(&self) -> u32 {
        u32::try_from(self.seconds / 60).unwrap_or(u32::MAX)
    }
}

/// A booking's meeting as its events tell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Attendance {
    /// When the meeting began: the room's creation or the first join, whichever came first.
    pub started_at: Option<DateTime<Utc>>,
    /// When the room was destroyed, once nothing happened in it after that.
    pub ended_at: Option<DateTime<Utc>>,
    pub host: Presence,
    pub guest: Presence,
}

/// A session's join (`true`) or leave at an instant.
type Step = (DateTime<Utc>, bool);
/// Presence from one instant to another (closed).
type Interval = (DateTime<Utc>, DateTime<Utc>);

/// The attendance the events describe (a pure function of the set of events: order and
/// repeats do not matter).
///
/// Per session, in time order: a join opens it (a join while open changes nothing), a leave
/// closes it; a leave without an open join is a moment of presence (its join was lost). A
/// session still open is closed by the first room destruction after its join, else it counts
/// up to the last event known and leaves its side's `left_at` empty.
pub fn summarize(events: &[Event]) -> Attendance {
    let mut events: Vec<&Event> = events.iter().collect();
    events.sort();
    events.dedup();
    let Some(last) = events.last().map(|e| e.at) else {
        return Attendance::default();
    };
    let destroyed: Vec<DateTime<Utc>> = events
        .iter()
        .filter(|e| e.kind == EventKind::RoomDestroyed)
        .map(|e| e.at)
        .collect();
    // Per (side, session): its events in time order, joins before leaves at the same second.
    let mut sessions: BTreeMap<(Side, &str), Vec<Step>> = BTreeMap::new();
    for e in &events {
        match &e.kind {
            EventKind::Joined { side, session } => {
                sessions
                    .entry((*side, session))
                    .or_default()
                    .push((e.at, true));
            }
            EventKind::Left { side, session } => {
                sessions
                    .entry((*side, session))
                    .or_default()
                    .push((e.at, false));
            }
            _ => {}
        }
    }
    let mut intervals: BTreeMap<Side, Vec<Interval>> = BTreeMap::new();
    let mut still_open: BTreeMap<Side, bool> = BTreeMap::new();
    for ((side, _), mut steps) in sessions {
        steps.sort_by_key(|&(at, join)| (at, !join));
        let mut open: Option<DateTime<Utc>> = None;
        let list = intervals.entry(side).or_default();
        for (at, join) in steps {
            match (join, open) {
                (true, None) => open = Some(at),
                (true, Some(_)) => {}
                (false, Some(from)) => {
                    list.push((from, at));
                    open = None;
                }
                (false, None) => list.push((at, at)),
            }
        }
        if let Some(from) = open {
            match destroyed.iter().find(|&&d| d >= from) {
                Some(&d) => list.push((from, d)),
                None => {
                    list.push((from, last));
                    still_open.insert(side, true);
                }
            }
        }
    }
    let mut presence = |side: Side| {
        let list = intervals.remove(&side).unwrap_or_default();
        Presence {
            joined_at: list.iter().map(|i| i.0).min(),
            left_at: if still_open.get(&side).copied().unwrap_or(false) {
                None
            } else {
                list.iter().map(|i| i.1).max()
            },
            seconds: union_seconds(list),
        }
    };
    let host = presence(Side::Host);
    let guest = presence(Side::Guest);
    let started_at = events
        .iter()
        .filter(|e| !matches!(e.kind, EventKind::RoomDestroyed | EventKind::Left { .. }))
        .map(|e| e.at)
        .chain(host.joined_at)
        .chain(guest.joined_at)
        .min();
    // Ended: at the last destruction (or a leave reported after it), when no one is still in
    // and nothing began after it.
    let ended_at = destroyed
        .last()
        .copied()
        .filter(|&d| {
            !still_open.values().any(|&o| o)
                && !events.iter().any(|e| {
                    e.at > d && matches!(e.kind, EventKind::RoomCreated | EventKind::Joined { .. })
                })
        })
        .map(|d| d.max(last));
    Attendance {
        started_at,
        ended_at,
        host,
        guest,
    }
}

/// The length in seconds of the union of closed intervals `[from, to]`.
fn union_seconds(mut list: Vec<Interval>) -> i64 {
    list.sort();
    let mut total = 0;
    let mut current: Option<Interval> = None;
    for (from, to) in list {
        current = match current {
            Some((f, t)) if from <= t => Some((f, t.max(to))),
            Some((f, t)) => {
                total += (t - f).num_seconds();
                Some((from, to))
            }
            None => Some((from, to)),
        };
    }
    if let Some((f, t)) = current {
        total += (t - f).num_seconds();
    }
    total
}

/// When a booking starting at `start` has its no-shows decided: `no_show_minutes` later.
pub fn no_show_deadline(start: DateTime<Utc>, no_show_minutes: u32) -> DateTime<Utc> {
    start + Duration::minutes(i64::from(no_show_minutes))
}

/// Who did not show up: a side that had not joined by `deadline` (an early join counts).
pub fn no_show(attendance: &Attendance, deadline: DateTime<Utc>) -> NoShow {
    let came = |p: &Presence| p.joined_at.is_some_and(|t| t <= deadline);
    match (came(&attendance.host), came(&attendance.guest)) {
        (true, true) => NoShow::None,
        (false, true) => NoShow::Host,
        (true, false) => NoShow::Guest,
        (false, false) => NoShow::Both,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + s, 0).unwrap()
    }

    fn join(side: Side, session: &str, at: i64) -> Event {
        Event {
            at: t(at),
            kind: EventKind::Joined {
                side,
                session: session.into(),
            },
        }
    }

    fn leave(side: Side, session: &str, at: i64) -> Event {
        Event {
            at: t(at),
            kind: EventKind::Left {
                side,
                session: session.into(),
            },
        }
    }

    fn room(created: bool, at: i64) -> Event {
        Event {
            at: t(at),
            kind: if created {
                EventKind::RoomCreated
            } else {
                EventKind::RoomDestroyed
            },
        }
    }

    #[test]
    fn a_plain_meeting() {
        let a = summarize(&[
            room(true, 0),
            join(Side::Host, "h1", 0),
            join(Side::Guest, "g1", 120),
            leave(Side::Guest, "g1", 1920),
            leave(Side::Host, "h1", 1980),
            room(false, 1980),
        ]);
        assert_eq!(a.started_at, Some(t(0)));
        assert_eq!(a.ended_at, Some(t(1980)));
        assert_eq!(a.host.joined_at, Some(t(0)));
        assert_eq!(a.host.left_at, Some(t(1980)));
        assert_eq!(a.host.minutes(), 33);
        assert_eq!(a.guest.joined_at, Some(t(120)));
        assert_eq!(a.guest.minutes(), 30);
    }

    #[test]
    fn two_tabs_count_once_and_a_rejoin_skips_the_gap() {
        let a = summarize(&[
            join(Side::Guest, "tab1", 0),
            join(Side::Guest, "tab2", 60),
            leave(Side::Guest, "tab1", 600),
            leave(Side::Guest, "tab2", 300),
            join(Side::Guest, "tab3", 900),
            leave(Side::Guest, "tab3", 1200),
        ]);
        assert_eq!(a.guest.seconds, 600 + 300);
        assert_eq!(a.guest.left_at, Some(t(1200)));
        assert_eq!(a.host, Presence::default());
    }

    #[test]
    fn an_open_session_is_closed_by_the_room_or_left_open() {
        let a = summarize(&[join(Side::Host, "h", 0), room(false, 600)]);
        assert_eq!(a.host.left_at, Some(t(600)));
        assert_eq!(a.host.seconds, 600);
        assert_eq!(a.ended_at, Some(t(600)));
        let a = summarize(&[join(Side::Host, "h", 0), join(Side::Guest, "g", 300)]);
        assert_eq!(a.host.left_at, None);
        assert_eq!(a.host.seconds, 300, "counted up to the last event");
        assert_eq!(a.ended_at, None);
    }

    #[test]
    fn a_room_created_again_after_its_destruction_is_live() {
        let a = summarize(&[
            join(Side::Host, "h", 0),
            leave(Side::Host, "h", 60),
            room(false, 60),
            room(true, 120),
            join(Side::Host, "h2", 120),
        ]);
        assert_eq!(a.ended_at, None);
        assert_eq!(a.host.left_at, None);
    }

    #[test]
    fn no_shows_are_decided_by_the_first_join() {
        let deadline = no_show_deadline(t(0), 15);
        let early_host = summarize(&[join(Side::Host, "h", -300), leave(Side::Host, "h", -60)]);
        assert_eq!(no_show(&early_host, deadline), NoShow::Guest);
        let late_guest = summarize(&[join(Side::Host, "h", 0), join(Side::Guest, "g", 16 * 60)]);
        assert_eq!(no_show(&late_guest, deadline), NoShow::Guest);
        let both = summarize(&[join(Side::Host, "h", 0), join(Side::Guest, "g", 15 * 60)]);
        assert_eq!(no_show(&both, deadline), NoShow::None);
        assert_eq!(no_show(&summarize(&[]), deadline), NoShow::Both);
        let guest_only = summarize(&[leave(Side::Guest, "g", 60)]);
        assert_eq!(no_show(&guest_only, deadline), NoShow::Host);
    }

    fn event() -> impl Strategy<Value = Event> {
        let side = prop_oneof![Just(Side::Host), Just(Side::Guest)];
        let session = prop_oneof![Just("a"), Just("b"), Just("c")];
        (0i64..40, 0u8..4, side, session).prop_map(|(at, k, side, session)| {
            let session = session.to_owned();
            Event {
                at: t(at * 30),
                kind: match k {
                    0 => EventKind::Joined { side, session },
                    1 => EventKind::Left { side, session },
                    2 => EventKind::RoomCreated,
                    _ => EventKind::RoomDestroyed,
                },
            }
        })
    }

    proptest! {
        /// Any order and any repeats of the same events give the same attendance.
        #[test]
        fn order_and_repeats_do_not_matter(
            events in proptest::collection::vec(event(), 0..30),
            seed in any::<u64>(),
            repeats in proptest::collection::vec(any::<proptest::sample::Index>(), 0..10),
        ) {
            let expected = summarize(&events);
            let mut shuffled = events.clone();
            for r in &repeats {
                if !events.is_empty() {
                    shuffled.push(r.get(&events).clone());
                }
            }
            // A deterministic shuffle from the seed.
            let mut s = seed;
            for i in (1..shuffled.len()).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, (s >> 33) as usize % (i + 1));
            }
            prop_assert_eq!(summarize(&shuffled), expected);
        }

        /// A side's minutes never exceed the span of its events, nor the sum of its sessions'
        /// intervals; minutes are whole minutes of its seconds.
        #[test]
        fn minutes_stay_within_the_intervals(events in proptest::collection::vec(event(), 0..30)) {
            let a = summarize(&events);
            let first = events.iter().map(|e| e.at).min();
            let last = events.iter().map(|e| e.at).max();
            for p in [a.host, a.guest] {
                prop_assert!(p.seconds >= 0);
                prop_assert_eq!(i64::from(p.minutes()), p.seconds / 60);
                if let (Some(f), Some(l)) = (first, last) {
                    prop_assert!(p.seconds <= (l - f).num_seconds());
                }
                if let (Some(j), Some(l)) = (p.joined_at, p.left_at) {
                    prop_assert!(j <= l);
                    prop_assert!(p.seconds <= (l - j).num_seconds());
                }
                if p.joined_at.is_none() {
                    prop_assert!(p.seconds == 0 && p.left_at.is_none());
                }
            }
            if let (Some(s), Some(e)) = (a.started_at, a.ended_at) {
                prop_assert!(s <= e);
            }
        }

        /// Well-formed sessions (each joins then leaves once) count exactly the union of their
        /// intervals; adding a session never lowers a side's total.
        #[test]
        fn sessions_count_their_union(
            spans in proptest::collection::vec((0i64..100, 0i64..50), 1..6),
            extra in (0i64..100, 0i64..50),
        ) {
            let events = |spans: &[(i64, i64)]| -> Vec<Event> {
                spans.iter().enumerate().flat_map(|(i, &(from, len))| {
                    let s = format!("s{i}");
                    [join(Side::Host, &s, from * 60), leave(Side::Host, &s, (from + len) * 60)]
                }).collect()
            };
            let a = summarize(&events(&spans));
            let mut covered = std::collections::BTreeSet::new();
            for &(from, len) in &spans {
                covered.extend(from..from + len);
            }
            prop_assert_eq!(a.host.seconds, covered.len() as i64 * 60);
            let mut more = spans.clone();
            more.push(extra);
            prop_assert!(summarize(&events(&more)).host.seconds >= a.host.seconds);
        }

        /// A no-show is decided by the first join alone: events after the deadline never
        /// change it.
        #[test]
        fn later_events_do_not_change_a_no_show(
            events in proptest::collection::vec(event(), 0..20),
            later in proptest::collection::vec(event(), 0..10),
        ) {
            let deadline = t(600);
            let before: Vec<Event> = events.into_iter().filter(|e| e.at <= deadline).collect();
            let decided = no_show(&summarize(&before), deadline);
            let mut all = before.clone();
            all.extend(later.into_iter().filter(|e| e.at > deadline));
            prop_assert_eq!(no_show(&summarize(&all), deadline), decided);
        }
    }
}
