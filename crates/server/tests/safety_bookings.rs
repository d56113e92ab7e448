//! Issue 13, the booking side: unmailable addresses (finding 8), emails on demand (10), bidi
//! spoofing (11), booking ids and `Idempotency-Key`s that leak (12), and erasing a guest's
//! data (SPEC §14). Each test runs on SQLite and PostgreSQL.

use chrono::{Duration, Utc};
use diesel::RunQueryDsl;
use smartcal_db::outbox::{self, Channel, OutboxState};
use smartcal_db::DbConn;
use smartcal_types::*;
use uuid::Uuid;

mod common;
use common::*;

on_both!(
    unmailable_addresses_are_refused_with_a_field_error,
    a_bad_address_on_one_side_never_holds_back_the_other_sides_email,
    booking_ids_answer_404_to_everyone_without_rights,
    anonymous_idempotency_keys_never_replay_to_another_request,
    a_no_op_reschedule_is_refused_and_mails_nobody,
    guest_changes_are_limited_per_booking,
    bidi_controls_are_dropped_from_free_text,
    erase_replaces_the_guests_data_and_the_stored_emails,
    erase_removes_the_mail_folders_copies,
    erase_refuses_a_meeting_still_to_come,
);

/// A pooled connection to the test's own database, to look behind the API.
fn db(app: &TestApp) -> smartcal_db::PooledConn {
    smartcal_db::connect(&app._db.url, &smartcal_db::PoolOptions::default())
        .unwrap()
        .get()
        .unwrap()
}

fn sql(c: &mut DbConn, statement: &str) {
    diesel::sql_query(statement).execute(c).unwrap();
}

/// The raw answer of a request (status, `Retry-After`, content type, body).
async fn raw(
    method: reqwest::Method,
    url: &str,
    body: Option<serde_json::Value>,
) -> (u16, Option<String>, String, String) {
    let mut rb = reqwest::Client::new().request(method, url);
    if let Some(b) = body {
        rb = rb.json(&b);
    }
    let res = rb.send().await.unwrap();
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let retry_after = header("retry-after");
    let content_type = header("content-type").unwrap_or_default();
    let status = res.status().as_u16();
    (status, retry_after, content_type, res.text().await.unwrap())
}

/// The one field error of a 422.
fn field_of(e: smartcal_client::ClientError) -> String {
    assert_eq!(e.status(), Some(422), "{e}");
    let p = e.problem().expect("a problem document");
    assert_eq!(p.errors.len(), 1, "{p:?}");
    p.errors[0].field.clone()
}

async fn unmailable_addresses_are_refused_with_a_field_error(db_kind: Db) {
    let Some(app) = spawn(db_kind).await else {
        return;
    };
    let (host, agenda) = host_with_agenda(&app).await;
    let guest = app.client();
    let slot = first_slot(&guest, agenda.id).await;
    for bad in [
        "a:b@example.com",
        "a..b@example.com",
        ".a@example.com",
        "a@-x.com",
        "a..b@x",
        ".a@x",
    ] {
        let mut body = guest_booking(agenda.id, slot.start, 1);
        body.guest_email = bad.into();
        let e = guest.create_booking(&body, None).await.unwrap_err();
        assert_eq!(field_of(e), "guest_email", "{bad}");
        let mut signup = signup_body(bad);
        signup.name = "Someone".into();
        let e = app.client().signup(&signup).await.unwrap_err();
        assert_eq!(field_of(e), "email", "{bad}");
    }
    assert!(all_bookings(&host).await.is_empty(), "nothing was booked");
    // An ordinary address still books.
    guest
        .create_booking(&guest_booking(agenda.id, slot.start, 1), None)
        .await
        .unwrap();
}

