//! A labelled input bound to a signal, with the field's error below it (the 422's field error).

use leptos::prelude::*;

/// A labelled input bound to `value`, with the field's error below it.
#[component]
pub fn Field(
    /// The input's id (unique on the page); its error's id derives from it.
    #[prop(into)]
    id: String,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    value: RwSignal<String>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type=kind autocomplete=autocomplete
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev)) />
            <p id=error_id class="error">{move || error.get()}</p>
        </div>
    }
}
