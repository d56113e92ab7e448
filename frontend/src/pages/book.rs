//! `/book/{host}/{agenda}[?invite=…]`: a guest picks a free time, answers the agenda's
//! questions and books it (or, where the host confirms each booking, sends a request).

use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::{use_params_map, use_query_map};
use smartcal_types::{Booking, BookingStatus, CreateBookingRequest, PublicAgenda, Question, Slot};

use crate::{
    api::{self, ApiError},
    components::{Answers, Loader, QuestionFields, SlotPicker, ZonePicker},
    dom, time,
};

/// Loads the agenda (with the link's private invite, if any), then hands over to [`Booker`].
#[component]
pub fn BookPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let agenda = LocalResource::new(move || {
        let host = params.read().get("host").unwrap_or_default();
        let slug = params.read().get("agenda").unwrap_or_default();
        let invite = query.read().get("invite").filter(|i| !i.is_empty());
        async move {
            let a = api::public_agenda(&host, &slug, invite.as_deref()).await?;
            Ok((a, invite))
        }
    });
    view! {
        <section class="page book">
            <Loader load=move || agenda.get() missing=&[404] not_found=unknown_agenda failed=failed
                let((a, invite))>
                <Booker agenda=a invite=invite />
            </Loader>
        </section>
    }
}

/// A booking link that names no (active) agenda.
fn unknown_agenda() -> impl IntoView {
    view! {
        <h1>"Unknown agenda"</h1>
        <p>"This booking link does not exist (any more). Please check the link you were given."</p>
    }
}

/// Any other failure to load the agenda: the page has nothing else to show, so it says so in
/// its heading (410: the link's invite was used, expired or revoked).
fn failed(e: ApiError) -> AnyView {
    let heading = if e.status == Some(410) {
        "This invite no longer works"
    } else {
        "Something went wrong"
    };
    view! {
        <h1>{heading}</h1>
        <p role="alert">{e.message}</p>
    }
    .into_any()
}

/// The booking flow: pick a time (calendar + times), then the form, then the confirmation.
/// `invite` is the link's private invite, sent with every call.
#[component]
fn Booker(agenda: PublicAgenda, invite: Option<String>) -> impl IntoView {
    let agenda_id = agenda.id;
    let questions = StoredValue::new(agenda.questions.clone());
    let requires_confirmation = agenda.requires_confirmation;
    let picker_invite = invite.clone();
    let invite = StoredValue::new(invite);
    let zone = RwSignal::new(time::browser_zone());
    let selected = RwSignal::new(None::<Slot>);
    let booked = RwSignal::new(None::<(Booking, Slot)>);
    let notice = RwSignal::new(None::<String>);
    let refresh = RwSignal::new(0u32);

    let taken = move || {
        selected.set(None);
        notice.set(Some(
            "That time was just taken. Please choose another one.".to_owned(),
        ));
        refresh.update(|n| *n += 1);
        dom::focus_later("book-times-heading");
    };
    let back = move || {
        selected.set(None);
        dom::focus_later("book-times-heading");
    };

    let description = (!agenda.description.is_empty())
        .then(|| view! { <p class="description" dir="auto">{agenda.description.clone()}</p> });
    let picking = move || booked.with(Option::is_none) && selected.with(Option::is_none);

    view! {
        <div class="book-layout">
            <div class="agenda-info">
                <p class="host" dir="auto">{agenda.host_name.clone()}</p>
                <h1 dir="auto">{agenda.title.clone()}</h1>
                <p class="duration">{format!("{} minutes", agenda.duration_minutes)}" · Video call (Jitsi)"</p>
                {requires_confirmation.then(|| view! {
                    <p class="muted">"Bookings are requests: the host confirms or declines each one."</p>
                })}
                {description}
                <div hidden=move || !picking()>
                    <ZonePicker id="tz" zone=zone hint="Times are shown in this zone. Type to search, e.g. Tokyo." />
                </div>
            </div>
            <div class="book-main">
                <div class="alerts" role="alert" aria-live="assertive">
                    {move || notice.get().map(|n| view! { <p class="error">{n}</p> })}
                </div>
                <div hidden=move || !picking()>
                    <SlotPicker id="book" agenda_id=agenda_id zone=zone refresh=refresh
                        access=api::SlotAccess::Invite(picker_invite.clone())
                        on_pick=move |slot| {
                            notice.set(None);
                            selected.set(Some(slot));
                        } />
                </div>
                {move || match booked.get() {
                    Some((b, slot)) => view! { <Confirmation booking=b chosen=slot zone=zone.get_untracked() /> }.into_any(),
                    None => selected.get().map(|slot| view! {
                        <BookingForm
                            agenda_id=agenda_id
                            questions=questions.get_value()
                            invite=invite.get_value()
                            requires_confirmation=requires_confirmation
                            chosen=slot
                            zone=zone.get_untracked()
                            on_back=back
                            on_taken=taken
                            on_booked=move |b, s| booked.set(Some((b, s)))
                        />
                    }).into_any(),
                }}
            </div>
        </div>
    }
}

