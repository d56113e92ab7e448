//! A searchable time-zone field: a text input with a `<datalist>` of every zone the browser
//! knows, so typing filters the suggestions; only a known zone is accepted.

use leptos::prelude::*;

use crate::time;

/// A labelled "Time zone" input bound to `zone`, which only ever holds a zone from the list.
/// `error` shows a message from outside (e.g. the server's) under the field.
#[component]
pub fn ZonePicker(
    /// The input's id (the list's and hint's ids derive from it).
    id: &'static str,
    zone: RwSignal<String>,
    #[prop(optional, into)] hint: Option<&'static str>,
    #[prop(optional)] error: Option<RwSignal<Option<String>>>,
) -> impl IntoView {
    let zones = StoredValue::new(time::supported_zones());
    let typed = RwSignal::new(zone.get_untracked());
    let local_error = RwSignal::new(None::<String>);
    // Follow changes made elsewhere (e.g. a form filled from the server).
    Effect::new(move |_| typed.set(zone.get()));
    let list_id = format!("{id}-list");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = format!("{hint_id} {error_id}");
    let message = move || local_error.get().or_else(|| error.and_then(|e| e.get()));

    let commit = move |value: String| {
        match zones.with_value(|z| time::match_zone(z, &value)) {
            Some(found) => {
                local_error.set(None);
                if let Some(e) = error {
                    e.set(None);
                }
                typed.set(found.clone());
                if zone.get_untracked() != found {
                    zone.set(found);
                }
            }
            None if value.trim().is_empty() => typed.set(zone.get_untracked()),
            None => local_error.set(Some(format!(
                "Unknown time zone “{}”. Type part of a city and pick from the list, e.g. Europe/Berlin.",
                value.trim()
            ))),
        }
    };

    view! {
        <div class="field zone">
            <label for=id>"Time zone"</label>
            <input id=id type="text" list=list_id.clone() autocomplete="off" spellcheck="false"
                aria-describedby=described
                aria-invalid=move || message().is_some().to_string()
                prop:value=move || typed.get()
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    typed.set(v.clone());
                    // A suggestion picked from the list arrives as one complete input.
                    if zones.with_value(|z| z.contains(&v)) {
                        commit(v);
                    }
                }
                on:change=move |ev| commit(event_target_value(&ev))
                on:keydown=move |ev| if ev.key() == "Enter" {
                    ev.prevent_default();
                    commit(event_target_value(&ev));
                } />
            <datalist id=list_id>
                {zones.with_value(|z| z.iter().map(|name| view! { <option value=name.clone()></option> }).collect_view())}
            </datalist>
            <p id=hint_id class="hint">
                {hint.unwrap_or("Type to search, e.g. Berlin or New_York.")}
            </p>
            <p id=error_id class="error" aria-live="polite">{message}</p>
        </div>
    }
}
