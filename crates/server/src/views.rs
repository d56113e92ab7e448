//! Stored rows as the API shows them, in one place: hosts, API keys, agendas, bookings and
//! their notifications, calendar sources, webhooks and their deliveries; and a booking as the
//! calendar invitation that emails, the `.ics` download, the feed and CalDAV write-back share.

use smartcal_db::agendas::AgendaRow;
use smartcal_db::attendance::AttendanceRow;
use smartcal_db::bookings::{BookingRow, BookingStatus, BookingView};
use smartcal_db::calendars::SourceRow;
use smartcal_db::hosts::{ApiKeyRow, HostRow};
use smartcal_db::invites::{InviteRow, Spent};
use smartcal_db::outbox::OutboxRow;
use smartcal_db::webhooks::{AttemptRow, WebhookRow};
use smartcal_domain::change::Change;
use smartcal_domain::ics::{IcsMethod, Invitation};
use smartcal_i18n::{Locale, Messages};
use smartcal_types::{
    Agenda, Answer, ApiKey, Attendance, Booking, CalendarSource, Host, Invite, InviteState, NoShow,
    Notification, NotificationKind, NotificationRecipient, Presence, PublicAgenda, PublicHost,
    PublicHostAgenda, Webhook, WebhookAttempt, WebhookDelivery, WebhookEvent,
};
use uuid::Uuid;

use crate::config::MeetingSettings;
use crate::integrations::jitsi::JoinWindow;
use crate::time::from_unix;

/// A webhook counts as failing after this many failed attempts in a row.
pub const FAILING_AFTER: i32 = 3;

/// A stored id as a UUID (ids are written as UUIDs; the nil UUID marks a damaged one).
fn uuid(id: &str) -> Uuid {
    Uuid::parse_str(id).unwrap_or_default()
}

/// The host as the API shows it.
pub fn host(h: &HostRow) -> Host {
    Host {
        id: uuid(&h.id),
        email: h.email.clone(),
        name: h.name.clone(),
        slug: h.slug.clone(),
        time_zone: h.time_zone.clone(),
        locale: h.locale.clone(),
        created_at: from_unix(h.created_at),
    }
}

/// An API key without its secret.
pub fn api_key(k: &ApiKeyRow) -> ApiKey {
    ApiKey {
        id: uuid(&k.id),
        name: k.name.clone(),
        prefix: k.prefix.clone(),
        created_at: from_unix(k.created_at),
        last_used_at: k.last_used_at.map(from_unix),
    }
}

/// The agenda as its host sees it.
pub fn agenda(a: &AgendaRow, host_slug: &str) -> Agenda {
    Agenda {
        id: uuid(&a.id),
        slug: a.slug.clone(),
        title: a.title.clone(),
        description: a.description.clone(),
        duration_minutes: a.duration_minutes as u32,
        time_zone: a.time_zone.clone(),
        availability: serde_json::from_str(&a.availability).unwrap_or_default(),
        date_overrides: serde_json::from_str(&a.date_overrides).unwrap_or_default(),
        buffer_before_minutes: a.buffer_before_minutes as u32,
        buffer_after_minutes: a.buffer_after_minutes as u32,
        min_notice_minutes: a.min_notice_minutes as u32,
        horizon_days: a.horizon_days as u32,
        slot_step_minutes: a.slot_step_minutes as u32,
        max_bookings_per_day: a.max_bookings_per_day.map(|n| n as u32),
        max_bookings_per_week: a.max_bookings_per_week.map(|n| n as u32),
        max_bookings_per_month: a.max_bookings_per_month.map(|n| n as u32),
        questions: serde_json::from_str(&a.questions).unwrap_or_default(),
        requires_confirmation: a.requires_confirmation,
        reminders_minutes: serde_json::from_str(&a.reminders_minutes).unwrap_or_default(),
        listed: a.listed,
        active: a.active,
        seats: a.seats as u32,
        team_id: a.team_id.as_deref().map(uuid),
        assignment: a.assignment,
        member_ids: Vec::new(),
        booking_path: format!("/book/{host_slug}/{}", a.slug),
        created_at: from_unix(a.created_at),
        updated_at: from_unix(a.updated_at),
    }
}

/// An invite as its host sees it, with its state at `now` (Unix seconds).
pub fn invite(r: &InviteRow, now: i64) -> Invite {
    Invite {
        id: uuid(&r.id),
        agenda_id: uuid(&r.agenda_id),
        note: r.note.clone(),
        state: match r.usable(now) {
            Ok(()) => InviteState::Open,
            Err(Spent::Expired) => InviteState::Expired,
            Err(_) => InviteState::Used,
        },
        expires_at: r.expires_at.map(from_unix),
        created_at: from_unix(r.created_at),
        booking_id: r.booking_id.as_deref().map(uuid),
    }
}

