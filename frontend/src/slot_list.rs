//! The "Available times" list shared by the booking page and the guest's reschedule view.

use leptos::prelude::*;
use smartcal_types::{Slot, SlotList};

use crate::{api::ApiResult, time};

/// The slots of the next days grouped by local date: `(date, slots)`.
fn group_by_day(slots: Vec<Slot>) -> Vec<(String, Vec<Slot>)> {
    let mut days: Vec<(String, Vec<Slot>)> = Vec::new();
    for slot in slots {
        let date = time::local_date(&slot.local_start).to_owned();
        match days.last_mut() {
            Some((d, list)) if *d == date => list.push(slot),
            _ => days.push((date, vec![slot])),
        }
    }
    days
}

/// A heading "Available times" and the free times grouped by day, each a button calling `on_pick`.
#[component]
pub fn TimeList(
    slots: LocalResource<ApiResult<SlotList>>,
    on_pick: impl Fn(Slot) + Copy + Send + Sync + 'static,
    /// While true, the buttons are disabled (e.g. a request is running).
    #[prop(optional, into)]
    busy: Signal<bool>,
) -> impl IntoView {
    view! {
        <section class="times" aria-labelledby="times-heading">
            <h2 id="times-heading">"Available times"</h2>
            {move || match slots.get() {
                None => view! { <p role="status">"Loading times…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                Some(Ok(list)) if list.slots.is_empty() => view! {
                    <p>"No free times in the next 7 days."</p>
                }.into_any(),
                Some(Ok(list)) => group_by_day(list.slots).into_iter().map(|(date, day_slots)| {
                    let label = time::day_label(&date);
                    view! {
                        <h3>{label.clone()}</h3>
                        <ul class="slots" aria-label=format!("Available times on {label}")>
                            {day_slots.into_iter().map(|slot| {
                                let hm = time::local_hm(&slot.local_start).to_owned();
                                let aria = format!("{hm}, {label}");
                                view! {
                                    <li>
                                        <button type="button" class="slot" aria-label=aria
                                            disabled=move || busy.get()
                                            on:click=move |_| on_pick(slot.clone())>
                                            {hm.clone()}
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                }).collect_view().into_any(),
            }}
        </section>
    }
}
