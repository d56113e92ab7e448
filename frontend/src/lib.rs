//! SmartCal's single-page app (Leptos, client-side rendered).
//!
//! The server serves the built files and falls back to `index.html` for every unknown path, so
//! each route below is also a deep link. The pages are placeholders for now; they will talk to
//! the API through `smartcal-client`.

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes, A},
    hooks::use_params_map,
    path,
};

/// The whole app: site header plus the router with one page per route.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <header class="site-header">
                <A href="/" attr:class="brand">"SmartCal"</A>
            </header>
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Landing />
                    <Route path=path!("/book/:host/:agenda") view=BookPage />
                    <Route path=path!("/booking/:id") view=BookingPage />
                    <Route path=path!("/signup") view=SignupPage />
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/dashboard") view=DashboardPage />
                </Routes>
            </main>
        </Router>
    }
}

/// `/`: what SmartCal is, and the way in for hosts.
#[component]
fn Landing() -> impl IntoView {
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

/// `/book/{host}/{agenda}`: a guest's booking page for one agenda.
#[component]
fn BookPage() -> impl IntoView {
    let params = use_params_map();
    let host = move || params.read().get("host").unwrap_or_default();
    let agenda = move || params.read().get("agenda").unwrap_or_default();
    view! {
        <section class="page book">
            <h1>"Book a meeting"</h1>
            <p class="muted">{agenda}" with "{host}</p>
        </section>
    }
}

/// `/booking/{id}?token=…`: a guest's view of one booking.
#[component]
fn BookingPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    view! {
        <section class="page booking">
            <h1>"Your booking"</h1>
            <p class="muted">"Booking "{id}</p>
        </section>
    }
}

/// `/signup`: create a host account.
#[component]
fn SignupPage() -> impl IntoView {
    view! {
        <section class="page signup">
            <h1>"Sign up"</h1>
            <p>"Already have an account? "<A href="/login">"Log in"</A></p>
        </section>
    }
}

/// `/login`: a host logs in.
#[component]
fn LoginPage() -> impl IntoView {
    view! {
        <section class="page login">
            <h1>"Log in"</h1>
            <p>"New here? "<A href="/signup">"Sign up"</A></p>
        </section>
    }
}

/// `/dashboard`: the host's bookings and agendas; opens on the upcoming meetings.
#[component]
fn DashboardPage() -> impl IntoView {
    view! {
        <section class="page dashboard">
            <h1>"Upcoming Meetings"</h1>
            <p class="muted">"No upcoming meetings."</p>
        </section>
    }
}

/// Any other path.
#[component]
fn NotFound() -> impl IntoView {
    view! {
        <section class="page not-found">
            <h1>"Page not found"</h1>
            <p><A href="/">"Back to the start page"</A></p>
        </section>
    }
}
