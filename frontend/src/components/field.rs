//! A labelled input bound to a signal, with an optional hint (a rule shown before anything is
//! typed) and the field's error below it (the 422's field error, or the page's own check with
//! the same words); and moving focus to a form's first invalid field after a failed submit.

use leptos::{prelude::*, wasm_bindgen::JsCast};
use smartcal_types::rules;

use crate::i18n::{t, tf};

/// A labelled input bound to `value`, with its hint and its error below it. An error that is
/// one of the server's rules ([`rules`]: the pages' own checks, and the server's field errors
/// with the same words) is shown in the page's language ([`rule_message`]).
#[component]
pub fn Field(
    /// The input's id (unique on the page); its hint's and error's ids derive from it.
    #[prop(into)]
    id: String,
    /// Follows the page's language when given as a closure (`label=tr!("…")`).
    #[prop(into)]
    label: Signal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    /// Shown below the label from the start (e.g. a password's rule); read with the input.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
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
            <p id=error_id class="error">{move || error.get().map(|m| sentence(&rule_message(&m)))}</p>
        </div>
    }
}

/// The rule of a new password, shown under its field before anything is typed (signup, reset,
/// change): from the server's rule ([`rules::check_new_password`]), so it never says otherwise.
pub fn password_hint() -> String {
    tf(
        "common-password-hint",
        &[("count", rules::PASSWORD_MIN_CHARS.into())],
    )
}

/// The label of a new password's field on the reset page and in the account tab: it carries
/// the same rule, so it is read before any typing (and with the field, by screen readers).
pub fn new_password_label() -> String {
    tf(
        "common-new-password-label",
        &[("count", rules::PASSWORD_MIN_CHARS.into())],
    )
}

/// A field message in the page's language: the server's rules ([`rules`]), which the server
/// sends as field errors and the pages' own checks use, become their translation (still a
/// fragment, which [`Field`] makes a sentence); any other message stays as it is.
pub fn rule_message(message: &str) -> String {
    match message {
        rules::EMAIL_RULE => t("common-rule-email"),
        rules::REQUIRED => t("common-rule-required"),
        rules::PASSWORD_TOO_SHORT => tf(
            "common-rule-password-too-short",
            &[("count", rules::PASSWORD_MIN_CHARS.into())],
        ),
        rules::PASSWORD_TOO_LONG => tf(
            "common-rule-password-too-long",
            &[("bytes", rules::PASSWORD_MAX_BYTES.into())],
        ),
        other => other.to_owned(),
    }
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
