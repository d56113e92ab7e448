//! Compressed answers: JSON (and the guest page's HTML, which is made per request) go out
//! brotli or gzip encoded when the client accepts it — the booking page's month of times is
//! about 34 KB as JSON and 3 KB compressed. [`Compression`] wraps the app and encodes with
//! actix's own encoder, leaving out what should stay as it is:
//!
//! - everything but JSON and HTML: the SPA's files are precompressed at build time (they carry
//!   their `Content-Encoding` already), images and calendars gain little;
//! - the answers that show a secret once ([`shows_a_secret`]): a new booking's manage token, a
//!   new API key, invite or webhook secret, the calendar feed's secret address. Compressing a
//!   secret next to text an attacker can influence lets the compressed size leak it, a byte at
//!   a time (BREACH); these answers are rare and small, so they go out uncompressed. A guest's
//!   manage token otherwise only comes back in answers to requests that carry it (a join link
//!   with it), which no other site can make a browser send without knowing the token.
//!
//! The slot cache's answers are compressed once and kept so ([`kept_answer`]), not on every
//! request. A compressed answer says `Vary: Accept-Encoding`.
//!
//! Why not actix-web's `Compress` middleware: it wraps every answer's body (and parses the
//! header into a list) even when nothing is encoded, and keeps its choice of encoding to
//! itself; with the two small middlewares that steered it, a cached month cost 18 % more
//! instructions (docs/BENCHMARKS.md, tenth round).

use std::future::{ready, Future, Ready};
use std::pin::Pin;

use actix_http::encoding::Encoder;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::header::{self, ContentEncoding, HeaderValue};
use actix_web::http::Method;
use actix_web::{HttpRequest, HttpResponse};

use crate::slot_cache::Answer;

/// The compression middleware (see the module docs).
#[derive(Debug, Clone, Copy, Default)]
pub struct Compression;

impl<S, B> Transform<S, ServiceRequest> for Compression
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
    S::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B, Encoder<B>>>;
    type Error = actix_web::Error;
    type Transform = CompressionService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(CompressionService { service }))
    }
}

/// [`Compression`] around one service.
pub struct CompressionService<S> {
    service: S,
}

type Answered<B> = Result<ServiceResponse<EitherBody<B, Encoder<B>>>, actix_web::Error>;

impl<S, B> Service<ServiceRequest> for CompressionService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
    S::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B, Encoder<B>>>;
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Answered<B>>>>;

    actix_web::dev::forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let encoding =
            best_encoding(req.headers()).filter(|_| !shows_a_secret(req.method(), req.path()));
        let answer = self.service.call(req);
        Box::pin(async move {
            let res = answer.await?;
            let encode = encoding.filter(|_| {
                !res.headers().contains_key(header::CONTENT_ENCODING)
                    && res
                        .headers()
                        .get(header::CONTENT_TYPE)
                        .and_then(|v| v.to_str().ok())
                        .is_some_and(compressible_type)
            });
            Ok(match encode {
                Some(e) => {
                    res.map_body(|head, body| EitherBody::right(Encoder::response(e, head, body)))
                }
                None => res.map_into_left_body(),
            })
        })
    }
}

/// The encoding a request's `Accept-Encoding` takes best of those we write: brotli, else gzip.
fn best_encoding(headers: &header::HeaderMap) -> Option<ContentEncoding> {
    let accept = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())?;
    [ContentEncoding::Brotli, ContentEncoding::Gzip]
        .into_iter()
        .find(|e| accepts(accept, e.as_str()))
}

/// JSON (`application/json`, `application/problem+json`) and HTML.
fn compressible_type(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    matches!(
        essence.as_str(),
        "application/json" | "application/problem+json" | "text/html"
    )
}

