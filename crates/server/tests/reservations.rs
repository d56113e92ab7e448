//! Reservations for a self-hosted Jitsi (SPEC §11): the calls prosody's `reservations` module
//! (jitsi-meet `resources/prosody-plugins/mod_reservations.lua`) makes, shaped byte for byte as
//! it sends them — `http.formencode` of `{name, start_time, mail_owner}` (every byte but
//! `[A-Za-z0-9]` escaped in lowercase hex, keys included, fields in any order), `Content-Type:
//! application/x-www-form-urlencoded` (prosody's `net.http` for any body), its `User-Agent`,
//! the `reservations_api_headers` bearer — and read as it reads the answers. Black-box: real
//! `smartcal` processes, their clocks shifted (`SMARTCAL_CLOCK_OFFSET_SECONDS`) to moments
//! around a booking made at real time, on SQLite and PostgreSQL.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::*;
use serde_json::Value;
use smartcal_client::Client;
use smartcal_types::*;

on_both!(
    a_confirmed_booking_in_its_window_opens_its_room_until_its_end_plus_overtime,
    outside_its_window_a_room_is_refused_with_a_message,
    unknown_rooms_and_unconfirmed_bookings_are_refused,
    a_wrong_or_missing_secret_is_refused_without_booking_data,
    without_a_secret_the_endpoints_do_not_exist,
    get_and_delete_answer_as_the_module_reads_them,
    reservation_calls_are_rate_limited_per_address,
);

const SECRET: &str = "prosody-reservations-0123456789abcdef";

/// What prosody's `util.http` `_formencodepart` does: `%W` (anything but a letter or digit)
/// becomes `%xx` in lowercase hex, a space `+`.
fn formencode_part(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b' ' => "+".to_owned(),
            b if b.is_ascii_alphanumeric() => (b as char).to_string(),
            b => format!("%{b:02x}"),
        })
        .collect()
}

/// `http.formencode` of an unordered Lua table: `pairs` gives no order, so the fields come in
/// the order given (tests vary it).
fn formencode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", formencode_part(k), formencode_part(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The module's `to_java_date_string(os.time())`: whole seconds, `.000Z`.
fn java_date(t: DateTime<Utc>) -> String {
    format!("{}.000Z", t.format("%Y-%m-%dT%H:%M:%S"))
}

/// The form `call_api_create_conference` sends for `room`, opened by an anonymous user.
fn prosody_form(room: &str) -> String {
    formencode(&[
        ("mail_owner", "f3a9c2d1@meet.example.test"),
        ("start_time", &java_date(Utc::now())),
        ("name", room),
    ])
}

/// An answer: status, `Content-Type`, body as text and as JSON (`Null` when not JSON).
struct Answer {
    status: u16,
    content_type: String,
    text: String,
    json: Value,
}

