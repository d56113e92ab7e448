//! Dates, times and time zones, and every way the SPA writes them (no time-zone database in the
//! bundle: the browser's `Intl` knows every zone, and the API formats slot times in the zone
//! asked for).
//!
//! **One place for formats.** Every date or time a page shows is written by a function of this
//! module, with `Intl.DateTimeFormat` in [`format_locale`] and on the [`HourCycle`] the guest
//! chose (12 h or 24 h, remembered per browser, by default the one of the page's locale). So
//! the booking page, its confirmation and the manage page read alike, in the page's language
//! ([`crate::i18n`]): weekday and month names, patterns and clock are the locale's (CLDR).

use std::cell::RefCell;

use chrono::{Datelike, Days, Months, NaiveDate};
use leptos::prelude::{ArcRwSignal, Get, Set};
use wasm_bindgen::{JsCast, JsValue};

/// A 12-hour (`9:00 AM`) or 24-hour (`09:00`) clock.
#[derive(Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(Debug))]
pub enum HourCycle {
    H12,
    H24,
}

impl HourCycle {
    /// What the toggle says: `12 h`, `24 h`.
    pub fn label(self) -> &'static str {
        match self {
            HourCycle::H12 => "12 h",
            HourCycle::H24 => "24 h",
        }
    }

    /// The form kept in `localStorage`.
    fn stored(self) -> &'static str {
        match self {
            HourCycle::H12 => "12",
            HourCycle::H24 => "24",
        }
    }

    fn from_stored(text: &str) -> Option<Self> {
        match text {
            "12" => Some(HourCycle::H12),
            "24" => Some(HourCycle::H24),
            _ => None,
        }
    }
}

/// Where the chosen [`HourCycle`] is remembered (`localStorage`, per browser).
const HOUR_CYCLE_KEY: &str = "smartcal.hour-cycle";

thread_local! {
    /// The clock the guest chose; reactive, so switching it rewrites every time on the page.
    /// `None`: the clock of the page's locale.
    static HOUR_CYCLE: ArcRwSignal<Option<HourCycle>> = ArcRwSignal::new(
        crate::dom::storage_get(HOUR_CYCLE_KEY).and_then(|s| HourCycle::from_stored(&s)),
    );
    /// The last locale written and the tag [`format_locale`] chose for it.
    static FORMAT_LOCALE: RefCell<Option<(smartcal_i18n::Locale, String)>> =
        const { RefCell::new(None) };
    /// Built formatters by zone, fields and clock: building one costs far more than using it.
    /// (A list, not a map: a few dozen at most, and no hashing code in the bundle.)
    static FORMATTERS: RefCell<Vec<(String, js_sys::Intl::DateTimeFormat)>> =
        const { RefCell::new(Vec::new()) };
}

/// The clock in use (tracked: a view reading it is redrawn when it changes).
pub fn hour_cycle() -> HourCycle {
    HOUR_CYCLE
        .with(|c| c.get())
        .unwrap_or_else(locale_hour_cycle)
}

/// Switches the clock of every time shown and remembers the choice in this browser.
pub fn set_hour_cycle(cycle: HourCycle) {
    crate::dom::storage_set(HOUR_CYCLE_KEY, cycle.stored());
    HOUR_CYCLE.with(|c| c.set(Some(cycle)));
}

/// The browser's language, e.g. `en-US`, `de-DE` (`navigator.language`).
fn browser_language() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| "en-US".to_owned())
}

/// The clock of the page's locale: `en-US` 12 h, `en-GB`, `de`, `fr` 24 h.
fn locale_hour_cycle() -> HourCycle {
    let options = js_sys::Object::new();
    set(&options, "hour", "numeric");
    let twelve = new_format(&format_locale(), &options)
        .map(|f| f.resolved_options())
        .and_then(|o| js_sys::Reflect::get(&o, &"hour12".into()).ok())
        .and_then(|v| v.as_bool());
    match twelve {
        Some(true) => HourCycle::H12,
        _ => HourCycle::H24,
    }
}

/// The locale dates and times are written in (tracked): the page's locale, with the browser's
/// region where the page's has none and the browser knows the language there (English in a
/// `de-DE` browser is `en-DE`: `Tuesday, 1 December 2026`). The same tag goes with a booking as
/// its `guest_locale`, so the guest's emails read as the page did.
pub fn format_locale() -> String {
    format_locale_of(crate::i18n::locale())
}

