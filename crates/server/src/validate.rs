//! Parsing user input into domain values, collecting every bad field (parse, don't validate).

use std::str::FromStr;

use chrono_tz::Tz;
use smartcal_domain::clock_time::{parse_hhmm, parse_weekday};
use smartcal_domain::slots::{DateOverride, Interval, WeeklyRule};
use smartcal_domain::text::strip_bidi_controls;
use smartcal_i18n::Locale;
use smartcal_types::{rules, AvailabilityInterval, FieldError};

/// Collects field errors; [`Fields::finish`] turns any into [`Invalid`] (a 422 at the API).
#[derive(Debug, Default)]
pub struct Fields(Vec<FieldError>);

/// Some fields were invalid: every bad field with what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub Vec<FieldError>);

impl Fields {
    /// Records one bad field.
    pub fn bad(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// `Ok` if no field was bad.
    pub fn finish(self) -> Result<(), Invalid> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Invalid(self.0))
        }
    }

    /// An optional free-text reason (cancel, decline): up to 2,000 characters, line breaks
    /// allowed; blank is none.
    pub fn reason(&mut self, field: &str, v: Option<&str>) -> Option<String> {
        v.map(|r| self.text(field, r, 0, 2000, true))
            .filter(|r| !r.is_empty())
    }

    /// A trimmed text of `min..=max` characters without control characters (newlines allowed
    /// when `multiline`). Bidi formatting characters (U+202E…) are dropped first: someone's
    /// name or note must not reorder the text shown around it to someone else.
    pub fn text(
        &mut self,
        field: &str,
        v: &str,
        min: usize,
        max: usize,
        multiline: bool,
    ) -> String {
        let cleaned = strip_bidi_controls(v);
        let t = cleaned.trim();
        let n = t.chars().count();
        if n < min {
            self.bad(
                field,
                if min == 1 {
                    "must not be empty".to_owned()
                } else {
                    format!("must be at least {min} characters")
                },
            );
        } else if n > max {
            self.bad(field, format!("must be at most {max} characters"));
        } else if t
            .chars()
            .any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\t' || c == '\r')))
        {
            self.bad(field, "must not contain control characters");
        }
        t.to_owned()
    }

    /// An email address, trimmed and lowercased, by the rule the SPA checks too
    /// ([`smartcal_types::rules::parse_email`], one function, one message): it looks like
    /// `name@domain.tld` (no quoted local parts, no IP literals) and parses with the mail
    /// library delivery uses, so an accepted address never makes an email undeliverable
    /// (`a:b@example.com`, `a..b@x.com`, `.a@x.com`, `a@-x.com` do not; tests below).
    pub fn email(&mut self, field: &str, v: &str) -> String {
        rules::parse_email(v).unwrap_or_else(|message| {
            self.bad(field, message);
            v.trim().to_lowercase()
        })
    }

    /// An IANA time zone name.
    pub fn time_zone(&mut self, field: &str, v: &str) -> Tz {
        Tz::from_str(v.trim()).unwrap_or_else(|_| {
            self.bad(
                field,
                format!("{v:?} is not an IANA time zone like Europe/Berlin"),
            );
            Tz::UTC
        })
    }

    /// A language tag of a language with a catalogue (`de`, `de-AT`), written back in its
    /// canonical form; `en` where it is absent.
    pub fn locale(&mut self, field: &str, v: Option<&str>) -> String {
        let Some(v) = v else {
            return Locale::english().to_string();
        };
        match v.parse::<Locale>() {
            Ok(locale) => locale.to_string(),
            Err(why) => {
                self.bad(field, format!("{v:?} {why}"));
                Locale::english().to_string()
            }
        }
    }

    /// A new password (signup, reset, change): 8 characters to 1,024 bytes, by the rule the
    /// SPA checks too ([`smartcal_types::rules::check_new_password`]).
    pub fn new_password(&mut self, field: &str, password: &str) {
        if let Err(message) = rules::check_new_password(password) {
            self.bad(field, message);
        }
    }

    /// A URL slug: lowercase letters, digits and single hyphens, 1–64 characters.
    pub fn slug(&mut self, field: &str, v: &str) -> String {
        let s = v.trim();
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if !ok {
            self.bad(
                field,
                "must be 1–64 lowercase letters, digits or single hyphens",
            );
        }
        s.to_owned()
    }

    /// A whole number in `min..=max`.
    pub fn range(&mut self, field: &str, v: u32, min: u32, max: u32) -> u32 {
        if v < min || v > max {
            self.bad(field, format!("must be between {min} and {max}"));
        }
        v
    }

    /// `HH:MM`–`HH:MM` with start before end.
    pub fn interval(&mut self, field: &str, start: &str, end: &str) -> Option<Interval> {
        let s = parse_hhmm(start)
            .map_err(|m| self.bad(format!("{field}.start"), m))
            .ok();
        let e = parse_hhmm(end)
            .map_err(|m| self.bad(format!("{field}.end"), m))
            .ok();
        let (s, e) = (s?, e?);
        if s >= 1440 {
            self.bad(format!("{field}.start"), "must be before 24:00");
            return None;
        }
        if e <= s {
            self.bad(format!("{field}.end"), "must be after start");
            return None;
        }
        Some(Interval { start: s, end: e })
    }

    /// Weekly availability rules.
    pub fn availability(&mut self, items: &[AvailabilityInterval]) -> Vec<WeeklyRule> {
        if items.len() > 100 {
            self.bad("availability", "at most 100 intervals");
            return vec![];
        }
        items
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                let f = format!("availability[{i}]");
                let w = parse_weekday(&a.weekday)
                    .map_err(|m| self.bad(format!("{f}.weekday"), m))
                    .ok();
                let iv = self.interval(&f, &a.start, &a.end);
                Some(WeeklyRule {
                    weekday: w?,
                    interval: iv?,
                })
            })
            .collect()
    }

    /// Date overrides (one per date).
    pub fn overrides(&mut self, items: &[smartcal_types::DateOverride]) -> Vec<DateOverride> {
        if items.len() > 366 {
            self.bad("date_overrides", "at most 366 overrides");
            return vec![];
        }
        let mut seen = std::collections::HashSet::new();
        items
            .iter()
            .enumerate()
            .map(|(i, o)| {
                if !seen.insert(o.date) {
                    self.bad(
                        format!("date_overrides[{i}].date"),
                        "this date appears twice",
                    );
                }
                let intervals = o
                    .intervals
                    .iter()
                    .enumerate()
                    .filter_map(|(j, iv)| {
                        self.interval(
                            &format!("date_overrides[{i}].intervals[{j}]"),
                            &iv.start,
                            &iv.end,
                        )
                    })
                    .collect();
                DateOverride {
                    date: o.date,
                    intervals,
                }
            })
            .collect()
    }
}

