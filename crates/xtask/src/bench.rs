//! `cargo xtask bench`: SmartCal's numbers against its targets, in one table.
//!
//! Runs the criterion slot benchmark, then load on loopback against the release binary, once on
//! a fresh SQLite file and once on a fresh PostgreSQL database (when one is reachable): GET slots
//! and GET bookings with `oha` (installed at a pinned version under `<target>/tools`), POST
//! bookings on distinct slots with a small load generator of our own (oha sends one body), then
//! checks through the API that every 201 is a booking and that no two bookings overlap. Prints
//! one markdown table and writes it, with the machine it ran on, into `docs/BENCHMARKS.md`
//! between the `bench:start`/`bench:end` markers; the text around them is kept.

use std::{
    collections::HashMap,
    env, fmt,
    fs::{self, File},
    io::{self, BufRead, BufReader, Read, Write},
    net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    thread,
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use serde_json::{json, Value};

use crate::{step, Failure, Result, Xtask};

/// The `oha` release the GETs are measured with.
const OHA_VERSION: &str = "1.16.0";
/// How long each load phase runs.
const LOAD_SECONDS: u64 = 10;
/// Concurrent connections of every load phase. With server and load generator sharing two
/// cores, more connections only queue: by Little's law 16 connections at 10,000 req/s already
/// mean 1.6 ms per request.
const CONNECTIONS: usize = 16;
/// Hosts whose agendas take the POST load, so bookings do not all queue on one host's lock.
const LOAD_HOSTS: usize = 4;
/// Days the booking page asks slots for (the SPA's `DAYS_SHOWN`).
const PAGE_DAYS: i64 = 7;
/// Where PostgreSQL is looked for unless `SMARTCAL_BENCH_POSTGRES_URL` says otherwise.
const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";
/// Criterion's id of the slot computation benchmark in `crates/domain/benches/slots.rs`.
const CRITERION_ID: &str = "compute_slots/31d_1000_bookings";
/// Criterion's id of the collective team agenda's slot computation (5 members × 1,000).
const CRITERION_COLLECTIVE_ID: &str = "compute_slots/31d_collective_5x1000";

/// The email rendering benchmark, one id per language (`crates/domain/benches/email.rs`); the
/// report shows the slowest.
const CRITERION_EMAIL_IDS: [&str; 4] = [
    "render_email/en",
    "render_email/de",
    "render_email/fr",
    "render_email/es",
];
/// The markers around the generated part of `docs/BENCHMARKS.md`.
const START_MARK: &str = "<!-- bench:start (written by `cargo xtask bench`; edit outside) -->";
const END_MARK: &str = "<!-- bench:end -->";

/// Runs every benchmark and writes `docs/BENCHMARKS.md`.
pub(crate) fn run(x: &Xtask) -> Result {
    let machine = Machine::describe();
    let mut rows = Vec::new();
    // `SMARTCAL_BENCH_ONLY=sqlite|postgres`: one backend's load and nothing else, printed but
    // not written to the report (for profiling one phase).
    let only = env::var("SMARTCAL_BENCH_ONLY")
        .ok()
        .map(|s| s.to_lowercase());
    let wanted = |backend: &str| only.as_deref().is_none_or(|o| o == backend);

    if only.is_none() {
        step("benchmarking slot computation (cargo bench -p smartcal-domain --bench slots)");
        x.run_cargo(&["bench", "-p", "smartcal-domain", "--bench", "slots"])?;
        let nanos = criterion_estimate(&x.target_dir(), CRITERION_ID)?;
        rows.push(Row {
            measure: "Slot computation, 31 days, host with 1,000 bookings (criterion)".into(),
            backend: "—".into(),
            result: format!("{:.1} µs", nanos / 1000.0),
            target: "≤ 100 µs".into(),
            met: Some(nanos <= 100_000.0),
        });
        let nanos = criterion_estimate(&x.target_dir(), CRITERION_COLLECTIVE_ID)?;
        rows.push(Row {
            measure: "Slot computation, 31 days, collective agenda of 5 members with 1,000 bookings each (criterion)".into(),
            backend: "—".into(),
            result: format!("{:.1} µs", nanos / 1000.0),
            target: "≤ 2,000 µs".into(),
            met: Some(nanos <= 2_000_000.0),
        });
        step("benchmarking email rendering (cargo bench -p smartcal-domain --bench email)");
        x.run_cargo(&["bench", "-p", "smartcal-domain", "--bench", "email"])?;
        let mut slowest = 0f64;
        for id in CRITERION_EMAIL_IDS {
            slowest = slowest.max(criterion_estimate(&x.target_dir(), id)?);
        }
        rows.push(Row {
            measure: "Rendering one booking email in its reader's language, slowest of en/de/fr/es (criterion)".into(),
            backend: "—".into(),
            result: format!("{:.1} µs", slowest / 1000.0),
            target: "≤ 100 µs".into(),
            met: Some(slowest <= 100_000.0),
        });
    }

    let oha = ensure_oha(x)?;
    step("building the server (cargo build --release -p smartcal-server)");
    x.run_cargo(&["build", "--release", "-p", "smartcal-server"])?;
    let binary = x.target_dir().join("release").join("smartcal");

    let scratch = Scratch::new()?;
    let sqlite = format!("sqlite://{}", scratch.path.join("bench.db").display());
    if wanted("sqlite") {
        rows.extend(load_backend(&binary, &oha, &scratch, "SQLite", &sqlite)?);
    }
    match wanted("postgres")
        .then(Postgres::create)
        .transpose()?
        .flatten()
    {
        _ if !wanted("postgres") => {}
        Some(pg) => rows.extend(load_backend(
            &binary,
            &oha,
            &scratch,
            "PostgreSQL",
            &pg.url,
        )?),
        None => rows.push(Row {
            measure: "Load".into(),
            backend: "PostgreSQL".into(),
            result: "not run: no PostgreSQL reachable (set SMARTCAL_BENCH_POSTGRES_URL)".into(),
            target: "—".into(),
            met: None,
        }),
    }
    if only.is_some() {
        println!("\n{}", render_table(&rows));
        return Ok(());
    }
    rows.push(wasm_row(
        "SPA wasm size (full app: the dashboard)",
        &x.root.join("dist"),
    ));
    rows.push(wasm_row(
        "SPA wasm size (guest build: booking, manage, join, decide pages)",
        &x.root.join("dist").join("guest"),
    ));
    rows.extend(guest_page_rows(x, &binary, &scratch)?);

    let table = render_table(&rows);
    println!("\n{table}");
    let report = format!(
        "{START_MARK}\n\n{machine}\n{table}\n{}\n\n{END_MARK}",
        method_note()
    );
    let path = x.root.join("docs").join("BENCHMARKS.md");
    write_report(&path, &report)?;
    step(&format!("wrote {}", path.display()));
    Ok(())
}

/// One line of the table.
struct Row {
    measure: String,
    backend: String,
    result: String,
    target: String,
    /// `None` where there is no target.
    met: Option<bool>,
}

fn render_table(rows: &[Row]) -> String {
    let mut out =
        String::from("| Measure | Backend | Result | Target | Verdict |\n|---|---|---|---|---|\n");
    for r in rows {
        let verdict = match r.met {
            Some(true) => "met",
            Some(false) => "**missed**",
            None => "—",
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {verdict} |\n",
            r.measure, r.backend, r.result, r.target
        ));
    }
    out
}

