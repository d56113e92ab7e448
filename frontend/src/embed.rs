//! The booking page inside a host's website: `?embed=1`, the address `/embed.js` gives its
//! iframes. No site header and a transparent background (`<html data-embed>`); the page tells
//! the embedding page its height whenever it changes (`smartcal:height`), each booking made
//! (`smartcal:booked`) and an Escape it did not use (`smartcal:escape`, closes the popup).
//! Messages go only to the embedding page's origin — `&origin=`, else the referrer's — so no
//! other site can read them; and nothing here listens for messages, so the embedding page
//! cannot steer the page.

use std::cell::{Cell, RefCell};

use smartcal_types::{Booking, BookingStatus};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

thread_local! {
    /// The embedding page's origin, once known (embedded and framed).
    static PARENT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Run once at start-up: whether the page is embedded (`?embed=1`). If it is, marks the
/// document for the style sheet and, when framed by a known origin, starts the messages.
pub fn init() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let search = window.location().search().unwrap_or_default();
    let Ok(query) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return false;
    };
    if query.get("embed").as_deref() != Some("1") {
        return false;
    }
    let Some(document) = window.document() else {
        return true;
    };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("data-embed", "");
    }
    let me: &JsValue = window.as_ref();
    let framed = window
        .parent()
        .ok()
        .flatten()
        .is_some_and(|p| JsValue::from(p) != *me);
    let parent = query
        .get("origin")
        .and_then(|o| origin_of(&o))
        .or_else(|| origin_of(&document.referrer()));
    if let Some(parent) = parent.filter(|_| framed) {
        PARENT.with_borrow_mut(|p| *p = Some(parent));
        watch_height(&document);
        forward_escape(&window);
    }
    true
}

/// Tells the embedding page, if any, that `booking` was just made (or requested).
pub fn booked(booking: &Booking) {
    let status = match booking.status {
        BookingStatus::Pending => "pending",
        _ => "confirmed",
    };
    let start = booking
        .start
        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
    post(&[
        ("type", "smartcal:booked".into()),
        ("booking_id", booking.id.to_string().into()),
        ("start", start.into()),
        ("status", status.into()),
    ]);
}

/// The origin of an http(s) `url`; None for anything else (`about:`, `file:`, garbage).
fn origin_of(url: &str) -> Option<String> {
    let url = web_sys::Url::new(url).ok()?;
    matches!(url.protocol().as_str(), "http:" | "https:").then(|| url.origin())
}

/// Posts `fields` as one object to the embedding page, only if it is at the known origin.
fn post(fields: &[(&str, JsValue)]) {
    let Some(origin) = PARENT.with_borrow(Clone::clone) else {
        return;
    };
    let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else {
        return;
    };
    let message = js_sys::Object::new();
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str(key), value);
    }
    let _ = parent.post_message(&message, &origin);
}

/// Posts the document's height on every change of it (the iframe is resized to it, so the
/// page never scrolls inside it): the root's box, or more where content overflows the body.
fn watch_height(document: &web_sys::Document) {
    let (Some(root), Some(body)) = (document.document_element(), document.body()) else {
        return;
    };
    let (observed_root, observed_body) = (root.clone(), body.clone());
    let last = Cell::new(0.0_f64);
    let on_resize = Closure::<dyn FnMut()>::new(move || {
        let height = root
            .get_bounding_client_rect()
            .height()
            .max(f64::from(body.scroll_height()))
            .ceil();
        if height != last.get() {
            last.set(height);
            post(&[
                ("type", "smartcal:height".into()),
                ("height", height.into()),
            ]);
        }
    });
    let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) else {
        return;
    };
    observer.observe(&observed_root);
    observer.observe(&observed_body);
    // Both live as long as the page.
    on_resize.forget();
    std::mem::forget(observer);
}

/// Escape that nothing in the page used (a cross-origin frame's keys never reach the
/// embedding page) closes the popup around it.
fn forward_escape(window: &web_sys::Window) {
    let on_key = Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(|ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" && !ev.default_prevented() {
            post(&[("type", "smartcal:escape".into())]);
        }
    });
    let _ = window.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
    // Lives as long as the page.
    on_key.forget();
}
