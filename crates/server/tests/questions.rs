//! Questions and answers (SPEC §9), black-box: an agenda's questions through the host's and the
//! public API, refused question lists and reminders, and a booking's answers — refused with
//! the field named, or kept as asked and shown in the booking, both emails, the invitation and
//! webhooks. On SQLite and (with `SMARTCAL_TEST_POSTGRES_URL`) PostgreSQL.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use mail_parser::MessageParser;
use smartcal_client::{Client, ClientError};
use smartcal_types::*;
use uuid::Uuid;

mod common;
use common::receiver::{Answer as Reply, Receiver};
use common::*;

on_both!(
    questions_of_every_kind_round_trip,
    bad_question_lists_and_reminders_are_refused_and_change_nothing,
    bad_answers_are_refused_with_their_key_and_book_nothing,
    answers_are_kept_as_asked_and_shown_everywhere,
);

fn question(key: &str, label: &str, kind: QuestionKind, required: bool) -> Question {
    Question {
        key: key.into(),
        label: label.into(),
        kind,
        required,
        options: None,
    }
}

fn select(
    key: &str,
    label: &str,
    kind: QuestionKind,
    required: bool,
    options: &[&str],
) -> Question {
    Question {
        options: Some(options.iter().map(|s| s.to_string()).collect()),
        ..question(key, label, kind, required)
    }
}

/// One question of each kind, as a host would ask them.
fn every_kind() -> Vec<Question> {
    use QuestionKind::*;
    vec![
        question("company", "Company", ShortText, true),
        question("about", "What should we talk about?", LongText, false),
        question("work_email", "Work email", Email, false),
        question("phone", "Phone", Phone, false),
        question("team_size", "Team size", Number, true),
        select(
            "plan",
            "Plan",
            Select,
            true,
            &["Free", "Team", "Enterprise"],
        ),
        select(
            "topics",
            "Topics",
            MultiSelect,
            false,
            &["Billing", "Onboarding", "API"],
        ),
        question("consent", "I agree to the terms", Checkbox, true),
    ]
}

fn text(s: &str) -> AnswerValue {
    AnswerValue::Text(s.into())
}

fn list(items: &[&str]) -> AnswerValue {
    AnswerValue::List(items.iter().map(|s| s.to_string()).collect())
}

