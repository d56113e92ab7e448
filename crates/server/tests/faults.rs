//! Faults: a SQLite database held busy by another writer. Short waits are absorbed (the
//! request waits and succeeds); a lock held past the busy timeout is a quick, clear 503
//! problem — never a 500, never a half-written booking — and the same request then succeeds.

use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::Connection;
use smartcal_types::*;

mod common;
use common::*;

/// Another process's long write transaction on the same SQLite file.
fn hold_write_lock(url: &str) -> diesel::SqliteConnection {
    let path = url.strip_prefix("sqlite://").unwrap();
    let mut c = diesel::SqliteConnection::establish(path).unwrap();
    // The app may be writing at this moment (its outbox worker): wait for it like it would.
    c.batch_execute("PRAGMA busy_timeout = 10000; BEGIN EXCLUSIVE")
        .unwrap();
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_busy_is_waited_out_and_past_the_timeout_is_a_clear_503() {
    let app = spawn(Db::Sqlite).await.unwrap();
    let (host, agenda) = host_with_agenda(&app).await;
    let slots = slots_in_days(&host, agenda.id, 2, 3).await;
    let guest = app.client();

    // Busy for 2 s: the booking waits and goes through.
    let lock = hold_write_lock(&app._db.url);
    let release = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(2)).await;
        drop(lock); // rolls back, releasing the file
    });
    let started = Instant::now();
    let first = guest
        .create_booking(&guest_booking(agenda.id, slots[0].start, 1), None)
        .await
        .expect("a short lock is waited out");
    assert!(
        started.elapsed() >= Duration::from_millis(1500),
        "it did wait"
    );
    release.await.unwrap();

    // Busy past the 10 s busy timeout: 503 with Retry-After, nothing written.
    let lock = hold_write_lock(&app._db.url);
    let res = reqwest::Client::new()
        .post(app.api("/bookings"))
        .json(&guest_booking(agenda.id, slots[1].start, 2))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let p: Problem = res.json().await.unwrap();
    assert_eq!(p.status, 503);
    drop(lock);

    let all = host
        .list_bookings(BookingScope::All, None, None)
        .await
        .unwrap()
        .items;
    assert_eq!(
        all.iter().map(|b| b.id).collect::<Vec<_>>(),
        [first.id],
        "no half-written booking"
    );
    // Once the lock is gone the same request succeeds.
    guest
        .create_booking(&guest_booking(agenda.id, slots[1].start, 2), None)
        .await
        .unwrap();
}
