//! Teams and their agendas (SPEC §10).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::CreateAgendaRequest;

/// Who a team agenda's booking goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
#[serde(rename_all = "snake_case")]
pub enum Assignment {
    /// Every member: a start is offered when all are free; the booking is everyone's.
    Collective,
    /// One member: a start is offered when one is free; the booking goes to the free member
    /// with the fewest bookings of the agenda in the last 30 days (ties: least recently
    /// booked, then id).
    RoundRobin,
}

/// `POST /teams`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTeamRequest {
    /// Shown on the team's booking pages, e.g. "Sales".
    pub name: String,
    /// URL slug, unique among teams: `/book/team/{slug}/{agenda_slug}`.
    pub slug: String,
}

/// `POST /teams/{id}/members`: an existing host, by their account email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddTeamMemberRequest {
    /// The host's account email.
    pub email: String,
}

/// A team member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamMember {
    /// The member's host id (what team agendas' `member_ids` hold).
    pub host_id: Uuid,
    /// Display name.
    pub name: String,
    /// Account email.
    pub email: String,
    /// Whether they own the team (made it; only the owner changes it).
    pub owner: bool,
}

/// A team, as its members see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Team {
    /// Team id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// The owner's host id.
    pub owner_id: Uuid,
    /// Members, the owner first, then by name.
    pub members: Vec<TeamMember>,
    /// When it was made.
    pub created_at: DateTime<Utc>,
}

/// `GET /teams`: the teams the caller belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamList {
    /// By name.
    pub items: Vec<Team>,
}

/// `POST /teams/{id}/agendas`: an agenda of the team (the agenda fields as for
/// `POST /agendas`), with who it books.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTeamAgendaRequest {
    /// The agenda's settings.
    #[serde(flatten)]
    pub agenda: CreateAgendaRequest,
    /// `collective` or `round_robin`.
    pub assignment: Assignment,
    /// The members it books: 1–20 of the team's members.
    pub member_ids: Vec<Uuid>,
}
