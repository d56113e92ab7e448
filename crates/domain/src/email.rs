//! The text of the booking emails (request, confirmation, cancellation, reschedule, decline,
//! reminder, the host's request to pick a new time) for host and guest. A cancellation says
//! who cancelled: the host or the guest, by name.
//!
//! Pure rendering: every value, including the recipient's time zone and locale, is an
//! argument. The words come from the recipient's language's catalogue (`email*.ftl` of
//! `smartcal-i18n`); times are shown in the recipient's zone with the zone named, written by
//! their locale's pattern ([`crate::dates`]), as the booking page writes them. The HTML part is a small single-column
//! email with inline styles only, and every interpolated value is HTML-escaped.

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use smartcal_i18n::{Language, Locale, Messages};
use smartcal_types::CancelledBy;

use crate::dates::{self, Length};

/// Which booking event the email announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailKind {
    /// A booking request waits for the host: the guest hears it was received (no meeting link
    /// yet), the host gets the link to decide.
    Request,
    /// A new booking was confirmed.
    Confirmation,
    /// The booking was cancelled.
    Cancellation,
    /// The booking was moved to a new time.
    Reschedule,
    /// The request was declined (by the host, or because it was still pending at its start).
    Decline,
    /// The meeting starts soon.
    Reminder,
    /// The host asks the guest to choose a new time (to the guest only). The meeting keeps
    /// its time until the guest moves it, so the email still carries the meeting link.
    RescheduleRequest,
}

impl EmailKind {
    /// Whether the email carries the meeting link (the meeting will take place).
    pub fn has_meeting_link(self) -> bool {
        matches!(
            self,
            EmailKind::Confirmation
                | EmailKind::Reschedule
                | EmailKind::Reminder
                | EmailKind::RescheduleRequest
        )
    }
}

/// Who receives the email; the email names the other party.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient {
    /// The host who owns the agenda.
    Host,
    /// The guest who booked.
    Guest,
}

/// Everything a booking email says.
#[derive(Debug, Clone)]
pub struct BookingEmail {
    /// Confirmation, cancellation or reschedule.
    pub kind: EmailKind,
    /// Host or guest.
    pub recipient: Recipient,
    /// Times are shown in this zone, and the zone is named.
    pub recipient_time_zone: Tz,
    /// The recipient's language (the words) and locale (the date patterns).
    pub locale: Locale,
    /// The agenda's title, e.g. "Intro call".
    pub agenda_title: String,
    /// Length of the meeting in minutes.
    pub duration_minutes: u32,
    /// Start of the meeting.
    pub start: DateTime<Utc>,
    /// End of the meeting.
    pub end: DateTime<Utc>,
    /// For reschedules: the old start time.
    pub previous_start: Option<DateTime<Utc>>,
    /// The host's display name.
    pub host_name: String,
    /// The host's email address.
    pub host_email: String,
    /// The guest's display name.
    pub guest_name: String,
    /// The guest's email address.
    pub guest_email: String,
    /// The guest's notes; empty for none.
    pub notes: String,
    /// Why the booking was cancelled, if a reason was given.
    pub cancel_reason: Option<String>,
    /// Who cancelled the booking (a cancellation names them); `None` when not recorded.
    pub cancelled_by: Option<CancelledBy>,
    /// Why the request was declined, if a reason was given.
    pub decline_reason: Option<String>,
    /// The host's note with a request to choose a new time, if they wrote one.
    pub message: Option<String>,
    /// The guest's answers to the agenda's questions: (label, answer as text), in order.
    pub answers: Vec<(String, String)>,
    /// For reminders: how many minutes before the start it is sent.
    pub reminder_minutes: Option<u32>,
    /// The Jitsi link (or the personal join link).
    pub meeting_url: String,
    /// For the guest: the page to cancel or reschedule.
    pub manage_url: Option<String>,
    /// For the host: the dashboard.
    pub dashboard_url: Option<String>,
    /// For the host of a request: the page that confirms or declines it.
    pub decide_url: Option<String>,
    /// For the guest of a cancellation or decline: the agenda's booking page, to book another
    /// time (absent when the agenda no longer takes bookings from its public page).
    pub book_again_url: Option<String>,
}

/// A rendered email: subject, plain-text part and HTML part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedEmail {
    /// The subject line.
    pub subject: String,
    /// The plain-text body (no HTML).
    pub text: String,
    /// The HTML body.
    pub html: String,
}

/// The emails' messages of `language`, parsed once per process.
pub fn messages(language: Language) -> &'static Messages {
    static ALL: OnceLock<Vec<Messages>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        Language::all()
            .map(|l| Messages::new(l, &[smartcal_i18n::EMAIL]))
            .collect()
    });
    all.iter()
        .find(|m| m.language() == language)
        .unwrap_or(&all[0])
}

