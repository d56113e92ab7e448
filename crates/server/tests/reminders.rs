//! Reminders (SPEC §9) against real `smartcal serve` processes and a real SMTP server, on
//! SQLite and PostgreSQL.
//!
//! Waiting for a reminder's real due time would take hours, so each test books at real time
//! and then starts a process whose clock is shifted (`SMARTCAL_CLOCK_OFFSET_SECONDS`) to a few
//! seconds before the moment it watches: the reminder then falls due in the test's own
//! seconds, and its delay from the due moment is measured on the real clock. All processes of
//! one moment share one offset, so their clocks agree.

use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use mail_parser::MessageParser;
use smartcal_client::Client;
use smartcal_types::*;
use uuid::Uuid;

use smartcal_domain::dates;
use smartcal_i18n::Locale;

mod common;
use common::smtp::{Mode, Sink};
use common::*;

on_both!(
    a_booking_gets_its_reminders_on_time_on_both_sides_in_their_zones,
    a_reminder_already_past_at_booking_is_never_sent,
    a_reschedule_moves_the_reminders,
    a_cancel_or_decline_stops_the_reminders,
    a_request_gets_its_reminders_when_confirmed_if_not_past_by_then,
    killed_between_due_and_sent_then_sent_once_after_restart,
    a_reminder_found_after_its_meeting_started_is_dropped,
);

const PUBLIC_URL: (&str, &str) = ("SMARTCAL_PUBLIC_URL", "https://cal.example.com");
/// Token-protected rooms: join links go through SmartCal, the guest's carrying their token.
const JITSI_JWT: [(&str, &str); 2] = [
    ("JITSI_JWT_APP_ID", "smartcal"),
    ("JITSI_JWT_SECRET", "s3cret-for-tests"),
];
/// How long before the watched moment a shifted process's clock starts: enough for it to
/// start answering.
const LEAD: i64 = 5;

/// A received message, parsed, with when the test first saw it (real clock).
#[derive(Debug, Clone)]
struct Mail {
    to: String,
    subject: String,
    text: String,
    html: String,
    message_id: String,
    /// The invitation (`text/calendar` part), unfolded; empty without one.
    ics: String,
    arrived: DateTime<Utc>,
}

impl Mail {
    fn is_reminder(&self) -> bool {
        self.text.starts_with("Your meeting starts in")
    }
}

fn parse(data: &[u8], arrived: DateTime<Utc>) -> Mail {
    let m = MessageParser::default()
        .parse(data)
        .expect("a parsable message");
    Mail {
        to: m
            .to()
            .unwrap()
            .first()
            .unwrap()
            .address()
            .unwrap()
            .to_owned(),
        subject: m.subject().unwrap_or_default().to_owned(),
        text: m.body_text(0).unwrap().into_owned(),
        html: m.body_html(0).unwrap().into_owned(),
        message_id: m.message_id().unwrap_or_default().to_owned(),
        ics: calendar_text(&m).replace("\r\n ", ""),
        arrived,
    }
}

/// Everything a sink received, stamped with when this test first saw each message (it looks
/// every 10 ms).
struct Inbox<'a> {
    sink: &'a Sink,
    mails: Vec<Mail>,
}

