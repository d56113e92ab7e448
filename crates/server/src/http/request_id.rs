//! Each request's id: the client's `X-Request-Id` when it is a sensible token, else one made
//! here. The request middleware runs the request inside [`scope`], so whatever answers it —
//! a handler's problem+json included — can name it ([`current`]), and echoes it in the
//! response's `X-Request-Id`.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use actix_web::http::header::HeaderValue;
use rand::RngCore;

/// The header carrying the id, both ways.
pub const HEADER: &str = "x-request-id";

/// The longest id taken from a client.
const MAX_LEN: usize = 128;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The client's id if it is 1–128 characters of letters, digits and `-_.:/+=@`, else a new
/// one.
pub fn from_header(value: Option<&HeaderValue>) -> String {
    value
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= MAX_LEN
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:/+=@".contains(&b))
        })
        .map_or_else(generate, str::to_owned)
}

/// A new id: this process's random prefix and a counter (unique across processes and
/// restarts, without a system call per request).
pub fn generate() -> String {
    static PREFIX: OnceLock<u32> = OnceLock::new();
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let prefix = PREFIX.get_or_init(|| rand::rngs::OsRng.next_u32());
    format!("{prefix:08x}-{:010x}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Runs `f` as the request with this id.
pub async fn scope<F: Future>(id: String, f: F) -> F::Output {
    REQUEST_ID.scope(id, f).await
}

/// The id of the request being answered, if any.
pub fn current() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensible_ids_are_kept_others_replaced() {
        let keep = HeaderValue::from_static("abc-123_x.y:z");
        assert_eq!(from_header(Some(&keep)), "abc-123_x.y:z");
        let long = "x".repeat(MAX_LEN + 1);
        for bad in ["", "has space", "quote\"d", long.as_str()] {
            let v = HeaderValue::from_str(bad).unwrap();
            let id = from_header(Some(&v));
            assert_ne!(id, bad);
            assert_eq!(id.len(), 19, "{id}");
        }
        assert_ne!(generate(), generate());
    }
}
