//! Operations (SPEC §14): `/healthz`, `/readyz` (following the database away and back),
//! `/metrics` (counters that move, bounded route labels, the token), request ids in headers,
//! problems and JSON log lines, and the operator's command line — `smartcal backup` under
//! load and `smartcal admin` — run as the real binary against both backends.

use std::collections::HashSet;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::{Connection, QueryableByName, RunQueryDsl};
use futures::StreamExt;
use smartcal_client::Client;
use smartcal_types::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

mod common;
use common::pg_cluster::PgCluster;
use common::*;

on_both!(
    health_and_readiness_answer,
    metrics_move_with_requests_bookings_and_failures,
    route_labels_stay_few_for_thousands_of_ids,
    admin_commands_manage_hosts,
);

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

async fn scrape(base: &str) -> String {
    let res = http().get(format!("{base}/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let ct = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(ct.starts_with("application/openmetrics-text"), "{ct}");
    res.text().await.unwrap()
}

/// The value of the sample `series` (name and labels exactly as written), if present.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .map(|v| v.trim().parse().unwrap())
}

fn value(text: &str, series: &str) -> f64 {
    sample(text, series).unwrap_or_else(|| panic!("no {series} in\n{text}"))
}

async fn health_and_readiness_answer(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let c = http();
    let res = c.get(format!("{}/healthz", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let res = c.get(format!("{}/readyz", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ready\n");
    // The API's own health check is unchanged.
    let health = app.client().health().await.unwrap();
    assert_eq!(health.status, "ok");
}

async fn metrics_move_with_requests_bookings_and_failures(db: Db) {
    // Email cannot be delivered (nothing listens there): the rows stay pending.
    let closed = format!("smtp://127.0.0.1:{}", free_port());
    let Some(app) = spawn_with(db, &[("SMTP_URL", closed.as_str())]).await else {
        return;
    };
    let (host, agenda) = host_with_agenda(&app).await;
    let before = scrape(&app.base).await;
    for family in [
        "# TYPE smartcal_http_requests counter",
        "# TYPE smartcal_http_request_duration_seconds histogram",
        "# TYPE smartcal_bookings counter",
        "# TYPE smartcal_outbox_rows gauge",
        "# TYPE smartcal_outbox_oldest_pending_age_seconds gauge",
        "# TYPE smartcal_calendar_sync_failures counter",
        "# TYPE smartcal_calendar_sources_failing gauge",
        "# TYPE smartcal_db_pool_connections gauge",
    ] {
        assert!(before.contains(family), "{family} missing in\n{before}");
    }
    let created = r#"smartcal_bookings_total{outcome="created"}"#;
    let taken = r#"smartcal_bookings_total{outcome="taken"}"#;
    let invalid = r#"smartcal_bookings_total{outcome="invalid"}"#;
    let posted =
        r#"smartcal_http_requests_total{method="POST",route="/api/v1/bookings",status="201"}"#;
    let posted_count = r#"smartcal_http_request_duration_seconds_count{method="POST",route="/api/v1/bookings",status="201"}"#;
    let pending = r#"smartcal_outbox_rows{channel="email",state="pending"}"#;
    assert_eq!(value(&before, created), 0.0);
    assert_eq!(sample(&before, posted), None);
    assert_eq!(value(&before, pending), 0.0);
    assert_eq!(value(&before, "smartcal_database_up"), 1.0);

    let guest = app.client();
    let slot = first_slot(&guest, agenda.id).await;
    guest
        .create_booking(&guest_booking(agenda.id, slot.start, 1), None)
        .await
        .unwrap();
    let e = guest
        .create_booking(&guest_booking(agenda.id, slot.start, 2), None)
        .await
        .unwrap_err();
    assert_eq!(status(e), 409);
    let odd = slot.start + chrono::Duration::minutes(7);
    let e = guest
        .create_booking(&guest_booking(agenda.id, odd, 3), None)
        .await
        .unwrap_err();
    assert_eq!(status(e), 422);
    // A calendar nobody serves: its first read fails.
    let dead = format!("http://127.0.0.1:{}/busy.ics", free_port());
    let source = host
        .create_calendar(&CreateCalendarRequest {
            kind: CalendarKind::Ical,
            url: dead,
            name: None,
            username: None,
            password: None,
            write_back: false,
        })
        .await
        .unwrap();
    // Read in the background: wait for the read to be over.
    let mut read = source.clone();
    for _ in 0..1200 {
        if read.last_error.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        read = host.list_calendars().await.unwrap().items.remove(0);
    }
    assert!(read.last_error.is_some(), "{read:?}");
    tokio::time::sleep(Duration::from_millis(1100)).await;

    let after = scrape(&app.base).await;
    assert_eq!(value(&after, created), 1.0);
    assert_eq!(value(&after, taken), value(&before, taken) + 1.0);
    assert_eq!(value(&after, invalid), value(&before, invalid) + 1.0);
    assert_eq!(value(&after, posted), 1.0);
    assert_eq!(value(&after, posted_count), 1.0);
    // The host's and the guest's email wait (attempts fail), the oldest for a second or more.
    assert_eq!(value(&after, pending), 2.0, "{after}");
    assert!(
        value(
            &after,
            r#"smartcal_outbox_oldest_pending_age_seconds{channel="email"}"#
        ) >= 1.0
    );
    assert!(value(&after, "smartcal_calendar_sync_failures_total") >= 1.0);
    assert_eq!(value(&after, "smartcal_calendar_sources_failing"), 1.0);
    assert!(value(&after, r#"smartcal_db_pool_connections{state="idle"}"#) >= 0.0);
    assert!(value(&after, "smartcal_db_pool_max_connections") >= 1.0);
}

async fn route_labels_stay_few_for_thousands_of_ids(db: Db) {
    let Some(app) = spawn(db).await else { return };
    // A thousand distinct ids each for a booking, an agenda's slots and a web app page.
    let ids: Vec<Uuid> = (0..3000).map(|_| Uuid::new_v4()).collect();
    let c = http();
    let base = app.base.clone();
    let statuses: Vec<u16> = futures::stream::iter(ids.iter().enumerate())
        .map(|(i, id)| {
            let url = match i % 3 {
                0 => format!("{base}/api/v1/bookings/{id}"),
                1 => format!("{base}/api/v1/agendas/{id}/slots"),
                _ => format!("{base}/book/x/{id}"),
            };
            let c = c.clone();
            async move { c.get(url).send().await.unwrap().status().as_u16() }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    assert_eq!(statuses.len(), 3000);
    let text = scrape(&app.base).await;
    let series: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("smartcal_http_requests_total{"))
        .collect();
    eprintln!(
        "3000 requests with distinct ids: {} request series",
        series.len()
    );
    assert!(series.len() <= 10, "{} series: {series:#?}", series.len());
    for l in text.lines() {
        assert!(!ids.iter().any(|id| l.contains(&id.to_string())), "{l}");
    }
    let by_route = |route: &str, status: u16| {
        value(
            &text,
            &format!(
                r#"smartcal_http_requests_total{{method="GET",route="{route}",status="{status}"}}"#
            ),
        )
    };
    assert_eq!(by_route("/api/v1/bookings/{id}", 404), 1000.0);
    assert_eq!(by_route("/api/v1/agendas/{id}/slots", 404), 1000.0);
    let unmatched: f64 = series
        .iter()
        .filter(|l| l.contains(r#"route="unmatched""#))
        .map(|l| l.rsplit(' ').next().unwrap().parse::<f64>().unwrap())
        .sum();
    assert_eq!(unmatched, 1000.0, "{series:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_token_is_enforced_when_set() {
    let token = "metrics-token-0123456789";
    let app = spawn_with(Db::Sqlite, &[("SMARTCAL_METRICS_TOKEN", token)])
        .await
        .unwrap();
    let c = http();
    let url = format!("{}/metrics", app.base);
    for auth in [None, Some("Bearer wrong-token-0123456789"), Some(token)] {
        let mut req = c.get(&url);
        if let Some(a) = auth {
            req = req.header("Authorization", a);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 401, "{auth:?}");
        assert_eq!(
            res.headers()["content-type"],
            "application/problem+json",
            "{auth:?}"
        );
    }
    let res = c.get(&url).bearer_auth(token).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("smartcal_http_requests"));
    // Health and readiness stay open to probes.
    let res = c.get(format!("{}/readyz", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_ids_come_back_in_the_header_and_the_problem() {
    let app = spawn(Db::Sqlite).await.unwrap();
    let c = http();
    let unknown = app.api(&format!("/bookings/{}", Uuid::new_v4()));
    // The client's id.
    let res = c
        .get(&unknown)
        .header("X-Request-Id", "trace-abc.123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["x-request-id"], "trace-abc.123");
    let problem: Problem = res.json().await.unwrap();
    assert_eq!(problem.request_id.as_deref(), Some("trace-abc.123"));
    // None given, or one that is not a sensible token: a new one, the same in both places.
    for given in [None, Some("has spaces and \"quotes\"")] {
        let mut req = c
            .post(app.api("/bookings"))
            .header("content-type", "application/json");
        if let Some(g) = given {
            req = req.header("X-Request-Id", g);
        }
        let res = req.body("{not json").send().await.unwrap();
        assert_eq!(res.status(), 400);
        let header = res.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert!(!header.is_empty() && Some(header.as_str()) != given);
        let problem: Problem = res.json().await.unwrap();
        assert_eq!(problem.request_id.as_deref(), Some(header.as_str()));
    }
    // Unknown API paths (the fallback) and successful answers carry it too.
    let res = c.get(app.api("/no-such-thing")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    let header = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    let problem: Problem = res.json().await.unwrap();
    assert_eq!(problem.request_id, Some(header));
    let res = c.get(format!("{}/healthz", app.base)).send().await.unwrap();
    assert!(res.headers().contains_key("x-request-id"));
}

/// A real `smartcal serve` with `SMARTCAL_LOG_FORMAT=json`: every line of its output is a JSON
/// object, and the request's line names its id, route, status and latency.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_logs_carry_the_request_id() {
    let db = test_db(Db::Sqlite).unwrap();
    let port = free_port();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_smartcal"))
        .arg("serve")
        .env("DATABASE_URL", &db.url)
        .env("SMARTCAL_BIND", format!("127.0.0.1:{port}"))
        .env("SMARTCAL_MAIL_DIR", db.mail_dir())
        .env("SMARTCAL_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let c = http();
    let mut up = false;
    for _ in 0..1200 {
        if c.get(format!("{base}/healthz")).send().await.is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(up, "the server did not start");
    let res = c
        .get(format!("{base}/api/v1/bookings/{}", Uuid::new_v4()))
        .header("X-Request-Id", "json-log-1")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let mut out = child.stdout.take().unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    child.kill().await.unwrap();
    let mut text = String::new();
    out.read_to_string(&mut text).await.unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert!(lines.len() >= 3, "{text}");
    let line = lines
        .iter()
        .find(|l| l["request_id"] == "json-log-1")
        .unwrap_or_else(|| panic!("no line with the request id in\n{text}"));
    assert_eq!(line["level"], "INFO");
    assert_eq!(line["message"], "request");
    assert_eq!(line["route"], "/api/v1/bookings/{id}");
    assert_eq!(line["status"], 404);
    assert!(line["latency_ms"].as_f64().is_some(), "{line}");
    assert!(line["timestamp"].as_str().is_some(), "{line}");
    assert!(line["target"].as_str().is_some(), "{line}");
}

/// Polls `/readyz` until it answers `want`; how long that took (each answer within 2 s).
async fn readyz_until(base: &str, want: u16, limit: Duration) -> Duration {
    let c = http();
    let started = Instant::now();
    loop {
        let asked = Instant::now();
        let res = c.get(format!("{base}/readyz")).send().await.unwrap();
        assert!(
            asked.elapsed() < Duration::from_secs(2),
            "/readyz took {:?}",
            asked.elapsed()
        );
        let got = res.status().as_u16();
        if got == want {
            if want == 503 {
                assert_eq!(res.headers()["content-type"], "application/problem+json");
                let p: Problem = res.json().await.unwrap();
                assert_eq!(p.status, 503);
            }
            return started.elapsed();
        }
        assert!(
            started.elapsed() < limit,
            "/readyz still {got} after {:?}",
            started.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_follows_the_sqlite_file_away_and_back() {
    let app = spawn(Db::Sqlite).await.unwrap();
    let path = std::path::PathBuf::from(app._db.url.strip_prefix("sqlite://").unwrap());
    let away = path.with_extension("away");
    readyz_until(&app.base, 200, Duration::from_secs(5)).await;
    std::fs::rename(&path, &away).unwrap();
    let took = readyz_until(&app.base, 503, Duration::from_secs(2)).await;
    eprintln!("SQLite file moved away: /readyz 503 after {took:?}");
    let res = http()
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "alive all the same");
    std::fs::rename(&away, &path).unwrap();
    let took = readyz_until(&app.base, 200, Duration::from_secs(5)).await;
    eprintln!("SQLite file back: /readyz 200 after {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_follows_postgres_down_and_up() {
    let Some(pg) = PgCluster::start_new() else {
        return;
    };
    let test_db = TestDb::at(pg.url());
    let server = Server::start(&test_db, &[]).await;
    readyz_until(&server.base, 200, Duration::from_secs(5)).await;
    let pg = Arc::new(pg);
    let p = pg.clone();
    tokio::task::spawn_blocking(move || p.stop()).await.unwrap();
    let took = readyz_until(&server.base, 503, Duration::from_secs(2)).await;
    eprintln!("PostgreSQL stopped: /readyz 503 after {took:?}");
    let res = http()
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "alive all the same");
    let p = pg.clone();
    tokio::task::spawn_blocking(move || p.start())
        .await
        .unwrap();
    let took = readyz_until(&server.base, 200, Duration::from_secs(10)).await;
    eprintln!("PostgreSQL started: /readyz 200 after {took:?}");
}

// ---------------------------------------------------------------------------------------------
// The command line

/// Runs `smartcal ARGS` on the test's database with `stdin`; (exit code, stdout, stderr).
async fn smartcal(db: &TestDb, args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_smartcal"))
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("SMARTCAL_MAIL_DIR", db.mail_dir())
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).await.unwrap();
    }
    drop(input);
    let out = tokio::time::timeout(Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("smartcal finishes")
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn login(email: &str, password: &str) -> LoginRequest {
    LoginRequest {
        email: email.into(),
        password: password.into(),
    }
}

async fn admin_commands_manage_hosts(db: Db) {
    let Some(test_db) = test_db(db) else { return };
    let email = "olga.ops@example.com";
    let create = [
        "admin",
        "create-host",
        "--email",
        email,
        "--name",
        "Olga Ops",
        "--time-zone",
        "Europe/Berlin",
    ];
    // Bad input is refused with a message, never a panic.
    let (code, _, err) = smartcal(&test_db, &create, Some("short\n")).await;
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("at least 8 characters"), "{err}");
    let (code, _, err) = smartcal(
        &test_db,
        &["admin", "create-host", "--email", "nope", "--name", "X"],
        Some("long enough password\n"),
    )
    .await;
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--email"), "{err}");
    // The password never comes from the command line.
    let mut with_password = create.to_vec();
    with_password.extend(["--password", "x"]);
    let (code, _, _) = smartcal(&test_db, &with_password, None).await;
    assert_eq!(code, 2);

    let (code, out, err) = smartcal(&test_db, &create, Some("first password\n")).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&format!("created host {email}")), "{out}");
    let (code, _, err) = smartcal(&test_db, &create, Some("first password\n")).await;
    assert_eq!(code, 1);
    assert!(err.contains("exists already"), "{err}");

    let server = Server::start(&test_db, &[]).await;
    let host = Client::new(&server.base).unwrap();
    let me = host.login(&login(email, "first password")).await.unwrap();
    assert_eq!(me.slug, "olga-ops");
    let agenda = host.create_agenda(&agenda_body("Ops call")).await.unwrap();
    let key = host
        .create_api_key(&CreateApiKeyRequest { name: "ops".into() })
        .await
        .unwrap()
        .key;
    let keyed = Client::new(&server.base).unwrap().with_api_key(key);
    keyed.me().await.unwrap();
    let guest = Client::new(&server.base).unwrap();
    let slots = slots_in_days(&guest, agenda.id, 2, 3).await;
    let booking = guest
        .create_booking(&guest_booking(agenda.id, slots[0].start, 1), None)
        .await
        .unwrap();
    let (code, out, _) = smartcal(&test_db, &["admin", "list-hosts"], None).await;
    assert_eq!(code, 0);
    assert!(out.contains(email) && out.contains("\tactive\t"), "{out}");

    let (code, out, err) = smartcal(&test_db, &["admin", "disable-host", email], None).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 upcoming confirmed booking"), "{out}");
    assert!(out.contains(&booking.id.to_string()), "{out}");
    // No login, no session, no API key, no booking page, no slots, no new booking.
    assert_eq!(status(host.me().await.unwrap_err()), 401);
    assert_eq!(status(keyed.me().await.unwrap_err()), 401);
    let again = Client::new(&server.base).unwrap();
    assert_eq!(
        status(
            again
                .login(&login(email, "first password"))
                .await
                .unwrap_err()
        ),
        403
    );
    assert_eq!(
        status(
            guest
                .public_agenda(&me.slug, &agenda.slug)
                .await
                .unwrap_err()
        ),
        404
    );
    let day = slots[1].start.date_naive();
    let res = http()
        .get(format!(
            "{}/api/v1/agendas/{}/slots?from={day}&to={day}",
            server.base, agenda.id
        ))
        .header("Cache-Control", "no-cache")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let e = guest
        .create_booking(&guest_booking(agenda.id, slots[1].start, 2), None)
        .await
        .unwrap_err();
    assert_eq!(status(e), 404);
    // The booking stays, for its guest too.
    let token = booking.manage_token.clone().unwrap();
    let kept = guest
        .get_booking(booking.id, Some(token.as_str()))
        .await
        .unwrap();
    assert_eq!(kept.status, BookingStatus::Confirmed);
    let (_, out, _) = smartcal(&test_db, &["admin", "list-hosts"], None).await;
    assert!(out.contains("disabled since"), "{out}");

    let (code, out, err) = smartcal(
        &test_db,
        &["admin", "reset-password", "olga-ops"],
        Some("second password\r\n"),
    )
    .await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("new password set"), "{out}");
    let (code, _, err) = smartcal(
        &test_db,
        &["admin", "reset-password", "nobody@example.com"],
        Some("whatever123\n"),
    )
    .await;
    assert_eq!(code, 1);
    assert!(err.contains("no host"), "{err}");
    let (code, _, err) = smartcal(&test_db, &["admin", "enable-host", email], None).await;
    assert_eq!(code, 0, "{err}");

    let back = Client::new(&server.base).unwrap();
    assert_eq!(
        status(
            back.login(&login(email, "first password"))
                .await
                .unwrap_err()
        ),
        401
    );
    back.login(&login(email, "second password")).await.unwrap();
    let listed = all_bookings(&back).await;
    assert!(listed.iter().any(|b| b.id == booking.id));
    back.public_agenda(&me.slug, &agenda.slug).await.unwrap();
    keyed.me().await.unwrap();
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: String,
}

#[derive(QueryableByName)]
struct Check {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

/// `smartcal backup` while guests book without pause: the copy passes `PRAGMA
/// integrity_check` and holds every booking acknowledged before the backup began.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_copies_sqlite_while_bookings_go_on() {
    let test_db = test_db(Db::Sqlite).unwrap();
    let server = Server::start(&test_db, &[]).await;
    let host = Client::new(&server.base).unwrap();
    host.signup(&signup_body("backup@example.com"))
        .await
        .unwrap();
    let agenda = host.create_agenda(&agenda_body("Backup")).await.unwrap();
    // Bulk, so that copying takes a while: 60,000 cancelled bookings (they block no slot).
    let path = test_db.url.strip_prefix("sqlite://").unwrap().to_owned();
    {
        let mut c = diesel::SqliteConnection::establish(&path).unwrap();
        c.batch_execute(&format!(
            "PRAGMA busy_timeout = 10000;
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
             INSERT INTO bookings (id, agenda_id, host_id, start_at, end_at, guest_name,
               guest_email, guest_time_zone, notes, status, room_name, meeting_url,
               manage_token_hash, sequence, created_at, updated_at, cancelled_at, cancel_reason)
             SELECT printf('bulk-%06d', i), a.id, a.host_id, 1000 * i, 1000 * i + 1800,
               'Bulk Guest', 'bulk@example.com', 'UTC', hex(randomblob(150)), 'cancelled',
               printf('bulk-room-%06d', i), printf('https://jitsi.example.test/bulk-%06d', i),
               hex(randomblob(32)), 1, 0, 0, 0, NULL
             FROM n, agendas a WHERE a.id = '{}'",
            agenda.id
        ))
        .unwrap();
    }
    let slots = slots_in_days(&host, agenda.id, 2, 40).await;
    let acked: Arc<Mutex<Vec<(Instant, Instant, Uuid)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let booker = {
        let (acked, stop, base) = (acked.clone(), stop.clone(), server.base.clone());
        tokio::spawn(async move {
            let guest = Client::new(&base).unwrap();
            for (i, slot) in slots.iter().enumerate() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let sent = Instant::now();
                let b = guest
                    .create_booking(&guest_booking(agenda.id, slot.start, i), None)
                    .await
                    .expect("every booking succeeds during the backup");
                acked.lock().unwrap().push((sent, Instant::now(), b.id));
            }
        })
    };
    while acked.lock().unwrap().len() < 20 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let copy = test_db._dir.path().join("copy.db");
    let before: Vec<Uuid> = acked.lock().unwrap().iter().map(|a| a.2).collect();
    let began = Instant::now();
    let (code, out, err) = smartcal(&test_db, &["backup", copy.to_str().unwrap()], None).await;
    let ended = Instant::now();
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::SeqCst);
    booker.await.unwrap();
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("integrity check ok"), "{out}");
    let all = acked.lock().unwrap().clone();
    let during = all
        .iter()
        .filter(|(_, done, _)| *done > began && *done < ended)
        .count();
    eprintln!(
        "backup took {:?}: {} bookings acknowledged before it began, {during} during it, {} in all",
        ended - began,
        before.len(),
        all.len()
    );
    assert!(during >= 1, "no booking was made while the backup ran");

    let mut c = diesel::SqliteConnection::establish(copy.to_str().unwrap()).unwrap();
    let check: Vec<Check> = diesel::sql_query("PRAGMA integrity_check")
        .load(&mut c)
        .unwrap();
    assert_eq!(check.len(), 1);
    assert_eq!(check[0].integrity_check, "ok");
    let ids: HashSet<String> = diesel::sql_query("SELECT id FROM bookings")
        .load::<IdRow>(&mut c)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    for id in &before {
        assert!(
            ids.contains(&id.to_string()),
            "booking {id} is not in the copy"
        );
    }
    assert!(ids.len() >= 60_000 + before.len());
    eprintln!(
        "the copy holds {} bookings: all {} acknowledged before the backup",
        ids.len(),
        before.len()
    );
    // A second backup to the same file is refused (nothing is overwritten).
    let (code, _, err) = smartcal(&test_db, &["backup", copy.to_str().unwrap()], None).await;
    assert_eq!(code, 1);
    assert!(err.contains("exists already"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_on_postgres_points_to_pg_dump() {
    let Some(test_db) = test_db(Db::Postgres) else {
        return;
    };
    let copy = test_db._dir.path().join("copy.db");
    let (code, _, err) = smartcal(&test_db, &["backup", copy.to_str().unwrap()], None).await;
    assert_eq!(code, 1);
    assert!(err.contains("pg_dump"), "{err}");
    assert!(!copy.exists());
}
