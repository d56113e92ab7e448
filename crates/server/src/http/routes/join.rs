//! Join links: `GET /j/{booking_id}` (the host, by session) and `/j/{booking_id}?token=…` (the
//! guest) redirect into the booking's Jitsi room — with a freshly minted token when the Jitsi
//! server requires one (see [`crate::integrations::jitsi`]), straight to the room otherwise. The
//! links never change, so emails and the dashboard can carry them while tokens stay
//! short-lived. Outside the meeting's [`JoinWindow`] no token is minted: the visitor is sent to
//! the SPA's `/join/{booking_id}` (same `?token=`), which says when the room opens.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use smartcal_db::bookings::BookingStatus;
use uuid::Uuid;

use crate::http::access;
use crate::http::auth::MaybeHost;
use crate::http::conn::with_conn;
use crate::http::error::ApiError;
use crate::integrations::jitsi::{claims, sign, JoinWindow, Participant};
use crate::state::AppState;
use crate::time::from_unix;

/// `?token=`: the guest's manage token.
#[derive(Debug, Deserialize)]
pub struct JoinQuery {
    token: Option<String>,
}

/// `GET /j/{id}`: 302 into the room, or — outside the join window, with token auth — to the
/// SPA's page saying when it opens.
pub async fn join(
    state: web::Data<AppState>,
    caller: MaybeHost,
    id: web::Path<Uuid>,
    q: web::Query<JoinQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let token = q.into_inner().token;
    let location = with_conn(&state, move |st, c| {
        let v = access::booking(c, &id, &caller.0, &token)?;
        let b = &v.booking;
        match b.status {
            BookingStatus::Confirmed => {}
            BookingStatus::Pending => {
                return Err(ApiError::Conflict(
                    "this meeting waits for the host's confirmation".into(),
                ))
            }
            BookingStatus::Declined => {
                return Err(ApiError::Conflict("this request was declined".into()))
            }
            BookingStatus::Cancelled => {
                return Err(ApiError::Conflict("this meeting was cancelled".into()))
            }
        }
        let Some(auth) = &st.jitsi else {
            return Ok(b.meeting_url.clone());
        };
        let window = JoinWindow::new(
            from_unix(b.start_at),
            from_unix(b.end_at),
            &st.config.meetings,
        );
        let now = st.now();
        let host = match &caller.0 {
            Some(h) => access::is_host(c, &v, &h.id)?,
            None => false,
        };
        if !window.contains(now) {
            // The guest's token goes along so the page can show the meeting (the host's
            // session suffices for the host).
            let query = match token.as_deref().filter(|_| !host) {
                Some(t) => format!(
                    "?token={}",
                    url::form_urlencoded::byte_serialize(t.as_bytes()).collect::<String>()
                ),
                None => String::new(),
            };
            return Ok(format!("/join/{}{query}", b.id));
        }
        let who = match &caller.0 {
            Some(h) if host => Participant {
                id: h.id.clone(),
                name: h.name.clone(),
                email: h.email.clone(),
                host: true,
            },
            _ => Participant {
                id: format!("guest-{}", b.id),
                name: b.guest_name.clone(),
                email: b.guest_email.clone(),
                host: false,
            },
        };
        let c = claims(
            auth,
            &b.room_name,
            &window,
            &who,
            st.config.meetings.lobby,
            now,
        );
        let jwt = sign(auth, &c).map_err(|e| ApiError::Internal(e.into()))?;
        Ok(format!("{}?jwt={jwt}", b.meeting_url))
    })
    .await?;
    Ok(HttpResponse::Found()
        .insert_header(("Location", location))
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("Referrer-Policy", "no-referrer"))
        .finish())
}
