//! The outbox worker: delivers what booking changes wrote to the outbox — emails
//! ([`super::email`]), webhook events ([`super::webhook`]) and calendar write-backs
//! ([`super::caldav`]) — and the password reset emails ([`super::password_email`]).
//!
//! It runs in every `smartcal serve` process. Each round it claims due rows with a lease (see
//! `smartcal_db::outbox`), sends them, and records the result while the lease is still its own.
//! A failure is retried with capped exponential backoff up to `SMARTCAL_OUTBOX_MAX_ATTEMPTS`,
//! then the row is `failed` with the last error, which the host sees on the booking. A process
//! that dies mid-delivery leaves its lease to expire, and any process then delivers the row.
//! Handlers wake the worker after committing, so an email leaves within milliseconds when the
//! mail server is up.
//!
//! Delivery is at-least-once at one boundary only: if a process dies after the mail server
//! accepted a message but before the result is recorded, the message is sent again after the
//! lease expires — with the same `Message-ID`, so mail clients show it once.

use std::time::Duration;

use lettre::message::Mailbox;
use smartcal_db::outbox::{self, Channel, OutboxRow};
use smartcal_db::DbError;
use smartcal_domain::retry::{backoff, may_retry};
use smartcal_types::NotificationKind;

use crate::integrations::feeds;
use crate::integrations::mail::Mailer;
use crate::integrations::outbound::{self, Http};
use crate::jobs::worker::{lease_owner, Job};
use crate::jobs::{caldav, email, password_email, reminders, webhook};
use crate::state::AppState;

/// Rows claimed per round.
const BATCH: i64 = 20;
/// How often the worker looks for due rows when nobody woke it (other processes' rows,
/// retries coming due, expired leases).
pub const POLL: Duration = Duration::from_secs(1);

/// Why one delivery attempt failed.
#[derive(Debug)]
struct AttemptFailed {
    message: String,
    /// No later attempt can succeed (the webhook was deleted, the email has no valid
    /// recipient).
    permanent: bool,
}

impl From<String> for AttemptFailed {
    fn from(message: String) -> Self {
        AttemptFailed {
            message,
            permanent: false,
        }
    }
}

/// Delivers outbox rows of one process.
pub struct Delivery {
    state: AppState,
    mailer: Mailer,
    from: Mailbox,
    /// For webhooks: the webhook timeout, no redirects (a webhook answers itself or fails).
    webhooks: Http,
    /// For calendar write-back: the calendar timeout.
    calendars: Http,
    /// This worker's lease name: unique per process start.
    owner: String,
}

impl Delivery {
    /// A worker sending email through `mailer` as `MAIL_FROM` (call on the worker's thread).
    pub fn new(state: AppState, mailer: Mailer) -> Result<Delivery, String> {
        let from = state
            .config
            .mail_from
            .parse()
            .map_err(|e| format!("MAIL_FROM: {e}"))?;
        let webhooks = Http::new(outbound::Options {
            timeout: state.config.webhook_timeout,
            redirects: 0,
            allow_private: state.config.outbound_allow_private,
        })?;
        let calendars = feeds::client(
            state.config.calendars.timeout,
            state.config.outbound_allow_private,
        )?;
        let owner = lease_owner();
        tracing::info!(mailer = ?mailer, owner = %owner, "outbox worker started");
        Ok(Delivery {
            state,
            mailer,
            from,
            webhooks,
            calendars,
            owner,
        })
    }

