//! Host calendars: the sources of a host's busy times (iCalendar feeds, CalDAV calendars), the
//! busy intervals last read from each, and the host's subscribable feed token.
//!
//! A source is synced by one worker at a time: [`claim_due`] leases due rows (PostgreSQL:
//! `FOR UPDATE SKIP LOCKED`; SQLite: the single writer), and results are stored only while the
//! lease is still the worker's own ([`record_success`], [`record_failure`]). A failed sync
//! keeps the source's last good busy intervals.

use diesel::prelude::*;

use crate::bookings::{BookingRow, BookingStatus, BookingView};
use crate::schema::{agendas, bookings, hosts};
use crate::{write_transaction, DbConn, DbError};

diesel::table! {
    calendar_sources (id) {
        id -> Text,
        host_id -> Text,
        kind -> Text,
        name -> Text,
        url -> Text,
        username -> Nullable<Text>,
        password_enc -> Nullable<Text>,
        write_back -> Bool,
        etag -> Nullable<Text>,
        last_modified -> Nullable<Text>,
        last_sync_at -> Nullable<BigInt>,
        last_attempt_at -> Nullable<BigInt>,
        last_error -> Nullable<Text>,
        busy_count -> Integer,
        next_sync_at -> BigInt,
        lease_owner -> Nullable<Text>,
        lease_until -> Nullable<BigInt>,
        created_at -> BigInt,
    }
}

diesel::table! {
    calendar_busy (source_id, start_at, end_at) {
        source_id -> Text,
        host_id -> Text,
        start_at -> BigInt,
        end_at -> BigInt,
    }
}

diesel::table! {
    calendar_feeds (host_id) {
        host_id -> Text,
        token_hash -> Text,
        created_at -> BigInt,
    }
}

diesel::joinable!(calendar_busy -> calendar_sources (source_id));
diesel::allow_tables_to_appear_in_same_query!(calendar_sources, calendar_busy);

pub use smartcal_types::CalendarKind;

/// One calendar a host's busy times come from.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = calendar_sources)]
pub struct SourceRow {
    pub id: String,
    pub host_id: String,
    /// An iCalendar feed or a CalDAV calendar.
    pub kind: CalendarKind,
    pub name: String,
    pub url: String,
    pub username: Option<String>,
    /// The CalDAV password, encrypted by the server; never shown.
    pub password_enc: Option<String>,
    /// Whether confirmed bookings are written into this (CalDAV) calendar.
    pub write_back: bool,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// When the busy intervals were last read successfully.
    pub last_sync_at: Option<i64>,
    pub last_attempt_at: Option<i64>,
    /// Why the last attempt failed; `None` when it succeeded.
    pub last_error: Option<String>,
    /// How many busy intervals the last successful sync stored.
    pub busy_count: i32,
    pub next_sync_at: i64,
    pub lease_owner: Option<String>,
    pub lease_until: Option<i64>,
    pub created_at: i64,
}

