//! Agendas (a host's bookable meeting types), their public page data and their free slots.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{delete, get, patch, post, web, FromRequest, HttpRequest, HttpResponse};
use chrono::{Duration, NaiveDate};
use serde::Deserialize;
use smartcal_db::agendas::{self, AgendaRow};
use smartcal_domain::clock_time::{format_hhmm, weekday_name};
use smartcal_domain::slots;
use smartcal_types::{
    Agenda, AgendaList, AvailabilityInterval, CreateAgendaRequest, DateOverride, Problem,
    PublicAgenda, Slot, SlotList, TimeInterval, UpdateAgendaRequest,
};
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::http::access::{self, bookable, invited, own_agenda};
use crate::http::auth::AuthHost;
use crate::http::auth::MaybeHost;
use crate::http::conn::with_conn;
use crate::http::error::ApiError;
use crate::http::object::Object;
use crate::schedule::{busy_around, slot_rules};
use crate::slot_cache;
use crate::state::AppState;
use crate::validate::{slugify, Fields};
use crate::views;

/// Live agendas a host may have (more: 422 on `title`).
pub const MAX_AGENDAS: i64 = 50;
/// Weekly availability intervals per agenda at most (six per weekday).
pub const MAX_WEEKLY_INTERVALS: usize = 42;
/// Intervals of all date overrides of an agenda together at most (two per day of a year).
pub const MAX_OVERRIDE_INTERVALS: usize = 732;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_agendas)
        .service(create_agenda)
        .service(get_agenda)
        .service(update_agenda)
        .service(delete_agenda)
        .service(public_agenda)
        .service(agenda_slots);
}

fn normalize_availability(
    rules: &[smartcal_domain::slots::WeeklyRule],
) -> Vec<AvailabilityInterval> {
    rules
        .iter()
        .map(|r| AvailabilityInterval {
            weekday: weekday_name(r.weekday).into(),
            start: format_hhmm(r.interval.start),
            end: format_hhmm(r.interval.end),
        })
        .collect()
}

fn normalize_overrides(items: &[smartcal_domain::slots::DateOverride]) -> Vec<DateOverride> {
    items
        .iter()
        .map(|o| DateOverride {
            date: o.date,
            intervals: o
                .intervals
                .iter()
                .map(|iv| TimeInterval {
                    start: format_hhmm(iv.start),
                    end: format_hhmm(iv.end),
                })
                .collect(),
        })
        .collect()
}

