//! The agenda editor's Questions (SPEC §9): the booking form's own questions, added, removed
//! and reordered, each with its label, key, kind, whether it is required and, for the two
//! selects, its options (one per line).

use leptos::prelude::*;
use smartcal_types::{Question, QuestionKind};

use super::{index_of, next_key};
use crate::{
    dom,
    i18n::{t, tf},
    tr,
};

/// The API's limit on questions per agenda.
const MAX_QUESTIONS: usize = 20;
/// The API's limit on a key's length.
const MAX_KEY: usize = 40;

/// The kinds with their API names and the message ids of their labels, in the order offered.
const KINDS: [(QuestionKind, &str, &str); 8] = [
    (
        QuestionKind::ShortText,
        "short_text",
        "questions-edit-kind-short-text",
    ),
    (
        QuestionKind::LongText,
        "long_text",
        "questions-edit-kind-long-text",
    ),
    (QuestionKind::Email, "email", "questions-edit-kind-email"),
    (QuestionKind::Phone, "phone", "questions-edit-kind-phone"),
    (QuestionKind::Number, "number", "questions-edit-kind-number"),
    (QuestionKind::Select, "select", "questions-edit-kind-select"),
    (
        QuestionKind::MultiSelect,
        "multi_select",
        "questions-edit-kind-multi-select",
    ),
    (
        QuestionKind::Checkbox,
        "checkbox",
        "questions-edit-kind-checkbox",
    ),
];

/// The API name of `kind` (the value of its `<option>`).
fn kind_name(kind: QuestionKind) -> &'static str {
    KINDS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map_or("short_text", |(_, name, _)| name)
}

/// The key made from a label when none is typed: lower-case ASCII letters and digits, the
/// rest joined by `_` (`Company name?` → `company_name`).
fn key_from_label(label: &str) -> String {
    let mut key = String::new();
    for c in label.trim().chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c.to_ascii_lowercase());
        } else if !key.is_empty() && !key.ends_with('_') {
            key.push('_');
        }
    }
    let key: String = key.trim_end_matches('_').chars().take(MAX_KEY).collect();
    key.trim_end_matches('_').to_owned()
}

/// One question as typed.
#[derive(Clone, Copy)]
struct QuestionRow {
    id: u64,
    label: RwSignal<String>,
    key: RwSignal<String>,
    kind: RwSignal<QuestionKind>,
    required: RwSignal<bool>,
    options: RwSignal<String>,
    /// Server messages by part (`label`, `key`, `kind`, `options`; `""`: the question).
    errors: RwSignal<Vec<(String, String)>>,
}

impl QuestionRow {
    fn new(q: Option<&Question>) -> Self {
        QuestionRow {
            id: next_key(),
            label: RwSignal::new(q.map(|q| q.label.clone()).unwrap_or_default()),
            key: RwSignal::new(q.map(|q| q.key.clone()).unwrap_or_default()),
            kind: RwSignal::new(q.map_or(QuestionKind::ShortText, |q| q.kind)),
            required: RwSignal::new(q.is_some_and(|q| q.required)),
            options: RwSignal::new(
                q.and_then(|q| q.options.as_ref())
                    .map(|o| o.join("\n"))
                    .unwrap_or_default(),
            ),
            errors: RwSignal::new(Vec::new()),
        }
    }

    /// The key sent: the typed one, else the one made from the label.
    fn key_or_derived(&self) -> String {
        let typed = self.key.get_untracked().trim().to_owned();
        if typed.is_empty() {
            key_from_label(&self.label.get_untracked())
        } else {
            typed
        }
    }

    fn read(&self) -> Question {
        let kind = self.kind.get_untracked();
        let options = kind.has_options().then(|| {
            self.options
                .get_untracked()
                .lines()
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_owned)
                .collect()
        });
        Question {
            key: self.key_or_derived(),
            label: self.label.get_untracked().trim().to_owned(),
            kind,
            required: self.required.get_untracked(),
            options,
        }
    }

    /// The message for `part`, tracked.
    fn error(&self, part: &'static str) -> impl Fn() -> Option<String> + Copy + 'static {
        let errors = self.errors;
        move || errors.with(|e| e.iter().find(|(p, _)| p == part).map(|(_, m)| m.clone()))
    }
}

/// The editor's questions: the rows as typed and a message about the list as a whole.
#[derive(Clone, Copy)]
pub struct QuestionsDraft {
    rows: RwSignal<Vec<QuestionRow>>,
    error: RwSignal<Option<String>>,
}

