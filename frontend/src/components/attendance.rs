//! Who came to a booking's Jitsi room, when and for how long (SPEC §11), as the dashboard's
//! Past and Upcoming Meetings tabs show it: in words ("Guest joined 10:02, 27 min", "Guest did
//! not come"), so nothing rests on colour alone.

use leptos::prelude::*;
use smartcal_types::{Booking, NoShow, Presence};

use crate::{i18n, time, tr};

/// Whether the booking's room is live: the Jitsi server reported it open and not yet closed.
pub fn is_live(b: &Booking) -> bool {
    b.attendance
        .is_some_and(|a| a.started_at.is_some() && a.ended_at.is_none())
}

/// One line per side of the booking's attendance — "Host joined 10:00, 32 min", "Guest did
/// not come", "Guest has not joined" — with join times in `zone`; nothing while the Jitsi
/// server has reported nothing about the booking.
#[component]
pub fn AttendanceLines(booking: Booking, zone: String) -> impl IntoView {
    if booking.attendance.is_none() && booking.no_show.is_none() {
        return None;
    }
    let never = Presence {
        joined_at: None,
        left_at: None,
        minutes: 0,
    };
    let (host, guest) = booking
        .attendance
        .map_or((never, never), |a| (a.host, a.guest));
    let absent = |host_side: bool| {
        matches!(
            (booking.no_show, host_side),
            (Some(NoShow::Both), _) | (Some(NoShow::Host), true) | (Some(NoShow::Guest), false)
        )
    };
    // Per side: the message ids of "did not come", "joined <time>, n min", "joined <time>,
    // still in the room" and "has not joined".
    let lines = [
        (
            [
                "attendance-host-absent",
                "attendance-host-joined",
                "attendance-host-in-room",
                "attendance-host-not-joined",
            ],
            host,
            absent(true),
        ),
        (
            [
                "attendance-guest-absent",
                "attendance-guest-joined",
                "attendance-guest-in-room",
                "attendance-guest-not-joined",
            ],
            guest,
            absent(false),
        ),
    ]
    .into_iter()
    .map(
        |([absent_id, joined_id, in_room_id, not_joined_id], p, absent)| {
            let zone = zone.clone();
            let said = move || match (p.joined_at, p.left_at) {
                _ if absent => i18n::t(absent_id).into_any(),
                (Some(joined), left) => {
                    // The join time is a `<time>` inside the sentence, wherever the language puts it.
                    let (before, after) = match left {
                        Some(_) => {
                            i18n::around(joined_id, "time", &[("minutes", p.minutes.into())])
                        }
                        None => i18n::around(in_room_id, "time", &[]),
                    };
                    view! {
                        {before}
                        <time datetime=joined.to_rfc3339()>{time::clock(&joined, &zone)}</time>
                        {after}
                    }
                    .into_any()
                }
                (None, _) => i18n::t(not_joined_id).into_any(),
            };
            view! { <li class:absent=absent>{said}</li> }
        },
    )
    .collect_view();
    Some(view! { <ul class="attendance" aria-label=tr!("attendance-label")>{lines}</ul> })
}
