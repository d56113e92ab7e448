//! Busy times from a host's own calendar: an iCalendar feed (RFC 5545) turned into the UTC
//! intervals in which the host is not free.
//!
//! Parsed with `icalendar`'s parser; recurrences expanded with `rrule`. What counts:
//! - every VEVENT that is not `TRANSP:TRANSPARENT` (free time) nor `STATUS:CANCELLED`;
//! - RRULE (UNTIL applied here, so DATE and zoned UNTIL values both work), RDATE, EXDATE;
//! - overrides (`RECURRENCE-ID`): the override replaces its occurrence; a cancelled or
//!   transparent override just removes it;
//! - all-day events (DATE values) block the whole local day(s) in the host's zone;
//! - DATE-TIME values in UTC (`Z`), floating (read in the host's zone) or with a TZID: an IANA
//!   name (also as the tail of a vendor path like `/mozilla.org/…/Europe/Berlin`), the
//!   VTIMEZONE's `X-LIC-LOCATION`, a common Windows/Outlook name, or else the IANA zone whose
//!   offsets equal those the feed's VTIMEZONE rules give over the coming year; a TZID none of
//!   these resolve falls back to the host's zone.
//!
//! Events SmartCal wrote itself (UID `{booking_id}@smartcal`, see [`crate::ics`]) are skipped:
//! those bookings are already busy time, and a stale copy must not block a freed slot.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::parser::{read_calendar, unfold, Component, Property};

/// Occurrences expanded per recurring event at most (a daily event over a year is 366).
const MAX_OCCURRENCES: u16 = 5000;

/// A span of time in which the host is busy: `[start, end)` in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BusyInterval {
    /// Start (inclusive).
    pub start: DateTime<Utc>,
    /// End (exclusive).
    pub end: DateTime<Utc>,
}

/// Why a feed could not be read at all (single broken events are skipped, not errors).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// Not iCalendar text.
    #[error("not an iCalendar feed: {0}")]
    Syntax(String),
}

