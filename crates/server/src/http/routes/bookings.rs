//! Bookings: guests (or integrators on their behalf) book slots; hosts and guests list, view,
//! cancel, reschedule and download the invitation.
//!
//! Double booking is prevented inside the write transaction: the host's row is locked
//! (PostgreSQL) or the database's single writer is held (SQLite `BEGIN IMMEDIATE`) before the
//! slot is checked against the host's confirmed bookings and the new row is written, so the
//! check and the write can never interleave with another booking of that host, in this process
//! or any other.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::Duration;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use smartcal_db::bookings::{
    self, BookingRow, BookingStatus, BookingView, CancelledBy, Cursor, IdempotencyRow, Scope,
};
use smartcal_db::hosts::HostRow;
use smartcal_db::outbox::{self, Channel};
use smartcal_db::{agendas, hosts, invites, teams, DbConn, DbError};
use smartcal_domain::change::Change;
use smartcal_domain::ics::invitation_ics;
use smartcal_domain::questions;
use smartcal_domain::room;
use smartcal_domain::slots::Unbookable;
use smartcal_types::{
    Booking, BookingList, BookingScope, CancelBookingRequest, CreateBookingRequest, FieldError,
    NotificationKind, NotificationRecipient, Problem, Question, RequestRescheduleRequest,
    RescheduleBookingRequest, WebhookPayload,
};
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::crypto;
use crate::http::access::{self, bookable, Allowed};
use crate::http::auth::{AuthHost, MaybeHost};
use crate::http::conn::with_conn;
use crate::http::error::ApiError;
use crate::http::object::Object;
use crate::jobs::{self, Tokens};
use crate::links::{self, join_url, manage_url};
use crate::metrics::BookingOutcome;
use crate::schedule::{self, slot_rules};
use crate::state::AppState;
use crate::time::from_unix;
use crate::validate::Fields;
use crate::views;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_booking)
        .service(list_bookings)
        .service(get_booking)
        .service(cancel_booking)
        .service(reschedule_booking)
        .service(request_reschedule)
        .service(erase_booking)
        .service(booking_ics);
}

/// How long an `Idempotency-Key` answer is kept.
const IDEMPOTENCY_HOURS: i64 = 24;

/// The booking as its host sees it: with the delivery state of its emails.
fn host_views(
    c: &mut DbConn,
    st: &AppState,
    bookings: &[BookingView],
) -> Result<Vec<Booking>, ApiError> {
    let ids: Vec<String> = bookings.iter().map(|v| v.booking.id.clone()).collect();
    let rows = outbox::for_bookings(c, Channel::Email, &ids)?;
    Ok(bookings
        .iter()
        .map(|v| Booking {
            notifications: Some(
                rows.iter()
                    .filter(|r| r.booking_id == v.booking.id)
                    .filter_map(views::notification)
                    .collect(),
            ),
            join_url: join_url(st, &v.booking, None),
            ..views::booking(v, &st.config.meetings)
        })
        .collect())
}

/// After a cancel or reschedule (inside its transaction): queues the emails and events about
/// it and answers the booking as the caller may see it.
fn after_change(
    c: &mut DbConn,
    st: &AppState,
    id: &str,
    change: Change,
    caller: &Option<HostRow>,
    token: &Option<String>,
) -> Result<Booking, ApiError> {
    let after = bookings::find(c, id)?;
    let host = hosts::find(c, &after.booking.host_id)?;
    let guest = token
        .as_deref()
        .filter(|t| access::is_guest(&after, Some(t)));
    let tokens = Tokens {
        guest,
        decide: None,
    };
    jobs::enqueue(c, st, &after, &host, change, tokens)?;
    caller_view(c, st, &after, caller, token)
}

/// The booking as the caller may see it: the host's view has its notifications, the guest's
/// its token-carrying join link.
fn caller_view(
    c: &mut DbConn,
    st: &AppState,
    v: &BookingView,
    host: &Option<HostRow>,
    token: &Option<String>,
) -> Result<Booking, ApiError> {
    if host.as_ref().is_some_and(|h| h.id == v.booking.host_id) {
        let mut views = host_views(c, st, std::slice::from_ref(v))?;
        Ok(views.remove(0))
    } else {
        let offered = links::offered(st, c, &v.booking.agenda_id)?;
        Ok(Booking {
            join_url: join_url(st, &v.booking, token.as_deref()),
            agenda_active: Some(offered.active),
            booking_page_url: offered.booking_page,
            ..views::booking(v, &st.config.meetings)
        })
    }
}

