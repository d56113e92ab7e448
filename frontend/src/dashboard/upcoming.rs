//! The dashboard's Upcoming Meetings tab: booking requests first (marked Request, with
//! Confirm and Decline), then the host's next meetings, each with its Start Meeting link
//! (emphasised shortly before it begins), Reschedule (the host picks a new free time), Ask to
//! reschedule (the guest gets an email to pick one) and Cancel; each card with the guest's
//! email, the meeting's length and end, notes and answers, and — from its start to its end,
//! or while its Jitsi room is live — "In progress" in words, and who is in the room. The
//! guests of one start of an agenda with seats are one entry ("3/10 booked", the guests, one
//! Start Meeting for their shared room), each guest with their own cancel button.
//!
//! Cancel, Decline and Ask to reschedule ask in a modal dialog ([`ReasonDialog`]) with an
//! optional reason or message for the guest; Reschedule opens a dialog listing the free times
//! (the booking's own time and buffers left out, as on the guest's manage page).

use std::collections::HashMap;

use leptos::{prelude::*, task::spawn_local};
use smartcal_types::{Booking, BookingScope, BookingStatus, NotificationKind, Slot};
use uuid::Uuid;

use crate::{
    api,
    components::{
        is_live, AnswerItems, AttendanceLines, Dialog, Loader, NotLoggedIn, ReasonDialog,
        SlotPicker,
    },
    dom,
    i18n::{t, tf},
    time, tr,
};

/// A meeting's details on its card: the guest's email, how long it is and when it ends, the
/// guest's notes and answers (as `<dt>`/`<dd>` pairs of one list).
#[component]
pub fn MeetingDetails(booking: Booking, zone: String) -> impl IntoView {
    let b = booking;
    let (minutes, end) = (b.duration_minutes, b.end);
    let length = move || length_text(minutes, &end, &zone);
    let notes = b.notes.trim().to_owned();
    view! {
        <dl class="answers meeting-details">
            <dt>{tr!("meetings-email")}</dt>
            <dd><a href=format!("mailto:{}", b.guest_email)><bdi>{b.guest_email.clone()}</bdi></a></dd>
            <dt>{tr!("meetings-length-label")}</dt>
            <dd><time datetime=b.end.to_rfc3339()>{length}</time></dd>
            {(!notes.is_empty()).then(|| view! {
                <dt>{tr!("meetings-notes")}</dt>
                <dd class="notes" dir="auto">{notes}</dd>
            })}
            <AnswerItems answers=b.answers.clone() />
        </dl>
    }
}

/// "30 min, ends 10:30": a meeting's length and its end's time of day in `zone`.
fn length_text(minutes: u32, end: &chrono::DateTime<chrono::Utc>, zone: &str) -> String {
    tf(
        "meetings-length",
        &[
            ("minutes", minutes.into()),
            ("end", time::clock(end, zone).into()),
        ],
    )
}

/// Whether the host asked the guest to choose a new time and the guest has not moved the
/// booking since (its latest such email is newer than its latest reschedule email).
pub fn awaits_new_time(b: &Booking) -> bool {
    let latest = |kind: NotificationKind| {
        b.notifications
            .iter()
            .flatten()
            .filter(|n| n.kind == kind)
            .map(|n| n.created_at)
            .max()
    };
    match (
        latest(NotificationKind::RescheduleRequest),
        latest(NotificationKind::Reschedule),
    ) {
        (Some(asked), Some(moved)) => asked > moved,
        (Some(_), None) => true,
        _ => false,
    }
}

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

/// What a [`ReasonDialog`] of the tab is about to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ask {
    /// Cancel the meeting (or one guest's seat).
    Cancel,
    /// Decline the request.
    Decline,
    /// Ask the guest to choose a new time.
    NewTime,
}