impl<'a> Inbox<'a> {
    fn new(sink: &'a Sink) -> Inbox<'a> {
        Inbox {
            sink,
            mails: vec![],
        }
    }

    fn poll(&mut self) {
        let now = Utc::now();
        for r in self.sink.received().iter().skip(self.mails.len()) {
            self.mails.push(parse(&r.data, now));
        }
    }

    /// Waits up to `secs` seconds until `n` messages arrived in all; returns them all.
    async fn wait_for(&mut self, n: usize, secs: u64) -> &[Mail] {
        let deadline = Instant::now() + StdDuration::from_secs(secs);
        loop {
            self.poll();
            if self.mails.len() >= n || Instant::now() > deadline {
                return &self.mails;
            }
            tokio::time::sleep(StdDuration::from_millis(10)).await;
        }
    }

    /// Waits `secs` seconds, then asserts that nothing beyond the first `n` messages came.
    async fn quiet(&mut self, n: usize, secs: u64, what: &str) {
        tokio::time::sleep(StdDuration::from_secs(secs)).await;
        self.poll();
        assert_eq!(
            self.mails.len(),
            n,
            "{what}: {:#?}",
            self.mails.iter().skip(n).collect::<Vec<_>>()
        );
    }

    fn reminders(&self) -> Vec<Mail> {
        self.mails
            .iter()
            .filter(|m| m.is_reminder())
            .cloned()
            .collect()
    }
}

/// A clock shifted so that it reads `moment - LEAD` seconds just after this is called.
#[derive(Debug, Clone, Copy)]
struct Shift {
    seconds: i64,
}

impl Shift {
    fn before(moment: DateTime<Utc>) -> Shift {
        Shift {
            seconds: (moment - Duration::seconds(LEAD) - Utc::now()).num_seconds(),
        }
    }

    fn env(&self) -> (&'static str, String) {
        ("SMARTCAL_CLOCK_OFFSET_SECONDS", self.seconds.to_string())
    }

