//! Rendering one booking email (subject, plain text, HTML) in the recipient's language, with
//! its dates in their locale: the work each queued email costs inside the booking's
//! transaction. Target (docs/BENCHMARKS.md, issue 17): ≤ 100 µs per email in every language.
//! `cargo xtask bench` reads the estimate of `render_email/de`.

use std::hint::black_box;

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use smartcal_domain::email::{render, BookingEmail, EmailKind, Recipient};

fn email(locale: &str) -> BookingEmail {
    let start = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
    BookingEmail {
        kind: EmailKind::Confirmation,
        recipient: Recipient::Guest,
        recipient_time_zone: chrono_tz::Europe::Berlin,
        locale: locale.parse().expect("a supported locale"),
        agenda_title: "Intro call".into(),
        duration_minutes: 30,
        start,
        end: start + chrono::Duration::minutes(30),
        previous_start: None,
        host_name: "Alex Host".into(),
        host_email: "alex@example.com".into(),
        guest_name: "Jane Doe".into(),
        guest_email: "jane@example.org".into(),
        notes: "Let's talk about pricing.".into(),
        cancel_reason: None,
        cancelled_by: None,
        decline_reason: None,
        message: None,
        answers: vec![("Company".into(), "Example Ltd".into())],
        reminder_minutes: None,
        meeting_url: "https://meet.jit.si/SmartCal-abc123".into(),
        manage_url: Some("https://cal.example.com/booking/b1?token=tok".into()),
        dashboard_url: None,
        decide_url: None,
        book_again_url: None,
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("render_email");
    for locale in ["en", "de", "fr", "es"] {
        let e = email(locale);
        group.bench_function(locale, |b| b.iter(|| render(black_box(&e))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
