//! `/booking/{id}?token=…`: a guest's view of one booking: details and answers, add to a
//! calendar, cancel, reschedule (a new time is moved to only after a confirm step); a request
//! (pending) can be withdrawn, a declined one shows why; a cancelled or declined one offers
//! to book another time. A booking whose agenda its host no longer offers can still be
//! cancelled, not moved. Every time on the page is in the zone of its one zone field (the
//! browser's at first), written as on the booking page, with the same 12 h / 24 h switch.

use leptos::{prelude::*, task::spawn_local};
use smartcal_types::{Booking, BookingStatus, Slot};

use super::linked::linked_booking;
use crate::{
    api,
    components::{AddToCalendar, AnswerItems, Loader, SlotPicker, ZonePicker},
    dom, time,
};

const INVALID_LINK: &str = "Booking not found or the link is invalid";

/// Loads the booking with the guest's token, then hands over to [`ManageBooking`].
#[component]
pub fn BookingPage() -> impl IntoView {
    let booking = linked_booking(INVALID_LINK);
    view! {
        <section class="page booking">
            <h1>"Your booking"</h1>
            <Loader load=move || booking.get() missing=&[400, 401, 403, 404]
                not_found=|| view! { <p class="error" role="alert">{INVALID_LINK}</p> }
                let((b, token))>
                <ManageBooking booking=b token=token />
            </Loader>
        </section>
    }
}

