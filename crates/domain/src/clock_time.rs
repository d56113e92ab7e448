//! Parsing and formatting of wall-clock times ("HH:MM") and weekday names ("mon".."sun"), the
//! textual forms availability rules use in the API and the database.

use chrono::Weekday;

/// Minutes in a day; also the value of "24:00", which is only meaningful as an interval end.
pub const MINUTES_PER_DAY: u16 = 1440;

/// Parses "HH:MM" (exactly two digits each) into minutes since local midnight, 0..=1440.
///
/// "24:00" is accepted (1440) so an interval can end at midnight; "9:00", "25:00", "09:60",
/// "24:01" and "" are rejected with a human-readable message.
pub fn parse_hhmm(s: &str) -> Result<u16, String> {
    let invalid = || format!("\"{s}\" is not a time of day in the form HH:MM (00:00 to 24:00)");
    let bytes = s.as_bytes();
    if bytes.len() != 5 || bytes[2] != b':' {
        return Err(invalid());
    }
    let digit = |i: usize| -> Result<u16, String> {
        let b = bytes[i];
        if b.is_ascii_digit() {
            Ok(u16::from(b - b'0'))
        } else {
            Err(invalid())
        }
    };
    let hours = digit(0)? * 10 + digit(1)?;
    let minutes = digit(3)? * 10 + digit(4)?;
    if minutes > 59 || hours > 24 || (hours == 24 && minutes != 0) {
        return Err(invalid());
    }
    Ok(hours * 60 + minutes)
}

/// Formats minutes since local midnight as "HH:MM" (1440 becomes "24:00"); the inverse of
/// [`parse_hhmm`] for values in 0..=1440.
pub fn format_hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Parses a weekday name as used in availability rules: "mon".."sun", lowercase, three letters.
pub fn parse_weekday(s: &str) -> Result<Weekday, String> {
    match s {
        "mon" => Ok(Weekday::Mon),
        "tue" => Ok(Weekday::Tue),
        "wed" => Ok(Weekday::Wed),
        "thu" => Ok(Weekday::Thu),
        "fri" => Ok(Weekday::Fri),
        "sat" => Ok(Weekday::Sat),
        "sun" => Ok(Weekday::Sun),
        _ => Err(format!(
            "\"{s}\" is not a weekday; expected one of mon, tue, wed, thu, fri, sat, sun"
        )),
    }
}

/// The name [`parse_weekday`] accepts for `w`, e.g. `Weekday::Mon` -> "mon".
pub fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_valid_times() {
        assert_eq!(parse_hhmm("00:00"), Ok(0));
        assert_eq!(parse_hhmm("09:00"), Ok(540));
        assert_eq!(parse_hhmm("12:34"), Ok(754));
        assert_eq!(parse_hhmm("23:59"), Ok(1439));
        assert_eq!(parse_hhmm("24:00"), Ok(1440));
    }

    #[test]
    fn rejects_invalid_times() {
        for s in [
            "", "9:00", "09:0", "25:00", "24:01", "09:60", "0900", "09-00", "ab:cd", "+9:00",
            "09:00 ", " 09:00", "０9:00", "-1:00",
        ] {
            let err = parse_hhmm(s).expect_err(s);
            assert!(err.contains("HH:MM"), "{err}");
        }
    }

    #[test]
    fn formats_and_round_trips() {
        assert_eq!(format_hhmm(540), "09:00");
        assert_eq!(format_hhmm(0), "00:00");
        assert_eq!(format_hhmm(1440), "24:00");
        for m in 0..=MINUTES_PER_DAY {
            assert_eq!(parse_hhmm(&format_hhmm(m)), Ok(m));
        }
    }

    #[test]
    fn weekdays_round_trip() {
        let all = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ];
        for w in all {
            assert_eq!(parse_weekday(weekday_name(w)), Ok(w));
        }
        assert_eq!(weekday_name(Weekday::Mon), "mon");
        for bad in ["Mon", "MON", "monday", "m", "", "sun "] {
            assert!(parse_weekday(bad).is_err(), "{bad}");
        }
    }
}