fn method_note() -> String {
    format!(
        "Load: release binary on 127.0.0.1 with its defaults (RUST_LOG=info, logging to a file; \
         emails as files; PostgreSQL on loopback with sslmode=disable), the load generator on \
         the same machine; {LOAD_SECONDS} s per phase, \
         {CONNECTIONS} connections, HTTP/1.1 keep-alive. GET slots = a booking page's {PAGE_DAYS} \
         days of a weekday agenda (Europe/Berlin, 30 min, buffers) whose host has bookings; GET \
         bookings = the host's upcoming list (50 per page) with an API key; POST bookings = a \
         different start in every request, spread over {LOAD_HOSTS} hosts' all-day 5-minute \
         agendas, then every booking is listed through the API to check that their number \
         equals the 201s and that none overlap. Errors = 5xx, other unexpected statuses and \
         connection failures. Before each GET phase the bench waits until the outbox has sent the \
         emails of the bookings before it. Peak RSS = the server's VmHWM after all phases. oha \
         {OHA_VERSION}. Both sides share the cores, and other work on the machine adds noise."
    )
}

/// Keeps the hand-written text around the markers; creates the file if it is missing.
fn write_report(path: &Path, report: &str) -> Result {
    let old = fs::read_to_string(path).unwrap_or_default();
    let new = match (old.find(START_MARK), old.find(END_MARK)) {
        (Some(s), Some(e)) if s < e => {
            format!("{}{report}{}", &old[..s], &old[e + END_MARK.len()..])
        }
        _ => format!(
            "# Benchmarks\n\nReproduce with `just bench` (= `cargo xtask bench`).\n\n{report}\n{old}"
        ),
    };
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| io_failure(dir, e))?;
    }
    fs::write(path, new).map_err(|e| io_failure(path, e))
}

fn io_failure(path: &Path, e: io::Error) -> Failure {
    Failure::new(format!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// The machine

/// What the numbers were measured on.
struct Machine {
    cores: usize,
    cpu: String,
    ram_gib: f64,
    rustc: String,
    date: String,
}

impl Machine {
    fn describe() -> Machine {
        let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name")?.split_once(':'))
            .map_or_else(|| "unknown".to_owned(), |(_, m)| m.trim().to_owned());
        let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let ram_kib: f64 = meminfo
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0.0);
        Machine {
            cores: thread::available_parallelism().map_or(0, |n| n.get()),
            cpu,
            ram_gib: ram_kib / 1024.0 / 1024.0,
            rustc: output_line("rustc", &["--version"]),
            date: output_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        }
    }
}

impl fmt::Display for Machine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Measured {} on:", self.date)?;
        writeln!(f)?;
        writeln!(f, "- {} cores (nproc), {}", self.cores, self.cpu)?;
        writeln!(f, "- {:.1} GiB RAM", self.ram_gib)?;
        writeln!(f, "- {}", self.rustc)
    }
}

/// The first line `program args…` prints, or "unknown".
fn output_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

// ---------------------------------------------------------------------------------------------
// Criterion, oha, the SPA

/// Criterion's estimate for `id` in nanoseconds (the slope of its linear sampling, else the
/// mean: the middle number criterion prints).
fn criterion_estimate(target: &Path, id: &str) -> Result<f64> {
    let path = target
        .join("criterion")
        .join(id)
        .join("new")
        .join("estimates.json");
    let text = fs::read_to_string(&path).map_err(|e| io_failure(&path, e))?;
    let v: Value = serde_json::from_str(&text)
        .map_err(|e| Failure::new(format!("{}: {e}", path.display())))?;
    ["slope", "mean"]
        .iter()
        .find_map(|k| v[k]["point_estimate"].as_f64())
        .ok_or_else(|| Failure::new(format!("{}: no estimate", path.display())))
}