/// [`format_locale`], read once (not tracked): what a booking sends as its `guest_locale`.
pub fn format_locale_untracked() -> String {
    format_locale_of(crate::i18n::locale_untracked())
}

fn format_locale_of(locale: smartcal_i18n::Locale) -> String {
    if let Some(found) = FORMAT_LOCALE.with(|f| {
        f.borrow()
            .as_ref()
            .filter(|(l, _)| *l == locale)
            .map(|(_, tag)| tag.clone())
    }) {
        return found;
    }
    let chosen = choose_format_locale(locale);
    FORMAT_LOCALE.with(|f| *f.borrow_mut() = Some((locale, chosen.clone())));
    chosen
}

fn choose_format_locale(locale: smartcal_i18n::Locale) -> String {
    let tag = locale.to_string();
    if tag.contains('-') {
        return tag;
    }
    let region = browser_language()
        .split(['-', '_'])
        .skip(1)
        .find(|part| part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase);
    if let Some(region) = region {
        let wanted = format!("{tag}-{region}");
        let resolved = new_format(&wanted, &js_sys::Object::new())
            .map(|f| f.resolved_options())
            .and_then(|o| js_sys::Reflect::get(&o, &"locale".into()).ok())
            .and_then(|v| v.as_string());
        if resolved.as_deref() == Some(wanted.as_str()) {
            return wanted;
        }
    }
    tag
}

/// The browser's IANA time zone, e.g. `Europe/Berlin` (`UTC` if it cannot be read).
pub fn browser_zone() -> String {
    new_format("en", &js_sys::Object::new())
        .and_then(|f| js_sys::Reflect::get(&f.resolved_options(), &"timeZone".into()).ok())
        .and_then(|v| v.as_string())
        .filter(|z| !z.is_empty())
        .unwrap_or_else(|| "UTC".to_owned())
}

/// Every IANA zone the browser knows (`Intl.supportedValuesOf('timeZone')`), plus `UTC` and
/// the browser's own zone, sorted; just those two where the browser cannot list zones.
pub fn supported_zones() -> Vec<String> {
    let mut zones: Vec<String> = intl("supportedValuesOf")
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
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

/// Whether the browser can write times in `zone` (an IANA name such as `CET` it does not list).
pub fn known_zone(zone: &str) -> bool {
    formatter("en-US", Some(zone), &[], HourCycle::H24).is_some()
}

/// Every country (region) the browser can name, as `(name, region code)`, in the page's
/// language and in English (`("Deutschland", "DE")`, `("Germany", "DE")`), from
/// `Intl.DisplayNames`; empty where the browser has none. Their zones come from
/// [`region_zones`], asked only for the countries a search finds.
pub fn country_names() -> Vec<(String, String)> {
    let Some(names_ctor) = intl("DisplayNames").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return Vec::new();
    };
    let options = js_sys::Object::new();
    set(&options, "type", "region");
    set(&options, "fallback", "none");
    let page = format_locale_untracked();
    let mut found: Vec<(String, String)> = Vec::new();
    for language in [page.as_str(), "en"] {
        let Ok(names) = js_sys::Reflect::construct(
            &names_ctor,
            &js_sys::Array::of2(&JsValue::from_str(language), &options),
        ) else {
            continue;
        };
        let Some(of) = js_sys::Reflect::get(&names, &"of".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        else {
            continue;
        };
        for a in b'A'..=b'Z' {
            for b in b'A'..=b'Z' {
                let code = format!("{}{}", a as char, b as char);
                if let Some(name) = of
                    .call1(&names, &JsValue::from_str(&code))
                    .ok()
                    .and_then(|n| n.as_string())
                {
                    if !found.iter().any(|(n, c)| *n == name && *c == code) {
                        found.push((name, code));
                    }
                }
            }
        }
    }
    found
}

/// The zones of the region `code` (`DE` → `Europe/Berlin`, `Europe/Busingen`), from
/// `Intl.Locale`; empty where the browser does not say.
pub fn region_zones(code: &str) -> Vec<String> {
    let Some(locale_ctor) = intl("Locale").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return Vec::new();
    };
    let Ok(locale) = js_sys::Reflect::construct(
        &locale_ctor,
        &js_sys::Array::of1(&JsValue::from_str(&format!("und-{code}"))),
    ) else {
        return Vec::new();
    };
    // `getTimeZones()` (newer browsers) or the older `timeZones` getter.
    js_sys::Reflect::get(&locale, &"getTimeZones".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(&locale).ok())
        .or_else(|| js_sys::Reflect::get(&locale, &"timeZones".into()).ok())
        .filter(js_sys::Array::is_array)
        .map(|v| {
            js_sys::Array::from(&v)
                .iter()
                .filter_map(|z| z.as_string())
                .collect()
        })
        .unwrap_or_default()
}