async fn a_bad_address_on_one_side_never_holds_back_the_other_sides_email(db_kind: Db) {
    let Some(app) = spawn(db_kind).await else {
        return;
    };
    let (host, agenda) = host_with_agenda(&app).await;
    let slot = first_slot(&host, agenda.id).await;
    let booked = app
        .client()
        .create_booking(&guest_booking(agenda.id, slot.start, 1), None)
        .await
        .unwrap();
    notifications_when(&host, booked.id, all_sent).await;
    // An address stored before addresses were checked with the mailer's parser.
    let mut c = db(&app);
    sql(
        &mut c,
        &format!(
            "UPDATE bookings SET guest_email = 'a:b@example.com' WHERE id = '{}'",
            booked.id
        ),
    );
    host.cancel_booking(booked.id, None, &Default::default())
        .await
        .unwrap();
    // The host's email leaves (without the unusable Reply-To); the guest's fails at once
    // instead of waiting for retries that cannot succeed.
    let n = notifications_when(&host, booked.id, |n| {
        n.iter()
            .filter(|n| n.kind == NotificationKind::Cancellation)
            .all(|n| n.state != NotificationState::Pending)
            && n.len() == 4
    })
    .await;
    let of = |r: NotificationRecipient| {
        n.iter()
            .find(|n| n.kind == NotificationKind::Cancellation && n.recipient == r)
            .unwrap()
            .clone()
    };
    assert_eq!(
        of(NotificationRecipient::Host).state,
        NotificationState::Sent
    );
    let guest_mail = of(NotificationRecipient::Guest);
    assert_eq!(guest_mail.state, NotificationState::Failed);
    assert_eq!(
        guest_mail.attempts, 1,
        "no retry of a message that cannot be built"
    );
    assert!(
        guest_mail
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("a:b@example.com")),
        "{guest_mail:?}"
    );
    let dir = std::path::PathBuf::from(app._db.mail_dir());
    let host_file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.contains("-cancellation-host-")
        })
        .expect("the host's cancellation was written");
    let text = std::fs::read_to_string(host_file).unwrap();
    assert!(!text.contains("Reply-To"), "{text}");
}

async fn booking_ids_answer_404_to_everyone_without_rights(db_kind: Db) {
    let Some(app) = spawn(db_kind).await else {
        return;
    };
    let (_host, agenda) = host_with_agenda(&app).await;
    let slot = first_slot(&app.client(), agenda.id).await;
    let booked = app
        .client()
        .create_booking(&guest_booking(agenda.id, slot.start, 1), None)
        .await
        .unwrap();
    let (other_host, _) = host_with_agenda(&app).await;
    let later = slot.start + Duration::minutes(30);
    let anonymous = app.client();
    for (who, client, token) in [
        ("nobody", &anonymous, None),
        ("a wrong token", &anonymous, Some("wrong")),
        ("another host", &other_host, None),
    ] {
        for id in [booked.id, Uuid::new_v4()] {
            let codes = [
                status(client.get_booking(id, token).await.unwrap_err()),
                status(
                    client
                        .cancel_booking(id, token, &Default::default())
                        .await
                        .unwrap_err(),
                ),
                status(
                    client
                        .reschedule_booking(id, token, &RescheduleBookingRequest { start: later })
                        .await
                        .unwrap_err(),
                ),
                status(client.booking_ics(id, token).await.unwrap_err()),
            ];
            assert_eq!(codes, [404; 4], "{who}, {id}");
        }
    }
    // Erase is the host's alone: another host gets the unknown id's 404.
    for id in [booked.id, Uuid::new_v4()] {
        assert_eq!(status(other_host.erase_booking(id).await.unwrap_err()), 404);
    }
    // Methods the path does not have answer the same for known and unknown ids.
    for method in [reqwest::Method::PATCH, reqwest::Method::DELETE] {
        let known = raw(
            method.clone(),
            &app.api(&format!("/bookings/{}", booked.id)),
            None,
        )
        .await;
        let unknown = raw(
            method,
            &app.api(&format!("/bookings/{}", Uuid::new_v4())),
            None,
        )
        .await;
        assert_eq!(known.0, unknown.0);
    }
}

