//! The Jitsi meeting of a booking (SPEC §11): who came, when, and for how long.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One side's presence in the booking's room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Presence {
    /// Their first join; absent if they never joined.
    pub joined_at: Option<DateTime<Utc>>,
    /// Their last leave; absent while they are still in the room (or never came).
    pub left_at: Option<DateTime<Utc>>,
    /// Whole minutes in the room (several tabs at once count once; gaps between rejoins do
    /// not count).
    pub minutes: u32,
}

/// The booking's meeting as the Jitsi server reported it (prosody `event_sync` or JaaS
/// webhooks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attendance {
    /// When the room opened (or the first person joined).
    pub started_at: Option<DateTime<Utc>>,
    /// When the room closed; absent while it is live.
    pub ended_at: Option<DateTime<Utc>>,
    /// The host.
    pub host: Presence,
    /// The guest.
    pub guest: Presence,
}

/// Who did not show up, decided `JITSI_NO_SHOW_MINUTES` after the start: a side that had not
/// joined by then.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoShow {
    /// Both came.
    None,
    /// The host did not come.
    Host,
    /// The guest did not come.
    Guest,
    /// Neither came.
    Both,
}

impl NoShow {
    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            NoShow::None => "none",
            NoShow::Host => "host",
            NoShow::Guest => "guest",
            NoShow::Both => "both",
        }
    }

    /// The value a stored name stands for.
    pub fn from_name(name: &str) -> Option<NoShow> {
        [NoShow::None, NoShow::Host, NoShow::Guest, NoShow::Both]
            .into_iter()
            .find(|n| n.as_str() == name)
    }
}
