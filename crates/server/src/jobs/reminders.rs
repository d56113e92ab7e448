//! Reminder emails in the outbox (SPEC §9): for each of the booking's reminder times, one
//! email to the host and one to the guest, queued when the booking is confirmed and due at
//! start − value (see `smartcal_domain::reminders`). The outbox worker sends a row once it is
//! due, like every other email — in whichever process claims it first, exactly once across
//! restarts — so nothing here keeps a timer.
//!
//! - `Created` (booked and confirmed at once), `Confirmed` (a request the host confirmed):
//!   queue the reminders whose moment has not passed.
//! - `Rescheduled`: remove the pending reminders and queue anew for the new start (a moment
//!   already past at the reschedule is skipped, as at confirmation).
//! - `Cancelled`, `Declined`: remove the pending reminders.
//! - `Requested`: nothing; a request has no reminders until it is confirmed.
//!
//! Each email is rendered when it is queued, with the change's links: the guest's join link
//! (and manage link) carry the guest's token when the change's caller knew it (the guest
//! booked or moved it themselves), else the guest's reminder carries the room itself, as the
//! guest's other emails of such a change do (see `links::for_booking`). A pending reminder's
//! stored copy is erased with the booking's other emails when the guest is erased.

use chrono::{DateTime, Utc};
use smartcal_db::bookings::{self, BookingStatus, BookingView};
use smartcal_db::hosts::HostRow;
use smartcal_db::outbox::{self, Channel, OutboxRow};
use smartcal_db::{DbConn, DbError};
use smartcal_domain::change::Change;
use smartcal_domain::reminders::schedule;
use smartcal_types::NotificationKind;
use uuid::Uuid;

use crate::integrations::mail::{reminder, Links};
use crate::time::from_unix;

/// Why a reminder that comes due after its meeting started is not sent.
pub const TOO_LATE: &str = "not sent: the meeting had already started";

/// Whether `row` is a reminder whose meeting has started by `now` (Unix seconds): after a
/// mail outage, or when no process ran at its moment, a reminder that late would only
/// confuse, so the worker drops it. A booking that cannot be read counts as not started.
pub fn too_late(c: &mut DbConn, row: &OutboxRow, now: i64) -> bool {
    row.channel == Channel::Email
        && row.kind == NotificationKind::Reminder.as_str()
        && bookings::find(c, &row.booking_id).is_ok_and(|v| v.booking.start_at <= now)
}

/// Queues, moves or removes the booking's reminders for `change` (inside its transaction).
/// `v` is the booking after the change, `now` the moment of the change (Unix seconds).
pub fn queue(
    c: &mut DbConn,
    v: &BookingView,
    host: &HostRow,
    change: Change,
    links: &Links,
    now: i64,
) -> Result<(), DbError> {
    match change {
        Change::Requested => Ok(()),
        Change::Created | Change::Confirmed => outbox::insert(c, &rows(v, host, links, now)),
        Change::Rescheduled { .. } => {
            remove_pending(c, &v.booking.id)?;
            outbox::insert(c, &rows(v, host, links, now))
        }
        Change::Cancelled | Change::Declined => remove_pending(c, &v.booking.id),
    }
}

/// The booking's reminder times (minutes before the start), as stored when it was booked; an
/// unreadable column reads as none.
fn minutes(v: &BookingView) -> Vec<u32> {
    serde_json::from_str(&v.booking.reminders_minutes).unwrap_or_default()
}

/// The outbox rows of the booking's reminders as of `now`: two per reminder time whose moment
/// has not passed (host and guest), each due (and counted as queued) at its moment. None
/// unless the booking is confirmed.
pub fn rows(v: &BookingView, host: &HostRow, links: &Links, now: i64) -> Vec<OutboxRow> {
    if v.booking.status != BookingStatus::Confirmed {
        return vec![];
    }
    let start: DateTime<Utc> = from_unix(v.booking.start_at);
    schedule(start, &minutes(v), from_unix(now))
        .into_iter()
        .flat_map(|r| {
            reminder(v, host, links, r.minutes)
                .into_iter()
                .map(move |(recipient, message)| OutboxRow {
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
                        serde_json::to_string(&message).unwrap_or_default(),
                        now,
                    )
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
    use smartcal_db::bookings::BookingRow;
    use smartcal_db::outbox::OutboxState;

    fn links() -> Links {
        Links {
            host_join: "https://meet.example/room".into(),
            guest_join: "https://cal.example.com/j/b1?token=t".into(),
            guest_manage: Some("https://cal.example.com/booking/b1?token=t".into()),
            dashboard: "https://cal.example.com/dashboard".into(),
            decide: None,
        }
    }

    /// A 30-minute meeting on 28 March 2027 at 10:00 in Berlin (08:00 UTC), the day Berlin
    /// moves its clocks; host in Berlin, guest in New York.
    fn view(status: BookingStatus, reminders: &str) -> (BookingView, HostRow) {
        let start = chrono::DateTime::parse_from_rfc3339("2027-03-28T08:00:00Z")
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
            notes: String::new(),
            status,
            room_name: "room".into(),
            meeting_url: "https://meet.example/room".into(),
            manage_token_hash: String::new(),
            sequence: 0,
            created_at: start - 86_400 * 7,
            updated_at: start - 86_400 * 7,
            cancelled_at: None,
            cancel_reason: None,
            answers: "[]".into(),
            reminders_minutes: reminders.into(),
            decide_token_hash: None,
            decided_at: None,
            decline_reason: None,
        };
        let v = BookingView {
            booking,
            agenda_title: "Intro call".into(),
            host_name: host.name.clone(),
        };
        (v, host)
    }

    #[test]
    fn two_rows_per_reminder_due_at_its_moment_rendered_for_each_side() {
        let (v, host) = view(BookingStatus::Confirmed, "[60,1440]");
        let now = v.booking.start_at - 3 * 86_400;
        let rows = rows(&v, &host, &links(), now);
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
        let text = |r: &OutboxRow| -> String {
            let m: crate::integrations::mail::MailMessage =
                serde_json::from_str(&r.payload).unwrap();
            m.text
        };
        let host_day = text(&rows[0]);
        assert!(host_day.contains("starts in 24 h"), "{host_day}");
        assert!(host_day.contains("10:00") && host_day.contains("Europe/Berlin"));
        assert!(host_day.contains("https://meet.example/room"));
        assert!(!host_day.contains("token="), "{host_day}");
        let guest_hour = text(&rows[3]);
        assert!(guest_hour.contains("starts in 1 h"), "{guest_hour}");
        assert!(guest_hour.contains("04:00") && guest_hour.contains("America/New_York"));
        assert!(guest_hour.contains("https://cal.example.com/j/b1?token=t"));
    }

    #[test]
    fn past_moments_requests_and_empty_lists_queue_nothing() {
        let (v, host) = view(BookingStatus::Confirmed, "[60,1440]");
        // Booked two hours ahead: only the hour-before reminder.
        let rows = rows(&v, &host, &links(), v.booking.start_at - 7200);
        assert_eq!(rows.len(), 2);
        assert!(rows
            .iter()
            .all(|r| r.next_attempt_at == v.booking.start_at - 3600));
        let (pending, host) = view(BookingStatus::Pending, "[60]");
        assert!(super::rows(&pending, &host, &links(), 0).is_empty());
        for none in ["[]", "", "not json"] {
            let (v, host) = view(BookingStatus::Confirmed, none);
            assert!(super::rows(&v, &host, &links(), 0).is_empty());
        }
    }
}
