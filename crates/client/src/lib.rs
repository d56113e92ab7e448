//! Typed client for SmartCal's REST API (`{base}/api/v1`), for native Rust and wasm32.
//!
//! On native targets the client sends with `reqwest` and keeps a cookie store, so the session
//! cookie set by [`Client::signup`] or [`Client::login`] is sent on later calls. In the browser
//! (wasm32) it calls the browser's own `fetch` (through `web-sys`) with the browser's cookies
//! (same-origin): no HTTP library and no URL parser go into the page's wasm. Integrators can
//! instead authenticate with an API key via [`Client::with_api_key`].
//!
//! Error responses are RFC 9457 problem documents, surfaced as [`ClientError::Api`].
//!
//! ```rust,no_run
//! use smartcal_client::{Client, ClientError};
//! use smartcal_types::{BookingScope, LoginRequest};
//!
//! async fn upcoming() -> Result<(), ClientError> {
//!     let client = Client::new("https://smartcal.example")?;
//!     let host = client
//!         .login(&LoginRequest {
//!             email: "ada@example.com".into(),
//!             password: "correct horse".into(),
//!         })
//!         .await?;
//!     println!("logged in as {}", host.name);
//!     let page = client.list_bookings(BookingScope::Upcoming, None, Some(20)).await?;
//!     for booking in page.items {
//!         println!("{} with {}", booking.start, booking.guest_name);
//!     }
//!     Ok(())
//! }
//! ```

use chrono::NaiveDate;
use http::{Method, StatusCode};
use serde::{de::DeserializeOwned, Serialize};
use smartcal_types::{
    AddTeamMemberRequest, Agenda, AgendaList, ApiKeyList, Booking, BookingList, BookingScope,
    BookingStatus, CalendarFeed, CalendarSource, CalendarSourceList, CancelBookingRequest,
    ChangePasswordRequest, CreateAgendaRequest, CreateApiKeyRequest, CreateBookingRequest,
    CreateCalendarRequest, CreateInviteRequest, CreateTeamAgendaRequest, CreateTeamRequest,
    CreateWebhookRequest, CreatedApiKey, CreatedInvite, CreatedWebhook, DeclineBookingRequest,
    Health, Host, InviteList, LoginRequest, PasswordResetAccepted, PasswordResetConfirm,
    PasswordResetRequest, Problem, PublicAgenda, PublicHost, RequestRescheduleRequest,
    RescheduleBookingRequest, SignupRequest, SlotList, Team, TeamList, UpdateAgendaRequest,
    UpdateHostRequest, WebhookDeliveryList, WebhookList,
};
use uuid::Uuid;

mod address;
#[cfg(target_arch = "wasm32")]
mod fetch;

pub use smartcal_types as types;

/// Everything a call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The server answered with a non-2xx status and a problem document.
    #[error("API error {status}: {}", describe(problem))]
    Api {
        /// The HTTP status code.
        status: u16,
        /// The problem details (synthesised when the body was not a problem document); boxed
        /// to keep every `Result` of this client small.
        problem: Box<Problem>,
    },
    /// The request could not be sent or the response could not be read.
    #[error("HTTP error: {0}")]
    Http(String),
    /// The response body did not match the expected type.
    #[error("could not decode the response: {0}")]
    Decode(String),
    /// The base URL (or a URL built from it) is invalid.
    #[error("invalid URL: {0}")]
    Url(String),
}

impl ClientError {
    /// The HTTP status, for API errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } => Some(*status),
            Self::Http(_) | Self::Decode(_) | Self::Url(_) => None,
        }
    }

    /// The problem details, for API errors.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            Self::Api { problem, .. } => Some(problem.as_ref()),
            _ => None,
        }
    }
}

fn describe(problem: &Problem) -> String {
    match &problem.detail {
        Some(detail) if !detail.is_empty() => format!("{}: {}", problem.title, detail),
        _ => problem.title.clone(),
    }
}

