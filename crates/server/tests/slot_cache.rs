//! The slot cache (`crate::slot_cache`): answers are served again, yet every change through
//! the API — in this process or, on PostgreSQL, in another — shows on the next page load.
//! Answers are kept for a minute here, so only invalidation can make a page fresh.

use std::time::{Duration, Instant};

use diesel::RunQueryDsl;
use smartcal_client::Client;
use smartcal_types::*;
use uuid::Uuid;

mod common;
use common::*;

const KEEP: (&str, &str) = ("SMARTCAL_SLOT_CACHE_MS", "60000");

on_both!(
    every_change_shows_on_the_next_page_load,
    answers_are_served_again_unless_no_cache,
    answers_go_out_compressed_as_the_client_asks
);

/// The free starts of days 2–3 in UTC, as the booking page asks for them.
async fn starts(c: &Client, agenda: Uuid) -> Vec<chrono::DateTime<chrono::Utc>> {
    slots_in_days(c, agenda, 2, 3)
        .await
        .into_iter()
        .map(|s| s.start)
        .collect()
}

async fn every_change_shows_on_the_next_page_load(db: Db) {
    let Some(app) = spawn_with(db, &[KEEP]).await else {
        return;
    };
    let (host, agenda) = host_with_agenda(&app).await;
    let guest = app.client();
    let before = starts(&guest, agenda.id).await;
    assert!(before.len() > 2);

    let booked = guest
        .create_booking(&guest_booking(agenda.id, before[0], 1), None)
        .await
        .unwrap();
    let after_booking = starts(&guest, agenda.id).await;
    assert!(
        !after_booking.contains(&before[0]),
        "booked slot still offered"
    );

    let token = booked.manage_token.clone();
    guest
        .reschedule_booking(
            booked.id,
            token.as_deref(),
            &RescheduleBookingRequest { start: before[1] },
        )
        .await
        .unwrap();
    let after_move = starts(&guest, agenda.id).await;
    assert!(
        after_move.contains(&before[0]),
        "the old time is free again"
    );
    assert!(!after_move.contains(&before[1]), "the new time is taken");

    host.cancel_booking(booked.id, None, &CancelBookingRequest { reason: None })
        .await
        .unwrap();
    assert_eq!(starts(&guest, agenda.id).await, before);

    // Shorter days: 09:00–10:00 only.
    let hours = UpdateAgendaRequest {
        availability: Some(
            ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                .iter()
                .map(|d| AvailabilityInterval {
                    weekday: d.to_string(),
                    start: "09:00".into(),
                    end: "10:00".into(),
                })
                .collect(),
        ),
        ..Default::default()
    };
    host.update_agenda(agenda.id, &hours).await.unwrap();
    let narrowed = starts(&guest, agenda.id).await;
    assert!(!narrowed.is_empty() && narrowed.len() < before.len());

    host.delete_agenda(agenda.id).await.unwrap();
    let gone = guest
        .slots(
            agenda.id,
            chrono::Utc::now().date_naive(),
            chrono::Utc::now().date_naive(),
            Some("UTC"),
        )
        .await;
    assert_eq!(gone.map(|_| 200).unwrap_or_else(status), 404);
}

