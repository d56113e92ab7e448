//! `GET /embed.js`: the script a host puts on their own website to show their booking page
//! inline or in a popup (`assets/embed.js`, see the README's "Embed on your site"). It is
//! compiled into the binary. Its address carries no content hash (hosts paste it into their
//! sites), so browsers keep it for an hour and then revalidate it by its `ETag`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};

/// The script's text.
pub const SCRIPT: &str = include_str!("../../assets/embed.js");

const CACHE: &str = "public, max-age=3600, stale-while-revalidate=86400";

/// Answers with the script, or 304 when the client's copy is current.
pub async fn script(req: HttpRequest) -> HttpResponse {
    let etag = etag();
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut answer = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    answer
        .insert_header((header::CACHE_CONTROL, CACHE))
        .insert_header((header::ETAG, etag.clone()));
    if fresh {
        return answer.finish();
    }
    answer
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(SCRIPT)
}

/// A strong validator: the first 16 bytes of the script's SHA-256, quoted.
fn etag() -> String {
    let digest = Sha256::digest(SCRIPT.as_bytes());
    format!("\"{}\"", hex::encode(&digest[..16]))
}