/// `<target>/tools/bin/oha` at [`OHA_VERSION`], installed from crates.io when missing.
fn ensure_oha(x: &Xtask) -> Result<PathBuf> {
    let root = x.target_dir().join("tools");
    let oha = root.join("bin").join("oha");
    let version = |oha: &Path| {
        let o = Command::new(oha).arg("--version").output().ok()?;
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        text.split_whitespace().nth(1).map(str::to_owned)
    };
    if version(&oha).as_deref() == Some(OHA_VERSION) {
        return Ok(oha);
    }
    step(&format!(
        "installing oha {OHA_VERSION} into {} (first run only, ~5 min)",
        root.display()
    ));
    let root_arg = root.to_string_lossy().into_owned();
    x.run_cargo(&[
        "install",
        "--locked",
        &format!("oha@{OHA_VERSION}"),
        "--root",
        &root_arg,
    ])?;
    match version(&oha) {
        Some(v) if v == OHA_VERSION => Ok(oha),
        other => Err(Failure::new(format!(
            "installed oha {OHA_VERSION}, but {} --version says {other:?}",
            oha.display()
        ))),
    }
}

/// SPEC §13: what a guest's page may transfer before its first time shows.
const GUEST_PAGE_MAX_BYTES: u64 = 150 * 1024;

/// The browser phase (bounded: three cold visits of each page each way, a five-minute
/// timeout): `e2e/guest_weight.test.mjs` in Debian's Chromium against the release binary, its
/// measurements read from the JSON it writes. Bytes a cold visit transfers before the first
/// time button shows, and the time until then, unthrottled and at 1.6 Mbps / 150 ms.
fn guest_page_rows(x: &Xtask, binary: &Path, scratch: &Scratch) -> Result<Vec<Row>> {
    x.ensure_chromium()?;
    x.ensure_e2e_packages()?;
    step("measuring the guest pages in Chromium (node --test e2e/guest_weight.test.mjs)");
    let out = scratch.path.join("guest_weight.json");
    let status = x
        .command("node")
        .args(["--test", "--test-concurrency=1", "guest_weight.test.mjs"])
        .current_dir(x.root.join("e2e"))
        .env("SMARTCAL_BIN", binary)
        .env("CHROMIUM_PATH", crate::CHROMIUM)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .env("GUEST_WEIGHT_REPORT", &out)
        .status();
    let report: Option<Value> = fs::read_to_string(&out)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok());
    let mut rows = Vec::new();
    for (page, name) in [("booking", "booking page"), ("manage", "manage page")] {
        let entry = report.as_ref().and_then(|r| r["pages"].get(page));
        let Some(entry) = entry else {
            rows.push(Row {
                measure: format!("Guest {name}, cold visit"),
                backend: "Chromium".into(),
                result: format!("not measured (node: {status:?})"),
                target: "—".into(),
                met: None,
            });
            continue;
        };
        let number = |key: &str| entry[key].as_u64().unwrap_or(0);
        let bytes = number("bytes");
        rows.push(Row {
            measure: format!("Guest {name}, cold: bytes transferred before the first time shows"),
            backend: "Chromium".into(),
            result: kib(bytes),
            target: "≤ 150 KiB".into(),
            met: Some(bytes > 0 && bytes <= GUEST_PAGE_MAX_BYTES),
        });
        for (key, network) in [
            ("ms_unthrottled", "unthrottled (loopback)"),
            ("ms_throttled", "1.6 Mbps, 150 ms RTT"),
        ] {
            rows.push(Row {
                measure: format!("Guest {name}, cold: time to the first time button, {network}"),
                backend: "Chromium".into(),
                result: format!("{} ms", thousands(number(key))),
                target: "—".into(),
                met: None,
            });
        }
    }
    Ok(rows)
}

/// The wasm in `dist` (not its subfolders), raw and gzip -9 (what a browser downloads with
/// compression).
fn wasm_row(measure: &str, dist: &Path) -> Row {
    let wasm = fs::read_dir(dist).ok().and_then(|entries| {
        entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|e| e == "wasm"))
    });
    let result = match wasm {
        None => "not built (run `just build` first)".to_owned(),
        Some(path) => {
            let raw = fs::metadata(&path).map_or(0, |m| m.len());
            let gzip = Command::new("gzip")
                .args(["-9", "-c"])
                .arg(&path)
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|o| o.stdout.len() as u64);
            match gzip {
                Some(g) => format!("{} raw, {} gzip", kib(raw), kib(g)),
                None => format!("{} raw (gzip not available)", kib(raw)),
            }
        }
    };
    Row {
        measure: measure.into(),
        backend: "—".into(),
        result,
        target: "—".into(),
        met: None,
    }
}

fn kib(bytes: u64) -> String {
    format!("{:.0} KiB", bytes as f64 / 1024.0)
}

// ---------------------------------------------------------------------------------------------
// One backend under load

