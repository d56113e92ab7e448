//! Email over real SMTP: the app (in-process, or the real binary where processes die or run
//! side by side) sends through an SMTP server on loopback, on SQLite and on PostgreSQL.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use mail_parser::{MessageParser, MimeHeaders};
use smartcal_client::Client;
use smartcal_types::*;
use uuid::Uuid;

mod common;
use common::smtp::{Mode, Received, Sink};
use common::*;

on_both!(
    host_and_guest_get_each_message_once_in_their_own_zone,
    smtp_down_while_booking_then_mail_arrives_when_it_returns,
    permanent_rejection_fails_after_retries_and_keeps_the_booking,
    killed_between_commit_and_delivery_then_sent_once_after_restart,
    without_smtp_messages_are_eml_files,
);

/// Fast retries for tests.
const QUICK_RETRY: [(&str, &str); 2] = [
    ("SMARTCAL_OUTBOX_RETRY_BASE_MS", "100"),
    ("SMARTCAL_OUTBOX_RETRY_MAX_MS", "400"),
];

/// 10:00 in Berlin on the Wednesdays before and after the next start of US daylight saving
/// time (second Sunday of March): the guest in New York sees 04:00, then 05:00.
fn across_us_dst() -> (DateTime<Utc>, DateTime<Utc>) {
    let today = Utc::now().date_naive();
    let mut year = today.year();
    loop {
        let march = NaiveDate::from_ymd_opt(year, 3, 1).unwrap();
        let first_sunday =
            march + Duration::days((7 - march.weekday().num_days_from_sunday() as i64) % 7);
        let dst = first_sunday + Duration::days(7);
        let before = dst - Duration::days(4);
        if before > today + Duration::days(2) {
            assert_eq!(before.weekday(), Weekday::Wed);
            let at_ten = |d: NaiveDate| {
                chrono_tz::Europe::Berlin
                    .from_local_datetime(&d.and_hms_opt(10, 0, 0).unwrap())
                    .unwrap()
                    .with_timezone(&Utc)
            };
            return (at_ten(before), at_ten(dst + Duration::days(3)));
        }
        year += 1;
    }
}

/// A host in Berlin with Wednesday mornings open for two years ahead.
async fn berlin_host(app_base: &str) -> (Client, Agenda) {
    let host = Client::new(app_base).unwrap();
    host.signup(&SignupRequest {
        locale: Some("en-GB".into()),
        ..signup_body(&format!("{}@example.com", Uuid::new_v4().simple()))
    })
    .await
    .unwrap();
    let agenda = host
        .create_agenda(&CreateAgendaRequest {
            title: "Intro call".into(),
            duration_minutes: 30,
            time_zone: Some("Europe/Berlin".into()),
            availability: vec![AvailabilityInterval {
                weekday: "wed".into(),
                start: "09:00".into(),
                end: "12:00".into(),
            }],
            min_notice_minutes: Some(0),
            horizon_days: Some(730),
            ..Default::default()
        })
        .await
        .unwrap();
    (host, agenda)
}

fn jane(agenda: Uuid, start: DateTime<Utc>) -> CreateBookingRequest {
    CreateBookingRequest {
        agenda_id: agenda,
        start,
        guest_name: "Jane Doe".into(),
        guest_email: "jane@example.org".into(),
        guest_time_zone: Some("America/New_York".into()),
        // British English: the times read 04:00, not 4:00 AM.
        guest_locale: Some("en-GB".into()),
        notes: Some("About the roadmap".into()),
        answers: Default::default(),
        invite: None,
    }
}

/// A received message, parsed.
struct Mail {
    to: String,
    reply_to: String,
    message_id: String,
    text: String,
    html: String,
    calendar_method: String,
    ics: String,
    attachment: String,
}

