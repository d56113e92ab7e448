//! Deciding booking requests (SPEC §9, requires confirmation): the host — signed in, or
//! through the decide link of the request email — confirms or declines a `pending` booking.
//!
//! A decision is one conditional update (`status = 'pending'` → the new status) inside the
//! host's lock, so of any number of concurrent decisions, cancels and the automatic decline,
//! exactly one wins and only it queues emails: twenty confirms of one request send one
//! confirmation to each side. A request that was never confirmed cannot overlap a confirmed
//! booking, because it held its time from the moment it was made.

use actix_web::{post, web, HttpResponse};
use serde::Deserialize;
use smartcal_db::bookings::Decision;
use smartcal_db::hosts;
use smartcal_types::{Booking, DeclineBookingRequest, Problem};
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::http::access::{self, Allowed};
use crate::http::auth::MaybeHost;
use crate::http::conn::with_conn;
use crate::http::error::ApiError;
use crate::http::object::Object;
use crate::jobs;
use crate::schedule;
use crate::state::AppState;
use crate::validate::Fields;
use crate::views;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(confirm_booking).service(decline_booking);
}

/// The decide link's `?token=`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DecideQuery {
    /// The decide token from the host's request email; signed-in hosts need none.
    token: Option<String>,
}

/// Confirm a pending request: both sides get the normal confirmation with the meeting link
/// and the invitation, and its reminders are queued.
#[utoipa::path(tag = "bookings", params(("id" = Uuid, Path, description = "Booking id"), DecideQuery), responses(
    (status = 200, body = Booking, description = "Confirmed"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json", description = "Not pending (any more): already confirmed, declined or cancelled"),
))]
#[post("/bookings/{id}/confirm")]
async fn confirm_booking(
    state: web::Data<AppState>,
    caller: MaybeHost,
    id: web::Path<Uuid>,
    q: web::Query<DecideQuery>,
) -> Result<HttpResponse, ApiError> {
    let booking =
        decide_request(&state, caller, id.into_inner(), q.into_inner().token, None).await?;
    Ok(HttpResponse::Ok().json(booking))
}

/// Decline a pending request: its time is free again and the guest is told, with the reason.
#[utoipa::path(tag = "bookings", params(("id" = Uuid, Path, description = "Booking id"), DecideQuery), request_body = DeclineBookingRequest, responses(
    (status = 200, body = Booking, description = "Declined"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json", description = "Not pending (any more)"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/bookings/{id}/decline")]
async fn decline_booking(
    state: web::Data<AppState>,
    caller: MaybeHost,
    id: web::Path<Uuid>,
    q: web::Query<DecideQuery>,
    body: web::Json<Object<DeclineBookingRequest>>,
) -> Result<HttpResponse, ApiError> {
    let mut f = Fields::default();
    let body = body.into_inner().0;
    let reason = f.reason("reason", body.reason.as_deref());
    f.finish()?;
    let declined = Some(reason.unwrap_or_default());
    let booking = decide_request(
        &state,
        caller,
        id.into_inner(),
        q.into_inner().token,
        declined,
    )
    .await?;
    Ok(HttpResponse::Ok().json(booking))
}

/// Confirms (`decline` absent) or declines (with its reason, empty for none) a request as
/// its host or the decide link's holder.
async fn decide_request(
    state: &web::Data<AppState>,
    caller: MaybeHost,
    id: Uuid,
    token: Option<String>,
    decline: Option<String>,
) -> Result<Booking, ApiError> {
    let id = id.to_string();
    let booking = with_conn(state, move |st, c| {
        let (hosts, v) = smartcal_db::write_transaction(c, |c| {
            let v = access::booking_for(c, &id, &caller.0, &token, Allowed::HostOrDecider)?;
            hosts::lock_host(c, &v.booking.host_id)?;
            let host = hosts::find(c, &v.booking.host_id)?;
            let decision = match decline.as_deref() {
                None => Decision::Confirm,
                Some(reason) => Decision::Decline(Some(reason).filter(|r| !r.is_empty())),
            };
            let after = jobs::decide(c, st, &host, &id, decision)?.ok_or_else(|| {
                ApiError::Conflict(format!(
                    "this booking is not a pending request any more (it is {})",
                    v.booking.status.as_str()
                ))
            })?;
            let hosts = schedule::hosts_of(c, &after.booking)?;
            Ok::<_, ApiError>((hosts, views::booking(&after, &st.config.meetings)))
        })?;
        hosts.changed(st);
        Ok(v)
    })
    .await?;
    state.outbox.wake();
    Ok(booking)
}