/// The values shared by the text and HTML parts, already formatted but not escaped.
struct Parts {
    heading: String,
    /// A sentence under the heading, if the kind needs one.
    lead: Option<String>,
    when: String,
    previous: Option<String>,
    duration: String,
    other_label: String,
    other_name: String,
    other_email: String,
    /// (label, url) of the guest's manage link or the host's dashboard link.
    link: Option<(String, String)>,
}

/// Renders the subject, plain text and HTML of one booking email, in the recipient's locale.
pub fn render(e: &BookingEmail) -> RenderedEmail {
    let m = messages(e.locale.language());
    let parts = parts(e, m);
    let verb = match (e.kind, e.recipient) {
        (EmailKind::Request, Recipient::Host) => "email-verb-request-host",
        (EmailKind::Request, Recipient::Guest) => "email-verb-request-guest",
        (EmailKind::Confirmation, _) => "email-verb-confirmed",
        (EmailKind::Cancellation, _) => "email-verb-cancelled",
        (EmailKind::Reschedule, _) => "email-verb-rescheduled",
        (EmailKind::Decline, _) => "email-verb-declined",
        (EmailKind::Reminder, _) => "email-verb-reminder",
        (EmailKind::RescheduleRequest, _) => "email-verb-new-time-requested",
    };
    let tz = e.recipient_time_zone;
    let start = e.start.with_timezone(&tz).naive_local();
    let subject = one_line(&m.format(
        "email-subject",
        &[
            ("verb", m.text(verb).into()),
            ("title", e.agenda_title.as_str().into()),
            ("other", parts.other_name.as_str().into()),
            (
                "when",
                dates::date_time(e.locale, start, Length::Medium).into(),
            ),
            ("zone", tz.name().into()),
        ],
    ));
    RenderedEmail {
        subject,
        text: text(e, &parts, m),
        html: html(e, &parts, m),
    }
}

fn parts(e: &BookingEmail, m: &Messages) -> Parts {
    let (other_label, other_name, other_email) = match e.recipient {
        Recipient::Host => ("email-label-guest", &e.guest_name, &e.guest_email),
        Recipient::Guest => ("email-label-host", &e.host_name, &e.host_email),
    };
    let link = match (e.recipient, e.kind) {
        (Recipient::Guest, EmailKind::Cancellation | EmailKind::Decline) => e
            .book_again_url
            .clone()
            .map(|u| ("email-link-book-again", u)),
        (Recipient::Guest, EmailKind::Request) => {
            e.manage_url.clone().map(|u| ("email-link-withdraw", u))
        }
        (Recipient::Guest, EmailKind::RescheduleRequest) => e
            .manage_url
            .clone()
            .map(|u| ("email-link-choose-new-time", u)),
        (Recipient::Guest, _) => e.manage_url.clone().map(|u| ("email-link-manage", u)),
        (Recipient::Host, EmailKind::Request) => {
            e.decide_url.clone().map(|u| ("email-link-decide", u))
        }
        (Recipient::Host, _) => e.dashboard_url.clone().map(|u| ("email-link-dashboard", u)),
    };
    let host = one_line(&e.host_name);
    let heading = match (e.kind, e.recipient) {
        (EmailKind::Request, Recipient::Guest) => m.text("email-heading-request-guest"),
        (EmailKind::Request, Recipient::Host) => m.text("email-heading-request-host"),
        (EmailKind::Confirmation, _) => m.text("email-heading-confirmed"),
        (EmailKind::Cancellation, _) => m.text("email-heading-cancelled"),
        (EmailKind::Reschedule, _) => m.text("email-heading-rescheduled"),
        (EmailKind::Decline, _) => m.text("email-heading-declined"),
        (EmailKind::Reminder, _) => match e.reminder_minutes {
            Some(minutes) => m.format(
                "email-heading-reminder",
                &[("duration", duration_text(m, minutes).into())],
            ),
            None => m.text("email-heading-reminder-soon"),
        },
        (EmailKind::RescheduleRequest, _) => m.text("email-heading-new-time-requested"),
    };
    let lead = match (e.kind, e.recipient) {
        (EmailKind::Request, Recipient::Guest) => Some(m.format(
            "email-lead-request-guest",
            &[("host", host.as_str().into())],
        )),
        (EmailKind::Request, Recipient::Host) => Some(m.text("email-lead-request-host")),
        (EmailKind::Cancellation, _) => e.cancelled_by.map(|by| match by {
            CancelledBy::Host => m.format(
                "email-lead-cancelled-by-host",
                &[("host", host.as_str().into())],
            ),
            CancelledBy::Guest => m.format(
                "email-lead-cancelled-by-guest",
                &[("guest", one_line(&e.guest_name).into())],
            ),
        }),
        (EmailKind::RescheduleRequest, _) => Some(m.format(
            "email-lead-new-time-requested",
            &[("host", host.as_str().into())],
        )),
        _ => None,
    };
    let previous = match e.kind {
        EmailKind::Reschedule => e
            .previous_start
            .map(|p| local_instant(m, e.locale, p, e.recipient_time_zone)),
        _ => None,
    };
    Parts {
        heading,
        lead,
        when: local_range(m, e.locale, e.start, e.end, e.recipient_time_zone),
        previous,
        duration: duration_text(m, e.duration_minutes),
        other_label: m.text(other_label),
        other_name: one_line(other_name),
        other_email: one_line(other_email),
        link: link.map(|(label, url)| (m.text(label), url)),
    }
}