fn parse(r: &Received) -> Mail {
    let m = MessageParser::default()
        .parse(&r.data)
        .expect("a parsable message");
    let calendar = m
        .parts
        .iter()
        .find(|p| {
            p.content_type()
                .is_some_and(|t| t.ctype() == "text" && t.subtype() == Some("calendar"))
        })
        .expect("a text/calendar part");
    let attachment = m
        .attachments()
        .find(|a| a.attachment_name() == Some("invite.ics"))
        .expect("an invite.ics attachment");
    let mail = Mail {
        to: m
            .to()
            .unwrap()
            .first()
            .unwrap()
            .address()
            .unwrap()
            .to_owned(),
        reply_to: m
            .reply_to()
            .unwrap()
            .first()
            .unwrap()
            .address()
            .unwrap()
            .to_owned(),
        message_id: m.message_id().expect("a Message-ID").to_owned(),
        text: m.body_text(0).unwrap().into_owned(),
        html: m.body_html(0).unwrap().into_owned(),
        calendar_method: calendar
            .content_type()
            .unwrap()
            .attribute("method")
            .unwrap_or_default()
            .to_owned(),
        ics: calendar.text_contents().unwrap().to_owned(),
        attachment: String::from_utf8(attachment.contents().to_vec()).unwrap(),
    };
    assert!(m.date().is_some(), "a Date header");
    assert_eq!(
        r.rcpt_to,
        std::slice::from_ref(&mail.to),
        "envelope recipient = To"
    );
    mail
}

/// A property: name, value, parameters.
type Prop = (String, String, Vec<(String, String)>);

