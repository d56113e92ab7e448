//! What wraps every request: its id, log line and metrics, CORS for integrators' origins, and
//! the per-IP rate limit of guests' and login/signup endpoints (counters in [`crate::limits`]).

use std::net::IpAddr;
use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;

use crate::http::auth::SESSION_COOKIE;
use crate::http::error::ApiError;
use crate::http::request_id;
use crate::limits::MINUTE;
use crate::metrics::{self, RequestLabels};
use crate::state::AppState;

/// Which bucket a request counts against, if any: `auth` (login, signup) or `public`
/// (guests' endpoints). Requests carrying a host's credentials are not limited.
fn bucket(req: &ServiceRequest) -> Option<&'static str> {
    let path = req.path();
    let api = path.strip_prefix("/api/v1/")?;
    if api == "auth/login" || api == "auth/signup" {
        return Some("auth");
    }
    let authenticated =
        req.headers().contains_key("authorization") || req.cookie(SESSION_COOKIE).is_some();
    if authenticated {
        return None;
    }
    let public = api.starts_with("public/")
        || (api.starts_with("agendas/") && api.ends_with("/slots"))
        || api.starts_with("bookings")
        || (req.method() == Method::GET && api == "openapi.json");
    public.then_some("public")
}

/// Middleware: 429 problem+json with `Retry-After` once an IP used up its minute.
pub async fn per_ip(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if let (Some(bucket), Some(state)) = (bucket(&req), req.app_data::<web::Data<AppState>>()) {
        let limit = state.config.rate_limit_per_minute;
        if limit > 0 {
            let ip = req
                .peer_addr()
                .map(|a| a.ip())
                .unwrap_or(IpAddr::from([0, 0, 0, 0]));
            let key = format!("{bucket}:{ip}");
            if let Err(retry_after) = state.limits.per_ip.hit(&key, limit, MINUTE, Instant::now()) {
                let err = ApiError::TooManyRequests {
                    message: format!(
                        "more than {limit} requests a minute from your address; try again in {retry_after} s"
                    ),
                    retry_after,
                };
                return Ok(req.error_response(err));
            }
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_boxed_body)
}

/// What wraps every request from the outside in: its id (see [`request_id`]), echoed in
/// `X-Request-Id`; one log line (request id, method, path, route template, status, latency);
/// and the request metrics by route template and status (see [`crate::metrics`]).
pub async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let id = request_id::from_header(req.headers().get(request_id::HEADER));
    let method = metrics::method_label(req.method());
    let path = req.path().to_owned();
    let mut res = request_id::scope(id.clone(), next.call(req)).await?;
    let latency = started.elapsed().as_secs_f64();
    let status = res.status().as_u16();
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| metrics::UNMATCHED.to_owned());
    tracing::info!(
        request_id = %id,
        method,
        path,
        route,
        status,
        latency_ms = latency * 1000.0,
        "request"
    );
    if let Some(state) = res.request().app_data::<web::Data<AppState>>() {
        state.metrics.request(
            &RequestLabels {
                method,
                route,
                status,
            },
            latency,
        );
    }
    if let Ok(value) = HeaderValue::try_from(id) {
        res.headers_mut()
            .insert(HeaderName::from_static(request_id::HEADER), value);
    }
    Ok(res)
}

/// CORS for integrators' browser apps: only `SMARTCAL_CORS_ORIGINS` get CORS headers (and
/// with them credentials); other origins get none, so browsers keep their answers from them.
/// Same-origin requests (the SPA) are untouched.
pub fn cors(origins: &[String]) -> actix_cors::Cors {
    let mut cors = actix_cors::Cors::default()
        .block_on_origin_mismatch(false)
        .allowed_methods(["GET", "POST", "PATCH", "DELETE"])
        .allowed_headers([
            actix_web::http::header::AUTHORIZATION,
            actix_web::http::header::CONTENT_TYPE,
            actix_web::http::header::HeaderName::from_static("idempotency-key"),
            HeaderName::from_static(request_id::HEADER),
        ])
        .expose_headers([
            actix_web::http::header::RETRY_AFTER,
            actix_web::http::header::LOCATION,
            HeaderName::from_static(request_id::HEADER),
        ])
        .supports_credentials()
        .max_age(3600);
    for o in origins {
        cors = cors.allowed_origin(o);
    }
    cors
}
