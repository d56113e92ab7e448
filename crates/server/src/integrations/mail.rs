//! Booking emails: what host and guest are told when a booking is made, cancelled or moved,
//! how each becomes a MIME message, and where it goes (SMTP, `.eml` files, or memory).
//!
//! Messages are rendered when the booking changes — in its own transaction, by
//! `jobs::email::queue` — and stored in the outbox as [`MailMessage`] JSON, so a later change
//! cannot alter what an earlier email says. The outbox worker turns them into MIME with
//! [`to_mime`] and hands them to a [`Mailer`].

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{Message, SmtpTransport, Transport};
use serde::{Deserialize, Serialize};
use smartcal_db::bookings::BookingView;
use smartcal_db::hosts::HostRow;
use smartcal_domain::change::Change;
use smartcal_domain::email::{render as render_email, BookingEmail, EmailKind, Recipient};
use smartcal_domain::ics::{invitation_ics, IcsMethod};
use smartcal_types::NotificationRecipient;

use crate::config::Config;
use crate::time::from_unix;
use crate::views::{answers, invitation};

/// The links a booking change's emails carry (stored with a queued reminder, which is
/// rendered when it is sent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Links {
    /// What the host opens to join (the room, or the host's join link).
    pub host_join: String,
    /// What the guest opens to join (the room, or the guest's join link with the token).
    pub guest_join: String,
    /// The guest's manage page, when the guest's token is known.
    pub guest_manage: Option<String>,
    /// The host's dashboard.
    pub dashboard: String,
    /// The host's page deciding a request (`/decide/{id}?token=…`), when the change made one.
    pub decide: Option<String>,
    /// The agenda's public booking page, for a guest whose booking ended without a meeting
    /// (cancelled, declined) to book another time; `None` when the agenda takes no bookings
    /// there (inactive, deleted or unlisted).
    pub book_again: Option<String>,
}

/// One rendered email as stored in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailMessage {
    pub to_name: String,
    pub to_email: String,
    /// The other party: replying reaches them, not SmartCal.
    pub reply_to_name: String,
    pub reply_to_email: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The invitation (`invite.ics`), REQUEST or CANCEL; empty when the email carries none (a
    /// request not yet confirmed, a declined request).
    pub ics: String,
    /// `REQUEST` or `CANCEL`: the `method` parameter of the `text/calendar` part.
    pub ics_method: String,
}

/// The emails about one booking change: to the host (in the host's zone, with the dashboard
/// link, or for a request the link to decide) and to the guest (in the guest's zone, with the
/// manage link when known). A decline goes to the guest only: the host made it, or it
/// happened because the host did not answer. `v` is the booking after the change.
pub fn render(
    v: &BookingView,
    host: &HostRow,
    change: Change,
    links: &Links,
) -> Vec<(NotificationRecipient, MailMessage)> {
    let kind = change.email_kind();
    let both = render_both(v, host, kind, change.previous_start(), links, None);
    match kind {
        EmailKind::Decline => both
            .into_iter()
            .filter(|(to, _)| *to == NotificationRecipient::Guest)
            .collect(),
        _ => both.into(),
    }
}

/// The host's request that the guest choose a new time, to the guest only (in the guest's
/// zone, with `message`, the host's note, and the manage link of `links`).
pub fn reschedule_request(
    v: &BookingView,
    host: &HostRow,
    links: &Links,
    message: Option<&str>,
) -> MailMessage {
    let [_, (_, guest)] = render_parts(
        v,
        host,
        EmailKind::RescheduleRequest,
        None,
        links,
        None,
        message,
    );
    guest
}

/// The reminder `minutes` before the meeting, to host and guest, each in their zone.
pub fn reminder(
    v: &BookingView,
    host: &HostRow,
    links: &Links,
    minutes: u32,
) -> [(NotificationRecipient, MailMessage); 2] {
    render_both(v, host, EmailKind::Reminder, None, links, Some(minutes))
}

fn render_both(
    v: &BookingView,
    host: &HostRow,
    kind: EmailKind,
    previous_start: Option<DateTime<Utc>>,
    links: &Links,
    reminder_minutes: Option<u32>,
) -> [(NotificationRecipient, MailMessage); 2] {
    render_parts(v, host, kind, previous_start, links, reminder_minutes, None)
}

