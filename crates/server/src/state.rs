//! What every handler shares.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use smartcal_db::Pool;

use crate::config::Config;

/// Shared by all workers: the pool and the configuration.
#[derive(Clone)]
pub struct AppState {
    /// Database connections.
    pub pool: Pool,
    /// The server's configuration.
    pub config: Arc<Config>,
    /// Wakes this process's outbox worker after a commit that queued messages.
    pub outbox: crate::outbox::Signal,
    /// How Jitsi rooms are protected (`None`: open rooms, plain links).
    pub jitsi: Option<crate::jitsi::TokenAuth>,
    /// Where rooms live: `JITSI_BASE_URL`, or JaaS's `https://8x8.vc/{app_id}`.
    pub room_base: String,
    /// Rate limits and failed-login counters of this process.
    pub limits: Arc<crate::limits::Limits>,
}

impl AppState {
    /// The current instant (one place, so a controllable clock can be added here).
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    /// A pooled connection; an exhausted or unreachable database is a 503.
    pub fn conn(&self) -> Result<smartcal_db::PooledConn, crate::error::ApiError> {
        Ok(self.pool.get().map_err(smartcal_db::DbError::from)?)
    }
}
