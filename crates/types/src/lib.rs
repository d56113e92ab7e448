//! SmartCal's API types: every JSON body the REST API accepts or returns.
//!
//! Shared by the server, the typed client and the SPA, so it stays small: serde, chrono, uuid.
//! The `openapi` feature adds utoipa schemas for the server's OpenAPI document.
//!
//! Request types keep user-typed values as plain strings (times as `"HH:MM"`, zones as IANA
//! names, emails): the server parses them into domain types and reports every bad field at once
//! as a problem's `errors`.

mod accounts;
mod calendars;
mod invites;
mod meetings;
mod names;
mod questions;
pub mod rules;
mod teams;
pub mod time_text;
pub use accounts::*;
pub use calendars::*;
pub use invites::*;
pub use meetings::*;
pub use questions::*;
pub use teams::*;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// RFC 9457 problem details: the body of every error response (`application/problem+json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the kind of problem, e.g. `https://smartcal.dev/problems/validation`.
    #[serde(rename = "type")]
    pub type_: String,
    /// Short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time, for a person to read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// One entry per invalid field (validation problems only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The request's id (also in the `X-Request-Id` response header): quote it to find the
    /// request in the server's log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's JSON path, e.g. `guest_email` or `availability[2].end`.
    pub field: String,
    /// Why the value is not accepted.
    pub message: String,
}

// ---------------------------------------------------------------------------------------------
// Hosts and sessions

/// `POST /auth/signup`: create a host account (and log in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignupRequest {
    /// Login email, unique (case-insensitive).
    pub email: String,
    /// Display name shown to guests.
    pub name: String,
    /// At least 8 characters.
    pub password: String,
    /// IANA time zone, e.g. `Europe/Berlin`.
    pub time_zone: String,
    /// Public slug for booking links (`/book/{slug}/…`); derived from the name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// The language of the dashboard and the host's emails, a BCP 47 tag of a supported
    /// language (`en`, `de`, `fr`, `es`, with an optional region such as `de-AT`); `en` when
    /// absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// `POST /auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// Login email (case-insensitive).
    pub email: String,
    /// Password.
    pub password: String,
}

/// `POST /me/password` (also `POST /auth/password`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    /// The password now.
    pub current_password: String,
    /// The new password (8 characters to 1,024 bytes).
    pub new_password: String,
}

/// A host, as seen by that host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Host {
    /// Host id.
    pub id: Uuid,
    /// Login email (stored lowercase).
    pub email: String,
    /// Display name.
    pub name: String,
    /// Public slug used in booking links.
    pub slug: String,
    /// IANA time zone: the dashboard shows times in it.
    pub time_zone: String,
    /// The language of the dashboard and the host's emails (`en`, `de-AT`, …).
    pub locale: String,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
}

/// `PATCH /me`: change the host's own settings; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateHostRequest {
    /// Display name shown to guests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// IANA time zone, e.g. `Europe/Berlin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// The language of the dashboard and the host's emails (`en`, `de`, `fr`, `es`, with an
    /// optional region).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// `POST /api-keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateApiKeyRequest {
    /// A label for the key, e.g. the integration's name.
    pub name: String,
}

/// An integrator key (never the secret itself, except once in [`CreatedApiKey`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKey {
    /// Key id (for revoking).
    pub id: Uuid,
    /// The label given at creation.
    pub name: String,
    /// The first characters of the key, to recognise it.
    pub prefix: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last authenticated a request.
    pub last_used_at: Option<DateTime<Utc>>,
}

/// The answer to `POST /api-keys`: the only time the key is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiKey {
    /// Use as `Authorization: Bearer <key>`. Shown once; only a hash is stored.
    pub key: String,
    /// The stored key's description.
    pub api_key: ApiKey,
}

/// `GET /api-keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyList {
    /// The host's live keys, newest first.
    pub items: Vec<ApiKey>,
    /// Always absent: a host has few keys.
    pub next_cursor: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Agendas

