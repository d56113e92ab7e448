//! Teams (SPEC §10): a host makes a team (and owns it), adds other hosts by email, and gives
//! the team agendas that book its members — all of them (`collective`) or one, chosen fairly
//! (`round_robin`). Members see the team and its agendas; only the owner changes them. A team
//! agenda is edited and deleted like any agenda (`PATCH`/`DELETE /agendas/{id}`, by the owner).
//!
//! **A member removed** leaves the team and every agenda of it at once: no new booking goes to
//! them. Their bookings already made stay theirs — the guest was promised that meeting with
//! that person, so it is neither moved nor cancelled; they (or the guest) can cancel it as any
//! other. A member who is the last one an agenda books cannot be removed (409): give the
//! agenda another member, or delete it, first. The owner cannot leave their team.

use actix_web::{delete, get, post, web, HttpResponse};
use smartcal_db::agendas::{self, AgendaRow};
use smartcal_db::hosts::{self, HostRow};
use smartcal_db::teams::{self, TeamRow};
use smartcal_db::{DbConn, DbError};
use smartcal_types::{
    AddTeamMemberRequest, Agenda, AgendaList, Assignment, CreateTeamAgendaRequest,
    CreateTeamRequest, Problem, PublicAgenda, Team, TeamList, TeamMember,
};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::http::access::bookable_team;
use crate::http::agenda_form::{agenda_view, new_agenda, team_agenda_members, MAX_AGENDAS};
use crate::http::auth::AuthHost;
use crate::http::conn::with_conn;
use crate::http::error::ApiError;
use crate::http::object::Object;
use crate::state::AppState;
use crate::time::from_unix;
use crate::validate::Fields;
use crate::views;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_team)
        .service(list_teams)
        .service(get_team)
        .service(add_member)
        .service(remove_member)
        .service(create_team_agenda)
        .service(list_team_agendas)
        .service(public_team_agenda);
}

/// Teams a host may own.
pub const MAX_TEAMS: i64 = 20;
/// Members a team may have.
pub const MAX_MEMBERS: usize = 50;

fn uuid(s: &str) -> Uuid {
    Uuid::parse_str(s).unwrap_or_default()
}

/// The team as its members see it.
fn view(c: &mut DbConn, t: &TeamRow) -> Result<Team, ApiError> {
    let mut members: Vec<TeamMember> = teams::members(c, &t.id)?
        .into_iter()
        .map(|h| TeamMember {
            host_id: uuid(&h.id),
            owner: h.id == t.owner_id,
            name: h.name,
            email: h.email,
        })
        .collect();
    members.sort_by(|a, b| b.owner.cmp(&a.owner).then(a.name.cmp(&b.name)));
    Ok(Team {
        id: uuid(&t.id),
        name: t.name.clone(),
        slug: t.slug.clone(),
        owner_id: uuid(&t.owner_id),
        members,
        created_at: from_unix(t.created_at),
    })
}

/// What the caller may do with a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// See it and its agendas.
    Member,
    /// Change it.
    Owner,
}

/// The team, if `host` may act on it as `role`: a team the host is not in is the same 404 as
/// an unknown one; a member asking for the owner's rights gets 403.
fn team_for(c: &mut DbConn, host: &HostRow, id: &str, role: Role) -> Result<TeamRow, ApiError> {
    let team = teams::find(c, id).map_err(ApiError::not_found_as("team"))?;
    let members = teams::members(c, id)?;
    if !members.iter().any(|m| m.id == host.id) {
        return Err(ApiError::NotFound("no such team".into()));
    }
    if role == Role::Owner && team.owner_id != host.id {
        return Err(ApiError::Forbidden(
            "only the team's owner can change it".into(),
        ));
    }
    Ok(team)
}

/// Make a team; the caller owns it and is its first member (20 teams per owner at most).
#[utoipa::path(tag = "teams", request_body = CreateTeamRequest, responses(
    (status = 201, body = Team),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json", description = "Slug in use"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[post("/teams")]
