//! The booking form's questions (SPEC §9): one labelled control per question kind, the
//! answers read from them with the JSON type each kind is sent as, and the server's
//! `answers.{key}` messages put back at their questions.

use std::collections::BTreeMap;

use leptos::prelude::*;
use smartcal_types::{AnswerValue, Question, QuestionKind};

use crate::{i18n::Said, tr};

/// What the guest entered for one question, and the message shown under it.
#[derive(Clone, Copy)]
struct AnswerInput {
    text: RwSignal<String>,
    checked: RwSignal<bool>,
    chosen: RwSignal<Vec<String>>,
    error: RwSignal<Option<Said>>,
}

impl AnswerInput {
    fn new() -> Self {
        AnswerInput {
            text: RwSignal::new(String::new()),
            checked: RwSignal::new(false),
            chosen: RwSignal::new(Vec::new()),
            error: RwSignal::new(None),
        }
    }

    /// The answer to send for `q` (`None`: unanswered), or why it cannot be sent (a message
    /// id).
    fn read(&self, q: &Question) -> Result<Option<AnswerValue>, &'static str> {
        let text = self.text.get_untracked().trim().to_owned();
        let value = match q.kind {
            // A box always has an answer: ticked or not.
            QuestionKind::Checkbox => {
                return Ok(Some(AnswerValue::Bool(self.checked.get_untracked())))
            }
            QuestionKind::MultiSelect => {
                let chosen = self.chosen.get_untracked();
                // In the order of the options, whatever the order of the clicks.
                let ordered: Vec<String> = q
                    .options
                    .iter()
                    .flatten()
                    .filter(|o| chosen.contains(o))
                    .cloned()
                    .collect();
                (!ordered.is_empty()).then_some(AnswerValue::List(ordered))
            }
            QuestionKind::Number if !text.is_empty() => match text.parse::<f64>() {
                Ok(n) if n.is_finite() => Some(AnswerValue::Number(n)),
                _ => return Err("questions-number"),
            },
            _ => (!text.is_empty()).then_some(AnswerValue::Text(text)),
        };
        match value {
            None if q.required => Err(match q.kind {
                QuestionKind::Select | QuestionKind::MultiSelect => "questions-choose-answer",
                _ => "questions-answer",
            }),
            v => Ok(v),
        }
    }
}

/// The questions of one booking form, each with what the guest entered.
#[derive(Clone, Copy)]
pub struct Answers(StoredValue<Vec<(Question, AnswerInput)>>);

impl Answers {
    /// Empty answers to `questions`.
    pub fn new(questions: Vec<Question>) -> Self {
        let inputs = questions
            .into_iter()
            .map(|q| (q, AnswerInput::new()))
            .collect();
        Answers(StoredValue::new(inputs))
    }

    /// The answers to send, by key (unanswered ones left out); `None` when one is missing or
    /// not valid, each such question then showing why.
    pub fn read(&self) -> Option<BTreeMap<String, AnswerValue>> {
        let mut answers = BTreeMap::new();
        let mut ok = true;
        self.0.with_value(|inputs| {
            for (q, input) in inputs {
                match input.read(q) {
                    Ok(value) => {
                        input.error.set(None);
                        if let Some(v) = value {
                            answers.insert(q.key.clone(), v);
                        }
                    }
                    Err(message) => {
                        input.error.set(Some(Said::Ours(message)));
                        ok = false;
                    }
                }
            }
        });
        ok.then_some(answers)
    }

    /// Shows the server's `answers.{key}` messages at their questions (clearing the others);
    /// returns the messages that belong to none of them.
    pub fn show_errors(&self, fields: &[(String, String)]) -> Vec<(String, String)> {
        self.0.with_value(|inputs| {
            for (q, input) in inputs {
                let field = format!("answers.{}", q.key);
                input.error.set(
                    fields
                        .iter()
                        .find(|(f, _)| *f == field)
                        .map(|(_, m)| Said::Theirs(m.clone())),
                );
            }
            fields
                .iter()
                .filter(|(f, _)| {
                    !inputs
                        .iter()
                        .any(|(q, _)| f.strip_prefix("answers.") == Some(q.key.as_str()))
                })
                .cloned()
                .collect()
        })
    }

    /// The id of the first question showing a message, to move focus there.
    pub fn first_invalid(&self) -> Option<String> {
        self.0.with_value(|inputs| {
            inputs
                .iter()
                .find(|(_, i)| i.error.with_untracked(Option::is_some))
                .map(|(q, _)| control_id(q))
        })
    }
}

