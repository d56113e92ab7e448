//! The dashboard's API keys tab: create a key (shown once, with a copy button), list, revoke.

use leptos::{prelude::*, task::spawn_local};
use smartcal_types::{ApiKey, CreatedApiKey};

use crate::{
    api,
    components::{Confirm, ConfirmDialog, Field, Loader},
    dom, i18n, time, tr,
};

use crate::i18n::around;

/// The API keys tab.
#[component]
pub fn ApiKeysPanel() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let keys = LocalResource::new(move || {
        reload.track();
        api::list_api_keys()
    });
    let name = RwSignal::new(String::new());
    let name_err = RwSignal::new(None::<String>);
    let created = RwSignal::new(None::<CreatedApiKey>);
    let status = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let label = name.get_untracked().trim().to_owned();
        if label.is_empty() {
            name_err.set(Some(i18n::t("keys-name-missing")));
            return;
        }
        if busy.get_untracked() {
            return;
        }
        name_err.set(None);
        error.set(None);
        status.set(None);
        busy.set(true);
        spawn_local(async move {
            let result = api::create_api_key(label).await;
            busy.set(false);
            match result {
                Ok(key) => {
                    created.set(Some(key));
                    name.set(String::new());
                    reload.update(|n| *n += 1);
                    dom::focus_later("new-key-heading");
                }
                Err(e) => match e.field("name") {
                    Some(m) => name_err.set(Some(m)),
                    None => error.set(Some(e.message)),
                },
            }
        });
    };

    let confirm = Confirm::new();
    let revoke = move |key: ApiKey| {
        let question = i18n::tf("keys-revoke-question", &[("name", (&key.name).into())]);
        let (title, label) = (i18n::t("keys-revoke-title"), i18n::t("keys-revoke"));
        confirm.ask(&title, question, &label, move || {
            error.set(None);
            status.set(None);
            spawn_local(async move {
                match api::revoke_api_key(key.id).await {
                    Ok(()) => {
                        if created
                            .with_untracked(|c| c.as_ref().is_some_and(|c| c.api_key.id == key.id))
                        {
                            created.set(None);
                        }
                        status.set(Some(i18n::tf(
                            "keys-revoked",
                            &[("name", (&key.name).into())],
                        )));
                        reload.update(|n| *n += 1);
                        dom::focus_later("keys-heading");
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        });
    };

    view! {
        <h2 id="keys-heading" tabindex="-1">{tr!("keys-heading")}</h2>
        <ConfirmDialog id="revoke-key-dialog" confirm=confirm return_to=Some("keys-heading") />
        {move || {
            let (before, after) = around("keys-intro", "header", &[]);
            view! { <p class="muted">{before}<code>{i18n::t("keys-intro-header")}</code>{after}</p> }
        }}
        <form class="inline-form" on:submit=create novalidate>
            <Field id="key-name" label=i18n::t("keys-name") value=name error=name_err />
            <button type="submit" class="primary" disabled=move || busy.get()>{tr!("keys-create")}</button>
        </form>
        <div class="alerts" role="alert" aria-live="assertive">
            {move || error.get().map(|m| view! { <p class="error">{m}</p> })}
        </div>
        <div class="notices" role="status" aria-live="polite">
            {move || status.get().map(|m| view! { <p class="success">{m}</p> })}
        </div>
        {move || created.get().map(|c| {
            let key = c.key.clone();
            view! {
                <section class="new-key" aria-labelledby="new-key-heading">
                    <h3 id="new-key-heading" tabindex="-1">{tr!("keys-new-heading", name = &c.api_key.name)}</h3>
                    <p><strong>{tr!("keys-copy-now")}</strong></p>
                    <div class="copy-row">
                        <label for="new-key-value" class="visually-hidden">{tr!("keys-new-value")}</label>
                        <input id="new-key-value" type="text" readonly value=key.clone() on:focus=dom::select_all />
                        <button type="button" on:click=move |_| {
                            status.set(Some(i18n::t(if dom::copy_text(&key) {
                                "keys-copied"
                            } else {
                                "keys-copy-by-hand"
                            })));
                        }>{tr!("keys-copy")}</button>
                    </div>
                    <button type="button" class="link" on:click=move |_| { created.set(None); dom::focus_later("key-name"); }>
                        {tr!("keys-hide")}
                    </button>
                </section>
            }
        })}
        <Loader load=move || keys.get() let:list>
            {if list.items.is_empty() {
                view! { <p class="muted">{tr!("keys-none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="keys">
                        {list.items.into_iter().map(|k| {
                            let (created_at, last_used_at) = (k.created_at, k.last_used_at);
                            let made = move || {
                                let created = time::short_date(&created_at);
                                match last_used_at.as_ref().map(time::browser_local) {
                                    Some(used) => i18n::tf(
                                        "keys-created-last-used",
                                        &[("created", created.into()), ("used", used.into())],
                                    ),
                                    None => i18n::tf(
                                        "keys-created-never-used",
                                        &[("created", created.into())],
                                    ),
                                }
                            };
                            let name = k.name.clone();
                            let prefix = format!("{}…", k.prefix);
                            view! {
                                <li class="key">
                                    <div>
                                        <p><strong><bdi>{name.clone()}</bdi></strong>" "<code>{prefix}</code></p>
                                        <p class="muted">{made}</p>
                                    </div>
                                    <button type="button" class="danger" aria-label=tr!("keys-revoke-named", name = &name)
                                        on:click=move |_| revoke(k.clone())>{tr!("keys-revoke")}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </Loader>
    }
}
