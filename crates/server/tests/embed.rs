//! `GET /embed.js`, the script hosts put on their websites, and which pages it may frame.
//! (Its gzip size, ≤ 5 KB, is checked by the browser tests, `e2e/embed.test.mjs`, which have
//! zlib at hand; here the raw size is held under 12 KB.)

use reqwest::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG, IF_NONE_MATCH};

mod common;
use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn embed_js_is_served_small_cached_and_revalidated() {
    let app = spawn(Db::Sqlite).await.unwrap();
    let http = reqwest::Client::new();
    let url = format!("{}/embed.js", app.base);
    let res = http.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    assert_eq!(h[CONTENT_TYPE], "text/javascript; charset=utf-8");
    assert!(
        h[CACHE_CONTROL].to_str().unwrap().contains("max-age="),
        "{:?}",
        h[CACHE_CONTROL]
    );
    // A script, not a page: no page policy (a frame-ancestors here would mean nothing, and
    // the host's page loads it cross-origin).
    assert!(h.get(CONTENT_SECURITY_POLICY).is_none());
    let body = res.text().await.unwrap();
    assert!(body.len() <= 12 * 1024, "embed.js is {} bytes", body.len());
    for needle in [
        "data-smartcal-inline",
        "data-smartcal-popup",
        "smartcal:booked",
    ] {
        assert!(body.contains(needle), "{needle}");
    }
    let again = http
        .get(&url)
        .header(IF_NONE_MATCH, h[ETAG].clone())
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
}

/// The guest's pages (booking and manage) may be framed by `SMARTCAL_EMBED_ORIGINS`; the
/// host's (dashboard, login) by nobody; `none` frames nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_guest_pages_may_be_framed() {
    let http = reqwest::Client::new();
    let ancestors = |res: &reqwest::Response| {
        let csp = res.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap();
        csp.rsplit_once("frame-ancestors ")
            .unwrap()
            .1
            .trim()
            .to_owned()
    };
    for (origins, guest) in [
        (None, "*"),
        (
            Some("https://shop.example.com, http://127.0.0.1:4000"),
            "https://shop.example.com http://127.0.0.1:4000",
        ),
        (Some("none"), "'none'"),
    ] {
        let extra: Vec<(&str, &str)> = origins
            .map(|o| vec![("SMARTCAL_EMBED_ORIGINS", o)])
            .unwrap_or_default();
        let app = spawn_with(Db::Sqlite, &extra).await.unwrap();
        for (path, want) in [
            ("/book/demo/intro", guest),
            (
                "/booking/0b9c7c3e-6a1f-4f5e-9d2a-1c1d2e3f4a5b?token=x",
                guest,
            ),
            ("/dashboard", "'none'"),
            ("/login", "'none'"),
            ("/", "'none'"),
        ] {
            let res = http
                .get(format!("{}{path}", app.base))
                .send()
                .await
                .unwrap();
            assert_eq!(ancestors(&res), want, "{origins:?} {path}");
        }
    }
}