    /// When a real instant happened on the shifted clock.
    fn shifted(&self, real: DateTime<Utc>) -> DateTime<Utc> {
        real + Duration::seconds(self.seconds)
    }
}

/// Starts a process on `db` with `env` plus the shift and the test's usual settings.
async fn start(
    db: &TestDb,
    sink_url: &str,
    shift: Option<Shift>,
    extra: &[(&str, &str)],
) -> Server {
    let offset = shift.map(|s| s.env());
    let mut env: Vec<(&str, &str)> = vec![("SMTP_URL", sink_url), PUBLIC_URL];
    env.extend(JITSI_JWT);
    if let Some((k, v)) = &offset {
        env.push((k, v.as_str()));
    }
    env.extend(extra);
    Server::start(db, &env).await
}

/// A host in Berlin and one agenda per entry of `reminders`, each open every day in UTC;
/// returns the host's API key (which works on every process), the host and the agendas.
async fn new_host(
    base: &str,
    reminders: &[Vec<u32>],
    requires_confirmation: bool,
) -> (String, Host, Vec<Agenda>) {
    let c = Client::new(base).unwrap();
    let me = c
        .signup(&signup_body(&format!(
            "{}@example.com",
            Uuid::new_v4().simple()
        )))
        .await
        .unwrap();
    let mut agendas = vec![];
    for (i, values) in reminders.iter().enumerate() {
        let agenda = c
            .create_agenda(&CreateAgendaRequest {
                reminders_minutes: Some(values.clone()),
                requires_confirmation: Some(requires_confirmation),
                slug: Some(format!("call-{i}")),
                ..agenda_body("Intro call")
            })
            .await
            .unwrap();
        assert_eq!(&agenda.reminders_minutes, &{
            let mut v = values.clone();
            v.sort_unstable();
            v
        });
        agendas.push(agenda);
    }
    let key = c
        .create_api_key(&CreateApiKeyRequest {
            name: "reminders".into(),
        })
        .await
        .unwrap()
        .key;
    (key, me, agendas)
}

fn jane(agenda: Uuid, start: DateTime<Utc>) -> CreateBookingRequest {
    CreateBookingRequest {
        agenda_id: agenda,
        start,
        guest_name: "Jane Doe".into(),
        guest_email: "jane@example.org".into(),
        guest_time_zone: Some("America/New_York".into()),
        guest_locale: None,
        notes: None,
        answers: Default::default(),
        invite: None,
    }
}

/// The host, through their API key, on one process.
fn on(base: &str, key: &str) -> Client {
    Client::new(base).unwrap().with_api_key(key)
}

/// The booking's reminder notifications as the host sees them.
async fn reminder_rows(host: &Client, id: Uuid) -> Vec<Notification> {
    host.get_booking(id, None)
        .await
        .unwrap()
        .notifications
        .unwrap()
        .into_iter()
        .filter(|n| n.kind == NotificationKind::Reminder)
        .collect()
}

/// 00:00 UTC `days` days from today.
fn midnight_in(days: i64) -> DateTime<Utc> {
    (Utc::now().date_naive() + Duration::days(days))
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
}

/// "Sunday, 28 March 2027, 10:00", how emails write a local time.
/// `at` in `tz` as an English (`en`, the default locale) email writes it.
fn local_text(at: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    dates::date_time(
        Locale::english(),
        at.with_timezone(&tz).naive_local(),
        dates::Length::Long,
    )
}

/// 10:00 in Berlin on the next day Berlin moves its clocks forward (the last Sunday of March)
/// at least three days away.
fn after_berlin_spring_change() -> DateTime<Utc> {
    let today = Utc::now().date_naive();
    let mut year = today.year();
    loop {
        let mut day = NaiveDate::from_ymd_opt(year, 3, 31).unwrap();
        while day.weekday() != Weekday::Sun {
            day -= Duration::days(1);
        }
        if day > today + Duration::days(3) {
            return chrono_tz::Europe::Berlin
                .from_local_datetime(&day.and_hms_opt(10, 0, 0).unwrap())
                .unwrap()
                .with_timezone(&Utc);
        }
        year += 1;
    }
}

/// Checks the reminder pair of one moment: one to each side, in their zones, with the
/// meeting link; prints and returns the measured delays from `due` (seconds).
fn check_pair(
    mails: &[Mail],
    booking: &Booking,
    host_email: &str,
    shift: Shift,
    due: DateTime<Utc>,
    heading: &str,
) -> Vec<f64> {
    assert_eq!(mails.len(), 2, "{mails:#?}");
    let token = booking.manage_token.as_deref().unwrap();
    let join = format!("https://cal.example.com/j/{}", booking.id);
    let mut delays = vec![];
    for (to, tz) in [
        (host_email, chrono_tz::Europe::Berlin),
        ("jane@example.org", chrono_tz::America::New_York),
    ] {
        let m: Vec<&Mail> = mails.iter().filter(|m| m.to == to).collect();
        assert_eq!(m.len(), 1, "one reminder to {to}: {mails:#?}");
        let m = m[0];
        assert!(m.text.starts_with(heading), "{}", m.text);
        assert!(m.subject.starts_with("Reminder"), "{}", m.subject);
        // The end's date too when the meeting ends on another local day.
        let (start, end) = (
            booking.start.with_timezone(&tz),
            booking.end.with_timezone(&tz),
        );
        let end_text = if start.date_naive() == end.date_naive() {
            dates::time(Locale::english(), end.naive_local())
        } else {
            local_text(booking.end, tz)
        };
        let when = format!(
            "When: {} – {end_text} ({}, UTC{})",
            local_text(booking.start, tz),
            tz.name(),
            start.format("%:z")
        );
        assert!(m.text.contains(&when), "{when} not in\n{}", m.text);
        if to == host_email {
            assert!(m.text.contains(&format!("Join: {join}")), "{}", m.text);
            assert!(
                !m.text.contains(token),
                "the host never sees the guest's token"
            );
        } else {
            let guest_join = format!("{join}?token={token}");
            assert!(
                m.text.contains(&format!("Join: {guest_join}")),
                "{}",
                m.text
            );
            assert!(m.html.contains(&guest_join));
        }
        let late = shift.shifted(m.arrived) - due;
        assert!(
            late >= Duration::zero(),
            "sent {} ms before its due time",
            -late.num_milliseconds()
        );
        assert!(
            late < Duration::minutes(1),
            "sent {late} after its due time"
        );
        delays.push(late.num_milliseconds() as f64 / 1000.0);
    }
    println!(
        "reminder `{heading}` due {due}: measured delay from due {:.3} s (host), {:.3} s (guest)",
        delays[0], delays[1]
    );
    delays
}

/// A Berlin host's meeting on the morning Berlin moves its clocks, with a guest in New York
/// and reminders a day and an hour before: each side gets each reminder once, when due — the
/// day-before one 24 real hours before, not 24 wall-clock hours — naming the meeting's local
/// start in their own zone and carrying their join link.
async fn a_booking_gets_its_reminders_on_time_on_both_sides_in_their_zones(db: Db) {
    let Some(test_db) = test_db(db) else {
        return;
    };
    let sink = Sink::start(0, Mode::Accept).await;
    let mut inbox = Inbox::new(&sink);
    let setup = start(&test_db, &sink.url(), None, &[]).await;
    let (key, me, _) = new_host(&setup.base, &[], false).await;
    let host = on(&setup.base, &key);
    let agenda = host
        .create_agenda(&CreateAgendaRequest {
            title: "Intro call".into(),
            duration_minutes: 30,
            time_zone: Some("Europe/Berlin".into()),
            availability: vec![AvailabilityInterval {
                weekday: "sun".into(),
                start: "09:00".into(),
                end: "12:00".into(),
            }],
            min_notice_minutes: Some(0),
            horizon_days: Some(730),
            reminders_minutes: Some(vec![1440, 60]),
            ..Default::default()
        })
        .await
        .unwrap();
    let start_at = after_berlin_spring_change();
    let booked = Client::new(&setup.base)
        .unwrap()
        .create_booking(&jane(agenda.id, start_at), None)
        .await
        .unwrap();
    assert_eq!(inbox.wait_for(2, 20).await.len(), 2, "the confirmations");
    // The invitation carries one alarm per reminder, in the emails and the download.
    let download = Client::new(&setup.base)
        .unwrap()
        .booking_ics(booked.id, booked.manage_token.as_deref())
        .await
        .unwrap()
        .replace("\r\n ", "");
    for ics in inbox
        .mails
        .iter()
        .map(|m| m.ics.as_str())
        .chain([download.as_str()])
    {
        assert_eq!(ics.matches("BEGIN:VALARM\r\n").count(), 2, "{ics}");
        for trigger in ["TRIGGER:-PT1440M\r\n", "TRIGGER:-PT60M\r\n"] {
            assert_eq!(ics.matches(trigger).count(), 1, "{ics}");
        }
    }
    let rows = reminder_rows(&host, booked.id).await;
    assert_eq!(rows.len(), 4, "two moments, two sides: {rows:?}");
    assert!(rows.iter().all(|n| n.state == NotificationState::Pending));
    // Listed (and counted as waiting) from their due moments.
    let mut listed: Vec<DateTime<Utc>> = rows.iter().map(|n| n.created_at).collect();
    listed.dedup();
    assert_eq!(
        listed,
        [1440, 60].map(|m| start_at - Duration::minutes(m)),
        "{rows:?}"
    );
    setup.stop().await;

    let mut delays = vec![];
    for (minutes, heading) in [
        (1440, "Your meeting starts in 24 h."),
        (60, "Your meeting starts in 1 h."),
    ] {
        let due = start_at - Duration::minutes(minutes);
        let shift = Shift::before(due);
        let server = start(&test_db, &sink.url(), Some(shift), &[]).await;
        let before = inbox.mails.len();
        let all = inbox.wait_for(before + 2, LEAD as u64 + 30).await;
        delays.extend(check_pair(
            &all[before..],
            &booked,
            &me.email,
            shift,
            due,
            heading,
        ));
        inbox
            .quiet(before + 2, 2, "nothing more at this moment")
            .await;
        let host = on(&server.base, &key);
        let rows = reminder_rows(&host, booked.id).await;
        let sent = rows
            .iter()
            .filter(|n| n.state == NotificationState::Sent)
            .count();
        assert_eq!(sent, if minutes == 1440 { 2 } else { 4 }, "{rows:?}");
        server.stop().await;
    }
    // The day-before moment was 09:00 in Berlin (still winter time): 23 wall-clock hours
    // before the 10:00 summer-time meeting, 24 real ones.
    assert_eq!(
        (start_at - Duration::minutes(1440))
            .with_timezone(&chrono_tz::Europe::Berlin)
            .format("%H:%M")
            .to_string(),
        "09:00"
    );
    let mut ids: Vec<&str> = inbox.mails.iter().map(|m| m.message_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6, "2 confirmations + 4 reminders, each once");
    println!(
        "reminders ({db:?}): worst measured delay from due {:.3} s",
        delays.iter().cloned().fold(0.0, f64::max)
    );
}

/// Booked 20–50 minutes ahead with reminders 15 minutes, an hour and a day before: the hour and
/// the day had already passed, so only the 15-minute reminder exists and is sent.
async fn a_reminder_already_past_at_booking_is_never_sent(db: Db) {
    let Some(test_db) = test_db(db) else {
        return;
    };
    let sink = Sink::start(0, Mode::Accept).await;
    let mut inbox = Inbox::new(&sink);
    let setup = start(&test_db, &sink.url(), None, &[]).await;
    let (key, me, agendas) = new_host(&setup.base, &[vec![15, 60, 1440]], false).await;
    let host = on(&setup.base, &key);
    let now = Utc::now();
    let slot = slots_in_days(&host, agendas[0].id, 0, 1)
        .await
        .into_iter()
        .find(|s| s.start >= now + Duration::minutes(20))
        .expect("a slot");
    assert!(slot.start < now + Duration::minutes(55), "{slot:?}");
    let booked = Client::new(&setup.base)
        .unwrap()
        .create_booking(&jane(agendas[0].id, slot.start), None)
        .await
        .unwrap();
    inbox.wait_for(2, 20).await;
    let rows = reminder_rows(&host, booked.id).await;
    assert_eq!(rows.len(), 2, "only the 15-minute pair: {rows:?}");
    setup.stop().await;

    // On a clock just before the 15-minute moment; the other two moments lie behind it.
    let due = slot.start - Duration::minutes(15);
    let shift = Shift::before(due);
    let server = start(&test_db, &sink.url(), Some(shift), &[]).await;
    let all = inbox.wait_for(4, LEAD as u64 + 30).await;
    check_pair(
        &all[2..],
        &booked,
        &me.email,
        shift,
        due,
        "Your meeting starts in 15 minutes.",
    );
    inbox.quiet(4, 2, "no reminder for a past moment").await;
    let rows = reminder_rows(&on(&server.base, &key), booked.id).await;
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|n| n.state == NotificationState::Sent));
}

