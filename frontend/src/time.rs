//! Dates and time zones from the browser (no time-zone database in the bundle): the browser's
//! `Intl` knows every zone, and the API formats slot times in the zone asked for.

use chrono::{Datelike, Days, Months, NaiveDate};
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

/// Every IANA zone the browser knows (`Intl.supportedValuesOf('timeZone')`), plus `UTC` and
/// the browser's own zone, sorted; just those two where the browser cannot list zones.
pub fn supported_zones() -> Vec<String> {
    let mut zones: Vec<String> = intl("supportedValuesOf")
        .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok())
        .and_then(|f| {
            f.call1(&JsValue::UNDEFINED, &JsValue::from_str("timeZone"))
                .ok()
        })
        .filter(js_sys::Array::is_array)
        .map(|v| {
            js_sys::Array::from(&v)
                .iter()
                .filter_map(|z| z.as_string())
                .collect()
        })
        .unwrap_or_default();
    for extra in ["UTC".to_owned(), browser_zone()] {
        if !zones.contains(&extra) {
            zones.push(extra);
        }
    }
    zones.sort();
    zones
}

/// The zone of `zones` named `typed`, ignoring case and surrounding blanks (`europe/berlin` →
/// `Europe/Berlin`).
pub fn match_zone(zones: &[String], typed: &str) -> Option<String> {
    let typed = typed.trim();
    zones
        .iter()
        .find(|z| z.eq_ignore_ascii_case(typed))
        .cloned()
}

/// `Intl[name]`, if the browser has it.
fn intl(name: &str) -> Option<JsValue> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    js_sys::Reflect::get(&intl, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined())
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

/// The first day of `date`'s month.
pub fn month_start(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// The first day of the month `n` months after (or before, if negative) `month`'s.
pub fn add_months(month: NaiveDate, n: i32) -> NaiveDate {
    let month = month_start(month);
    let moved = if n >= 0 {
        month.checked_add_months(Months::new(n.unsigned_abs()))
    } else {
        month.checked_sub_months(Months::new(n.unsigned_abs()))
    };
    moved.unwrap_or(month)
}

/// The last day of `month`'s month.
pub fn month_end(month: NaiveDate) -> NaiveDate {
    add_months(month, 1).pred_opt().unwrap_or(month)
}

/// `December 2026`.
pub fn month_label(month: NaiveDate) -> String {
    month.format("%B %Y").to_string()
}

/// `date` as `YYYY-MM-DD`, the form `local_date` returns.
pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(date: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
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
    format_local(utc, None, SHORT)
}

/// A UTC instant in the browser's locale, in `zone` (an IANA name), with the zone's name, e.g.
/// `Tue, 1 Dec, 09:00 CET`. Falls back to the browser's zone if the browser does not know `zone`.
pub fn zoned(utc: &chrono::DateTime<chrono::Utc>, zone: &str) -> String {
    format_local(utc, Some(zone), ZONED)
}

/// The time of day of a UTC instant in `zone`, in the browser's locale, e.g. `10:02`.
pub fn clock(utc: &chrono::DateTime<chrono::Utc>, zone: &str) -> String {
    format_local(
        utc,
        Some(zone),
        &[("hour", "2-digit"), ("minute", "2-digit")],
    )
}

/// A short date in the browser's locale, e.g. `1 Dec 2026`.
pub fn short_date(utc: &chrono::DateTime<chrono::Utc>) -> String {
    format_local(
        utc,
        None,
        &[("day", "numeric"), ("month", "short"), ("year", "numeric")],
    )
}

const SHORT: &[(&str, &str)] = &[
    ("weekday", "short"),
    ("day", "numeric"),
    ("month", "short"),
    ("hour", "2-digit"),
    ("minute", "2-digit"),
];

const ZONED: &[(&str, &str)] = &[
    ("weekday", "short"),
    ("day", "numeric"),
    ("month", "short"),
    ("hour", "2-digit"),
    ("minute", "2-digit"),
    ("timeZoneName", "short"),
];

/// A UTC instant in full, in the browser's locale and zone, with the zone's name.
pub fn browser_local_long(utc: &chrono::DateTime<chrono::Utc>) -> String {
    format_local(
        utc,
        None,
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

/// Formats with `Intl.DateTimeFormat`, in `zone` when given. Built through `Reflect` so that a
/// zone the browser rejects (a `RangeError`) falls back to the browser's zone instead of
/// throwing through the wasm.
fn format_local(
    utc: &chrono::DateTime<chrono::Utc>,
    zone: Option<&str>,
    fields: &[(&str, &str)],
) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(utc.timestamp_millis() as f64));
    let options = js_sys::Object::new();
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    if let Some(zone) = zone {
        let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &JsValue::from_str(zone));
        let formatted = intl("DateTimeFormat")
            .and_then(|ctor| {
                let ctor: js_sys::Function = wasm_bindgen::JsCast::dyn_into(ctor).ok()?;
                let args = js_sys::Array::of2(&JsValue::UNDEFINED, &options);
                js_sys::Reflect::construct(&ctor, &args).ok()
            })
            .map(js_sys::Intl::DateTimeFormat::from)
            .and_then(|f| f.format().call1(&JsValue::UNDEFINED, &date).ok())
            .and_then(|text| text.as_string());
        if let Some(text) = formatted {
            return text;
        }
        let _ = js_sys::Reflect::delete_property(&options, &"timeZone".into());
    }
    String::from(date.to_locale_string("default", &options))
}