/// The busy intervals of an iCalendar document that overlap `[from, to)`, sorted, without
/// duplicates. `host_tz` places all-day events and floating times.
pub fn busy_intervals(
    ics: &str,
    host_tz: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<BusyInterval>, FeedError> {
    let text = ics.trim_start_matches('\u{feff}');
    if !text.trim_start().starts_with("BEGIN:VCALENDAR") {
        return Err(FeedError::Syntax(
            "the document does not start with BEGIN:VCALENDAR".into(),
        ));
    }
    let unfolded = unfold(text);
    let calendar = read_calendar(&unfolded)
        .map_err(|e| FeedError::Syntax(e.lines().take(3).collect::<Vec<_>>().join(" ")))?;
    let zones = Zones::new(&calendar.components, host_tz, from);

    // Overrides first: which occurrences of which UID they replace.
    let mut overridden: HashMap<String, HashSet<OccurrenceKey>> = HashMap::new();
    let mut out = Vec::new();
    let events: Vec<&Component> = calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    for ev in &events {
        let Some(rid) = ev.find_prop("RECURRENCE-ID") else {
            continue;
        };
        let uid = prop_value(ev, "UID").unwrap_or_default();
        if let Some(when) = zones.when(rid) {
            overridden.entry(uid).or_default().insert(when.key());
        }
    }
    for ev in events {
        let uid = prop_value(ev, "UID").unwrap_or_default();
        if uid.ends_with("@smartcal") || !blocks_time(ev) {
            continue;
        }
        let Some(start) = ev.find_prop("DTSTART").and_then(|p| zones.when(p)) else {
            continue;
        };
        let length = event_length(ev, &zones, &start);
        if length <= Duration::zero() {
            continue;
        }
        let is_override = ev.find_prop("RECURRENCE-ID").is_some();
        let starts = if is_override || ev.find_prop("RRULE").is_none() {
            let mut s = vec![start];
            s.extend(rdates(ev, &zones));
            s
        } else {
            expand(ev, &zones, &start, length, (from, to))
        };
        let skip = if is_override {
            HashSet::new()
        } else {
            let mut skip = exdates(ev, &zones);
            if let Some(o) = overridden.get(&uid) {
                skip.extend(o.iter().copied());
            }
            skip
        };
        for occ in starts {
            if skip.contains(&occ.key()) {
                continue;
            }
            let (s, e) = occ.span(length, host_tz);
            if s < to && e > from {
                out.push(BusyInterval { start: s, end: e });
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// Whether an event takes time: not free (`TRANSP:TRANSPARENT`), not cancelled.
fn blocks_time(ev: &Component) -> bool {
    let transparent =
        prop_value(ev, "TRANSP").is_some_and(|t| t.eq_ignore_ascii_case("TRANSPARENT"));
    let cancelled = prop_value(ev, "STATUS").is_some_and(|s| s.eq_ignore_ascii_case("CANCELLED"));
    !transparent && !cancelled
}

fn prop_value(c: &Component, name: &str) -> Option<String> {
    c.find_prop(name).map(|p| p.val.as_str().trim().to_owned())
}

fn param<'a>(p: &'a Property, key: &str) -> Option<&'a str> {
    p.params
        .iter()
        .find(|x| x.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|x| x.val.as_ref())
        .map(|v| v.as_str().trim_matches('"'))
}

/// A DTSTART-like value: a whole day, or a local date-time in a zone (UTC included).
#[derive(Debug, Clone, Copy, PartialEq)]
enum When {
    Date(NaiveDate),
    At(DateTime<Tz>),
}

/// How overrides and EXDATEs name an occurrence: its original day or instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum OccurrenceKey {
    Date(NaiveDate),
    Instant(i64),
}

impl When {
    /// The instant it names (a date: its midnight UTC, the frame all-day rules run in).
    fn instant(&self) -> DateTime<Utc> {
        match self {
            When::Date(d) => Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN)),
            When::At(t) => t.with_timezone(&Utc),
        }
    }

    fn key(&self) -> OccurrenceKey {
        match self {
            When::Date(d) => OccurrenceKey::Date(*d),
            When::At(t) => OccurrenceKey::Instant(t.timestamp()),
        }
    }

    /// The busy span of an occurrence starting here and lasting `length` (all-day events: whole
    /// local days of the host).
    fn span(&self, length: Duration, host_tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        match self {
            When::Date(d) => {
                let days = (length.num_seconds() + 86_399) / 86_400;
                let end = *d + Duration::days(days.max(1));
                (local_midnight(*d, host_tz), local_midnight(end, host_tz))
            }
            When::At(t) => {
                let s = t.with_timezone(&Utc);
                (s, s + length)
            }
        }
    }
}

/// The first instant of a local day (a day starting in a DST gap starts when the gap ends).
fn local_midnight(d: NaiveDate, tz: Tz) -> DateTime<Utc> {
    local_instant(d.and_time(NaiveTime::MIN), tz).with_timezone(&Utc)
}

/// A wall-clock time in a zone: the earlier of two in a fold, shifted past a gap.
fn local_instant(t: NaiveDateTime, tz: Tz) -> DateTime<Tz> {
    let mut probe = t;
    for _ in 0..4 {
        if let Some(x) = tz.from_local_datetime(&probe).earliest() {
            return x;
        }
        probe += Duration::minutes(30);
    }
    Utc.from_utc_datetime(&t).with_timezone(&tz)
}

/// Resolves TZIDs: IANA names, vendor paths, VTIMEZONE `X-LIC-LOCATION`, Windows names.
struct Zones {
    host: Tz,
    known: HashMap<String, Tz>,
}

impl Zones {
    fn new(components: &[Component], host: Tz, from: DateTime<Utc>) -> Zones {
        let mut known = HashMap::new();
        for vtz in components.iter().filter(|c| c.name == "VTIMEZONE") {
            let Some(id) = prop_value(vtz, "TZID") else {
                continue;
            };
            if let Some(tz) = prop_value(vtz, "X-LIC-LOCATION").and_then(|l| iana(&l)) {
                known.insert(id, tz);
            } else if named_zone(&id).is_none() {
                // A zone only its VTIMEZONE describes: the IANA zone with the same offsets.
                if let Some(tz) = match_vtimezone(vtz, host, from) {
                    known.insert(id, tz);
                }
            }
        }
        Zones { host, known }
    }

