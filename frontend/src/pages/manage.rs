//! `/booking/{id}?token=…`: a guest's view of one booking: details and answers, add to a
//! calendar, cancel, reschedule (a new time is moved to only after a confirm step); a request
//! (pending) can be withdrawn, a declined one shows why; a cancelled or declined one offers
//! to book another time. A booking whose agenda its host no longer offers can still be
//! cancelled, not moved. Every time on the page is in the zone of its one zone field (the
//! browser's at first), written as on the booking page, with the same 12 h / 24 h switch.

use chrono::{DateTime, Utc};
use leptos::{prelude::*, task::spawn_local};
use smartcal_types::{Booking, BookingStatus, Slot};

use super::linked::linked_booking;
use crate::{
    api,
    components::{AddToCalendar, AnswerItems, LanguageSwitcher, Loader, SlotPicker, ZonePicker},
    dom,
    i18n::{pieces, t, tf, Piece, Said},
    time, tr,
};

/// Loads the booking with the guest's token, then hands over to [`ManageBooking`].
#[component]
pub fn BookingPage() -> impl IntoView {
    let booking = linked_booking("manage-invalid-link");
    view! {
        <section class="page booking">
            <LanguageSwitcher />
            <h1>{tr!("manage-heading")}</h1>
            <Loader load=move || booking.get() missing=&[400, 401, 403, 404]
                not_found=|| view! { <p class="error" role="alert">{tr!("manage-invalid-link")}</p> }
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
    let error = RwSignal::new(None::<Said>);
    // The new start of a booking just moved.
    let notice = RwSignal::new(None::<DateTime<Utc>>);
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
                Err(e) if e.status == Some(404) => {
                    error.set(Some(Said::Ours("manage-invalid-link")))
                }
                Err(e) => error.set(Some(Said::Theirs(e.message))),
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
                    notice.set(Some(b.start));
                    booking.set(b);
                    refresh.update(|n| *n += 1);
                }
                Err(e) if e.status == Some(409) => {
                    error.set(Some(Said::Ours("manage-time-taken")));
                    refresh.update(|n| *n += 1);
                    dom::focus_later("reschedule-times-heading");
                }
                Err(e) if e.status == Some(404) => {
                    error.set(Some(Said::Ours("manage-invalid-link")))
                }
                Err(e) if e.field("start").is_some() => {
                    error.set(Some(Said::Ours("manage-same-time")))
                }
                Err(e) => error.set(Some(Said::Theirs(e.message))),
            }
        });
    };

    view! {
        <div class="alerts" role="alert" aria-live="assertive">
            {move || error.get().map(|m| view! { <p class="error">{move || m.text()}</p> })}
        </div>
        <div class="notices" role="status" aria-live="polite">
            {move || notice.get().map(|start| view! {
                <p class="success">
                    {move || tf("manage-moved", &[("when", time::long_in(&start, &zone.get()).into())])}
                </p>
            })}
            {move || match status() {
                BookingStatus::Cancelled => Some(view! {
                    <p class="cancelled"><strong>{tr!("manage-cancelled")}</strong></p>
                }.into_any()),
                BookingStatus::Declined => Some(view! {
                    <p class="cancelled"><strong>{tr!("manage-declined")}</strong></p>
                }.into_any()),
                _ if !offered() => Some(view! {
                    <p class="inactive">{tr!("manage-not-offered")}</p>
                }.into_any()),
                BookingStatus::Pending => Some(view! {
                    <p class="pending">
                        {move || pieces("manage-pending", &["host"]).into_iter().map(|piece| match piece {
                            Piece::Text(text) => text.into_any(),
                            Piece::Var(_) => view! {
                                <bdi>{booking.with(|b| b.host_name.clone())}</bdi>
                            }.into_any(),
                        }).collect_view()}
                    </p>
                }.into_any()),
                BookingStatus::Confirmed => None,
            }}
        </div>
        <dl class="booking-details">
            <dt>{tr!("manage-what")}</dt>
            <dd dir="auto">{move || booking.with(|b| b.agenda_title.clone())}</dd>
            <dt>{tr!("manage-host")}</dt>
            <dd dir="auto">{move || booking.with(|b| b.host_name.clone())}</dd>
            <dt>{tr!("manage-when")}</dt>
            <dd class="when">{move || booking.with(|b| time::span_in(&b.start, &b.end, &zone.get()))}</dd>
            <dt>{tr!("manage-status")}</dt>
            <dd>{move || t(status_label(status()))}</dd>
            {move || booking.with(|b| b.decline_reason.clone())
                .filter(|r| !r.trim().is_empty() && status() == BookingStatus::Declined)
                .map(|reason| view! { <dt>{tr!("manage-reason")}</dt><dd dir="auto">{reason}</dd> })}
            {move || confirmed().then(|| {
                let url = booking.with(|b| b.join_url.clone());
                view! {
                    <dt>{tr!("manage-meeting-link")}</dt>
                    <dd><a class="button" href=url target="_blank" rel="noopener">{tr!("manage-join-call")}</a></dd>
                }
            })}
            {move || view! { <AnswerItems answers=booking.with(|b| b.answers.clone()) /> }}
        </dl>
        <ZonePicker id="manage-tz" zone=zone clock_toggle=true
            hint="manage-zone-hint" />
        {move || confirmed().then(|| {
            let ics = ics.clone();
            view! { <AddToCalendar booking=booking.get() ics=ics /> }
        })}
        {move || ended().then(|| booking.with(|b| b.booking_page_url.clone())).flatten().map(|url| view! {
            <p class="book-again"><a class="button primary" href=url>{tr!("manage-book-again")}</a></p>
        })}
        {move || ((pending() || confirmed()) && upcoming()).then(|| view! {
            <section class="cancel" aria-labelledby="cancel-heading">
                <h2 id="cancel-heading">{move || t(if pending() { "manage-withdraw-heading" } else { "manage-cancel-heading" })}</h2>
                {move || if confirming.get() {
                    view! {
                        <div class="field">
                            <label for="cancel-reason">{tr!("manage-reason-optional")}</label>
                            <textarea id="cancel-reason" rows="3"
                                prop:value=move || reason.get()
                                on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                        </div>
                        <p>{move || t(if pending() {
                            "manage-withdraw-question"
                        } else {
                            "manage-cancel-question"
                        })}</p>
                        <div class="actions-row">
                            <button type="button" class="danger" disabled=move || busy.get()
                                on:click=do_cancel>
                                {move || t(match (busy.get(), pending()) {
                                    (true, _) => "manage-cancelling",
                                    (false, true) => "manage-withdraw-yes",
                                    (false, false) => "manage-cancel-yes",
                                })}
                            </button>
                            <button type="button" disabled=move || busy.get()
                                on:click=move |_| confirming.set(false)>
                                {move || t(if pending() { "manage-keep-request" } else { "manage-keep-booking" })}
                            </button>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="danger"
                            on:click=move |_| confirming.set(true)>
                            {move || t(if pending() { "manage-withdraw-request" } else { "manage-cancel-booking" })}
                        </button>
                    }.into_any()
                }}
            </section>
        })}
        {move || (confirmed() && upcoming() && offered()).then(|| view! {
            <section class="reschedule" aria-labelledby="reschedule-heading">
                <h2 id="reschedule-heading">{tr!("manage-reschedule")}</h2>
                {move || moving.get().map(|slot| {
                    let from = move || booking.with(|b| time::long_in(&b.start, &zone.get()));
                    let to = {
                        let start = slot.start;
                        move || time::long_in(&start, &zone.get())
                    };
                    view! {
                        <div class="move-confirm" role="group" aria-labelledby="move-heading">
                            <p id="move-heading" tabindex="-1">
                                {move || pieces("manage-move-question", &["from", "to"]).into_iter().map(|piece| match piece {
                                    Piece::Text(text) => text.into_any(),
                                    Piece::Var(0) => view! { <strong>{from}</strong> }.into_any(),
                                    Piece::Var(_) => view! { <strong>{to}</strong> }.into_any(),
                                }).collect_view()}
                            </p>
                            <div class="actions-row">
                                <button type="button" class="primary" disabled=move || busy.get()
                                    on:click=move |_| reschedule(slot.clone())>
                                    {move || t(if busy.get() { "manage-moving" } else { "manage-confirm" })}
                                </button>
                                <button type="button" disabled=move || busy.get()
                                    on:click=move |_| keep()>{tr!("manage-back")}</button>
                            </div>
                        </div>
                    }
                })}
                <div hidden=move || moving.with(Option::is_some)>
                    <p class="hint">{tr!("manage-pick-hint")}</p>
                    <SlotPicker id="reschedule" agenda_id=agenda_id zone=zone refresh=refresh
                        access=api::SlotAccess::Move { booking: id, token: token.get_value() }
                        on_pick=pick busy=busy />
                </div>
            </section>
        })}
    }
}

/// The message id of a booking's status as the guest reads it.
fn status_label(status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Pending => "manage-status-pending",
        BookingStatus::Confirmed => "manage-status-confirmed",
        BookingStatus::Declined => "manage-status-declined",
        BookingStatus::Cancelled => "manage-status-cancelled",
    }
}