/// Moved half an hour later: at the old hour-before moment nothing is sent; at the new one
/// both sides get the reminder naming the new time.
async fn a_reschedule_moves_the_reminders(db: Db) {
    let Some(test_db) = test_db(db) else {
        return;
    };
    let sink = Sink::start(0, Mode::Accept).await;
    let mut inbox = Inbox::new(&sink);
    let setup = start(&test_db, &sink.url(), None, &[]).await;
    let (key, me, agendas) = new_host(&setup.base, &[vec![60]], false).await;
    let host = on(&setup.base, &key);
    let first = midnight_in(2) + Duration::hours(9);
    let guest = Client::new(&setup.base).unwrap();
    let booked = guest
        .create_booking(&jane(agendas[0].id, first), None)
        .await
        .unwrap();
    let token = booked.manage_token.clone().unwrap();
    let second = first + Duration::minutes(30);
    let moved = guest
        .reschedule_booking(
            booked.id,
            Some(&token),
            &RescheduleBookingRequest { start: second },
        )
        .await
        .unwrap();
    inbox.wait_for(4, 20).await;
    let rows = reminder_rows(&host, booked.id).await;
    assert_eq!(rows.len(), 2, "the old pair is gone: {rows:?}");
    setup.stop().await;

    // The old moment: nothing.
    let old_due = first - Duration::minutes(60);
    let server = start(&test_db, &sink.url(), Some(Shift::before(old_due)), &[]).await;
    inbox
        .quiet(4, LEAD as u64 + 3, "nothing at the old moment")
        .await;
    server.stop().await;

    // The new moment: the pair, naming the new time.
    let due = second - Duration::minutes(60);
    let shift = Shift::before(due);
    let server = start(&test_db, &sink.url(), Some(shift), &[]).await;
    let all = inbox.wait_for(6, LEAD as u64 + 30).await;
    let booking = Booking {
        manage_token: Some(token),
        ..moved
    };
    check_pair(
        &all[4..],
        &booking,
        &me.email,
        shift,
        due,
        "Your meeting starts in 1 h.",
    );
    inbox.quiet(6, 2, "each once").await;
    let rows = reminder_rows(&on(&server.base, &key), booked.id).await;
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|n| n.state == NotificationState::Sent));
}

