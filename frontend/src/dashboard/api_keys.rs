//! The dashboard's API keys tab: create a key (shown once, with a copy button), list, revoke.

use leptos::{prelude::*, task::spawn_local};
use smartcal_types::{ApiKey, CreatedApiKey};

use crate::{
    api,
    components::{Confirm, ConfirmDialog, Field, Loader},
    dom, time,
};

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
            name_err.set(Some(
                "Please name the key, e.g. after the integration.".to_owned(),
            ));
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
        let question = format!(
            "Revoke the key “{}”? Integrations using it stop working at once.",
            key.name
        );
        confirm.ask("Revoke key", question, "Revoke", move || {
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
                        status.set(Some(format!("The key “{}” was revoked.", key.name)));
                        reload.update(|n| *n += 1);
                        dom::focus_later("keys-heading");
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        });
    };

    view! {
        <h2 id="keys-heading" tabindex="-1">"API keys"</h2>
        <ConfirmDialog id="revoke-key-dialog" confirm=confirm return_to=Some("keys-heading") />
        <p class="muted">"Integrations send a key as "<code>"Authorization: Bearer <key>"</code>" to use the API in your name."</p>
        <form class="inline-form" on:submit=create novalidate>
            <Field id="key-name" label="Key name" value=name error=name_err />
            <button type="submit" class="primary" disabled=move || busy.get()>"Create key"</button>
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
                    <h3 id="new-key-heading" tabindex="-1">{format!("New key “{}”", c.api_key.name)}</h3>
                    <p><strong>"Copy it now: it is shown only this once."</strong></p>
                    <div class="copy-row">
                        <label for="new-key-value" class="visually-hidden">"The new API key"</label>
                        <input id="new-key-value" type="text" readonly value=key.clone() on:focus=dom::select_all />
                        <button type="button" on:click=move |_| {
                            status.set(Some(if dom::copy_text(&key) {
                                "Key copied.".to_owned()
                            } else {
                                "Select the key and copy it by hand.".to_owned()
                            }));
                        }>"Copy key"</button>
                    </div>
                    <button type="button" class="link" on:click=move |_| { created.set(None); dom::focus_later("key-name"); }>
                        "Done, hide the key"
                    </button>
                </section>
            }
        })}
        <Loader load=move || keys.get() let:list>
            {if list.items.is_empty() {
                view! { <p class="muted">"No API keys."</p> }.into_any()
            } else {
                view! {
                    <ul class="keys">
                        {list.items.into_iter().map(|k| {
                            let used = k.last_used_at.as_ref().map_or("never used".to_owned(), |t| format!("last used {}", time::browser_local(t)));
                            let name = k.name.clone();
                            let prefix = format!("{}…", k.prefix);
                            let made = format!("Created {} · {used}", time::short_date(&k.created_at));
                            view! {
                                <li class="key">
                                    <div>
                                        <p><strong><bdi>{name.clone()}</bdi></strong>" "<code>{prefix}</code></p>
                                        <p class="muted">{made}</p>
                                    </div>
                                    <button type="button" class="danger" aria-label=format!("Revoke {name}")
                                        on:click=move |_| revoke(k.clone())>"Revoke"</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </Loader>
    }
}
