//! Attendance (SPEC §11): recording what the Jitsi server reports about a booking's room —
//! and queueing `meeting.started` / `meeting.ended` — and the job that decides no-shows
//! `JITSI_NO_SHOW_MINUTES` after each confirmed booking's start and queues `booking.no_show`.
//!
//! These three events are queued here directly rather than through the domain's `Change`:
//! they are no change the host or guest made and are announced by webhook only — no email, no
//! calendar write-back — so a `Change` variant would only add "nothing to do" arms to every
//! channel. Each is queued once: by a conditional update of the booking's attendance row, in
//! the transaction that queues it, so of several processes (one PostgreSQL) exactly one does.

use std::time::Duration;

use chrono::{DateTime, Utc};
use smartcal_db::attendance::{self as repo, Announcement, EventRow, Summary};
use smartcal_db::bookings::{self, BookingRow, BookingStatus};
use smartcal_db::hosts::HostRow;
use smartcal_db::{DbConn, DbError};
use smartcal_domain::attendance::{self as domain, Event, EventKind, Side};
use smartcal_types::WebhookEvent;

use crate::integrations::jitsi_events::{Kind, Report};
use crate::jobs::webhook;
use crate::jobs::worker::Job;
use crate::state::AppState;
use crate::time::from_unix;
use crate::views;

/// Whether anything reports attendance here: without a reporter configured no booking is
/// judged (everyone would look absent).
pub fn reported(st: &AppState) -> bool {
    let m = &st.config.meetings;
    m.reservation_secret.is_some() || m.jaas_webhook_secret.is_some()
}

/// Which side of the booking an occupant is, by the token's `context.user` SmartCal minted
/// (`integrations::jitsi`, `routes::join`): the host's id or email, the guest's
/// `guest-{booking id}` id or email. `None` for anyone else (no token, another person).
fn side_of(
    booking: &BookingRow,
    host: &HostRow,
    id: Option<&str>,
    email: Option<&str>,
) -> Option<Side> {
    let guest_id = format!("guest-{}", booking.id);
    match id {
        Some(id) if id == host.id => return Some(Side::Host),
        Some(id) if id == guest_id => return Some(Side::Guest),
        _ => {}
    }
    let email = email?.trim();
    if email.eq_ignore_ascii_case(host.email.trim()) {
        Some(Side::Host)
    } else if email.eq_ignore_ascii_case(booking.guest_email.trim()) {
        Some(Side::Guest)
    } else {
        None
    }
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Host => "host",
        Side::Guest => "guest",
    }
}

/// A stored event as the domain reads it (`None` for a damaged row).
fn domain_event(r: &EventRow) -> Option<Event> {
    let side = match r.side.as_str() {
        "host" => Some(Side::Host),
        "guest" => Some(Side::Guest),
        _ => None,
    };
    let session = r.session.clone();
    let kind = match r.kind.as_str() {
        "room_created" => EventKind::RoomCreated,
        "room_destroyed" => EventKind::RoomDestroyed,
        "joined" => EventKind::Joined {
            side: side?,
            session,
        },
        "left" => EventKind::Left {
            side: side?,
            session,
        },
        _ => return None,
    };
    Some(Event {
        at: from_unix(r.at),
        kind,
    })
}

/// The attendance a booking's stored events add up to.
fn summarize(c: &mut DbConn, booking_id: &str) -> Result<domain::Attendance, DbError> {
    let events: Vec<Event> = repo::events(c, booking_id)?
        .iter()
        .filter_map(domain_event)
        .collect();
    Ok(domain::summarize(&events))
}