/// A cancelled booking and a declined request: no reminder at their moments.
async fn a_cancel_or_decline_stops_the_reminders(db: Db) {
    let Some(test_db) = test_db(db) else {
        return;
    };
    let sink = Sink::start(0, Mode::Accept).await;
    let mut inbox = Inbox::new(&sink);
    let setup = start(&test_db, &sink.url(), None, &[]).await;
    let (key, _, agendas) = new_host(&setup.base, &[vec![60]], false).await;
    let host = on(&setup.base, &key);
    let at = midnight_in(2) + Duration::hours(9);
    let guest = Client::new(&setup.base).unwrap();
    let booked = guest
        .create_booking(&jane(agendas[0].id, at), None)
        .await
        .unwrap();
    assert_eq!(reminder_rows(&host, booked.id).await.len(), 2);
    guest
        .cancel_booking(
            booked.id,
            booked.manage_token.as_deref(),
            &CancelBookingRequest { reason: None },
        )
        .await
        .unwrap();
    assert!(reminder_rows(&host, booked.id).await.is_empty());
    inbox.wait_for(4, 20).await;
    setup.stop().await;

    let server = start(
        &test_db,
        &sink.url(),
        Some(Shift::before(at - Duration::minutes(60))),
        &[],
    )
    .await;
    inbox
        .quiet(4, LEAD as u64 + 3, "no reminder after the cancel")
        .await;
    assert!(inbox.reminders().is_empty());
    assert!(reminder_rows(&on(&server.base, &key), booked.id)
        .await
        .is_empty());
}

