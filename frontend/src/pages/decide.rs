//! `/decide/{id}?token=…`: the host's page for one booking request, opened from the request
//! email. It shows the request and decides only when a button is pressed: opening the link
//! never decides (mail scanners open links).

use leptos::{prelude::*, task::spawn_local};
use smartcal_types::{Booking, BookingStatus};

use super::linked::linked_booking;
use crate::i18n::Said;
use crate::{
    api,
    components::{AnswerItems, Loader},
    dom,
    i18n::{t, tf},
    time, tr,
};

/// Loads the booking with the decide token, then hands over to [`Decide`].
#[component]
pub fn DecidePage() -> impl IntoView {
    let booking = linked_booking("decide-invalid-link");
    view! {
        <section class="page decide">
            <h1>{tr!("decide-heading")}</h1>
            <Loader load=move || booking.get() missing=&[400, 401, 403, 404]
                not_found=|| view! { <p class="error" role="alert">{tr!("decide-invalid-link")}</p> }
                let((b, token))>
                <Decide booking=b token=token />
            </Loader>
        </section>
    }
}

/// The request's details, and Confirm and Decline while it is pending; `token` is the decide
/// token from the link (without it the host's session is used).
#[component]
fn Decide(booking: Booking, token: Option<String>) -> impl IntoView {
    let id = booking.id;
    let token = StoredValue::new(token);
    let booking = RwSignal::new(booking);
    let error = RwSignal::new(None::<Said>);
    // The message id of the decision just made, and the guest's name it names.
    let notice = RwSignal::new(None::<(&'static str, String)>);
    let busy = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    // Set when the server no longer lets this link decide (decided elsewhere meanwhile).
    let closed = RwSignal::new(false);
    let status = move || booking.with(|b| b.status);

    let decide = move |confirm: bool| {
        if busy.get_untracked() {
            return;
        }
        let text = reason.get_untracked().trim().to_owned();
        busy.set(true);
        error.set(None);
        notice.set(None);
        spawn_local(async move {
            let token = token.get_value();
            let result = if confirm {
                api::confirm_booking(id, token.as_deref()).await
            } else {
                let reason = (!text.is_empty()).then_some(text);
                api::decline_booking(id, token.as_deref(), reason).await
            };
            busy.set(false);
            match result {
                Ok(b) => {
                    let guest = dom::isolate(&b.guest_name);
                    let said = match b.status {
                        BookingStatus::Confirmed => "decide-confirmed",
                        _ => "decide-declined",
                    };
                    notice.set(Some((said, guest)));
                    booking.set(b);
                }
                Err(e) if matches!(e.status, Some(404 | 409)) => {
                    // Decided elsewhere meanwhile: show where it stands now, if the link
                    // still shows it.
                    match api::get_booking(id, token.as_deref()).await {
                        Ok(b) => booking.set(b),
                        Err(_) => closed.set(true),
                    }
                    error.set(Some(if e.status == Some(409) {
                        Said::Theirs(e.message)
                    } else {
                        Said::Ours("decide-invalid-link")
                    }));
                }
                Err(e) => error.set(Some(Said::Theirs(e.message))),
            }
            dom::focus_later("decide-outcome");
        });
    };

    view! {
        <div id="decide-outcome" tabindex="-1">
            <div class="alerts" role="alert" aria-live="assertive">
                {move || error.get().map(|m| view! { <p class="error">{move || m.text()}</p> })}
            </div>
            <div class="notices" role="status" aria-live="polite">
                {move || notice.get().map(|(said, guest)| view! {
                    <p class="success">{move || tf(said, &[("guest", guest.as_str().into())])}</p>
                })}
            </div>
        </div>
        {move || booking.with(|b| {
            let zone = time::browser_zone();
            let notes = (!b.notes.trim().is_empty()).then(|| view! {
                <dt>{t("decide-notes")}</dt><dd class="answer" dir="auto">{b.notes.clone()}</dd>
            });
            let reason = b.decline_reason.clone().filter(|r| !r.trim().is_empty()).map(|r| view! {
                <dt>{t("decide-reason")}</dt><dd dir="auto">{r}</dd>
            });
            view! {
                <dl class="booking-details">
                    <dt>{t("decide-what")}</dt>
                    <dd dir="auto">{b.agenda_title.clone()}</dd>
                    <dt>{t("decide-when")}</dt>
                    <dd class="when">{time::zoned(&b.start, &zone)}" – "{time::zoned(&b.end, &zone)}</dd>
                    <dt>{t("decide-guest")}</dt>
                    <dd><bdi>{b.guest_name.clone()}</bdi>" · "<a href=format!("mailto:{}", b.guest_email)>{b.guest_email.clone()}</a></dd>
                    <dt>{t("decide-guest-zone")}</dt>
                    <dd>{b.guest_time_zone.clone()}</dd>
                    {notes}
                    <AnswerItems answers=b.answers.clone() />
                    <dt>{t("decide-status")}</dt>
                    <dd>{t(status_label(b.status))}</dd>
                    {reason}
                </dl>
            }
        })}
        {move || (status() == BookingStatus::Pending && !closed.get()).then(|| view! {
            <section class="decide-actions" aria-labelledby="decide-heading">
                <h2 id="decide-heading">{tr!("decide-your-decision")}</h2>
                <p class="hint">{tr!("decide-told-either-way")}</p>
                <div class="actions-row">
                    <button type="button" class="primary" disabled=move || busy.get()
                        on:click=move |_| decide(true)>{tr!("decide-confirm")}</button>
                </div>
                <div class="field decline-reason">
                    <label for="decline-reason">{tr!("decide-decline-reason")}</label>
                    <textarea id="decline-reason" rows="3"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </div>
                <div class="actions-row">
                    <button type="button" class="danger" disabled=move || busy.get()
                        on:click=move |_| decide(false)>{tr!("decide-decline")}</button>
                </div>
            </section>
        })}
    }
}

/// The message id of a request's status as its host reads it.
fn status_label(status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Pending => "decide-status-pending",
        BookingStatus::Confirmed => "decide-status-confirmed",
        BookingStatus::Declined => "decide-status-declined",
        BookingStatus::Cancelled => "decide-status-cancelled",
    }
}