/// The Upcoming Meetings tab; times are shown in the host's `zone`.
#[component]
pub fn UpcomingPanel(
    zone: String,
    /// Reloads the list when it changes (the tab is opened again), so new bookings show up.
    #[prop(into)]
    reload: Signal<u32>,
    /// Where a failed confirm is announced (the dashboard's alert line above the tabs).
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let zone = StoredValue::new(zone);
    // Reloads after a reschedule here (the list's order changes).
    let moved = RwSignal::new(0u32);
    let upcoming = LocalResource::new(move || {
        reload.track();
        moved.track();
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
    // Bookings changed here (a request confirmed, the guest asked for a new time), shown as
    // the server answered without reloading the list.
    let updated = RwSignal::new(Vec::<Booking>::new());
    // What was just done, announced politely ("Cancelled the meeting with …").
    let done = RwSignal::new(None::<String>);
    let now = RwSignal::new(time::now_millis());
    if let Ok(handle) = set_interval_with_handle(
        move || now.set(time::now_millis()),
        std::time::Duration::from_secs(30),
    ) {
        on_cleanup(move || handle.clear());
    }

    // The reason dialog: which booking, and what it is about to do.
    let asking = RwSignal::new(None::<(Booking, Ask)>);
    let ask_open = RwSignal::new(false);
    let ask_busy = RwSignal::new(false);
    let ask_error = RwSignal::new(None::<String>);
    let ask = move |b: Booking, what: Ask| {
        ask_error.set(None);
        asking.set(Some((b, what)));
        ask_open.set(true);
    };
    let ask_title = Signal::derive(move || {
        t(match asking.get().map(|(_, w)| w) {
            Some(Ask::Decline) => "meetings-decline-request",
            Some(Ask::NewTime) => "meetings-ask-title",
            _ => "meetings-cancel-meeting",
        })
    });
    let ask_question = Signal::derive(move || {
        let Some((b, what)) = asking.get() else {
            return String::new();
        };
        let who = dom::isolate(&b.guest_name);
        let when = time::zoned(&b.start, &zone.get_value());
        let id = match what {
            Ask::Cancel => "meetings-cancel-question",
            Ask::Decline => "meetings-decline-question",
            Ask::NewTime => "meetings-ask-question",
        };
        tf(id, &[("name", (&who).into()), ("when", (&when).into())])
    });
    let run_ask = Callback::new(move |reason: Option<String>| {
        let Some((b, what)) = asking.get_untracked() else {
            return;
        };
        ask_busy.set(true);
        ask_error.set(None);
        spawn_local(async move {
            let who = b.guest_name.clone();
            let said = |id: &str| tf(id, &[("name", (&who).into())]);
            let result = match what {
                Ask::Cancel => api::cancel_booking(b.id, None, reason).await.map(|_| {
                    removed.update(|r| r.push(b.id));
                    said("meetings-cancelled")
                }),
                Ask::Decline => api::decline_booking(b.id, None, reason).await.map(|_| {
                    removed.update(|r| r.push(b.id));
                    said("meetings-declined")
                }),
                Ask::NewTime => api::request_reschedule(b.id, reason).await.map(|after| {
                    updated.update(|u| {
                        u.retain(|x| x.id != after.id);
                        u.push(after);
                    });
                    said("meetings-asked")
                }),
            };
            ask_busy.set(false);
            match result {
                Ok(message) => {
                    done.set(Some(message));
                    ask_open.set(false);
                }
                Err(e) => ask_error.set(Some(e.message)),
            }
        });
    });
    let ask_label = Signal::derive(move || asking.get().map(|(_, w)| w));

    // The reschedule dialog.
    let moving = RwSignal::new(None::<Booking>);
    let move_open = RwSignal::new(false);
    let reschedule = move |b: Booking| {
        moving.set(Some(b));
        move_open.set(true);
    };
    let on_moved = Callback::new(move |after: Booking| {
        done.set(Some(tf(
            "meetings-moved",
            &[
                ("name", (&after.guest_name).into()),
                ("when", time::zoned(&after.start, &zone.get_value()).into()),
            ],
        )));
        moved.update(|n| *n += 1);
    });

    let confirm = move |b: Booking| {
        error.set(None);
        spawn_local(async move {
            match api::confirm_booking(b.id, None).await {
                Ok(after) => {
                    updated.update(|c| c.push(after));
                    // The request became a meeting: focus its Start Meeting link.
                    dom::focus_later(format!("start-{}", b.id));
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let cancel = move |b: Booking| ask(b, Ask::Cancel);

    view! {
        <p class="done" role="status">{move || done.get()}</p>
        <Loader load=loaded missing=&[401] not_found=NotLoggedIn let((list, seats))>
            {
                let gone = removed.get();
                let changed = updated.get();
                let mut items: Vec<Booking> = list
                    .items
                    .into_iter()
                    .filter(|b| !gone.contains(&b.id))
                    .map(|b| changed.iter().find(|d| d.id == b.id).cloned().unwrap_or(b))
                    .collect();
                // Requests first, each group in time order (the sort is stable).
                items.sort_by_key(|b| b.status != BookingStatus::Pending);
                if items.is_empty() {
                    view! { <p class="muted" id="upcoming-list" tabindex="-1">{t("meetings-none")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="meetings" id="upcoming-list" tabindex="-1" aria-label=t("meetings-list")>
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
                                let request = b.status == BookingStatus::Pending;
                                let live = is_live(&b);
                                // From its start to its end, or while its room is live.
                                let in_progress = move || { let n = now.get(); live || (n >= start && n < end) };
                                let asked = awaits_new_time(&b);
                                let actions = if request {
                                    let (for_confirm, for_decline) = (b.clone(), b.clone());
                                    view! {
                                        <div class="actions-row">
                                            <button type="button" class="primary"
                                                aria-label=tf("meetings-confirm-named", &[("name", (&b.guest_name).into())])
                                                on:click=move |_| confirm(for_confirm.clone())>
                                                {t("meetings-confirm")}
                                            </button>
                                            <button type="button" class="danger"
                                                aria-label=tf("meetings-decline-named", &[("name", (&b.guest_name).into())])
                                                on:click=move |_| ask(for_decline.clone(), Ask::Decline)>
                                                {t("meetings-decline")}
                                            </button>
                                        </div>
                                    }.into_any()
                                } else {
                                    let (for_cancel, for_move, for_ask) = (b.clone(), b.clone(), b.clone());
                                    view! {
                                        <div class="actions-row">
                                            <a id=format!("start-{}", b.id) class="button primary start" class:emphasis=soon target="_blank" rel="noopener"
                                                href=b.join_url.clone()
                                                aria-label=tf("meetings-start-named", &[("name", (&b.guest_name).into())])>
                                                {t("meetings-start")}
                                            </a>
                                            <button type="button"
                                                aria-label=tf("meetings-reschedule-named", &[("name", (&b.guest_name).into())])
                                                on:click=move |_| reschedule(for_move.clone())>
                                                {t("meetings-reschedule")}
                                            </button>
                                            <button type="button"
                                                aria-label=tf("meetings-ask-named", &[("name", (&b.guest_name).into())])
                                                on:click=move |_| ask(for_ask.clone(), Ask::NewTime)>
                                                {t("meetings-ask")}
                                            </button>
                                            <button type="button" class="danger"
                                                aria-label=tf("meetings-cancel-named", &[("name", (&b.guest_name).into())])
                                                on:click=move |_| cancel(for_cancel.clone())>
                                                {t("meetings-cancel")}
                                            </button>
                                        </div>
                                    }.into_any()
                                };
                                view! {
                                    <li class="meeting" class:soon=move || !request && soon() class:request=request class:live=in_progress>
                                        <p class="meeting-time">
                                            <strong>{time::zoned(&b.start, &zone.get_value())}</strong>
                                            {request.then(|| view! { " " <span class="badge request">{t("meetings-request")}</span> })}
                                            {move || in_progress().then(|| view! { " " <span class="badge live">{t("meetings-in-progress")}</span> })}
                                            {asked.then(|| view! { " " <span class="badge asked">{t("meetings-new-time-requested")}</span> })}
                                        </p>
                                        <p><bdi>{b.guest_name.clone()}</bdi>" · "<bdi>{b.agenda_title.clone()}</bdi></p>
                                        <MeetingDetails booking=b.clone() zone=zone.get_value() />
                                        <AttendanceLines booking=b.clone() zone=zone.get_value() />
                                        {actions}
                                    </li>
                                }.into_any()
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }
        </Loader>
        <p class="note">{tr!("meetings-jitsi-note")}</p>
        <ReasonDialog id="ask-dialog" title=ask_title question=ask_question
            reason_label=Signal::derive(move || t(match ask_label.get() {
                Some(Ask::NewTime) => "meetings-message-label",
                _ => "meetings-reason-label",
            }))
            confirm_label=Signal::derive(move || t(match ask_label.get() {
                Some(Ask::Decline) => "meetings-decline-request",
                Some(Ask::NewTime) => "meetings-send-request",
                _ => "meetings-cancel-meeting",
            }))
            keep_label=Signal::derive(move || t(match ask_label.get() {
                Some(Ask::NewTime) => "meetings-dont-send",
                _ => "meetings-keep",
            }))
            danger=Signal::derive(move || ask_label.get() != Some(Ask::NewTime))
            open=ask_open busy=ask_busy error=ask_error return_to=Some("upcoming-list")
            on_confirm=run_ask />
        <RescheduleDialog open=move_open booking=moving zone=zone.get_value() on_moved=on_moved />
    }
}

/// The host moving a booking: the free times of its agenda (its own time and buffers left
/// out), then "Move the meeting with … to …?" before it moves. Host and guest get the
/// reschedule email; the guest's manage link keeps working.
#[component]
fn RescheduleDialog(
    open: RwSignal<bool>,
    booking: RwSignal<Option<Booking>>,
    zone: String,
    on_moved: Callback<Booking>,
) -> impl IntoView {
    let zone = StoredValue::new(zone);
    let picked = RwSignal::new(None::<Slot>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let refresh = RwSignal::new(0u32);
    Effect::new(move |_| {
        if open.get() {
            picked.set(None);
            error.set(None);
        }
    });
    let title = Signal::derive(move || {
        booking
            .get()
            .map(|b| {
                tf(
                    "meetings-reschedule-named",
                    &[("name", dom::isolate(&b.guest_name).into())],
                )
            })
            .unwrap_or_default()
    });
    let pick = move |slot: Slot| {
        error.set(None);
        picked.set(Some(slot));
        dom::focus_later("move-confirm");
    };
    let confirm = move |_| {
        let (Some(b), Some(slot)) = (booking.get_untracked(), picked.get_untracked()) else {
            return;
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::reschedule_booking(b.id, None, slot.start).await;
            busy.set(false);
            match result {
                Ok(after) => {
                    open.set(false);
                    on_moved.run(after);
                }
                Err(e) => {
                    // Taken meanwhile (409): pick again from fresh times.
                    error.set(Some(e.message));
                    picked.set(None);
                    refresh.update(|n| *n += 1);
                }
            }
        });
    };
    view! {
        <Dialog id="move-dialog" title=title open=open return_to=Some("upcoming-list")>
            {move || booking.get().filter(|_| open.get()).map(|b| {
                let current = time::zoned(&b.start, &zone.get_value());
                view! {
                    <p>{tr!("meetings-move-now")} " " <strong>{current}</strong> ". "
                        {tr!("meetings-move-zone", zone = zone.get_value())}</p>
                    <p id="move-error" class="error" role="alert">{move || error.get()}</p>
                    {move || match picked.get() {
                        Some(slot) => view! {
                            <p>{tf(
                                "meetings-move-question",
                                &[
                                    ("name", dom::isolate(&b.guest_name).into()),
                                    ("when", time::zoned(&slot.start, &zone.get_value()).into()),
                                ],
                            )}</p>
                            <div class="actions-row">
                                <button type="button" id="move-confirm" class="primary" disabled=move || busy.get() on:click=confirm>
                                    {t("meetings-move")}
                                </button>
                                <button type="button" on:click=move |_| picked.set(None)>
                                    {t("meetings-pick-another")}
                                </button>
                            </div>
                        }.into_any(),
                        None => view! {
                            <SlotPicker id="move" agenda_id=b.agenda_id zone=zone.get_value()
                                refresh=refresh on_pick=pick busy=busy
                                access=api::SlotAccess::Move { booking: b.id, token: None } />
                        }.into_any(),
                    }}
                }
            })}
            <div class="actions-row">
                <button type="button" on:click=move |_| open.set(false)>{tr!("meetings-close")}</button>
            </div>
        </Dialog>
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
    let in_progress = move || {
        let n = now.get();
        live || (n >= start && n < end)
    };
    let when = time::zoned(&first.start, &zone);
    let (count, of) = (bookings.len(), seats.max(bookings.len() as u32));
    let booked = move || {
        tf(
            "meetings-seats-booked",
            &[("booked", count.into()), ("seats", of.into())],
        )
    };
    let start_label = {
        let (title, when) = (first.agenda_title.clone(), when.clone());
        move || {
            tf(
                "meetings-start-seated",
                &[
                    ("title", (&title).into()),
                    ("when", (&when).into()),
                    ("booked", booked().into()),
                ],
            )
        }
    };
    let title = first.agenda_title.clone();
    let (minutes, end) = (first.duration_minutes, first.end);
    let length = {
        let zone = zone.clone();
        move || length_text(minutes, &end, &zone)
    };
    view! {
        <li class="meeting seated" class:soon=soon class:live=in_progress>
            <p class="meeting-time">
                <strong>{when.clone()}</strong>
                " " <span class="badge">{booked}</span>
                {move || in_progress().then(|| view! { " " <span class="badge live">{t("meetings-in-progress")}</span> })}
            </p>
            <p><bdi>{first.agenda_title.clone()}</bdi>" · "{length}</p>
            <ul class="guests" aria-label=tr!("meetings-guests-of", title = &title)>
                {bookings.iter().map(|b| {
                    let for_cancel = b.clone();
                    let guest = b.guest_name.clone();
                    let notes = b.notes.trim().to_owned();
                    let details = (!b.answers.is_empty() || !notes.is_empty()).then(|| view! {
                        <dl class="answers">
                            {(!notes.is_empty()).then(|| view! { <dt>{tr!("meetings-notes")}</dt><dd class="notes" dir="auto">{notes}</dd> })}
                            <AnswerItems answers=b.answers.clone() />
                        </dl>
                    });
                    view! {
                        <li class="guest">
                            <bdi>{b.guest_name.clone()}</bdi>" · "<bdi>{b.guest_email.clone()}</bdi>" "
                            <button type="button" class="link danger-link"
                                aria-label=tr!("meetings-cancel-seat-named", name = &guest)
                                on:click=move |_| cancel(for_cancel.clone())>
                                {tr!("meetings-cancel")}
                            </button>
                            <AttendanceLines booking=b.clone() zone=zone.clone() />
                            {details}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="actions-row">
                <a id=format!("start-{}", first.id) class="button primary start" class:emphasis=soon
                    target="_blank" rel="noopener" href=first.join_url.clone()
                    aria-label=start_label>
                    {tr!("meetings-start")}
                </a>
            </div>
        </li>
    }
}
