//! For operators and their tools, at the root (outside the versioned API): `GET /healthz`
//! (the process runs), `GET /readyz` (the database answers and is migrated: send traffic here)
//! and `GET /metrics` (Prometheus text, optionally behind `SMARTCAL_METRICS_TOKEN`).

use std::time::Duration;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::crypto::token_hash;
use crate::http::conn::blocking;
use crate::http::error::ApiError;
use crate::metrics::Snapshot;
use crate::state::AppState;

/// How long readiness waits for the database; the answer comes within [`READY_ANSWER`].
const READY_WAIT: Duration = Duration::from_millis(1000);
/// The latest a readiness answer comes, whatever the database does.
const READY_ANSWER: Duration = Duration::from_millis(1500);
/// How long a scrape waits for a connection before it shows `smartcal_database_up 0`.
const SCRAPE_WAIT: Duration = Duration::from_millis(1000);

/// Registers the three endpoints on the root of the app.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(healthz))
        .route("/readyz", web::get().to(readyz))
        .route("/metrics", web::get().to(metrics));
}

/// 200 while the process runs: it touches nothing but the HTTP worker.
async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body("ok\n")
}

/// 200 when the database answers and every migration is applied, else 503 problem+json —
/// always within [`READY_ANSWER`].
async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let st = state.get_ref().clone();
    let check = blocking(move || {
        smartcal_db::check_ready(&st.pool, &st.config.database_url, READY_WAIT)
            .map_err(|e| ApiError::Unavailable(format!("not ready: {e}")))
    });
    match actix_web::rt::time::timeout(READY_ANSWER, check).await {
        Ok(Ok(())) => Ok(HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body("ready\n")),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(ApiError::Unavailable(
            "not ready: the database did not answer in time".into(),
        )),
    }
}

/// The metrics in the Prometheus (OpenMetrics) text format. With `SMARTCAL_METRICS_TOKEN`
/// set, only `Authorization: Bearer <token>` gets them (401 otherwise).
async fn metrics(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    if let Some(expected) = &state.config.metrics_token {
        let given = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        // Hashes are compared, so the time taken tells nothing about the token.
        if given.map(token_hash) != Some(token_hash(expected)) {
            return Err(ApiError::Unauthorized(
                "send Authorization: Bearer <SMARTCAL_METRICS_TOKEN>".into(),
            ));
        }
    }
    let st = state.get_ref().clone();
    let snapshot = blocking(move || Ok(snapshot(&st))).await?;
    let text = state
        .metrics
        .encode(&snapshot)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("encoding the metrics: {e}")))?;
    Ok(HttpResponse::Ok()
        .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(text))
}

/// The pool's state (before this scrape takes a connection) and the database's figures; the
/// latter `None` when the database does not answer.
fn snapshot(st: &AppState) -> Snapshot {
    let pool = st.pool.state();
    let mut snapshot = Snapshot {
        now: st.now().timestamp(),
        pool_in_use: pool.connections.saturating_sub(pool.idle_connections),
        pool_idle: pool.idle_connections,
        pool_max: st.pool.max_size(),
        ..Snapshot::default()
    };
    let read = st
        .pool
        .get_timeout(SCRAPE_WAIT)
        .map_err(smartcal_db::DbError::from);
    match read.and_then(|mut c| {
        Ok((
            smartcal_db::outbox::backlog(&mut c)?,
            smartcal_db::calendars::failing_count(&mut c)?,
        ))
    }) {
        Ok((backlog, failing)) => {
            snapshot.backlog = Some(backlog);
            snapshot.calendar_sources_failing = Some(failing);
        }
        Err(e) => tracing::warn!(error = %e, "metrics: the database did not answer"),
    }
    snapshot
}
