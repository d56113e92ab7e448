//! The only place that talks to the server: thin wrappers around `smartcal-client` with the
//! base URL of the page itself, and errors turned into a small cloneable [`ApiError`].

use chrono::NaiveDate;
use smartcal_client::{Client, ClientError};
use smartcal_types::{
    Agenda, AgendaList, ApiKeyList, Booking, BookingList, BookingScope, BookingStatus,
    CalendarFeed, CalendarSource, CalendarSourceList, CancelBookingRequest, ChangePasswordRequest,
    CreateAgendaRequest, CreateApiKeyRequest, CreateBookingRequest, CreateCalendarRequest,
    CreateInviteRequest, CreatedApiKey, CreatedInvite, DeclineBookingRequest, Host, InviteList,
    LoginRequest, PasswordResetAccepted, PasswordResetConfirm, PasswordResetRequest, PublicAgenda,
    PublicHost, RequestRescheduleRequest, RescheduleBookingRequest, SignupRequest, SlotList,
    UpdateAgendaRequest,
};
use smartcal_types::{
    CreateTeamAgendaRequest, CreateTeamRequest, Team, TeamList, UpdateHostRequest,
};
use uuid::Uuid;

/// The message `id` in the page's language, read once: an error made inside a resource's
/// loading must not make it load again when the language changes.
fn words(id: &str) -> String {
    leptos::prelude::untrack(|| crate::i18n::t(id))
}

/// A failed call: the HTTP status (if any), a message for people and per-field messages.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The HTTP status; `None` when there was no answer (e.g. the server could not be reached).
    pub status: Option<u16>,
    /// What went wrong, worded for people: the problem's detail when it reads as a sentence,
    /// else a sentence for its status; never the raw body, a problem type or a status code.
    pub message: String,
    /// Per-field messages as `(field, message)`, e.g. `("guest_email", …)`.
    pub fields: Vec<(String, String)>,
}

impl ApiError {
    /// The message for `field`, if the server reported one.
    pub fn field(&self, field: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
    }
}

impl From<ClientError> for ApiError {
    fn from(err: ClientError) -> Self {
        let status = err.status();
        match err.problem() {
            Some(p) => ApiError {
                status,
                message: human_message(status, p),
                fields: p
                    .errors
                    .iter()
                    .map(|e| (e.field.clone(), e.message.clone()))
                    .collect(),
            },
            None => ApiError {
                status,
                message: words("common-error-unreachable"),
                fields: Vec::new(),
            },
        }
    }
}

/// A problem worded for the page. Only a problem document the server wrote (not one the
/// client made up from some other body, e.g. a proxy's error page) may lend its `detail`, and
/// only when it reads as plain words: first letter made upper case, a full stop added.
fn human_message(status: Option<u16>, p: &smartcal_types::Problem) -> String {
    let written_by_server = p.type_ != "about:blank";
    let detail = p.detail.as_deref().map(str::trim).unwrap_or_default();
    let plain_words = !detail.is_empty()
        && detail.len() <= 300
        && !detail.contains(['{', '}', '<', '>', '`', '\\'])
        && !detail.contains("://");
    if written_by_server && plain_words {
        let mut chars = detail.chars();
        let first = chars.next().map(|c| c.to_uppercase().to_string());
        let mut sentence = first.unwrap_or_default() + chars.as_str();
        if !sentence.ends_with(['.', '!', '?']) {
            sentence.push('.');
        }
        return sentence;
    }
    words(status_sentence(status))
}

/// What a status means to the person using the page: its message id.
fn status_sentence(status: Option<u16>) -> &'static str {
    match status {
        Some(401) => "common-error-unauthorized",
        Some(403) => "common-error-forbidden",
        Some(404) => "common-error-not-found",
        Some(409) => "common-error-conflict",
        Some(410) => "common-error-gone",
        Some(413) => "common-error-too-large",
        Some(400 | 422) => "common-error-invalid",
        Some(429) => "common-error-too-many",
        Some(500..=599) => "common-error-server",
        _ => "common-error-other",
    }
}

