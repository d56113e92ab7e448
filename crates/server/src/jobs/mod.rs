//! Everything that runs in the background, in every `smartcal serve` process: the outbox
//! worker (emails, reminders, webhook events, calendar write-back), the automatic decline of
//! requests still pending at their start, the calendar sync, and — on PostgreSQL — the slot
//! cache's listener. [`Jobs`] starts them together and stops them
//! together; each is the same loop ([`worker`]) and shares its work with other processes
//! through leases in the database, never through this process's memory.
//!
//! The HTTP side knows the jobs only through [`enqueue`] (inside a booking change's
//! transaction, then `AppState::outbox.wake()` after the commit), [`decide`] (a request's
//! confirm or decline, which enqueues likewise) and [`sync_now`] (which only marks a calendar
//! due and wakes the sync threads).

pub mod attendance;
pub mod cache_listener;
pub mod caldav;
pub mod calendar_sync;
pub mod email;
pub mod outbox;
pub mod password_email;
pub mod reminders;
pub mod requests;
pub mod reschedule_request;
pub mod webhook;
pub mod worker;

use std::thread::JoinHandle;

use smartcal_db::bookings::BookingView;
use smartcal_db::hosts::HostRow;
use smartcal_db::{DbConn, DbError};
use smartcal_domain::change::Change;

pub use calendar_sync::sync_now;
pub use email::remove_written as remove_written_emails;
pub use requests::decide;

use crate::integrations::mail::Mailer;
use crate::links;
use crate::state::AppState;
use crate::views;
use worker::{spawn, Signal};

/// The running background jobs of one process.
#[derive(Debug, Default)]
pub struct Jobs {
    running: Vec<(&'static str, Signal, JoinHandle<()>)>,
}

impl Jobs {
    /// Starts every job: the outbox worker (woken through `state.outbox`), the calendar sync,
    /// and on PostgreSQL (`listen_url`) the slot cache's listener.
    pub fn start(
        state: &AppState,
        mailer: Mailer,
        listen_url: Option<String>,
    ) -> std::io::Result<Jobs> {
        let mut jobs = Jobs::default();
        let st = state.clone();
        let delivery = spawn("outbox", state.outbox.clone(), outbox::POLL, move || {
            outbox::Delivery::new(st, mailer)
        });
        jobs.add("outbox", state.outbox.clone(), delivery)?;
        let st = state.clone();
        let signal = Signal::default();
        let expire = spawn(
            "expire-requests",
            signal.clone(),
            requests::POLL,
            move || Ok(requests::ExpireRequests::new(st)),
        );
        jobs.add("expire-requests", signal, expire)?;
        let st = state.clone();
        let signal = Signal::default();
        let no_shows = spawn("no-shows", signal.clone(), attendance::POLL, move || {
            Ok(attendance::NoShows::new(st))
        });
        jobs.add("no-shows", signal, no_shows)?;
        // Several sync threads, woken through `state.calendars`: a slow calendar server holds
        // up one of them, never a request.
        let pause = calendar_sync::Sync::pause(state);
        for _ in 0..calendar_sync::THREADS {
            let st = state.clone();
            let sync = spawn("calendars", state.calendars.clone(), pause, move || {
                Ok(calendar_sync::Sync::new(st))
            });
            jobs.add("calendars", state.calendars.clone(), sync)?;
        }
        if let Some(url) = listen_url {
            let cache = state.slots.clone();
            let signal = Signal::default();
            let listener = spawn(
                "slot-cache",
                signal.clone(),
                cache_listener::POLL,
                move || Ok(cache_listener::CacheListener::new(cache, url)),
            );
            jobs.add("slot-cache", signal, listener)?;
        }
        Ok(jobs)
    }

    fn add(
        &mut self,
        name: &'static str,
        signal: Signal,
        started: std::io::Result<JoinHandle<()>>,
    ) -> std::io::Result<()> {
        match started {
            Ok(handle) => {
                self.running.push((name, signal, handle));
                Ok(())
            }
            Err(e) => {
                self.stop(); // what did start must not outlive the failed start
                Err(e)
            }
        }
    }

