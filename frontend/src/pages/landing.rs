//! `/`, the start page, and the page for any path the app does not know.

use leptos::prelude::*;
use leptos_router::components::A;

/// `/`: what SmartCal is, and the way in for hosts.
#[component]
pub fn Landing() -> impl IntoView {
    view! {
        <section class="page landing">
            <h1>"SmartCal"</h1>
            <p>"Self-hosted meeting scheduling with built-in video rooms."</p>
            <nav aria-label="Account">
                <ul class="actions">
                    <li><A href="/login">"Log in"</A></li>
                    <li><A href="/signup">"Sign up"</A></li>
                </ul>
            </nav>
        </section>
    }
}

/// Any other path: the router's fallback.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="page not-found">
            <h1>"Page not found"</h1>
            <p><A href="/">"Back to the start page"</A></p>
        </section>
    }
}
