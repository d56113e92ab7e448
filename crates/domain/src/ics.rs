//! iCalendar (RFC 5545/5546) invitations attached to confirmation, reschedule and cancel emails.
//! While the meeting stands (REQUEST), its VEVENT carries one display alarm per reminder time
//! of the booking (`TRIGGER:-PT{n}M`, SPEC §9).
//!
//! Written by hand rather than with the `icalendar` builder: its line folding can produce
//! continuation lines of 76 octets and its `Event::new()` reads the clock, while this module
//! must be exact and pure. The tests parse the output back with `icalendar`'s parser.

use chrono::{DateTime, Utc};

/// Line limit of RFC 5545 §3.1, in octets, excluding the CRLF.
const MAX_LINE_OCTETS: usize = 75;

/// The iTIP method of an invitation: a new or updated meeting, or its cancellation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IcsMethod {
    /// METHOD:REQUEST with STATUS:CONFIRMED: booking confirmed or rescheduled.
    Request,
    /// METHOD:CANCEL with STATUS:CANCELLED: booking cancelled.
    Cancel,
}

/// Everything an `.ics` invitation for one booking says.
#[derive(Debug, Clone)]
pub struct Invitation {
    /// Stable per booking, e.g. "{booking_id}@smartcal", so updates replace the same event.
    pub uid: String,
    /// Bumped on every change so calendar clients apply updates in order.
    pub sequence: u32,
    /// Request (confirm/reschedule) or Cancel.
    pub method: IcsMethod,
    /// Start of the meeting.
    pub start: DateTime<Utc>,
    /// End of the meeting.
    pub end: DateTime<Utc>,
    /// When this version of the invitation was made (passed in: no clock here).
    pub dtstamp: DateTime<Utc>,
    /// Event title, e.g. "Intro call: Jane Doe and Alex Host".
    pub summary: String,
    /// Free text; the caller includes the meeting link.
    pub description: String,
    /// The Jitsi meeting URL, used as LOCATION and URL.
    pub meeting_url: String,
    /// The host's display name.
    pub organizer_name: String,
    /// The host's email address.
    pub organizer_email: String,
    /// The guest's display name.
    pub attendee_name: String,
    /// The guest's email address.
    pub attendee_email: String,
    /// The booking's reminder times, in minutes before the start: one `VALARM` each
    /// (`TRIGGER:-PT{n}M`) while the meeting stands (REQUEST); none once cancelled.
    pub alarms_minutes: Vec<u32>,
}

/// Renders the invitation as a VCALENDAR with one VEVENT: CRLF line endings, lines folded at
/// 75 octets on character boundaries, TEXT values escaped, times in UTC.
pub fn invitation_ics(inv: &Invitation) -> String {
    let method = match inv.method {
        IcsMethod::Request => "REQUEST",
        IcsMethod::Cancel => "CANCEL",
    };
    let mut lines = calendar_head(None);
    lines.insert(4, format!("METHOD:{method}"));
    lines.extend(vevent_lines(inv, Scheduling::Default));
    lines.push("END:VCALENDAR".to_owned());
    fold_all(&lines)
}

/// Renders bookings as one VCALENDAR without METHOD: a published calendar (RFC 5545) that
/// calendar apps subscribe to. `name` becomes `X-WR-CALNAME`, the title apps show.
///
/// Not for the event written into a host's CalDAV calendar: that is [`caldav_event_ics`],
/// which also keeps the server from inviting the guest a second time.
pub fn calendar_ics(events: &[Invitation], name: Option<&str>) -> String {
    let mut lines = calendar_head(name);
    for inv in events {
        lines.extend(vevent_lines(inv, Scheduling::Default));
    }
    lines.push("END:VCALENDAR".to_owned());
    fold_all(&lines)
}

