//! Abuse limits and CORS, against the real app over HTTP.

use reqwest::header::{HeaderMap, ORIGIN};
use smartcal_types::*;

mod common;
use common::*;

async fn get(url: &str, headers: HeaderMap) -> reqwest::Response {
    reqwest::Client::new()
        .get(url)
        .headers(headers)
        .send()
        .await
        .unwrap()
}

async fn assert_429(res: reqwest::Response) {
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry), "Retry-After {retry}");
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let p: Problem = res.json().await.unwrap();
    assert_eq!(p.status, 429);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_and_auth_endpoints_are_limited_per_ip_hosts_are_not() {
    let app = spawn_with(Db::Sqlite, &[("SMARTCAL_RATE_LIMIT_PER_MINUTE", "5")])
        .await
        .unwrap();
    let (host, agenda) = host_with_agenda(&app).await; // signup: 1 of 5 in the auth bucket
    let me = host.me().await.unwrap();
    let public = app.api(&format!(
        "/public/hosts/{}/agendas/{}",
        me.slug, agenda.slug
    ));
    for _ in 0..5 {
        assert_eq!(get(&public, HeaderMap::new()).await.status(), 200);
    }
    assert_429(get(&public, HeaderMap::new()).await).await;
    let slots = app.api(&format!("/agendas/{}/slots", agenda.id));
    assert_429(get(&slots, HeaderMap::new()).await).await;
    // The host's own requests are not counted.
    for _ in 0..10 {
        host.list_agendas().await.unwrap();
    }
    // Login and signup share their own bucket: 4 more, then 429.
    let login = LoginRequest {
        email: me.email.clone(),
        password: "correct horse battery".into(),
    };
    for _ in 0..4 {
        app.client().login(&login).await.unwrap();
    }
    let res = reqwest::Client::new()
        .post(app.api("/auth/login"))
        .json(&login)
        .send()
        .await
        .unwrap();
    assert_429(res).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failed_logins_lock_the_account_not_others() {
    let app = spawn(Db::Sqlite).await.unwrap();
    let victim = app.client();
    victim
        .signup(&signup_body("victim@example.com"))
        .await
        .unwrap();
    let other = app.client();
    other
        .signup(&signup_body("other@example.com"))
        .await
        .unwrap();
    let wrong = LoginRequest {
        email: "victim@example.com".into(),
        password: "guess".into(),
    };
    for _ in 0..5 {
        assert_eq!(
            app.client().login(&wrong).await.unwrap_err().status(),
            Some(401)
        );
    }
    let right = LoginRequest {
        email: "Victim@Example.com".into(),
        password: "correct horse battery".into(),
    };
    let res = reqwest::Client::new()
        .post(app.api("/auth/login"))
        .json(&right)
        .send()
        .await
        .unwrap();
    assert_429(res).await;
    let other_login = LoginRequest {
        email: "other@example.com".into(),
        password: "correct horse battery".into(),
    };
    app.client().login(&other_login).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_answers_listed_origins_only() {
    let app = spawn_with(
        Db::Sqlite,
        &[(
            "SMARTCAL_CORS_ORIGINS",
            "https://app.example.com, https://admin.example.com",
        )],
    )
    .await
    .unwrap();
    let preflight = |origin: &'static str| {
        reqwest::Client::new()
            .request(reqwest::Method::OPTIONS, app.api("/bookings"))
            .header(ORIGIN, origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "content-type,idempotency-key",
            )
            .send()
    };
    let ok = preflight("https://app.example.com").await.unwrap();
    assert!(ok.status().is_success(), "{}", ok.status());
    assert_eq!(
        ok.headers()["access-control-allow-origin"],
        "https://app.example.com"
    );
    assert_eq!(ok.headers()["access-control-allow-credentials"], "true");
    let methods = ok.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(methods.contains("POST"), "{methods}");
    let evil = preflight("https://evil.example").await.unwrap();
    assert!(evil.headers().get("access-control-allow-origin").is_none());

    let mut h = HeaderMap::new();
    h.insert(ORIGIN, "https://admin.example.com".parse().unwrap());
    let res = get(&app.api("/health"), h).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "https://admin.example.com"
    );
    let mut h = HeaderMap::new();
    h.insert(ORIGIN, "https://evil.example".parse().unwrap());
    let res = get(&app.api("/health"), h).await;
    assert_eq!(
        res.status(),
        200,
        "other origins are served, without CORS headers"
    );
    assert!(res.headers().get("access-control-allow-origin").is_none());

    let plain = spawn(Db::Sqlite).await.unwrap();
    let mut h = HeaderMap::new();
    h.insert(ORIGIN, "https://app.example.com".parse().unwrap());
    let res = get(&plain.api("/health"), h).await;
    assert!(
        res.headers().get("access-control-allow-origin").is_none(),
        "off by default"
    );
}
