//! Compressed answers: JSON (and the guest page's HTML, which is made per request) go out
//! brotli or gzip encoded when the client accepts it — the booking page's month of times is
//! about 34 KB as JSON and 3 KB compressed. actix-web's [`Compress`] does the encoding;
//! [`choose`], just inside it, keeps out what should stay as it is ([`unmark`], just outside,
//! takes its mark off again):
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
//! request. Precompressed or not, an answer that may be compressed says `Vary: Accept-Encoding`.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, ContentEncoding, HeaderValue};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse};

use crate::slot_cache::Answer;

pub use actix_web::middleware::Compress;

/// Runs inside [`Compress`]: after the handler, marks the answers that must stay as they are
/// (not JSON or HTML, or showing a secret) with `Content-Encoding: identity`, which
/// [`Compress`] leaves alone; [`unmark`] takes the mark off again.
pub async fn choose(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let secret = shows_a_secret(req.method(), req.path());
    let mut res = next.call(req).await?;
    let compressible = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(compressible_type);
    if (secret || !compressible) && !res.headers().contains_key(header::CONTENT_ENCODING) {
        res.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static(IDENTITY));
    }
    Ok(res)
}

/// Runs just outside [`Compress`]: removes [`choose`]'s mark (`identity` is no content coding
/// to announce).
pub async fn unmark(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    if res
        .headers()
        .get(header::CONTENT_ENCODING)
        .is_some_and(|v| v.as_bytes() == IDENTITY.as_bytes())
    {
        res.headers_mut().remove(header::CONTENT_ENCODING);
    }
    Ok(res)
}

/// [`choose`]'s mark.
const IDENTITY: &str = "identity";

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
/// [`Compress`]), else its JSON.
pub fn kept_answer(req: &HttpRequest, answer: &Answer) -> HttpResponse {
    let mut res = HttpResponse::Ok();
    res.content_type("application/json");
    let accept = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let encoded = [ContentEncoding::Brotli, ContentEncoding::Gzip]
        .into_iter()
        .find(|e| accepts(accept, e.as_str()))
        .and_then(|e| answer.encoded(e).map(|body| (e, body.clone())));
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
