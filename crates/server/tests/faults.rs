//! Faults, each against real parts: a SQLite database held busy by another writer; a full disk
//! (a small tmpfs) under SQLite; a PostgreSQL server stopped and started again under load; a
//! server killed with SIGKILL under load. What must hold: a clear, quick 503 problem while the
//! fault lasts — never a 500, never a hang, never a half-written booking — recovery without
//! restarting SmartCal, and afterwards every acknowledged booking stored with its emails.
//! (SIGTERM draining in-flight requests is tested in `api.rs`.)

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::{Connection, RunQueryDsl};
use mail_parser::MessageParser;
use smartcal_client::Client;
use smartcal_types::*;
use uuid::Uuid;

mod common;
use common::pg_cluster::PgCluster;
use common::smtp::{Mode, Sink};
use common::*;

/// One request of the load, as a client saw it.
#[derive(Debug, Clone)]
struct Outcome {
    sent: Instant,
    took: Duration,
    /// 0: no HTTP answer (connection refused or reset).
    status: u16,
    problem: bool,
    retry_after: bool,
    booked: Option<Booking>,
}

/// Guests on `workers` connections until `stop`: each alternately asks for the day's slots and
/// books the next of its own slots (so no two requests ever race for one slot).
async fn load(
    base: String,
    agenda: Uuid,
    slots: Vec<Slot>,
    workers: usize,
    stop: Arc<AtomicBool>,
) -> Vec<Outcome> {
    let tasks: Vec<_> = (0..workers)
        .map(|w| {
            let (base, stop) = (base.clone(), stop.clone());
            let mine: Vec<Slot> = slots.iter().skip(w).step_by(workers).cloned().collect();
            tokio::spawn(async move {
                let http = reqwest::Client::builder()
                    .timeout(Duration::from_secs(20))
                    .build()
                    .unwrap();
                let mut out = vec![];
                for (i, slot) in mine.iter().enumerate() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let day = slot.start.date_naive();
                    let slots_url = format!(
                        "{base}/api/v1/agendas/{agenda}/slots?from={day}&to={day}&time_zone=UTC"
                    );
                    let book = http
                        .post(format!("{base}/api/v1/bookings"))
                        .json(&guest_booking(agenda, slot.start, w * 1000 + i));
                    for req in [http.get(slots_url), book] {
                        let sent = Instant::now();
                        let res = req.send().await;
                        let took = sent.elapsed();
                        let o = match res {
                            Err(_) => Outcome {
                                sent,
                                took,
                                status: 0,
                                problem: false,
                                retry_after: false,
                                booked: None,
                            },
                            Ok(r) => {
                                let status = r.status().as_u16();
                                let h = r.headers();
                                let problem = h
                                    .get("content-type")
                                    .is_some_and(|v| v == "application/problem+json");
                                let retry_after = h.contains_key("retry-after");
                                let booked = if status == 201 {
                                    r.json::<Booking>().await.ok()
                                } else {
                                    None
                                };
                                Outcome {
                                    sent,
                                    took,
                                    status,
                                    problem,
                                    retry_after,
                                    booked,
                                }
                            }
                        };
                        out.push(o);
                    }
                }
                out
            })
        })
        .collect();
    let mut all = vec![];
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all
}

/// Every acknowledged booking is stored as acknowledged, and no two overlap.
async fn acknowledged_are_stored(host: &Client, outcomes: &[Outcome]) -> Vec<Booking> {
    let stored = all_bookings(host).await;
    let by_id: HashMap<Uuid, &Booking> = stored.iter().map(|b| (b.id, b)).collect();
    let acked: Vec<&Booking> = outcomes.iter().filter_map(|o| o.booked.as_ref()).collect();
    for b in &acked {
        let s = by_id
            .get(&b.id)
            .unwrap_or_else(|| panic!("acknowledged booking {} is missing", b.id));
        assert_eq!((s.start, s.end), (b.start, b.end));
    }
    let mut sorted = stored.clone();
    sorted.sort_by_key(|b| b.start);
    for pair in sorted.windows(2) {
        assert!(pair[0].end <= pair[1].start, "overlap: {pair:?}");
    }
    stored
}

/// A host (with an API key, which outlives any server process) and an agenda on `base`.
async fn keyed_host(base: &str) -> (String, Agenda) {
    let host = Client::new(base).unwrap();
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
    let key = host
        .create_api_key(&CreateApiKeyRequest {
            name: "faults".into(),
        })
        .await
        .unwrap()
        .key;
    (key, agenda)
}