/// One call as prosody's `net.http` makes it: `method` to `{base}/api/v1/jitsi{path}` with the
/// module's `User-Agent`, `authorization` as configured in `reservations_api_headers` and, with
/// a body, prosody's `Content-Type`.
async fn call(
    base: &str,
    method: reqwest::Method,
    path: &str,
    authorization: Option<&str>,
    body: Option<String>,
) -> Answer {
    let mut req = reqwest::Client::new()
        .request(method, format!("{base}/api/v1/jitsi{path}"))
        .header("User-Agent", "Prosody (0.12.4; posix)")
        .header("Connection", "close");
    if let Some(a) = authorization {
        req = req.header("Authorization", a);
    }
    if let Some(b) = body {
        req = req
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let content_type = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let text = res.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer {
        status,
        content_type,
        text,
        json,
    }
}

fn bearer() -> String {
    format!("Bearer {SECRET}")
}

/// `POST /conference` for `room` with the right secret.
async fn reserve(base: &str, room: &str) -> Answer {
    call(
        base,
        reqwest::Method::POST,
        "/conference",
        Some(&bearer()),
        Some(prosody_form(room)),
    )
    .await
}

/// A process on `db` whose clock reads `moment` now (plus the secret and `extra`).
async fn server_at(db: &TestDb, moment: DateTime<Utc>, extra: &[(&str, &str)]) -> Server {
    let offset = (moment - Utc::now()).num_seconds().to_string();
    let mut env = vec![
        ("JITSI_RESERVATION_SECRET", SECRET),
        ("SMARTCAL_CLOCK_OFFSET_SECONDS", offset.as_str()),
    ];
    env.extend_from_slice(extra);
    Server::start(db, &env).await
}

/// A booking made at real time on `server`, by a new host (requiring confirmation or not).
async fn book(server: &Server, asks_first: bool) -> Booking {
    let host = Client::new(&server.base).unwrap();
    host.signup(&signup_body(&format!(
        "{}@example.com",
        uuid::Uuid::new_v4().simple()
    )))
    .await
    .unwrap();
    let mut agenda = agenda_body("Intro call");
    agenda.requires_confirmation = Some(asks_first);
    let agenda = host.create_agenda(&agenda).await.unwrap();
    let slot = first_slot(&host, agenda.id).await;
    let guest = Client::new(&server.base).unwrap();
    guest
        .create_booking(&guest_booking(agenda.id, slot.start, 1), None)
        .await
        .unwrap()
}

/// Checks a 200 the way `parse_conference_response` does, and that the room may run exactly to
/// `until`; returns the answer's `start_time` (parsed).
fn granted(a: &Answer, name: &str, id: uuid::Uuid, until: DateTime<Utc>) -> DateTime<Utc> {
    assert_eq!(a.status, 200, "{}", a.text);
    assert!(
        a.content_type.starts_with("application/json"),
        "{}",
        a.content_type
    );
    assert_eq!(
        a.json["name"].as_str().unwrap().to_lowercase(),
        name.to_lowercase()
    );
    assert_eq!(
        a.json["name"], name,
        "the name comes back as prosody sent it"
    );
    assert_eq!(a.json["id"], id.to_string());
    assert!(a.json["mail_owner"].is_string());
    let start_time = a.json["start_time"].as_str().unwrap();
    assert!(
        start_time.ends_with(".000Z") && start_time.len() == 24,
        "yyyy-MM-ddTHH:mm:ss.SSSZ: {start_time}"
    );
    let start = DateTime::parse_from_rfc3339(start_time)
        .unwrap()
        .with_timezone(&Utc);
    let duration = a.json["duration"].as_i64().expect("duration in seconds");
    assert_eq!(
        start + Duration::seconds(duration),
        until,
        "prosody closes the room at start_time + duration"
    );
    start
}

/// A 403 `{message}` (what the module passes to the participant's client).
fn refused(a: &Answer) -> String {
    assert_eq!(a.status, 403, "{}", a.text);
    let message = a.json["message"].as_str().expect("a message").to_owned();
    assert!(!message.is_empty());
    message
}

async fn a_confirmed_booking_in_its_window_opens_its_room_until_its_end_plus_overtime(db: Db) {
    let Some(test_db) = test_db(db) else {
        return;
    };
    let now = server_at(&test_db, Utc::now(), &[]).await;
    let b = book(&now, false).await;
    now.stop().await;
    let until = b.end + Duration::minutes(15);

    // Nine minutes early (JITSI_EARLY_JOIN_MINUTES defaults to 10).
    let early = server_at(&test_db, b.start - Duration::minutes(9), &[]).await;
    let start = granted(
        &reserve(&early.base, &b.room_name).await,
        &b.room_name,
        b.id,
        until,
    );
    let expected = b.start - Duration::minutes(9);
    assert!(
        (start - expected).num_seconds().abs() < 30,
        "start_time is the server's now: {start} vs {expected}"
    );
    assert_eq!(
        reserve(&early.base, &b.room_name).await.json["id"],
        b.id.to_string(),
        "asking again (a room re-created) is judged afresh"
    );
    early.stop().await;

    // During the meeting: the room's name in any case, or behind a tenant, as the module names
    // it; and the Jitsi handbook's own example request shape.
    let during = server_at(&test_db, b.start + Duration::minutes(5), &[]).await;
    granted(
        &reserve(&during.base, &b.room_name).await,
        &b.room_name,
        b.id,
        until,
    );
    let upper = b.room_name.to_uppercase();
    granted(&reserve(&during.base, &upper).await, &upper, b.id, until);
    let tenant = format!("[acme]{}", b.room_name);
    let a = reserve(&during.base, &tenant).await;
    granted(&a, &tenant, b.id, until);
    assert_eq!(a.json["mail_owner"], "f3a9c2d1@meet.example.test");
    let handbook = reqwest::Client::new()
        .post(format!("{}/api/v1/jitsi/conference", during.base))
        .header(
            "content-type",
            "application/x-www-form-urlencoded;charset=utf-8",
        )
        .header("Authorization", bearer())
        .body(format!(
            "name={}&start_time=2048-04-20T17%3A55%3A12.000Z&mail_owner=client1%40xmpp.com",
            b.room_name
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(handbook.status(), 200);
    let body: Value = handbook.json().await.unwrap();
    assert_eq!(body["name"], b.room_name.as_str());
    assert_eq!(body["mail_owner"], "client1@xmpp.com");
    during.stop().await;

    // JITSI_OVERTIME_MINUTES moves the end prosody enforces.
    let longer = server_at(
        &test_db,
        b.start + Duration::minutes(5),
        &[("JITSI_OVERTIME_MINUTES", "40")],
    )
    .await;
    granted(
        &reserve(&longer.base, &b.room_name).await,
        &b.room_name,
        b.id,
        b.end + Duration::minutes(40),
    );
    longer.stop().await;
}

async fn outside_its_window_a_room_is_refused_with_a_message(db: Db) {
    let Some(test_db) = test_db(db) else {
        return;
    };
    let now = server_at(&test_db, Utc::now(), &[]).await;
    let b = book(&now, false).await;
    // Days before.
    assert!(refused(&reserve(&now.base, &b.room_name).await).contains("opens at"));
    now.stop().await;

    for (moment, extra) in [
        // Eleven minutes early (the default early join is 10).
        (b.start - Duration::minutes(11), vec![]),
        // With JITSI_EARLY_JOIN_MINUTES=5, six minutes early.
        (
            b.start - Duration::minutes(6),
            vec![("JITSI_EARLY_JOIN_MINUTES", "5")],
        ),
        // After the end plus the 15 minutes of overtime: prosody would close it at once.
        (b.end + Duration::minutes(16), vec![]),
        // More than an hour after the end, whatever the overtime.
        (
            b.end + Duration::minutes(61),
            vec![("JITSI_OVERTIME_MINUTES", "120")],
        ),
    ] {
        let server = server_at(&test_db, moment, &extra).await;
        refused(&reserve(&server.base, &b.room_name).await);
        let get = call(
            &server.base,
            reqwest::Method::GET,
            &format!("/conference/{}", b.id),
            Some(&bearer()),
            None,
        )
        .await;
        refused(&get);
        server.stop().await;
    }

    // The same moments' neighbours inside the window are granted (the bounds are where SPEC
    // §11 puts them).
    let last = server_at(
        &test_db,
        b.end + Duration::minutes(59),
        &[("JITSI_OVERTIME_MINUTES", "120")],
    )
    .await;
    granted(
        &reserve(&last.base, &b.room_name).await,
        &b.room_name,
        b.id,
        b.end + Duration::minutes(120),
    );
    last.stop().await;
}

async fn unknown_rooms_and_unconfirmed_bookings_are_refused(db: Db) {
    let Some(test_db) = test_db(db) else {
        return;
    };
    let now = server_at(&test_db, Utc::now(), &[]).await;
    // Three hosts book the same first slot: one stays confirmed, one is cancelled, one is a
    // request still waiting for its host.
    let confirmed = book(&now, false).await;
    let cancelled = book(&now, false).await;
    let pending = book(&now, true).await;
    assert_eq!(pending.status, BookingStatus::Pending);
    assert_eq!(
        (confirmed.start, pending.start),
        (cancelled.start, cancelled.start)
    );
    Client::new(&now.base)
        .unwrap()
        .cancel_booking(
            cancelled.id,
            cancelled.manage_token.as_deref(),
            &CancelBookingRequest { reason: None },
        )
        .await
        .unwrap();
    now.stop().await;

    // Five minutes before the start: inside the window, and before the request is declined
    // for still pending at its start.
    let server = server_at(&test_db, confirmed.start - Duration::minutes(5), &[]).await;
    granted(
        &reserve(&server.base, &confirmed.room_name).await,
        &confirmed.room_name,
        confirmed.id,
        confirmed.end + Duration::minutes(15),
    );
    assert!(refused(&reserve(&server.base, &cancelled.room_name).await).contains("cancelled"));
    assert!(refused(&reserve(&server.base, &pending.room_name).await).contains("confirmation"));
    for unknown in [
        "smartcal-nosuchroom",
        "lobby",
        "",
        "[acme]",
        "smartcal-' OR 1=1 --",
    ] {
        let a = reserve(&server.base, unknown).await;
        if unknown.is_empty() {
            assert_eq!(a.status, 400, "{}", a.text);
            assert!(a.json["message"].is_string());
        } else {
            refused(&a);
        }
    }
    // A form larger than any prosody sends is not read to its end.
    let huge = call(
        &server.base,
        reqwest::Method::POST,
        "/conference",
        Some(&bearer()),
        Some(format!(
            "{}&pad={}",
            prosody_form(&confirmed.room_name),
            "x".repeat(70 * 1024)
        )),
    )
    .await;
    assert_eq!(huge.status, 413, "{}", huge.text);
    server.stop().await;
}

async fn a_wrong_or_missing_secret_is_refused_without_booking_data(db: Db) {
    let Some(test_db) = test_db(db) else {
        return;
    };
    let now = server_at(&test_db, Utc::now(), &[]).await;
    let b = book(&now, false).await;
    now.stop().await;
    let server = server_at(&test_db, b.start + Duration::minutes(5), &[]).await;
    let secret_prefix = format!("Bearer {}", &SECRET[..SECRET.len() - 1]);
    let secret_longer = format!("Bearer {SECRET}x");
    let wrong_scheme = format!("Basic {SECRET}");
    let bare = SECRET.to_owned();
    let wrong: [Option<&str>; 7] = [
        None,
        Some("Bearer"),
        Some("Bearer wrong-secret-0123456789abcdef"),
        Some(&secret_prefix),
        Some(&secret_longer),
        Some(&wrong_scheme),
        Some(&bare),
    ];
    let id_path = format!("/conference/{}", b.id);
    for authorization in wrong {
        for (method, path, body) in [
            (
                reqwest::Method::POST,
                "/conference",
                Some(prosody_form(&b.room_name)),
            ),
            (reqwest::Method::GET, id_path.as_str(), None),
            (reqwest::Method::DELETE, id_path.as_str(), None),
        ] {
            let a = call(&server.base, method.clone(), path, authorization, body).await;
            assert_eq!(
                a.status, 401,
                "{method} {path} with {authorization:?}: {}",
                a.text
            );
            assert!(a.json["message"].is_string(), "{}", a.text);
            for private in [
                b.room_name.as_str(),
                &b.id.to_string(),
                &b.guest_email,
                &b.guest_name,
                "duration",
                "start_time",
            ] {
                assert!(
                    !a.text.contains(private),
                    "{method} {path} with {authorization:?} leaks {private}: {}",
                    a.text
                );
            }
        }
    }
    // The right secret (the scheme's case does not matter) is answered.
    granted(
        &reserve(&server.base, &b.room_name).await,
        &b.room_name,
        b.id,
        b.end + Duration::minutes(15),
    );
    let lower = call(
        &server.base,
        reqwest::Method::POST,
        "/conference",
        Some(&format!("bearer {SECRET}")),
        Some(prosody_form(&b.room_name)),
    )
    .await;
    assert_eq!(lower.status, 200, "{}", lower.text);
    server.stop().await;
}

async fn without_a_secret_the_endpoints_do_not_exist(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (host, agenda) = host_with_agenda(&app).await;
    let slot = first_slot(&host, agenda.id).await;
    let b = app
        .client()
        .create_booking(&guest_booking(agenda.id, slot.start, 1), None)
        .await
        .unwrap();
    let id_path = format!("/conference/{}", b.id);
    for authorization in [None, Some(bearer())] {
        for (method, path, body) in [
            (
                reqwest::Method::POST,
                "/conference",
                Some(prosody_form(&b.room_name)),
            ),
            (reqwest::Method::GET, id_path.as_str(), None),
            (reqwest::Method::DELETE, id_path.as_str(), None),
        ] {
            let a = call(
                &app.base,
                method.clone(),
                path,
                authorization.as_deref(),
                body,
            )
            .await;
            assert_eq!(a.status, 404, "{method} {path}: {}", a.text);
            assert_eq!(a.content_type, "application/problem+json");
            assert!(!a.text.contains(&b.room_name));
        }
    }
}

async fn get_and_delete_answer_as_the_module_reads_them(db: Db) {
    let Some(test_db) = test_db(db) else {
        return;
    };
    let now = server_at(&test_db, Utc::now(), &[]).await;
    let b = book(&now, false).await;
    now.stop().await;
    let server = server_at(&test_db, b.start + Duration::minutes(1), &[]).await;
    let base = server.base.as_str();
    let until = b.end + Duration::minutes(15);

    // POST, then GET /conference/{id} with the id it answered (the module's conflict_id
    // path): the same reservation, named by its room; mail_owner the host's.
    let posted = reserve(base, &b.room_name).await;
    granted(&posted, &b.room_name, b.id, until);
    let id = posted.json["id"].as_str().unwrap().to_owned();
    let got = call(
        base,
        reqwest::Method::GET,
        &format!("/conference/{id}"),
        Some(&bearer()),
        None,
    )
    .await;
    granted(&got, &b.room_name, b.id, until);
    assert!(got.json["mail_owner"]
        .as_str()
        .unwrap()
        .ends_with("@example.com"));

    // DELETE once the room is destroyed: acknowledged (twice too), the booking untouched, and
    // a room opened again later is judged afresh.
    for _ in 0..2 {
        let deleted = call(
            base,
            reqwest::Method::DELETE,
            &format!("/conference/{id}"),
            Some(&bearer()),
            None,
        )
        .await;
        assert_eq!(deleted.status, 200, "{}", deleted.text);
    }
    granted(
        &reserve(base, &b.room_name).await,
        &b.room_name,
        b.id,
        until,
    );

    // Unknown ids: 404 {message}, for GET and DELETE alike.
    for unknown in [uuid::Uuid::new_v4().to_string(), "364758328".to_owned()] {
        for method in [reqwest::Method::GET, reqwest::Method::DELETE] {
            let a = call(
                base,
                method.clone(),
                &format!("/conference/{unknown}"),
                Some(&bearer()),
                None,
            )
            .await;
            assert_eq!(a.status, 404, "{method} {unknown}: {}", a.text);
            assert!(a.json["message"].is_string());
        }
    }
    server.stop().await;
}

async fn reservation_calls_are_rate_limited_per_address(db: Db) {
    let Some(test_db) = test_db(db) else {
        return;
    };
    let server = server_at(
        &test_db,
        Utc::now(),
        &[("SMARTCAL_RATE_LIMIT_PER_MINUTE", "3")],
    )
    .await;
    let mut codes = vec![];
    for _ in 0..5 {
        let a = call(
            &server.base,
            reqwest::Method::POST,
            "/conference",
            Some("Bearer wrong-secret-0123456789abcdef"),
            Some(prosody_form("smartcal-guess")),
        )
        .await;
        codes.push(a.status);
    }
    assert_eq!(codes, [401, 401, 401, 429, 429]);
    server.stop().await;
}
