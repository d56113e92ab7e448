//! The outside world: mail (MIME, SMTP), calendars (CalDAV, iCalendar feeds over HTTP), Jitsi
//! join tokens and webhook POSTs; every outbound HTTP request under the outbound rule
//! (`outbound`). These modules know nothing of `http` or `jobs`: they take
//! plain values and answer plain results.

pub mod caldav;
pub mod feeds;
pub mod jitsi;
pub mod jitsi_events;
pub mod mail;
pub mod outbound;
pub mod webhook;
