//! Reading calendars over HTTP: the client every calendar request uses (timeouts, no cookies,
//! a few redirects, the outbound rule), an iCalendar feed's conditional GET and answers capped
//! in size. Transport errors are worded by [`outbound::describe`].

use std::io::Read;
use std::time::Duration;

use crate::integrations::outbound::{self, describe, Http};

/// Redirects a calendar request follows at most, each checked by the outbound rule.
pub const MAX_REDIRECTS: usize = 5;

/// The client of calendar requests: the timeout, no cookies, a few redirects, and the outbound
/// rule unless `allow_private` (`SMARTCAL_OUTBOUND_ALLOW_PRIVATE`).
pub fn client(timeout: Duration, allow_private: bool) -> Result<Http, String> {
    Http::new(outbound::Options {
        timeout,
        redirects: MAX_REDIRECTS,
        allow_private,
    })
}

/// What a feed's server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Feed {
    /// 304: the copy read last time is still current.
    Unchanged,
    /// The feed's text, with the validators to send next time.
    Changed {
        body: String,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// GETs an iCalendar feed, conditionally on the validators of the last read (`have_copy`: a
/// 304 only counts when there is a last read to keep).
pub fn fetch(
    http: &Http,
    url: &str,
    etag: Option<&str>,
    last_modified: Option<&str>,
    have_copy: bool,
    max_bytes: u64,
) -> Result<Feed, String> {
    let mut req = http
        .request(reqwest::Method::GET, url)
        .map_err(|refused| refused.to_string())?;
    if let Some(etag) = etag {
        req = req.header(reqwest::header::IF_NONE_MATCH, etag);
    }
    if let Some(lm) = last_modified {
        req = req.header(reqwest::header::IF_MODIFIED_SINCE, lm);
    }
    let resp = req.send().map_err(|e| describe(&e))?;
    if resp.status() == reqwest::StatusCode::NOT_MODIFIED && have_copy {
        return Ok(Feed::Unchanged);
    }
    if !resp.status().is_success() {
        return Err(format!("the server answered {}", resp.status()));
    }
    let header = |name: reqwest::header::HeaderName| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let etag = header(reqwest::header::ETAG);
    let last_modified = header(reqwest::header::LAST_MODIFIED);
    let body = read_capped(resp, max_bytes)?;
    Ok(Feed::Changed {
        body,
        etag,
        last_modified,
    })
}

/// A response body as text, refusing more than `max` bytes.
pub fn read_capped(resp: reqwest::blocking::Response, max: u64) -> Result<String, String> {
    if resp.content_length().is_some_and(|n| n > max) {
        return Err(format!("the calendar is larger than {max} bytes"));
    }
    let mut buf = Vec::new();
    resp.take(max + 1).read_to_end(&mut buf).map_err(|e| {
        tracing::debug!(error = %e, "reading an outbound answer failed");
        String::from("reading the server's answer failed")
    })?;
    if buf.len() as u64 > max {
        return Err(format!("the calendar is larger than {max} bytes"));
    }
    String::from_utf8(buf).map_err(|_| "the calendar is not UTF-8 text".into())
}