/// Renders one booking as the body of the CalDAV resource SmartCal PUTs into the host's
/// calendar (RFC 4791: a VCALENDAR without METHOD, one VEVENT).
///
/// The ORGANIZER and the ATTENDEE carry `SCHEDULE-AGENT=CLIENT` (RFC 6638 §7.1): SmartCal
/// itself emails the guest the invitation ([`invitation_ics`]), so a server doing implicit
/// scheduling (Nextcloud, Fastmail, iCloud…) must not send the guest a second one on this PUT,
/// a later PUT or a DELETE (§3.2.1: in the organizer's copy, the host's, each ATTENDEE's
/// parameter decides), nor a reply to the organizer should it take the resource for an
/// attendee's copy (§3.2.2: there the ORGANIZER's parameter decides). The iTIP messages of
/// [`invitation_ics`] never carry the parameter (§7.1 forbids it in scheduling messages), and
/// the subscribable feed of [`calendar_ics`] does not need it.
pub fn caldav_event_ics(inv: &Invitation) -> String {
    let mut lines = calendar_head(None);
    lines.extend(vevent_lines(inv, Scheduling::ByClient));
    lines.push("END:VCALENDAR".to_owned());
    fold_all(&lines)
}

/// Who delivers scheduling messages for an event (RFC 6638's SCHEDULE-AGENT).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheduling {
    /// No SCHEDULE-AGENT parameter: iTIP messages and published calendars.
    Default,
    /// `SCHEDULE-AGENT=CLIENT` on ORGANIZER and ATTENDEE: SmartCal sends the invitations, a
    /// CalDAV server storing the event must not.
    ByClient,
}

fn calendar_head(name: Option<&str>) -> Vec<String> {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//SmartCal//SmartCal//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
    ];
    if let Some(name) = name {
        lines.push(format!("X-WR-CALNAME:{}", escape_text(name)));
    }
    lines
}

fn fold_all(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        fold_into(line, &mut out);
    }
    out
}

/// One VEVENT, BEGIN to END.
fn vevent_lines(inv: &Invitation, scheduling: Scheduling) -> Vec<String> {
    let status = match inv.method {
        IcsMethod::Request => "CONFIRMED",
        IcsMethod::Cancel => "CANCELLED",
    };
    let agent = match scheduling {
        Scheduling::Default => "",
        Scheduling::ByClient => ";SCHEDULE-AGENT=CLIENT",
    };
    let url = strip_controls(&inv.meeting_url);
    let mut lines = vec![
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", escape_text(&inv.uid)),
        format!("SEQUENCE:{}", inv.sequence),
        format!("DTSTAMP:{}", utc_stamp(inv.dtstamp)),
        format!("DTSTART:{}", utc_stamp(inv.start)),
        format!("DTEND:{}", utc_stamp(inv.end)),
        format!("SUMMARY:{}", escape_text(&inv.summary)),
        format!("DESCRIPTION:{}", escape_text(&inv.description)),
        format!("LOCATION:{}", escape_text(&url)),
        format!("URL:{url}"),
        format!(
            "ORGANIZER;CN={}{agent}:mailto:{}",
            param_value(&inv.organizer_name),
            strip_controls(&inv.organizer_email)
        ),
        format!(
            "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE{agent}:mailto:{}",
            param_value(&inv.attendee_name),
            strip_controls(&inv.attendee_email)
        ),
        format!("STATUS:{status}"),
        "TRANSP:OPAQUE".to_owned(),
    ];
    if inv.method == IcsMethod::Request {
        lines.extend(alarm_lines(inv));
    }
    lines.push("END:VEVENT".to_owned());
    lines
}

/// One display alarm per reminder time (RFC 5545 §3.6.6), relative to the start.
fn alarm_lines(inv: &Invitation) -> Vec<String> {
    let mut minutes = inv.alarms_minutes.clone();
    minutes.sort_unstable_by(|a, b| b.cmp(a));
    minutes.dedup();
    minutes
        .into_iter()
        .flat_map(|m| {
            [
                "BEGIN:VALARM".to_owned(),
                "ACTION:DISPLAY".to_owned(),
                format!("DESCRIPTION:{}", escape_text(&inv.summary)),
                format!("TRIGGER:-PT{m}M"),
                "END:VALARM".to_owned(),
            ]
        })
        .collect()
}

