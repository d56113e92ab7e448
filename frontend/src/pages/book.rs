//! `/book/{host}/{agenda}[?invite=…]` and `/book/team/{team}/{agenda}`: a guest picks a free
//! time, answers the agenda's questions and books it (or, where the host confirms each booking,
//! sends a request).
//!
//! The steps live in the URL, so browser Back goes one step back and a reload stays on the
//! step (other parameters such as `invite` stay as they are):
//! - `?date=YYYY-MM-DD`: a day the guest chose (none: the first day with free times);
//! - `&time=20261201T080000Z`: the form for the free time starting then (UTC);
//! - `?booking={id}&token={manage token}`: the confirmation. It replaces the form in the
//!   history (Back goes to the times, not to a form that already booked) and reads the
//!   booking with the token, so a reload shows it again, even once the agenda or the invite
//!   is gone. The token is the one the guest's manage link carries anyway; the page sends
//!   only its origin as a referrer (`strict-origin-when-cross-origin`) and the calendar links
//!   none at all, so it reaches no third party.
//!
//! What the guest typed lives above the steps: "Change time", Back and a time taken in the
//! meantime (409) keep name, email, notes and answers.

use chrono::NaiveDate;
use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    hooks::{use_location, use_navigate, use_params_map, use_query_map},
    NavigateOptions,
};
use smartcal_types::{Booking, BookingStatus, CreateBookingRequest, PublicAgenda, Slot};
use uuid::Uuid;

use crate::i18n::{pieces, Piece, Said};
use crate::{
    api::{self, ApiError},
    components::{
        AddToCalendar, Answers, LanguageSwitcher, Loader, QuestionFields, SlotPicker, ZonePicker,
    },
    dom,
    i18n::t,
    time, tr,
};

/// The URL's step parameters (see the module's documentation).
const DATE: &str = "date";
const TIME: &str = "time";
const BOOKING: &str = "booking";
const TOKEN: &str = "token";

/// The confirmation step (`?booking=&token=`) or the agenda with [`Booker`].
#[component]
pub fn BookPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    // Memos, so that moving between steps (other query parameters) loads nothing again.
    let host = Memo::new(move |_| params.read().get("host").unwrap_or_default());
    // `/book/team/{team}/{agenda}`: a team agenda (its `host_name` is the team's name).
    let team = Memo::new(move |_| params.read().get("team"));
    let slug = Memo::new(move |_| params.read().get("agenda").unwrap_or_default());
    let invite = Memo::new(move |_| query.read().get("invite").filter(|i| !i.is_empty()));
    let booked = Memo::new(move |_| {
        let q = query.read();
        let id = Uuid::parse_str(&q.get(BOOKING)?).ok()?;
        Some((id, q.get(TOKEN).filter(|t| !t.is_empty())))
    });
    // The booking this page just made: its confirmation needs no request.
    let just_booked = RwSignal::new(None::<Booking>);
    let agenda = LocalResource::new(move || {
        let (host, team, slug, invite) = (host.get(), team.get(), slug.get(), invite.get());
        async move {
            let a = match team {
                Some(team) => api::public_team_agenda(&team, &slug).await?,
                None => api::public_agenda(&host, &slug, invite.as_deref()).await?,
            };
            Ok((a, invite))
        }
    });
    view! {
        <section class="page book">
            <LanguageSwitcher />
            {move || match booked.get() {
                Some((id, token)) => {
                    view! { <Booked id=id token=token just_booked=just_booked /> }.into_any()
                }
                None => view! {
                    <Loader load=move || agenda.get() missing=&[404] not_found=unknown_agenda
                        failed=failed let((a, invite))>
                        <Booker agenda=a invite=invite just_booked=just_booked />
                    </Loader>
                }
                .into_any(),
            }}
        </section>
    }
}

/// A booking link that names no (active) agenda.
fn unknown_agenda() -> impl IntoView {
    view! {
        <h1>{tr!("book-unknown-heading")}</h1>
        <p>{tr!("book-unknown-text")}</p>
    }
}

