//! Around the host's account (SPEC §15): the public page listing a host's agendas, and getting
//! back into an account by email (password reset).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `GET /public/hosts/{host_slug}`: a host's public page, the agendas anyone may book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicHost {
    /// The host's display name.
    pub name: String,
    /// The host's listed, active agendas, by title.
    pub agendas: Vec<PublicHostAgenda>,
}

/// One agenda on a host's public page; its booking page is `/book/{host_slug}/{slug}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicHostAgenda {
    /// Agenda id (for slots and bookings).
    pub id: Uuid,
    /// Agenda slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Description (may be empty).
    pub description: String,
    /// Meeting length.
    pub duration_minutes: u32,
}

/// `POST /auth/password-reset`: send a reset link to this address, if it has an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetRequest {
    /// The account's login email (any case).
    pub email: String,
}

/// The answer to `POST /auth/password-reset`: the same whether or not the address has an
/// account, so it cannot be used to find out who has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetAccepted {
    /// What happens next, for a person to read.
    pub message: String,
}

/// `POST /auth/password-reset/confirm`: set a new password with the emailed link's token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetConfirm {
    /// The `token` of the emailed link (single use, valid 60 minutes).
    pub token: String,
    /// The new password (8 characters to 1,024 bytes, as at signup).
    pub password: String,
}
