//! Password resets (SPEC §15): the links a host asks for by email, and those emails' delivery.
//!
//! A row is one emailed link. Its token is stored only as a SHA-256 hash (it is 256-bit
//! random, like session and manage tokens); it works once ([`consume`]) and until
//! `expires_at`. A host has at most [`MAX_LIVE`] unused, unexpired links at a time: asking for
//! more sends nothing, so the form cannot flood someone's inbox.
//!
//! The row also carries the delivery of its email, shaped like an outbox row (the outbox's rows
//! each belong to a booking, and a reset email has none): the outbox worker of any process
//! claims due ones with a lease ([`claim_mail`]; PostgreSQL `FOR UPDATE SKIP LOCKED`, SQLite's
//! single writer), sends, and records the outcome while the lease is still its own
//! ([`mark_mail_sent`], [`mark_mail_failed`]), so no email goes twice and none is lost when a
//! process dies. The rendered email (with the link) is emptied once sent.

use diesel::prelude::*;

use crate::hosts::lock_host;
use crate::outbox::OutboxState;
use crate::schema::password_resets;
use crate::{write_statement, write_transaction, DbConn, DbError};

/// Unused, unexpired links one host may have at a time.
pub const MAX_LIVE: i64 = 3;

/// How long after expiring a row is kept (an old link then still answers "expired" rather
/// than "unknown"), unless its email is still waiting.
pub const KEEP_AFTER_EXPIRY: i64 = 86_400;

/// One reset link as stored, with its email's delivery.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = password_resets)]
pub struct PasswordResetRow {
    pub id: String,
    pub host_id: String,
    /// SHA-256 of the link's token (hex).
    pub token_hash: String,
    pub created_at: i64,
    pub expires_at: i64,
    /// When the link set a new password; `None`: not used yet.
    pub used_at: Option<i64>,
    /// The rendered email (the server's mail message as JSON); `{}` once sent.
    pub mail_payload: String,
    pub mail_state: OutboxState,
    pub mail_attempts: i32,
    pub mail_next_attempt_at: i64,
    pub mail_lease_owner: Option<String>,
    pub mail_lease_until: Option<i64>,
    pub mail_last_error: Option<String>,
    pub mail_sent_at: Option<i64>,
}

impl PasswordResetRow {
    /// A new link valid until `expires_at`, its email `payload` due at once.
    pub fn new(
        id: String,
        host_id: String,
        token_hash: String,
        payload: String,
        now: i64,
        expires_at: i64,
    ) -> PasswordResetRow {
        PasswordResetRow {
            id,
            host_id,
            token_hash,
            created_at: now,
            expires_at,
            used_at: None,
            mail_payload: payload,
            mail_state: OutboxState::Pending,
            mail_attempts: 0,
            mail_next_attempt_at: now,
            mail_lease_owner: None,
            mail_lease_until: None,
            mail_last_error: None,
            mail_sent_at: None,
        }
    }
}

/// Forgets links long expired whose email is no longer waiting (every host's).
fn sweep(conn: &mut DbConn, now: i64) -> Result<(), DbError> {
    diesel::delete(
        password_resets::table
            .filter(password_resets::expires_at.lt(now - KEEP_AFTER_EXPIRY))
            .filter(password_resets::mail_state.ne(OutboxState::Pending)),
    )
    .execute(conn)?;
    Ok(())
}

/// Stores a new link for its host unless the host already has [`MAX_LIVE`] live ones, in one
/// write transaction under the host's lock (so concurrent requests cannot pass the count);
/// `Ok(false)`: not stored, nothing will be sent. Also sweeps old links.
pub fn create(conn: &mut DbConn, row: &PasswordResetRow) -> Result<bool, DbError> {
    write_transaction(conn, |c| {
        lock_host(c, &row.host_id)?;
        let live: i64 = password_resets::table
            .filter(password_resets::host_id.eq(&row.host_id))
            .filter(password_resets::used_at.is_null())
            .filter(password_resets::expires_at.gt(row.created_at))
            .count()
            .get_result(c)?;
        if live >= MAX_LIVE {
            return Ok(false);
        }
        diesel::insert_into(password_resets::table)
            .values(row)
            .execute(c)?;
        sweep(c, row.created_at)?;
        Ok(true)
    })
}

/// The same write work as [`create`] for an address without an account (the sweep), so an
/// answer takes about as long either way.
pub fn create_nothing(conn: &mut DbConn, now: i64) -> Result<(), DbError> {
    write_transaction(conn, |c| sweep(c, now))
}

/// Why a token cannot reset a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    /// No link has this token.
    Unknown,
    /// The link already set a password.
    Used,
    /// The link is older than its validity.
    Expired,
}

