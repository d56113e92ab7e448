//! Agendas (a host's bookable meeting types), their public page data and their free slots.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{delete, get, patch, post, web, FromRequest, HttpRequest, HttpResponse};
use chrono::{Duration, NaiveDate};
use serde::Deserialize;
use smartcal_db::agendas;
use smartcal_db::teams;
use smartcal_domain::slots;
use smartcal_types::{
    Agenda, AgendaList, CreateAgendaRequest, Problem, PublicAgenda, Slot, SlotList,
    UpdateAgendaRequest,
};
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::http::access::{self, bookable, invited, own_agenda};
use crate::http::agenda_form::{
    agenda_view, apply_settings, new_agenda, team_agenda_members, MAX_AGENDAS,
};
use crate::http::auth::AuthHost;
use crate::http::auth::MaybeHost;
use crate::http::compress;
use crate::http::conn::with_conn;
use crate::http::error::ApiError;
use crate::http::object::Object;
use crate::schedule::{self, slot_rules};
use crate::slot_cache;
use crate::state::AppState;
use crate::validate::Fields;
use crate::views;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_agendas)
        .service(create_agenda)
        .service(get_agenda)
        .service(update_agenda)
        .service(delete_agenda)
        .service(public_agenda)
        .service(agenda_slots);
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
    let row = new_agenda(&host.0, body.into_inner(), state.now().timestamp())?;
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
        let a = own_agenda(c, &host.0, &id)?;
        agenda_view(c, &a, &host.0.slug)
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
            if row.team_id.is_some() && row.seats != 1 {
                f.bad("seats", "team agendas seat one guest per start");
            }
            if row.team_id.is_none() && req.member_ids.is_some() {
                f.bad("member_ids", "only team agendas have members");
            }
            f.finish()?;
            let slug_taken = match &row.team_id {
                Some(team) => teams::agenda_slug_taken(c, team, &row.slug, &row.id)?,
                None => agendas::slug_taken(c, &row.host_id, &row.slug, &row.id)?,
            };
            if slug_taken {
                return Err(ApiError::Conflict(format!(
                    "you already have an agenda with the slug {:?}",
                    row.slug
                )));
            }
            if let (Some(team), Some(ids)) = (&row.team_id, &req.member_ids) {
                let members = team_agenda_members(c, team, ids)?;
                teams::set_agenda_members(c, &row.id, &members)?;
            }
            row.updated_at = st.now().timestamp();
            agendas::update(c, &row)?;
            agenda_view(c, &row, &host.0.slug)
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
    if let Some(answer) = (!fresh).then(|| state.slots.get(&key)).flatten() {
        return Ok(compress::kept_answer(&req, &answer));
    }
    let ticket = state.slots.ticket();
    let id = agenda_id.to_string();
    let (invite, reschedule, token) = (q.invite, q.reschedule, q.token);
    let (hosts, listed, body) = with_conn(&state, move |st, c| {
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
        let booked = schedule::booked(c, &agenda)?;
        let found = schedule::free_slots(
            c,
            &agenda,
            &booked,
            &rules,
            start,
            end,
            now,
            moving.as_deref(),
        )?;
        let seated = agenda.seats > 1;
        let list = SlotList {
            time_zone: tz.name().to_owned(),
            slots: found
                .into_iter()
                .map(|s| Slot {
                    start: s.slot.start,
                    end: s.slot.end,
                    local_start: smartcal_types::time_text::with_offset(
                        &s.slot.start.with_timezone(&tz).fixed_offset(),
                    ),
                    seats_left: seated.then_some(s.seats_left),
                })
                .collect(),
        };
        let body = serde_json::to_vec(&list).map_err(|e| ApiError::Internal(e.into()))?;
        // Whoever's change can alter the answer: the hosts it books, and the agenda's owner
        // (who edits a team agenda and its members).
        let mut hosts: Vec<String> = booked.hosts().into_iter().map(str::to_owned).collect();
        if !hosts.contains(&agenda.host_id) {
            hosts.push(agenda.host_id.clone());
        }
        Ok((hosts, agenda.listed, Bytes::from(body)))
    })
    .await?;
    let answer = slot_cache::Answer::new(body);
    if listed {
        state
            .slots
            .put_for_hosts(key, &hosts, ticket, answer.clone());
    }
    Ok(compress::kept_answer(&req, &answer))
}
