//! Host calendars: where a host's busy times come from, and the host's subscribable feed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What kind of calendar a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
#[serde(rename_all = "lowercase")]
pub enum CalendarKind {
    /// An iCalendar feed over HTTP(S): the secret "iCal address" of Google, Outlook, Fastmail…
    Ical,
    /// A CalDAV calendar collection (Fastmail, Nextcloud, Radicale, iCloud…).
    Caldav,
}

/// `POST /calendars`: add a busy-time source. It is read at once in the background: the answer
/// shows it `pending`, and `GET /calendars` shows how the read went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateCalendarRequest {
    /// `ical` or `caldav`.
    pub kind: CalendarKind,
    /// The feed's URL, or the CalDAV calendar collection's URL (`http://` or `https://`;
    /// `webcal://` is read as `https://`).
    pub url: String,
    /// A label for the dashboard; defaults to the URL's host name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// CalDAV user name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// CalDAV (app) password; stored encrypted, never shown again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// CalDAV only: put confirmed bookings into this calendar (updated on reschedule,
    /// deleted on cancel).
    #[serde(default)]
    pub write_back: bool,
}

/// A busy-time source as the host sees it (never with its password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarSource {
    /// Source id.
    pub id: Uuid,
    /// `ical` or `caldav`.
    pub kind: CalendarKind,
    /// The label.
    pub name: String,
    /// The URL read.
    pub url: String,
    /// CalDAV user name, if any.
    pub username: Option<String>,
    /// Whether bookings are written into this calendar.
    pub write_back: bool,
    /// When its busy times were last read successfully (`null`: never yet).
    pub last_sync_at: Option<DateTime<Utc>>,
    /// When it was last tried.
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// Why the last attempt failed (`null` when it worked). The busy times of the last
    /// successful sync keep being used meanwhile.
    pub last_error: Option<String>,
    /// How many busy intervals (in the coming months) the last successful sync found.
    pub busy_count: i32,
    /// When it is read next.
    pub next_sync_at: DateTime<Utc>,
    /// A read was asked for (the source was just added, or "sync now") and has not finished:
    /// `last_sync_at`, `last_error` and `busy_count` are about to change.
    #[serde(default)]
    pub pending: bool,
    /// When it was added.
    pub created_at: DateTime<Utc>,
}

/// `GET /calendars`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarSourceList {
    /// The host's sources, oldest first.
    pub items: Vec<CalendarSource>,
    /// Always absent: a host has few sources.
    pub next_cursor: Option<String>,
}

/// The host's subscribable calendar feed of bookings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarFeed {
    /// The feed's secret URL (`…/api/v1/calendar/{token}.ics`): shown only when it is made
    /// (`POST /calendar-feed/rotate`); `null` in `GET /calendar-feed`, as only its hash is kept.
    pub url: Option<String>,
    /// Same URL with the `webcal://` scheme, which calendar apps open as a subscription.
    pub webcal_url: Option<String>,
    /// Whether a feed exists (rotating makes one, and kills the previous URL).
    pub active: bool,
    /// When the current token was made.
    pub created_at: Option<DateTime<Utc>>,
}