/// `Intl[name]`, if the browser has it.
fn intl(name: &str) -> Option<JsValue> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    js_sys::Reflect::get(&intl, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined())
}

fn set(options: &js_sys::Object, key: &str, value: &str) {
    let _ = js_sys::Reflect::set(options, &JsValue::from_str(key), &JsValue::from_str(value));
}

/// `new Intl.DateTimeFormat(locale, options)`, or `None` where the browser refuses them (a
/// `RangeError` for a zone it does not know, caught here instead of thrown through the wasm).
fn new_format(locale: &str, options: &js_sys::Object) -> Option<js_sys::Intl::DateTimeFormat> {
    let ctor: js_sys::Function = intl("DateTimeFormat")?.dyn_into().ok()?;
    let args = js_sys::Array::of2(&JsValue::from_str(locale), options);
    js_sys::Reflect::construct(&ctor, &args)
        .ok()
        .map(js_sys::Intl::DateTimeFormat::from)
}

/// How the hour is written: `9:00 AM` on a 12-hour clock, `09:00` on a 24-hour one.
const HOUR: &str = "hour";

/// The formatter for `fields` in `zone` (the browser's zone for `None`) on the current clock;
/// `None` if the browser does not know `zone`.
fn formatter(
    locale: &str,
    zone: Option<&str>,
    fields: &[(&str, &str)],
    cycle: HourCycle,
) -> Option<js_sys::Intl::DateTimeFormat> {
    let mut key = format!("{locale}|{}|{}", zone.unwrap_or(""), cycle.stored());
    for (k, v) in fields {
        key.push_str(&format!("|{k}={v}"));
    }
    if let Some(found) = FORMATTERS.with(|m| {
        m.borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, f)| f.clone())
    }) {
        return Some(found);
    }
    let options = js_sys::Object::new();
    for (k, v) in fields {
        // `HOUR` alone: the clock's own digits (`9` on 12 h, `09` on 24 h).
        let v = match (*k, *v, cycle) {
            (HOUR, "", HourCycle::H12) => "numeric",
            (HOUR, "", HourCycle::H24) => "2-digit",
            _ => v,
        };
        set(&options, k, v);
    }
    if fields.iter().any(|(k, _)| *k == HOUR) {
        let _ = js_sys::Reflect::set(
            &options,
            &"hour12".into(),
            &JsValue::from_bool(cycle == HourCycle::H12),
        );
    }
    if let Some(zone) = zone {
        set(&options, "timeZone", zone);
    }
    let made = new_format(locale, &options)?;
    FORMATTERS.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() > 100 {
            m.clear();
        }
        m.push((key, made.clone()));
    });
    Some(made)
}

/// Formats the instant `millis` with `fields` in `zone` (the browser's zone if the browser does
/// not know `zone`) on the current clock (tracked).
fn format_millis(millis: f64, zone: Option<&str>, fields: &[(&str, &str)]) -> String {
    let cycle = hour_cycle();
    let date = js_sys::Date::new(&JsValue::from_f64(millis));
    let locale = format_locale();
    formatter(&locale, zone, fields, cycle)
        .or_else(|| formatter(&locale, None, fields, cycle))
        .and_then(|f| f.format().call1(&JsValue::UNDEFINED, &date).ok())
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

fn format_local(
    utc: &chrono::DateTime<chrono::Utc>,
    zone: Option<&str>,
    fields: &[(&str, &str)],
) -> String {
    format_millis(utc.timestamp_millis() as f64, zone, fields)
}

/// Formats a wall-clock time (a day and time with no zone, such as a slot's local start) as
/// it reads: written as that instant in UTC, so the browser's zone data plays no part.
fn format_wall(local: chrono::NaiveDateTime, fields: &[(&str, &str)]) -> String {
    format_millis(
        local.and_utc().timestamp_millis() as f64,
        Some("UTC"),
        fields,
    )
}

/// `(type, value)` pairs of `formatToParts`.
struct Parts(Vec<(String, String)>);

impl Parts {
    fn get(&self, kind: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == kind)
            .map(|(_, v)| v.as_str())
    }
}

