//! `/dashboard`: the host's upcoming and past meetings, agendas, API keys and calendars, as tabs.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_navigate};
use smartcal_types::{Booking, BookingScope, BookingStatus, Host};
use uuid::Uuid;

use crate::{
    agendas::AgendasPanel, api, api_keys::ApiKeysPanel, calendars::CalendarsPanel, dom, time,
};

/// "Start Meeting" is emphasised from this long before the start until the end.
const SOON_MILLIS: i64 = 10 * 60 * 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Upcoming,
    Past,
    Agendas,
    ApiKeys,
    Calendars,
}

impl Tab {
    const ALL: [Tab; 5] = [
        Tab::Upcoming,
        Tab::Past,
        Tab::Agendas,
        Tab::ApiKeys,
        Tab::Calendars,
    ];

    fn label(self) -> &'static str {
        match self {
            Tab::Upcoming => "Upcoming Meetings",
            Tab::Past => "Past",
            Tab::Agendas => "Agendas",
            Tab::ApiKeys => "API keys",
            Tab::Calendars => "Calendars",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Tab::Upcoming => "upcoming",
            Tab::Past => "past",
            Tab::Agendas => "agendas",
            Tab::ApiKeys => "api-keys",
            Tab::Calendars => "calendars",
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
        {move || match me.get() {
            None => view! { <section class="page dashboard"><h1>"Dashboard"</h1><p role="status">"Loading…"</p></section> }.into_any(),
            Some(Err(e)) if e.status == Some(401) => view! {
                <section class="page dashboard"><h1>"Dashboard"</h1>{not_logged_in()}</section>
            }.into_any(),
            Some(Err(e)) => view! {
                <section class="page dashboard"><h1>"Dashboard"</h1><p class="error" role="alert">{e.message}</p></section>
            }.into_any(),
            Some(Ok(host)) => view! { <Dashboard host=host /> }.into_any(),
        }}
    }
}

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
    let keys_shown = Memo::new(move |_| visited.with(|v| v.contains(&Tab::ApiKeys)));
    let calendars_shown = Memo::new(move |_| visited.with(|v| v.contains(&Tab::Calendars)));
    let zone = StoredValue::new(host.time_zone.clone());
    let signed_in = format!("{} · times in {}", host.name, host.time_zone);
    // Reloaded each time the tab is opened again, so new bookings show up.
    let reopened = RwSignal::new(0u32);
    let upcoming = LocalResource::new(move || {
        reopened.track();
        api::list_bookings(BookingScope::Upcoming)
    });
    let past = LocalResource::new(move || {
        let want = tab.get() == Tab::Past;
        async move {
            if want {
                Some(api::list_bookings(BookingScope::Past).await)
            } else {
                None
            }
        }
    });
    // Bookings cancelled here, hidden from the list without reloading it.
    let removed = RwSignal::new(Vec::<Uuid>::new());
    let error = RwSignal::new(None::<String>);
    let now = RwSignal::new(time::now_millis());
    if let Ok(handle) = set_interval_with_handle(
        move || now.set(time::now_millis()),
        std::time::Duration::from_secs(30),
    ) {
        on_cleanup(move || handle.clear());
    }

    let navigate = use_navigate();
    let logout = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            // Even if the server call fails, leave the dashboard.
            let _ = api::logout().await;
            navigate("/login", Default::default());
        });
    };

    let cancel = move |b: Booking| {
        let question = format!(
            "Cancel the meeting with {} on {}? The guest will be told.",
            b.guest_name,
            time::zoned(&b.start, &zone.get_value())
        );
        if !dom::confirm(&question) {
            return;
        }
        error.set(None);
        let id = b.id;
        spawn_local(async move {
            match api::cancel_booking(id, None, None).await {
                Ok(_) => removed.update(|r| r.push(id)),
                Err(e) => error.set(Some(e.message)),
            }
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
                {move || match upcoming.get() {
                    None => view! { <p role="status">"Loading…"</p> }.into_any(),
                    Some(Err(e)) if e.status == Some(401) => not_logged_in().into_any(),
                    Some(Err(e)) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                    Some(Ok(list)) => {
                        let gone = removed.get();
                        let items: Vec<Booking> = list.items.into_iter().filter(|b| !gone.contains(&b.id)).collect();
                        if items.is_empty() {
                            view! { <p class="muted">"No upcoming meetings."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="meetings">
                                    {items.into_iter().map(|b| {
                                        let start = b.start.timestamp_millis();
                                        let end = b.end.timestamp_millis();
                                        let soon = move || { let n = now.get(); n >= start - SOON_MILLIS && n < end };
                                        let for_cancel = b.clone();
                                        view! {
                                            <li class="meeting" class:soon=soon>
                                                <p class="meeting-time"><strong>{time::zoned(&b.start, &zone.get_value())}</strong></p>
                                                <p>{b.guest_name.clone()}" · "{b.agenda_title.clone()}</p>
                                                <div class="actions-row">
                                                    <a class="button primary start" class:emphasis=soon target="_blank" rel="noopener"
                                                        href=b.join_url.clone()
                                                        aria-label=format!("Start Meeting with {}", b.guest_name)>
                                                        "Start Meeting"
                                                    </a>
                                                    <button type="button" class="danger"
                                                        aria-label=format!("Cancel the meeting with {}", b.guest_name)
                                                        on:click=move |_| cancel(for_cancel.clone())>
                                                        "Cancel"
                                                    </button>
                                                </div>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    }
                }}
                <p class="note">
                    "meet.jit.si asks the first participant to sign in with Google, GitHub or Facebook; a self-hosted Jitsi or JaaS avoids that."
                </p>
            </div>
            <div role="tabpanel" id="panel-past" aria-labelledby="tab-past"
                hidden=move || tab.get() != Tab::Past>
                {move || match past.get().flatten() {
                    None => view! { <p role="status">"Loading…"</p> }.into_any(),
                    Some(Err(e)) if e.status == Some(401) => not_logged_in().into_any(),
                    Some(Err(e)) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                    Some(Ok(list)) if list.items.is_empty() => view! {
                        <p class="muted">"No past meetings."</p>
                    }.into_any(),
                    Some(Ok(list)) => view! {
                        <ul class="meetings past">
                            {list.items.into_iter().map(|b| {
                                let status = if b.status == BookingStatus::Cancelled { " · cancelled" } else { "" };
                                view! {
                                    <li class="meeting">
                                        <p class="meeting-time"><strong>{time::zoned(&b.start, &zone.get_value())}</strong>{status}</p>
                                        <p>{b.guest_name.clone()}" · "{b.agenda_title.clone()}</p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </div>
            <div role="tabpanel" id="panel-agendas" aria-labelledby="tab-agendas"
                hidden=move || tab.get() != Tab::Agendas>
                {move || agendas_shown.get().then(|| view! { <AgendasPanel host=host.clone() /> })}
            </div>
            <div role="tabpanel" id="panel-api-keys" aria-labelledby="tab-api-keys"
                hidden=move || tab.get() != Tab::ApiKeys>
                {move || keys_shown.get().then(|| view! { <ApiKeysPanel /> })}
            </div>
            <div role="tabpanel" id="panel-calendars" aria-labelledby="tab-calendars"
                hidden=move || tab.get() != Tab::Calendars>
                {move || calendars_shown.get().then(|| view! { <CalendarsPanel zone=zone.get_value() /> })}
            </div>
        </section>
    }
}

fn not_logged_in() -> impl IntoView {
    view! { <p>"You are not logged in. "<A href="/login">"Log in"</A></p> }
}
