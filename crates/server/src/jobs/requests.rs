//! Booking requests (requires-confirmation agendas): deciding one — the one way for the
//! host's confirm and decline (`http::routes::decisions`) and for the automatic decline — and
//! the job that declines requests still pending at their start (SPEC §9). The job runs in
//! every process; each request is declined in its own transaction under its host's lock by a
//! conditional update, so across processes it is declined — and its guest told — exactly once.

use std::time::Duration;

use smartcal_db::bookings::{self, BookingView, Decision};
use smartcal_db::hosts::{self, HostRow};
use smartcal_db::{DbConn, DbError};
use smartcal_domain::change::Change;

use crate::jobs::worker::Job;
use crate::jobs::{enqueue, Tokens};
use crate::state::AppState;

/// What a request declined automatically tells its guest.
pub const NOT_CONFIRMED_IN_TIME: &str = "The host did not confirm the request before its start.";

/// Decides one request and queues what the decision sets off (call inside a transaction
/// holding the host's lock; wake the outbox after the commit). `None` when it was not pending
/// any more: the update is conditional on `pending`, so of concurrent decisions — in this
/// process or any other — exactly one takes effect and queues emails.
pub fn decide(
    c: &mut DbConn,
    st: &AppState,
    host: &HostRow,
    id: &str,
    decision: Decision,
) -> Result<Option<BookingView>, DbError> {
    if !bookings::decide(c, id, decision, st.now().timestamp())? {
        return Ok(None);
    }
    let after = bookings::find(c, id)?;
    let change = match decision {
        Decision::Confirm => Change::Confirmed,
        Decision::Decline(_) => Change::Declined,
    };
    enqueue(c, st, &after, host, change, Tokens::default())?;
    Ok(Some(after))
}

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
            let hosts = crate::schedule::hosts_of(c, &v.booking)?;
            Ok::<_, DbError>(decide(c, st, &host, id, decision)?.map(|_| hosts))
        })?;
        if let Some(hosts) = &declined {
            hosts.changed(st);
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