fn render_parts(
    v: &BookingView,
    host: &HostRow,
    kind: EmailKind,
    previous_start: Option<DateTime<Utc>>,
    links: &Links,
    reminder_minutes: Option<u32>,
    message: Option<&str>,
) -> [(NotificationRecipient, MailMessage); 2] {
    let b = &v.booking;
    let host_locale = crate::views::locale(&host.locale);
    let guest_locale = crate::views::locale(&b.guest_locale);
    // Each side's invitation is in their language. A request has no invitation until it is
    // confirmed, so a declined one needs no CANCEL; a request to choose a new time changes
    // nothing in the calendar (yet).
    let ics = |locale| -> (String, &'static str) {
        match kind {
            EmailKind::Request | EmailKind::Decline | EmailKind::RescheduleRequest => {
                (String::new(), "")
            }
            _ => {
                let inv = invitation(v, host, locale);
                let method = match inv.method {
                    IcsMethod::Request => "REQUEST",
                    IcsMethod::Cancel => "CANCEL",
                };
                (invitation_ics(&inv), method)
            }
        }
    };
    let for_host = BookingEmail {
        kind,
        recipient: Recipient::Host,
        recipient_time_zone: zone(&host.time_zone),
        locale: host_locale,
        agenda_title: v.agenda_title.clone(),
        duration_minutes: ((b.end_at - b.start_at) / 60) as u32,
        start: from_unix(b.start_at),
        end: from_unix(b.end_at),
        previous_start,
        host_name: host.name.clone(),
        host_email: host.email.clone(),
        guest_name: b.guest_name.clone(),
        guest_email: b.guest_email.clone(),
        notes: b.notes.clone(),
        cancel_reason: b.cancel_reason.clone(),
        cancelled_by: b.cancelled_by,
        decline_reason: b.decline_reason.clone(),
        message: message.map(str::to_owned),
        answers: answers(b)
            .into_iter()
            .map(|a| (a.label, a.value.display()))
            .collect(),
        reminder_minutes,
        meeting_url: links.host_join.clone(),
        manage_url: None,
        dashboard_url: Some(links.dashboard.clone()),
        decide_url: links.decide.clone(),
        book_again_url: None,
    };
    let for_guest = BookingEmail {
        recipient: Recipient::Guest,
        recipient_time_zone: zone(&b.guest_time_zone),
        locale: guest_locale,
        meeting_url: links.guest_join.clone(),
        manage_url: links.guest_manage.clone(),
        dashboard_url: None,
        decide_url: None,
        book_again_url: links.book_again.clone(),
        ..for_host.clone()
    };
    let message = |email: &BookingEmail| {
        let rendered = render_email(email);
        let (ics, ics_method) = ics(email.locale);
        let ((to_name, to_email), (reply_to_name, reply_to_email)) = match email.recipient {
            Recipient::Host => ((&host.name, &host.email), (&b.guest_name, &b.guest_email)),
            Recipient::Guest => ((&b.guest_name, &b.guest_email), (&host.name, &host.email)),
        };
        MailMessage {
            to_name: to_name.clone(),
            to_email: to_email.clone(),
            reply_to_name: reply_to_name.clone(),
            reply_to_email: reply_to_email.clone(),
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
            ics,
            ics_method: ics_method.to_owned(),
        }
    };
    [
        (NotificationRecipient::Host, message(&for_host)),
        (NotificationRecipient::Guest, message(&for_guest)),
    ]
}

/// A stored zone name as a zone; names were validated on the way in, UTC is the safe fallback.
fn zone(name: &str) -> chrono_tz::Tz {
    name.parse().unwrap_or(chrono_tz::UTC)
}