/// One weekly availability interval, in the agenda's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AvailabilityInterval {
    /// `mon`, `tue`, `wed`, `thu`, `fri`, `sat` or `sun`.
    #[cfg_attr(feature = "openapi", schema(example = "mon"))]
    pub weekday: String,
    /// Local start time `HH:MM`.
    #[cfg_attr(feature = "openapi", schema(example = "09:00"))]
    pub start: String,
    /// Local end time `HH:MM` (`24:00` allowed), after `start`.
    #[cfg_attr(feature = "openapi", schema(example = "17:00"))]
    pub end: String,
}

/// A time interval within one day, `HH:MM`–`HH:MM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeInterval {
    /// Local start time `HH:MM`.
    pub start: String,
    /// Local end time `HH:MM` (`24:00` allowed), after `start`.
    pub end: String,
}

/// Different hours on one date: no intervals means a day off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DateOverride {
    /// The local date `YYYY-MM-DD`.
    pub date: NaiveDate,
    /// The hours on that date instead of the weekly ones; empty = unavailable all day.
    #[serde(default)]
    pub intervals: Vec<TimeInterval>,
}

/// `POST /agendas`: a bookable meeting type. Omitted settings take the defaults shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateAgendaRequest {
    /// Title shown to guests, e.g. "Intro call".
    pub title: String,
    /// URL slug, unique per host; derived from the title when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Shown on the booking page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Meeting length, 5–720 minutes.
    pub duration_minutes: u32,
    /// IANA zone the availability is written in; default: the host's zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Weekly hours; several intervals per weekday allowed.
    #[serde(default)]
    pub availability: Vec<AvailabilityInterval>,
    /// Days off or other hours on given dates.
    #[serde(default)]
    pub date_overrides: Vec<DateOverride>,
    /// Free time kept before each meeting (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buffer_before_minutes: Option<u32>,
    /// Free time kept after each meeting (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buffer_after_minutes: Option<u32>,
    /// How long before its start a slot can still be booked (default 240 = 4 h).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_notice_minutes: Option<u32>,
    /// How many days ahead guests can book (default 60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon_days: Option<u32>,
    /// Distance between offered start times (default: the duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot_step_minutes: Option<u32>,
    /// At most this many bookings of this agenda per local day (default: no limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_bookings_per_day: Option<u32>,
    /// At most this many per local week, Monday to Sunday, in the agenda's zone (default: no
    /// limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_bookings_per_week: Option<u32>,
    /// At most this many per local calendar month, in the agenda's zone (default: no limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_bookings_per_month: Option<u32>,
    /// Up to 20 questions the booking form asks (default none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questions: Option<Vec<Question>>,
    /// Whether the host confirms each booking before it is final (default false): bookings
    /// start as `pending` and hold their time until confirmed or declined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires_confirmation: Option<bool>,
    /// Reminder emails to host and guest this many minutes before the start: 0–5 distinct
    /// values, each 5–10080 (default none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminders_minutes: Option<Vec<u32>>,
    /// Whether the public page lists it (default true); an unlisted agenda is booked only
    /// with a private invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed: Option<bool>,
    /// Whether guests can book it (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Guests per start, 1–1000 (default 1): with more, each start is one meeting in one room
    /// that up to this many guests book, each with their own booking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats: Option<u32>,
}

/// `PATCH /agendas/{id}`: only the fields present change. `max_bookings_per_day: null` (or
/// `_per_week`, `_per_month`) removes that limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateAgendaRequest {
    /// New title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// New slug.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// New duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<u32>,
    /// New zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Replaces all weekly hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Vec<AvailabilityInterval>>,
    /// Replaces all date overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_overrides: Option<Vec<DateOverride>>,
    /// New buffer before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buffer_before_minutes: Option<u32>,
    /// New buffer after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buffer_after_minutes: Option<u32>,
    /// New minimum notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_notice_minutes: Option<u32>,
    /// New horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon_days: Option<u32>,
    /// New slot step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot_step_minutes: Option<u32>,
    /// New daily limit; `null` removes it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present_or_null"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u32>))]
    pub max_bookings_per_day: Option<Option<u32>>,
    /// New weekly limit; `null` removes it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present_or_null"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u32>))]
    pub max_bookings_per_week: Option<Option<u32>>,
    /// New monthly limit; `null` removes it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present_or_null"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u32>))]
    pub max_bookings_per_month: Option<Option<u32>>,
    /// Replaces all questions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questions: Option<Vec<Question>>,
    /// Turns confirming each booking on or off (bookings already pending stay pending).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires_confirmation: Option<bool>,
    /// Replaces the reminder times (future bookings keep the reminders they were given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminders_minutes: Option<Vec<u32>>,
    /// List or unlist it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed: Option<bool>,
    /// Activate or deactivate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// New number of seats per start (starts already booked beyond it keep their guests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats: Option<u32>,
    /// A team agenda's new members (1–20 of the team's members).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_ids: Option<Vec<Uuid>>,
}

