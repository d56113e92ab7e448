//! What a host can be booked for: an agenda's stored settings as slot rules, whose time it
//! books (its host, or a team agenda's members), and their busy time (bookings and calendar
//! events) around a range or a single booking. Slot pages and booking checks both read them
//! here, so they can never disagree.

use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use smartcal_db::agendas::AgendaRow;
use smartcal_db::agendas::Assignment;
use smartcal_db::bookings::BookingRow;
use smartcal_db::{bookings, calendars, hosts, DbConn, DbError};
use smartcal_domain::seats::{self, SeatedSlot};
use smartcal_domain::slots::{self, Busy, Slot, SlotRules, Unbookable};
use smartcal_domain::teams::{self, lock_order, Candidate};
use smartcal_types::{AvailabilityInterval, DateOverride};

use crate::time::from_unix;
use crate::validate::Fields;

/// The slot rules of a stored agenda (its JSON was validated when written; stored data that no
/// longer parses is a bug, reported as such).
pub fn slot_rules(a: &AgendaRow) -> anyhow::Result<SlotRules> {
    let bad = |what: &str| anyhow::anyhow!("agenda {} has invalid stored {what}", a.id);
    let availability: Vec<AvailabilityInterval> =
        serde_json::from_str(&a.availability).map_err(|_| bad("availability"))?;
    let overrides: Vec<DateOverride> =
        serde_json::from_str(&a.date_overrides).map_err(|_| bad("date overrides"))?;
    let mut f = Fields::default();
    let weekly = f.availability(&availability);
    let overrides = f.overrides(&overrides);
    f.finish().map_err(|_| bad("availability"))?;
    Ok(SlotRules {
        time_zone: Tz::from_str(&a.time_zone).map_err(|_| bad("time zone"))?,
        duration_minutes: a.duration_minutes as u32,
        slot_step_minutes: a.slot_step_minutes as u32,
        buffer_before_minutes: a.buffer_before_minutes as u32,
        buffer_after_minutes: a.buffer_after_minutes as u32,
        min_notice_minutes: a.min_notice_minutes as u32,
        horizon_days: a.horizon_days as u32,
        max_bookings_per_day: a.max_bookings_per_day.map(|n| n as u32),
        max_bookings_per_week: a.max_bookings_per_week.map(|n| n as u32),
        max_bookings_per_month: a.max_bookings_per_month.map(|n| n as u32),
        weekly,
        overrides,
    })
}

/// The host's busy time that can matter for slots in `[from, to)` under `rules`: confirmed
/// bookings and calendar events, with a margin on each side that covers buffers and the local
/// days, weeks or months the agenda's limits count ([`slots::limit_margin_days`]).
pub fn busy_around(
    conn: &mut DbConn,
    agenda: &AgendaRow,
    hosts: &[String],
    rules: &SlotRules,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    exclude_booking: Option<&str>,
) -> Result<Vec<Busy>, DbError> {
    let margin = Duration::days(slots::limit_margin_days(rules));
    busy_between(
        conn,
        agenda,
        hosts,
        from - margin,
        to + margin,
        exclude_booking,
    )
}

/// The busy time that can stop a booking at `start`: without a limit per day, week or month
/// only what overlaps the meeting with its buffers (a handful of rows however full the host's
/// calendar is), with one the surrounding local periods.
pub fn busy_for_booking(
    conn: &mut DbConn,
    agenda: &AgendaRow,
    hosts: &[String],
    rules: &SlotRules,
    start: DateTime<Utc>,
    exclude_booking: Option<&str>,
) -> Result<Vec<Busy>, DbError> {
    match slots::booking_window(rules, start) {
        Some((from, to)) => busy_between(conn, agenda, hosts, from, to, exclude_booking),
        None => busy_around(conn, agenda, hosts, rules, start, start, exclude_booking),
    }
}

