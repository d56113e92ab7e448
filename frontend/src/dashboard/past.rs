//! The dashboard's Past tab: the host's past meetings, cancelled ones marked, each with the
//! guest's email, length, notes and answers, who came to its room, when and for how long (a
//! no-show said in words), and a way to erase the guest's personal data (asked in a modal
//! dialog). Below them the Cancelled list: every cancelled booking, upcoming or past (soonest
//! first, `GET /bookings?status=cancelled`), with who cancelled it and why.
//!
//! The Cancelled list lives here, as a section of the Past tab, so that the tab list (owned by
//! the dashboard page) stays as it is; [`CancelledList`] is a component of its own and can
//! become a tab of its own without change.

use leptos::{prelude::*, task::spawn_local};
use smartcal_types::{
    Booking, BookingScope, BookingStatus, CancelledBy, NoShow, ERASED_GUEST_EMAIL,
};

use super::upcoming::MeetingDetails;
use crate::i18n::around;
use crate::{
    api,
    components::{is_live, AttendanceLines, Loader, NotLoggedIn, ReasonDialog},
    dom,
    i18n::{t, tf},
    time, tr,
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

    // The erase dialog.
    let erasing = RwSignal::new(None::<Booking>);
    let erase_open = RwSignal::new(false);
    let erase_busy = RwSignal::new(false);
    let erase = move |b: Booking| {
        error.set(None);
        erasing.set(Some(b));
        erase_open.set(true);
    };
    let erase_question = Signal::derive(move || {
        erasing
            .get()
            .map(|b| {
                tf(
                    "past-erase-question",
                    &[
                        ("name", dom::isolate(&b.guest_name).into()),
                        ("when", time::zoned(&b.start, &zone.get_value()).into()),
                    ],
                )
            })
            .unwrap_or_default()
    });
    let run_erase = Callback::new(move |_: Option<String>| {
        let Some(b) = erasing.get_untracked() else {
            return;
        };
        erase_busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::erase_booking(b.id).await;
            erase_busy.set(false);
            match result {
                Ok(after) => {
                    erased.update(|e| e.push(after));
                    erase_open.set(false);
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    });

    view! {
        <h2 class="section-title">{tr!("past-heading")}</h2>
        <div class="alerts" role="alert">
            {move || (!erase_open.get()).then(|| error.get()).flatten().map(|m| view! { <p class="error">{m}</p> })}
        </div>
        <Loader load=move || past.get().flatten() missing=&[401] not_found=NotLoggedIn let:list>
            {if list.items.is_empty() {
                view! { <p class="muted" id="past-list" tabindex="-1">{tr!("past-none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="meetings past" id="past-list" tabindex="-1" aria-label=tr!("past-heading")>
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
                                    let status = (b.status == BookingStatus::Cancelled)
                                        .then(|| format!(" · {}", t("past-status-cancelled")));
                                    let is_erased = b.guest_email == ERASED_GUEST_EMAIL;
                                    let no_show = b.no_show.is_some_and(|n| n != NoShow::None);
                                    let live = is_live(&b);
                                    let for_erase = b.clone();
                                    view! {
                                        <li class="meeting" class:no-show=no_show>
                                            <p class="meeting-time">
                                                <strong>{time::zoned(&b.start, &zone.get_value())}</strong>{status}
                                                {no_show.then(|| view! { " " <span class="badge no-show">{t("past-no-show")}</span> })}
                                                {live.then(|| view! { " " <span class="badge live">{t("meetings-in-progress")}</span> })}
                                            </p>
                                            <p><bdi>{b.guest_name.clone()}</bdi>" · "<bdi>{b.agenda_title.clone()}</bdi></p>
                                            {(!is_erased).then(|| view! { <MeetingDetails booking=b.clone() zone=zone.get_value() /> })}
                                            <AttendanceLines booking=b.clone() zone=zone.get_value() />
                                            {(!is_erased).then(|| view! {
                                                <div class="actions-row">
                                                    <button type="button" class="danger"
                                                        aria-label=tf("past-erase-named", &[("name", (&b.guest_name).into())])
                                                        on:click=move |_| erase(for_erase.clone())>
                                                        {t("past-erase")}
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
        <ReasonDialog id="erase-dialog" title=tr!("past-erase") question=erase_question
            reason_label="" confirm_label=tr!("past-erase-confirm")
            keep_label=tr!("meetings-keep")
            open=erase_open busy=erase_busy error=error return_to=Some("past-list")
            on_confirm=run_erase />
        <CancelledList zone=zone.get_value() open=open />
    }
}

/// The message id of "Cancelled by the host.", "Cancelled by the guest." (or "Cancelled."
/// when not recorded); `dated`: the one that says when ("… on { $when }.").
pub fn cancelled_by_id(by: Option<CancelledBy>, dated: bool) -> &'static str {
    match (by, dated) {
        (Some(CancelledBy::Host), false) => "past-cancelled-by-host",
        (Some(CancelledBy::Host), true) => "past-cancelled-by-host-on",
        (Some(CancelledBy::Guest), false) => "past-cancelled-by-guest",
        (Some(CancelledBy::Guest), true) => "past-cancelled-by-guest-on",
        (None, false) => "past-cancelled-unknown",
        (None, true) => "past-cancelled-unknown-on",
    }
}

/// The host's cancelled bookings, upcoming and past, soonest first: when, who, who cancelled
/// it and when, and the reason given (or that none was). Loads each time `open` turns true.
#[component]
pub fn CancelledList(zone: String, #[prop(into)] open: Signal<bool>) -> impl IntoView {
    let zone = StoredValue::new(zone);
    let cancelled = LocalResource::new(move || {
        let want = open.get();
        async move {
            if want {
                Some(api::list_cancelled_bookings().await)
            } else {
                None
            }
        }
    });
    view! {
        <section class="cancelled-list" aria-labelledby="cancelled-heading">
            <h2 id="cancelled-heading" class="section-title">{tr!("past-cancelled-heading")}</h2>
            <Loader load=move || cancelled.get().flatten() missing=&[401] not_found=NotLoggedIn let:list>
                {if list.items.is_empty() {
                    view! { <p class="muted">{tr!("past-cancelled-none")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="meetings" aria-labelledby="cancelled-heading">
                            {list.items.into_iter().map(|b| {
                                let (by, cancelled_at) = (b.cancelled_by, b.cancelled_at);
                                // "Cancelled by the guest on <time>…</time>.", the time where the
                                // language puts it.
                                let cancelled_by = move || match cancelled_at {
                                    Some(at) => {
                                        let (before, after) = around(cancelled_by_id(by, true), "when", &[]);
                                        view! {
                                            {before}
                                            <time datetime=at.to_rfc3339()>{time::zoned(&at, &zone.get_value())}</time>
                                            {after}
                                        }.into_any()
                                    }
                                    None => t(cancelled_by_id(by, false)).into_any(),
                                };
                                let reason = b.cancel_reason.clone().map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
                                view! {
                                    <li class="meeting was-cancelled">
                                        <p class="meeting-time">
                                            <strong><s>{time::zoned(&b.start, &zone.get_value())}</s></strong>
                                            " " <span class="badge off">{tr!("past-cancelled-badge")}</span>
                                        </p>
                                        <p><bdi>{b.guest_name.clone()}</bdi>" · "<bdi>{b.agenda_title.clone()}</bdi></p>
                                        <p class="cancelled-by">{cancelled_by}</p>
                                        <dl class="answers">
                                            <dt>{tr!("past-reason")}</dt>
                                            {match reason {
                                                Some(r) => view! { <dd dir="auto" class="reason">{r}</dd> }.into_any(),
                                                None => view! { <dd class="muted">{tr!("past-no-reason")}</dd> }.into_any(),
                                            }}
                                        </dl>
                                        {(b.guest_email != ERASED_GUEST_EMAIL).then(|| view! {
                                            <MeetingDetails booking=b.clone() zone=zone.get_value() />
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Loader>
        </section>
    }
}
