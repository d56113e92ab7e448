//! What the black-box test files share: a fresh database per test (SQLite file or PostgreSQL
//! database), the app on a random port, and request bodies.
#![allow(dead_code)] // each test file uses a different subset

use std::collections::HashMap;

use chrono::{Duration, Utc};
use diesel::{Connection, RunQueryDsl};
use smartcal_client::{Client, ClientError};
use smartcal_server::config::Config;
use smartcal_server::{Application, Running};
use smartcal_types::*;
use uuid::Uuid;

pub mod pg_cluster;
pub mod receiver;
pub mod smtp;

/// Runs each listed `async fn name(db: Db)` as two tests, `sqlite::name` and `postgres::name`
/// (the latter returns early unless `SMARTCAL_TEST_POSTGRES_URL` is set).
#[macro_export]
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name(super::Db::Sqlite).await } )* }
        mod postgres { $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name(super::Db::Postgres).await } )* }
    };
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// The app in this process, on its own thread; dropping it stops the app (server, jobs,
/// pool) before its database is dropped (fields drop in order).
pub struct TestApp {
    pub base: String,
    pub app: Running,
    pub _db: TestDb,
}

impl TestApp {
    pub fn client(&self) -> Client {
        Client::new(&self.base).unwrap()
    }
    pub fn api(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }
}

/// A test's own database: a SQLite file in a temporary folder, or a fresh PostgreSQL database
/// on the server named by `SMARTCAL_TEST_POSTGRES_URL`, dropped with this value.
pub struct TestDb {
    pub url: String,
    pub _dir: tempfile::TempDir,
    postgres: Option<(String, String)>,
}

/// `None` for PostgreSQL when `SMARTCAL_TEST_POSTGRES_URL` is unset (`.ci/run` always sets it).
pub fn test_db(db: Db) -> Option<TestDb> {
    let dir = tempfile::tempdir().unwrap();
    if db == Db::Sqlite {
        let url = format!("sqlite://{}", dir.path().join("smartcal.db").display());
        return Some(TestDb {
            url,
            _dir: dir,
            postgres: None,
        });
    }
    let admin = std::env::var("SMARTCAL_TEST_POSTGRES_URL").ok()?;
    let name = format!("smartcal_t_{}", Uuid::new_v4().simple());
    let mut c =
        diesel::PgConnection::establish(&admin).expect("SMARTCAL_TEST_POSTGRES_URL reachable");
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(&mut c)
        .unwrap();
    let (prefix, _) = admin.rsplit_once('/').unwrap();
    Some(TestDb {
        url: format!("{prefix}/{name}"),
        _dir: dir,
        postgres: Some((admin, name)),
    })
}

impl TestDb {
    /// A database someone else created and drops (e.g. on a [`pg_cluster::PgCluster`]).
    pub fn at(url: String) -> TestDb {
        TestDb {
            url,
            _dir: tempfile::tempdir().unwrap(),
            postgres: None,
        }
    }

    /// Where this test's `.eml` files go (unless it sets `SMTP_URL`).
    pub fn mail_dir(&self) -> String {
        self._dir.path().join("outbox").display().to_string()
    }
}

/// A free loopback port (bound, then released).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A real `smartcal serve` process on a random port; killed when dropped.
pub struct Server {
    pub base: String,
    pub child: tokio::process::Child,
}

