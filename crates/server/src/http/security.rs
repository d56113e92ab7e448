//! What every HTML answer carries (the SPA's pages, the API docs, the join page): a
//! Content-Security-Policy without `unsafe-inline` scripts — the one inline script Trunk
//! writes into `index.html` (the wasm loader) is allowed by its SHA-256 hash, read from the
//! built file at start-up — `X-Content-Type-Options: nosniff` and
//! `Referrer-Policy: strict-origin-when-cross-origin`. A guest's pages — booking (`/book/…`) and
//! manage (`/booking/…`, where the embedded confirmation's link leads) — may be framed by
//! `SMARTCAL_EMBED_ORIGINS` (default `*`: any http(s) site); every other page, above all the
//! dashboard and login, by none. Other answers (JSON, `/embed.js`) get none of these headers.

use actix_web::http::header::{self, HeaderMap, HeaderValue};
use base64::Engine;
use sha2::{Digest, Sha256};

/// The headers, made once.
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    page: HeaderValue,
    embeddable: HeaderValue,
}

impl SecurityHeaders {
    /// The policies for `inline_scripts` (the texts of the SPA's inline scripts) and the
    /// origins that may frame booking pages.
    pub fn new(inline_scripts: &[String], embed_origins: &[String]) -> SecurityHeaders {
        let hashes: String = inline_scripts
            .iter()
            .map(|s| {
                let digest = Sha256::digest(s.as_bytes());
                format!(
                    " 'sha256-{}'",
                    base64::engine::general_purpose::STANDARD.encode(digest)
                )
            })
            .collect();
        let policy = |ancestors: &str| {
            let csp = format!(
                "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
                 style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
                 object-src 'none'; base-uri 'self'; form-action 'self'; \
                 frame-ancestors {ancestors}"
            );
            HeaderValue::from_str(&csp).unwrap_or(HeaderValue::from_static("default-src 'self'"))
        };
        let embed = if embed_origins.is_empty() {
            "'none'".to_owned()
        } else {
            embed_origins.join(" ")
        };
        SecurityHeaders {
            page: policy("'none'"),
            embeddable: policy(&embed),
        }
    }

    /// Adds the headers to an answer to `path` if it is HTML.
    pub fn apply(&self, path: &str, headers: &mut HeaderMap) {
        let html = headers
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
        if !html {
            return;
        }
        let csp = if guest_page(path) {
            &self.embeddable
        } else {
            &self.page
        };
        headers.insert(header::CONTENT_SECURITY_POLICY, csp.clone());
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        );
    }
}

/// Whether `path` is a guest's page, which hosts may embed in their websites.
fn guest_page(path: &str) -> bool {
    path.starts_with("/book/") || path.starts_with("/booking/")
}

/// The texts of `html`'s inline scripts (`<script>` elements without `src`), as a browser
/// hashes them.
pub fn inline_scripts(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") && !tag.contains(" src =") {
            found.push(body[..close].to_owned());
        }
        rest = &body[close..];
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_found_and_hashed_external_ones_not() {
        let html = "<html><head><script src=\"/a.js\"></script>\
            <script type=\"module\">import init from '/x.js';\nawait init();</script>\
            </head></html>";
        let scripts = inline_scripts(html);
        assert_eq!(scripts, ["import init from '/x.js';\nawait init();"]);
        let h = SecurityHeaders::new(&scripts, &["*".to_owned()]);
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        h.apply("/dashboard", &mut headers);
        let csp = headers
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap()
            .to_str()
            .unwrap();
        let digest = Sha256::digest(scripts[0].as_bytes());
        let b64 = base64::engine::general_purpose::STANDARD.encode(digest);
        assert!(csp.contains(&format!("'sha256-{b64}'")), "{csp}");
        let script_src = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap();
        assert!(!script_src.contains("unsafe-inline"), "{csp}");
        assert!(csp.ends_with("frame-ancestors 'none'"), "{csp}");
        assert_eq!(
            headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(),
            "nosniff"
        );
        let mut book = headers.clone();
        h.apply("/book/demo/intro", &mut book);
        let csp = book
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap()
            .to_str()
            .unwrap();
        assert!(csp.ends_with("frame-ancestors *"), "{csp}");
        let mut manage = headers.clone();
        h.apply("/booking/0b9c/x", &mut manage);
        assert_eq!(
            book.get(header::CONTENT_SECURITY_POLICY),
            manage.get(header::CONTENT_SECURITY_POLICY)
        );
        for framed_by_none in ["/bookings", "/login", "/"] {
            let mut other = headers.clone();
            h.apply(framed_by_none, &mut other);
            let csp = other
                .get(header::CONTENT_SECURITY_POLICY)
                .unwrap()
                .to_str()
                .unwrap();
            assert!(
                csp.ends_with("frame-ancestors 'none'"),
                "{framed_by_none}: {csp}"
            );
        }
        let mut json = HeaderMap::new();
        json.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        h.apply("/api/v1/me", &mut json);
        assert!(json.get(header::CONTENT_SECURITY_POLICY).is_none());
    }
}
