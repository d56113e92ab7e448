//! Declines booking requests still pending at their start (SPEC §9): the guest is told, the
//! time was never given to anyone else. Runs in every process; each request is declined in
//! its own transaction under its host's lock by a conditional update, so across processes it
//! is declined — and its guest told — exactly once.

use std::time::Duration;

use smartcal_db::bookings::{self, Decision};
use smartcal_db::hosts;
use smartcal_db::DbError;

use crate::decide::{self, NOT_CONFIRMED_IN_TIME};
use crate::jobs::worker::Job;
use crate::state::AppState;

/// How often it looks for requests that reached their start.
pub const POLL: Duration = Duration::from_secs(5);
/// Requests declined per round.
const BATCH: i64 = 50;

/// The job of one process.
pub struct ExpireRequests {
    state: AppState,
}

impl ExpireRequests {
    pub fn new(state: AppState) -> ExpireRequests {
        ExpireRequests { state }
    }

    /// Declines one request if it is still pending; whether it was this call that did.
    fn decline(&self, id: &str) -> Result<bool, DbError> {
        let st = &self.state;
        let mut c = st.pool.get()?;
        let declined = smartcal_db::write_transaction(&mut c, |c| {
            let v = bookings::find(c, id)?;
            hosts::lock_host(c, &v.booking.host_id)?;
            let host = hosts::find(c, &v.booking.host_id)?;
            let decision = Decision::Decline(Some(NOT_CONFIRMED_IN_TIME));
            Ok::<_, DbError>(decide::apply(c, st, &host, id, decision)?.map(|v| v.booking.host_id))
        })?;
        if let Some(host_id) = &declined {
            st.schedule_changed(host_id);
            tracing::info!(booking = %id, "request declined: still pending at its start");
        }
        Ok(declined.is_some())
    }
}

impl Job for ExpireRequests {
    fn round(&mut self) -> Result<bool, String> {
        let now = self.state.now().timestamp();
        let due = {
            let mut c = self.state.pool.get().map_err(|e| e.to_string())?;
            bookings::pending_started(&mut c, now, BATCH).map_err(|e| e.to_string())?
        };
        let mut declined = 0;
        for id in &due {
            if self.decline(id).map_err(|e| e.to_string())? {
                declined += 1;
            }
        }
        if declined > 0 {
            self.state.outbox.wake();
        }
        Ok(due.len() as i64 == BATCH)
    }
}
