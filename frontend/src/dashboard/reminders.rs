//! The agenda editor's Reminders (SPEC §9): up to five times before the start, in minutes, at
//! which host and guest each get an email; typed comma separated or added from presets, and
//! read back in words.

use leptos::prelude::*;

use crate::{
    i18n::{t, tf, Arg},
    tr,
};

/// Reminder times offered with one click, in minutes (labelled by [`minutes_label`]).
const REMINDER_PRESETS: [u32; 3] = [15, 60, 1440];
/// The API's limit on reminders per agenda.
const MAX_REMINDERS: usize = 5;

/// `90` → `1 h 30 min`, `2880` → `2 days`: a reminder time as people read it, in the page's
/// language (tracked).
fn minutes_label(minutes: u32) -> String {
    minutes_words(minutes, tf)
}

/// [`minutes_label`] with the messages of `format` (`tf`, or a catalogue in tests).
fn minutes_words(minutes: u32, format: impl Fn(&str, &[(&str, Arg<'_>)]) -> String) -> String {
    let (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(format("reminders-edit-days", &[("days", days.into())]));
    }
    if hours > 0 {
        parts.push(format("reminders-edit-hours", &[("hours", hours.into())]));
    }
    if mins > 0 || parts.is_empty() {
        parts.push(format(
            "reminders-edit-minutes",
            &[("minutes", mins.into())],
        ));
    }
    parts.join(" ")
}

/// The minutes in `text` (separated by commas or blanks), or `None` if one is no whole number.
pub fn parse_minutes(text: &str) -> Option<Vec<u32>> {
    text.split([',', ' ', ';'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| t.parse().ok())
        .collect()
}

/// Reminders: minutes before the start as typed (comma separated), with one-click presets
/// and the times read back in words.
#[component]
pub fn RemindersField(
    value: RwSignal<String>,
    error: impl Fn() -> Option<String> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let parsed = move || value.with(|v| parse_minutes(v)).unwrap_or_default();
    let add = move |minutes: u32| {
        let mut list = parsed();
        if !list.contains(&minutes) {
            list.push(minutes);
            list.sort_unstable();
        }
        let text: Vec<String> = list.iter().map(u32::to_string).collect();
        value.set(text.join(", "));
    };
    let summary = move || {
        let list = parsed();
        if list.is_empty() {
            t("reminders-edit-none")
        } else {
            let words: Vec<String> = list.iter().map(|m| minutes_label(*m)).collect();
            tf(
                "reminders-edit-summary",
                &[("times", words.join(", ").into())],
            )
        }
    };
    view! {
        <fieldset class="reminders">
            <legend>{tr!("reminders-edit-heading")}</legend>
            <div class="field">
                <label for="agenda-reminders">{tr!("reminders-edit-minutes-label")}</label>
                <input id="agenda-reminders" type="text" inputmode="numeric" autocomplete="off"
                    aria-describedby="agenda-reminders-hint agenda-reminders-summary agenda-reminders-error"
                    aria-invalid=move || error().is_some().to_string()
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev)) />
                <p id="agenda-reminders-hint" class="hint">
                    {tr!("reminders-edit-hint", max = MAX_REMINDERS)}
                </p>
                <p id="agenda-reminders-summary" class="hint" aria-live="polite">{summary}</p>
                <p id="agenda-reminders-error" class="error">{error}</p>
            </div>
            <div class="actions-row">
                {REMINDER_PRESETS.iter().map(|&minutes| {
                    view! {
                        <button type="button"
                            aria-label=move || tf("reminders-edit-add-label", &[("time", minutes_label(minutes).into())])
                            disabled=move || { let list = parsed(); list.contains(&minutes) || list.len() >= MAX_REMINDERS }
                            on:click=move |_| add(minutes)>
                            {move || tf("reminders-edit-add", &[("time", minutes_label(minutes).into())])}
                        </button>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use smartcal_i18n::{Language, Messages, APP};

    use super::{minutes_words, parse_minutes};

    #[test]
    fn minutes_read_as_words() {
        let en = Messages::new(Language::english(), &[APP]);
        let label = |m| minutes_words(m, |id, args| en.format(id, args));
        assert_eq!(label(15), "15 min");
        assert_eq!(label(90), "1 h 30 min");
        assert_eq!(label(1440), "1 day");
        assert_eq!(label(2880 + 60), "2 days 1 h");
    }

    #[test]
    fn minutes_are_parsed_from_a_list() {
        assert_eq!(parse_minutes("60, 1440"), Some(vec![60, 1440]));
        assert_eq!(parse_minutes(" 15 30;45 "), Some(vec![15, 30, 45]));
        assert_eq!(parse_minutes(""), Some(vec![]));
        assert_eq!(parse_minutes("1 h"), None);
    }
}
