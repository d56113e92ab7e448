//! The dashboard's Past tab: the host's past meetings, cancelled ones marked.

use leptos::prelude::*;
use smartcal_types::{BookingScope, BookingStatus};

use crate::{
    api,
    components::{Loader, NotLoggedIn},
    time,
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
    view! {
        <Loader load=move || past.get().flatten() missing=&[401] not_found=NotLoggedIn let:list>
            {if list.items.is_empty() {
                view! { <p class="muted">"No past meetings."</p> }.into_any()
            } else {
                view! {
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
                }.into_any()
            }}
        </Loader>
    }
}