/// `Tuesday, December 1, 2026 at 9:00 AM – 9:30 AM (Europe/Berlin, UTC+01:00)` in the
/// recipient's locale: the start as the booking page writes it, then the end's time (its
/// date too when the meeting ends on another local day).
fn local_range(
    m: &Messages,
    locale: Locale,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    tz: Tz,
) -> String {
    let s = start.with_timezone(&tz);
    let e = end.with_timezone(&tz);
    let end_text = if s.date_naive() == e.date_naive() {
        dates::time(locale, e.naive_local())
    } else {
        dates::date_time(locale, e.naive_local(), Length::Long)
    };
    m.format(
        "email-when",
        &[
            (
                "start",
                dates::date_time(locale, s.naive_local(), Length::Long).into(),
            ),
            ("end", end_text.into()),
            ("zone", tz.name().into()),
            ("offset", format!("UTC{}", s.format("%:z")).into()),
        ],
    )
}

/// `Monday, November 30, 2026 at 3:00 PM (Europe/Berlin, UTC+01:00)` in the locale.
fn local_instant(m: &Messages, locale: Locale, at: DateTime<Utc>, tz: Tz) -> String {
    let l = at.with_timezone(&tz);
    m.format(
        "email-at",
        &[
            (
                "at",
                dates::date_time(locale, l.naive_local(), Length::Long).into(),
            ),
            ("zone", tz.name().into()),
            ("offset", format!("UTC{}", l.format("%:z")).into()),
        ],
    )
}

fn duration_text(m: &Messages, minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, minutes) => m.format("email-minutes", &[("minutes", minutes.into())]),
        (hours, 0) => m.format("email-hours", &[("hours", hours.into())]),
        (hours, minutes) => m.format(
            "email-hours-minutes",
            &[("hours", hours.into()), ("minutes", minutes.into())],
        ),
    }
}

/// Replaces CR/LF and other control characters by spaces (subjects and one-line fields).
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn text(e: &BookingEmail, p: &Parts, m: &Messages) -> String {
    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(s);
        out.push('\n');
    };
    let labelled = |label: &str, value: &str| format!("{}: {value}", m.text(label));
    line(&format!("{}.", p.heading));
    if let Some(lead) = &p.lead {
        line(lead);
    }
    line("");
    line(&labelled("email-label-what", &one_line(&e.agenda_title)));
    line(&labelled("email-label-when", &p.when));
    if let Some(prev) = &p.previous {
        line(&labelled("email-label-was", prev));
    }
    line(&labelled("email-label-duration", &p.duration));
    line(&format!(
        "{}: {} <{}>",
        p.other_label, p.other_name, p.other_email
    ));
    if e.kind.has_meeting_link() {
        line(&labelled("email-label-join", &one_line(&e.meeting_url)));
    }
    if !e.notes.trim().is_empty() {
        line("");
        line(&format!("{}:", m.text("email-label-notes")));
        line(e.notes.trim());
    }
    if !e.answers.is_empty() {
        line("");
        for (label, value) in &e.answers {
            line(&format!("{}: {}", one_line(label), value.trim()));
        }
    }
    if let Some(reason) = reason(e) {
        line("");
        line(&labelled("email-label-reason", reason));
    }
    if let Some(message) = message(e) {
        line("");
        line(&m.format(
            "email-message-from",
            &[("host", one_line(&e.host_name).into())],
        ));
        line(message);
    }
    if let Some((label, url)) = &p.link {
        line("");
        line(&format!("{label}: {}", one_line(url)));
    }
    out
}

/// The reason the email reports: the cancel reason of a cancellation, the decline reason of a
/// decline.
fn reason(e: &BookingEmail) -> Option<&str> {
    match e.kind {
        EmailKind::Cancellation => e.cancel_reason.as_deref(),
        EmailKind::Decline => e.decline_reason.as_deref(),
        _ => None,
    }
    .map(str::trim)
    .filter(|r| !r.is_empty())
}

