//! Around the host's account (SPEC §15), against the real app over HTTP: a host's public page,
//! password reset by email (through a real SMTP sink, and the file mailer), and changing the
//! password at `/me/password`.

use smartcal_client::Client;
use smartcal_types::*;
use uuid::Uuid;

mod common;
use common::smtp::{Mode, Sink};
use common::*;

on_both!(
    the_public_page_lists_listed_active_agendas_only,
    a_reset_request_answers_the_same_for_unknown_and_known_addresses,
    a_reset_link_by_email_sets_the_password_once_and_ends_every_session,
    a_reset_link_expires_after_an_hour,
    a_weak_password_or_a_made_up_token_is_refused_without_using_the_link,
    changing_the_password_keeps_this_session_and_ends_the_others,
    reset_links_are_capped_per_host,
);

const PASSWORD: &str = "correct horse battery";

fn login(email: &str, password: &str) -> LoginRequest {
    LoginRequest {
        email: email.into(),
        password: password.into(),
    }
}

/// A fresh address for one host.
fn address() -> String {
    format!("{}@example.com", Uuid::new_v4().simple())
}

/// The `token` of the reset link in an email's text (`…/reset-password?token=…`).
fn token_in(text: &str) -> String {
    let prefix = "/reset-password?token=";
    let start = text
        .find(prefix)
        .unwrap_or_else(|| panic!("no reset link in {text}"))
        + prefix.len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

fn problem(e: smartcal_client::ClientError) -> Problem {
    e.problem().cloned().expect("a problem+json answer")
}

async fn the_public_page_lists_listed_active_agendas_only(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let host = app.client();
    let me = host.signup(&signup_body(&address())).await.unwrap();
    let shown = host
        .create_agenda(&agenda_body("Intro call"))
        .await
        .unwrap();
    let mut body = agenda_body("Deep dive");
    body.description = Some("Two hours on your architecture".into());
    body.duration_minutes = 120;
    let second = host.create_agenda(&body).await.unwrap();
    let unlisted = host
        .create_agenda(&agenda_body("Board only"))
        .await
        .unwrap();
    host.update_agenda(
        unlisted.id,
        &UpdateAgendaRequest {
            listed: Some(false),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let paused = host.create_agenda(&agenda_body("Paused")).await.unwrap();
    host.update_agenda(
        paused.id,
        &UpdateAgendaRequest {
            active: Some(false),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let deleted = host.create_agenda(&agenda_body("Gone")).await.unwrap();
    host.delete_agenda(deleted.id).await.unwrap();

    let page = Client::new(&app.base)
        .unwrap()
        .public_host(&me.slug)
        .await
        .unwrap();
    assert_eq!(page.name, "Alex Host");
    assert_eq!(
        page.agendas,
        [
            PublicHostAgenda {
                id: second.id,
                slug: second.slug.clone(),
                title: "Deep dive".into(),
                description: "Two hours on your architecture".into(),
                duration_minutes: 120,
            },
            PublicHostAgenda {
                id: shown.id,
                slug: shown.slug.clone(),
                title: "Intro call".into(),
                description: String::new(),
                duration_minutes: 30,
            },
        ]
    );

    let res = reqwest::get(app.api("/public/hosts/no-such-host"))
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
}

async fn a_reset_request_answers_the_same_for_unknown_and_known_addresses(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let known = address();
    app.client().signup(&signup_body(&known)).await.unwrap();
    let http = reqwest::Client::new();
    let ask = |email: String| {
        let http = http.clone();
        let url = app.api("/auth/password-reset");
        async move {
            let res = http
                .post(url)
                .json(&serde_json::json!({ "email": email }))
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    let for_known = ask(known.to_uppercase()).await;
    let for_unknown = ask(address()).await;
    assert_eq!(for_known.0, 202);
    assert_eq!(
        for_known, for_unknown,
        "the same status and body either way"
    );
    let accepted: PasswordResetAccepted = serde_json::from_str(&for_known.1).unwrap();
    assert!(accepted.message.contains("If an account exists"));

    // Only the account's address gets an email.
    let mails = wait_for_mails(&app._db.mail_dir(), "password_reset", "host", 1).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let mails_now = written_mails(&app._db.mail_dir(), "password_reset", "host");
    assert_eq!(mails_now.len(), 1, "{mails_now:?}");
    assert_eq!(mails[0].to, known);

    // Not an email address at all: a 422 on the field, not a 500.
    let res = http
        .post(app.api("/auth/password-reset"))
        .json(&serde_json::json!({ "email": "nobody" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let p: Problem = res.json().await.unwrap();
    assert_eq!(p.errors[0].field, "email");
}

async fn a_reset_link_by_email_sets_the_password_once_and_ends_every_session(db: Db) {
    let sink = Sink::start(0, Mode::Accept).await;
    let public_url = "https://cal.example.com";
    let Some(app) = spawn_with(
        db,
        &[
            ("SMTP_URL", &sink.url()),
            ("SMARTCAL_PUBLIC_URL", public_url),
        ],
    )
    .await
    else {
        return;
    };
    let email = address();
    let laptop = app.client();
    laptop.signup(&signup_body(&email)).await.unwrap();
    let phone = app.client();
    phone.login(&login(&email, PASSWORD)).await.unwrap();

    let anyone = app.client();
    anyone
        .request_password_reset(&PasswordResetRequest {
            email: email.clone(),
        })
        .await
        .unwrap();
    let got = sink.wait_for(1, 20).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].rcpt_to, std::slice::from_ref(&email));
    let parsed = mail_parser::MessageParser::default()
        .parse(&got[0].data)
        .unwrap();
    assert_eq!(parsed.subject(), Some("Reset your SmartCal password"));
    let text = parsed.body_text(0).unwrap().into_owned();
    assert!(text.contains("60 minutes"), "{text}");
    let token = token_in(&text);
    assert!(text.contains(&format!("{public_url}/reset-password?token={token}")));
    assert!(token.len() >= 32, "a long random token: {token}");
    assert!(parsed
        .body_html(0)
        .unwrap()
        .contains(&format!("{public_url}/reset-password?token={token}")));
    assert_token_kept_only_hashed(&app, &token).await;

    // Logged in until the reset.
    laptop.me().await.unwrap();
    phone.me().await.unwrap();
    anyone
        .confirm_password_reset(&PasswordResetConfirm {
            token: token.clone(),
            password: "a brand new secret".into(),
        })
        .await
        .unwrap();
    assert_eq!(status(laptop.me().await.unwrap_err()), 401);
    assert_eq!(status(phone.me().await.unwrap_err()), 401);
    assert_eq!(
        status(
            app.client()
                .login(&login(&email, PASSWORD))
                .await
                .unwrap_err()
        ),
        401
    );
    app.client()
        .login(&login(&email, "a brand new secret"))
        .await
        .unwrap();

    // A second use fails, and changes nothing.
    let again = anyone
        .confirm_password_reset(&PasswordResetConfirm {
            token,
            password: "yet another secret".into(),
        })
        .await
        .unwrap_err();
    let p = problem(again);
    assert_eq!(p.status, 410);
    assert!(p.detail.unwrap().contains("used"));
    app.client()
        .login(&login(&email, "a brand new secret"))
        .await
        .unwrap();
    // Exactly one email however long the worker runs.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(sink.received().len(), 1);
}

async fn a_reset_link_expires_after_an_hour(db: Db) {
    let Some(test_db) = test_db(db) else { return };
    let today = Server::start(&test_db, &[]).await;
    let email = address();
    Client::new(&today.base)
        .unwrap()
        .signup(&signup_body(&email))
        .await
        .unwrap();
    Client::new(&today.base)
        .unwrap()
        .request_password_reset(&PasswordResetRequest {
            email: email.clone(),
        })
        .await
        .unwrap();
    let mails = wait_for_mails(&test_db.mail_dir(), "password_reset", "host", 1).await;
    let token = token_in(&mails[0].text);
    assert!(mails[0]
        .text
        .contains(&format!("{}/reset-password?token={token}", today.base)));
    today.stop().await;

    // A process whose clock is 61 minutes on refuses the link (and leaves it alone)…
    let later = Server::start(&test_db, &[("SMARTCAL_CLOCK_OFFSET_SECONDS", "3660")]).await;
    let c = Client::new(&later.base).unwrap();
    let p = problem(
        c.confirm_password_reset(&PasswordResetConfirm {
            token: token.clone(),
            password: "sixty one minutes".into(),
        })
        .await
        .unwrap_err(),
    );
    assert!(
        p.status == 410 && p.detail.as_deref().unwrap().contains("expired"),
        "{p:?}"
    );
    c.login(&login(&email, PASSWORD)).await.unwrap();
    later.stop().await;

    // …one at 59 minutes takes it.
    let soon = Server::start(&test_db, &[("SMARTCAL_CLOCK_OFFSET_SECONDS", "3540")]).await;
    let c = Client::new(&soon.base).unwrap();
    c.confirm_password_reset(&PasswordResetConfirm {
        token,
        password: "fifty nine minutes".into(),
    })
    .await
    .unwrap();
    c.login(&login(&email, "fifty nine minutes")).await.unwrap();
}

async fn a_weak_password_or_a_made_up_token_is_refused_without_using_the_link(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let email = address();
    app.client().signup(&signup_body(&email)).await.unwrap();
    let c = app.client();
    c.request_password_reset(&PasswordResetRequest {
        email: email.clone(),
    })
    .await
    .unwrap();
    let mails = wait_for_mails(&app._db.mail_dir(), "password_reset", "host", 1).await;
    let token = token_in(&mails[0].text);

    let weak = problem(
        c.confirm_password_reset(&PasswordResetConfirm {
            token: token.clone(),
            password: "short".into(),
        })
        .await
        .unwrap_err(),
    );
    assert_eq!(weak.status, 422);
    assert_eq!(
        weak.errors
            .iter()
            .map(|e| e.field.as_str())
            .collect::<Vec<_>>(),
        ["password"]
    );
    let made_up = problem(
        c.confirm_password_reset(&PasswordResetConfirm {
            token: "not-a-token".into(),
            password: "long enough now".into(),
        })
        .await
        .unwrap_err(),
    );
    assert_eq!(made_up.status, 422);
    assert_eq!(made_up.errors[0].field, "token");
    // The link still works after both.
    c.confirm_password_reset(&PasswordResetConfirm {
        token,
        password: "long enough now".into(),
    })
    .await
    .unwrap();
    c.login(&login(&email, "long enough now")).await.unwrap();
    // An array is not a body.
    let res = reqwest::Client::new()
        .post(app.api("/auth/password-reset/confirm"))
        .json(&serde_json::json!(["x", "y"]))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error(), "{}", res.status());
}

async fn changing_the_password_keeps_this_session_and_ends_the_others(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let email = address();
    let here = app.client();
    here.signup(&signup_body(&email)).await.unwrap();
    let there = app.client();
    there.login(&login(&email, PASSWORD)).await.unwrap();

    let wrong = problem(
        here.change_my_password(&ChangePasswordRequest {
            current_password: "not my password".into(),
            new_password: "a better password".into(),
        })
        .await
        .unwrap_err(),
    );
    assert_eq!(wrong.status, 422);
    assert_eq!(wrong.errors[0].field, "current_password");
    there.me().await.unwrap();

    let weak = problem(
        here.change_my_password(&ChangePasswordRequest {
            current_password: PASSWORD.into(),
            new_password: "short".into(),
        })
        .await
        .unwrap_err(),
    );
    assert_eq!(weak.errors[0].field, "new_password");

    here.change_my_password(&ChangePasswordRequest {
        current_password: PASSWORD.into(),
        new_password: "a better password".into(),
    })
    .await
    .unwrap();
    here.me().await.unwrap();
    assert_eq!(status(there.me().await.unwrap_err()), 401);
    app.client()
        .login(&login(&email, "a better password"))
        .await
        .unwrap();

    // An API key cannot change the password.
    let key = here
        .create_api_key(&CreateApiKeyRequest { name: "ci".into() })
        .await
        .unwrap();
    let with_key = app.client().with_api_key(key.key);
    let refused = with_key
        .change_my_password(&ChangePasswordRequest {
            current_password: "a better password".into(),
            new_password: "stolen key password".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(status(refused), 403);
}

async fn reset_links_are_capped_per_host(db: Db) {
    let Some(app) = spawn(db).await else { return };
    let email = address();
    app.client().signup(&signup_body(&email)).await.unwrap();
    let c = app.client();
    for _ in 0..5 {
        c.request_password_reset(&PasswordResetRequest {
            email: email.clone(),
        })
        .await
        .unwrap();
    }
    wait_for_mails(&app._db.mail_dir(), "password_reset", "host", 3).await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(
        written_mails(&app._db.mail_dir(), "password_reset", "host").len(),
        3,
        "at most three live links, so at most three emails"
    );
}

/// The database holds the reset token only as its SHA-256 (hex): once the email is sent, its
/// stored text (which carried the link) is gone too.
async fn assert_token_kept_only_hashed(app: &TestApp, token: &str) {
    use diesel::prelude::*;
    use sha2::Digest as _;
    use smartcal_db::schema::password_resets::dsl::*;
    let mut c = smartcal_db::connect(&app._db.url, &smartcal_db::PoolOptions::default())
        .unwrap()
        .get()
        .unwrap();
    let hashed = hex::encode(sha2::Sha256::digest(token.as_bytes()));
    for _ in 0..100 {
        let rows: Vec<(String, String)> = password_resets
            .select((token_hash, mail_payload))
            .load(&mut *c)
            .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].0, hashed, "stored as the token's SHA-256");
        if !rows[0].1.contains(token) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the sent email's text still holds the token");
}
