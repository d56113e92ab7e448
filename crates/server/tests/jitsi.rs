//! Join links and Jitsi tokens (SPEC §4, §11): the real app mints tokens on `/j/{id}` inside
//! the join window only; the tests verify the signatures with the keys and compare every
//! decoded claim, for the host and the guest, self-hosted (HS256) and JaaS (RS256).
//!
//! To be inside a meeting's window, an app's clock is shifted (`SMARTCAL_CLOCK_OFFSET_SECONDS`)
//! to a few minutes before a slot it then books; to be after it, a second process on the same
//! database runs with its clock past the window.

use chrono::{DateTime, Duration, DurationRound, Utc};
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use reqwest::redirect::Policy;
use serde_json::{json, Value};
use smartcal_types::*;

mod common;
use common::*;

on_both!(
    self_hosted_tokens_inside_the_window_make_only_the_host_a_moderator,
    jaas_tokens_inside_the_window_carry_the_documented_claims,
    outside_the_window_join_links_lead_to_the_join_page_without_a_token,
    join_links_are_what_the_views_and_emails_carry,
    without_tokens_join_links_lead_straight_to_the_room,
);

const KEY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/jaas-test-key.pem"
);
const PUBLIC_KEY: &str = include_str!("fixtures/jaas-test-key.pub.pem");

const SELF_HOSTED: [(&str, &str); 3] = [
    ("JITSI_BASE_URL", "https://meet.example.test"),
    ("JITSI_JWT_APP_ID", "smartcal"),
    ("JITSI_JWT_SECRET", "s3cret-for-tests"),
];

const JAAS: [(&str, &str); 3] = [
    ("JAAS_APP_ID", "vpaas-magic-cookie-test"),
    ("JAAS_KEY_ID", "vpaas-magic-cookie-test/abc123"),
    ("JAAS_PRIVATE_KEY", KEY),
];

/// A booked meeting two days ahead on an unshifted clock: (app, host API key, the booking
/// as the guest got it). `None`: no PostgreSQL configured.
async fn booked(db: Db, env: &[(&str, &str)]) -> Option<(TestApp, String, Booking)> {
    let app = spawn_with(db, env).await?;
    let (host, agenda) = host_with_agenda(&app).await;
    let key = api_key(&host).await;
    let slot = slots_in_days(&host, agenda.id, 2, 3).await.remove(0);
    let booking = app
        .client()
        .create_booking(&guest_booking(agenda.id, slot.start, 1), None)
        .await
        .unwrap();
    Some((app, key, booking))
}

/// A meeting booked on an app whose clock reads 5 minutes before its start, so that the join
/// window is open: (app, host API key, host, booking). The start is a slot two days ahead.
async fn booked_inside_the_window(
    db: Db,
    env: &[(&str, &str)],
) -> Option<(TestApp, String, Host, Booking)> {
    let start = (Utc::now() + Duration::days(2))
        .duration_trunc(Duration::hours(1))
        .unwrap();
    let offset = (start - Duration::minutes(5) - Utc::now()).num_seconds();
    let offset = offset.to_string();
    let mut env = env.to_vec();
    env.push(("SMARTCAL_CLOCK_OFFSET_SECONDS", &offset));
    let app = spawn_with(db, &env).await?;
    let (host, agenda) = host_with_agenda(&app).await;
    let key = api_key(&host).await;
    let me = host.me().await.unwrap();
    let booking = app
        .client()
        .create_booking(&guest_booking(agenda.id, start, 1), None)
        .await
        .unwrap();
    assert_eq!(booking.start, start);
    Some((app, key, me, booking))
}

async fn api_key(host: &smartcal_client::Client) -> String {
    host.create_api_key(&CreateApiKeyRequest { name: "t".into() })
        .await
        .unwrap()
        .key
}

/// `GET path` without following redirects: (status, Location).
async fn visit(base: &str, path: &str, api_key: Option<&str>) -> (u16, String) {
    let client = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap();
    let mut req = client.get(format!("{base}{path}"));
    if let Some(k) = api_key {
        req = req.bearer_auth(k);
    }
    let res = req.send().await.unwrap();
    let location = res
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (res.status().as_u16(), location)
}

/// The token in a redirect to `{room}?jwt=…`, verified with `key` (signature, `aud`, `nbf`,
/// `exp` at the real time), as (header `typ`, `kid`, claims without `iat`, `iat`).
fn token(
    location: &str,
    room_url: &str,
    key: &DecodingKey,
    alg: Algorithm,
) -> (Option<String>, Option<String>, Value, i64) {
    let jwt = location
        .strip_prefix(&format!("{room_url}?jwt="))
        .unwrap_or_else(|| panic!("{location} is not {room_url}?jwt=…"));
    let header = decode_header(jwt).unwrap();
    assert_eq!(header.alg, alg);
    let mut v = Validation::new(alg);
    v.set_audience(&["jitsi"]);
    v.validate_exp = false; // the meeting is two days away on the real clock
    let mut claims = decode::<Value>(jwt, key, &v)
        .expect("the signature verifies")
        .claims;
    let iat = claims.as_object_mut().unwrap().remove("iat").unwrap();
    (header.typ, header.kid, claims, iat.as_i64().unwrap())
}