/// Valid answers to [`every_kind`] as a guest types them (untrimmed, choices in any order).
fn good_answers() -> BTreeMap<String, AnswerValue> {
    [
        ("company", text("  ACME GmbH  ")),
        ("about", text("We build rockets.\nAnd calendars.")),
        ("work_email", text("ceo@acme.example")),
        ("phone", text("+49 30 1234567")),
        ("team_size", AnswerValue::Number(42.0)),
        ("plan", text("Team")),
        ("topics", list(&["API", "Billing"])),
        ("consent", AnswerValue::Bool(true)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// What the booking keeps of [`good_answers`]: trimmed, choices in the options' order, with
/// the labels of [`every_kind`].
fn kept_answers() -> Vec<Answer> {
    let labels: BTreeMap<String, String> =
        every_kind().into_iter().map(|q| (q.key, q.label)).collect();
    [
        ("company", text("ACME GmbH")),
        ("about", text("We build rockets.\nAnd calendars.")),
        ("work_email", text("ceo@acme.example")),
        ("phone", text("+49 30 1234567")),
        ("team_size", AnswerValue::Number(42.0)),
        ("plan", text("Team")),
        ("topics", list(&["Billing", "API"])),
        ("consent", AnswerValue::Bool(true)),
    ]
    .into_iter()
    .map(|(k, value)| Answer {
        key: k.into(),
        label: labels[k].clone(),
        value,
    })
    .collect()
}

fn booking(
    agenda: Uuid,
    start: DateTime<Utc>,
    answers: BTreeMap<String, AnswerValue>,
) -> CreateBookingRequest {
    CreateBookingRequest {
        agenda_id: agenda,
        start,
        guest_name: "Jane Doe".into(),
        guest_email: "jane@example.org".into(),
        guest_time_zone: Some("America/New_York".into()),
        guest_locale: None,
        notes: None,
        answers,
        invite: None,
    }
}

/// The field names of a 422 problem.
fn fields_of(e: &ClientError) -> Vec<String> {
    assert_eq!(e.status(), Some(422), "{e:?}");
    let mut fields: Vec<String> = e
        .problem()
        .expect("a problem body")
        .errors
        .iter()
        .map(|f| f.field.clone())
        .collect();
    fields.sort();
    fields.dedup();
    fields
}

/// A host with an agenda asking [`every_kind`].
async fn host_with_questions(app: &TestApp) -> (Client, Agenda) {
    let (host, agenda) = host_with_agenda(app).await;
    let agenda = host
        .update_agenda(
            agenda.id,
            &UpdateAgendaRequest {
                questions: Some(every_kind()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(agenda.questions, every_kind());
    (host, agenda)
}

/// `/book/{host_slug}/{agenda_slug}` → the two slugs.
fn slugs(agenda: &Agenda) -> (String, String) {
    let mut parts = agenda.booking_path.trim_start_matches("/book/").split('/');
    (
        parts.next().unwrap().to_owned(),
        parts.next().unwrap().to_owned(),
    )
}

/// Questions of every kind survive create, GET, the public page and PATCH exactly; labels and
/// options are stored trimmed; reminders are stored ascending.
async fn questions_of_every_kind_round_trip(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let (host, _) = host_with_agenda(&app).await;
    let created = host
        .create_agenda(&CreateAgendaRequest {
            slug: Some("with-questions".into()),
            questions: Some(every_kind()),
            reminders_minutes: Some(vec![1440, 15, 60]),
            ..agenda_body("Discovery call")
        })
        .await
        .unwrap();
    assert_eq!(created.questions, every_kind());
    assert_eq!(created.reminders_minutes, vec![15, 60, 1440]);
    assert_eq!(host.get_agenda(created.id).await.unwrap(), created);
    let (host_slug, agenda_slug) = slugs(&created);
    let public = app
        .client()
        .public_agenda(&host_slug, &agenda_slug)
        .await
        .unwrap();
    assert_eq!(public.questions, every_kind());

    // The JSON on the wire: kinds in snake_case, options only on the selects.
    let raw: serde_json::Value =
        reqwest::get(app.api(&format!("/public/hosts/{host_slug}/agendas/{agenda_slug}")))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let kinds: Vec<&str> = raw["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "short_text",
            "long_text",
            "email",
            "phone",
            "number",
            "select",
            "multi_select",
            "checkbox"
        ]
    );
    assert!(raw["questions"][0].get("options").is_none());
    assert_eq!(raw["questions"][5]["options"][1], "Team");

    // PATCH replaces the list: reordered, relabelled (stored trimmed), one dropped.
    let mut changed = every_kind();
    changed.reverse();
    changed.pop();
    changed[0].label = "  Terms accepted?  ".into();
    changed[1].options = Some(vec![" Billing ".into(), "Support".into()]);
    let patched = host
        .update_agenda(
            created.id,
            &UpdateAgendaRequest {
                questions: Some(changed.clone()),
                reminders_minutes: Some(vec![5, 10080]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    changed[0].label = "Terms accepted?".into();
    changed[1].options = Some(vec!["Billing".into(), "Support".into()]);
    assert_eq!(patched.questions, changed);
    assert_eq!(patched.reminders_minutes, vec![5, 10080]);
    assert_eq!(host.get_agenda(created.id).await.unwrap(), patched);
    let public = app
        .client()
        .public_agenda(&host_slug, &agenda_slug)
        .await
        .unwrap();
    assert_eq!(public.questions, changed);

    // A PATCH without `questions` keeps them; an empty list clears them.
    let kept = host
        .update_agenda(
            created.id,
            &UpdateAgendaRequest {
                title: Some("Discovery".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(kept.questions, changed);
    let cleared = host
        .update_agenda(
            created.id,
            &UpdateAgendaRequest {
                questions: Some(vec![]),
                reminders_minutes: Some(vec![]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(cleared.questions.is_empty() && cleared.reminders_minutes.is_empty());
    let public = app
        .client()
        .public_agenda(&host_slug, &agenda_slug)
        .await
        .unwrap();
    assert!(public.questions.is_empty());
}

/// Each bad question list or reminder list is a 422 naming the field, on create and on PATCH,
/// and changes nothing.
async fn bad_question_lists_and_reminders_are_refused_and_change_nothing(db: Db) {
    use QuestionKind::*;
    let Some(app) = spawn(db).await else { return };
    let (host, agenda) = host_with_questions(&app).await;
    let before = host.get_agenda(agenda.id).await.unwrap();

    let twenty_one: Vec<_> = (0..21)
        .map(|i| question(&format!("q{i}"), &format!("Question {i}"), ShortText, false))
        .collect();
    let twenty: Vec<_> = twenty_one[..20].to_vec();
    let short = |key: &str| question(key, "Label", ShortText, false);
    let mut text_with_options = short("b");
    text_with_options.options = Some(vec!["x".into(), "y".into()]);
    let mut checkbox_with_options = question("c", "Agree", Checkbox, true);
    checkbox_with_options.options = Some(vec![]);
    // (questions, reminders_minutes, the fields a 422 names)
    type Case<'a> = (Option<Vec<Question>>, Option<Vec<u32>>, Vec<&'a str>);
    let cases: Vec<Case> = vec![
        (Some(twenty_one), None, vec!["questions"]),
        (Some(vec![short("Company")]), None, vec!["questions[0].key"]),
        (
            Some(vec![short("company name")]),
            None,
            vec!["questions[0].key"],
        ),
        (
            Some(vec![short(&"k".repeat(41))]),
            None,
            vec!["questions[0].key"],
        ),
        (Some(vec![short("")]), None, vec!["questions[0].key"]),
        (
            Some(vec![short("a"), short("b"), short("a")]),
            None,
            vec!["questions[2].key"],
        ),
        (
            Some(vec![short("a"), text_with_options]),
            None,
            vec!["questions[1].options"],
        ),
        (
            Some(vec![checkbox_with_options]),
            None,
            vec!["questions[0].options"],
        ),
        (
            Some(vec![question("plan", "Plan", Select, true)]),
            None,
            vec!["questions[0].options"],
        ),
        (
            Some(vec![question("plan", "Plan", MultiSelect, false)]),
            None,
            vec!["questions[0].options"],
        ),
        (
            Some(vec![select("plan", "Plan", Select, true, &["Only"])]),
            None,
            vec!["questions[0].options"],
        ),
        (
            Some(vec![select("plan", "Plan", Select, true, &["A", "A"])]),
            None,
            vec!["questions[0].options"],
        ),
        (
            Some(vec![select("plan", "Plan", Select, true, &["A", " "])]),
            None,
            vec!["questions[0].options"],
        ),
        (
            Some(vec![question("a", "  ", ShortText, false)]),
            None,
            vec!["questions[0].label"],
        ),
        (
            Some(vec![question("a", &"x".repeat(201), ShortText, false)]),
            None,
            vec!["questions[0].label"],
        ),
        (None, Some(vec![4]), vec!["reminders_minutes"]),
        (None, Some(vec![0]), vec!["reminders_minutes"]),
        (None, Some(vec![10081]), vec!["reminders_minutes"]),
        (
            None,
            Some(vec![5, 10, 15, 20, 25, 30]),
            vec!["reminders_minutes"],
        ),
        (None, Some(vec![15, 60, 15]), vec!["reminders_minutes"]),
        // Every problem at once; the valid part of a refused PATCH is not applied either.
        (
            Some(vec![short("Bad"), question("plan", "", Select, true)]),
            Some(vec![60, 60]),
            vec![
                "questions[0].key",
                "questions[1].label",
                "questions[1].options",
                "reminders_minutes",
            ],
        ),
        (
            Some(twenty.clone()),
            Some(vec![3]),
            vec!["reminders_minutes"],
        ),
        (
            Some(vec![short("Bad")]),
            Some(vec![15]),
            vec!["questions[0].key"],
        ),
    ];
    for (questions, reminders, expected) in cases {
        let what = format!("{questions:?} {reminders:?}");
        let e = host
            .update_agenda(
                agenda.id,
                &UpdateAgendaRequest {
                    questions: questions.clone(),
                    reminders_minutes: reminders.clone(),
                    ..Default::default()
                },
            )
            .await
            .unwrap_err();
        assert_eq!(fields_of(&e), expected, "PATCH {what}");
        assert_eq!(host.get_agenda(agenda.id).await.unwrap(), before, "{what}");

        let e = host
            .create_agenda(&CreateAgendaRequest {
                slug: Some("refused".into()),
                questions,
                reminders_minutes: reminders,
                ..agenda_body("Refused")
            })
            .await
            .unwrap_err();
        assert_eq!(fields_of(&e), expected, "POST {what}");
    }
    assert_eq!(host.list_agendas().await.unwrap().items, vec![before]);

    // The limits themselves are fine.
    let ok = host
        .update_agenda(
            agenda.id,
            &UpdateAgendaRequest {
                questions: Some(twenty.clone()),
                reminders_minutes: Some(vec![10080, 5, 30, 60, 1440]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(ok.questions, twenty);
    assert_eq!(ok.reminders_minutes, vec![5, 30, 60, 1440, 10080]);

    // A kind the API does not know is refused while reading the body.
    let res = host_raw_patch(
        &app,
        &host,
        agenda.id,
        serde_json::json!({
            "questions": [{"key": "when", "label": "When?", "kind": "date"}]
        }),
    )
    .await;
    assert_eq!(res, 422);
    assert_eq!(host.get_agenda(agenda.id).await.unwrap(), ok);
}

/// PATCH /agendas/{id} with a raw JSON body as `host` (its session cookie is not reachable from
/// here, so through an API key); the status.
async fn host_raw_patch(app: &TestApp, host: &Client, id: Uuid, body: serde_json::Value) -> u16 {
    let key = host
        .create_api_key(&CreateApiKeyRequest { name: "raw".into() })
        .await
        .unwrap();
    reqwest::Client::new()
        .patch(app.api(&format!("/agendas/{id}")))
        .bearer_auth(&key.key)
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// A missing required answer, an unknown key, a wrong type, an unknown option, a bad email or
/// phone, an unticked consent box: 422 naming `answers.{key}` (all at once), and no booking.
async fn bad_answers_are_refused_with_their_key_and_book_nothing(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let (host, agenda) = host_with_questions(&app).await;
    let start = first_slot(&host, agenda.id).await.start;
    let guest = app.client();
    let with = |changes: &[(&str, Option<AnswerValue>)]| {
        let mut a = good_answers();
        for (k, v) in changes {
            match v {
                Some(v) => a.insert(k.to_string(), v.clone()),
                None => a.remove(*k),
            };
        }
        a
    };
    let cases: Vec<(BTreeMap<String, AnswerValue>, Vec<&str>)> = vec![
        // Missing required answers (absent, empty text, unticked consent).
        (with(&[("company", None)]), vec!["answers.company"]),
        (
            with(&[("company", Some(text("   ")))]),
            vec!["answers.company"],
        ),
        (with(&[("team_size", None)]), vec!["answers.team_size"]),
        (with(&[("plan", None)]), vec!["answers.plan"]),
        (with(&[("consent", None)]), vec!["answers.consent"]),
        (
            with(&[("consent", Some(AnswerValue::Bool(false)))]),
            vec!["answers.consent"],
        ),
        (
            BTreeMap::new(),
            vec![
                "answers.company",
                "answers.consent",
                "answers.plan",
                "answers.team_size",
            ],
        ),
        // Unknown keys.
        (
            with(&[("nickname", Some(text("JD")))]),
            vec!["answers.nickname"],
        ),
        (
            with(&[("Company", Some(text("x")))]),
            vec!["answers.Company"],
        ),
        // Wrong types.
        (
            with(&[("team_size", Some(text("42")))]),
            vec!["answers.team_size"],
        ),
        (
            with(&[("company", Some(AnswerValue::Number(1.0)))]),
            vec!["answers.company"],
        ),
        (
            with(&[("consent", Some(text("yes")))]),
            vec!["answers.consent"],
        ),
        (
            with(&[("topics", Some(text("API")))]),
            vec!["answers.topics"],
        ),
        (
            with(&[("plan", Some(list(&["Team"])))]),
            vec!["answers.plan"],
        ),
        (
            with(&[("about", Some(AnswerValue::Bool(true)))]),
            vec!["answers.about"],
        ),
        // Unknown options.
        (with(&[("plan", Some(text("Gold")))]), vec!["answers.plan"]),
        (with(&[("plan", Some(text("team")))]), vec!["answers.plan"]),
        (
            with(&[("topics", Some(list(&["API", "Gold"])))]),
            vec!["answers.topics"],
        ),
        // Shapes and lengths.
        (
            with(&[("work_email", Some(text("ceo at acme")))]),
            vec!["answers.work_email"],
        ),
        (
            with(&[("phone", Some(text("call me")))]),
            vec!["answers.phone"],
        ),
        (
            with(&[("company", Some(text(&"x".repeat(201))))]),
            vec!["answers.company"],
        ),
        (
            with(&[("about", Some(text(&"x".repeat(5001))))]),
            vec!["answers.about"],
        ),
        // Everything at once.
        (
            with(&[
                ("company", None),
                ("plan", Some(text("Gold"))),
                ("team_size", Some(AnswerValue::Bool(true))),
                ("extra", Some(text("?"))),
            ]),
            vec![
                "answers.company",
                "answers.extra",
                "answers.plan",
                "answers.team_size",
            ],
        ),
    ];
    for (answers, expected) in cases {
        let e = guest
            .create_booking(&booking(agenda.id, start, answers.clone()), None)
            .await
            .unwrap_err();
        assert_eq!(fields_of(&e), expected, "{answers:?}");
    }

    // Values no answer can be (null, an object, a list of numbers): refused, naming the answer.
    for value in [
        serde_json::json!(null),
        serde_json::json!({"name": "ACME"}),
        serde_json::json!([1, 2]),
    ] {
        let mut body = serde_json::to_value(booking(agenda.id, start, good_answers())).unwrap();
        body["answers"]["company"] = value.clone();
        let res = reqwest::Client::new()
            .post(app.api("/bookings"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 422, "{value}");
        assert_eq!(
            res.headers()["content-type"],
            "application/problem+json",
            "{value}"
        );
        let problem: Problem = res.json().await.unwrap();
        let fields: Vec<_> = problem.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["answers.company"], "{value}");
    }

    assert!(all_bookings(&host).await.is_empty(), "nothing was booked");
    // The time is still free: the good answers book it.
    let booked = guest
        .create_booking(&booking(agenda.id, start, good_answers()), None)
        .await
        .unwrap();
    assert_eq!(booked.answers, kept_answers());
    assert_eq!(all_bookings(&host).await.len(), 1);

    // Optional questions may be left out (or sent empty); they are then not kept.
    let second = slots_in_days(&host, agenda.id, 2, 3).await[1].start;
    let minimal = with(&[
        ("about", Some(text(""))),
        ("work_email", None),
        ("phone", Some(text("  "))),
        ("topics", Some(list(&[]))),
    ]);
    let booked = guest
        .create_booking(&booking(agenda.id, second, minimal), None)
        .await
        .unwrap();
    let keys: Vec<&str> = booked.answers.iter().map(|a| a.key.as_str()).collect();
    assert_eq!(keys, ["company", "team_size", "plan", "consent"]);
}

/// A booking's answers: 201 with `[{key, label, value}]` in the questions' order, the same for
/// the host; unchanged when the agenda's questions change later; in both emails, the
/// invitation's DESCRIPTION and the webhook payload.
async fn answers_are_kept_as_asked_and_shown_everywhere(db: Db) {
    let receiver = Receiver::start(vec![Reply::Status(200)]).await;
    let Some(app) = spawn(db).await else { return };
    let (host, agenda) = host_with_questions(&app).await;
    host.create_webhook(&CreateWebhookRequest {
        url: receiver.url("/hooks"),
        events: Some(vec![WebhookEvent::BookingCreated]),
        description: None,
    })
    .await
    .unwrap();
    let start = first_slot(&host, agenda.id).await.start;
    let guest = app.client();
    let booked = guest
        .create_booking(&booking(agenda.id, start, good_answers()), None)
        .await
        .unwrap();
    assert_eq!(booked.answers, kept_answers());
    let token = booked.manage_token.clone().unwrap();

    // On the wire: a list of {key, label, value} with JSON-typed values.
    let raw: serde_json::Value =
        reqwest::get(app.api(&format!("/bookings/{}?token={token}", booked.id)))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert_eq!(
        raw["answers"][0],
        serde_json::json!({"key": "company", "label": "Company", "value": "ACME GmbH"})
    );
    assert_eq!(raw["answers"][4]["value"], 42.0);
    assert_eq!(
        raw["answers"][6]["value"],
        serde_json::json!(["Billing", "API"])
    );
    assert_eq!(raw["answers"][7]["value"], true);

    // Editing the agenda's questions later changes no past booking.
    let mut relabelled = every_kind();
    for q in &mut relabelled {
        q.label = format!("New {}", q.label);
    }
    relabelled[5].options = Some(vec!["Basic".into(), "Pro".into()]);
    relabelled.remove(0);
    host.update_agenda(
        agenda.id,
        &UpdateAgendaRequest {
            questions: Some(relabelled),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        host.get_booking(booked.id, None).await.unwrap().answers,
        kept_answers()
    );
    assert_eq!(
        guest
            .get_booking(booked.id, Some(&token))
            .await
            .unwrap()
            .answers,
        kept_answers()
    );
    let listed = all_bookings(&host).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].answers, kept_answers());

    // The invitation's DESCRIPTION (unfolded, unescaped) lists every answer with its label.
    for ics in [
        host.booking_ics(booked.id, None).await.unwrap(),
        guest.booking_ics(booked.id, Some(&token)).await.unwrap(),
    ] {
        let description = ics_description(&ics);
        for line in [
            "Company: ACME GmbH",
            "What should we talk about?: We build rockets.",
            "Work email: ceo@acme.example",
            "Phone: +49 30 1234567",
            "Team size: 42",
            "Plan: Team",
            "Topics: Billing, API",
            "I agree to the terms: Yes",
        ] {
            assert!(description.contains(line), "{line:?} in {description:?}");
        }
        assert!(description.contains(&booked.meeting_url));
    }

    // Both confirmation emails, text and HTML.
    notifications_when(&host, booked.id, all_sent).await;
    let emails = confirmation_emails(&app);
    assert_eq!(emails.len(), 2, "host and guest");
    for (to, text, html) in &emails {
        for line in [
            "Company: ACME GmbH",
            "Team size: 42",
            "Plan: Team",
            "Topics: Billing, API",
            "I agree to the terms: Yes",
            "Work email: ceo@acme.example",
        ] {
            assert!(
                text.contains(line),
                "{line:?} in the email to {to}:\n{text}"
            );
        }
        assert!(text.contains("We build rockets."), "{text}");
        for part in [
            "ACME GmbH",
            "Team size",
            "Billing, API",
            "I agree to the terms",
        ] {
            assert!(html.contains(part), "{part:?} in the HTML to {to}");
        }
        assert!(!text.contains("New Company"));
    }
    let mut recipients: Vec<_> = emails.iter().map(|(to, _, _)| to.as_str()).collect();
    recipients.sort();
    assert!(recipients.contains(&"jane@example.org"), "{recipients:?}");

    // The webhook's booking carries the answers as kept.
    let got = receiver.wait_until(20, |r| !r.is_empty()).await;
    assert_eq!(got.len(), 1, "{got:?}");
    let payload: WebhookPayload = serde_json::from_str(&got[0].body).unwrap();
    assert_eq!(payload.event, WebhookEvent::BookingCreated);
    assert_eq!(payload.data.booking.id, booked.id);
    assert_eq!(payload.data.booking.answers, kept_answers());
    let body: serde_json::Value = serde_json::from_str(&got[0].body).unwrap();
    assert_eq!(
        body["data"]["booking"]["answers"][0]["label"], "Company",
        "{body}"
    );

    // A booking made after the edit keeps the new labels.
    let later = slots_in_days(&host, agenda.id, 2, 3).await[0].start;
    let mut answers = good_answers();
    answers.remove("company");
    answers.insert("plan".into(), text("Pro"));
    let second = guest
        .create_booking(&booking(agenda.id, later, answers), None)
        .await
        .unwrap();
    assert_eq!(second.answers[0].label, "New What should we talk about?");
    assert!(second.answers.iter().all(|a| a.key != "company"));
    assert_eq!(
        host.get_booking(booked.id, None).await.unwrap().answers,
        kept_answers()
    );
}

/// The VEVENT's DESCRIPTION, unfolded and unescaped (RFC 5545 §3.1, §3.3.11).
fn ics_description(ics: &str) -> String {
    let unfolded = ics.replace("\r\n ", "").replace("\r\n\t", "");
    let line = unfolded
        .split("\r\n")
        .find(|l| l.starts_with("DESCRIPTION"))
        .expect("a DESCRIPTION");
    let value = &line[line.find(':').unwrap() + 1..];
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The confirmation emails the server wrote to its mail folder: (recipient, text, HTML).
fn confirmation_emails(app: &TestApp) -> Vec<(String, String, String)> {
    let dir = std::path::PathBuf::from(app._db.mail_dir());
    let mut out = vec![];
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.contains("-confirmation-") {
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        let m = MessageParser::default().parse(&data).expect("a message");
        out.push((
            m.to()
                .unwrap()
                .first()
                .unwrap()
                .address()
                .unwrap()
                .to_owned(),
            m.body_text(0).unwrap().into_owned(),
            m.body_html(0).unwrap().into_owned(),
        ));
    }
    out
}
