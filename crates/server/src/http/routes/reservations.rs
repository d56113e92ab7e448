//! Reservations for a self-hosted Jitsi (SPEC §11): the REST API that prosody's `reservations`
//! module (jitsi-meet `resources/prosody-plugins/mod_reservations.lua`, the Jitsi handbook's
//! "Reservation System setup") asks before it lets a room open, so a room opens only for a
//! confirmed booking in its window and is closed at the booked end plus overtime.
//!
//! The module's side of it, which these handlers match:
//! - `POST {reservations_api_prefix}/conference`, body `application/x-www-form-urlencoded` (set
//!   by prosody's `net.http` for any body) from `http.formencode{name, start_time, mail_owner}`:
//!   every byte but `[A-Za-z0-9]` percent-encoded in lowercase hex — keys too
//!   (`start%5ftime`) — spaces as `+`, fields in no fixed order. `name` is the room (the JID's
//!   node, `[tenant]room` with a tenant), `start_time` prosody's now as
//!   `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'`, `mail_owner` the bare JID of whoever opens the room.
//! - every call carries the `reservations_api_headers` (here `Authorization: Bearer …`).
//! - 200/201: JSON `{id, name, mail_owner, start_time, duration}`; prosody needs `name` equal
//!   to the room (case-insensitively), `id` and `mail_owner` present, `duration` a number of
//!   seconds and `start_time` a datetime; it closes the room at `start_time + duration`. Any
//!   other 4xx fails the room with the body's `message`; 5xx and refused connections are
//!   retried. 409 `{conflict_id}` would make it `GET /conference/{conflict_id}`; we never
//!   answer it, as every `POST` is judged afresh.
//! - `DELETE /conference/{id}` once the room is destroyed (its answer is ignored).

use actix_web::http::{header, StatusCode};
use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use chrono::SecondsFormat;
use serde::Serialize;
use smartcal_db::bookings::{self, BookingRow, BookingStatus};
use smartcal_db::hosts;
use smartcal_types::Problem;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::config::MeetingSettings;
use crate::http::auth::has_bearer_secret;
use crate::http::conn::with_conn;
use crate::http::error::ApiError;
use crate::limits::MAX_BODY_BYTES;
use crate::state::AppState;
use crate::time::from_unix;

/// Registers `POST /jitsi/conference` and `GET`/`DELETE /jitsi/conference/{id}`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_conference)
        .service(get_conference)
        .service(delete_conference);
}

/// How long after its end a booking's room may still be asked for (the join window's end).
const OPEN_AFTER_END_SECONDS: i64 = 60 * 60;

/// The form prosody POSTs (`application/x-www-form-urlencoded`).
#[derive(Debug, Default, ToSchema)]
pub struct ConferenceForm {
    /// The room: the MUC JID's node, `[tenant]room` when a tenant is used.
    pub name: String,
    /// Prosody's clock when the room was asked for, `yyyy-MM-ddTHH:mm:ss.SSSZ` (not used: our
    /// own clock decides).
    pub start_time: Option<String>,
    /// The bare JID of the user opening the room.
    pub mail_owner: Option<String>,
}

/// A reservation, as the `reservations` module reads it: the room may run from `start_time`
/// for `duration` seconds.
#[derive(Debug, Serialize, ToSchema)]
pub struct Conference {
    /// The booking's id, a UUID (the module keeps it and sends `DELETE /conference/{id}`).
    pub id: String,
    /// The room, as the request named it (the module compares it with its own).
    pub name: String,
    /// On `POST`, the identity prosody sent (the handbook: whoever created the conference);
    /// on `GET`, which has none, the host's email.
    pub mail_owner: String,
    /// Now (SmartCal's clock), `yyyy-MM-ddTHH:mm:ss.000Z`.
    pub start_time: String,
    /// Seconds from `start_time` to the booking's end plus `JITSI_OVERTIME_MINUTES`.
    pub duration: i64,
}

/// Why a room may not open, or what is wrong with the call: prosody passes `message` to the
/// participant's client.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReservationError {
    /// Why, in words for the participant.
    pub message: String,
}

/// Opening a room: 200 with its reservation when `name` (case-insensitive, a `[tenant]`
/// prefix ignored) is the room of a confirmed booking and now is within
/// [start − `JITSI_EARLY_JOIN_MINUTES`, end + 60 min] and before its end plus
/// `JITSI_OVERTIME_MINUTES`; 403 `{message}` otherwise. Called by prosody's `reservations`
/// module with `Authorization: Bearer {JITSI_RESERVATION_SECRET}`; 404 when that is unset.
#[utoipa::path(tag = "jitsi",
    request_body(content = ConferenceForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, body = Conference),
        (status = 400, body = ReservationError, description = "No `name` in the form"),
        (status = 401, body = ReservationError, description = "Missing or wrong secret"),
        (status = 403, body = ReservationError, description = "No confirmed booking has this room now"),
        (status = 404, body = Problem, content_type = "application/problem+json", description = "`JITSI_RESERVATION_SECRET` is not set"),
    ),
    security(("jitsi_secret" = [])))]
