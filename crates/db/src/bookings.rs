//! Bookings, the host's busy times, and `POST /bookings` idempotency records.

use diesel::prelude::*;

use crate::attendance::AttendanceRow;
use crate::schema::{agendas, attendance, bookings, hosts, idempotency_keys};
use crate::{DbConn, DbError};

pub use smartcal_types::BookingStatus;

/// A booking as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = bookings)]
pub struct BookingRow {
    pub id: String,
    pub agenda_id: String,
    pub host_id: String,
    pub start_at: i64,
    pub end_at: i64,
    pub guest_name: String,
    pub guest_email: String,
    pub guest_time_zone: String,
    pub notes: String,
    pub status: BookingStatus,
    pub room_name: String,
    pub meeting_url: String,
    pub manage_token_hash: String,
    pub sequence: i32,
    pub created_at: i64,
    pub updated_at: i64,
    pub cancelled_at: Option<i64>,
    pub cancel_reason: Option<String>,
    /// JSON: `[{key, label, value}]`, the answers as asked.
    pub answers: String,
    /// JSON: `[u32]`, the agenda's reminder times when it was booked.
    pub reminders_minutes: String,
    /// SHA-256 hex of the host's decide-link token (requests only).
    pub decide_token_hash: Option<String>,
    /// When the request was confirmed or declined.
    pub decided_at: Option<i64>,
    /// Why the request was declined.
    pub decline_reason: Option<String>,
}

/// A booking with the names its views show: agenda title and host name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingView {
    pub booking: BookingRow,
    pub agenda_title: String,
    pub host_name: String,
    /// What the Jitsi server reported about its room, once it reported anything.
    pub attendance: Option<AttendanceRow>,
}

/// Which bookings a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Pending and confirmed, not ended: soonest first.
    Upcoming,
    /// Ended: latest first.
    Past,
    /// Everything: soonest first.
    All,
}

/// A position in a booking list: the last row's `(start_at, id)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub start_at: i64,
    pub id: String,
}

/// A confirmed booking's time, as busy time for slot computation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BusyRow {
    pub start_at: i64,
    pub end_at: i64,
    /// Whether it belongs to the agenda being looked at (for the daily limit).
    pub same_agenda: bool,
}

/// The bookings that hold their time (`BookingStatus::HOLDING`: pending or confirmed), as
/// one fixed query shape (an `IN` list would not be a cached prepared statement on SQLite);
/// both backends read it through the `(host_id, status, start_at)` index.
macro_rules! holds_time {
    () => {
        bookings::status
            .eq(BookingStatus::Pending)
            .or(bookings::status.eq(BookingStatus::Confirmed))
    };
}

/// Stores a new booking.
pub fn insert(conn: &mut DbConn, booking: &BookingRow) -> Result<(), DbError> {
    diesel::insert_into(bookings::table)
        .values(booking)
        .execute(conn)?;
    Ok(())
}

/// One booking with its agenda title and host name.
pub fn find(conn: &mut DbConn, id: &str) -> Result<BookingView, DbError> {
    let (booking, agenda_title, host_name, attendance) = bookings::table
        .inner_join(agendas::table.inner_join(hosts::table))
        .left_join(attendance::table)
        .filter(bookings::id.eq(id))
        .select((
            BookingRow::as_select(),
            agendas::title,
            hosts::name,
            Option::<AttendanceRow>::as_select(),
        ))
        .first(conn)?;
    Ok(BookingView {
        booking,
        agenda_title,
        host_name,
        attendance,
    })
}

/// One page of the host's bookings in `scope` after `cursor`; `limit` rows at most.
pub fn list(
    conn: &mut DbConn,
    host_id: &str,
    scope: Scope,
    now: i64,
    cursor: Option<&Cursor>,
    limit: i64,
) -> Result<Vec<BookingView>, DbError> {
    if scope != Scope::Upcoming {
        return page(conn, host_id, scope, None, now, cursor, limit);
    }
    // One page per status that holds its time, merged: with one status the index hands the
    // rows over in (start_at, id) order and the database stops after `limit`; asked for both
    // at once it would read and sort every upcoming booking of the host.
    let mut rows = page(
        conn,
        host_id,
        scope,
        Some(BookingStatus::Pending),
        now,
        cursor,
        limit,
    )?;
    rows.extend(page(
        conn,
        host_id,
        scope,
        Some(BookingStatus::Confirmed),
        now,
        cursor,
        limit,
    )?);
    rows.sort_by(|a, b| {
        (a.booking.start_at, &a.booking.id).cmp(&(b.booking.start_at, &b.booking.id))
    });
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    Ok(rows)
}

