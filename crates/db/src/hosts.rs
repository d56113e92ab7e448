//! Hosts, their login sessions and their integrator API keys.

use diesel::prelude::*;

use crate::schema::{api_keys, hosts, sessions};
use crate::{DbConn, DbError};

/// A host account as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = hosts)]
pub struct HostRow {
    pub id: String,
    pub email: String,
    pub name: String,
    pub slug: String,
    pub time_zone: String,
    pub password_hash: String,
    pub created_at: i64,
    /// When an operator disabled the account (`smartcal admin disable-host`); `None`: active.
    pub disabled_at: Option<i64>,
    /// The language of the dashboard and the host's emails (`en`, `de-AT`, …).
    pub locale: String,
}

/// A login session; the cookie holds the token, the table only its hash.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub token_hash: String,
    pub host_id: String,
    pub created_at: i64,
    pub expires_at: i64,
}

/// An integrator key; the table only holds its hash.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_keys)]
pub struct ApiKeyRow {
    pub id: String,
    pub host_id: String,
    pub name: String,
    pub prefix: String,
    pub key_hash: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// Stores a new host. An email or slug already taken is a [`DbError::Conflict`].
pub fn insert(conn: &mut DbConn, host: &HostRow) -> Result<(), DbError> {
    diesel::insert_into(hosts::table)
        .values(host)
        .execute(conn)?;
    Ok(())
}

/// The host with this id.
pub fn find(conn: &mut DbConn, id: &str) -> Result<HostRow, DbError> {
    Ok(hosts::table
        .find(id)
        .select(HostRow::as_select())
        .get_result(conn)?)
}

/// The host with this (lowercased) email, if any.
pub fn find_by_email(conn: &mut DbConn, email: &str) -> Result<Option<HostRow>, DbError> {
    Ok(hosts::table
        .filter(hosts::email.eq(email))
        .select(HostRow::as_select())
        .get_result(conn)
        .optional()?)
}

/// The host with this public slug, if any (disabled ones too: callers decide).
pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> Result<Option<HostRow>, DbError> {
    Ok(hosts::table
        .filter(hosts::slug.eq(slug))
        .select(HostRow::as_select())
        .get_result(conn)
        .optional()?)
}

/// Whether a slug is taken.
pub fn slug_exists(conn: &mut DbConn, slug: &str) -> Result<bool, DbError> {
    let n: i64 = hosts::table
        .filter(hosts::slug.eq(slug))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The first free slug of `base`, `base-2`, `base-3`… (up to `base-999`); `None` when all are
/// taken.
pub fn free_slug(conn: &mut DbConn, base: &str) -> Result<Option<String>, DbError> {
    for n in 1..1000 {
        let s = if n == 1 {
            base.to_owned()
        } else {
            format!("{base}-{n}")
        };
        if !slug_exists(conn, &s)? {
            return Ok(Some(s));
        }
    }
    Ok(None)
}

/// Serialises writers per host for the rest of the transaction: PostgreSQL takes the host row's
/// lock (`FOR UPDATE`), so two processes booking for one host queue here; SQLite already holds
/// the database's single write lock (`BEGIN IMMEDIATE`, see [`crate::write_transaction`]).
pub fn lock_host(conn: &mut DbConn, host_id: &str) -> Result<(), DbError> {
    match conn {
        DbConn::Pg(pg) => {
            hosts::table
                .find(host_id)
                .select(hosts::id)
                .for_update()
                .first::<String>(pg)?;
        }
        DbConn::Sqlite(_) => {
            hosts::table
                .find(host_id)
                .select(hosts::id)
                .first::<String>(conn)?;
        }
    }
    Ok(())
}

/// Stores a session.
pub fn insert_session(conn: &mut DbConn, session: &SessionRow) -> Result<(), DbError> {
    diesel::insert_into(sessions::table)
        .values(session)
        .execute(conn)?;
    Ok(())
}

/// The host a live session belongs to (none for a disabled host).
pub fn find_by_session(
    conn: &mut DbConn,
    token_hash: &str,
    now: i64,
) -> Result<Option<HostRow>, DbError> {
    Ok(sessions::table
        .inner_join(hosts::table)
        .filter(sessions::token_hash.eq(token_hash))
        .filter(sessions::expires_at.gt(now))
        .filter(hosts::disabled_at.is_null())
        .select(HostRow::as_select())
        .get_result(conn)
        .optional()?)
}

/// Ends a session (logout); also sweeps the host's expired sessions.
pub fn delete_session(conn: &mut DbConn, token_hash: &str, now: i64) -> Result<(), DbError> {
    diesel::delete(sessions::table.filter(sessions::token_hash.eq(token_hash))).execute(conn)?;
    diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)?;
    Ok(())
}

/// Stores a new API key.
pub fn insert_api_key(conn: &mut DbConn, key: &ApiKeyRow) -> Result<(), DbError> {
    diesel::insert_into(api_keys::table)
        .values(key)
        .execute(conn)?;
    Ok(())
}

/// The host's keys that are not revoked, newest first.
pub fn list_api_keys(conn: &mut DbConn, host_id: &str) -> Result<Vec<ApiKeyRow>, DbError> {
    Ok(api_keys::table
        .filter(api_keys::host_id.eq(host_id))
        .filter(api_keys::revoked_at.is_null())
        .order((api_keys::created_at.desc(), api_keys::id.desc()))
        .select(ApiKeyRow::as_select())
        .load(conn)?)
}

/// Revokes one of the host's keys; `NotFound` if it is not theirs or already revoked.
pub fn revoke_api_key(conn: &mut DbConn, host_id: &str, id: &str, now: i64) -> Result<(), DbError> {
    let n = diesel::update(
        api_keys::table
            .filter(api_keys::id.eq(id))
            .filter(api_keys::host_id.eq(host_id))
            .filter(api_keys::revoked_at.is_null()),
    )
    .set(api_keys::revoked_at.eq(now))
    .execute(conn)?;
    if n == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}

/// The host a live key belongs to (none for a disabled host); records the use (at most once
/// a minute, to spare writes).
pub fn find_by_api_key(
    conn: &mut DbConn,
    key_hash: &str,
    now: i64,
) -> Result<Option<HostRow>, DbError> {
    let found: Option<(String, Option<i64>, HostRow)> = api_keys::table
        .inner_join(hosts::table)
        .filter(api_keys::key_hash.eq(key_hash))
        .filter(api_keys::revoked_at.is_null())
        .filter(hosts::disabled_at.is_null())
        .select((api_keys::id, api_keys::last_used_at, HostRow::as_select()))
        .get_result(conn)
        .optional()?;
    let Some((key_id, last_used, host)) = found else {
        return Ok(None);
    };
    if last_used.is_none_or(|t| now - t >= 60) {
        diesel::update(api_keys::table.find(&key_id))
            .set(api_keys::last_used_at.eq(now))
            .execute(conn)?;
    }
    Ok(Some(host))
}

/// Every host, oldest first (for the operator's `smartcal admin list-hosts`).
pub fn list_all(conn: &mut DbConn) -> Result<Vec<HostRow>, DbError> {
    Ok(hosts::table
        .order((hosts::created_at.asc(), hosts::id.asc()))
        .select(HostRow::as_select())
        .load(conn)?)
}

/// The host an operator names by email (any case), slug or id.
pub fn find_by_handle(conn: &mut DbConn, handle: &str) -> Result<Option<HostRow>, DbError> {
    let email = handle.trim().to_lowercase();
    Ok(hosts::table
        .filter(
            hosts::email
                .eq(email)
                .or(hosts::slug.eq(handle))
                .or(hosts::id.eq(handle)),
        )
        .select(HostRow::as_select())
        .first(conn)
        .optional()?)
}

/// Disables (`Some(now)`) or enables (`None`) a host. Disabling also ends every session of
/// theirs; API keys are kept (they work again once the host is enabled).
/// Changes a host's own settings (`PATCH /me`); `None` leaves a value as it is.
pub fn update_settings(
    conn: &mut DbConn,
    id: &str,
    name: Option<&str>,
    time_zone: Option<&str>,
    locale: Option<&str>,
) -> Result<(), DbError> {
    conn.transaction(|c| {
        if let Some(name) = name {
            diesel::update(hosts::table.find(id))
                .set(hosts::name.eq(name))
                .execute(c)?;
        }
        if let Some(time_zone) = time_zone {
            diesel::update(hosts::table.find(id))
                .set(hosts::time_zone.eq(time_zone))
                .execute(c)?;
        }
        if let Some(locale) = locale {
            diesel::update(hosts::table.find(id))
                .set(hosts::locale.eq(locale))
                .execute(c)?;
        }
        Ok(())
    })
}

pub fn set_disabled(conn: &mut DbConn, id: &str, at: Option<i64>) -> Result<(), DbError> {
    let n = diesel::update(hosts::table.find(id))
        .set(hosts::disabled_at.eq(at))
        .execute(conn)?;
    if n == 0 {
        return Err(DbError::NotFound);
    }
    if at.is_some() {
        end_sessions(conn, id, None)?;
    }
    Ok(())
}

/// Replaces a host's password hash and ends every session of theirs but `keep` (a token hash:
/// the session that changed it), as the old password may be known to someone else.
pub fn set_password_hash(
    conn: &mut DbConn,
    id: &str,
    hash: &str,
    keep: Option<&str>,
) -> Result<(), DbError> {
    let n = diesel::update(hosts::table.find(id))
        .set(hosts::password_hash.eq(hash))
        .execute(conn)?;
    if n == 0 {
        return Err(DbError::NotFound);
    }
    end_sessions(conn, id, keep)
}

/// Logs the host out everywhere but the session `keep` (a token hash), if given.
pub fn end_sessions(conn: &mut DbConn, host_id: &str, keep: Option<&str>) -> Result<(), DbError> {
    let theirs = sessions::table.filter(sessions::host_id.eq(host_id));
    match keep {
        Some(k) => diesel::delete(theirs.filter(sessions::token_hash.ne(k))).execute(conn)?,
        None => diesel::delete(theirs).execute(conn)?,
    };
    Ok(())
}
