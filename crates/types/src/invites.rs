//! Private invites: links that let one guest book an agenda once (SPEC §9).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `POST /agendas/{id}/invites`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateInviteRequest {
    /// A note for the host (whom it is for), up to 200 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When it stops working (default: never); must be in the future.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
}

/// Where an invite stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InviteState {
    /// It can still book once.
    Open,
    /// A booking was made with it.
    Used,
    /// Its `expires_at` has passed unused.
    Expired,
}

/// An invite as its host sees it (the token is shown only once, when it is created).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invite {
    /// Invite id (for revoking).
    pub id: Uuid,
    /// The invited agenda.
    pub agenda_id: Uuid,
    /// The host's note (may be empty).
    pub note: String,
    /// `open`, `used` or `expired`.
    pub state: InviteState,
    /// When it stops working, if ever.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// The booking made with it, once used.
    pub booking_id: Option<Uuid>,
}

/// The answer to `POST /agendas/{id}/invites`: the only time the token is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedInvite {
    /// Invite id.
    pub id: Uuid,
    /// The secret a guest books with (`invite` in `POST /bookings`); only a hash is stored.
    pub token: String,
    /// `{PUBLIC_URL}/book/{host}/{agenda}?invite={token}`: the link to send.
    pub url: String,
    /// The stored invite.
    pub invite: Invite,
}

/// `GET /agendas/{id}/invites`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InviteList {
    /// The agenda's invites that were not revoked, newest first.
    pub items: Vec<Invite>,
    /// Always absent: the list is not paginated.
    pub next_cursor: Option<String>,
}
