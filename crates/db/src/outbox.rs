//! The durable outbox: messages written in the booking change's own transaction and delivered
//! later by a worker, in this process or any other.
//!
//! A worker claims due rows by writing a lease (`lease_owner`, `lease_until`) in a short write
//! transaction — on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so concurrent workers never claim
//! the same row; on SQLite the single writer (`BEGIN IMMEDIATE`) serialises claims. Results are
//! recorded only while the lease is still the worker's own. A row whose worker died is claimed
//! again once its lease has expired.

use diesel::prelude::*;

use crate::schema::outbox;
use crate::{write_statement, write_transaction, DbConn, DbError};

/// A row's delivery state: `pending` (waiting for delivery or its next attempt), `sent`, or
/// `failed` (given up after the last attempt; `last_error` says why).
pub use smartcal_types::NotificationState as OutboxState;

/// How a row is delivered; each channel has its worker code in the server's `jobs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum Channel {
    /// A booking email to the host or the guest (`recipient` is `host` or `guest`).
    Email,
    /// A signed POST to a host's webhook (`recipient` is the webhook's id).
    Webhook,
    /// Writing the booking into a host's CalDAV calendar (`recipient` is the calendar's id).
    Caldav,
}

impl Channel {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Webhook => "webhook",
            Channel::Caldav => "caldav",
        }
    }

    /// The channel a stored name stands for.
    pub fn from_name(name: &str) -> Option<Channel> {
        [Channel::Email, Channel::Webhook, Channel::Caldav]
            .into_iter()
            .find(|c| c.as_str() == name)
    }
}

smartcal_types::stored_as_text!(Channel);

/// One message to deliver.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: String,
    pub booking_id: String,
    /// How it is delivered.
    pub channel: Channel,
    /// What happened: a notification kind (`confirmation`, `cancellation`, `reschedule`) or
    /// a webhook event (`booking.created`…).
    pub kind: String,
    /// Who it is for: `host` or `guest` (email), a webhook or calendar id.
    pub recipient: String,
    /// The channel's message, as JSON; emptied once sent.
    pub payload: String,
    pub state: OutboxState,
    pub attempts: i32,
    pub next_attempt_at: i64,
    pub lease_owner: Option<String>,
    pub lease_until: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

impl OutboxRow {
    /// A new pending row, due at once.
    pub fn pending(
        id: String,
        booking_id: String,
        channel: Channel,
        kind: &str,
        recipient: &str,
        payload: String,
        now: i64,
    ) -> OutboxRow {
        OutboxRow {
            id,
            booking_id,
            channel,
            kind: kind.to_owned(),
            recipient: recipient.to_owned(),
            payload,
            state: OutboxState::Pending,
            attempts: 0,
            next_attempt_at: now,
            lease_owner: None,
            lease_until: None,
            last_error: None,
            created_at: now,
            sent_at: None,
        }
    }
}

/// Stores new rows (call inside the booking change's transaction).
pub fn insert(conn: &mut DbConn, rows: &[OutboxRow]) -> Result<(), DbError> {
    if rows.is_empty() {
        return Ok(());
    }
    // One statement for all rows: the multi-backend connection has no batch insert, each
    // backend's own connection has.
    match conn {
        DbConn::Pg(pg) => diesel::insert_into(outbox::table)
            .values(rows)
            .execute(pg)?,
        DbConn::Sqlite(lite) => diesel::insert_into(outbox::table)
            .values(rows)
            .execute(lite)?,
    };
    Ok(())
}

/// Claims up to `limit` due rows (of every channel) for `owner` until `now + lease_seconds`,
/// oldest first, and returns them. Rows leased by another worker are skipped until the lease
/// expires.
pub fn claim(
    conn: &mut DbConn,
    owner: &str,
    now: i64,
    lease_seconds: i64,
    limit: i64,
) -> Result<Vec<OutboxRow>, DbError> {
    write_transaction(conn, |c| {
        // A macro, not a value: the query's `as_select` is typed per backend.
        macro_rules! due {
            () => {
                outbox::table
                    .filter(outbox::state.eq(OutboxState::Pending))
                    .filter(outbox::next_attempt_at.le(now))
                    .filter(
                        outbox::lease_until
                            .is_null()
                            .or(outbox::lease_until.lt(now)),
                    )
                    .order((outbox::next_attempt_at.asc(), outbox::id.asc()))
                    .limit(limit)
                    .select(OutboxRow::as_select())
            };
        }
        let mut rows: Vec<OutboxRow> = match c {
            DbConn::Pg(pg) => due!().for_update().skip_locked().load(pg)?,
            DbConn::Sqlite(lite) => due!().load(lite)?,
        };
        if rows.is_empty() {
            return Ok(rows);
        }
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
            .set((
                outbox::lease_owner.eq(owner),
                outbox::lease_until.eq(now + lease_seconds),
            ))
            .execute(c)?;
        for r in &mut rows {
            r.lease_owner = Some(owner.to_owned());
            r.lease_until = Some(now + lease_seconds);
        }
        Ok(rows)
    })
}

