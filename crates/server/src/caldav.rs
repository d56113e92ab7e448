//! CalDAV (RFC 4791): reading busy times with a `calendar-query` REPORT, and writing bookings
//! into a host's calendar from the outbox (channel `caldav`).
//!
//! Write-back rows are queued in the booking change's own transaction, one per write-back
//! calendar of the host, and delivered by the outbox worker with its leases, retries and
//! backoff. A delivery makes the calendar match the booking *as it is now*: a confirmed booking
//! is PUT (`{collection}/{booking_id}.ics`, UID `{booking_id}@smartcal`, the invitation's
//! SEQUENCE), a cancelled one is DELETEd (a missing resource counts as done). So deliveries are
//! idempotent and their order does not matter: a late retry of an old change cannot bring back
//! a cancelled meeting.

use chrono::{DateTime, Utc};
use smartcal_db::bookings::{self, BookingView};
use smartcal_db::calendars;
use smartcal_db::outbox::{self, OutboxRow};
use smartcal_db::{DbConn, DbError};
use smartcal_domain::ics::calendar_ics;
use uuid::Uuid;

use crate::calendars::{describe, read_capped, Settings};
use crate::mail::Change;
use crate::state::AppState;

/// The outbox channel of calendar write-back.
pub const CHANNEL: &str = "caldav";

/// Queues the write-back of a booking change into each of the host's write-back calendars
/// (call inside the change's transaction).
pub fn queue(
    c: &mut DbConn,
    st: &AppState,
    v: &BookingView,
    change: Change,
) -> Result<(), DbError> {
    let kind = match change {
        Change::Created => "confirmation",
        Change::Cancelled => "cancellation",
        Change::Rescheduled { .. } => "reschedule",
    };
    let targets = calendars::write_back_targets(c, &v.booking.host_id)?;
    let now = st.now().timestamp();
    let rows: Vec<OutboxRow> = targets
        .iter()
        .map(|t| {
            OutboxRow::pending(
                Uuid::new_v4().to_string(),
                v.booking.id.clone(),
                CHANNEL,
                kind,
                &t.id,
                "{}".into(),
                now,
            )
        })
        .collect();
    outbox::insert(c, &rows)
}

/// Delivers one write-back row (called by the outbox worker): PUT or DELETE the booking's event
/// in the calendar named by `row.recipient` (a calendar source id).
pub fn deliver(state: &AppState, row: &OutboxRow) -> Result<(), String> {
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let (source, view, host) = {
        let mut c = state.pool.get().map_err(|e| e.to_string())?;
        let Some(source) =
            calendars::find_any(&mut c, &row.recipient).map_err(|e| e.to_string())?
        else {
            return Ok(()); // the calendar was removed: nothing left to write
        };
        let view = bookings::find(&mut c, &row.booking_id).map_err(|e| e.to_string())?;
        let host =
            smartcal_db::hosts::find(&mut c, &view.booking.host_id).map_err(|e| e.to_string())?;
        (source, view, host)
    };
    let password = match &source.password_enc {
        Some(sealed) => Some(settings.decrypt(sealed)?),
        None => None,
    };
    let url = event_url(&source.url, &view.booking.id);
    let http = settings.http()?;
    let with_auth = |req: reqwest::blocking::RequestBuilder| match &source.username {
        Some(user) => req.basic_auth(user, password.as_deref()),
        None => req,
    };
    if view.booking.status == bookings::CONFIRMED {
        let body = calendar_ics(&[crate::mail::invitation(&view, &host)], None);
        let resp = with_auth(http.put(&url))
            .header(
                reqwest::header::CONTENT_TYPE,
                "text/calendar; charset=utf-8",
            )
            .body(body)
            .send()
            .map_err(|e| describe(&e))?;
        if !resp.status().is_success() {
            return Err(format!("PUT {url}: the server answered {}", resp.status()));
        }
    } else {
        let resp = with_auth(http.delete(&url))
            .send()
            .map_err(|e| describe(&e))?;
        let s = resp.status();
        if !(s.is_success()
            || s == reqwest::StatusCode::NOT_FOUND
            || s == reqwest::StatusCode::GONE)
        {
            return Err(format!("DELETE {url}: the server answered {s}"));
        }
    }
    tracing::info!(booking = %row.booking_id, calendar = %source.id, kind = %row.kind,
        "calendar write-back done");
    Ok(())
}

/// The booking's resource in a calendar collection.
pub fn event_url(collection: &str, booking_id: &str) -> String {
    format!("{}/{booking_id}.ics", collection.trim_end_matches('/'))
}