/// Validates the full set of an agenda's settings into `row` (create and patch share this).
fn apply_settings(row: &mut AgendaRow, req: &UpdateAgendaRequest, f: &mut Fields) {
    if let Some(t) = &req.title {
        row.title = f.text("title", t, 1, 200, false);
    }
    if let Some(s) = &req.slug {
        row.slug = f.slug("slug", s);
    }
    if let Some(d) = &req.description {
        row.description = f.text("description", d, 0, 5000, true);
    }
    if let Some(d) = req.duration_minutes {
        let most = smartcal_db::bookings::MAX_BOOKING_MINUTES as u32;
        row.duration_minutes = f.range("duration_minutes", d, 5, most) as i32;
    }
    if let Some(tz) = &req.time_zone {
        row.time_zone = f.time_zone("time_zone", tz).name().to_owned();
    }
    // What a slot page costs grows with these: bounded (README, "Host calendars").
    if let Some(a) = &req.availability {
        if a.len() > MAX_WEEKLY_INTERVALS {
            f.bad(
                "availability",
                format!("at most {MAX_WEEKLY_INTERVALS} weekly intervals"),
            );
        } else {
            let rules = f.availability(a);
            row.availability =
                serde_json::to_string(&normalize_availability(&rules)).unwrap_or_default();
        }
    }
    if let Some(o) = &req.date_overrides {
        if o.iter().map(|d| d.intervals.len()).sum::<usize>() > MAX_OVERRIDE_INTERVALS {
            f.bad(
                "date_overrides",
                format!("at most {MAX_OVERRIDE_INTERVALS} intervals in all overrides together"),
            );
        }
        let items = f.overrides(o);
        row.date_overrides =
            serde_json::to_string(&normalize_overrides(&items)).unwrap_or_default();
    }
    if let Some(v) = req.buffer_before_minutes {
        row.buffer_before_minutes = f.range("buffer_before_minutes", v, 0, 720) as i32;
    }
    if let Some(v) = req.buffer_after_minutes {
        row.buffer_after_minutes = f.range("buffer_after_minutes", v, 0, 720) as i32;
    }
    if let Some(v) = req.min_notice_minutes {
        row.min_notice_minutes = f.range("min_notice_minutes", v, 0, 525_600) as i32;
    }
    if let Some(v) = req.horizon_days {
        row.horizon_days = f.range("horizon_days", v, 1, 730) as i32;
    }
    if let Some(v) = req.slot_step_minutes {
        row.slot_step_minutes = f.range("slot_step_minutes", v, 5, 720) as i32;
    }
    if let Some(v) = req.max_bookings_per_day {
        row.max_bookings_per_day = v.map(|n| f.range("max_bookings_per_day", n, 1, 1000) as i32);
    }
    if let Some(v) = req.max_bookings_per_week {
        row.max_bookings_per_week = v.map(|n| f.range("max_bookings_per_week", n, 1, 5000) as i32);
    }
    if let Some(v) = req.max_bookings_per_month {
        row.max_bookings_per_month =
            v.map(|n| f.range("max_bookings_per_month", n, 1, 20000) as i32);
    }
    if let Some(q) = &req.questions {
        let q = smartcal_domain::questions::tidy_questions(q);
        for (field, message) in smartcal_domain::questions::check_questions(&q) {
            f.bad(field, message);
        }
        row.questions = serde_json::to_string(&q).unwrap_or_default();
    }
    if let Some(c) = req.requires_confirmation {
        row.requires_confirmation = c;
    }
    // 0–5 distinct values of 5–10080 minutes (a week), stored ascending.
    if let Some(r) = &req.reminders_minutes {
        let mut sorted = r.clone();
        sorted.sort_unstable();
        if r.len() > 5 {
            f.bad(
                "reminders_minutes",
                format!("at most 5 reminders (got {})", r.len()),
            );
        }
        if let Some(v) = r.iter().find(|&&v| !(5..=10_080).contains(&v)) {
            f.bad(
                "reminders_minutes",
                format!("each reminder must be 5–10080 minutes before the start (got {v})"),
            );
        }
        if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
            f.bad(
                "reminders_minutes",
                format!("{} minutes is given twice: each reminder once", w[0]),
            );
        }
        row.reminders_minutes = serde_json::to_string(&sorted).unwrap_or_default();
    }
    if let Some(l) = req.listed {
        row.listed = l;
    }
    if let Some(a) = req.active {
        row.active = a;
    }
}

