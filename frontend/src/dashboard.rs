//! `/dashboard`: the host's upcoming and past meetings.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_navigate};
use smartcal_types::{Booking, BookingScope, BookingStatus};
use uuid::Uuid;

use crate::{api, time};

/// "Start Meeting" is emphasised from this long before the start until the end.
const SOON_MILLIS: i64 = 10 * 60 * 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Upcoming,
    Past,
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let tab = RwSignal::new(Tab::Upcoming);
    let upcoming = LocalResource::new(|| api::list_bookings(BookingScope::Upcoming));
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
            time::browser_local(&b.start)
        );
        let ok = web_sys::window()
            .and_then(|w| w.confirm_with_message(&question).ok())
            .unwrap_or(false);
        if !ok {
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

    let tab_button = move |which: Tab,
                           id: &'static str,
                           panel: &'static str,
                           label: &'static str| {
        view! {
            <button type="button" role="tab" id=id aria-controls=panel
                aria-selected=move || (tab.get() == which).to_string()
                tabindex=move || if tab.get() == which { "0" } else { "-1" }
                class:active=move || tab.get() == which
                on:click=move |_| tab.set(which)
                on:keydown=move |ev| {
                    let key = ev.key();
                    if key == "ArrowRight" || key == "ArrowLeft" {
                        tab.set(if which == Tab::Upcoming { Tab::Past } else { Tab::Upcoming });
                        let other = if which == Tab::Upcoming { "tab-past" } else { "tab-upcoming" };
                        if let Some(el) = document().get_element_by_id(other) {
                            use leptos::wasm_bindgen::JsCast;
                            if let Ok(el) = el.dyn_into::<leptos::web_sys::HtmlElement>() {
                                let _ = el.focus();
                            }
                        }
                    }
                }>
                {label}
            </button>
        }
    };

    view! {
        <section class="page dashboard">
            <div class="page-head">
                <h1>"Dashboard"</h1>
                <button type="button" class="logout" on:click=logout>"Log out"</button>
            </div>
            <div role="tablist" aria-label="Dashboard sections" class="tabs">
                {tab_button(Tab::Upcoming, "tab-upcoming", "panel-upcoming", "Upcoming Meetings")}
                {tab_button(Tab::Past, "tab-past", "panel-past", "Past")}
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
                                                <p class="meeting-time"><strong>{time::browser_local(&b.start)}</strong></p>
                                                <p>{b.guest_name.clone()}" · "{b.agenda_title.clone()}</p>
                                                <div class="actions-row">
                                                    <a class="button primary start" class:emphasis=soon target="_blank" rel="noopener"
                                                        href=b.meeting_url.clone()
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
                                        <p class="meeting-time"><strong>{time::browser_local(&b.start)}</strong>{status}</p>
                                        <p>{b.guest_name.clone()}" · "{b.agenda_title.clone()}</p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </div>
        </section>
    }
}

fn not_logged_in() -> impl IntoView {
    view! { <p>"You are not logged in. "<A href="/login">"Log in"</A></p> }
}
