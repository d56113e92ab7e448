//! The dashboard's Upcoming Meetings tab: the host's next meetings, each with its Start Meeting
//! link (emphasised shortly before it begins) and a cancel button.

use leptos::{prelude::*, task::spawn_local};
use smartcal_types::{Booking, BookingScope};
use uuid::Uuid;

use crate::{
    api,
    components::{Loader, NotLoggedIn},
    dom, time,
};

/// "Start Meeting" is emphasised from this long before the start until the end.
const SOON_MILLIS: i64 = 10 * 60 * 1000;

/// The Upcoming Meetings tab; times are shown in the host's `zone`.
#[component]
pub fn UpcomingPanel(
    zone: String,
    /// Reloads the list when it changes (the tab is opened again), so new bookings show up.
    #[prop(into)]
    reload: Signal<u32>,
    /// Where a failed cancel is announced (the dashboard's alert line above the tabs).
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let zone = StoredValue::new(zone);
    let upcoming = LocalResource::new(move || {
        reload.track();
        api::list_bookings(BookingScope::Upcoming)
    });
    // Bookings cancelled here, hidden from the list without reloading it.
    let removed = RwSignal::new(Vec::<Uuid>::new());
    let now = RwSignal::new(time::now_millis());
    if let Ok(handle) = set_interval_with_handle(
        move || now.set(time::now_millis()),
        std::time::Duration::from_secs(30),
    ) {
        on_cleanup(move || handle.clear());
    }

    let cancel = move |b: Booking| {
        let question = format!(
            "Cancel the meeting with {} on {}? The guest will be told.",
            dom::isolate(&b.guest_name),
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

    view! {
        <Loader load=move || upcoming.get() missing=&[401] not_found=NotLoggedIn let:list>
            {
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
                                        <p><bdi>{b.guest_name.clone()}</bdi>" · "<bdi>{b.agenda_title.clone()}</bdi></p>
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
        </Loader>
        <p class="note">
            "meet.jit.si asks the first participant to sign in with Google, GitHub or Facebook; a self-hosted Jitsi or JaaS avoids that."
        </p>
    }
}