/// The parts (`year`, `month`, …) of the instant `millis` in `zone`, from `formatToParts`.
fn parts(millis: f64, zone: &str, fields: &[(&str, &str)]) -> Option<Parts> {
    // Always en-US: the parts are read as numbers and `GMT±hh:mm`, whatever the page's language.
    let format = formatter("en-US", Some(zone), fields, HourCycle::H24)?;
    let list = format.format_to_parts(&js_sys::Date::new(&JsValue::from_f64(millis)));
    Some(Parts(
        list.iter()
            .filter_map(|part| {
                let kind = js_sys::Reflect::get(&part, &"type".into())
                    .ok()?
                    .as_string()?;
                let value = js_sys::Reflect::get(&part, &"value".into())
                    .ok()?
                    .as_string()?;
                Some((kind, value))
            })
            .collect(),
    ))
}

/// Today's date in `zone` (the browser's today where the browser does not know `zone`): the
/// booking calendar's "today" is the chosen zone's, which may be a day ahead or behind.
pub fn today_in(zone: &str) -> NaiveDate {
    let fields = [
        ("year", "numeric"),
        ("month", "numeric"),
        ("day", "numeric"),
    ];
    let found = parts(js_sys::Date::now(), zone, &fields).and_then(|p| {
        NaiveDate::from_ymd_opt(
            p.get("year")?.parse().ok()?,
            p.get("month")?.parse().ok()?,
            p.get("day")?.parse().ok()?,
        )
    });
    found.unwrap_or_else(|| {
        let now = js_sys::Date::new_0();
        NaiveDate::from_ymd_opt(
            now.get_full_year() as i32,
            now.get_month() + 1,
            now.get_date(),
        )
        .unwrap_or_default()
    })
}

/// `zone`'s offset from UTC right now, e.g. `UTC−08:00`, `UTC+05:30`, `UTC+00:00`.
pub fn utc_offset(zone: &str) -> String {
    let name = parts(js_sys::Date::now(), zone, &[("timeZoneName", "longOffset")])
        .and_then(|p| p.get("timeZoneName").map(str::to_owned))
        .unwrap_or_default();
    offset_label(&name)
}

/// `GMT-08:00` (`Intl`'s long offset) as `UTC−08:00` (with a real minus sign); `GMT` as
/// `UTC+00:00`.
fn offset_label(gmt: &str) -> String {
    let rest = gmt
        .trim()
        .trim_start_matches("GMT")
        .trim_start_matches("UTC");
    if rest.is_empty() {
        return "UTC+00:00".to_owned();
    }
    format!("UTC{}", rest.replace('-', "−"))
}

/// The time of day in `zone` right now, on the guest's clock, e.g. `9:41 AM` or `09:41`.
pub fn now_in(zone: &str) -> String {
    format_millis(
        js_sys::Date::now(),
        Some(zone),
        &[(HOUR, ""), ("minute", "2-digit")],
    )
}

