//! Reminder emails in the outbox (SPEC §9): for each of the booking's reminder times, one
//! email to the host and one to the guest, queued when the booking is confirmed and due at
//! start − value (see `smartcal_domain::reminders`). The outbox worker sends a row once it is
//! due, like every other email — in whichever process claims it first, exactly once across
//! restarts — so nothing here keeps a timer.
//!
//! - `Created` (booked and confirmed at once), `Confirmed` (a request the host confirmed):
//!   queue the reminders whose moment has not passed.
//!
//! A collective booking's other members (its co-hosts) get the host's reminder too, each their
//! own row: the row's payload names the member, whose address and zone are read when it is
//! sent. A member removed from the team keeps the bookings they already had (see
//! `routes::teams`), and so their reminders.
//! - `Rescheduled`: remove the pending reminders and queue anew for the new start (a moment
//!   already past at the reschedule is skipped, as at confirmation).
//! - `Cancelled`, `Declined`: remove the pending reminders.
//! - `Requested`: nothing; a request has no reminders until it is confirmed.
//!
//! Each row keeps its minutes and the change's links; the email is rendered when it is sent,
//! from the booking as it is then (rendering four emails a booking that a cancel may never let
//! go out would cost every booking more than half its work again). The guest's join link (and
//! manage link) carry the guest's token when the change's caller knew it (the guest booked or
//! moved it themselves), else the guest's reminder carries the room itself, as the guest's
//! other emails of such a change do (see `links::for_booking`). A reminder that comes due
//! after its meeting started is not sent.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use smartcal_db::bookings::{self, BookingStatus, BookingView};
use smartcal_db::hosts;
use smartcal_db::outbox::{self, Channel, OutboxRow};
use smartcal_db::{DbConn, DbError};
use smartcal_domain::change::Change;
use smartcal_domain::reminders::schedule;
use smartcal_types::{NotificationKind, NotificationRecipient};
use uuid::Uuid;

use crate::integrations::mail::{reminder, Links, MailMessage};
use crate::jobs::email::Undelivered;
use crate::time::from_unix;

/// Why a reminder that comes due after its meeting started is not sent.
pub const TOO_LATE: &str = "not sent: the meeting had already started";

/// A reminder as queued: how long before the start it is, and the links its change's caller
/// could give. It is rendered when it is sent, from the booking as it is then — so a booking
/// pays for storing it, not for rendering emails that a cancel may never let go out.
#[derive(Debug, Serialize, Deserialize)]
struct Queued {
    minutes: u32,
    links: Links,
    /// The co-host a host reminder goes to; none for the booking's own host (and the guest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    co_host: Option<String>,
}

/// The email of a due reminder row, rendered now for its recipient. A reminder whose meeting
/// has started by `now` (after a mail outage, or when no process ran at its moment) is not
/// sent: that late it would only confuse.
pub fn message(c: &mut DbConn, row: &OutboxRow, now: i64) -> Result<MailMessage, Undelivered> {
    let queued: Queued = serde_json::from_str(&row.payload)
        .map_err(|e| Undelivered::Never(format!("unreadable outbox payload: {e}")))?;
    let database = |e: DbError| Undelivered::Retry(format!("database: {e}"));
    let v = bookings::find(c, &row.booking_id).map_err(database)?;
    if v.booking.start_at <= now {
        return Err(Undelivered::Never(TOO_LATE.to_owned()));
    }
    let host_id = queued.co_host.as_deref().unwrap_or(&v.booking.host_id);
    let host = hosts::find(c, host_id).map_err(database)?;
    reminder(&v, &host, &queued.links, queued.minutes)
        .into_iter()
        .find(|(to, _)| to.as_str() == row.recipient)
        .map(|(_, m)| m)
        .ok_or_else(|| Undelivered::Never(format!("no such recipient {:?}", row.recipient)))
}

/// Queues, moves or removes the booking's reminders for `change` (inside its transaction).
/// `v` is the booking after the change, `co_hosts` its other members' ids (a collective
/// booking's), `now` the moment of the change (Unix seconds).
pub fn queue(
    c: &mut DbConn,
    v: &BookingView,
    co_hosts: &[&str],
    change: Change,
    links: &Links,
    now: i64,
) -> Result<(), DbError> {
    match change {
        Change::Requested => Ok(()),
        Change::Created | Change::Confirmed => outbox::insert(c, &rows(v, co_hosts, links, now)),
        Change::Rescheduled { .. } => {
            remove_pending(c, &v.booking.id)?;
            outbox::insert(c, &rows(v, co_hosts, links, now))
        }
        Change::Cancelled | Change::Declined => remove_pending(c, &v.booking.id),
    }
}

/// The booking's reminder times (minutes before the start), as stored when it was booked; an
/// unreadable column reads as none.
fn minutes(v: &BookingView) -> Vec<u32> {
    serde_json::from_str(&v.booking.reminders_minutes).unwrap_or_default()
}

