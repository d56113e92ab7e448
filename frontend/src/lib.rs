//! SmartCal's single-page app (Leptos, client-side rendered).
//!
//! The server serves the built files and falls back to `index.html` for every unknown path, so
//! each route below is also a deep link. Grouped by job: [`pages`] (one per route), the host's
//! [`dashboard`] tabs, shared [`components`], and the helpers: all API calls go through [`api`]
//! (`smartcal-client` against the page's own origin), dates and zones through [`time`], focus
//! and clipboard through [`dom`].

mod api;
mod components;
mod dashboard;
mod dom;
mod embed;
mod pages;
mod time;

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes, A},
    path,
};

use pages::{
    BookPage, BookingPage, DashboardPage, DecidePage, ForgotPasswordPage, HostPage, JoinPage,
    Landing, LoginPage, NotFound, ResetPasswordPage, SignupPage,
};

/// The whole app: site header (none inside a host's website, see [`embed`]) plus the router
/// with one page per route.
#[component]
pub fn App() -> impl IntoView {
    let embedded = embed::init();
    view! {
        <Router>
            {(!embedded).then(|| view! {
                <header class="site-header">
                    <A href="/" attr:class="brand">"SmartCal"</A>
                </header>
            })}
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Landing />
                    <Route path=path!("/book/:host") view=HostPage />
                    <Route path=path!("/book/:host/:agenda") view=BookPage />
                    <Route path=path!("/book/team/:team/:agenda") view=BookPage />
                    <Route path=path!("/booking/:id") view=BookingPage />
                    <Route path=path!("/decide/:id") view=DecidePage />
                    <Route path=path!("/join/:id") view=JoinPage />
                    <Route path=path!("/signup") view=SignupPage />
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/forgot-password") view=ForgotPasswordPage />
                    <Route path=path!("/reset-password") view=ResetPasswordPage />
                    <Route path=path!("/dashboard") view=DashboardPage />
                </Routes>
            </main>
        </Router>
    }
}