/// How many changes that mail both sides a guest may make to one booking within
/// [`GUEST_CHANGE_WINDOW_SECONDS`]. Counted from the booking's queued emails in the database,
/// so every process sees the same count.
const GUEST_CHANGES_PER_WINDOW: usize = 5;
/// The window of [`GUEST_CHANGES_PER_WINDOW`].
const GUEST_CHANGE_WINDOW_SECONDS: i64 = 3600;

/// A 429 when the booking's guest emails about changes (reschedules, cancellation) of the last
/// hour already reach [`GUEST_CHANGES_PER_WINDOW`], with `Retry-After` until the oldest of them
/// leaves the window: a manage token must not become a way to mail host and guest on demand.
/// Call under the host's lock, so concurrent changes are counted one after the other.
fn guest_may_change(c: &mut DbConn, id: &str, now: i64) -> Result<(), ApiError> {
    let kinds = [
        NotificationKind::Reschedule.as_str(),
        NotificationKind::Cancellation.as_str(),
    ];
    let since = now - GUEST_CHANGE_WINDOW_SECONDS;
    let times =
        outbox::email_times_since(c, id, NotificationRecipient::Guest.as_str(), &kinds, since)?;
    if times.len() < GUEST_CHANGES_PER_WINDOW {
        return Ok(());
    }
    let frees_a_change =
        times[times.len() - GUEST_CHANGES_PER_WINDOW] + GUEST_CHANGE_WINDOW_SECONDS;
    Err(ApiError::TooManyRequests {
        message: format!(
            "this booking was changed {} times in the last hour; try again later",
            times.len()
        ),
        retry_after: (frees_a_change - now).max(1) as u64,
    })
}

/// A 409 for a booking whose guest data was erased: nobody is left to tell about a change.
fn refuse_erased(v: &BookingView) -> Result<(), ApiError> {
    if v.booking.guest_email == bookings::ERASED_GUEST_EMAIL {
        return Err(ApiError::Conflict(
            "this booking's guest data was erased; it cannot change any more".into(),
        ));
    }
    Ok(())
}

fn unbookable(e: Unbookable) -> ApiError {
    match e {
        Unbookable::NotASlot(reason) => {
            ApiError::Unprocessable(format!("start is not a bookable slot: {reason}"))
        }
        Unbookable::Taken => {
            ApiError::Conflict("this time is no longer available; please pick another slot".into())
        }
    }
}

/// Book a slot for a guest. Anyone may call it (the guest's booking page), or an integrator
/// with an API key. Honours `Idempotency-Key`: a retry with the same key and body returns the
/// first answer. On an agenda that requires confirmation the booking is a `pending` request:
/// it holds its time until the host confirms or declines it. An unlisted agenda needs
/// `invite`; an invite books once.
#[utoipa::path(tag = "bookings", request_body = CreateBookingRequest, params(
    ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body return the first answer for 24 hours. Keys are scoped to the caller: a host's (API key or session) reused with another body is a 422; an anonymous caller's are scoped to the body, so another body is a new request"),
), responses(
    (status = 201, body = Booking, description = "Booked (`confirmed`, or `pending` when the agenda requires confirmation); `manage_token` and `manage_url` are shown this once"),
    (status = 404, body = Problem, content_type = "application/problem+json", description = "No such active agenda, or an unlisted one without a valid invite"),
    (status = 409, body = Problem, content_type = "application/problem+json", description = "The slot is taken"),
    (status = 410, body = Problem, content_type = "application/problem+json", description = "The invite was used, expired or was revoked"),
    (status = 422, body = Problem, content_type = "application/problem+json", description = "Invalid fields (answers as `answers.{key}`), or the start is not a slot"),
))]
#[post("/bookings")]
async fn create_booking(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: MaybeHost,
    body: web::Json<CreateBookingRequest>,
) -> Result<HttpResponse, ApiError> {
    let result = book(&state, &req, caller, body.into_inner()).await;
    state.metrics.booking(match &result {
        Ok((_, false)) => BookingOutcome::Created,
        Ok((_, true)) => BookingOutcome::Replayed,
        Err(ApiError::Conflict(_)) => BookingOutcome::Taken,
        Err(ApiError::Validation(_) | ApiError::Unprocessable(_) | ApiError::BadRequest(_)) => {
            BookingOutcome::Invalid
        }
        Err(ApiError::NotFound(_)) => BookingOutcome::NotFound,
        Err(ApiError::Unavailable(_)) => BookingOutcome::Unavailable,
        Err(
            ApiError::Unauthorized(_)
            | ApiError::Forbidden(_)
            | ApiError::Gone(_)
            | ApiError::TooManyRequests { .. },
        ) => BookingOutcome::Refused,
        Err(_) => BookingOutcome::Error,
    });
    result.map(|(res, _)| res)
}