/// Builds the MIME message: `multipart/mixed` of a `multipart/alternative` (plain text, HTML,
/// `text/calendar; method=…`) and the same invitation as the attachment `invite.ics`.
/// `Message-ID` is derived from the outbox row, so a retried delivery carries the same id.
/// A `Reply-To` that does not parse (an address stored before addresses were checked with
/// this parser) is left out rather than failing: the other side's address never stops this
/// side's email. A recipient that does not parse is an error no retry can fix.
pub fn to_mime(from: &Mailbox, outbox_id: &str, m: &MailMessage) -> Result<Message, String> {
    let mailbox = |name: &str, email: &str| -> Result<Mailbox, String> {
        let address = email
            .parse()
            .map_err(|e| format!("bad address {email:?}: {e}"))?;
        Ok(Mailbox::new(Some(name.to_owned()), address))
    };
    let alternative = MultiPart::alternative()
        .singlepart(SinglePart::plain(m.text.clone()))
        .singlepart(SinglePart::html(m.html.clone()));
    // A request, or its decline, has no invitation: text and HTML only.
    let body = if m.ics.is_empty() {
        MultiPart::mixed().multipart(alternative)
    } else {
        let calendar_type = ContentType::parse(&format!(
            "text/calendar; charset=utf-8; method={}",
            m.ics_method
        ))
        .map_err(|e| e.to_string())?;
        let ics_type = ContentType::parse("application/ics").map_err(|e| e.to_string())?;
        MultiPart::mixed()
            .multipart(
                alternative.singlepart(
                    SinglePart::builder()
                        .header(calendar_type)
                        .body(m.ics.clone()),
                ),
            )
            .singlepart(Attachment::new("invite.ics".to_owned()).body(m.ics.clone(), ics_type))
    };
    let mut builder = Message::builder().from(from.clone());
    match mailbox(&m.reply_to_name, &m.reply_to_email) {
        Ok(reply_to) => builder = builder.reply_to(reply_to),
        Err(e) => tracing::warn!(outbox = %outbox_id, error = %e, "Reply-To left out"),
    }
    builder
        .to(mailbox(&m.to_name, &m.to_email)?)
        .subject(m.subject.clone())
        .message_id(Some(format!("<{outbox_id}@{}>", from.email.domain())))
        .date_now()
        .multipart(body)
        .map_err(|e| e.to_string())
}

/// Why a delivery failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SendError(pub String);

/// Where emails go.
#[derive(Clone)]
pub enum Mailer {
    /// An SMTP server (`SMTP_URL`).
    Smtp(SmtpTransport),
    /// `.eml` files in a folder (the embedded default: `data/outbox/`).
    Files(PathBuf),
    /// Kept in memory, for unit tests.
    Memory(Arc<Mutex<Vec<Message>>>),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp(_) => f.write_str("Mailer::Smtp"),
            Mailer::Files(dir) => write!(f, "Mailer::Files({})", dir.display()),
            Mailer::Memory(_) => f.write_str("Mailer::Memory"),
        }
    }
}

impl Mailer {
    /// SMTP when `SMTP_URL` is set (`smtp://` plain, `?tls=required` STARTTLS, `smtps://`
    /// implicit TLS, `user:password@` for AUTH), else `.eml` files in `SMARTCAL_MAIL_DIR`.
    /// Each SMTP conversation times out well inside the outbox lease.
    pub fn from_config(config: &Config) -> anyhow::Result<Mailer> {
        match &config.smtp_url {
            Some(url) => {
                let timeout = (config.outbox.lease / 2).min(Duration::from_secs(30));
                let transport = SmtpTransport::from_url(url)
                    .map_err(|e| anyhow::anyhow!("SMTP_URL: {e}"))?
                    .timeout(Some(timeout))
                    .build();
                Ok(Mailer::Smtp(transport))
            }
            None => Ok(Mailer::Files(config.mail_dir.clone())),
        }
    }

    /// Delivers one message. `name` is stable per outbox row: a file delivery repeated after a
    /// crash replaces the same file instead of adding a second.
    pub fn send(&self, name: &str, message: &Message) -> Result<(), SendError> {
        match self {
            Mailer::Smtp(t) => t.send(message).map(|_| ()).map_err(|e| {
                SendError(match e.status() {
                    Some(code) => format!("SMTP {code}: {e}"),
                    None => format!("SMTP: {e}"),
                })
            }),
            Mailer::Files(dir) => {
                let io = |e: std::io::Error| SendError(format!("{}: {e}", dir.display()));
                std::fs::create_dir_all(dir).map_err(io)?;
                let tmp = dir.join(format!(".{name}.tmp"));
                std::fs::write(&tmp, message.formatted()).map_err(io)?;
                std::fs::rename(&tmp, dir.join(format!("{name}.eml"))).map_err(io)
            }
            Mailer::Memory(sent) => {
                sent.lock()
                    .map_err(|_| SendError("memory mailer poisoned".into()))?
                    .push(message.clone());
                Ok(())
            }
        }
    }
}
