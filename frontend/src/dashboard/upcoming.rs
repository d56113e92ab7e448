//! The dashboard's Upcoming Meetings tab: booking requests first (marked Request, with
//! Confirm and Decline), then the host's next meetings, each with its Start Meeting link
//! (emphasised shortly before it begins) and a cancel button; each with the guest's answers,
//! and — while its Jitsi room is live — "In progress" and who is in the room. The guests of
//! one start of an agenda with seats are one entry ("3/10 booked", the guests, one Start
//! Meeting for their shared room), each guest with their own cancel button.

use std::collections::HashMap;

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

/// One entry of the list: a booking, or the guests of one start of an agenda with seats.
enum Entry {
    One(Box<Booking>),
    Seated { bookings: Vec<Booking>, seats: u32 },
}

/// Groups the bookings (requests first, then in time order) into entries: the confirmed
/// bookings of one agenda and start are one [`Entry::Seated`] when the agenda has more than
/// one seat (`seats` by agenda id; team agendas, absent there, have one) or when several
/// bookings share it anyway.
fn entries(items: Vec<Booking>, seats: &HashMap<uuid::Uuid, u32>) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for b in items {
        let of_agenda = seats.get(&b.agenda_id).copied().unwrap_or(1);
        if b.status != BookingStatus::Pending {
            let same = out.iter_mut().find_map(|e| match e {
                Entry::Seated { bookings, .. }
                    if bookings[0].agenda_id == b.agenda_id && bookings[0].start == b.start =>
                {
                    Some(bookings)
                }
                _ => None,
            });
            if let Some(bookings) = same {
                bookings.push(b);
                continue;
            }
            if of_agenda > 1 {
                out.push(Entry::Seated {
                    bookings: vec![b],
                    seats: of_agenda,
                });
                continue;
            }
            // A second booking of a one-seat start (not expected): still one entry.
            if let Some(i) = out.iter().position(|e| {
                matches!(e, Entry::One(o) if o.status != BookingStatus::Pending
                    && o.agenda_id == b.agenda_id && o.start == b.start)
            }) {
                if let Entry::One(first) = out.remove(i) {
                    out.insert(
                        i,
                        Entry::Seated {
                            bookings: vec![*first, b],
                            seats: of_agenda,
                        },
                    );
                }
                continue;
            }
        }
        out.push(Entry::One(Box::new(b)));
    }
    out
}

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
    // The host's agendas, for the seats of each (the denominator of "3/10 booked").
    let agendas = LocalResource::new(move || {
        reload.track();
        api::list_agendas()
    });
    // Both lists at once; without the agendas (an error), every start counts as one seat.
    let loaded = move || {
        let list = upcoming.get()?;
        let seats: HashMap<uuid::Uuid, u32> = match agendas.get()? {
            Ok(a) => a.items.into_iter().map(|a| (a.id, a.seats)).collect(),
            Err(_) => HashMap::new(),
        };
        Some(list.map(|l| (l, seats)))
    };
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
        <Loader load=loaded missing=&[401] not_found=NotLoggedIn let((list, seats))>
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
                            {entries(items, &seats).into_iter().map(|entry| {
                                let b = match entry {
                                    Entry::One(b) => *b,
                                    Entry::Seated { bookings, seats } => {
                                        return view! {
                                            <SeatedEntry bookings=bookings seats=seats
                                                zone=zone.get_value() now=now cancel=cancel />
                                        }.into_any();
                                    }
                                };
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
                                }.into_any()
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

/// One start of an agenda with seats: "2/3 booked", each guest (name, email, cancel) and one
/// Start Meeting for the room they share.
#[component]
fn SeatedEntry(
    bookings: Vec<Booking>,
    seats: u32,
    zone: String,
    now: RwSignal<i64>,
    cancel: impl Fn(Booking) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let first = bookings[0].clone();
    let start = first.start.timestamp_millis();
    let end = first.end.timestamp_millis();
    let soon = move || {
        let n = now.get();
        n >= start - SOON_MILLIS && n < end
    };
    let live = bookings.iter().any(is_live);
    let when = time::zoned(&first.start, &zone);
    let booked = format!(
        "{}/{} booked",
        bookings.len(),
        seats.max(bookings.len() as u32)
    );
    let start_label = format!(
        "Start Meeting of {} at {when} ({booked})",
        first.agenda_title
    );
    view! {
        <li class="meeting seated" class:soon=soon class:live=live>
            <p class="meeting-time">
                <strong>{when.clone()}</strong>
                " " <span class="badge">{booked}</span>
                {live.then(|| view! { " " <span class="badge live">"In progress"</span> })}
            </p>
            <p><bdi>{first.agenda_title.clone()}</bdi></p>
            <ul class="guests" aria-label=format!("Guests of {}", first.agenda_title)>
                {bookings.iter().map(|b| {
                    let for_cancel = b.clone();
                    let answers = (!b.answers.is_empty()).then(|| view! {
                        <dl class="answers"><AnswerItems answers=b.answers.clone() /></dl>
                    });
                    view! {
                        <li class="guest">
                            <bdi>{b.guest_name.clone()}</bdi>" · "<bdi>{b.guest_email.clone()}</bdi>" "
                            <button type="button" class="link danger-link"
                                aria-label=format!("Cancel the seat of {}", b.guest_name)
                                on:click=move |_| cancel(for_cancel.clone())>
                                "Cancel"
                            </button>
                            <AttendanceLines booking=b.clone() zone=zone.clone() />
                            {answers}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="actions-row">
                <a id=format!("start-{}", first.id) class="button primary start" class:emphasis=soon
                    target="_blank" rel="noopener" href=first.join_url.clone()
                    aria-label=start_label>
                    "Start Meeting"
                </a>
            </div>
        </li>
    }
}
