//! Host calendars against real servers on loopback: an HTTP server serving `.ics` fixtures
//! (ETag, failures), an unreachable source, and Radicale as a real CalDAV server (busy times
//! read, bookings written, moved and removed). Runs on SQLite and, when
//! `SMARTCAL_TEST_POSTGRES_URL` is set, PostgreSQL.

mod common;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use common::*;
use smartcal_client::Client;
use smartcal_types::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

const BERLIN: Tz = chrono_tz::Europe::Berlin;
const SECRET: &str = "test-secret-key-0123456789abcdef0123456789";

// ---------------------------------------------------------------------------------------------
// A tiny HTTP server for `.ics` feeds

#[derive(Default)]
struct Feed {
    body: String,
    etag: String,
    /// Answer this status instead of the feed.
    fail_with: Option<u16>,
    hits: u32,
    not_modified: u32,
}

async fn feed_server(feed: Arc<Mutex<Feed>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let feed = feed.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&buf).to_string();
                let if_none_match = head.lines().find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("if-none-match")
                        .then(|| v.trim().to_owned())
                });
                let response = {
                    let mut f = feed.lock().unwrap();
                    f.hits += 1;
                    if let Some(code) = f.fail_with {
                        format!("HTTP/1.1 {code} Oops\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                    } else if if_none_match.as_deref() == Some(f.etag.as_str()) {
                        f.not_modified += 1;
                        format!(
                            "HTTP/1.1 304 Not Modified\r\netag: {}\r\nconnection: close\r\n\r\n",
                            f.etag
                        )
                    } else {
                        format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: text/calendar; charset=utf-8\r\netag: {}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}",
                            f.etag,
                            f.body.len(),
                            f.body
                        )
                    }
                };
                let _ = sock.write_all(response.as_bytes()).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    base
}

// ---------------------------------------------------------------------------------------------
// Dates of the fixture: a weekly meeting across Berlin's next DST change

/// The next Sunday on which Berlin changes its clocks, at least 20 days ahead.
fn next_dst_sunday() -> NaiveDate {
    let mut d = Utc::now().date_naive() + Duration::days(20);
    loop {
        if d.weekday() == Weekday::Sun {
            let offset = |day: NaiveDate| {
                BERLIN
                    .from_local_datetime(&day.and_hms_opt(12, 0, 0).unwrap())
                    .unwrap()
                    .naive_local()
                    - BERLIN
                        .from_local_datetime(&day.and_hms_opt(12, 0, 0).unwrap())
                        .unwrap()
                        .naive_utc()
            };
            if offset(d - Duration::days(1)) != offset(d + Duration::days(1)) {
                return d;
            }
        }
        d += Duration::days(1);
    }
}

struct Days {
    mon1: NaiveDate,
    mon2: NaiveDate,
    mon3: NaiveDate,
    mon4: NaiveDate,
    tue3: NaiveDate,
    wed1: NaiveDate,
    thu2: NaiveDate,
}

fn fixture_days() -> Days {
    let sunday = next_dst_sunday();
    let mon2 = sunday - Duration::days(6);
    Days {
        mon1: mon2 - Duration::days(7),
        mon2,
        mon3: sunday + Duration::days(1),
        mon4: sunday + Duration::days(8),
        tue3: sunday + Duration::days(2),
        wed1: mon2 - Duration::days(5),
        thu2: mon2 + Duration::days(3),
    }
}

fn fixture_feed(d: &Days) -> String {
    let f = |x: NaiveDate| x.format("%Y%m%d").to_string();
    include_str!("fixtures/busy.ics")
        .replace("{{MON1}}", &f(d.mon1))
        .replace("{{MON3}}", &f(d.mon3))
        .replace("{{MON4}}", &f(d.mon4))
        .replace("{{TUE3}}", &f(d.tue3))
        .replace("{{WED1}}", &f(d.wed1))
        .replace("{{THU1}}", &f(d.wed1 + Duration::days(1)))
        .replace("{{THU2}}", &f(d.thu2))
        .replace('\n', "\r\n")
}