async fn anonymous_idempotency_keys_never_replay_to_another_request(db_kind: Db) {
    let Some(app) = spawn(db_kind).await else {
        return;
    };
    let (host, agenda) = host_with_agenda(&app).await;
    let slot = first_slot(&host, agenda.id).await;
    let alice = app.client();
    let mallory = app.client();
    let mine = guest_booking(agenda.id, slot.start, 1);
    let first = alice.create_booking(&mine, Some("k-1")).await.unwrap();
    // A retry of the same request is the same answer.
    assert_eq!(
        alice.create_booking(&mine, Some("k-1")).await.unwrap(),
        first
    );
    // Someone else using the key for their own request gets their own booking, never the
    // first one's manage token, and no hint that the key was used.
    let theirs = guest_booking(agenda.id, slot.start + Duration::minutes(30), 2);
    let second = mallory.create_booking(&theirs, Some("k-1")).await.unwrap();
    assert_ne!(second.id, first.id);
    assert_ne!(second.manage_token, first.manage_token);
    assert_eq!(second.guest_email, "guest2@example.com");
    // Their retry replays their own answer.
    assert_eq!(
        mallory.create_booking(&theirs, Some("k-1")).await.unwrap(),
        second
    );
    // A host's (or integrator's) keys are theirs: reused with another body, a 422.
    let by_host = guest_booking(agenda.id, slot.start + Duration::minutes(60), 3);
    let hosted = host.create_booking(&by_host, Some("k-1")).await.unwrap();
    assert_ne!(hosted.id, first.id);
    let other = guest_booking(agenda.id, slot.start + Duration::minutes(90), 4);
    assert_eq!(
        status(host.create_booking(&other, Some("k-1")).await.unwrap_err()),
        422
    );
    assert_eq!(all_bookings(&host).await.len(), 3);
}

async fn a_no_op_reschedule_is_refused_and_mails_nobody(db_kind: Db) {
    let Some(app) = spawn(db_kind).await else {
        return;
    };
    let (host, agenda) = host_with_agenda(&app).await;
    let guest = app.client();
    let slot = first_slot(&guest, agenda.id).await;
    let booked = guest
        .create_booking(&guest_booking(agenda.id, slot.start, 1), None)
        .await
        .unwrap();
    let token = booked.manage_token.clone().unwrap();
    let same = RescheduleBookingRequest { start: slot.start };
    for (client, token) in [(&guest, Some(token.as_str())), (&host, None)] {
        let e = client
            .reschedule_booking(booked.id, token, &same)
            .await
            .unwrap_err();
        assert_eq!(field_of(e), "start");
    }
    let after = host.get_booking(booked.id, None).await.unwrap();
    assert_eq!(after.sequence, 0);
    assert_eq!(
        after.notifications.unwrap().len(),
        2,
        "only the confirmations"
    );
}

async fn guest_changes_are_limited_per_booking(db_kind: Db) {
    let Some(app) = spawn(db_kind).await else {
        return;
    };
    let (host, agenda) = host_with_agenda(&app).await;
    let guest = app.client();
    let slots = slots_in_days(&guest, agenda.id, 3, 3).await;
    let booked = guest
        .create_booking(&guest_booking(agenda.id, slots[0].start, 1), None)
        .await
        .unwrap();
    let token = booked.manage_token.clone().unwrap();
    for s in &slots[1..=5] {
        guest
            .reschedule_booking(
                booked.id,
                Some(&token),
                &RescheduleBookingRequest { start: s.start },
            )
            .await
            .unwrap();
    }
    let url = app.api(&format!("/bookings/{}/reschedule?token={token}", booked.id));
    let (code, retry_after, content_type, body) = raw(
        reqwest::Method::POST,
        &url,
        Some(serde_json::json!({ "start": slots[6].start })),
    )
    .await;
    assert_eq!(code, 429, "{body}");
    assert!(content_type.starts_with("application/problem+json"));
    let wait: u64 = retry_after.expect("Retry-After").parse().unwrap();
    assert!((1..=3600).contains(&wait), "{wait}");
    let now = host.get_booking(booked.id, None).await.unwrap();
    assert_eq!((now.start, now.sequence), (slots[5].start, 5), "unchanged");
    assert_eq!(
        now.notifications.unwrap().len(),
        12,
        "no emails for the refused change"
    );
    // The host is not limited by the guest's changes.
    host.reschedule_booking(
        booked.id,
        None,
        &RescheduleBookingRequest {
            start: slots[6].start,
        },
    )
    .await
    .unwrap();
}

