//! What `GET /metrics` shows, in the Prometheus (OpenMetrics) text format: this process's
//! requests and bookings as they happen, and — read from the database at scrape time, so the
//! same for every process of a cluster — the outbox backlog and failing calendars.
//!
//! Every family is registered once at start-up. Each route template has its own
//! [`RouteMetrics`] holding handles on its series, so recording a request finds them in a short
//! list under a read lock, without hashing labels. Route labels are route templates
//! (`/api/v1/bookings/{id}`), never raw paths, so the number of series stays bounded whatever
//! clients ask for.

use std::sync::RwLock;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use smartcal_db::outbox::{Backlog, Channel, OutboxState};

/// Upper bounds (seconds) of the request latency histogram's buckets.
const LATENCY_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// Labels of one request series.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// `GET`, `POST`… (`OTHER` for anything unusual).
    pub method: &'static str,
    /// The route template, or [`UNMATCHED`].
    pub route: String,
    /// The HTTP status code answered.
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BacklogLabels {
    channel: &'static str,
    state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ChannelLabels {
    channel: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    state: &'static str,
}

/// One route's request series: handles on its counter and histogram per method and status,
/// taken from the families the first time the pair is seen.
pub struct RouteMetrics {
    route: String,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RequestLabels, Histogram, fn() -> Histogram>,
    series: RwLock<Vec<Series>>,
}

struct Series {
    method: &'static str,
    status: u16,
    count: Counter,
    latency: Histogram,
}

impl std::fmt::Debug for RouteMetrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RouteMetrics")
            .field("route", &self.route)
            .finish_non_exhaustive()
    }
}

impl RouteMetrics {
    /// Records one answered request.
    pub fn record(&self, method: &'static str, status: u16, seconds: f64) {
        let same = |s: &Series| s.status == status && s.method == method;
        if let Ok(series) = self.series.read() {
            if let Some(s) = series.iter().find(|s| same(s)) {
                s.count.inc();
                s.latency.observe(seconds);
                return;
            }
        }
        let labels = RequestLabels {
            method,
            route: self.route.clone(),
            status,
        };
        let count = self.requests.get_or_create(&labels).clone();
        let latency = self.latency.get_or_create(&labels).clone();
        count.inc();
        latency.observe(seconds);
        if let Ok(mut series) = self.series.write() {
            if !series.iter().any(same) {
                series.push(Series {
                    method,
                    status,
                    count,
                    latency,
                });
            }
        }
    }
}

/// How a `POST /bookings` ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingOutcome {
    /// A new booking (201).
    Created,
    /// An `Idempotency-Key` retry answered with the first booking (201).
    Replayed,
    /// The slot was taken meanwhile (409).
    Taken,
    /// Invalid fields, or the start is not a slot (422).
    Invalid,
    /// No such active agenda (404).
    NotFound,
    /// The database was unavailable (503).
    Unavailable,
    /// Refused credentials, a rate limit, or an invite used, expired or revoked (401, 403,
    /// 410, 429).
    Refused,
    /// Anything else (500).
    Error,
}

impl BookingOutcome {
    /// The label value.
    pub fn as_str(self) -> &'static str {
        match self {
            BookingOutcome::Created => "created",
            BookingOutcome::Replayed => "replayed",
            BookingOutcome::Taken => "taken",
            BookingOutcome::Invalid => "invalid",
            BookingOutcome::NotFound => "not_found",
            BookingOutcome::Unavailable => "unavailable",
            BookingOutcome::Refused => "refused",
            BookingOutcome::Error => "error",
        }
    }

    const ALL: [BookingOutcome; 8] = [
        BookingOutcome::Created,
        BookingOutcome::Replayed,
        BookingOutcome::Taken,
        BookingOutcome::Invalid,
        BookingOutcome::NotFound,
        BookingOutcome::Unavailable,
        BookingOutcome::Refused,
        BookingOutcome::Error,
    ];
}

/// What the database and the pool say at scrape time (read by the `/metrics` handler).
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// The outbox's undelivered rows; `None` when the database did not answer.
    pub backlog: Option<Vec<Backlog>>,
    /// Calendar sources whose last sync failed; `None` when the database did not answer.
    pub calendar_sources_failing: Option<i64>,
    /// The current instant (Unix seconds), for ages.
    pub now: i64,
    /// Pooled connections checked out (by requests and jobs).
    pub pool_in_use: u32,
    /// Pooled connections idle.
    pub pool_idle: u32,
    /// The pool's maximum.
    pub pool_max: u32,
}

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