/// The calendar's METHOD and the VEVENT's properties, parsed by a real iCalendar parser.
fn vevent(ics: &str) -> (String, Vec<Prop>) {
    use icalendar::parser::{read_calendar, unfold};
    assert!(
        ics.contains("\r\n") && !ics.replace("\r\n", "").contains('\n'),
        "CRLF only"
    );
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "folded at 75 octets: {line:?}");
    }
    let unfolded = unfold(ics);
    let cal = read_calendar(&unfolded).expect("parsable iCalendar");
    let method = cal
        .properties
        .iter()
        .find(|p| p.name == "METHOD")
        .map(|p| p.val.to_string())
        .unwrap_or_default();
    let event = cal
        .components
        .iter()
        .find(|c| c.name == "VEVENT")
        .expect("a VEVENT");
    let props = event
        .properties
        .iter()
        .map(|p| {
            (
                p.name.to_string(),
                p.val.to_string(),
                p.params
                    .iter()
                    .map(|q| {
                        (
                            q.key.to_string(),
                            q.val.as_ref().map(|v| v.to_string()).unwrap_or_default(),
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    (method, props)
}

fn prop<'a>(props: &'a [Prop], name: &str) -> &'a str {
    props
        .iter()
        .find(|p| p.0 == name)
        .map(|p| p.1.as_str())
        .unwrap_or_else(|| panic!("{name} missing"))
}

fn utc_stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Confirmation, reschedule across a DST change, cancellation: each reaches host and guest
/// exactly once, in their own zone, with the right links and invitation.
async fn host_and_guest_get_each_message_once_in_their_own_zone(db: Db) {
    let sink = Sink::start(0, Mode::Accept).await;
    let Some(app) = spawn_with(
        db,
        &[
            ("SMTP_URL", &sink.url()),
            ("SMARTCAL_PUBLIC_URL", "https://cal.example.com"),
        ],
    )
    .await
    else {
        return;
    };
    let (host, agenda) = berlin_host(&app.base).await;
    let me = host.me().await.unwrap();
    let (first, second) = across_us_dst();

    let guest = app.client();
    let booked = guest
        .create_booking(&jane(agenda.id, first), None)
        .await
        .unwrap();
    let token = booked.manage_token.clone().unwrap();
    let confirmations = sink.wait_for(2, 20).await;
    assert_eq!(confirmations.len(), 2);
    let by_to = |mails: &[Received], to: &str| -> Mail {
        let matching: Vec<Mail> = mails.iter().map(parse).filter(|m| m.to == to).collect();
        assert_eq!(matching.len(), 1, "exactly one message to {to}");
        matching.into_iter().next().unwrap()
    };
    let host_mail = by_to(&confirmations, &me.email);
    let guest_mail = by_to(&confirmations, "jane@example.org");
    assert_eq!(host_mail.reply_to, "jane@example.org");
    assert_eq!(guest_mail.reply_to, me.email);
    assert!(
        host_mail.text.contains("10:00") && host_mail.text.contains("Europe/Berlin"),
        "{}",
        host_mail.text
    );
    assert!(
        guest_mail.text.contains("04:00") && guest_mail.text.contains("America/New_York"),
        "{}",
        guest_mail.text
    );
    assert!(!guest_mail.text.contains("10:00"));
    for m in [&host_mail, &guest_mail] {
        assert!(m.text.contains(&booked.meeting_url) && m.html.contains(&booked.meeting_url));
        assert!(m.text.contains("30 min"), "{}", m.text);
        assert!(m.text.contains("Intro call"));
        assert_eq!(m.calendar_method, "REQUEST");
        assert_eq!(m.attachment, m.ics);
        let (method, props) = vevent(&m.ics);
        assert_eq!(method, "REQUEST");
        assert_eq!(prop(&props, "UID"), format!("{}@smartcal", booked.id));
        assert_eq!(prop(&props, "SEQUENCE"), "0");
        assert_eq!(prop(&props, "STATUS"), "CONFIRMED");
        assert_eq!(prop(&props, "DTSTART"), utc_stamp(first));
        assert_eq!(
            prop(&props, "DTEND"),
            utc_stamp(first + Duration::minutes(30))
        );
        assert_eq!(prop(&props, "LOCATION"), booked.meeting_url);
        assert_eq!(prop(&props, "URL"), booked.meeting_url);
        assert!(prop(&props, "DESCRIPTION").contains(&booked.meeting_url));
        assert!(prop(&props, "DTSTAMP").ends_with('Z'));
        assert_eq!(
            prop(&props, "ORGANIZER").to_lowercase(),
            format!("mailto:{}", me.email)
        );
        let attendee = props.iter().find(|p| p.0 == "ATTENDEE").unwrap();
        assert_eq!(attendee.1.to_lowercase(), "mailto:jane@example.org");
        assert!(attendee.2.contains(&("RSVP".into(), "TRUE".into())));
    }
    let manage = format!(
        "https://cal.example.com/booking/{}?token={token}",
        booked.id
    );
    assert!(guest_mail.text.contains(&manage));
    assert!(host_mail.text.contains("https://cal.example.com/dashboard"));
    assert!(
        !host_mail.text.contains(&token),
        "the host never sees the guest's token"
    );

    // The guest moves it across the US change: New York's clock moves, Berlin's does not.
    guest
        .reschedule_booking(
            booked.id,
            Some(&token),
            &RescheduleBookingRequest { start: second },
        )
        .await
        .unwrap();
    let after_move = sink.wait_for(4, 20).await;
    let moved = &after_move[2..];
    let host_mail = by_to(moved, &me.email);
    let guest_mail = by_to(moved, "jane@example.org");
    assert!(
        guest_mail.text.contains("05:00") && guest_mail.text.contains("America/New_York"),
        "{}",
        guest_mail.text
    );
    assert!(
        guest_mail.text.contains("04:00"),
        "the old time is named: {}",
        guest_mail.text
    );
    assert!(host_mail.text.contains("10:00"));
    assert!(
        guest_mail.text.contains(&manage),
        "the guest acted with the token: the link is kept"
    );
    for m in [&host_mail, &guest_mail] {
        let (method, props) = vevent(&m.ics);
        assert_eq!(
            (method.as_str(), m.calendar_method.as_str()),
            ("REQUEST", "REQUEST")
        );
        assert_eq!(prop(&props, "SEQUENCE"), "1");
        assert_eq!(prop(&props, "DTSTART"), utc_stamp(second));
        assert_eq!(prop(&props, "UID"), format!("{}@smartcal", booked.id));
    }

    // The host cancels.
    host.cancel_booking(
        booked.id,
        None,
        &CancelBookingRequest {
            reason: Some("Travelling".into()),
        },
    )
    .await
    .unwrap();
    let all = sink.wait_for(6, 20).await;
    let cancelled = &all[4..];
    for to in [me.email.as_str(), "jane@example.org"] {
        let m = by_to(cancelled, to);
        let (method, props) = vevent(&m.ics);
        assert_eq!(
            (method.as_str(), m.calendar_method.as_str()),
            ("CANCEL", "CANCEL")
        );
        assert_eq!(prop(&props, "STATUS"), "CANCELLED");
        assert_eq!(prop(&props, "SEQUENCE"), "2");
        assert_eq!(prop(&props, "UID"), format!("{}@smartcal", booked.id));
        assert!(m.text.contains("Travelling"), "{}", m.text);
    }

    // Exactly six messages, six Message-IDs, all recorded as sent on the booking.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let all = sink.received();
    assert_eq!(all.len(), 6);
    let mut ids: Vec<String> = all.iter().map(|r| parse(r).message_id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6);
    // The outbox keeps its SMTP connection open between messages (lettre's pool) instead of a
    // handshake per message.
    assert!(
        sink.connections() < all.len(),
        "{} connections for {} messages",
        sink.connections(),
        all.len()
    );
    let n = notifications_when(&host, booked.id, |n| n.len() == 6 && all_sent(n)).await;
    let mut seen: Vec<(NotificationKind, NotificationRecipient)> =
        n.iter().map(|n| (n.kind, n.recipient)).collect();
    seen.sort_by_key(|k| format!("{k:?}"));
    seen.dedup();
    assert_eq!(seen.len(), 6, "one per kind and recipient: {n:?}");
    assert!(n
        .iter()
        .all(|n| n.attempts == 1 && n.last_error.is_none() && n.sent_at.is_some()));
    // Guests never see the delivery log.
    assert!(guest
        .get_booking(booked.id, Some(&token))
        .await
        .unwrap()
        .notifications
        .is_none());
}

/// The mail server is down when the guest books: the booking still succeeds at once, and the
/// messages go out when the server is back.
async fn smtp_down_while_booking_then_mail_arrives_when_it_returns(db: Db) {
    let port = free_port();
    let url = format!("smtp://127.0.0.1:{port}");
    let Some(app) = spawn_with(
        db,
        &[&[("SMTP_URL", url.as_str())][..], &QUICK_RETRY[..]].concat(),
    )
    .await
    else {
        return;
    };
    let (host, agenda) = berlin_host(&app.base).await;
    let (start, _) = across_us_dst();
    let booked = app
        .client()
        .create_booking(&jane(agenda.id, start), None)
        .await
        .unwrap();
    assert_eq!(booked.status, BookingStatus::Confirmed);
    let pending = notifications_when(&host, booked.id, |n| {
        n.len() == 2
            && n.iter()
                .all(|n| n.attempts >= 2 && n.state == NotificationState::Pending)
    })
    .await;
    assert!(
        pending
            .iter()
            .all(|n| n.last_error.as_deref().is_some_and(|e| e.contains("SMTP"))),
        "{pending:?}"
    );

    let sink = Sink::start(port, Mode::Accept).await;
    let got = sink.wait_for(2, 20).await;
    assert_eq!(got.len(), 2);
    notifications_when(&host, booked.id, all_sent).await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let mut to: Vec<String> = sink.received().iter().map(|r| parse(r).to).collect();
    to.sort();
    assert_eq!(to.len(), 2, "each message once");
    to.dedup();
    assert_eq!(to.len(), 2, "one to the host, one to the guest");
}

/// A server that refuses every message: after the last attempt the notifications are
/// `failed` with the server's answer; the booking is untouched.
async fn permanent_rejection_fails_after_retries_and_keeps_the_booking(db: Db) {
    let sink = Sink::start(0, Mode::Reject).await;
    let url = sink.url();
    let env = [
        &[
            ("SMTP_URL", url.as_str()),
            ("SMARTCAL_OUTBOX_MAX_ATTEMPTS", "3"),
        ][..],
        &QUICK_RETRY[..],
    ]
    .concat();
    let Some(app) = spawn_with(db, &env).await else {
        return;
    };
    let (host, agenda) = berlin_host(&app.base).await;
    let (start, _) = across_us_dst();
    let booked = app
        .client()
        .create_booking(&jane(agenda.id, start), None)
        .await
        .unwrap();
    let failed = notifications_when(&host, booked.id, |n| {
        n.len() == 2 && n.iter().all(|n| n.state == NotificationState::Failed)
    })
    .await;
    for n in &failed {
        assert_eq!(n.attempts, 3);
        let error = n.last_error.as_deref().unwrap();
        assert!(error.contains("554"), "{error}");
        assert!(n.sent_at.is_none());
    }
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(sink.attempts(), 6, "3 attempts × 2 messages, then no more");
    assert!(sink.received().is_empty());
    let b = host.get_booking(booked.id, None).await.unwrap();
    assert_eq!(b.status, BookingStatus::Confirmed);
    assert_eq!((b.start, b.meeting_url), (booked.start, booked.meeting_url));
    let again = app
        .client()
        .create_booking(&jane(agenda.id, start), None)
        .await;
    assert_eq!(
        again.unwrap_err().status(),
        Some(409),
        "the slot stays booked"
    );
}

/// SIGKILL while the messages are being handed to the mail server: after a restart each is
/// delivered, once, when the dead process's lease has expired.
async fn killed_between_commit_and_delivery_then_sent_once_after_restart(db: Db) {
    let Some(test_db) = test_db(db) else {
        return;
    };
    let stall = Sink::start(0, Mode::Stall).await;
    let lease = [("SMARTCAL_OUTBOX_LEASE_SECONDS", "2")];
    let stall_url = stall.url();
    let first = Server::start(
        &test_db,
        &[&[("SMTP_URL", stall_url.as_str())][..], &lease[..]].concat(),
    )
    .await;
    let (host, agenda) = berlin_host(&first.base).await;
    let key = host
        .create_api_key(&CreateApiKeyRequest {
            name: "test".into(),
        })
        .await
        .unwrap()
        .key;
    let (start, _) = across_us_dst();
    let booked = Client::new(&first.base)
        .unwrap()
        .create_booking(&jane(agenda.id, start), None)
        .await
        .unwrap();
    for _ in 0..200 {
        if stall.data_started() > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(stall.data_started(), 1, "the first message is in flight");
    first.kill().await;
    assert!(stall.received().is_empty());

    let sink = Sink::start(0, Mode::Accept).await;
    let sink_url = sink.url();
    let second = Server::start(
        &test_db,
        &[&[("SMTP_URL", sink_url.as_str())][..], &lease[..]].concat(),
    )
    .await;
    let got = sink.wait_for(2, 20).await;
    assert_eq!(got.len(), 2);
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let mut to: Vec<String> = sink.received().iter().map(|r| parse(r).to).collect();
    assert_eq!(to.len(), 2, "nothing sent twice");
    to.sort();
    to.dedup();
    assert_eq!(to.len(), 2);
    let host = Client::new(&second.base).unwrap().with_api_key(key);
    notifications_when(&host, booked.id, all_sent).await;
}

/// Two processes on one PostgreSQL database deliver every message exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_on_postgres_send_every_message_once() {
    let Some(test_db) = test_db(Db::Postgres) else {
        return;
    };
    let sink = Sink::start(0, Mode::Accept).await;
    let url = sink.url();
    let a = Server::start(&test_db, &[("SMTP_URL", url.as_str())]).await;
    let b = Server::start(&test_db, &[("SMTP_URL", url.as_str())]).await;
    let (host, agenda) = berlin_host(&a.base).await;
    let today = Utc::now().date_naive();
    let slots = host
        .slots(
            agenda.id,
            today + Duration::days(2),
            today + Duration::days(60),
            Some("UTC"),
        )
        .await
        .unwrap()
        .slots;
    assert!(slots.len() >= 20, "enough Wednesday slots");
    let clients = [Client::new(&a.base).unwrap(), Client::new(&b.base).unwrap()];
    let booked = futures::future::join_all(slots.iter().take(20).enumerate().map(|(i, s)| {
        let c = &clients[i % 2];
        let body = guest_booking(agenda.id, s.start, i);
        async move { c.create_booking(&body, None).await.unwrap() }
    }))
    .await;
    for (i, bk) in booked.iter().take(5).enumerate() {
        clients[i % 2]
            .cancel_booking(
                bk.id,
                bk.manage_token.as_deref(),
                &CancelBookingRequest { reason: None },
            )
            .await
            .unwrap();
    }
    let expected = 2 * (20 + 5);
    let got = sink.wait_for(expected, 30).await;
    assert_eq!(got.len(), expected);
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let all = sink.received();
    assert_eq!(all.len(), expected, "no message twice");
    let mut ids: Vec<String> = all.iter().map(|r| parse(r).message_id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), expected);
    for bk in &booked {
        let n = notifications_when(&host, bk.id, all_sent).await;
        assert!(n.iter().all(|n| n.attempts == 1));
    }
}

/// The embedded default: no `SMTP_URL`, so each message is an `.eml` file in the mail folder.
async fn without_smtp_messages_are_eml_files(db: Db) {
    let Some(app) = spawn_with(db, &[]).await else {
        return;
    };
    let (host, agenda) = berlin_host(&app.base).await;
    let (start, _) = across_us_dst();
    let booked = app
        .client()
        .create_booking(&jane(agenda.id, start), None)
        .await
        .unwrap();
    notifications_when(&host, booked.id, all_sent).await;
    let dir = std::path::PathBuf::from(app._db.mail_dir());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "{files:?}");
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.ends_with(".eml") && name.contains("-confirmation-"),
            "{name}"
        );
        let data = std::fs::read(f).unwrap();
        let m = parse(&Received {
            mail_from: String::new(),
            rcpt_to: vec![MessageParser::default()
                .parse(&data)
                .unwrap()
                .to()
                .unwrap()
                .first()
                .unwrap()
                .address()
                .unwrap()
                .to_owned()],
            data,
        });
        assert!(m.text.contains(&booked.meeting_url));
    }
}