impl QuestionsDraft {
    /// The questions of an agenda (none for a new one).
    pub fn new(questions: &[Question]) -> Self {
        QuestionsDraft {
            rows: RwSignal::new(
                questions
                    .iter()
                    .map(|q| QuestionRow::new(Some(q)))
                    .collect(),
            ),
            error: RwSignal::new(None),
        }
    }

    /// The questions to send, in order (clearing the messages shown).
    pub fn read(&self) -> Vec<Question> {
        self.error.set(None);
        self.rows.with_untracked(|rows| {
            rows.iter()
                .map(|r| {
                    r.errors.set(Vec::new());
                    r.read()
                })
                .collect()
        })
    }

    /// Puts the server's `questions…` messages at their questions; returns the others.
    pub fn show_errors(&self, fields: &[(String, String)]) -> Vec<(String, String)> {
        let rows = self.rows.get_untracked();
        let mut rest = Vec::new();
        for (field, message) in fields {
            if let Some((i, part)) = index_of(field, "questions") {
                if let Some(row) = rows.get(i) {
                    row.errors
                        .update(|e| e.push((part.to_owned(), message.clone())));
                    continue;
                }
            }
            if field == "questions" {
                self.error.set(Some(message.clone()));
                continue;
            }
            rest.push((field.clone(), message.clone()));
        }
        rest
    }
}

/// The Questions fieldset of the agenda editor.
#[component]
pub fn QuestionsEditor(draft: QuestionsDraft) -> impl IntoView {
    let rows = draft.rows;
    let add = move |_| {
        let row = QuestionRow::new(None);
        rows.update(|r| r.push(row));
        dom::focus_later(format!("question-{}-label", row.id));
    };
    view! {
        <fieldset class="questions">
            <legend>{tr!("questions-edit-heading")}</legend>
            <p class="hint">{tr!("questions-edit-hint")}</p>
            <p class="muted" hidden=move || rows.with(|r| !r.is_empty())>{tr!("questions-edit-none")}</p>
            <ol class="question-list">
                <For each=move || rows.get() key=|r| r.id let(row)>
                    <QuestionEditor row=row rows=rows />
                </For>
            </ol>
            <p id="questions-error" class="error">{move || draft.error.get()}</p>
            <button type="button" id="question-add"
                disabled=move || rows.with(|r| r.len() >= MAX_QUESTIONS)
                on:click=add>
                {tr!("questions-edit-add")}
            </button>
        </fieldset>
    }
}