/// A request has no reminders while pending. Confirmed later — when the day-before moment has
/// passed but the hour-before one has not — it gets only the hour-before pair; a declined
/// request never gets any.
async fn a_request_gets_its_reminders_when_confirmed_if_not_past_by_then(db: Db) {
    let Some(test_db) = test_db(db) else {
        return;
    };
    let sink = Sink::start(0, Mode::Accept).await;
    let mut inbox = Inbox::new(&sink);
    let setup = start(&test_db, &sink.url(), None, &[]).await;
    let (key, me, agendas) = new_host(&setup.base, &[vec![60, 1440]], true).await;
    let host = on(&setup.base, &key);
    let at = midnight_in(2) + Duration::hours(9);
    let guest = Client::new(&setup.base).unwrap();
    let confirmed = guest
        .create_booking(&jane(agendas[0].id, at), None)
        .await
        .unwrap();
    let declined = guest
        .create_booking(&jane(agendas[0].id, at + Duration::hours(1)), None)
        .await
        .unwrap();
    for b in [&confirmed, &declined] {
        assert_eq!(b.status, BookingStatus::Pending);
        assert!(
            reminder_rows(&host, b.id).await.is_empty(),
            "a request has none"
        );
    }
    inbox.wait_for(4, 20).await;
    setup.stop().await;

    let due = at - Duration::minutes(60);
    let shift = Shift::before(due);
    let server = start(&test_db, &sink.url(), Some(shift), &[]).await;
    let host = on(&server.base, &key);
    host.decline_booking(declined.id, None, &DeclineBookingRequest { reason: None })
        .await
        .unwrap();
    let done = host.confirm_booking(confirmed.id, None).await.unwrap();
    assert_eq!(done.status, BookingStatus::Confirmed);
    let rows = reminder_rows(&host, confirmed.id).await;
    assert_eq!(rows.len(), 2, "the day-before moment had passed: {rows:?}");
    assert!(reminder_rows(&host, declined.id).await.is_empty());
    // Decline (guest) and confirmation (both), then the hour-before pair.
    let all = inbox.wait_for(9, LEAD as u64 + 30).await.to_vec();
    let reminders: Vec<Mail> = all.iter().filter(|m| m.is_reminder()).cloned().collect();
    // The confirmation did not carry the guest's token (the host confirmed), so the guest's
    // reminder carries the room itself: check times and zones here, not links.
    assert_eq!(reminders.len(), 2, "{all:#?}");
    for (to, tz) in [
        (me.email.as_str(), chrono_tz::Europe::Berlin),
        ("jane@example.org", chrono_tz::America::New_York),
    ] {
        let m = reminders
            .iter()
            .find(|m| m.to == to)
            .expect("one to each side");
        assert!(
            m.text.starts_with("Your meeting starts in 1 h."),
            "{}",
            m.text
        );
        assert!(m.text.contains(&local_text(at, tz)), "{}", m.text);
        let late = shift.shifted(m.arrived) - due;
        assert!(
            late >= Duration::zero() && late < Duration::minutes(1),
            "{late}"
        );
    }
    inbox.quiet(9, 2, "nothing more").await;
}