/// Starts the server on `database_url`, seeds it, runs the three load phases and checks.
fn load_backend(
    binary: &Path,
    oha: &Path,
    scratch: &Scratch,
    backend: &str,
    database_url: &str,
) -> Result<Vec<Row>> {
    step(&format!("load on {backend}: starting {}", binary.display()));
    let server = Server::start(binary, scratch, backend, database_url, &[])?;
    step(&format!(
        "load on {backend}: server pid {}",
        server.child.id()
    ));
    let api = Api { addr: server.addr };
    let today = today_days();

    step(&format!("load on {backend}: seeding through the API"));
    let page = seed_page_host(&api, backend, today)?;
    let load_hosts = (0..LOAD_HOSTS)
        .map(|i| seed_load_host(&api, backend, i, today))
        .collect::<Result<Vec<_>>>()?;

    let mut rows = Vec::new();
    server.wait_for_quiet_outbox();
    step(&format!("load on {backend}: GET slots with oha"));
    let slots_url = format!(
        "http://{}/api/v1/agendas/{}/slots?from={}&to={}&time_zone=Europe/Berlin",
        server.addr,
        page.agenda_id,
        date_string(today + 1),
        date_string(today + PAGE_DAYS),
    );
    let stats = run_oha(oha, &slots_url, None)?;
    rows.push(Row {
        measure: format!("GET slots ({PAGE_DAYS} days)"),
        backend: backend.into(),
        result: stats.to_string(),
        target: "≥ 10,000 req/s, p99 ≤ 5 ms".into(),
        met: Some(stats.rps >= 10_000.0 && stats.p99_ms <= 5.0 && stats.errors == 0),
    });

    step(&format!(
        "load on {backend}: POST bookings on distinct slots"
    ));
    let (stats, check) = post_bookings(&api, &load_hosts)?;
    rows.push(Row {
        measure: "POST bookings, every start distinct".into(),
        backend: backend.into(),
        result: format!("{stats}; {check}"),
        target: "≥ 1,000 req/s, zero double bookings".into(),
        met: Some(stats.rps >= 1_000.0 && stats.errors == 0 && check.ok()),
    });

    let emails = server.wait_for_quiet_outbox();
    step(&format!(
        "load on {backend}: outbox quiet after {emails} emails; GET bookings (host) with oha"
    ));
    let bookings_url = format!("http://{}/api/v1/bookings", server.addr);
    let auth = format!("Authorization: Bearer {}", load_hosts[0].api_key);
    let stats = run_oha(oha, &bookings_url, Some(&auth))?;
    rows.push(Row {
        measure: "GET bookings (host, API key, 50 per page)".into(),
        backend: backend.into(),
        result: stats.to_string(),
        target: "—".into(),
        met: (stats.errors > 0).then_some(false),
    });

    let peak = server.peak_rss_kib()?;
    rows.push(Row {
        measure: "Server peak RSS under the load above".into(),
        backend: backend.into(),
        result: format!("{:.1} MB", peak as f64 / 1024.0),
        target: "≤ 64 MB".into(),
        met: Some(peak <= 64 * 1024),
    });
    server.stop();
    Ok(rows)
}

/// A host with a realistic agenda whose free slots the GET slots phase reads.
struct PageHost {
    agenda_id: String,
}

/// A host with an all-day agenda of 5-minute slots: tens of thousands of distinct starts.
struct LoadHost {
    agenda_id: String,
    api_key: String,
    starts: Vec<String>,
}

fn seed_page_host(api: &Api, backend: &str, today: i64) -> Result<PageHost> {
    let cookie = api.signup(&format!("page-{}", backend.to_lowercase()))?;
    let weekdays = ["mon", "tue", "wed", "thu", "fri"];
    let availability: Vec<Value> = weekdays
        .iter()
        .flat_map(|d| {
            [("09:00", "17:00"), ("18:00", "20:00")]
                .map(|(s, e)| json!({"weekday": d, "start": s, "end": e}))
        })
        .collect();
    let agenda = api.json(
        "POST",
        "/api/v1/agendas",
        &cookie,
        Some(json!({
            "title": "Consultation",
            "duration_minutes": 30,
            "time_zone": "Europe/Berlin",
            "availability": availability,
            "buffer_before_minutes": 10,
            "buffer_after_minutes": 5,
            "min_notice_minutes": 240,
            "horizon_days": 60,
            "questions": bench_questions(),
            "reminders_minutes": [60, 1440],
        })),
        201,
    )?;
    let agenda_id = str_field(&agenda, "id")?;
    // Book every third slot of the page's days, so the slots are computed around bookings.
    let slots = api.slots(&agenda_id, today + 1, today + PAGE_DAYS, "Europe/Berlin")?;
    for (i, start) in slots.iter().enumerate().step_by(3) {
        api.json(
            "POST",
            "/api/v1/bookings",
            "",
            Some(booking_body(&agenda_id, start, i)),
            201,
        )?;
    }
    Ok(PageHost { agenda_id })
}

fn seed_load_host(api: &Api, backend: &str, i: usize, today: i64) -> Result<LoadHost> {
    let cookie = api.signup(&format!("load{i}-{}", backend.to_lowercase()))?;
    let availability: Vec<Value> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .map(|d| json!({"weekday": d, "start": "00:00", "end": "24:00"}))
        .collect();
    let agenda = api.json(
        "POST",
        "/api/v1/agendas",
        &cookie,
        Some(json!({
            "title": "Quick call",
            "duration_minutes": 5,
            "slot_step_minutes": 5,
            "time_zone": "UTC",
            "availability": availability,
            "min_notice_minutes": 0,
            "horizon_days": 730,
            "questions": bench_questions(),
            "reminders_minutes": [60, 1440],
        })),
        201,
    )?;
    let agenda_id = str_field(&agenda, "id")?;
    let key = api.json(
        "POST",
        "/api/v1/api-keys",
        &cookie,
        Some(json!({"name": "bench"})),
        201,
    )?;
    // 63 days (the most one request returns) of 288 slots a day per host.
    let starts = api.slots(&agenda_id, today + 1, today + 63, "UTC")?;
    Ok(LoadHost {
        agenda_id,
        api_key: str_field(&key, "key")?,
        starts,
    })
}