#[post("/jitsi/conference")]
async fn create_conference(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    if let Err(refused) = authorize(&state, &req) {
        return Ok(refused.answer(&req));
    }
    // Read only once the secret is right, and only so much.
    let body = match payload.to_bytes_limited(MAX_BODY_BYTES).await {
        Ok(read) => read.map_err(|e| ApiError::BadRequest(format!("reading the body: {e}")))?,
        Err(_) => {
            return Err(ApiError::PayloadTooLarge(format!(
                "the form may be {MAX_BODY_BYTES} bytes at most"
            )))
        }
    };
    let form: ConferenceForm = match parse_form(&body) {
        Some(f) if !f.name.trim().is_empty() => f,
        _ => {
            return Ok(answer(
                StatusCode::BAD_REQUEST,
                "send the form fields name, start_time and mail_owner",
            ))
        }
    };
    let room = room_of(&form.name);
    let now = state.now().timestamp();
    let found = with_conn(&state, move |_, c| Ok(bookings::find_by_room(c, &room)?)).await?;
    let Some(booking) = found else {
        return Ok(answer(
            StatusCode::FORBIDDEN,
            "no booking has this room: it opens only for a booked meeting",
        ));
    };
    let duration = match remaining_seconds(&booking, now, &state.config.meetings) {
        Ok(d) => d,
        Err(why) => return Ok(answer(StatusCode::FORBIDDEN, &why)),
    };
    let mail_owner = match form.mail_owner.filter(|m| !m.is_empty()) {
        Some(m) => m,
        None => host_email(&state, &booking).await?,
    };
    Ok(granted(booking, form.name, mail_owner, now, duration))
}

/// The reservation of the booking with this id, judged as `POST` judges it (the module reads
/// it after a 409, which SmartCal never answers; for operators and completeness).
#[utoipa::path(tag = "jitsi",
    params(("id" = Uuid, Path, description = "The reservation's id (the booking's)")),
    responses(
        (status = 200, body = Conference),
        (status = 401, body = ReservationError, description = "Missing or wrong secret"),
        (status = 403, body = ReservationError, description = "The booking is not confirmed, or not now"),
        (status = 404, body = ReservationError, description = "No such reservation (or `JITSI_RESERVATION_SECRET` is not set: problem+json)"),
    ),
    security(("jitsi_secret" = [])))]
#[get("/jitsi/conference/{id}")]
async fn get_conference(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    if let Err(refused) = authorize(&state, &req) {
        return Ok(refused.answer(&req));
    }
    let Some(booking) = booking_by_id(&state, &id).await? else {
        return Ok(answer(StatusCode::NOT_FOUND, "no such reservation"));
    };
    let now = state.now().timestamp();
    let duration = match remaining_seconds(&booking, now, &state.config.meetings) {
        Ok(d) => d,
        Err(why) => return Ok(answer(StatusCode::FORBIDDEN, &why)),
    };
    let mail_owner = host_email(&state, &booking).await?;
    let name = booking.room_name.clone();
    Ok(granted(booking, name, mail_owner, now, duration))
}

/// The room is gone (everyone left, or prosody closed it at the reservation's end). Nothing
/// is kept per reservation, so this only acknowledges it: 200 for a booking's id, 404
/// otherwise; the booking itself is untouched and a later `POST` is judged afresh.
#[utoipa::path(tag = "jitsi",
    params(("id" = Uuid, Path, description = "The reservation's id (the booking's)")),
    responses(
        (status = 200, description = "Acknowledged"),
        (status = 401, body = ReservationError, description = "Missing or wrong secret"),
        (status = 404, body = ReservationError, description = "No such reservation (or `JITSI_RESERVATION_SECRET` is not set: problem+json)"),
    ),
    security(("jitsi_secret" = [])))]
#[delete("/jitsi/conference/{id}")]
async fn delete_conference(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    if let Err(refused) = authorize(&state, &req) {
        return Ok(refused.answer(&req));
    }
    match booking_by_id(&state, &id).await? {
        Some(_) => Ok(HttpResponse::Ok().finish()),
        None => Ok(answer(StatusCode::NOT_FOUND, "no such reservation")),
    }
}

