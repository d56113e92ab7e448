//! The links SmartCal hands out: where host and guest join a meeting, the guest's manage page,
//! and the host's calendar feed. Emails, API answers and the dashboard all take them from here.

use smartcal_db::bookings::BookingRow;
use smartcal_db::{agendas, teams, DbConn, DbError};

use crate::integrations::mail::Links;
use crate::state::AppState;

/// What joining opens: the room, or — when the Jitsi server requires tokens — the join link
/// (`/j/{id}`, with the guest's `?token=`) that mints one (see `http::routes::join`).
pub fn join_url(st: &AppState, b: &BookingRow, guest_token: Option<&str>) -> String {
    if st.jitsi.is_none() {
        return b.meeting_url.clone();
    }
    let link = format!("{}/j/{}", st.config.public_url, b.id);
    match guest_token {
        Some(t) => format!("{link}?token={t}"),
        None => link,
    }
}

/// The guest's page for the booking, carrying the guest's token.
pub fn manage_url(st: &AppState, booking_id: &str, token: &str) -> String {
    format!(
        "{}/booking/{booking_id}?token={token}",
        st.config.public_url
    )
}

/// The host's subscribable feed: its `https://` and `webcal://` addresses.
pub fn feed_urls(st: &AppState, token: &str) -> (String, String) {
    let url = format!(
        "{}/api/v1/calendar/{token}.ics",
        st.config.public_url.trim_end_matches('/')
    );
    let webcal = match url.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => url.clone(),
    };
    (url, webcal)
}

/// The links for a change to `b`. Without the guest's token a token-protected room cannot
/// be entered through SmartCal: the guest's email then carries the room itself (the
/// guest's earlier email keeps a working join link).
pub fn for_booking(st: &AppState, b: &BookingRow, guest_token: Option<&str>) -> Links {
    Links {
        host_join: join_url(st, b, None),
        guest_join: match guest_token {
            Some(t) => join_url(st, b, Some(t)),
            None => b.meeting_url.clone(),
        },
        guest_manage: guest_token.map(|t| manage_url(st, &b.id, t)),
        dashboard: format!("{}/dashboard", st.config.public_url),
        decide: None,
        book_again: None,
    }
}

/// Whether a booking's agenda is still offered, as its guest is told (manage page, emails).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offered {
    /// The agenda takes bookings: not deactivated or deleted by its host.
    pub active: bool,
    /// Its public booking page (`{PUBLIC_URL}/book/{host}/{agenda}`, or a team agenda's
    /// `/book/team/{team}/{agenda}`), where the guest can book another time; `None` when it
    /// takes no bookings there: inactive, deleted, or unlisted (that page needs a private
    /// invite).
    pub booking_page: Option<String>,
}

/// Whether agenda `agenda_id` is still offered, and where.
pub fn offered(st: &AppState, c: &mut DbConn, agenda_id: &str) -> Result<Offered, DbError> {
    match agendas::find(c, agenda_id) {
        Ok((a, host)) => {
            let owner = match &a.team_id {
                Some(team) => format!("team/{}", teams::find(c, team)?.slug),
                None => host.slug,
            };
            Ok(Offered {
                active: a.active,
                booking_page: (a.active && a.listed).then(|| {
                    format!(
                        "{}/book/{owner}/{}",
                        st.config.public_url.trim_end_matches('/'),
                        a.slug
                    )
                }),
            })
        }
        Err(DbError::NotFound) => Ok(Offered {
            active: false,
            booking_page: None,
        }),
        Err(e) => Err(e),
    }
}

/// The host's page deciding a request, carrying the decide token.
pub fn decide_url(st: &AppState, booking_id: &str, token: &str) -> String {
    format!("{}/decide/{booking_id}?token={token}", st.config.public_url)
}
