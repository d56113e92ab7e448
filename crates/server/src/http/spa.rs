//! The built SPA (`dist/`, made by Trunk), compiled into the release binary; any path that is
//! not an asset gets `index.html` so the SPA's router handles it.
//!
//! Caching: Trunk's hashed file names (`smartcal-frontend-<hash>_bg.wasm`, `style-<hash>.css`)
//! never change content, so they are cached for a year as immutable; everything else, above all
//! `index.html` (which names the current hashes), is `no-cache`. `cargo xtask spa` also writes
//! `.br` and `.gz` siblings; they are served to clients that accept them.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use rust_embed::RustEmbed;

/// The SPA's files. In debug builds they are read from `dist/` at run time.
#[derive(RustEmbed)]
#[folder = "../../dist/"]
#[allow_missing = true]
struct Dist;

/// Shown when the binary was built without the SPA.
const NOT_BUILT: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>SmartCal</title></head><body><h1>SmartCal</h1><p>The web app was not built into this \
binary: run <code>cargo xtask build</code>. The API is at <a href=\"/api/docs/\">/api/docs/</a>.\
</p></body></html>";

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The texts of `index.html`'s inline scripts (Trunk's wasm loader), for the CSP's hashes.
pub fn inline_scripts() -> Vec<String> {
    Dist::get("index.html")
        .map(|f| crate::http::security::inline_scripts(&String::from_utf8_lossy(&f.data)))
        .unwrap_or_default()
}

/// Serves an asset, or `index.html` for app routes.
pub fn serve(req: &HttpRequest) -> HttpResponse {
    let path = req.path().trim_start_matches('/');
    let accept = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !path.is_empty()
        && path != "index.html"
        && !is_compressed_sibling(path)
        && Dist::get(path).is_some()
    {
        let mime = mime_guess::from_path(path).first_or_octet_stream();
        let cache = if is_hashed(path) {
            IMMUTABLE
        } else {
            "no-cache"
        };
        return respond(path, mime.as_ref(), cache, accept);
    }
    if Dist::get("index.html").is_none() {
        return HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .body(NOT_BUILT);
    }
    respond("index.html", "text/html; charset=utf-8", "no-cache", accept)
}

/// The file at `path` (known to exist), or its best precompressed sibling the client accepts.
fn respond(path: &str, mime: &str, cache: &str, accept_encoding: &str) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response
        .content_type(mime)
        .insert_header((header::CACHE_CONTROL, cache));
    let siblings = [("br", ".br"), ("gzip", ".gz")];
    let has_sibling = siblings
        .iter()
        .any(|(_, ext)| Dist::get(&format!("{path}{ext}")).is_some());
    if has_sibling {
        // The answer depends on Accept-Encoding: caches must keep the variants apart.
        response.insert_header((header::VARY, "Accept-Encoding"));
    }
    for (coding, ext) in siblings {
        if !accepts(accept_encoding, coding) {
            continue;
        }
        if let Some(file) = Dist::get(&format!("{path}{ext}")) {
            return response
                .insert_header((header::CONTENT_ENCODING, coding))
                .body(file.data.into_owned());
        }
    }
    match Dist::get(path) {
        Some(file) => response.body(file.data.into_owned()),
        None => response.body(NOT_BUILT),
    }
}

/// `.br`/`.gz` files are only served in place of their original, never by their own name.
fn is_compressed_sibling(path: &str) -> bool {
    (path.ends_with(".br") || path.ends_with(".gz"))
        && Dist::get(path.trim_end_matches(".br").trim_end_matches(".gz")).is_some()
}

/// Whether an `Accept-Encoding` value allows `coding` (listed, or `*`, with a q above 0).
fn accepts(accept_encoding: &str, coding: &str) -> bool {
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

/// Whether `path` is a Trunk output with a content hash in its name: the last `-` part of the
/// name before its first `.` (minus wasm-bindgen's `_bg`) is Trunk's seahash, a `u64` in hex
/// without leading zeros (so 12 to 16 digits, bar a 1 in 2^16 chance).
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((_, hash)) => {
            (12..=16).contains(&hash.len())
                && hash
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_trunk_hashed_names_count_as_hashed() {
        assert!(is_hashed("smartcal-frontend-3f1c2a9b8d7e6f50_bg.wasm"));
        assert!(is_hashed("smartcal-frontend-3f1c2a9b8d7e6f50.js"));
        assert!(is_hashed("style-0123456789abcdef.css"));
        assert!(is_hashed("style-123456789abcdef.css"));
        assert!(!is_hashed("snippets/leptos-0123456789abcdef/inline0.js"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("favicon.ico"));
        assert!(!is_hashed("smartcal-frontend.js"));
        assert!(!is_hashed("my-logo.svg"));
        assert!(!is_hashed("style-0123456789abcdeg.css"));
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