/// Uses the link with this token hash at `now` (once: a second use, or a concurrent one, gets
/// `Used`); `Ok(Ok(host_id))` when it was live. Call inside the transaction that sets the
/// password. Every other live link of that host stops working too.
pub fn consume(
    conn: &mut DbConn,
    token_hash: &str,
    now: i64,
) -> Result<Result<String, Unusable>, DbError> {
    let found: Option<(String, Option<i64>, i64)> = password_resets::table
        .filter(password_resets::token_hash.eq(token_hash))
        .select((
            password_resets::host_id,
            password_resets::used_at,
            password_resets::expires_at,
        ))
        .first(conn)
        .optional()?;
    let Some((host_id, used_at, expires_at)) = found else {
        return Ok(Err(Unusable::Unknown));
    };
    if used_at.is_some() {
        return Ok(Err(Unusable::Used));
    }
    if expires_at <= now {
        return Ok(Err(Unusable::Expired));
    }
    // Conditional: of two concurrent uses, one updates the row and the other finds it used.
    let n = diesel::update(
        password_resets::table
            .filter(password_resets::token_hash.eq(token_hash))
            .filter(password_resets::used_at.is_null()),
    )
    .set(password_resets::used_at.eq(now))
    .execute(conn)?;
    if n != 1 {
        return Ok(Err(Unusable::Used));
    }
    diesel::update(
        password_resets::table
            .filter(password_resets::host_id.eq(&host_id))
            .filter(password_resets::used_at.is_null())
            .filter(password_resets::expires_at.gt(now)),
    )
    .set(password_resets::expires_at.eq(now))
    .execute(conn)?;
    Ok(Ok(host_id))
}

/// Claims up to `limit` due reset emails for `owner` until `now + lease_seconds`, oldest
/// first; emails leased by another worker are skipped until the lease expires.
pub fn claim_mail(
    conn: &mut DbConn,
    owner: &str,
    now: i64,
    lease_seconds: i64,
    limit: i64,
) -> Result<Vec<PasswordResetRow>, DbError> {
    write_transaction(conn, |c| {
        macro_rules! due {
            () => {
                password_resets::table
                    .filter(password_resets::mail_state.eq(OutboxState::Pending))
                    .filter(password_resets::mail_next_attempt_at.le(now))
                    .filter(
                        password_resets::mail_lease_until
                            .is_null()
                            .or(password_resets::mail_lease_until.lt(now)),
                    )
                    .order((
                        password_resets::mail_next_attempt_at.asc(),
                        password_resets::id.asc(),
                    ))
                    .limit(limit)
                    .select(PasswordResetRow::as_select())
            };
        }
        let mut rows: Vec<PasswordResetRow> = match c {
            DbConn::Pg(pg) => due!().for_update().skip_locked().load(pg)?,
            DbConn::Sqlite(lite) => due!().load(lite)?,
        };
        if rows.is_empty() {
            return Ok(rows);
        }
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        diesel::update(password_resets::table.filter(password_resets::id.eq_any(&ids)))
            .set((
                password_resets::mail_lease_owner.eq(owner),
                password_resets::mail_lease_until.eq(now + lease_seconds),
            ))
            .execute(c)?;
        for r in &mut rows {
            r.mail_lease_owner = Some(owner.to_owned());
            r.mail_lease_until = Some(now + lease_seconds);
        }
        Ok(rows)
    })
}

/// Records a sent email and empties its stored copy (it holds the link). `false` when the
/// lease was lost.
pub fn mark_mail_sent(conn: &mut DbConn, id: &str, owner: &str, now: i64) -> Result<bool, DbError> {
    write_statement(conn, |c| {
        let n = diesel::update(
            password_resets::table
                .filter(password_resets::id.eq(id))
                .filter(password_resets::mail_lease_owner.eq(owner))
                .filter(password_resets::mail_state.eq(OutboxState::Pending)),
        )
        .set((
            password_resets::mail_state.eq(OutboxState::Sent),
            password_resets::mail_attempts.eq(password_resets::mail_attempts + 1),
            password_resets::mail_sent_at.eq(now),
            password_resets::mail_payload.eq("{}"),
            password_resets::mail_lease_owner.eq(None::<String>),
            password_resets::mail_lease_until.eq(None::<i64>),
            password_resets::mail_last_error.eq(None::<String>),
        ))
        .execute(c)?;
        Ok(n == 1)
    })
}

/// Records a failed attempt: due again at `retry_at`, or `failed` for good when it is `None`
/// (its stored copy is then emptied too). `false` when the lease was lost.
pub fn mark_mail_failed(
    conn: &mut DbConn,
    id: &str,
    owner: &str,
    error: &str,
    retry_at: Option<i64>,
) -> Result<bool, DbError> {
    write_statement(conn, |c| {
        let target = password_resets::table
            .filter(password_resets::id.eq(id))
            .filter(password_resets::mail_lease_owner.eq(owner))
            .filter(password_resets::mail_state.eq(OutboxState::Pending));
        let attempt = (
            password_resets::mail_attempts.eq(password_resets::mail_attempts + 1),
            password_resets::mail_last_error.eq(error),
            password_resets::mail_lease_owner.eq(None::<String>),
            password_resets::mail_lease_until.eq(None::<i64>),
        );
        let n = match retry_at {
            Some(at) => diesel::update(target)
                .set((attempt, password_resets::mail_next_attempt_at.eq(at)))
                .execute(c)?,
            None => diesel::update(target)
                .set((
                    attempt,
                    password_resets::mail_state.eq(OutboxState::Failed),
                    password_resets::mail_payload.eq("{}"),
                ))
                .execute(c)?,
        };
        Ok(n == 1)
    })
}
