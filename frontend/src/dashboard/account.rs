//! The dashboard's account tab: change the password (every other session ends), and log out
//! every other session.

use leptos::{prelude::*, task::spawn_local};
use smartcal_types::{rules, ChangePasswordRequest};

use crate::{
    api,
    components::{focus_first_invalid, new_password_label, Field},
};

/// The account tab.
#[component]
pub fn AccountPanel() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let current_err = RwSignal::new(None::<String>);
    let new_err = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let change = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let body = ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        // The server's checks and words (`smartcal_types::rules`) before anything is sent.
        let current_missing = body.current_password.is_empty();
        let new_checked = rules::check_new_password(&body.new_password);
        current_err.set(current_missing.then(|| rules::REQUIRED.to_owned()));
        new_err.set(new_checked.err().map(str::to_owned));
        error.set(None);
        status.set(None);
        if current_missing || new_checked.is_err() {
            focus_first_invalid("account-form");
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result = api::change_password(&body).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    current.set(String::new());
                    new.set(String::new());
                    status.set(Some(
                        "Password changed. Every other session was logged out.".to_owned(),
                    ));
                }
                Err(e) => {
                    let (c, n) = (e.field("current_password"), e.field("new_password"));
                    if c.is_none() && n.is_none() {
                        error.set(Some(e.message));
                    }
                    current_err.set(c);
                    new_err.set(n);
                    focus_first_invalid("account-form");
                }
            }
        });
    };

    let end_others = move |_| {
        error.set(None);
        status.set(None);
        spawn_local(async move {
            match api::logout_others().await {
                Ok(()) => status.set(Some(
                    "Every other session was logged out; this one stays.".to_owned(),
                )),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };

    view! {
        <h2 id="account-heading" tabindex="-1">"Account"</h2>
        <div class="alerts" role="alert" aria-live="assertive">
            {move || error.get().map(|m| view! { <p class="error">{m}</p> })}
        </div>
        <div class="notices" role="status" aria-live="polite">
            {move || status.get().map(|m| view! { <p class="success">{m}</p> })}
        </div>
        <form id="account-form" class="account-form" on:submit=change novalidate>
            <h3>"Change password"</h3>
            <Field id="current-password" label="Current password" kind="password"
                autocomplete="current-password" value=current error=current_err />
            <Field id="new-password" label=new_password_label() kind="password"
                autocomplete="new-password" value=new error=new_err />
            <button type="submit" class="primary" disabled=move || busy.get()>"Change password"</button>
        </form>
        <h3>"Sessions"</h3>
        <p class="muted">"Lost a device, or logged in somewhere you should not stay logged in?"</p>
        <button type="button" on:click=end_others>"Log out everywhere else"</button>
    }
}
