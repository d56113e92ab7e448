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
