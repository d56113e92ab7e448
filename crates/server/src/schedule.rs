//! What a host can be booked for: an agenda's stored settings as slot rules, and the host's
//! busy time (confirmed bookings and calendar events) around a range or a single booking.
//! Slot pages and booking checks both read them here, so they can never disagree.

use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use smartcal_db::agendas::AgendaRow;
use smartcal_db::{bookings, calendars, DbConn, DbError};
use smartcal_domain::slots::{self, Busy, SlotRules};
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
    rules: &SlotRules,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    exclude_booking: Option<&str>,
) -> Result<Vec<Busy>, DbError> {
    let margin = Duration::days(slots::limit_margin_days(rules));
    busy_between(conn, agenda, from - margin, to + margin, exclude_booking)
}

/// The busy time that can stop a booking at `start`: without a limit per day, week or month
/// only what overlaps the meeting with its buffers (a handful of rows however full the host's
/// calendar is), with one the surrounding local periods.
pub fn busy_for_booking(
    conn: &mut DbConn,
    agenda: &AgendaRow,
    rules: &SlotRules,
    start: DateTime<Utc>,
    exclude_booking: Option<&str>,
) -> Result<Vec<Busy>, DbError> {
    match slots::booking_window(rules, start) {
        Some((from, to)) => busy_between(conn, agenda, from, to, exclude_booking),
        None => busy_around(conn, agenda, rules, start, start, exclude_booking),
    }
}

/// Everything busy overlapping `[from, to)`: the host's confirmed bookings and the events of
/// the host's own calendars (as last synced by `jobs::calendar_sync`), buffers applying to both.
fn busy_between(
    conn: &mut DbConn,
    agenda: &AgendaRow,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    exclude_booking: Option<&str>,
) -> Result<Vec<Busy>, DbError> {
    let (start, end) = (from.timestamp(), to.timestamp());
    let rows = bookings::busy_for_host(
        conn,
        &agenda.host_id,
        &agenda.id,
        start,
        end,
        exclude_booking,
    )?;
    let events = calendars::busy_between(conn, &agenda.host_id, start, end)?;
    Ok(rows
        .into_iter()
        .map(|b| Busy {
            start: from_unix(b.start_at),
            end: from_unix(b.end_at),
            same_agenda: b.same_agenda,
        })
        .chain(events.into_iter().map(|(s, e)| Busy {
            start: from_unix(s),
            end: from_unix(e),
            same_agenda: false,
        }))
        .collect())
}
