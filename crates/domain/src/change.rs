//! What happened to a booking: the one fact that its emails, webhook events and calendar
//! write-back all announce.

use chrono::{DateTime, Utc};

use crate::email::EmailKind;

/// A change to a booking, as it is announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Booked (and confirmed: the agenda does not ask the host first).
    Created,
    /// Booked as a request the host confirms or declines.
    Requested,
    /// The host confirmed a request.
    Confirmed,
    /// A request was declined: by the host, or because it was still pending at its start.
    Declined,
    /// Cancelled.
    Cancelled,
    /// Moved; the old start.
    Rescheduled {
        /// Where the meeting started before it moved.
        previous_start: DateTime<Utc>,
    },
}

impl Change {
    /// The email that announces it.
    pub fn email_kind(self) -> EmailKind {
        match self {
            Change::Created | Change::Confirmed => EmailKind::Confirmation,
            Change::Requested => EmailKind::Request,
            Change::Declined => EmailKind::Decline,
            Change::Cancelled => EmailKind::Cancellation,
            Change::Rescheduled { .. } => EmailKind::Reschedule,
        }
    }

    /// The old start of a moved booking.
    pub fn previous_start(self) -> Option<DateTime<Utc>> {
        match self {
            Change::Rescheduled { previous_start } => Some(previous_start),
            _ => None,
        }
    }
}