/// What the bench agendas ask (SPEC §9): a booking answers them, so the booking phases pay
/// for checking and storing answers, and for the two reminders each side gets.
fn bench_questions() -> Value {
    json!([
        {"key": "company", "label": "Company", "kind": "short_text", "required": true},
        {"key": "topic", "label": "Topic", "kind": "select", "required": true,
         "options": ["Pricing", "Support", "Partnership"]},
        {"key": "seats", "label": "Team size", "kind": "number"},
    ])
}

fn booking_body(agenda_id: &str, start: &str, n: usize) -> Value {
    json!({
        "agenda_id": agenda_id,
        "start": start,
        "guest_name": format!("Guest {n}"),
        "guest_email": format!("guest{n}@example.com"),
        "answers": {"company": format!("Company {n}"), "topic": "Pricing", "seats": 12},
    })
}

fn str_field(v: &Value, key: &str) -> Result<String> {
    v[key]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| Failure::new(format!("response has no string {key:?}: {v}")))
}

// ---------------------------------------------------------------------------------------------
// Load results

/// Throughput and latency of one phase.
struct Stats {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: u64,
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} req/s · p50 {:.2} ms · p99 {:.2} ms · {} errors",
            thousands(self.rps.round() as u64),
            self.p50_ms,
            self.p99_ms,
            self.errors
        )
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `oha` for [`LOAD_SECONDS`] on `url`; every status but 200 is an error.
fn run_oha(oha: &Path, url: &str, header: Option<&str>) -> Result<Stats> {
    let mut command = Command::new(oha);
    command.args([
        "-z",
        &format!("{LOAD_SECONDS}s"),
        "-c",
        &CONNECTIONS.to_string(),
        "--no-tui",
        "--output-format",
        "json",
    ]);
    if let Some(h) = header {
        command.args(["-H", h]);
    }
    command.arg(url);
    let output = command
        .output()
        .map_err(|e| Failure::new(format!("cannot run {}: {e}", oha.display())))?;
    if !output.status.success() {
        return Err(Failure::new(format!(
            "oha failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    let v: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| Failure::new(format!("cannot read oha's JSON: {e}")))?;
    let ms = |p: &str| v["latencyPercentiles"][p].as_f64().unwrap_or(f64::NAN) * 1000.0;
    // Requests still in flight when the time is up are "aborted due to deadline": not errors.
    let count = |field: &str, ok: &dyn Fn(&str) -> bool| -> u64 {
        v[field].as_object().map_or(0, |m| {
            m.iter()
                .filter(|(k, _)| !ok(k))
                .filter_map(|(_, n)| n.as_u64())
                .sum()
        })
    };
    Ok(Stats {
        rps: v["summary"]["requestsPerSec"].as_f64().unwrap_or(0.0),
        p50_ms: ms("p50"),
        p99_ms: ms("p99"),
        errors: count("statusCodeDistribution", &|k| k == "200")
            + count("errorDistribution", &|k| k.contains("deadline")),
    })
}

/// What the API says about the bookings the POST phase made.
struct BookingCheck {
    created: u64,
    listed: u64,
    overlaps: u64,
}

impl BookingCheck {
    fn ok(&self) -> bool {
        self.created == self.listed && self.overlaps == 0
    }
}

impl fmt::Display for BookingCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} × 201, {} bookings listed, {} overlapping",
            thousands(self.created),
            thousands(self.listed),
            self.overlaps
        )
    }
}

/// Every request books a start no other request uses, round-robin over the load hosts.
fn post_bookings(api: &Api, hosts: &[LoadHost]) -> Result<(Stats, BookingCheck)> {
    let per_host = hosts.iter().map(|h| h.starts.len()).min().unwrap_or(0);
    let jobs: Arc<Vec<String>> = Arc::new(
        (0..per_host)
            .flat_map(|i| {
                hosts
                    .iter()
                    .map(move |h| booking_body(&h.agenda_id, &h.starts[i], i).to_string())
            })
            .collect(),
    );
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(LOAD_SECONDS);
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let (jobs, next, addr) = (jobs.clone(), next.clone(), api.addr);
            thread::spawn(move || post_worker(addr, &jobs, &next, deadline))
        })
        .collect();
    let mut tally = Tally::default();
    for w in workers {
        let t = w
            .join()
            .map_err(|_| Failure::new("a load generator thread panicked"))?;
        tally.merge(t);
    }
    let elapsed = started.elapsed().as_secs_f64();
    if next.load(Ordering::Relaxed) >= jobs.len() {
        step("warning: the POST phase ran out of distinct slots before its time was up");
    }
    tally.latencies_us.sort_unstable();
    let pct = |p: f64| {
        let l = &tally.latencies_us;
        if l.is_empty() {
            f64::NAN
        } else {
            l[((l.len() - 1) as f64 * p).round() as usize] as f64 / 1000.0
        }
    };
    let unexpected: u64 = tally
        .statuses
        .iter()
        .filter(|(s, _)| **s != 201)
        .map(|(_, n)| n)
        .sum();
    if unexpected > 0 {
        step(&format!(
            "POST statuses: {:?}, connection errors: {}",
            tally.statuses, tally.io_errors
        ));
    }
    let stats = Stats {
        rps: tally.latencies_us.len() as f64 / elapsed,
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
        errors: unexpected + tally.io_errors,
    };
    let created = tally.statuses.get(&201).copied().unwrap_or(0);
    let mut check = BookingCheck {
        created,
        listed: 0,
        overlaps: 0,
    };
    for h in hosts {
        let mut spans = api.all_bookings(&h.api_key)?;
        check.listed += spans.len() as u64;
        spans.sort_unstable();
        check.overlaps += spans.windows(2).filter(|w| w[1].0 < w[0].1).count() as u64;
    }
    Ok((stats, check))
}