async fn bidi_controls_are_dropped_from_free_text(db_kind: Db) {
    let Some(app) = spawn(db_kind).await else {
        return;
    };
    let host = app.client();
    let mut signup = signup_body("bidi@example.com");
    signup.name = "Alex\u{200F} Host".into();
    assert_eq!(host.signup(&signup).await.unwrap().name, "Alex Host");
    let mut agenda = agenda_body("Intro \u{202B}call\u{202C}");
    agenda.description = Some("Bring \u{2066}notes\u{2069}".into());
    let agenda = host.create_agenda(&agenda).await.unwrap();
    assert_eq!(agenda.title, "Intro call");
    assert_eq!(agenda.description, "Bring notes");
    let slot = first_slot(&host, agenda.id).await;
    let mut body = guest_booking(agenda.id, slot.start, 1);
    body.guest_name = "Eve \u{202E}gpj.exe\u{202C}".into();
    body.notes = Some("see\u{061C} you\u{200E}".into());
    let booked = app.client().create_booking(&body, None).await.unwrap();
    assert_eq!(booked.guest_name, "Eve gpj.exe");
    assert_eq!(booked.notes, "see you");
    let stored = host.get_booking(booked.id, None).await.unwrap();
    assert_eq!(
        (stored.guest_name, stored.notes),
        (booked.guest_name, booked.notes)
    );
    // A name of nothing but controls is empty.
    let mut body = guest_booking(agenda.id, slot.start + Duration::minutes(30), 2);
    body.guest_name = "\u{202E}\u{2066}".into();
    let e = app.client().create_booking(&body, None).await.unwrap_err();
    assert_eq!(field_of(e), "guest_name");
}

/// The stored emails and webhook events of a booking.
fn stored(c: &mut DbConn, id: Uuid) -> Vec<outbox::OutboxRow> {
    outbox::of_booking(c, &id.to_string()).unwrap()
}

async fn erase_replaces_the_guests_data_and_the_stored_emails(db_kind: Db) {
    // Mail cannot leave (nothing listens on this port), so emails wait with their copies.
    let smtp = format!("smtp://127.0.0.1:{}", free_port());
    let Some(app) = spawn_with(
        db_kind,
        &[
            ("SMTP_URL", &smtp),
            ("SMARTCAL_OUTBOX_RETRY_BASE_MS", "600000"),
        ],
    )
    .await
    else {
        return;
    };
    let (host, agenda) = host_with_agenda(&app).await;
    host.create_webhook(&CreateWebhookRequest {
        url: "https://hooks.example.com/smartcal".into(),
        events: None,
        description: None,
    })
    .await
    .unwrap();
    let guest = app.client();
    let slots = slots_in_days(&guest, agenda.id, 3, 3).await;
    let mut body = guest_booking(agenda.id, slots[0].start, 1);
    body.guest_name = "Jane Private".into();
    body.guest_email = "jane.private@example.org".into();
    body.notes = Some("my phone is 555-0100".into());
    let cancelled = guest
        .create_booking(&body, Some("erase-key"))
        .await
        .unwrap();
    let token = cancelled.manage_token.clone().unwrap();
    guest
        .cancel_booking(
            cancelled.id,
            Some(&token),
            &CancelBookingRequest {
                reason: Some("Jane is ill".into()),
            },
        )
        .await
        .unwrap();
    let past = guest
        .create_booking(&guest_booking(agenda.id, slots[1].start, 2), None)
        .await
        .unwrap();
    let mut c = db(&app);
    let (start, end) = (
        (Utc::now() - Duration::days(2)).timestamp(),
        (Utc::now() - Duration::days(2) + Duration::minutes(30)).timestamp(),
    );
    sql(
        &mut c,
        &format!(
            "UPDATE bookings SET start_at = {start}, end_at = {end} WHERE id = '{}'",
            past.id
        ),
    );
    let before = stored(&mut c, cancelled.id);
    assert!(before
        .iter()
        .any(|r| r.payload.contains("jane.private@example.org")));

    for id in [cancelled.id, past.id] {
        let erased = host.erase_booking(id).await.unwrap();
        assert_eq!(erased.guest_name, "Erased guest");
        assert_eq!(erased.guest_email, ERASED_GUEST_EMAIL);
        assert_eq!(
            (erased.notes.as_str(), erased.cancel_reason.as_deref()),
            ("", None)
        );
        // Idempotent.
        let again = host.erase_booking(id).await.unwrap();
        assert_eq!(
            (again.guest_name, again.guest_email),
            (erased.guest_name, erased.guest_email)
        );
        let rows = stored(&mut c, id);
        assert!(!rows.is_empty());
        for r in &rows {
            for secret in [
                "Jane",
                "jane.private",
                "555-0100",
                "guest2@example.com",
                "Guest 2",
            ] {
                assert!(!r.payload.contains(secret), "{secret} in {r:?}");
            }
            match r.channel {
                Channel::Email => {
                    assert_eq!(r.payload, "{}");
                    assert_ne!(r.state, OutboxState::Pending, "an erased email is not sent");
                }
                Channel::Webhook => assert!(r.payload.contains(ERASED_GUEST_EMAIL), "{r:?}"),
                Channel::Caldav => {}
            }
        }
    }
    // The booking's data elsewhere: the idempotency answer (with the manage token) is gone,
    // the guest's link no longer opens it, and it cannot change any more.
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let keys: N = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM idempotency_keys WHERE booking_id = '{}'",
        cancelled.id
    ))
    .get_result(&mut *c)
    .unwrap();
    assert_eq!(keys.n, 0);
    assert_eq!(
        status(
            guest
                .get_booking(cancelled.id, Some(&token))
                .await
                .unwrap_err()
        ),
        404
    );
    assert_eq!(
        status(
            host.cancel_booking(past.id, None, &Default::default())
                .await
                .unwrap_err()
        ),
        409
    );
    // Without credentials: 401 (which says nothing about the id).
    assert_eq!(
        status(app.client().erase_booking(past.id).await.unwrap_err()),
        401
    );
}

