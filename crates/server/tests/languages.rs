//! Languages (SPEC §12) through the API: a host's `locale` (signup, `PATCH /me`), a booking's
//! `guest_locale`, and each side's emails and invitation in their own language, on SQLite and
//! PostgreSQL. A tag of no supported language is a field error that changes nothing.

use smartcal_client::ClientError;
use smartcal_types::*;
use uuid::Uuid;

mod common;
use common::*;

on_both!(
    a_hosts_language_is_set_at_signup_and_changed_with_patch_me,
    an_unsupported_or_malformed_language_is_a_field_error_and_changes_nothing,
    each_side_reads_its_emails_and_invitation_in_its_own_language,
);

fn field_error(e: ClientError) -> (u16, Vec<String>) {
    match e {
        ClientError::Api { status, problem } => (
            status,
            problem.errors.iter().map(|f| f.field.clone()).collect(),
        ),
        other => panic!("expected a problem, got {other}"),
    }
}

fn new_email() -> String {
    format!("{}@example.com", Uuid::new_v4().simple())
}

async fn a_hosts_language_is_set_at_signup_and_changed_with_patch_me(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let host = app.client();
    let made = host
        .signup(&SignupRequest {
            locale: Some("de_at".into()),
            ..signup_body(&new_email())
        })
        .await
        .unwrap();
    assert_eq!(made.locale, "de-AT", "stored in its canonical form");
    assert_eq!(host.me().await.unwrap().locale, "de-AT");

    let changed = host
        .update_me(&UpdateHostRequest {
            locale: Some("fr".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(changed.locale, "fr");
    assert_eq!(changed.name, made.name, "absent fields stay as they are");
    assert_eq!(changed.time_zone, made.time_zone);
    let renamed = host
        .update_me(&UpdateHostRequest {
            name: Some("Alexandra".into()),
            time_zone: Some("Europe/Paris".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (
            renamed.name.as_str(),
            renamed.time_zone.as_str(),
            renamed.locale.as_str()
        ),
        ("Alexandra", "Europe/Paris", "fr")
    );

    // Without a locale, an account speaks English.
    let plain = app.client();
    assert_eq!(
        plain
            .signup(&signup_body(&new_email()))
            .await
            .unwrap()
            .locale,
        "en"
    );
}

async fn an_unsupported_or_malformed_language_is_a_field_error_and_changes_nothing(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let (host, agenda) = host_with_agenda(&app).await;
    for bad in ["pt-BR", "not a tag!", ""] {
        let e = host
            .update_me(&UpdateHostRequest {
                locale: Some(bad.into()),
                name: Some("Changed".into()),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(field_error(e), (422, vec!["locale".to_owned()]), "{bad:?}");
    }
    // A JSON array is no settings object (serde would read it as "change nothing").
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let signed_up = http
        .post(app.api("/auth/signup"))
        .json(&signup_body(&new_email()))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_up.status(), 201);
    let array = http
        .patch(app.api("/me"))
        .header("content-type", "application/json")
        .body("[null, null]")
        .send()
        .await
        .unwrap();
    assert_eq!(array.status(), 422);
    let me = host.me().await.unwrap();
    assert_eq!((me.locale.as_str(), me.name.as_str()), ("en", "Alex Host"));

    let e = app
        .client()
        .signup(&SignupRequest {
            locale: Some("ja".into()),
            ..signup_body(&new_email())
        })
        .await
        .unwrap_err();
    assert_eq!(field_error(e), (422, vec!["locale".to_owned()]));

    let slot = first_slot(&host, agenda.id).await;
    let e = app
        .client()
        .create_booking(
            &CreateBookingRequest {
                guest_locale: Some("xx-YY".into()),
                ..guest_booking(agenda.id, slot.start, 1)
            },
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(field_error(e), (422, vec!["guest_locale".to_owned()]));
    assert!(
        all_bookings(&host).await.is_empty(),
        "no booking was written"
    );
}

/// The guest books in German, the host reads French: each side's confirmation, cancellation
/// and invitation are in their own language.
async fn each_side_reads_its_emails_and_invitation_in_its_own_language(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let host = app.client();
    host.signup(&SignupRequest {
        locale: Some("fr".into()),
        ..signup_body(&new_email())
    })
    .await
    .unwrap();
    let agenda = host
        .create_agenda(&agenda_body("Intro call"))
        .await
        .unwrap();
    let slot = first_slot(&host, agenda.id).await;
    let guest = app.client();
    let booked = guest
        .create_booking(
            &CreateBookingRequest {
                guest_locale: Some("de-AT".into()),
                ..guest_booking(agenda.id, slot.start, 1)
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(booked.guest_locale, "de-AT");
    assert_eq!(
        all_bookings(&host).await[0].guest_locale,
        "de-AT",
        "the host's list shows the guest's language"
    );

    let dir = app._db.mail_dir();
    let to_guest = &wait_for_mails(&dir, "confirmation", "guest", 1).await[0];
    let to_host = &wait_for_mails(&dir, "confirmation", "host", 1).await[0];
    assert!(
        to_guest
            .subject
            .starts_with("Bestätigt: Intro call mit Alex Host am "),
        "{}",
        to_guest.subject
    );
    assert!(
        to_guest.text.contains("Ihr Termin ist bestätigt"),
        "{}",
        to_guest.text
    );
    assert!(to_guest.text.contains("30 Minuten"), "{}", to_guest.text);
    assert!(!to_guest.text.contains("Your meeting"), "{}", to_guest.text);
    assert!(
        to_guest
            .ics
            .replace("\r\n ", "")
            .contains("SUMMARY:Intro call: Guest 1 und Alex Host"),
        "{}",
        to_guest.ics
    );
    assert!(
        to_guest
            .ics
            .contains("DESCRIPTION:Am Videomeeting teilnehmen: "),
        "{}",
        to_guest.ics
    );
    assert!(
        to_host
            .subject
            .starts_with("Confirmé\u{a0}: Intro call avec "),
        "{}",
        to_host.subject
    );
    assert!(to_host.text.contains("30 minutes"), "{}", to_host.text);
    // The host's invitation is in French (an iCalendar line folds at 75 octets: unfold it).
    let host_ics = to_host.ics.replace("\r\n ", "");
    assert!(
        host_ics.contains("SUMMARY:Intro call\u{a0}: Guest 1 et Alex Host"),
        "{host_ics}"
    );
    assert!(
        host_ics.contains("DESCRIPTION:Rejoindre la réunion vidéo\u{a0}: "),
        "{host_ics}"
    );
    assert!(!to_host.text.contains("Bestätigt"));

    guest
        .cancel_booking(
            booked.id,
            booked.manage_token.as_deref(),
            &CancelBookingRequest {
                reason: Some("Krank".into()),
            },
        )
        .await
        .unwrap();
    let cancelled = &wait_for_mails(&dir, "cancellation", "guest", 1).await[0];
    assert!(
        cancelled.subject.starts_with("Abgesagt: "),
        "{}",
        cancelled.subject
    );
    assert!(cancelled.text.contains("Krank"));
    let cancelled_host = &wait_for_mails(&dir, "cancellation", "host", 1).await[0];
    assert!(
        cancelled_host.subject.starts_with("Annulé\u{a0}: "),
        "{}",
        cancelled_host.subject
    );
}
