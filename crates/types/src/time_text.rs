//! RFC 3339 text of whole-second instants, written without `core::fmt`.
//!
//! chrono's `Serialize` goes through serde's `collect_str`, which pushes every few characters
//! through `fmt::Write` and JSON escaping: for a page of slots that was a quarter of the
//! server's CPU (docs/BENCHMARKS.md). These produce the same text as chrono (tested below) and
//! fall back to chrono for anything unusual (fractional seconds, years outside 0–9999).

use chrono::{DateTime, Datelike, FixedOffset, Timelike, Utc};
use serde::Serializer;

/// `2026-12-01T08:00:00Z`, exactly as chrono serializes a `DateTime<Utc>`.
pub fn utc(t: &DateTime<Utc>) -> String {
    match plain(t) {
        Some(mut s) => {
            s.push('Z');
            s
        }
        None => t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
    }
}

/// `2026-12-01T09:00:00+01:00`, exactly as chrono's `to_rfc3339`.
pub fn with_offset(t: &DateTime<FixedOffset>) -> String {
    let Some(mut s) = plain(t) else {
        return t.to_rfc3339();
    };
    let offset = t.offset().local_minus_utc();
    s.push(if offset < 0 { '-' } else { '+' });
    let minutes = offset.unsigned_abs() / 60;
    push2(&mut s, minutes / 60);
    s.push(':');
    push2(&mut s, minutes % 60);
    if !offset.unsigned_abs().is_multiple_of(60) {
        return t.to_rfc3339(); // a seconds offset (historic zones): let chrono decide
    }
    s
}

/// For `#[serde(serialize_with = "…")]` on `DateTime<Utc>` fields.
pub fn serialize_utc<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&utc(t))
}

/// The local date and time, `YYYY-MM-DDTHH:MM:SS`, when it can be written plainly.
fn plain<Tz: chrono::TimeZone>(t: &DateTime<Tz>) -> Option<String> {
    let l = t.naive_local();
    if l.nanosecond() != 0 || !(0..=9999).contains(&l.year()) {
        return None;
    }
    let mut s = String::with_capacity(25);
    let year = l.year() as u32;
    push2(&mut s, year / 100);
    push2(&mut s, year % 100);
    for (sep, n) in [('-', l.month()), ('-', l.day()), ('T', l.hour())] {
        s.push(sep);
        push2(&mut s, n);
    }
    for n in [l.minute(), l.second()] {
        s.push(':');
        push2(&mut s, n);
    }
    Some(s)
}

fn push2(s: &mut String, n: u32) {
    s.push(char::from(b'0' + (n / 10) as u8));
    s.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn same_text_as_chrono() {
        let offsets = [
            0,
            3600,
            -5 * 3600,
            5 * 3600 + 1800,
            13 * 3600 + 45 * 60,
            -9 * 3600 - 30 * 60,
        ];
        let mut t = Utc.with_ymd_and_hms(1999, 12, 31, 23, 59, 59).unwrap();
        for i in 0..5000 {
            t += Duration::seconds(7919 * 61 + i);
            assert_eq!(
                serde_json::to_string(&t).unwrap(),
                format!("\"{}\"", utc(&t))
            );
            for o in offsets {
                let local = t.with_timezone(&FixedOffset::east_opt(o).unwrap());
                assert_eq!(with_offset(&local), local.to_rfc3339());
            }
        }
        // The fallbacks.
        let frac = t + Duration::milliseconds(250);
        assert_eq!(
            serde_json::to_string(&frac).unwrap(),
            format!("\"{}\"", utc(&frac))
        );
        let odd = t.with_timezone(&FixedOffset::east_opt(3600 + 7).unwrap());
        assert_eq!(with_offset(&odd), odd.to_rfc3339());
        let far = Utc.with_ymd_and_hms(12026, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(
            serde_json::to_string(&far).unwrap(),
            format!("\"{}\"", utc(&far))
        );
    }
}
