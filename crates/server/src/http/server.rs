//! The HTTP server: the API under `/api/v1` (with its OpenAPI document and docs page), the join
//! links, health, readiness and metrics at the root, `/embed.js` for hosts' websites, and the
//! SPA for every other path, wrapped in the request log (with request ids and metrics), CORS,
//! rate limits and compression.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Condition};
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use utoipa_actix_web::AppExt;

use crate::http::access::bookable;
use crate::http::conn::with_conn;
use crate::http::error::{json_error, ApiError};
use crate::http::middleware::{cors, edge, Edge};
use crate::http::openapi;
use crate::http::{compress, embed, routes, spa};
use crate::state::AppState;

/// Where the docs page lives; without the slash the address redirects here.
const DOCS: &str = "/api/docs/";

/// Serves `state`'s installation on `listener` (not yet running: the returned server is).
pub fn serve(state: AppState, listener: TcpListener) -> anyhow::Result<Server> {
    let doc = openapi::api_doc();
    let edge_data = web::Data::new(Edge::new(&state, &doc));
    let doc_json = Arc::new(serde_json::to_string(&openapi::api_doc_json(&doc))?);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let max_connections = state.pool.max_size();
    let cors_origins = state.config.cors_origins.clone();
    let cors_on = !cors_origins.is_empty();
    let data = web::Data::new(state);
    let server = HttpServer::new(move || {
        let doc_json = doc_json.clone();
        let (app, _) =
            App::new()
                .into_utoipa_app()
                .map(|app| {
                    app.route(
                        "/api/v1/openapi.json",
                        web::get().to(move || {
                            let body = doc_json.clone();
                            async move {
                                HttpResponse::Ok()
                                    .content_type("application/json")
                                    .body(body.as_str().to_owned())
                            }
                        }),
                    )
                })
                .app_data(data.clone())
                .app_data(edge_data.clone())
                .app_data(
                    web::JsonConfig::default()
                        .limit(crate::limits::MAX_BODY_BYTES)
                        .error_handler(|e, _| json_error(e).into()),
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
        app.route(
            "/api/docs",
            web::get().to(|| async {
                HttpResponse::PermanentRedirect()
                    .insert_header(("Location", DOCS))
                    .finish()
            }),
        )
        .service(openapi::docs_page())
        .route("/j/{id}", web::get().to(routes::join::join))
        .route("/embed.js", web::get().to(embed::script))
        .configure(routes::ops::configure)
        .default_service(web::to(fallback))
        // Innermost, so the edge logs and limits requests as before: JSON and the guest
        // page compressed, secrets not (see `compress`).
        .wrap(compress::Compression)
        .wrap(from_fn(edge))
        .wrap(Condition::new(cors_on, cors(&cors_origins)))
    })
    .shutdown_timeout(30)
    // Each write goes out at once (no Nagle): a compressed answer is written as a head and then
    // its body, and waiting for the head's ACK cost a keep-alive client ~40 ms a request.
    .on_connect(|conn, _| {
        if let Some(tcp) = conn.downcast_ref::<actix_web::rt::net::TcpStream>() {
            let _ = tcp.set_nodelay(true);
        }
    })
    .workers(workers)
    // Database work runs on the workers' blocking threads; more of them than pooled
    // connections only wait for one, switching contexts and growing memory (actix's
    // default is 512 in all).
    .worker_max_blocking_threads(blocking_threads_per_worker(max_connections, workers))
    .listen(listener)?
    .run();
    Ok(server)
}

/// Each worker's share of the pooled connections (at least one thread per worker).
fn blocking_threads_per_worker(max_connections: u32, workers: usize) -> usize {
    (max_connections as usize).div_ceil(workers.max(1)).max(1)
}

/// Everything no route matched: problem+json under `/api` (405 when the path exists with
/// other methods), the SPA otherwise (a booking page with its agenda named, see
/// [`agenda_hint`]).
async fn fallback(
    req: HttpRequest,
    edge: web::Data<Edge>,
    state: web::Data<AppState>,
) -> HttpResponse {
    let path = req.path();
    if path == "/api" || path.starts_with("/api/") {
        let allowed = edge
            .routes()
            .methods_for(req.match_info().as_str())
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>();
        let err = if allowed.is_empty() {
            ApiError::NotFound(format!("no API endpoint at {path}"))
        } else {
            ApiError::MethodNotAllowed(allowed)
        };
        return actix_web::ResponseError::error_response(&err);
    }
    let hint = agenda_hint(&req, &state).await;
    spa::serve_page(&req, hint)
}

/// For `GET /book/{host}/{agenda}` without an invite: the agenda's id and title when guests
/// may see it without one (active, listed, its host not disabled), else nothing — the page
/// then names no agenda a guest could not open, and loads as before. A database error only
/// costs the early start.
async fn agenda_hint(req: &HttpRequest, state: &web::Data<AppState>) -> Option<spa::AgendaHint> {
    if *req.method() != actix_web::http::Method::GET || req.query_string().contains("invite=") {
        return None;
    }
    let (host, agenda) = spa::booking_page_slugs(req.path())?;
    let (host, agenda) = (host.to_owned(), agenda.to_owned());
    with_conn(state, move |_, c| {
        let found = smartcal_db::agendas::find_by_slugs(c, &host, &agenda);
        Ok(match bookable(found) {
            Ok((a, _)) if a.listed => Some(spa::AgendaHint {
                id: a.id,
                title: a.title,
            }),
            _ => None,
        })
    })
    .await
    .ok()
    .flatten()
}
