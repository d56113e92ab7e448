//! `/forgot-password` and `/reset-password?token=…`: getting back into an account by email.
//! Asking always gets the same answer (it does not tell who has an account); the link's page
//! sets a new password and leads to the login page.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};
use smartcal_types::{rules, PasswordResetConfirm, PasswordResetRequest};

use crate::{
    api,
    components::{new_password_label, Field},
    dom,
    i18n::t,
    tr,
};

/// The message id of what the login page says after a reset (`/login?reset=done`).
pub const RESET_DONE: &str = "password-reset-done";

/// `/forgot-password`: the account's email; always the same answer.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let email_err = RwSignal::new(None::<String>);
    let form_err = RwSignal::new(None::<String>);
    let sent = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = PasswordResetRequest {
            email: email.get_untracked().trim().to_owned(),
        };
        // The server's rule and words (`smartcal_types::rules`).
        let checked = rules::parse_email(&body.email).map(drop);
        email_err.set(checked.err().map(str::to_owned));
        form_err.set(None);
        if checked.is_err() {
            dom::focus_later("forgot-email");
            return;
        }
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result = api::request_password_reset(&body).await;
            busy.set(false);
            match result {
                Ok(answer) => sent.set(Some(answer.message)),
                Err(e) if e.field("email").is_some() => {
                    email_err.set(e.field("email"));
                    dom::focus_later("forgot-email");
                }
                Err(e) => form_err.set(Some(e.message)),
            }
        });
    };

    view! {
        <section class="page login">
            <h1>{tr!("password-forgot-heading")}</h1>
            {move || match sent.get() {
                Some(message) => view! {
                    <p class="success" role="status">{message}</p>
                    <p>{tr!("password-no-email")}</p>
                    <p><button type="button" on:click=move |_| sent.set(None)>{tr!("password-send-another")}</button></p>
                    <p><A href="/login">{tr!("password-back-to-login")}</A></p>
                }
                .into_any(),
                None => view! {
                    <p>{tr!("password-forgot-intro")}</p>
                    <form on:submit=submit novalidate>
                        <Field id="forgot-email" label=tr!("password-email") kind="email" autocomplete="email" value=email error=email_err />
                        {move || form_err.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                        <button type="submit" class="primary" disabled=move || busy.get()>{tr!("password-send")}</button>
                    </form>
                    <p><A href="/login">{tr!("password-back-to-login")}</A></p>
                }
                .into_any(),
            }}
        </section>
    }
}

/// `/reset-password?token=…`: a new password for the account the emailed link belongs to;
/// on success, the login page with a message.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let password = RwSignal::new(String::new());
    let password_err = RwSignal::new(None::<String>);
    let form_err = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = PasswordResetConfirm {
            token: token(),
            password: password.get_untracked(),
        };
        let checked = rules::check_new_password(&body.password);
        password_err.set(checked.err().map(str::to_owned));
        form_err.set(None);
        if checked.is_err() {
            dom::focus_later("reset-password");
            return;
        }
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::confirm_password_reset(&body).await;
            busy.set(false);
            match result {
                Ok(()) => navigate("/login?reset=done", Default::default()),
                Err(e) if e.field("password").is_some() => {
                    password_err.set(e.field("password"));
                    dom::focus_later("reset-password");
                }
                Err(e) => form_err.set(Some(match e.field("token") {
                    Some(_) => t("password-link-invalid"),
                    None => e.message,
                })),
            }
        });
    };

    view! {
        <section class="page login">
            <h1>{tr!("password-reset-heading")}</h1>
            {move || if token().is_empty() {
                view! {
                    <p class="error" role="alert">{tr!("password-no-token")}</p>
                    <p><A href="/forgot-password">{tr!("password-ask-new-link")}</A></p>
                }
                .into_any()
            } else {
                view! {
                    <p>{tr!("password-logs-out")}</p>
                }
                .into_any()
            }}
            <form on:submit=submit novalidate>
                <Field id="reset-password" label=new_password_label kind="password"
                    autocomplete="new-password" value=password error=password_err />
                {move || form_err.get().map(|m| view! {
                    <div role="alert">
                        <p class="error">{m}</p>
                        <p><A href="/forgot-password">{tr!("password-ask-new-link")}</A></p>
                    </div>
                })}
                <button type="submit" class="primary" disabled=move || busy.get()>{tr!("password-set")}</button>
            </form>
        </section>
    }
}
