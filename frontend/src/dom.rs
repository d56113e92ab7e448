//! Small browser helpers: moving focus after a view change, copying text, and what this
//! browser remembers (`localStorage`).

use leptos::{prelude::*, wasm_bindgen::JsCast};
use wasm_bindgen::JsValue;

/// Focuses the element with `id` after the next paint, once a new step's view is in place.
pub fn focus_later(id: impl Into<String>) {
    let id = id.into();
    request_animation_frame(move || focus_now(&id));
}

/// Focuses the element with `id` if it is there.
pub fn focus_now(id: &str) {
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Puts `text` on the clipboard (`navigator.clipboard`, only there in secure contexts such as
/// https or localhost). Returns false where the browser offers no clipboard, so the caller can
/// tell the person to copy by hand.
pub fn copy_text(text: &str) -> bool {
    let clipboard = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("clipboard")).ok())
        .filter(|c| !c.is_undefined() && !c.is_null());
    let Some(clipboard) = clipboard else {
        return false;
    };
    let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match write {
        Some(write) => match write.call1(&clipboard, &JsValue::from_str(text)) {
            Ok(promise) => {
                // A refused write (no permission) must not surface as an uncaught rejection.
                if let Ok(promise) = promise.dyn_into::<js_sys::Promise>() {
                    let ignore = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(|_| {});
                    let _ = promise.catch(&ignore);
                    ignore.forget();
                }
                true
            }
            Err(_) => false,
        },
        None => false,
    }
}

/// `text` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, for plain-text places
/// where `<bdi>` cannot go (a message's variables, an attribute): someone's
/// right-to-left name then cannot reorder the sentence around it.
pub fn isolate(text: &str) -> String {
    format!("\u{2068}{text}\u{2069}")
}

/// For `on:focus` of a read-only text box: selects its whole value, ready to copy.
pub fn select_all(ev: web_sys::FocusEvent) {
    if let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.select();
    }
}

/// `window.localStorage[key]`, if storage can be read (it may not, e.g. in a sandboxed frame).
pub fn storage_get(key: &str) -> Option<String> {
    let storage = js_sys::Reflect::get(&js_sys::global(), &"localStorage".into()).ok()?;
    let get: js_sys::Function = js_sys::Reflect::get(&storage, &"getItem".into())
        .ok()?
        .dyn_into()
        .ok()?;
    get.call1(&storage, &JsValue::from_str(key))
        .ok()?
        .as_string()
}

/// Sets `window.localStorage[key]`; nothing where storage cannot be written.
pub fn storage_set(key: &str, value: &str) {
    let Ok(storage) = js_sys::Reflect::get(&js_sys::global(), &"localStorage".into()) else {
        return;
    };
    if let Some(put) = js_sys::Reflect::get(&storage, &"setItem".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = put.call2(&storage, &JsValue::from_str(key), &JsValue::from_str(value));
    }
}