/// The iCalendar documents of the events in `[from, to)` of a CalDAV calendar collection.
pub fn query(
    http: &reqwest::blocking::Client,
    settings: &Settings,
    url: &str,
    username: Option<&str>,
    password: Option<&str>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<String>, String> {
    let stamp = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    let body = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter>
    <C:comp-filter name="VCALENDAR">
      <C:comp-filter name="VEVENT">
        <C:time-range start="{}" end="{}"/>
      </C:comp-filter>
    </C:comp-filter>
  </C:filter>
</C:calendar-query>"#,
        stamp(from),
        stamp(to)
    );
    let method = reqwest::Method::from_bytes(b"REPORT").map_err(|e| e.to_string())?;
    let mut req = http
        .request(method, url)
        .header("Depth", "1")
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/xml; charset=utf-8",
        )
        .body(body);
    if let Some(user) = username {
        req = req.basic_auth(user, password);
    }
    let resp = req.send().map_err(|e| describe(&e))?;
    let status = resp.status();
    if status == reqwest::StatusCode::UNAUTHORIZED || status == reqwest::StatusCode::FORBIDDEN {
        return Err(format!(
            "the CalDAV server refused the user name or password ({status})"
        ));
    }
    if status.as_u16() != 207 {
        return Err(format!(
            "the CalDAV server answered {status} to the calendar query (is the URL a calendar collection?)"
        ));
    }
    let xml = read_capped(resp, settings.max_bytes)?;
    Ok(calendar_data(&xml))
}

/// The text of every `calendar-data` element of a multistatus answer (any namespace prefix),
/// XML entities and CDATA decoded.
fn calendar_data(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(open) = find_tag(rest, "calendar-data") {
        let after = &rest[open..];
        let Some(gt) = after.find('>') else { break };
        if after[..gt].ends_with('/') {
            rest = &after[gt + 1..];
            continue; // <C:calendar-data/>: empty
        }
        let content_start = open + gt + 1;
        let Some(close) = rest[content_start..].find("</") else {
            break;
        };
        let mut close_at = content_start + close;
        // Skip `</` inside CDATA.
        if let Some(cdata) = rest[content_start..].find("<![CDATA[") {
            if cdata < close {
                if let Some(end) = rest[content_start + cdata..].find("]]>") {
                    let after_cdata = content_start + cdata + end + 3;
                    close_at = after_cdata + rest[after_cdata..].find("</").unwrap_or(0);
                }
            }
        }
        out.push(unescape_xml(&rest[content_start..close_at]));
        rest = &rest[close_at..];
        rest = rest.find('>').map_or("", |gt| &rest[gt + 1..]);
    }
    out.retain(|d| d.contains("BEGIN:VCALENDAR"));
    out
}

/// Position of the next start tag whose local name is `local` (`<C:calendar-data` or
/// `<calendar-data`).
fn find_tag(s: &str, local: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find('<') {
        let at = from + i;
        let name_end = s[at + 1..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map(|n| at + 1 + n)?;
        let name = &s[at + 1..name_end];
        if name.rsplit(':').next() == Some(local) && !name.starts_with('/') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn unescape_xml(s: &str) -> String {
    let s = s.trim();
    if let Some(inner) = s
        .strip_prefix("<![CDATA[")
        .and_then(|x| x.strip_suffix("]]>"))
    {
        return inner.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let Some(semi) = tail.find(';').filter(|n| *n <= 10) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let entity = &tail[1..semi];
        let decoded = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_data_is_extracted_from_multistatus() {
        let xml = r#"<?xml version="1.0"?>
<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
 <response><href>/a/1.ics</href><propstat><prop><getetag>"1"</getetag>
  <C:calendar-data>BEGIN:VCALENDAR&#13;
SUMMARY:Tom &amp; Jerry &lt;3&#13;
END:VCALENDAR&#13;
</C:calendar-data></prop></propstat></response>
 <response><href>/a/2.ics</href><propstat><prop>
  <cal:calendar-data xmlns:cal="urn:ietf:params:xml:ns:caldav"><![CDATA[BEGIN:VCALENDAR
X:</y>
END:VCALENDAR]]></cal:calendar-data></prop></propstat></response>
 <response><href>/a/3.ics</href><propstat><prop><C:calendar-data/></prop></propstat></response>
</multistatus>"#;
        let docs = calendar_data(xml);
        assert_eq!(docs.len(), 2, "{docs:?}");
        assert!(docs[0].contains("SUMMARY:Tom & Jerry <3\r\n"));
        assert!(docs[1].contains("X:</y>"));
    }

    #[test]
    fn event_urls() {
        assert_eq!(event_url("http://h/cal/", "b1"), "http://h/cal/b1.ics");
        assert_eq!(event_url("http://h/cal", "b1"), "http://h/cal/b1.ics");
    }
}
