//! Abuse limits, cross-site requests, API keys' reach and CORS, against the real app over
//! HTTP.

use std::net::{IpAddr, Ipv4Addr};

use reqwest::header::{HeaderMap, AUTHORIZATION, COOKIE, ORIGIN};
use smartcal_types::*;

mod common;
use common::*;

on_both!(
    concurrent_wrong_logins_are_checked_at_most_five_times,
    failed_logins_slow_down_one_client_not_the_host_elsewhere,
);

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

/// A client whose connections come from `ip` (any 127.x address reaches the app).
fn from_address(ip: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::from(ip)))
        .build()
        .unwrap()
}

async fn login_status(http: &reqwest::Client, app: &TestApp, email: &str, password: &str) -> u16 {
    http.post(app.api("/auth/login"))
        .json(&LoginRequest {
            email: email.into(),
            password: password.into(),
        })
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// 60 logins at once, 59 wrong and one right: the count is taken before any password is
/// checked, so at most the five free attempts are checked at all — the right one gets in only
/// if it is among them, and the rest wait.
async fn concurrent_wrong_logins_are_checked_at_most_five_times(db: Db) {
    let Some(app) = spawn(db).await else { return };
    app.client()
        .signup(&signup_body("victim@example.com"))
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let attempts = (0..60).map(|i| {
        let password = if i == 59 {
            "correct horse battery"
        } else {
            "guess"
        };
        login_status(&http, &app, "victim@example.com", password)
    });
    let statuses = futures::future::join_all(attempts).await;
    let checked = statuses.iter().filter(|&&s| s == 401 || s == 200).count();
    let waiting = statuses.iter().filter(|&&s| s == 429).count();
    assert!(checked <= 5, "{checked} passwords checked: {statuses:?}");
    assert_eq!(checked + waiting, 60, "{statuses:?}");
}

/// Five wrong passwords from one address make that address wait (even with the right
/// password), while the host still logs in from another address; another account is not
/// affected at all.
async fn failed_logins_slow_down_one_client_not_the_host_elsewhere(db: Db) {
    let Some(app) = spawn(db).await else { return };
    for email in ["victim@example.com", "other@example.com"] {
        app.client().signup(&signup_body(email)).await.unwrap();
    }
    let attacker = from_address([127, 0, 0, 1]);
    for _ in 0..5 {
        assert_eq!(
            login_status(&attacker, &app, "victim@example.com", "guess").await,
            401
        );
    }
    let res = attacker
        .post(app.api("/auth/login"))
        .json(&LoginRequest {
            email: "Victim@Example.com".into(),
            password: "correct horse battery".into(),
        })
        .send()
        .await
        .unwrap();
    assert_429(res).await;
    assert_eq!(
        login_status(
            &attacker,
            &app,
            "other@example.com",
            "correct horse battery"
        )
        .await,
        200,
        "other accounts are not slowed down"
    );
    let host_elsewhere = from_address([127, 0, 0, 2]);
    assert_eq!(
        login_status(
            &host_elsewhere,
            &app,
            "victim@example.com",
            "correct horse battery"
        )
        .await,
        200,
        "the host logs in from another address"
    );
}

/// The limit follows the route that answers, however its path is spelled, and only valid
/// credentials pass a public route once the address is at its limit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_follow_the_route_and_only_valid_credentials_pass() {
    let app = spawn_with(Db::Sqlite, &[("SMARTCAL_RATE_LIMIT_PER_MINUTE", "3")])
        .await
        .unwrap();
    let (host, agenda) = host_with_agenda(&app).await; // signup: 1 of 3 in the auth bucket
    let key = host
        .create_api_key(&CreateApiKeyRequest { name: "k".into() })
        .await
        .unwrap()
        .key;
    let slots = app.api(&format!("/agendas/{}/slots", agenda.id));
    for _ in 0..3 {
        assert_eq!(get(&slots, HeaderMap::new()).await.status(), 200);
    }
    let with = |name, value: &str| {
        let mut h = HeaderMap::new();
        h.insert(name, value.parse().unwrap());
        h
    };
    for (path, headers) in [
        (slots.clone(), HeaderMap::new()),
        (
            app.api(&format!("/agendas/{}/%73lots", agenda.id)),
            HeaderMap::new(),
        ),
        (app.api("/%62ookings/x"), HeaderMap::new()),
        (slots.clone(), with(AUTHORIZATION, "Bearer made-up")),
        (slots.clone(), with(AUTHORIZATION, "Basic Zm9vOmJhcg==")),
        (slots.clone(), with(COOKIE, "smartcal_session=")),
        (slots.clone(), with(COOKIE, "smartcal_session=forged")),
    ] {
        let res = get(&path, headers.clone()).await;
        assert_eq!(res.status(), 429, "{path} {headers:?}");
        assert_429(res).await;
    }
    let res = get(&slots, with(AUTHORIZATION, &format!("Bearer {key}"))).await;
    assert_eq!(res.status(), 200, "a host's valid key passes");
    // Login and signup: two more, then 429, however spelled.
    let login = LoginRequest {
        email: "nobody@example.com".into(),
        password: "wrong password".into(),
    };
    for path in [
        "/auth/login",
        "/auth/%6cogin",
        "/auth/%6cogin",
        "/auth/%73ignup",
    ] {
        let res = reqwest::Client::new()
            .post(app.api(path))
            .header(AUTHORIZATION, format!("Bearer {key}"))
            .json(&login)
            .send()
            .await
            .unwrap();
        if path == "/auth/login" || res.status() != 429 {
            assert_ne!(res.status(), 429, "{path}");
        }
    }
    let res = reqwest::Client::new()
        .post(app.api("/auth/%6cogin"))
        .json(&login)
        .send()
        .await
        .unwrap();
    assert_429(res).await;
}

