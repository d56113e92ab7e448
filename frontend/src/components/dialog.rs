//! The app's modal dialog, on the HTML `<dialog>` element opened with `showModal()`: the browser
//! makes the rest of the page inert (focus stays inside), Esc closes it, and on closing focus
//! returns to the element that opened it (or, when that is gone — a cancelled meeting's card —
//! to `return_to`). [`ReasonDialog`] is the confirmation that replaces `window.confirm`: a
//! question, an optional reason for the other side, and the two choices in words.

use leptos::{html, prelude::*};
use wasm_bindgen::JsCast;

/// A modal dialog titled `title` (its `<h2>`, which names it) showing `children`, open while
/// `open` is true. Esc and `open.set(false)` close it.
#[component]
pub fn Dialog(
    /// The dialog's id; its heading is `{id}-title`.
    #[prop(into)]
    id: String,
    /// The heading.
    #[prop(into)]
    title: Signal<String>,
    /// Open while true.
    open: RwSignal<bool>,
    /// Where focus goes on closing when the element that opened the dialog is gone.
    #[prop(default = None)]
    return_to: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        let want = open.get();
        let Some(el) = dialog.get() else { return };
        if want && !el.open() {
            opener.set_value(
                document()
                    .active_element()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
            );
            let _ = el.show_modal();
        } else if !want && el.open() {
            el.close();
        }
    });
    // Esc (the `cancel` event), the close button and `open.set(false)` all end here.
    let closed = move |_| {
        open.set(false);
        match opener.get_value() {
            Some(el) if el.is_connected() => {
                let _ = el.focus();
            }
            _ => {
                if let Some(id) = return_to {
                    crate::dom::focus_later(id);
                }
            }
        }
    };
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <dialog node_ref=dialog id=id class="dialog" aria-labelledby=labelled_by
            on:close=closed>
            <h2 id=title_id>{title}</h2>
            {children()}
        </dialog>
    }
}

/// Asks `question` before something that cannot be undone, in a [`Dialog`]: with a reason
/// field (unless `reason_label` is empty; for the other side to read), the `confirm_label`
/// button (red when `danger`) that runs `on_confirm` with the reason (blank: `None`) and the
/// `keep_label` button that closes it. The caller closes it (`open.set(false)`) once the action
/// worked, and shows a failure in `error`, if it can fail (announced inside the dialog).
#[component]
pub fn ReasonDialog(
    #[prop(into)] id: String,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] question: Signal<String>,
    #[prop(into)] reason_label: Signal<String>,
    #[prop(into)] confirm_label: Signal<String>,
    #[prop(into)] keep_label: Signal<String>,
    #[prop(into, default = Signal::stored(true))] danger: Signal<bool>,
    open: RwSignal<bool>,
    #[prop(into)] busy: Signal<bool>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(default = None)] return_to: Option<&'static str>,
    #[prop(into)] on_confirm: Callback<Option<String>>,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    // A fresh reason each time it opens.
    Effect::new(move |_| {
        if open.get() {
            reason.set(String::new());
        }
    });
    let reason_id = format!("{id}-reason");
    let error_id = format!("{id}-error");
    let field_error_id = error_id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let text = reason.get_untracked().trim().to_owned();
        on_confirm.run((!text.is_empty()).then_some(text));
    };
    view! {
        <Dialog id=id title=title open=open return_to=return_to>
            <form on:submit=submit>
                <p class="dialog-question">{question}</p>
                {move || {
                    let label = reason_label.get();
                    let (field_id, described_by) = (reason_id.clone(), field_error_id.clone());
                    (!label.is_empty()).then(|| view! {
                        <label for=field_id.clone()>{label}</label>
                        <textarea id=field_id rows="3" maxlength="2000" autofocus=true
                            aria-describedby=described_by
                            prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    })
                }}
                <p id=error_id class="error" role="alert">{move || error.get()}</p>
                <div class="actions-row">
                    <button type="submit" class:danger=move || danger.get()
                        class:primary=move || !danger.get()
                        disabled=move || busy.get()>{confirm_label}</button>
                    <button type="button" on:click=move |_| open.set(false)>{keep_label}</button>
                </div>
            </form>
        </Dialog>
    }
}

/// A question waiting for a yes in a [`ConfirmDialog`]: the tab makes one, shows the dialog,
/// and calls [`Confirm::ask`] where it would have called `window.confirm`.
#[derive(Clone, Copy)]
pub struct Confirm {
    open: RwSignal<bool>,
    title: RwSignal<String>,
    question: RwSignal<String>,
    label: RwSignal<String>,
    action: StoredValue<Option<Box<dyn FnOnce()>>, LocalStorage>,
}

impl Confirm {
    /// Nothing asked yet.
    pub fn new() -> Confirm {
        Confirm {
            open: RwSignal::new(false),
            title: RwSignal::new(String::new()),
            question: RwSignal::new(String::new()),
            label: RwSignal::new(String::new()),
            action: StoredValue::new_local(None),
        }
    }

    /// Opens the dialog titled `title` asking `question`; its `label` button runs `action`,
    /// "Keep it" (`common-keep-it`, or Esc) runs nothing.
    pub fn ask(&self, title: &str, question: String, label: &str, action: impl FnOnce() + 'static) {
        self.title.set(title.to_owned());
        self.question.set(question);
        self.label.set(label.to_owned());
        self.action.set_value(Some(Box::new(action)));
        self.open.set(true);
    }
}

impl Default for Confirm {
    fn default() -> Confirm {
        Confirm::new()
    }
}

/// The modal dialog of a [`Confirm`]: its question and two buttons in words (the confirming
/// one red), no reason field. Focus returns to the button that asked, or to `return_to` when
/// that button is gone with what it removed.
#[component]
pub fn ConfirmDialog(
    #[prop(into)] id: String,
    confirm: Confirm,
    #[prop(default = None)] return_to: Option<&'static str>,
) -> impl IntoView {
    let yes = move |_reason: Option<String>| {
        let action = confirm.action.try_update_value(Option::take).flatten();
        confirm.open.set(false);
        if let Some(action) = action {
            action();
        }
    };
    view! {
        <ReasonDialog id=id title=confirm.title question=confirm.question reason_label=""
            confirm_label=confirm.label keep_label=crate::tr!("common-keep-it") open=confirm.open busy=false
            return_to=return_to on_confirm=yes />
    }
}
