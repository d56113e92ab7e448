//! `/dashboard`: the host's upcoming meetings.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{api, time};

#[component]
pub fn DashboardPage() -> impl IntoView {
    let bookings = LocalResource::new(api::upcoming_bookings);
    view! {
        <section class="page dashboard">
            <h1>"Dashboard"</h1>
            <div role="tablist" aria-label="Dashboard sections" class="tabs">
                <button type="button" role="tab" id="tab-upcoming" aria-selected="true"
                    aria-controls="panel-upcoming">"Upcoming Meetings"</button>
            </div>
            <div role="tabpanel" id="panel-upcoming" aria-labelledby="tab-upcoming">
                {move || match bookings.get() {
                    None => view! { <p role="status">"Loading…"</p> }.into_any(),
                    Some(Err(e)) if e.status == Some(401) => view! {
                        <p>"You are not logged in. "<A href="/login">"Log in"</A></p>
                    }.into_any(),
                    Some(Err(e)) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                    Some(Ok(list)) if list.items.is_empty() => view! {
                        <p class="muted">"No upcoming meetings."</p>
                    }.into_any(),
                    Some(Ok(list)) => view! {
                        <ul class="meetings">
                            {list.items.into_iter().map(|b| view! {
                                <li class="meeting">
                                    <p class="meeting-time"><strong>{time::browser_local(&b.start)}</strong></p>
                                    <p>{b.guest_name.clone()}" · "{b.agenda_title.clone()}</p>
                                    <a class="button primary" target="_blank" rel="noopener"
                                        href=b.meeting_url.clone()
                                        aria-label=format!("Start Meeting with {}", b.guest_name)>
                                        "Start Meeting"
                                    </a>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
                <p class="note">
                    "meet.jit.si asks the first participant to sign in with Google, GitHub or Facebook; a self-hosted Jitsi or JaaS avoids that."
                </p>
            </div>
        </section>
    }
}