/// Records a report about `booking`'s room (call inside a write transaction; wake the outbox
/// after the commit when it answers `true`). Occupants who are neither host nor guest are left
/// out; events stored before are not stored again, and a report with nothing new changes
/// nothing. Otherwise the attendance is recomputed from all the booking's events, and
/// `meeting.started` / `meeting.ended` are queued the first time it shows a start / an end.
/// Answers whether webhook events were queued.
pub fn record(
    c: &mut DbConn,
    st: &AppState,
    booking: &BookingRow,
    host: &HostRow,
    report: &Report,
    source: &str,
) -> Result<bool, DbError> {
    let now = st.now().timestamp();
    let rows: Vec<EventRow> = report
        .events
        .iter()
        .filter_map(|e| {
            let (kind, side, session) = match (&e.kind, &e.occupant) {
                (Kind::RoomCreated, _) => ("room_created", "", ""),
                (Kind::RoomDestroyed, _) => ("room_destroyed", "", ""),
                (Kind::Joined | Kind::Left, Some(o)) => {
                    let side = side_of(booking, host, o.id.as_deref(), o.email.as_deref())?;
                    let kind = if e.kind == Kind::Joined {
                        "joined"
                    } else {
                        "left"
                    };
                    (kind, side_name(side), o.session.as_str())
                }
                (Kind::Joined | Kind::Left, None) => return None,
            };
            Some(EventRow::new(
                &booking.id,
                kind,
                side,
                session,
                e.at,
                source,
                now,
            ))
        })
        .collect();
    if repo::insert_events(c, &rows)? == 0 {
        return Ok(false);
    }
    let a = summarize(c, &booking.id)?;
    let ts = |t: Option<DateTime<Utc>>| t.map(|t| t.timestamp());
    repo::save_summary(
        c,
        &booking.id,
        &Summary {
            started_at: ts(a.started_at),
            ended_at: ts(a.ended_at),
            host_joined_at: ts(a.host.joined_at),
            host_left_at: ts(a.host.left_at),
            host_seconds: a.host.seconds,
            guest_joined_at: ts(a.guest.joined_at),
            guest_left_at: ts(a.guest.left_at),
            guest_seconds: a.guest.seconds,
            updated_at: now,
        },
    )?;
    let mut queued = false;
    for (happened, which, event) in [
        (
            a.started_at.is_some(),
            Announcement::Started,
            WebhookEvent::MeetingStarted,
        ),
        (
            a.ended_at.is_some(),
            Announcement::Ended,
            WebhookEvent::MeetingEnded,
        ),
    ] {
        if happened && repo::announce(c, &booking.id, which, now)? {
            announce(c, st, &booking.id, event)?;
            queued = true;
        }
    }
    Ok(queued)
}

/// Queues `event` for the host's webhooks, carrying the booking as it stands now.
fn announce(
    c: &mut DbConn,
    st: &AppState,
    booking_id: &str,
    event: WebhookEvent,
) -> Result<(), DbError> {
    let v = bookings::find(c, booking_id)?;
    let booking = views::booking(&v, &st.config.meetings);
    webhook::queue_event(c, &v, &booking, event, None, st.now())
}

/// How often the job looks for bookings to judge.
pub const POLL: Duration = Duration::from_secs(5);
/// Reports still on their way (a retry, a slow webhook) are waited for this long after the
/// no-show moment.
pub const GRACE_SECONDS: i64 = 30;
/// Bookings whose no-show moment passed longer ago than this are never judged: after an
/// outage, or when attendance reporting was just set up, their absence proves nothing.
pub const LOOKBACK_SECONDS: i64 = 24 * 3600;
/// Bookings judged per round.
const BATCH: i64 = 50;

/// The job of one process: judges confirmed bookings whose no-show moment has passed.
pub struct NoShows {
    state: AppState,
}

impl NoShows {
    pub fn new(state: AppState) -> NoShows {
        NoShows { state }
    }

    /// Decides one booking unless it was decided; whether this call queued `booking.no_show`.
    fn decide(&self, id: &str) -> Result<bool, DbError> {
        let st = &self.state;
        let mut c = st.pool.get()?;
        smartcal_db::write_transaction(&mut c, |c| {
            let v = bookings::find(c, id)?;
            if v.booking.status != BookingStatus::Confirmed {
                return Ok(false);
            }
            let deadline = domain::no_show_deadline(
                from_unix(v.booking.start_at),
                st.config.meetings.no_show_minutes,
            );
            let no_show = domain::no_show(&summarize(c, id)?, deadline);
            let now = st.now().timestamp();
            if !repo::decide_no_show(c, id, no_show.as_str(), now)? {
                return Ok(false);
            }
            tracing::info!(booking = %id, no_show = no_show.as_str(), "attendance decided");
            if no_show == domain::NoShow::None {
                return Ok(false);
            }
            announce(c, st, id, WebhookEvent::BookingNoShow)?;
            Ok::<_, DbError>(true)
        })
    }
}

impl Job for NoShows {
    fn round(&mut self) -> Result<bool, String> {
        if !reported(&self.state) {
            return Ok(false);
        }
        let minutes = i64::from(self.state.config.meetings.no_show_minutes);
        let to = self.state.now().timestamp() - minutes * 60 - GRACE_SECONDS;
        let due = {
            let mut c = self.state.pool.get().map_err(|e| e.to_string())?;
            repo::undecided(&mut c, to - LOOKBACK_SECONDS, to, BATCH).map_err(|e| e.to_string())?
        };
        let mut queued = false;
        for id in &due {
            queued |= self.decide(id).map_err(|e| e.to_string())?;
        }
        if queued {
            self.state.outbox.wake();
        }
        Ok(due.len() as i64 == BATCH)
    }
}
