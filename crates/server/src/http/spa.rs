//! The built SPA (`dist/`, made by Trunk), compiled into the release binary; any path that is
//! not an asset gets `index.html` so the SPA's router handles it.
//!
//! Two builds: the full app (`dist/index.html`) and the guest build (`dist/guest/index.html`,
//! assets under `/guest/`), which holds only a guest's pages and is served for them
//! ([`served_by_guest_build`]): a guest downloads no dashboard. Its HTML draws the page's frame before the
//! wasm runs and asks for the page's first API answers at once (see `frontend/guest.html`);
//! for a booking page the server names the agenda's id and title in it ([`AgendaHint`]), so
//! the month of times is asked for in parallel with the wasm too.
//!
//! Caching: Trunk's hashed file names (`smartcal-frontend-<hash>_bg.wasm`, `style-<hash>.css`)
//! never change content, so they are cached for a year as immutable; everything else, above all
//! `index.html` (which names the current hashes), is `no-cache`. `cargo xtask spa` also writes
//! `.br` and `.gz` siblings; they are served to clients that accept them.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use rust_embed::RustEmbed;
use smartcal_domain::email::escape_html;

use crate::http::compress;

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

/// The guest build's page, served for [`served_by_guest_build`] paths.
const GUEST_INDEX: &str = "guest/index.html";

/// The guest build's title placeholder, which [`AgendaHint`] fills.
const SKELETON_TITLE: &str = "<h1 id=\"skeleton-title\">&#8203;</h1>";

/// The texts of both builds' inline scripts (Trunk's wasm loaders, the guest page's preloads),
/// for the CSP's hashes.
pub fn inline_scripts() -> Vec<String> {
    ["index.html", GUEST_INDEX]
        .into_iter()
        .filter_map(Dist::get)
        .flat_map(|f| crate::http::security::inline_scripts(&String::from_utf8_lossy(&f.data)))
        .collect()
}

/// Whether `path` is one of a guest's pages, served by the guest build (the frontend's
/// `GUEST_PATHS`): booking pages, a guest's booking, join links and a host's decide link.
pub fn served_by_guest_build(path: &str) -> bool {
    ["/book/", "/booking/", "/join/", "/decide/"]
        .iter()
        .any(|p| path.starts_with(p))
}

/// What the server knows of a booking page's agenda (listed, active, no invite needed): its id,
/// so the page asks for its month of times before the wasm runs, and its title, for the frame.
#[derive(Debug, Clone)]
pub struct AgendaHint {
    pub id: String,
    pub title: String,
}

/// The booking page `/book/{host}/{agenda}`'s two slugs (not a team's page), if `path` is one.
pub fn booking_page_slugs(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix("/book/")?;
    let (host, agenda) = rest.split_once('/')?;
    let plain = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    (host != "team" && plain(host) && plain(agenda)).then_some((host, agenda))
}

/// Serves an asset, or the page for app routes (see [`serve_page`]).
pub fn serve(req: &HttpRequest) -> HttpResponse {
    serve_page(req, None)
}

/// Serves an asset, or for app routes the guest build's page (with `hint` written in) or the
/// full app's `index.html`.
pub fn serve_page(req: &HttpRequest, hint: Option<AgendaHint>) -> HttpResponse {
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
    if served_by_guest_build(req.path()) && Dist::get(GUEST_INDEX).is_some() {
        if let Some(hint) = hint {
            return guest_page_with(&hint);
        }
        return respond(GUEST_INDEX, "text/html; charset=utf-8", "no-cache", accept);
    }
    respond("index.html", "text/html; charset=utf-8", "no-cache", accept)
}

/// The guest page naming the agenda (a `<meta name="smartcal-agenda">` its preload script
/// reads) with its title in the frame's heading. Made per request, so not precompressed: the
/// compression middleware compresses it.
fn guest_page_with(hint: &AgendaHint) -> HttpResponse {
    let html = Dist::get(GUEST_INDEX)
        .map(|f| String::from_utf8_lossy(&f.data).into_owned())
        .unwrap_or_default();
    let meta = format!(
        "<meta name=\"smartcal-agenda\" content=\"{}\">",
        escape_html(&hint.id)
    );
    let title = format!(
        "<h1 id=\"skeleton-title\">{}</h1>",
        escape_html(&hint.title)
    );
    // The meta goes first in <head>, before the script that reads it.
    let html = html
        .replacen("<head>", &format!("<head>{meta}"), 1)
        .replacen(SKELETON_TITLE, &title, 1);
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(html)
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
        if !compress::accepts(accept_encoding, coding) {
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
    fn guest_pages_and_booking_page_slugs() {
        for path in [
            "/book/ada",
            "/book/ada/intro",
            "/book/team/t/a",
            "/booking/x",
            "/join/x",
            "/decide/x",
        ] {
            assert!(served_by_guest_build(path), "{path}");
        }
        for path in [
            "/",
            "/dashboard",
            "/login",
            "/book",
            "/bookings",
            "/guest/x.js",
        ] {
            assert!(!served_by_guest_build(path), "{path}");
        }
        assert_eq!(
            booking_page_slugs("/book/ada/intro-call"),
            Some(("ada", "intro-call"))
        );
        assert_eq!(booking_page_slugs("/book/ada"), None);
        assert_eq!(booking_page_slugs("/book/team/t"), None);
        assert_eq!(booking_page_slugs("/book/ada/intro/x"), None);
        assert_eq!(booking_page_slugs("/book/ada/"), None);
        assert_eq!(booking_page_slugs("/book/a%20b/x"), None);
    }
}
