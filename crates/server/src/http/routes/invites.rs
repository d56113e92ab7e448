//! Private invites (SPEC §9): a host makes a link that books one of their agendas once —
//! the way to share an unlisted agenda with some people only. The token is shown once.

use actix_web::{delete, get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use smartcal_db::invites::{self, InviteRow};
use smartcal_types::{CreateInviteRequest, CreatedInvite, InviteList, Problem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::crypto;
use crate::http::access::own_agenda;
use crate::http::auth::AuthHost;
use crate::http::conn::with_conn;
use crate::http::error::ApiError;
use crate::http::object::Object;
use crate::state::AppState;
use crate::validate::Fields;
use crate::views;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_invite)
        .service(list_invites)
        .service(revoke_invite);
}

/// Invites an agenda may have that were not revoked (used ones count: revoke them to make
/// room).
pub const MAX_INVITES: i64 = 1000;

/// Create a private invite: a link that books the agenda once (also when the agenda is
/// unlisted).
#[utoipa::path(tag = "invites", params(("id" = Uuid, Path, description = "Agenda id")), request_body = CreateInviteRequest, responses(
    (status = 201, body = CreatedInvite, description = "Created; `token` and `url` are shown this once"),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json", description = "No such agenda of this host"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[post("/agendas/{id}/invites")]
async fn create_invite(
    state: web::Data<AppState>,
    host: AuthHost,
    id: web::Path<Uuid>,
    body: web::Json<Object<CreateInviteRequest>>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner().0;
    let now = state.now();
    let mut f = Fields::default();
    let note = f.text("note", body.note.as_deref().unwrap_or(""), 0, 200, false);
    if body.expires_at.is_some_and(|e| e <= now) {
        f.bad("expires_at", "must be in the future");
    }
    f.finish()?;
    let agenda_id = id.into_inner().to_string();
    let created = with_conn(&state, move |st, c| {
        smartcal_db::write_transaction(c, |c| {
            smartcal_db::hosts::lock_host(c, &host.0.id)?;
            let agenda = own_agenda(c, &host.0, &agenda_id)?;
            if invites::count_live(c, &agenda.id)? >= MAX_INVITES {
                return Err(ApiError::field(
                    "agenda",
                    format!("an agenda can have at most {MAX_INVITES} invites: revoke some"),
                ));
            }
            let token = crypto::random_token("inv_");
            let row = InviteRow {
                id: Uuid::new_v4().to_string(),
                agenda_id: agenda.id.clone(),
                host_id: host.0.id.clone(),
                token_hash: crypto::token_hash(&token),
                note,
                expires_at: body.expires_at.map(|e: DateTime<Utc>| e.timestamp()),
                created_at: now.timestamp(),
                revoked_at: None,
                booking_id: None,
                used_at: None,
            };
            invites::insert(c, &row)?;
            let invite = views::invite(&row, now.timestamp());
            Ok(CreatedInvite {
                id: invite.id,
                url: format!(
                    "{}/book/{}/{}?invite={token}",
                    st.config.public_url, host.0.slug, agenda.slug
                ),
                token,
                invite,
            })
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(created))
}

/// The agenda's invites (not the revoked ones), newest first, with their state.
#[utoipa::path(tag = "invites", params(("id" = Uuid, Path, description = "Agenda id")), responses(
    (status = 200, body = InviteList),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[get("/agendas/{id}/invites")]
async fn list_invites(
    state: web::Data<AppState>,
    host: AuthHost,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let agenda_id = id.into_inner().to_string();
    let items = with_conn(&state, move |st, c| {
        let agenda = own_agenda(c, &host.0, &agenda_id)?;
        let now = st.now().timestamp();
        Ok(invites::list(c, &agenda.id)?
            .iter()
            .map(|r| views::invite(r, now))
            .collect())
    })
    .await?;
    Ok(HttpResponse::Ok().json(InviteList {
        items,
        next_cursor: None,
    }))
}

/// Revoke an invite: its link stops working (a booking already made with it stays).
/// Repeating it is harmless.
#[utoipa::path(tag = "invites", params(
    ("agenda_id" = Uuid, Path, description = "Agenda id"),
    ("id" = Uuid, Path, description = "Invite id"),
), responses(
    (status = 204, description = "Revoked"),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[delete("/agendas/{agenda_id}/invites/{id}")]
async fn revoke_invite(
    state: web::Data<AppState>,
    host: AuthHost,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (agenda_id, id) = path.into_inner();
    with_conn(&state, move |st, c| {
        let agenda = own_agenda(c, &host.0, &agenda_id.to_string())?;
        invites::revoke(c, &agenda.id, &id.to_string(), st.now().timestamp())
            .map_err(ApiError::not_found_as("invite"))
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
