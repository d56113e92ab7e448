//! Webhooks: signing a booking event and POSTing it to an integrator's URL. What is sent when
//! (queueing, retries, the attempt log) is `jobs::webhook`'s.
//!
//! Signature: `SmartCal-Signature: t={unix},v1={hex HMAC-SHA256(secret, "{t}.{body}")}`; the
//! receiver recomputes it over the raw body and rejects old timestamps (see [`verify`]).

use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::integrations::outbound::{describe, Http};

/// The `SmartCal-Signature` value for `body` sent at `t`.
pub fn signature(secret: &str, t: i64, body: &str) -> String {
    format!(
        "t={t},v1={}",
        hex::encode(mac(secret, t, body).finalize().into_bytes())
    )
}

/// HMAC-SHA256 under `secret` over `"{t}.{body}"`, ready to finalize or verify.
fn mac(secret: &str, t: i64, body: &str) -> Hmac<Sha256> {
    // HMAC takes keys of any length: `new_from_slice` cannot fail for it.
    let mut m = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key");
    m.update(format!("{t}.{body}").as_bytes());
    m
}

/// Checks a `SmartCal-Signature` header the way a receiver should: the MAC over
/// `"{t}.{body}"` matches (in constant time) and `t` is within `tolerance` of `now`.
pub fn verify(secret: &str, header: &str, body: &str, now: i64, tolerance: Duration) -> bool {
    let mut t = None;
    let mut v1 = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => v1 = hex::decode(v).ok(),
            _ => {}
        }
    }
    let (Some(t), Some(given)) = (t, v1) else {
        return false;
    };
    if now.abs_diff(t) > tolerance.as_secs() {
        return false;
    }
    mac(secret, t, body).verify_slice(&given).is_ok()
}

/// One event to POST.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    /// The event's name (`SmartCal-Event`).
    pub name: &'a str,
    /// The delivery's id (`SmartCal-Delivery`), the same on every attempt.
    pub delivery_id: &'a str,
    /// The JSON body.
    pub body: &'a str,
}

/// How one POST went: the receiver's status, and why it counts as failed (`None`: a 2xx).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status_code: Option<u16>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

/// POSTs `event` to `url`, signed with `secret` at `t`. A 2xx answer is success; anything else
/// (other status, timeout, refused connection, an address the outbound rule refuses) is a
/// failure the caller may retry. The receiver's body is never read into the error.
pub fn post(http: &Http, url: &str, secret: &str, event: Event<'_>, t: i64) -> Answer {
    let started = Instant::now();
    let request = match http.request(reqwest::Method::POST, url) {
        Ok(request) => request,
        Err(refused) => {
            return Answer {
                status_code: None,
                error: Some(refused.to_string()),
                duration_ms: 0,
            }
        }
    };
    let outcome = request
        .header("Content-Type", "application/json")
        .header("User-Agent", "SmartCal-Webhooks/1")
        .header("SmartCal-Event", event.name)
        .header("SmartCal-Delivery", event.delivery_id)
        .header("SmartCal-Signature", signature(secret, t, event.body))
        .body(event.body.to_owned())
        .send();
    let duration_ms = started.elapsed().as_millis() as i64;
    let (status_code, error) = match outcome {
        Ok(r) if r.status().is_success() => (Some(r.status().as_u16()), None),
        Ok(r) => (
            Some(r.status().as_u16()),
            Some(format!("the receiver answered {}", r.status())),
        ),
        Err(e) => (None, Some(describe(&e))),
    };
    Answer {
        status_code,
        error,
        duration_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_and_reject_tampering_and_old_timestamps() {
        let body = r#"{"type":"booking.created"}"#;
        let header = signature("whsec_x", 1_800_000_000, body);
        assert!(header.starts_with("t=1800000000,v1="));
        let tolerance = Duration::from_secs(300);
        assert!(verify("whsec_x", &header, body, 1_800_000_100, tolerance));
        assert!(!verify("whsec_y", &header, body, 1_800_000_100, tolerance));
        assert!(!verify("whsec_x", &header, "{}", 1_800_000_100, tolerance));
        assert!(!verify("whsec_x", &header, body, 1_800_000_400, tolerance));
        assert!(!verify("whsec_x", "v1=00", body, 1_800_000_000, tolerance));
    }

    #[test]
    fn the_mac_is_hmac_sha256_of_timestamp_dot_body() {
        // Computed independently: Python's hmac.new(b"Jefe", b"0.what do ya want for nothing?", "sha256").
        let header = signature("Jefe", 0, "what do ya want for nothing?");
        assert_eq!(
            header,
            "t=0,v1=37f471929915ccd2cbbe79feb84ffcff4f2bb25e15fc41c2506687331ae179cc"
        );
    }
}