/// Books for `create_booking`; the answer, and whether it replays an `Idempotency-Key`'s.
async fn book(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    caller: MaybeHost,
    body: CreateBookingRequest,
) -> Result<(HttpResponse, bool), ApiError> {
    let mut f = Fields::default();
    let guest_name = f.text("guest_name", &body.guest_name, 1, 200, false);
    let guest_email = f.email("guest_email", &body.guest_email);
    let guest_tz = body
        .guest_time_zone
        .as_deref()
        .map(|z| f.time_zone("guest_time_zone", z).name().to_owned());
    let guest_locale = f.locale("guest_locale", body.guest_locale.as_deref());
    let notes = f.text("notes", body.notes.as_deref().unwrap_or(""), 0, 5000, true);
    let idem = match req.headers().get("Idempotency-Key") {
        None => None,
        Some(v) => match v
            .to_str()
            .ok()
            .map(str::trim)
            .filter(|k| !k.is_empty() && k.len() <= 255)
        {
            Some(k) => Some(k.to_owned()),
            None => {
                f.bad("Idempotency-Key", "must be 1–255 visible ASCII characters");
                None
            }
        },
    };
    f.finish()?;
    let request_hash = hex::encode(Sha256::digest(
        serde_json::to_vec(&body).unwrap_or_default(),
    ));
    // Whose keys a key is compared with. A host's (or integrator's) keys are theirs alone, and
    // reusing one with another body is a 422, as Stripe does. Anonymous callers share no
    // identity, so their key is scoped to the request itself: only the same key with the same
    // body — a retry — replays the answer (and its manage token); a stranger's request that
    // happens to reuse a key is an ordinary new request and learns nothing.
    let scope = caller.0.as_ref().map_or_else(
        || format!("public:{request_hash}"),
        |h| format!("host:{}", h.id),
    );
    let (status, json, replayed) = with_conn(state, move |st, c| {
        let (booked, answer) = smartcal_db::write_transaction(c, |c| {
            let (agenda, owner) = bookable(agendas::find(c, &body.agenda_id.to_string()))?;
            // Every host whose time this booking can take is locked, in one fixed order.
            let booked = schedule::booked(c, &agenda)?;
            booked.lock(c)?;
            let now = st.now();
            let idem_key = idem.as_ref().map(|k| format!("{scope}:{k}"));
            if let Some(key) = &idem_key {
                let cutoff = (now - Duration::hours(IDEMPOTENCY_HOURS)).timestamp();
                if let Some(prev) = bookings::find_idempotent(c, key, cutoff)? {
                    if prev.request_hash != request_hash {
                        return Err(ApiError::Unprocessable(
                            "this Idempotency-Key was used with a different request".into(),
                        ));
                    }
                    return Ok((booked, (201u16, prev.response_body, true)));
                }
            }
            // Before the slot: of guests racing with one invite for one time, all but the
            // first hear that the invite is spent (410), not that the time is taken.
            let invite = access::invited(c, &agenda, body.invite.as_deref(), now.timestamp())?;
            let questions: Vec<Question> =
                serde_json::from_str(&agenda.questions).unwrap_or_default();
            let answers = questions::answers(&questions, &body.answers).map_err(|problems| {
                ApiError::Validation(
                    problems
                        .into_iter()
                        .map(|(field, message)| FieldError { field, message })
                        .collect(),
                )
            })?;
            let rules = slot_rules(&agenda)?;
            // Under the hosts' locks: the busy time read holds every booking overlapping the
            // meeting and its buffers (requests included), so a slot this accepts overlaps no
            // other booking of any host it goes to.
            let placed = schedule::place(c, &agenda, &booked, &rules, body.start, now, None)?
                .map_err(unbookable)?;
            let slot = placed.slot;
            let host = if placed.host_id == owner.id {
                owner
            } else {
                hosts::find(c, &placed.host_id)?
            };
            let created = now.timestamp();
            // A seat joins its start's meeting, in the room its first guest's booking made.
            let (room_name, meeting_url) = match placed.seats_taken {
                0 => None,
                _ => bookings::seated_room(c, &agenda.id, slot.start.timestamp())?,
            }
            .unwrap_or_else(|| {
                let mut rng = rand::rngs::OsRng;
                let name = room::room_name(&agenda.id, created, &room::room_suffix(&mut rng));
                (name.clone(), room::meeting_url(&st.room_base, &name))
            });
            let manage_token = crypto::random_token("");
            // A request carries the host's decide link; a plain booking is confirmed at once.
            let decide_token = agenda
                .requires_confirmation
                .then(|| crypto::random_token(""));
            let row = BookingRow {
                id: Uuid::new_v4().to_string(),
                agenda_id: agenda.id.clone(),
                host_id: host.id.clone(),
                start_at: slot.start.timestamp(),
                end_at: slot.end.timestamp(),
                guest_name,
                guest_email,
                guest_time_zone: guest_tz.unwrap_or_else(|| agenda.time_zone.clone()),
                guest_locale,
                notes,
                status: if decide_token.is_some() {
                    BookingStatus::Pending
                } else {
                    BookingStatus::Confirmed
                },
                meeting_url,
                room_name,
                manage_token_hash: crypto::token_hash(&manage_token),
                sequence: 0,
                created_at: created,
                updated_at: created,
                cancelled_at: None,
                cancel_reason: None,
                answers: serde_json::to_string(&answers).unwrap_or_else(|_| "[]".into()),
                reminders_minutes: agenda.reminders_minutes.clone(),
                decide_token_hash: decide_token.as_deref().map(crypto::token_hash),
                decided_at: None,
                decline_reason: None,
                cancelled_by: None,
            };
            bookings::insert(c, &row)?;
            teams::add_co_hosts(c, &row.id, &placed.co_hosts)?;
            if let Some(invite) = &invite {
                if !invites::spend(c, &invite.id, &row.id, created)? {
                    return Err(ApiError::Gone(
                        "this invite was already used to book".into(),
                    ));
                }
            }
            let stored = BookingView {
                booking: row,
                agenda_title: agenda.title,
                host_name: host.name.clone(),
                attendance: None,
            };
            let url = manage_url(st, &stored.booking.id, &manage_token);
            let (change, tokens) = match &decide_token {
                Some(t) => (
                    Change::Requested,
                    Tokens {
                        guest: Some(&manage_token),
                        decide: Some(t),
                    },
                ),
                None => (
                    Change::Created,
                    Tokens {
                        guest: Some(&manage_token),
                        decide: None,
                    },
                ),
            };
            jobs::enqueue(c, st, &stored, &host, change, tokens)?;
            let mut view = views::booking(&stored, &st.config.meetings);
            view.join_url = join_url(st, &stored.booking, Some(&manage_token));
            view.manage_url = Some(url);
            view.manage_token = Some(manage_token);
            let json = serde_json::to_string(&view).map_err(|e| ApiError::Internal(e.into()))?;
            if let Some(key) = idem_key {
                bookings::purge_idempotent(
                    c,
                    (now - Duration::hours(IDEMPOTENCY_HOURS)).timestamp(),
                )?;
                bookings::save_idempotent(
                    c,
                    &IdempotencyRow {
                        idem_key: key,
                        request_hash,
                        booking_id: view.id.to_string(),
                        response_body: json.clone(),
                        created_at: created,
                    },
                )?;
            }
            Ok((booked, (201u16, json, false)))
        })?;
        booked.changed(st);
        Ok(answer)
    })
    .await?;
    state.outbox.wake();
    let code = actix_web::http::StatusCode::from_u16(status)
        .unwrap_or(actix_web::http::StatusCode::CREATED);
    Ok((
        HttpResponse::build(code)
            .content_type("application/json")
            .body(json),
        replayed,
    ))
}