/// [`list`]'s query, for one `status` when given.
fn page(
    conn: &mut DbConn,
    host_id: &str,
    scope: Scope,
    status: Option<BookingStatus>,
    now: i64,
    cursor: Option<&Cursor>,
    limit: i64,
) -> Result<Vec<BookingView>, DbError> {
    let mut q = bookings::table
        .inner_join(agendas::table.inner_join(hosts::table))
        .left_join(attendance::table)
        .filter(bookings::host_id.eq(host_id))
        .select((
            BookingRow::as_select(),
            agendas::title,
            hosts::name,
            Option::<AttendanceRow>::as_select(),
        ))
        .limit(limit)
        .into_boxed();
    if let Some(status) = status {
        q = q.filter(bookings::status.eq(status));
    }
    q = match scope {
        // The lower bound on `start_at` lets the index skip the host's past bookings.
        Scope::Upcoming => q
            .filter(bookings::start_at.gt(now - MAX_BOOKING_MINUTES * 60))
            .filter(bookings::end_at.gt(now)),
        Scope::Past => q.filter(bookings::end_at.le(now)),
        Scope::All => q,
    };
    if scope == Scope::Past {
        if let Some(c) = cursor {
            q = q.filter(
                bookings::start_at.lt(c.start_at).or(bookings::start_at
                    .eq(c.start_at)
                    .and(bookings::id.lt(c.id.clone()))),
            );
        }
        q = q.order((bookings::start_at.desc(), bookings::id.desc()));
    } else {
        if let Some(c) = cursor {
            q = q.filter(
                bookings::start_at.gt(c.start_at).or(bookings::start_at
                    .eq(c.start_at)
                    .and(bookings::id.gt(c.id.clone()))),
            );
        }
        q = q.order((bookings::start_at.asc(), bookings::id.asc()));
    }
    let rows: Vec<(BookingRow, String, String, Option<AttendanceRow>)> = q.load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(booking, agenda_title, host_name, attendance)| BookingView {
                booking,
                agenda_title,
                host_name,
                attendance,
            },
        )
        .collect())
}

/// The longest a booking can be (agendas' `duration_minutes` are validated against it). Range
/// queries use it as a lower bound on `start_at`, so the `(host_id, status, start_at)` index
/// reads only the bookings near the range instead of every earlier one.
pub const MAX_BOOKING_MINUTES: i64 = 720;

/// The host's bookings that hold their time (pending or confirmed) overlapping `[from, to)`, across all their agendas;
/// `exclude_id` leaves one booking out (the one being rescheduled).
pub fn busy_for_host(
    conn: &mut DbConn,
    host_id: &str,
    agenda_id: &str,
    from: i64,
    to: i64,
    exclude_id: Option<&str>,
) -> Result<Vec<BusyRow>, DbError> {
    // One fixed query shape (no id is empty, so `id <> ''` leaves none out): diesel keeps its
    // prepared statement, where a boxed query would be rebuilt and re-planned on every call.
    let rows: Vec<(i64, i64, String)> = bookings::table
        .filter(bookings::host_id.eq(host_id))
        .filter(holds_time!())
        .filter(bookings::start_at.gt(from - MAX_BOOKING_MINUTES * 60))
        .filter(bookings::end_at.gt(from))
        .filter(bookings::start_at.lt(to))
        .filter(bookings::id.ne(exclude_id.unwrap_or("")))
        .select((bookings::start_at, bookings::end_at, bookings::agenda_id))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(start_at, end_at, a)| BusyRow {
            start_at,
            end_at,
            same_agenda: a == agenda_id,
        })
        .collect())
}

