//! What a caller may reach: an agenda guests can book, and a booking its host or its guest
//! (holding the manage token) may see. Unknown, deleted and forbidden things all answer the
//! same 404, so ids cannot be probed.

use smartcal_db::agendas::{self, AgendaRow};
use smartcal_db::bookings::{self, BookingView};
use smartcal_db::hosts::HostRow;
use smartcal_db::invites::{self, InviteRow, Spent};
use smartcal_db::teams::{self, TeamRow};
use smartcal_db::{DbConn, DbError};

use crate::crypto::token_hash;
use crate::http::error::ApiError;

/// An agenda guests can book; a 404 that does not tell unknown, deleted, inactive and
/// disabled-host agendas apart.
pub fn bookable(
    found: Result<(AgendaRow, HostRow), DbError>,
) -> Result<(AgendaRow, HostRow), ApiError> {
    match found {
        Ok((a, h)) if a.active && h.disabled_at.is_none() => Ok((a, h)),
        Ok(_) | Err(DbError::NotFound) => Err(no_agenda()),
        Err(e) => Err(e.into()),
    }
}

/// A team agenda guests can find on its public page: active and listed (a team agenda has no
/// private invites), with its team; the same 404 otherwise.
pub fn bookable_team(
    found: Result<(AgendaRow, TeamRow), DbError>,
) -> Result<(AgendaRow, TeamRow), ApiError> {
    match found {
        Ok((a, t)) if a.active && a.listed => Ok((a, t)),
        Ok(_) | Err(DbError::NotFound) => Err(no_agenda()),
        Err(e) => Err(e.into()),
    }
}

fn no_agenda() -> ApiError {
    ApiError::NotFound("no such agenda, or it is not taking bookings".into())
}

/// Whether `token` is the booking's guest manage token.
pub fn is_guest(v: &BookingView, token: Option<&str>) -> bool {
    token.is_some_and(|t| token_hash(t) == v.booking.manage_token_hash)
}

/// Whether `token` is the host's decide token of a pending request.
pub fn is_decider(v: &BookingView, token: Option<&str>) -> bool {
    token.is_some_and(|t| v.booking.decide_token_hash.as_deref() == Some(&token_hash(t)))
}

/// Who may reach a booking through an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    /// Its host, or the guest holding the manage token (view, cancel, reschedule, join).
    HostOrGuest,
    /// Its host, or whoever holds the decide link of a pending request (confirm, decline).
    HostOrDecider,
    /// Any of them (reading it).
    Anyone,
}

/// Loads a booking the caller may reach (see [`Allowed`]). Anyone else — no credentials, a
/// wrong token, another host — gets the same 404 as for an unknown id (a 401 here would tell
/// that the id exists).
pub fn booking_for(
    c: &mut DbConn,
    id: &str,
    host: &Option<HostRow>,
    token: &Option<String>,
    allowed: Allowed,
) -> Result<BookingView, ApiError> {
    let v = match bookings::find(c, id) {
        Ok(v) => v,
        Err(DbError::NotFound) => return Err(ApiError::NotFound("no such booking".into())),
        Err(e) => return Err(e.into()),
    };
    let by_host = match host {
        Some(h) => is_host(c, &v, &h.id)?,
        None => false,
    };
    let token = token.as_deref();
    let by_token = match allowed {
        Allowed::HostOrGuest => is_guest(&v, token),
        Allowed::HostOrDecider => is_decider(&v, token),
        Allowed::Anyone => is_guest(&v, token) || is_decider(&v, token),
    };
    if by_host || by_token {
        Ok(v)
    } else {
        Err(ApiError::NotFound("no such booking".into()))
    }
}

/// Whether `host_id` hosts the booking: its host, or one of a collective booking's other
/// members (who see it, join as moderators and may cancel or move it like its host).
pub fn is_host(c: &mut DbConn, v: &BookingView, host_id: &str) -> Result<bool, ApiError> {
    if v.booking.host_id == host_id {
        return Ok(true);
    }
    Ok(teams::co_hosts(c, &v.booking.id)?
        .iter()
        .any(|h| h.id == host_id))
}

/// Loads a booking its host or its guest (holding the manage token) may see and change.
pub fn booking(
    c: &mut DbConn,
    id: &str,
    host: &Option<HostRow>,
    token: &Option<String>,
) -> Result<BookingView, ApiError> {
    booking_for(c, id, host, token, Allowed::HostOrGuest)
}

/// One of `host`'s live agendas; another host's or an unknown one is the same 404.
pub fn own_agenda(c: &mut DbConn, host: &HostRow, id: &str) -> Result<AgendaRow, ApiError> {
    match agendas::find(c, id) {
        Ok((a, _)) if a.host_id == host.id => Ok(a),
        Ok(_) | Err(DbError::NotFound) => Err(ApiError::NotFound("no such agenda".into())),
        Err(e) => Err(e.into()),
    }
}

/// Lets a guest reach an agenda's page, slots or booking: a listed agenda needs nothing, an
/// unlisted one a private invite (`?invite=`, `invite` in `POST /bookings`) that can still
/// book. An invite given for either must be usable: unknown is the same 404 as no agenda
/// (so tokens cannot be probed), used, expired or revoked a 410 saying which. Returns the
/// invite, to be spent by the booking.
pub fn invited(
    c: &mut DbConn,
    agenda: &AgendaRow,
    invite: Option<&str>,
    now: i64,
) -> Result<Option<InviteRow>, ApiError> {
    let Some(token) = invite else {
        return if agenda.listed {
            Ok(None)
        } else {
            Err(no_agenda())
        };
    };
    match invites::check(c, &agenda.id, &token_hash(token), now)? {
        Ok(row) => Ok(Some(row)),
        Err(Spent::Unknown) => Err(no_agenda()),
        Err(Spent::Used) => Err(ApiError::Gone(
            "this invite was already used to book; ask the host for a new link".into(),
        )),
        Err(Spent::Expired) => Err(ApiError::Gone(
            "this invite has expired; ask the host for a new link".into(),
        )),
        Err(Spent::Revoked) => Err(ApiError::Gone(
            "this invite was withdrawn by the host".into(),
        )),
    }
}