/// Any other failure to load the agenda: the page has nothing else to show, so it says so in
/// its heading (410: the link's invite was used, expired or revoked).
fn failed(e: ApiError) -> AnyView {
    let heading = if e.status == Some(410) {
        "book-invite-gone"
    } else {
        "book-failed"
    };
    view! {
        <h1>{move || t(heading)}</h1>
        <p role="alert">{e.message}</p>
    }
    .into_any()
}

/// Changes the booking page's query: each `(key, value)` is set, or removed for `None`;
/// `replace` replaces the current history entry instead of adding one.
#[derive(Clone, Copy)]
struct Steps(StoredValue<Navigate>);

/// Moves to the query with these changes (see [`Steps`]).
type Navigate = Box<dyn Fn(&[(&str, Option<String>)], bool) + Send + Sync>;

impl Steps {
    fn new() -> Self {
        let navigate = use_navigate();
        let location = use_location();
        let query = use_query_map();
        Steps(StoredValue::new(Box::new(
            move |changes: &[(&str, Option<String>)], replace: bool| {
                let mut q = query.get_untracked();
                for (key, value) in changes {
                    q.remove(key);
                    if let Some(value) = value {
                        q.replace(key.to_string(), value.clone());
                    }
                }
                let path = location.pathname.get_untracked();
                navigate(
                    &format!("{path}{}", q.to_query_string()),
                    NavigateOptions {
                        replace,
                        // The new step takes focus where it matters; the page stays put.
                        scroll: false,
                        ..Default::default()
                    },
                );
            },
        )))
    }

    fn go(&self, changes: &[(&str, Option<String>)], replace: bool) {
        self.0.with_value(|go| go(changes, replace));
    }

    /// The times of `day` (the form closed).
    fn day(&self, day: NaiveDate, replace: bool) {
        self.go(&[(DATE, Some(time::iso(day))), (TIME, None)], replace);
    }
}

/// What the guest typed, kept while they move between the steps.
#[derive(Clone, Copy)]
struct Typed {
    name: RwSignal<String>,
    email: RwSignal<String>,
    notes: RwSignal<String>,
    answers: Answers,
}

