//! The host's meetings (issue 19 item 10), black-box over HTTP on SQLite and PostgreSQL: the
//! `status` filter of `GET /bookings` (and its 422), who cancelled (in the list and in the
//! emails), and `POST /bookings/{id}/request-reschedule` — the guest's email over real SMTP
//! on loopback, its fresh manage link that works (and the old one that no longer does),
//! another host's booking (404), a cancelled one (409), a too long message (422).

use mail_parser::MessageParser;
use smartcal_client::Client;
use smartcal_types::*;
use uuid::Uuid;

mod common;
use common::smtp::{Mode, Sink};
use common::*;

on_both!(
    the_status_filter_lists_one_status_and_says_who_cancelled,
    a_bad_status_is_a_problem_with_a_field_error,
    cancellation_emails_say_who_cancelled,
    request_reschedule_mails_the_guest_a_fresh_link_that_works,
    request_reschedule_refuses_what_it_cannot_ask,
);

/// Books `n` different slots of `agenda` as guests; the bookings (with their manage tokens).
async fn book(app: &TestApp, agenda: Uuid, n: usize) -> Vec<Booking> {
    let guest = app.client();
    let slots = slots_in_days(&guest, agenda, 2, 3).await;
    let mut out = vec![];
    for (i, slot) in slots.iter().step_by(3).take(n).enumerate() {
        out.push(
            guest
                .create_booking(&guest_booking(agenda, slot.start, i), None)
                .await
                .unwrap(),
        );
    }
    assert_eq!(out.len(), n);
    out
}

async fn the_status_filter_lists_one_status_and_says_who_cancelled(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let (host, agenda) = host_with_agenda(&app).await;
    let booked = book(&app, agenda.id, 4).await;
    let guest = app.client();
    host.cancel_booking(
        booked[0].id,
        None,
        &CancelBookingRequest {
            reason: Some("Travelling".into()),
        },
    )
    .await
    .unwrap();
    guest
        .cancel_booking(
            booked[1].id,
            booked[1].manage_token.as_deref(),
            &CancelBookingRequest { reason: None },
        )
        .await
        .unwrap();
    // Another host's cancelled booking never shows up in this host's list.
    let (other, other_agenda) = host_with_agenda(&app).await;
    let theirs = book(&app, other_agenda.id, 1).await;
    other
        .cancel_booking(theirs[0].id, None, &CancelBookingRequest::default())
        .await
        .unwrap();

    let cancelled = host
        .list_bookings_in_status(BookingStatus::Cancelled, None, None, None)
        .await
        .unwrap();
    let ids: Vec<Uuid> = cancelled.items.iter().map(|b| b.id).collect();
    assert_eq!(
        ids,
        [booked[0].id, booked[1].id],
        "soonest first, only these"
    );
    let by_host = &cancelled.items[0];
    assert_eq!(by_host.status, BookingStatus::Cancelled);
    assert_eq!(by_host.cancelled_by, Some(CancelledBy::Host));
    assert_eq!(by_host.cancel_reason.as_deref(), Some("Travelling"));
    assert!(by_host.cancelled_at.is_some());
    assert_eq!(cancelled.items[1].cancelled_by, Some(CancelledBy::Guest));
    assert_eq!(cancelled.items[1].cancel_reason, None);

    let confirmed = host
        .list_bookings_in_status(BookingStatus::Confirmed, None, None, None)
        .await
        .unwrap();
    let ids: Vec<Uuid> = confirmed.items.iter().map(|b| b.id).collect();
    assert_eq!(ids, [booked[2].id, booked[3].id]);
    assert!(confirmed.items.iter().all(|b| b.cancelled_by.is_none()));
    // With a scope: the cancelled bookings that had not ended (all of them here); none past.
    let upcoming = host
        .list_bookings_in_status(
            BookingStatus::Cancelled,
            Some(BookingScope::Upcoming),
            None,
            None,
        )
        .await
        .unwrap();
    assert_eq!(upcoming.items.len(), 2);
    let past = host
        .list_bookings_in_status(
            BookingStatus::Cancelled,
            Some(BookingScope::Past),
            None,
            None,
        )
        .await
        .unwrap();
    assert!(past.items.is_empty());
    // Pages: one at a time, by cursor.
    let first = host
        .list_bookings_in_status(BookingStatus::Cancelled, None, None, Some(1))
        .await
        .unwrap();
    assert_eq!(first.items[0].id, booked[0].id);
    let second = host
        .list_bookings_in_status(
            BookingStatus::Cancelled,
            None,
            first.next_cursor.as_deref(),
            Some(1),
        )
        .await
        .unwrap();
    assert_eq!(second.items[0].id, booked[1].id);
    // Without a status nothing changed: upcoming holds the two that hold their time.
    let plain = host
        .list_bookings(BookingScope::Upcoming, None, None)
        .await
        .unwrap();
    assert_eq!(plain.items.len(), 2);
    // The other host sees their own only.
    let theirs_listed = other
        .list_bookings_in_status(BookingStatus::Cancelled, None, None, None)
        .await
        .unwrap();
    assert_eq!(theirs_listed.items.len(), 1);
    assert_eq!(theirs_listed.items[0].id, theirs[0].id);
}