/// Why a call is refused before anything is looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// `JITSI_RESERVATION_SECRET` is unset: the endpoints do not exist.
    NotConfigured,
    /// The bearer secret is missing or wrong.
    WrongSecret,
}

impl Refusal {
    /// 404 as for any unknown path, or 401 `{message}` naming no booking.
    fn answer(self, req: &HttpRequest) -> HttpResponse {
        match self {
            Refusal::NotConfigured => actix_web::ResponseError::error_response(
                &ApiError::NotFound(format!("no API endpoint at {}", req.path())),
            ),
            Refusal::WrongSecret => {
                let mut refused = answer(
                    StatusCode::UNAUTHORIZED,
                    "send Authorization: Bearer <JITSI_RESERVATION_SECRET> (prosody's reservations_api_headers)",
                );
                refused.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    header::HeaderValue::from_static("Bearer"),
                );
                refused
            }
        }
    }
}

/// `Ok` when the request carries `Authorization: Bearer {JITSI_RESERVATION_SECRET}` (the
/// scheme in any case). SHA-256 digests are compared without an early exit, so neither the
/// comparison nor the digest tells anything about the secret.
fn authorize(state: &AppState, req: &HttpRequest) -> Result<(), Refusal> {
    let Some(secret) = &state.config.meetings.reservation_secret else {
        return Err(Refusal::NotConfigured);
    };
    if has_bearer_secret(req, secret) {
        Ok(())
    } else {
        Err(Refusal::WrongSecret)
    }
}

/// Parses prosody's form (percent-escapes in keys and values, `+` for spaces, any order).
fn parse_form(body: &[u8]) -> Option<ConferenceForm> {
    let mut form = ConferenceForm::default();
    let mut named = false;
    for (key, value) in url::form_urlencoded::parse(body) {
        match key.as_ref() {
            "name" => {
                form.name = value.into_owned();
                named = true;
            }
            "start_time" => form.start_time = Some(value.into_owned()),
            "mail_owner" => form.mail_owner = Some(value.into_owned()),
            _ => {}
        }
    }
    named.then_some(form)
}

/// The stored room a reservation name means: without a `[tenant]` prefix, lowercase (as
/// SmartCal stores room names and as Jitsi treats them).
fn room_of(name: &str) -> String {
    let name = name.trim();
    let room = match name.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((_, room)) => room,
        None => name,
    };
    room.to_lowercase()
}