/// This process's metrics: the registry and handles on every family in it.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RequestLabels, Histogram, fn() -> Histogram>,
    bookings: Family<OutcomeLabels, Counter>,
    calendar_sync_failures: Counter,
    outbox_rows: Family<BacklogLabels, Gauge>,
    outbox_oldest_pending: Family<ChannelLabels, Gauge>,
    calendar_sources_failing: Gauge,
    database_up: Gauge,
    pool_connections: Family<PoolLabels, Gauge>,
    pool_max: Gauge,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// Registers every family (each appears in the first scrape, at zero where it counts).
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("smartcal");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route template and status",
            requests.clone(),
        );
        let latency = Family::<RequestLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer HTTP requests, by method, route template and status",
            latency.clone(),
        );
        let bookings = Family::<OutcomeLabels, Counter>::default();
        registry.register(
            "bookings",
            "POST /bookings by outcome (this process)",
            bookings.clone(),
        );
        for outcome in BookingOutcome::ALL {
            // Created at zero, so every outcome shows from the first scrape on.
            let _ = bookings.get_or_create(&OutcomeLabels {
                outcome: outcome.as_str(),
            });
        }
        let calendar_sync_failures = Counter::default();
        registry.register(
            "calendar_sync_failures",
            "Calendar source syncs that failed in this process",
            calendar_sync_failures.clone(),
        );
        let outbox_rows = Family::<BacklogLabels, Gauge>::default();
        registry.register(
            "outbox_rows",
            "Undelivered outbox rows of every process, by channel and state (pending, failed)",
            outbox_rows.clone(),
        );
        let outbox_oldest_pending = Family::<ChannelLabels, Gauge>::default();
        registry.register(
            "outbox_oldest_pending_age_seconds",
            "Age of the oldest pending outbox row, by channel (0 when none is pending)",
            outbox_oldest_pending.clone(),
        );
        let calendar_sources_failing = Gauge::default();
        registry.register(
            "calendar_sources_failing",
            "Calendar sources whose last sync attempt failed (every process)",
            calendar_sources_failing.clone(),
        );
        let database_up = Gauge::default();
        registry.register(
            "database_up",
            "1 when the database answered this scrape's queries, else 0",
            database_up.clone(),
        );
        let pool_connections = Family::<PoolLabels, Gauge>::default();
        registry.register(
            "db_pool_connections",
            "This process's pooled database connections, by state (in_use, idle)",
            pool_connections.clone(),
        );
        let pool_max = Gauge::default();
        registry.register(
            "db_pool_max_connections",
            "The most connections this process's pool holds",
            pool_max.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            bookings,
            calendar_sync_failures,
            outbox_rows,
            outbox_oldest_pending,
            calendar_sources_failing,
            database_up,
            pool_connections,
            pool_max,
        }
    }

    /// The request metrics of one route template (or `http::route_table::UNMATCHED`).
    pub fn route(&self, template: &str) -> RouteMetrics {
        RouteMetrics {
            route: template.to_owned(),
            requests: self.requests.clone(),
            latency: self.latency.clone(),
            series: RwLock::default(),
        }
    }

    /// Records how a `POST /bookings` ended.
    pub fn booking(&self, outcome: BookingOutcome) {
        self.bookings
            .get_or_create(&OutcomeLabels {
                outcome: outcome.as_str(),
            })
            .inc();
    }

    /// Records a failed calendar sync.
    pub fn calendar_sync_failed(&self) {
        self.calendar_sync_failures.inc();
    }

    /// The scrape's text: the database's figures from `snapshot`, then every family.
    pub fn encode(&self, snapshot: &Snapshot) -> Result<String, std::fmt::Error> {
        self.database_up.set(i64::from(
            snapshot.backlog.is_some() && snapshot.calendar_sources_failing.is_some(),
        ));
        if let Some(backlog) = &snapshot.backlog {
            for channel in [Channel::Email, Channel::Webhook, Channel::Caldav] {
                for state in [OutboxState::Pending, OutboxState::Failed] {
                    let found = backlog
                        .iter()
                        .find(|b| b.channel == channel && b.state == state);
                    self.outbox_rows
                        .get_or_create(&BacklogLabels {
                            channel: channel.as_str(),
                            state: state.as_str(),
                        })
                        .set(found.map_or(0, |b| b.rows));
                    if state == OutboxState::Pending {
                        let age = found
                            .and_then(|b| b.oldest_created_at)
                            .map_or(0, |t| (snapshot.now - t).max(0));
                        self.outbox_oldest_pending
                            .get_or_create(&ChannelLabels {
                                channel: channel.as_str(),
                            })
                            .set(age);
                    }
                }
            }
        }
        if let Some(n) = snapshot.calendar_sources_failing {
            self.calendar_sources_failing.set(n);
        }
        self.pool_connections
            .get_or_create(&PoolLabels { state: "in_use" })
            .set(i64::from(snapshot.pool_in_use));
        self.pool_connections
            .get_or_create(&PoolLabels { state: "idle" })
            .set(i64::from(snapshot.pool_idle));
        self.pool_max.set(i64::from(snapshot.pool_max));
        let mut text = String::with_capacity(16 * 1024);
        prometheus_client::encoding::text::encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

/// The method label: the common methods by name, anything else as `OTHER` (bounded).
pub fn method_label(method: &actix_web::http::Method) -> &'static str {
    match method.as_str() {
        "GET" => "GET",
        "POST" => "POST",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "PUT" => "PUT",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        _ => "OTHER",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_appear_and_count() {
        let m = Metrics::new();
        let route = m.route("/api/v1/bookings/{id}");
        route.record("GET", 404, 0.003);
        route.record("GET", 404, 0.004);
        route.record("GET", 200, 0.001);
        m.booking(BookingOutcome::Taken);
        let text = m.encode(&Snapshot::default()).unwrap();
        assert!(text.contains(
            "smartcal_http_requests_total{method=\"GET\",route=\"/api/v1/bookings/{id}\",status=\"404\"} 2"
        ), "{text}");
        assert!(
            text.contains("smartcal_bookings_total{outcome=\"taken\"} 1"),
            "{text}"
        );
        assert!(
            text.contains("smartcal_bookings_total{outcome=\"created\"} 0"),
            "{text}"
        );
        assert!(text.contains("smartcal_database_up 0"), "{text}");
    }
}