/// `GET /bookings` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `upcoming`, `past` or `all`; the default is `upcoming`, or `all` when `status` is
    /// given (so `?status=cancelled` is every cancelled booking, soonest first).
    scope: Option<BookingScope>,
    /// Only bookings in this status: `pending`, `confirmed`, `declined` or `cancelled`.
    #[param(value_type = Option<BookingStatus>)]
    status: Option<String>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Page size, 1–200 (default 50).
    limit: Option<u32>,
}

fn parse_cursor(s: &str) -> Option<Cursor> {
    let (t, id) = s.split_once('_')?;
    Some(Cursor {
        start_at: t.parse().ok()?,
        id: Uuid::parse_str(id).ok()?.to_string(),
    })
}

/// The host's bookings, a page at a time.
#[utoipa::path(tag = "bookings", params(ListQuery), responses(
    (status = 200, body = BookingList),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[get("/bookings")]
async fn list_bookings(
    state: web::Data<AppState>,
    host: AuthHost,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = q.into_inner();
    let mut f = Fields::default();
    let limit = f.range("limit", q.limit.unwrap_or(50), 1, 200) as i64;
    let cursor = q.cursor.as_deref().and_then(|c| {
        let parsed = parse_cursor(c);
        if parsed.is_none() {
            f.bad("cursor", "not a cursor from a previous page");
        }
        parsed
    });
    let status = q.status.as_deref().and_then(|s| {
        let parsed = BookingStatus::from_name(s);
        if parsed.is_none() {
            let names: Vec<&str> = BookingStatus::ALL.iter().map(|s| s.as_str()).collect();
            f.bad("status", format!("must be one of {}", names.join(", ")));
        }
        parsed
    });
    f.finish()?;
    let default_scope = match status {
        Some(_) => BookingScope::All,
        None => BookingScope::Upcoming,
    };
    let scope = match q.scope.unwrap_or(default_scope) {
        BookingScope::Upcoming => Scope::Upcoming,
        BookingScope::Past => Scope::Past,
        BookingScope::All => Scope::All,
    };
    let (items, next_cursor) = with_conn(&state, move |st, c| {
        let mut rows = bookings::list(
            c,
            &host.0.id,
            scope,
            status,
            st.now().timestamp(),
            cursor.as_ref(),
            limit + 1,
        )?;
        let next_cursor = (rows.len() as i64 > limit)
            .then(|| rows.get(limit as usize - 1))
            .flatten()
            .map(|v| format!("{}_{}", v.booking.start_at, v.booking.id));
        rows.truncate(limit as usize);
        Ok((host_views(c, st, &rows)?, next_cursor))
    })
    .await?;
    Ok(HttpResponse::Ok().json(BookingList { items, next_cursor }))
}

