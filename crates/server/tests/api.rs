//! Black-box tests: the real app on a random port, spoken to over HTTP through the typed
//! client, on a fresh SQLite file and (when `SMARTCAL_TEST_POSTGRES_URL` is set) on a fresh
//! PostgreSQL database.

use chrono::{Duration, Utc};
use futures::future::join_all;
use smartcal_client::Client;
use smartcal_types::*;
use uuid::Uuid;

mod common;
use common::*;

on_both!(
    accounts_sessions_and_api_keys,
    agendas_crud_and_public_lookup,
    booking_lifecycle,
    idempotent_retry_returns_first_answer,
    concurrent_requests_for_one_slot_book_once,
    concurrent_requests_across_agendas_of_one_host_book_once,
    malformed_requests_get_problems_and_change_nothing,
    migrations_up_down_up,
    weekly_and_monthly_limits_close_the_agendas_week_and_month,
);

/// `max_bookings_per_week` counts this agenda's bookings Monday to Sunday in its zone, and
/// `max_bookings_per_month` its calendar month: once full, that week's (month's) times are
/// gone from the slots and a booking there is a 409; the next week (month) is open. Bad values
/// are 422 on their field and change nothing.
async fn weekly_and_monthly_limits_close_the_agendas_week_and_month(db: Db) {
    use chrono::{Datelike, Duration, NaiveTime, Utc};
    let Some(app) = spawn(db).await else { return };
    let (host, agenda) = host_with_agenda(&app).await; // every day 00–24 UTC, 30 min
    let guest = app.client();
    // Next week's Monday (UTC), and the Monday after.
    let today = Utc::now().date_naive();
    let monday = today + Duration::days(7 - i64::from(today.weekday().num_days_from_monday()));
    let next_monday = monday + Duration::days(7);
    let at = |day: chrono::NaiveDate, hour: u32| {
        day.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap())
            .and_utc()
    };
    let limits = |week: Option<Option<u32>>, month: Option<Option<u32>>| UpdateAgendaRequest {
        max_bookings_per_week: week,
        max_bookings_per_month: month,
        ..Default::default()
    };
    // Bad values: 422 on the field, nothing changes.
    for (body, field) in [
        (limits(Some(Some(0)), None), "max_bookings_per_week"),
        (limits(None, Some(Some(0))), "max_bookings_per_month"),
        (limits(None, Some(Some(20_001))), "max_bookings_per_month"),
    ] {
        let e = host.update_agenda(agenda.id, &body).await.unwrap_err();
        assert_eq!(e.status(), Some(422));
        let fields = e.problem().unwrap().errors.clone();
        assert!(fields.iter().any(|f| f.field == field), "{fields:?}");
    }
    let unchanged = host.get_agenda(agenda.id).await.unwrap();
    assert_eq!(unchanged.max_bookings_per_week, None);
    assert_eq!(unchanged.max_bookings_per_month, None);

    let set = host
        .update_agenda(agenda.id, &limits(Some(Some(2)), None))
        .await
        .unwrap();
    assert_eq!(set.max_bookings_per_week, Some(2));
    for (n, start) in [at(monday, 10), at(monday + Duration::days(2), 10)]
        .into_iter()
        .enumerate()
    {
        guest
            .create_booking(&guest_booking(agenda.id, start, n), None)
            .await
            .unwrap();
    }
    let friday = at(monday + Duration::days(4), 10);
    let e = guest
        .create_booking(&guest_booking(agenda.id, friday, 3), None)
        .await
        .unwrap_err();
    assert_eq!(status(e), 409, "the week is full");
    let week = guest
        .slots(agenda.id, monday, monday + Duration::days(6), Some("UTC"))
        .await
        .unwrap();
    assert!(week.slots.is_empty(), "{:?}", week.slots.first());
    let after = guest
        .slots(agenda.id, next_monday, next_monday, Some("UTC"))
        .await
        .unwrap();
    assert_eq!(after.slots.len(), 48, "the next week is open");
    guest
        .create_booking(&guest_booking(agenda.id, at(next_monday, 10), 4), None)
        .await
        .unwrap();

    // A second agenda with a monthly limit of 1: one booking on `monday` closes its month; the
    // first day of the next month is open.
    let monthly = host
        .create_agenda(&CreateAgendaRequest {
            max_bookings_per_month: Some(1),
            ..agenda_body("Monthly")
        })
        .await
        .unwrap();
    assert_eq!(monthly.max_bookings_per_month, Some(1));
    guest
        .create_booking(&guest_booking(monthly.id, at(monday, 15), 5), None)
        .await
        .unwrap();
    let tuesday = monday + Duration::days(1);
    let same_month = tuesday.month() == monday.month();
    let tuesday_slots = guest
        .slots(monthly.id, tuesday, tuesday, Some("UTC"))
        .await
        .unwrap();
    assert_eq!(tuesday_slots.slots.is_empty(), same_month, "{tuesday}");
    let e = guest
        .create_booking(&guest_booking(monthly.id, at(tuesday, 15), 6), None)
        .await;
    assert_eq!(e.is_err(), same_month, "{tuesday}: {e:?}");
    let next_month = (monday.with_day(1).unwrap() + Duration::days(32))
        .with_day(1)
        .unwrap();
    let open = guest
        .slots(monthly.id, next_month, next_month, Some("UTC"))
        .await
        .unwrap();
    assert!(!open.slots.is_empty(), "{next_month} is in the next month");
}
async fn accounts_sessions_and_api_keys(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let c = app.client();
    let host = c.signup(&signup_body("Jane@Example.com")).await.unwrap();
    assert_eq!(host.email, "jane@example.com");
    assert_eq!(host.slug, "alex-host");
    assert_eq!(c.me().await.unwrap().id, host.id);
    // Same email, other case: conflict.
    assert_eq!(
        status(
            app.client()
                .signup(&signup_body("JANE@example.com"))
                .await
                .unwrap_err()
        ),
        409
    );
    // Logout ends the session; login starts a new one; a wrong password is 401.
    c.logout().await.unwrap();
    assert_eq!(status(c.me().await.unwrap_err()), 401);
    let bad = LoginRequest {
        email: "jane@example.com".into(),
        password: "wrong password".into(),
    };
    assert_eq!(status(c.login(&bad).await.unwrap_err()), 401);
    let good = LoginRequest {
        email: "JANE@example.com".into(),
        password: "correct horse battery".into(),
    };
    assert_eq!(c.login(&good).await.unwrap().id, host.id);
    // API keys: shown once, work as Bearer, listed with last use, revocable.
    let created = c
        .create_api_key(&CreateApiKeyRequest { name: "CRM".into() })
        .await
        .unwrap();
    assert!(created.key.starts_with("sc_"));
    let integrator = Client::new(&app.base)
        .unwrap()
        .with_api_key(created.key.clone());
    assert_eq!(integrator.me().await.unwrap().id, host.id);
    let keys = c.list_api_keys().await.unwrap();
    assert_eq!(keys.items.len(), 1);
    assert!(keys.items[0].last_used_at.is_some());
    assert!(!serde_json::to_string(&keys).unwrap().contains(&created.key));
    c.revoke_api_key(created.api_key.id).await.unwrap();
    assert_eq!(status(integrator.me().await.unwrap_err()), 401);
    assert!(c.list_api_keys().await.unwrap().items.is_empty());
    // Cookie flags.
    let res = reqwest::Client::new()
        .post(app.api("/auth/login"))
        .json(&good)
        .send()
        .await
        .unwrap();
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
}

