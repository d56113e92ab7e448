//! Deciding a booking request (requires-confirmation agendas): one place for the host's
//! confirm and decline (`http::routes::decisions`) and the automatic decline of requests
//! still pending at their start (`jobs::expire_requests`).

use smartcal_db::bookings::{self, BookingView, Decision};
use smartcal_db::hosts::HostRow;
use smartcal_db::{DbConn, DbError};
use smartcal_domain::change::Change;

use crate::jobs::{self, Tokens};
use crate::state::AppState;

/// What a request declined automatically tells its guest.
pub const NOT_CONFIRMED_IN_TIME: &str = "The host did not confirm the request before its start.";

/// Decides one request and queues what the decision sets off (call inside a transaction
/// holding the host's lock; wake the outbox after the commit). `None` when it was not pending
/// any more: the update is conditional on `pending`, so of concurrent decisions — in this
/// process or any other — exactly one takes effect and queues emails.
pub fn apply(
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
    jobs::enqueue(c, st, &after, host, change, Tokens::default())?;
    Ok(Some(after))
}
