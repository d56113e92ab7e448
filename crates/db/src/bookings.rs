//! Bookings, the host's busy times, and `POST /bookings` idempotency records.

use diesel::prelude::*;

use crate::attendance::AttendanceRow;
use crate::schema::{agendas, attendance, booking_hosts, bookings, hosts, idempotency_keys};
use crate::{DbConn, DbError};

pub use smartcal_types::{BookingStatus, CancelledBy};

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
    /// Who cancelled it (host or guest); `None` unless cancelled.
    pub cancelled_by: Option<CancelledBy>,
    /// The language of the guest's emails (`en`, `de-AT`, …).
    pub guest_locale: String,
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

/// The bookings that hold their time (`BookingStatus::HOLDING`: pending or confirmed), as the
/// condition `bookings.status IN ('pending', 'confirmed')` in a query's own text. With the statuses
/// bound, SQLite's planner compared the bound values with the partial indexes' `WHERE status =
/// 'confirmed'` (`bookings_confirmed_start`) and compiled the statement again whenever they
/// were bound anew, on every execution. diesel's `sql()` would keep them as text but is never
/// cached (it may be built at run time); this is one fixed text with a static query id, so
/// its queries stay prepared (docs/BENCHMARKS.md, eleventh round). Both backends still read
/// it through the `(host_id, status, start_at)` index.
#[derive(Debug, Clone, Copy, diesel::query_builder::QueryId)]
pub struct HoldsTime;

/// [`HoldsTime`]'s text (the statuses as [`BookingStatus::as_str`] writes them).
const HOLDS_TIME_SQL: &str = "bookings.status IN ('pending', 'confirmed')";

impl diesel::expression::Expression for HoldsTime {
    type SqlType = diesel::sql_types::Bool;
}

impl<DB: diesel::backend::Backend> diesel::query_builder::QueryFragment<DB> for HoldsTime {
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, DB>,
    ) -> QueryResult<()> {
        out.push_sql(HOLDS_TIME_SQL);
        Ok(())
    }
}

impl<QS> diesel::expression::AppearsOnTable<QS> for HoldsTime where
    bookings::status: diesel::expression::AppearsOnTable<QS>
{
}

impl<QS> diesel::expression::SelectableExpression<QS> for HoldsTime where
    bookings::status: diesel::expression::SelectableExpression<QS>
{
}

impl diesel::expression::ValidGrouping<()> for HoldsTime {
    type IsAggregate = diesel::expression::is_aggregate::Never;
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
    let row: Joined = bookings::table
        .inner_join(agendas::table.inner_join(hosts::table))
        .left_join(attendance::table)
        .filter(bookings::id.eq(id))
        .select((
            BookingRow::as_select(),
            agendas::title,
            (agendas::host_id, hosts::name),
            Option::<AttendanceRow>::as_select(),
        ))
        .first(conn)?;
    view(conn, row)
}

/// One page of the host's bookings in `scope` after `cursor`, only those in `status` when
/// given; `limit` rows at most: their own, and the collective bookings they are one of the
/// hosts of.
#[allow(clippy::too_many_arguments)]
pub fn list(
    conn: &mut DbConn,
    host_id: &str,
    scope: Scope,
    status: Option<BookingStatus>,
    now: i64,
    cursor: Option<&Cursor>,
    limit: i64,
) -> Result<Vec<BookingView>, DbError> {
    // Upcoming: one page per status that holds its time, merged: with one status the index
    // hands the rows over in (start_at, id) order and the database stops after `limit`; asked
    // for both at once it would read and sort every upcoming booking of the host. A status
    // asked for is one such page (`Upcoming` with a status that holds no time reads the
    // cancelled or declined bookings that had not ended yet).
    let one = [status];
    let statuses: &[Option<BookingStatus>] = match (status, scope) {
        (Some(_), _) => &one,
        (None, Scope::Upcoming) => &[Some(BookingStatus::Pending), Some(BookingStatus::Confirmed)],
        (None, Scope::Past | Scope::All) => &[None],
    };
    let mut rows = Vec::new();
    for status in statuses {
        rows.extend(page(
            conn,
            host_id,
            Whose::Own,
            scope,
            *status,
            now,
            cursor,
            limit,
        )?);
    }
    // A host co-hosts few bookings: one query for them, whatever their status.
    rows.extend(page(
        conn,
        host_id,
        Whose::CoHosted,
        scope,
        status,
        now,
        cursor,
        limit,
    )?);
    rows.sort_by(|a, b| {
        let order = (a.booking.start_at, &a.booking.id).cmp(&(b.booking.start_at, &b.booking.id));
        if scope == Scope::Past {
            order.reverse()
        } else {
            order
        }
    });
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    Ok(rows)
}