/// Another process's long write transaction on the same SQLite file.
fn hold_write_lock(url: &str) -> diesel::SqliteConnection {
    let path = url.strip_prefix("sqlite://").unwrap();
    let mut c = diesel::SqliteConnection::establish(path).unwrap();
    // The app may be writing at this moment (its outbox worker): wait for it like it would.
    c.batch_execute("PRAGMA busy_timeout = 10000; BEGIN EXCLUSIVE")
        .unwrap();
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_busy_is_waited_out_and_past_the_timeout_is_a_clear_503() {
    let app = spawn(Db::Sqlite).await.unwrap();
    let (host, agenda) = host_with_agenda(&app).await;
    let slots = slots_in_days(&host, agenda.id, 2, 3).await;
    let guest = app.client();

    // Busy for 2 s: the booking waits and goes through.
    let lock = hold_write_lock(&app._db.url);
    let release = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(2)).await;
        drop(lock); // rolls back, releasing the file
    });
    let started = Instant::now();
    let first = guest
        .create_booking(&guest_booking(agenda.id, slots[0].start, 1), None)
        .await
        .expect("a short lock is waited out");
    assert!(
        started.elapsed() >= Duration::from_millis(1500),
        "it did wait"
    );
    release.await.unwrap();

    // Busy past the 10 s busy timeout: 503 with Retry-After, nothing written.
    let lock = hold_write_lock(&app._db.url);
    let res = reqwest::Client::new()
        .post(app.api("/bookings"))
        .json(&guest_booking(agenda.id, slots[1].start, 2))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let p: Problem = res.json().await.unwrap();
    assert_eq!(p.status, 503);
    drop(lock);

    let all = host
        .list_bookings(BookingScope::All, None, None)
        .await
        .unwrap()
        .items;
    assert_eq!(
        all.iter().map(|b| b.id).collect::<Vec<_>>(),
        [first.id],
        "no half-written booking"
    );
    // Once the lock is gone the same request succeeds.
    guest
        .create_booking(&guest_booking(agenda.id, slots[1].start, 2), None)
        .await
        .unwrap();
}

