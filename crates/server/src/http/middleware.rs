//! What wraps every request, in one pass ([`edge`]): its id, route, log line and metrics; the
//! per-IP rate limit of guests' and login/signup endpoints (counters in [`crate::limits`]); the
//! cross-site check of state-changing requests that carry a session cookie; and the security
//! headers of HTML answers. CORS for integrators' origins ([`cors`]) wraps it, so its preflights
//! are answered before (and not counted as requests).

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;
use utoipa::openapi::OpenApi;

use crate::http::auth::{self, SESSION_COOKIE};
use crate::http::error::ApiError;
use crate::http::request_id;
use crate::http::route_table::RouteTable;
use crate::http::security::SecurityHeaders;
use crate::http::spa;
use crate::limits::{Limit, Limits, MINUTE};
use crate::metrics;
use crate::state::AppState;

/// What [`edge`] needs, made once at start-up and found with one look-up per request.
#[derive(Debug)]
pub struct Edge {
    routes: RouteTable,
    security: SecurityHeaders,
    limits: Arc<Limits>,
    per_minute: u32,
    /// Origins besides the request's own `Host` that may change things with the session
    /// cookie: `SMARTCAL_PUBLIC_URL`'s and `SMARTCAL_CORS_ORIGINS`.
    trusted_origins: Vec<String>,
    /// `JITSI_RESERVATION_SECRET`: a Jitsi server's calls carrying it are not limited.
    jitsi_secret: Option<String>,
}

impl Edge {
    /// The edge of `state`'s server, whose API `doc` describes.
    pub fn new(state: &AppState, doc: &OpenApi) -> Edge {
        let config = &state.config;
        let mut trusted_origins = vec![config.public_url.trim_end_matches('/').to_owned()];
        trusted_origins.extend(config.cors_origins.iter().cloned());
        Edge {
            routes: RouteTable::new(doc, &state.metrics),
            security: SecurityHeaders::new(&spa::inline_scripts(), &config.embed_origins),
            limits: state.limits.clone(),
            per_minute: config.rate_limit_per_minute,
            jitsi_secret: config.meetings.reservation_secret.clone(),
            trusted_origins,
        }
    }

    /// The route table (for 405 answers).
    pub fn routes(&self) -> &RouteTable {
        &self.routes
    }

    /// 429 once the request's address used up its minute on `limit`. Every request to a
    /// limited route counts, whatever credentials it carries: only once the address is at its
    /// limit are a public route's credentials verified (a host's valid session or API key, or
    /// the Jitsi server's secret, passes; a made-up or empty one does not). Login and signup
    /// are limited for everyone.
    async fn check_limit(&self, req: &ServiceRequest, limit: Limit) -> Result<(), ApiError> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let ip = req
            .peer_addr()
            .map_or(IpAddr::from([0, 0, 0, 0]), |a| a.ip());
        let Err(retry_after) =
            self.limits
                .per_ip
                .hit(&(limit, ip), self.per_minute, MINUTE, Instant::now())
        else {
            return Ok(());
        };
        if limit == Limit::Public {
            let jitsi = self
                .jitsi_secret
                .as_deref()
                .is_some_and(|s| auth::has_bearer_secret(req.request(), s));
            if jitsi || auth::has_valid_credentials(req.request()).await {
                return Ok(());
            }
        }
        Err(ApiError::TooManyRequests {
            message: format!(
                "more than {} requests a minute from your address; try again in {retry_after} s",
                self.per_minute
            ),
            retry_after,
        })
    }

    /// A state-changing request (POST, PUT, PATCH, DELETE) carrying the session cookie must come
    /// from this server's own pages or a trusted origin: browsers name the page's origin in
    /// `Origin`, so a form on another site — or another port of this host, which `SameSite=Lax`
    /// counts as the same site — is refused (403). Requests without `Origin` (not from a
    /// browser) and with an API key instead of the cookie are not affected.
    fn same_site_only(&self, req: &ServiceRequest) -> Result<(), ApiError> {
        if matches!(
            *req.method(),
            Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
        ) || req.headers().contains_key(header::AUTHORIZATION)
        {
            return Ok(());
        }
        let Some(origin) = req.headers().get(header::ORIGIN) else {
            return Ok(());
        };
        if req.cookie(SESSION_COOKIE).is_none() {
            return Ok(());
        }
        let origin = origin.to_str().unwrap_or("");
        let authority = origin.split_once("://").map_or("", |(_, a)| a);
        let own =
            !authority.is_empty() && authority.eq_ignore_ascii_case(req.connection_info().host());
        if own
            || self
                .trusted_origins
                .iter()
                .any(|o| o.eq_ignore_ascii_case(origin))
        {
            return Ok(());
        }
        Err(ApiError::Forbidden(format!(
            "a request from {origin:?} may not change anything with this server's session cookie"
        )))
    }
}

/// What wraps every request (inside CORS): its id (see [`request_id`]), echoed in
/// `X-Request-Id`; its route, found once in the [`RouteTable`]; the per-IP limit of the route
/// (429 problem+json with `Retry-After`) and the cross-site check (403); one log line (request
/// id, method, path, route template, status, latency); the request metrics by route template
/// and status (see [`crate::metrics`]); and the security headers of HTML answers
/// ([`SecurityHeaders`]).
pub async fn edge(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let id = request_id::from_header(req.headers().get(request_id::HEADER));
    let Some(edge) = req.app_data::<web::Data<Edge>>().cloned() else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let method = metrics::method_label(req.method());
    let route = edge.routes.find(req.match_info().as_str());
    let refused = match route.limit() {
        Some(limit) => edge.check_limit(&req, limit).await.err(),
        None => None,
    }
    .or_else(|| edge.same_site_only(&req).err());
    let res = match refused {
        Some(err) => request_id::scope(id.clone(), async move { req.error_response(err) }).await,
        None => request_id::scope(id.clone(), next.call(req))
            .await?
            .map_into_boxed_body(),
    };
    let latency = started.elapsed().as_secs_f64();
    let status = res.status().as_u16();
    route.metrics().record(method, status, latency);
    // Strings as `%` (Display): they are made of URI and token characters only, and the text
    // format would otherwise escape them character by character (JSON still quotes them).
    tracing::info!(
        request_id = %id.to_str().unwrap_or(""),
        method = %method,
        path = %res.request().path(),
        route = %route.template(),
        status,
        latency_ms = latency * 1000.0,
        "request"
    );
    let (request, mut response) = res.into_parts();
    edge.security.apply(request.path(), response.headers_mut());
    response
        .headers_mut()
        .insert(HeaderName::from_static(request_id::HEADER), id);
    Ok(ServiceResponse::new(request, response))
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