/// The booking's details, with cancelling (withdrawing a request) and rescheduling while it is
/// ahead; `token` is the manage token from the link, if any.
#[component]
fn ManageBooking(booking: Booking, token: Option<String>) -> impl IntoView {
    let id = booking.id;
    let agenda_id = booking.agenda_id;
    let ics = api::ics_url(id, token.as_deref());
    let token = StoredValue::new(token);
    let booking = RwSignal::new(booking);
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // 0: "Cancel booking" button; 1: reason + confirm step.
    let confirming = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let refresh = RwSignal::new(0u32);
    let zone = RwSignal::new(time::browser_zone());
    // The new time picked to move to, waiting for the guest's confirmation.
    let moving = RwSignal::new(None::<Slot>);

    let status = move || booking.with(|b| b.status);
    let pending = move || status() == BookingStatus::Pending;
    let confirmed = move || status() == BookingStatus::Confirmed;
    let upcoming = move || booking.with(|b| b.end.timestamp_millis() > time::now_millis());
    // Whether its agenda is still offered (the guest's view says; unknown counts as yes).
    let offered = move || booking.with(|b| b.agenda_active != Some(false));
    let ended = move || matches!(status(), BookingStatus::Cancelled | BookingStatus::Declined);

    let do_cancel = move |_| {
        if busy.get_untracked() {
            return;
        }
        let text = reason.get_untracked().trim().to_owned();
        let reason = (!text.is_empty()).then_some(text);
        busy.set(true);
        error.set(None);
        notice.set(None);
        spawn_local(async move {
            let result = api::cancel_booking(id, token.get_value().as_deref(), reason).await;
            busy.set(false);
            match result {
                Ok(b) => {
                    confirming.set(false);
                    booking.set(b);
                }
                Err(e) if e.status == Some(404) => error.set(Some(INVALID_LINK.to_owned())),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };

    // Picking a time only asks; the move happens on "Confirm".
    let pick = move |slot: Slot| {
        error.set(None);
        notice.set(None);
        moving.set(Some(slot));
        dom::focus_later("move-heading");
    };
    let keep = move || {
        moving.set(None);
        dom::focus_later("reschedule-times-heading");
    };
    let reschedule = move |slot: Slot| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        notice.set(None);
        spawn_local(async move {
            let result =
                api::reschedule_booking(id, token.get_value().as_deref(), slot.start).await;
            busy.set(false);
            moving.set(None);
            match result {
                Ok(b) => {
                    notice.set(Some(format!(
                        "Your booking was moved to {}.",
                        time::long_in(&b.start, &zone.get_untracked())
                    )));
                    booking.set(b);
                    refresh.update(|n| *n += 1);
                }
                Err(e) if e.status == Some(409) => {
                    error.set(Some(
                        "That time was just taken. Please choose another one.".to_owned(),
                    ));
                    refresh.update(|n| *n += 1);
                    dom::focus_later("reschedule-times-heading");
                }
                Err(e) if e.status == Some(404) => error.set(Some(INVALID_LINK.to_owned())),
                Err(e) if e.field("start").is_some() => error.set(Some(
                    "That is already your booking's time. Please choose another one.".to_owned(),
                )),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };

    view! {
        <div class="alerts" role="alert" aria-live="assertive">
            {move || error.get().map(|m| view! { <p class="error">{m}</p> })}
        </div>
        <div class="notices" role="status" aria-live="polite">
            {move || notice.get().map(|m| view! { <p class="success">{m}</p> })}
            {move || match status() {
                BookingStatus::Cancelled => Some(view! {
                    <p class="cancelled"><strong>"This booking is cancelled"</strong></p>
                }.into_any()),
                BookingStatus::Declined => Some(view! {
                    <p class="cancelled"><strong>"This request was declined"</strong></p>
                }.into_any()),
                _ if !offered() => Some(view! {
                    <p class="inactive">
                        "This meeting type is no longer offered; you can still cancel."
                    </p>
                }.into_any()),
                BookingStatus::Pending => Some(view! {
                    <p class="pending">
                        <bdi>{booking.with(|b| b.host_name.clone())}</bdi>
                        " will confirm or decline this request; you’ll get an email."
                    </p>
                }.into_any()),
                BookingStatus::Confirmed => None,
            }}
        </div>
        <dl class="booking-details">
            <dt>"What"</dt>
            <dd dir="auto">{move || booking.with(|b| b.agenda_title.clone())}</dd>
            <dt>"Host"</dt>
            <dd dir="auto">{move || booking.with(|b| b.host_name.clone())}</dd>
            <dt>"When"</dt>
            <dd class="when">{move || booking.with(|b| time::span_in(&b.start, &b.end, &zone.get()))}</dd>
            <dt>"Status"</dt>
            <dd>{move || status_label(status())}</dd>
            {move || booking.with(|b| b.decline_reason.clone())
                .filter(|r| !r.trim().is_empty() && status() == BookingStatus::Declined)
                .map(|reason| view! { <dt>"Reason"</dt><dd dir="auto">{reason}</dd> })}
            {move || confirmed().then(|| {
                let url = booking.with(|b| b.join_url.clone());
                view! {
                    <dt>"Meeting link"</dt>
                    <dd><a class="button" href=url target="_blank" rel="noopener">"Join the video call"</a></dd>
                }
            })}
            {move || view! { <AnswerItems answers=booking.with(|b| b.answers.clone()) /> }}
        </dl>
        <ZonePicker id="manage-tz" zone=zone clock_toggle=true
            hint="The times on this page are shown in this zone." />
        {move || confirmed().then(|| {
            let ics = ics.clone();
            view! { <AddToCalendar booking=booking.get() ics=ics /> }
        })}
        {move || ended().then(|| booking.with(|b| b.booking_page_url.clone())).flatten().map(|url| view! {
            <p class="book-again"><a class="button primary" href=url>"Book another time"</a></p>
        })}
        {move || ((pending() || confirmed()) && upcoming()).then(|| view! {
            <section class="cancel" aria-labelledby="cancel-heading">
                <h2 id="cancel-heading">{move || if pending() { "Withdraw" } else { "Cancel" }}</h2>
                {move || if confirming.get() {
                    view! {
                        <div class="field">
                            <label for="cancel-reason">"Reason (optional)"</label>
                            <textarea id="cancel-reason" rows="3"
                                prop:value=move || reason.get()
                                on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                        </div>
                        <p>{move || if pending() {
                            "Do you really want to withdraw this request?"
                        } else {
                            "Do you really want to cancel this booking?"
                        }}</p>
                        <div class="actions-row">
                            <button type="button" class="danger" disabled=move || busy.get()
                                on:click=do_cancel>
                                {move || match (busy.get(), pending()) {
                                    (true, _) => "Cancelling…",
                                    (false, true) => "Yes, withdraw request",
                                    (false, false) => "Yes, cancel booking",
                                }}
                            </button>
                            <button type="button" disabled=move || busy.get()
                                on:click=move |_| confirming.set(false)>
                                {move || if pending() { "Keep request" } else { "Keep booking" }}
                            </button>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="danger"
                            on:click=move |_| confirming.set(true)>
                            {move || if pending() { "Withdraw request" } else { "Cancel booking" }}
                        </button>
                    }.into_any()
                }}
            </section>
        })}
        {move || (confirmed() && upcoming() && offered()).then(|| view! {
            <section class="reschedule" aria-labelledby="reschedule-heading">
                <h2 id="reschedule-heading">"Reschedule"</h2>
                {move || moving.get().map(|slot| {
                    let from = move || booking.with(|b| time::long_in(&b.start, &zone.get()));
                    let to = {
                        let start = slot.start;
                        move || time::long_in(&start, &zone.get())
                    };
                    view! {
                        <div class="move-confirm" role="group" aria-labelledby="move-heading">
                            <p id="move-heading" tabindex="-1">
                                "Move your meeting from "<strong>{from}</strong>" to "<strong>{to}</strong>"?"
                            </p>
                            <div class="actions-row">
                                <button type="button" class="primary" disabled=move || busy.get()
                                    on:click=move |_| reschedule(slot.clone())>
                                    {move || if busy.get() { "Moving…" } else { "Confirm" }}
                                </button>
                                <button type="button" disabled=move || busy.get()
                                    on:click=move |_| keep()>"Back"</button>
                            </div>
                        </div>
                    }
                })}
                <div hidden=move || moving.with(Option::is_some)>
                    <p class="hint">"Pick a day, then a new time."</p>
                    <SlotPicker id="reschedule" agenda_id=agenda_id zone=zone refresh=refresh
                        access=api::SlotAccess::Move { booking: id, token: token.get_value() }
                        on_pick=pick busy=busy />
                </div>
            </section>
        })}
    }
}

/// A booking's status as the guest reads it.
fn status_label(status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Pending => "Request pending",
        BookingStatus::Confirmed => "Confirmed",
        BookingStatus::Declined => "Declined",
        BookingStatus::Cancelled => "Cancelled",
    }
}