/// API keys cannot list, create or revoke API keys: a leaked key cannot mint keys that
/// outlive its revocation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_keys_cannot_manage_api_keys() {
    let app = spawn(Db::Sqlite).await.unwrap();
    let (host, _) = host_with_agenda(&app).await;
    let created = host
        .create_api_key(&CreateApiKeyRequest { name: "k".into() })
        .await
        .unwrap();
    let by_key = app.client().with_api_key(created.key.clone());
    by_key.list_agendas().await.expect("the key works");
    let refused = [
        by_key
            .create_api_key(&CreateApiKeyRequest {
                name: "child".into(),
            })
            .await
            .map(|_| ())
            .unwrap_err(),
        by_key.list_api_keys().await.map(|_| ()).unwrap_err(),
        by_key.revoke_api_key(created.api_key.id).await.unwrap_err(),
    ];
    for e in refused {
        assert_eq!(e.status(), Some(403), "{e:?}");
    }
    assert_eq!(host.list_api_keys().await.unwrap().items.len(), 1);
}

/// A state-changing request with the session cookie from another origin — here another port
/// of the same host, which `SameSite=Lax` lets the cookie go to — is refused and changes
/// nothing; the server's own origin and clients without `Origin` are served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_state_changes_with_the_session_cookie_are_refused() {
    let app = spawn(Db::Sqlite).await.unwrap();
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let browser = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .build()
        .unwrap();
    let res = browser
        .post(app.api("/auth/signup"))
        .json(&signup_body("host@example.com"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let rotate = |origin: Option<&str>| {
        let mut req = browser.post(app.api("/calendar-feed/rotate"));
        if let Some(o) = origin {
            req = req.header(ORIGIN, o);
        }
        req.send()
    };
    let res = rotate(Some(app.base.as_str())).await.unwrap();
    assert_eq!(res.status(), 200, "the server's own pages may");
    let feed_url = res.json::<CalendarFeed>().await.unwrap().url.unwrap();
    // The URL names SMARTCAL_PUBLIC_URL; ask this app for its path.
    let feed_url = app.api(feed_url.split_once("/api/v1").unwrap().1);
    let feed_answers = || async { reqwest::get(feed_url.as_str()).await.unwrap().status() };
    assert_eq!(feed_answers().await, 200);
    let other_port = "http://127.0.0.1:1";
    for path in ["/calendar-feed/rotate", "/auth/logout"] {
        let res = browser
            .post(app.api(path))
            .header(ORIGIN, other_port)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{path}");
        let p: Problem = res.json().await.unwrap();
        assert!(p.detail.unwrap_or_default().contains(other_port));
    }
    assert_eq!(feed_answers().await, 200, "the feed was not rotated");
    let me = browser.get(app.api("/me")).send().await.unwrap();
    assert_eq!(me.status(), 200, "still logged in");
    let res = rotate(None).await.unwrap();
    assert_eq!(
        res.status(),
        200,
        "no Origin: not a browser's cross-site form"
    );
    assert_eq!(feed_answers().await, 404, "rotated now");
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
