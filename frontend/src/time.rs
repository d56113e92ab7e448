//! Dates and time zones from the browser (no time-zone database in the bundle).

use chrono::{Days, NaiveDate};
use wasm_bindgen::JsValue;

/// The browser's IANA time zone, e.g. `Europe/Berlin` (`UTC` if it cannot be read).
pub fn browser_zone() -> String {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    js_sys::Reflect::get(&format.resolved_options(), &JsValue::from_str("timeZone"))
        .ok()
        .and_then(|v| v.as_string())
        .filter(|z| !z.is_empty())
        .unwrap_or_else(|| "UTC".to_owned())
}

/// Today's date on the browser's clock.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

/// `date` plus `days`.
pub fn add_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).unwrap_or(date)
}

/// The date part of an RFC 3339 local time, e.g. `2026-12-01`.
pub fn local_date(local_start: &str) -> &str {
    local_start.get(..10).unwrap_or(local_start)
}

/// The `HH:MM` part of an RFC 3339 local time.
pub fn local_hm(local_start: &str) -> &str {
    local_start.get(11..16).unwrap_or(local_start)
}

/// A day heading such as `Tuesday, 1 December 2026`.
pub fn day_label(date: &str) -> String {
    match NaiveDate::parse_from_str(date, "%Y-%m-%d") {
        Ok(d) => d.format("%A, %-d %B %Y").to_string(),
        Err(_) => date.to_owned(),
    }
}

/// A UTC instant shown in the browser's locale and zone, e.g. `Tue, 1 Dec, 09:00`.
pub fn browser_local(utc: &chrono::DateTime<chrono::Utc>) -> String {
    format_local(
        utc,
        &[
            ("weekday", "short"),
            ("day", "numeric"),
            ("month", "short"),
            ("hour", "2-digit"),
            ("minute", "2-digit"),
        ],
    )
}

/// A UTC instant in full, in the browser's locale and zone, with the zone's name.
pub fn browser_local_long(utc: &chrono::DateTime<chrono::Utc>) -> String {
    format_local(
        utc,
        &[
            ("weekday", "long"),
            ("day", "numeric"),
            ("month", "long"),
            ("year", "numeric"),
            ("hour", "2-digit"),
            ("minute", "2-digit"),
            ("timeZoneName", "short"),
        ],
    )
}

fn format_local(utc: &chrono::DateTime<chrono::Utc>, fields: &[(&str, &str)]) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(&utc.to_rfc3339()));
    let options = js_sys::Object::new();
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    String::from(date.to_locale_string("default", &options))
}

/// Milliseconds since the Unix epoch on the browser's clock.
pub fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}
