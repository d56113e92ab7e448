//! Allocation on the booking page's hot path, counted (issue 21, item 4): how many heap
//! allocations, and how many bytes, the server makes to answer one month of slots, read fresh
//! (`Cache-Control: no-cache`) and from the slot cache.
//!
//! A counting allocator (`stats_alloc`) wraps the system's for this whole test process; the app
//! runs in it on SQLite. Requests go over one raw keep-alive TCP connection into a buffer
//! allocated beforehand, so the test's own side adds nothing while a request is answered. The
//! app's background loops (outbox, reminders, requests) allocate now and then too, so each
//! figure is the smallest of several requests. The limits hold today's figures with a margin,
//! so a change that multiplies the work shows here first.

use std::alloc::System;
use std::io::{Read, Write};
use std::net::TcpStream;

use chrono::{Datelike, Duration, Utc};
use smartcal_types::*;
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};
use uuid::Uuid;

mod common;
use common::*;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Requests per figure; the smallest count wins.
const RUNS: usize = 15;

/// One response read whole (head and `Content-Length` body) into `buffer`.
fn exchange(stream: &mut TcpStream, request: &[u8], buffer: &mut [u8]) -> usize {
    stream.write_all(request).unwrap();
    let mut filled = 0;
    loop {
        let n = stream.read(&mut buffer[filled..]).unwrap();
        assert!(n > 0, "connection closed");
        filled += n;
        let text = &buffer[..filled];
        let Some(head_end) = text.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = std::str::from_utf8(&text[..head_end]).unwrap();
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        let length: usize = head
            .lines()
            .find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse().ok())?
            })
            .expect("a Content-Length");
        if filled >= head_end + 4 + length {
            return length;
        }
    }
}

/// (allocations, bytes allocated) of the cheapest of [`RUNS`] requests.
fn cheapest(stream: &mut TcpStream, request: &[u8], buffer: &mut [u8]) -> (usize, usize) {
    let mut best = (usize::MAX, usize::MAX);
    for _ in 0..RUNS {
        let region = Region::new(GLOBAL);
        exchange(stream, request, buffer);
        let stats = region.change();
        let count = stats.allocations + stats.reallocations;
        if count < best.0 {
            best = (
                count,
                stats.bytes_allocated + stats.bytes_reallocated.max(0) as usize,
            );
        }
    }
    best
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_month_of_slots_costs_a_bounded_number_of_allocations() {
    let Some(app) = spawn_with(Db::Sqlite, &[("SMARTCAL_SLOT_CACHE_MS", "60000")]).await else {
        return;
    };
    // As the benchmark seeds it: Monday to Friday 09:00–17:00, 30 minutes, Europe/Berlin, and
    // bookings through the month.
    let host = app.client();
    host.signup(&signup_body(&format!(
        "{}@example.com",
        Uuid::new_v4().simple()
    )))
    .await
    .unwrap();
    let agenda = host
        .create_agenda(&CreateAgendaRequest {
            title: "Intro call".into(),
            duration_minutes: 30,
            time_zone: Some("Europe/Berlin".into()),
            availability: ["mon", "tue", "wed", "thu", "fri"]
                .iter()
                .map(|d| AvailabilityInterval {
                    weekday: d.to_string(),
                    start: "09:00".into(),
                    end: "17:00".into(),
                })
                .collect(),
            min_notice_minutes: Some(0),
            ..Default::default()
        })
        .await
        .unwrap();
    let today = Utc::now().date_naive();
    let (from, to) = (today + Duration::days(1), today + Duration::days(31));
    let slots = host
        .slots(agenda.id, from, to, Some("Europe/Berlin"))
        .await
        .unwrap()
        .slots;
    assert!(slots.len() > 200, "{} slots", slots.len());
    for (i, slot) in slots.iter().step_by(5).take(60).enumerate() {
        app.client()
            .create_booking(&guest_booking(agenda.id, slot.start, i), None)
            .await
            .unwrap();
    }

    let address = app.base.trim_start_matches("http://").to_owned();
    let path = format!(
        "/api/v1/agendas/{}/slots?from={from}&to={to}&time_zone=Europe%2FBerlin",
        agenda.id
    );
    let request = |fresh: bool| {
        format!(
            "GET {path} HTTP/1.1\r\nHost: {address}\r\nAccept: application/json\r\n{}\r\n",
            if fresh {
                "Cache-Control: no-cache\r\n"
            } else {
                ""
            }
        )
        .into_bytes()
    };
    let (fresh, cached) = (request(true), request(false));
    let figures = tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(&address).unwrap();
        stream.set_nodelay(true).unwrap();
        let mut buffer = vec![0u8; 4 << 20];
        // The first answers fill the cache and every lazily built thing.
        let length = exchange(&mut stream, &cached, &mut buffer);
        exchange(&mut stream, &fresh, &mut buffer);
        let uncached = cheapest(&mut stream, &fresh, &mut buffer);
        let from_cache = cheapest(&mut stream, &cached, &mut buffer);
        (length, uncached, from_cache)
    })
    .await
    .unwrap();
    let (length, uncached, from_cache) = figures;
    println!(
        "one month of slots ({} days from {}, {length} bytes of JSON, 60 bookings): \
         uncached {} allocations / {} bytes; cached {} allocations / {} bytes",
        (to - from).num_days() + 1,
        from.weekday(),
        uncached.0,
        uncached.1,
        from_cache.0,
        from_cache.1
    );
    assert!(uncached.0 > from_cache.0, "reading fresh does more work");
    assert!(uncached.0 <= 2_500, "uncached: {} allocations", uncached.0);
    assert!(from_cache.0 <= 60, "cached: {} allocations", from_cache.0);
}