/// What every call here returns.
pub type ApiResult<T> = Result<T, ApiError>;

/// The page's own origin, e.g. `https://smartcal.example`.
pub fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

fn client() -> ApiResult<Client> {
    Ok(Client::new(&origin())?)
}

/// A guest's view of an agenda, by the host's and the agenda's slugs, with the private
/// `invite` of the link if any (404: no such agenda, or unlisted and no valid invite).
pub async fn public_agenda(
    host: &str,
    agenda: &str,
    invite: Option<&str>,
) -> ApiResult<PublicAgenda> {
    Ok(client()?
        .public_agenda_with_invite(host, agenda, invite)
        .await?)
}

/// A guest's view of a team agenda, by the team's and the agenda's slugs (404: no such
/// agenda).
pub async fn public_team_agenda(team: &str, agenda: &str) -> ApiResult<PublicAgenda> {
    Ok(client()?.public_team_agenda(team, agenda).await?)
}

/// The agenda's free slots from `from` to `to` (inclusive), in `zone` (blank: the agenda's),
/// with the private `invite` of the link if any.
pub async fn slots(
    agenda_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
    zone: &str,
    access: &SlotAccess,
) -> ApiResult<SlotList> {
    let zone = (!zone.trim().is_empty()).then_some(zone.trim());
    let c = client()?;
    Ok(match access {
        SlotAccess::Invite(invite) => {
            c.slots_with_invite(agenda_id, from, to, zone, invite.as_deref())
                .await?
        }
        SlotAccess::Move { booking, token } => {
            c.slots_to_move(agenda_id, from, to, zone, *booking, token.as_deref())
                .await?
        }
    })
}

/// Whose slots a picker lists: a guest booking (through the link's private invite, if any),
/// or a booking being moved (its own time then blocks nothing; the guest's manage token).
#[derive(Debug, Clone, PartialEq)]
pub enum SlotAccess {
    Invite(Option<String>),
    Move {
        booking: Uuid,
        token: Option<String>,
    },
}

/// Books a slot; a retry with the same `idempotency_key` never books twice (409: taken).
pub async fn create_booking(
    body: &CreateBookingRequest,
    idempotency_key: &str,
) -> ApiResult<Booking> {
    Ok(client()?
        .create_booking(body, Some(idempotency_key))
        .await?)
}

/// Logs in with email and password; the session cookie is set by the server.
pub async fn login(body: &LoginRequest) -> ApiResult<Host> {
    Ok(client()?.login(body).await?)
}

/// Creates a host account and logs in.
pub async fn signup(body: &SignupRequest) -> ApiResult<Host> {
    Ok(client()?.signup(body).await?)
}

/// Ends the session.
pub async fn logout() -> ApiResult<()> {
    Ok(client()?.logout().await?)
}

/// Changes the password (`POST /me/password`); every other session ends.
pub async fn change_password(body: &ChangePasswordRequest) -> ApiResult<()> {
    Ok(client()?.change_my_password(body).await?)
}

/// Asks for a password reset link by email; the answer is the same for any address.
pub async fn request_password_reset(
    body: &PasswordResetRequest,
) -> ApiResult<PasswordResetAccepted> {
    Ok(client()?.request_password_reset(body).await?)
}

/// Sets a new password with a reset link's token; every session of the host ends.
pub async fn confirm_password_reset(body: &PasswordResetConfirm) -> ApiResult<()> {
    Ok(client()?.confirm_password_reset(body).await?)
}

/// A host's public page: their name and bookable agendas (404: no such host).
pub async fn public_host(host: &str) -> ApiResult<PublicHost> {
    Ok(client()?.public_host(host).await?)
}

/// Ends every other session of the host.
pub async fn logout_others() -> ApiResult<()> {
    Ok(client()?.logout_others().await?)
}

