//! `/join/{id}` (the host, by session) and `/join/{id}?token=…` (the guest): where the join link
//! `/j/{id}` sends a visitor outside the meeting's join window (SPEC §11). It says when the
//! room opens, in the visitor's own zone, or that the meeting has ended; left open, it offers
//! Join now once the window opens.

use std::time::Duration;

use leptos::prelude::*;
use smartcal_types::{Booking, BookingStatus};

use super::linked::linked_booking;
use crate::{
    components::{LanguageSwitcher, Loader},
    i18n::{pieces, tf, Piece},
    time, tr,
};

/// How often an open page looks at the clock, so Join now appears when the room opens.
const TICK: Duration = Duration::from_secs(15);

/// Loads the booking (with the guest's token, or the host's session), then hands over to
/// [`JoinState`].
#[component]
pub fn JoinPage() -> impl IntoView {
    let booking = linked_booking("join-invalid-link");
    view! {
        <section class="page join">
            <LanguageSwitcher />
            <h1>{tr!("join-heading")}</h1>
            <Loader load=move || booking.get() missing=&[400, 401, 403, 404]
                not_found=|| view! { <p class="error" role="alert">{tr!("join-invalid-link")}</p> }
                let((b, token))>
                <JoinState booking=b token=token />
            </Loader>
        </section>
    }
}

/// Where the meeting stands for joining, as the clock moves on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before the join window: the room is not open yet.
    Early,
    /// Inside the window: the join link lets the visitor in.
    Open,
    /// After the window: the meeting is over.
    Over,
}

/// The phase at `now` (milliseconds since the epoch) of a window open from `opens` (inclusive)
/// to `closes` (exclusive), as the server counts it.
fn phase(now: i64, opens: i64, closes: i64) -> Phase {
    if now < opens {
        Phase::Early
    } else if now < closes {
        Phase::Open
    } else {
        Phase::Over
    }
}