/// Records a delivery. `false` when the lease was lost (another worker took the row over).
/// `keep_payload` keeps the message for redelivery (webhooks); emails drop theirs (they hold
/// the guest's manage link).
pub fn mark_sent(
    conn: &mut DbConn,
    id: &str,
    owner: &str,
    now: i64,
    keep_payload: bool,
) -> Result<bool, DbError> {
    write_statement(conn, |c| {
        let target = outbox::table
            .filter(outbox::id.eq(id))
            .filter(outbox::lease_owner.eq(owner))
            .filter(outbox::state.eq(OutboxState::Pending));
        let sent = (
            outbox::state.eq(OutboxState::Sent),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::sent_at.eq(now),
            outbox::lease_owner.eq(None::<String>),
            outbox::lease_until.eq(None::<i64>),
            outbox::last_error.eq(None::<String>),
        );
        let n = if keep_payload {
            diesel::update(target).set(sent).execute(c)?
        } else {
            diesel::update(target)
                .set((sent, outbox::payload.eq("{}")))
                .execute(c)?
        };
        Ok(n == 1)
    })
}

/// Records a failed attempt: due again at `retry_at`, or `failed` for good when it is `None`.
/// `false` when the lease was lost.
pub fn mark_attempt_failed(
    conn: &mut DbConn,
    id: &str,
    owner: &str,
    error: &str,
    retry_at: Option<i64>,
) -> Result<bool, DbError> {
    write_statement(conn, |c| {
        let target = outbox::table
            .filter(outbox::id.eq(id))
            .filter(outbox::lease_owner.eq(owner))
            .filter(outbox::state.eq(OutboxState::Pending));
        let n = diesel::update(target)
            .set((
                outbox::state.eq(if retry_at.is_some() {
                    OutboxState::Pending
                } else {
                    OutboxState::Failed
                }),
                outbox::attempts.eq(outbox::attempts + 1),
                outbox::next_attempt_at.eq(retry_at.unwrap_or(0)),
                outbox::last_error.eq(error),
                outbox::lease_owner.eq(None::<String>),
                outbox::lease_until.eq(None::<i64>),
            ))
            .execute(c)?;
        Ok(n == 1)
    })
}

/// One row.
pub fn find(conn: &mut DbConn, id: &str) -> Result<OutboxRow, DbError> {
    Ok(outbox::table
        .filter(outbox::id.eq(id))
        .select(OutboxRow::as_select())
        .first(conn)?)
}