/// What the booking page shows about an agenda.
pub fn public_agenda(a: AgendaRow, h: HostRow) -> PublicAgenda {
    PublicAgenda {
        id: uuid(&a.id),
        slug: a.slug,
        title: a.title,
        description: a.description,
        duration_minutes: a.duration_minutes as u32,
        time_zone: a.time_zone,
        host_name: h.name,
        host_slug: h.slug,
        questions: serde_json::from_str(&a.questions).unwrap_or_default(),
        requires_confirmation: a.requires_confirmation,
        seats: a.seats as u32,
        team_slug: None,
        assignment: a.assignment,
    }
}

/// A host's public page: their name and the agendas given (the listed, active ones).
pub fn public_host(h: &HostRow, agendas: Vec<AgendaRow>) -> PublicHost {
    PublicHost {
        name: h.name.clone(),
        agendas: agendas
            .into_iter()
            .map(|a| PublicHostAgenda {
                id: uuid(&a.id),
                slug: a.slug,
                title: a.title,
                description: a.description,
                duration_minutes: a.duration_minutes as u32,
            })
            .collect(),
    }
}

/// The booking's answers as stored (an unreadable column reads as none).
pub fn answers(b: &BookingRow) -> Vec<Answer> {
    serde_json::from_str(&b.answers).unwrap_or_default()
}

/// The booking as anyone allowed to see it sees it: joining opens the room itself, and there
/// are no notifications and no manage token (callers add what their reader may see);
/// `meetings` gives its join window.
pub fn booking(v: &BookingView, meetings: &MeetingSettings) -> Booking {
    let b = &v.booking;
    let window = JoinWindow::new(from_unix(b.start_at), from_unix(b.end_at), meetings);
    Booking {
        id: uuid(&b.id),
        agenda_id: uuid(&b.agenda_id),
        agenda_title: v.agenda_title.clone(),
        host_name: v.host_name.clone(),
        start: from_unix(b.start_at),
        end: from_unix(b.end_at),
        duration_minutes: ((b.end_at - b.start_at) / 60) as u32,
        guest_name: b.guest_name.clone(),
        guest_email: b.guest_email.clone(),
        guest_time_zone: b.guest_time_zone.clone(),
        guest_locale: b.guest_locale.clone(),
        notes: b.notes.clone(),
        status: b.status,
        room_name: b.room_name.clone(),
        meeting_url: b.meeting_url.clone(),
        join_url: b.meeting_url.clone(),
        join_opens_at: window.opens,
        join_closes_at: window.closes,
        created_at: from_unix(b.created_at),
        cancelled_at: b.cancelled_at.map(from_unix),
        cancel_reason: b.cancel_reason.clone(),
        cancelled_by: b.cancelled_by,
        decided_at: b.decided_at.map(from_unix),
        decline_reason: b.decline_reason.clone(),
        answers: answers(b),
        sequence: b.sequence as u32,
        manage_token: None,
        manage_url: None,
        booking_page_url: None,
        agenda_active: None,
        notifications: None,
        attendance: v.attendance.as_ref().and_then(attendance),
        no_show: v
            .attendance
            .as_ref()
            .and_then(|a| a.no_show.as_deref())
            .and_then(NoShow::from_name),
    }
}

/// What the Jitsi server reported about the booking's room; `None` until something was (a
/// row made only to hold a no-show decision reports nothing).
pub fn attendance(a: &AttendanceRow) -> Option<Attendance> {
    let presence = |joined: Option<i64>, left: Option<i64>, seconds: i64| Presence {
        joined_at: joined.map(from_unix),
        left_at: left.map(from_unix),
        minutes: u32::try_from(seconds.max(0) / 60).unwrap_or(u32::MAX),
    };
    a.started_at?;
    Some(Attendance {
        started_at: a.started_at.map(from_unix),
        ended_at: a.ended_at.map(from_unix),
        host: presence(a.host_joined_at, a.host_left_at, a.host_seconds),
        guest: presence(a.guest_joined_at, a.guest_left_at, a.guest_seconds),
    })
}

/// An email's outbox row as the host sees its delivery (`None` for a row that is no booking
/// email).
pub fn notification(r: &OutboxRow) -> Option<Notification> {
    Some(Notification {
        kind: NotificationKind::from_name(&r.kind)?,
        recipient: NotificationRecipient::from_name(&r.recipient)?,
        state: r.state,
        attempts: r.attempts as u32,
        last_error: r.last_error.clone(),
        created_at: from_unix(r.created_at),
        sent_at: r.sent_at.map(from_unix),
    })
}

/// The notification kind that announces a change (emails' and write-backs' outbox `kind`).
pub fn notification_kind(change: Change) -> NotificationKind {
    match change {
        Change::Created => NotificationKind::Confirmation,
        Change::Cancelled => NotificationKind::Cancellation,
        Change::Rescheduled { .. } => NotificationKind::Reschedule,
        Change::Requested => NotificationKind::Request,
        Change::Confirmed => NotificationKind::Confirmation,
        Change::Declined => NotificationKind::Decline,
    }
}

