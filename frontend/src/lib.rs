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
pub mod i18n;
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

/// Where the guest build serves (the server has the same list in `http/spa.rs`): booking
/// pages (`/book/{host}`, `/book/{host}/{agenda}`, `/book/team/…`), a guest's booking
/// (`/booking/{id}`), join links outside their window (`/join/{id}`) and a host's decide link
/// (`/decide/{id}`, opened from an email and needing no dashboard).
pub const GUEST_PATHS: &[&str] = &["/book/", "/booking/", "/join/", "/decide/"];

/// Whether the guest build serves `path`.
pub fn is_guest_path(path: &str) -> bool {
    GUEST_PATHS.iter().any(|p| path.starts_with(p))
}

/// The whole app: site header (none inside a host's website, see [`embed`]) plus the router
/// with one page per route.
#[component]
pub fn App() -> impl IntoView {
    i18n::install(&[smartcal_i18n::GUEST, smartcal_i18n::APP]);
    let embedded = embed::init();
    view! {
        <Router>
            {(!embedded).then(|| view! {
                <header class="site-header">
                    <A href="/" attr:class="brand">{tr!("common-brand")}</A>
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

/// A guest's pages only (see the crate docs): the same header and routes as [`App`] for them.
/// A link to any other page (the start page, log in, the dashboard) loads that page from the
/// server, which answers with the full app.
#[component]
pub fn GuestApp() -> impl IntoView {
    i18n::install(&[smartcal_i18n::GUEST]);
    let embedded = embed::init();
    view! {
        <Router>
            {(!embedded).then(|| view! {
                <header class="site-header">
                    <a href="/" class="brand">{tr!("common-brand")}</a>
                </header>
            })}
            <main id="main">
                <Routes fallback=ElsewhereOrNotFound>
                    <Route path=path!("/book/:host") view=HostPage />
                    <Route path=path!("/book/:host/:agenda") view=BookPage />
                    <Route path=path!("/book/team/:team/:agenda") view=BookPage />
                    <Route path=path!("/booking/:id") view=BookingPage />
                    <Route path=path!("/decide/:id") view=DecidePage />
                    <Route path=path!("/join/:id") view=JoinPage />
                </Routes>
            </main>
        </Router>
    }
}

/// The guest app's fallback: a path of the full app (reached by a link) is loaded from the
/// server; an unknown guest path is not found, as in [`App`].
#[component]
fn ElsewhereOrNotFound() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let path = location.pathname.get_untracked();
    if is_guest_path(&path) {
        return view! { <NotFound /> }.into_any();
    }
    // The router may not have moved the address bar yet: go to its path, not a reload of
    // the guest page still shown there.
    let search = location.search.get_untracked();
    let target = if search.is_empty() {
        path
    } else {
        format!("{path}?{}", search.trim_start_matches('?'))
    };
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_href(&target);
    }
    view! { <p role="status">{tr!("common-loading")}</p> }.into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guest_paths_are_the_guest_pages() {
        for path in [
            "/book/ada",
            "/book/ada/intro",
            "/book/team/t/a",
            "/booking/1",
            "/join/1",
            "/decide/1",
        ] {
            assert!(is_guest_path(path), "{path}");
        }
        for path in [
            "/",
            "/dashboard",
            "/login",
            "/signup",
            "/bookings",
            "/forgot-password",
            "/book",
        ] {
            assert!(!is_guest_path(path), "{path}");
        }
    }
}