/// The process dies (SIGKILL) while handing a due reminder to the mail server; after a restart
/// each reminder is delivered once, when the dead process's lease has expired.
async fn killed_between_due_and_sent_then_sent_once_after_restart(db: Db) {
    let Some(test_db) = test_db(db) else {
        return;
    };
    let lease = [("SMARTCAL_OUTBOX_LEASE_SECONDS", "2")];
    let sink = Sink::start(0, Mode::Accept).await;
    let mut inbox = Inbox::new(&sink);
    let setup = start(&test_db, &sink.url(), None, &lease).await;
    let (key, me, agendas) = new_host(&setup.base, &[vec![60]], false).await;
    let at = midnight_in(2) + Duration::hours(9);
    let booked = Client::new(&setup.base)
        .unwrap()
        .create_booking(&jane(agendas[0].id, at), None)
        .await
        .unwrap();
    inbox.wait_for(2, 20).await;
    setup.stop().await;

    let due = at - Duration::minutes(60);
    let shift = Shift::before(due);
    let stall = Sink::start(0, Mode::Stall).await;
    let first = start(&test_db, &stall.url(), Some(shift), &lease).await;
    let deadline = Instant::now() + StdDuration::from_secs(LEAD as u64 + 30);
    while stall.data_started() == 0 && Instant::now() < deadline {
        tokio::time::sleep(StdDuration::from_millis(10)).await;
    }
    assert_eq!(stall.data_started(), 1, "a reminder is in flight");
    assert!(Utc::now() >= due - Duration::seconds(shift.seconds));
    first.kill().await;
    assert!(stall.received().is_empty());

    let second = start(&test_db, &sink.url(), Some(shift), &lease).await;
    let all = inbox.wait_for(4, 30).await.to_vec();
    assert_eq!(all.len(), 4, "{all:#?}");
    let reminders = &all[2..];
    assert!(reminders.iter().all(Mail::is_reminder));
    let mut to: Vec<&str> = reminders.iter().map(|m| m.to.as_str()).collect();
    to.sort_unstable();
    let mut expected = vec![me.email.as_str(), "jane@example.org"];
    expected.sort_unstable();
    assert_eq!(to, expected, "one to each side");
    inbox.quiet(4, 3, "nothing sent twice").await;
    let host = on(&second.base, &key);
    let rows = reminder_rows(&host, booked.id).await;
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter().all(|n| n.state == NotificationState::Sent),
        "{rows:?}"
    );
}

