//! Attendance (SPEC §11), black-box on SQLite and PostgreSQL: the Jitsi server's reports —
//! prosody `event_sync` calls and JaaS webhooks, shaped exactly as each sends them — become the
//! booking's `attendance`; repeats and reordering are harmless, unknown rooms and strangers
//! ignored, wrong secrets and signatures refused; no-shows are decided once, also by two
//! processes on one database, and announced by `booking.no_show` once.
//!
//! Where the request shapes come from:
//! - `event_sync`: jitsi-contrib/prosody-plugins `event_sync/mod_event_sync_component.lua`
//!   (`room_created`, `room_destroyed`, `occupant_joined`, `occupant_left` build the payloads;
//!   `EventData:on_occupant_joined` copies `name`, `id`, `email` from the token's
//!   `jitsi_meet_context_user`; `now()` is `os.time()`, Unix seconds; `http_headers` add
//!   `Content-Type: application/json` and `api_headers`) and its README's examples.
//! - JaaS: developer.8x8.com/jaas/docs/webhooks-payload (top-level fields, `timestamp` in Unix
//!   ms, `fqn` = `{AppID}/{room}`, per-event `data`) and `…/webhooks-signatures`
//!   (`X-Jaas-Signature: t={unix},v1={base64 HMAC-SHA256 of "{t}.{body}"}`).

mod common;

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use common::receiver::{Answer, Receiver, Request};
use common::*;
use serde_json::{json, Value};
use smartcal_client::Client;
use smartcal_server::integrations::jitsi_events::sign_jaas;
use smartcal_types::*;
use uuid::Uuid;

const SECRET: &str = "prosody-shared-secret";
const JAAS_SECRET: &str = "whsec_jaas_endpoint_secret";
const APP_ID: &str = "vpaas-magic-cookie-c2824d584eac4489a1e32e4e164d5a3c";

fn env<'a>() -> Vec<(&'a str, &'a str)> {
    vec![
        ("JITSI_RESERVATION_SECRET", SECRET),
        ("JAAS_WEBHOOK_SECRET", JAAS_SECRET),
        ("SMARTCAL_OUTBOX_RETRY_BASE_MS", "100"),
        ("SMARTCAL_OUTBOX_RETRY_MAX_MS", "300"),
    ]
}

/// A host (by API key) with a webhook to `receiver`, and one booking two days ahead.
struct Meeting {
    key: String,
    host: Client,
    me: Host,
    booking: Booking,
}

async fn meeting(base: &str, receiver: &Receiver) -> Meeting {
    let c = Client::new(base).unwrap();
    c.signup(&signup_body(&format!(
        "{}@example.com",
        Uuid::new_v4().simple()
    )))
    .await
    .unwrap();
    let agenda = c.create_agenda(&agenda_body("Intro call")).await.unwrap();
    let key = c
        .create_api_key(&CreateApiKeyRequest {
            name: "attendance".into(),
        })
        .await
        .unwrap()
        .key;
    let host = Client::new(base).unwrap().with_api_key(key.clone());
    let me = host.me().await.unwrap();
    host.create_webhook(&CreateWebhookRequest {
        url: receiver.url("/hook"),
        events: None,
        description: None,
    })
    .await
    .unwrap();
    let slot = first_slot(&host, agenda.id).await;
    let booking = Client::new(base)
        .unwrap()
        .create_booking(&guest_booking(agenda.id, slot.start, 1), None)
        .await
        .unwrap();
    Meeting {
        key,
        host,
        me,
        booking,
    }
}

impl Meeting {
    /// `context.user` of the host's token (`routes::join`: the host's id and email).
    fn host_user(&self) -> Value {
        json!({"name": self.me.name, "email": self.me.email, "id": self.me.id.to_string()})
    }
    /// `context.user` of the guest's token (`guest-{booking id}`, the guest's email).
    fn guest_user(&self) -> Value {
        json!({"name": self.booking.guest_name, "email": self.booking.guest_email,
               "id": format!("guest-{}", self.booking.id)})
    }
    fn at(&self, minutes: i64) -> i64 {
        (self.booking.start + Duration::minutes(minutes)).timestamp()
    }
    async fn view(&self) -> Booking {
        self.host.get_booking(self.booking.id, None).await.unwrap()
    }
}