/// The booking flow: pick a day and a time (calendar + times), then the form; the
/// confirmation is its own step ([`Booked`]). `invite` is the link's private invite, sent
/// with every call.
#[component]
fn Booker(
    agenda: PublicAgenda,
    invite: Option<String>,
    just_booked: RwSignal<Option<Booking>>,
) -> impl IntoView {
    let agenda_id = agenda.id;
    let requires_confirmation = agenda.requires_confirmation;
    let picker_invite = invite.clone();
    let invite = StoredValue::new(invite);
    let zone = RwSignal::new(time::browser_zone());
    let notice = RwSignal::new(None::<Said>);
    let refresh = RwSignal::new(0u32);
    let typed = Typed {
        name: RwSignal::new(String::new()),
        email: RwSignal::new(String::new()),
        notes: RwSignal::new(String::new()),
        answers: Answers::new(agenda.questions.clone()),
    };

    let steps = Steps::new();
    let query = use_query_map();
    let date = Memo::new(move |_| query.read().get(DATE).and_then(|d| time::parse_date(&d)));
    let start = Memo::new(move |_| {
        query
            .read()
            .get(TIME)
            .and_then(|t| time::parse_compact_utc(&t))
    });
    // The time the guest clicked (with its local form), once it is the URL's.
    let clicked = RwSignal::new(None::<Slot>);
    let chosen = Memo::new(move |_| {
        let start = start.get()?;
        clicked.get().filter(|s| s.start == start)
    });

    // A form step opened from the URL alone (a reload, or Forward after leaving the page):
    // find its time among the free ones, or say it is gone and show that day's times.
    Effect::new(move |_| {
        let Some(wanted) = start.get() else { return };
        if clicked.with_untracked(|c| c.as_ref().is_some_and(|s| s.start == wanted)) {
            return;
        }
        let zone = zone.get_untracked();
        let day = date.get_untracked().unwrap_or_else(|| wanted.date_naive());
        let access = api::SlotAccess::Invite(invite.get_value());
        spawn_local(async move {
            let from = day.pred_opt().unwrap_or(day);
            let to = time::add_days(day, 1);
            let found = api::slots(agenda_id, from, to, &zone, &access).await;
            if start.get_untracked() != Some(wanted) {
                return; // the guest moved on meanwhile
            }
            match found.map(|l| l.slots.into_iter().find(|s| s.start == wanted)) {
                Ok(Some(slot)) => clicked.set(Some(slot)),
                Ok(None) => {
                    notice.set(Some(Said::Ours("book-time-gone")));
                    steps.day(day, true);
                }
                Err(e) => {
                    notice.set(Some(Said::Theirs(e.message)));
                    steps.day(day, true);
                }
            }
        });
    });

    let taken = move || {
        notice.set(Some(Said::Ours("book-time-taken")));
        refresh.update(|n| *n += 1);
        if let Some(day) = date.get_untracked() {
            steps.day(day, true);
        } else {
            steps.go(&[(TIME, None)], true);
        }
        dom::focus_later("book-times-heading");
    };
    let back = move || {
        match date.get_untracked() {
            Some(day) => steps.day(day, false),
            None => steps.go(&[(TIME, None)], false),
        }
        dom::focus_later("book-times-heading");
    };
    let booked = move |b: Booking| {
        let changes = [
            (BOOKING, Some(b.id.to_string())),
            (TOKEN, b.manage_token.clone()),
            (DATE, None),
            (TIME, None),
        ];
        crate::embed::booked(&b);
        just_booked.set(Some(b));
        steps.go(&changes, true);
    };

    let description = (!agenda.description.is_empty())
        .then(|| view! { <p class="description" dir="auto">{agenda.description.clone()}</p> });
    let picking = move || start.with(Option::is_none);
    let minutes = agenda.duration_minutes;

    view! {
        <div class="book-layout">
            <div class="agenda-info">
                <p class="host" dir="auto">{agenda.host_name.clone()}</p>
                <h1 dir="auto">{agenda.title.clone()}</h1>
                <p class="duration">
                    {tr!("book-minutes", count = minutes)}" · "{tr!("book-video-call")}
                </p>
                {requires_confirmation.then(|| view! {
                    <p class="muted">{tr!("book-requests")}</p>
                })}
                {description}
                <div hidden=move || !picking()>
                    <ZonePicker id="tz" zone=zone clock_toggle=true
                        hint="book-zone-hint" />
                </div>
            </div>
            <div class="book-main">
                <div class="alerts" role="alert" aria-live="assertive">
                    {move || notice.get().map(|n| view! { <p class="error">{n.text()}</p> })}
                </div>
                <div hidden=move || !picking()>
                    <SlotPicker id="book" agenda_id=agenda_id zone=zone refresh=refresh
                        access=api::SlotAccess::Invite(picker_invite.clone())
                        day=Signal::derive(move || date.get())
                        on_day=Callback::new(move |day| {
                            notice.set(None);
                            steps.day(day, false);
                        })
                        on_pick=move |slot: Slot| {
                            notice.set(None);
                            let day = time::parse_date(time::local_date(&slot.local_start));
                            let at = time::compact_utc(&slot.start);
                            clicked.set(Some(slot));
                            steps.go(&[(DATE, day.map(time::iso)), (TIME, Some(at))], false);
                        } />
                </div>
                {move || match (start.get(), chosen.get()) {
                    (None, _) => None,
                    (Some(_), None) => Some(view! { <p role="status">{tr!("book-loading")}</p> }.into_any()),
                    (Some(_), Some(slot)) => Some(view! {
                        <BookingForm
                            agenda_id=agenda_id
                            invite=invite.get_value()
                            requires_confirmation=requires_confirmation
                            chosen=slot
                            zone=zone.get_untracked()
                            typed=typed
                            on_back=back
                            on_taken=taken
                            on_booked=booked
                        />
                    }.into_any()),
                }}
            </div>
        </div>
    }
}

/// "Tuesday, December 1, 2026 at 9:00 AM (America/New_York)", in the guest's format.
fn when(slot: &Slot, zone: &str) -> String {
    format!("{} ({zone})", time::wall_long(&slot.local_start))
}

