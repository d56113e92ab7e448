//! Attendance (SPEC §11): the Jitsi room events reported for a booking, stored once each, and
//! per booking the attendance they add up to, its no-show decision and which meeting webhooks
//! were queued. Decisions and announcements are conditional updates, so of several processes
//! exactly one makes each.

use diesel::prelude::*;

use crate::schema::{attendance, attendance_events, bookings};
use crate::{DbConn, DbError};
use smartcal_types::BookingStatus;

/// One reported event.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = attendance_events)]
pub struct EventRow {
    pub booking_id: String,
    /// What makes a repeated report the same event: kind, side, session and time.
    pub event_key: String,
    /// `room_created`, `joined`, `left` or `room_destroyed`.
    pub kind: String,
    /// `host` or `guest` (joins and leaves), `''` (the room's events).
    pub side: String,
    /// The occupant's JID (event_sync) or participant id (JaaS); `''` for the room.
    pub session: String,
    /// When it happened, Unix seconds.
    pub at: i64,
    /// `event_sync` or `jaas`.
    pub source: String,
    pub received_at: i64,
}

impl EventRow {
    /// An event with its key derived from what it says.
    pub fn new(
        booking_id: &str,
        kind: &str,
        side: &str,
        session: &str,
        at: i64,
        source: &str,
        received_at: i64,
    ) -> EventRow {
        EventRow {
            booking_id: booking_id.to_owned(),
            event_key: format!("{kind}:{side}:{at}:{session}"),
            kind: kind.to_owned(),
            side: side.to_owned(),
            session: session.to_owned(),
            at,
            source: source.to_owned(),
            received_at,
        }
    }
}

/// A booking's attendance as last computed, its no-show decision and announcements.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = attendance)]
pub struct AttendanceRow {
    pub booking_id: String,
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub host_joined_at: Option<i64>,
    pub host_left_at: Option<i64>,
    pub host_seconds: i64,
    pub guest_joined_at: Option<i64>,
    pub guest_left_at: Option<i64>,
    pub guest_seconds: i64,
    /// `none`, `host`, `guest` or `both` once decided.
    pub no_show: Option<String>,
    pub no_show_decided_at: Option<i64>,
    /// When `meeting.started` was queued.
    pub started_announced_at: Option<i64>,
    /// When `meeting.ended` was queued.
    pub ended_announced_at: Option<i64>,
    pub updated_at: i64,
}

impl AttendanceRow {
    /// A row with nothing known yet.
    pub fn empty(booking_id: &str, now: i64) -> AttendanceRow {
        AttendanceRow {
            booking_id: booking_id.to_owned(),
            started_at: None,
            ended_at: None,
            host_joined_at: None,
            host_left_at: None,
            host_seconds: 0,
            guest_joined_at: None,
            guest_left_at: None,
            guest_seconds: 0,
            no_show: None,
            no_show_decided_at: None,
            started_announced_at: None,
            ended_announced_at: None,
            updated_at: now,
        }
    }
}

/// Stores the events not stored yet; how many were new (0: every one was a repeat).
pub fn insert_events(conn: &mut DbConn, rows: &[EventRow]) -> Result<usize, DbError> {
    if rows.is_empty() {
        return Ok(0);
    }
    let mut added = 0;
    // One row a statement: the multi-backend connection has no `ON CONFLICT` for a batch.
    for row in rows {
        added += match conn {
            DbConn::Pg(pg) => diesel::insert_into(attendance_events::table)
                .values(row)
                .on_conflict_do_nothing()
                .execute(pg)?,
            DbConn::Sqlite(lite) => diesel::insert_into(attendance_events::table)
                .values(row)
                .on_conflict_do_nothing()
                .execute(lite)?,
        };
    }
    Ok(added)
}

/// Every event stored for the booking.
pub fn events(conn: &mut DbConn, booking_id: &str) -> Result<Vec<EventRow>, DbError> {
    Ok(attendance_events::table
        .filter(attendance_events::booking_id.eq(booking_id))
        .order(attendance_events::event_key.asc())
        .select(EventRow::as_select())
        .load(conn)?)
}