/// Tells a field that is absent (outer `None`, via `default`) from one that is `null`.
fn present_or_null<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// An agenda, as its host sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agenda {
    /// Agenda id.
    pub id: Uuid,
    /// URL slug, unique per host.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Description (may be empty).
    pub description: String,
    /// Meeting length.
    pub duration_minutes: u32,
    /// IANA zone of the availability.
    pub time_zone: String,
    /// Weekly hours.
    pub availability: Vec<AvailabilityInterval>,
    /// Days off or other hours.
    pub date_overrides: Vec<DateOverride>,
    /// Free time before each meeting.
    pub buffer_before_minutes: u32,
    /// Free time after each meeting.
    pub buffer_after_minutes: u32,
    /// Minimum notice.
    pub min_notice_minutes: u32,
    /// Booking horizon in days.
    pub horizon_days: u32,
    /// Distance between offered start times.
    pub slot_step_minutes: u32,
    /// Daily limit, if any.
    pub max_bookings_per_day: Option<u32>,
    /// Weekly limit (Monday to Sunday, agenda's zone), if any.
    pub max_bookings_per_week: Option<u32>,
    /// Monthly limit (agenda's zone), if any.
    pub max_bookings_per_month: Option<u32>,
    /// The booking form's questions, in order.
    pub questions: Vec<Question>,
    /// Whether bookings wait for the host's confirmation.
    pub requires_confirmation: bool,
    /// Reminder emails this many minutes before the start, ascending.
    pub reminders_minutes: Vec<u32>,
    /// Whether the public page lists it (unlisted: bookable only with an invite).
    pub listed: bool,
    /// Whether guests can book it.
    pub active: bool,
    /// Guests per start (1: a meeting per guest).
    pub seats: u32,
    /// The team it belongs to, if it is a team agenda.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<Uuid>,
    /// A team agenda's assignment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignment: Option<Assignment>,
    /// A team agenda's members (empty for a host's own agenda).
    #[serde(default)]
    pub member_ids: Vec<Uuid>,
    /// Path of the public booking page: `/book/{host_slug}/{agenda_slug}`, or
    /// `/book/team/{team_slug}/{agenda_slug}` for a team agenda.
    pub booking_path: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// `GET /agendas`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgendaList {
    /// The host's agendas, by title.
    pub items: Vec<Agenda>,
    /// Always absent: a host has few agendas.
    pub next_cursor: Option<String>,
}

/// What a guest's booking page needs to know about an agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicAgenda {
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
    /// The agenda's IANA zone.
    pub time_zone: String,
    /// The host's display name.
    pub host_name: String,
    /// The host's slug.
    pub host_slug: String,
    /// The questions the booking form asks, in order.
    pub questions: Vec<Question>,
    /// Whether a booking is a request the host confirms or declines.
    pub requires_confirmation: bool,
    /// Guests per start (1: a meeting per guest).
    #[serde(default = "one")]
    pub seats: u32,
    /// A team agenda's team slug (then `host_name` is the team's name and `host_slug` absent
    /// from its links).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_slug: Option<String>,
    /// A team agenda's assignment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignment: Option<Assignment>,
}

fn one() -> u32 {
    1
}

// ---------------------------------------------------------------------------------------------
// Slots

