//! Requires confirmation (SPEC §9): a booking on such an agenda is a `pending` request that
//! holds its time; the host confirms or declines it (signed in, or through the decide link of
//! the request email), and a request still pending at its start is declined automatically.
//! Black-box: the real app on a random port, on SQLite and PostgreSQL.

mod common;

use std::time::Duration;

use common::receiver::{Answer, Receiver};
use common::*;
use futures::future::join_all;
use smartcal_client::Client;
use smartcal_types::*;

on_both!(
    a_request_holds_its_time_until_the_host_confirms_it,
    racing_requests_and_confirms_confirm_one_booking_once,
    a_declined_request_frees_its_time_and_tells_the_guest_why,
    a_request_still_pending_at_its_start_is_declined_and_the_guest_told,
    only_the_host_or_the_decide_link_decides,
    requests_count_towards_the_weekly_limit_until_declined,
    upcoming_pages_interleave_requests_and_confirmed_bookings_in_time_order,
);

/// A host whose agenda requires confirmation; (host client, agenda).
async fn host_asking_first(app: &TestApp) -> (Client, Agenda) {
    let (host, agenda) = host_with_agenda(app).await;
    let agenda = host
        .update_agenda(
            agenda.id,
            &UpdateAgendaRequest {
                requires_confirmation: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(agenda.requires_confirmation);
    (host, agenda)
}

/// The decide link's path and token from the host's request email.
fn decide_link(text: &str) -> (String, String) {
    let at = text
        .find("/decide/")
        .expect("a decide link in the host's email");
    let link: String = text[at..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let token = link.split_once("?token=").expect("a token").1.to_owned();
    (link, token)
}

async fn a_request_holds_its_time_until_the_host_confirms_it(db: Db) {
    let receiver = Receiver::start(vec![Answer::Status(200)]).await;
    let Some(app) = spawn(db).await else {
        return;
    };
    let (host, agenda) = host_asking_first(&app).await;
    host.create_webhook(&CreateWebhookRequest {
        url: receiver.url("/hook"),
        events: None,
        description: None,
    })
    .await
    .unwrap();
    let slot = first_slot(&host, agenda.id).await;
    let guest = app.client();
    let request = guest
        .create_booking(&guest_booking(agenda.id, slot.start, 1), None)
        .await
        .unwrap();
    assert_eq!(request.status, BookingStatus::Pending);

    // It holds its time: the slot is gone and a second guest is refused.
    let free = slots_in_days(&guest, agenda.id, 2, 3).await;
    assert!(free.iter().all(|s| s.start != slot.start));
    let second = guest
        .create_booking(&guest_booking(agenda.id, slot.start, 2), None)
        .await
        .unwrap_err();
    assert_eq!(status(second), 409);

    // The guest hears it was received, without a meeting link or invitation; the host gets
    // the decide link.
    let dir = app._db.mail_dir();
    let to_guest = wait_for_mails(&dir, "request", "guest", 1).await;
    assert!(
        to_guest[0].subject.starts_with("Request received:"),
        "{}",
        to_guest[0].subject
    );
    assert!(
        !to_guest[0].text.contains(&request.meeting_url),
        "{}",
        to_guest[0].text
    );
    assert!(!to_guest[0].has_invitation);
    let to_host = wait_for_mails(&dir, "request", "host", 1).await;
    assert!(
        to_host[0].subject.starts_with("New request:"),
        "{}",
        to_host[0].subject
    );
    let (link, token) = decide_link(&to_host[0].text);
    assert!(
        link.starts_with(&format!("/decide/{}?token=", request.id)),
        "{link}"
    );

    // Opening the link reads the request and decides nothing (mail scanners open links).
    let anyone = app.client();
    let seen = anyone.get_booking(request.id, Some(&token)).await.unwrap();
    assert_eq!(seen.status, BookingStatus::Pending);
    assert_eq!(seen.guest_name, "Guest 1");
    assert!(
        seen.notifications.is_none(),
        "only the signed-in host sees deliveries"
    );
    assert!(anyone.get_booking(request.id, Some(&token)).await.is_ok());
    assert_eq!(
        host.get_booking(request.id, None).await.unwrap().status,
        BookingStatus::Pending
    );

    let confirmed = anyone
        .confirm_booking(request.id, Some(&token))
        .await
        .unwrap();
    assert_eq!(confirmed.status, BookingStatus::Confirmed);
    assert!(confirmed.decided_at.is_some());
    // The link decided once: it stops working.
    assert_eq!(
        status(
            anyone
                .get_booking(request.id, Some(&token))
                .await
                .unwrap_err()
        ),
        404
    );

    // Now both get the normal confirmation, with the meeting link and the invitation.
    for side in ["guest", "host"] {
        let mail = &wait_for_mails(&dir, "confirmation", side, 1).await[0];
        assert!(mail.subject.starts_with("Confirmed:"), "{}", mail.subject);
        assert!(mail.text.contains("Join: "), "{}", mail.text);
        assert!(mail.has_invitation);
    }
    // The slot stays taken.
    let free = slots_in_days(&guest, agenda.id, 2, 3).await;
    assert!(free.iter().all(|s| s.start != slot.start));

    // Webhooks: requested, then confirmed.
    let got = receiver
        .wait_until(20, |r| r.len() >= 2)
        .await
        .iter()
        .map(|r| {
            serde_json::from_str::<WebhookPayload>(&r.body)
                .unwrap()
                .event
        })
        .collect::<Vec<_>>();
    assert_eq!(
        got,
        [
            WebhookEvent::BookingRequested,
            WebhookEvent::BookingConfirmed
        ]
    );
}

async fn racing_requests_and_confirms_confirm_one_booking_once(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (host, agenda) = host_asking_first(&app).await;
    let slot = first_slot(&host, agenda.id).await;
    // Twenty guests request one time at once: one request is made, the rest hear it is taken.
    let requests = join_all((0..20).map(|n| {
        let guest = app.client();
        let body = guest_booking(agenda.id, slot.start, n);
        async move { guest.create_booking(&body, None).await }
    }))
    .await;
    let codes: Vec<u16> = requests
        .iter()
        .map(|r| r.as_ref().map_or_else(|e| e.status().unwrap_or(0), |_| 201))
        .collect();
    assert_eq!(tally(&codes), (1, 19), "{codes:?}");
    let request = requests.into_iter().find_map(Result::ok).unwrap();
    assert_eq!(request.status, BookingStatus::Pending);

    // Twenty confirms of it at once: one wins, the rest are told it is decided.
    let confirms = join_all((0..20).map(|_| {
        let host = host.clone();
        async move { host.confirm_booking(request.id, None).await }
    }))
    .await;
    let won = confirms.iter().filter(|r| r.is_ok()).count();
    let refused: Vec<u16> = confirms
        .into_iter()
        .filter_map(|r| r.err().map(status))
        .collect();
    assert_eq!(won, 1);
    assert!(refused.iter().all(|&c| c == 409), "{refused:?}");

    // One confirmation per side, delivered; nothing else queued by the losers.
    let sent = notifications_when(&host, request.id, |n| n.len() == 4 && all_sent(n)).await;
    let count = |kind, to| {
        sent.iter()
            .filter(|n| n.kind == kind && n.recipient == to)
            .count()
    };
    assert_eq!(
        count(NotificationKind::Confirmation, NotificationRecipient::Host),
        1
    );
    assert_eq!(
        count(NotificationKind::Confirmation, NotificationRecipient::Guest),
        1
    );
    assert_eq!(
        count(NotificationKind::Request, NotificationRecipient::Host),
        1
    );
    assert_eq!(
        count(NotificationKind::Request, NotificationRecipient::Guest),
        1
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let dir = app._db.mail_dir();
    assert_eq!(written_mails(&dir, "confirmation", "guest").len(), 1);
    assert_eq!(written_mails(&dir, "confirmation", "host").len(), 1);
}

async fn a_declined_request_frees_its_time_and_tells_the_guest_why(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (host, agenda) = host_asking_first(&app).await;
    let slot = first_slot(&host, agenda.id).await;
    let guest = app.client();
    let request = guest
        .create_booking(&guest_booking(agenda.id, slot.start, 1), None)
        .await
        .unwrap();
    let declined = host
        .decline_booking(
            request.id,
            None,
            &DeclineBookingRequest {
                reason: Some("I am travelling that week".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(declined.status, BookingStatus::Declined);
    assert_eq!(
        declined.decline_reason.as_deref(),
        Some("I am travelling that week")
    );
    // Deciding again, or cancelling, is refused: it is settled.
    assert_eq!(
        status(host.confirm_booking(request.id, None).await.unwrap_err()),
        409
    );
    let cancel = host
        .cancel_booking(request.id, None, &CancelBookingRequest::default())
        .await
        .unwrap_err();
    assert_eq!(status(cancel), 409);

    // The guest is told, with the reason; the host, who decided, is not mailed.
    let dir = app._db.mail_dir();
    let told = &wait_for_mails(&dir, "decline", "guest", 1).await[0];
    assert!(told.subject.starts_with("Declined:"), "{}", told.subject);
    assert!(
        told.text.contains("I am travelling that week"),
        "{}",
        told.text
    );
    assert!(!told.text.contains("Join: "));
    notifications_when(&host, request.id, |n| n.len() == 3 && all_sent(n)).await;
    assert!(written_mails(&dir, "decline", "host").is_empty());

    // The time is free again: listed, and bookable by someone else.
    let free = slots_in_days(&guest, agenda.id, 2, 3).await;
    assert!(free.iter().any(|s| s.start == slot.start));
    let next = guest
        .create_booking(&guest_booking(agenda.id, slot.start, 2), None)
        .await
        .unwrap();
    assert_eq!(next.status, BookingStatus::Pending);
}

async fn a_request_still_pending_at_its_start_is_declined_and_the_guest_told(db: Db) {
    let Some(test_db) = test_db(db) else {
        return;
    };
    let today = Server::start(&test_db, &[]).await;
    let host = Client::new(&today.base).unwrap();
    host.signup(&signup_body("host@example.com")).await.unwrap();
    let agenda = host
        .create_agenda(&agenda_body("Intro call"))
        .await
        .unwrap();
    host.update_agenda(
        agenda.id,
        &UpdateAgendaRequest {
            requires_confirmation: Some(true),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let slot = first_slot(&host, agenda.id).await;
    let request = host
        .create_booking(&guest_booking(agenda.id, slot.start, 1), None)
        .await
        .unwrap();
    // Another request whose start is a day later stays pending.
    let later = host
        .create_booking(
            &guest_booking(agenda.id, slot.start + chrono::Duration::days(1), 2),
            None,
        )
        .await
        .unwrap();
    today.stop().await;

    // The same database, run by a process whose clock is past the first start.
    let past_start = (slot.start - chrono::Utc::now()).num_seconds() + 60;
    let offset = past_start.to_string();
    let then = Server::start(&test_db, &[("SMARTCAL_CLOCK_OFFSET_SECONDS", &offset)]).await;
    let host = Client::new(&then.base).unwrap();
    host.login(&LoginRequest {
        email: "host@example.com".into(),
        password: "correct horse battery".into(),
    })
    .await
    .unwrap();
    let mut declined = None;
    for _ in 0..400 {
        let b = host.get_booking(request.id, None).await.unwrap();
        if b.status == BookingStatus::Declined {
            declined = Some(b);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let declined = declined.expect("declined within 20 s of its start");
    assert!(declined.decline_reason.unwrap().contains("did not confirm"));
    let told = &wait_for_mails(&test_db.mail_dir(), "decline", "guest", 1).await[0];
    assert!(told.text.contains("did not confirm"), "{}", told.text);
    assert_eq!(
        host.get_booking(later.id, None).await.unwrap().status,
        BookingStatus::Pending
    );
    // Exactly once, however many rounds the job runs.
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(
        written_mails(&test_db.mail_dir(), "decline", "guest").len(),
        1
    );
}

async fn only_the_host_or_the_decide_link_decides(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (host, agenda) = host_asking_first(&app).await;
    let slot = first_slot(&host, agenda.id).await;
    let guest = app.client();
    let request = guest
        .create_booking(&guest_booking(agenda.id, slot.start, 1), None)
        .await
        .unwrap();
    let manage = request.manage_token.clone().unwrap();
    // The guest's own token reads the request but cannot confirm it.
    assert_eq!(
        guest
            .get_booking(request.id, Some(&manage))
            .await
            .unwrap()
            .status,
        BookingStatus::Pending
    );
    let by_guest = guest
        .confirm_booking(request.id, Some(&manage))
        .await
        .unwrap_err();
    assert_eq!(status(by_guest), 404);
    // Nor can another host, or a made-up token.
    let other = app.client();
    other
        .signup(&signup_body("other@example.com"))
        .await
        .unwrap();
    assert_eq!(
        status(other.confirm_booking(request.id, None).await.unwrap_err()),
        404
    );
    let made_up = app.client().confirm_booking(request.id, Some("nope")).await;
    assert_eq!(status(made_up.unwrap_err()), 404);
    // A pending request has no meeting to join yet.
    let join = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}/j/{}?token={manage}", app.base, request.id))
        .send()
        .await
        .unwrap();
    assert_eq!(join.status().as_u16(), 409);
    // Nor can it move before the host said yes (its emails would carry the link).
    let moved = guest
        .reschedule_booking(
            request.id,
            Some(&manage),
            &RescheduleBookingRequest {
                start: slot.start + chrono::Duration::hours(1),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(status(moved), 409);
    // The guest may withdraw it: the time is free again.
    let withdrawn = guest
        .cancel_booking(request.id, Some(&manage), &CancelBookingRequest::default())
        .await
        .unwrap();
    assert_eq!(withdrawn.status, BookingStatus::Cancelled);
    assert_eq!(
        status(host.confirm_booking(request.id, None).await.unwrap_err()),
        409
    );
    assert!(written_mails(&app._db.mail_dir(), "confirmation", "guest").is_empty());
    let still = host.get_booking(request.id, None).await.unwrap();
    assert_eq!(still.status, BookingStatus::Cancelled);
}

async fn requests_count_towards_the_weekly_limit_until_declined(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (host, agenda) = host_asking_first(&app).await;
    host.update_agenda(
        agenda.id,
        &UpdateAgendaRequest {
            max_bookings_per_week: Some(Some(1)),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    // Two slots of one local week (UTC, Monday first), a day apart.
    let mut week = slots_in_days(&host, agenda.id, 7, 13).await;
    use chrono::Datelike;
    let monday = week[0].start.iso_week();
    week.retain(|s| s.start.iso_week() == monday);
    let (first, other) = (week[0].start, week[week.len() - 1].start);
    assert!(
        other - first >= chrono::Duration::hours(12),
        "{first} {other}"
    );
    let guest = app.client();
    let request = guest
        .create_booking(&guest_booking(agenda.id, first, 1), None)
        .await
        .unwrap();
    assert_eq!(request.status, BookingStatus::Pending);
    // The pending request uses up the week.
    let refused = guest
        .create_booking(&guest_booking(agenda.id, other, 2), None)
        .await
        .unwrap_err();
    assert_eq!(status(refused), 409);
    let today = chrono::Utc::now().date_naive();
    let free = guest
        .slots(
            agenda.id,
            first.date_naive(),
            other.date_naive(),
            Some("UTC"),
        )
        .await
        .unwrap()
        .slots;
    assert!(free.is_empty(), "the week is full: {} slots", free.len());
    assert!(first.date_naive() > today);
    // Declined, it frees the week again.
    host.decline_booking(request.id, None, &DeclineBookingRequest::default())
        .await
        .unwrap();
    let booked = guest
        .create_booking(&guest_booking(agenda.id, other, 2), None)
        .await
        .unwrap();
    assert_eq!(booked.status, BookingStatus::Pending);
}

/// The host's upcoming list reads requests and confirmed bookings as two index-ordered pages
/// and merges them: every page is in time order, and paging neither skips nor repeats one.
async fn upcoming_pages_interleave_requests_and_confirmed_bookings_in_time_order(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (host, asking) = host_asking_first(&app).await;
    let direct = host
        .create_agenda(&CreateAgendaRequest {
            slug: Some("direct".into()),
            ..agenda_body("Direct call")
        })
        .await
        .unwrap();
    let slots = slots_in_days(&host, asking.id, 2, 2).await;
    let guest = app.client();
    let mut made = vec![];
    for (n, slot) in slots.iter().step_by(2).take(7).enumerate() {
        let agenda = if n % 2 == 0 { asking.id } else { direct.id };
        let b = guest
            .create_booking(&guest_booking(agenda, slot.start, n), None)
            .await
            .unwrap();
        made.push((b.start, b.id, b.status));
    }
    assert!(made.iter().any(|m| m.2 == BookingStatus::Pending));
    assert!(made.iter().any(|m| m.2 == BookingStatus::Confirmed));
    let mut listed = vec![];
    let mut cursor = None;
    loop {
        let page = host
            .list_bookings(BookingScope::Upcoming, cursor.as_deref(), Some(2))
            .await
            .unwrap();
        assert!(page.items.len() <= 2);
        listed.extend(page.items.iter().map(|b| (b.start, b.id, b.status)));
        cursor = page.next_cursor;
        if cursor.is_none() {
            break;
        }
    }
    made.sort_by_key(|m| (m.0, m.1));
    assert_eq!(listed, made);
}