/// The zone `typed` names exactly, ignoring case and blanks (`europe/berlin` →
/// `Europe/Berlin`), among `zones`.
pub fn match_zone(zones: &[String], typed: &str) -> Option<String> {
    let typed = typed.trim();
    zones
        .iter()
        .find(|z| z.eq_ignore_ascii_case(typed))
        .cloned()
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

/// Noon of `date`: a wall time on that day whatever the zone.
fn noon(date: NaiveDate) -> chrono::NaiveDateTime {
    date.and_hms_opt(12, 0, 0).unwrap_or_default()
}

/// `December 2026`.
pub fn month_label(month: NaiveDate) -> String {
    format_wall(noon(month), &[("month", "long"), ("year", "numeric")])
}

/// A weekday's name in the page's locale (tracked), `from_monday` 0 for Monday: `width` as
/// Intl's `weekday` option, `long` (`Monday`), `short` (`Mon`) or `narrow` (`M`).
pub fn weekday_name(from_monday: u32, width: &str) -> String {
    // 5 January 2026 is a Monday.
    let monday = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default();
    let day = monday
        .checked_add_days(Days::new(from_monday.into()))
        .unwrap_or(monday);
    format_wall(noon(day), &[("weekday", width)])
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

/// The wall time of an RFC 3339 local time (`2026-12-01T09:00:00-05:00` → 1 December, 09:00).
fn parse_wall(local_start: &str) -> Option<chrono::NaiveDateTime> {
    chrono::NaiveDateTime::parse_from_str(local_start.get(..19)?, "%Y-%m-%dT%H:%M:%S").ok()
}

const LONG_DAY: &[(&str, &str)] = &[
    ("weekday", "long"),
    ("day", "numeric"),
    ("month", "long"),
    ("year", "numeric"),
];

/// A day heading such as `Tuesday, December 1, 2026` (`Tuesday 1 December 2026` in `en-GB`).
pub fn day_label(date: &str) -> String {
    match parse_date(date) {
        Some(d) => format_wall(noon(d), LONG_DAY),
        None => date.to_owned(),
    }
}

/// A time's clock reading from its RFC 3339 local form (a slot's `local_start`), on the
/// guest's clock: `9:00 AM`, `09:00`.
pub fn wall_time(local_start: &str) -> String {
    match parse_wall(local_start) {
        Some(t) => format_wall(t, &[(HOUR, ""), ("minute", "2-digit")]),
        None => local_start.to_owned(),
    }
}

/// A time's day and clock reading from its RFC 3339 local form, e.g. `Tuesday, December 1,
/// 2026 at 9:00 AM`.
pub fn wall_long(local_start: &str) -> String {
    let fields: Vec<(&str, &str)> = LONG_DAY
        .iter()
        .copied()
        .chain([(HOUR, ""), ("minute", "2-digit")])
        .collect();
    match parse_wall(local_start) {
        Some(t) => format_wall(t, &fields),
        None => local_start.to_owned(),
    }
}

/// A UTC instant in the browser's zone, e.g. `Tue, 1 Dec, 09:00`.
pub fn browser_local(utc: &chrono::DateTime<chrono::Utc>) -> String {
    format_local(utc, None, SHORT)
}

/// A UTC instant in `zone` (an IANA name), with the zone's name, e.g. `Tue, 1 Dec, 09:00 CET`.
/// Falls back to the browser's zone if the browser does not know `zone`.
pub fn zoned(utc: &chrono::DateTime<chrono::Utc>, zone: &str) -> String {
    format_local(utc, Some(zone), ZONED)
}

/// The time of day of a UTC instant in `zone`, e.g. `10:02`.
pub fn clock(utc: &chrono::DateTime<chrono::Utc>, zone: &str) -> String {
    format_local(
        utc,
        Some(zone),
        &[("hour", "2-digit"), ("minute", "2-digit")],
    )
}

/// A short date, e.g. `1 Dec 2026`.
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

/// A meeting's span in `zone`, with the zone's name: the start in full and the end's time, e.g.
/// `Tuesday, December 1, 2026 at 9:00 AM – 9:30 AM EST` (the end's date too when it ends on
/// another local day).
pub fn span_in(
    start: &chrono::DateTime<chrono::Utc>,
    end: &chrono::DateTime<chrono::Utc>,
    zone: &str,
) -> String {
    let with = |extra: &[(&'static str, &'static str)]| -> Vec<(&'static str, &'static str)> {
        LONG_DAY.iter().chain(extra).copied().collect()
    };
    let hm = [(HOUR, ""), ("minute", "2-digit")];
    let hm_zone = [(HOUR, ""), ("minute", "2-digit"), ("timeZoneName", "short")];
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

/// A UTC instant in full in `zone`, with the zone's name, e.g. `Tuesday, December 1, 2026 at
/// 9:00 AM EST`.
pub fn long_in(utc: &chrono::DateTime<chrono::Utc>, zone: &str) -> String {
    let fields: Vec<(&str, &str)> = LONG_DAY
        .iter()
        .copied()
        .chain([(HOUR, ""), ("minute", "2-digit"), ("timeZoneName", "short")])
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_read_as_utc_with_a_minus_sign() {
        assert_eq!(offset_label("GMT-08:00"), "UTC−08:00");
        assert_eq!(offset_label("GMT+05:30"), "UTC+05:30");
        assert_eq!(offset_label("GMT"), "UTC+00:00");
    }

    #[test]
    fn a_local_start_is_read_as_its_wall_time() {
        let t = parse_wall("2026-12-01T09:30:00-05:00").unwrap();
        assert_eq!(t.format("%Y-%m-%d %H:%M").to_string(), "2026-12-01 09:30");
        assert_eq!(parse_wall("nonsense"), None);
    }

    #[test]
    fn the_clock_is_stored_as_12_or_24() {
        for c in [HourCycle::H12, HourCycle::H24] {
            assert_eq!(HourCycle::from_stored(c.stored()), Some(c));
        }
        assert_eq!(HourCycle::from_stored("13"), None);
    }
}