async fn create_team(
    state: web::Data<AppState>,
    host: AuthHost,
    body: web::Json<Object<CreateTeamRequest>>,
) -> Result<HttpResponse, ApiError> {
    let req = body.into_inner().0;
    let mut f = Fields::default();
    let name = f.text("name", &req.name, 1, 200, false);
    let slug = f.slug("slug", &req.slug);
    f.finish()?;
    let team = with_conn(&state, move |st, c| {
        smartcal_db::write_transaction(c, |c| {
            hosts::lock_host(c, &host.0.id)?;
            if teams::count_owned(c, &host.0.id)? >= MAX_TEAMS {
                return Err(ApiError::field(
                    "name",
                    format!("a host can own at most {MAX_TEAMS} teams"),
                ));
            }
            let row = TeamRow {
                id: Uuid::new_v4().to_string(),
                name,
                slug,
                owner_id: host.0.id.clone(),
                created_at: st.now().timestamp(),
            };
            match teams::insert(c, &row) {
                Err(DbError::Conflict(_)) => Err(ApiError::Conflict(format!(
                    "the team slug {:?} is taken",
                    row.slug
                ))),
                other => other.map_err(ApiError::from),
            }?;
            view(c, &row)
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(team))
}

/// The teams the caller belongs to.
#[utoipa::path(tag = "teams", responses(
    (status = 200, body = TeamList),
    (status = 401, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[get("/teams")]
async fn list_teams(state: web::Data<AppState>, host: AuthHost) -> Result<HttpResponse, ApiError> {
    let items = with_conn(&state, move |_, c| {
        teams::of_host(c, &host.0.id)?
            .iter()
            .map(|t| view(c, t))
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    Ok(HttpResponse::Ok().json(TeamList { items }))
}

/// One of the caller's teams.
#[utoipa::path(tag = "teams", params(("id" = Uuid, Path, description = "Team id")), responses(
    (status = 200, body = Team),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[get("/teams/{id}")]
async fn get_team(
    state: web::Data<AppState>,
    host: AuthHost,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let team = with_conn(&state, move |_, c| {
        let t = team_for(c, &host.0, &id, Role::Member)?;
        view(c, &t)
    })
    .await?;
    Ok(HttpResponse::Ok().json(team))
}

/// Add a host to the team by their account email (the owner only; 50 members at most).
#[utoipa::path(tag = "teams", params(("id" = Uuid, Path, description = "Team id")), request_body = AddTeamMemberRequest, responses(
    (status = 201, body = Team),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 403, body = Problem, content_type = "application/problem+json", description = "Not the team's owner"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json", description = "Already a member"),
    (status = 422, body = Problem, content_type = "application/problem+json", description = "No host has this email, or the team is full"),
), security(("session" = []), ("api_key" = [])))]
#[post("/teams/{id}/members")]
async fn add_member(
    state: web::Data<AppState>,
    host: AuthHost,
    id: web::Path<Uuid>,
    body: web::Json<Object<AddTeamMemberRequest>>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let mut f = Fields::default();
    let email = f.email("email", &body.into_inner().0.email);
    f.finish()?;
    let team = with_conn(&state, move |st, c| {
        smartcal_db::write_transaction(c, |c| {
            let t = team_for(c, &host.0, &id, Role::Owner)?;
            let Some(member) = hosts::find_by_email(c, &email)?.filter(|h| h.disabled_at.is_none())
            else {
                return Err(ApiError::field(
                    "email",
                    "no SmartCal host has this email: they sign up first",
                ));
            };
            if teams::members(c, &t.id)?.len() >= MAX_MEMBERS {
                return Err(ApiError::field(
                    "email",
                    format!("a team has at most {MAX_MEMBERS} members"),
                ));
            }
            match teams::add_member(c, &t.id, &member.id, st.now().timestamp()) {
                Err(DbError::Conflict(_)) => {
                    return Err(ApiError::Conflict(format!(
                        "{} is already a member",
                        member.email
                    )))
                }
                other => other?,
            }
            view(c, &t)
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(team))
}

/// Remove a member (the owner only): they leave the team and its agendas; the bookings they
/// already have stay theirs (see the module's doc).
#[utoipa::path(tag = "teams", params(
    ("id" = Uuid, Path, description = "Team id"),
    ("host_id" = Uuid, Path, description = "The member's host id"),
), responses(
    (status = 204, description = "Removed"),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 403, body = Problem, content_type = "application/problem+json", description = "Not the team's owner"),
    (status = 404, body = Problem, content_type = "application/problem+json", description = "No such team, or not a member"),
    (status = 409, body = Problem, content_type = "application/problem+json", description = "The owner, or the last member of an agenda"),
), security(("session" = []), ("api_key" = [])))]
#[delete("/teams/{id}/members/{host_id}")]
async fn remove_member(
    state: web::Data<AppState>,
    host: AuthHost,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, member) = path.into_inner();
    let (id, member) = (id.to_string(), member.to_string());
    with_conn(&state, move |st, c| {
        smartcal_db::write_transaction(c, |c| {
            let t = team_for(c, &host.0, &id, Role::Owner)?;
            if member == t.owner_id {
                return Err(ApiError::Conflict(
                    "the owner cannot leave their own team".into(),
                ));
            }
            let stranded = teams::agendas_only_with(c, &t.id, &member)?;
            if !stranded.is_empty() {
                return Err(ApiError::Conflict(format!(
                    "they are the only member of {}: give it another member or delete it first",
                    stranded
                        .iter()
                        .map(|t| format!("{t:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            teams::remove_member(c, &t.id, &member)
                .map_err(ApiError::not_found_as("team member"))?;
            Ok(())
        })?;
        st.schedule_changed(&member);
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Make a team agenda (the owner only): the agenda's settings as for `POST /agendas`, with
/// `assignment` and the members it books. Team agendas seat one guest per start.
#[utoipa::path(tag = "teams", params(("id" = Uuid, Path, description = "Team id")), request_body = CreateTeamAgendaRequest, responses(
    (status = 201, body = Agenda),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 403, body = Problem, content_type = "application/problem+json", description = "Not the team's owner"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json", description = "Slug in use in this team"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[post("/teams/{id}/agendas")]
async fn create_team_agenda(
    state: web::Data<AppState>,
    host: AuthHost,
    id: web::Path<Uuid>,
    body: web::Json<Object<CreateTeamAgendaRequest>>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let req = body.into_inner().0;
    if req.agenda.seats.is_some_and(|s| s != 1) {
        return Err(ApiError::field(
            "seats",
            "team agendas seat one guest per start",
        ));
    }
    let mut row = new_agenda(&host.0, req.agenda, state.now().timestamp())?;
    row.assignment = Some(req.assignment);
    let member_ids = req.member_ids;
    let agenda = with_conn(&state, move |_, c| {
        let agenda = smartcal_db::write_transaction(c, |c| {
            let t = team_for(c, &host.0, &id, Role::Owner)?;
            let members = team_agenda_members(c, &t.id, &member_ids)?;
            if teams::team_agendas(c, &t.id)?.len() as i64 >= MAX_AGENDAS {
                return Err(ApiError::field(
                    "title",
                    format!("a team can have at most {} agendas", MAX_AGENDAS),
                ));
            }
            if teams::agenda_slug_taken(c, &t.id, &row.slug, &row.id)? {
                return Err(ApiError::Conflict(format!(
                    "the team already has an agenda with the slug {:?}",
                    row.slug
                )));
            }
            row.team_id = Some(t.id.clone());
            agendas::insert(c, &row)?;
            teams::set_agenda_members(c, &row.id, &members)?;
            agenda_view(c, &row, &host.0.slug)
        })?;
        Ok(agenda)
    })
    .await?;
    Ok(HttpResponse::Created().json(agenda))
}

/// The team's agendas (any member may see them).
#[utoipa::path(tag = "teams", params(("id" = Uuid, Path, description = "Team id")), responses(
    (status = 200, body = AgendaList),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[get("/teams/{id}/agendas")]
async fn list_team_agendas(
    state: web::Data<AppState>,
    host: AuthHost,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let items = with_conn(&state, move |_, c| {
        let t = team_for(c, &host.0, &id, Role::Member)?;
        teams::team_agendas(c, &t.id)?
            .iter()
            .map(|a| agenda_view(c, a, &host.0.slug))
            .collect::<Result<Vec<Agenda>, _>>()
    })
    .await?;
    Ok(HttpResponse::Ok().json(AgendaList {
        items,
        next_cursor: None,
    }))
}

/// What the team booking page shows about an active, listed team agenda.
#[utoipa::path(tag = "public", params(
    ("team_slug" = String, Path, description = "The team's slug"),
    ("agenda_slug" = String, Path, description = "The agenda's slug"),
), responses(
    (status = 200, body = PublicAgenda),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/public/teams/{team_slug}/agendas/{agenda_slug}")]
async fn public_team_agenda(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (team_slug, agenda_slug) = path.into_inner();
    let view = with_conn(&state, move |_, c| {
        let (a, t): (AgendaRow, TeamRow) =
            bookable_team(teams::find_agenda_by_slugs(c, &team_slug, &agenda_slug))?;
        Ok(public_view(a, t))
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The booking page's view of a team agenda: the team stands where a host's name would.
fn public_view(a: AgendaRow, t: TeamRow) -> PublicAgenda {
    let assignment: Option<Assignment> = a.assignment;
    let owner = HostRow {
        id: a.host_id.clone(),
        email: String::new(),
        name: t.name.clone(),
        slug: String::new(),
        time_zone: String::new(),
        password_hash: String::new(),
        created_at: 0,
        disabled_at: None,
        locale: "en".into(),
    };
    PublicAgenda {
        team_slug: Some(t.slug),
        assignment,
        ..views::public_agenda(a, owner)
    }
}
