//! What a caller may reach: an agenda guests can book, and a booking its host or its guest
//! (holding the manage token) may see. Unknown, deleted and forbidden things all answer the
//! same 404, so ids cannot be probed.

use smartcal_db::agendas::AgendaRow;
use smartcal_db::bookings::{self, BookingView};
use smartcal_db::hosts::HostRow;
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
        Ok(_) | Err(DbError::NotFound) => Err(ApiError::NotFound(
            "no such agenda, or it is not taking bookings".into(),
        )),
        Err(e) => Err(e.into()),
    }
}

/// Whether `token` is the booking's guest manage token.
pub fn is_guest(v: &BookingView, token: Option<&str>) -> bool {
    token.is_some_and(|t| token_hash(t) == v.booking.manage_token_hash)
}

/// Loads a booking the caller may see: its host, or the guest holding the manage token.
/// Anyone else — no credentials, a wrong token, another host — gets the same 404 as for an
/// unknown id (a 401 here would tell that the id exists).
pub fn booking(
    c: &mut DbConn,
    id: &str,
    host: &Option<HostRow>,
    token: &Option<String>,
) -> Result<BookingView, ApiError> {
    let v = match bookings::find(c, id) {
        Ok(v) => v,
        Err(DbError::NotFound) => return Err(ApiError::NotFound("no such booking".into())),
        Err(e) => return Err(e.into()),
    };
    let by_host = host.as_ref().is_some_and(|h| h.id == v.booking.host_id);
    if by_host || is_guest(&v, token.as_deref()) {
        Ok(v)
    } else {
        Err(ApiError::NotFound("no such booking".into()))
    }
}