/// One bookable time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Slot {
    /// Start (UTC). Send this as `start` to book.
    #[serde(serialize_with = "time_text::serialize_utc")]
    pub start: DateTime<Utc>,
    /// End (UTC).
    #[serde(serialize_with = "time_text::serialize_utc")]
    pub end: DateTime<Utc>,
    /// The same start in the requested time zone, RFC 3339 with that zone's offset.
    #[cfg_attr(feature = "openapi", schema(example = "2026-12-01T09:00:00+01:00"))]
    pub local_start: String,
    /// Seats still free at this start (agendas with more than one seat only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats_left: Option<u32>,
}

/// `GET /agendas/{id}/slots`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlotList {
    /// The zone `local_start` and the date range are expressed in.
    pub time_zone: String,
    /// Free slots, soonest first.
    pub slots: Vec<Slot>,
}

// ---------------------------------------------------------------------------------------------
// Bookings

/// `POST /bookings`: book a slot for a guest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateBookingRequest {
    /// The agenda to book.
    pub agenda_id: Uuid,
    /// A slot's `start`, RFC 3339 with offset.
    pub start: DateTime<Utc>,
    /// The guest's name.
    pub guest_name: String,
    /// The guest's email.
    pub guest_email: String,
    /// The guest's IANA zone, for their emails (default: the agenda's zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guest_time_zone: Option<String>,
    /// The language of the guest's emails and reminders: a BCP 47 tag of a supported language
    /// (`en`, `de`, `fr`, `es`, with an optional region such as `en-GB`, which picks the date
    /// patterns); `en` when absent. The booking page sends the language it was shown in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guest_locale: Option<String>,
    /// Anything the guest wants the host to know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Answers to the agenda's questions by key: a string, a number (`number`), a boolean
    /// (`checkbox`) or an array of strings (`multi_select`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<String, AnswerValue>,
    /// A private invite's token (the booking link's `?invite=`); needed for unlisted agendas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite: Option<String>,
}

/// `POST /bookings/{id}/decline`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeclineBookingRequest {
    /// Why, told to the guest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `POST /bookings/{id}/cancel`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelBookingRequest {
    /// Why, shown to the other side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `POST /bookings/{id}/request-reschedule`: the host asks the guest to pick a new time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestRescheduleRequest {
    /// A note to the guest, quoted in the email (up to 2000 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Who cancelled a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
#[serde(rename_all = "snake_case")]
pub enum CancelledBy {
    /// The host (or a co-host, or an integrator with the host's API key).
    Host,
    /// The guest, with their manage link.
    Guest,
}

/// `POST /bookings/{id}/reschedule`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RescheduleBookingRequest {
    /// A free slot's `start` of the same agenda.
    pub start: DateTime<Utc>,
}

/// Whether a booking still holds its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// A request waiting for the host's decision; it holds its slot.
    Pending,
    /// Holds its slot.
    Confirmed,
    /// The host declined the request (or it was still pending at its start); its slot is
    /// free again.
    Declined,
    /// Cancelled by host or guest; its slot is free again.
    Cancelled,
}

impl BookingStatus {
    /// The statuses that hold their time: no other booking may overlap them, limits count
    /// them.
    pub const HOLDING: [BookingStatus; 2] = [BookingStatus::Pending, BookingStatus::Confirmed];

    /// Whether the booking holds its time (pending or confirmed).
    pub fn holds_time(self) -> bool {
        Self::HOLDING.contains(&self)
    }
}

/// The `guest_email` of a booking whose guest data was erased (`POST /bookings/{id}/erase`):
/// under the reserved `.invalid` domain, so nothing is ever delivered to it.
pub const ERASED_GUEST_EMAIL: &str = "erased@invalid";

