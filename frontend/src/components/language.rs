//! The language switcher of a guest's pages: every language with a catalogue, each named in
//! itself; choosing one rewrites the page and is remembered in this browser.

use leptos::prelude::*;
use smartcal_i18n::Language;

use crate::{i18n, tr};

#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let current = move || i18n::locale().language();
    view! {
        <label class="language-switcher">
            <span class="visually-hidden">{tr!("language-switcher")}</span>
            <select
                on:change=move |ev| {
                    if let Some(language) = Language::from_tag(&event_target_value(&ev)) {
                        i18n::choose_language(language);
                    }
                }
                prop:value=move || current().tag()
            >
                {Language::all()
                    .map(|language| view! {
                        <option value=language.tag() selected=move || current() == language>
                            {language.own_name()}
                        </option>
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