/// Everything busy overlapping `[from, to)` for any of `hosts`: their bookings (their own,
/// and the collective ones they are a co-host of) and the events of their calendars (as last
/// synced by `jobs::calendar_sync`), buffers applying to all.
fn busy_between(
    conn: &mut DbConn,
    agenda: &AgendaRow,
    hosts: &[String],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    exclude_booking: Option<&str>,
) -> Result<Vec<Busy>, DbError> {
    let (start, end) = (from.timestamp(), to.timestamp());
    let mut busy = Vec::new();
    for host in hosts {
        let own = bookings::busy_for_host(conn, host, &agenda.id, start, end, exclude_booking)?;
        let shared =
            bookings::busy_as_co_host(conn, host, &agenda.id, start, end, exclude_booking)?;
        busy.extend(own.into_iter().chain(shared).map(|b| Busy {
            start: from_unix(b.start_at),
            end: from_unix(b.end_at),
            same_agenda: b.same_agenda,
        }));
        let events = calendars::busy_between(conn, host, start, end)?;
        busy.extend(events.into_iter().map(|(s, e)| Busy {
            start: from_unix(s),
            end: from_unix(e),
            same_agenda: false,
        }));
    }
    if hosts.len() > 1 {
        // A collective booking is in every member's busy time: once is enough.
        busy.sort_unstable_by_key(|b| (b.start, b.end, b.same_agenda));
        busy.dedup();
    }
    Ok(busy)
}

/// Whose time an agenda books.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Booked {
    /// Its host's (a host's own agenda).
    One(String),
    /// Every member's at once (a collective team agenda), ids ascending.
    All(Vec<String>),
    /// One free member's (a round-robin team agenda), ids ascending.
    AnyOf(Vec<String>),
}

impl Booked {
    /// Every host whose time the agenda's bookings can take, in the order their locks are
    /// taken ([`lock_order`]).
    pub fn hosts(&self) -> Vec<&str> {
        match self {
            Booked::One(h) => vec![h.as_str()],
            Booked::All(m) | Booked::AnyOf(m) => lock_order(m.iter().map(String::as_str)),
        }
    }

    /// Tells the slot cache that every host involved has a changed schedule (after commit).
    pub fn changed(&self, st: &crate::state::AppState) {
        for h in self.hosts() {
            st.schedule_changed(h);
        }
    }

    /// The hosts whose joint time a booking takes: the one host, or every member (empty for
    /// round robin, where each member is asked alone).
    fn joint(&self) -> &[String] {
        match self {
            Booked::One(h) => std::slice::from_ref(h),
            Booked::All(m) => m,
            Booked::AnyOf(_) => &[],
        }
    }

    /// Takes the locks of every host involved, in one fixed order (see the bookings route).
    pub fn lock(&self, conn: &mut DbConn) -> Result<(), DbError> {
        for h in self.hosts() {
            hosts::lock_host(conn, h)?;
        }
        Ok(())
    }
}

/// Every host of a booking: its host, and a collective booking's other members (ids
/// ascending after the first). Their slots change with it.
pub fn hosts_of(conn: &mut DbConn, booking: &BookingRow) -> Result<Booked, DbError> {
    let co_hosts = smartcal_db::teams::co_hosts(conn, &booking.id)?;
    if co_hosts.is_empty() {
        return Ok(Booked::One(booking.host_id.clone()));
    }
    Ok(Booked::All(
        std::iter::once(booking.host_id.clone())
            .chain(co_hosts.into_iter().map(|h| h.id))
            .collect(),
    ))
}

/// Whose time `agenda` books: a team agenda's members are read from the database.
pub fn booked(conn: &mut DbConn, agenda: &AgendaRow) -> Result<Booked, DbError> {
    Ok(match agenda.assignment {
        None => Booked::One(agenda.host_id.clone()),
        Some(Assignment::Collective) => {
            Booked::All(smartcal_db::teams::agenda_members(conn, &agenda.id)?)
        }
        Some(Assignment::RoundRobin) => {
            Booked::AnyOf(smartcal_db::teams::agenda_members(conn, &agenda.id)?)
        }
    })
}