/// The guest's details and answers for the `chosen` time; books it, or reports it taken
/// (`on_taken`). What the guest types is kept in `typed`, outside this step.
#[component]
fn BookingForm(
    agenda_id: Uuid,
    invite: Option<String>,
    requires_confirmation: bool,
    chosen: Slot,
    zone: String,
    typed: Typed,
    on_back: impl Fn() + Copy + 'static,
    on_taken: impl Fn() + Copy + 'static,
    on_booked: impl Fn(Booking) + Copy + 'static,
) -> impl IntoView {
    let Typed {
        name,
        email,
        notes,
        answers,
    } = typed;
    let name_err = RwSignal::new(None::<Said>);
    let email_err = RwSignal::new(None::<Said>);
    let notes_err = RwSignal::new(None::<Said>);
    let form_err = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
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

    let heading = {
        let (chosen, zone) = (chosen.clone(), zone.clone());
        move || when(&chosen, &zone)
    };
    let slot_for_submit = chosen;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let n = name.get_untracked().trim().to_owned();
        let e = email.get_untracked().trim().to_owned();
        name_err.set(n.is_empty().then_some(Said::Ours("book-name-missing")));
        email_err.set((!e.contains('@')).then_some(Said::Ours("book-email-invalid")));
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
            // The guest's emails speak the page's language, with its date patterns.
            guest_locale: Some(crate::time::format_locale_untracked()),
            notes: (!notes_text.is_empty()).then_some(notes_text),
            answers: answered,
            invite: invite.clone(),
        };
        let key = idempotency_key.clone();
        busy.set(true);
        spawn_local(async move {
            let result = api::create_booking(&body, &key).await;
            busy.set(false);
            match result {
                Ok(b) => on_booked(b),
                Err(e) if e.status == Some(409) => on_taken(),
                Err(e) if e.status == Some(422) && !e.fields.is_empty() => {
                    name_err.set(e.field("guest_name").map(Said::Theirs));
                    email_err.set(e.field("guest_email").map(Said::Theirs));
                    notes_err.set(e.field("notes").map(Said::Theirs));
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
            <h2>{tr!("book-details")}</h2>
            <p class="chosen"><strong>{heading}</strong>" "
                <button type="button" class="link" on:click=move |_| on_back()>
                    {tr!("book-change-time")}
                </button>
            </p>
            <div class="field">
                <label for="guest-name">{tr!("book-name")}</label>
                <input id="guest-name" type="text" autocomplete="name" required node_ref=name_ref
                    aria-invalid=move || name_err.get().is_some().to_string()
                    aria-describedby="guest-name-error"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev)) />
                <p id="guest-name-error" class="error">{move || name_err.get().map(|s| s.text())}</p>
            </div>
            <div class="field">
                <label for="guest-email">{tr!("book-email")}</label>
                <input id="guest-email" type="email" autocomplete="email" required
                    aria-invalid=move || email_err.get().is_some().to_string()
                    aria-describedby="guest-email-error"
                    prop:value=move || email.get()
                    on:input=move |ev| email.set(event_target_value(&ev)) />
                <p id="guest-email-error" class="error">{move || email_err.get().map(|s| s.text())}</p>
            </div>
            <div class="field">
                <label for="guest-notes">{tr!("book-notes")}</label>
                <textarea id="guest-notes" rows="3"
                    aria-describedby="guest-notes-error"
                    prop:value=move || notes.get()
                    on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                <p id="guest-notes-error" class="error">{move || notes_err.get().map(|s| s.text())}</p>
            </div>
            <QuestionFields answers=answers />
            {move || form_err.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            <button type="submit" class="primary" disabled=move || busy.get()>
                {move || t(match (busy.get(), requires_confirmation) {
                    (true, _) => "book-sending",
                    (false, true) => "book-send-request",
                    (false, false) => "book-confirm",
                })}
            </button>
        </form>
    }
}

/// The confirmation step: the booking just made, or (after a reload) read with the token.
#[component]
fn Booked(
    id: Uuid,
    token: Option<String>,
    just_booked: RwSignal<Option<Booking>>,
) -> impl IntoView {
    let fresh = just_booked.get_untracked().filter(|b| b.id == id);
    let read_token = token.clone();
    let booking = LocalResource::new(move || {
        let fresh = fresh.clone();
        let token = read_token.clone();
        async move {
            match fresh {
                Some(b) => Ok(b),
                None => api::get_booking(id, token.as_deref()).await,
            }
        }
    });
    let token = StoredValue::new(token);
    view! {
        <Loader load=move || booking.get() missing=&[400, 401, 403, 404]
            not_found=|| view! {
                <h1>{tr!("book-not-found-heading")}</h1>
                <p>{tr!("book-not-found-text")}</p>
            }
            let:b>
            <Confirmation booking=b token=token.get_value() />
        </Loader>
    }
}

/// What the guest sees once booked: start and end in the zone they booked in, where the
/// email went, the meeting link, the calendar buttons and the manage link; for a request
/// (pending), that the host decides and no link yet.
#[component]
fn Confirmation(booking: Booking, token: Option<String>) -> impl IntoView {
    let zone = booking.guest_time_zone.clone();
    let (start, end) = (booking.start, booking.end);
    let when = move || time::span_in(&start, &end, &zone);
    let ics = api::ics_url(booking.id, token.as_deref());
    let manage = token.as_deref().map(|t| {
        format!(
            "{}/booking/{}?token={}",
            api::origin(),
            booking.id,
            String::from(js_sys::encode_uri_component(t))
        )
    });
    // The heading's id, which names the section.
    const HEADING_ID: &str = "confirmed-heading";
    let heading_ref = NodeRef::<leptos::html::H1>::new();
    Effect::new(move |_| {
        if let Some(el) = heading_ref.get() {
            let _ = el.focus();
        }
    });
    let emailed = {
        let email = booking.guest_email.clone();
        view! {
            <p class="emailed">
                {move || {
                    pieces("book-emailed", &["email"])
                        .into_iter()
                        .map(|piece| match piece {
                            Piece::Text(text) => text.into_any(),
                            Piece::Var(_) => {
                                view! { <strong><bdi>{email.clone()}</bdi></strong> }.into_any()
                            }
                        })
                        .collect_view()
                }}
            </p>
        }
    };
    let what = {
        let (agenda, host) = (booking.agenda_title.clone(), booking.host_name.clone());
        view! {
            <p class="what">
                {move || {
                    pieces("book-what", &["agenda", "host"])
                        .into_iter()
                        .map(|piece| match piece {
                            Piece::Text(text) => text.into_any(),
                            Piece::Var(0) => view! { <bdi>{agenda.clone()}</bdi> }.into_any(),
                            Piece::Var(_) => view! { <bdi>{host.clone()}</bdi> }.into_any(),
                        })
                        .collect_view()
                }}
            </p>
            <p class="when"><strong>{when}</strong></p>
        }
    };
    // `label`: a message id.
    let manage_button = |label: &'static str| {
        manage.clone().map(|url| {
            view! { <p class="manage"><a class="button" href=url>{move || t(label)}</a></p> }
        })
    };
    let (heading, body) = match booking.status {
        BookingStatus::Pending => {
            let host = booking.host_name.clone();
            let decides = move || {
                pieces("book-pending-text", &["host"])
                    .into_iter()
                    .map(|piece| match piece {
                        Piece::Text(text) => text.into_any(),
                        Piece::Var(_) => view! { <bdi>{host.clone()}</bdi> }.into_any(),
                    })
                    .collect_view()
            };
            (
                "book-pending-heading",
                view! {
                    {what}
                    <p>{decides}</p>
                    {emailed}
                    {manage_button("book-pending-manage")}
                }
                .into_any(),
            )
        }
        BookingStatus::Confirmed => (
            "book-confirmed-heading",
            view! {
                {what}
                {emailed}
                <p class="join">
                    <a class="button primary" href=booking.join_url.clone() target="_blank" rel="noopener">
                        {tr!("book-join")}
                    </a>
                </p>
                <AddToCalendar booking=booking.clone() ics=ics />
                {manage_button("book-confirmed-manage")}
            }
            .into_any(),
        ),
        BookingStatus::Cancelled | BookingStatus::Declined => (
            "book-over-heading",
            view! {
                {what}
                {manage_button("book-over-manage")}
            }
            .into_any(),
        ),
    };
    view! {
        <section class="confirmation" aria-labelledby=HEADING_ID>
            <h1 id=HEADING_ID tabindex="-1" node_ref=heading_ref>
                {move || t(heading)}
            </h1>
            {body}
        </section>
    }
}
