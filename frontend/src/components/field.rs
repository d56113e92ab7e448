//! A labelled input bound to a signal, with an optional hint (a rule shown before anything is
//! typed) and the field's error below it (the 422's field error, or the page's own check with
//! the same words); and moving focus to a form's first invalid field after a failed submit.

use leptos::{prelude::*, wasm_bindgen::JsCast};
use smartcal_types::rules;

/// A labelled input bound to `value`, with its hint and its error below it.
#[component]
pub fn Field(
    /// The input's id (unique on the page); its hint's and error's ids derive from it.
    #[prop(into)]
    id: String,
    #[prop(into)] label: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    /// Shown below the label from the start (e.g. a password's rule); read with the input.
    #[prop(optional, into)]
    hint: Option<String>,
    value: RwSignal<String>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type=kind autocomplete=autocomplete
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev)) />
            {hint.map(|h| view! { <p id=hint_id class="hint">{h}</p> })}
            <p id=error_id class="error">{move || error.get().map(|m| sentence(&m))}</p>
        </div>
    }
}

/// The rule of a new password, shown under its field before anything is typed (signup, reset,
/// change): from the server's rule ([`rules::check_new_password`]), so it never says otherwise.
pub fn password_hint() -> String {
    format!("At least {} characters.", rules::PASSWORD_MIN_CHARS)
}

/// The label of a new password's field on the reset page and in the account tab: it carries
/// the same rule, so it is read before any typing (and with the field, by screen readers).
pub fn new_password_label() -> String {
    format!(
        "New password (at least {} characters)",
        rules::PASSWORD_MIN_CHARS
    )
}

/// A field message as a sentence under its field: the API's fragments ("must be …") get a
/// capital letter and a full stop; messages that already are sentences stay as they are. The
/// page's own checks use the API's fragments (`smartcal_types::rules`), so both read the same.
fn sentence(message: &str) -> String {
    let message = message.trim();
    let mut chars = message.chars();
    let mut out = chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>())
        .unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.is_empty() && !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// After a failed submit: once the errors are on the page (the next frame), focuses the first
/// field marked invalid inside the element with id `form_id`, in page order, so a keyboard or
/// screen-reader user lands where the fixing starts.
pub fn focus_first_invalid(form_id: &'static str) {
    request_animation_frame(move || {
        let selector = format!("#{form_id} [aria-invalid=\"true\"]");
        if let Some(el) = document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::sentence;

    #[test]
    fn fragments_become_sentences() {
        assert_eq!(
            sentence("must be an email address like name@example.com"),
            "Must be an email address like name@example.com."
        );
        assert_eq!(
            sentence("Please enter your name."),
            "Please enter your name."
        );
        assert_eq!(sentence(""), "");
    }
}
