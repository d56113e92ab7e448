//! The outbound rule (SPEC §14) against real servers on loopback: with
//! `SMARTCAL_OUTBOUND_ALLOW_PRIVATE` unset, calendars, CalDAV write-back and webhooks never reach
//! them — not by a literal address (422 at registration), not by a name that resolves to one
//! (refused at connect time, with a clear error), not by a redirect — and errors never quote
//! what a server answered.

mod common;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::receiver::{Answer, Receiver};
use common::*;
use smartcal_client::Client;
use smartcal_server::integrations::outbound::{self, describe, Http, RuleResolver};
use smartcal_server::integrations::{caldav, feeds};
use smartcal_types::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

on_both!(
    literal_internal_addresses_are_refused_at_registration,
    a_name_resolving_to_loopback_is_refused_when_connecting,
    caldav_write_back_never_reaches_loopback,
    errors_never_quote_the_answer,
);

/// The rule on, as in production.
const RULE_ON: [(&str, &str); 1] = [("SMARTCAL_OUTBOUND_ALLOW_PRIVATE", "false")];
const SECRET_KEY: &str = "test-secret-key-0123456789abcdef0123456789";
/// What the refusal says, whatever the host was.
const REFUSED: &str = "a private or local address, which SmartCal does not contact; an operator \
                       can allow it with SMARTCAL_OUTBOUND_ALLOW_PRIVATE=true";

fn ical(url: &str) -> CreateCalendarRequest {
    CreateCalendarRequest {
        kind: CalendarKind::Ical,
        url: url.into(),
        name: None,
        username: None,
        password: None,
        write_back: false,
    }
}

fn caldav(url: &str, write_back: bool) -> CreateCalendarRequest {
    CreateCalendarRequest {
        kind: CalendarKind::Caldav,
        url: url.into(),
        name: None,
        username: Some("alex".into()),
        password: Some("s3cret-caldav-password".into()),
        write_back,
    }
}

fn hook(url: &str) -> CreateWebhookRequest {
    CreateWebhookRequest {
        url: url.into(),
        events: None,
        description: None,
    }
}

/// A 422 whose only field error is on `url`, saying why.
fn assert_url_refused(e: smartcal_client::ClientError, what: &str) {
    assert_eq!(e.status(), Some(422), "{what}: {e}");
    let p = e.problem().expect("a problem document");
    assert!(
        p.errors
            .iter()
            .any(|f| f.field == "url" && f.message.contains(REFUSED)),
        "{what}: {p:?}"
    );
}

/// The source once its first read is over (now, or in the background).
async fn after_first_read(host: &Client, id: Uuid) -> CalendarSource {
    for _ in 0..400 {
        let items = host.list_calendars().await.unwrap().items;
        let s = items.into_iter().find(|s| s.id == id).expect("listed");
        if s.last_error.is_some() || s.last_sync_at.is_some() {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the calendar {id} was never read");
}

// ---------------------------------------------------------------------------------------------
// A scripted server: answers every request with the same raw bytes, counts what it got

struct Raw {
    port: u16,
    hits: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Raw {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Raw {
    /// Answers each request with `answer(port)` and closes the connection.
    async fn start(answer: impl Fn(u16) -> String + Send + Sync + 'static) -> Raw {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let hits: Arc<Mutex<Vec<String>>> = Arc::default();
        let seen = hits.clone();
        let answer = Arc::new(answer);
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut sock, _)) = listener.accept().await else {
                    return;
                };
                let (seen, answer) = (seen.clone(), answer.clone());
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 4096];
                    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                        match sock.read(&mut chunk).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    seen.lock()
                        .unwrap()
                        .push(String::from_utf8_lossy(&buf).into_owned());
                    let _ = sock.write_all(answer(port).as_bytes()).await;
                    let _ = sock.shutdown().await;
                });
            }
        });
        Raw { port, hits, task }
    }

    fn hits(&self) -> usize {
        self.hits.lock().unwrap().len()
    }
}