/// One load generator connection's counts.
#[derive(Default)]
struct Tally {
    latencies_us: Vec<u64>,
    statuses: HashMap<u16, u64>,
    io_errors: u64,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        self.latencies_us.extend(other.latencies_us);
        for (s, n) in other.statuses {
            *self.statuses.entry(s).or_default() += n;
        }
        self.io_errors += other.io_errors;
    }
}

fn post_worker(addr: SocketAddr, jobs: &[String], next: &AtomicUsize, deadline: Instant) -> Tally {
    let mut tally = Tally::default();
    let mut conn: Option<Http> = None;
    while Instant::now() < deadline {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(body) = jobs.get(i) else { break };
        let t0 = Instant::now();
        let http = match conn.take().map_or_else(|| Http::connect(addr), Ok) {
            Ok(h) => conn.insert(h),
            Err(_) => {
                tally.io_errors += 1;
                continue;
            }
        };
        match http.request("POST", "/api/v1/bookings", &[], Some(body.as_bytes())) {
            Ok(res) => {
                tally
                    .latencies_us
                    .push(t0.elapsed().as_micros().try_into().unwrap_or(u64::MAX));
                *tally.statuses.entry(res.status).or_default() += 1;
            }
            Err(_) => {
                tally.io_errors += 1;
                conn = None;
            }
        }
    }
    tally
}

// ---------------------------------------------------------------------------------------------
// The server under test

/// A running `smartcal serve`, stopped (SIGTERM, then SIGKILL) when dropped.
pub(crate) struct Server {
    child: Child,
    pub(crate) addr: SocketAddr,
    /// Where its outbox writes the `.eml` files (`SMARTCAL_MAIL_DIR`).
    mail_dir: PathBuf,
}

