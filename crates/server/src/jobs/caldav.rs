//! Calendar write-back in the outbox: a booking change is queued for each of the host's
//! write-back calendars (in the change's own transaction) and delivered by the outbox worker.
//!
//! A delivery makes the calendar match the booking *as it is now*: a confirmed booking is PUT
//! (`{collection}/{booking_id}.ics`, UID `{booking_id}@smartcal`, the invitation's SEQUENCE),
//! a cancelled one is DELETEd (a missing resource counts as done). So deliveries are idempotent
//! and their order does not matter: a late retry of an old change cannot bring back a cancelled
//! meeting.

use smartcal_db::bookings::{self, BookingStatus, BookingView};
use smartcal_db::calendars;
use smartcal_db::hosts::HostRow;
use smartcal_db::outbox::{self, Channel, OutboxRow};
use smartcal_db::{DbConn, DbError};
use smartcal_domain::change::Change;
use smartcal_domain::ics::caldav_event_ics;
use uuid::Uuid;

use crate::integrations::caldav::{delete_event, put_event, Collection};
use crate::integrations::outbound::Http;
use crate::state::AppState;
use crate::views::{invitation, notification_kind};

/// Queues the write-back of a booking change into each of the host's write-back calendars
/// (call inside the change's transaction).
pub fn queue(
    c: &mut DbConn,
    v: &BookingView,
    co_hosts: &[HostRow],
    change: Change,
    now: i64,
) -> Result<(), DbError> {
    if matches!(change, Change::Requested | Change::Declined) {
        return Ok(()); // a request enters the calendars once confirmed
    }
    // The booking's host's calendars, and a collective booking's other members' too.
    let mut targets = calendars::write_back_targets(c, &v.booking.host_id)?;
    for co_host in co_hosts {
        targets.extend(calendars::write_back_targets(c, &co_host.id)?);
    }
    let rows: Vec<OutboxRow> = targets
        .iter()
        .map(|t| {
            OutboxRow::pending(
                Uuid::new_v4().to_string(),
                v.booking.id.clone(),
                Channel::Caldav,
                notification_kind(change).as_str(),
                &t.id,
                "{}".into(),
                now,
            )
        })
        .collect();
    outbox::insert(c, &rows)
}

/// Delivers one write-back row: PUT or DELETE the booking's event in the calendar named by
/// `row.recipient` (a calendar source id).
pub fn deliver(state: &AppState, http: &Http, row: &OutboxRow) -> Result<(), String> {
    let (source, view, host) = {
        let mut c = state.pool.get().map_err(|e| e.to_string())?;
        let Some(source) =
            calendars::find_any(&mut c, &row.recipient).map_err(|e| e.to_string())?
        else {
            return Ok(()); // the calendar was removed: nothing left to write
        };
        let view = bookings::find(&mut c, &row.booking_id).map_err(|e| e.to_string())?;
        let host =
            smartcal_db::hosts::find(&mut c, &view.booking.host_id).map_err(|e| e.to_string())?;
        (source, view, host)
    };
    let password = state
        .config
        .calendars
        .passwords
        .open(source.password_enc.as_deref())?;
    let at = Collection {
        url: &source.url,
        username: source.username.as_deref(),
        password: password.as_deref(),
    };
    let name = &view.booking.id;
    match view.booking.status {
        BookingStatus::Confirmed => put_event(
            http,
            at,
            name,
            caldav_event_ics(&invitation(
                &view,
                &host,
                crate::views::locale(&host.locale),
            )),
        )?,
        // A request is written once confirmed; a declined one never was (deleting is harmless).
        BookingStatus::Pending | BookingStatus::Declined | BookingStatus::Cancelled => {
            delete_event(http, at, name)?
        }
    }
    tracing::info!(booking = %row.booking_id, calendar = %source.id, kind = %row.kind,
        "calendar write-back done");
    Ok(())
}