#[tokio::test]
async fn signup_can_be_closed() {
    let app = spawn_with(Db::Sqlite, &[("SMARTCAL_ALLOW_SIGNUP", "false")])
        .await
        .unwrap();
    let e = app
        .client()
        .signup(&signup_body("a@example.com"))
        .await
        .unwrap_err();
    assert_eq!(status(e), 403);
}

async fn agendas_crud_and_public_lookup(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let (host, agenda) = host_with_agenda(&app).await;
    assert_eq!(agenda.slug, "intro-call");
    assert_eq!(agenda.slot_step_minutes, 30);
    assert_eq!(agenda.availability.len(), 7);
    let me = host.me().await.unwrap();
    let public = app
        .client()
        .public_agenda(&me.slug, "intro-call")
        .await
        .unwrap();
    assert_eq!(public.id, agenda.id);
    assert_eq!(public.host_name, "Alex Host");
    // Patch: several intervals per weekday, an override, a daily limit; then clear the limit.
    let patch = UpdateAgendaRequest {
        availability: Some(vec![
            AvailabilityInterval {
                weekday: "mon".into(),
                start: "09:00".into(),
                end: "12:00".into(),
            },
            AvailabilityInterval {
                weekday: "mon".into(),
                start: "13:00".into(),
                end: "17:00".into(),
            },
        ]),
        date_overrides: Some(vec![DateOverride {
            date: "2030-01-07".parse().unwrap(),
            intervals: vec![],
        }]),
        max_bookings_per_day: Some(Some(3)),
        buffer_after_minutes: Some(15),
        ..Default::default()
    };
    let updated = host.update_agenda(agenda.id, &patch).await.unwrap();
    assert_eq!(updated.availability.len(), 2);
    assert_eq!(updated.max_bookings_per_day, Some(3));
    assert_eq!(updated.buffer_after_minutes, 15);
    let cleared = host
        .update_agenda(
            agenda.id,
            &UpdateAgendaRequest {
                max_bookings_per_day: Some(None),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(cleared.max_bookings_per_day, None);
    assert_eq!(cleared.availability.len(), 2, "absent fields do not change");
    // Duplicate slug: 409. Deactivate: gone from the public page.
    assert_eq!(
        status(
            host.create_agenda(&agenda_body("Intro call"))
                .await
                .unwrap_err()
        ),
        409
    );
    host.update_agenda(
        agenda.id,
        &UpdateAgendaRequest {
            active: Some(false),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        status(
            app.client()
                .public_agenda(&me.slug, "intro-call")
                .await
                .unwrap_err()
        ),
        404
    );
    // Another host cannot see it.
    let other = app.client();
    other
        .signup(&signup_body("other@example.com"))
        .await
        .unwrap();
    assert_eq!(status(other.get_agenda(agenda.id).await.unwrap_err()), 404);
    host.delete_agenda(agenda.id).await.unwrap();
    assert!(host.list_agendas().await.unwrap().items.is_empty());
}

async fn booking_lifecycle(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let (host, agenda) = host_with_agenda(&app).await;
    let second = host
        .create_agenda(&agenda_body("Second agenda"))
        .await
        .unwrap();
    let guest = app.client();
    let slot = first_slot(&guest, agenda.id).await;
    let before = Utc::now().timestamp();
    let booked = guest
        .create_booking(&guest_booking(agenda.id, slot.start, 1), None)
        .await
        .unwrap();
    assert_eq!(booked.status, BookingStatus::Confirmed);
    assert_eq!((booked.start, booked.end), (slot.start, slot.end));
    // Room: smartcal-{agenda_id}-{unix}-{suffix ≥ 8 lowercase alphanumerics}.
    let prefix = format!("smartcal-{}-", agenda.id);
    let rest = booked.room_name.strip_prefix(&prefix).expect("room prefix");
    let (ts, suffix) = rest.split_once('-').unwrap();
    let ts: i64 = ts.parse().unwrap();
    assert!((before - 1..=Utc::now().timestamp() + 1).contains(&ts));
    assert!(
        suffix.len() >= 8
            && suffix
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    );
    assert_eq!(
        booked.meeting_url,
        format!("https://jitsi.example.test/{}", booked.room_name)
    );
    let token = booked
        .manage_token
        .clone()
        .expect("guest gets a manage token");
    assert!(booked
        .manage_url
        .as_deref()
        .unwrap()
        .ends_with(&format!("/booking/{}?token={token}", booked.id)));
    // The slot is gone, on this agenda and on the host's other agenda.
    for a in [agenda.id, second.id] {
        let slots = slots_in_days(&guest, a, 2, 3).await;
        assert!(
            slots.iter().all(|s| s.start != slot.start),
            "taken slot still offered"
        );
    }
    // Taken: 409 (also via the other agenda). Not a slot: 422. In the past: 422.
    assert_eq!(
        status(
            guest
                .create_booking(&guest_booking(agenda.id, slot.start, 2), None)
                .await
                .unwrap_err()
        ),
        409
    );
    assert_eq!(
        status(
            guest
                .create_booking(&guest_booking(second.id, slot.start, 2), None)
                .await
                .unwrap_err()
        ),
        409
    );
    let odd = slot.start + Duration::minutes(7);
    assert_eq!(
        status(
            guest
                .create_booking(&guest_booking(agenda.id, odd, 2), None)
                .await
                .unwrap_err()
        ),
        422
    );
    let past = slot.start - Duration::days(10);
    assert_eq!(
        status(
            guest
                .create_booking(&guest_booking(agenda.id, past, 2), None)
                .await
                .unwrap_err()
        ),
        422
    );
    // Host sees it under upcoming with its meeting URL; the guest sees it with the token only.
    let upcoming = host
        .list_bookings(BookingScope::Upcoming, None, None)
        .await
        .unwrap();
    assert_eq!(upcoming.items.len(), 1);
    assert_eq!(upcoming.items[0].meeting_url, booked.meeting_url);
    assert!(upcoming.items[0].manage_token.is_none());
    assert_eq!(
        guest.get_booking(booked.id, Some(&token)).await.unwrap().id,
        booked.id
    );
    assert_eq!(
        status(
            guest
                .get_booking(booked.id, Some("wrong"))
                .await
                .unwrap_err()
        ),
        404
    );
    // Without credentials: the same 404 as an unknown id (a 401 would tell it exists).
    assert_eq!(
        status(guest.get_booking(booked.id, None).await.unwrap_err()),
        404
    );
    // Invitation.
    let ics = guest.booking_ics(booked.id, Some(&token)).await.unwrap();
    assert!(ics.contains("METHOD:REQUEST\r\n"), "{ics}");
    assert!(ics.contains(&format!("UID:{}@smartcal", booked.id)));
    assert!(ics.contains("SEQUENCE:0"));
    // Reschedule by the guest: same id, same room, sequence bumped; old slot free again.
    let later = slots_in_days(&guest, agenda.id, 4, 4).await[3].clone();
    let moved = guest
        .reschedule_booking(
            booked.id,
            Some(&token),
            &RescheduleBookingRequest { start: later.start },
        )
        .await
        .unwrap();
    assert_eq!(
        (moved.id, moved.room_name.clone(), moved.sequence),
        (booked.id, booked.room_name.clone(), 1)
    );
    assert_eq!(moved.start, later.start);
    let again = slots_in_days(&guest, agenda.id, 2, 3).await;
    assert!(
        again.iter().any(|s| s.start == slot.start),
        "old slot freed"
    );
    // Cancel by the host: slot free, status cancelled, out of upcoming, ICS says CANCEL.
    let cancelled = host
        .cancel_booking(
            booked.id,
            None,
            &CancelBookingRequest {
                reason: Some("Sick".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    assert_eq!(cancelled.cancel_reason.as_deref(), Some("Sick"));
    assert!(host
        .list_bookings(BookingScope::Upcoming, None, None)
        .await
        .unwrap()
        .items
        .is_empty());
    assert_eq!(
        host.list_bookings(BookingScope::All, None, None)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    let ics = host.booking_ics(booked.id, None).await.unwrap();
    assert!(ics.contains("METHOD:CANCEL") && ics.contains("STATUS:CANCELLED"));
    assert_eq!(
        status(
            guest
                .cancel_booking(booked.id, Some(&token), &Default::default())
                .await
                .unwrap_err()
        ),
        409
    );
    guest
        .create_booking(&guest_booking(agenda.id, later.start, 3), None)
        .await
        .unwrap();
    // Pagination: 5 more bookings, pages of 2, soonest first, nothing lost or repeated.
    let slots = slots_in_days(&guest, agenda.id, 5, 5).await;
    for (i, s) in slots.iter().take(5).enumerate() {
        guest
            .create_booking(&guest_booking(agenda.id, s.start, 10 + i), None)
            .await
            .unwrap();
    }
    let (mut seen, mut cursor) = (vec![], None::<String>);
    loop {
        let page = host
            .list_bookings(BookingScope::Upcoming, cursor.as_deref(), Some(2))
            .await
            .unwrap();
        assert!(page.items.len() <= 2);
        seen.extend(page.items.iter().map(|b| b.start));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(seen.len(), 6);
    assert!(seen.windows(2).all(|w| w[0] < w[1]));
}

async fn idempotent_retry_returns_first_answer(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let (host, agenda) = host_with_agenda(&app).await;
    // An integrator booking for guests: its keys are its own (anonymous keys are scoped to
    // the body, see tests/safety_bookings.rs).
    let guest = host.clone();
    let slot = first_slot(&guest, agenda.id).await;
    let body = guest_booking(agenda.id, slot.start, 1);
    let first = guest.create_booking(&body, Some("key-123")).await.unwrap();
    let retry = guest.create_booking(&body, Some("key-123")).await.unwrap();
    assert_eq!(first, retry);
    let other = guest_booking(agenda.id, slot.start + Duration::minutes(30), 2);
    assert_eq!(
        status(
            guest
                .create_booking(&other, Some("key-123"))
                .await
                .unwrap_err()
        ),
        422
    );
    assert_eq!(
        host.list_bookings(BookingScope::All, None, None)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
}

async fn race(app: &TestApp, agendas: &[Uuid], start: chrono::DateTime<Utc>, n: usize) -> Vec<u16> {
    let clients: Vec<Client> = (0..n).map(|_| app.client()).collect();
    join_all(clients.iter().enumerate().map(|(i, c)| {
        let body = guest_booking(agendas[i % agendas.len()], start, i);
        async move {
            match c.create_booking(&body, None).await {
                Ok(_) => 201,
                Err(e) => status(e),
            }
        }
    }))
    .await
}

async fn concurrent_requests_for_one_slot_book_once(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let (host, agenda) = host_with_agenda(&app).await;
    let slot = first_slot(&app.client(), agenda.id).await;
    let codes = race(&app, &[agenda.id], slot.start, 50).await;
    assert_eq!(tally(&codes), (1, 49));
    assert_eq!(
        host.list_bookings(BookingScope::All, None, None)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
}

async fn concurrent_requests_across_agendas_of_one_host_book_once(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let (host, a) = host_with_agenda(&app).await;
    let mut b_body = agenda_body("Long call");
    b_body.duration_minutes = 60;
    let b = host.create_agenda(&b_body).await.unwrap();
    let slot = first_slot(&app.client(), a.id).await;
    // The 60-minute agenda's slot overlaps the 30-minute one: only one may win.
    let codes = race(&app, &[a.id, b.id], slot.start, 50).await;
    assert_eq!(tally(&codes), (1, 49));
    let all = host
        .list_bookings(BookingScope::All, None, None)
        .await
        .unwrap()
        .items;
    assert_eq!(all.len(), 1);
}

/// Counts of everything a host can see, to prove bad requests changed nothing.
/// The host's data, without the email delivery state (the outbox worker moves it on its own).
async fn snapshot(host: &Client) -> String {
    let mut bookings = host
        .list_bookings(BookingScope::All, None, None)
        .await
        .unwrap();
    for b in &mut bookings.items {
        b.notifications = None;
    }
    format!(
        "{:?}|{:?}|{:?}|{:?}",
        host.me().await.unwrap(),
        host.list_agendas().await.unwrap(),
        bookings,
        host.list_api_keys().await.unwrap().items.len(),
    )
}

async fn malformed_requests_get_problems_and_change_nothing(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let (host, agenda) = host_with_agenda(&app).await;
    let slot = first_slot(&host, agenda.id).await;
    let booked = app
        .client()
        .create_booking(&guest_booking(agenda.id, slot.start, 1), None)
        .await
        .unwrap();
    let key = host
        .create_api_key(&CreateApiKeyRequest {
            name: "bad input".into(),
        })
        .await
        .unwrap()
        .key;
    let before = snapshot(&host).await;
    let a = agenda.id;
    let b = booked.id;
    let good_start = slot.start + Duration::minutes(30);
    let big = "x".repeat(100_000);
    let http = reqwest::Client::new();
    let j = |v: serde_json::Value| v.to_string();
    // (method, path, content type, body, expected status)
    let cases: Vec<(&str, String, Option<&str>, String, u16)> = vec![
        (
            "POST",
            "/auth/signup".into(),
            None,
            j(serde_json::json!({"email":"a@b.co"})),
            415,
        ),
        (
            "POST",
            "/auth/signup".into(),
            Some("text/plain"),
            "hello".into(),
            415,
        ),
        (
            "POST",
            "/auth/signup".into(),
            Some("application/json"),
            "{bad".into(),
            400,
        ),
        (
            "POST",
            "/auth/signup".into(),
            Some("application/json"),
            "".into(),
            400,
        ),
        (
            "POST",
            "/auth/signup".into(),
            Some("application/json"),
            j(serde_json::json!({"email":"x@y.co"})),
            422,
        ),
        (
            "POST",
            "/auth/signup".into(),
            Some("application/json"),
            j(
                serde_json::json!({"email":"nope","name":"N","password":"longenough","time_zone":"UTC"}),
            ),
            422,
        ),
        (
            "POST",
            "/auth/signup".into(),
            Some("application/json"),
            j(
                serde_json::json!({"email":"n@x.co","name":"N","password":"short","time_zone":"UTC"}),
            ),
            422,
        ),
        (
            "POST",
            "/auth/signup".into(),
            Some("application/json"),
            j(
                serde_json::json!({"email":"n@x.co","name":"N","password":"longenough","time_zone":"Mars/Olympus"}),
            ),
            422,
        ),
        (
            "POST",
            "/auth/signup".into(),
            Some("application/json"),
            j(
                serde_json::json!({"email":"n@x.co","name":"N","password":"longenough","time_zone":"UTC","slug":"Bad Slug"}),
            ),
            422,
        ),
        (
            "POST",
            "/auth/signup".into(),
            Some("application/json"),
            j(
                serde_json::json!({"email":"n@x.co","name":big,"password":"longenough","time_zone":"UTC"}),
            ),
            413,
        ),
        (
            "POST",
            "/auth/signup".into(),
            Some("application/json"),
            "[]".into(),
            422,
        ),
        (
            "POST",
            "/auth/signup".into(),
            Some("application/json"),
            "null".into(),
            422,
        ),
        (
            "POST",
            "/auth/login".into(),
            Some("application/json"),
            j(serde_json::json!({"email":"x@y.co","password":"whatever1"})),
            401,
        ),
        (
            "POST",
            "/auth/login".into(),
            Some("application/json"),
            j(serde_json::json!({"email":"","password":""})),
            422,
        ),
        (
            "POST",
            "/agendas".into(),
            Some("application/json"),
            j(serde_json::json!({"title":"T","duration_minutes":30})),
            401,
        ),
        ("GET", "/agendas".into(), None, "".into(), 401),
        ("GET", "/bookings".into(), None, "".into(), 401),
        ("GET", format!("/bookings/{b}"), None, "".into(), 404),
        (
            "GET",
            format!("/bookings/{b}?token=wrong"),
            None,
            "".into(),
            404,
        ),
        (
            "POST",
            format!("/bookings/{b}/cancel?token=wrong"),
            Some("application/json"),
            "{}".into(),
            404,
        ),
        (
            "POST",
            format!("/bookings/{b}/reschedule?token=wrong"),
            Some("application/json"),
            j(serde_json::json!({"start": good_start})),
            404,
        ),
        (
            "GET",
            format!("/bookings/{b}/ics?token=wrong"),
            None,
            "".into(),
            404,
        ),
        ("GET", "/bookings/not-a-uuid".into(), None, "".into(), 404),
        (
            "GET",
            format!("/agendas/{a}/slots?from=2026-13-01"),
            None,
            "".into(),
            422,
        ),
        (
            "GET",
            format!("/agendas/{a}/slots?from=2030-01-10&to=2030-01-01"),
            None,
            "".into(),
            422,
        ),
        (
            "GET",
            format!("/agendas/{a}/slots?from=2030-01-01&to=2030-06-01"),
            None,
            "".into(),
            422,
        ),
        (
            "GET",
            format!("/agendas/{a}/slots?time_zone=Nowhere/City"),
            None,
            "".into(),
            422,
        ),
        (
            "GET",
            format!("/agendas/{}/slots", Uuid::new_v4()),
            None,
            "".into(),
            404,
        ),
        (
            "GET",
            "/public/hosts/nobody/agendas/nothing".into(),
            None,
            "".into(),
            404,
        ),
        (
            "POST",
            "/bookings".into(),
            Some("application/json"),
            j(
                serde_json::json!({"agenda_id": Uuid::new_v4(), "start": good_start, "guest_name":"G", "guest_email":"g@x.co"}),
            ),
            404,
        ),
        (
            "POST",
            "/bookings".into(),
            Some("application/json"),
            j(
                serde_json::json!({"agenda_id": a, "start": good_start + Duration::minutes(7), "guest_name":"G", "guest_email":"g@x.co"}),
            ),
            422,
        ),
        (
            "POST",
            "/bookings".into(),
            Some("application/json"),
            j(
                serde_json::json!({"agenda_id": a, "start": "2020-01-01T10:00:00Z", "guest_name":"G", "guest_email":"g@x.co"}),
            ),
            422,
        ),
        (
            "POST",
            "/bookings".into(),
            Some("application/json"),
            j(
                serde_json::json!({"agenda_id": a, "start": good_start, "guest_name":"G", "guest_email":"not an email"}),
            ),
            422,
        ),
        (
            "POST",
            "/bookings".into(),
            Some("application/json"),
            j(
                serde_json::json!({"agenda_id": a, "start": good_start, "guest_name":"  ", "guest_email":"g@x.co"}),
            ),
            422,
        ),
        (
            "POST",
            "/bookings".into(),
            Some("application/json"),
            j(
                serde_json::json!({"agenda_id": a, "start": "tomorrow", "guest_name":"G", "guest_email":"g@x.co"}),
            ),
            422,
        ),
        (
            "POST",
            "/bookings".into(),
            Some("application/json"),
            j(
                serde_json::json!({"agenda_id": "x", "start": good_start, "guest_name":"G", "guest_email":"g@x.co"}),
            ),
            422,
        ),
        (
            "POST",
            "/bookings".into(),
            Some("application/json"),
            j(
                serde_json::json!({"agenda_id": a, "start": good_start, "guest_name":"G", "guest_email":"g@x.co", "guest_time_zone":"Bad/Zone"}),
            ),
            422,
        ),
        (
            "POST",
            "/bookings".into(),
            Some("application/json"),
            j(
                serde_json::json!({"agenda_id": a, "start": slot.start, "guest_name":"G", "guest_email":"g@x.co"}),
            ),
            409,
        ),
        ("DELETE", "/bookings".into(), None, "".into(), 405),
        ("PUT", "/agendas".into(), None, "".into(), 405),
        ("GET", "/nope".into(), None, "".into(), 404),
        (
            "GET",
            "/agendas/../../etc/passwd".into(),
            None,
            "".into(),
            404,
        ),
    ];
    assert!(cases.len() >= 30);
    for (method, path, ctype, body, expected) in &cases {
        let mut rq = http.request(method.parse().unwrap(), app.api(path));
        if let Some(ct) = ctype {
            rq = rq.header("content-type", *ct);
        }
        let res = rq.body(body.clone()).send().await.unwrap();
        let code = res.status().as_u16();
        let ct = res
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let text = res.text().await.unwrap();
        assert_eq!(code, *expected, "{method} {path}: {text}");
        assert_eq!(ct, "application/problem+json", "{method} {path}");
        let p: Problem =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method} {path}: {e}: {text}"));
        assert_eq!(p.status, code);
        if code == 422 && path.starts_with("/auth/signup") {
            assert!(!p.errors.is_empty(), "field errors expected: {text}");
        }
    }
    // Authenticated bad input to the host's own endpoints.
    let bad_agendas = [
        serde_json::json!({"title":"T","duration_minutes":0}),
        serde_json::json!({"title":"","duration_minutes":30}),
        serde_json::json!({"title":"T","duration_minutes":30,"availability":[{"weekday":"funday","start":"09:00","end":"10:00"}]}),
        serde_json::json!({"title":"T","duration_minutes":30,"availability":[{"weekday":"mon","start":"10:00","end":"09:00"}]}),
        serde_json::json!({"title":"T","duration_minutes":30,"availability":[{"weekday":"mon","start":"25:00","end":"26:00"}]}),
        serde_json::json!({"title":"T","duration_minutes":30,"time_zone":"Nope"}),
        serde_json::json!({"title":"T","duration_minutes":30,"horizon_days":0}),
        serde_json::json!({"title":"T","duration_minutes":"thirty"}),
        serde_json::json!({"title":"T","duration_minutes":-5}),
    ];
    for body in &bad_agendas {
        let res = http
            .post(app.api("/agendas"))
            .bearer_auth(&key)
            .json(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 422, "{body}");
        let p: Problem = res.json().await.unwrap();
        assert!(!p.errors.is_empty(), "field errors expected for {body}");
    }
    assert_eq!(
        status(
            host.list_bookings(BookingScope::All, Some("garbage"), None)
                .await
                .unwrap_err()
        ),
        422
    );
    assert_eq!(
        status(
            host.list_bookings(BookingScope::All, None, Some(0))
                .await
                .unwrap_err()
        ),
        422
    );
    assert_eq!(
        status(
            host.update_agenda(Uuid::new_v4(), &Default::default())
                .await
                .unwrap_err()
        ),
        404
    );
    assert_eq!(
        status(host.revoke_api_key(Uuid::new_v4()).await.unwrap_err()),
        404
    );
    assert_eq!(snapshot(&host).await, before, "bad requests changed data");
}

async fn migrations_up_down_up(db: Db) {
    let Some(test_db) = test_db(db) else { return };
    let pool = smartcal_db::connect(&test_db.url, &Default::default()).unwrap();
    let mut c = pool.get().unwrap();
    smartcal_db::revert_all_migrations(&mut c).unwrap();
    smartcal_db::run_migrations(&mut c).unwrap();
    assert!(!smartcal_db::hosts::slug_exists(&mut c, "x").unwrap());
}

#[tokio::test]
async fn unknown_api_paths_are_problems_and_app_paths_get_the_spa() {
    let app = spawn(Db::Sqlite).await.unwrap();
    let http = reqwest::Client::new();
    let res = http.get(app.api("/does-not-exist")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    for path in [
        "/",
        "/dashboard",
        "/book/someone/intro",
        "/booking/123?token=x",
    ] {
        let res = http
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let body = res.text().await.unwrap();
        assert!(body.contains("<html"), "{path}");
    }
    let docs = http
        .get(format!("{}/api/docs/", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await.unwrap().contains("swagger"));
}

/// `/api/docs` as people type it reaches the docs page (a redirect, not a 404 problem).
#[tokio::test]
async fn the_docs_page_answers_without_its_trailing_slash() {
    let app = spawn(Db::Sqlite).await.unwrap();
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = no_redirects
        .get(format!("{}/api/docs", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 308);
    assert_eq!(res.headers()["location"], "/api/docs/");
    let followed = reqwest::get(format!("{}/api/docs", app.base))
        .await
        .unwrap();
    assert_eq!(followed.status(), 200);
    assert!(followed.text().await.unwrap().contains("swagger"));
}

/// A stopped app has let go of everything: no connection of its pool, listener or jobs is left
/// on its database, and its port is closed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_app_leaves_no_connection_behind() {
    let Some(app) = spawn(Db::Postgres).await else {
        return;
    };
    let (host, agenda) = host_with_agenda(&app).await;
    let slot = first_slot(&host, agenda.id).await;
    host.create_booking(&guest_booking(agenda.id, slot.start, 1), None)
        .await
        .unwrap();
    let name = app._db.url.rsplit('/').next().unwrap().to_owned();
    let admin = std::env::var("SMARTCAL_TEST_POSTGRES_URL").unwrap();
    let connections = move || {
        use diesel::{Connection, RunQueryDsl};
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut c = diesel::PgConnection::establish(&admin).unwrap();
        diesel::sql_query(format!(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = '{name}'"
        ))
        .get_result::<N>(&mut c)
        .unwrap()
        .n
    };
    let before = tokio::task::spawn_blocking(connections.clone())
        .await
        .unwrap();
    assert!(
        before >= 2,
        "the pool and the cache listener are connected: {before}"
    );
    let TestApp {
        app: running,
        _db: db,
        ..
    } = app;
    tokio::task::spawn_blocking(move || running.stop())
        .await
        .unwrap();
    // The app has closed its sockets when stop returns; PostgreSQL's backends for them end
    // right after, so give the server a moment to notice.
    let mut after = -1;
    for _ in 0..50 {
        let count = connections.clone();
        after = tokio::task::spawn_blocking(count).await.unwrap();
        if after == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(after, 0, "connections left after the app stopped");
    assert!(host.health().await.is_err(), "the port is closed");
    drop(db);
}

/// `openapi.yaml` is generated from the handlers; this fails on drift.
/// `UPDATE_OPENAPI=1 cargo test -p smartcal-server --test api openapi` rewrites it.
#[tokio::test]
async fn openapi_yaml_is_current_and_served() {
    let yaml = smartcal_server::http::openapi::api_doc_yaml().unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi.yaml");
    if std::env::var("UPDATE_OPENAPI").is_ok() {
        std::fs::write(path, &yaml).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == yaml,
        "openapi.yaml is out of date: run `just openapi` (cargo xtask openapi)"
    );
    let app = spawn(Db::Sqlite).await.unwrap();
    let served: serde_json::Value = reqwest::get(app.api("/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        served,
        smartcal_server::http::openapi::api_doc_json(&smartcal_server::http::openapi::api_doc())
    );
    let from_yaml: serde_json::Value = serde_norway::from_str(&committed).unwrap();
    assert_eq!(
        from_yaml, served,
        "the committed YAML and the served JSON are one document"
    );
    for event in [
        "booking.created",
        "booking.cancelled",
        "booking.rescheduled",
    ] {
        assert_eq!(
            served["webhooks"][event]["post"]["requestBody"]["content"]["application/json"]
                ["schema"]["$ref"],
            "#/components/schemas/WebhookPayload"
        );
    }
    assert!(served["components"]["schemas"]["WebhookPayload"].is_object());
    for p in [
        "/auth/signup",
        "/bookings",
        "/bookings/{id}/reschedule",
        "/agendas/{id}/slots",
        "/public/hosts/{host_slug}/agendas/{agenda_slug}",
    ] {
        assert!(
            served["paths"].get(p).is_some(),
            "{p} missing from the spec"
        );
    }
}

/// Two `smartcal` processes on one PostgreSQL database: 50 racing guests, one booking.
#[tokio::test]
async fn two_processes_on_postgres_book_a_slot_once() {
    let Some(test_db) = test_db(Db::Postgres) else {
        return;
    };
    let mut procs = vec![];
    for _ in 0..2 {
        procs.push(Server::start(&test_db, &[]).await);
    }
    let bases: Vec<String> = procs.iter().map(|p| p.base.clone()).collect();
    let host = Client::new(&bases[0]).unwrap();
    host.signup(&signup_body("two@example.com")).await.unwrap();
    let agenda = host.create_agenda(&agenda_body("Intro")).await.unwrap();
    let slot = first_slot(&host, agenda.id).await;
    let clients: Vec<Client> = (0..50)
        .map(|i| Client::new(&bases[i % 2]).unwrap())
        .collect();
    let codes: Vec<u16> = join_all(clients.iter().enumerate().map(|(i, c)| {
        let body = guest_booking(agenda.id, slot.start, i);
        async move {
            c.create_booking(&body, None)
                .await
                .map(|_| 201)
                .unwrap_or_else(status)
        }
    }))
    .await;
    assert_eq!(tally(&codes), (1, 49));
    assert_eq!(
        host.list_bookings(BookingScope::All, None, None)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
}

/// SIGTERM lets in-flight requests finish, then the process exits cleanly.
#[tokio::test]
async fn sigterm_drains_in_flight_requests() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_smartcal"))
        .arg("serve")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("s.db").display()),
        )
        .env("SMARTCAL_BIND", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let c = Client::new(&base).unwrap();
    for _ in 0..100 {
        if c.health().await.is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Signups hash a password (slow in debug builds): start several, then SIGTERM at once.
    let clients: Vec<Client> = (0..4).map(|_| Client::new(&base).unwrap()).collect();
    let inflight = join_all(clients.iter().enumerate().map(|(i, c)| async move {
        c.signup(&signup_body(&format!("drain{i}@example.com")))
            .await
    }));
    let pid = child.id().unwrap();
    let killer = async {
        tokio::time::sleep(std::time::Duration::from_millis(30)).await;
        std::process::Command::new("kill")
            .arg("-TERM")
            .arg(pid.to_string())
            .status()
            .unwrap();
    };
    let (results, _) = tokio::join!(inflight, killer);
    for r in results {
        assert!(r.is_ok(), "an in-flight request was dropped: {r:?}");
    }
    let exit = tokio::time::timeout(std::time::Duration::from_secs(35), child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(exit.success(), "exit status {exit:?}");
}
