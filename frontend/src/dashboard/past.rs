//! The dashboard's Past tab: the host's past meetings, cancelled ones marked, each with who
//! came to its room, when and for how long (a no-show said in words), and a way to erase the
//! guest's personal data.

use leptos::{prelude::*, task::spawn_local};
use smartcal_types::{Booking, BookingScope, BookingStatus, NoShow, ERASED_GUEST_EMAIL};

use crate::{
    api,
    components::{is_live, AttendanceLines, Loader, NotLoggedIn},
    dom, time,
};

/// The Past tab; times are shown in the host's `zone`.
#[component]
pub fn PastPanel(
    zone: String,
    /// Whether the tab is shown: the list loads afresh each time it is opened.
    #[prop(into)]
    open: Signal<bool>,
) -> impl IntoView {
    let zone = StoredValue::new(zone);
    let past = LocalResource::new(move || {
        let want = open.get();
        async move {
            if want {
                Some(api::list_bookings(BookingScope::Past).await)
            } else {
                None
            }
        }
    });
    // Bookings erased here, shown as the server answered without reloading the list.
    let erased = RwSignal::new(Vec::<Booking>::new());
    let error = RwSignal::new(None::<String>);

    let erase = move |b: Booking| {
        let question = format!(
            "Erase the guest data of the meeting with {} on {}? Their name, email and notes \
             are replaced for good, here and in the stored emails.",
            dom::isolate(&b.guest_name),
            time::zoned(&b.start, &zone.get_value())
        );
        if !dom::confirm(&question) {
            return;
        }
        error.set(None);
        spawn_local(async move {
            match api::erase_booking(b.id).await {
                Ok(after) => erased.update(|e| e.push(after)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };

    view! {
        <div class="alerts" role="alert">
            {move || error.get().map(|m| view! { <p class="error">{m}</p> })}
        </div>
        <Loader load=move || past.get().flatten() missing=&[401] not_found=NotLoggedIn let:list>
            {if list.items.is_empty() {
                view! { <p class="muted">"No past meetings."</p> }.into_any()
            } else {
                view! {
                    <ul class="meetings past">
                        {list.items.into_iter().map(|listed| {
                            let id = listed.id;
                            let shown = move || {
                                erased
                                    .with(|e| e.iter().find(|b| b.id == id).cloned())
                                    .unwrap_or_else(|| listed.clone())
                            };
                            view! {
                                {move || {
                                    let b = shown();
                                    let status = if b.status == BookingStatus::Cancelled { " · cancelled" } else { "" };
                                    let is_erased = b.guest_email == ERASED_GUEST_EMAIL;
                                    let no_show = b.no_show.is_some_and(|n| n != NoShow::None);
                                    let live = is_live(&b);
                                    let for_erase = b.clone();
                                    view! {
                                        <li class="meeting" class:no-show=no_show>
                                            <p class="meeting-time">
                                                <strong>{time::zoned(&b.start, &zone.get_value())}</strong>{status}
                                                {no_show.then(|| view! { " " <span class="badge no-show">"No-show"</span> })}
                                                {live.then(|| view! { " " <span class="badge live">"In progress"</span> })}
                                            </p>
                                            <p><bdi>{b.guest_name.clone()}</bdi>" · "<bdi>{b.agenda_title.clone()}</bdi></p>
                                            <AttendanceLines booking=b.clone() zone=zone.get_value() />
                                            {(!is_erased).then(|| view! {
                                                <div class="actions-row">
                                                    <button type="button" class="danger"
                                                        aria-label=format!("Erase guest data of the meeting with {}", b.guest_name)
                                                        on:click=move |_| erase(for_erase.clone())>
                                                        "Erase guest data"
                                                    </button>
                                                </div>
                                            })}
                                        </li>
                                    }
                                }}
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </Loader>
    }
}
