//! Host calendars: the sources of a host's busy times (iCalendar feeds, CalDAV calendars) and
//! the host's subscribable feed of bookings.

use actix_web::{delete, get, post, web, HttpResponse};
use chrono::Duration;
use smartcal_db::calendars::{self, SourceRow};
use smartcal_db::DbError;
use smartcal_domain::ics::calendar_ics;
use smartcal_types::{
    CalendarFeed, CalendarKind, CalendarSource, CalendarSourceList, CreateCalendarRequest, Problem,
};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::crypto::{random_token, token_hash};
use crate::http::auth::AuthHost;
use crate::http::conn::with_conn;
use crate::http::error::ApiError;
use crate::integrations::outbound;
use crate::jobs::sync_now;
use crate::links::feed_urls;
use crate::state::AppState;
use crate::time::from_unix;
use crate::validate::Fields;
use crate::views;

/// Sources a host may have (more: 422 on `url`).
pub const MAX_SOURCES: i64 = 20;
/// How far back the feed lists bookings.
const FEED_PAST_DAYS: i64 = 90;
/// Bookings in the feed at most.
const FEED_LIMIT: i64 = 2000;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_calendars)
        .service(create_calendar)
        .service(delete_calendar)
        .service(sync_calendar)
        .service(get_feed)
        .service(rotate_feed)
        .service(feed_ics);
}

