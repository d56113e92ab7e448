//! The only place that talks to the server: thin wrappers around `smartcal-client` with the
//! base URL of the page itself, and errors turned into a small cloneable [`ApiError`].

use chrono::NaiveDate;
use smartcal_client::{Client, ClientError};
use smartcal_types::{
    Booking, BookingList, BookingScope, CancelBookingRequest, CreateBookingRequest, Host,
    LoginRequest, PublicAgenda, RescheduleBookingRequest, SignupRequest, SlotList,
};
use uuid::Uuid;

/// A failed call: the HTTP status (if any), a message for people and per-field messages.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: Option<u16>,
    pub message: String,
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
                message: match &p.detail {
                    Some(d) if !d.is_empty() => d.clone(),
                    _ => p.title.clone(),
                },
                fields: p
                    .errors
                    .iter()
                    .map(|e| (e.field.clone(), e.message.clone()))
                    .collect(),
            },
            None => ApiError {
                status,
                message: "Could not reach the server. Please try again.".to_owned(),
                fields: Vec::new(),
            },
        }
    }
}

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

pub async fn public_agenda(host: &str, agenda: &str) -> ApiResult<PublicAgenda> {
    Ok(client()?.public_agenda(host, agenda).await?)
}

pub async fn slots(
    agenda_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
    zone: &str,
) -> ApiResult<SlotList> {
    let zone = (!zone.trim().is_empty()).then_some(zone.trim());
    Ok(client()?.slots(agenda_id, from, to, zone).await?)
}

pub async fn create_booking(
    body: &CreateBookingRequest,
    idempotency_key: &str,
) -> ApiResult<Booking> {
    Ok(client()?
        .create_booking(body, Some(idempotency_key))
        .await?)
}

pub async fn login(body: &LoginRequest) -> ApiResult<Host> {
    Ok(client()?.login(body).await?)
}

pub async fn signup(body: &SignupRequest) -> ApiResult<Host> {
    Ok(client()?.signup(body).await?)
}

pub async fn logout() -> ApiResult<()> {
    Ok(client()?.logout().await?)
}

/// The first page (up to 50) of the host's bookings in `scope`.
pub async fn list_bookings(scope: BookingScope) -> ApiResult<BookingList> {
    Ok(client()?.list_bookings(scope, None, Some(50)).await?)
}

pub async fn get_booking(id: Uuid, token: Option<&str>) -> ApiResult<Booking> {
    Ok(client()?.get_booking(id, token).await?)
}

pub async fn cancel_booking(
    id: Uuid,
    token: Option<&str>,
    reason: Option<String>,
) -> ApiResult<Booking> {
    let body = CancelBookingRequest { reason };
    Ok(client()?.cancel_booking(id, token, &body).await?)
}

pub async fn reschedule_booking(
    id: Uuid,
    token: Option<&str>,
    start: chrono::DateTime<chrono::Utc>,
) -> ApiResult<Booking> {
    let body = RescheduleBookingRequest { start };
    Ok(client()?.reschedule_booking(id, token, &body).await?)
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
