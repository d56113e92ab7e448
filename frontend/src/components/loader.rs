//! The one loader of the app: what a page or tab shows while its data loads, when the server
//! says there is nothing there for this visitor, and when loading failed.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::{ApiError, ApiResult},
    i18n::t,
    tr,
};

/// Shows `children` with the loaded value; until then a loading status, and on failure
/// `not_found` (for a status in `missing`) or the error's message as an alert.
///
/// Reads `load` reactively, so a reload keeps the old value on screen until the new one is
/// there (a resource's `get()` returns `None` only before its first value).
#[component]
pub fn Loader<T, V>(
    /// Reads the resource: `None` while it loads for the first time.
    load: impl Fn() -> Option<ApiResult<T>> + Send + Sync + 'static,
    /// The text of the loading status (`loading=tr!("…")`); by default "Loading…".
    #[prop(optional, into)]
    loading: Option<Signal<String>>,
    /// HTTP statuses that mean "nothing here" (e.g. 404) and show `not_found` instead.
    #[prop(optional)]
    missing: &'static [u16],
    /// What the page says for a status in `missing`.
    #[prop(optional, into)]
    not_found: ViewFn,
    /// A page's own wording of any other failure, instead of the message as an alert.
    #[prop(optional)]
    failed: Option<fn(ApiError) -> AnyView>,
    /// Surrounds the loading, not-found and error views, where the loaded view brings its
    /// own frame (heading, section).
    #[prop(optional)]
    frame: Option<fn(AnyView) -> AnyView>,
    /// The view of the loaded value.
    children: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: 'static,
    V: IntoView + 'static,
{
    let loading = loading.unwrap_or_else(|| Signal::derive(|| t("common-loading")));
    move || {
        let state = match load() {
            Some(Ok(value)) => return children(value).into_any(),
            None => view! { <p role="status">{loading}</p> }.into_any(),
            Some(Err(e)) if e.status.is_some_and(|s| missing.contains(&s)) => not_found.run(),
            Some(Err(e)) => match failed {
                Some(failed) => failed(e),
                None => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
            },
        };
        match frame {
            Some(frame) => frame(state),
            None => state,
        }
    }
}

/// The not-found view of the host's own data (a 401: no session), with the way to log in.
#[component]
pub fn NotLoggedIn() -> impl IntoView {
    view! { <p>{tr!("common-not-logged-in")}" "<A href="/login">{tr!("common-log-in")}</A></p> }
}
