//! CalDAV (RFC 4791): reading the events of a calendar collection with a `calendar-query`
//! REPORT, and writing (PUT) or removing (DELETE) one event resource. When and why a booking is
//! written is `jobs::caldav`'s.

use chrono::{DateTime, Utc};

use crate::integrations::feeds::read_capped;
use crate::integrations::outbound::{describe, Http};

/// Where a CalDAV collection is and who reads it.
#[derive(Debug, Clone, Copy)]
pub struct Collection<'a> {
    /// The collection's URL.
    pub url: &'a str,
    /// Basic auth user, if any.
    pub username: Option<&'a str>,
    /// Basic auth password, if any.
    pub password: Option<&'a str>,
}

impl Collection<'_> {
    fn auth(&self, req: reqwest::blocking::RequestBuilder) -> reqwest::blocking::RequestBuilder {
        match self.username {
            Some(user) => req.basic_auth(user, self.password),
            None => req,
        }
    }
}

/// PUTs `ics` as the resource `{collection}/{name}.ics` (created or replaced).
pub fn put_event(http: &Http, at: Collection<'_>, name: &str, ics: String) -> Result<(), String> {
    let url = event_url(at.url, name);
    let resp = at
        .auth(
            http.request(reqwest::Method::PUT, &url)
                .map_err(|refused| refused.to_string())?,
        )
        .header(
            reqwest::header::CONTENT_TYPE,
            "text/calendar; charset=utf-8",
        )
        .body(ics)
        .send()
        .map_err(|e| describe(&e))?;
    if !resp.status().is_success() {
        return Err(format!("PUT {url}: the server answered {}", resp.status()));
    }
    Ok(())
}

/// DELETEs the resource `{collection}/{name}.ics`; one that is already gone counts as deleted.
pub fn delete_event(http: &Http, at: Collection<'_>, name: &str) -> Result<(), String> {
    let url = event_url(at.url, name);
    let resp = at
        .auth(
            http.request(reqwest::Method::DELETE, &url)
                .map_err(|refused| refused.to_string())?,
        )
        .send()
        .map_err(|e| describe(&e))?;
    let s = resp.status();
    if !(s.is_success() || s == reqwest::StatusCode::NOT_FOUND || s == reqwest::StatusCode::GONE) {
        return Err(format!("DELETE {url}: the server answered {s}"));
    }
    Ok(())
}

/// The booking's resource in a calendar collection.
pub fn event_url(collection: &str, booking_id: &str) -> String {
    format!("{}/{booking_id}.ics", collection.trim_end_matches('/'))
}

/// The iCalendar documents of the events in `[from, to)` of a CalDAV calendar collection.
pub fn query(
    http: &Http,
    at: Collection<'_>,
    max_bytes: u64,
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
    let req = http
        .request(method, at.url)
        .map_err(|refused| refused.to_string())?
        .header("Depth", "1")
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/xml; charset=utf-8",
        )
        .body(body);
    let resp = at.auth(req).send().map_err(|e| describe(&e))?;
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
    let xml = read_capped(resp, max_bytes)?;
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