/// One `event_sync` call as the module makes it: `POST {api_prefix}/events/{path}`, JSON,
/// its User-Agent and the configured `api_headers`.
async fn sync(base: &str, path: &str, body: &Value, secret: Option<&str>) -> u16 {
    let mut req = reqwest::Client::new()
        .post(format!("{base}/api/v1/jitsi/events/{path}"))
        .header("User-Agent", "Prosody (0.12.4; posix)")
        .header("Content-Type", "application/json")
        .body(body.to_string());
    if let Some(s) = secret {
        req = req.header("Authorization", format!("Bearer {s}"));
    }
    req.send().await.unwrap().status().as_u16()
}

/// The attributes `handle_main_room_created` adds to every payload of a main room.
fn room_attrs(room: &str) -> Value {
    json!({"room_name": room, "room_jid": format!("{room}@conference.meet.example.test"),
           "is_breakout": false})
}

fn with(mut base: Value, more: Value) -> Value {
    for (k, v) in more.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

fn room_created(room: &str, at: i64) -> Value {
    with(
        room_attrs(room),
        json!({"event_name": "muc-room-created", "created_at": at}),
    )
}

/// An occupant as `EventData` keeps it: its JID, `joined_at`, `left_at` once gone, and the
/// token's `name`, `id`, `email`.
fn occupant(user: &Value, jid: &str, joined: i64, left: Option<i64>) -> Value {
    let mut o = with(
        user.clone(),
        json!({"occupant_jid": jid, "joined_at": joined}),
    );
    if let Some(l) = left {
        o["left_at"] = json!(l);
    }
    o
}

fn joined(room: &str, occupant: Value, count: u32) -> Value {
    with(
        room_attrs(room),
        json!({"event_name": "muc-occupant-joined", "occupant": occupant,
               "active_occupants_count": count}),
    )
}

fn left(room: &str, occupant: Value, count: u32) -> Value {
    with(
        room_attrs(room),
        json!({"event_name": "muc-occupant-left", "occupant": occupant,
               "active_occupants_count": count}),
    )
}

fn room_destroyed(room: &str, created: i64, at: i64, all: Vec<Value>) -> Value {
    with(
        room_attrs(room),
        json!({"event_name": "muc-room-destroyed", "created_at": created, "destroyed_at": at,
               "all_occupants": all}),
    )
}

/// A whole meeting as `event_sync` reports it: the host from 0 to 32 min, the guest from 2 to
/// 30 min, with a second guest tab from 5 to 10 min (counted once).
fn a_meeting(m: &Meeting) -> Vec<(&'static str, Value)> {
    let room = m.booking.room_name.as_str();
    let (h, g) = (m.host_user(), m.guest_user());
    let hj = "4c1b2f7e@meet.example.test/host1";
    let gj = "9aa8e1d0@meet.example.test/guest1";
    let g2 = "9aa8e1d0@meet.example.test/guest2";
    vec![
        ("room/created", room_created(room, m.at(0))),
        (
            "occupant/joined",
            joined(room, occupant(&h, hj, m.at(0), None), 1),
        ),
        (
            "occupant/joined",
            joined(room, occupant(&g, gj, m.at(2), None), 2),
        ),
        (
            "occupant/joined",
            joined(room, occupant(&g, g2, m.at(5), None), 3),
        ),
        (
            "occupant/left",
            left(room, occupant(&g, g2, m.at(5), Some(m.at(10))), 2),
        ),
        (
            "occupant/left",
            left(room, occupant(&g, gj, m.at(2), Some(m.at(30))), 1),
        ),
        (
            "occupant/left",
            left(room, occupant(&h, hj, m.at(0), Some(m.at(32))), 0),
        ),
        (
            "room/destroyed",
            room_destroyed(
                room,
                m.at(0),
                m.at(32),
                vec![
                    occupant(&h, hj, m.at(0), Some(m.at(32))),
                    occupant(&g, gj, m.at(2), Some(m.at(30))),
                    occupant(&g, g2, m.at(5), Some(m.at(10))),
                ],
            ),
        ),
    ]
}

fn unix(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(t, 0).unwrap()
}

/// The attendance `a_meeting` adds up to.
fn expected(m: &Meeting) -> Attendance {
    Attendance {
        started_at: Some(unix(m.at(0))),
        ended_at: Some(unix(m.at(32))),
        host: Presence {
            joined_at: Some(unix(m.at(0))),
            left_at: Some(unix(m.at(32))),
            minutes: 32,
        },
        guest: Presence {
            joined_at: Some(unix(m.at(2))),
            left_at: Some(unix(m.at(30))),
            minutes: 28,
        },
    }
}

fn payload(r: &Request) -> WebhookPayload {
    serde_json::from_str(&r.body).expect("a WebhookPayload")
}

fn events_of(requests: &[Request], booking: Uuid, event: &str) -> Vec<WebhookPayload> {
    requests
        .iter()
        .filter(|r| r.headers.get("smartcal-event").map(String::as_str) == Some(event))
        .map(payload)
        .filter(|p| p.data.booking.id == booking)
        .collect()
}

/// The host's and the guest's joins and leaves become the booking's attendance, and
/// `meeting.started` / `meeting.ended` are sent once each, the latter with the attendance.
async fn event_sync_reports_become_the_attendance(db: Db) {
    let receiver = Receiver::start(vec![Answer::Status(200)]).await;
    let Some(app) = spawn_with(db, &env()).await else {
        return;
    };
    let m = meeting(&app.base, &receiver).await;
    assert_eq!(m.view().await.attendance, None);
    for (path, body) in a_meeting(&m) {
        assert_eq!(
            sync(&app.base, path, &body, Some(SECRET)).await,
            200,
            "{path}"
        );
    }
    let view = m.view().await;
    assert_eq!(view.attendance, Some(expected(&m)));
    assert_eq!(view.no_show, None, "decided only after the start");
    receiver
        .wait_until(10, |r| {
            !events_of(r, m.booking.id, "meeting.ended").is_empty()
                && !events_of(r, m.booking.id, "meeting.started").is_empty()
        })
        .await;
    tokio::time::sleep(StdDuration::from_millis(800)).await;
    let started = events_of(&receiver.requests(), m.booking.id, "meeting.started");
    let ended = events_of(&receiver.requests(), m.booking.id, "meeting.ended");
    assert_eq!(started.len(), 1, "meeting.started once");
    assert_eq!(ended.len(), 1, "meeting.ended once");
    assert_eq!(ended[0].event, WebhookEvent::MeetingEnded);
    assert_eq!(ended[0].data.booking.attendance, Some(expected(&m)));
}

/// Every report again, in reverse order and twice over: nothing changes, and no meeting
/// event is sent again. The same reports in any order give the same attendance.
async fn repeats_and_reordering_change_nothing(db: Db) {
    let receiver = Receiver::start(vec![Answer::Status(200)]).await;
    let Some(app) = spawn_with(db, &env()).await else {
        return;
    };
    let m = meeting(&app.base, &receiver).await;
    let mut reports = a_meeting(&m);
    reports.reverse();
    for (path, body) in reports.iter().chain(reports.iter()) {
        assert_eq!(sync(&app.base, path, body, Some(SECRET)).await, 200);
    }
    assert_eq!(m.view().await.attendance, Some(expected(&m)));
    for (path, body) in a_meeting(&m) {
        assert_eq!(sync(&app.base, path, &body, Some(SECRET)).await, 200);
    }
    assert_eq!(m.view().await.attendance, Some(expected(&m)));
    receiver
        .wait_until(10, |r| {
            !events_of(r, m.booking.id, "meeting.ended").is_empty()
        })
        .await;
    tokio::time::sleep(StdDuration::from_millis(800)).await;
    let r = receiver.requests();
    assert_eq!(events_of(&r, m.booking.id, "meeting.started").len(), 1);
    assert_eq!(events_of(&r, m.booking.id, "meeting.ended").len(), 1);
}

/// A room no booking has, and people who are neither host nor guest: 200, nothing recorded.
async fn unknown_rooms_and_strangers_are_ignored(db: Db) {
    let receiver = Receiver::start(vec![Answer::Status(200)]).await;
    let Some(app) = spawn_with(db, &env()).await else {
        return;
    };
    let m = meeting(&app.base, &receiver).await;
    let stranger = json!({"name": "Eve", "email": "eve@example.net", "id": "eve"});
    let room = m.booking.room_name.as_str();
    let other = "someone-elses-room";
    assert_eq!(
        sync(
            &app.base,
            "room/created",
            &room_created(other, m.at(0)),
            Some(SECRET)
        )
        .await,
        200
    );
    let j = joined(other, occupant(&m.host_user(), "x@y/z", m.at(0), None), 1);
    assert_eq!(
        sync(&app.base, "occupant/joined", &j, Some(SECRET)).await,
        200
    );
    let j = joined(room, occupant(&stranger, "e@y/z", m.at(0), None), 1);
    assert_eq!(
        sync(&app.base, "occupant/joined", &j, Some(SECRET)).await,
        200
    );
    // Without a token (no user context): no name, id or email.
    let anonymous = json!({"occupant_jid": "a@y/z", "joined_at": m.at(1)});
    let j = joined(room, anonymous, 2);
    assert_eq!(
        sync(&app.base, "occupant/joined", &j, Some(SECRET)).await,
        200
    );
    assert_eq!(m.view().await.attendance, None);
    // A JaaS event for a room of no booking.
    let body = jaas_body(
        other,
        "PARTICIPANT_JOINED",
        m.at(0),
        participant(&m.host_user(), "p1"),
    );
    assert_eq!(jaas(&app.base, &body, None).await, 200);
    assert_eq!(m.view().await.attendance, None);
}

/// A JaaS webhook body as documented: `timestamp` in ms, `fqn` `{AppID}/{room}`.
fn jaas_body(room: &str, event: &str, at: i64, data: Value) -> String {
    json!({
        "idempotencyKey": Uuid::new_v4().to_string(),
        "customerId": "c2824d584eac4489a1e32e4e164d5a3c",
        "appId": APP_ID,
        "eventType": event,
        "sessionId": "c3348153-1027-4382-afad-5ae91b433c26",
        "timestamp": at * 1000 + 112,
        "fqn": format!("{APP_ID}/{room}"),
        "data": data,
    })
    .to_string()
}

/// `PARTICIPANT_JOINED`/`LEFT` data: the token's user plus JaaS's own participant fields.
fn participant(user: &Value, id: &str) -> Value {
    with(
        user.clone(),
        json!({"moderator": "false", "group": "", "participantJid": format!("{id}@meet.jitsi/{id}"),
               "participantId": id, "avatar": "", "disableThirdPartyRequests": false}),
    )
}

/// POSTs a JaaS webhook, signed now unless `signature` says otherwise.
async fn jaas(base: &str, body: &str, signature: Option<String>) -> u16 {
    let signature = signature
        .unwrap_or_else(|| sign_jaas(JAAS_SECRET, Utc::now().timestamp(), body.as_bytes()));
    reqwest::Client::new()
        .post(format!("{base}/api/v1/jitsi/jaas/webhook"))
        .header("Content-Type", "application/json")
        .header("X-Jaas-Signature", signature)
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// JaaS's room and participant webhooks become the attendance too.
async fn jaas_webhooks_become_the_attendance(db: Db) {
    let receiver = Receiver::start(vec![Answer::Status(200)]).await;
    let Some(app) = spawn_with(db, &env()).await else {
        return;
    };
    let m = meeting(&app.base, &receiver).await;
    let room = m.booking.room_name.as_str();
    let conference =
        json!({"conference": format!("{room}@conference.{APP_ID}.8x8.vc"), "isBreakout": false});
    let host = participant(&m.host_user(), "aa11");
    let guest = participant(&m.guest_user(), "bb22");
    let bodies = [
        jaas_body(room, "ROOM_CREATED", m.at(-1), conference.clone()),
        jaas_body(room, "PARTICIPANT_JOINED", m.at(-1), host.clone()),
        jaas_body(room, "PARTICIPANT_JOINED", m.at(3), guest.clone()),
        jaas_body(room, "PARTICIPANT_LEFT", m.at(23), guest),
        jaas_body(room, "PARTICIPANT_LEFT", m.at(24), host),
        jaas_body(room, "ROOM_DESTROYED", m.at(24), conference),
        jaas_body(room, "RECORDING_STARTED", m.at(5), json!({})),
    ];
    for b in bodies.iter().rev() {
        assert_eq!(jaas(&app.base, b, None).await, 200);
    }
    for b in &bodies {
        assert_eq!(
            jaas(&app.base, b, None).await,
            200,
            "a repeat is acknowledged"
        );
    }
    let a = m.view().await.attendance.expect("attendance");
    assert_eq!(a.started_at, Some(unix(m.at(-1))));
    assert_eq!(a.ended_at, Some(unix(m.at(24))));
    assert_eq!(a.host.minutes, 25);
    assert_eq!(a.guest.minutes, 20);
    assert_eq!(a.guest.joined_at, Some(unix(m.at(3))));
}

/// Wrong or missing secrets, bad or stale signatures: refused, nothing recorded. Without the
/// secrets configured the endpoints do not exist.
async fn wrong_secrets_and_signatures_are_refused(db: Db) {
    let receiver = Receiver::start(vec![Answer::Status(200)]).await;
    let Some(app) = spawn_with(db, &env()).await else {
        return;
    };
    let m = meeting(&app.base, &receiver).await;
    let room = m.booking.room_name.as_str();
    let j = joined(room, occupant(&m.host_user(), "h@y/z", m.at(0), None), 1);
    assert_eq!(
        sync(&app.base, "occupant/joined", &j, Some("guess")).await,
        401
    );
    assert_eq!(sync(&app.base, "occupant/joined", &j, None).await, 401);
    let body = jaas_body(
        room,
        "PARTICIPANT_JOINED",
        m.at(0),
        participant(&m.host_user(), "p1"),
    );
    let now = Utc::now().timestamp();
    let wrong_key = sign_jaas("not-the-secret", now, body.as_bytes());
    assert_eq!(jaas(&app.base, &body, Some(wrong_key)).await, 401);
    let other_body = sign_jaas(JAAS_SECRET, now, b"{}");
    assert_eq!(jaas(&app.base, &body, Some(other_body)).await, 401);
    let stale = sign_jaas(JAAS_SECRET, now - 3600, body.as_bytes());
    assert_eq!(jaas(&app.base, &body, Some(stale)).await, 401, "a replay");
    assert_eq!(jaas(&app.base, &body, Some(String::new())).await, 401);
    let view = m.view().await;
    assert_eq!(view.attendance, None);
    drop(app);

    let Some(bare) = spawn_with(db, &[]).await else {
        return;
    };
    assert_eq!(
        sync(&bare.base, "occupant/joined", &j, Some(SECRET)).await,
        404
    );
    assert_eq!(jaas(&bare.base, &body, None).await, 404);
}

/// `JITSI_NO_SHOW_MINUTES` after the start the guest had not joined: `no_show: guest`, and
/// `booking.no_show` sent once although two processes on the database judge it. A booking
/// both joined is judged `none` and announces nothing.
async fn a_no_show_is_decided_and_announced_once(db: Db) {
    let Some(test_db) = test_db(db) else {
        return;
    };
    let receiver = Receiver::start(vec![Answer::Status(200)]).await;
    let first = Server::start(&test_db, &env()).await;
    let m = meeting(&first.base, &receiver).await;
    let room = m.booking.room_name.as_str();
    // The host came early and waited; the guest never came.
    let hj = "h@meet.example.test/1";
    for (path, body) in [
        ("room/created", room_created(room, m.at(-3))),
        (
            "occupant/joined",
            joined(room, occupant(&m.host_user(), hj, m.at(-3), None), 1),
        ),
    ] {
        assert_eq!(sync(&first.base, path, &body, Some(SECRET)).await, 200);
    }
    // Another host's booking at the same time, where both came (the guest 15 minutes late).
    let both = meeting(&first.base, &receiver).await;
    assert_eq!(both.booking.start, m.booking.start);
    let room2 = both.booking.room_name.as_str();
    for body in [
        joined(
            room2,
            occupant(&both.host_user(), "h@x/2", both.at(0), None),
            1,
        ),
        joined(
            room2,
            occupant(&both.guest_user(), "g@x/2", both.at(15), None),
            2,
        ),
    ] {
        assert_eq!(
            sync(&first.base, "occupant/joined", &body, Some(SECRET)).await,
            200
        );
    }
    first.stop().await;
    // Two processes whose clocks say 16 minutes after the start (the default 15 plus the
    // 30-second grace have passed).
    let offset = (m.booking.start + Duration::minutes(16) - Utc::now()).num_seconds();
    let offset = offset.to_string();
    let mut shifted = env();
    shifted.push(("SMARTCAL_CLOCK_OFFSET_SECONDS", &offset));
    let (a, b) = tokio::join!(
        Server::start(&test_db, &shifted),
        Server::start(&test_db, &shifted)
    );
    let host = Client::new(&a.base).unwrap().with_api_key(m.key.clone());
    let requests = receiver
        .wait_until(30, |r| {
            !events_of(r, m.booking.id, "booking.no_show").is_empty()
        })
        .await;
    let sent = events_of(&requests, m.booking.id, "booking.no_show");
    assert_eq!(sent.len(), 1, "booking.no_show sent");
    assert_eq!(sent[0].data.booking.no_show, Some(NoShow::Guest));
    // Both processes have had several rounds: still once.
    tokio::time::sleep(StdDuration::from_secs(12)).await;
    let sent = events_of(&receiver.requests(), m.booking.id, "booking.no_show");
    assert_eq!(sent.len(), 1, "booking.no_show exactly once");
    let view = host.get_booking(m.booking.id, None).await.unwrap();
    assert_eq!(view.no_show, Some(NoShow::Guest));
    let other = Client::new(&b.base).unwrap().with_api_key(both.key.clone());
    let judged = other.get_booking(both.booking.id, None).await.unwrap();
    assert_eq!(judged.no_show, Some(NoShow::None));
    assert!(events_of(&receiver.requests(), both.booking.id, "booking.no_show").is_empty());
    let att = view.attendance.expect("attendance");
    assert_eq!(att.host.joined_at, Some(unix(m.at(-3))));
    assert_eq!(att.guest.joined_at, None);
    // A late join changes neither the decision nor the announcement.
    let g = joined(
        room,
        occupant(&m.guest_user(), "g@meet.example.test/1", m.at(17), None),
        2,
    );
    assert_eq!(
        sync(&b.base, "occupant/joined", &g, Some(SECRET)).await,
        200
    );
    let view = host.get_booking(m.booking.id, None).await.unwrap();
    assert_eq!(view.no_show, Some(NoShow::Guest));
    assert_eq!(
        view.attendance.unwrap().guest.joined_at,
        Some(unix(m.at(17)))
    );
    a.stop().await;
    b.stop().await;
}

on_both!(
    event_sync_reports_become_the_attendance,
    repeats_and_reordering_change_nothing,
    unknown_rooms_and_strangers_are_ignored,
    jaas_webhooks_become_the_attendance,
    wrong_secrets_and_signatures_are_refused,
    a_no_show_is_decided_and_announced_once,
    the_jitsi_server_with_its_secret_is_never_rate_limited,
);

/// Every Jitsi-facing endpoint counts against the per-address limit, so a wrong secret cannot
/// be tried faster than a guest's calls; prosody's calls with the right secret still pass once
/// its address is at the limit (event_sync does not retry a 429).
async fn the_jitsi_server_with_its_secret_is_never_rate_limited(db: Db) {
    let mut settings = env();
    settings.push(("SMARTCAL_RATE_LIMIT_PER_MINUTE", "5"));
    let Some(app) = spawn_with(db, &settings).await else {
        return;
    };
    let body = room_created("nobodys-room", Utc::now().timestamp());
    for n in 0..8 {
        let code = sync(&app.base, "room/created", &body, Some(SECRET)).await;
        assert_eq!(code, 200, "call {n} with the secret");
    }
    let mut codes = vec![];
    for _ in 0..8 {
        codes.push(
            sync(
                &app.base,
                "room/created",
                &body,
                Some("not-the-secret-at-all"),
            )
            .await,
        );
    }
    assert!(codes.iter().all(|c| *c == 401 || *c == 429), "{codes:?}");
    assert_eq!(codes.last(), Some(&429), "{codes:?}");
    // A JaaS webhook from that address is limited like any guest's call.
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/jitsi/jaas/webhook", app.base))
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 429);
}