/// Stores a new source.
pub fn insert(conn: &mut DbConn, row: &SourceRow) -> Result<(), DbError> {
    diesel::insert_into(calendar_sources::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The host's sources, oldest first.
pub fn list(conn: &mut DbConn, host_id: &str) -> Result<Vec<SourceRow>, DbError> {
    Ok(calendar_sources::table
        .filter(calendar_sources::host_id.eq(host_id))
        .order((
            calendar_sources::created_at.asc(),
            calendar_sources::id.asc(),
        ))
        .select(SourceRow::as_select())
        .load(conn)?)
}

/// How many sources the host has.
pub fn count(conn: &mut DbConn, host_id: &str) -> Result<i64, DbError> {
    Ok(calendar_sources::table
        .filter(calendar_sources::host_id.eq(host_id))
        .count()
        .get_result(conn)?)
}

/// One source of this host.
pub fn find(conn: &mut DbConn, host_id: &str, id: &str) -> Result<SourceRow, DbError> {
    Ok(calendar_sources::table
        .filter(calendar_sources::id.eq(id))
        .filter(calendar_sources::host_id.eq(host_id))
        .select(SourceRow::as_select())
        .first(conn)?)
}

/// One source by id, whoever owns it (the write-back worker).
pub fn find_any(conn: &mut DbConn, id: &str) -> Result<Option<SourceRow>, DbError> {
    Ok(calendar_sources::table
        .filter(calendar_sources::id.eq(id))
        .select(SourceRow::as_select())
        .first(conn)
        .optional()?)
}

/// The host's CalDAV sources that bookings are written into.
pub fn write_back_targets(conn: &mut DbConn, host_id: &str) -> Result<Vec<SourceRow>, DbError> {
    Ok(calendar_sources::table
        .filter(calendar_sources::host_id.eq(host_id))
        .filter(calendar_sources::kind.eq(CalendarKind::Caldav))
        .filter(calendar_sources::write_back.eq(true))
        .order(calendar_sources::created_at.asc())
        .select(SourceRow::as_select())
        .load(conn)?)
}

/// Deletes a source of this host with its busy intervals; `false` if there was none.
pub fn delete(conn: &mut DbConn, host_id: &str, id: &str) -> Result<bool, DbError> {
    write_transaction(conn, |c| {
        diesel::delete(calendar_busy::table.filter(calendar_busy::source_id.eq(id))).execute(c)?;
        let n = diesel::delete(
            calendar_sources::table
                .filter(calendar_sources::id.eq(id))
                .filter(calendar_sources::host_id.eq(host_id)),
        )
        .execute(c)?;
        Ok(n == 1)
    })
}

/// Makes a source due now (a manual "sync now").
pub fn make_due(conn: &mut DbConn, id: &str, now: i64) -> Result<(), DbError> {
    diesel::update(calendar_sources::table.filter(calendar_sources::id.eq(id)))
        .set(calendar_sources::next_sync_at.eq(now))
        .execute(conn)?;
    Ok(())
}

/// Leases up to `limit` due sources for `owner` until `now + lease_seconds`. Sources leased by
/// another worker are skipped until the lease expires.
pub fn claim_due(
    conn: &mut DbConn,
    owner: &str,
    now: i64,
    lease_seconds: i64,
    limit: i64,
) -> Result<Vec<SourceRow>, DbError> {
    write_transaction(conn, |c| {
        // A macro, not a value: the query's `as_select` is typed per backend.
        macro_rules! due {
            () => {
                calendar_sources::table
                    .filter(calendar_sources::next_sync_at.le(now))
                    .filter(
                        calendar_sources::lease_until
                            .is_null()
                            .or(calendar_sources::lease_until.lt(now)),
                    )
                    .order((
                        calendar_sources::next_sync_at.asc(),
                        calendar_sources::id.asc(),
                    ))
                    .limit(limit)
                    .select(SourceRow::as_select())
            };
        }
        let mut rows: Vec<SourceRow> = match c {
            DbConn::Pg(pg) => due!().for_update().skip_locked().load(pg)?,
            DbConn::Sqlite(lite) => due!().load(lite)?,
        };
        if rows.is_empty() {
            return Ok(rows);
        }
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        diesel::update(calendar_sources::table.filter(calendar_sources::id.eq_any(&ids)))
            .set((
                calendar_sources::lease_owner.eq(owner),
                calendar_sources::lease_until.eq(now + lease_seconds),
            ))
            .execute(c)?;
        for r in &mut rows {
            r.lease_owner = Some(owner.to_owned());
            r.lease_until = Some(now + lease_seconds);
        }
        Ok(rows)
    })
}

/// Longest busy row stored: longer intervals are stored split into pieces this long at most,
/// so [`busy_between`] reads only rows starting this long before its range at the earliest (an
/// index range, whatever the host's calendars hold).
pub const MAX_PIECE_SECONDS: i64 = 86_400;

/// Rows inserted per statement.
const INSERT_CHUNK: usize = 500;

/// What a successful sync read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// New busy intervals `(start, end)` with the validators of the response, and why they
    /// end early if a limit cut them (shown to the host as the source's `last_error`).
    Changed {
        busy: Vec<(i64, i64)>,
        etag: Option<String>,
        last_modified: Option<String>,
        note: Option<String>,
    },
    /// The server said 304 Not Modified: the stored intervals stay.
    Unchanged,
}

/// How many busy rows a host's calendars keep together at most, and what to tell the host
/// when a source's rows are cut at that limit (given the start of the first row left out).
pub struct HostCap<'a> {
    /// Rows of all the host's sources together.
    pub max_rows: i64,
    /// The source's `last_error` when cut.
    pub describe: &'a dyn Fn(i64) -> String,
}

