//! "Add to calendar" for a confirmed booking: the `.ics` download beside Google Calendar's and
//! Outlook's event templates, as buttons. The templates carry only what any invitation says
//! (title, times, the room): never the guest's manage or join token, which would leave for a
//! third party's servers in the URL.

use leptos::prelude::*;
use smartcal_types::Booking;

use crate::{
    i18n::{t, tf},
    tr,
};

/// The three ways to put `booking` into a calendar; `ics` is its download link. The
/// templates' title and details are in the page's language (and follow it).
#[component]
pub fn AddToCalendar(booking: Booking, ics: String) -> impl IntoView {
    let links = Memo::new(move |_| TemplateLinks::of(&booking));
    view! {
        <div class="calendar-links" role="group" aria-label=tr!("add-to-calendar-group")>
            <a class="button" href=ics download="invitation.ics">{tr!("add-to-calendar-ics")}</a>
            <a class="button" href=move || links.with(|l| l.google.clone())
                target="_blank" rel="noopener noreferrer">
                {tr!("add-to-calendar-google")}
            </a>
            <a class="button" href=move || links.with(|l| l.outlook.clone())
                target="_blank" rel="noopener noreferrer">
                {tr!("add-to-calendar-outlook")}
            </a>
        </div>
    }
}

/// The event-template links of a booking.
#[derive(Clone, PartialEq)]
struct TemplateLinks {
    google: String,
    outlook: String,
}

impl TemplateLinks {
    /// The links in the page's language (tracked).
    fn of(b: &Booking) -> Self {
        let title = tf(
            "add-to-calendar-title",
            &[
                ("agenda", (&b.agenda_title).into()),
                ("host", (&b.host_name).into()),
            ],
        );
        // The room itself: with token auth its link alone does not let anyone in, and the
        // personal join link (which does) stays in the guest's email and on this page.
        let details = if b.join_url == b.meeting_url {
            tf("add-to-calendar-join", &[("url", (&b.meeting_url).into())])
        } else {
            t("add-to-calendar-join-email")
        };
        let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
        let iso = |t: &chrono::DateTime<chrono::Utc>| {
            t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        };
        TemplateLinks {
            google: format!(
                "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={}/{}&details={}&location={}",
                enc(&title),
                crate::time::compact_utc(&b.start),
                crate::time::compact_utc(&b.end),
                enc(&details),
                enc(&b.meeting_url),
            ),
            outlook: format!(
                "https://outlook.live.com/calendar/0/deeplink/compose?subject={}&startdt={}&enddt={}&body={}&location={}",
                enc(&title),
                enc(&iso(&b.start)),
                enc(&iso(&b.end)),
                enc(&details),
                enc(&b.meeting_url),
            ),
        }
    }
}
