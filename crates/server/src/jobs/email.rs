//! Booking emails in the outbox: queued (rendered, one to the host and one to the guest) in
//! the booking change's own transaction, delivered by the outbox worker through the [`Mailer`].

use lettre::message::Mailbox;
use smartcal_db::bookings::BookingView;
use smartcal_db::hosts::HostRow;
use smartcal_db::outbox::{self, Channel, OutboxRow};
use smartcal_db::{DbConn, DbError};
use smartcal_domain::change::Change;
use smartcal_types::NotificationRecipient;
use uuid::Uuid;

use crate::integrations::mail::{render, to_mime, Links, MailMessage, Mailer};
use crate::time::from_unix;
use crate::views::notification_kind;

/// The outbox rows of one change's two emails (`v` is the booking after the change).
pub fn rows(
    v: &BookingView,
    host: &HostRow,
    change: Change,
    links: &Links,
    now: i64,
) -> Vec<OutboxRow> {
    render(v, host, change, links)
        .into_iter()
        .map(|(recipient, message)| {
            OutboxRow::pending(
                Uuid::new_v4().to_string(),
                v.booking.id.clone(),
                Channel::Email,
                notification_kind(change).as_str(),
                recipient.as_str(),
                serde_json::to_string(&message).unwrap_or_default(),
                now,
            )
        })
        .collect()
}

/// Queues the change's emails (call inside the change's transaction).
pub fn queue(
    c: &mut DbConn,
    v: &BookingView,
    host: &HostRow,
    change: Change,
    links: &Links,
    now: i64,
) -> Result<(), DbError> {
    outbox::insert(c, &rows(v, host, change, links, now))
}

/// Queues only the host's email of the change, to `host` (a collective booking's other
/// member).
pub fn queue_host_copy(
    c: &mut DbConn,
    v: &BookingView,
    host: &HostRow,
    change: Change,
    links: &Links,
    now: i64,
) -> Result<(), DbError> {
    let host_rows: Vec<OutboxRow> = rows(v, host, change, links, now)
        .into_iter()
        .filter(|r| r.recipient == NotificationRecipient::Host.as_str())
        .collect();
    outbox::insert(c, &host_rows)
}

/// Why an email was not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undelivered {
    /// The mail server or folder failed; a later attempt may work.
    Retry(String),
    /// The stored message cannot become an email (unreadable, or its recipient's address
    /// does not parse): no attempt can work, so it fails at once instead of waiting.
    Never(String),
}

/// Sends one queued email, rendered when it was queued, as `from`.
pub fn deliver(mailer: &Mailer, from: &Mailbox, row: &OutboxRow) -> Result<(), Undelivered> {
    let message: MailMessage = serde_json::from_str(&row.payload)
        .map_err(|e| Undelivered::Never(format!("unreadable outbox payload: {e}")))?;
    send(mailer, from, row, &message)
}

/// Sends `message` as the email of `row` (its `Message-ID` and file name), as `from`.
pub fn send(
    mailer: &Mailer,
    from: &Mailbox,
    row: &OutboxRow,
    message: &MailMessage,
) -> Result<(), Undelivered> {
    let mime = to_mime(from, &row.id, message).map_err(Undelivered::Never)?;
    mailer
        .send(&file_name(row), &mime)
        .map_err(|e| Undelivered::Retry(e.0))
}

/// The name a row's email is delivered under (the file mailer's `{name}.eml`).
fn file_name(row: &OutboxRow) -> String {
    format!(
        "{}-{}-{}-{}",
        from_unix(row.created_at).format("%Y%m%dT%H%M%SZ"),
        row.kind,
        row.recipient,
        row.id
    )
}

