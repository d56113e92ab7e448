//! Webhooks against a real HTTP receiver on loopback: signatures, retries after 500s and
//! timeouts, the delivery log, redelivery, failing endpoints, and two processes on PostgreSQL.

use std::time::Duration;

use smartcal_client::Client;
use smartcal_server::integrations::webhook::verify;
use smartcal_types::*;
use uuid::Uuid;

mod common;
use common::receiver::{Answer, Receiver, Request};
use common::*;

on_both!(
    events_are_signed_retried_after_500_and_timeout_and_logged,
    a_failing_endpoint_is_flagged_but_never_disabled,
);

/// Quick retries, a short POST timeout.
const QUICK: [(&str, &str); 3] = [
    ("SMARTCAL_OUTBOX_RETRY_BASE_MS", "100"),
    ("SMARTCAL_OUTBOX_RETRY_MAX_MS", "300"),
    ("SMARTCAL_WEBHOOK_TIMEOUT_MS", "500"),
];

fn payload(r: &Request) -> WebhookPayload {
    serde_json::from_str(&r.body).expect("a WebhookPayload")
}

/// The receiver's view of the signature: fresh and over exactly this body.
fn signed(r: &Request, secret: &str) -> bool {
    let header = r.headers.get("smartcal-signature").expect("signed");
    verify(
        secret,
        header,
        &r.body,
        chrono::Utc::now().timestamp(),
        Duration::from_secs(300),
    )
}

async fn events_are_signed_retried_after_500_and_timeout_and_logged(db: Db) {
    let receiver = Receiver::start(vec![
        Answer::Status(500),
        Answer::Hang(Duration::from_millis(1500)),
        Answer::Status(200),
    ])
    .await;
    let only_cancels = Receiver::start(vec![Answer::Status(204)]).await;
    let Some(app) = spawn_with(db, &QUICK).await else {
        return;
    };
    let (host, agenda) = host_with_agenda(&app).await;
    let created = host
        .create_webhook(&CreateWebhookRequest {
            url: receiver.url("/hooks/smartcal"),
            events: None,
            description: Some("CRM".into()),
        })
        .await
        .unwrap();
    assert!(created.secret.starts_with("whsec_"));
    assert_eq!(created.webhook.events, WebhookEvent::ALL);
    let cancels = host
        .create_webhook(&CreateWebhookRequest {
            url: only_cancels.url("/"),
            events: Some(vec![WebhookEvent::BookingCancelled]),
            description: None,
        })
        .await
        .unwrap();
    let listed = host.list_webhooks().await.unwrap().items;
    assert_eq!(listed.len(), 2);
    assert!(
        serde_json::to_string(&listed)
            .unwrap()
            .find("whsec_")
            .is_none(),
        "no secrets in lists"
    );

    let slots = slots_in_days(&host, agenda.id, 2, 3).await;
    let guest = app.client();
    let booked = guest
        .create_booking(&guest_booking(agenda.id, slots[0].start, 1), None)
        .await
        .unwrap();

    // 500, then a timeout, then 200: three attempts of one delivery, each signed.
    let got = receiver.wait_until(20, |r| r.len() >= 3).await;
    assert_eq!(got.len(), 3, "{got:?}");
    let delivery = got[0].headers["smartcal-delivery"].clone();
    for r in &got {
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("POST", "/hooks/smartcal")
        );
        assert_eq!(r.headers["smartcal-event"], "booking.created");
        assert_eq!(
            r.headers["smartcal-delivery"], delivery,
            "one delivery id across retries"
        );
        assert_eq!(r.headers["content-type"], "application/json");
        assert!(
            signed(r, &created.secret),
            "signature verifies: {:?}",
            r.headers
        );
        assert!(!signed(r, &cancels.secret), "and only with its own secret");
        let p = payload(r);
        assert_eq!((p.event, p.version), (WebhookEvent::BookingCreated, 1));
        assert_eq!(p.id.to_string(), delivery);
        assert_eq!(p.data.booking.id, booked.id);
        assert_eq!(p.data.booking.meeting_url, booked.meeting_url);
        assert!(p.data.booking.manage_token.is_none() && p.data.previous.is_none());
        assert!(!r.body.contains(booked.manage_token.as_deref().unwrap()));
    }

    let log = wait_for_log(&host, created.webhook.id, |d| {
        d.len() == 1 && d[0].state == NotificationState::Sent
    })
    .await;
    let attempts = &log[0].attempts;
    assert_eq!(attempts.len(), 3);
    assert_eq!(attempts[0].status_code, Some(500));
    assert!(attempts[0].error.as_deref().unwrap().contains("500"));
    assert_eq!(attempts[1].status_code, None);
    assert!(
        attempts[1].error.as_deref().unwrap().contains("timed out"),
        "{:?}",
        attempts[1]
    );
    assert!(attempts[1].duration_ms >= 400, "{:?}", attempts[1]);
    assert_eq!(
        (attempts[2].status_code, attempts[2].error.as_deref()),
        (Some(200), None)
    );
    let hooks = host.list_webhooks().await.unwrap().items;
    let hook = hooks.iter().find(|h| h.id == created.webhook.id).unwrap();
    assert_eq!((hook.consecutive_failures, hook.failing), (0, false));
    assert!(hook.last_success_at.is_some() && hook.last_failure_at.is_some());

    // Reschedule carries old and new times; cancel reaches both webhooks.
    let moved = host
        .reschedule_booking(
            booked.id,
            None,
            &RescheduleBookingRequest {
                start: slots[1].start,
            },
        )
        .await
        .unwrap();
    let got = receiver.wait_until(20, |r| r.len() >= 4).await;
    let p = payload(&got[3]);
    assert_eq!(p.event, WebhookEvent::BookingRescheduled);
    let previous = p.data.previous.expect("old times");
    assert_eq!((previous.start, previous.end), (booked.start, booked.end));
    assert_eq!(
        (p.data.booking.start, p.data.booking.end),
        (moved.start, moved.end)
    );
    assert_eq!(p.data.booking.sequence, 1);

    guest
        .cancel_booking(
            booked.id,
            booked.manage_token.as_deref(),
            &CancelBookingRequest { reason: None },
        )
        .await
        .unwrap();
    let got = receiver.wait_until(20, |r| r.len() >= 5).await;
    assert_eq!(payload(&got[4]).event, WebhookEvent::BookingCancelled);
    let cancel_only = only_cancels.wait_until(20, |r| !r.is_empty()).await;
    assert_eq!(
        cancel_only.len(),
        1,
        "the cancel-only webhook saw nothing else"
    );
    assert_eq!(
        payload(&cancel_only[0]).event,
        WebhookEvent::BookingCancelled
    );
    assert!(signed(&cancel_only[0], &cancels.secret));

    // Redeliver the first event: same delivery id and body, a new attempt in the log.
    host.redeliver_webhook(created.webhook.id, log[0].id)
        .await
        .unwrap();
    let got = receiver.wait_until(20, |r| r.len() >= 6).await;
    assert_eq!(got.len(), 6);
    assert_eq!(got[5].headers["smartcal-delivery"], delivery);
    assert_eq!(got[5].body, got[0].body);
    let log = wait_for_log(&host, created.webhook.id, |d| {
        d.iter().any(|d| d.id == log[0].id && d.attempts.len() == 4)
    })
    .await;
    assert_eq!(log.len(), 3, "created, rescheduled, cancelled");

    // Other hosts see none of it; deleting stops deliveries.
    let (stranger, _) = host_with_agenda(&app).await;
    assert_eq!(
        stranger
            .webhook_deliveries(created.webhook.id)
            .await
            .unwrap_err()
            .status(),
        Some(404)
    );
    host.delete_webhook(created.webhook.id).await.unwrap();
    assert_eq!(host.list_webhooks().await.unwrap().items.len(), 1);
}