/// The app's shifted clock: the booking's start minus 5 minutes, give or take the test's
/// own seconds.
fn near_shifted_now(iat: i64, b: &Booking) {
    let expected = (b.start - Duration::minutes(5)).timestamp();
    assert!(
        (expected - 5..=expected + 120).contains(&iat),
        "iat {iat} is not the shifted now {expected}"
    );
}

fn window(b: &Booking, early_minutes: i64) -> (i64, i64) {
    assert_eq!(b.join_opens_at, b.start - Duration::minutes(early_minutes));
    assert_eq!(b.join_closes_at, b.end + Duration::hours(1));
    (b.join_opens_at.timestamp(), b.join_closes_at.timestamp())
}

async fn self_hosted_tokens_inside_the_window_make_only_the_host_a_moderator(db: Db) {
    let mut env = SELF_HOSTED.to_vec();
    env.push(("JITSI_EARLY_JOIN_MINUTES", "30"));
    let Some((app, key, me, b)) = booked_inside_the_window(db, &env).await else {
        return;
    };
    let (nbf, exp) = window(&b, 30);
    let secret = DecodingKey::from_secret(b"s3cret-for-tests");
    let guest_token = b.manage_token.clone().unwrap();

    let (status, location) = visit(&app.base, &format!("/j/{}", b.id), Some(&key)).await;
    assert_eq!(status, 302);
    let (typ, kid, host, iat) = token(&location, &b.meeting_url, &secret, Algorithm::HS256);
    assert_eq!((typ.as_deref(), kid), (Some("JWT"), None));
    near_shifted_now(iat, &b);
    assert_eq!(
        host,
        json!({
            "aud": "jitsi", "iss": "smartcal", "sub": "meet.example.test",
            "room": b.room_name, "nbf": nbf, "exp": exp,
            "context": {"user": {
                "id": me.id.to_string(), "name": "Alex Host", "email": me.email,
                "moderator": "true", "affiliation": "owner",
                "lobby_bypass": true, "lobby": false,
            }},
        })
    );

    let path = format!("/j/{}?token={guest_token}", b.id);
    let (status, location) = visit(&app.base, &path, None).await;
    assert_eq!(status, 302);
    let (typ, _, guest, iat) = token(&location, &b.meeting_url, &secret, Algorithm::HS256);
    assert_eq!(typ.as_deref(), Some("JWT"));
    near_shifted_now(iat, &b);
    assert_eq!(
        guest,
        json!({
            "aud": "jitsi", "iss": "smartcal", "sub": "meet.example.test",
            "room": b.room_name, "nbf": nbf, "exp": exp,
            "context": {"user": {
                "id": format!("guest-{}", b.id), "name": "Guest 1",
                "email": "guest1@example.com",
                "moderator": "false", "affiliation": "member",
                // JITSI_LOBBY defaults to on: the guest waits in the lobby.
                "lobby_bypass": false, "lobby": true,
            }},
        })
    );

    // A wrong token, or no credentials at all: the unknown id's 404, never a token.
    let wrong = visit(&app.base, &format!("/j/{}?token=wrong", b.id), None).await;
    assert_eq!(wrong, (404, String::new()));
    let bare = visit(&app.base, &format!("/j/{}", b.id), None).await;
    assert_eq!(bare, (404, String::new()));
}

async fn jaas_tokens_inside_the_window_carry_the_documented_claims(db: Db) {
    let Some((app, key, me, b)) = booked_inside_the_window(db, &JAAS).await else {
        return;
    };
    assert!(
        b.meeting_url
            .starts_with("https://8x8.vc/vpaas-magic-cookie-test/smartcal-"),
        "{}",
        b.meeting_url
    );
    let (nbf, exp) = window(&b, 10);
    let public = DecodingKey::from_rsa_pem(PUBLIC_KEY.as_bytes()).unwrap();
    let features = json!({
        "livestreaming": "false", "recording": "false",
        "transcription": "false", "outbound-call": "false",
    });

    let (status, location) = visit(&app.base, &format!("/j/{}", b.id), Some(&key)).await;
    assert_eq!(status, 302);
    let (typ, kid, host, iat) = token(&location, &b.meeting_url, &public, Algorithm::RS256);
    assert_eq!(
        (typ.as_deref(), kid.as_deref()),
        (Some("JWT"), Some("vpaas-magic-cookie-test/abc123"))
    );
    near_shifted_now(iat, &b);
    assert_eq!(
        host,
        json!({
            "aud": "jitsi", "iss": "chat", "sub": "vpaas-magic-cookie-test",
            "room": b.room_name, "nbf": nbf, "exp": exp,
            "context": {
                "user": {
                    "id": me.id.to_string(), "name": "Alex Host", "email": me.email,
                    "moderator": "true",
                },
                "features": features,
            },
        })
    );

    let guest_token = b.manage_token.clone().unwrap();
    let path = format!("/j/{}?token={guest_token}", b.id);
    let (status, location) = visit(&app.base, &path, None).await;
    assert_eq!(status, 302);
    let (_, kid, guest, _) = token(&location, &b.meeting_url, &public, Algorithm::RS256);
    assert_eq!(kid.as_deref(), Some("vpaas-magic-cookie-test/abc123"));
    assert_eq!(
        guest,
        json!({
            "aud": "jitsi", "iss": "chat", "sub": "vpaas-magic-cookie-test",
            "room": b.room_name, "nbf": nbf, "exp": exp,
            "context": {
                "user": {
                    "id": format!("guest-{}", b.id), "name": "Guest 1",
                    "email": "guest1@example.com", "moderator": "false",
                },
                "features": features,
            },
        })
    );
}

