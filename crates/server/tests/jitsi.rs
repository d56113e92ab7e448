//! Join links and Jitsi tokens: the real app mints tokens on `/j/{id}`; the tests verify the
//! signatures with the keys and decode the claims.

use chrono::Duration;
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use reqwest::redirect::Policy;
use serde_json::Value;
use smartcal_types::*;

mod common;
use common::*;

const KEY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/jaas-test-key.pem"
);
const PUBLIC_KEY: &str = include_str!("fixtures/jaas-test-key.pub.pem");

/// A booked meeting: (app, host API key, booking as the guest got it).
async fn booked(env: &[(&str, &str)]) -> (TestApp, String, Booking) {
    let app = spawn_with(Db::Sqlite, env).await.unwrap();
    let (host, agenda) = host_with_agenda(&app).await;
    let key = host
        .create_api_key(&CreateApiKeyRequest { name: "t".into() })
        .await
        .unwrap()
        .key;
    let slot = slots_in_days(&host, agenda.id, 2, 3).await.remove(0);
    let booking = app
        .client()
        .create_booking(&guest_booking(agenda.id, slot.start, 1), None)
        .await
        .unwrap();
    (app, key, booking)
}

/// `GET path` without following redirects: (status, Location).
async fn visit(app: &TestApp, path: &str, api_key: Option<&str>) -> (u16, String) {
    let client = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap();
    let mut req = client.get(format!("{}{path}", app.base));
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

/// The token in a redirect to `{room}?jwt=…`, verified with `key`, as (header alg/kid, claims).
fn token(
    location: &str,
    room_url: &str,
    key: &DecodingKey,
    alg: Algorithm,
) -> (Option<String>, Value) {
    let jwt = location
        .strip_prefix(&format!("{room_url}?jwt="))
        .unwrap_or_else(|| panic!("{location} is not {room_url}?jwt=…"));
    let header = decode_header(jwt).unwrap();
    assert_eq!(header.alg, alg);
    let mut v = Validation::new(alg);
    v.set_audience(&["jitsi"]);
    v.validate_nbf = false; // the meeting is days away: checked below instead
    let data = decode::<Value>(jwt, key, &v).expect("the signature verifies");
    (header.kid, data.claims)
}

fn window_ok(claims: &Value, b: &Booking) {
    assert_eq!(claims["nbf"], (b.start - Duration::minutes(15)).timestamp());
    assert_eq!(claims["exp"], (b.end + Duration::hours(1)).timestamp());
    assert_eq!(claims["room"], b.room_name);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn self_hosted_tokens_make_only_the_host_a_moderator() {
    let (app, key, b) = booked(&[
        ("JITSI_BASE_URL", "https://meet.example.test"),
        ("JITSI_JWT_APP_ID", "smartcal"),
        ("JITSI_JWT_SECRET", "s3cret-for-tests"),
    ])
    .await;
    let guest_token = b.manage_token.clone().unwrap();
    assert!(
        b.join_url
            .ends_with(&format!("/j/{}?token={guest_token}", b.id)),
        "{}",
        b.join_url
    );
    let secret = DecodingKey::from_secret(b"s3cret-for-tests");

    let (status, location) = visit(&app, &format!("/j/{}", b.id), Some(&key)).await;
    assert_eq!(status, 302);
    let (_, host) = token(&location, &b.meeting_url, &secret, Algorithm::HS256);
    assert_eq!(
        (host["iss"].as_str(), host["sub"].as_str()),
        (Some("smartcal"), Some("meet.example.test"))
    );
    assert_eq!(host["context"]["user"]["moderator"], "true");
    assert_eq!(host["context"]["user"]["name"], "Alex Host");
    window_ok(&host, &b);

    let (status, location) = visit(&app, &format!("/j/{}?token={guest_token}", b.id), None).await;
    assert_eq!(status, 302);
    let (_, guest) = token(&location, &b.meeting_url, &secret, Algorithm::HS256);
    assert_eq!(guest["context"]["user"]["moderator"], "false");
    assert_eq!(guest["context"]["user"]["name"], "Guest 1");
    assert_eq!(guest["context"]["user"]["email"], "guest1@example.com");
    window_ok(&guest, &b);

    assert_eq!(
        visit(&app, &format!("/j/{}?token=wrong", b.id), None)
            .await
            .0,
        404
    );
    // Without credentials: the unknown id's 404 (a 401 would tell the booking exists).
    assert_eq!(visit(&app, &format!("/j/{}", b.id), None).await.0, 404);

    // The host's views and both emails carry the join links, not the bare room.
    let host_client = smartcal_client::Client::new(&app.base)
        .unwrap()
        .with_api_key(key.clone());
    let listed = host_client.get_booking(b.id, None).await.unwrap();
    assert!(listed.join_url.ends_with(&format!("/j/{}", b.id)));
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jaas_tokens_are_rs256_with_the_key_id() {
    let (app, key, b) = booked(&[
        ("JAAS_APP_ID", "vpaas-magic-cookie-test"),
        ("JAAS_KEY_ID", "vpaas-magic-cookie-test/abc123"),
        ("JAAS_PRIVATE_KEY", KEY),
    ])
    .await;
    assert!(
        b.meeting_url
            .starts_with("https://8x8.vc/vpaas-magic-cookie-test/smartcal-"),
        "{}",
        b.meeting_url
    );
    let public = DecodingKey::from_rsa_pem(PUBLIC_KEY.as_bytes()).unwrap();
    let (status, location) = visit(&app, &format!("/j/{}", b.id), Some(&key)).await;
    assert_eq!(status, 302);
    let (kid, host) = token(&location, &b.meeting_url, &public, Algorithm::RS256);
    assert_eq!(kid.as_deref(), Some("vpaas-magic-cookie-test/abc123"));
    assert_eq!(
        (host["iss"].as_str(), host["sub"].as_str()),
        (Some("chat"), Some("vpaas-magic-cookie-test"))
    );
    assert_eq!(host["context"]["user"]["moderator"], "true");
    assert_eq!(host["context"]["features"]["recording"], "false");
    window_ok(&host, &b);
    let guest_token = b.manage_token.unwrap();
    let (_, location) = visit(&app, &format!("/j/{}?token={guest_token}", b.id), None).await;
    let (_, guest) = token(&location, &b.meeting_url, &public, Algorithm::RS256);
    assert_eq!(guest["context"]["user"]["moderator"], "false");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_tokens_join_links_lead_straight_to_the_room() {
    let (app, key, b) = booked(&[]).await;
    assert_eq!(b.join_url, b.meeting_url);
    let (status, location) = visit(&app, &format!("/j/{}", b.id), Some(&key)).await;
    assert_eq!((status, location.as_str()), (302, b.meeting_url.as_str()));
}
