//! Private invites: a link that lets one guest book an agenda once. The token is shown once
//! and stored as its SHA-256 hash; an invite is spent in the booking's own transaction.

use diesel::prelude::*;

use crate::schema::invites;
use crate::{DbConn, DbError};

/// An invite as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = invites)]
pub struct InviteRow {
    pub id: String,
    pub agenda_id: String,
    pub host_id: String,
    pub token_hash: String,
    pub note: String,
    pub expires_at: Option<i64>,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    pub booking_id: Option<String>,
    pub used_at: Option<i64>,
}

/// Why an invite cannot book (any more).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spent {
    /// No invite of this agenda has this token.
    Unknown,
    /// A booking was made with it.
    Used,
    /// Its `expires_at` has passed.
    Expired,
    /// Its host revoked it.
    Revoked,
}

impl InviteRow {
    /// Whether it can book at `now`, or why not.
    pub fn usable(&self, now: i64) -> Result<(), Spent> {
        if self.revoked_at.is_some() {
            Err(Spent::Revoked)
        } else if self.used_at.is_some() {
            Err(Spent::Used)
        } else if self.expires_at.is_some_and(|e| e <= now) {
            Err(Spent::Expired)
        } else {
            Ok(())
        }
    }
}

/// Stores a new invite.
pub fn insert(conn: &mut DbConn, row: &InviteRow) -> Result<(), DbError> {
    diesel::insert_into(invites::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The agenda's invite with this token hash, whatever its state.
pub fn find_by_token(
    conn: &mut DbConn,
    agenda_id: &str,
    token_hash: &str,
) -> Result<Option<InviteRow>, DbError> {
    Ok(invites::table
        .filter(invites::token_hash.eq(token_hash))
        .filter(invites::agenda_id.eq(agenda_id))
        .select(InviteRow::as_select())
        .first(conn)
        .optional()?)
}

/// Whether the agenda has an invite with this token that can book at `now`, or why not.
pub fn check(
    conn: &mut DbConn,
    agenda_id: &str,
    token_hash: &str,
    now: i64,
) -> Result<Result<InviteRow, Spent>, DbError> {
    Ok(match find_by_token(conn, agenda_id, token_hash)? {
        None => Err(Spent::Unknown),
        Some(row) => row.usable(now).map(|()| row),
    })
}

/// Spends an open invite on `booking_id` (inside the booking's transaction). `false` when it
/// was spent, revoked or expired meanwhile: exactly one booking can spend it.
pub fn spend(conn: &mut DbConn, id: &str, booking_id: &str, now: i64) -> Result<bool, DbError> {
    let n = diesel::update(
        invites::table
            .filter(invites::id.eq(id))
            .filter(invites::used_at.is_null())
            .filter(invites::revoked_at.is_null())
            .filter(
                invites::expires_at
                    .is_null()
                    .or(invites::expires_at.gt(now)),
            ),
    )
    .set((invites::used_at.eq(now), invites::booking_id.eq(booking_id)))
    .execute(conn)?;
    Ok(n == 1)
}

/// The agenda's invites that were not revoked, newest first.
pub fn list(conn: &mut DbConn, agenda_id: &str) -> Result<Vec<InviteRow>, DbError> {
    Ok(invites::table
        .filter(invites::agenda_id.eq(agenda_id))
        .filter(invites::revoked_at.is_null())
        .order((invites::created_at.desc(), invites::id.desc()))
        .select(InviteRow::as_select())
        .load(conn)?)
}

/// Revokes one of the agenda's invites (repeating it is harmless); `NotFound` if the agenda
/// has no such invite.
pub fn revoke(conn: &mut DbConn, agenda_id: &str, id: &str, now: i64) -> Result<(), DbError> {
    let exists = invites::table
        .filter(invites::id.eq(id))
        .filter(invites::agenda_id.eq(agenda_id))
        .count()
        .get_result::<i64>(conn)?;
    if exists == 0 {
        return Err(DbError::NotFound);
    }
    diesel::update(
        invites::table
            .filter(invites::id.eq(id))
            .filter(invites::revoked_at.is_null()),
    )
    .set(invites::revoked_at.eq(now))
    .execute(conn)?;
    Ok(())
}

/// How many invites the agenda has that were not revoked (they are capped per agenda).
pub fn count_live(conn: &mut DbConn, agenda_id: &str) -> Result<i64, DbError> {
    Ok(invites::table
        .filter(invites::agenda_id.eq(agenda_id))
        .filter(invites::revoked_at.is_null())
        .count()
        .get_result(conn)?)
}
