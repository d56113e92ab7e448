//! The dashboard's Upcoming Meetings tab: booking requests first (marked Request, with
//! Confirm and Decline), then the host's next meetings, each with its Start Meeting link
//! (emphasised shortly before it begins) and a cancel button; each with the guest's answers,
//! and — while its Jitsi room is live — "In progress" and who is in the room.

use leptos::{prelude::*, task::spawn_local};
use smartcal_types::{Booking, BookingScope, BookingStatus};
use uuid::Uuid;

use crate::{
    api,
    components::{is_live, AnswerItems, AttendanceLines, Loader, NotLoggedIn},
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
    // Bookings cancelled or declined here, hidden from the list without reloading it.
    let removed = RwSignal::new(Vec::<Uuid>::new());
    // Requests confirmed here, shown as the server answered without reloading the list.
    let confirmed = RwSignal::new(Vec::<Booking>::new());
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

    let confirm = move |b: Booking| {
        error.set(None);
        spawn_local(async move {
            match api::confirm_booking(b.id, None).await {
                Ok(after) => {
                    confirmed.update(|c| c.push(after));
                    // The request became a meeting: focus its Start Meeting link.
                    dom::focus_later(format!("start-{}", b.id));
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };

    let decline = move |b: Booking| {
        let question = format!(
            "Decline the request of {} for {}? The guest will be told, and the time is free again.",
            dom::isolate(&b.guest_name),
            time::zoned(&b.start, &zone.get_value())
        );
        if !dom::confirm(&question) {
            return;
        }
        error.set(None);
        spawn_local(async move {
            match api::decline_booking(b.id, None, None).await {
                Ok(_) => removed.update(|r| r.push(b.id)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };

    view! {
        <Loader load=move || upcoming.get() missing=&[401] not_found=NotLoggedIn let:list>
            {
                let gone = removed.get();
                let decided = confirmed.get();
                let mut items: Vec<Booking> = list
                    .items
                    .into_iter()
                    .filter(|b| !gone.contains(&b.id))
                    .map(|b| decided.iter().find(|d| d.id == b.id).cloned().unwrap_or(b))
                    .collect();
                // Requests first, each group in time order (the sort is stable).
                items.sort_by_key(|b| b.status != BookingStatus::Pending);
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
                                let request = b.status == BookingStatus::Pending;
                                let live = is_live(&b);
                                let answers = (!b.answers.is_empty()).then(|| view! {
                                    <dl class="answers"><AnswerItems answers=b.answers.clone() /></dl>
                                });
                                let actions = if request {
                                    let (for_confirm, for_decline) = (b.clone(), b.clone());
                                    view! {
                                        <div class="actions-row">
                                            <button type="button" class="primary"
                                                aria-label=format!("Confirm the request of {}", b.guest_name)
                                                on:click=move |_| confirm(for_confirm.clone())>
                                                "Confirm"
                                            </button>
                                            <button type="button" class="danger"
                                                aria-label=format!("Decline the request of {}", b.guest_name)
                                                on:click=move |_| decline(for_decline.clone())>
                                                "Decline"
                                            </button>
                                        </div>
                                    }.into_any()
                                } else {
                                    view! {
                                        <div class="actions-row">
                                            <a id=format!("start-{}", b.id) class="button primary start" class:emphasis=soon target="_blank" rel="noopener"
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
                                    }.into_any()
                                };
                                view! {
                                    <li class="meeting" class:soon=move || !request && soon() class:request=request class:live=live>
                                        <p class="meeting-time">
                                            <strong>{time::zoned(&b.start, &zone.get_value())}</strong>
                                            {request.then(|| view! { " " <span class="badge request">"Request"</span> })}
                                            {live.then(|| view! { " " <span class="badge live">"In progress"</span> })}
                                        </p>
                                        <p><bdi>{b.guest_name.clone()}</bdi>" · "<bdi>{b.agenda_title.clone()}</bdi></p>
                                        <AttendanceLines booking=b.clone() zone=zone.get_value() />
                                        {answers}
                                        {actions}
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
