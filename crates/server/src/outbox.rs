//! The outbox worker: delivers what booking changes wrote to the outbox — emails, and webhook
//! events (see [`crate::webhooks`]).
//!
//! It runs on its own thread in every `smartcal serve` process. Each round it claims due rows
//! with a lease (see `smartcal_db::outbox`), sends them, and records the result while the lease
//! is still its own. A failure is retried with capped exponential backoff up to
//! `SMARTCAL_OUTBOX_MAX_ATTEMPTS`, then the row is `failed` with the last error, which the
//! host sees on the booking. A process that dies mid-delivery leaves its lease to expire, and
//! any process then delivers the row. Handlers wake the worker after committing, so an email
//! leaves within milliseconds when the mail server is up.
//!
//! Delivery is at-least-once at one boundary only: if a process dies after the mail server
//! accepted a message but before the result is recorded, the message is sent again after the
//! lease expires — with the same `Message-ID`, so mail clients show it once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use lettre::message::Mailbox;
use smartcal_db::outbox::{self, OutboxRow};
use smartcal_db::DbError;
use smartcal_domain::retry::{backoff, may_retry};

use crate::mail::{self, MailMessage, Mailer};
use crate::state::AppState;
use crate::webhooks::{self, AttemptFailed};

/// Rows claimed per round.
const BATCH: i64 = 20;
/// How often the worker looks for due rows when nobody woke it (other processes' rows,
/// retries coming due, expired leases).
const POLL: Duration = Duration::from_secs(1);

/// Wakes the worker early (after a commit that wrote outbox rows), and tells it to stop.
#[derive(Debug, Clone, Default)]
pub struct Signal {
    inner: Arc<(Mutex<bool>, Condvar)>,
    stop: Arc<AtomicBool>,
}

impl Signal {
    /// There is new work.
    pub fn wake(&self) {
        let (flag, cv) = &*self.inner;
        if let Ok(mut woken) = flag.lock() {
            *woken = true;
            cv.notify_all();
        }
    }

    /// Finish the current message, then end.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        self.wake();
    }

    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Sleeps until woken or `timeout` passes.
    fn wait(&self, timeout: Duration) {
        let (flag, cv) = &*self.inner;
        let Ok(woken) = flag.lock() else { return };
        if let Ok((mut woken, _)) = cv.wait_timeout_while(woken, timeout, |w| !*w) {
            *woken = false;
        }
    }
}

/// Delivers outbox rows of one process.
pub struct Worker {
    state: AppState,
    mailer: Mailer,
    from: Mailbox,
    /// This worker's lease name: unique per process start.
    owner: String,
}

impl Worker {
    /// A worker sending through `mailer` as `MAIL_FROM`.
    pub fn new(state: AppState, mailer: Mailer) -> anyhow::Result<Worker> {
        let from = state
            .config
            .mail_from
            .parse()
            .map_err(|e| anyhow::anyhow!("MAIL_FROM: {e}"))?;
        Ok(Worker {
            state,
            mailer,
            from,
            owner: format!("{}-{}", std::process::id(), uuid::Uuid::new_v4()),
        })
    }

    /// Runs on a thread of its own until `state.outbox` is told to stop.
    pub fn spawn(self) -> std::io::Result<std::thread::JoinHandle<()>> {
        std::thread::Builder::new()
            .name("smartcal-outbox".into())
            .spawn(move || {
                // Built on this thread: reqwest's blocking client must live outside any async
                // runtime. No redirects: a webhook answers itself or fails.
                let http = reqwest::blocking::Client::builder()
                    .timeout(self.state.config.webhook_timeout)
                    .redirect(reqwest::redirect::Policy::none())
                    .build();
                match http {
                    Ok(http) => self.run(&http),
                    Err(e) => tracing::error!(error = %e, "outbox worker cannot start"),
                }
            })
    }

    fn run(self, http: &reqwest::blocking::Client) {
        let signal = self.state.outbox.clone();
        tracing::info!(mailer = ?self.mailer, owner = %self.owner, "outbox worker started");
        while !signal.stopping() {
            match self.deliver_due(http) {
                Ok(n) if n as i64 == BATCH => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "outbox: cannot reach the database"),
            }
            signal.wait(POLL);
        }
    }

    /// Claims and delivers one batch of due rows; returns how many were claimed.
    pub fn deliver_due(&self, http: &reqwest::blocking::Client) -> Result<usize, DbError> {
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
            let result = match row.channel.as_str() {
                mail::CHANNEL => self.deliver_email(row).map_err(|message| AttemptFailed {
                    message,
                    permanent: false,
                }),
                webhooks::CHANNEL => webhooks::deliver(&self.state, http, row),
                crate::caldav::CHANNEL => {
                    crate::caldav::deliver(&self.state, row).map_err(|message| AttemptFailed {
                        message,
                        permanent: false,
                    })
                }
                other => Err(AttemptFailed {
                    message: format!("unknown outbox channel {other:?}"),
                    permanent: true,
                }),
            };
            self.record(row, result);
        }
        Ok(rows.len())
    }

    fn deliver_email(&self, row: &OutboxRow) -> Result<(), String> {
        let message: MailMessage = serde_json::from_str(&row.payload)
            .map_err(|e| format!("unreadable outbox payload: {e}"))?;
        let mime = mail::to_mime(&self.from, &row.id, &message)?;
        let name = format!(
            "{}-{}-{}-{}",
            crate::time::from_unix(row.created_at).format("%Y%m%dT%H%M%SZ"),
            row.kind,
            row.recipient,
            row.id
        );
        self.mailer.send(&name, &mime).map_err(|e| e.0)
    }

    /// Writes the outcome, retrying briefly: losing it would mean sending the message again.
    fn record(&self, row: &OutboxRow, result: Result<(), AttemptFailed>) {
        let settings = &self.state.config.outbox;
        let attempts = row.attempts as u32 + 1;
        let now = self.state.now();
        let retry_at = match &result {
            Ok(()) => None,
            Err(failed) if !failed.permanent && may_retry(attempts, settings.max_attempts) => {
                let error = &failed.message;
                let wait = backoff(attempts, settings.retry_base, settings.retry_max);
                tracing::warn!(id = %row.id, channel = %row.channel, booking = %row.booking_id,
                    kind = %row.kind, recipient = %row.recipient, attempts,
                    retry_in_ms = wait.as_millis() as u64, error = %error,
                    "delivery failed; will retry");
                Some((now + chrono::Duration::from_std(wait).unwrap_or_default()).timestamp())
            }
            Err(failed) => {
                tracing::error!(id = %row.id, channel = %row.channel, booking = %row.booking_id,
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
                        let keep = row.channel != mail::CHANNEL;
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
                        tracing::info!(id = %row.id, channel = %row.channel,
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