async fn answers_are_served_again_unless_no_cache(db: Db) {
    let Some(app) = spawn_with(db, &[KEEP]).await else {
        return;
    };
    let (_, agenda) = host_with_agenda(&app).await;
    let url = app.api(&format!("/agendas/{}/slots?time_zone=UTC", agenda.id));
    let http = reqwest::Client::new();
    let mut c = smartcal_db::connect(&app._db.url, &smartcal_db::PoolOptions::default())
        .unwrap()
        .get()
        .unwrap();
    let mut set_active = |on: bool| {
        diesel::sql_query(format!("UPDATE agendas SET active = {on}"))
            .execute(&mut *c)
            .unwrap();
    };
    // On PostgreSQL the cache turns on once its listening connection is up (within moments of
    // the start): until then a page is read afresh, and the round is tried again.
    let mut cached = None;
    for _ in 0..50 {
        let first = http.get(&url).send().await.unwrap();
        assert_eq!(first.status(), 200);
        let first = first.text().await.unwrap();
        assert!(first.contains("\"slots\":[{"));
        // Behind the application's back (no API call, so no invalidation): the agenda stops.
        set_active(false);
        let again = http.get(&url).send().await.unwrap();
        if again.status() == 200 {
            cached = Some((first, again.text().await.unwrap()));
            break;
        }
        set_active(true);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (first, again) = cached.expect("the second load was never served from the cache");
    assert_eq!(again, first);
    let fresh = http
        .get(&url)
        .header("Cache-Control", "no-cache")
        .send()
        .await
        .unwrap();
    assert_eq!(fresh.status(), 404, "no-cache reads the database");
}

/// A browser's page load gets the month brotli- or gzip-encoded (the cache keeps the encoded
/// forms), a client that asks for no encoding gets JSON; all decode to the same answer.
async fn answers_go_out_compressed_as_the_client_asks(db: Db) {
    use std::io::Read as _;
    let Some(app) = spawn_with(db, &[KEEP]).await else {
        return;
    };
    let (_, agenda) = host_with_agenda(&app).await;
    let url = app.api(&format!(
        "/agendas/{}/slots?time_zone=UTC&from={}&to={}",
        agenda.id,
        chrono::Utc::now().date_naive() + chrono::Days::new(1),
        chrono::Utc::now().date_naive() + chrono::Days::new(31),
    ));
    let http = reqwest::Client::new();
    let get = |encoding: Option<&'static str>| {
        let mut r = http.get(&url);
        if let Some(e) = encoding {
            r = r.header("Accept-Encoding", e);
        }
        async move {
            let res = r.send().await.unwrap();
            assert_eq!(res.status(), 200);
            let header = |name: &str| {
                res.headers()
                    .get(name)
                    .map(|v| v.to_str().unwrap().to_owned())
            };
            let (coding, vary) = (header("content-encoding"), header("vary"));
            (coding, vary, res.bytes().await.unwrap().to_vec())
        }
    };
    let (coding, _, json) = get(None).await;
    assert_eq!(coding, None);
    assert!(
        json.len() > 10_000,
        "a month of times: {} bytes",
        json.len()
    );
    // Twice each: the first may be read afresh, the second comes from the cache.
    for _ in 0..2 {
        let (coding, vary, br) = get(Some("gzip, deflate, br")).await;
        assert_eq!(coding.as_deref(), Some("br"));
        assert!(vary.is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding")));
        assert!(br.len() * 8 < json.len(), "{} of {}", br.len(), json.len());
        let mut plain = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut plain)
            .unwrap();
        assert_eq!(plain, json);

        let (coding, _, gz) = get(Some("gzip")).await;
        assert_eq!(coding.as_deref(), Some("gzip"));
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut plain)
            .unwrap();
        assert_eq!(plain, json);

        let (coding, _, same) = get(Some("identity")).await;
        assert_eq!(coding, None);
        assert_eq!(same, json);
    }
}

/// Two processes on one PostgreSQL: each one's pages follow the other's bookings.
#[tokio::test]
async fn two_processes_on_postgres_see_each_others_changes() {
    let Some(test_db) = test_db(Db::Postgres) else {
        return;
    };
    let a = Server::start(&test_db, &[KEEP]).await;
    let b = Server::start(&test_db, &[KEEP]).await;
    let (on_a, on_b) = (Client::new(&a.base).unwrap(), Client::new(&b.base).unwrap());
    on_a.signup(&signup_body("two@example.com")).await.unwrap();
    let agenda = on_a.create_agenda(&agenda_body("Intro")).await.unwrap();
    let before = starts(&on_a, agenda.id).await;
    assert_eq!(starts(&on_b, agenda.id).await, before);

    // Booked through B: A's cached page must drop the slot well before its minute is up.
    let booked = on_b
        .create_booking(&guest_booking(agenda.id, before[0], 1), None)
        .await
        .unwrap();
    let seen = until(|| async { !starts(&on_a, agenda.id).await.contains(&before[0]) }).await;
    assert!(seen.is_some(), "A still offers the slot B booked");

    // Cancelled through A: B offers it again.
    on_a.cancel_booking(booked.id, None, &CancelBookingRequest { reason: None })
        .await
        .unwrap();
    let seen = until(|| async { starts(&on_b, agenda.id).await.contains(&before[0]) }).await;
    assert!(seen.is_some(), "B does not offer the slot A freed");
}

/// Polls `check` for up to 3 s; how long it took, if it came true.
async fn until<F, Fut>(check: F) -> Option<Duration>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let t0 = Instant::now();
    while t0.elapsed() < Duration::from_secs(3) {
        if check().await {
            return Some(t0.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    None
}