/// A UTC DATE-TIME value, "YYYYMMDDTHHMMSSZ".
fn utc_stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): `\` `;` `,` and line breaks; drops other controls.
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (e.g. CN) as a quoted string; DQUOTE is not allowed inside, so it becomes
/// an apostrophe, and control characters are dropped.
fn param_value(s: &str) -> String {
    let inner: String = s
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '"' { '\'' } else { c })
        .collect();
    format!("\"{inner}\"")
}

/// Drops control characters, so a value cannot break out of its content line.
fn strip_controls(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}

/// Appends `line` folded (RFC 5545 §3.1): at most 75 octets per physical line including the
/// leading space of continuation lines, never splitting a UTF-8 character; CRLF after each.
fn fold_into(line: &str, out: &mut String) {
    let mut rest = line;
    let mut limit = MAX_LINE_OCTETS;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = MAX_LINE_OCTETS - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use icalendar::{Calendar, CalendarComponent, Component, EventLike};

    fn invitation() -> Invitation {
        Invitation {
            uid: "0b7c3f9e-1d2a-4c5b-9e8f-123456789abc@smartcal".into(),
            sequence: 2,
            method: IcsMethod::Request,
            start: Utc.with_ymd_and_hms(2026, 3, 29, 8, 30, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2026, 3, 29, 9, 0, 0).unwrap(),
            dtstamp: Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 5).unwrap(),
            summary: "Intro call: Jane Doe and Alex Host".into(),
            description: "Join: https://meet.jit.si/smartcal-a1-1767225600-abcdefghij".into(),
            meeting_url: "https://meet.jit.si/smartcal-a1-1767225600-abcdefghij".into(),
            organizer_name: "Alex Host".into(),
            organizer_email: "alex@example.com".into(),
            attendee_name: "Jane Doe".into(),
            attendee_email: "jane@example.org".into(),
            alarms_minutes: vec![],
        }
    }

    fn parse(ics: &str) -> Calendar {
        ics.parse::<Calendar>()
            .expect("icalendar parses our output")
    }

    fn only_event(cal: &Calendar) -> icalendar::Event {
        let events: Vec<_> = cal
            .components
            .iter()
            .filter_map(|c| match c {
                CalendarComponent::Event(e) => Some(e.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(events.len(), 1);
        events.into_iter().next().unwrap()
    }

    /// Values and parameters of every `name` property of the VEVENT, via the low-level parser
    /// (the high-level `Event` keeps only one ATTENDEE).
    fn raw_property(ics: &str, name: &str) -> Vec<(String, Vec<(String, String)>)> {
        let unfolded = icalendar::parser::unfold(ics);
        let cal = icalendar::parser::read_calendar(&unfolded).expect("parses");
        let event = cal
            .components
            .iter()
            .find(|c| c.name == "VEVENT")
            .expect("a VEVENT");
        event
            .properties
            .iter()
            .filter(|p| p.name.as_str() == name)
            .map(|p| {
                let params = p
                    .params
                    .iter()
                    .map(|param| {
                        let val = param.val.as_ref().map(|v| v.as_str()).unwrap_or("");
                        (
                            param.key.as_str().to_owned(),
                            val.trim_matches('"').to_owned(),
                        )
                    })
                    .collect();
                (p.val.as_str().to_owned(), params)
            })
            .collect()
    }

    fn unfold(ics: &str) -> String {
        ics.replace("\r\n ", "")
    }

    fn assert_well_formed(ics: &str) {
        assert!(ics.ends_with("\r\n"));
        for line in ics.split_terminator("\r\n") {
            assert!(
                !line.contains('\n') && !line.contains('\r'),
                "bare line break"
            );
            assert!(
                line.len() <= MAX_LINE_OCTETS,
                "{} octets: {line}",
                line.len()
            );
        }
    }

    #[test]
    fn request_has_all_fields() {
        let inv = invitation();
        let ics = invitation_ics(&inv);
        assert_well_formed(&ics);
        let flat = unfold(&ics);
        for expected in [
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//SmartCal//SmartCal//EN\r\n",
            "METHOD:REQUEST\r\n",
            "UID:0b7c3f9e-1d2a-4c5b-9e8f-123456789abc@smartcal\r\n",
            "SEQUENCE:2\r\n",
            "DTSTAMP:20260301T120005Z\r\n",
            "DTSTART:20260329T083000Z\r\n",
            "DTEND:20260329T090000Z\r\n",
            "STATUS:CONFIRMED\r\n",
            "ORGANIZER;CN=\"Alex Host\":mailto:alex@example.com\r\n",
            "ATTENDEE;CN=\"Jane Doe\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:jane@example.org\r\n",
            "END:VEVENT\r\nEND:VCALENDAR\r\n",
        ] {
            assert!(flat.contains(expected), "missing {expected:?} in\n{flat}");
        }

        let cal = parse(&ics);
        assert_eq!(cal.property_value("METHOD"), Some("REQUEST"));
        assert_eq!(cal.property_value("VERSION"), Some("2.0"));
        assert_eq!(
            cal.property_value("PRODID"),
            Some("-//SmartCal//SmartCal//EN")
        );
        let event = only_event(&cal);
        assert_eq!(event.get_uid(), Some(inv.uid.as_str()));
        assert_eq!(event.get_sequence(), Some(2));
        assert_eq!(event.get_summary(), Some(inv.summary.as_str()));
        assert_eq!(event.get_description(), Some(inv.description.as_str()));
        assert_eq!(event.get_location(), Some(inv.meeting_url.as_str()));
        assert_eq!(event.get_url(), Some(inv.meeting_url.as_str()));
        assert_eq!(event.get_status(), Some(icalendar::EventStatus::Confirmed));
        assert_eq!(event.get_start(), Some(inv.start.into()));
        assert_eq!(event.get_end(), Some(inv.end.into()));
        assert_eq!(event.get_timestamp(), Some(inv.dtstamp));
        assert_eq!(
            raw_property(&ics, "ORGANIZER"),
            vec![(
                "mailto:alex@example.com".to_owned(),
                vec![("CN".to_owned(), "Alex Host".to_owned())]
            )]
        );
        let attendee = raw_property(&ics, "ATTENDEE");
        assert_eq!(attendee.len(), 1);
        assert_eq!(attendee[0].0, "mailto:jane@example.org");
        for (key, val) in [
            ("CN", "Jane Doe"),
            ("ROLE", "REQ-PARTICIPANT"),
            ("PARTSTAT", "NEEDS-ACTION"),
            ("RSVP", "TRUE"),
        ] {
            assert!(
                attendee[0].1.contains(&(key.to_owned(), val.to_owned())),
                "{key}={val} in {:?}",
                attendee[0].1
            );
        }
    }

    #[test]
    fn cancel_uses_cancel_method_and_status() {
        let inv = Invitation {
            method: IcsMethod::Cancel,
            sequence: 3,
            ..invitation()
        };
        let ics = invitation_ics(&inv);
        assert_well_formed(&ics);
        let cal = parse(&ics);
        assert_eq!(cal.property_value("METHOD"), Some("CANCEL"));
        let event = only_event(&cal);
        assert_eq!(event.get_status(), Some(icalendar::EventStatus::Cancelled));
        assert_eq!(event.get_sequence(), Some(3));
        assert_eq!(event.get_uid(), Some(inv.uid.as_str()));
    }

    #[test]
    fn text_is_escaped_and_round_trips() {
        let inv = Invitation {
            summary: "Call; with, Jane \\ Co".into(),
            description: "Line one\nLine two\r\nLine three; a,b \\n literal".into(),
            ..invitation()
        };
        let ics = invitation_ics(&inv);
        assert_well_formed(&ics);
        let flat = unfold(&ics);
        assert!(
            flat.contains("SUMMARY:Call\\; with\\, Jane \\\\ Co\r\n"),
            "{flat}"
        );
        assert!(
            flat.contains(
                "DESCRIPTION:Line one\\nLine two\\nLine three\\; a\\,b \\\\n literal\r\n"
            ),
            "{flat}"
        );
        let event = only_event(&parse(&ics));
        assert_eq!(event.get_summary(), Some("Call; with, Jane \\ Co"));
        assert_eq!(
            event.get_description(),
            Some("Line one\nLine two\nLine three; a,b \\n literal")
        );
    }

    #[test]
    fn names_cannot_break_parameters_or_lines() {
        let inv = Invitation {
            organizer_name: "Alex \"The Host\"; Inc:".into(),
            attendee_name: "Jane\r\nATTENDEE:mailto:evil@example.com".into(),
            attendee_email: "jane@example.org\r\nX-EVIL:1".into(),
            ..invitation()
        };
        let ics = invitation_ics(&inv);
        assert_well_formed(&ics);
        let flat = unfold(&ics);
        assert!(flat.contains("ORGANIZER;CN=\"Alex 'The Host'; Inc:\":mailto:alex@example.com\r\n"));
        assert_eq!(flat.matches("\r\nATTENDEE").count(), 1);
        assert!(!flat.contains("\r\nX-EVIL"));
        let organizer = raw_property(&ics, "ORGANIZER");
        assert_eq!(organizer.len(), 1);
        assert_eq!(organizer[0].0, "mailto:alex@example.com");
        let attendee = raw_property(&ics, "ATTENDEE");
        assert_eq!(attendee.len(), 1);
        assert_eq!(attendee[0].0, "mailto:jane@example.orgX-EVIL:1");
    }

    #[test]
    fn long_utf8_description_folds_on_character_boundaries() {
        let description = "Grüße aus Köln — 会議の詳細: ".repeat(20) + "🎉🎉🎉 done";
        let inv = Invitation {
            description: description.clone(),
            ..invitation()
        };
        let ics = invitation_ics(&inv);
        assert_well_formed(&ics);
        let lines: Vec<&str> = ics.split_terminator("\r\n").collect();
        let continuations = lines.iter().filter(|l| l.starts_with(' ')).count();
        assert!(continuations > 10, "expected folding, got {continuations}");
        // Every physical line is valid UTF-8 on its own (the split never cut a character).
        let bytes = ics.as_bytes();
        for chunk in bytes.split(|&b| b == b'\n') {
            assert!(std::str::from_utf8(chunk).is_ok());
        }
        let event = only_event(&parse(&ics));
        assert_eq!(event.get_description(), Some(description.as_str()));
    }

    #[test]
    fn folding_edges() {
        for len in 70..160 {
            let mut out = String::new();
            let line = "x".repeat(len);
            fold_into(&line, &mut out);
            for l in out.split_terminator("\r\n") {
                assert!(l.len() <= MAX_LINE_OCTETS);
            }
            assert_eq!(unfold(&out), format!("{line}\r\n"));
        }
        let mut out = String::new();
        fold_into(&"é".repeat(100), &mut out);
        for l in out.split_terminator("\r\n") {
            assert!(l.len() <= MAX_LINE_OCTETS);
            assert!(l.trim_start().chars().all(|c| c == 'é'));
        }
    }

    #[test]
    fn a_published_calendar_has_every_event_and_no_method() {
        let mut second = invitation();
        second.uid = "other@example.org".into();
        second.start += chrono::Duration::days(1);
        second.end += chrono::Duration::days(1);
        let ics = calendar_ics(&[invitation(), second], Some("Alex, SmartCal"));
        assert!(!ics.contains("METHOD:"));
        assert!(ics.contains("X-WR-CALNAME:Alex\\, SmartCal\r\n"));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
        let cal = parse(&ics);
        assert_eq!(cal.components.len(), 2);
        // The busy-time reader takes it back (our own UID is skipped, the other one counts).
        let busy = crate::busy_ical::busy_intervals(
            &ics,
            chrono_tz::UTC,
            Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap(),
        )
        .unwrap();
        assert_eq!(busy.len(), 1);
        assert_eq!(
            busy[0].start,
            Utc.with_ymd_and_hms(2026, 3, 30, 8, 30, 0).unwrap()
        );
        assert!(calendar_ics(&[], None).contains("END:VCALENDAR"));
    }

    /// The parameters of the one `name` property of the VEVENT.
    fn params_of(ics: &str, name: &str) -> Vec<(String, String)> {
        let mut props = raw_property(ics, name);
        assert_eq!(props.len(), 1, "one {name} in\n{ics}");
        props.remove(0).1
    }

    fn schedule_agent() -> (String, String) {
        ("SCHEDULE-AGENT".to_owned(), "CLIENT".to_owned())
    }

    #[test]
    fn caldav_write_back_leaves_scheduling_to_smartcal() {
        let inv = invitation();
        let ics = caldav_event_ics(&inv);
        assert_well_formed(&ics);
        let flat = unfold(&ics);
        // A CalDAV resource: no METHOD (RFC 4791), no calendar name, one event.
        assert!(!flat.contains("METHOD:"), "{flat}");
        assert!(!flat.contains("X-WR-CALNAME"), "{flat}");
        assert_eq!(flat.matches("BEGIN:VEVENT").count(), 1);
        assert!(
            flat.contains(
                "\r\nORGANIZER;CN=\"Alex Host\";SCHEDULE-AGENT=CLIENT:mailto:alex@example.com\r\n"
            ),
            "{flat}"
        );
        assert!(
            flat.contains(
                "\r\nATTENDEE;CN=\"Jane Doe\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;\
                 RSVP=TRUE;SCHEDULE-AGENT=CLIENT:mailto:jane@example.org\r\n"
            ),
            "{flat}"
        );
        // Once per property, nowhere else.
        assert_eq!(flat.matches("SCHEDULE-AGENT").count(), 2, "{flat}");
        // The parser sees it as a parameter of each property, beside the others.
        let organizer = params_of(&ics, "ORGANIZER");
        assert!(organizer.contains(&schedule_agent()), "{organizer:?}");
        assert!(organizer.contains(&("CN".to_owned(), "Alex Host".to_owned())));
        let attendee = params_of(&ics, "ATTENDEE");
        assert!(attendee.contains(&schedule_agent()), "{attendee:?}");
        for (key, val) in [
            ("CN", "Jane Doe"),
            ("ROLE", "REQ-PARTICIPANT"),
            ("PARTSTAT", "NEEDS-ACTION"),
            ("RSVP", "TRUE"),
        ] {
            assert!(
                attendee.contains(&(key.to_owned(), val.to_owned())),
                "{key}={val} in {attendee:?}"
            );
        }
        assert_eq!(
            raw_property(&ics, "ATTENDEE")[0].0,
            "mailto:jane@example.org"
        );
        // Apart from the parameter, the same event the feed publishes.
        assert_eq!(
            flat.replace(";SCHEDULE-AGENT=CLIENT", ""),
            unfold(&calendar_ics(std::slice::from_ref(&inv), None))
        );
        let event = only_event(&parse(&ics));
        assert_eq!(event.get_uid(), Some(inv.uid.as_str()));
        assert_eq!(event.get_status(), Some(icalendar::EventStatus::Confirmed));
    }

    #[test]
    fn caldav_write_back_folds_and_quotes_around_the_schedule_agent() {
        // Long, special and multi-byte names: the ATTENDEE line folds (possibly inside the new
        // parameter) on character boundaries, and the names stay inside their quoted values.
        let inv = Invitation {
            method: IcsMethod::Cancel,
            organizer_name: "Alex \"The Host\"; Inc:, Köln".into(),
            attendee_name: "Jane Doe; Ünïcödé, Ltd: 会議の参加者 ".repeat(3),
            attendee_email: "jane.with.a.rather.long.address@example.org".into(),
            ..invitation()
        };
        let ics = caldav_event_ics(&inv);
        assert_well_formed(&ics);
        let attendee_lines = ics
            .split("\r\nATTENDEE")
            .nth(1)
            .expect("an ATTENDEE line")
            .split("\r\n")
            .take_while(|l| !l.contains(':') || l.starts_with(' ') || l.starts_with(';'))
            .count();
        assert!(attendee_lines > 1, "the ATTENDEE line folds:\n{ics}");
        let flat = unfold(&ics);
        assert!(flat.contains("STATUS:CANCELLED\r\n"));
        assert!(!flat.contains("METHOD:"));
        assert!(flat.contains(
            "\r\nORGANIZER;CN=\"Alex 'The Host'; Inc:, Köln\";SCHEDULE-AGENT=CLIENT:\
             mailto:alex@example.com\r\n"
        ));
        let organizer = params_of(&ics, "ORGANIZER");
        assert!(organizer.contains(&schedule_agent()), "{organizer:?}");
        let attendee = params_of(&ics, "ATTENDEE");
        assert!(attendee.contains(&schedule_agent()), "{attendee:?}");
        assert!(attendee.contains(&("CN".to_owned(), inv.attendee_name.clone())));
        assert_eq!(
            raw_property(&ics, "ATTENDEE")[0].0,
            "mailto:jane.with.a.rather.long.address@example.org"
        );
    }

    #[test]
    fn itip_messages_and_the_feed_carry_no_schedule_agent() {
        // RFC 6638 §7.1: clients MUST NOT put SCHEDULE-AGENT in scheduling messages they send.
        for method in [IcsMethod::Request, IcsMethod::Cancel] {
            let inv = Invitation {
                method,
                ..invitation()
            };
            let ics = invitation_ics(&inv);
            assert!(!unfold(&ics).contains("SCHEDULE-AGENT"), "{ics}");
            assert!(!params_of(&ics, "ATTENDEE").contains(&schedule_agent()));
            assert!(!params_of(&ics, "ORGANIZER").contains(&schedule_agent()));
        }
        let feed = calendar_ics(&[invitation()], Some("Alex"));
        assert!(!unfold(&feed).contains("SCHEDULE-AGENT"), "{feed}");
    }

    /// An RFC 5545 §3.3.6 duration (`[+/-]P…`), e.g. `-PT90M` or `-P1W`. (`icalendar`'s
    /// trigger reader takes ISO 8601 durations, which have no sign.)
    fn dur_value(s: &str) -> chrono::Duration {
        let (sign, rest) = match s.as_bytes().first() {
            Some(b'-') => (-1, &s[1..]),
            Some(b'+') => (1, &s[1..]),
            _ => (1, s),
        };
        let rest = rest.strip_prefix('P').expect("P");
        let mut total = chrono::Duration::zero();
        let mut number = String::new();
        let mut in_time = false;
        for c in rest.chars() {
            match c {
                'T' => in_time = true,
                '0'..='9' => number.push(c),
                unit => {
                    let n: i64 = number.parse().expect("a number before each unit");
                    number.clear();
                    total += match (unit, in_time) {
                        ('W', false) => chrono::Duration::weeks(n),
                        ('D', false) => chrono::Duration::days(n),
                        ('H', true) => chrono::Duration::hours(n),
                        ('M', true) => chrono::Duration::minutes(n),
                        ('S', true) => chrono::Duration::seconds(n),
                        other => panic!("not a dur-value unit: {other:?} in {s}"),
                    };
                }
            }
        }
        assert!(number.is_empty(), "a trailing number in {s}");
        total * sign
    }

    /// The VALARMs inside the VEVENT, parsed back: (ACTION, DESCRIPTION, TRIGGER as a
    /// duration relative to the start).
    fn alarms(ics: &str) -> Vec<(String, String, chrono::Duration)> {
        let unfolded = icalendar::parser::unfold(ics);
        let cal = icalendar::parser::read_calendar(&unfolded).expect("parses");
        let event = cal
            .components
            .iter()
            .find(|c| c.name == "VEVENT")
            .expect("a VEVENT");
        event
            .components
            .iter()
            .map(|alarm| {
                assert_eq!(alarm.name.as_str(), "VALARM");
                let value = |name: &str| {
                    let props: Vec<_> = alarm
                        .properties
                        .iter()
                        .filter(|p| p.name.as_str() == name)
                        .collect();
                    assert_eq!(props.len(), 1, "one {name} per VALARM");
                    props[0].clone()
                };
                let trigger = value("TRIGGER");
                assert!(
                    trigger.params.is_empty(),
                    "relative to the start (the default)"
                );
                (
                    value("ACTION").val.to_string(),
                    value("DESCRIPTION").val.to_string(),
                    dur_value(trigger.val.as_str()),
                )
            })
            .collect()
    }

    #[test]
    fn a_request_carries_one_display_alarm_per_reminder() {
        let inv = Invitation {
            alarms_minutes: vec![15, 1440, 60],
            ..invitation()
        };
        let ics = invitation_ics(&inv);
        assert_well_formed(&ics);
        let flat = unfold(&ics);
        for m in [15, 60, 1440] {
            assert_eq!(
                flat.matches(&format!("\r\nTRIGGER:-PT{m}M\r\n")).count(),
                1,
                "{flat}"
            );
        }
        // Inside the VEVENT, after its properties.
        assert!(flat.contains("TRANSP:OPAQUE\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\n"));
        assert!(flat.contains("END:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert_eq!(
            alarms(&ics),
            [1440, 60, 15].map(|m| (
                "DISPLAY".to_owned(),
                inv.summary.clone(),
                -chrono::Duration::minutes(m)
            ))
        );
        // The high-level parser still sees one event with its fields.
        let event = only_event(&parse(&ics));
        assert_eq!(event.get_uid(), Some(inv.uid.as_str()));
        assert_eq!(event.get_summary(), Some(inv.summary.as_str()));
        // The same alarms in the feed and the CalDAV write-back (one VEVENT each).
        for other in [
            calendar_ics(std::slice::from_ref(&inv), None),
            caldav_event_ics(&inv),
        ] {
            assert_eq!(alarms(&other).len(), 3);
        }
    }

    #[test]
    fn no_alarms_without_reminders_or_once_cancelled_and_duplicates_once() {
        assert!(!invitation_ics(&invitation()).contains("VALARM"));
        let cancelled = Invitation {
            method: IcsMethod::Cancel,
            alarms_minutes: vec![60],
            ..invitation()
        };
        assert!(!invitation_ics(&cancelled).contains("VALARM"));
        let twice = Invitation {
            alarms_minutes: vec![60, 60],
            ..invitation()
        };
        assert_eq!(alarms(&invitation_ics(&twice)).len(), 1);
    }

    #[test]
    fn an_alarm_description_is_escaped_and_folded() {
        let inv = Invitation {
            summary: "Intro; call, with \"quotes\" and a very long title — Grüße aus Köln "
                .repeat(3)
                + "\r\nTRIGGER:-PT1M",
            alarms_minutes: vec![10_080],
            ..invitation()
        };
        let ics = invitation_ics(&inv);
        assert_well_formed(&ics);
        let got = alarms(&ics);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].2, -chrono::Duration::weeks(1));
        assert!(!unfold(&ics).contains("\r\nTRIGGER:-PT1M"));
    }
}