/// "Tuesday, 1 December 2026 at 09:00 (Europe/Berlin)".
fn when(slot: &Slot, zone: &str) -> String {
    format!(
        "{} at {} ({zone})",
        time::day_label(time::local_date(&slot.local_start)),
        time::local_hm(&slot.local_start)
    )
}

/// The guest's details and answers for the `chosen` time; books it, or reports it taken
/// (`on_taken`).
#[component]
fn BookingForm(
    agenda_id: uuid::Uuid,
    questions: Vec<Question>,
    invite: Option<String>,
    requires_confirmation: bool,
    chosen: Slot,
    zone: String,
    on_back: impl Fn() + Copy + 'static,
    on_taken: impl Fn() + Copy + 'static,
    on_booked: impl Fn(Booking, Slot) + Copy + 'static,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let name_err = RwSignal::new(None::<String>);
    let email_err = RwSignal::new(None::<String>);
    let notes_err = RwSignal::new(None::<String>);
    let form_err = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let answers = Answers::new(questions);
    // After a refused submit: focus the first field that says why.
    let focus_first_error = move || {
        let id = if name_err.with_untracked(Option::is_some) {
            Some("guest-name".to_owned())
        } else if email_err.with_untracked(Option::is_some) {
            Some("guest-email".to_owned())
        } else {
            answers.first_invalid()
        };
        if let Some(id) = id {
            dom::focus_now(&id);
        }
    };
    // One key per chosen time: a retried submit never books twice.
    let idempotency_key = uuid::Uuid::new_v4().to_string();
    let name_ref = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(el) = name_ref.get() {
            let _ = el.focus();
        }
    });

    let heading = when(&chosen, &zone);
    let slot_for_submit = chosen;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let n = name.get_untracked().trim().to_owned();
        let e = email.get_untracked().trim().to_owned();
        name_err.set(n.is_empty().then(|| "Please enter your name.".to_owned()));
        email_err.set(
            (!e.contains('@'))
                .then(|| "Please enter an email address like name@example.com.".to_owned()),
        );
        notes_err.set(None);
        form_err.set(None);
        let answered = answers.read();
        let Some(answered) = answered.filter(|_| !n.is_empty() && e.contains('@')) else {
            focus_first_error();
            return;
        };
        let notes_text = notes.get_untracked().trim().to_owned();
        let body = CreateBookingRequest {
            agenda_id,
            start: slot_for_submit.start,
            guest_name: n,
            guest_email: e,
            guest_time_zone: Some(zone.clone()),
            notes: (!notes_text.is_empty()).then_some(notes_text),
            answers: answered,
            invite: invite.clone(),
        };
        let key = idempotency_key.clone();
        let slot = slot_for_submit.clone();
        busy.set(true);
        spawn_local(async move {
            let result = api::create_booking(&body, &key).await;
            busy.set(false);
            match result {
                Ok(b) => on_booked(b, slot),
                Err(e) if e.status == Some(409) => on_taken(),
                Err(e) if e.status == Some(422) && !e.fields.is_empty() => {
                    name_err.set(e.field("guest_name"));
                    email_err.set(e.field("guest_email"));
                    notes_err.set(e.field("notes"));
                    let other = answers.show_errors(&e.fields).iter().any(|(f, _)| {
                        !matches!(f.as_str(), "guest_name" | "guest_email" | "notes")
                    });
                    if other {
                        form_err.set(Some(e.message.clone()));
                    }
                    focus_first_error();
                }
                Err(e) => form_err.set(Some(e.message)),
            }
        });
    };

    view! {
        <form class="booking-form" on:submit=submit novalidate>
            <h2>"Your details"</h2>
            <p class="chosen"><strong>{heading}</strong>" "
                <button type="button" class="link" on:click=move |_| on_back()>"Change time"</button>
            </p>
            <div class="field">
                <label for="guest-name">"Name"</label>
                <input id="guest-name" type="text" autocomplete="name" required node_ref=name_ref
                    aria-invalid=move || name_err.get().is_some().to_string()
                    aria-describedby="guest-name-error"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev)) />
                <p id="guest-name-error" class="error">{move || name_err.get()}</p>
            </div>
            <div class="field">
                <label for="guest-email">"Email"</label>
                <input id="guest-email" type="email" autocomplete="email" required
                    aria-invalid=move || email_err.get().is_some().to_string()
                    aria-describedby="guest-email-error"
                    prop:value=move || email.get()
                    on:input=move |ev| email.set(event_target_value(&ev)) />
                <p id="guest-email-error" class="error">{move || email_err.get()}</p>
            </div>
            <div class="field">
                <label for="guest-notes">"Notes"</label>
                <textarea id="guest-notes" rows="3"
                    aria-describedby="guest-notes-error"
                    prop:value=move || notes.get()
                    on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                <p id="guest-notes-error" class="error">{move || notes_err.get()}</p>
            </div>
            <QuestionFields answers=answers />
            {move || form_err.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            <button type="submit" class="primary" disabled=move || busy.get()>
                {move || match (busy.get(), requires_confirmation) {
                    (true, _) => "Sending…",
                    (false, true) => "Send request",
                    (false, false) => "Confirm booking",
                }}
            </button>
        </form>
    }
}