/// Which of a host's bookings a page reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Whose {
    /// Theirs (`host_id`).
    Own,
    /// The collective bookings they are another host of (`booking_hosts`).
    CoHosted,
}

/// [`list`]'s query, for one `status` when given.
#[allow(clippy::too_many_arguments)]
fn page(
    conn: &mut DbConn,
    host_id: &str,
    whose: Whose,
    scope: Scope,
    status: Option<BookingStatus>,
    now: i64,
    cursor: Option<&Cursor>,
    limit: i64,
) -> Result<Vec<BookingView>, DbError> {
    let mut q = bookings::table
        .inner_join(agendas::table.inner_join(hosts::table))
        .left_join(attendance::table)
        .select((
            BookingRow::as_select(),
            agendas::title,
            (agendas::host_id, hosts::name),
            Option::<AttendanceRow>::as_select(),
        ))
        .limit(limit)
        .into_boxed();
    q = match whose {
        Whose::Own => q.filter(bookings::host_id.eq(host_id)),
        Whose::CoHosted => q.filter(
            bookings::id.eq_any(
                booking_hosts::table
                    .filter(booking_hosts::host_id.eq(host_id))
                    .select(booking_hosts::booking_id),
            ),
        ),
    };
    match (status, scope) {
        (Some(status), _) => q = q.filter(bookings::status.eq(status)),
        (None, Scope::Upcoming) => q = q.filter(HoldsTime),
        (None, _) => {}
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
    let rows: Vec<Joined> = q.load(conn)?;
    rows.into_iter().map(|r| view(conn, r)).collect()
}

/// A booking as its list and find queries read it: with its agenda's title, the agenda's
/// owner (id and name) and its attendance.
type Joined = (BookingRow, String, (String, String), Option<AttendanceRow>);

/// The view of a [`Joined`] row. The host named is the booking's: the agenda's owner, except
/// for a team agenda's booking, whose member is read by id.
fn view(
    conn: &mut DbConn,
    (booking, agenda_title, (owner_id, owner_name), attendance): Joined,
) -> Result<BookingView, DbError> {
    let host_name = if booking.host_id == owner_id {
        owner_name
    } else {
        hosts::table
            .find(&booking.host_id)
            .select(hosts::name)
            .first(conn)?
    };
    Ok(BookingView {
        booking,
        agenda_title,
        host_name,
        attendance,
    })
}

/// The longest a booking can be (agendas' `duration_minutes` are validated against it). Range
/// queries use it as a lower bound on `start_at`, so the `(host_id, status, start_at)` index
/// reads only the bookings near the range instead of every earlier one.
pub const MAX_BOOKING_MINUTES: i64 = 720;

/// The bookings that hold their time overlapping `[from, to)` of a query over `bookings`
/// (joined or not), as their times and agendas, minus `exclude_id`; one fixed shape (no id is
/// empty, so `id <> ''` leaves none out), so diesel keeps its prepared statement.
macro_rules! overlapping {
    ($query:expr, $from:expr, $to:expr, $exclude:expr) => {
        $query
            .filter(HoldsTime)
            .filter(bookings::start_at.gt($from - MAX_BOOKING_MINUTES * 60))
            .filter(bookings::end_at.gt($from))
            .filter(bookings::start_at.lt($to))
            .filter(bookings::id.ne($exclude.unwrap_or("")))
            .select((bookings::start_at, bookings::end_at, bookings::agenda_id))
    };
}

/// Rows of [`overlapping!`] as busy time for `agenda_id`.
fn busy_rows(rows: Vec<(i64, i64, String)>, agenda_id: &str) -> Vec<BusyRow> {
    rows.into_iter()
        .map(|(start_at, end_at, a)| BusyRow {
            start_at,
            end_at,
            same_agenda: a == agenda_id,
        })
        .collect()
}

/// The host's bookings that hold their time (pending or confirmed) overlapping `[from, to)`,
/// across all their agendas; `exclude_id` leaves one booking out (the one being rescheduled).
pub fn busy_for_host(
    conn: &mut DbConn,
    host_id: &str,
    agenda_id: &str,
    from: i64,
    to: i64,
    exclude_id: Option<&str>,
) -> Result<Vec<BusyRow>, DbError> {
    let own = bookings::table.filter(bookings::host_id.eq(host_id));
    let rows = overlapping!(own, from, to, exclude_id).load(conn)?;
    Ok(busy_rows(rows, agenda_id))
}

/// The collective bookings where the host is one of the other hosts (see `teams::co_hosts`)
/// that hold their time overlapping `[from, to)`: busy time like the host's own bookings.
pub fn busy_as_co_host(
    conn: &mut DbConn,
    host_id: &str,
    agenda_id: &str,
    from: i64,
    to: i64,
    exclude_id: Option<&str>,
) -> Result<Vec<BusyRow>, DbError> {
    let shared = booking_hosts::table
        .inner_join(bookings::table)
        .filter(booking_hosts::host_id.eq(host_id));
    let rows = overlapping!(shared, from, to, exclude_id).load(conn)?;
    Ok(busy_rows(rows, agenda_id))
}

/// The Jitsi room of the agenda's meeting at `start` (its earliest booking that holds its
/// time): the room a seat's guest joins. `None` when nobody holds that start.
pub fn seated_room(
    conn: &mut DbConn,
    agenda_id: &str,
    start: i64,
) -> Result<Option<(String, String)>, DbError> {
    Ok(bookings::table
        .filter(bookings::agenda_id.eq(agenda_id))
        .filter(bookings::start_at.eq(start))
        .filter(HoldsTime)
        .order((bookings::created_at.asc(), bookings::id.asc()))
        .select((bookings::room_name, bookings::meeting_url))
        .first(conn)
        .optional()?)
}

/// Marks a booking that holds its time (a request or a confirmed booking) cancelled `by` host
/// or guest; `NotFound` if it does not hold its time any more.
pub fn cancel(
    conn: &mut DbConn,
    id: &str,
    reason: Option<&str>,
    by: CancelledBy,
    now: i64,
) -> Result<(), DbError> {
    let n = diesel::update(
        bookings::table
            .filter(bookings::id.eq(id))
            .filter(HoldsTime),
    )
    .set((
        bookings::status.eq(BookingStatus::Cancelled),
        bookings::cancelled_at.eq(now),
        bookings::cancel_reason.eq(reason),
        bookings::cancelled_by.eq(Some(by)),
        bookings::sequence.eq(bookings::sequence + 1),
        bookings::updated_at.eq(now),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}

/// Moves a confirmed booking to a new time (same id; the same room unless `room` gives its
/// new `(room_name, meeting_url)`: a seat moving to another start's meeting) and bumps its
/// sequence.
pub fn reschedule(
    conn: &mut DbConn,
    id: &str,
    start: i64,
    end: i64,
    room: Option<(&str, &str)>,
    now: i64,
) -> Result<(), DbError> {
    if let Some((name, url)) = room {
        diesel::update(bookings::table.filter(bookings::id.eq(id)))
            .set((bookings::room_name.eq(name), bookings::meeting_url.eq(url)))
            .execute(conn)?;
    }
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

/// Replaces the guest's manage token (its SHA-256 hex `manage_token_hash`) of a booking
/// that holds its time: the old manage link stops working. `NotFound` if it holds no time.
pub fn rotate_manage_token(
    conn: &mut DbConn,
    id: &str,
    manage_token_hash: &str,
    now: i64,
) -> Result<(), DbError> {
    let n = diesel::update(
        bookings::table
            .filter(bookings::id.eq(id))
            .filter(HoldsTime),
    )
    .set((
        bookings::manage_token_hash.eq(manage_token_hash),
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
        .filter(HoldsTime)
        .filter(bookings::end_at.gt(now))
        .order((bookings::start_at.asc(), bookings::id.asc()))
        .select(BookingRow::as_select())
        .load(conn)?)
}

/// The booking whose Jitsi room is `room_name` (stored lowercase; a seated start's guests share one),
/// whatever its status: what a Jitsi server asks about when a room is about to open.
pub fn find_by_room(conn: &mut DbConn, room_name: &str) -> Result<Option<BookingRow>, DbError> {
    // A seated start's guests share their first booking's room: that booking answers for it.
    Ok(bookings::table
        .filter(bookings::room_name.eq(room_name))
        .order((bookings::created_at.asc(), bookings::id.asc()))
        .select(BookingRow::as_select())
        .first(conn)
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_holding_condition_names_the_holding_statuses() {
        for status in [BookingStatus::Pending, BookingStatus::Confirmed] {
            assert!(
                HOLDS_TIME_SQL.contains(&format!("'{}'", status.as_str())),
                "{status:?}"
            );
        }
        for status in [BookingStatus::Declined, BookingStatus::Cancelled] {
            assert!(!HOLDS_TIME_SQL.contains(status.as_str()), "{status:?}");
        }
    }
}