/// The requests whose answers show a secret (see the module docs).
pub fn shows_a_secret(method: &Method, path: &str) -> bool {
    let Some(api) = path.strip_prefix("/api/v1/") else {
        return false;
    };
    let post = method == Method::POST;
    match api.trim_end_matches('/') {
        // A new booking's manage token and link; a new API key; a new webhook's secret.
        "bookings" | "api-keys" | "webhooks" => post,
        // The calendar feed's secret address, shown and rotated.
        "calendar-feed" | "calendar-feed/rotate" => true,
        // A new private invite's token and link.
        api => {
            post && api
                .strip_prefix("agendas/")
                .and_then(|rest| rest.strip_suffix("/invites"))
                .is_some_and(|id| !id.is_empty() && !id.contains('/'))
        }
    }
}

/// A kept answer ([`Answer`]) as the client takes it best: brotli, else gzip, from the
/// answer's own compressed forms (made once, not per request, and so left alone by
/// [`Compression`]), else its JSON.
pub fn kept_answer(req: &HttpRequest, answer: &Answer) -> HttpResponse {
    let mut res = HttpResponse::Ok();
    res.content_type("application/json");
    let encoded =
        best_encoding(req.headers()).and_then(|e| answer.encoded(e).map(|body| (e, body.clone())));
    match encoded {
        Some((encoding, body)) => res
            .insert_header((header::CONTENT_ENCODING, encoding.to_header_value()))
            .insert_header((header::VARY, HeaderValue::from_static("accept-encoding")))
            .body(body),
        None => res.body(answer.json().clone()),
    }
}

/// Whether an `Accept-Encoding` value allows `coding` (listed, or `*`, with a q above 0).
pub fn accepts(accept_encoding: &str, coding: &str) -> bool {
    let mut star = None;
    for item in accept_encoding.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .filter_map(|q| q.trim().parse::<f32>().ok())
            .next()
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case(coding) {
            return q > 0.0;
        }
        if name == "*" {
            star = Some(q > 0.0);
        }
    }
    star.unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_the_answers_that_show_one() {
        let post = Method::POST;
        let get = Method::GET;
        assert!(shows_a_secret(&post, "/api/v1/bookings"));
        assert!(shows_a_secret(&post, "/api/v1/api-keys"));
        assert!(shows_a_secret(&post, "/api/v1/webhooks"));
        assert!(shows_a_secret(&post, "/api/v1/agendas/3f0e/invites"));
        assert!(shows_a_secret(&get, "/api/v1/calendar-feed"));
        assert!(shows_a_secret(&post, "/api/v1/calendar-feed/rotate"));
        assert!(!shows_a_secret(&get, "/api/v1/bookings"));
        assert!(!shows_a_secret(&get, "/api/v1/agendas/3f0e/slots"));
        assert!(!shows_a_secret(&get, "/api/v1/agendas/3f0e/invites"));
        assert!(!shows_a_secret(&get, "/api/v1/bookings/3f0e"));
        assert!(!shows_a_secret(&post, "/bookings"));
        assert!(!shows_a_secret(&post, "/api/v1/agendas//invites"));
        assert!(!shows_a_secret(&post, "/api/v1/agendas/3f0e/x/invites"));
        assert!(shows_a_secret(&post, "/api/v1/agendas/3f0e/invites/"));
        assert!(!shows_a_secret(&get, "/api/v1/webhooks"));
    }

    #[test]
    fn compresses_json_and_html_only() {
        assert!(compressible_type("application/json"));
        assert!(compressible_type("application/problem+json"));
        assert!(compressible_type("text/html; charset=utf-8"));
        assert!(compressible_type("Application/JSON"));
        assert!(!compressible_type("application/wasm"));
        assert!(!compressible_type("text/calendar; charset=utf-8"));
        assert!(!compressible_type("image/png"));
    }

    #[test]
    fn reads_accept_encoding() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip, deflate, br", "gzip"));
        assert!(!accepts("gzip", "br"));
        assert!(!accepts("br;q=0, gzip", "br"));
        assert!(accepts("BR;q=0.5", "br"));
        assert!(accepts("*", "gzip"));
        assert!(!accepts("*;q=0", "gzip"));
        assert!(!accepts("identity", "gzip"));
        assert!(!accepts("", "gzip"));
    }
}