/// What the guest sees once booked: the time, the meeting link, the invitation and the
/// manage link; for a request (pending), that the host decides and no link yet.
#[component]
fn Confirmation(booking: Booking, chosen: Slot, zone: String) -> impl IntoView {
    let ics = api::ics_url(booking.id, booking.manage_token.as_deref());
    let manage = |what: &'static str| {
        booking.manage_url.clone().map(|url| {
            view! {
                <li>{what}<a href=url.clone()>{url.clone()}</a></li>
            }
        })
    };
    let heading_ref = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let Some(el) = heading_ref.get() {
            let _ = el.focus();
        }
    });
    if booking.status == BookingStatus::Pending {
        return view! {
            <section class="confirmation" aria-labelledby="confirmed-heading">
                <h2 id="confirmed-heading" tabindex="-1" node_ref=heading_ref>"Request sent"</h2>
                <p class="when"><strong>{when(&chosen, &zone)}</strong></p>
                <p><bdi>{booking.host_name.clone()}</bdi>" will confirm or decline; you’ll get an email."</p>
                <ul class="details">{manage("View or withdraw the request: ")}</ul>
            </section>
        }
        .into_any();
    }
    let manage = manage("Change or cancel: ");
    view! {
        <section class="confirmation" aria-labelledby="confirmed-heading">
            <h2 id="confirmed-heading" tabindex="-1" node_ref=heading_ref>"You are booked"</h2>
            <p class="when"><strong>{when(&chosen, &zone)}</strong></p>
            <ul class="details">
                <li>"Meeting link: "<a href=booking.join_url.clone() target="_blank" rel="noopener">{booking.meeting_url.clone()}</a></li>
                <li><a href=ics download="invitation.ics">"Add to calendar"</a>" (.ics)"</li>
                {manage}
            </ul>
        </section>
    }
    .into_any()
}