/// The outbox rows of the booking's reminders as of `now`: per reminder time whose moment has
/// not passed, one for the host, one for each co-host and one for the guest, each due (and
/// counted as queued) at its moment. None unless the booking is confirmed.
pub fn rows(v: &BookingView, co_hosts: &[&str], links: &Links, now: i64) -> Vec<OutboxRow> {
    if v.booking.status != BookingStatus::Confirmed {
        return vec![];
    }
    let start: DateTime<Utc> = from_unix(v.booking.start_at);
    schedule(start, &minutes(v), from_unix(now))
        .into_iter()
        .flat_map(|r| {
            let to_host = std::iter::once(None).chain(co_hosts.iter().map(|id| Some(*id)));
            to_host
                .map(|co_host| (NotificationRecipient::Host, co_host))
                .chain([(NotificationRecipient::Guest, None)])
                .map(move |(recipient, co_host)| {
                    let queued = Queued {
                        minutes: r.minutes,
                        links: links.clone(),
                        co_host: co_host.map(str::to_owned),
                    };
                    OutboxRow {
                        next_attempt_at: r.due.timestamp(),
                        // Waiting from its due moment on: the delivery log lists it there, and
                        // the backlog's oldest-pending age does not count the days before.
                        created_at: r.due.timestamp(),
                        ..OutboxRow::pending(
                            Uuid::new_v4().to_string(),
                            v.booking.id.clone(),
                            Channel::Email,
                            NotificationKind::Reminder.as_str(),
                            recipient.as_str(),
                            serde_json::to_string(&queued).unwrap_or_default(),
                            now,
                        )
                    }
                })
        })
        .collect()
}

/// Removes the booking's reminders not sent yet (also one a worker is sending this moment:
/// its result is then not recorded, and a dead worker's lease cannot bring it back).
fn remove_pending(c: &mut DbConn, booking_id: &str) -> Result<(), DbError> {
    outbox::remove_pending(
        c,
        booking_id,
        Channel::Email,
        NotificationKind::Reminder.as_str(),
    )
    .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use smartcal_db::outbox::OutboxState;

    fn links() -> Links {
        Links {
            host_join: "https://meet.example/room".into(),
            guest_join: "https://cal.example.com/j/b1?token=t".into(),
            guest_manage: Some("https://cal.example.com/booking/b1?token=t".into()),
            dashboard: "https://cal.example.com/dashboard".into(),
            decide: None,
            book_again: None,
        }
    }

    /// A 30-minute meeting on 28 March 2027 at 10:00 in Berlin (08:00 UTC), the day Berlin
    /// moves its clocks; host in Berlin, guest in New York.
    fn view(status: BookingStatus, reminders: &str) -> (BookingView, smartcal_db::hosts::HostRow) {
        let (mut v, host) = crate::jobs::fixtures::booking("2027-03-28T08:00:00Z", status);
        v.booking.room_name = "room".into();
        v.booking.meeting_url = "https://meet.example/room".into();
        v.booking.reminders_minutes = reminders.into();
        (v, host)
    }

    #[test]
    fn two_rows_per_reminder_due_at_its_moment_for_each_side() {
        let (v, _) = view(BookingStatus::Confirmed, "[60,1440]");
        let now = v.booking.start_at - 3 * 86_400;
        let rows = rows(&v, &[], &links(), now);
        let got: Vec<(i64, &str, &str)> = rows
            .iter()
            .map(|r| (r.next_attempt_at, r.recipient.as_str(), r.kind.as_str()))
            .collect();
        let start = v.booking.start_at;
        assert_eq!(
            got,
            [
                (start - 86_400, "host", "reminder"),
                (start - 86_400, "guest", "reminder"),
                (start - 3600, "host", "reminder"),
                (start - 3600, "guest", "reminder"),
            ]
        );
        for r in &rows {
            assert_eq!(r.channel, Channel::Email);
            assert_eq!(r.state, OutboxState::Pending);
            assert_eq!((r.created_at, r.attempts), (r.next_attempt_at, 0));
            assert_eq!(r.booking_id, "b1");
        }
        // Each keeps its minutes and the change's links, to be rendered when it is sent.
        let queued: Vec<Queued> = rows
            .iter()
            .map(|r| serde_json::from_str(&r.payload).unwrap())
            .collect();
        assert_eq!(
            queued.iter().map(|q| q.minutes).collect::<Vec<_>>(),
            [1440, 1440, 60, 60]
        );
        assert!(queued.iter().all(|q| q.links == links()));
    }

    #[test]
    fn each_co_host_gets_their_own_host_reminder_named_in_its_payload() {
        let (v, _) = view(BookingStatus::Confirmed, "[60]");
        let rows = rows(&v, &["h2", "h3"], &links(), v.booking.start_at - 86_400);
        let got: Vec<(&str, Option<String>)> = rows
            .iter()
            .map(|r| {
                let q: Queued = serde_json::from_str(&r.payload).unwrap();
                (r.recipient.as_str(), q.co_host)
            })
            .collect();
        assert_eq!(
            got,
            [
                ("host", None),
                ("host", Some("h2".to_owned())),
                ("host", Some("h3".to_owned())),
                ("guest", None),
            ]
        );
        // The booking's own host's payload stays as before co-hosts existed.
        assert!(!rows[0].payload.contains("co_host"));
    }

    #[test]
    fn past_moments_requests_and_empty_lists_queue_nothing() {
        let (v, _) = view(BookingStatus::Confirmed, "[60,1440]");
        // Booked two hours ahead: only the hour-before reminder.
        let rows = rows(&v, &[], &links(), v.booking.start_at - 7200);
        assert_eq!(rows.len(), 2);
        assert!(rows
            .iter()
            .all(|r| r.next_attempt_at == v.booking.start_at - 3600));
        let (pending, _) = view(BookingStatus::Pending, "[60]");
        assert!(super::rows(&pending, &[], &links(), 0).is_empty());
        for none in ["[]", "", "not json"] {
            let (v, _) = view(BookingStatus::Confirmed, none);
            assert!(super::rows(&v, &[], &links(), 0).is_empty());
        }
    }
}