    /// Claims and delivers one batch of due rows; returns how many were claimed.
    pub fn deliver_due(&self) -> Result<usize, DbError> {
        let now = self.state.now().timestamp();
        let lease = self.state.config.outbox.lease.as_secs() as i64;
        let rows = {
            let mut c = self.state.pool.get()?;
            outbox::claim(&mut c, &self.owner, now, lease, BATCH)?
        };
        for row in &rows {
            if self.state.outbox.stopping() {
                break; // the lease runs out and another process (or the next start) sends it
            }
            let result = match row.channel {
                Channel::Email => self.email(row, now).map_err(|failed| match failed {
                    email::Undelivered::Retry(message) => AttemptFailed::from(message),
                    email::Undelivered::Never(message) => AttemptFailed {
                        message,
                        permanent: true,
                    },
                }),
                Channel::Webhook => {
                    webhook::deliver(&self.state, &self.webhooks, row).map_err(|failed| {
                        AttemptFailed {
                            permanent: failed.is_permanent(),
                            message: failed.to_string(),
                        }
                    })
                }
                Channel::Caldav => {
                    caldav::deliver(&self.state, &self.calendars, row).map_err(AttemptFailed::from)
                }
            };
            self.record(row, result);
        }
        // Password reset emails: stored with their links, not in the outbox (no booking).
        let resets =
            password_email::deliver_due(&self.state, &self.mailer, &self.from, &self.owner)?;
        Ok(rows.len().max(resets))
    }

    /// Sends one email: rendered when it was queued, or — a reminder — now.
    fn email(&self, row: &OutboxRow, now: i64) -> Result<(), email::Undelivered> {
        if row.kind != NotificationKind::Reminder.as_str() {
            return email::deliver(&self.mailer, &self.from, row);
        }
        let message = {
            let mut c = self.state.pool.get().map_err(|e| {
                email::Undelivered::Retry(format!("database: {}", DbError::from(e)))
            })?;
            reminders::message(&mut c, row, now)?
        };
        email::send(&self.mailer, &self.from, row, &message)
    }

    /// Writes the outcome, retrying briefly: losing it would mean sending the message again.
    fn record(&self, row: &OutboxRow, result: Result<(), AttemptFailed>) {
        let settings = &self.state.config.outbox;
        let attempts = row.attempts as u32 + 1;
        let now = self.state.now();
        let channel = row.channel.as_str();
        let retry_at = match &result {
            Ok(()) => None,
            Err(failed) if !failed.permanent && may_retry(attempts, settings.max_attempts) => {
                let error = &failed.message;
                let wait = backoff(attempts, settings.retry_base, settings.retry_max);
                tracing::warn!(id = %row.id, channel, booking = %row.booking_id,
                    kind = %row.kind, recipient = %row.recipient, attempts,
                    retry_in_ms = wait.as_millis() as u64, error = %error,
                    "delivery failed; will retry");
                Some((now + chrono::Duration::from_std(wait).unwrap_or_default()).timestamp())
            }
            Err(failed) => {
                tracing::error!(id = %row.id, channel, booking = %row.booking_id,
                    kind = %row.kind, recipient = %row.recipient, attempts,
                    error = %failed.message, "delivery failed for good");
                None
            }
        };
        for pause_ms in [0, 100, 500, 2000] {
            std::thread::sleep(Duration::from_millis(pause_ms));
            let outcome = self
                .state
                .pool
                .get()
                .map_err(DbError::from)
                .and_then(|mut c| match &result {
                    Ok(()) => {
                        // Emails drop their payload (it holds the guest's manage link);
                        // webhook events keep theirs for redelivery.
                        let keep = row.channel != Channel::Email;
                        outbox::mark_sent(&mut c, &row.id, &self.owner, now.timestamp(), keep)
                    }
                    Err(failed) => outbox::mark_attempt_failed(
                        &mut c,
                        &row.id,
                        &self.owner,
                        &failed.message,
                        retry_at,
                    ),
                });
            match outcome {
                Ok(true) => {
                    if result.is_ok() {
                        tracing::info!(id = %row.id, channel,
                            booking = %row.booking_id, kind = %row.kind,
                            recipient = %row.recipient, "delivered");
                    }
                    return;
                }
                Ok(false) => {
                    tracing::warn!(id = %row.id, "outbox lease lost before the result was recorded");
                    return;
                }
                Err(e) => tracing::warn!(id = %row.id, error = %e, "cannot record delivery yet"),
            }
        }
    }
}

impl Job for Delivery {
    fn round(&mut self) -> Result<bool, String> {
        match self.deliver_due() {
            Ok(n) => Ok(n as i64 == BATCH),
            Err(e) => Err(format!("outbox: cannot reach the database: {e}")),
        }
    }
}
