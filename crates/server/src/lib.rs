//! SmartCal's server: the REST API under `/api/v1`, its OpenAPI document and docs page, and the
//! SPA with fallback to `index.html` — one process is a whole installation.

pub mod auth;
pub mod caldav;
pub mod calendars;
pub mod config;
pub mod demo;
pub mod error;
pub mod jitsi;
pub mod join;
pub mod limits;
pub mod mail;
pub mod openapi;
pub mod outbox;
pub mod routes;
pub mod slot_cache;
pub mod spa;
pub mod state;
pub mod time;
pub mod validate;
pub mod webhooks;

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Condition, Next};
use actix_web::{web, App, HttpRequest, HttpServer};
use utoipa_actix_web::AppExt;

use crate::config::Config;
use crate::error::ApiError;
use crate::state::AppState;

/// Largest JSON body accepted.
pub const MAX_JSON_BYTES: usize = 64 * 1024;

/// A bound, not yet running server (port 0 in tests picks a free port).
pub struct Application {
    server: Server,
    port: u16,
    state: AppState,
}

impl Application {
    /// Connects the database (running migrations), starts the outbox worker and binds the
    /// listener.
    pub fn build(config: Config) -> anyhow::Result<Application> {
        let mailer = mail::Mailer::from_config(&config)?;
        let jitsi = jitsi::TokenAuth::from_config(&config)?;
        let pool_options = smartcal_db::PoolOptions::for_url(&config.database_url);
        let pool = smartcal_db::connect(&config.database_url, &pool_options)
            .map_err(|e| anyhow::anyhow!("DATABASE_URL: {e}"))?;
        let listener = TcpListener::bind(config.bind)
            .map_err(|e| anyhow::anyhow!("SMARTCAL_BIND {}: {e}", config.bind))?;
        let port = listener.local_addr()?.port();
        let room_base = jitsi::TokenAuth::room_base(jitsi.as_ref(), &config);
        // On PostgreSQL other processes may change the data: cache only while listening to them.
        let shared = smartcal_db::Backend::from_url(&config.database_url)
            == Some(smartcal_db::Backend::Postgres);
        let slots = Arc::new(slot_cache::SlotCache::new(config.slot_cache_ttl, shared));
        if shared {
            // Even with no cache here: the other processes may keep one.
            slot_cache::share(slots.clone(), config.database_url.clone())?;
        }
        let state = AppState {
            pool,
            config: Arc::new(config),
            outbox: outbox::Signal::default(),
            jitsi,
            room_base,
            limits: Arc::default(),
            slots,
        };
        outbox::Worker::new(state.clone(), mailer)?.spawn()?;
        calendars::spawn(state.clone(), calendars::Settings::from_env()?)?;
        let doc = openapi::api_doc();
        let known = Arc::new(openapi::KnownPaths::from_doc(&doc));
        let doc_json = Arc::new(serde_json::to_string(&openapi::api_doc_json(&doc))?);
        let data = web::Data::new(state.clone());
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        let cors_origins = state.config.cors_origins.clone();
        let cors_on = !cors_origins.is_empty();
        let server = HttpServer::new(move || {
            let doc_json = doc_json.clone();
            let (app, _) = App::new()
                .into_utoipa_app()
                .map(|app| {
                    app.route(
                        "/api/v1/openapi.json",
                        web::get().to(move || {
                            let body = doc_json.clone();
                            async move {
                                actix_web::HttpResponse::Ok()
                                    .content_type("application/json")
                                    .body(body.as_str().to_owned())
                            }
                        }),
                    )
                })
                .app_data(data.clone())
                .app_data(web::Data::from(known.clone()))
                .app_data(
                    web::JsonConfig::default()
                        .limit(MAX_JSON_BYTES)
                        .error_handler(|e, _| error::json_error(e).into()),
                )
                .app_data(
                    web::QueryConfig::default()
                        .error_handler(|e, _| ApiError::field("query", e.to_string()).into()),
                )
                .app_data(web::PathConfig::default().error_handler(|e, _| {
                    ApiError::NotFound(format!("no such resource ({e})")).into()
                }))
                .service(utoipa_actix_web::scope("/api/v1").configure(routes::configure))
                .split_for_parts();
            app.service(openapi::docs_page())
                .route("/j/{id}", web::get().to(join::join))
                .default_service(web::to(fallback))
                .wrap(from_fn(limits::per_ip))
                .wrap(Condition::new(cors_on, cors(&cors_origins)))
                .wrap(from_fn(log_request))
        })
        .shutdown_timeout(30)
        .workers(workers)
        // Database work runs on the workers' blocking threads; more of them than pooled
        // connections only wait for one, switching contexts and growing memory (actix's
        // default is 512 in all).
        .worker_max_blocking_threads(blocking_threads_per_worker(&pool_options, workers))
        .listen(listener)?
        .run();
        Ok(Application {
            server,
            port,
            state,
        })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state (tests reach the pool through it).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until SIGINT/SIGTERM, letting in-flight requests finish (up to 30 s), then
    /// stops the outbox worker after its current message (undelivered rows stay for the next
    /// start or another process).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let result = self.server.await;
        self.state.outbox.stop();
        result
    }
}

/// Each worker's share of the pooled connections (at least one thread per worker).
fn blocking_threads_per_worker(pool: &smartcal_db::PoolOptions, workers: usize) -> usize {
    (pool.max_size as usize).div_ceil(workers.max(1)).max(1)
}

/// CORS for integrators' browser apps: only `SMARTCAL_CORS_ORIGINS` get CORS headers (and
/// with them credentials); other origins get none, so browsers keep their answers from them.
/// Same-origin requests (the SPA) are untouched.
fn cors(origins: &[String]) -> actix_cors::Cors {
    let mut cors = actix_cors::Cors::default()
        .block_on_origin_mismatch(false)
        .allowed_methods(["GET", "POST", "PATCH", "DELETE"])
        .allowed_headers([
            actix_web::http::header::AUTHORIZATION,
            actix_web::http::header::CONTENT_TYPE,
            actix_web::http::header::HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([
            actix_web::http::header::RETRY_AFTER,
            actix_web::http::header::LOCATION,
        ])
        .supports_credentials()
        .max_age(3600);
    for o in origins {
        cors = cors.allowed_origin(o);
    }
    cors
}

/// Everything no route matched: problem+json under `/api` (405 when the path exists with
/// other methods), the SPA otherwise.
async fn fallback(
    req: HttpRequest,
    known: web::Data<openapi::KnownPaths>,
) -> actix_web::HttpResponse {
    let path = req.path();
    if path == "/api" || path.starts_with("/api/") {
        let allowed = known.methods_for(path);
        let err = if allowed.is_empty() {
            ApiError::NotFound(format!("no API endpoint at {path}"))
        } else {
            ApiError::MethodNotAllowed(allowed)
        };
        return actix_web::ResponseError::error_response(&err);
    }
    spa::serve(&req)
}

/// One log line per request: method, path, status, latency.
async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.path().to_owned();
    let res = next.call(req).await?;
    tracing::info!(
        %method,
        path,
        status = res.status().as_u16(),
        latency_ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    Ok(res)
}