/// The guest's `?token=`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TokenQuery {
    /// The guest's manage token (from the booking answer or email); hosts use their session.
    token: Option<String>,
}

/// One booking: for its host, its guest (`?token=` the manage token) or whoever holds the
/// decide link of a pending request (`?token=` the decide token).
#[utoipa::path(tag = "bookings", params(("id" = Uuid, Path, description = "Booking id"), TokenQuery), responses(
    (status = 200, body = Booking),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/bookings/{id}")]
async fn get_booking(
    state: web::Data<AppState>,
    caller: MaybeHost,
    id: web::Path<Uuid>,
    q: web::Query<TokenQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let token = q.into_inner().token;
    let booking = with_conn(&state, move |st, c| {
        let v = access::booking_for(c, &id, &caller.0, &token, Allowed::Anyone)?;
        let guest_token = token.filter(|t| access::is_guest(&v, Some(t)));
        caller_view(c, st, &v, &caller.0, &guest_token)
    })
    .await?;
    Ok(HttpResponse::Ok().json(booking))
}

/// Cancel a booking or withdraw a request (host, or guest with `?token=`): its slot is free
/// again.
#[utoipa::path(tag = "bookings", params(("id" = Uuid, Path, description = "Booking id"), TokenQuery), request_body = CancelBookingRequest, responses(
    (status = 200, body = Booking),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json", description = "Already cancelled or declined, or its guest data was erased"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/bookings/{id}/cancel")]
async fn cancel_booking(
    state: web::Data<AppState>,
    caller: MaybeHost,
    id: web::Path<Uuid>,
    q: web::Query<TokenQuery>,
    body: web::Json<Object<CancelBookingRequest>>,
) -> Result<HttpResponse, ApiError> {
    let mut f = Fields::default();
    let body = body.into_inner().0;
    let reason = f.reason("reason", body.reason.as_deref());
    f.finish()?;
    let id = id.into_inner().to_string();
    let token = q.into_inner().token;
    let v = with_conn(&state, move |st, c| {
        let (booked, v) = smartcal_db::write_transaction(c, |c| {
            let v = access::booking(c, &id, &caller.0, &token)?;
            if !v.booking.status.holds_time() {
                return Err(ApiError::Conflict(format!(
                    "this booking is already {}",
                    v.booking.status.as_str()
                )));
            }
            refuse_erased(&v)?;
            // The host (or a co-host) cancelling with their credentials; anyone else got
            // here with the guest's manage token.
            let by = match &caller.0 {
                Some(h) if access::is_host(c, &v, &h.id)? => CancelledBy::Host,
                _ => CancelledBy::Guest,
            };
            bookings::cancel(c, &id, reason.as_deref(), by, st.now().timestamp())?;
            let changed = after_change(c, st, &id, Change::Cancelled, &caller.0, &token)?;
            Ok((schedule::hosts_of(c, &v.booking)?, changed))
        })?;
        booked.changed(st);
        Ok(v)
    })
    .await?;
    state.outbox.wake();
    Ok(HttpResponse::Ok().json(v))
}

