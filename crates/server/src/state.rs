//! What handlers and background jobs share. It sits below both: every type it holds is
//! defined in a file that never imports this one, directly or through others.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use smartcal_db::{DbError, Pool, PooledConn};

use crate::config::Config;
use crate::integrations::jitsi::TokenAuth;
use crate::limits::Limits;
use crate::metrics::Metrics;
use crate::signal::Signal;
use crate::slot_cache::SlotCache;

/// How long a request waits for a connection while the pool has none (database down).
const DOWN_WAIT: std::time::Duration = std::time::Duration::from_millis(300);

/// Shared by all workers: the pool, the configuration (read once at start-up) and this
/// process's in-memory helpers.
#[derive(Clone)]
pub struct AppState {
    /// Database connections.
    pub pool: Pool,
    /// The server's configuration.
    pub config: Arc<Config>,
    /// Wakes this process's outbox worker after a commit that queued messages.
    pub outbox: Signal,
    /// Wakes this process's calendar sync after a source was added or asked to be read now.
    pub calendars: Signal,
    /// How Jitsi rooms are protected (`None`: open rooms, plain links).
    pub jitsi: Option<TokenAuth>,
    /// Where rooms live: `JITSI_BASE_URL`, or JaaS's `https://8x8.vc/{app_id}`.
    pub room_base: String,
    /// Rate limits and failed-login counters of this process.
    pub limits: Arc<Limits>,
    /// Recent answers of `GET /agendas/{id}/slots`.
    pub slots: Arc<SlotCache>,
    /// What `GET /metrics` shows of this process.
    pub metrics: Arc<Metrics>,
}

impl AppState {
    /// Call after committing a change to what the host can be booked for (bookings, agendas,
    /// calendars): drops this process's cached slots of the host and tells the other processes.
    pub fn schedule_changed(&self, host_id: &str) {
        self.slots.changed_here(host_id);
    }

    /// The current instant: the system clock shifted by `SMARTCAL_CLOCK_OFFSET_SECONDS`
    /// (tests only; 0 in production). Every handler and job reads time here.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.config.clock_offset
    }

    /// A pooled connection. With no live connection at all the database is down (or
    /// restarting): the caller gets `Unavailable` after a short wait instead of queueing for
    /// the pool's full timeout.
    pub fn conn(&self) -> Result<PooledConn, DbError> {
        let conn = if self.pool.state().connections == 0 {
            self.pool.get_timeout(DOWN_WAIT)
        } else {
            self.pool.get()
        };
        Ok(conn?)
    }
}
