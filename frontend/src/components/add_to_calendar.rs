//! "Add to calendar" for a confirmed booking: the `.ics` download beside Google Calendar's and
//! Outlook's event templates, as buttons. The templates carry only what any invitation says
//! (title, times, the room): never the guest's manage or join token, which would leave for a
//! third party's servers in the URL.

use leptos::prelude::*;
use smartcal_types::Booking;

/// The three ways to put `booking` into a calendar; `ics` is its download link.
#[component]
pub fn AddToCalendar(booking: Booking, ics: String) -> impl IntoView {
    let links = TemplateLinks::of(&booking);
    view! {
        <div class="calendar-links" role="group" aria-label="Add to your calendar">
            <a class="button" href=ics download="invitation.ics">"Add to calendar (.ics)"</a>
            <a class="button" href=links.google target="_blank" rel="noopener noreferrer">
                "Add to Google Calendar"
            </a>
            <a class="button" href=links.outlook target="_blank" rel="noopener noreferrer">
                "Add to Outlook"
            </a>
        </div>
    }
}

/// The event-template links of a booking.
struct TemplateLinks {
    google: String,
    outlook: String,
}

impl TemplateLinks {
    fn of(b: &Booking) -> Self {
        let title = format!("{} with {}", b.agenda_title, b.host_name);
        // The room itself: with token auth its link alone does not let anyone in, and the
        // personal join link (which does) stays in the guest's email and on this page.
        let details = if b.join_url == b.meeting_url {
            format!("Join the video call: {}", b.meeting_url)
        } else {
            "Join the video call with the link in your confirmation email.".to_owned()
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