/// Move a booking to another free slot of its agenda (same id, same room). A guest (with
/// `?token=`) may change a booking at most 5 times an hour.
#[utoipa::path(tag = "bookings", params(("id" = Uuid, Path, description = "Booking id"), TokenQuery), request_body = RescheduleBookingRequest, responses(
    (status = 200, body = Booking),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json", description = "Cancelled, declined, still a request, or erased; or the new slot is taken"),
    (status = 422, body = Problem, content_type = "application/problem+json", description = "The new start is the current one, or not a slot"),
    (status = 429, body = Problem, content_type = "application/problem+json", description = "The guest changed this booking too often lately; see `Retry-After`"),
))]
#[post("/bookings/{id}/reschedule")]
async fn reschedule_booking(
    state: web::Data<AppState>,
    caller: MaybeHost,
    id: web::Path<Uuid>,
    q: web::Query<TokenQuery>,
    body: web::Json<RescheduleBookingRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let token = q.into_inner().token;
    let start = body.start;
    let v = with_conn(&state, move |st, c| {
        let (booked, v) = smartcal_db::write_transaction(c, |c| {
            let v = access::booking(c, &id, &caller.0, &token)?;
            match v.booking.status {
                BookingStatus::Confirmed => {}
                // Its emails would hand out the meeting link before the host said yes.
                BookingStatus::Pending => {
                    return Err(ApiError::Conflict(
                        "a request cannot be moved while it waits for the host: withdraw it \
                         and request another time"
                            .into(),
                    ))
                }
                other => {
                    return Err(ApiError::Conflict(format!(
                        "a {} booking cannot be rescheduled",
                        other.as_str()
                    )))
                }
            }
            refuse_erased(&v)?;
            if start.timestamp() == v.booking.start_at {
                return Err(ApiError::field(
                    "start",
                    "is the booking's current start; pick another time",
                ));
            }
            // The booking's hosts (a collective booking's every member), in lock order.
            let booked = schedule::hosts_of(c, &v.booking)?;
            booked.lock(c)?;
            let by_host = caller.0.as_ref().is_some_and(|h| h.id == v.booking.host_id);
            if !by_host {
                guest_may_change(c, &id, st.now().timestamp())?;
            }
            let (agenda, _) = match agendas::find(c, &v.booking.agenda_id) {
                Ok(found) => found,
                Err(DbError::NotFound) => {
                    return Err(ApiError::Unprocessable("the agenda was deleted".into()))
                }
                Err(e) => return Err(e.into()),
            };
            let rules = slot_rules(&agenda)?;
            let placed = schedule::place(c, &agenda, &booked, &rules, start, st.now(), Some(&id))?
                .map_err(unbookable)?;
            let slot = placed.slot;
            // A seat moves into its new start's meeting (and room), or into a room of its own.
            let room = match (agenda.seats > 1, placed.seats_taken) {
                (false, _) => None,
                (true, 0) => {
                    let mut rng = rand::rngs::OsRng;
                    let now = st.now().timestamp();
                    let name = room::room_name(&agenda.id, now, &room::room_suffix(&mut rng));
                    Some((name.clone(), room::meeting_url(&st.room_base, &name)))
                }
                (true, _) => bookings::seated_room(c, &agenda.id, slot.start.timestamp())?,
            };
            bookings::reschedule(
                c,
                &id,
                slot.start.timestamp(),
                slot.end.timestamp(),
                room.as_ref().map(|(n, u)| (n.as_str(), u.as_str())),
                st.now().timestamp(),
            )?;
            let change = Change::Rescheduled {
                previous_start: from_unix(v.booking.start_at),
            };
            let changed = after_change(c, st, &id, change, &caller.0, &token)?;
            Ok((booked, changed))
        })?;
        booked.changed(st);
        Ok(v)
    })
    .await?;
    state.outbox.wake();
    Ok(HttpResponse::Ok().json(v))
}