/// The booking's row, if it has one.
pub fn find(conn: &mut DbConn, booking_id: &str) -> Result<Option<AttendanceRow>, DbError> {
    Ok(attendance::table
        .find(booking_id)
        .select(AttendanceRow::as_select())
        .first(conn)
        .optional()?)
}

/// Makes sure the booking has a row (a no-op when it has).
fn ensure(conn: &mut DbConn, booking_id: &str, now: i64) -> Result<(), DbError> {
    let row = AttendanceRow::empty(booking_id, now);
    match conn {
        DbConn::Pg(pg) => diesel::insert_into(attendance::table)
            .values(&row)
            .on_conflict_do_nothing()
            .execute(pg)?,
        DbConn::Sqlite(lite) => diesel::insert_into(attendance::table)
            .values(&row)
            .on_conflict_do_nothing()
            .execute(lite)?,
    };
    Ok(())
}

/// The computed part of a row: what the events add up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, AsChangeset)]
#[diesel(table_name = attendance, treat_none_as_null = true)]
pub struct Summary {
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub host_joined_at: Option<i64>,
    pub host_left_at: Option<i64>,
    pub host_seconds: i64,
    pub guest_joined_at: Option<i64>,
    pub guest_left_at: Option<i64>,
    pub guest_seconds: i64,
    pub updated_at: i64,
}

/// Stores the attendance recomputed from the booking's events; the row after it.
pub fn save_summary(
    conn: &mut DbConn,
    booking_id: &str,
    summary: &Summary,
) -> Result<AttendanceRow, DbError> {
    ensure(conn, booking_id, summary.updated_at)?;
    diesel::update(attendance::table.find(booking_id))
        .set(summary)
        .execute(conn)?;
    Ok(attendance::table
        .find(booking_id)
        .select(AttendanceRow::as_select())
        .first(conn)?)
}

/// Which meeting webhook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Announcement {
    /// `meeting.started`.
    Started,
    /// `meeting.ended`.
    Ended,
}

/// Marks the announcement made unless it was; whether this call marked it (queue the event
/// only then, in the same transaction).
pub fn announce(
    conn: &mut DbConn,
    booking_id: &str,
    which: Announcement,
    now: i64,
) -> Result<bool, DbError> {
    let row = attendance::table.find(booking_id);
    let n = match which {
        Announcement::Started => diesel::update(row)
            .filter(attendance::started_announced_at.is_null())
            .set(attendance::started_announced_at.eq(now))
            .execute(conn)?,
        Announcement::Ended => diesel::update(row)
            .filter(attendance::ended_announced_at.is_null())
            .set(attendance::ended_announced_at.eq(now))
            .execute(conn)?,
    };
    Ok(n == 1)
}

/// Records the no-show decision unless one was made; whether this call made it. Conditional
/// on no decision yet: of concurrent deciders in any process exactly one gets `true`.
pub fn decide_no_show(
    conn: &mut DbConn,
    booking_id: &str,
    no_show: &str,
    now: i64,
) -> Result<bool, DbError> {
    ensure(conn, booking_id, now)?;
    let n = diesel::update(attendance::table.find(booking_id))
        .filter(attendance::no_show.is_null())
        .set((
            attendance::no_show.eq(no_show),
            attendance::no_show_decided_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Confirmed bookings that started in `(from, to]` and have no no-show decision, soonest
/// first, `limit` at most.
pub fn undecided(
    conn: &mut DbConn,
    from: i64,
    to: i64,
    limit: i64,
) -> Result<Vec<String>, DbError> {
    Ok(bookings::table
        .left_join(attendance::table)
        .filter(bookings::status.eq(BookingStatus::Confirmed))
        .filter(bookings::start_at.gt(from))
        .filter(bookings::start_at.le(to))
        .filter(attendance::no_show.is_null())
        .order((bookings::start_at.asc(), bookings::id.asc()))
        .limit(limit)
        .select(bookings::id)
        .load(conn)?)
}