/// The host's note of a request to choose a new time.
fn message(e: &BookingEmail) -> Option<&str> {
    match e.kind {
        EmailKind::RescheduleRequest => e.message.as_deref(),
        _ => None,
    }
    .map(str::trim)
    .filter(|m| !m.is_empty())
}

/// Escapes `& < > " '` for HTML text and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes and keeps line breaks as `<br>`.
fn escape_multiline(s: &str) -> String {
    escape_html(s).replace("\r\n", "\n").replace('\n', "<br>\n")
}

const ROW_LABEL: &str =
    "padding:6px 12px 6px 0;color:#6b7280;vertical-align:top;white-space:nowrap;";
const ROW_VALUE: &str = "padding:6px 0;color:#111827;vertical-align:top;";

fn row(label: &str, value_html: &str) -> String {
    format!(
        "<tr><td style=\"{ROW_LABEL}\">{}</td><td style=\"{ROW_VALUE}\">{value_html}</td></tr>\n",
        escape_html(label)
    )
}

fn html(e: &BookingEmail, p: &Parts, m: &Messages) -> String {
    let mut rows = String::new();
    rows.push_str(&row(
        &m.text("email-label-what"),
        &escape_html(&e.agenda_title),
    ));
    rows.push_str(&row(&m.text("email-label-when"), &escape_html(&p.when)));
    if let Some(prev) = &p.previous {
        rows.push_str(&row(
            &m.text("email-label-was"),
            &format!("<s style=\"color:#6b7280;\">{}</s>", escape_html(prev)),
        ));
    }
    rows.push_str(&row(
        &m.text("email-label-duration"),
        &escape_html(&p.duration),
    ));
    let email = escape_html(&p.other_email);
    rows.push_str(&row(
        &p.other_label,
        &format!(
            "{} &lt;<a href=\"mailto:{email}\" style=\"color:#2563eb;\">{email}</a>&gt;",
            escape_html(&p.other_name)
        ),
    ));
    if !e.notes.trim().is_empty() {
        rows.push_str(&row(
            &m.text("email-label-notes"),
            &escape_multiline(e.notes.trim()),
        ));
    }
    for (label, value) in &e.answers {
        rows.push_str(&row(label, &escape_multiline(value.trim())));
    }
    if let Some(reason) = reason(e) {
        rows.push_str(&row(
            &m.text("email-label-reason"),
            &escape_multiline(reason),
        ));
    }
    if let Some(message) = message(e) {
        rows.push_str(&row(
            &m.text("email-label-message"),
            &escape_multiline(message),
        ));
    }

    let mut body = String::new();
    body.push_str(&format!(
        "<h1 style=\"margin:0 0 16px;font-size:20px;line-height:1.3;color:#111827;\">{}</h1>\n",
        escape_html(&p.heading)
    ));
    if let Some(lead) = &p.lead {
        body.push_str(&format!(
            "<p style=\"margin:0 0 16px;font-size:15px;line-height:1.5;color:#374151;\">{}</p>\n",
            escape_html(lead)
        ));
    }
    body.push_str(&format!(
        "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"width:100%;border-collapse:collapse;font-size:15px;line-height:1.5;\">\n{rows}</table>\n"
    ));
    if e.kind.has_meeting_link() {
        let url = escape_html(&e.meeting_url);
        body.push_str(&format!(
            "<p style=\"margin:24px 0 8px;\"><a href=\"{url}\" style=\"display:inline-block;padding:12px 24px;background:#2563eb;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold;font-size:16px;\">{join}</a></p>\n\
             <p style=\"margin:0 0 16px;font-size:13px;color:#6b7280;word-break:break-all;\">{url}</p>\n",
            join = escape_html(&m.text("email-join-button")),
        ));
    }
    if let Some((label, url)) = &p.link {
        body.push_str(&format!(
            "<p style=\"margin:16px 0 0;font-size:14px;\"><a href=\"{}\" style=\"color:#2563eb;\">{}</a></p>\n",
            escape_html(url),
            escape_html(label)
        ));
    }

    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n</head>\n\
         <body style=\"margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\">\n\
         <div style=\"width:100%;background:#f3f4f6;padding:24px 0;\">\n\
         <div style=\"max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;box-sizing:border-box;\">\n\
         {body}</div>\n</div>\n</body>\n</html>\n",
        lang = e.locale,
        title = escape_html(&p.heading),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    fn sample(kind: EmailKind, recipient: Recipient) -> BookingEmail {
        BookingEmail {
            kind,
            recipient,
            recipient_time_zone: chrono_tz::Europe::Berlin,
            locale: "en-GB".parse().unwrap(),
            agenda_title: "Intro call".into(),
            duration_minutes: 30,
            start: utc(2026, 12, 1, 8, 0),
            end: utc(2026, 12, 1, 8, 30),
            previous_start: match kind {
                EmailKind::Reschedule => Some(utc(2026, 11, 30, 14, 0)),
                _ => None,
            },
            host_name: "Alex Host".into(),
            host_email: "alex@example.com".into(),
            guest_name: "Jane Doe".into(),
            guest_email: "jane@example.org".into(),
            notes: "Let's talk about pricing.".into(),
            cancel_reason: match kind {
                EmailKind::Cancellation => Some("Something came up".into()),
                _ => None,
            },
            cancelled_by: None,
            decline_reason: None,
            message: None,
            answers: vec![],
            reminder_minutes: None,
            meeting_url: "https://meet.jit.si/SmartCal-abc123".into(),
            manage_url: Some("https://cal.example.com/manage/b1?token=tok".into()),
            dashboard_url: Some("https://cal.example.com/dashboard".into()),
            decide_url: None,
            book_again_url: None,
        }
    }

    const KINDS: [EmailKind; 7] = [
        EmailKind::Request,
        EmailKind::Confirmation,
        EmailKind::Cancellation,
        EmailKind::Reschedule,
        EmailKind::Decline,
        EmailKind::Reminder,
        EmailKind::RescheduleRequest,
    ];
    const RECIPIENTS: [Recipient; 2] = [Recipient::Host, Recipient::Guest];

    #[test]
    fn subject_matches_the_spec_example() {
        let r = render(&sample(EmailKind::Confirmation, Recipient::Host));
        assert_eq!(
            r.subject,
            "Confirmed: Intro call with Jane Doe on Tue, 1 Dec 2026, 09:00 (Europe/Berlin)"
        );
    }

    #[test]
    fn every_kind_and_recipient_names_the_other_party_and_the_time() {
        for kind in KINDS {
            for recipient in RECIPIENTS {
                let e = sample(kind, recipient);
                let r = render(&e);
                let (other, other_email, me) = match recipient {
                    Recipient::Host => ("Jane Doe", "jane@example.org", "Alex Host"),
                    Recipient::Guest => ("Alex Host", "alex@example.com", "Jane Doe"),
                };
                let prefix = match (kind, recipient) {
                    (EmailKind::Request, Recipient::Host) => "New request: ",
                    (EmailKind::Request, Recipient::Guest) => "Request received: ",
                    (EmailKind::Confirmation, _) => "Confirmed: ",
                    (EmailKind::Cancellation, _) => "Cancelled: ",
                    (EmailKind::Reschedule, _) => "Rescheduled: ",
                    (EmailKind::Decline, _) => "Declined: ",
                    (EmailKind::Reminder, _) => "Reminder: ",
                    (EmailKind::RescheduleRequest, _) => "New time requested: ",
                };
                assert!(r.subject.starts_with(prefix), "{}", r.subject);
                assert!(r.subject.contains(other), "{}", r.subject);
                assert!(!r.subject.contains(me), "{}", r.subject);
                let when = "Tuesday, 1 December 2026 at 09:00 – 09:30 (Europe/Berlin, UTC+01:00)";
                for body in [&r.text, &r.html] {
                    assert!(body.contains(when), "{kind:?} {recipient:?}: {body}");
                    assert!(body.contains(other));
                    assert!(body.contains(other_email));
                    assert!(body.contains("Intro call"));
                    assert!(body.contains("30 minutes"));
                }
                assert!(r.text.contains("Let's talk about pricing."));
                assert!(r.html.contains("Let&#39;s talk about pricing."));
                assert!(!r.text.contains('<') || r.text.contains(&format!("<{other_email}>")));
                assert!(!r.text.contains("</"), "plain text has no HTML");
                assert!(r.html.contains("max-width:560px"));
            }
        }
    }

    #[test]
    fn meeting_link_only_when_the_meeting_will_take_place() {
        for kind in KINDS {
            for recipient in RECIPIENTS {
                let r = render(&sample(kind, recipient));
                let url = "https://meet.jit.si/SmartCal-abc123";
                let has = !matches!(
                    kind,
                    EmailKind::Cancellation | EmailKind::Request | EmailKind::Decline
                );
                assert_eq!(r.text.contains(url), has, "{kind:?} {recipient:?}");
                assert_eq!(
                    r.html.contains(&format!("href=\"{url}\"")),
                    has,
                    "{kind:?} {recipient:?}"
                );
                assert_eq!(r.html.contains("Join meeting"), has);
            }
        }
    }

    #[test]
    fn guest_gets_manage_link_and_host_gets_dashboard() {
        let manage = "https://cal.example.com/manage/b1?token=tok";
        let dash = "https://cal.example.com/dashboard";
        for kind in [
            EmailKind::Confirmation,
            EmailKind::Reschedule,
            EmailKind::Reminder,
        ] {
            let g = render(&sample(kind, Recipient::Guest));
            assert!(g.text.contains(manage));
            assert!(g.html.contains(&format!("href=\"{manage}\"")));
            assert!(!g.text.contains(dash) && !g.html.contains(dash));
            let h = render(&sample(kind, Recipient::Host));
            assert!(h.text.contains(dash));
            assert!(h.html.contains(&format!("href=\"{dash}\"")));
            assert!(!h.text.contains(manage) && !h.html.contains("manage/b1"));
        }
    }

    #[test]
    fn a_request_tells_the_guest_it_waits_and_gives_the_host_the_decide_link() {
        let decide = "https://cal.example.com/decide/b1?token=dec";
        let mut h = sample(EmailKind::Request, Recipient::Host);
        h.decide_url = Some(decide.into());
        let host = render(&h);
        assert!(
            host.text.contains(&format!("Confirm or decline: {decide}")),
            "{}",
            host.text
        );
        assert!(host.html.contains(&format!("href=\"{decide}\"")));
        assert!(!host.text.contains("cal.example.com/dashboard"));
        assert!(host
            .text
            .contains("still open when the meeting would start"));

        let guest = render(&sample(EmailKind::Request, Recipient::Guest));
        assert!(guest
            .text
            .starts_with("Your request was received.\nAlex Host will confirm"));
        assert!(guest
            .text
            .contains("Withdraw the request: https://cal.example.com/manage/b1"));
        assert!(!guest.text.contains("Join:"));
    }

    #[test]
    fn a_decline_gives_its_reason_and_no_links_to_the_guest() {
        let mut e = sample(EmailKind::Decline, Recipient::Guest);
        e.decline_reason = Some("  Travelling that week ".into());
        e.cancel_reason = Some("not this one".into());
        let r = render(&e);
        assert!(
            r.text.contains("Reason: Travelling that week\n"),
            "{}",
            r.text
        );
        assert!(!r.text.contains("not this one"));
        assert!(!r.text.contains("manage/b1") && !r.text.contains("Join:"));
        assert!(r.html.contains("Travelling that week"));
    }

    #[test]
    fn a_reminder_says_how_soon_and_answers_are_listed_as_asked() {
        let mut e = sample(EmailKind::Reminder, Recipient::Guest);
        e.reminder_minutes = Some(1440);
        e.answers = vec![
            ("Company".into(), "ACME <Inc>".into()),
            ("Topics".into(), "Pricing, Support".into()),
        ];
        let r = render(&e);
        assert!(
            r.text.starts_with("Your meeting starts in 24 h.\n"),
            "{}",
            r.text
        );
        assert!(r
            .text
            .contains("Company: ACME <Inc>\nTopics: Pricing, Support\n"));
        assert!(r.html.contains("ACME &lt;Inc&gt;"));
        e.reminder_minutes = Some(90);
        assert!(render(&e)
            .text
            .starts_with("Your meeting starts in 1 h 30 min.\n"));
    }

    #[test]
    fn missing_optional_links_and_notes_are_left_out() {
        let mut e = sample(EmailKind::Confirmation, Recipient::Guest);
        e.manage_url = None;
        e.notes = "  ".into();
        let r = render(&e);
        assert!(!r.text.contains("Cancel or reschedule"));
        assert!(!r.html.contains("Cancel or reschedule"));
        assert!(!r.text.contains("Notes"));
        assert!(!r.html.contains("Notes"));
    }

    #[test]
    fn a_cancelled_guest_is_offered_to_book_another_time() {
        let mut e = sample(EmailKind::Cancellation, Recipient::Guest);
        e.book_again_url = Some("https://cal.example.com/book/alex/intro?a=1&b=2".into());
        let r = render(&e);
        assert!(
            r.text
                .contains("Book another time: https://cal.example.com/book/alex/intro?a=1&b=2\n"),
            "{}",
            r.text
        );
        assert!(r.html.contains(
            "<a href=\"https://cal.example.com/book/alex/intro?a=1&amp;b=2\" style=\"color:#2563eb;\">Book another time</a>"
        ));
        // Not without the link (an agenda no longer offered), and never to the host.
        e.book_again_url = None;
        assert!(!render(&e).text.contains("Book another time"));
        let mut host = sample(EmailKind::Cancellation, Recipient::Host);
        host.book_again_url = Some("https://cal.example.com/book/alex/intro".into());
        assert!(!render(&host).text.contains("Book another time"));
        // A confirmation keeps its manage link instead.
        let mut conf = sample(EmailKind::Confirmation, Recipient::Guest);
        conf.book_again_url = Some("https://cal.example.com/book/alex/intro".into());
        assert!(!render(&conf).text.contains("Book another time"));
    }

    #[test]
    fn cancellation_shows_reason_and_reschedule_shows_previous_time() {
        let c = render(&sample(EmailKind::Cancellation, Recipient::Guest));
        assert!(c.text.contains("Reason: Something came up"));
        assert!(c.html.contains("Something came up"));

        let r = render(&sample(EmailKind::Reschedule, Recipient::Host));
        let was = "Monday, 30 November 2026 at 15:00 (Europe/Berlin, UTC+01:00)";
        assert!(r.text.contains(&format!("Was: {was}")), "{}", r.text);
        assert!(r
            .html
            .contains(&format!("<s style=\"color:#6b7280;\">{was}</s>")));
        assert!(!r.text.contains("Reason"));

        let conf = render(&sample(EmailKind::Confirmation, Recipient::Host));
        assert!(!conf.text.contains("Was:"));
    }

    #[test]
    fn times_are_in_the_recipients_zone_across_a_dst_change() {
        // 2026-10-26 09:00 Berlin: Berlin is already back on CET (UTC+1), New York still on
        // EDT (UTC-4) until 1 November, so the guest sees 04:00, not 03:00.
        let berlin = chrono_tz::Europe::Berlin;
        let start = berlin
            .with_ymd_and_hms(2026, 10, 26, 9, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let mut e = sample(EmailKind::Confirmation, Recipient::Guest);
        e.start = start;
        e.end = start + chrono::Duration::minutes(30);
        e.recipient_time_zone = chrono_tz::America::New_York;
        let r = render(&e);
        assert_eq!(
            r.subject,
            "Confirmed: Intro call with Alex Host on Mon, 26 Oct 2026, 04:00 (America/New_York)"
        );
        let when = "Monday, 26 October 2026 at 04:00 – 04:30 (America/New_York, UTC-04:00)";
        assert!(r.text.contains(when), "{}", r.text);
        assert!(r.html.contains(when));

        e.recipient_time_zone = berlin;
        e.recipient = Recipient::Host;
        let h = render(&e);
        assert!(h
            .text
            .contains("Monday, 26 October 2026 at 09:00 – 09:30 (Europe/Berlin, UTC+01:00)"));
    }

    #[test]
    fn meeting_ending_on_the_next_local_day_names_the_end_date() {
        let mut e = sample(EmailKind::Confirmation, Recipient::Host);
        e.start = utc(2026, 12, 1, 22, 45);
        e.end = utc(2026, 12, 1, 23, 15);
        let r = render(&e);
        assert!(r.text.contains(
            "Tuesday, 1 December 2026 at 23:45 – Wednesday, 2 December 2026 at 00:15 (Europe/Berlin, UTC+01:00)"
        ));
    }

    #[test]
    fn every_kind_reads_in_the_recipients_language_with_its_dates() {
        // (locale, the confirmation's subject start, words of its body, the long date).
        let cases = [
            (
                "de",
                "Bestätigt: Intro call mit Jane Doe am ",
                "Ihr Termin ist bestätigt",
                "Dienstag, 1. Dezember 2026 um 09:00 – 09:30",
            ),
            (
                "fr",
                "Confirmé\u{a0}: Intro call avec Jane Doe le ",
                "Votre rendez-vous est confirmé",
                "mardi 1 décembre 2026 à 09:00 – 09:30",
            ),
            (
                "es",
                "Confirmada: Intro call con Jane Doe el ",
                "Su reunión está confirmada",
                "martes, 1 de diciembre de 2026 a las 09:00 – 09:30",
            ),
        ];
        let english = ["Your meeting", "Join meeting", "Duration", "What:", "When:"];
        for (tag, subject, heading, when) in cases {
            let locale: Locale = tag.parse().unwrap();
            let mut e = sample(EmailKind::Confirmation, Recipient::Host);
            e.locale = locale;
            let r = render(&e);
            assert!(r.subject.starts_with(subject), "{tag}: {}", r.subject);
            assert!(r.text.starts_with(heading), "{tag}: {}", r.text);
            assert!(r.text.contains(when), "{tag}: {}", r.text);
            assert!(r.html.contains(&format!("<html lang=\"{tag}\">")), "{tag}");
            for kind in KINDS {
                for recipient in RECIPIENTS {
                    let mut e = sample(kind, recipient);
                    e.locale = locale;
                    e.reminder_minutes = Some(90);
                    let r = render(&e);
                    for body in [&r.subject, &r.text, &r.html] {
                        for word in english {
                            assert!(
                                !body.contains(word),
                                "{tag} {kind:?} {recipient:?}: {word:?} in {body}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn every_interpolated_value_is_html_escaped() {
        let evil = "<script>&\"'";
        let escaped = "&lt;script&gt;&amp;&quot;&#39;";
        for kind in KINDS {
            for recipient in RECIPIENTS {
                let mut e = sample(kind, recipient);
                e.agenda_title = evil.into();
                e.host_name = evil.into();
                e.guest_name = evil.into();
                e.host_email = evil.into();
                e.guest_email = evil.into();
                e.notes = evil.into();
                e.cancel_reason = Some(evil.into());
                e.meeting_url = format!("https://x/{evil}");
                e.manage_url = Some(format!("https://m/{evil}"));
                e.dashboard_url = Some(format!("https://d/{evil}"));
                let r = render(&e);
                assert!(!r.html.contains("<script"), "{}", r.html);
                assert!(!r.html.contains("&\""));
                assert!(r.html.contains(escaped));
                // The text part keeps values as they are.
                assert!(r.text.contains(evil));
                assert!(r.subject.contains(evil));
            }
        }
    }

    #[test]
    fn escape_html_escapes_the_five_characters() {
        assert_eq!(
            escape_html("a&b<c>d\"e'f"),
            "a&amp;b&lt;c&gt;d&quot;e&#39;f"
        );
        assert_eq!(escape_html("plain ü"), "plain ü");
    }

    #[test]
    fn subject_has_no_line_breaks() {
        let mut e = sample(EmailKind::Confirmation, Recipient::Host);
        e.guest_name = "Jane\r\nBcc: x@y".into();
        let r = render(&e);
        assert!(!r.subject.contains('\n') && !r.subject.contains('\r'));
    }

    #[test]
    fn a_cancellation_says_who_cancelled() {
        for recipient in RECIPIENTS {
            let mut e = sample(EmailKind::Cancellation, recipient);
            e.cancelled_by = Some(CancelledBy::Host);
            let r = render(&e);
            let said = "Alex Host (the host) cancelled it.";
            assert!(
                r.text
                    .starts_with(&format!("Your meeting was cancelled.\n{said}\n")),
                "{}",
                r.text
            );
            assert!(r.html.contains(said), "{}", r.html);
            assert!(!r.text.contains("(the guest)"));

            e.cancelled_by = Some(CancelledBy::Guest);
            let r = render(&e);
            let said = "Jane Doe (the guest) cancelled it.";
            assert!(r.text.contains(said), "{}", r.text);
            assert!(r.html.contains(said));
            assert!(!r.text.contains("(the host)"));

            // Not recorded (cancelled before it was): nobody is named.
            e.cancelled_by = None;
            assert!(!render(&e).text.contains("cancelled it"));
        }
        // Only a cancellation says it.
        let mut conf = sample(EmailKind::Confirmation, Recipient::Guest);
        conf.cancelled_by = Some(CancelledBy::Host);
        assert!(!render(&conf).text.contains("cancelled it"));
    }

    #[test]
    fn a_reschedule_request_asks_the_guest_to_choose_with_the_manage_link() {
        let mut e = sample(EmailKind::RescheduleRequest, Recipient::Guest);
        e.message = Some("  Sorry, a clash <on> my side  ".into());
        let r = render(&e);
        assert!(
            r.subject
                .starts_with("New time requested: Intro call with Alex Host on Tue, 1 Dec 2026"),
            "{}",
            r.subject
        );
        assert!(
            r.text.starts_with(
                "Please choose a new time.\nAlex Host asks you to choose a new time for this \
                 meeting. Until you do, it stays booked at the time below.\n"
            ),
            "{}",
            r.text
        );
        assert!(r
            .text
            .contains("Message from Alex Host:\nSorry, a clash <on> my side\n"));
        assert!(r.html.contains("Sorry, a clash &lt;on&gt; my side"));
        assert!(r
            .text
            .contains("Choose a new time: https://cal.example.com/manage/b1?token=tok\n"));
        assert!(r
            .html
            .contains("href=\"https://cal.example.com/manage/b1?token=tok\""));
        // The meeting still stands until the guest moves it.
        assert!(r.text.contains("Join: https://meet.jit.si/SmartCal-abc123"));
        // No note, no message lines.
        e.message = Some("   ".into());
        assert!(!render(&e).text.contains("Message from"));
    }

    #[test]
    fn durations_read_naturally() {
        let m = messages(Language::english());
        assert_eq!(duration_text(m, 45), "45 minutes");
        assert_eq!(duration_text(m, 1), "1 minute");
        assert_eq!(duration_text(m, 60), "1 h");
        assert_eq!(duration_text(m, 90), "1 h 30 min");
    }
}
