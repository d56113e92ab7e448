//! `/`, the start page, and the page for any path the app does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::tr;

/// `/`: what SmartCal is, and the way in for hosts.
#[component]
pub fn Landing() -> impl IntoView {
    view! {
        <section class="page landing">
            <h1>{tr!("common-brand")}</h1>
            <p>{tr!("landing-tagline")}</p>
            <nav aria-label=tr!("landing-nav")>
                <ul class="actions">
                    <li><A href="/login">{tr!("landing-log-in")}</A></li>
                    <li><A href="/signup">{tr!("landing-sign-up")}</A></li>
                </ul>
            </nav>
        </section>
    }
}

/// Any other path: the router's fallback (in the guest build too, so its words are the guest
/// part's).
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="page not-found">
            <h1>{tr!("common-not-found-heading")}</h1>
            <p><A href="/">{tr!("common-not-found-back")}</A></p>
        </section>
    }
}