/// A process on `app`'s database whose clock reads `at`.
async fn process_at(app: &TestApp, env: &[(&str, &str)], at: DateTime<Utc>) -> Server {
    let offset = (at - Utc::now()).num_seconds().to_string();
    let mut env = env.to_vec();
    env.push(("SMARTCAL_CLOCK_OFFSET_SECONDS", &offset));
    Server::start(&app._db, &env).await
}

async fn outside_the_window_join_links_lead_to_the_join_page_without_a_token(db: Db) {
    let Some((app, key, b)) = booked(db, &SELF_HOSTED).await else {
        return;
    };
    window(&b, 10);
    let guest_token = b.manage_token.clone().unwrap();
    let host_path = format!("/j/{}", b.id);
    let guest_path = format!("/j/{}?token={guest_token}", b.id);
    let host_page = format!("/join/{}", b.id);
    let guest_page = format!("/join/{}?token={guest_token}", b.id);

    // Two days before: the page saying when the room opens, with the guest's token.
    assert_eq!(
        visit(&app.base, &host_path, Some(&key)).await,
        (302, host_page.clone())
    );
    assert_eq!(
        visit(&app.base, &guest_path, None).await,
        (302, guest_page.clone())
    );
    // The page's booking answer tells when the window opens and closes.
    let seen = app
        .client()
        .get_booking(b.id, Some(&guest_token))
        .await
        .unwrap();
    assert_eq!(
        (seen.join_opens_at, seen.join_closes_at),
        (b.join_opens_at, b.join_closes_at)
    );

    // A minute after it closed: the same page, no token.
    let after = process_at(&app, &SELF_HOSTED, b.join_closes_at + Duration::minutes(1)).await;
    assert_eq!(
        visit(&after.base, &host_path, Some(&key)).await,
        (302, host_page)
    );
    assert_eq!(
        visit(&after.base, &guest_path, None).await,
        (302, guest_page)
    );
    after.stop().await;

    // Just after it opened, on the same booking: into the room with a token.
    let open = process_at(&app, &SELF_HOSTED, b.join_opens_at + Duration::minutes(1)).await;
    let (status, location) = visit(&open.base, &guest_path, None).await;
    assert_eq!(status, 302);
    assert!(
        location.starts_with(&format!("{}?jwt=", b.meeting_url)),
        "{location}"
    );
    open.stop().await;
}

async fn join_links_are_what_the_views_and_emails_carry(db: Db) {
    let Some((app, key, b)) = booked(db, &SELF_HOSTED).await else {
        return;
    };
    let guest_token = b.manage_token.clone().unwrap();
    assert!(
        b.join_url
            .ends_with(&format!("/j/{}?token={guest_token}", b.id)),
        "{}",
        b.join_url
    );
    let host_client = smartcal_client::Client::new(&app.base)
        .unwrap()
        .with_api_key(key.clone());
    let listed = host_client.get_booking(b.id, None).await.unwrap();
    assert!(listed.join_url.ends_with(&format!("/j/{}", b.id)));
    assert_eq!(
        (listed.join_opens_at, listed.join_closes_at),
        (b.join_opens_at, b.join_closes_at)
    );

    let dir = std::path::PathBuf::from(app._db.mail_dir());
    let mut mails = String::new();
    for _ in 0..100 {
        mails = std::fs::read_dir(&dir)
            .map(|d| {
                d.map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default();
        if mails.matches("Message-ID").count() >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let unfolded = mails.replace("=\r\n", "").replace("=3D", "=");
    assert!(
        unfolded.contains(&format!("/j/{}?token={guest_token}", b.id)),
        "the guest's link"
    );
    assert!(
        unfolded.contains(&format!("/j/{}\r\n", b.id))
            || unfolded.contains(&format!("/j/{}\n", b.id)),
        "the host's link"
    );
}

async fn without_tokens_join_links_lead_straight_to_the_room(db: Db) {
    let Some((app, key, b)) = booked(db, &[]).await else {
        return;
    };
    assert_eq!(b.join_url, b.meeting_url);
    let (status, location) = visit(&app.base, &format!("/j/{}", b.id), Some(&key)).await;
    assert_eq!((status, location.as_str()), (302, b.meeting_url.as_str()));
}