/// The host's agendas.
#[utoipa::path(tag = "agendas", responses(
    (status = 200, body = AgendaList),
    (status = 401, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[get("/agendas")]
async fn list_agendas(
    state: web::Data<AppState>,
    host: AuthHost,
) -> Result<HttpResponse, ApiError> {
    let rows = with_conn(&state, move |_, c| {
        Ok(agendas::list(c, &host.0.id)?
            .into_iter()
            .map(|a| views::agenda(&a, &host.0.slug))
            .collect())
    })
    .await?;
    Ok(HttpResponse::Ok().json(AgendaList {
        items: rows,
        next_cursor: None,
    }))
}

/// Create an agenda (50 per host at most).
#[utoipa::path(tag = "agendas", request_body = CreateAgendaRequest, responses(
    (status = 201, body = Agenda),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json", description = "Slug in use"),
    (status = 422, body = Problem, content_type = "application/problem+json", description = "Invalid, or the host has 50 agendas already"),
), security(("session" = []), ("api_key" = [])))]
#[post("/agendas")]
async fn create_agenda(
    state: web::Data<AppState>,
    host: AuthHost,
    body: web::Json<CreateAgendaRequest>,
) -> Result<HttpResponse, ApiError> {
    let req = body.into_inner();
    let now = state.now().timestamp();
    let mut row = AgendaRow {
        id: Uuid::new_v4().to_string(),
        host_id: host.0.id.clone(),
        slug: String::new(),
        title: String::new(),
        description: String::new(),
        duration_minutes: 30,
        time_zone: host.0.time_zone.clone(),
        availability: "[]".into(),
        date_overrides: "[]".into(),
        buffer_before_minutes: 0,
        buffer_after_minutes: 0,
        min_notice_minutes: 240,
        horizon_days: 60,
        slot_step_minutes: 0,
        max_bookings_per_day: None,
        max_bookings_per_week: None,
        max_bookings_per_month: None,
        questions: "[]".into(),
        requires_confirmation: false,
        reminders_minutes: "[]".into(),
        listed: true,
        active: true,
        created_at: now,
        updated_at: now,
        deleted_at: None,
    };
    let patch = UpdateAgendaRequest {
        title: Some(req.title.clone()),
        slug: Some(req.slug.clone().unwrap_or_else(|| slugify(&req.title))),
        description: req.description,
        duration_minutes: Some(req.duration_minutes),
        time_zone: req.time_zone,
        availability: Some(req.availability),
        date_overrides: Some(req.date_overrides),
        buffer_before_minutes: req.buffer_before_minutes,
        buffer_after_minutes: req.buffer_after_minutes,
        min_notice_minutes: req.min_notice_minutes,
        horizon_days: req.horizon_days,
        slot_step_minutes: Some(req.slot_step_minutes.unwrap_or(req.duration_minutes)),
        max_bookings_per_day: req.max_bookings_per_day.map(Some),
        max_bookings_per_week: req.max_bookings_per_week.map(Some),
        max_bookings_per_month: req.max_bookings_per_month.map(Some),
        questions: req.questions,
        requires_confirmation: req.requires_confirmation,
        reminders_minutes: req.reminders_minutes,
        listed: req.listed,
        active: req.active,
    };
    let mut f = Fields::default();
    apply_settings(&mut row, &patch, &mut f);
    f.finish()?;
    let view = with_conn(&state, move |_, c| {
        smartcal_db::write_transaction(c, |c| {
            smartcal_db::hosts::lock_host(c, &row.host_id)?;
            if agendas::count_live(c, &row.host_id)? >= MAX_AGENDAS {
                let mut f = Fields::default();
                f.bad(
                    "title",
                    format!("a host can have at most {MAX_AGENDAS} agendas: delete one first"),
                );
                f.finish()?;
            }
            if agendas::slug_taken(c, &row.host_id, &row.slug, &row.id)? {
                return Err(ApiError::Conflict(format!(
                    "you already have an agenda with the slug {:?}",
                    row.slug
                )));
            }
            agendas::insert(c, &row)?;
            Ok(views::agenda(&row, &host.0.slug))
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// One of the host's agendas.
#[utoipa::path(tag = "agendas", params(("id" = Uuid, Path, description = "Agenda id")), responses(
    (status = 200, body = Agenda),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[get("/agendas/{id}")]
async fn get_agenda(
    state: web::Data<AppState>,
    host: AuthHost,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let view = with_conn(&state, move |_, c| {
        Ok(views::agenda(&own_agenda(c, &host.0, &id)?, &host.0.slug))
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Change some of an agenda's settings.
#[utoipa::path(tag = "agendas", params(("id" = Uuid, Path, description = "Agenda id")), request_body = UpdateAgendaRequest, responses(
    (status = 200, body = Agenda),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[patch("/agendas/{id}")]
async fn update_agenda(
    state: web::Data<AppState>,
    host: AuthHost,
    id: web::Path<Uuid>,
    body: web::Json<Object<UpdateAgendaRequest>>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let req = body.into_inner().0;
    let view = with_conn(&state, move |st, c| {
        let view = smartcal_db::write_transaction(c, |c| {
            let mut row = own_agenda(c, &host.0, &id)?;
            let mut f = Fields::default();
            apply_settings(&mut row, &req, &mut f);
            f.finish()?;
            if agendas::slug_taken(c, &row.host_id, &row.slug, &row.id)? {
                return Err(ApiError::Conflict(format!(
                    "you already have an agenda with the slug {:?}",
                    row.slug
                )));
            }
            row.updated_at = st.now().timestamp();
            agendas::update(c, &row)?;
            Ok(views::agenda(&row, &host.0.slug))
        })?;
        st.schedule_changed(&host.0.id);
        Ok(view)
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Delete an agenda: it leaves lists and booking pages; existing bookings stay.
#[utoipa::path(tag = "agendas", params(("id" = Uuid, Path, description = "Agenda id")), responses(
    (status = 204, description = "Deleted"),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[delete("/agendas/{id}")]
async fn delete_agenda(
    state: web::Data<AppState>,
    host: AuthHost,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    with_conn(&state, move |st, c| {
        agendas::soft_delete(c, &host.0.id, &id, st.now().timestamp())
            .map_err(ApiError::not_found_as("agenda"))?;
        st.schedule_changed(&host.0.id);
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A private invite's token, for an unlisted agenda's page and slots.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InviteQuery {
    /// The booking link's `?invite=`; an unlisted agenda answers 404 without a usable one.
    invite: Option<String>,
}

/// What the booking page shows about an active agenda (an unlisted one only with a usable
/// invite).
#[utoipa::path(tag = "public", params(
    ("host_slug" = String, Path, description = "The host's slug"),
    ("agenda_slug" = String, Path, description = "The agenda's slug"),
    InviteQuery,
), responses(
    (status = 200, body = PublicAgenda),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 410, body = Problem, content_type = "application/problem+json", description = "The invite was used, expired or was revoked"),
))]
#[get("/public/hosts/{host_slug}/agendas/{agenda_slug}")]
async fn public_agenda(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    q: web::Query<InviteQuery>,
) -> Result<HttpResponse, ApiError> {
    let (host_slug, agenda_slug) = path.into_inner();
    let invite = q.into_inner().invite;
    let view = with_conn(&state, move |st, c| {
        let (a, h) = bookable(agendas::find_by_slugs(c, &host_slug, &agenda_slug))?;
        invited(c, &a, invite.as_deref(), st.now().timestamp())?;
        Ok(views::public_agenda(a, h))
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// `GET /agendas/{id}/slots` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SlotsQuery {
    /// First local date `YYYY-MM-DD` (default: today in `time_zone`).
    from: Option<String>,
    /// Last local date, inclusive (default: `from` + 6 days; at most 62 days after `from`).
    to: Option<String>,
    /// IANA zone the dates and `local_start` are in (default: the agenda's).
    time_zone: Option<String>,
    /// A private invite's token: an unlisted agenda answers 404 without a usable one.
    invite: Option<String>,
    /// A booking of this agenda being moved: its own time and buffers are left out, so it never
    /// blocks its own reschedule. Needs its host's session or key, or its guest's `token`
    /// (then no invite is needed).
    reschedule: Option<Uuid>,
    /// With `reschedule`: the guest's manage token.
    token: Option<String>,
}

/// Free slots of an active agenda between two local dates (an unlisted one only with a
/// usable invite).
#[utoipa::path(tag = "public", params(("id" = Uuid, Path, description = "Agenda id"), SlotsQuery), responses(
    (status = 200, body = SlotList),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 410, body = Problem, content_type = "application/problem+json", description = "The invite was used, expired or was revoked"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[get("/agendas/{id}/slots")]
async fn agenda_slots(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    query: web::Query<SlotsQuery>,
) -> Result<HttpResponse, ApiError> {
    let agenda_id = id.into_inner();
    let q = query.into_inner();
    let mut f = Fields::default();
    let zone = q.time_zone.as_deref().map(|z| f.time_zone("time_zone", z));
    let date = |f: &mut Fields, field: &str, v: &Option<String>| {
        v.as_deref().and_then(|s| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| f.bad(field, "must be a date YYYY-MM-DD"))
                .ok()
        })
    };
    let from = date(&mut f, "from", &q.from);
    let to = date(&mut f, "to", &q.to);
    f.finish()?;
    // Served from this process's recent answers unless the caller asks for a fresh one (see
    // crate::slot_cache for why they are never stale for long). Only listed agendas' answers
    // are stored, so a stored answer needs no invite.
    let key = slot_cache::Key {
        agenda: agenda_id,
        from,
        to,
        zone: zone.map(|z| z.name()),
    };
    let fresh = req
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-cache"));
    // An invite is checked on every request (a used one must not be answered from memory),
    // and a reschedule's answer is its booking's own.
    let fresh = fresh || q.invite.is_some() || q.reschedule.is_some();
    let caller = match q.reschedule {
        Some(_) => MaybeHost::extract(&req).await?.0,
        None => None,
    };
    if let Some(body) = (!fresh).then(|| state.slots.get(&key)).flatten() {
        return Ok(json_bytes(body));
    }
    let ticket = state.slots.ticket();
    let id = agenda_id.to_string();
    let (invite, reschedule, token) = (q.invite, q.reschedule, q.token);
    let (host_id, listed, body) = with_conn(&state, move |st, c| {
        let (agenda, _) = bookable(agendas::find(c, &id))?;
        let moving = match reschedule {
            Some(b) => {
                let v = access::booking(c, &b.to_string(), &caller, &token)?;
                if v.booking.agenda_id != agenda.id {
                    return Err(ApiError::field(
                        "reschedule",
                        "is a booking of another agenda",
                    ));
                }
                Some(v.booking.id)
            }
            None => {
                invited(c, &agenda, invite.as_deref(), st.now().timestamp())?;
                None
            }
        };
        let rules = slot_rules(&agenda)?;
        let tz = zone.unwrap_or(rules.time_zone);
        let now = st.now();
        let from = from.unwrap_or_else(|| now.with_timezone(&tz).date_naive());
        let to = to.unwrap_or(from + Duration::days(6));
        let mut f = Fields::default();
        if to < from {
            f.bad("to", "must not be before from");
        } else if (to - from).num_days() > 62 {
            f.bad("to", "at most 62 days after from");
        }
        f.finish()?;
        let (start, end) = slots::local_date_range(from, to, tz);
        let busy = busy_around(c, &agenda, &rules, start, end, moving.as_deref())?;
        let found = slots::compute_slots(&rules, &busy, start, end, now);
        let list = SlotList {
            time_zone: tz.name().to_owned(),
            slots: found
                .into_iter()
                .map(|s| Slot {
                    start: s.start,
                    end: s.end,
                    local_start: smartcal_types::time_text::with_offset(
                        &s.start.with_timezone(&tz).fixed_offset(),
                    ),
                })
                .collect(),
        };
        let body = serde_json::to_vec(&list).map_err(|e| ApiError::Internal(e.into()))?;
        Ok((agenda.host_id, agenda.listed, Bytes::from(body)))
    })
    .await?;
    if listed {
        state.slots.put(key, &host_id, ticket, body.clone());
    }
    Ok(json_bytes(body))
}

fn json_bytes(body: Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(body)
}