/// A calendar source with its sync state at `now` (Unix seconds), without its password. It is
/// `pending` until its first read, and whenever it is due (just asked to be read now, or on
/// schedule) until that read is over.
pub fn calendar_source(r: &SourceRow, now: i64) -> CalendarSource {
    CalendarSource {
        id: uuid(&r.id),
        kind: r.kind,
        name: r.name.clone(),
        url: r.url.clone(),
        username: r.username.clone(),
        write_back: r.write_back,
        last_sync_at: r.last_sync_at.map(from_unix),
        last_attempt_at: r.last_attempt_at.map(from_unix),
        last_error: r.last_error.clone(),
        busy_count: r.busy_count,
        next_sync_at: from_unix(r.next_sync_at),
        pending: r.last_attempt_at.is_none() || r.next_sync_at <= now,
        created_at: from_unix(r.created_at),
    }
}

/// A webhook with its health, without its secret.
pub fn webhook(w: &WebhookRow) -> Webhook {
    Webhook {
        id: uuid(&w.id),
        url: w.url.clone(),
        events: w
            .events
            .split(',')
            .filter_map(WebhookEvent::from_name)
            .collect(),
        description: w.description.clone(),
        created_at: from_unix(w.created_at),
        consecutive_failures: w.consecutive_failures.max(0) as u32,
        failing: w.consecutive_failures >= FAILING_AFTER,
        last_success_at: w.last_success_at.map(from_unix),
        last_failure_at: w.last_failure_at.map(from_unix),
    }
}

/// One event sent (or being sent) to a webhook, with every attempt.
pub fn webhook_delivery(r: &OutboxRow, attempts: &[AttemptRow]) -> WebhookDelivery {
    WebhookDelivery {
        id: uuid(&r.id),
        event: WebhookEvent::from_name(&r.kind).unwrap_or(WebhookEvent::BookingCreated),
        booking_id: uuid(&r.booking_id),
        state: r.state,
        created_at: from_unix(r.created_at),
        attempts: attempts
            .iter()
            .map(|a| WebhookAttempt {
                at: from_unix(a.attempted_at),
                duration_ms: a.duration_ms.max(0) as u64,
                status_code: a.status_code.and_then(|s| u16::try_from(s).ok()),
                error: a.error.clone(),
            })
            .collect(),
    }
}

/// The invitation's DESCRIPTION in the reader's language: the meeting link, the guest's notes
/// and answers.
fn description(b: &BookingRow, m: &Messages) -> String {
    let mut text = m.format(
        "email-invitation-join",
        &[("url", b.meeting_url.as_str().into())],
    );
    if !b.notes.trim().is_empty() {
        text.push_str(&format!("\n\n{}:\n", m.text("email-label-notes")));
        text.push_str(b.notes.trim());
    }
    let answers = answers(b);
    if !answers.is_empty() {
        text.push('\n');
        for a in answers {
            text.push_str(&format!("\n{}: {}", a.label, a.value.display()));
        }
    }
    text
}

/// The locale of a stored tag; English for one no longer supported.
pub fn locale(tag: &str) -> Locale {
    tag.parse().unwrap_or_else(|_| Locale::english())
}

/// The booking's invitation as it stands: REQUEST while confirmed, CANCEL once cancelled; its
/// words in `locale` (the reader's: the host's own calendar, or the guest's email).
pub fn invitation(v: &BookingView, host: &HostRow, locale: Locale) -> Invitation {
    let b = &v.booking;
    let m = smartcal_domain::email::messages(locale.language());
    Invitation {
        uid: format!("{}@smartcal", b.id),
        sequence: b.sequence as u32,
        method: match b.status {
            BookingStatus::Pending | BookingStatus::Confirmed => IcsMethod::Request,
            BookingStatus::Declined | BookingStatus::Cancelled => IcsMethod::Cancel,
        },
        start: from_unix(b.start_at),
        end: from_unix(b.end_at),
        dtstamp: from_unix(b.updated_at),
        summary: m.format(
            "email-invitation-summary",
            &[
                ("title", v.agenda_title.as_str().into()),
                ("guest", b.guest_name.as_str().into()),
                ("host", host.name.as_str().into()),
            ],
        ),
        description: description(b, m),
        meeting_url: b.meeting_url.clone(),
        organizer_name: host.name.clone(),
        organizer_email: host.email.clone(),
        attendee_name: b.guest_name.clone(),
        attendee_email: b.guest_email.clone(),
        // The booking's own reminder times (copied from its agenda when it was booked).
        alarms_minutes: serde_json::from_str(&b.reminders_minutes).unwrap_or_default(),
    }
}