/// The logged-in host (401 when there is no session).
pub async fn me() -> ApiResult<Host> {
    Ok(client()?.me().await?)
}

/// Changes the host's own name, zone or language.
pub async fn update_me(body: &UpdateHostRequest) -> ApiResult<Host> {
    Ok(client()?.update_me(body).await?)
}

/// The host's agendas.
pub async fn list_agendas() -> ApiResult<AgendaList> {
    Ok(client()?.list_agendas().await?)
}

/// Creates an agenda.
pub async fn create_agenda(body: &CreateAgendaRequest) -> ApiResult<Agenda> {
    Ok(client()?.create_agenda(body).await?)
}

/// Changes the fields present in `body`.
pub async fn update_agenda(id: Uuid, body: &UpdateAgendaRequest) -> ApiResult<Agenda> {
    Ok(client()?.update_agenda(id, body).await?)
}

/// Deletes an agenda; its booking link stops working.
pub async fn delete_agenda(id: Uuid) -> ApiResult<()> {
    Ok(client()?.delete_agenda(id).await?)
}

/// The host's API keys (without their secrets).
pub async fn list_api_keys() -> ApiResult<ApiKeyList> {
    Ok(client()?.list_api_keys().await?)
}

/// Creates an API key named `name`; its secret is only returned here.
pub async fn create_api_key(name: String) -> ApiResult<CreatedApiKey> {
    Ok(client()?
        .create_api_key(&CreateApiKeyRequest { name })
        .await?)
}

/// Revokes an API key at once.
pub async fn revoke_api_key(id: Uuid) -> ApiResult<()> {
    Ok(client()?.revoke_api_key(id).await?)
}

/// The host's busy-time sources with their sync state.
pub async fn list_calendars() -> ApiResult<CalendarSourceList> {
    Ok(client()?.list_calendars().await?)
}

/// Adds an iCal address or a CalDAV calendar; the server reads it at once.
pub async fn create_calendar(body: &CreateCalendarRequest) -> ApiResult<CalendarSource> {
    Ok(client()?.create_calendar(body).await?)
}

/// Removes a busy-time source and its busy times.
pub async fn delete_calendar(id: Uuid) -> ApiResult<()> {
    Ok(client()?.delete_calendar(id).await?)
}

/// Reads a busy-time source now.
pub async fn sync_calendar(id: Uuid) -> ApiResult<CalendarSource> {
    Ok(client()?.sync_calendar(id).await?)
}

/// Whether the host has a subscribable feed of their bookings.
pub async fn calendar_feed() -> ApiResult<CalendarFeed> {
    Ok(client()?.calendar_feed().await?)
}

/// Makes a new feed link (the old one stops working); its address is only returned here.
pub async fn rotate_calendar_feed() -> ApiResult<CalendarFeed> {
    Ok(client()?.rotate_calendar_feed().await?)
}

/// The first page (up to 50) of the host's bookings in `scope`.
pub async fn list_bookings(scope: BookingScope) -> ApiResult<BookingList> {
    Ok(client()?.list_bookings(scope, None, Some(50)).await?)
}

/// The first page (up to 50) of the host's cancelled bookings, upcoming and past, soonest first.
pub async fn list_cancelled_bookings() -> ApiResult<BookingList> {
    Ok(client()?
        .list_bookings_in_status(BookingStatus::Cancelled, None, None, Some(50))
        .await?)
}

/// Asks the booking's guest to choose a new time, with the host's `message` if any.
pub async fn request_reschedule(id: Uuid, message: Option<String>) -> ApiResult<Booking> {
    let body = RequestRescheduleRequest { message };
    Ok(client()?.request_reschedule(id, &body).await?)
}

/// One booking, with the guest's manage `token` or as its logged-in host.
pub async fn get_booking(id: Uuid, token: Option<&str>) -> ApiResult<Booking> {
    Ok(client()?.get_booking(id, token).await?)
}