/// A booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Booking {
    /// Booking id (stable across reschedules).
    pub id: Uuid,
    /// The booked agenda.
    pub agenda_id: Uuid,
    /// The agenda's title.
    pub agenda_title: String,
    /// The host's display name.
    pub host_name: String,
    /// Start (UTC).
    pub start: DateTime<Utc>,
    /// End (UTC).
    pub end: DateTime<Utc>,
    /// Length in minutes.
    pub duration_minutes: u32,
    /// Guest's name.
    pub guest_name: String,
    /// Guest's email.
    pub guest_email: String,
    /// Guest's IANA zone.
    pub guest_time_zone: String,
    /// The language of the guest's emails and reminders (`en`, `de-AT`, …).
    pub guest_locale: String,
    /// Guest's notes (may be empty).
    pub notes: String,
    /// `pending`, `confirmed`, `declined` or `cancelled`.
    pub status: BookingStatus,
    /// The Jitsi room, `smartcal-{agenda_id}-{unix}-{suffix}`.
    pub room_name: String,
    /// `{JITSI_BASE_URL}/{room_name}`: the room itself.
    pub meeting_url: String,
    /// What to open to join: the room itself, or — when the Jitsi server requires tokens —
    /// SmartCal's join link (`/j/{id}`, with `?token=` for the guest), which mints a fresh
    /// token and redirects into the room. Start Meeting opens this.
    pub join_url: String,
    /// When the join link starts minting room tokens: `JITSI_EARLY_JOIN_MINUTES` before the
    /// start. Outside the window, with token auth, the join link leads to the page saying
    /// when the room opens.
    pub join_opens_at: DateTime<Utc>,
    /// When the join link stops minting room tokens: an hour after the end.
    pub join_closes_at: DateTime<Utc>,
    /// When it was booked.
    pub created_at: DateTime<Utc>,
    /// When it was cancelled, if it was.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// The reason given when cancelling.
    pub cancel_reason: Option<String>,
    /// Who cancelled it (absent for bookings cancelled before this was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_by: Option<CancelledBy>,
    /// When the host confirmed or declined the request (requires-confirmation agendas).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<DateTime<Utc>>,
    /// The reason given when declining, told to the guest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decline_reason: Option<String>,
    /// The guest's answers to the agenda's questions, as asked at booking time.
    #[serde(default)]
    pub answers: Vec<Answer>,
    /// How many times it was rescheduled (the invitation's SEQUENCE).
    pub sequence: u32,
    /// The guest's secret for managing this booking; only in the guest's `POST /bookings`
    /// answer, once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manage_token: Option<String>,
    /// The guest's manage page, with the token; only alongside `manage_token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manage_url: Option<String>,
    /// The agenda's public booking page, where the guest can book another time; in a guest's
    /// view only, while the agenda takes bookings there (active and listed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_page_url: Option<String>,
    /// Whether the agenda is still offered (false once its host deactivated or deleted it: the
    /// guest can still cancel, but no longer move the booking); in a guest's view only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda_active: Option<bool>,
    /// The emails about this booking and how their delivery went, oldest first; shown to the
    /// host only (absent in guests' answers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notifications: Option<Vec<Notification>>,
    /// Who was in the Jitsi room and for how long, as the Jitsi server reported it (SPEC §11);
    /// absent until its first event.
    #[serde(default)]
    pub attendance: Option<Attendance>,
    /// Who did not show up, decided `JITSI_NO_SHOW_MINUTES` after the start when attendance
    /// is reported; absent until then.
    #[serde(default)]
    pub no_show: Option<NoShow>,
}

/// Which booking event a notification announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// A booking request was received (guest) or waits for a decision (host).
    Request,
    /// The booking was made, or the request confirmed.
    Confirmation,
    /// The booking was cancelled.
    Cancellation,
    /// The booking moved to another time.
    Reschedule,
    /// The host declined the request, or it was still pending at its start.
    Decline,
    /// A reminder before the meeting.
    Reminder,
    /// The host asked the guest to pick a new time (guest only, with a fresh manage link).
    RescheduleRequest,
}

/// Who a notification is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
#[serde(rename_all = "snake_case")]
pub enum NotificationRecipient {
    /// The host.
    Host,
    /// The guest.
    Guest,
}

/// Delivery state of a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
#[serde(rename_all = "snake_case")]
pub enum NotificationState {
    /// Waiting for (another) delivery attempt.
    Pending,
    /// Delivered to the mail server (or written to the outbox folder).
    Sent,
    /// Given up after the last attempt; `last_error` says why.
    Failed,
}