/// The host's busy-time sources with their sync state.
#[utoipa::path(tag = "calendars", responses(
    (status = 200, body = CalendarSourceList),
    (status = 401, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[get("/calendars")]
async fn list_calendars(
    state: web::Data<AppState>,
    host: AuthHost,
) -> Result<HttpResponse, ApiError> {
    let now = state.now().timestamp();
    let rows = with_conn(&state, move |_, c| Ok(calendars::list(c, &host.0.id)?)).await?;
    Ok(HttpResponse::Ok().json(CalendarSourceList {
        items: rows
            .iter()
            .map(|r| views::calendar_source(r, now))
            .collect(),
        next_cursor: None,
    }))
}

/// Add a busy-time source (20 per host at most). It is read at once in the background: the
/// answer shows it `pending`; `GET /calendars` then shows `last_sync_at`, or `last_error` when
/// the read failed (the source stays and is retried on schedule).
#[utoipa::path(tag = "calendars", request_body = CreateCalendarRequest, responses(
    (status = 201, body = CalendarSource),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json", description = "Invalid, or the host has 20 calendars already"),
), security(("session" = []), ("api_key" = [])))]
#[post("/calendars")]
async fn create_calendar(
    state: web::Data<AppState>,
    host: AuthHost,
    body: web::Json<CreateCalendarRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut f = Fields::default();
    let raw_url = f.text("url", &body.url, 1, 2000, false);
    let url = match url::Url::parse(&raw_url) {
        Ok(mut u) => {
            if u.scheme() == "webcal" || u.scheme() == "webcals" {
                let rest = raw_url.split_once("://").map_or("", |(_, r)| r);
                u = url::Url::parse(&format!("https://{rest}")).unwrap_or(u);
            }
            if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
                f.bad("url", "must be an http(s):// or webcal:// URL");
            }
            if let Some(refused) =
                outbound::refused_literal(&u, state.config.outbound_allow_private)
            {
                f.bad("url", refused);
            }
            if !u.username().is_empty() || u.password().is_some() {
                f.bad(
                    "url",
                    "put the user name and password in their own fields, not in the URL",
                );
            }
            u.to_string()
        }
        Err(_) => {
            if !raw_url.is_empty() {
                f.bad("url", "must be an http(s):// or webcal:// URL");
            }
            raw_url.clone()
        }
    };
    let name = match body
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        Some(n) => f.text("name", n, 1, 200, false),
        None => url::Url::parse(&url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| "Calendar".into()),
    };
    let is_caldav = body.kind == CalendarKind::Caldav;
    let username = body
        .username
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(|u| f.text("username", u, 1, 200, false));
    let password = body.password.clone().filter(|p| !p.is_empty());
    if !is_caldav {
        if username.is_some() {
            f.bad("username", "only CalDAV calendars take a user name");
        }
        if password.is_some() {
            f.bad(
                "password",
                "only CalDAV calendars take a password (an iCal address carries its secret)",
            );
        }
        if body.write_back {
            f.bad("write_back", "only CalDAV calendars can be written to");
        }
    }
    if password.as_deref().is_some_and(|p| p.len() > 1000) {
        f.bad("password", "must be at most 1000 characters");
    }
    if password.is_some() && username.is_none() {
        f.bad("username", "required with a password");
    }
    let password_enc = match &password {
        Some(p) if is_caldav => match state.config.calendars.passwords.encrypt(p) {
            Some(sealed) => Some(sealed),
            None => {
                f.bad(
                    "password",
                    "this server cannot store passwords: its operator must set SMARTCAL_SECRET_KEY",
                );
                None
            }
        },
        _ => None,
    };
    f.finish()?;
    let id = Uuid::new_v4().to_string();
    let view = with_conn(&state, move |st, c| {
        let now = st.now().timestamp();
        let row = SourceRow {
            id,
            host_id: host.0.id.clone(),
            kind: body.kind,
            name,
            url,
            username,
            password_enc,
            write_back: is_caldav && body.write_back,
            etag: None,
            last_modified: None,
            last_sync_at: None,
            last_attempt_at: None,
            last_error: None,
            busy_count: 0,
            next_sync_at: now,
            lease_owner: None,
            lease_until: None,
            created_at: now,
        };
        smartcal_db::write_transaction(c, |c| {
            smartcal_db::hosts::lock_host(c, &row.host_id)?;
            if calendars::count(c, &row.host_id)? >= MAX_SOURCES {
                let mut f = Fields::default();
                f.bad(
                    "url",
                    format!("a host can have at most {MAX_SOURCES} calendars: remove one first"),
                );
                f.finish()?;
            }
            calendars::insert(c, &row)?;
            Ok::<_, ApiError>(())
        })?;
        // Read by a sync thread, never by this request: a slow calendar server must not hold
        // up the API.
        sync_now(c, st, &row.id)?;
        Ok(views::calendar_source(&row, st.now().timestamp()))
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Remove a source and its busy times. Bookings already written into it stay there.
#[utoipa::path(tag = "calendars", params(("id" = Uuid, Path, description = "Calendar source id")), responses(
    (status = 204, description = "Removed"),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[delete("/calendars/{id}")]
async fn delete_calendar(
    state: web::Data<AppState>,
    host: AuthHost,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let gone = with_conn(&state, move |st, c| {
        let gone = calendars::delete(c, &host.0.id, &id)?;
        st.schedule_changed(&host.0.id);
        Ok(gone)
    })
    .await?;
    if !gone {
        return Err(ApiError::NotFound("no such calendar".into()));
    }
    Ok(HttpResponse::NoContent().finish())
}

/// Have a source read now, in the background: the answer shows it `pending`, and
/// `GET /calendars` shows how the read went.
#[utoipa::path(tag = "calendars", params(("id" = Uuid, Path, description = "Calendar source id")), responses(
    (status = 202, body = CalendarSource),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[post("/calendars/{id}/sync")]
async fn sync_calendar(
    state: web::Data<AppState>,
    host: AuthHost,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let view = with_conn(&state, move |st, c| {
        calendars::find(c, &host.0.id, &id).map_err(|e| match e {
            DbError::NotFound => ApiError::NotFound("no such calendar".into()),
            e => e.into(),
        })?;
        calendars::make_due(c, &id, st.now().timestamp())?;
        // The answer shows the source as queued (pending), even if a sync thread's own round
        // picked it up and finished meanwhile; `GET /calendars` tells how the read went.
        let now = st.now().timestamp();
        let mut view = views::calendar_source(&calendars::find(c, &host.0.id, &id)?, now);
        view.pending = true;
        st.calendars.wake();
        Ok(view)
    })
    .await?;
    Ok(HttpResponse::Accepted().json(view))
}

/// Whether the host has a subscribable feed (its URL is shown only when made).
#[utoipa::path(tag = "calendars", responses(
    (status = 200, body = CalendarFeed),
    (status = 401, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[get("/calendar-feed")]
async fn get_feed(state: web::Data<AppState>, host: AuthHost) -> Result<HttpResponse, ApiError> {
    let created = with_conn(&state, move |_, c| {
        Ok(calendars::feed_created_at(c, &host.0.id)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(CalendarFeed {
        url: None,
        webcal_url: None,
        active: created.is_some(),
        created_at: created.map(from_unix),
    }))
}

/// Make a new secret feed URL (the previous one stops working). The URL is shown this once.
#[utoipa::path(tag = "calendars", responses(
    (status = 200, body = CalendarFeed),
    (status = 401, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[post("/calendar-feed/rotate")]
async fn rotate_feed(state: web::Data<AppState>, host: AuthHost) -> Result<HttpResponse, ApiError> {
    let feed = with_conn(&state, move |st, c| {
        let token = random_token("");
        let now = st.now().timestamp();
        calendars::set_feed_token(c, &host.0.id, &token_hash(&token), now)?;
        let (url, webcal) = feed_urls(st, &token);
        Ok(CalendarFeed {
            url: Some(url),
            webcal_url: Some(webcal),
            active: true,
            created_at: Some(from_unix(now)),
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(feed))
}

/// The host's bookings as a calendar to subscribe to (confirmed ones, from 90 days ago on).
/// The token in the path is the secret: anyone with the URL can read the feed.
#[utoipa::path(tag = "calendars", params(("token" = String, Path, description = "The feed's secret token")), responses(
    (status = 200, content_type = "text/calendar", body = String),
    (status = 404, body = Problem, content_type = "application/problem+json", description = "Unknown or rotated token"),
))]
#[get("/calendar/{token}.ics")]
async fn feed_ics(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let token = token.into_inner();
    let text = with_conn(&state, move |st, c| {
        let Some(host_id) = calendars::feed_host(c, &token_hash(&token))? else {
            return Err(ApiError::NotFound("no such calendar feed".into()));
        };
        let host = smartcal_db::hosts::find(c, &host_id)?;
        if host.disabled_at.is_some() {
            return Err(ApiError::NotFound("no such calendar feed".into()));
        }
        let since = (st.now() - Duration::days(FEED_PAST_DAYS)).timestamp();
        let views = calendars::feed_bookings(c, &host_id, since, FEED_LIMIT)?;
        let locale = views::locale(&host.locale);
        let events: Vec<_> = views
            .iter()
            .map(|v| views::invitation(v, &host, locale))
            .collect();
        Ok(calendar_ics(
            &events,
            Some(&format!("{} · SmartCal", host.name)),
        ))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header(("Cache-Control", "private, max-age=300"))
        .body(text))
}
