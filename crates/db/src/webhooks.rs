//! Integrators' webhooks and the log of every delivery attempt. The deliveries themselves are
//! outbox rows (channel `webhook`, recipient = the webhook's id, kind = the event).

use diesel::prelude::*;

use crate::outbox::{Channel, OutboxRow};
use crate::{DbConn, DbError};

diesel::table! {
    webhooks (id) {
        id -> Text,
        host_id -> Text,
        url -> Text,
        secret -> Text,
        events -> Text,
        description -> Text,
        created_at -> BigInt,
        consecutive_failures -> Integer,
        last_success_at -> Nullable<BigInt>,
        last_failure_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Text,
        delivery_id -> Text,
        webhook_id -> Text,
        attempted_at -> BigInt,
        duration_ms -> BigInt,
        status_code -> Nullable<Integer>,
        error -> Nullable<Text>,
    }
}

/// A webhook as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhooks)]
pub struct WebhookRow {
    pub id: String,
    pub host_id: String,
    pub url: String,
    pub secret: String,
    /// Comma-separated event names.
    pub events: String,
    pub description: String,
    pub created_at: i64,
    pub consecutive_failures: i32,
    pub last_success_at: Option<i64>,
    pub last_failure_at: Option<i64>,
}

impl WebhookRow {
    /// Whether it wants `event`.
    pub fn wants(&self, event: &str) -> bool {
        self.events.split(',').any(|e| e == event)
    }
}

/// One delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_attempts)]
pub struct AttemptRow {
    pub id: String,
    pub delivery_id: String,
    pub webhook_id: String,
    pub attempted_at: i64,
    pub duration_ms: i64,
    pub status_code: Option<i32>,
    pub error: Option<String>,
}

/// Stores a new webhook.
pub fn insert(conn: &mut DbConn, row: &WebhookRow) -> Result<(), DbError> {
    diesel::insert_into(webhooks::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The host's webhooks, oldest first.
pub fn list(conn: &mut DbConn, host_id: &str) -> Result<Vec<WebhookRow>, DbError> {
    Ok(webhooks::table
        .filter(webhooks::host_id.eq(host_id))
        .order((webhooks::created_at.asc(), webhooks::id.asc()))
        .select(WebhookRow::as_select())
        .load(conn)?)
}

/// One webhook.
pub fn find(conn: &mut DbConn, id: &str) -> Result<WebhookRow, DbError> {
    Ok(webhooks::table
        .filter(webhooks::id.eq(id))
        .select(WebhookRow::as_select())
        .first(conn)?)
}

/// One webhook of this host.
pub fn find_for_host(conn: &mut DbConn, host_id: &str, id: &str) -> Result<WebhookRow, DbError> {
    Ok(webhooks::table
        .filter(webhooks::id.eq(id))
        .filter(webhooks::host_id.eq(host_id))
        .select(WebhookRow::as_select())
        .first(conn)?)
}

/// Deletes one of the host's webhooks; its pending deliveries fail as "webhook deleted".
pub fn delete(conn: &mut DbConn, host_id: &str, id: &str) -> Result<(), DbError> {
    let n = diesel::delete(
        webhooks::table
            .filter(webhooks::id.eq(id))
            .filter(webhooks::host_id.eq(host_id)),
    )
    .execute(conn)?;
    if n == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}

/// Logs an attempt and updates the webhook's health: a success resets the failure count.
pub fn record_attempt(conn: &mut DbConn, attempt: &AttemptRow) -> Result<(), DbError> {
    diesel::insert_into(webhook_attempts::table)
        .values(attempt)
        .execute(conn)?;
    let target = webhooks::table.filter(webhooks::id.eq(&attempt.webhook_id));
    if attempt.error.is_none() {
        diesel::update(target)
            .set((
                webhooks::consecutive_failures.eq(0),
                webhooks::last_success_at.eq(attempt.attempted_at),
            ))
            .execute(conn)?;
    } else {
        diesel::update(target)
            .set((
                webhooks::consecutive_failures.eq(webhooks::consecutive_failures + 1),
                webhooks::last_failure_at.eq(attempt.attempted_at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The webhook's latest deliveries (newest first, at most `limit`), each with its attempts
/// (oldest first).
pub fn deliveries(
    conn: &mut DbConn,
    webhook_id: &str,
    limit: i64,
) -> Result<Vec<(OutboxRow, Vec<AttemptRow>)>, DbError> {
    use crate::schema::outbox;
    let rows: Vec<OutboxRow> = outbox::table
        .filter(outbox::channel.eq(Channel::Webhook))
        .filter(outbox::recipient.eq(webhook_id))
        .order((outbox::created_at.desc(), outbox::id.desc()))
        .limit(limit)
        .select(OutboxRow::as_select())
        .load(conn)?;
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let attempts: Vec<AttemptRow> = webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq_any(&ids))
        .order((
            webhook_attempts::attempted_at.asc(),
            webhook_attempts::id.asc(),
        ))
        .select(AttemptRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mine = attempts
                .iter()
                .filter(|a| a.delivery_id == r.id)
                .cloned()
                .collect();
            (r, mine)
        })
        .collect())
}