impl Server {
    pub(crate) fn start(
        binary: &Path,
        scratch: &Scratch,
        backend: &str,
        database_url: &str,
        env: &[(&str, &str)],
    ) -> Result<Self> {
        let port = {
            let l = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
                .map_err(|e| Failure::new(format!("cannot pick a free port: {e}")))?;
            l.local_addr()
                .map_err(|e| Failure::new(format!("cannot pick a free port: {e}")))?
                .port()
        };
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        // Its own working directory: emails land in its data/outbox, and no `.env` is read.
        let dir = scratch.path.join(backend.to_lowercase());
        fs::create_dir_all(&dir).map_err(|e| io_failure(&dir, e))?;
        let log_path = dir.join("server.log");
        let log = File::create(&log_path).map_err(|e| io_failure(&log_path, e))?;
        let log_err = log.try_clone().map_err(|e| io_failure(&log_path, e))?;
        let child = Command::new(binary)
            .arg("serve")
            .current_dir(&dir)
            .env("DATABASE_URL", database_url)
            .env("SMARTCAL_BIND", addr.to_string())
            .env("SMARTCAL_RATE_LIMIT_PER_MINUTE", "0")
            .env("RUST_LOG", "info")
            .env("SMARTCAL_MAIL_DIR", dir.join("mail"))
            .env_remove("SMTP_URL")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            .spawn()
            .map_err(|e| Failure::new(format!("cannot start {}: {e}", binary.display())))?;
        let mut server = Server {
            child,
            addr,
            mail_dir: dir.join("mail"),
        };
        let api = Api { addr };
        let waited = Instant::now();
        loop {
            if let Ok(Some(status)) = server.child.try_wait() {
                let log = fs::read_to_string(&log_path).unwrap_or_default();
                return Err(Failure::new(format!(
                    "the server exited ({status}) before it listened:\n{log}"
                )));
            }
            if matches!(api.get("/api/v1/health", ""), Ok(r) if r.status == 200) {
                return Ok(server);
            }
            if waited.elapsed() > Duration::from_secs(30) {
                server.stop_now();
                return Err(Failure::new(format!(
                    "the server did not answer /api/v1/health within 30 s (log: {})",
                    log_path.display()
                )));
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits (up to 3 min) until the outbox has written no email for 2 s, so the next phase
    /// is not measured while the emails of the previous one are still going out.
    fn wait_for_quiet_outbox(&self) -> u64 {
        let count = || {
            fs::read_dir(&self.mail_dir).map_or(0, |entries| {
                entries
                    .filter_map(|e| e.ok())
                    .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                    .count() as u64
            })
        };
        let started = Instant::now();
        let mut last = (count(), Instant::now());
        while started.elapsed() < Duration::from_secs(180) {
            thread::sleep(Duration::from_millis(250));
            let now = count();
            if now != last.0 {
                last = (now, Instant::now());
            } else if last.1.elapsed() >= Duration::from_secs(2) {
                break;
            }
        }
        last.0
    }

    /// The most resident memory the server has had (VmHWM), in KiB.
    fn peak_rss_kib(&self) -> Result<u64> {
        let path = format!("/proc/{}/status", self.child.id());
        let status = fs::read_to_string(&path)
            .map_err(|e| Failure::new(format!("cannot read {path}: {e}")))?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .ok_or_else(|| Failure::new(format!("{path} has no VmHWM")))
    }

    /// SIGTERM, up to 30 s to drain, then SIGKILL.
    fn stop(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        if matches!(self.child.try_wait(), Ok(Some(_))) {
            return;
        }
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let asked = Instant::now();
        while asked.elapsed() < Duration::from_secs(30) {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop_now();
    }
}

/// A temporary folder for the SQLite file, server logs and emails, removed when dropped.
pub(crate) struct Scratch {
    pub(crate) path: PathBuf,
}

impl Scratch {
    pub(crate) fn new() -> Result<Self> {
        let path = env::temp_dir().join(format!("smartcal-bench-{}", random_suffix()));
        fs::create_dir_all(&path).map_err(|e| io_failure(&path, e))?;
        Ok(Scratch { path })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// A fresh PostgreSQL database `smartcal_bench_<random>`, dropped when this is.
struct Postgres {
    admin: String,
    name: String,
    url: String,
}

impl Postgres {
    /// `None` when no PostgreSQL answers (the default needs `postgres` with trust auth on
    /// 127.0.0.1:5432) or `psql` is missing; an error when one answers but refuses us.
    fn create() -> Result<Option<Postgres>> {
        let overridden = env::var("SMARTCAL_BENCH_POSTGRES_URL").ok();
        let admin = overridden
            .clone()
            .unwrap_or_else(|| DEFAULT_POSTGRES_URL.to_owned());
        let reachable = overridden.is_some()
            || TcpStream::connect_timeout(
                &SocketAddr::from((Ipv4Addr::LOCALHOST, 5432)),
                Duration::from_secs(1),
            )
            .is_ok();
        if !reachable {
            step(
                "no PostgreSQL on 127.0.0.1:5432: skipping its load (set SMARTCAL_BENCH_POSTGRES_URL)",
            );
            return Ok(None);
        }
        let Some((prefix, _)) = admin.rsplit_once('/') else {
            return Err(Failure::new(format!(
                "SMARTCAL_BENCH_POSTGRES_URL {admin:?} names no database"
            )));
        };
        let name = format!("smartcal_bench_{}", random_suffix());
        match psql(&admin, &format!("CREATE DATABASE {name}")) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                step("psql is missing (apt-get install postgresql-client): skipping PostgreSQL");
                return Ok(None);
            }
            Err(e) => {
                return Err(Failure::new(format!(
                    "cannot create {name} on {admin}: {e}"
                )));
            }
        }
        // Loopback: no TLS (libpq's default `prefer` would encrypt, ~7 % of the server's time).
        Ok(Some(Postgres {
            url: format!("{prefix}/{name}?sslmode=disable"),
            admin,
            name,
        }))
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Err(e) = psql(
            &self.admin,
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        ) {
            step(&format!("could not drop database {}: {e}", self.name));
        }
    }
}

fn psql(url: &str, sql: &str) -> io::Result<()> {
    let out = Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql])
        .stdin(Stdio::null())
        .output()?;
    if out.status.success() {
        Ok(())
    } else {
        Err(io::Error::other(
            String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        ))
    }
}

/// Enough randomness for names nobody else picks: the clock's nanoseconds, our pid and
/// std's randomly keyed hasher.
fn random_suffix() -> String {
    use std::hash::{BuildHasher, RandomState};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let hash = RandomState::new().hash_one((nanos, std::process::id()));
    format!("{hash:016x}")
}

// ---------------------------------------------------------------------------------------------
// Speaking to the API

/// The API of the server under test, one short-lived connection per call (for seeding and
/// checking, not for load).
pub(crate) struct Api {
    pub(crate) addr: SocketAddr,
}

impl Api {
    fn get(&self, path: &str, cookie: &str) -> io::Result<Response> {
        let headers: Vec<(&str, &str)> = auth_header(cookie).into_iter().collect();
        Http::connect(self.addr)?.request("GET", path, &headers, None)
    }

    /// Sends `body` as JSON and expects `status`; returns the JSON answer.
    pub(crate) fn json(
        &self,
        method: &str,
        path: &str,
        credential: &str,
        body: Option<Value>,
        status: u16,
    ) -> Result<Value> {
        let headers: Vec<(&str, &str)> = auth_header(credential).into_iter().collect();
        let bytes = body.map(|b| b.to_string().into_bytes());
        let res = Http::connect(self.addr)
            .and_then(|mut h| h.request(method, path, &headers, bytes.as_deref()))
            .map_err(|e| Failure::new(format!("{method} {path}: {e}")))?;
        if res.status != status {
            return Err(Failure::new(format!(
                "{method} {path}: expected {status}, got {}: {}",
                res.status,
                String::from_utf8_lossy(&res.body)
            )));
        }
        serde_json::from_slice(&res.body)
            .map_err(|e| Failure::new(format!("{method} {path}: not JSON: {e}")))
    }

    /// Signs a host up; returns its session cookie (`smartcal_session=…`).
    pub(crate) fn signup(&self, name: &str) -> Result<String> {
        let body = json!({
            "email": format!("{name}@bench.example"),
            "name": format!("Host {name}"),
            "password": "bench-password-1",
            "time_zone": "Europe/Berlin",
        })
        .to_string();
        let res = Http::connect(self.addr)
            .and_then(|mut h| h.request("POST", "/api/v1/auth/signup", &[], Some(body.as_bytes())))
            .map_err(|e| Failure::new(format!("signup: {e}")))?;
        if res.status != 201 {
            return Err(Failure::new(format!(
                "signup: expected 201, got {}: {}",
                res.status,
                String::from_utf8_lossy(&res.body)
            )));
        }
        res.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .find_map(|(_, v)| {
                v.split(';')
                    .next()
                    .filter(|c| c.starts_with("smartcal_session="))
            })
            .map(str::to_owned)
            .ok_or_else(|| Failure::new("signup set no session cookie"))
    }

    /// The start of every free slot of local dates `from..=to` (days since 1970-01-01).
    fn slots(&self, agenda_id: &str, from: i64, to: i64, zone: &str) -> Result<Vec<String>> {
        let path = format!(
            "/api/v1/agendas/{agenda_id}/slots?from={}&to={}&time_zone={zone}",
            date_string(from),
            date_string(to)
        );
        let list = self.json("GET", &path, "", None, 200)?;
        list["slots"]
            .as_array()
            .map(|slots| {
                slots
                    .iter()
                    .filter_map(|s| s["start"].as_str().map(str::to_owned))
                    .collect()
            })
            .ok_or_else(|| Failure::new(format!("{path}: no slots array")))
    }

    /// `(start, end)` of every confirmed booking of the host with `api_key`, as RFC 3339
    /// strings (all UTC `Z`, so they sort in time order).
    fn all_bookings(&self, api_key: &str) -> Result<Vec<(String, String)>> {
        let mut spans = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut path = "/api/v1/bookings?scope=all&limit=200".to_owned();
            if let Some(c) = &cursor {
                path.push_str(&format!("&cursor={c}"));
            }
            let page = self.json("GET", &path, &format!("Bearer {api_key}"), None, 200)?;
            for b in page["items"].as_array().into_iter().flatten() {
                if b["status"] == "confirmed" {
                    spans.push((str_field(b, "start")?, str_field(b, "end")?));
                }
            }
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
                None => return Ok(spans),
            }
        }
    }
}

