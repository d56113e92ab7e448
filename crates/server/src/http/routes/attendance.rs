//! Attendance reports from the Jitsi server (SPEC §11): prosody's `event_sync` module
//! (`POST /jitsi/events/room/created`, `…/room/destroyed`, `…/occupant/joined`,
//! `…/occupant/left`, bearer `JITSI_RESERVATION_SECRET`) and JaaS webhooks
//! (`POST /jitsi/jaas/webhook`, signed with `JAAS_WEBHOOK_SECRET`). The payloads and where
//! their shapes come from: [`crate::integrations::jitsi_events`]. A room no booking has, an
//! occupant who is neither host nor guest, an event already recorded: 200, nothing changes
//! (the reporters retry 5xx only; nothing is told about bookings).

use actix_web::{post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use smartcal_db::{bookings, hosts};
use smartcal_types::Problem;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::http::auth::has_bearer_secret;
use crate::http::conn::with_conn;
use crate::http::error::ApiError;
use crate::integrations::jitsi_events::{
    from_event_sync, from_jaas, verify_jaas, Report, SyncEvent,
};
use crate::jobs::attendance::record;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(room_created)
        .service(room_destroyed)
        .service(occupant_joined)
        .service(occupant_left)
        .service(jaas_webhook);
}

/// An occupant as `event_sync` reports it (`name`, `email`, `id` from the token's
/// `context.user`; with `include_user_info` every field of it).
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)] // documents the shape; the handlers read the JSON leniently
pub struct SyncOccupant {
    /// The occupant's full JID (one per connection: a tab).
    occupant_jid: String,
    /// Unix seconds.
    joined_at: i64,
    /// Unix seconds (`occupant/left` and `room/destroyed`).
    left_at: Option<i64>,
    name: Option<String>,
    email: Option<String>,
    id: Option<String>,
}

/// An `event_sync` body: every field it may carry; each endpoint's event uses its share.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct SyncEventBody {
    /// `muc-room-created`, `muc-room-destroyed`, `muc-occupant-joined`, `muc-occupant-left`.
    event_name: String,
    /// The room (the MUC JID's node; for a breakout room, its main room).
    room_name: String,
    room_jid: String,
    is_breakout: bool,
    breakout_room_id: Option<String>,
    /// Room events, Unix seconds.
    created_at: Option<i64>,
    /// `room/destroyed`, Unix seconds.
    destroyed_at: Option<i64>,
    /// `room/destroyed`: everyone who joined since the room was created.
    all_occupants: Option<Vec<SyncOccupant>>,
    /// Occupant events.
    occupant: Option<SyncOccupant>,
    active_occupants_count: Option<u32>,
}

/// A JaaS webhook body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct JaasWebhookBody {
    /// JaaS's id of this event (repeats carry the same one).
    idempotency_key: String,
    customer_id: Option<String>,
    app_id: Option<String>,
    /// `ROOM_CREATED`, `ROOM_DESTROYED`, `PARTICIPANT_JOINED`, `PARTICIPANT_LEFT` are read;
    /// others are acknowledged and ignored.
    event_type: String,
    session_id: Option<String>,
    /// Unix milliseconds.
    timestamp: i64,
    /// `{AppID}/{room}`.
    fqn: String,
    /// Participant events: `{moderator, name, email, id, participantJid, participantId, …}`
    /// (from the token); room events: `{conference, isBreakout, breakoutRoomId}`.
    #[schema(value_type = Object)]
    data: serde_json::Value,
}

/// The bearer check of `event_sync`'s calls (`api_headers`): `Ok` with the secret right, 404
/// as for any unknown path when `JITSI_RESERVATION_SECRET` is unset, 401 otherwise.
fn authorize(state: &AppState, req: &HttpRequest) -> Result<(), ApiError> {
    let Some(secret) = &state.config.meetings.reservation_secret else {
        return Err(ApiError::NotFound(format!(
            "no API endpoint at {}",
            req.path()
        )));
    };
    if has_bearer_secret(req, secret) {
        Ok(())
    } else {
        Err(ApiError::Unauthorized(
            "send Authorization: Bearer <JITSI_RESERVATION_SECRET> (event_sync's api_headers)"
                .into(),
        ))
    }
}

/// Records the report against the booking whose room it names (none: nothing happens).
async fn record_report(
    state: &web::Data<AppState>,
    report: Option<Report>,
    source: &'static str,
) -> Result<HttpResponse, ApiError> {
    if let Some(report) = report.filter(|r| !r.events.is_empty()) {
        let queued = with_conn(state, move |st, c| {
            // Most rooms of a Jitsi server may be no booking's: found out without the write lock.
            let Some(booking) = bookings::find_by_room(c, &report.room)? else {
                return Ok(false);
            };
            Ok(smartcal_db::write_transaction(c, |c| {
                let host = hosts::find(c, &booking.host_id)?;
                record(c, st, &booking, &host, &report, source)
            })?)
        })
        .await?;
        if queued {
            state.outbox.wake();
        }
    }
    Ok(HttpResponse::Ok().finish())
}

