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
    static REQUEST_ID: HeaderValue;
}

/// The client's id if it is 1–128 characters of letters, digits and `-_.:/+=@`, else a new
/// one.
pub fn from_header(value: Option<&HeaderValue>) -> HeaderValue {
    value
        .filter(|v| {
            let b = v.as_bytes();
            !b.is_empty()
                && b.len() <= MAX_LEN
                && b.iter()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:/+=@".contains(b))
        })
        .map_or_else(generate, HeaderValue::clone)
}

/// A new id, `pppppppp-cccccccccc`: this process's random prefix and a counter, in hex (unique
/// across processes and restarts, without a system call or a `format!` per request).
pub fn generate() -> HeaderValue {
    static PREFIX: OnceLock<u32> = OnceLock::new();
    static NEXT: AtomicU64 = AtomicU64::new(1);
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let prefix = *PREFIX.get_or_init(|| rand::rngs::OsRng.next_u32());
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let mut id = [b'-'; 19];
    for (i, byte) in id[..8].iter_mut().enumerate() {
        *byte = HEX[(prefix >> (28 - 4 * i) & 0xf) as usize];
    }
    for (i, byte) in id[9..].iter_mut().enumerate() {
        *byte = HEX[(n >> (36 - 4 * i) & 0xf) as usize];
    }
    HeaderValue::from_bytes(&id).unwrap_or_else(|_| HeaderValue::from_static("-"))
}

/// Runs `f` as the request with this id.
pub async fn scope<F: Future>(id: HeaderValue, f: F) -> F::Output {
    REQUEST_ID.scope(id, f).await
}

/// The id of the request being answered, if any.
pub fn current() -> Option<String> {
    REQUEST_ID
        .try_with(|id| id.to_str().map(str::to_owned))
        .ok()
        .and_then(Result::ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensible_ids_are_kept_others_replaced() {
        let keep = HeaderValue::from_static("abc-123_x.y:z");
        assert_eq!(from_header(Some(&keep)), "abc-123_x.y:z");
        assert_eq!(from_header(None).len(), 19);
        let long = "x".repeat(MAX_LEN + 1);
        for bad in ["", "has space", "quote\"d", long.as_str()] {
            let v = HeaderValue::from_str(bad).unwrap();
            let id = from_header(Some(&v));
            assert_ne!(id, bad);
            assert_eq!(id.len(), 19, "{id:?}");
        }
        let (a, b) = (generate(), generate());
        assert_ne!(a, b);
        let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
        assert_eq!(a[..9], b[..9], "one prefix per process");
        assert!(a.bytes().all(|c| c == b'-' || c.is_ascii_hexdigit()), "{a}");
        let (x, y) = (
            u64::from_str_radix(&a[9..], 16).unwrap(),
            u64::from_str_radix(&b[9..], 16).unwrap(),
        );
        assert!(y > x, "a counter: {a} then {b}");
    }
}
