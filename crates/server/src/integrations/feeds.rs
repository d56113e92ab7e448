//! Reading calendars over HTTP: the client every calendar request uses (timeouts, no cookies,
//! a few redirects), an iCalendar feed's conditional GET, answers capped in size, and transport
//! errors worded for the host.

use std::io::Read;
use std::time::Duration;

/// An HTTP client with the timeout; no cookies, a few redirects.
pub fn client(timeout: Duration) -> Result<reqwest::blocking::Client, String> {
    reqwest::blocking::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(reqwest::redirect::Policy::limited(5))
        .user_agent(concat!("SmartCal/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("HTTP client: {e}"))
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
    http: &reqwest::blocking::Client,
    url: &str,
    etag: Option<&str>,
    last_modified: Option<&str>,
    have_copy: bool,
    max_bytes: u64,
) -> Result<Feed, String> {
    let mut req = http.get(url);
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
    resp.take(max + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("reading the answer failed: {e}"))?;
    if buf.len() as u64 > max {
        return Err(format!("the calendar is larger than {max} bytes"));
    }
    String::from_utf8(buf).map_err(|_| "the calendar is not UTF-8 text".into())
}

/// A transport error as the host should read it.
pub fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "the calendar server did not answer in time".into()
    } else if e.is_connect() {
        "cannot connect to the calendar server".into()
    } else {
        let mut msg = e.to_string();
        let mut src = std::error::Error::source(e);
        while let Some(s) = src {
            msg = format!("{msg}: {s}");
            src = s.source();
        }
        msg
    }
}
