//! `/dashboard`: the host's upcoming and past meetings, agendas, teams, API keys and calendars, as
//! tabs. This is the page's frame (session, first-agenda invitation, tab list, log out); each tab
//! is in [`crate::dashboard`].
//!
//! **The tab lives in the URL** (`/dashboard?tab=agendas`; Upcoming Meetings, the default, is
//! plain `/dashboard`), so a reload, a shared link and Back all land on it. Choosing a tab with
//! the mouse is a step in the browser's history (Back returns to the tab before, as with
//! Cal.com's pages); moving along the tab list with the arrow keys replaces the entry, so a few
//! key presses do not fill the history.
//!
//! **Onboarding**: a host without an agenda of their own sees an invitation above the tabs,
//! "Create your first agenda", which opens the agenda editor filled with a working default
//! (30 minutes, Monday to Friday 09:00–17:00 in the host's zone), saved only when the host says
//! so. We chose this over creating a default agenda at signup (Calendly's way): nothing public
//! exists that the host never saw, integrators creating hosts through the API get no agenda
//! they did not ask for, and it is still two clicks from signup to a bookable link.

use leptos::{ev, prelude::*, task::spawn_local, wasm_bindgen::JsCast};
use leptos_router::{
    hooks::{use_navigate, use_query_map},
    NavigateOptions,
};
use smartcal_types::Host;

use crate::{
    api,
    components::{Loader, NotLoggedIn},
    dashboard::{
        AccountPanel, AgendasPanel, ApiKeysPanel, CalendarsPanel, PastPanel, TeamsPanel,
        UpcomingPanel,
    },
    dom,
    i18n::{self, t},
    tr,
};

/// The tabs, in the order of the tab list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Upcoming,
    Past,
    Agendas,
    Teams,
    ApiKeys,
    Calendars,
    Account,
}

impl Tab {
    const ALL: [Tab; 7] = [
        Tab::Upcoming,
        Tab::Past,
        Tab::Agendas,
        Tab::Teams,
        Tab::ApiKeys,
        Tab::Calendars,
        Tab::Account,
    ];

    /// The message id of the tab's name.
    fn label(self) -> &'static str {
        match self {
            Tab::Upcoming => "dashboard-tab-upcoming",
            Tab::Past => "dashboard-tab-past",
            Tab::Agendas => "dashboard-tab-agendas",
            Tab::Teams => "dashboard-tab-teams",
            Tab::ApiKeys => "dashboard-tab-api-keys",
            Tab::Calendars => "dashboard-tab-calendars",
            Tab::Account => "dashboard-tab-account",
        }
    }

    /// The tab's name in the URL (`?tab=…`) and in its element ids.
    fn slug(self) -> &'static str {
        match self {
            Tab::Upcoming => "upcoming",
            Tab::Past => "past",
            Tab::Agendas => "agendas",
            Tab::Teams => "teams",
            Tab::ApiKeys => "api-keys",
            Tab::Calendars => "calendars",
            Tab::Account => "account",
        }
    }

    /// The tab a URL's `?tab=` names; anything else is the default tab.
    fn from_slug(slug: &str) -> Tab {
        Tab::ALL
            .into_iter()
            .find(|t| t.slug() == slug)
            .unwrap_or(Tab::Upcoming)
    }

    /// Where the tab lives: the default tab is the bare dashboard.
    fn href(self) -> String {
        match self {
            Tab::Upcoming => "/dashboard".to_owned(),
            t => format!("/dashboard?tab={}", t.slug()),
        }
    }

    fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

/// Loads the logged-in host, then shows [`Dashboard`] in the host's language; without a
/// session, says so.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let me = LocalResource::new(|| async {
        let host = api::me().await;
        if let Ok(host) = &host {
            i18n::set_locale(
                host.locale
                    .parse()
                    .unwrap_or_else(|_| smartcal_i18n::Locale::english()),
            );
        }
        host
    });
    view! {
        <Loader load=move || me.get() missing=&[401] not_found=NotLoggedIn frame=frame let:host>
            <Dashboard host=host />
        </Loader>
    }
}

/// The page's frame until the host is known ([`Dashboard`] brings its own, with the tabs).
fn frame(state: AnyView) -> AnyView {
    view! { <section class="page dashboard"><h1>{tr!("dashboard-heading")}</h1>{state}</section> }
        .into_any()
}

/// The id of the tab list (scrolled to keep the chosen tab in view).
const TABLIST_ID: &str = "dashboard-tabs";

/// How far from the tab list's edge the chosen tab is kept, in CSS pixels: clear of the fade
/// that says there is more to scroll.
const EDGE: i32 = 28;