/// Free starts of `agenda` in `[from, to)` with their seats left: for one host or all members,
/// the starts their joint busy time leaves free; for a round-robin agenda, the starts at least
/// one member is free for.
#[allow(clippy::too_many_arguments)]
pub fn free_slots(
    conn: &mut DbConn,
    agenda: &AgendaRow,
    booked: &Booked,
    rules: &SlotRules,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
    exclude_booking: Option<&str>,
) -> Result<Vec<SeatedSlot>, DbError> {
    let seats = agenda.seats as u32;
    match booked {
        Booked::One(_) | Booked::All(_) => {
            let busy = busy_around(
                conn,
                agenda,
                booked.joint(),
                rules,
                from,
                to,
                exclude_booking,
            )?;
            Ok(seats::compute_seated_slots(
                rules, seats, &busy, from, to, now,
            ))
        }
        Booked::AnyOf(members) => {
            let mut starts = std::collections::BTreeSet::new();
            for m in members {
                let one = std::slice::from_ref(m);
                let busy = busy_around(conn, agenda, one, rules, from, to, exclude_booking)?;
                starts.extend(slots::compute_slots(rules, &busy, from, to, now));
            }
            Ok(starts
                .into_iter()
                .map(|slot| SeatedSlot {
                    slot,
                    seats_left: 1,
                })
                .collect())
        }
    }
}

/// Where a booking at a start goes: its time, its host, the other hosts of a collective
/// booking, and how many guests already hold that start (seats).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub slot: Slot,
    pub host_id: String,
    pub co_hosts: Vec<String>,
    pub seats_taken: u32,
}

/// Whether `start` can be booked now, and where the booking goes (call under the locks of
/// [`Booked::lock`]). One host's or all members' booking goes to them (the first of them its
/// host); a round-robin booking goes to the free member [`teams::pick_round_robin`] chooses.
/// A start nobody needed is free for is `Taken` (or `NotASlot`, if it is not a slot at all).
pub fn place(
    conn: &mut DbConn,
    agenda: &AgendaRow,
    booked: &Booked,
    rules: &SlotRules,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
    exclude_booking: Option<&str>,
) -> Result<Result<Placement, Unbookable>, DbError> {
    let seats = agenda.seats as u32;
    let Booked::AnyOf(members) = booked else {
        let hosts = booked.joint();
        let busy = busy_for_booking(conn, agenda, hosts, rules, start, exclude_booking)?;
        return Ok(
            seats::check_seat(rules, seats, &busy, start, now).map(|(slot, taken)| Placement {
                slot,
                host_id: hosts[0].clone(),
                co_hosts: hosts[1..].to_vec(),
                seats_taken: taken,
            }),
        );
    };
    let mut free = Vec::new();
    let mut refusal = Unbookable::Taken;
    let since = (now - teams::fairness_window()).timestamp();
    for m in members {
        let one = std::slice::from_ref(m);
        let busy = busy_for_booking(conn, agenda, one, rules, start, exclude_booking)?;
        match slots::check_bookable(rules, &busy, start, now) {
            Ok(slot) => {
                let (recent, last) =
                    smartcal_db::teams::round_robin_stats(conn, &agenda.id, m, since)?;
                free.push((
                    slot,
                    Candidate {
                        host_id: m.clone(),
                        recent_bookings: recent as u32,
                        last_booked_at: last.map(from_unix),
                    },
                ));
            }
            Err(e @ Unbookable::NotASlot(_)) => refusal = e,
            Err(Unbookable::Taken) => {}
        }
    }
    let candidates: Vec<Candidate> = free.iter().map(|(_, c)| c.clone()).collect();
    Ok(match teams::pick_round_robin(&candidates) {
        Some(chosen) => Ok(Placement {
            slot: free[0].0,
            host_id: chosen.host_id.clone(),
            co_hosts: Vec::new(),
            seats_taken: 0,
        }),
        None => Err(refusal),
    })
}