    /// Tells every job to stop after its current item (an email being sent is finished; the
    /// rest of a claimed batch is left to its lease), then waits for all of them.
    pub fn stop(&mut self) {
        for (_, signal, _) in &self.running {
            signal.stop();
        }
        for (name, _, handle) in self.running.drain(..) {
            if handle.join().is_err() {
                tracing::error!(job = name, "background job panicked");
            }
        }
    }
}

impl Drop for Jobs {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Queues everything a booking change sets off — the host's and the guest's email, the host's
/// webhook events, the write-back into the host's calendars — inside the change's transaction,
/// so they exist exactly when the change does. `v` is the booking after the change;
/// `tokens` are the secrets the caller knows: the guest's manage token, and for a new request
/// the host's decide token. Wake the outbox worker (`AppState::outbox`) after the commit.
pub fn enqueue(
    c: &mut DbConn,
    st: &AppState,
    v: &BookingView,
    host: &HostRow,
    change: Change,
    tokens: Tokens<'_>,
) -> Result<(), DbError> {
    let now = st.now();
    let mut links = links::for_booking(st, &v.booking, tokens.guest);
    links.decide = tokens
        .decide
        .map(|t| links::decide_url(st, &v.booking.id, t));
    if matches!(
        change.email_kind(),
        smartcal_domain::email::EmailKind::Cancellation
            | smartcal_domain::email::EmailKind::Decline
    ) {
        links.book_again = links::offered(st, c, &v.booking.agenda_id)?.booking_page;
    }
    email::queue(c, v, host, change, &links, now.timestamp())?;
    // A collective booking's other members get the host's emails (and calendar entries) too.
    let co_hosts = smartcal_db::teams::co_hosts(c, &v.booking.id)?;
    for co_host in &co_hosts {
        email::queue_host_copy(c, v, co_host, change, &links, now.timestamp())?;
    }
    let co_host_ids: Vec<&str> = co_hosts.iter().map(|h| h.id.as_str()).collect();
    reminders::queue(c, v, &co_host_ids, change, &links, now.timestamp())?;
    webhook::queue(c, v, &views::booking(v, &st.config.meetings), change, now)?;
    caldav::queue(c, v, &co_hosts, change, now.timestamp())
}

/// The secrets a booking change's caller knows, for the links its emails carry.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tokens<'a> {
    /// The guest's manage token.
    pub guest: Option<&'a str>,
    /// The host's decide token of a new request.
    pub decide: Option<&'a str>,
}

/// What the jobs' unit tests share: a booking with its host, as the outbox renders it.
#[cfg(test)]
pub(crate) mod fixtures {
    use smartcal_db::bookings::{BookingRow, BookingStatus, BookingView};
    use smartcal_db::hosts::HostRow;

    /// A 30-minute booking "Intro call" at `start` (RFC 3339) of host Alex (Europe/Berlin,
    /// alex@example.com) with guest Jane Doe (America/New_York, jane@example.org), booked a
    /// week before; ids `b1`, `a1`, `h1`.
    pub fn booking(start: &str, status: BookingStatus) -> (BookingView, HostRow) {
        let start = chrono::DateTime::parse_from_rfc3339(start)
            .unwrap()
            .timestamp();
        let host = HostRow {
            id: "h1".into(),
            email: "alex@example.com".into(),
            name: "Alex Host".into(),
            slug: "alex".into(),
            time_zone: "Europe/Berlin".into(),
            password_hash: String::new(),
            created_at: 0,
            disabled_at: None,
            locale: "en-GB".into(), // British English: the times read 10:00, not 10:00 AM
        };
        let booking = BookingRow {
            id: "b1".into(),
            agenda_id: "a1".into(),
            host_id: "h1".into(),
            start_at: start,
            end_at: start + 1800,
            guest_name: "Jane Doe".into(),
            guest_email: "jane@example.org".into(),
            guest_time_zone: "America/New_York".into(),
            guest_locale: "en-GB".into(),
            notes: String::new(),
            status,
            room_name: "smartcal-a1-1-abc".into(),
            meeting_url: "https://meet.jit.si/smartcal-a1-1-abc".into(),
            manage_token_hash: String::new(),
            sequence: 0,
            created_at: start - 86_400 * 7,
            updated_at: start - 86_400 * 7,
            cancelled_at: None,
            cancel_reason: None,
            answers: "[]".into(),
            reminders_minutes: "[]".into(),
            decide_token_hash: None,
            decided_at: None,
            decline_reason: None,
            cancelled_by: None,
        };
        let v = BookingView {
            booking,
            agenda_title: "Intro call".into(),
            host_name: host.name.clone(),
            attendance: None,
        };
        (v, host)
    }
}
