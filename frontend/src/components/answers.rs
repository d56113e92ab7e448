//! A booking's answers to its agenda's questions, as asked (SPEC §9), for the pages that show
//! a booking: the guest's, the host's decide page and the dashboard.

use leptos::prelude::*;
use smartcal_types::{Answer, AnswerValue};

use crate::i18n::t;

/// The answers as term/description pairs, for a `<dl>` the caller owns (nothing when there
/// are none).
#[component]
pub fn AnswerItems(answers: Vec<Answer>) -> impl IntoView {
    answers
        .into_iter()
        .map(|a| {
            // A box's answer in the page's language; the others as the guest wrote them.
            let value = move || match &a.value {
                AnswerValue::Bool(true) => t("answers-yes"),
                AnswerValue::Bool(false) => t("answers-no"),
                other => other.display(),
            };
            view! {
                <dt dir="auto">{a.label}</dt>
                <dd class="answer" dir="auto">{value}</dd>
            }
        })
        .collect_view()
}