/// One question of the list `rows`: its fields and its move and remove buttons.
#[component]
fn QuestionEditor(row: QuestionRow, rows: RwSignal<Vec<QuestionRow>>) -> impl IntoView {
    let id = row.id;
    let base = format!("question-{id}");
    let ids = |part: &str| format!("{base}-{part}");
    let (label_id, key_id, kind_id, required_id, options_id) = (
        ids("label"),
        ids("key"),
        ids("kind"),
        ids("required"),
        ids("options"),
    );
    let (up_id, down_id) = (ids("up"), ids("down"));
    let position = move || rows.with(|r| r.iter().position(|x| x.id == id).unwrap_or(0));
    let count = move || rows.with(Vec::len);
    // How buttons name this question: by its label, else by its number.
    let name = move || {
        let label = row.label.get();
        if label.trim().is_empty() {
            tf(
                "questions-edit-unnamed",
                &[("number", (position() + 1).into())],
            )
        } else {
            tf("questions-edit-named", &[("label", label.trim().into())])
        }
    };
    let move_by = move |up: bool| {
        let from = position();
        let to = if up {
            from.checked_sub(1)
        } else {
            Some(from + 1)
        };
        let Some(to) = to.filter(|t| *t < count()) else {
            return;
        };
        rows.update(|r| r.swap(from, to));
        // Keep focus on the button pressed, or on its partner once it reached an end.
        let at_end = if up { to == 0 } else { to + 1 == count() };
        let (same, other) = if up { ("up", "down") } else { ("down", "up") };
        dom::focus_later(format!(
            "question-{id}-{}",
            if at_end { other } else { same }
        ));
    };
    let remove = move |_| {
        let at = position();
        rows.update(|r| r.retain(|x| x.id != id));
        // Focus the question that took its place, else the one before, else the add button.
        let next = rows.with_untracked(|r| r.get(at).or_else(|| r.last()).map(|x| x.id));
        match next {
            Some(n) => dom::focus_later(format!("question-{n}-label")),
            None => dom::focus_later("question-add"),
        }
    };
    let derived = move || key_from_label(&row.label.get());
    let (label_err, key_err, kind_err, options_err, row_err) = (
        row.error("label"),
        row.error("key"),
        row.error("kind"),
        row.error("options"),
        row.error(""),
    );
    view! {
        <li class="question-row">
            <fieldset>
                <legend>{move || tf("questions-edit-legend", &[("number", (position() + 1).into())])}</legend>
                <div class="field">
                    <label for=label_id.clone()>{tr!("questions-edit-label")}</label>
                    <input id=label_id.clone() type="text" autocomplete="off"
                        aria-describedby=format!("{label_id}-error")
                        aria-invalid=move || label_err().is_some().to_string()
                        prop:value=move || row.label.get()
                        on:input=move |ev| row.label.set(event_target_value(&ev)) />
                    <p id=format!("{label_id}-error") class="error">{label_err}</p>
                </div>
                <div class="question-grid">
                    <div class="field">
                        <label for=key_id.clone()>{tr!("questions-edit-key")}</label>
                        <input id=key_id.clone() type="text" autocomplete="off" spellcheck="false"
                            placeholder=derived
                            aria-describedby=format!("{key_id}-hint {key_id}-error")
                            aria-invalid=move || key_err().is_some().to_string()
                            prop:value=move || row.key.get()
                            on:input=move |ev| row.key.set(event_target_value(&ev)) />
                        <p id=format!("{key_id}-hint") class="hint">{tr!("questions-edit-key-hint")}</p>
                        <p id=format!("{key_id}-error") class="error">{key_err}</p>
                    </div>
                    <div class="field">
                        <label for=kind_id.clone()>{tr!("questions-edit-kind")}</label>
                        <select id=kind_id.clone()
                            aria-describedby=format!("{kind_id}-error")
                            aria-invalid=move || kind_err().is_some().to_string()
                            prop:value=move || kind_name(row.kind.get())
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                if let Some((k, _, _)) = KINDS.iter().find(|(_, n, _)| *n == v) {
                                    row.kind.set(*k);
                                }
                            }>
                            {KINDS.iter().map(|&(k, n, label)| view! {
                                <option value=n selected=k == row.kind.get_untracked()>{move || t(label)}</option>
                            }).collect_view()}
                        </select>
                        <p id=format!("{kind_id}-error") class="error">{kind_err}</p>
                    </div>
                </div>
                <div class="field" hidden=move || !row.kind.get().has_options()>
                    <label for=options_id.clone()>{tr!("questions-edit-options")}</label>
                    <textarea id=options_id.clone() rows="4"
                        aria-describedby=format!("{options_id}-hint {options_id}-error")
                        aria-invalid=move || options_err().is_some().to_string()
                        prop:value=move || row.options.get()
                        on:input=move |ev| row.options.set(event_target_value(&ev))></textarea>
                    <p id=format!("{options_id}-hint") class="hint">{tr!("questions-edit-options-hint")}</p>
                    <p id=format!("{options_id}-error") class="error">{options_err}</p>
                </div>
                <div class="check">
                    <input id=required_id.clone() type="checkbox"
                        prop:checked=move || row.required.get()
                        on:change=move |ev| row.required.set(event_target_checked(&ev)) />
                    <label for=required_id.clone()>{tr!("questions-edit-required")}</label>
                </div>
                <p class="error">{row_err}</p>
                <div class="actions-row">
                    <button type="button" id=up_id disabled=move || position() == 0
                        aria-label=move || tf("questions-edit-move-up-label", &[("question", name().into())])
                        on:click=move |_| move_by(true)>{tr!("questions-edit-move-up")}</button>
                    <button type="button" id=down_id disabled=move || { position() + 1 >= count() }
                        aria-label=move || tf("questions-edit-move-down-label", &[("question", name().into())])
                        on:click=move |_| move_by(false)>{tr!("questions-edit-move-down")}</button>
                    <button type="button" class="link danger-link"
                        aria-label=move || tf("questions-edit-remove-label", &[("question", name().into())])
                        on:click=remove>{tr!("questions-edit-remove")}</button>
                </div>
            </fieldset>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::key_from_label;

    #[test]
    fn keys_are_made_from_labels() {
        assert_eq!(key_from_label("Company name?"), "company_name");
        assert_eq!(key_from_label("  What's your   role "), "what_s_your_role");
        assert_eq!(key_from_label("Größe"), "gr_e");
        assert_eq!(key_from_label("¿?"), "");
        assert_eq!(key_from_label(&"a".repeat(50)).len(), 40);
    }
}