/// The id of a question's control (of its first box, for a group).
fn control_id(q: &Question) -> String {
    match q.kind {
        QuestionKind::MultiSelect => format!("q-{}-0", q.key),
        _ => format!("q-{}", q.key),
    }
}

/// The controls of all questions of `answers`, in order.
#[component]
pub fn QuestionFields(answers: Answers) -> impl IntoView {
    answers.0.with_value(|inputs| {
        inputs
            .iter()
            .map(|(q, input)| view! { <QuestionField question=q.clone() input=*input /> })
            .collect_view()
    })
}

/// The label text of a question, marking a required one in words (also read out by screen
/// readers, and right for a group's legend, where `required` cannot go).
fn label_text(q: &Question) -> View<impl IntoView> {
    let required = q
        .required
        .then(|| view! { <span class="required">" "{tr!("questions-required")}</span> });
    view! { <span dir="auto">{q.label.clone()}</span>{required} }
}

/// One question's control, labelled, with its message under it.
#[component]
fn QuestionField(question: Question, input: AnswerInput) -> impl IntoView {
    let q = question;
    let id = format!("q-{}", q.key);
    let error_id = format!("{id}-error");
    let invalid = move || input.error.with(Option::is_some).to_string();
    let error = view! { <p id=error_id.clone() class="error">{move || input.error.get().map(|s| s.text())}</p> };
    let text_input = |kind: &'static str, inputmode: Option<&'static str>| {
        view! {
            <input id=id.clone() type=kind inputmode=inputmode step=(kind == "number").then_some("any")
                required=q.required autocomplete="off"
                aria-invalid=invalid aria-describedby=error_id.clone()
                prop:value=move || input.text.get()
                on:input=move |ev| input.text.set(event_target_value(&ev)) />
        }
    };
    match q.kind {
        QuestionKind::MultiSelect => view! {
            <fieldset class="question choices" aria-describedby=error_id.clone()>
                <legend>{label_text(&q)}</legend>
                {q.options.clone().unwrap_or_default().into_iter().enumerate().map(|(i, option)| {
                    let box_id = format!("{id}-{i}");
                    let for_change = option.clone();
                    let for_checked = option.clone();
                    view! {
                        <div class="check">
                            <input id=box_id.clone() type="checkbox" aria-invalid=invalid
                                prop:checked=move || input.chosen.with(|c| c.contains(&for_checked))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    input.chosen.update(|c| {
                                        c.retain(|o| *o != for_change);
                                        if on {
                                            c.push(for_change.clone());
                                        }
                                    });
                                } />
                            <label for=box_id dir="auto">{option}</label>
                        </div>
                    }
                }).collect_view()}
                {error}
            </fieldset>
        }
        .into_any(),
        QuestionKind::Checkbox => view! {
            <div class="field question">
                <div class="check">
                    <input id=id.clone() type="checkbox" required=q.required
                        aria-invalid=invalid aria-describedby=error_id.clone()
                        prop:checked=move || input.checked.get()
                        on:change=move |ev| input.checked.set(event_target_checked(&ev)) />
                    <label for=id.clone()>{label_text(&q)}</label>
                </div>
                {error}
            </div>
        }
        .into_any(),
        kind => {
            let control = match kind {
                QuestionKind::Select => view! {
                    <select id=id.clone() required=q.required
                        aria-invalid=invalid aria-describedby=error_id.clone()
                        prop:value=move || input.text.get()
                        on:change=move |ev| input.text.set(event_target_value(&ev))>
                        <option value="">{tr!("questions-choose")}</option>
                        {q.options.clone().unwrap_or_default().into_iter().map(|o| {
                            view! { <option value=o.clone()>{o.clone()}</option> }
                        }).collect_view()}
                    </select>
                }
                .into_any(),
                QuestionKind::LongText => view! {
                    <textarea id=id.clone() rows="4" required=q.required
                        aria-invalid=invalid aria-describedby=error_id.clone()
                        prop:value=move || input.text.get()
                        on:input=move |ev| input.text.set(event_target_value(&ev))></textarea>
                }
                .into_any(),
                QuestionKind::Email => text_input("email", None).into_any(),
                QuestionKind::Phone => text_input("tel", None).into_any(),
                QuestionKind::Number => text_input("number", Some("decimal")).into_any(),
                _ => text_input("text", None).into_any(),
            };
            view! {
                <div class="field question">
                    <label for=id.clone()>{label_text(&q)}</label>
                    {control}
                    {error}
                </div>
            }
            .into_any()
        }
    }
}