/// One email about a booking, as its delivery stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    /// What it announces.
    pub kind: NotificationKind,
    /// Who it is for.
    pub recipient: NotificationRecipient,
    /// `pending`, `sent` or `failed`.
    pub state: NotificationState,
    /// Delivery attempts so far.
    pub attempts: u32,
    /// The last attempt's error, if it failed.
    pub last_error: Option<String>,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// When it was delivered.
    pub sent_at: Option<DateTime<Utc>>,
}

/// `GET /bookings`: one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingList {
    /// Bookings in order (upcoming and all: soonest first; past: latest first).
    pub items: Vec<Booking>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// Which bookings `GET /bookings` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingScope {
    /// Pending and confirmed bookings that have not ended yet, soonest first.
    #[default]
    Upcoming,
    /// Bookings that have ended, latest first.
    Past,
    /// Everything, cancelled included, soonest first.
    All,
}

impl BookingScope {
    /// The query-string value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Upcoming => "upcoming",
            Self::Past => "past",
            Self::All => "all",
        }
    }
}

/// `GET /health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when the database answers.
    pub status: String,
    /// The server's version.
    pub version: String,
}

/// A booking event integrators can subscribe to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum WebhookEvent {
    /// A booking was made.
    #[serde(rename = "booking.created")]
    BookingCreated,
    /// A booking was cancelled.
    #[serde(rename = "booking.cancelled")]
    BookingCancelled,
    /// A booking moved to another time.
    #[serde(rename = "booking.rescheduled")]
    BookingRescheduled,
    /// A booking request waits for the host's decision (requires-confirmation agendas).
    #[serde(rename = "booking.requested")]
    BookingRequested,
    /// The host confirmed a request.
    #[serde(rename = "booking.confirmed")]
    BookingConfirmed,
    /// A request was declined (by the host, or because it was still pending at its start).
    #[serde(rename = "booking.declined")]
    BookingDeclined,
    /// The booking's Jitsi room opened (its first occupant arrived).
    #[serde(rename = "meeting.started")]
    MeetingStarted,
    /// The booking's Jitsi room closed; the booking carries the attendance.
    #[serde(rename = "meeting.ended")]
    MeetingEnded,
    /// Someone did not show up (`booking.no_show` is `host`, `guest` or `both`).
    #[serde(rename = "booking.no_show")]
    BookingNoShow,
}

impl WebhookEvent {
    /// Every event, in documentation order.
    pub const ALL: [WebhookEvent; 9] = [
        WebhookEvent::BookingCreated,
        WebhookEvent::BookingCancelled,
        WebhookEvent::BookingRescheduled,
        WebhookEvent::BookingRequested,
        WebhookEvent::BookingConfirmed,
        WebhookEvent::BookingDeclined,
        WebhookEvent::MeetingStarted,
        WebhookEvent::MeetingEnded,
        WebhookEvent::BookingNoShow,
    ];

    /// The event's name on the wire, e.g. `booking.created`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BookingCreated => "booking.created",
            Self::BookingCancelled => "booking.cancelled",
            Self::BookingRescheduled => "booking.rescheduled",
            Self::BookingRequested => "booking.requested",
            Self::BookingConfirmed => "booking.confirmed",
            Self::BookingDeclined => "booking.declined",
            Self::MeetingStarted => "meeting.started",
            Self::MeetingEnded => "meeting.ended",
            Self::BookingNoShow => "booking.no_show",
        }
    }

    /// The event a wire name stands for.
    pub fn from_name(name: &str) -> Option<WebhookEvent> {
        Self::ALL.into_iter().find(|e| e.as_str() == name)
    }
}

/// `POST /webhooks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateWebhookRequest {
    /// Where events are POSTed: an absolute `http(s)` URL.
    pub url: String,
    /// The events to send; all of them when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<WebhookEvent>>,
    /// A note for the host, e.g. the integration's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A webhook (never its secret, except once in [`CreatedWebhook`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    /// Webhook id.
    pub id: Uuid,
    /// Where events are POSTed.
    pub url: String,
    /// The events it receives.
    pub events: Vec<WebhookEvent>,
    /// The host's note.
    pub description: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// Failed attempts since the last success.
    pub consecutive_failures: u32,
    /// True when the endpoint keeps failing (3 or more failed attempts in a row). Deliveries
    /// go on being retried; a webhook is never disabled silently.
    pub failing: bool,
    /// The last successful delivery.
    pub last_success_at: Option<DateTime<Utc>>,
    /// The last failed attempt.
    pub last_failure_at: Option<DateTime<Utc>>,
}