fn http_answer(status: &str, content_type: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn redirect_to(location: String) -> String {
    format!("HTTP/1.1 302 Found\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
}

// ---------------------------------------------------------------------------------------------
// Registration

async fn literal_internal_addresses_are_refused_at_registration(db: Db) {
    let receiver = Receiver::start(vec![Answer::Status(200)]).await;
    let p = receiver.port;
    let Some(app) = spawn_with(db, &[("SMARTCAL_SECRET_KEY", SECRET_KEY), RULE_ON[0]]).await else {
        return;
    };
    let (host, _) = host_with_agenda(&app).await;
    let literal = [
        format!("http://127.0.0.1:{p}/busy.ics"),
        format!("http://[::1]:{p}/busy.ics"),
        format!("http://[::ffff:127.0.0.1]:{p}/busy.ics"),
        format!("http://2130706433:{p}/busy.ics"), // 127.0.0.1, spelt as one number
        format!("http://0.0.0.0:{p}/busy.ics"),
        format!("webcal://127.0.0.1:{p}/busy.ics"),
        "http://169.254.169.254/latest/meta-data/".into(),
        "http://10.0.0.1/cal.ics".into(),
        "http://192.168.1.1/cal.ics".into(),
        "http://100.64.0.1/cal.ics".into(),
        "http://[fd00::1]/cal.ics".into(),
        "http://[fe80::1]/cal.ics".into(),
        "http://224.0.0.1/cal.ics".into(),
    ];
    for url in &literal {
        let e = host.create_calendar(&ical(url)).await.unwrap_err();
        assert_url_refused(e, url);
        let e = host.create_calendar(&caldav(url, true)).await.unwrap_err();
        assert_url_refused(e, url);
        if !url.starts_with("webcal") {
            let e = host.create_webhook(&hook(url)).await.unwrap_err();
            assert_url_refused(e, url);
        }
    }
    assert!(host.list_calendars().await.unwrap().items.is_empty());
    assert!(host.list_webhooks().await.unwrap().items.is_empty());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(receiver.requests().is_empty(), "{:?}", receiver.requests());

    // A public address is fine (the read may fail here, offline; the source is added).
    let public = host
        .create_calendar(&ical("https://192.0.2.1.example.com/cal.ics"))
        .await;
    assert!(public.is_ok(), "{public:?}");
    let public = host
        .create_webhook(&hook("https://93.184.216.34/hooks"))
        .await;
    assert!(public.is_ok(), "{public:?}");

    // The operator's switch: the same loopback address is accepted and read.
    drop(app);
    let Some(open) = spawn_with(db, &[("SMARTCAL_OUTBOUND_ALLOW_PRIVATE", "true")]).await else {
        return;
    };
    let (host, _) = host_with_agenda(&open).await;
    host.create_calendar(&ical(&receiver.url("/busy.ics")))
        .await
        .unwrap();
    host.create_webhook(&hook(&receiver.url("/hooks")))
        .await
        .unwrap();
    let got = receiver.wait_until(20, |r| !r.is_empty()).await;
    assert_eq!(got[0].path, "/busy.ics", "{got:?}");
}

// ---------------------------------------------------------------------------------------------
// Connect time: names are judged by what they resolve to

async fn a_name_resolving_to_loopback_is_refused_when_connecting(db: Db) {
    let receiver = Receiver::start(vec![Answer::Status(200)]).await;
    let p = receiver.port;
    let Some(app) = spawn_with(
        db,
        &[
            RULE_ON[0],
            ("SMARTCAL_OUTBOX_RETRY_BASE_MS", "100"),
            ("SMARTCAL_OUTBOX_RETRY_MAX_MS", "300"),
        ],
    )
    .await
    else {
        return;
    };
    let (host, agenda) = host_with_agenda(&app).await;

    // `localhost` is a name: it passes registration, and fails when read.
    let source = host
        .create_calendar(&ical(&format!("http://localhost:{p}/busy.ics")))
        .await
        .unwrap();
    let source = after_first_read(&host, source.id).await;
    let error = source.last_error.clone().expect("the read fails");
    assert_eq!(error, format!("localhost resolves only to {REFUSED}"));
    assert_eq!(source.last_sync_at, None);
    let again = host.sync_calendar(source.id).await.unwrap();
    assert_eq!(
        after_first_read(&host, again.id).await.last_error,
        Some(error)
    );

    // A webhook on the same name: every attempt fails the same way.
    let created = host
        .create_webhook(&hook(&format!("http://localhost:{p}/hooks")))
        .await
        .unwrap();
    let slots = slots_in_days(&host, agenda.id, 2, 3).await;
    app.client()
        .create_booking(&guest_booking(agenda.id, slots[0].start, 1), None)
        .await
        .unwrap();
    let mut attempts = vec![];
    for _ in 0..400 {
        let items = host
            .webhook_deliveries(created.webhook.id)
            .await
            .unwrap()
            .items;
        attempts = items.into_iter().flat_map(|d| d.attempts).collect();
        if attempts.len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(attempts.len() >= 2, "{attempts:?}");
    for a in &attempts {
        assert_eq!(a.status_code, None, "{a:?}");
        assert_eq!(
            a.error.as_deref(),
            Some(format!("localhost resolves only to {REFUSED}").as_str())
        );
    }

    assert!(
        receiver.requests().is_empty(),
        "nothing reached the loopback server: {:?}",
        receiver.requests()
    );
}

/// Write-back PUTs carry the CalDAV password: a loopback collection must never get one. The
/// same setup with the rule off shows the PUT would arrive.
async fn caldav_write_back_never_reaches_loopback(db: Db) {
    async fn puts_received(db: Db, allow_private: &str) -> Option<Vec<common::receiver::Request>> {
        let receiver = Receiver::start(vec![Answer::Status(201)]).await;
        let app = spawn_with(
            db,
            &[
                ("SMARTCAL_OUTBOUND_ALLOW_PRIVATE", allow_private),
                ("SMARTCAL_SECRET_KEY", SECRET_KEY),
                ("SMARTCAL_OUTBOX_RETRY_BASE_MS", "100"),
                ("SMARTCAL_OUTBOX_RETRY_MAX_MS", "300"),
            ],
        )
        .await?;
        let (host, agenda) = host_with_agenda(&app).await;
        let source = host
            .create_calendar(&caldav(
                &format!("http://localhost:{}/alex/work/", receiver.port),
                true,
            ))
            .await
            .unwrap();
        after_first_read(&host, source.id).await;
        let slots = slots_in_days(&host, agenda.id, 2, 3).await;
        let booked = app
            .client()
            .create_booking(&guest_booking(agenda.id, slots[0].start, 1), None)
            .await
            .unwrap();
        // The emails of the booking leave from the same outbox rounds as the write-back.
        notifications_when(&host, booked.id, all_sent).await;
        receiver
            .wait_until(3, |r| r.iter().any(|r| r.method == "PUT"))
            .await;
        Some(
            receiver
                .requests()
                .into_iter()
                .filter(|r| r.method == "PUT")
                .collect(),
        )
    }
    let Some(open) = puts_received(db, "true").await else {
        return;
    };
    assert!(
        open.iter().any(|r| r.headers.contains_key("authorization")),
        "with the rule off the PUT arrives, with Basic auth: {open:?}"
    );
    let closed = puts_received(db, "false").await.unwrap();
    assert!(closed.is_empty(), "{closed:?}");
}

// ---------------------------------------------------------------------------------------------
// Errors say what failed, never what the other side said

async fn errors_never_quote_the_answer(db: Db) {
    let secret = "SECRET_TOKEN=hunter2";
    let broken_ical = Raw::start(move |_| {
        http_answer(
            "200 OK",
            "text/calendar",
            &format!(
                "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\n{secret}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            ),
        )
    })
    .await;
    let not_ical = Raw::start(move |_| http_answer("200 OK", "text/plain", secret)).await;
    let error_page =
        Raw::start(move |_| http_answer("500 Internal Server Error", "text/plain", secret)).await;
    let caldav_error =
        Raw::start(move |_| http_answer("400 Bad Request", "application/xml", secret)).await;
    let banner = Raw::start(move |_| format!("SSH-2.0-OpenSSH_9.6 {secret}\r\n")).await;
    let closed = free_port();

    let Some(app) = spawn_with(db, &[("SMARTCAL_SECRET_KEY", SECRET_KEY)]).await else {
        return;
    };
    let (host, _) = host_with_agenda(&app).await;
    let mut errors = vec![];
    for (what, req) in [
        (
            "broken iCalendar",
            ical(&format!("http://127.0.0.1:{}/c.ics", broken_ical.port)),
        ),
        (
            "not iCalendar",
            ical(&format!("http://127.0.0.1:{}/c.ics", not_ical.port)),
        ),
        (
            "error page",
            ical(&format!("http://127.0.0.1:{}/c.ics", error_page.port)),
        ),
        (
            "CalDAV error",
            caldav(&format!("http://127.0.0.1:{}/c/", caldav_error.port), false),
        ),
        (
            "not HTTP",
            ical(&format!("http://127.0.0.1:{}/c.ics", banner.port)),
        ),
        (
            "closed port",
            ical(&format!("http://127.0.0.1:{closed}/c.ics")),
        ),
    ] {
        let source = host.create_calendar(&req).await.unwrap();
        let error = after_first_read(&host, source.id)
            .await
            .last_error
            .unwrap_or_else(|| panic!("{what}: the read fails"));
        assert!(
            !error.contains("hunter2") && !error.contains("SECRET") && !error.contains("SSH"),
            "{what}: {error}"
        );
        errors.push((what, error));
    }
    for (server, what) in [
        (&broken_ical, "broken iCalendar"),
        (&not_ical, "not iCalendar"),
        (&error_page, "error page"),
        (&caldav_error, "CalDAV error"),
        (&banner, "not HTTP"),
    ] {
        assert!(server.hits() >= 1, "{what}: the server was asked");
    }
    let by = |w: &str| {
        errors
            .iter()
            .find(|(what, _)| *what == w)
            .unwrap()
            .1
            .clone()
    };
    assert!(by("broken iCalendar").contains("iCalendar"), "{errors:?}");
    assert!(by("not iCalendar").contains("iCalendar"), "{errors:?}");
    assert!(by("error page").contains("500"), "{errors:?}");
    assert!(by("CalDAV error").contains("400"), "{errors:?}");
    assert_eq!(by("closed port"), "cannot connect to the server");
}

// ---------------------------------------------------------------------------------------------
// The hooks themselves, on real connections: redirects and literal addresses

/// A client with the rule's redirect policy and resolver, whose first request may go to a
/// literal loopback address (standing in for a public server: with the rule on, nothing on
/// this machine is reachable otherwise).
fn rule_client(allow_private: bool) -> reqwest::blocking::Client {
    let mut b = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(5))
        .redirect(outbound::redirect_policy(5, allow_private));
    if !allow_private {
        b = b.dns_resolver(Arc::new(RuleResolver)).no_proxy();
    }
    b.build().unwrap()
}

/// GET with [`rule_client`], off the async runtime (a blocking client must live there).
async fn get(allow_private: bool, url: String) -> Result<u16, String> {
    tokio::task::spawn_blocking(move || {
        rule_client(allow_private)
            .get(&url)
            .send()
            .map(|r| r.status().as_u16())
            .map_err(|e| describe(&e))
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_to_internal_addresses_are_refused() {
    let target = Receiver::start(vec![Answer::Status(200)]).await;
    let t = target.port;
    for (location, refused) in [
        (
            format!("http://127.0.0.1:{t}/x"),
            format!("127.0.0.1 is {REFUSED}"),
        ),
        (
            format!("http://[::ffff:127.0.0.1]:{t}/x"),
            format!("::ffff:127.0.0.1 is {REFUSED}"),
        ),
        (
            format!("http://2130706433:{t}/x"),
            format!("127.0.0.1 is {REFUSED}"),
        ),
        (
            format!("http://localhost:{t}/x"),
            format!("localhost resolves only to {REFUSED}"),
        ),
    ] {
        let first = {
            let location = location.clone();
            Raw::start(move |_| redirect_to(location.clone())).await
        };
        let url = format!("http://127.0.0.1:{}/feed.ics", first.port);
        // Rule off: the redirect is followed to the other port.
        assert_eq!(get(true, url.clone()).await, Ok(200), "{location}");
        let reached = target.requests().len();
        assert!(reached >= 1);
        // Rule on: refused, and nothing more reaches the target.
        assert_eq!(get(false, url).await, Err(refused), "{location}");
        assert_eq!(first.hits(), 2);
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(target.requests().len(), reached, "{location}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_are_followed_a_few_times_only() {
    let looping = Raw::start(|port| redirect_to(format!("http://127.0.0.1:{port}/again"))).await;
    let url = format!("http://127.0.0.1:{}/feed.ics", looping.port);
    let err = tokio::task::spawn_blocking(move || {
        let http = feeds::client(Duration::from_secs(5), true).unwrap();
        feeds::fetch(&http, &url, None, None, false, 1024)
    })
    .await
    .unwrap()
    .unwrap_err();
    assert_eq!(err, "the server redirected more than 5 times");
    assert_eq!(looping.hits(), 1 + feeds::MAX_REDIRECTS);
}

/// Literal addresses never reach a resolver: the client refuses them when the request is made,
/// for feeds, CalDAV (read and write-back, with its password) and webhooks alike.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn literal_internal_addresses_are_refused_when_sending() {
    let target = Receiver::start(vec![Answer::Status(201)]).await;
    let base = target.url("");
    let results = tokio::task::spawn_blocking(move || {
        let http = feeds::client(Duration::from_secs(5), false).unwrap();
        let at = caldav::Collection {
            url: &base,
            username: Some("alex"),
            password: Some("s3cret"),
        };
        let hooks = Http::new(outbound::Options {
            timeout: Duration::from_secs(5),
            redirects: 0,
            allow_private: false,
        })
        .unwrap();
        let event = smartcal_server::integrations::webhook::Event {
            name: "booking.created",
            delivery_id: "d1",
            body: "{}",
        };
        let now = chrono::Utc::now();
        vec![
            feeds::fetch(&http, &format!("{base}/c.ics"), None, None, false, 1024)
                .map(|_| ())
                .unwrap_err(),
            caldav::put_event(&http, at, "b1", "BEGIN:VCALENDAR".into()).unwrap_err(),
            caldav::delete_event(&http, at, "b1").unwrap_err(),
            caldav::query(&http, at, 1024, now, now).unwrap_err(),
            smartcal_server::integrations::webhook::post(&hooks, &base, "whsec_x", event, 0)
                .error
                .unwrap(),
        ]
    })
    .await
    .unwrap();
    for r in results {
        assert_eq!(r, format!("127.0.0.1 is {REFUSED}"));
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(target.requests().is_empty(), "{:?}", target.requests());

    // The same calls with the rule off do reach it (the test can see a request).
    let base = target.url("");
    tokio::task::spawn_blocking(move || {
        let http = feeds::client(Duration::from_secs(5), true).unwrap();
        let at = caldav::Collection {
            url: &base,
            username: Some("alex"),
            password: Some("s3cret"),
        };
        caldav::put_event(&http, at, "b1", "BEGIN:VCALENDAR".into()).unwrap();
    })
    .await
    .unwrap();
    let got = target.requests();
    assert_eq!(got.len(), 1);
    assert!(got[0].headers.contains_key("authorization"));
}

/// The resolver hook keeps a name's public addresses and drops its internal ones.
#[test]
fn a_name_with_public_and_internal_addresses_keeps_the_public_ones() {
    let a = |s: &str| -> SocketAddr { s.parse().unwrap() };
    let kept = outbound::allowed_addrs(
        "mixed.example",
        vec![a("127.0.0.1:0"), a("93.184.216.34:0"), a("[fd00::1]:0")],
    )
    .unwrap();
    assert_eq!(kept, vec![a("93.184.216.34:0")]);
}