async fn a_bad_status_is_a_problem_with_a_field_error(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let (host, _) = host_with_agenda(&app).await;
    let key = host
        .create_api_key(&CreateApiKeyRequest {
            name: "list".into(),
        })
        .await
        .unwrap()
        .key;
    let http = reqwest::Client::new();
    for bad in ["cancel", "CANCELLED", "", "held"] {
        let res = http
            .get(app.api("/bookings"))
            .query(&[("status", bad)])
            .bearer_auth(&key)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "status={bad:?}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let problem: Problem = res.json().await.unwrap();
        assert_eq!(problem.errors.len(), 1, "{problem:?}");
        assert_eq!(problem.errors[0].field, "status");
        assert!(
            problem.errors[0]
                .message
                .contains("pending, confirmed, declined, cancelled"),
            "{problem:?}"
        );
    }
    // Every status name is accepted.
    for s in BookingStatus::ALL {
        let res = http
            .get(app.api("/bookings"))
            .query(&[("status", s.as_str())])
            .bearer_auth(&key)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{s:?}");
    }
    // Without credentials: 401, as before.
    let res = http
        .get(app.api("/bookings?status=cancelled"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

async fn cancellation_emails_say_who_cancelled(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let dir = app._db.mail_dir();
    let (host, agenda) = host_with_agenda(&app).await;
    let booked = book(&app, agenda.id, 2).await;
    host.cancel_booking(
        booked[0].id,
        None,
        &CancelBookingRequest {
            reason: Some("Double-booked, sorry".into()),
        },
    )
    .await
    .unwrap();
    let to_guest = wait_for_mails(&dir, "cancellation", "guest", 1).await;
    assert_eq!(to_guest[0].to, "guest0@example.com");
    assert!(
        to_guest[0]
            .text
            .contains("Alex Host (the host) cancelled it."),
        "{}",
        to_guest[0].text
    );
    assert!(to_guest[0].text.contains("Reason: Double-booked, sorry"));

    app.client()
        .cancel_booking(
            booked[1].id,
            booked[1].manage_token.as_deref(),
            &CancelBookingRequest::default(),
        )
        .await
        .unwrap();
    let to_host = wait_for_mails(&dir, "cancellation", "host", 2).await;
    let by_guest = to_host
        .iter()
        .find(|m| m.text.contains("Guest 1"))
        .expect("the host's email about the guest's cancel");
    assert!(
        by_guest.text.contains("Guest 1 (the guest) cancelled it."),
        "{}",
        by_guest.text
    );
    assert!(!by_guest.text.contains("(the host)"));
}

/// The manage token in a manage link `…/booking/{id}?token=…` of an email's text.
fn manage_token(text: &str, id: Uuid) -> String {
    let marker = format!("/booking/{id}?token=");
    let at = text.find(&marker).expect("a manage link") + marker.len();
    text[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

async fn request_reschedule_mails_the_guest_a_fresh_link_that_works(db: Db) {
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
    let (host, agenda) = host_with_agenda(&app).await;
    let booked = book(&app, agenda.id, 1).await.remove(0);
    let old_token = booked.manage_token.clone().unwrap();
    // The confirmation to host and guest first.
    sink.wait_for(2, 20).await;

    let after = host
        .request_reschedule(
            booked.id,
            &RequestRescheduleRequest {
                message: Some("  A clash on my side, sorry!  ".into()),
            },
        )
        .await
        .unwrap();
    // Nothing moved: same time, still confirmed; the host's view lists the new email.
    assert_eq!(after.start, booked.start);
    assert_eq!(after.status, BookingStatus::Confirmed);
    assert!(after.manage_token.is_none() && after.manage_url.is_none());
    let kinds: Vec<(NotificationKind, NotificationRecipient)> = after
        .notifications
        .unwrap()
        .iter()
        .map(|n| (n.kind, n.recipient))
        .collect();
    assert!(
        kinds.contains(&(
            NotificationKind::RescheduleRequest,
            NotificationRecipient::Guest
        )),
        "{kinds:?}"
    );
    assert!(
        !kinds.contains(&(
            NotificationKind::RescheduleRequest,
            NotificationRecipient::Host
        )),
        "only the guest is mailed"
    );

    let got = sink.wait_for(3, 20).await;
    assert_eq!(got.len(), 3, "one more email, to the guest only");
    let mail = MessageParser::default().parse(&got[2].data).unwrap();
    assert_eq!(got[2].rcpt_to, ["guest0@example.com"]);
    assert!(
        mail.subject()
            .unwrap()
            .starts_with("New time requested: Intro call with Alex Host on"),
        "{:?}",
        mail.subject()
    );
    // Line ends as the message's transfer encoding left them (CRLF or LF).
    let text = mail.body_text(0).unwrap().replace("\r\n", "\n");
    assert!(
        text.contains("Alex Host asks you to choose a new time for this meeting."),
        "{text}"
    );
    assert!(
        text.contains("Message from Alex Host:\nA clash on my side, sorry!\n"),
        "{text:?}"
    );
    assert!(text.contains("Choose a new time: https://cal.example.com/booking/"));
    let new_token = manage_token(&text, booked.id);
    assert!(new_token.len() >= 20, "{new_token}");
    assert_ne!(new_token, old_token);

    // The link works; the old one no longer does.
    let guest = app.client();
    let seen = guest
        .get_booking(booked.id, Some(&new_token))
        .await
        .unwrap();
    assert_eq!(seen.start, booked.start);
    assert_eq!(
        status(
            guest
                .get_booking(booked.id, Some(&old_token))
                .await
                .unwrap_err()
        ),
        404
    );
    // The guest moves it with the new link, to a time the reschedule slots offer.
    let today = chrono::Utc::now().date_naive();
    let free = guest
        .slots_to_move(
            agenda.id,
            today + chrono::Duration::days(4),
            today + chrono::Duration::days(5),
            Some("UTC"),
            booked.id,
            Some(&new_token),
        )
        .await
        .unwrap();
    let to = free.slots.first().expect("a free time").start;
    let moved = guest
        .reschedule_booking(
            booked.id,
            Some(&new_token),
            &RescheduleBookingRequest { start: to },
        )
        .await
        .unwrap();
    assert_eq!(moved.start, to);
    // The reschedule emails to both carry the same working link.
    let got = sink.wait_for(5, 20).await;
    let guest_mail = got[3..]
        .iter()
        .find(|r| r.rcpt_to == ["guest0@example.com"])
        .expect("the guest's reschedule email");
    let text = MessageParser::default()
        .parse(&guest_mail.data)
        .unwrap()
        .body_text(0)
        .unwrap()
        .into_owned();
    assert_eq!(manage_token(&text, booked.id), new_token);
}

async fn request_reschedule_refuses_what_it_cannot_ask(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let dir = app._db.mail_dir();
    let (host, agenda) = host_with_agenda(&app).await;
    let booked = book(&app, agenda.id, 2).await;
    let ask = |c: &Client, id: Uuid, message: Option<String>| {
        let c = c.clone();
        async move {
            c.request_reschedule(id, &RequestRescheduleRequest { message })
                .await
        }
    };

    // Another host: the same 404 as an unknown booking; the guest is not mailed.
    let (other, _) = host_with_agenda(&app).await;
    assert_eq!(
        status(ask(&other, booked[0].id, None).await.unwrap_err()),
        404
    );
    assert_eq!(
        status(ask(&host, Uuid::new_v4(), None).await.unwrap_err()),
        404
    );
    // Not logged in: 401.
    assert_eq!(
        status(ask(&app.client(), booked[0].id, None).await.unwrap_err()),
        401
    );
    // Too long a message: 422 with the field, nothing sent, the guest's link unchanged.
    let err = ask(&host, booked[0].id, Some("x".repeat(2001)))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(422));
    let problem = err.problem().expect("a problem");
    assert_eq!(problem.errors[0].field, "message");
    app.client()
        .get_booking(booked[0].id, booked[0].manage_token.as_deref())
        .await
        .expect("the old link still works after a refused request");

    // A cancelled booking: 409, and its guest link stays as it was.
    host.cancel_booking(booked[1].id, None, &CancelBookingRequest::default())
        .await
        .unwrap();
    let err = ask(&host, booked[1].id, None).await.unwrap_err();
    assert_eq!(err.status(), Some(409));
    assert!(
        err.problem()
            .and_then(|p| p.detail.clone())
            .unwrap_or_default()
            .contains("cancelled"),
        "{err:?}"
    );
    app.client()
        .get_booking(booked[1].id, booked[1].manage_token.as_deref())
        .await
        .expect("a refused request rotates nothing");

    // Three requests an hour at most: the fourth is a 429 with Retry-After.
    for _ in 0..3 {
        ask(&host, booked[0].id, None).await.unwrap();
    }
    let err = ask(&host, booked[0].id, None).await.unwrap_err();
    assert_eq!(status(err), 429);
    let sent = wait_for_mails(&dir, "reschedule_request", "guest", 3).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        written_mails(&dir, "reschedule_request", "guest").len(),
        3,
        "{sent:?}"
    );
    assert!(written_mails(&dir, "reschedule_request", "host").is_empty());
}