impl Server {
    /// Starts the binary on `db` with `extra` environment and waits until it answers.
    pub async fn start(db: &TestDb, extra: &[(&str, &str)]) -> Server {
        let port = free_port();
        let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_smartcal"));
        cmd.arg("serve")
            .env("DATABASE_URL", &db.url)
            .env("SMARTCAL_BIND", format!("127.0.0.1:{port}"))
            .env("SMARTCAL_RATE_LIMIT_PER_MINUTE", "0")
            // Test servers (feeds, CalDAV, webhook receivers) listen on loopback.
            .env("SMARTCAL_OUTBOUND_ALLOW_PRIVATE", "true")
            .env("SMARTCAL_MAIL_DIR", db.mail_dir())
            .env("JITSI_BASE_URL", "https://jitsi.example.test")
            .env("RUST_LOG", "warn")
            .kill_on_drop(true);
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let c = Client::new(&base).unwrap();
        // Up to a minute: the whole suite runs its tests in parallel on two cores, and a
        // process starting next to a feed bomb's read can take well over ten seconds.
        for _ in 0..1200 {
            if c.health().await.is_ok() {
                return Server { base, child };
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("{base} exited while starting: {status}");
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("{base} did not start in a minute");
    }

    /// SIGKILL: no shutdown, no cleanup.
    pub async fn kill(mut self) {
        self.child.kill().await.unwrap();
    }

    /// SIGTERM, then waits for the exit (up to a minute): the outbox records what it sent, so
    /// a later process does not send it again.
    pub async fn stop(mut self) {
        if let Some(pid) = self.child.id() {
            let _ = std::process::Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status();
        }
        let exited = tokio::time::timeout(std::time::Duration::from_secs(60), self.child.wait());
        assert!(
            exited.await.is_ok(),
            "{} did not stop in a minute",
            self.base
        );
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.postgres {
            if let Ok(mut c) = diesel::PgConnection::establish(admin) {
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut c);
            }
        }
    }
}

pub async fn spawn_with(db: Db, extra: &[(&str, &str)]) -> Option<TestApp> {
    let test_db = test_db(db)?;
    let mut env: HashMap<String, String> = HashMap::from([
        ("DATABASE_URL".into(), test_db.url.clone()),
        ("SMARTCAL_MAIL_DIR".into(), test_db.mail_dir()),
        ("SMARTCAL_BIND".into(), "127.0.0.1:0".into()),
        ("SMARTCAL_RATE_LIMIT_PER_MINUTE".into(), "0".into()),
        // Test servers (feeds, CalDAV, webhook receivers) listen on loopback.
        ("SMARTCAL_OUTBOUND_ALLOW_PRIVATE".into(), "true".into()),
        (
            "JITSI_BASE_URL".into(),
            "https://jitsi.example.test/".into(),
        ),
    ]);
    for (k, v) in extra {
        env.insert(k.to_string(), v.to_string());
    }
    let config = Config::from_lookup(|k| env.get(k).cloned()).unwrap();
    let app = Application::start(config).expect("app starts");
    let base = format!("http://127.0.0.1:{}", app.port());
    Some(TestApp {
        base,
        app,
        _db: test_db,
    })
}

pub async fn spawn(db: Db) -> Option<TestApp> {
    spawn_with(db, &[]).await
}

pub fn signup_body(email: &str) -> SignupRequest {
    SignupRequest {
        email: email.into(),
        name: "Alex Host".into(),
        password: "correct horse battery".into(),
        time_zone: "Europe/Berlin".into(),
        slug: None,
        locale: None,
    }
}

/// Every day 00:00–24:00 UTC in 30-minute slots, no notice: slots exist whenever a test runs.
pub fn agenda_body(title: &str) -> CreateAgendaRequest {
    CreateAgendaRequest {
        title: title.into(),
        duration_minutes: 30,
        time_zone: Some("UTC".into()),
        availability: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .iter()
            .map(|d| AvailabilityInterval {
                weekday: d.to_string(),
                start: "00:00".into(),
                end: "24:00".into(),
            })
            .collect(),
        min_notice_minutes: Some(0),
        ..Default::default()
    }
}

/// A signed-up host with one agenda; returns (host client, agenda).
pub async fn host_with_agenda(app: &TestApp) -> (Client, Agenda) {
    let host = app.client();
    host.signup(&signup_body(&format!(
        "{}@example.com",
        Uuid::new_v4().simple()
    )))
    .await
    .unwrap();
    let agenda = host
        .create_agenda(&agenda_body("Intro call"))
        .await
        .unwrap();
    (host, agenda)
}

pub fn guest_booking(agenda: Uuid, start: chrono::DateTime<Utc>, n: usize) -> CreateBookingRequest {
    CreateBookingRequest {
        agenda_id: agenda,
        start,
        guest_name: format!("Guest {n}"),
        guest_email: format!("guest{n}@example.com"),
        guest_time_zone: Some("America/New_York".into()),
        guest_locale: None,
        notes: None,
        answers: Default::default(),
        invite: None,
    }
}

/// Free slots from `from_days` to `to_days` (inclusive) days after today, in UTC.
pub async fn slots_in_days(
    client: &Client,
    agenda: Uuid,
    from_days: i64,
    to_days: i64,
) -> Vec<Slot> {
    let today = Utc::now().date_naive();
    client
        .slots(
            agenda,
            today + Duration::days(from_days),
            today + Duration::days(to_days),
            Some("UTC"),
        )
        .await
        .unwrap()
        .slots
}

pub async fn first_slot(client: &Client, agenda: Uuid) -> Slot {
    slots_in_days(client, agenda, 2, 3)
        .await
        .into_iter()
        .next()
        .expect("a free slot")
}

pub fn status(e: ClientError) -> u16 {
    e.status().unwrap_or(0)
}

pub fn tally(codes: &[u16]) -> (usize, usize) {
    let ok = codes.iter().filter(|&&c| c == 201).count();
    let taken = codes.iter().filter(|&&c| c == 409).count();
    assert_eq!(
        ok + taken,
        codes.len(),
        "only 201 and 409 expected: {codes:?}"
    );
    (ok, taken)
}

/// The host's view of the booking's notifications, once `pred` holds (up to 20 s).
pub async fn notifications_when(
    host: &Client,
    id: Uuid,
    pred: impl Fn(&[Notification]) -> bool,
) -> Vec<Notification> {
    for _ in 0..400 {
        let n = host
            .get_booking(id, None)
            .await
            .unwrap()
            .notifications
            .unwrap();
        if pred(&n) {
            return n;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!(
        "notifications never reached the expected state: {:?}",
        host.get_booking(id, None).await.unwrap().notifications
    );
}

pub fn all_sent(n: &[Notification]) -> bool {
    !n.is_empty() && n.iter().all(|n| n.state == NotificationState::Sent)
}

/// Every booking of the host, all pages.
pub async fn all_bookings(host: &Client) -> Vec<Booking> {
    let mut stored = vec![];
    let mut cursor = None;
    loop {
        let page = host
            .list_bookings(BookingScope::All, cursor.as_deref(), Some(200))
            .await
            .unwrap();
        stored.extend(page.items);
        cursor = page.next_cursor;
        if cursor.is_none() {
            return stored;
        }
    }
}

/// One email the file mailer wrote: its subject and plain-text body.
#[derive(Debug, Clone)]
pub struct WrittenMail {
    pub file: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    /// Whether it carries an invitation (`text/calendar` part).
    pub has_invitation: bool,
    /// The invitation's text (empty without one).
    pub ics: String,
}

/// The `.eml` files in `dir` of notification `kind` (`request`, `confirmation`…) for
/// `recipient` (`host`, `guest`), oldest first.
pub fn written_mails(dir: &str, kind: &str, recipient: &str) -> Vec<WrittenMail> {
    use mail_parser::MessageParser;
    let mut files: Vec<_> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => return vec![],
    };
    files.sort();
    let marker = format!("-{kind}-{recipient}-");
    files
        .into_iter()
        // Only finished emails: the mailer writes `.{name}.tmp` first and renames it.
        .filter(|f| f.extension().is_some_and(|e| e == "eml"))
        .filter(|f| f.to_string_lossy().contains(&marker))
        .map(|f| {
            let data = std::fs::read(&f).unwrap();
            let m = MessageParser::default().parse(&data).unwrap();
            let ics = calendar_text(&m).to_owned();
            WrittenMail {
                file: f.display().to_string(),
                to: m
                    .to()
                    .unwrap()
                    .first()
                    .unwrap()
                    .address()
                    .unwrap()
                    .to_owned(),
                subject: m.subject().unwrap_or_default().to_owned(),
                text: m.body_text(0).unwrap_or_default().into_owned(),
                has_invitation: !ics.is_empty(),
                ics,
            }
        })
        .collect()
}

/// The text of a message's `text/calendar` part (empty without one).
pub fn calendar_text<'a>(m: &'a mail_parser::Message<'a>) -> &'a str {
    use mail_parser::MimeHeaders;
    m.parts
        .iter()
        .find(|p| {
            p.content_type()
                .is_some_and(|t| t.ctype() == "text" && t.subtype() == Some("calendar"))
        })
        .and_then(|p| p.text_contents())
        .unwrap_or_default()
}

/// [`written_mails`] once there are `n` of them (up to 20 s).
pub async fn wait_for_mails(dir: &str, kind: &str, recipient: &str, n: usize) -> Vec<WrittenMail> {
    for _ in 0..400 {
        let found = written_mails(dir, kind, recipient);
        if found.len() >= n {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!(
        "expected {n} {kind} email(s) to the {recipient} in {dir}, found {:?}",
        written_mails(dir, kind, recipient)
    );
}