/// Removes the `.eml` files the file mailer wrote in `dir` for these email rows (erasing a
/// guest's data); files already gone are fine. Returns how many were removed.
pub fn remove_written(dir: &std::path::Path, rows: &[OutboxRow]) -> std::io::Result<usize> {
    let mut removed = 0;
    for row in rows.iter().filter(|r| r.channel == Channel::Email) {
        match std::fs::remove_file(dir.join(format!("{}.eml", file_name(row)))) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lettre::Message;
    use mail_parser::{MessageParser, MimeHeaders};
    use smartcal_db::bookings::BookingStatus;
    use std::sync::Arc;

    /// Plain room links for both, the guest's manage page if known, the dashboard of
    /// `https://cal.example.com`.
    fn links(meeting_url: &str, guest_manage: Option<String>) -> Links {
        Links {
            host_join: meeting_url.to_owned(),
            guest_join: meeting_url.to_owned(),
            guest_manage,
            dashboard: "https://cal.example.com/dashboard".into(),
            decide: None,
            book_again: None,
        }
    }

    fn view(status: BookingStatus, sequence: i32) -> (BookingView, HostRow) {
        let (mut v, host) = crate::jobs::fixtures::booking("2027-03-10T09:00:00Z", status);
        v.booking.guest_name = "Jane \"J\" Doe".into();
        v.booking.notes = "Let's talk <b>roadmap</b>".into();
        v.booking.sequence = sequence;
        v.booking.created_at = v.booking.start_at - 86_400;
        v.booking.updated_at = v.booking.start_at - 3600;
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
        let (v, host) = view(BookingStatus::Confirmed, 0);
        let rows = rows(
            &v,
            &host,
            Change::Created,
            &links(
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
        let (mut v, host) = view(BookingStatus::Cancelled, 2);
        v.booking.cancel_reason = Some("ill".into());
        let links = links(&v.booking.meeting_url, None);
        let rows = rows(&v, &host, Change::Cancelled, &links, 100);
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
    fn a_request_has_no_invitation_and_a_decline_goes_to_the_guest_only() {
        let (mut v, host) = view(BookingStatus::Pending, 0);
        let mut l = links(
            &v.booking.meeting_url,
            Some("https://cal.example.com/booking/b1?token=t".into()),
        );
        l.decide = Some("https://cal.example.com/decide/b1?token=d".into());
        let requested = rows(&v, &host, Change::Requested, &l, 100);
        assert_eq!(
            requested
                .iter()
                .map(|r| (r.recipient.as_str(), r.kind.as_str()))
                .collect::<Vec<_>>(),
            [("host", "request"), ("guest", "request")]
        );
        for raw in sent(&requested) {
            let text = String::from_utf8(raw).unwrap();
            assert!(!text.contains("text/calendar") && !text.contains("invite.ics"));
            assert!(!text.contains("smartcal-a1-1-abc"), "no meeting link yet");
        }
        let host_mail = MessageParser::default()
            .parse(&sent(&requested)[0])
            .unwrap()
            .body_text(0)
            .unwrap()
            .into_owned();
        assert!(host_mail.contains("https://cal.example.com/decide/b1?token=d"));

        v.booking.status = BookingStatus::Declined;
        v.booking.decline_reason = Some("Fully booked".into());
        let declined = rows(
            &v,
            &host,
            Change::Declined,
            &links(&v.booking.meeting_url, None),
            100,
        );
        assert_eq!(declined.len(), 1);
        assert_eq!(
            (declined[0].recipient.as_str(), declined[0].kind.as_str()),
            ("guest", "decline")
        );
        let text = String::from_utf8(sent(&declined)[0].clone()).unwrap();
        assert!(text.contains("Fully booked") && !text.contains("text/calendar"));
    }

    #[test]
    fn an_unusable_reply_to_is_left_out_and_an_unusable_recipient_fails_for_good() {
        let (mut v, host) = view(BookingStatus::Confirmed, 0);
        v.booking.guest_email = "a:b@example.com".into();
        let links = links(&v.booking.meeting_url, None);
        let rows = rows(&v, &host, Change::Created, &links, 100);
        let memory = Mailer::Memory(Arc::default());
        let from: Mailbox = "SmartCal <noreply@cal.example.com>".parse().unwrap();
        assert_eq!(
            deliver(&memory, &from, &rows[0]),
            Ok(()),
            "the host's email goes"
        );
        assert!(matches!(
            deliver(&memory, &from, &rows[1]),
            Err(Undelivered::Never(e)) if e.contains("a:b@example.com")
        ));
        let Mailer::Memory(out) = memory else {
            unreachable!()
        };
        let raw = out.lock().unwrap()[0].formatted();
        let mail = MessageParser::default().parse(&raw).unwrap();
        assert!(mail.reply_to().is_none());
        assert_eq!(
            mail.to().unwrap().first().unwrap().address(),
            Some("alex@example.com")
        );
    }

    #[test]
    fn files_are_named_per_row_so_a_repeated_delivery_replaces_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let mailer = Mailer::Files(dir.path().join("outbox"));
        let (v, host) = view(BookingStatus::Confirmed, 0);
        let links = links(&v.booking.meeting_url, None);
        let rows = rows(&v, &host, Change::Created, &links, 100);
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