/// `busy` (sorted or not, overlapping or not) as sorted rows of at most
/// [`MAX_PIECE_SECONDS`], each with the index of the interval it comes from.
fn pieces(busy: &[(i64, i64)]) -> Vec<(i64, i64, usize)> {
    let mut sorted: Vec<(i64, i64)> = busy.iter().copied().filter(|(s, e)| s < e).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out = Vec::with_capacity(sorted.len());
    for (i, (start, end)) in sorted.into_iter().enumerate() {
        let mut s = start;
        while s < end {
            let e = end.min(s.saturating_add(MAX_PIECE_SECONDS));
            out.push((s, e, i));
            s = e;
        }
    }
    out.sort_unstable();
    out.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    out
}

/// Stores a successful sync (replacing the source's busy intervals when they changed, within
/// the host's cap) and releases the lease. `false` when the lease was lost or the source
/// deleted meanwhile.
pub fn record_success(
    conn: &mut DbConn,
    source: &SourceRow,
    owner: &str,
    now: i64,
    next_sync_at: i64,
    fetched: &Fetched,
    cap: &HostCap<'_>,
) -> Result<bool, DbError> {
    write_transaction(conn, |c| {
        // The host's sources are recorded one at a time (PostgreSQL: row locks in id order;
        // SQLite: the single writer), so their rows together stay within the host's cap.
        if let DbConn::Pg(pg) = c {
            calendar_sources::table
                .filter(calendar_sources::host_id.eq(&source.host_id))
                .order(calendar_sources::id.asc())
                .select(calendar_sources::id)
                .for_update()
                .load::<String>(pg)?;
        }
        // A cut read is stored without validators (below and in the sync job), so it is never
        // "unchanged" and its note is always current.
        let note = match fetched {
            Fetched::Changed { note, .. } => note.clone(),
            Fetched::Unchanged => None,
        };
        let mine = calendar_sources::table
            .filter(calendar_sources::id.eq(&source.id))
            .filter(calendar_sources::lease_owner.eq(owner));
        let n = diesel::update(mine)
            .set((
                calendar_sources::last_sync_at.eq(now),
                calendar_sources::last_attempt_at.eq(now),
                calendar_sources::last_error.eq(&note),
                calendar_sources::next_sync_at.eq(next_sync_at),
                calendar_sources::lease_owner.eq(None::<String>),
                calendar_sources::lease_until.eq(None::<i64>),
            ))
            .execute(c)?;
        if n != 1 {
            return Ok(false);
        }
        if let Fetched::Changed {
            busy,
            etag,
            last_modified,
            ..
        } = fetched
        {
            diesel::delete(calendar_busy::table.filter(calendar_busy::source_id.eq(&source.id)))
                .execute(c)?;
            let others: i64 = calendar_busy::table
                .filter(calendar_busy::host_id.eq(&source.host_id))
                .count()
                .get_result(c)?;
            let room = usize::try_from((cap.max_rows - others).max(0)).unwrap_or(0);
            let mut rows = pieces(busy);
            let mut validators = (etag, last_modified);
            if rows.len() > room {
                validators = (&None, &None);
                let first_left_out = rows[room].0;
                rows.truncate(room);
                diesel::update(calendar_sources::table.filter(calendar_sources::id.eq(&source.id)))
                    .set(calendar_sources::last_error.eq((cap.describe)(first_left_out)))
                    .execute(c)?;
            }
            for chunk in rows.chunks(INSERT_CHUNK) {
                let values: Vec<_> = chunk
                    .iter()
                    .map(|(start, end, _)| {
                        (
                            calendar_busy::source_id.eq(&source.id),
                            calendar_busy::host_id.eq(&source.host_id),
                            calendar_busy::start_at.eq(*start),
                            calendar_busy::end_at.eq(*end),
                        )
                    })
                    .collect();
                // Multi-row inserts are typed per backend.
                let insert = diesel::insert_into(calendar_busy::table).values(values);
                match c {
                    DbConn::Pg(pg) => insert.execute(pg)?,
                    DbConn::Sqlite(lite) => insert.execute(lite)?,
                };
            }
            let mut intervals: Vec<usize> = rows.iter().map(|(_, _, i)| *i).collect();
            intervals.sort_unstable();
            intervals.dedup();
            diesel::update(calendar_sources::table.filter(calendar_sources::id.eq(&source.id)))
                .set((
                    calendar_sources::etag.eq(validators.0),
                    calendar_sources::last_modified.eq(validators.1),
                    calendar_sources::busy_count.eq(intervals.len() as i32),
                ))
                .execute(c)?;
        }
        Ok(true)
    })
}