/// The dashboard of `host`: heading with log out, the first-agenda invitation, the tab list,
/// and one panel per tab.
#[component]
fn Dashboard(host: Host) -> impl IntoView {
    let query = use_query_map();
    let tab =
        Memo::new(move |_| query.with(|q| q.get_str("tab").map_or(Tab::Upcoming, Tab::from_slug)));
    let navigate = use_navigate();
    let go = StoredValue::new(move |which: Tab, replace: bool| {
        navigate(
            &which.href(),
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    });

    // Tabs opened once stay mounted (hidden), so an unsaved agenda survives a look elsewhere.
    let visited = RwSignal::new(vec![tab.get_untracked()]);
    // Upcoming is reloaded each time the tab is opened again, so new bookings show up.
    let reopened = RwSignal::new(0u32);
    Effect::new(move |before: Option<Tab>| {
        let t = tab.get();
        if !visited.with_untracked(|v| v.contains(&t)) {
            visited.update(|v| v.push(t));
        }
        if t == Tab::Upcoming && before.is_some_and(|b| b != Tab::Upcoming) {
            reopened.update(|n| *n += 1);
        }
        t
    });
    let shown = move |which: Tab| Memo::new(move |_| visited.with(|v| v.contains(&which)));
    let agendas_shown = shown(Tab::Agendas);
    let teams_shown = shown(Tab::Teams);
    let keys_shown = shown(Tab::ApiKeys);
    let calendars_shown = shown(Tab::Calendars);
    let account_shown = shown(Tab::Account);
    let zone = StoredValue::new(host.time_zone.clone());
    let team_host = StoredValue::new(host.clone());
    let locale = StoredValue::new(host.locale.clone());
    let signed_in = {
        let (name, zone) = (dom::isolate(&host.name), host.time_zone.clone());
        tr!("dashboard-signed-in", name = &name, zone = &zone)
    };
    let past_open = Signal::derive(move || tab.get() == Tab::Past);
    // A failed cancel in Upcoming Meetings, announced above the panels.
    let error = RwSignal::new(None::<String>);

    // How many agendas the host has (None: not known yet); the Agendas tab keeps it current.
    let agenda_count = RwSignal::new(None::<usize>);
    // Set by the invitation: the Agendas tab then opens the editor with the first agenda.
    let first_agenda = RwSignal::new(false);
    spawn_local(async move {
        if let Ok(list) = api::list_agendas().await {
            // The Agendas tab may have answered first; its count is as fresh.
            if agenda_count.get_untracked().is_none() {
                agenda_count.set(Some(list.items.len()));
            }
        }
    });
    let invite = move || agenda_count.get() == Some(0) && tab.get() != Tab::Agendas;
    let start_first = move |_| {
        first_agenda.set(true);
        go.with_value(|go| go(Tab::Agendas, false));
    };

    let logout = {
        let navigate = use_navigate();
        move |_| {
            let navigate = navigate.clone();
            spawn_local(async move {
                // Even if the server call fails, leave the dashboard.
                let _ = api::logout().await;
                navigate("/login", Default::default());
            });
        }
    };

    // The tab bar scrolls sideways when the tabs do not fit (a phone); a fade at an edge says
    // there is more that way, and the chosen tab is always scrolled into view.
    let more_left = RwSignal::new(false);
    let more_right = RwSignal::new(false);
    let measure = move || {
        if let Some(list) = document().get_element_by_id(TABLIST_ID) {
            let left = list.scroll_left();
            more_left.set(left > 1);
            more_right.set(left + list.client_width() < list.scroll_width() - 1);
        }
    };
    let reveal = move |which: Tab| {
        request_animation_frame(move || {
            let doc = document();
            let (Some(list), Some(button)) = (
                doc.get_element_by_id(TABLIST_ID),
                doc.get_element_by_id(&format!("tab-{}", which.slug()))
                    .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()),
            ) else {
                return;
            };
            let (start, end) = (
                button.offset_left(),
                button.offset_left() + button.offset_width(),
            );
            let (left, width) = (list.scroll_left(), list.client_width());
            if start - EDGE < left {
                list.set_scroll_left((start - EDGE).max(0));
            } else if end + EDGE > left + width {
                list.set_scroll_left(end + EDGE - width);
            }
            measure();
        });
    };
    Effect::new(move |_| reveal(tab.get()));
    let resize = window_event_listener(ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let select = move |which: Tab, replace: bool| {
        go.with_value(|go| go(which, replace));
    };
    let tab_button = move |which: Tab| {
        view! {
            <button type="button" role="tab" id=format!("tab-{}", which.slug())
                aria-controls=format!("panel-{}", which.slug())
                aria-selected=move || (tab.get() == which).to_string()
                tabindex=move || if tab.get() == which { "0" } else { "-1" }
                class:active=move || tab.get() == which
                // The label again for the style sheet, which reserves its bold width.
                data-label=move || t(which.label())
                on:click=move |_| {
                    if tab.get_untracked() != which {
                        select(which, false);
                    }
                }
                on:keydown=move |ev| {
                    let n = Tab::ALL.len();
                    let i = which.index();
                    let to = match ev.key().as_str() {
                        "ArrowRight" => (i + 1) % n,
                        "ArrowLeft" => (i + n - 1) % n,
                        "Home" => 0,
                        "End" => n - 1,
                        _ => return,
                    };
                    ev.prevent_default();
                    let to = Tab::ALL[to];
                    select(to, true);
                    dom::focus_later(format!("tab-{}", to.slug()));
                }>
                {move || t(which.label())}
            </button>
        }
    };
    view! {
        <section class="page dashboard">
            <div class="page-head">
                <h1>{tr!("dashboard-heading")}</h1>
                <p class="muted signed-in">{signed_in}</p>
                <button type="button" class="logout" on:click=logout>{tr!("dashboard-log-out")}</button>
            </div>
            {move || invite().then(|| view! {
                <section class="onboarding" aria-labelledby="onboarding-heading">
                    <h2 id="onboarding-heading">{tr!("dashboard-onboarding-heading")}</h2>
                    <p>{tr!("dashboard-onboarding-text")}</p>
                    <button type="button" class="primary" on:click=start_first>
                        {tr!("dashboard-onboarding-create")}
                    </button>
                </section>
            })}
            <div class="tabs-scroller" class:more-left=move || more_left.get()
                class:more-right=move || more_right.get()>
                <div role="tablist" id=TABLIST_ID aria-label=tr!("dashboard-sections") class="tabs"
                    on:scroll=move |_| measure()>
                    {Tab::ALL.map(tab_button).into_iter().collect_view()}
                </div>
            </div>
            <div class="alerts" role="alert">
                {move || error.get().map(|m| view! { <p class="error">{m}</p> })}
            </div>
            <div role="tabpanel" id="panel-upcoming" aria-labelledby="tab-upcoming"
                hidden=move || tab.get() != Tab::Upcoming>
                <UpcomingPanel zone=zone.get_value() reload=reopened error=error />
            </div>
            <div role="tabpanel" id="panel-past" aria-labelledby="tab-past"
                hidden=move || tab.get() != Tab::Past>
                <PastPanel zone=zone.get_value() open=past_open />
            </div>
            <div role="tabpanel" id="panel-agendas" aria-labelledby="tab-agendas"
                hidden=move || tab.get() != Tab::Agendas>
                {move || agendas_shown.get().then(|| view! {
                    <AgendasPanel host=host.clone() count=agenda_count first=first_agenda />
                })}
            </div>
            <div role="tabpanel" id="panel-teams" aria-labelledby="tab-teams"
                hidden=move || tab.get() != Tab::Teams>
                {move || teams_shown.get().then(|| view! { <TeamsPanel host=team_host.get_value() /> })}
            </div>
            <div role="tabpanel" id="panel-api-keys" aria-labelledby="tab-api-keys"
                hidden=move || tab.get() != Tab::ApiKeys>
                {move || keys_shown.get().then(|| view! { <ApiKeysPanel /> })}
            </div>
            <div role="tabpanel" id="panel-calendars" aria-labelledby="tab-calendars"
                hidden=move || tab.get() != Tab::Calendars>
                {move || calendars_shown.get().then(|| view! { <CalendarsPanel zone=zone.get_value() /> })}
            </div>
            <div role="tabpanel" id="panel-account" aria-labelledby="tab-account"
                hidden=move || tab.get() != Tab::Account>
                {move || account_shown.get().then(|| view! { <AccountPanel locale=locale.get_value() /> })}
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::Tab;

    #[test]
    fn every_tab_round_trips_through_its_url() {
        for t in Tab::ALL {
            assert_eq!(Tab::from_slug(t.slug()), t);
        }
        assert_eq!(Tab::Upcoming.href(), "/dashboard");
        assert_eq!(Tab::ApiKeys.href(), "/dashboard?tab=api-keys");
        assert_eq!(Tab::from_slug("nonsense"), Tab::Upcoming);
    }
}