/// A SmartCal API client. Cheap to clone: clones share the connection pool and cookies.
#[derive(Clone)]
pub struct Client {
    #[cfg(not(target_arch = "wasm32"))]
    http: reqwest::Client,
    base_url: String,
    /// `{base}/api/v1`.
    api_root: String,
    api_key: Option<String>,
}

#[cfg(not(target_arch = "wasm32"))]
impl From<reqwest::Error> for ClientError {
    fn from(e: reqwest::Error) -> Self {
        ClientError::Http(e.to_string())
    }
}

/// One request as the client sends it.
struct Call<'a> {
    method: Method,
    url: String,
    accept: &'static str,
    /// JSON.
    body: Option<String>,
    idempotency_key: Option<&'a str>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl Client {
    /// Creates a client for the server at `base_url`, e.g. `https://smartcal.example`.
    pub fn new(base_url: &str) -> Result<Self, ClientError> {
        let api_root = address::api_root(base_url)?;
        Ok(Self {
            #[cfg(not(target_arch = "wasm32"))]
            http: reqwest::Client::builder().cookie_store(true).build()?,
            base_url: base_url.to_owned(),
            api_root,
            api_key: None,
        })
    }

    /// Sends `Authorization: Bearer <key>` with every request.
    pub fn with_api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The base URL the client was created with.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    // -----------------------------------------------------------------------------------------
    // Hosts and sessions

    /// Creates a host account and logs in (`POST /auth/signup`).
    pub async fn signup(&self, body: &SignupRequest) -> Result<Host, ClientError> {
        self.json(Method::POST, &["auth", "signup"], &[], Some(body), None)
            .await
    }

    /// Logs in with email and password (`POST /auth/login`).
    pub async fn login(&self, body: &LoginRequest) -> Result<Host, ClientError> {
        self.json(Method::POST, &["auth", "login"], &[], Some(body), None)
            .await
    }

    /// Ends the session (`POST /auth/logout`).
    pub async fn logout(&self) -> Result<(), ClientError> {
        self.empty(Method::POST, &["auth", "logout"], &[], None::<&()>)
            .await
    }

    /// Ends every other session of this host (`POST /auth/logout-others`; a session only).
    pub async fn logout_others(&self) -> Result<(), ClientError> {
        self.empty(Method::POST, &["auth", "logout-others"], &[], None::<&()>)
            .await
    }

    /// Changes the password and ends every other session (`POST /auth/password`; a session
    /// only).
    pub async fn change_password(&self, body: &ChangePasswordRequest) -> Result<(), ClientError> {
        self.empty(Method::POST, &["auth", "password"], &[], Some(body))
            .await
    }

    /// Changes the password and ends every other session (`POST /me/password`; a session
    /// only). The same as [`Client::change_password`], at the address SPEC §15 names.
    pub async fn change_my_password(
        &self,
        body: &ChangePasswordRequest,
    ) -> Result<(), ClientError> {
        self.empty(Method::POST, &["me", "password"], &[], Some(body))
            .await
    }

    /// Asks for a password reset link by email (`POST /auth/password-reset`); the answer is
    /// the same whether or not the address has an account.
    pub async fn request_password_reset(
        &self,
        body: &PasswordResetRequest,
    ) -> Result<PasswordResetAccepted, ClientError> {
        self.json(
            Method::POST,
            &["auth", "password-reset"],
            &[],
            Some(body),
            None,
        )
        .await
    }

    /// Sets a new password with a reset link's token (`POST /auth/password-reset/confirm`);
    /// every session of the host ends.
    pub async fn confirm_password_reset(
        &self,
        body: &PasswordResetConfirm,
    ) -> Result<(), ClientError> {
        self.empty(
            Method::POST,
            &["auth", "password-reset", "confirm"],
            &[],
            Some(body),
        )
        .await
    }

    /// The logged-in host (`GET /me`).
    pub async fn me(&self) -> Result<Host, ClientError> {
        self.get(&["me"], &[]).await
    }

    /// Changes the host's own name, zone or language (`PATCH /me`).
    pub async fn update_me(&self, body: &UpdateHostRequest) -> Result<Host, ClientError> {
        self.json(Method::PATCH, &["me"], &[], Some(body), None)
            .await
    }

    // -----------------------------------------------------------------------------------------
    // API keys

    /// Lists the host's API keys (`GET /api-keys`).
    pub async fn list_api_keys(&self) -> Result<ApiKeyList, ClientError> {
        self.get(&["api-keys"], &[]).await
    }

    /// Creates an API key; the secret is only returned here (`POST /api-keys`).
    pub async fn create_api_key(
        &self,
        body: &CreateApiKeyRequest,
    ) -> Result<CreatedApiKey, ClientError> {
        self.json(Method::POST, &["api-keys"], &[], Some(body), None)
            .await
    }

    /// Revokes an API key (`DELETE /api-keys/{id}`).
    pub async fn revoke_api_key(&self, id: Uuid) -> Result<(), ClientError> {
        let id = id.to_string();
        self.empty(Method::DELETE, &["api-keys", &id], &[], None::<&()>)
            .await
    }

    // -----------------------------------------------------------------------------------------
    // Webhooks

    /// Lists the host's webhooks with their health (`GET /webhooks`).
    pub async fn list_webhooks(&self) -> Result<WebhookList, ClientError> {
        self.get(&["webhooks"], &[]).await
    }

    /// Subscribes a URL to booking events; the signing secret is only returned here
    /// (`POST /webhooks`).
    pub async fn create_webhook(
        &self,
        body: &CreateWebhookRequest,
    ) -> Result<CreatedWebhook, ClientError> {
        self.json(Method::POST, &["webhooks"], &[], Some(body), None)
            .await
    }

    /// Deletes a webhook (`DELETE /webhooks/{id}`).
    pub async fn delete_webhook(&self, id: Uuid) -> Result<(), ClientError> {
        let id = id.to_string();
        self.empty(Method::DELETE, &["webhooks", &id], &[], None::<&()>)
            .await
    }

    /// The webhook's latest deliveries with every attempt (`GET /webhooks/{id}/deliveries`).
    pub async fn webhook_deliveries(&self, id: Uuid) -> Result<WebhookDeliveryList, ClientError> {
        let id = id.to_string();
        self.get(&["webhooks", &id, "deliveries"], &[]).await
    }

    /// Sends a delivered or failed event again
    /// (`POST /webhooks/{id}/deliveries/{delivery_id}/redeliver`).
    pub async fn redeliver_webhook(&self, id: Uuid, delivery_id: Uuid) -> Result<(), ClientError> {
        let (id, delivery_id) = (id.to_string(), delivery_id.to_string());
        self.empty(
            Method::POST,
            &["webhooks", &id, "deliveries", &delivery_id, "redeliver"],
            &[],
            None::<&()>,
        )
        .await
    }

    // -----------------------------------------------------------------------------------------
    // Agendas

    /// Lists the host's agendas (`GET /agendas`).
    pub async fn list_agendas(&self) -> Result<AgendaList, ClientError> {
        self.get(&["agendas"], &[]).await
    }

    /// Creates an agenda (`POST /agendas`).
    pub async fn create_agenda(&self, body: &CreateAgendaRequest) -> Result<Agenda, ClientError> {
        self.json(Method::POST, &["agendas"], &[], Some(body), None)
            .await
    }

    /// Fetches one of the host's agendas (`GET /agendas/{id}`).
    pub async fn get_agenda(&self, id: Uuid) -> Result<Agenda, ClientError> {
        let id = id.to_string();
        self.get(&["agendas", &id], &[]).await
    }

    /// Changes the fields present in `body` (`PATCH /agendas/{id}`).
    pub async fn update_agenda(
        &self,
        id: Uuid,
        body: &UpdateAgendaRequest,
    ) -> Result<Agenda, ClientError> {
        let id = id.to_string();
        self.json(Method::PATCH, &["agendas", &id], &[], Some(body), None)
            .await
    }

    /// Deletes an agenda (`DELETE /agendas/{id}`).
    pub async fn delete_agenda(&self, id: Uuid) -> Result<(), ClientError> {
        let id = id.to_string();
        self.empty(Method::DELETE, &["agendas", &id], &[], None::<&()>)
            .await
    }

    /// A host's public page: name and bookable agendas (`GET /public/hosts/{host_slug}`).
    pub async fn public_host(&self, host_slug: &str) -> Result<PublicHost, ClientError> {
        self.get(&["public", "hosts", host_slug], &[]).await
    }

    /// A guest's view of an agenda (`GET /public/hosts/{host_slug}/agendas/{agenda_slug}`).
    pub async fn public_agenda(
        &self,
        host_slug: &str,
        agenda_slug: &str,
    ) -> Result<PublicAgenda, ClientError> {
        self.public_agenda_with_invite(host_slug, agenda_slug, None)
            .await
    }

    /// [`Client::public_agenda`] through a private invite's link (`?invite=`): the way to an
    /// unlisted agenda.
    pub async fn public_agenda_with_invite(
        &self,
        host_slug: &str,
        agenda_slug: &str,
        invite: Option<&str>,
    ) -> Result<PublicAgenda, ClientError> {
        self.get(
            &["public", "hosts", host_slug, "agendas", agenda_slug],
            &[("invite", invite)],
        )
        .await
    }

    /// Free slots between two dates, inclusive (`GET /agendas/{id}/slots`).
    pub async fn slots(
        &self,
        agenda_id: Uuid,
        from: NaiveDate,
        to: NaiveDate,
        time_zone: Option<&str>,
    ) -> Result<SlotList, ClientError> {
        self.slots_with_invite(agenda_id, from, to, time_zone, None)
            .await
    }

    /// [`Client::slots`] through a private invite (`?invite=`): the way to an unlisted
    /// agenda's slots.
    pub async fn slots_with_invite(
        &self,
        agenda_id: Uuid,
        from: NaiveDate,
        to: NaiveDate,
        time_zone: Option<&str>,
        invite: Option<&str>,
    ) -> Result<SlotList, ClientError> {
        self.slots_query(agenda_id, from, to, time_zone, &[("invite", invite)])
            .await
    }

    /// The times `booking` (of this agenda) can move to: its own time and buffers left out.
    /// As its host, or with the guest's manage `token` (no invite needed).
    pub async fn slots_to_move(
        &self,
        agenda_id: Uuid,
        from: NaiveDate,
        to: NaiveDate,
        time_zone: Option<&str>,
        booking: Uuid,
        token: Option<&str>,
    ) -> Result<SlotList, ClientError> {
        let booking = booking.to_string();
        let extra = [("reschedule", Some(booking.as_str())), ("token", token)];
        self.slots_query(agenda_id, from, to, time_zone, &extra)
            .await
    }

    async fn slots_query(
        &self,
        agenda_id: Uuid,
        from: NaiveDate,
        to: NaiveDate,
        time_zone: Option<&str>,
        extra: &[(&str, Option<&str>)],
    ) -> Result<SlotList, ClientError> {
        let id = agenda_id.to_string();
        let (from, to) = (
            from.format("%Y-%m-%d").to_string(),
            to.format("%Y-%m-%d").to_string(),
        );
        let mut query = vec![
            ("from", Some(from.as_str())),
            ("to", Some(to.as_str())),
            ("time_zone", time_zone),
        ];
        query.extend_from_slice(extra);
        self.get(&["agendas", &id, "slots"], &query).await
    }

    // -----------------------------------------------------------------------------------------
    // Invites

    /// Creates a private invite for one of the host's agendas (`POST /agendas/{id}/invites`).
    pub async fn create_invite(
        &self,
        agenda_id: Uuid,
        body: &CreateInviteRequest,
    ) -> Result<CreatedInvite, ClientError> {
        let id = agenda_id.to_string();
        self.json(
            Method::POST,
            &["agendas", &id, "invites"],
            &[],
            Some(body),
            None,
        )
        .await
    }

    /// The agenda's invites that were not revoked (`GET /agendas/{id}/invites`).
    pub async fn list_invites(&self, agenda_id: Uuid) -> Result<InviteList, ClientError> {
        let id = agenda_id.to_string();
        self.get(&["agendas", &id, "invites"], &[]).await
    }

    /// Revokes an invite (`DELETE /agendas/{agenda_id}/invites/{id}`).
    pub async fn revoke_invite(&self, agenda_id: Uuid, id: Uuid) -> Result<(), ClientError> {
        let (agenda_id, id) = (agenda_id.to_string(), id.to_string());
        self.empty(
            Method::DELETE,
            &["agendas", &agenda_id, "invites", &id],
            &[],
            None::<&()>,
        )
        .await
    }

    // -----------------------------------------------------------------------------------------
    // Teams

    /// Makes a team owned by the caller (`POST /teams`).
    pub async fn create_team(&self, body: &CreateTeamRequest) -> Result<Team, ClientError> {
        self.json(Method::POST, &["teams"], &[], Some(body), None)
            .await
    }

    /// The caller's teams (`GET /teams`).
    pub async fn list_teams(&self) -> Result<TeamList, ClientError> {
        self.get(&["teams"], &[]).await
    }

    /// One of the caller's teams (`GET /teams/{id}`).
    pub async fn get_team(&self, id: Uuid) -> Result<Team, ClientError> {
        let id = id.to_string();
        self.get(&["teams", &id], &[]).await
    }

    /// Adds a host by email (`POST /teams/{id}/members`).
    pub async fn add_team_member(&self, id: Uuid, email: &str) -> Result<Team, ClientError> {
        let id = id.to_string();
        let body = AddTeamMemberRequest {
            email: email.to_owned(),
        };
        self.json(
            Method::POST,
            &["teams", &id, "members"],
            &[],
            Some(&body),
            None,
        )
        .await
    }

    /// Removes a member (`DELETE /teams/{id}/members/{host_id}`).
    pub async fn remove_team_member(&self, id: Uuid, host_id: Uuid) -> Result<(), ClientError> {
        let (id, host_id) = (id.to_string(), host_id.to_string());
        self.empty(
            Method::DELETE,
            &["teams", &id, "members", &host_id],
            &[],
            None::<&()>,
        )
        .await
    }

    /// Makes a team agenda (`POST /teams/{id}/agendas`).
    pub async fn create_team_agenda(
        &self,
        id: Uuid,
        body: &CreateTeamAgendaRequest,
    ) -> Result<Agenda, ClientError> {
        let id = id.to_string();
        self.json(
            Method::POST,
            &["teams", &id, "agendas"],
            &[],
            Some(body),
            None,
        )
        .await
    }

    /// The team's agendas (`GET /teams/{id}/agendas`).
    pub async fn list_team_agendas(&self, id: Uuid) -> Result<AgendaList, ClientError> {
        let id = id.to_string();
        self.get(&["teams", &id, "agendas"], &[]).await
    }

    /// A guest's view of a team agenda
    /// (`GET /public/teams/{team_slug}/agendas/{agenda_slug}`).
    pub async fn public_team_agenda(
        &self,
        team_slug: &str,
        agenda_slug: &str,
    ) -> Result<PublicAgenda, ClientError> {
        self.get(&["public", "teams", team_slug, "agendas", agenda_slug], &[])
            .await
    }

    // -----------------------------------------------------------------------------------------
    // Bookings

    /// Books a slot; retries with the same `idempotency_key` return the same booking
    /// (`POST /bookings`).
    pub async fn create_booking(
        &self,
        body: &CreateBookingRequest,
        idempotency_key: Option<&str>,
    ) -> Result<Booking, ClientError> {
        self.json(
            Method::POST,
            &["bookings"],
            &[],
            Some(body),
            idempotency_key,
        )
        .await
    }

    /// One page of the host's bookings (`GET /bookings`).
    pub async fn list_bookings(
        &self,
        scope: BookingScope,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<BookingList, ClientError> {
        let limit = limit.map(|l| l.to_string());
        self.get(
            &["bookings"],
            &[
                ("scope", Some(scope.as_str())),
                ("cursor", cursor),
                ("limit", limit.as_deref()),
            ],
        )
        .await
    }

    /// Lists the host's bookings in `status` (`GET /bookings?status=…`), in `scope` when
    /// given (the server's default with a status is `all`).
    pub async fn list_bookings_in_status(
        &self,
        status: BookingStatus,
        scope: Option<BookingScope>,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<BookingList, ClientError> {
        let limit = limit.map(|l| l.to_string());
        self.get(
            &["bookings"],
            &[
                ("status", Some(status.as_str())),
                ("scope", scope.map(BookingScope::as_str)),
                ("cursor", cursor),
                ("limit", limit.as_deref()),
            ],
        )
        .await
    }

    /// Asks the guest to choose a new time, as the booking's host
    /// (`POST /bookings/{id}/request-reschedule`).
    pub async fn request_reschedule(
        &self,
        id: Uuid,
        body: &RequestRescheduleRequest,
    ) -> Result<Booking, ClientError> {
        let id = id.to_string();
        self.json(
            Method::POST,
            &["bookings", &id, "request-reschedule"],
            &[],
            Some(body),
            None,
        )
        .await
    }

    /// Fetches a booking, as its host or with the guest's manage token (`GET /bookings/{id}`).
    pub async fn get_booking(&self, id: Uuid, token: Option<&str>) -> Result<Booking, ClientError> {
        let id = id.to_string();
        self.get(&["bookings", &id], &[("token", token)]).await
    }

    /// Cancels a booking (`POST /bookings/{id}/cancel`).
    pub async fn cancel_booking(
        &self,
        id: Uuid,
        token: Option<&str>,
        body: &CancelBookingRequest,
    ) -> Result<Booking, ClientError> {
        let id = id.to_string();
        self.json(
            Method::POST,
            &["bookings", &id, "cancel"],
            &[("token", token)],
            Some(body),
            None,
        )
        .await
    }

    /// Confirms a pending request, as its host or with the decide link's token
    /// (`POST /bookings/{id}/confirm`).
    pub async fn confirm_booking(
        &self,
        id: Uuid,
        decide_token: Option<&str>,
    ) -> Result<Booking, ClientError> {
        let id = id.to_string();
        self.json(
            Method::POST,
            &["bookings", &id, "confirm"],
            &[("token", decide_token)],
            None::<&()>,
            None,
        )
        .await
    }

    /// Declines a pending request (`POST /bookings/{id}/decline`).
    pub async fn decline_booking(
        &self,
        id: Uuid,
        decide_token: Option<&str>,
        body: &DeclineBookingRequest,
    ) -> Result<Booking, ClientError> {
        let id = id.to_string();
        self.json(
            Method::POST,
            &["bookings", &id, "decline"],
            &[("token", decide_token)],
            Some(body),
            None,
        )
        .await
    }

    /// Moves a booking to another free slot (`POST /bookings/{id}/reschedule`).
    pub async fn reschedule_booking(
        &self,
        id: Uuid,
        token: Option<&str>,
        body: &RescheduleBookingRequest,
    ) -> Result<Booking, ClientError> {
        let id = id.to_string();
        self.json(
            Method::POST,
            &["bookings", &id, "reschedule"],
            &[("token", token)],
            Some(body),
            None,
        )
        .await
    }

    /// Erases the guest's personal data from a past or cancelled booking, as its host
    /// (`POST /bookings/{id}/erase`).
    pub async fn erase_booking(&self, id: Uuid) -> Result<Booking, ClientError> {
        let id = id.to_string();
        self.json(
            Method::POST,
            &["bookings", &id, "erase"],
            &[],
            None::<&()>,
            None,
        )
        .await
    }

    /// The booking's iCalendar invitation, as text (`GET /bookings/{id}/ics`).
    pub async fn booking_ics(&self, id: Uuid, token: Option<&str>) -> Result<String, ClientError> {
        let id = id.to_string();
        self.send(Call {
            method: Method::GET,
            url: address::api_url(
                &self.api_root,
                &["bookings", &id, "ics"],
                &[("token", token)],
            ),
            accept: "text/calendar",
            body: None,
            idempotency_key: None,
        })
        .await
    }

    // -----------------------------------------------------------------------------------------
    // Host calendars

    /// The host's busy-time sources with their sync state (`GET /calendars`).
    pub async fn list_calendars(&self) -> Result<CalendarSourceList, ClientError> {
        self.get(&["calendars"], &[]).await
    }

    /// Adds an iCal feed or a CalDAV calendar; it is read at once (`POST /calendars`).
    pub async fn create_calendar(
        &self,
        body: &CreateCalendarRequest,
    ) -> Result<CalendarSource, ClientError> {
        self.json(Method::POST, &["calendars"], &[], Some(body), None)
            .await
    }

    /// Removes a source and its busy times (`DELETE /calendars/{id}`).
    pub async fn delete_calendar(&self, id: Uuid) -> Result<(), ClientError> {
        let id = id.to_string();
        self.empty(Method::DELETE, &["calendars", &id], &[], None::<&()>)
            .await
    }

    /// Reads a source now (`POST /calendars/{id}/sync`).
    pub async fn sync_calendar(&self, id: Uuid) -> Result<CalendarSource, ClientError> {
        let id = id.to_string();
        self.json(
            Method::POST,
            &["calendars", &id, "sync"],
            &[],
            None::<&()>,
            None,
        )
        .await
    }

    /// Whether the host has a subscribable feed (`GET /calendar-feed`).
    pub async fn calendar_feed(&self) -> Result<CalendarFeed, ClientError> {
        self.get(&["calendar-feed"], &[]).await
    }

    /// Makes a new feed URL, shown this once (`POST /calendar-feed/rotate`).
    pub async fn rotate_calendar_feed(&self) -> Result<CalendarFeed, ClientError> {
        self.json(
            Method::POST,
            &["calendar-feed", "rotate"],
            &[],
            None::<&()>,
            None,
        )
        .await
    }

    // -----------------------------------------------------------------------------------------
    // Operations

    /// Server and database health (`GET /health`).
    pub async fn health(&self) -> Result<Health, ClientError> {
        self.get(&["health"], &[]).await
    }

    // -----------------------------------------------------------------------------------------
    // Plumbing

    fn call<'a, B: Serialize + ?Sized>(
        &self,
        method: Method,
        segments: &[&str],
        query: &[(&str, Option<&str>)],
        body: Option<&B>,
        idempotency_key: Option<&'a str>,
    ) -> Result<Call<'a>, ClientError> {
        let body = body
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| ClientError::Decode(e.to_string()))?;
        Ok(Call {
            method,
            url: address::api_url(&self.api_root, segments, query),
            accept: "application/json",
            body,
            idempotency_key,
        })
    }

    async fn get<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        query: &[(&str, Option<&str>)],
    ) -> Result<T, ClientError> {
        self.json(Method::GET, segments, query, None::<&()>, None)
            .await
    }

    async fn json<T: DeserializeOwned, B: Serialize + ?Sized>(
        &self,
        method: Method,
        segments: &[&str],
        query: &[(&str, Option<&str>)],
        body: Option<&B>,
        idempotency_key: Option<&str>,
    ) -> Result<T, ClientError> {
        let call = self.call(method, segments, query, body, idempotency_key)?;
        let text = self.send(call).await?;
        serde_json::from_str(&text).map_err(|e| ClientError::Decode(e.to_string()))
    }

    async fn empty<B: Serialize + ?Sized>(
        &self,
        method: Method,
        segments: &[&str],
        query: &[(&str, Option<&str>)],
        body: Option<&B>,
    ) -> Result<(), ClientError> {
        let call = self.call(method, segments, query, body, None)?;
        self.send(call).await.map(drop)
    }

    /// Sends `call`; the body of a 2xx answer, or the answer's problem as [`ClientError::Api`].
    #[cfg(not(target_arch = "wasm32"))]
    async fn send(&self, call: Call<'_>) -> Result<String, ClientError> {
        let mut rb = self
            .http
            .request(call.method, call.url)
            .header(reqwest::header::ACCEPT, call.accept);
        if let Some(key) = &self.api_key {
            rb = rb.bearer_auth(key);
        }
        if let Some(body) = call.body {
            rb = rb
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        if let Some(key) = call.idempotency_key {
            rb = rb.header("Idempotency-Key", key);
        }
        let resp = rb.send().await?;
        let status = resp.status();
        let text = resp.text().await?;
        checked(status, text)
    }

    /// Sends `call` with the browser's `fetch`; as the native one.
    #[cfg(target_arch = "wasm32")]
    async fn send(&self, call: Call<'_>) -> Result<String, ClientError> {
        let (status, text) = fetch::send(&call, self.api_key.as_deref()).await?;
        let status = StatusCode::from_u16(status)
            .map_err(|_| ClientError::Http(format!("status {status}")))?;
        checked(status, text)
    }
}