/// Makes a delivered or failed row due again now, with a fresh attempt budget (a manual
/// redelivery). Rows still pending are left alone: they are already on their way.
pub fn requeue(conn: &mut DbConn, id: &str, now: i64) -> Result<bool, DbError> {
    let n = diesel::update(
        outbox::table
            .filter(outbox::id.eq(id))
            .filter(outbox::state.ne(OutboxState::Pending)),
    )
    .set((
        outbox::state.eq(OutboxState::Pending),
        outbox::attempts.eq(0),
        outbox::next_attempt_at.eq(now),
        outbox::sent_at.eq(None::<i64>),
        outbox::lease_owner.eq(None::<String>),
        outbox::lease_until.eq(None::<i64>),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// The `channel` rows of these bookings without their payloads, oldest first.
pub fn for_bookings(
    conn: &mut DbConn,
    channel: Channel,
    booking_ids: &[String],
) -> Result<Vec<OutboxRow>, DbError> {
    if booking_ids.is_empty() {
        return Ok(vec![]);
    }
    // The channel is filtered here, not in SQL: with `channel = ?` in the query SQLite prefers
    // the (channel, recipient, created_at) index and scans every email ever sent.
    let rows: Vec<OutboxRow> = outbox::table
        .filter(outbox::booking_id.eq_any(booking_ids))
        .order((outbox::created_at.asc(), outbox::id.asc()))
        .select(OutboxRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|r| r.channel == channel)
        .map(|r| OutboxRow {
            payload: String::new(),
            ..r
        })
        .collect())
}

/// Every row of one booking with its payload, oldest first.
pub fn of_booking(conn: &mut DbConn, booking_id: &str) -> Result<Vec<OutboxRow>, DbError> {
    Ok(outbox::table
        .filter(outbox::booking_id.eq(booking_id))
        .order((outbox::created_at.asc(), outbox::id.asc()))
        .select(OutboxRow::as_select())
        .load(conn)?)
}

/// Replaces one row's stored message (erasing the personal data in it).
pub fn replace_payload(conn: &mut DbConn, id: &str, payload: &str) -> Result<(), DbError> {
    diesel::update(outbox::table.filter(outbox::id.eq(id)))
        .set(outbox::payload.eq(payload))
        .execute(conn)?;
    Ok(())
}

/// Erases the stored copies of one booking's emails: every payload (the rendered message
/// with names, addresses, notes and the manage link) becomes `{}`, and an email still waiting
/// is `failed` with `reason` instead of being sent later. Returns how many emails it touched.
pub fn erase_emails(conn: &mut DbConn, booking_id: &str, reason: &str) -> Result<usize, DbError> {
    let (pending, all): (Vec<OutboxRow>, Vec<OutboxRow>) = of_booking(conn, booking_id)?
        .into_iter()
        .filter(|r| r.channel == Channel::Email)
        .partition(|r| r.state == OutboxState::Pending);
    let pending: Vec<&str> = pending.iter().map(|r| r.id.as_str()).collect();
    if !pending.is_empty() {
        diesel::update(outbox::table.filter(outbox::id.eq_any(&pending)))
            .set((
                outbox::state.eq(OutboxState::Failed),
                outbox::payload.eq("{}"),
                outbox::last_error.eq(reason),
                outbox::lease_owner.eq(None::<String>),
                outbox::lease_until.eq(None::<i64>),
            ))
            .execute(conn)?;
    }
    let done: Vec<&str> = all
        .iter()
        .filter(|r| r.payload != "{}")
        .map(|r| r.id.as_str())
        .collect();
    if !done.is_empty() {
        diesel::update(outbox::table.filter(outbox::id.eq_any(&done)))
            .set(outbox::payload.eq("{}"))
            .execute(conn)?;
    }
    Ok(pending.len() + all.len())
}

/// When the booking's emails of these `kinds` to `recipient` were queued, at `since` or
/// later, oldest first (how often a booking's changes mailed someone lately).
pub fn email_times_since(
    conn: &mut DbConn,
    booking_id: &str,
    recipient: &str,
    kinds: &[&str],
    since: i64,
) -> Result<Vec<i64>, DbError> {
    // By booking only (its index), the rest filtered here: a booking has a handful of rows.
    let rows: Vec<(Channel, String, String, i64)> = outbox::table
        .filter(outbox::booking_id.eq(booking_id))
        .filter(outbox::created_at.ge(since))
        .order(outbox::created_at.asc())
        .select((
            outbox::channel,
            outbox::recipient,
            outbox::kind,
            outbox::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(c, r, k, _)| {
            *c == Channel::Email && r == recipient && kinds.contains(&k.as_str())
        })
        .map(|(_, _, _, at)| at)
        .collect())
}

/// How many rows of one channel wait in one state, and since when (for `GET /metrics`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backlog {
    /// The channel.
    pub channel: Channel,
    /// `pending` or `failed`.
    pub state: OutboxState,
    /// How many rows.
    pub rows: i64,
    /// The oldest row's `created_at`.
    pub oldest_created_at: Option<i64>,
}

/// The undelivered rows (pending and failed) of every process, per channel and state.
pub fn backlog(conn: &mut DbConn) -> Result<Vec<Backlog>, DbError> {
    use diesel::dsl::{count_star, min};
    let rows: Vec<(Channel, OutboxState, i64, Option<i64>)> = outbox::table
        .filter(outbox::state.eq_any([OutboxState::Pending, OutboxState::Failed]))
        .group_by((outbox::channel, outbox::state))
        .select((
            outbox::channel,
            outbox::state,
            count_star(),
            min(outbox::created_at),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(channel, state, rows, oldest_created_at)| Backlog {
            channel,
            state,
            rows,
            oldest_created_at,
        })
        .collect())
}

/// Deletes the booking's pending `channel` rows of `kind` (reminders a cancel, decline or
/// reschedule withdraws), also one a worker holds a lease on: its result is then not recorded,
/// and a dead worker's lease cannot bring it back. Returns how many it deleted.
pub fn remove_pending(
    conn: &mut DbConn,
    booking_id: &str,
    channel: Channel,
    kind: &str,
) -> Result<usize, DbError> {
    // By booking (its index); a booking has a handful of rows.
    Ok(diesel::delete(
        outbox::table
            .filter(outbox::booking_id.eq(booking_id))
            .filter(outbox::channel.eq(channel))
            .filter(outbox::kind.eq(kind))
            .filter(outbox::state.eq(OutboxState::Pending)),
    )
    .execute(conn)?)
}