/// How many requests to choose a new time a host may send about one booking within
/// [`GUEST_CHANGE_WINDOW_SECONDS`]: each one emails the guest.
const RESCHEDULE_REQUESTS_PER_WINDOW: usize = 3;

/// Ask the guest to choose a new time (the booking's host only). The guest gets an email with
/// the host's `message` and a fresh manage link, where they pick a free time of the agenda
/// (or cancel); the host's answer lists it in `notifications` as `reschedule_request`.
///
/// The booking keeps its time until the guest moves it. Cal.com's "request reschedule"
/// cancels the booking instead; here a guest who does not act still has their meeting (and
/// the host can still cancel it), the time is not given away meanwhile, and the meeting link
/// keeps working. Because the guest's manage token is stored only hashed, the request rotates
/// it: the email carries the new link and the links of the guest's earlier emails stop
/// working (see `jobs::reschedule_request`). At most 3 such requests an hour per booking.
#[utoipa::path(tag = "bookings", params(("id" = Uuid, Path, description = "Booking id")), request_body = RequestRescheduleRequest, responses(
    (status = 200, body = Booking, description = "The guest's email is queued"),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json", description = "No such booking of this host"),
    (status = 409, body = Problem, content_type = "application/problem+json", description = "Cancelled, declined, still a request, over, or its guest data was erased"),
    (status = 422, body = Problem, content_type = "application/problem+json", description = "`message` too long"),
    (status = 429, body = Problem, content_type = "application/problem+json", description = "Asked 3 times in the last hour already; see `Retry-After`"),
), security(("session" = []), ("api_key" = [])))]
#[post("/bookings/{id}/request-reschedule")]
async fn request_reschedule(
    state: web::Data<AppState>,
    host: AuthHost,
    id: web::Path<Uuid>,
    body: web::Json<Object<RequestRescheduleRequest>>,
) -> Result<HttpResponse, ApiError> {
    let mut f = Fields::default();
    let message = f.reason("message", body.into_inner().0.message.as_deref());
    f.finish()?;
    let id = id.into_inner().to_string();
    let caller = Some(host.0);
    let v = with_conn(&state, move |st, c| {
        smartcal_db::write_transaction(c, |c| {
            let v = access::booking(c, &id, &caller, &None)?;
            // The booking's hosts, in lock order: a guest moving it meanwhile waits, then
            // finds its token replaced.
            schedule::hosts_of(c, &v.booking)?.lock(c)?;
            let v = bookings::find(c, &id)?;
            match v.booking.status {
                BookingStatus::Confirmed => {}
                BookingStatus::Pending => {
                    return Err(ApiError::Conflict(
                        "this request waits for your decision: confirm or decline it".into(),
                    ))
                }
                other => {
                    return Err(ApiError::Conflict(format!(
                        "a {} booking cannot be rescheduled",
                        other.as_str()
                    )))
                }
            }
            refuse_erased(&v)?;
            let now = st.now().timestamp();
            if v.booking.end_at <= now {
                return Err(ApiError::Conflict(
                    "this meeting is over; it cannot be rescheduled".into(),
                ));
            }
            let kinds = [NotificationKind::RescheduleRequest.as_str()];
            let since = now - GUEST_CHANGE_WINDOW_SECONDS;
            let times = outbox::email_times_since(
                c,
                &id,
                NotificationRecipient::Guest.as_str(),
                &kinds,
                since,
            )?;
            if times.len() >= RESCHEDULE_REQUESTS_PER_WINDOW {
                let frees = times[times.len() - RESCHEDULE_REQUESTS_PER_WINDOW]
                    + GUEST_CHANGE_WINDOW_SECONDS;
                return Err(ApiError::TooManyRequests {
                    message: format!(
                        "the guest was asked {} times in the last hour; try again later",
                        times.len()
                    ),
                    retry_after: (frees - now).max(1) as u64,
                });
            }
            let token = crypto::random_token("");
            bookings::rotate_manage_token(c, &id, &crypto::token_hash(&token), now)?;
            let after = bookings::find(c, &id)?;
            let owner = hosts::find(c, &after.booking.host_id)?;
            jobs::reschedule_request::queue(c, st, &after, &owner, &token, message.as_deref())?;
            caller_view(c, st, &after, &caller, &None)
        })
    })
    .await?;
    state.outbox.wake();
    Ok(HttpResponse::Ok().json(v))
}