/// The `.eml` files in the test's mail folder that mention `text`.
fn mail_files_with(app: &TestApp, text: &str) -> usize {
    std::fs::read_dir(app._db.mail_dir())
        .unwrap()
        .filter(|e| {
            std::fs::read_to_string(e.as_ref().unwrap().path())
                .unwrap()
                .contains(text)
        })
        .count()
}

async fn erase_removes_the_mail_folders_copies(db_kind: Db) {
    let Some(app) = spawn(db_kind).await else {
        return;
    };
    let (host, agenda) = host_with_agenda(&app).await;
    let slots = slots_in_days(&host, agenda.id, 3, 3).await;
    let mut ids = vec![];
    for (i, s) in slots.iter().take(2).enumerate() {
        let b = app
            .client()
            .create_booking(&guest_booking(agenda.id, s.start, i + 1), None)
            .await
            .unwrap();
        host.cancel_booking(b.id, None, &Default::default())
            .await
            .unwrap();
        notifications_when(&host, b.id, |n| n.len() == 4 && all_sent(n)).await;
        ids.push(b.id);
    }
    assert_eq!(mail_files_with(&app, "guest1@example.com"), 4);
    host.erase_booking(ids[0]).await.unwrap();
    assert_eq!(mail_files_with(&app, "guest1@example.com"), 0);
    assert_eq!(
        mail_files_with(&app, "guest2@example.com"),
        4,
        "others stay"
    );
    // Again: nothing left to remove, still fine.
    host.erase_booking(ids[0]).await.unwrap();
}

async fn erase_refuses_a_meeting_still_to_come(db_kind: Db) {
    let Some(app) = spawn(db_kind).await else {
        return;
    };
    let (host, agenda) = host_with_agenda(&app).await;
    let slot = first_slot(&host, agenda.id).await;
    let booked = app
        .client()
        .create_booking(&guest_booking(agenda.id, slot.start, 1), None)
        .await
        .unwrap();
    let e = host.erase_booking(booked.id).await.unwrap_err();
    assert_eq!(status(e), 409);
    let after = host.get_booking(booked.id, None).await.unwrap();
    assert_eq!(
        (after.guest_name.as_str(), after.guest_email.as_str()),
        ("Guest 1", "guest1@example.com")
    );
    // Unknown and other hosts' ids: 404.
    assert_eq!(
        status(host.erase_booking(Uuid::new_v4()).await.unwrap_err()),
        404
    );
}