/// Stores a failed sync: the error, the next attempt; the busy intervals stay as they were.
pub fn record_failure(
    conn: &mut DbConn,
    id: &str,
    owner: &str,
    now: i64,
    next_sync_at: i64,
    error: &str,
) -> Result<bool, DbError> {
    let n = diesel::update(
        calendar_sources::table
            .filter(calendar_sources::id.eq(id))
            .filter(calendar_sources::lease_owner.eq(owner)),
    )
    .set((
        calendar_sources::last_attempt_at.eq(now),
        calendar_sources::last_error.eq(error),
        calendar_sources::next_sync_at.eq(next_sync_at),
        calendar_sources::lease_owner.eq(None::<String>),
        calendar_sources::lease_until.eq(None::<i64>),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// The host's external busy intervals `(start, end)` overlapping `[from, to)` (as stored:
/// pieces of [`MAX_PIECE_SECONDS`] at most, so only rows starting after `from` minus that are
/// read).
pub fn busy_between(
    conn: &mut DbConn,
    host_id: &str,
    from: i64,
    to: i64,
) -> Result<Vec<(i64, i64)>, DbError> {
    Ok(calendar_busy::table
        .filter(calendar_busy::host_id.eq(host_id))
        .filter(calendar_busy::start_at.gt(from - MAX_PIECE_SECONDS))
        .filter(calendar_busy::start_at.lt(to))
        .filter(calendar_busy::end_at.gt(from))
        .select((calendar_busy::start_at, calendar_busy::end_at))
        .load(conn)?)
}

/// Sets (or replaces) the host's feed token hash.
pub fn set_feed_token(
    conn: &mut DbConn,
    host_id: &str,
    token_hash: &str,
    now: i64,
) -> Result<(), DbError> {
    write_transaction(conn, |c| {
        diesel::delete(calendar_feeds::table.filter(calendar_feeds::host_id.eq(host_id)))
            .execute(c)?;
        diesel::insert_into(calendar_feeds::table)
            .values((
                calendar_feeds::host_id.eq(host_id),
                calendar_feeds::token_hash.eq(token_hash),
                calendar_feeds::created_at.eq(now),
            ))
            .execute(c)?;
        Ok(())
    })
}

/// When the host's current feed token was made, if there is one.
pub fn feed_created_at(conn: &mut DbConn, host_id: &str) -> Result<Option<i64>, DbError> {
    Ok(calendar_feeds::table
        .filter(calendar_feeds::host_id.eq(host_id))
        .select(calendar_feeds::created_at)
        .first(conn)
        .optional()?)
}

/// The host whose feed token hashes to `token_hash`.
pub fn feed_host(conn: &mut DbConn, token_hash: &str) -> Result<Option<String>, DbError> {
    Ok(calendar_feeds::table
        .filter(calendar_feeds::token_hash.eq(token_hash))
        .select(calendar_feeds::host_id)
        .first(conn)
        .optional()?)
}

/// The host's confirmed bookings ending after `since`, soonest first, `limit` at most.
pub fn feed_bookings(
    conn: &mut DbConn,
    host_id: &str,
    since: i64,
    limit: i64,
) -> Result<Vec<BookingView>, DbError> {
    let rows: Vec<(BookingRow, String, String)> = bookings::table
        .inner_join(agendas::table.inner_join(hosts::table))
        .filter(bookings::host_id.eq(host_id))
        .filter(bookings::status.eq(BookingStatus::Confirmed))
        .filter(bookings::end_at.gt(since))
        .order((bookings::start_at.asc(), bookings::id.asc()))
        .limit(limit)
        .select((BookingRow::as_select(), agendas::title, hosts::name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(booking, agenda_title, host_name)| BookingView {
            booking,
            agenda_title,
            host_name,
            attendance: None,
        })
        .collect())
}

/// How many calendar sources' last sync attempt failed, across every process (for `GET
/// /metrics`).
pub fn failing_count(conn: &mut DbConn) -> Result<i64, DbError> {
    Ok(calendar_sources::table
        .filter(calendar_sources::last_error.is_not_null())
        .count()
        .get_result(conn)?)
}
