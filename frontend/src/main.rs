//! Entry point of the SPA: mounts [`smartcal_frontend::App`] on `<body>`; everything else lives in the library.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(smartcal_frontend::App);
}