/// `POST /webhooks` answer: the webhook and its signing secret, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedWebhook {
    /// Signs every delivery: `SmartCal-Signature: t={unix},v1={hex HMAC-SHA256(secret, "{t}.{body}")}`.
    pub secret: String,
    /// The stored webhook.
    pub webhook: Webhook,
}

/// `GET /webhooks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookList {
    /// The host's webhooks, oldest first.
    pub items: Vec<Webhook>,
    /// Always absent: the list is not paginated.
    pub next_cursor: Option<String>,
}

/// One attempt to deliver an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookAttempt {
    /// When it started.
    pub at: DateTime<Utc>,
    /// How long it took, in milliseconds.
    pub duration_ms: u64,
    /// The receiver's HTTP status, if it answered.
    pub status_code: Option<u16>,
    /// What went wrong; absent on success (a 2xx answer).
    pub error: Option<String>,
}

/// One event sent (or being sent) to a webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    /// Delivery id; also sent as the `SmartCal-Delivery` header and the payload's `id`.
    pub id: Uuid,
    /// The event.
    pub event: WebhookEvent,
    /// The booking it is about.
    pub booking_id: Uuid,
    /// `pending` (retrying), `sent` or `failed` (attempts used up).
    pub state: NotificationState,
    /// When the event happened.
    pub created_at: DateTime<Utc>,
    /// Every attempt, oldest first.
    pub attempts: Vec<WebhookAttempt>,
}

/// `GET /webhooks/{id}/deliveries`: the latest 100 deliveries, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDeliveryList {
    /// Newest first.
    pub items: Vec<WebhookDelivery>,
    /// Always absent: only the latest 100 are listed.
    pub next_cursor: Option<String>,
}

/// The start and end a rescheduled booking had before it moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviousTime {
    /// The old start (UTC).
    pub start: DateTime<Utc>,
    /// The old end (UTC).
    pub end: DateTime<Utc>,
}

/// What an event carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookEventData {
    /// The booking after the event (host's view, without notifications).
    pub booking: Booking,
    /// `booking.rescheduled` only: the old times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousTime>,
}

/// The JSON body POSTed to a webhook. Version 1; fields may be added, never changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookPayload {
    /// The delivery id (the same on every retry: use it to drop duplicates).
    pub id: Uuid,
    /// The event.
    #[serde(rename = "type")]
    pub event: WebhookEvent,
    /// Payload version: 1.
    pub version: u32,
    /// When the event happened.
    pub created_at: DateTime<Utc>,
    /// The booking, and for reschedules its old times.
    pub data: WebhookEventData,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_tells_absent_from_null() {
        let absent: UpdateAgendaRequest = serde_json::from_str("{}").unwrap();
        assert_eq!(absent.max_bookings_per_day, None);
        let null: UpdateAgendaRequest =
            serde_json::from_str(r#"{"max_bookings_per_day":null}"#).unwrap();
        assert_eq!(null.max_bookings_per_day, Some(None));
        let set: UpdateAgendaRequest =
            serde_json::from_str(r#"{"max_bookings_per_day":3}"#).unwrap();
        assert_eq!(set.max_bookings_per_day, Some(Some(3)));
    }

    #[test]
    fn problem_uses_type_key() {
        let p = Problem {
            type_: "about:blank".into(),
            title: "Not Found".into(),
            status: 404,
            detail: None,
            errors: vec![],
            request_id: None,
        };
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["type"], "about:blank");
        assert!(v.get("errors").is_none());
        assert!(v.get("request_id").is_none());
    }

    #[test]
    fn start_accepts_any_offset() {
        let r: RescheduleBookingRequest =
            serde_json::from_str(r#"{"start":"2026-12-01T09:00:00+01:00"}"#).unwrap();
        assert_eq!(r.start.to_rfc3339(), "2026-12-01T08:00:00+00:00");
    }
}