/// SIGKILL under load, on SQLite and on PostgreSQL: after a restart every booking a client saw
/// acknowledged is stored, none overlap, and every stored booking's two emails arrive — none
/// lost, and none delivered under two Message-IDs.
async fn sigkill_under_load(db: Db) {
    let Some(test_db) = test_db(db) else {
        return;
    };
    let sink = Sink::start(0, Mode::Accept).await;
    let env = [
        ("SMTP_URL", sink.url()),
        ("SMARTCAL_OUTBOX_LEASE_SECONDS", "2".into()),
    ];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let first = Server::start(&test_db, &env).await;
    let (key, agenda) = keyed_host(&first.base).await;
    let host = Client::new(&first.base).unwrap().with_api_key(key.clone());
    // Far more slots than the load gets through before the kill: it is still running then.
    let slots = slots_in_days(&host, agenda.id, 2, 30).await;
    let stop = Arc::new(AtomicBool::new(false));
    let running = tokio::spawn(load(first.base.clone(), agenda.id, slots, 8, stop.clone()));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(!running.is_finished(), "the load is still running");
    first.kill().await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, Ordering::SeqCst);
    let outcomes = running.await.unwrap();
    let acked = outcomes.iter().filter(|o| o.booked.is_some()).count();
    assert!(acked >= 5, "the load booked before the kill: {acked}");
    assert!(
        outcomes.iter().any(|o| o.status == 0),
        "the kill cut requests off"
    );
    assert!(
        outcomes.iter().all(|o| [0, 200, 201].contains(&o.status)),
        "before the kill only successes: {:?}",
        outcomes.iter().map(|o| o.status).collect::<HashSet<_>>()
    );

    let second = Server::start(&test_db, &env).await;
    let host = Client::new(&second.base).unwrap().with_api_key(key);
    let stored = acknowledged_are_stored(&host, &outcomes).await;
    // The restarted outbox has a backlog — two emails per booking, one SMTP session each — which
    // takes a while on a busy machine: wait for all of it before looking at each booking.
    sink.wait_for(2 * stored.len(), 180).await;
    for b in &stored {
        notifications_when(&host, b.id, all_sent).await;
    }
    tokio::time::sleep(Duration::from_millis(2500)).await; // any late resend would show now
    let mut per_booking: HashMap<Uuid, HashSet<String>> = HashMap::new();
    let mut deliveries: HashMap<String, usize> = HashMap::new();
    for r in sink.received() {
        let m = MessageParser::default().parse(&r.data).unwrap();
        let id = m.message_id().unwrap().to_owned();
        *deliveries.entry(id.clone()).or_default() += 1;
        let text = m.body_text(0).unwrap().into_owned();
        let b = stored
            .iter()
            .find(|b| text.contains(&b.meeting_url))
            .expect("every email belongs to a stored booking");
        per_booking.entry(b.id).or_default().insert(id);
    }
    for b in &stored {
        assert_eq!(
            per_booking.get(&b.id).map_or(0, |m| m.len()),
            2,
            "host and guest emails of {}",
            b.id
        );
    }
    // SMTP cannot be exactly-once across a crash: a message the sink had accepted when the
    // process died, before the outbox row was marked sent, is sent again — under the same
    // Message-ID, which receiving servers use to drop the copy. Only that one can repeat.
    let repeated: Vec<_> = deliveries.iter().filter(|(_, &n)| n > 1).collect();
    assert!(
        repeated.len() <= 1 && repeated.iter().all(|(_, &n)| n == 2),
        "emails doubled: {repeated:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_under_load_sqlite() {
    sigkill_under_load(Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_under_load_postgres() {
    sigkill_under_load(Db::Postgres).await;
}

/// PostgreSQL stopped (fast shutdown: sessions terminated, new connections refused) for three
/// seconds under load and started again: requests in the outage are 503 problems with
/// Retry-After within 3 s each; the same server process then serves and delivers email again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_restart_under_load_gives_quick_503s_then_recovers() {
    let Some(pg) = PgCluster::start_new() else {
        return;
    };
    let test_db = TestDb::at(pg.url());
    let mut server = Server::start(&test_db, &[]).await;
    let (key, agenda) = keyed_host(&server.base).await;
    let host = Client::new(&server.base).unwrap().with_api_key(key);
    let slots = slots_in_days(&host, agenda.id, 2, 30).await;
    // A free start beyond the load's days, read before the outage: the booking that proves
    // recovery is then the first request after it, and it alone may see 503s while retrying.
    let guest = Client::new(&server.base).unwrap();
    let late = slots_in_days(&guest, agenda.id, 45, 45).await;
    let stop = Arc::new(AtomicBool::new(false));
    let running = tokio::spawn(load(server.base.clone(), agenda.id, slots, 6, stop.clone()));
    tokio::time::sleep(Duration::from_secs(1)).await;

    let pg = Arc::new(pg);
    let p = pg.clone();
    let down = Instant::now();
    tokio::task::spawn_blocking(move || p.stop()).await.unwrap();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let p = pg.clone();
    tokio::task::spawn_blocking(move || p.start())
        .await
        .unwrap();
    let up = Instant::now();
    // Recovered: a booking goes through again (the pool replaced its dead connections).
    let recovered = loop {
        match guest
            .create_booking(&guest_booking(agenda.id, late[0].start, 9999), None)
            .await
        {
            Ok(b) => break b,
            Err(e) => {
                assert_eq!(e.status(), Some(503), "only 503 while recovering: {e:?}");
                assert!(up.elapsed() < Duration::from_secs(15), "no recovery");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    let recovered_after = up.elapsed();
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(
        !running.is_finished(),
        "the load ran through the outage and after it"
    );
    stop.store(true, Ordering::SeqCst);
    let outcomes = running.await.unwrap();
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "the same process"
    );

    let statuses: HashSet<u16> = outcomes.iter().map(|o| o.status).collect();
    assert!(
        statuses.iter().all(|s| [200, 201, 503].contains(s)),
        "only successes and 503s: {statuses:?}"
    );
    let outage: Vec<&Outcome> = outcomes.iter().filter(|o| o.status == 503).collect();
    assert!(!outage.is_empty(), "the outage was seen");
    eprintln!(
        "outage: {} requests, {} were 503, slowest 503 {:?}; recovered {:?} after the start",
        outcomes
            .iter()
            .filter(|o| o.sent >= down && o.sent <= up)
            .count(),
        outage.len(),
        outage.iter().map(|o| o.took).max().unwrap(),
        recovered_after,
    );
    for o in &outage {
        assert!(o.problem && o.retry_after, "503 problem with Retry-After");
        assert!(
            o.took <= Duration::from_secs(3),
            "quick, not a hang: {:?}",
            o.took
        );
        assert!(
            o.sent + o.took >= down,
            "503s only once PostgreSQL was down"
        );
    }
    let after = outcomes
        .iter()
        .filter(|o| o.sent > up + (Instant::now() - up) / 2 && o.status != 0);
    assert!(
        after.clone().count() > 0 && after.clone().all(|o| o.status < 300),
        "served again after recovery"
    );
    let stored = acknowledged_are_stored(&host, &outcomes).await;
    assert!(stored.iter().any(|b| b.id == recovered.id));
    // The outbox worker survived the outage: the new booking's emails go out.
    notifications_when(&host, recovered.id, all_sent).await;
}

/// A small tmpfs mounted for one test (needs root, as on CI); unmounted when dropped.
struct Mount {
    dir: tempfile::TempDir,
}

impl Mount {
    fn tmpfs(size: &str) -> Option<Mount> {
        let dir = tempfile::tempdir().unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Mount { dir })
    }

    fn path(&self) -> &std::path::Path {
        self.dir.path()
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

/// Fills the file system: a file grows until the disk says no.
fn fill(path: &std::path::Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(path).unwrap();
    let block = vec![0u8; 64 * 1024];
    while f.write_all(&block).is_ok() {}
    let _ = f.sync_all();
}

/// SQLite on a full disk: bookings are refused with a quick 503 problem, nothing is
/// half-written, reads keep working, and once there is space again the same booking goes
/// through, every email goes out and the file passes `PRAGMA integrity_check`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_disk_is_a_clear_503_and_nothing_is_corrupted() {
    let Some(mount) = Mount::tmpfs("4m") else {
        eprintln!("SKIPPED: mounting a tmpfs needs root (CI runs as root)");
        return;
    };
    let db_path = mount.path().join("smartcal.db");
    let test_db = TestDb::at(format!("sqlite://{}", db_path.display()));
    let server = Server::start(&test_db, &[]).await;
    let (key, agenda) = keyed_host(&server.base).await;
    let host = Client::new(&server.base).unwrap().with_api_key(key);
    let guest = Client::new(&server.base).unwrap();
    let slots = slots_in_days(&guest, agenda.id, 2, 3).await;
    let first = guest
        .create_booking(&guest_booking(agenda.id, slots[0].start, 0), None)
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let refused = |n: usize| {
        let req = http
            .post(format!("{}/api/v1/bookings", server.base))
            .json(&guest_booking(agenda.id, slots[1].start, n));
        async move {
            let started = Instant::now();
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 503, "{:?}", res.text().await);
            assert!(started.elapsed() < Duration::from_secs(3), "quick");
            assert_eq!(res.headers()["content-type"], "application/problem+json");
            assert!(res.headers().contains_key("retry-after"));
        }
    };

    // Full.
    let filler = mount.path().join("filler");
    fill(&filler);
    for n in 1..4 {
        refused(n).await;
    }
    let seen = guest
        .slots(
            agenda.id,
            slots[0].start.date_naive(),
            slots[0].start.date_naive(),
            Some("UTC"),
        )
        .await
        .expect("reads work on a full disk");
    assert!(
        seen.slots.iter().any(|s| s.start == slots[1].start),
        "slot still free"
    );
    std::fs::remove_file(&filler).unwrap();
    let second = guest
        .create_booking(&guest_booking(agenda.id, slots[1].start, 4), None)
        .await
        .expect("space is back");

    let stored = all_bookings(&host).await;
    let ids: HashSet<Uuid> = stored.iter().map(|b| b.id).collect();
    assert_eq!(stored.len(), 2, "nothing half-written: {stored:?}");
    assert!(ids.contains(&first.id) && ids.contains(&second.id));
    for b in &stored {
        notifications_when(&host, b.id, all_sent).await;
    }
    let mut c = diesel::SqliteConnection::establish(db_path.to_str().unwrap()).unwrap();
    let check: Vec<Integrity> = diesel::sql_query("PRAGMA integrity_check")
        .load(&mut c)
        .unwrap();
    assert_eq!(check.len(), 1);
    assert_eq!(check[0].integrity_check, "ok");
    drop(server);
}

#[derive(diesel::QueryableByName)]
struct Integrity {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}
