//! Failed logins by account and client, counted in the database so that every process of a
//! cluster sees the same count and concurrent guesses cannot slip past it: an attempt is
//! *reserved* (counted as a failure) before its password is checked, in one write transaction
//! per account and client, and a successful login clears the count.

use diesel::prelude::*;

use crate::schema::login_attempts;
use crate::{write_transaction, DbConn, DbError};

/// How long after its last attempt a count is forgotten (seconds).
pub const FORGET_AFTER: i64 = 86_400;

enum Refused {
    Db(DbError),
    Wait(i64),
}

impl From<DbError> for Refused {
    fn from(e: DbError) -> Self {
        Refused::Db(e)
    }
}

impl From<diesel::result::Error> for Refused {
    fn from(e: diesel::result::Error) -> Self {
        Refused::Db(e.into())
    }
}

/// Counts one login attempt of `account` from `client` at `now`, unless the attempts so far
/// ask it to wait: `wait(failures so far)` is how many seconds after the last attempt the next
/// may come. `Ok(Err(seconds))`: refused, try again in that many seconds (nothing counted).
pub fn reserve(
    conn: &mut DbConn,
    account: &str,
    client: &str,
    now: i64,
    wait: impl Fn(i32) -> i64,
) -> Result<Result<(), i64>, DbError> {
    // Two first attempts at once on PostgreSQL can both find no row; the second insert then
    // conflicts, and its retry finds (and locks) the row.
    for _ in 0..2 {
        let result = write_transaction(conn, |c| {
            let key = login_attempts::table.find((account, client));
            let row: Option<(i32, i64)> = match c {
                DbConn::Pg(pg) => key
                    .select((login_attempts::failures, login_attempts::last_at))
                    .for_update()
                    .first(pg)
                    .optional()?,
                DbConn::Sqlite(_) => key
                    .select((login_attempts::failures, login_attempts::last_at))
                    .first(c)
                    .optional()?,
            };
            let (failures, last_at) = row
                .filter(|&(_, at)| now - at < FORGET_AFTER)
                .unwrap_or((0, 0));
            let until = last_at + wait(failures);
            if failures > 0 && now < until {
                return Err(Refused::Wait(until - now));
            }
            if row.is_some() {
                diesel::update(key)
                    .set((
                        login_attempts::failures.eq(failures + 1),
                        login_attempts::last_at.eq(now),
                    ))
                    .execute(c)?;
            } else {
                diesel::insert_into(login_attempts::table)
                    .values((
                        login_attempts::account.eq(account),
                        login_attempts::client.eq(client),
                        login_attempts::failures.eq(1),
                        login_attempts::last_at.eq(now),
                    ))
                    .execute(c)?;
            }
            Ok(())
        });
        match result {
            Ok(()) => return Ok(Ok(())),
            Err(Refused::Wait(s)) => return Ok(Err(s)),
            Err(Refused::Db(DbError::Conflict(_))) => continue,
            Err(Refused::Db(e)) => return Err(e),
        }
    }
    Err(DbError::Unavailable(
        "login attempts: the count kept changing; try again".into(),
    ))
}

/// A successful login: forgets the count of `account` from `client`, and every count
/// untouched for [`FORGET_AFTER`].
pub fn clear(conn: &mut DbConn, account: &str, client: &str, now: i64) -> Result<(), DbError> {
    diesel::delete(login_attempts::table.find((account, client))).execute(conn)?;
    diesel::delete(login_attempts::table.filter(login_attempts::last_at.lt(now - FORGET_AFTER)))
        .execute(conn)?;
    Ok(())
}