/// The body of a 2xx answer; the rest become [`ClientError::Api`].
fn checked(status: StatusCode, text: String) -> Result<String, ClientError> {
    if status.is_success() {
        return Ok(text);
    }
    Err(ClientError::Api {
        status: status.as_u16(),
        problem: Box::new(parse_problem(status, &text)),
    })
}

/// The problem document in `body`, or one synthesised from the status and the body text.
fn parse_problem(status: StatusCode, body: &str) -> Problem {
    serde_json::from_str(body).unwrap_or_else(|_| Problem {
        type_: "about:blank".to_owned(),
        title: status
            .canonical_reason()
            .unwrap_or("Unknown status")
            .to_owned(),
        status: status.as_u16(),
        detail: (!body.trim().is_empty()).then(|| body.trim().to_owned()),
        errors: Vec::new(),
        request_id: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_body_is_parsed_or_synthesised() {
        let body = r#"{"type":"https://smartcal.dev/problems/not-found","title":"Not Found","status":404}"#;
        let p = parse_problem(StatusCode::NOT_FOUND, body);
        assert_eq!(p.type_, "https://smartcal.dev/problems/not-found");
        assert_eq!(p.detail, None);

        let p = parse_problem(StatusCode::BAD_GATEWAY, "upstream down\n");
        assert_eq!(p.status, 502);
        assert_eq!(p.title, "Bad Gateway");
        assert_eq!(p.detail.as_deref(), Some("upstream down"));
        assert_eq!(parse_problem(StatusCode::BAD_GATEWAY, "").detail, None);
    }

    #[test]
    fn error_status() {
        let err = ClientError::Api {
            status: 409,
            problem: Box::new(parse_problem(StatusCode::CONFLICT, "taken")),
        };
        assert_eq!(err.status(), Some(409));
        assert_eq!(err.to_string(), "API error 409: Conflict: taken");
        assert_eq!(ClientError::Decode("x".into()).status(), None);
    }
}