/// `Authorization` for `Bearer …` credentials, `Cookie` for session cookies, nothing for "".
fn auth_header(credential: &str) -> Option<(&'static str, &str)> {
    if credential.is_empty() {
        None
    } else if credential.starts_with("Bearer ") {
        Some(("Authorization", credential))
    } else {
        Some(("Cookie", credential))
    }
}

/// A parsed HTTP/1.1 response.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// A keep-alive HTTP/1.1 connection: just enough client for loopback load and seeding.
struct Http {
    reader: BufReader<TcpStream>,
}

impl Http {
    fn connect(addr: SocketAddr) -> io::Result<Http> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Http {
            reader: BufReader::new(stream),
        })
    }

    fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> io::Result<Response> {
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: bench\r\n");
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        if let Some(b) = body {
            head.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                b.len()
            ));
        }
        head.push_str("\r\n");
        let mut message = head.into_bytes();
        message.extend_from_slice(body.unwrap_or_default());
        self.reader.get_mut().write_all(&message)?;
        self.read_response()
    }

    fn read_response(&mut self) -> io::Result<Response> {
        let bad = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_owned());
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "connection closed",
            ));
        }
        let status = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("bad status line"))?;
        let mut headers = Vec::new();
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            let (k, v) = l.split_once(':').ok_or_else(|| bad("bad header"))?;
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
        let header = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let mut body = Vec::new();
        if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
            loop {
                line.clear();
                self.reader.read_line(&mut line)?;
                let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                    .map_err(|_| bad("bad chunk size"))?;
                let mut chunk = vec![0; size + 2];
                self.reader.read_exact(&mut chunk)?;
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..size]);
            }
        } else {
            let len: usize = header("content-length")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            body.resize(len, 0);
            self.reader.read_exact(&mut body)?;
        }
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Dates, without a date library

/// Today (UTC) as days since 1970-01-01.
fn today_days() -> i64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (secs / 86_400) as i64
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's
/// `civil_from_days`).
fn date_string(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_day_counts() {
        assert_eq!(date_string(0), "1970-01-01");
        assert_eq!(date_string(19_782), "2024-02-29");
        assert_eq!(date_string(20_454), "2026-01-01");
    }

    #[test]
    fn report_replaces_only_the_generated_part() {
        let dir = env::temp_dir().join(format!("xtask-bench-test-{}", random_suffix()));
        let path = dir.join("BENCHMARKS.md");
        write_report(&path, &format!("{START_MARK}\nfirst\n{END_MARK}")).unwrap();
        let mut text = fs::read_to_string(&path).unwrap();
        text.push_str("\n## Profiles\nkept\n");
        fs::write(&path, text).unwrap();
        write_report(&path, &format!("{START_MARK}\nsecond\n{END_MARK}")).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains("second") && !text.contains("first"));
        assert!(text.contains("## Profiles\nkept"));
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn numbers_get_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(12_345), "12,345");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
