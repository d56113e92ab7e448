//! SmartCal's single-page app (Leptos, client-side rendered).
//!
//! The server serves the built files and falls back to `index.html` for every unknown path, so
//! each route below is also a deep link. All API calls go through [`api`] (`smartcal-client`
//! against the page's own origin).

mod agendas;
mod api;
mod api_keys;
mod auth;
mod book;
mod calendar;
mod calendars;
mod dashboard;
mod dom;
mod manage;
mod picker;
mod time;
mod zone;

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes, A},
    path,
};

use auth::{LoginPage, SignupPage};
use book::BookPage;
use dashboard::DashboardPage;
use manage::BookingPage;

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
