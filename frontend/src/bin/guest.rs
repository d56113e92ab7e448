//! Entry point of the guest build (`guest.html`, served for a guest's pages): mounts
//! [`smartcal_frontend::GuestApp`] in place of the page's skeleton. Nothing here names the
//! dashboard, so its code is not linked in.

fn main() {
    console_error_panic_hook::set_once();
    // The skeleton `guest.html` shows until the app runs (the app draws its own frame).
    if let Some(skeleton) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("skeleton"))
    {
        skeleton.remove();
    }
    leptos::mount::mount_to_body(smartcal_frontend::GuestApp);
}