/// The instant a `datetime-local` input's value (`2026-12-01T09:00`) names in the browser's
/// zone; `None` when it is empty or no date and time.
pub fn from_local_input(value: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    if value.trim().is_empty() {
        return None;
    }
    // Without an offset, `Date` reads a date with a time as local time.
    let millis = js_sys::Date::new(&JsValue::from_str(value.trim())).get_time();
    if millis.is_nan() {
        return None;
    }
    chrono::DateTime::from_timestamp_millis(millis as i64)
}

/// Milliseconds since the Unix epoch on the browser's clock.
pub fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

const LONG_DAY: &[(&str, &str)] = &[
    ("weekday", "long"),
    ("day", "numeric"),
    ("month", "long"),
    ("year", "numeric"),
];

/// A meeting's span in `zone`, in the browser's locale, with the zone's name: the start in
/// full and the end's time, e.g. `Tuesday, 1 December 2026, 09:00 – 09:30 CET` (the end's
/// date too when it ends on another local day).
pub fn span_in(
    start: &chrono::DateTime<chrono::Utc>,
    end: &chrono::DateTime<chrono::Utc>,
    zone: &str,
) -> String {
    let with = |extra: &[(&'static str, &'static str)]| -> Vec<(&'static str, &'static str)> {
        LONG_DAY.iter().chain(extra).copied().collect()
    };
    let hm = [("hour", "2-digit"), ("minute", "2-digit")];
    let hm_zone = [
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("timeZoneName", "short"),
    ];
    let same_day =
        format_local(start, Some(zone), LONG_DAY) == format_local(end, Some(zone), LONG_DAY);
    let end_text = if same_day {
        format_local(end, Some(zone), &hm_zone)
    } else {
        format_local(end, Some(zone), &with(&hm_zone))
    };
    format!(
        "{} – {end_text}",
        format_local(start, Some(zone), &with(&hm))
    )
}

/// A UTC instant in full in `zone`, in the browser's locale, with the zone's name, e.g.
/// `Tuesday, 1 December 2026, 09:00 CET`.
pub fn long_in(utc: &chrono::DateTime<chrono::Utc>, zone: &str) -> String {
    let fields: Vec<(&str, &str)> = LONG_DAY
        .iter()
        .copied()
        .chain([
            ("hour", "2-digit"),
            ("minute", "2-digit"),
            ("timeZoneName", "short"),
        ])
        .collect();
    format_local(utc, Some(zone), &fields)
}

/// A UTC instant as `20261201T080000Z` (iCalendar's and Google Calendar's form; also the
/// booking page's `time=` step in the URL, where it needs no escaping).
pub fn compact_utc(utc: &chrono::DateTime<chrono::Utc>) -> String {
    utc.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Parses [`compact_utc`]'s form.
pub fn parse_compact_utc(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%SZ")
        .ok()
        .map(|t| t.and_utc())
}
