//! Webhook events in the outbox: queued for each of the host's webhooks that wants the event
//! (in the booking change's own transaction), delivered by the outbox worker — signed and
//! POSTed (see `integrations::webhook`), every attempt logged for the host.

use chrono::{DateTime, Utc};
use smartcal_db::bookings::BookingView;
use smartcal_db::outbox::{self, Channel, OutboxRow};
use smartcal_db::webhooks::{self, AttemptRow};
use smartcal_db::{DbConn, DbError};
use smartcal_domain::change::Change;
use smartcal_types::{Booking, PreviousTime, WebhookEvent, WebhookEventData, WebhookPayload};
use uuid::Uuid;

use crate::integrations::outbound::Http;
use crate::integrations::webhook::{post, Event};
use crate::state::AppState;

/// The event a change is announced as.
fn event(change: Change) -> WebhookEvent {
    match change {
        Change::Created => WebhookEvent::BookingCreated,
        Change::Cancelled => WebhookEvent::BookingCancelled,
        Change::Rescheduled { .. } => WebhookEvent::BookingRescheduled,
        Change::Requested => WebhookEvent::BookingRequested,
        Change::Confirmed => WebhookEvent::BookingConfirmed,
        Change::Declined => WebhookEvent::BookingDeclined,
    }
}

/// Queues the event for each of the host's webhooks that wants it (inside the change's
/// transaction). `booking` is the host's view of the booking after the change.
pub fn queue(
    c: &mut DbConn,
    v: &BookingView,
    booking: &Booking,
    change: Change,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let previous = change.previous_start().map(|start| PreviousTime {
        start,
        end: start + (booking.end - booking.start),
    });
    queue_event(c, v, booking, event(change), previous, now)
}

/// Queues `event` (with `previous` times for a reschedule) for each of the host's webhooks
/// that wants it, inside the caller's transaction: booking changes through [`queue`], the
/// meeting events of `jobs::attendance` directly.
pub fn queue_event(
    c: &mut DbConn,
    v: &BookingView,
    booking: &Booking,
    event: WebhookEvent,
    previous: Option<PreviousTime>,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let hooks = webhooks::list(c, &v.booking.host_id)?;
    let rows: Vec<OutboxRow> = hooks
        .iter()
        .filter(|w| w.wants(event.as_str()))
        .map(|w| {
            let id = Uuid::new_v4();
            let payload = WebhookPayload {
                id,
                event,
                version: 1,
                created_at: now,
                data: WebhookEventData {
                    booking: Booking {
                        notifications: None,
                        manage_token: None,
                        manage_url: None,
                        ..booking.clone()
                    },
                    previous,
                },
            };
            OutboxRow::pending(
                id.to_string(),
                v.booking.id.clone(),
                Channel::Webhook,
                event.as_str(),
                &w.id,
                serde_json::to_string(&payload).unwrap_or_default(),
                now.timestamp(),
            )
        })
        .collect();
    outbox::insert(c, &rows)
}

/// Why a webhook delivery failed.
#[derive(Debug, thiserror::Error)]
pub enum Failed {
    /// The webhook is gone: no later attempt can succeed.
    #[error("the webhook was deleted")]
    Deleted,
    /// This attempt failed; a later one may not.
    #[error("{0}")]
    Attempt(String),
}

impl Failed {
    /// Whether retrying is pointless.
    pub fn is_permanent(&self) -> bool {
        matches!(self, Failed::Deleted)
    }
}

/// POSTs one queued event to its webhook and logs the attempt.
pub fn deliver(state: &AppState, http: &Http, row: &OutboxRow) -> Result<(), Failed> {
    let database = |e: DbError| Failed::Attempt(format!("database: {e}"));
    let hook = {
        let mut c = state.pool.get().map_err(|e| database(e.into()))?;
        match webhooks::find(&mut c, &row.recipient) {
            Ok(h) => h,
            Err(DbError::NotFound) => return Err(Failed::Deleted),
            Err(e) => return Err(database(e)),
        }
    };
    let t = state.now().timestamp();
    let event = Event {
        name: &row.kind,
        delivery_id: &row.id,
        body: &row.payload,
    };
    let answer = post(http, &hook.url, &hook.secret, event, t);
    let attempt = AttemptRow {
        id: Uuid::new_v4().to_string(),
        delivery_id: row.id.clone(),
        webhook_id: hook.id.clone(),
        attempted_at: t,
        duration_ms: answer.duration_ms,
        status_code: answer.status_code.map(i32::from),
        error: answer.error.clone(),
    };
    if let Err(e) = state
        .pool
        .get()
        .map_err(DbError::from)
        .and_then(|mut c| webhooks::record_attempt(&mut c, &attempt))
    {
        tracing::warn!(delivery = %row.id, error = %e, "cannot log the webhook attempt");
    }
    match answer.error {
        None => Ok(()),
        Some(message) => Err(Failed::Attempt(message)),
    }
}
