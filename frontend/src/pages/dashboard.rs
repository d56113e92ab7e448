//! `/dashboard`: the host's upcoming and past meetings, agendas, teams, API keys and calendars, as
//! tabs. This is the page's frame (session, tab list, log out); each tab is in
//! [`crate::dashboard`].

use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::use_navigate;
use smartcal_types::Host;

use crate::{
    api,
    components::{Loader, NotLoggedIn},
    dashboard::{
        AccountPanel, AgendasPanel, ApiKeysPanel, CalendarsPanel, PastPanel, TeamsPanel,
        UpcomingPanel,
    },
    dom,
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

    fn label(self) -> &'static str {
        match self {
            Tab::Upcoming => "Upcoming Meetings",
            Tab::Past => "Past",
            Tab::Agendas => "Agendas",
            Tab::Teams => "Team",
            Tab::ApiKeys => "API keys",
            Tab::Calendars => "Calendars",
            Tab::Account => "Account",
        }
    }

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

    fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

/// Loads the logged-in host, then shows [`Dashboard`]; without a session, says so.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let me = LocalResource::new(api::me);
    view! {
        <Loader load=move || me.get() missing=&[401] not_found=NotLoggedIn frame=frame let:host>
            <Dashboard host=host />
        </Loader>
    }
}

/// The page's frame until the host is known ([`Dashboard`] brings its own, with the tabs).
fn frame(state: AnyView) -> AnyView {
    view! { <section class="page dashboard"><h1>"Dashboard"</h1>{state}</section> }.into_any()
}

/// The dashboard of `host`: heading with log out, the tab list, and one panel per tab.
#[component]
fn Dashboard(host: Host) -> impl IntoView {
    let tab = RwSignal::new(Tab::Upcoming);
    // Tabs opened once stay mounted (hidden), so an unsaved agenda survives a look elsewhere.
    let visited = RwSignal::new(vec![Tab::Upcoming]);
    Effect::new(move |_| {
        let t = tab.get();
        if !visited.with_untracked(|v| v.contains(&t)) {
            visited.update(|v| v.push(t));
        }
    });
    let agendas_shown = Memo::new(move |_| visited.with(|v| v.contains(&Tab::Agendas)));
    let teams_shown = Memo::new(move |_| visited.with(|v| v.contains(&Tab::Teams)));
    let keys_shown = Memo::new(move |_| visited.with(|v| v.contains(&Tab::ApiKeys)));
    let calendars_shown = Memo::new(move |_| visited.with(|v| v.contains(&Tab::Calendars)));
    let account_shown = Memo::new(move |_| visited.with(|v| v.contains(&Tab::Account)));
    let zone = StoredValue::new(host.time_zone.clone());
    let team_host = StoredValue::new(host.clone());
    let signed_in = format!("{} · times in {}", dom::isolate(&host.name), host.time_zone);
    // Upcoming is reloaded each time the tab is opened again, so new bookings show up.
    let reopened = RwSignal::new(0u32);
    let past_open = Signal::derive(move || tab.get() == Tab::Past);
    // A failed cancel in Upcoming Meetings, announced above the panels.
    let error = RwSignal::new(None::<String>);

    let navigate = use_navigate();
    let logout = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            // Even if the server call fails, leave the dashboard.
            let _ = api::logout().await;
            navigate("/login", Default::default());
        });
    };

    let open = move |which: Tab| {
        if which == Tab::Upcoming && tab.get_untracked() != Tab::Upcoming {
            reopened.update(|n| *n += 1);
        }
        tab.set(which);
    };
    let select = move |which: Tab| {
        open(which);
        dom::focus_later(format!("tab-{}", which.slug()));
    };
    let tab_button = move |which: Tab| {
        view! {
            <button type="button" role="tab" id=format!("tab-{}", which.slug())
                aria-controls=format!("panel-{}", which.slug())
                aria-selected=move || (tab.get() == which).to_string()
                tabindex=move || if tab.get() == which { "0" } else { "-1" }
                class:active=move || tab.get() == which
                on:click=move |_| open(which)
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
                    select(Tab::ALL[to]);
                }>
                {which.label()}
            </button>
        }
    };
    view! {
        <section class="page dashboard">
            <div class="page-head">
                <h1>"Dashboard"</h1>
                <p class="muted signed-in">{signed_in}</p>
                <button type="button" class="logout" on:click=logout>"Log out"</button>
            </div>
            <div role="tablist" aria-label="Dashboard sections" class="tabs">
                {Tab::ALL.map(tab_button).into_iter().collect_view()}
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
                {move || agendas_shown.get().then(|| view! { <AgendasPanel host=host.clone() /> })}
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
                {move || account_shown.get().then(|| view! { <AccountPanel /> })}
            </div>
        </section>
    }
}
