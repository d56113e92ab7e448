//! Webhooks: booking events queued in the outbox (in the booking change's own transaction),
//! signed and POSTed by the outbox worker, every attempt logged.
//!
//! Signature: `SmartCal-Signature: t={unix},v1={hex HMAC-SHA256(secret, "{t}.{body}")}`; the
//! receiver recomputes it over the raw body and rejects old timestamps (see [`verify`]).

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use smartcal_db::bookings::BookingView;
use smartcal_db::outbox::{self, OutboxRow};
pub use smartcal_db::webhooks::CHANNEL;
use smartcal_db::webhooks::{self, AttemptRow, WebhookRow};
use smartcal_db::{DbConn, DbError};
use smartcal_types::{
    Booking, PreviousTime, Webhook, WebhookEvent, WebhookEventData, WebhookPayload,
};
use uuid::Uuid;

use crate::mail::Change;
use crate::state::AppState;
use crate::time::from_unix;

/// A webhook counts as failing after this many failed attempts in a row.
pub const FAILING_AFTER: i32 = 3;

/// The `SmartCal-Signature` value for `body` sent at `t`.
pub fn signature(secret: &str, t: i64, body: &str) -> String {
    format!(
        "t={t},v1={}",
        hex::encode(mac(secret, t, body).finalize().into_bytes())
    )
}

/// HMAC-SHA256 under `secret` over `"{t}.{body}"`, ready to finalize or verify.
fn mac(secret: &str, t: i64, body: &str) -> Hmac<Sha256> {
    // HMAC takes keys of any length: `new_from_slice` cannot fail for it.
    let mut m = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key");
    m.update(format!("{t}.{body}").as_bytes());
    m
}

/// Checks a `SmartCal-Signature` header the way a receiver should: the MAC over
/// `"{t}.{body}"` matches (in constant time) and `t` is within `tolerance` of `now`.
pub fn verify(secret: &str, header: &str, body: &str, now: i64, tolerance: Duration) -> bool {
    let mut t = None;
    let mut v1 = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => v1 = hex::decode(v).ok(),
            _ => {}
        }
    }
    let (Some(t), Some(given)) = (t, v1) else {
        return false;
    };
    if now.abs_diff(t) > tolerance.as_secs() {
        return false;
    }
    mac(secret, t, body).verify_slice(&given).is_ok()
}

/// The API view of a stored webhook.
pub fn view(w: &WebhookRow) -> Webhook {
    Webhook {
        id: Uuid::parse_str(&w.id).unwrap_or_default(),
        url: w.url.clone(),
        events: w
            .events
            .split(',')
            .filter_map(WebhookEvent::from_name)
            .collect(),
        description: w.description.clone(),
        created_at: from_unix(w.created_at),
        consecutive_failures: w.consecutive_failures.max(0) as u32,
        failing: w.consecutive_failures >= FAILING_AFTER,
        last_success_at: w.last_success_at.map(from_unix),
        last_failure_at: w.last_failure_at.map(from_unix),
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
    let (event, previous) = match change {
        Change::Created => (WebhookEvent::BookingCreated, None),
        Change::Cancelled => (WebhookEvent::BookingCancelled, None),
        Change::Rescheduled { previous_start } => (
            WebhookEvent::BookingRescheduled,
            Some(PreviousTime {
                start: previous_start,
                end: previous_start + (booking.end - booking.start),
            }),
        ),
    };
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
                CHANNEL,
                event.as_str(),
                &w.id,
                serde_json::to_string(&payload).unwrap_or_default(),
                now.timestamp(),
            )
        })
        .collect();
    outbox::insert(c, &rows)
}

/// Why one delivery attempt failed.
#[derive(Debug)]
pub struct AttemptFailed {
    pub message: String,
    /// No later attempt can succeed (the webhook was deleted).
    pub permanent: bool,
}

/// POSTs one queued event to its webhook and logs the attempt. A 2xx answer is success;
/// anything else (other status, timeout, refused connection) is retried by the worker.
pub fn deliver(
    state: &AppState,
    http: &reqwest::blocking::Client,
    row: &OutboxRow,
) -> Result<(), AttemptFailed> {
    let hook = {
        let mut c = state.pool.get().map_err(|e| AttemptFailed {
            message: format!("database: {e}"),
            permanent: false,
        })?;
        match webhooks::find(&mut c, &row.recipient) {
            Ok(h) => h,
            Err(DbError::NotFound) => {
                return Err(AttemptFailed {
                    message: "the webhook was deleted".into(),
                    permanent: true,
                })
            }
            Err(e) => {
                return Err(AttemptFailed {
                    message: format!("database: {e}"),
                    permanent: false,
                })
            }
        }
    };
    let attempted_at = state.now();
    let started = Instant::now();
    let t = attempted_at.timestamp();
    let outcome = http
        .post(&hook.url)
        .header("Content-Type", "application/json")
        .header("User-Agent", "SmartCal-Webhooks/1")
        .header("SmartCal-Event", &row.kind)
        .header("SmartCal-Delivery", &row.id)
        .header(
            "SmartCal-Signature",
            signature(&hook.secret, t, &row.payload),
        )
        .body(row.payload.clone())
        .send();
    let duration_ms = started.elapsed().as_millis() as i64;
    let (status_code, error) = match outcome {
        Ok(r) if r.status().is_success() => (Some(r.status().as_u16()), None),
        Ok(r) => (
            Some(r.status().as_u16()),
            Some(format!("the receiver answered {}", r.status())),
        ),
        Err(e) if e.is_timeout() => (None, Some(format!("timed out: {e}"))),
        Err(e) => (None, Some(format!("no answer: {e}"))),
    };
    let attempt = AttemptRow {
        id: Uuid::new_v4().to_string(),
        delivery_id: row.id.clone(),
        webhook_id: hook.id.clone(),
        attempted_at: t,
        duration_ms,
        status_code: status_code.map(i32::from),
        error: error.clone(),
    };
    if let Err(e) = state
        .pool
        .get()
        .map_err(DbError::from)
        .and_then(|mut c| webhooks::record_attempt(&mut c, &attempt))
    {
        tracing::warn!(delivery = %row.id, error = %e, "cannot log the webhook attempt");
    }
    match error {
        None => Ok(()),
        Some(message) => Err(AttemptFailed {
            message,
            permanent: false,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_and_reject_tampering_and_old_timestamps() {
        let body = r#"{"type":"booking.created"}"#;
        let header = signature("whsec_x", 1_800_000_000, body);
        assert!(header.starts_with("t=1800000000,v1="));
        let tolerance = Duration::from_secs(300);
        assert!(verify("whsec_x", &header, body, 1_800_000_100, tolerance));
        assert!(!verify("whsec_y", &header, body, 1_800_000_100, tolerance));
        assert!(!verify("whsec_x", &header, "{}", 1_800_000_100, tolerance));
        assert!(!verify("whsec_x", &header, body, 1_800_000_400, tolerance));
        assert!(!verify("whsec_x", "v1=00", body, 1_800_000_000, tolerance));
    }

    #[test]
    fn the_mac_is_hmac_sha256_of_timestamp_dot_body() {
        // Computed independently: Python's hmac.new(b"Jefe", b"0.what do ya want for nothing?", "sha256").
        let header = signature("Jefe", 0, "what do ya want for nothing?");
        assert_eq!(
            header,
            "t=0,v1=37f471929915ccd2cbbe79feb84ffcff4f2bb25e15fc41c2506687331ae179cc"
        );
    }
}