/// What the visitor can do now (the sentence, and Join now inside the window), then the
/// meeting's details; `token` is the guest's manage token from the link, if any.
#[component]
fn JoinState(booking: Booking, token: Option<String>) -> impl IntoView {
    let zone = time::browser_zone();
    let opens = booking.join_opens_at.timestamp_millis();
    let closes = booking.join_closes_at.timestamp_millis();
    let now = RwSignal::new(time::now_millis());
    if let Ok(handle) = set_interval_with_handle(move || now.set(time::now_millis()), TICK) {
        on_cleanup(move || handle.clear());
    }
    let phase = Memo::new(move |_| phase(now.get(), opens, closes));
    let guest = token.is_some();
    let early_minutes = (booking.start - booking.join_opens_at).num_minutes();
    let b = StoredValue::new(booking);
    let back = match &token {
        Some(t) => {
            let t = String::from(js_sys::encode_uri_component(t));
            let href = b.with_value(|b| format!("/booking/{}?token={t}", b.id));
            (move || {
                pieces("join-back-to-booking", &["link"])
                    .into_iter()
                    .map(|piece| match piece {
                        Piece::Text(text) => text.into_any(),
                        Piece::Var(_) => {
                            view! { <a href=href.clone()>{tr!("join-your-booking")}</a> }.into_any()
                        }
                    })
                    .collect_view()
            })
            .into_any()
        }
        None => view! { <a href="/dashboard">{tr!("join-your-dashboard")}</a> }.into_any(),
    };
    let zone_note = zone.clone();

    let state = move || {
        let status = b.with_value(|b| b.status);
        match status {
            BookingStatus::Cancelled => view! {
                <h2>{tr!("join-cancelled")}</h2>
                <p>{tr!("join-nothing-to-join")}</p>
            }
            .into_any(),
            BookingStatus::Declined => view! {
                <h2>{tr!("join-declined")}</h2>
                <p>{tr!("join-nothing-to-join")}</p>
            }
            .into_any(),
            BookingStatus::Pending if guest => view! {
                <h2>{tr!("join-not-confirmed")}</h2>
                <p>
                    {move || pieces("join-guest-pending", &["host"]).into_iter().map(|piece| match piece {
                        Piece::Text(text) => text.into_any(),
                        Piece::Var(_) => view! {
                            <bdi>{b.with_value(|b| b.host_name.clone())}</bdi>
                        }.into_any(),
                    }).collect_view()}
                </p>
            }
            .into_any(),
            BookingStatus::Pending => {
                let decide = b.with_value(|b| format!("/decide/{}", b.id));
                view! {
                    <h2>{tr!("join-not-confirmed")}</h2>
                    <p>
                        {move || pieces("join-host-pending", &["link"]).into_iter().map(|piece| match piece {
                            Piece::Text(text) => text.into_any(),
                            Piece::Var(_) => view! {
                                <a href=decide.clone()>{tr!("join-confirm-or-decline")}</a>
                            }.into_any(),
                        }).collect_view()}
                    </p>
                }
                .into_any()
            }
            BookingStatus::Confirmed => match phase.get() {
                Phase::Early => {
                    let (at, iso) = b.with_value(|b| {
                        (time::zoned(&b.join_opens_at, &zone), b.join_opens_at.to_rfc3339())
                    });
                    view! {
                        <h2>
                            {pieces("join-room-opens", &["time"]).into_iter().map(|piece| match piece {
                                Piece::Text(text) => text.into_any(),
                                Piece::Var(_) => view! {
                                    <time datetime=iso.clone()>{at.clone()}</time>
                                }.into_any(),
                            }).collect_view()}
                        </h2>
                        <p>
                            {tf("join-minutes-before", &[("minutes", early_minutes.into())])}
                            " "
                            {tr!("join-keep-open")}
                        </p>
                    }
                    .into_any()
                }
                Phase::Open => {
                    let url = b.with_value(|b| b.join_url.clone());
                    // `external`: the join link is a server route (`/j/…`), not the router's.
                    view! {
                        <h2>{tr!("join-room-open")}</h2>
                        <p><a class="button primary join-now" href=url rel="external">{tr!("join-now")}</a></p>
                    }
                    .into_any()
                }
                Phase::Over => {
                    let (at, iso) = b.with_value(|b| {
                        (time::zoned(&b.join_closes_at, &zone), b.join_closes_at.to_rfc3339())
                    });
                    view! {
                        <h2>{tr!("join-ended")}</h2>
                        <p>
                            {pieces("join-room-closed", &["time"]).into_iter().map(|piece| match piece {
                                Piece::Text(text) => text.into_any(),
                                Piece::Var(_) => view! {
                                    <time datetime=iso.clone()>{at.clone()}</time>
                                }.into_any(),
                            }).collect_view()}
                        </p>
                    }
                    .into_any()
                }
            },
        }
    };

    let (title, host, guest_name, start, end) = b.with_value(|b| {
        (
            b.agenda_title.clone(),
            b.host_name.clone(),
            b.guest_name.clone(),
            b.start,
            b.end,
        )
    });
    // Written in the page's locale, so redrawn when it changes.
    let zone_note = StoredValue::new(zone_note);
    let at = move |t: &chrono::DateTime<chrono::Utc>| zone_note.with_value(|z| time::zoned(t, z));

    view! {
        <div class="join-state" role="status">{state}</div>
        <dl class="booking-details">
            <dt>{tr!("join-what")}</dt>
            <dd dir="auto">{title}</dd>
            <dt>{tr!("join-host")}</dt>
            <dd dir="auto">{host}</dd>
            <dt>{tr!("join-guest")}</dt>
            <dd dir="auto">{guest_name}</dd>
            <dt>{tr!("join-when")}</dt>
            <dd class="when">
                <time datetime=start.to_rfc3339()>{move || at(&start)}</time>
                " – "
                <time datetime=end.to_rfc3339()>{move || at(&end)}</time>
            </dd>
        </dl>
        <p class="hint">{move || zone_note.with_value(|z| tf("join-zone-note", &[("zone", z.into())]))}</p>
        <p>{back}</p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_follow_the_servers_window() {
        assert_eq!(phase(99, 100, 200), Phase::Early);
        assert_eq!(phase(100, 100, 200), Phase::Open);
        assert_eq!(phase(199, 100, 200), Phase::Open);
        assert_eq!(phase(200, 100, 200), Phase::Over);
    }
}