/// Two processes on one PostgreSQL database, 15 bookings whose reminders all fall due in the
/// same second: each of the 30 emails is sent exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_on_postgres_send_each_reminder_once() {
    let Some(test_db) = test_db(Db::Postgres) else {
        return;
    };
    let sink = Sink::start(0, Mode::Accept).await;
    let mut inbox = Inbox::new(&sink);
    let setup = start(&test_db, &sink.url(), None, &[]).await;
    // Agenda k reminds 60 + 30k minutes before; booking k starts 30k minutes after `at`: every
    // reminder is due at `at` − 60 minutes.
    const N: i64 = 15;
    let values: Vec<Vec<u32>> = (0..N).map(|k| vec![60 + 30 * k as u32]).collect();
    let (key, _, agendas) = new_host(&setup.base, &values, false).await;
    let at = midnight_in(2) + Duration::hours(1);
    let guest = Client::new(&setup.base).unwrap();
    let mut booked = vec![];
    for (k, agenda) in agendas.iter().enumerate() {
        let start = at + Duration::minutes(30 * k as i64);
        booked.push(
            guest
                .create_booking(&jane(agenda.id, start), None)
                .await
                .unwrap(),
        );
    }
    let confirmations = 2 * N as usize;
    assert_eq!(inbox.wait_for(confirmations, 30).await.len(), confirmations);
    setup.stop().await;

    let due = at - Duration::minutes(60);
    let shift = Shift::before(due);
    let url = sink.url();
    let (a, b) = tokio::join!(
        start(&test_db, &url, Some(shift), &[]),
        start(&test_db, &url, Some(shift), &[]),
    );
    let expected = confirmations + 2 * N as usize;
    let all = inbox.wait_for(expected, LEAD as u64 + 30).await;
    assert_eq!(all.len(), expected);
    inbox.quiet(expected, 3, "no reminder twice").await;
    let reminders = inbox.reminders();
    assert_eq!(reminders.len(), 2 * N as usize);
    let mut ids: Vec<&str> = reminders.iter().map(|m| m.message_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 2 * N as usize, "distinct messages");
    let worst = reminders
        .iter()
        .map(|m| shift.shifted(m.arrived) - due)
        .max()
        .unwrap();
    assert!(worst < Duration::minutes(1), "{worst}");
    println!(
        "two processes: {} reminders due in one second, worst measured delay from due {:.3} s",
        reminders.len(),
        worst.num_milliseconds() as f64 / 1000.0
    );
    let host = on(&a.base, &key);
    for bk in &booked {
        let rows = reminder_rows(&host, bk.id).await;
        assert_eq!(rows.len(), 2);
        assert!(rows
            .iter()
            .all(|n| n.state == NotificationState::Sent && n.attempts == 1));
    }
    drop(b);
}

/// No process ran at the reminder's moment (or mail was down until after the start): once
/// the meeting has started the reminder is dropped, recorded as not sent, never mailed late.
async fn a_reminder_found_after_its_meeting_started_is_dropped(db: Db) {
    let Some(test_db) = test_db(db) else {
        return;
    };
    let sink = Sink::start(0, Mode::Accept).await;
    let mut inbox = Inbox::new(&sink);
    let setup = start(&test_db, &sink.url(), None, &[]).await;
    let (key, _, agendas) = new_host(&setup.base, &[vec![60]], false).await;
    let host = on(&setup.base, &key);
    let slot = first_slot(&host, agendas[0].id).await;
    let booked = Client::new(&setup.base)
        .unwrap()
        .create_booking(&jane(agendas[0].id, slot.start), None)
        .await
        .unwrap();
    assert_eq!(inbox.wait_for(2, 20).await.len(), 2, "the confirmations");
    setup.stop().await;

    // A process whose clock is five minutes into the meeting.
    let shift = Shift::before(slot.start + Duration::minutes(5));
    let server = start(&test_db, &sink.url(), Some(shift), &[]).await;
    let host = on(&server.base, &key);
    let mut rows = vec![];
    for _ in 0..400 {
        rows = reminder_rows(&host, booked.id).await;
        if rows.iter().all(|n| n.state == NotificationState::Failed) {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
    assert_eq!(rows.len(), 2, "{rows:?}");
    for n in &rows {
        assert_eq!(n.state, NotificationState::Failed, "{n:?}");
        assert_eq!(
            n.last_error.as_deref(),
            Some("not sent: the meeting had already started")
        );
    }
    inbox.quiet(2, 2, "no reminder after the start").await;
}