/// Cancels a booking (with the guest's `token`, or as its host), giving `reason` if any.
pub async fn cancel_booking(
    id: Uuid,
    token: Option<&str>,
    reason: Option<String>,
) -> ApiResult<Booking> {
    let body = CancelBookingRequest { reason };
    Ok(client()?.cancel_booking(id, token, &body).await?)
}

/// Moves a booking to the free slot starting at `start` (409: just taken).
pub async fn reschedule_booking(
    id: Uuid,
    token: Option<&str>,
    start: chrono::DateTime<chrono::Utc>,
) -> ApiResult<Booking> {
    let body = RescheduleBookingRequest { start };
    Ok(client()?.reschedule_booking(id, token, &body).await?)
}

/// Confirms a pending request (as its host, or with the host's decide `token`; 409: no longer
/// pending).
pub async fn confirm_booking(id: Uuid, token: Option<&str>) -> ApiResult<Booking> {
    Ok(client()?.confirm_booking(id, token).await?)
}

/// Declines a pending request, telling the guest `reason` if any (as its host, or with the
/// host's decide `token`; 409: no longer pending).
pub async fn decline_booking(
    id: Uuid,
    token: Option<&str>,
    reason: Option<String>,
) -> ApiResult<Booking> {
    let body = DeclineBookingRequest { reason };
    Ok(client()?.decline_booking(id, token, &body).await?)
}

/// The agenda's private invites that were not revoked, newest first.
pub async fn list_invites(agenda_id: Uuid) -> ApiResult<InviteList> {
    Ok(client()?.list_invites(agenda_id).await?)
}

/// Creates a private invite; its link is only returned here.
pub async fn create_invite(
    agenda_id: Uuid,
    body: &CreateInviteRequest,
) -> ApiResult<CreatedInvite> {
    Ok(client()?.create_invite(agenda_id, body).await?)
}

/// Revokes a private invite: its link stops working at once.
pub async fn revoke_invite(agenda_id: Uuid, invite_id: Uuid) -> ApiResult<()> {
    Ok(client()?.revoke_invite(agenda_id, invite_id).await?)
}

/// Erases the guest's personal data from a past or cancelled booking (as its host).
pub async fn erase_booking(id: Uuid) -> ApiResult<Booking> {
    Ok(client()?.erase_booking(id).await?)
}

/// The `.ics` download link of a booking (a plain link, so the browser saves the file).
pub fn ics_url(id: Uuid, token: Option<&str>) -> String {
    match token {
        Some(t) => format!(
            "{}/api/v1/bookings/{id}/ics?token={}",
            origin(),
            String::from(js_sys::encode_uri_component(t))
        ),
        None => format!("{}/api/v1/bookings/{id}/ics", origin()),
    }
}

/// The teams the host belongs to.
pub async fn list_teams() -> ApiResult<TeamList> {
    Ok(client()?.list_teams().await?)
}

/// Makes a team owned by the host.
pub async fn create_team(body: &CreateTeamRequest) -> ApiResult<Team> {
    Ok(client()?.create_team(body).await?)
}

/// Adds the host with this account email to a team (owner only; 422 `email`: no such host).
pub async fn add_team_member(team: Uuid, email: &str) -> ApiResult<Team> {
    Ok(client()?.add_team_member(team, email).await?)
}

/// Removes a member from a team (409: the owner, or an agenda's last member).
pub async fn remove_team_member(team: Uuid, host: Uuid) -> ApiResult<()> {
    Ok(client()?.remove_team_member(team, host).await?)
}

/// Makes an agenda of the team.
pub async fn create_team_agenda(team: Uuid, body: &CreateTeamAgendaRequest) -> ApiResult<Agenda> {
    Ok(client()?.create_team_agenda(team, body).await?)
}

/// The team's agendas.
pub async fn list_team_agendas(team: Uuid) -> ApiResult<AgendaList> {
    Ok(client()?.list_team_agendas(team).await?)
}