/// What an erased booking's waiting emails say instead of being sent.
const ERASED_BEFORE_SENDING: &str = "not sent: the guest's data was erased";

/// Erase the guest's personal data from a past or cancelled booking (its host only): name,
/// email, notes and cancel reason become placeholders (`Erased guest`, `erased@invalid`), the
/// stored copies of its emails are emptied (waiting ones are not sent; the `.eml` files of the
/// file mailer are removed), its webhook events carry the placeholders, and the guest's
/// manage link stops working. The meeting's time, agenda and status stay. Repeating it is
/// harmless.
#[utoipa::path(tag = "bookings", params(("id" = Uuid, Path, description = "Booking id")), responses(
    (status = 200, body = Booking, description = "Erased (also when it already was)"),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json", description = "No such booking of this host"),
    (status = 409, body = Problem, content_type = "application/problem+json", description = "The booking (or request) holds a time that has not ended: cancel it first"),
), security(("session" = []), ("api_key" = [])))]
#[post("/bookings/{id}/erase")]
async fn erase_booking(
    state: web::Data<AppState>,
    host: AuthHost,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let caller = Some(host.0);
    let booking = with_conn(&state, move |st, c| {
        let (booking, emails) = smartcal_db::write_transaction(c, |c| {
            let v = access::booking(c, &id, &caller, &None)?;
            let now = st.now().timestamp();
            if v.booking.status.holds_time() && v.booking.end_at > now {
                return Err(ApiError::Conflict(
                    "this booking is still to come: only past or cancelled bookings can be \
                     erased; cancel it first"
                        .into(),
                ));
            }
            let nobodys_token = crypto::token_hash(&crypto::random_token(""));
            bookings::erase_guest(c, &id, &nobodys_token, now)?;
            outbox::erase_emails(c, &id, ERASED_BEFORE_SENDING)?;
            let rows = outbox::of_booking(c, &id)?;
            for row in rows.iter().filter(|r| r.channel == Channel::Webhook) {
                outbox::replace_payload(c, &row.id, &erased_webhook_payload(&row.payload))?;
            }
            let after = bookings::find(c, &id)?;
            Ok::<_, ApiError>((caller_view(c, st, &after, &caller, &None)?, rows))
        })?;
        // The file mailer's copies (SMTP's are with the mail server), once the erase is
        // committed; the answer says erased, so a file that cannot go is a 500 to retry.
        if st.config.smtp_url.is_none() {
            jobs::remove_written_emails(&st.config.mail_dir, &emails)
                .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("mail folder")))?;
        }
        Ok(booking)
    })
    .await?;
    Ok(HttpResponse::Ok().json(booking))
}

/// A stored webhook event with the guest's data replaced by the erased placeholders (or
/// emptied, if it is not an event this version wrote).
fn erased_webhook_payload(payload: &str) -> String {
    match serde_json::from_str::<WebhookPayload>(payload) {
        Ok(mut event) => {
            let b = &mut event.data.booking;
            b.guest_name = bookings::ERASED_GUEST_NAME.to_owned();
            b.guest_email = bookings::ERASED_GUEST_EMAIL.to_owned();
            b.notes = String::new();
            b.cancel_reason = None;
            b.decline_reason = None;
            b.answers.clear();
            serde_json::to_string(&event).unwrap_or_else(|_| "{}".to_owned())
        }
        Err(_) => "{}".to_owned(),
    }
}

/// The booking's calendar invitation (REQUEST, or CANCEL once cancelled).
#[utoipa::path(tag = "bookings", params(("id" = Uuid, Path, description = "Booking id"), TokenQuery), responses(
    (status = 200, content_type = "text/calendar", body = String),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/bookings/{id}/ics")]
async fn booking_ics(
    state: web::Data<AppState>,
    caller: MaybeHost,
    id: web::Path<Uuid>,
    q: web::Query<TokenQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let token = q.into_inner().token;
    let text = with_conn(&state, move |_, c| {
        let v = access::booking(c, &id, &caller.0, &token)?;
        let host = hosts::find(c, &v.booking.host_id)?;
        // In the reader's language: the guest's with their token, else the host's.
        let locale = match caller.0 {
            Some(_) => views::locale(&host.locale),
            None => views::locale(&v.booking.guest_locale),
        };
        Ok(invitation_ics(&views::invitation(&v, &host, locale)))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header(("Content-Disposition", "attachment; filename=\"invite.ics\""))
        .body(text))
}