    fn zone(&self, tzid: &str) -> Tz {
        let id = tzid.trim();
        iana(id)
            .or_else(|| self.known.get(id).copied())
            .or_else(|| named_zone(id))
            .unwrap_or(self.host)
    }

    /// The value of a date or date-time property (first value of a list).
    fn when(&self, p: &Property) -> Option<When> {
        let raw = p.val.as_str().split(',').next()?.trim();
        self.parse(raw, param(p, "TZID"), param(p, "VALUE"))
    }

    /// Every value of a (possibly repeated, comma-separated) list property such as EXDATE.
    fn all(&self, ev: &Component, name: &str) -> Vec<When> {
        ev.properties
            .iter()
            .filter(|p| p.name.as_str().eq_ignore_ascii_case(name))
            .flat_map(|p| {
                p.val
                    .as_str()
                    .split(',')
                    .filter_map(|raw| self.parse(raw.trim(), param(p, "TZID"), param(p, "VALUE")))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    fn parse(&self, raw: &str, tzid: Option<&str>, value: Option<&str>) -> Option<When> {
        let is_date = value.is_some_and(|v| v.eq_ignore_ascii_case("DATE")) || raw.len() == 8;
        if is_date {
            return NaiveDate::parse_from_str(raw, "%Y%m%d")
                .ok()
                .map(When::Date);
        }
        if let Some(utc) = raw.strip_suffix('Z') {
            let t = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?;
            return Some(When::At(Utc.from_utc_datetime(&t).with_timezone(&Tz::UTC)));
        }
        let t = NaiveDateTime::parse_from_str(raw, "%Y%m%dT%H%M%S").ok()?;
        let tz = tzid.map_or(self.host, |id| self.zone(id));
        Some(When::At(local_instant(t, tz)))
    }
}

/// A TZID that names its zone: IANA, Windows, or an IANA name at the end of a vendor path
/// ("/mozilla.org/20050126_1/Europe/Berlin").
fn named_zone(id: &str) -> Option<Tz> {
    iana(id).or_else(|| windows_zone(id)).or_else(|| {
        let parts: Vec<&str> = id.split('/').filter(|s| !s.is_empty()).collect();
        (1..parts.len())
            .rev()
            .find_map(|n| iana(&parts[parts.len() - n..].join("/")))
    })
}

/// The IANA zone whose UTC offsets equal a VTIMEZONE's on every day of the year from `from`
/// (the host's zone preferred), found by evaluating the VTIMEZONE's STANDARD/DAYLIGHT
/// observances (DTSTART, RRULE, TZOFFSETFROM/TO).
fn match_vtimezone(vtz: &Component, host: Tz, from: DateTime<Utc>) -> Option<Tz> {
    let end = from + Duration::days(366);
    // Every onset (UTC) with the offset from then on, sorted.
    let mut onsets: Vec<(DateTime<Utc>, i32)> = Vec::new();
    for obs in vtz
        .components
        .iter()
        .filter(|c| c.name == "STANDARD" || c.name == "DAYLIGHT")
    {
        let to = prop_value(obs, "TZOFFSETTO").and_then(|v| parse_offset(&v))?;
        let before = prop_value(obs, "TZOFFSETFROM").and_then(|v| parse_offset(&v))?;
        let start = prop_value(obs, "DTSTART")
            .and_then(|v| NaiveDateTime::parse_from_str(&v, "%Y%m%dT%H%M%S").ok())?;
        let mut locals = vec![start];
        if let Some(rule) = prop_value(obs, "RRULE") {
            let mut until = None;
            let parts: Vec<&str> = rule
                .split(';')
                .filter(|p| match p.split_once('=') {
                    Some((k, v)) if k.eq_ignore_ascii_case("UNTIL") => {
                        until =
                            NaiveDateTime::parse_from_str(v.trim_end_matches('Z'), "%Y%m%dT%H%M%S")
                                .ok()
                                .or_else(|| {
                                    NaiveDate::parse_from_str(v, "%Y%m%d")
                                        .ok()
                                        .map(|d| d.and_time(NaiveTime::MIN))
                                });
                        false
                    }
                    _ => true,
                })
                .collect();
            let floating = rrule::Tz::Tz(Tz::UTC);
            let dtstart = Utc.from_utc_datetime(&start).with_timezone(&floating);
            let limit = until.map_or(end.naive_utc(), |u| u.min(end.naive_utc()));
            if let Ok(set) = parts
                .join(";")
                .parse::<rrule::RRule<rrule::Unvalidated>>()
                .and_then(|r| r.build(dtstart))
            {
                let result = set
                    .before(Utc.from_utc_datetime(&limit).with_timezone(&floating))
                    .all(MAX_OCCURRENCES);
                locals = result.dates.iter().map(|d| d.naive_utc()).collect();
            }
        }
        for l in locals {
            onsets.push((
                Utc.from_utc_datetime(&(l - Duration::seconds(before.into()))),
                to,
            ));
        }
    }
    if onsets.is_empty() {
        return None;
    }
    onsets.sort_unstable();
    let offset_at = |t: DateTime<Utc>| {
        let i = onsets.partition_point(|(u, _)| *u <= t);
        onsets[i.saturating_sub(1)].1
    };
    let probes: Vec<(DateTime<Utc>, i32)> = (0..366)
        .map(|d| {
            let t = from + Duration::days(d);
            (t, offset_at(t))
        })
        .collect();
    let fits = |tz: &Tz| {
        probes.iter().all(|(t, off)| {
            use chrono::Offset;
            tz.offset_from_utc_datetime(&t.naive_utc())
                .fix()
                .local_minus_utc()
                == *off
        })
    };
    std::iter::once(host)
        .chain(chrono_tz::TZ_VARIANTS.iter().copied())
        .find(|tz| fits(tz))
}

/// A UTC offset such as `+0100`, `-0430`, `+053000`, in seconds.
fn parse_offset(v: &str) -> Option<i32> {
    let v = v.trim();
    let (sign, digits) = match v.as_bytes().first()? {
        b'+' => (1, &v[1..]),
        b'-' => (-1, &v[1..]),
        _ => return None,
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[0..2].parse().ok()?;
    let m: i32 = digits[2..4].parse().ok()?;
    let s: i32 = if digits.len() == 6 {
        digits[4..6].parse().ok()?
    } else {
        0
    };
    Some(sign * (h * 3600 + m * 60 + s))
}

fn iana(name: &str) -> Option<Tz> {
    name.trim().parse::<Tz>().ok()
}

/// The common Windows (Outlook/Exchange) zone names, mapped to their CLDR primary IANA zone.
fn windows_zone(name: &str) -> Option<Tz> {
    let iana_name = match name {
        "UTC" | "Coordinated Universal Time" => "UTC",
        "GMT Standard Time" => "Europe/London",
        "Greenwich Standard Time" => "Atlantic/Reykjavik",
        "W. Europe Standard Time" => "Europe/Berlin",
        "Romance Standard Time" => "Europe/Paris",
        "Central Europe Standard Time" => "Europe/Budapest",
        "Central European Standard Time" => "Europe/Warsaw",
        "E. Europe Standard Time" => "Europe/Chisinau",
        "FLE Standard Time" => "Europe/Kiev",
        "GTB Standard Time" => "Europe/Bucharest",
        "Russian Standard Time" => "Europe/Moscow",
        "Turkey Standard Time" => "Europe/Istanbul",
        "Israel Standard Time" => "Asia/Jerusalem",
        "South Africa Standard Time" => "Africa/Johannesburg",
        "Arabian Standard Time" => "Asia/Dubai",
        "India Standard Time" => "Asia/Kolkata",
        "China Standard Time" => "Asia/Shanghai",
        "Singapore Standard Time" => "Asia/Singapore",
        "Tokyo Standard Time" => "Asia/Tokyo",
        "Korea Standard Time" => "Asia/Seoul",
        "AUS Eastern Standard Time" => "Australia/Sydney",
        "New Zealand Standard Time" => "Pacific/Auckland",
        "Eastern Standard Time" => "America/New_York",
        "Central Standard Time" => "America/Chicago",
        "Mountain Standard Time" => "America/Denver",
        "US Mountain Standard Time" => "America/Phoenix",
        "Pacific Standard Time" => "America/Los_Angeles",
        "Alaskan Standard Time" => "America/Anchorage",
        "Hawaiian Standard Time" => "Pacific/Honolulu",
        "Atlantic Standard Time" => "America/Halifax",
        "Canada Central Standard Time" => "America/Regina",
        "E. South America Standard Time" => "America/Sao_Paulo",
        _ => return None,
    };
    iana(iana_name)
}

/// How long each occurrence lasts: DTEND − DTSTART, else DURATION, else a day for all-day
/// events and nothing for instants (RFC 5545 §3.6.1).
fn event_length(ev: &Component, zones: &Zones, start: &When) -> Duration {
    if let Some(end) = ev.find_prop("DTEND").and_then(|p| zones.when(p)) {
        return match (start, end) {
            (When::Date(s), When::Date(e)) => e - *s,
            (When::At(s), When::At(e)) => e.with_timezone(&Utc) - s.with_timezone(&Utc),
            (When::Date(s), When::At(e)) => e.date_naive() - *s,
            (When::At(s), When::Date(e)) => e - s.date_naive(),
        };
    }
    if let Some(d) = prop_value(ev, "DURATION").and_then(|d| parse_duration(&d)) {
        return d;
    }
    match start {
        When::Date(_) => Duration::days(1),
        When::At(_) => Duration::zero(),
    }
}

/// An RFC 5545 DURATION such as `PT1H30M`, `P1D`, `P2W`, `-PT15M`.
pub fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => (-1, r),
        None => (1, s.strip_prefix('+').unwrap_or(s)),
    };
    let rest = rest.strip_prefix('P')?;
    let mut total = 0i64;
    let mut num = String::new();
    let mut in_time = false;
    for c in rest.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => num.push(c),
            _ => {
                let n: i64 = num.parse().ok()?;
                num.clear();
                total += n * match (c, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
            }
        }
    }
    if !num.is_empty() {
        return None;
    }
    Some(Duration::seconds(sign * total))
}

fn rdates(ev: &Component, zones: &Zones) -> Vec<When> {
    zones.all(ev, "RDATE")
}

fn exdates(ev: &Component, zones: &Zones) -> HashSet<OccurrenceKey> {
    zones.all(ev, "EXDATE").iter().map(When::key).collect()
}

/// The occurrences of a recurring event that may reach into the window after `from`: RRULE
/// (UNTIL applied here), plus RDATEs. A rule `rrule` refuses leaves just the first occurrence.
fn expand(
    ev: &Component,
    zones: &Zones,
    start: &When,
    length: Duration,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) -> Vec<When> {
    let mut out = rdates(ev, zones);
    let Some(rule_text) = prop_value(ev, "RRULE") else {
        out.push(*start);
        return out;
    };
    let mut until: Option<When> = None;
    let parts: Vec<&str> = rule_text
        .split(';')
        .filter(|part| match part.split_once('=') {
            Some((k, v)) if k.eq_ignore_ascii_case("UNTIL") => {
                until = zones.parse(v, None, None).map(|u| match (u, start) {
                    // A floating UNTIL is read in DTSTART's zone.
                    (When::At(t), When::At(s)) if !v.ends_with('Z') => {
                        When::At(local_instant(t.naive_local(), s.timezone()))
                    }
                    (u, _) => u,
                });
                false
            }
            _ => true,
        })
        .collect();
    // Rules run on wall-clock time (RFC 5545 §3.3.10): expand DTSTART's local date-time in a
    // floating frame (UTC, which has no DST) and place each occurrence in the zone afterwards,
    // so a weekly 02:00 stays 02:00 even when the first one fell into a DST gap. All-day rules
    // keep the date.
    let (wall, tz) = match start {
        When::Date(d) => (d.and_time(NaiveTime::MIN), Tz::UTC),
        When::At(t) => {
            let raw = ev.find_prop("DTSTART").and_then(|p| {
                p.val
                    .as_str()
                    .split(',')
                    .next()
                    .map(str::trim)
                    .map(str::to_owned)
            });
            let wall = raw
                .and_then(|r| {
                    NaiveDateTime::parse_from_str(r.trim_end_matches('Z'), "%Y%m%dT%H%M%S").ok()
                })
                .unwrap_or_else(|| t.naive_local());
            (wall, t.timezone())
        }
    };
    let floating = rrule::Tz::Tz(Tz::UTC);
    let to_floating = |t: DateTime<Utc>| {
        Utc.from_utc_datetime(&t.naive_utc())
            .with_timezone(&floating)
    };
    let set = parts
        .join(";")
        .parse::<rrule::RRule<rrule::Unvalidated>>()
        .and_then(|r| r.build(Utc.from_utc_datetime(&wall).with_timezone(&floating)));
    let Ok(set) = set else {
        out.push(*start);
        return out;
    };
    let before_limit = match until {
        Some(When::At(u)) => Some(u.with_timezone(&Utc)),
        Some(When::Date(d)) => Some(
            Utc.from_utc_datetime(&(d + Duration::days(1)).and_time(NaiveTime::MIN))
                - Duration::seconds(1),
        ),
        None => None,
    };
    let window_end = to + Duration::days(1);
    let before = before_limit.map_or(window_end, |u| u.min(window_end));
    if before < start.instant() {
        out.push(*start);
        return out;
    }
    // Local and UTC differ by less than a day: widen the floating window by one on each side
    // and apply the real limits to the placed instants.
    let result = set
        .after(to_floating(from - length - Duration::days(2)))
        .before(to_floating(before + Duration::days(1)))
        .all(MAX_OCCURRENCES);
    for occ in result.dates {
        let when = match start {
            When::Date(_) => When::Date(occ.date_naive()),
            When::At(_) => When::At(local_instant(occ.naive_utc(), tz)),
        };
        if when.instant() <= before {
            out.push(when);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const BERLIN: Tz = chrono_tz::Europe::Berlin;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn cal(events: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{events}END:VCALENDAR\r\n")
    }

    fn busy(events: &str, from: &str, to: &str) -> Vec<(String, String)> {
        busy_intervals(&cal(events), BERLIN, utc(from), utc(to))
            .unwrap()
            .into_iter()
            .map(|b| (b.start.to_rfc3339(), b.end.to_rfc3339()))
            .collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (utc(a).to_rfc3339(), utc(b).to_rfc3339())
    }

    #[test]
    fn a_single_event_with_tzid() {
        let ev = "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=Europe/Berlin:20261201T100000\r\nDTEND;TZID=Europe/Berlin:20261201T113000\r\nEND:VEVENT\r\n";
        assert_eq!(
            busy(ev, "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z"),
            vec![pair("2026-12-01T09:00:00Z", "2026-12-01T10:30:00Z")]
        );
        // Outside the window: nothing.
        assert!(busy(ev, "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z").is_empty());
    }

    #[test]
    fn weekly_rule_keeps_local_time_across_dst() {
        // Mondays 10:00 Berlin from 19 Oct 2026; DST ends 25 Oct 2026.
        let ev = "BEGIN:VEVENT\r\nUID:w\r\nDTSTART;TZID=Europe/Berlin:20261019T100000\r\nDTEND;TZID=Europe/Berlin:20261019T110000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\n";
        assert_eq!(
            busy(ev, "2026-10-01T00:00:00Z", "2026-12-01T00:00:00Z"),
            vec![
                pair("2026-10-19T08:00:00Z", "2026-10-19T09:00:00Z"),
                pair("2026-10-26T09:00:00Z", "2026-10-26T10:00:00Z"),
                pair("2026-11-02T09:00:00Z", "2026-11-02T10:00:00Z"),
            ]
        );
    }

    #[test]
    fn until_exdate_and_override() {
        let ev = concat!(
            "BEGIN:VEVENT\r\nUID:m\r\nDTSTART:20261102T090000Z\r\nDURATION:PT1H\r\n",
            "RRULE:FREQ=DAILY;UNTIL=20261106T090000Z\r\n",
            "EXDATE:20261103T090000Z\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:m\r\nRECURRENCE-ID:20261104T090000Z\r\n",
            "DTSTART:20261104T150000Z\r\nDTEND:20261104T153000Z\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:m\r\nRECURRENCE-ID:20261105T090000Z\r\n",
            "DTSTART:20261105T090000Z\r\nDTEND:20261105T100000Z\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n",
        );
        assert_eq!(
            busy(ev, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"),
            vec![
                pair("2026-11-02T09:00:00Z", "2026-11-02T10:00:00Z"),
                pair("2026-11-04T15:00:00Z", "2026-11-04T15:30:00Z"),
                pair("2026-11-06T09:00:00Z", "2026-11-06T10:00:00Z"),
            ]
        );
    }

    #[test]
    fn all_day_events_block_the_hosts_local_days() {
        let ev = "BEGIN:VEVENT\r\nUID:d\r\nDTSTART;VALUE=DATE:20261224\r\nDTEND;VALUE=DATE:20261226\r\nEND:VEVENT\r\n";
        assert_eq!(
            busy(ev, "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z"),
            vec![pair("2026-12-23T23:00:00Z", "2026-12-25T23:00:00Z")]
        );
        let yearly = "BEGIN:VEVENT\r\nUID:y\r\nDTSTART;VALUE=DATE:20200101\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\n";
        assert_eq!(
            busy(yearly, "2026-12-01T00:00:00Z", "2027-02-01T00:00:00Z"),
            vec![pair("2026-12-31T23:00:00Z", "2027-01-01T23:00:00Z")]
        );
    }

    #[test]
    fn free_cancelled_and_own_events_are_ignored() {
        let ev = concat!(
            "BEGIN:VEVENT\r\nUID:t\r\nDTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:c\r\nDTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:0f0e@smartcal\r\nDTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\nEND:VEVENT\r\n",
        );
        assert!(busy(ev, "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z").is_empty());
    }

    #[test]
    fn windows_vendor_and_floating_zones() {
        let ev = concat!(
            "BEGIN:VTIMEZONE\r\nTZID:Custom Zone\r\nX-LIC-LOCATION:America/New_York\r\nEND:VTIMEZONE\r\n",
            "BEGIN:VEVENT\r\nUID:1\r\nDTSTART;TZID=W. Europe Standard Time:20261201T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:2\r\nDTSTART;TZID=/mozilla.org/20050126_1/America/New_York:20261202T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:3\r\nDTSTART;TZID=Custom Zone:20261203T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:4\r\nDTSTART:20261204T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n",
        );
        assert_eq!(
            busy(ev, "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z"),
            vec![
                pair("2026-12-01T09:00:00Z", "2026-12-01T10:00:00Z"),
                pair("2026-12-02T15:00:00Z", "2026-12-02T16:00:00Z"),
                pair("2026-12-03T15:00:00Z", "2026-12-03T16:00:00Z"),
                pair("2026-12-04T09:00:00Z", "2026-12-04T10:00:00Z"),
            ]
        );
    }

    #[test]
    fn a_custom_vtimezone_is_matched_by_its_rules() {
        // Outlook-style custom zone with US rules and no IANA hint.
        let ev = concat!(
            "BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\n",
            "BEGIN:STANDARD\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\n",
            "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\nEND:STANDARD\r\n",
            "BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\n",
            "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n",
            "BEGIN:VEVENT\r\nUID:1\r\nDTSTART;TZID=Customized Time Zone:20270310T100000\r\nDURATION:PT1H\r\n",
            "RRULE:FREQ=DAILY;COUNT=2\r\nEND:VEVENT\r\n",
        );
        // 10 and 11 March 2027 are still EST (UTC-5); 15 March is EDT (UTC-4).
        let got = busy(ev, "2027-03-01T00:00:00Z", "2027-04-01T00:00:00Z");
        assert_eq!(
            got,
            vec![
                pair("2027-03-10T15:00:00Z", "2027-03-10T16:00:00Z"),
                pair("2027-03-11T15:00:00Z", "2027-03-11T16:00:00Z"),
            ]
        );
        let summer = ev.replace("20270310T100000", "20270315T100000");
        assert_eq!(
            busy(&summer, "2027-03-01T00:00:00Z", "2027-04-01T00:00:00Z")[0],
            pair("2027-03-15T14:00:00Z", "2027-03-15T15:00:00Z")
        );
        assert_eq!(parse_offset("+053000"), Some(5 * 3600 + 30 * 60));
        assert_eq!(parse_offset("0100"), None);
    }

    #[test]
    fn a_first_occurrence_in_a_dst_gap_does_not_move_the_others() {
        // 29 March 2026 02:00 does not exist in Berlin (it is 03:00); the week after it does.
        let ev = "BEGIN:VEVENT\r\nUID:gap\r\nDTSTART;TZID=Europe/Berlin:20260329T020000\r\nDURATION:PT45M\r\nRRULE:FREQ=WEEKLY;COUNT=2\r\nEND:VEVENT\r\n";
        assert_eq!(
            busy(ev, "2026-03-01T00:00:00Z", "2026-05-01T00:00:00Z"),
            vec![
                pair("2026-03-29T01:00:00Z", "2026-03-29T01:45:00Z"),
                pair("2026-04-05T00:00:00Z", "2026-04-05T00:45:00Z"),
            ]
        );
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(busy_intervals("<html>", BERLIN, Utc::now(), Utc::now()).is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(parse_duration("P1W"), Some(Duration::days(7)));
        assert_eq!(parse_duration("P1DT2H"), Some(Duration::hours(26)));
        assert_eq!(parse_duration("-PT15M"), Some(Duration::minutes(-15)));
        assert_eq!(parse_duration("1H"), None);
    }

    proptest! {
        /// A weekly event in Berlin or New York keeps its wall-clock time every week, whatever
        /// DST does, and an EXDATE removes exactly its occurrence.
        #[test]
        fn weekly_occurrences_keep_wall_time(
            day in 0i64..400, hour in 0u32..24, minute in prop::sample::select(vec![0u32, 15, 30, 45]),
            count in 1u32..60, ex in 0u32..60, ny in any::<bool>(),
        ) {
            let zone: Tz = if ny { chrono_tz::America::New_York } else { BERLIN };
            let date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(day);
            let local = date.and_hms_opt(hour, minute, 0).unwrap();
            let ex_date = local + Duration::weeks(ex as i64);
            let ev = format!(
                "BEGIN:VEVENT\r\nUID:p\r\nDTSTART;TZID={z}:{s}\r\nDURATION:PT45M\r\nRRULE:FREQ=WEEKLY;COUNT={count}\r\nEXDATE;TZID={z}:{e}\r\nEND:VEVENT\r\n",
                z = zone.name(), s = local.format("%Y%m%dT%H%M%S"), e = ex_date.format("%Y%m%dT%H%M%S"),
            );
            let got = busy_intervals(&cal(&ev), BERLIN, utc("2025-12-01T00:00:00Z"), utc("2029-01-01T00:00:00Z")).unwrap();
            let expected = if ex < count { count - 1 } else { count };
            prop_assert_eq!(got.len() as u32, expected);
            let first = local_instant(local, zone);
            for b in &got {
                prop_assert_eq!(b.end - b.start, Duration::minutes(45));
                let l = b.start.with_timezone(&zone);
                prop_assert_eq!(l.weekday_from(first), true);
                // Wall time equals DTSTART's, except where it fell into a DST gap.
                if zone.from_local_datetime(&l.date_naive().and_time(local.time())).single().is_some() {
                    prop_assert_eq!(l.time(), local.time());
                }
                prop_assert!(b.start.with_timezone(&zone).date_naive() != ex_date.date() || ex >= count);
            }
        }
    }

    trait SameWeekday {
        fn weekday_from(&self, other: DateTime<Tz>) -> bool;
    }
    impl SameWeekday for DateTime<Tz> {
        fn weekday_from(&self, other: DateTime<Tz>) -> bool {
            use chrono::Datelike;
            self.date_naive().weekday() == other.date_naive().weekday()
        }
    }
}
