//! Booking emails: what host and guest are sent when a booking is made, cancelled or moved,
//! how each becomes a MIME message, and where it goes (SMTP, `.eml` files, or memory).
//!
//! Messages are rendered when the booking changes — in its own transaction — and stored in the
//! outbox as [`MailMessage`] JSON, so a later change cannot alter what an earlier email says.
//! The worker in [`crate::outbox`] turns them into MIME with [`to_mime`] and hands them to a
//! [`Mailer`].

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{Message, SmtpTransport, Transport};
use serde::{Deserialize, Serialize};
use smartcal_db::bookings::{self, BookingView};
use smartcal_db::hosts::HostRow;
use smartcal_db::outbox::OutboxRow;
use smartcal_domain::email::{render, BookingEmail, EmailKind, Recipient};
use smartcal_domain::ics::{invitation_ics, IcsMethod, Invitation};
use uuid::Uuid;

use crate::config::Config;
use crate::time::from_unix;

/// The outbox channel of booking emails.
pub const CHANNEL: &str = "email";

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
    /// The invitation (`invite.ics`), REQUEST or CANCEL.
    pub ics: String,
    /// `REQUEST` or `CANCEL`: the `method` parameter of the `text/calendar` part.
    pub ics_method: String,
}

/// What happened to a booking, as the emails announce it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Booked.
    Created,
    /// Cancelled.
    Cancelled,
    /// Moved; the old start.
    Rescheduled { previous_start: DateTime<Utc> },
}

/// The booking's invitation as it stands: REQUEST while confirmed, CANCEL once cancelled. The
/// `.ics` endpoint and the emails both use it.
pub fn invitation(v: &BookingView, host: &HostRow) -> Invitation {
    let b = &v.booking;
    Invitation {
        uid: format!("{}@smartcal", b.id),
        sequence: b.sequence as u32,
        method: if b.status == bookings::CANCELLED {
            IcsMethod::Cancel
        } else {
            IcsMethod::Request
        },
        start: from_unix(b.start_at),
        end: from_unix(b.end_at),
        dtstamp: from_unix(b.updated_at),
        summary: format!("{}: {} and {}", v.agenda_title, b.guest_name, host.name),
        description: format!("Join the video meeting: {}", b.meeting_url),
        meeting_url: b.meeting_url.clone(),
        organizer_name: host.name.clone(),
        organizer_email: host.email.clone(),
        attendee_name: b.guest_name.clone(),
        attendee_email: b.guest_email.clone(),
    }
}

/// The links each side's email carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    /// What the host opens to join (the room, or the host's join link).
    pub host_join: String,
    /// What the guest opens to join (the room, or the guest's join link with the token).
    pub guest_join: String,
    /// The guest's manage page, when the guest's token is known.
    pub guest_manage: Option<String>,
}

impl Links {
    /// Plain room links for both, and the guest's manage page if known.
    pub fn plain(meeting_url: &str, guest_manage: Option<String>) -> Links {
        Links {
            host_join: meeting_url.to_owned(),
            guest_join: meeting_url.to_owned(),
            guest_manage,
        }
    }
}

/// The outbox rows for one booking change: one email to the host (in the host's zone, with the
/// dashboard link) and one to the guest (in the guest's zone, with the manage link when known).
/// `v` is the booking after the change.
pub fn outbox_rows(
    config: &Config,
    v: &BookingView,
    host: &HostRow,
    change: Change,
    links: &Links,
    now: i64,
) -> Vec<OutboxRow> {
    let b = &v.booking;
    let (kind, kind_name, previous_start) = match change {
        Change::Created => (EmailKind::Confirmation, "confirmation", None),
        Change::Cancelled => (EmailKind::Cancellation, "cancellation", None),
        Change::Rescheduled { previous_start } => {
            (EmailKind::Reschedule, "reschedule", Some(previous_start))
        }
    };
    let inv = invitation(v, host);
    let ics = invitation_ics(&inv);
    let ics_method = match inv.method {
        IcsMethod::Request => "REQUEST",
        IcsMethod::Cancel => "CANCEL",
    };
    let base = BookingEmail {
        kind,
        recipient: Recipient::Host,
        recipient_time_zone: zone(&host.time_zone),
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
        meeting_url: links.host_join.clone(),
        manage_url: None,
        dashboard_url: Some(format!("{}/dashboard", config.public_url)),
    };
    let for_guest = BookingEmail {
        recipient: Recipient::Guest,
        recipient_time_zone: zone(&b.guest_time_zone),
        meeting_url: links.guest_join.clone(),
        manage_url: links
            .guest_manage
            .clone()
            .filter(|_| change != Change::Cancelled),
        dashboard_url: None,
        ..base.clone()
    };
    [("host", base), ("guest", for_guest)]
        .into_iter()
        .map(|(recipient, email)| {
            let rendered = render(&email);
            let ((to_name, to_email), (reply_to_name, reply_to_email)) = match email.recipient {
                Recipient::Host => ((&host.name, &host.email), (&b.guest_name, &b.guest_email)),
                Recipient::Guest => ((&b.guest_name, &b.guest_email), (&host.name, &host.email)),
            };
            let message = MailMessage {
                to_name: to_name.clone(),
                to_email: to_email.clone(),
                reply_to_name: reply_to_name.clone(),
                reply_to_email: reply_to_email.clone(),
                subject: rendered.subject,
                text: rendered.text,
                html: rendered.html,
                ics: ics.clone(),
                ics_method: ics_method.to_owned(),
            };
            OutboxRow::pending(
                Uuid::new_v4().to_string(),
                b.id.clone(),
                CHANNEL,
                kind_name,
                recipient,
                serde_json::to_string(&message).unwrap_or_default(),
                now,
            )
        })
        .collect()
}