/// A slug made from a name: "Jane Doe!" → "jane-doe" (empty names give "host").
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 48 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "host".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_names() {
        assert_eq!(slugify("Jane Doe!"), "jane-doe");
        assert_eq!(slugify("  Ünïcode  Name "), "n-code-name");
        assert_eq!(slugify("!!!"), "host");
    }

    #[test]
    fn emails() {
        let mut f = Fields::default();
        assert_eq!(f.email("e", " Jane@Example.COM "), "jane@example.com");
        assert!(f.0.is_empty());
        for bad in rules::examples::BAD_EMAILS {
            let mut f = Fields::default();
            f.email("e", bad);
            assert_eq!(f.0.len(), 1, "{bad}");
            assert_eq!(f.0[0].message, rules::EMAIL_RULE, "the SPA's words: {bad}");
        }
    }

    #[test]
    fn accepted_emails_parse_as_mailboxes() {
        for good in rules::examples::GOOD_EMAILS {
            let mut f = Fields::default();
            let e = f.email("e", good);
            assert!(f.0.is_empty(), "{good}");
            assert!(format!("Jane <{e}>")
                .parse::<lettre::message::Mailbox>()
                .is_ok());
        }
    }

    /// The rule is shared with the SPA and written without the mail library, so check it
    /// against the library: every address it accepts, out of every string of up to three
    /// characters (from an alphabet of the troublemakers) put into each part of an address,
    /// must be one delivery can send to. An address the browser accepts is then never one the
    /// server refuses or the mailer fails on.
    #[test]
    fn every_accepted_address_is_one_the_mailer_can_send_to() {
        let alphabet: Vec<char> = "a9.-_@+:\"\\[] ö\u{a0}(,".chars().collect();
        let mut pieces = vec![String::new()];
        for len in 1..=3 {
            let mut next = Vec::new();
            for p in pieces.iter().filter(|p| p.chars().count() == len - 1) {
                for c in &alphabet {
                    next.push(format!("{p}{c}"));
                }
            }
            pieces.extend(next);
        }
        let templates = [
            "{}",
            "{}@example.com",
            "a{}b@example.com",
            "jane@{}.com",
            "jane@ex{}ample.com",
            "jane@example.{}",
            "jane@example.c{}",
        ];
        let (mut accepted, mut tried) = (0, 0);
        for piece in &pieces {
            for t in templates {
                let candidate = t.replace("{}", piece);
                tried += 1;
                if let Ok(e) = rules::parse_email(&candidate) {
                    accepted += 1;
                    assert!(
                        e.parse::<lettre::Address>().is_ok(),
                        "{candidate:?} is accepted but the mailer refuses it"
                    );
                }
            }
        }
        assert!(accepted > 1000 && accepted < tried, "{accepted} of {tried}");
    }

    #[test]
    fn text_drops_bidi_controls_before_measuring() {
        let mut f = Fields::default();
        assert_eq!(
            f.text("n", " Eve\u{202E}gpj.exe\u{202C} ", 1, 200, false),
            "Evegpj.exe"
        );
        assert!(f.0.is_empty());
        f.text("n", "\u{202E}\u{2066}", 1, 200, false);
        assert_eq!(f.0.len(), 1, "only controls: empty");
    }

    #[test]
    fn intervals_report_their_path() {
        let mut f = Fields::default();
        let rules = f.availability(&[
            AvailabilityInterval {
                weekday: "mon".into(),
                start: "09:00".into(),
                end: "17:00".into(),
            },
            AvailabilityInterval {
                weekday: "funday".into(),
                start: "18:00".into(),
                end: "17:00".into(),
            },
        ]);
        assert_eq!(rules.len(), 1);
        let fields: Vec<_> = f.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["availability[1].weekday", "availability[1].end"]);
    }
}
