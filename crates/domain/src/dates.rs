//! Dates and times as a reader of a locale writes them: CLDR's patterns, weekday and month
//! names and clock (12 or 24 hours), through ICU4X. The SPA writes the same fields with the
//! browser's `Intl` (also CLDR), so an email reads as the page the guest booked on.
//!
//! Building a formatter costs far more than using one, so each thread keeps the ones it built.

use std::cell::RefCell;

use chrono::{Datelike, NaiveDateTime, Timelike};
use icu_datetime::{
    fieldsets::{self, T, YMDET},
    input::{Date, DateTime, Time},
    DateTimeFormatter,
};
use smartcal_i18n::Locale;

/// How much of a date a text gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Length {
    /// `Tuesday, December 1, 2026 at 9:00 AM`, `Dienstag, 1. Dezember 2026 um 09:00`: the
    /// page's confirmation, an email's body.
    Long,
    /// `Tue, Dec 1, 2026, 9:00 AM`, `Di., 1. Dez. 2026, 09:00`: an email's subject.
    Medium,
}

thread_local! {
    static DATE_TIMES: RefCell<Vec<(Locale, Length, DateTimeFormatter<YMDET>)>> =
        const { RefCell::new(Vec::new()) };
    static TIMES: RefCell<Vec<(Locale, DateTimeFormatter<T>)>> = const { RefCell::new(Vec::new()) };
}

/// The ICU locale of a tag ours already parsed; the root locale (CLDR's neutral patterns) in
/// the unlikely case ICU reads it differently.
fn icu_locale(locale: Locale) -> icu_locale_core::Locale {
    icu_locale_core::Locale::try_from_str(&locale.to_string())
        .unwrap_or(icu_locale_core::Locale::UNKNOWN)
}

fn icu_time(at: NaiveDateTime) -> Option<Time> {
    Time::try_new(at.hour() as u8, at.minute() as u8, 0, 0).ok()
}

/// A wall-clock date and time (already in the reader's zone) in `locale`.
pub fn date_time(locale: Locale, at: NaiveDateTime, length: Length) -> String {
    let date = Date::try_new_iso(at.year(), at.month() as u8, at.day() as u8).ok();
    let (Some(date), Some(time)) = (date, icu_time(at)) else {
        return at.format("%Y-%m-%d %H:%M").to_string();
    };
    let input = DateTime { date, time };
    DATE_TIMES.with(|cache| {
        let mut cache = cache.borrow_mut();
        let found = cache
            .iter()
            .position(|(l, n, _)| *l == locale && *n == length);
        let index = match found {
            Some(i) => i,
            None => {
                let fields = match length {
                    Length::Long => fieldsets::YMDE::long().with_time_hm(),
                    Length::Medium => fieldsets::YMDE::medium().with_time_hm(),
                };
                let Ok(made) = DateTimeFormatter::try_new(icu_locale(locale).into(), fields) else {
                    return at.format("%Y-%m-%d %H:%M").to_string();
                };
                cache.push((locale, length, made));
                cache.len() - 1
            }
        };
        cache[index].2.format(&input).to_string()
    })
}

/// A wall-clock time of day in `locale`: `9:30 AM`, `09:30`.
pub fn time(locale: Locale, at: NaiveDateTime) -> String {
    let Some(input) = icu_time(at) else {
        return at.format("%H:%M").to_string();
    };
    TIMES.with(|cache| {
        let mut cache = cache.borrow_mut();
        let index = match cache.iter().position(|(l, _)| *l == locale) {
            Some(i) => i,
            None => {
                let Ok(made) = DateTimeFormatter::try_new(icu_locale(locale).into(), T::hm())
                else {
                    return at.format("%H:%M").to_string();
                };
                cache.push((locale, made));
                cache.len() - 1
            }
        };
        cache[index].1.format(&input).to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    fn locale(tag: &str) -> Locale {
        tag.parse().unwrap()
    }

    /// Spaces of every kind read as one plain space (CLDR puts a narrow no-break space before
    /// AM/PM).
    fn plain(s: &str) -> String {
        s.split(char::is_whitespace)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
            .replace('\u{202f}', " ")
    }

    #[test]
    fn each_locale_writes_its_own_names_patterns_and_clock() {
        let cases = [
            ("en", "Tuesday, December 1, 2026 at 3:30 PM"),
            ("en-GB", "Tuesday, 1 December 2026 at 15:30"),
            ("de", "Dienstag, 1. Dezember 2026 um 15:30"),
            ("fr", "mardi 1 décembre 2026 à 15:30"),
            ("es", "martes, 1 de diciembre de 2026 a las 15:30"),
        ];
        for (tag, want) in cases {
            assert_eq!(
                plain(&date_time(locale(tag), at(15, 30), Length::Long)),
                want,
                "{tag}"
            );
        }
        assert_eq!(plain(&time(locale("en"), at(9, 5))), "9:05 AM");
        assert_eq!(time(locale("de"), at(9, 5)), "09:05");
    }

    #[test]
    fn the_medium_length_abbreviates() {
        let en = plain(&date_time(locale("en"), at(9, 0), Length::Medium));
        assert_eq!(en, "Tue, Dec 1, 2026, 9:00 AM");
        let de = date_time(locale("de"), at(9, 0), Length::Medium);
        assert_eq!(de, "Di., 01.12.2026, 09:00");
    }
}