/// Marks a booking that holds its time (a request or a confirmed booking) cancelled;
/// `NotFound` if it does not hold its time any more.
pub fn cancel(conn: &mut DbConn, id: &str, reason: Option<&str>, now: i64) -> Result<(), DbError> {
    let n = diesel::update(
        bookings::table
            .filter(bookings::id.eq(id))
            .filter(holds_time!()),
    )
    .set((
        bookings::status.eq(BookingStatus::Cancelled),
        bookings::cancelled_at.eq(now),
        bookings::cancel_reason.eq(reason),
        bookings::sequence.eq(bookings::sequence + 1),
        bookings::updated_at.eq(now),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}

/// Moves a confirmed booking to a new time (same id, same room) and bumps its sequence.
pub fn reschedule(
    conn: &mut DbConn,
    id: &str,
    start: i64,
    end: i64,
    now: i64,
) -> Result<(), DbError> {
    let n = diesel::update(
        bookings::table
            .filter(bookings::id.eq(id))
            .filter(bookings::status.eq(BookingStatus::Confirmed)),
    )
    .set((
        bookings::start_at.eq(start),
        bookings::end_at.eq(end),
        bookings::sequence.eq(bookings::sequence + 1),
        bookings::updated_at.eq(now),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}

/// How a request was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision<'a> {
    /// Confirmed by the host.
    Confirm,
    /// Declined by the host (with their reason) or, still pending at its start, by SmartCal.
    Decline(Option<&'a str>),
}

/// Decides a pending request: it becomes `confirmed` or `declined` (its time free again),
/// and its decide token stops working. `false` when it was not pending any more (another
/// decision, a cancel, or the automatic decline came first): exactly one decision wins.
pub fn decide(conn: &mut DbConn, id: &str, decision: Decision, now: i64) -> Result<bool, DbError> {
    let target = bookings::table
        .filter(bookings::id.eq(id))
        .filter(bookings::status.eq(BookingStatus::Pending));
    let decided = (
        bookings::decided_at.eq(now),
        bookings::decide_token_hash.eq(None::<String>),
        bookings::updated_at.eq(now),
    );
    let n = match decision {
        Decision::Confirm => diesel::update(target)
            .set((bookings::status.eq(BookingStatus::Confirmed), decided))
            .execute(conn)?,
        Decision::Decline(reason) => diesel::update(target)
            .set((
                bookings::status.eq(BookingStatus::Declined),
                bookings::decline_reason.eq(reason),
                bookings::sequence.eq(bookings::sequence + 1),
                decided,
            ))
            .execute(conn)?,
    };
    Ok(n == 1)
}

/// Requests still pending whose start is at or before `now`, soonest first, `limit` at most
/// (the automatic decline's work).
pub fn pending_started(conn: &mut DbConn, now: i64, limit: i64) -> Result<Vec<String>, DbError> {
    Ok(bookings::table
        .filter(bookings::status.eq(BookingStatus::Pending))
        .filter(bookings::start_at.le(now))
        .order(bookings::start_at.asc())
        .limit(limit)
        .select(bookings::id)
        .load(conn)?)
}

/// What an erased booking's guest name becomes.
pub const ERASED_GUEST_NAME: &str = "Erased guest";
pub use smartcal_types::ERASED_GUEST_EMAIL;

/// Replaces the guest's personal data in one booking — name, email, notes and the cancel
/// reason (free text that may quote the guest) — by placeholders, gives it a manage token
/// nobody holds (`manage_token_hash`), and forgets its `Idempotency-Key` answer (which holds
/// the guest's data and manage token). Repeating it changes nothing more. Status, times and
/// room stay: the host's record of the meeting remains.
pub fn erase_guest(
    conn: &mut DbConn,
    id: &str,
    manage_token_hash: &str,
    now: i64,
) -> Result<(), DbError> {
    let n = diesel::update(bookings::table.filter(bookings::id.eq(id)))
        .set((
            bookings::guest_name.eq(ERASED_GUEST_NAME),
            bookings::guest_email.eq(ERASED_GUEST_EMAIL),
            bookings::notes.eq(""),
            bookings::cancel_reason.eq(None::<String>),
            bookings::decline_reason.eq(None::<String>),
            bookings::answers.eq("[]"),
            bookings::manage_token_hash.eq(manage_token_hash),
            bookings::updated_at.eq(now),
        ))
        .execute(conn)?;
    if n == 0 {
        return Err(DbError::NotFound);
    }
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::booking_id.eq(id)))
        .execute(conn)?;
    Ok(())
}

/// A stored first answer to a `POST /bookings` with an `Idempotency-Key`.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = idempotency_keys)]
pub struct IdempotencyRow {
    pub idem_key: String,
    pub request_hash: String,
    pub booking_id: String,
    pub response_body: String,
    pub created_at: i64,
}

/// The stored answer for a key, if it is younger than `min_created_at`'s cut-off.
pub fn find_idempotent(
    conn: &mut DbConn,
    idem_key: &str,
    min_created_at: i64,
) -> Result<Option<IdempotencyRow>, DbError> {
    Ok(idempotency_keys::table
        .find(idem_key)
        .filter(idempotency_keys::created_at.ge(min_created_at))
        .select(IdempotencyRow::as_select())
        .first(conn)
        .optional()?)
}

/// Records the first answer for a key (replacing an expired record of the same key).
pub fn save_idempotent(conn: &mut DbConn, row: &IdempotencyRow) -> Result<(), DbError> {
    diesel::delete(idempotency_keys::table.find(&row.idem_key)).execute(conn)?;
    diesel::insert_into(idempotency_keys::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Forgets answers older than `before` (they hold a manage token, so they do not linger).
pub fn purge_idempotent(conn: &mut DbConn, before: i64) -> Result<usize, DbError> {
    Ok(
        diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(before)))
            .execute(conn)?,
    )
}

/// The host's bookings that hold their time and have not ended, soonest first (what an
/// operator decides about when disabling a host).
pub fn upcoming_for_host(
    conn: &mut DbConn,
    host_id: &str,
    now: i64,
) -> Result<Vec<BookingRow>, DbError> {
    Ok(bookings::table
        .filter(bookings::host_id.eq(host_id))
        .filter(holds_time!())
        .filter(bookings::end_at.gt(now))
        .order((bookings::start_at.asc(), bookings::id.asc()))
        .select(BookingRow::as_select())
        .load(conn)?)
}

/// The booking whose Jitsi room is `room_name` (room names are unique and stored lowercase),
/// whatever its status: what a Jitsi server asks about when a room is about to open.
pub fn find_by_room(conn: &mut DbConn, room_name: &str) -> Result<Option<BookingRow>, DbError> {
    Ok(bookings::table
        .filter(bookings::room_name.eq(room_name))
        .select(BookingRow::as_select())
        .first(conn)
        .optional()?)
}