/// A stored zone name as a zone; names were validated on the way in, UTC is the safe fallback.
fn zone(name: &str) -> chrono_tz::Tz {
    name.parse().unwrap_or(chrono_tz::UTC)
}

/// Builds the MIME message: `multipart/mixed` of a `multipart/alternative` (plain text, HTML,
/// `text/calendar; method=…`) and the same invitation as the attachment `invite.ics`.
/// `Message-ID` is derived from the outbox row, so a retried delivery carries the same id.
pub fn to_mime(from: &Mailbox, outbox_id: &str, m: &MailMessage) -> Result<Message, String> {
    let mailbox = |name: &str, email: &str| -> Result<Mailbox, String> {
        let address = email
            .parse()
            .map_err(|e| format!("bad address {email:?}: {e}"))?;
        Ok(Mailbox::new(Some(name.to_owned()), address))
    };
    let calendar_type = ContentType::parse(&format!(
        "text/calendar; charset=utf-8; method={}",
        m.ics_method
    ))
    .map_err(|e| e.to_string())?;
    let ics_type = ContentType::parse("application/ics").map_err(|e| e.to_string())?;
    let body = MultiPart::mixed()
        .multipart(
            MultiPart::alternative()
                .singlepart(SinglePart::plain(m.text.clone()))
                .singlepart(SinglePart::html(m.html.clone()))
                .singlepart(
                    SinglePart::builder()
                        .header(calendar_type)
                        .body(m.ics.clone()),
                ),
        )
        .singlepart(Attachment::new("invite.ics".to_owned()).body(m.ics.clone(), ics_type));
    Message::builder()
        .from(from.clone())
        .reply_to(mailbox(&m.reply_to_name, &m.reply_to_email)?)
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

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::{MessageParser, MimeHeaders};
    use smartcal_db::bookings::BookingRow;

    fn config() -> Config {
        Config::from_lookup(|k| {
            (k == "SMARTCAL_PUBLIC_URL").then(|| "https://cal.example.com".to_owned())
        })
        .unwrap()
    }

    fn view(status: &str, sequence: i32) -> (BookingView, HostRow) {
        let start = DateTime::parse_from_rfc3339("2027-03-10T09:00:00Z")
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
        };
        let booking = BookingRow {
            id: "b1".into(),
            agenda_id: "a1".into(),
            host_id: "h1".into(),
            start_at: start,
            end_at: start + 1800,
            guest_name: "Jane \"J\" Doe".into(),
            guest_email: "jane@example.org".into(),
            guest_time_zone: "America/New_York".into(),
            notes: "Let's talk <b>roadmap</b>".into(),
            status: status.into(),
            room_name: "smartcal-a1-1-abc".into(),
            meeting_url: "https://meet.jit.si/smartcal-a1-1-abc".into(),
            manage_token_hash: String::new(),
            sequence,
            created_at: start - 86_400,
            updated_at: start - 3600,
            cancelled_at: None,
            cancel_reason: None,
        };
        let v = BookingView {
            booking,
            agenda_title: "Intro call".into(),
            host_name: host.name.clone(),
        };
        (v, host)
    }

    fn sent(rows: &[OutboxRow]) -> Vec<Vec<u8>> {
        let memory = Mailer::Memory(Arc::default());
        let from: Mailbox = "SmartCal <noreply@cal.example.com>".parse().unwrap();
        for row in rows {
            let m: MailMessage = serde_json::from_str(&row.payload).unwrap();
            memory
                .send(&row.id, &to_mime(&from, &row.id, &m).unwrap())
                .unwrap();
        }
        let Mailer::Memory(out) = memory else {
            unreachable!()
        };
        let out = out.lock().unwrap();
        out.iter().map(Message::formatted).collect()
    }

    #[test]
    fn a_booking_mails_host_and_guest_each_in_their_zone() {
        let (v, host) = view(bookings::CONFIRMED, 0);
        let rows = outbox_rows(
            &config(),
            &v,
            &host,
            Change::Created,
            &Links::plain(
                &v.booking.meeting_url,
                Some("https://cal.example.com/booking/b1?token=t".into()),
            ),
            100,
        );
        assert_eq!(
            rows.iter()
                .map(|r| (r.recipient.as_str(), r.kind.as_str()))
                .collect::<Vec<_>>(),
            [("host", "confirmation"), ("guest", "confirmation")]
        );
        let raw = sent(&rows);
        let host_mail = MessageParser::default().parse(&raw[0]).unwrap();
        let guest_mail = MessageParser::default().parse(&raw[1]).unwrap();

        assert_eq!(
            host_mail.to().unwrap().first().unwrap().address(),
            Some("alex@example.com")
        );
        assert_eq!(
            host_mail.reply_to().unwrap().first().unwrap().address(),
            Some("jane@example.org")
        );
        let host_text = host_mail.body_text(0).unwrap();
        assert!(
            host_text.contains("10:00") && host_text.contains("Europe/Berlin"),
            "{host_text}"
        );
        assert!(host_text.contains("https://cal.example.com/dashboard"));
        assert!(!host_text.contains("token="));

        assert_eq!(
            guest_mail.reply_to().unwrap().first().unwrap().address(),
            Some("alex@example.com")
        );
        let guest_text = guest_mail.body_text(0).unwrap();
        assert!(
            guest_text.contains("04:00") && guest_text.contains("America/New_York"),
            "{guest_text}"
        );
        assert!(guest_text.contains("https://cal.example.com/booking/b1?token=t"));
        assert!(guest_text.contains("https://meet.jit.si/smartcal-a1-1-abc"));
        let html = guest_mail.body_html(0).unwrap();
        assert!(
            html.contains("&lt;b&gt;roadmap&lt;/b&gt;"),
            "notes are escaped"
        );

        assert_eq!(
            guest_mail.message_id(),
            Some(format!("{}@cal.example.com", rows[1].id).as_str())
        );
        assert!(guest_mail.date().is_some());
    }

    #[test]
    fn the_invitation_is_an_alternative_part_and_an_attachment_with_the_same_method() {
        let (mut v, host) = view(bookings::CANCELLED, 2);
        v.booking.cancel_reason = Some("ill".into());
        let links = Links::plain(&v.booking.meeting_url, None);
        let rows = outbox_rows(&config(), &v, &host, Change::Cancelled, &links, 100);
        for raw in sent(&rows) {
            let text = String::from_utf8(raw.clone()).unwrap();
            assert!(text.contains("multipart/mixed"), "{text}");
            assert!(text.contains("multipart/alternative"));
            let mail = MessageParser::default().parse(&raw).unwrap();
            let calendar = mail
                .parts
                .iter()
                .find(|p| {
                    p.content_type()
                        .is_some_and(|t| t.ctype() == "text" && t.subtype() == Some("calendar"))
                })
                .expect("a text/calendar part");
            assert_eq!(
                calendar.content_type().unwrap().attribute("method"),
                Some("CANCEL")
            );
            let ics = calendar.text_contents().unwrap();
            assert!(ics.contains("METHOD:CANCEL\r\n") && ics.contains("STATUS:CANCELLED\r\n"));
            assert!(ics.contains("SEQUENCE:2\r\n") && ics.contains("UID:b1@smartcal\r\n"));
            let attachment = mail
                .attachments()
                .find(|a| a.attachment_name() == Some("invite.ics"))
                .expect("invite.ics attached");
            assert_eq!(attachment.contents(), ics.as_bytes());
        }
    }

    #[test]
    fn files_are_named_per_row_so_a_repeated_delivery_replaces_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let mailer = Mailer::Files(dir.path().join("outbox"));
        let (v, host) = view(bookings::CONFIRMED, 0);
        let links = Links::plain(&v.booking.meeting_url, None);
        let rows = outbox_rows(&config(), &v, &host, Change::Created, &links, 100);
        let from: Mailbox = "SmartCal <noreply@cal.example.com>".parse().unwrap();
        let m: MailMessage = serde_json::from_str(&rows[0].payload).unwrap();
        let mime = to_mime(&from, &rows[0].id, &m).unwrap();
        mailer.send("one", &mime).unwrap();
        mailer.send("one", &mime).unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path().join("outbox"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["one.eml"]);
    }
}
