//! Accounts and pages against the real app over HTTP: changing the password and ending other
//! sessions, and the security headers of every HTML answer.

use reqwest::header::{CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
use smartcal_types::*;

mod common;
use common::*;

on_both!(
    password_change_ends_other_sessions_and_keeps_this_one,
    logout_others_keeps_only_this_session
);

const OLD: &str = "correct horse battery";
const NEW: &str = "another long passphrase";

async fn logged_in(app: &TestApp, password: &str) -> smartcal_client::Client {
    let c = app.client();
    c.login(&LoginRequest {
        email: "host@example.com".into(),
        password: password.into(),
    })
    .await
    .unwrap();
    c
}

/// The host signed up on one client and logged in on another.
async fn signed_up_twice(app: &TestApp) -> (smartcal_client::Client, smartcal_client::Client) {
    let laptop = app.client();
    laptop
        .signup(&signup_body("host@example.com"))
        .await
        .unwrap();
    (laptop, logged_in(app, OLD).await)
}

async fn password_change_ends_other_sessions_and_keeps_this_one(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let (laptop, phone) = signed_up_twice(&app).await;
    let change = |current: &str, new: &str| ChangePasswordRequest {
        current_password: current.into(),
        new_password: new.into(),
    };
    // Wrong current password, or a too short new one: 422 on that field, nothing changes.
    for (body, field) in [
        (change("not it at all", NEW), "current_password"),
        (change(OLD, "short"), "new_password"),
    ] {
        let e = laptop.change_password(&body).await.unwrap_err();
        assert_eq!(e.status(), Some(422), "{e:?}");
        let fields = e.problem().unwrap().errors.clone();
        assert!(fields.iter().any(|f| f.field == field), "{fields:?}");
    }
    phone.me().await.expect("nothing changed yet");
    // An API key may not change it.
    let key = laptop
        .create_api_key(&CreateApiKeyRequest { name: "k".into() })
        .await
        .unwrap()
        .key;
    let e = app
        .client()
        .with_api_key(key)
        .change_password(&change(OLD, NEW))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(403));

    laptop.change_password(&change(OLD, NEW)).await.unwrap();
    laptop.me().await.expect("this session stays");
    assert_eq!(
        phone.me().await.unwrap_err().status(),
        Some(401),
        "others end"
    );
    let old = app
        .client()
        .login(&LoginRequest {
            email: "host@example.com".into(),
            password: OLD.into(),
        })
        .await
        .unwrap_err();
    assert_eq!(old.status(), Some(401));
    logged_in(&app, NEW).await.me().await.unwrap();
}

async fn logout_others_keeps_only_this_session(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let (laptop, phone) = signed_up_twice(&app).await;
    let tablet = logged_in(&app, OLD).await;
    laptop.logout_others().await.unwrap();
    laptop.me().await.expect("this session stays");
    for other in [phone, tablet] {
        assert_eq!(other.me().await.unwrap_err().status(), Some(401));
    }
}

/// Every HTML answer — the SPA's pages (built or not), the API docs — carries a CSP without
/// inline scripts, `nosniff` and the referrer policy; booking pages may be framed by the
/// configured origins, other pages by none; JSON answers are left alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_answers_carry_security_headers() {
    let app = spawn_with(
        Db::Sqlite,
        &[("SMARTCAL_EMBED_ORIGINS", "https://shop.example.com")],
    )
    .await
    .unwrap();
    let http = reqwest::Client::new();
    for (path, ancestors) in [
        ("/", "'none'"),
        ("/dashboard", "'none'"),
        ("/api/docs/", "'none'"),
        ("/book/demo/intro", "https://shop.example.com"),
    ] {
        let res = http
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        let h = res.headers();
        assert!(
            h["content-type"].to_str().unwrap().starts_with("text/html"),
            "{path}"
        );
        let csp = h[CONTENT_SECURITY_POLICY].to_str().unwrap();
        let script_src = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap_or_else(|| panic!("{path}: {csp}"));
        assert!(!script_src.contains("unsafe-inline"), "{path}: {csp}");
        assert!(
            csp.trim_end()
                .ends_with(&format!("frame-ancestors {ancestors}")),
            "{path}: {csp}"
        );
        assert_eq!(h[X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(
            h[REFERRER_POLICY], "strict-origin-when-cross-origin",
            "{path}"
        );
    }
    let res = http.get(app.api("/health")).send().await.unwrap();
    assert!(res.headers().get(CONTENT_SECURITY_POLICY).is_none());
}

/// JSON goes out compressed when the client asks, but an answer that shows a secret once (a new
/// booking's manage token) goes out as it is: compressed next to attacker-chosen text, its size
/// could leak the secret (BREACH; see `http::compress`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_showing_a_secret_are_not_compressed() {
    let app = spawn_with(Db::Sqlite, &[]).await.unwrap();
    let (_, agenda) = host_with_agenda(&app).await;
    let slots = slots_in_days(&app.client(), agenda.id, 2, 3).await;
    let http = reqwest::Client::new();
    // Any other JSON, here a problem, is compressed.
    let problem = http
        .get(app.api(&format!("/agendas/{}/slots", uuid::Uuid::new_v4())))
        .header("Accept-Encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(problem.status(), 404);
    assert_eq!(problem.headers()["content-encoding"], "br");
    let booked = http
        .post(app.api("/bookings"))
        .header("Accept-Encoding", "br, gzip")
        .json(&guest_booking(agenda.id, slots[0].start, 1))
        .send()
        .await
        .unwrap();
    assert_eq!(booked.status(), 201);
    assert!(booked.headers().get("content-encoding").is_none());
    let booking: Booking = booked.json().await.unwrap();
    assert!(booking.manage_token.is_some());
}
