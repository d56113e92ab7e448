//! The host's request that the guest choose a new time (`POST /bookings/{id}/request-reschedule`):
//! one email to the guest, queued in the outbox in the request's own transaction like every
//! booking email.
//!
//! The guest's manage token is stored only hashed, so no email after the first can repeat it.
//! The request therefore gives the guest a fresh token (rotated by the caller, see
//! `smartcal_db::bookings::rotate_manage_token`): the email carries the new manage link (and,
//! with token auth on the Jitsi server, the new join link); the links of the guest's earlier
//! emails stop working. The booking's pending reminders are queued anew with the new links, so
//! a reminder never hands out a dead link. Nothing else changes: the booking keeps its time
//! until the guest moves it, so no calendar update, webhook or host email goes out.

use smartcal_db::bookings::BookingView;
use smartcal_db::hosts::HostRow;
use smartcal_db::outbox::{self, Channel, OutboxRow};
use smartcal_db::{DbConn, DbError};
use smartcal_types::{NotificationKind, NotificationRecipient};
use uuid::Uuid;

use crate::integrations::mail::reschedule_request;
use crate::jobs::reminders;
use crate::links;
use crate::state::AppState;

/// Queues the guest's email (with `message`, the host's note) carrying the links of
/// `guest_token`, the guest's new manage token, and re-queues the pending reminders with
/// those links (call inside the request's transaction, after the token was rotated).
pub fn queue(
    c: &mut DbConn,
    st: &AppState,
    v: &BookingView,
    host: &HostRow,
    guest_token: &str,
    message: Option<&str>,
) -> Result<(), DbError> {
    let now = st.now().timestamp();
    let links = links::for_booking(st, &v.booking, Some(guest_token));
    let email = reschedule_request(v, host, &links, message);
    let row = OutboxRow::pending(
        Uuid::new_v4().to_string(),
        v.booking.id.clone(),
        Channel::Email,
        NotificationKind::RescheduleRequest.as_str(),
        NotificationRecipient::Guest.as_str(),
        serde_json::to_string(&email).unwrap_or_default(),
        now,
    );
    outbox::insert(c, &[row])?;
    let removed = outbox::remove_pending(
        c,
        &v.booking.id,
        Channel::Email,
        NotificationKind::Reminder.as_str(),
    )?;
    if removed > 0 {
        let co_hosts = smartcal_db::teams::co_hosts(c, &v.booking.id)?;
        let co_hosts: Vec<&str> = co_hosts.iter().map(|h| h.id.as_str()).collect();
        outbox::insert(c, &reminders::rows(v, &co_hosts, &links, now))?;
    }
    Ok(())
}
