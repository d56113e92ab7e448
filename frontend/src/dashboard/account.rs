//! The dashboard's account tab: change the password (every other session ends), log out
//! every other session, and choose the language of the dashboard and the host's emails.

use leptos::{prelude::*, task::spawn_local};
use smartcal_i18n::{Language, Locale};
use smartcal_types::{rules, ChangePasswordRequest, UpdateHostRequest};

use crate::{
    api,
    components::{focus_first_invalid, new_password_label, Field},
    i18n, tr,
};

/// The account tab; `locale` is the host's language as the account has it (`de`, `de-AT`).
#[component]
pub fn AccountPanel(#[prop(into)] locale: String) -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let current_err = RwSignal::new(None::<String>);
    let new_err = RwSignal::new(None::<String>);
    // The message id of what was just done (so it follows a change of language).
    let status = RwSignal::new(None::<&'static str>);
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
                    status.set(Some("account-password-changed"));
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
                Ok(()) => status.set(Some("account-others-logged-out")),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };

    // The language: saved on change; the page then speaks it.
    let saved = RwSignal::new(Language::from_tag(&locale).unwrap_or_else(Language::english));
    // The message id of the last save ("saved" or "failed").
    let language_status = RwSignal::new(None::<&'static str>);
    let choose_language = move |ev: leptos::ev::Event| {
        let Some(language) = Language::from_tag(&event_target_value(&ev)) else {
            return;
        };
        language_status.set(None);
        spawn_local(async move {
            let tag = language.tag();
            let body = UpdateHostRequest {
                locale: Some(tag.to_owned()),
                ..Default::default()
            };
            match api::update_me(&body).await {
                Ok(_) => {
                    saved.set(language);
                    i18n::set_locale(tag.parse().unwrap_or_else(|_| Locale::english()));
                    language_status.set(Some("account-language-saved"));
                }
                Err(_) => {
                    // The list shows the saved language again.
                    saved.set(saved.get_untracked());
                    language_status.set(Some("account-language-failed"));
                }
            }
        });
    };

    view! {
        <h2 id="account-heading" tabindex="-1">{tr!("account-heading")}</h2>
        <div class="alerts" role="alert" aria-live="assertive">
            {move || error.get().map(|m| view! { <p class="error">{m}</p> })}
        </div>
        <div class="notices" role="status" aria-live="polite">
            {move || status.get().map(|id| view! { <p class="success">{i18n::t(id)}</p> })}
        </div>
        // Drawn again when the language changes, so the fields' labels follow it.
        {move || view! {
            <form id="account-form" class="account-form" on:submit=change novalidate>
                <h3>{i18n::t("account-change-password")}</h3>
                <Field id="current-password" label=i18n::t("account-current-password") kind="password"
                    autocomplete="current-password" value=current error=current_err />
                <Field id="new-password" label=new_password_label() kind="password"
                    autocomplete="new-password" value=new error=new_err />
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {i18n::t("account-change-password")}
                </button>
            </form>
        }}
        <h3>{tr!("account-sessions")}</h3>
        <p class="muted">{tr!("account-sessions-lost")}</p>
        <button type="button" on:click=end_others>{tr!("account-log-out-others")}</button>
        <h3 id="account-language-heading">{tr!("account-language-heading")}</h3>
        <div class="field">
            <label for="account-language">{tr!("account-language")}</label>
            <select id="account-language" aria-describedby="account-language-status"
                on:change=choose_language prop:value=move || saved.get().tag()>
                {Language::all()
                    .map(|language| view! {
                        <option value=language.tag() selected=move || saved.get() == language>
                            {language.own_name()}
                        </option>
                    })
                    .collect_view()}
            </select>
            <p id="account-language-status" role="status"
                class:success=move || language_status.get() == Some("account-language-saved")
                class:error=move || language_status.get() == Some("account-language-failed")>
                {move || language_status.get().map(i18n::t)}
            </p>
        </div>
    }
}
