//! `/login` and `/signup`: the host's way in; both lead to the dashboard. The login page links
//! to `/forgot-password`, and says so when a reset just set a new password. Both check with the
//! server's rules and words before sending, show the password rule from the start, and move
//! focus to the first field to fix when a submit fails.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};
use smartcal_types::{rules, LoginRequest, SignupRequest};

use super::password::RESET_DONE;
use crate::{
    api,
    components::{focus_first_invalid, password_hint, Field, LanguageSwitcher, ZonePicker},
    i18n::t,
    time, tr,
};

/// `/login`: email and password; on success, the dashboard.
#[component]
pub fn LoginPage() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let email_err = RwSignal::new(None::<String>);
    let password_err = RwSignal::new(None::<String>);
    let form_err = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let query = use_query_map();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = LoginRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        // The server's own check of a login, in its words: both present. (Whether the address
        // is well-formed does not matter here: a wrong one simply has no account.)
        email_err.set(body.email.is_empty().then(|| rules::REQUIRED.to_owned()));
        password_err.set(body.password.is_empty().then(|| rules::REQUIRED.to_owned()));
        form_err.set(None);
        if body.email.is_empty() || body.password.is_empty() {
            focus_first_invalid("login-form");
            return;
        }
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::login(&body).await;
            busy.set(false);
            match result {
                Ok(_) => navigate("/dashboard", Default::default()),
                Err(e) if e.status == Some(401) => form_err.set(Some(t("auth-login-wrong"))),
                Err(e) => {
                    email_err.set(e.field("email"));
                    password_err.set(e.field("password"));
                    form_err.set(Some(e.message));
                    focus_first_invalid("login-form");
                }
            }
        });
    };

    view! {
        <section class="page login">
            <LanguageSwitcher />
            <h1>{tr!("auth-login-heading")}</h1>
            {move || (query.read().get("reset").as_deref() == Some("done"))
                .then(|| view! { <p class="success" role="status">{move || t(RESET_DONE)}</p> })}
            <form id="login-form" on:submit=submit novalidate>
                <Field id="login-email" label=tr!("auth-email") kind="email" autocomplete="email" value=email error=email_err />
                <Field id="login-password" label=tr!("auth-password") kind="password" autocomplete="current-password" value=password error=password_err />
                {move || form_err.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                <button type="submit" class="primary" disabled=move || busy.get()>{tr!("auth-login-submit")}</button>
            </form>
            <p><A href="/forgot-password">{tr!("auth-forgot-link")}</A></p>
            <p>{tr!("auth-new-here")}" "<A href="/signup">{tr!("auth-signup-link")}</A></p>
        </section>
    }
}

/// `/signup`: a new host account (name, email, password, time zone), then the dashboard.
#[component]
pub fn SignupPage() -> impl IntoView {
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let zone = RwSignal::new(time::browser_zone());
    let name_err = RwSignal::new(None::<String>);
    let email_err = RwSignal::new(None::<String>);
    let password_err = RwSignal::new(None::<String>);
    let zone_err = RwSignal::new(None::<String>);
    let form_err = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The server's rules for each field (`smartcal_types::rules`), in its words, so the
        // page never accepts what the server refuses nor says it differently.
        let email_checked = rules::parse_email(&email.get_untracked());
        let body = SignupRequest {
            email: email.get_untracked().trim().to_owned(),
            name: name.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            time_zone: zone.get_untracked().trim().to_owned(),
            slug: None,
            // The account speaks the language the signup page was shown in.
            locale: Some(crate::i18n::locale_untracked().to_string()),
        };
        let password_checked = rules::check_new_password(&body.password);
        name_err.set(body.name.is_empty().then(|| rules::REQUIRED.to_owned()));
        email_err.set(email_checked.as_ref().err().map(|m| (*m).to_owned()));
        password_err.set(password_checked.err().map(str::to_owned));
        zone_err.set(body.time_zone.is_empty().then(|| t("auth-zone-required")));
        form_err.set(None);
        let invalid = body.name.is_empty()
            || email_checked.is_err()
            || password_checked.is_err()
            || body.time_zone.is_empty();
        if invalid {
            focus_first_invalid("signup-form");
            return;
        }
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::signup(&body).await;
            busy.set(false);
            match result {
                Ok(_) => navigate("/dashboard", Default::default()),
                Err(e) if e.status == Some(422) && !e.fields.is_empty() => {
                    name_err.set(e.field("name"));
                    email_err.set(e.field("email"));
                    password_err.set(e.field("password"));
                    zone_err.set(e.field("time_zone"));
                    focus_first_invalid("signup-form");
                }
                Err(e) => form_err.set(Some(e.message)),
            }
        });
    };

    view! {
        <section class="page signup">
            <LanguageSwitcher />
            <h1>{tr!("auth-signup-heading")}</h1>
            <form id="signup-form" on:submit=submit novalidate>
                <Field id="signup-name" label=tr!("auth-name") autocomplete="name" value=name error=name_err />
                <Field id="signup-email" label=tr!("auth-email") kind="email" autocomplete="email" value=email error=email_err />
                <Field id="signup-password" label=tr!("auth-password") kind="password" autocomplete="new-password"
                    hint=password_hint value=password error=password_err />
                <ZonePicker id="signup-zone" zone=zone error=zone_err hint="auth-zone-hint" />
                {move || form_err.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                <button type="submit" class="primary" disabled=move || busy.get()>{tr!("auth-signup-submit")}</button>
            </form>
            <p>{tr!("auth-have-account")}" "<A href="/login">{tr!("auth-login-link")}</A></p>
        </section>
    }
}
