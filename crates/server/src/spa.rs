//! The built SPA (`dist/`, made by Trunk), compiled into the release binary; any path that is
//! not an asset gets `index.html` so the SPA's router handles it.

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

/// Serves an asset, or `index.html` for app routes.
pub fn serve(req: &HttpRequest) -> HttpResponse {
    let path = req.path().trim_start_matches('/');
    if !path.is_empty() && path != "index.html" {
        if let Some(file) = Dist::get(path) {
            let mime = mime_guess::from_path(path).first_or_octet_stream();
            return HttpResponse::Ok()
                .content_type(mime.as_ref())
                .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
                .body(file.data.into_owned());
        }
    }
    let body = Dist::get("index.html")
        .map_or_else(|| NOT_BUILT.as_bytes().to_vec(), |f| f.data.into_owned());
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(body)
}