fn berlin(d: NaiveDate, hour: u32) -> DateTime<Utc> {
    BERLIN
        .from_local_datetime(&d.and_hms_opt(hour, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

/// Mon–Fri 09:00–17:00 Berlin, hourly, a year ahead, no notice.
fn office_hours() -> CreateAgendaRequest {
    CreateAgendaRequest {
        title: "Consultation".into(),
        duration_minutes: 60,
        time_zone: Some("Europe/Berlin".into()),
        availability: ["mon", "tue", "wed", "thu", "fri"]
            .iter()
            .map(|d| AvailabilityInterval {
                weekday: d.to_string(),
                start: "09:00".into(),
                end: "17:00".into(),
            })
            .collect(),
        min_notice_minutes: Some(0),
        horizon_days: Some(400),
        ..Default::default()
    }
}

async fn slot_starts(
    c: &Client,
    agenda: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> BTreeSet<DateTime<Utc>> {
    c.slots(agenda, from, to, Some("Europe/Berlin"))
        .await
        .unwrap()
        .slots
        .into_iter()
        .map(|s| s.start)
        .collect()
}

async fn host(server: &Server) -> (Client, Agenda) {
    let c = Client::new(&server.base).unwrap();
    c.signup(&signup_body(&format!(
        "{}@example.com",
        Uuid::new_v4().simple()
    )))
    .await
    .unwrap();
    let agenda = c.create_agenda(&office_hours()).await.unwrap();
    (c, agenda)
}

/// The source once the read asked for (by adding it, or "sync now") is over: it happens in the
/// background, the API answers at once with the source `pending`.
async fn settled(c: &Client, id: Uuid) -> CalendarSource {
    for _ in 0..600 {
        let s = c
            .list_calendars()
            .await
            .unwrap()
            .items
            .into_iter()
            .find(|s| s.id == id)
            .expect("listed");
        if !s.pending {
            return s;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
    panic!("the calendar {id} was not read");
}

/// Adds a source and waits for its first read.
async fn add(c: &Client, req: &CreateCalendarRequest) -> CalendarSource {
    let added = c.create_calendar(req).await.unwrap();
    assert!(added.pending, "{added:?}");
    settled(c, added.id).await
}

/// "Sync now", and the source once that read is over.
async fn sync(c: &Client, id: Uuid) -> CalendarSource {
    assert!(c.sync_calendar(id).await.unwrap().pending);
    settled(c, id).await
}

fn ical(url: &str) -> CreateCalendarRequest {
    CreateCalendarRequest {
        kind: CalendarKind::Ical,
        url: url.into(),
        name: Some("Work".into()),
        username: None,
        password: None,
        write_back: false,
    }
}

// ---------------------------------------------------------------------------------------------
// iCalendar feeds

async fn ical_feed_blocks_exactly_its_busy_times(db: Db) {
    let Some(test_db) = test_db(db) else { return };
    let days = fixture_days();
    let feed = Arc::new(Mutex::new(Feed {
        body: fixture_feed(&days),
        etag: "\"v1\"".into(),
        ..Default::default()
    }));
    let feed_base = feed_server(feed.clone()).await;
    let server = Server::start(
        &test_db,
        &[
            ("SMARTCAL_CALENDAR_SYNC_SECONDS", "3600"),
            ("SMARTCAL_SECRET_KEY", SECRET),
        ],
    )
    .await;
    let (c, agenda) = host(&server).await;
    let (from, to) = (days.mon1, days.mon4 + Duration::days(4));
    let before = slot_starts(&c, agenda.id, from, to).await;
    assert!(before.contains(&berlin(days.mon3, 10)));

    let source = add(&c, &ical(&format!("{feed_base}/busy.ics"))).await;
    assert_eq!(source.last_error, None, "{source:?}");
    assert!(source.last_sync_at.is_some());
    // Two weekly occurrences before the DST change, the moved one, the all-day event.
    assert_eq!(source.busy_count, 4);

    let after = slot_starts(&c, agenda.id, from, to).await;
    let removed: BTreeSet<_> = before.difference(&after).copied().collect();
    let mut expected: BTreeSet<DateTime<Utc>> = [
        berlin(days.mon1, 10),
        berlin(days.mon2, 10),
        berlin(days.tue3, 14), // the occurrence of MON3, moved (RECURRENCE-ID)
    ]
    .into();
    expected.extend((9..17).map(|h| berlin(days.wed1, h))); // all day, in the host's zone
    assert_eq!(removed, expected, "exactly the busy slots disappear");
    assert!(after.is_subset(&before), "no slot appears");
    // Still free: the moved occurrence's old time, the EXDATE, a cancelled and a free event.
    for t in [
        berlin(days.mon3, 10),
        berlin(days.mon4, 10),
        berlin(days.thu2, 13),
        berlin(days.thu2, 15),
    ] {
        assert!(after.contains(&t), "{t} must stay free");
    }
    // The agenda's buffers apply to calendar busy times like to bookings.
    let mut buffered = office_hours();
    buffered.title = "Buffered".into();
    buffered.buffer_before_minutes = Some(60);
    buffered.buffer_after_minutes = Some(60);
    let buffered = c.create_agenda(&buffered).await.unwrap();
    let monday = slot_starts(&c, buffered.id, days.mon1, days.mon1).await;
    for h in 9..12 {
        assert!(
            !monday.contains(&berlin(days.mon1, h)),
            "{h}:00 is within the buffers"
        );
    }
    assert!(monday.contains(&berlin(days.mon1, 12)));
    // Booking a busy time is refused like a taken slot or a non-slot.
    let busy_start = berlin(days.mon1, 10);
    let err = c
        .create_booking(&guest_booking(agenda.id, busy_start, 1), None)
        .await
        .unwrap_err();
    assert!(matches!(status(err), 409 | 422));

    // Sync again: the server says 304 and nothing changes.
    let again = sync(&c, source.id).await;
    assert_eq!(feed.lock().unwrap().not_modified, 1);
    assert_eq!(again.last_error, None);
    assert_eq!(again.busy_count, 4);
    assert!(again.last_sync_at >= source.last_sync_at);
    assert_eq!(slot_starts(&c, agenda.id, from, to).await, after);

    // The feed fails: the error is shown, the last good busy times stay.
    feed.lock().unwrap().fail_with = Some(500);
    let failed = sync(&c, source.id).await;
    let error = failed.last_error.clone().expect("an error is shown");
    assert!(error.contains("500"), "{error}");
    assert_eq!(failed.last_sync_at, again.last_sync_at);
    assert_eq!(slot_starts(&c, agenda.id, from, to).await, after);

    // An unreachable source: added, error shown, slots still served.
    let dead = add(
        &c,
        &ical(&format!("http://127.0.0.1:{}/gone.ics", free_port())),
    )
    .await;
    assert!(
        dead.last_error.is_some() && dead.last_sync_at.is_none(),
        "{dead:?}"
    );
    assert_eq!(slot_starts(&c, agenda.id, from, to).await, after);
    let listed = c.list_calendars().await.unwrap().items;
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|s| s.last_error.is_some()));

    // Bad input is a 422 with the field named.
    let bad = c
        .create_calendar(&ical("ftp://example.com/x.ics"))
        .await
        .unwrap_err();
    assert_eq!(bad.status(), Some(422));
    let mut with_password = ical(&format!("{feed_base}/busy.ics"));
    with_password.password = Some("x".into());
    assert_eq!(
        c.create_calendar(&with_password)
            .await
            .unwrap_err()
            .status(),
        Some(422)
    );

    // Removing the source frees its busy times.
    c.delete_calendar(source.id).await.unwrap();
    assert_eq!(slot_starts(&c, agenda.id, from, to).await, before);
    assert_eq!(
        c.delete_calendar(source.id).await.unwrap_err().status(),
        Some(404)
    );
    // Another host cannot see or sync it.
    let (other, _) = host(&server).await;
    assert_eq!(
        other.sync_calendar(dead.id).await.unwrap_err().status(),
        Some(404)
    );
    assert!(other.list_calendars().await.unwrap().items.is_empty());
}

#[tokio::test]
async fn ical_feed_blocks_exactly_its_busy_times_sqlite() {
    ical_feed_blocks_exactly_its_busy_times(Db::Sqlite).await;
}

#[tokio::test]
async fn ical_feed_blocks_exactly_its_busy_times_postgres() {
    ical_feed_blocks_exactly_its_busy_times(Db::Postgres).await;
}

/// The background sync picks up a change of the feed by itself (free time becomes busy).
#[tokio::test]
async fn sources_are_synced_on_a_schedule() {
    let Some(test_db) = test_db(Db::Sqlite) else {
        return;
    };
    let days = fixture_days();
    let feed = Arc::new(Mutex::new(Feed {
        body: fixture_feed(&days),
        etag: "\"v1\"".into(),
        ..Default::default()
    }));
    let feed_base = feed_server(feed.clone()).await;
    let server = Server::start(&test_db, &[("SMARTCAL_CALENDAR_SYNC_SECONDS", "1")]).await;
    let (c, _) = host(&server).await;
    let source = add(&c, &ical(&format!("{feed_base}/busy.ics"))).await;
    assert_eq!(source.busy_count, 4);
    {
        let mut f = feed.lock().unwrap();
        f.body = f.body.replace("TRANSP:TRANSPARENT", "TRANSP:OPAQUE");
        f.etag = "\"v2\"".into();
    }
    for _ in 0..100 {
        let now = c.list_calendars().await.unwrap().items.remove(0);
        if now.busy_count == 5 {
            return;
        }
        tokio::time::sleep(StdDuration::from_millis(200)).await;
    }
    panic!("the changed feed was not read again");
}

// ---------------------------------------------------------------------------------------------
// The host's subscribable feed

#[tokio::test]
async fn the_feed_lists_bookings_and_its_token_rotates() {
    let Some(test_db) = test_db(Db::Sqlite) else {
        return;
    };
    let server = Server::start(&test_db, &[]).await;
    let (c, agenda) = host(&server).await;
    assert!(!c.calendar_feed().await.unwrap().active);
    let feed = c.rotate_calendar_feed().await.unwrap();
    let url = feed.url.clone().unwrap();
    assert!(url.ends_with(".ics") && url.contains("/api/v1/calendar/"));
    assert!(feed.webcal_url.unwrap().starts_with("webcal://"));
    let state = c.calendar_feed().await.unwrap();
    assert!(state.active && state.url.is_none());

    let day = Utc::now().date_naive() + Duration::days(10);
    let slot = *slot_starts(&c, agenda.id, day, day + Duration::days(7))
        .await
        .iter()
        .next()
        .unwrap();
    let booking = c
        .create_booking(&guest_booking(agenda.id, slot, 1), None)
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let resp = http.get(&url).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let text = resp.text().await.unwrap();
    assert!(
        text.contains(&format!("UID:{}@smartcal", booking.id)),
        "{text}"
    );
    assert!(text.contains(&format!("DTSTART:{}", slot.format("%Y%m%dT%H%M%SZ"))));
    assert!(!text.contains("METHOD:"));
    text.parse::<icalendar::Calendar>()
        .expect("a valid calendar");

    // Cancelled bookings leave the feed; a rotated token stops working.
    c.cancel_booking(booking.id, None, &CancelBookingRequest { reason: None })
        .await
        .unwrap();
    let text = http.get(&url).send().await.unwrap().text().await.unwrap();
    assert!(!text.contains(&booking.id.to_string()));
    let newer = c.rotate_calendar_feed().await.unwrap().url.unwrap();
    assert_eq!(http.get(&url).send().await.unwrap().status(), 404);
    assert_eq!(http.get(&newer).send().await.unwrap().status(), 200);
}

// ---------------------------------------------------------------------------------------------
// CalDAV: Radicale

/// The Radicale release the tests run against (from PyPI, into a venv under target/).
const RADICALE_VERSION: &str = "3.5.4";

static RADICALE_INSTALL: Mutex<()> = Mutex::new(());

/// Installs Radicale into `target/tmp/radicale-<version>` once (python3 -m venv + pip).
fn radicale_python() -> std::path::PathBuf {
    let _guard = RADICALE_INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let venv = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("radicale-{RADICALE_VERSION}"));
    let python = venv.join("bin").join("python");
    let ready = venv.join(".installed");
    if ready.exists() {
        return python;
    }
    let run = |cmd: &mut std::process::Command| {
        let out = cmd
            .output()
            .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
        assert!(
            out.status.success(),
            "{cmd:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    // Debian/Ubuntu: `python3 -m venv` needs the python3-venv package.
    run(std::process::Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv));
    run(std::process::Command::new(&python).args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        &format!("radicale=={RADICALE_VERSION}"),
    ]));
    std::fs::write(&ready, RADICALE_VERSION).unwrap();
    python
}

struct Radicale {
    base: String,
    _child: tokio::process::Child,
    _dir: tempfile::TempDir,
}

/// Radicale on a random loopback port, a fresh storage folder, htpasswd (plain) auth with the
/// user `alex` / `app-password`.
async fn start_radicale() -> Radicale {
    let python = tokio::task::spawn_blocking(radicale_python).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let users = dir.path().join("users");
    std::fs::write(&users, "alex:app-password\n").unwrap();
    let port = free_port();
    let config = dir.path().join("config");
    std::fs::write(
        &config,
        format!(
            "[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = htpasswd\nhtpasswd_filename = {}\nhtpasswd_encryption = plain\n[rights]\ntype = owner_only\n[storage]\nfilesystem_folder = {}\n[logging]\nlevel = warning\n",
            users.display(),
            dir.path().join("collections").display()
        ),
    )
    .unwrap();
    let child = tokio::process::Command::new(python)
        .args(["-m", "radicale", "--config"])
        .arg(&config)
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    for _ in 0..200 {
        if http.get(&base).send().await.is_ok() {
            return Radicale {
                base,
                _child: child,
                _dir: dir,
            };
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
    panic!("radicale did not start");
}

fn dav(method: &str, url: &str) -> reqwest::RequestBuilder {
    reqwest::Client::new()
        .request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), url)
        .basic_auth("alex", Some("app-password"))
}

/// The booking's event in the calendar, if there.
async fn event_in(calendar: &str, booking: Uuid) -> Option<String> {
    let resp = dav("GET", &format!("{calendar}{booking}.ics"))
        .send()
        .await
        .unwrap();
    match resp.status().as_u16() {
        200 => Some(resp.text().await.unwrap()),
        404 => None,
        s => panic!("GET event: {s}"),
    }
}

/// Waits until the outbox has written the calendar into the state `want` says.
async fn wait_for_event(
    calendar: &str,
    booking: Uuid,
    want: impl Fn(&Option<String>) -> bool,
) -> Option<String> {
    for _ in 0..150 {
        let got = event_in(calendar, booking).await;
        if want(&got) {
            return got;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    panic!(
        "the calendar did not reach the expected state: {:?}",
        event_in(calendar, booking).await
    );
}

async fn caldav_busy_times_and_write_back(db: Db) {
    let Some(test_db) = test_db(db) else { return };
    let radicale = start_radicale().await;
    let calendar = format!("{}/alex/work/", radicale.base);
    let made = dav("MKCALENDAR", &calendar).send().await.unwrap();
    assert_eq!(made.status(), 201, "{:?}", made.text().await);

    // A meeting in the host's CalDAV calendar.
    let day = (Utc::now() + Duration::days(14)).date_naive();
    let day = day + Duration::days((7 - day.weekday().num_days_from_monday() as i64) % 7); // a Monday
    let busy_ics = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:dentist@example.com\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Europe/Berlin:{d}T110000\r\nDTEND;TZID=Europe/Berlin:{d}T120000\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        d = day.format("%Y%m%d")
    );
    let put = dav("PUT", &format!("{calendar}dentist.ics"))
        .header("content-type", "text/calendar")
        .body(busy_ics)
        .send()
        .await
        .unwrap();
    assert!(put.status().is_success(), "{}", put.status());

    let server = Server::start(
        &test_db,
        &[
            ("SMARTCAL_CALENDAR_SYNC_SECONDS", "3600"),
            ("SMARTCAL_SECRET_KEY", SECRET),
        ],
    )
    .await;
    let (c, agenda) = host(&server).await;
    let before = slot_starts(&c, agenda.id, day, day).await;

    // Wrong password: added, the error says so.
    let mut req = CreateCalendarRequest {
        kind: CalendarKind::Caldav,
        url: calendar.clone(),
        name: Some("Radicale".into()),
        username: Some("alex".into()),
        password: Some("wrong".into()),
        write_back: true,
    };
    let wrong = add(&c, &req).await;
    assert!(
        wrong
            .last_error
            .as_deref()
            .unwrap_or("")
            .contains("password"),
        "{wrong:?}"
    );
    c.delete_calendar(wrong.id).await.unwrap();

    req.password = Some("app-password".into());
    let source = add(&c, &req).await;
    assert_eq!(source.last_error, None, "{source:?}");
    assert_eq!(source.busy_count, 1);
    assert!(source.write_back);
    let json = serde_json::to_string(&c.list_calendars().await.unwrap()).unwrap();
    assert!(!json.contains("app-password") && !json.contains("password_enc"));
    let after = slot_starts(&c, agenda.id, day, day).await;
    let removed: Vec<_> = before.difference(&after).copied().collect();
    assert_eq!(removed, vec![berlin(day, 11)]);

    // A booking is written into the calendar, with the invitation's UID.
    let booking = c
        .create_booking(&guest_booking(agenda.id, berlin(day, 14), 1), None)
        .await
        .unwrap();
    let event = wait_for_event(&calendar, booking.id, |e| e.is_some())
        .await
        .unwrap();
    assert!(
        event.contains(&format!("UID:{}@smartcal", booking.id)),
        "{event}"
    );
    assert!(event.contains(&format!(
        "DTSTART:{}",
        berlin(day, 14).format("%Y%m%dT%H%M%SZ")
    )));
    // SmartCal emails the guest itself: the server must not send a second invitation.
    let unfolded = event.replace("\r\n ", "");
    let attendee = unfolded
        .lines()
        .find(|l| l.starts_with("ATTENDEE"))
        .expect("the guest is an attendee");
    assert!(attendee.contains(";SCHEDULE-AGENT=CLIENT"), "{attendee}");
    // Our own event is not read back as foreign busy time.
    assert_eq!(sync(&c, source.id).await.busy_count, 1);

    // Moved: the event moves.
    c.reschedule_booking(
        booking.id,
        None,
        &RescheduleBookingRequest {
            start: berlin(day, 15),
        },
    )
    .await
    .unwrap();
    let moved_stamp = format!("DTSTART:{}", berlin(day, 15).format("%Y%m%dT%H%M%SZ"));
    let moved = wait_for_event(&calendar, booking.id, |e| {
        e.as_deref().is_some_and(|t| t.contains(&moved_stamp))
    })
    .await
    .unwrap();
    assert!(moved.contains("SEQUENCE:1"), "{moved}");

    // Cancelled: the event goes.
    c.cancel_booking(booking.id, None, &CancelBookingRequest { reason: None })
        .await
        .unwrap();
    wait_for_event(&calendar, booking.id, |e| e.is_none()).await;
    // The busy time from CalDAV still blocks; the freed slot is free again.
    let end = slot_starts(&c, agenda.id, day, day).await;
    assert!(!end.contains(&berlin(day, 11)) && end.contains(&berlin(day, 15)));
}

#[tokio::test]
async fn caldav_busy_times_and_write_back_sqlite() {
    caldav_busy_times_and_write_back(Db::Sqlite).await;
}

#[tokio::test]
async fn caldav_busy_times_and_write_back_postgres() {
    caldav_busy_times_and_write_back(Db::Postgres).await;
}
