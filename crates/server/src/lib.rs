//! SmartCal's server: the REST API under `/api/v1`, its OpenAPI document and docs page, and the
//! SPA with fallback to `index.html` — one process is a whole installation.

pub mod auth;
pub mod config;
pub mod demo;
pub mod error;
pub mod openapi;
pub mod routes;
pub mod spa;
pub mod state;
pub mod time;
pub mod validate;

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Next};
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
    /// Connects the database (running migrations) and binds the listener.
    pub fn build(config: Config) -> anyhow::Result<Application> {
        let pool = smartcal_db::connect(&config.database_url, &smartcal_db::PoolOptions::default())
            .map_err(|e| anyhow::anyhow!("DATABASE_URL: {e}"))?;
        let listener = TcpListener::bind(config.bind)
            .map_err(|e| anyhow::anyhow!("SMARTCAL_BIND {}: {e}", config.bind))?;
        let port = listener.local_addr()?.port();
        let state = AppState {
            pool,
            config: Arc::new(config),
        };
        let doc = openapi::api_doc();
        let known = Arc::new(openapi::KnownPaths::from_doc(&doc));
        let doc_json = Arc::new(serde_json::to_string(&doc)?);
        let data = web::Data::new(state.clone());
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
                .default_service(web::to(fallback))
                .wrap(from_fn(log_request))
        })
        .shutdown_timeout(30)
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

    /// Serves until SIGINT/SIGTERM, letting in-flight requests finish (up to 30 s).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
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