/// One `event_sync` call.
async fn event_sync(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
    which: SyncEvent,
) -> Result<HttpResponse, ApiError> {
    authorize(&state, &req)?;
    let json: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("not a JSON body: {e}")))?;
    let report = from_event_sync(which, &json, state.now().timestamp());
    record_report(&state, report, "event_sync").await
}

/// prosody `event_sync`: a room was created. 200 whatever the room.
#[utoipa::path(tag = "jitsi", request_body = SyncEventBody,
    responses(
        (status = 200, description = "Recorded, or nothing to record (unknown room, a repeat)"),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "Not JSON"),
        (status = 401, body = Problem, content_type = "application/problem+json", description = "Missing or wrong secret"),
        (status = 404, body = Problem, content_type = "application/problem+json", description = "`JITSI_RESERVATION_SECRET` is not set"),
    ),
    security(("jitsi_secret" = [])))]
#[post("/jitsi/events/room/created")]
async fn room_created(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    event_sync(state, req, body, SyncEvent::RoomCreated).await
}

/// prosody `event_sync`: a room was destroyed; `all_occupants` fills in any join or leave
/// that was lost. 200 whatever the room.
#[utoipa::path(tag = "jitsi", request_body = SyncEventBody,
    responses(
        (status = 200, description = "Recorded, or nothing to record (unknown room, a repeat)"),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "Not JSON"),
        (status = 401, body = Problem, content_type = "application/problem+json", description = "Missing or wrong secret"),
        (status = 404, body = Problem, content_type = "application/problem+json", description = "`JITSI_RESERVATION_SECRET` is not set"),
    ),
    security(("jitsi_secret" = [])))]
#[post("/jitsi/events/room/destroyed")]
async fn room_destroyed(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    event_sync(state, req, body, SyncEvent::RoomDestroyed).await
}

/// prosody `event_sync`: someone joined; the host or the guest by their token's `id` or
/// `email`, anyone else ignored. 200 whatever the room.
#[utoipa::path(tag = "jitsi", request_body = SyncEventBody,
    responses(
        (status = 200, description = "Recorded, or nothing to record (unknown room or person, a repeat)"),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "Not JSON"),
        (status = 401, body = Problem, content_type = "application/problem+json", description = "Missing or wrong secret"),
        (status = 404, body = Problem, content_type = "application/problem+json", description = "`JITSI_RESERVATION_SECRET` is not set"),
    ),
    security(("jitsi_secret" = [])))]
#[post("/jitsi/events/occupant/joined")]
async fn occupant_joined(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    event_sync(state, req, body, SyncEvent::OccupantJoined).await
}

/// prosody `event_sync`: someone left (the body repeats their `joined_at`). 200 whatever the
/// room.
#[utoipa::path(tag = "jitsi", request_body = SyncEventBody,
    responses(
        (status = 200, description = "Recorded, or nothing to record (unknown room or person, a repeat)"),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "Not JSON"),
        (status = 401, body = Problem, content_type = "application/problem+json", description = "Missing or wrong secret"),
        (status = 404, body = Problem, content_type = "application/problem+json", description = "`JITSI_RESERVATION_SECRET` is not set"),
    ),
    security(("jitsi_secret" = [])))]
#[post("/jitsi/events/occupant/left")]
async fn occupant_left(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    event_sync(state, req, body, SyncEvent::OccupantLeft).await
}

/// A JaaS webhook (`ROOM_CREATED`, `ROOM_DESTROYED`, `PARTICIPANT_JOINED`,
/// `PARTICIPANT_LEFT`; other events are acknowledged and ignored). Verified as JaaS documents
/// it: `X-Jaas-Signature: t={unix},v1={base64 HMAC-SHA256(JAAS_WEBHOOK_SECRET, "{t}.{body}")}`,
/// `t` within 5 minutes of now. 404 when `JAAS_WEBHOOK_SECRET` is unset.
#[utoipa::path(tag = "jitsi", request_body = JaasWebhookBody,
    params(("X-Jaas-Signature" = String, Header, description = "`t={unix},v1={base64 signature}`")),
    responses(
        (status = 200, description = "Recorded, or nothing to record (unknown room or person, a repeat, another event)"),
        (status = 401, body = Problem, content_type = "application/problem+json", description = "Missing, wrong or stale signature"),
        (status = 404, body = Problem, content_type = "application/problem+json", description = "`JAAS_WEBHOOK_SECRET` is not set"),
    ))]
#[post("/jitsi/jaas/webhook")]
async fn jaas_webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let Some(secret) = &state.config.meetings.jaas_webhook_secret else {
        return Err(ApiError::NotFound(format!(
            "no API endpoint at {}",
            req.path()
        )));
    };
    let now = state.now().timestamp();
    let signature = req
        .headers()
        .get("X-Jaas-Signature")
        .and_then(|v| v.to_str().ok());
    verify_jaas(secret, signature, &body, now)
        .map_err(|e| ApiError::Unauthorized(format!("X-Jaas-Signature: {e}")))?;
    record_report(&state, from_jaas(&body, now), "jaas").await
}