async fn wait_for_log(
    host: &Client,
    webhook: Uuid,
    pred: impl Fn(&[WebhookDelivery]) -> bool,
) -> Vec<WebhookDelivery> {
    for _ in 0..400 {
        let items = host.webhook_deliveries(webhook).await.unwrap().items;
        if pred(&items) {
            return items;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "{:?}",
        host.webhook_deliveries(webhook).await.unwrap().items
    );
}

async fn a_failing_endpoint_is_flagged_but_never_disabled(db: Db) {
    let receiver = Receiver::start(vec![Answer::Status(503)]).await;
    let env = [&QUICK[..], &[("SMARTCAL_OUTBOX_MAX_ATTEMPTS", "3")][..]].concat();
    let Some(app) = spawn_with(db, &env).await else {
        return;
    };
    let (host, agenda) = host_with_agenda(&app).await;
    let hook = host
        .create_webhook(&CreateWebhookRequest {
            url: receiver.url("/"),
            events: None,
            description: None,
        })
        .await
        .unwrap()
        .webhook;
    let slots = slots_in_days(&host, agenda.id, 2, 3).await;
    app.client()
        .create_booking(&guest_booking(agenda.id, slots[0].start, 1), None)
        .await
        .unwrap();
    let log = wait_for_log(&host, hook.id, |d| {
        d.len() == 1 && d[0].state == NotificationState::Failed
    })
    .await;
    assert_eq!(log[0].attempts.len(), 3);
    assert!(log[0].attempts.iter().all(|a| a.status_code == Some(503)));
    let flagged = &host.list_webhooks().await.unwrap().items[0];
    assert!(
        flagged.failing && flagged.consecutive_failures == 3,
        "{flagged:?}"
    );

    // Still subscribed: the next booking is attempted too.
    app.client()
        .create_booking(&guest_booking(agenda.id, slots[1].start, 2), None)
        .await
        .unwrap();
    receiver.wait_until(20, |r| r.len() >= 4).await;
    assert!(receiver.requests().len() >= 4, "deliveries go on");
}

/// Two processes on one PostgreSQL database: every event arrives exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_on_postgres_deliver_each_event_once() {
    let Some(test_db) = test_db(Db::Postgres) else {
        return;
    };
    let receiver = Receiver::start(vec![Answer::Status(200)]).await;
    let a = Server::start(&test_db, &[]).await;
    let b = Server::start(&test_db, &[]).await;
    let host = Client::new(&a.base).unwrap();
    host.signup(&signup_body("two-hooks@example.com"))
        .await
        .unwrap();
    let agenda = host.create_agenda(&agenda_body("Intro")).await.unwrap();
    host.create_webhook(&CreateWebhookRequest {
        url: receiver.url("/"),
        events: None,
        description: None,
    })
    .await
    .unwrap();
    let slots = slots_in_days(&host, agenda.id, 2, 3).await;
    let clients = [Client::new(&a.base).unwrap(), Client::new(&b.base).unwrap()];
    let booked = futures::future::join_all(slots.iter().take(20).enumerate().map(|(i, s)| {
        let c = &clients[i % 2];
        let body = guest_booking(agenda.id, s.start, i);
        async move { c.create_booking(&body, None).await.unwrap() }
    }))
    .await;
    assert_eq!(booked.len(), 20);
    receiver.wait_until(30, |r| r.len() >= 20).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let got = receiver.requests();
    assert_eq!(got.len(), 20, "each event once");
    let mut ids: Vec<Uuid> = got.iter().map(|r| payload(r).data.booking.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 20, "one event per booking");
}