/// The booking with this id (`None` for ids that are not a UUID).
async fn booking_by_id(
    state: &web::Data<AppState>,
    id: &str,
) -> Result<Option<BookingRow>, ApiError> {
    let Ok(id) = Uuid::parse_str(id) else {
        return Ok(None);
    };
    let id = id.to_string();
    with_conn(state, move |_, c| match bookings::find(c, &id) {
        Ok(v) => Ok(Some(v.booking)),
        Err(smartcal_db::DbError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    })
    .await
}

/// The booking's host's email (the reservation's owner when prosody named none).
async fn host_email(state: &web::Data<AppState>, booking: &BookingRow) -> Result<String, ApiError> {
    let host_id = booking.host_id.clone();
    with_conn(state, move |_, c| Ok(hosts::find(c, &host_id)?.email)).await
}

/// 200 with the reservation: the room may run `duration` seconds from `now`.
fn granted(
    booking: BookingRow,
    name: String,
    mail_owner: String,
    now: i64,
    duration: i64,
) -> HttpResponse {
    HttpResponse::Ok().json(Conference {
        id: booking.id,
        name,
        mail_owner,
        start_time: from_unix(now).to_rfc3339_opts(SecondsFormat::Millis, true),
        duration,
    })
}

/// Seconds the booking's room may run from `now` (to its end plus overtime), or why it may not
/// open now: not confirmed, before [start − early join], after end + 60 min, or already past
/// its end plus overtime (prosody would only close it again).
fn remaining_seconds(
    booking: &BookingRow,
    now: i64,
    meetings: &MeetingSettings,
) -> Result<i64, String> {
    match booking.status {
        BookingStatus::Confirmed => {}
        BookingStatus::Pending => {
            return Err("this meeting waits for the host's confirmation".into())
        }
        BookingStatus::Declined => return Err("this meeting was declined".into()),
        BookingStatus::Cancelled => return Err("this meeting was cancelled".into()),
    }
    let opens = booking.start_at - i64::from(meetings.early_join_minutes) * 60;
    let closes = booking.end_at + i64::from(meetings.overtime_minutes) * 60;
    let window_ends = booking.end_at + OPEN_AFTER_END_SECONDS;
    if now < opens {
        return Err(format!(
            "this room opens at {} (UTC)",
            from_unix(opens).format("%Y-%m-%d %H:%M")
        ));
    }
    if now > window_ends || now >= closes {
        return Err("this meeting is over".into());
    }
    Ok(closes - now)
}

/// A JSON `{message}` answer, the shape the module reads its error text from.
fn answer(status: StatusCode, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(ReservationError {
        message: message.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn booking(status: BookingStatus, start_at: i64, end_at: i64) -> BookingRow {
        BookingRow {
            id: Uuid::nil().to_string(),
            agenda_id: "a".into(),
            host_id: "h".into(),
            start_at,
            end_at,
            guest_name: "G".into(),
            guest_email: "g@example.com".into(),
            guest_time_zone: "UTC".into(),
            guest_locale: "en".into(),
            notes: String::new(),
            status,
            room_name: "smartcal-a-1-abcdefghij".into(),
            meeting_url: String::new(),
            manage_token_hash: String::new(),
            sequence: 0,
            created_at: 0,
            updated_at: 0,
            cancelled_at: None,
            cancel_reason: None,
            answers: "[]".into(),
            reminders_minutes: "[]".into(),
            decide_token_hash: None,
            decided_at: None,
            decline_reason: None,
            cancelled_by: None,
        }
    }

    fn meetings(early: u32, overtime: u32) -> MeetingSettings {
        MeetingSettings {
            lobby: true,
            early_join_minutes: early,
            overtime_minutes: overtime,
            no_show_minutes: 15,
            reservation_secret: None,
            jaas_webhook_secret: None,
        }
    }

    #[test]
    fn a_confirmed_booking_runs_until_its_end_plus_overtime() {
        let b = booking(BookingStatus::Confirmed, 10_000, 11_800);
        let m = meetings(10, 15);
        assert_eq!(
            remaining_seconds(&b, 10_000 - 600, &m),
            Ok(11_800 + 900 - 9_400)
        );
        assert_eq!(remaining_seconds(&b, 10_000, &m), Ok(1_800 + 900));
        assert_eq!(remaining_seconds(&b, 11_800 + 899, &m), Ok(1));
        assert!(
            remaining_seconds(&b, 10_000 - 601, &m).is_err(),
            "too early"
        );
        assert!(
            remaining_seconds(&b, 11_800 + 900, &m).is_err(),
            "overtime is over"
        );
    }

    #[test]
    fn the_window_ends_an_hour_after_the_end_whatever_the_overtime() {
        let b = booking(BookingStatus::Confirmed, 10_000, 11_800);
        let m = meetings(10, 120);
        assert_eq!(remaining_seconds(&b, 11_800 + 3_600, &m), Ok(3_600));
        assert!(remaining_seconds(&b, 11_800 + 3_601, &m).is_err());
    }

    #[test]
    fn only_confirmed_bookings_open_their_room() {
        let m = meetings(10, 15);
        for s in [
            BookingStatus::Pending,
            BookingStatus::Declined,
            BookingStatus::Cancelled,
        ] {
            assert!(remaining_seconds(&booking(s, 10_000, 11_800), 10_000, &m).is_err());
        }
    }

    #[test]
    fn room_names_lose_their_tenant_and_case() {
        assert_eq!(room_of("SmartCal-A-1-XYZ"), "smartcal-a-1-xyz");
        assert_eq!(room_of("[acme]smartcal-a-1-xyz"), "smartcal-a-1-xyz");
        assert_eq!(room_of("plain"), "plain");
    }

    #[test]
    fn prosody_forms_parse_whatever_their_escapes_and_order() {
        let f = parse_form(
            b"mail%5fowner=ab12%40meet%2eexample%2ecom&name=smartcal%2da&start%5ftime=2026%2d12%2d07T05%3a27%3a23%2e000Z",
        )
        .expect("parsed");
        assert_eq!(f.name, "smartcal-a");
        assert_eq!(f.mail_owner.as_deref(), Some("ab12@meet.example.com"));
        assert_eq!(f.start_time.as_deref(), Some("2026-12-07T05:27:23.000Z"));
        assert!(parse_form(b"start_time=x").is_none());
    }

    #[test]
    fn secrets_compare_equal_only_when_equal() {
        assert!(crate::crypto::same_secret(
            "0123456789abcdef",
            "0123456789abcdef"
        ));
        assert!(!crate::crypto::same_secret(
            "0123456789abcdeF",
            "0123456789abcdef"
        ));
        assert!(!crate::crypto::same_secret("", "0123456789abcdef"));
    }
}
