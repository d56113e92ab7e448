//! SmartCal's pure domain logic: slot computation, booking rules, Jitsi rooms and ICS invitations.
//!
//! Nothing here does IO, reads a clock or draws randomness: `now` and random number generators
//! are arguments, so every function is deterministic, fast to test and compiles to wasm32.

pub mod account_email;
pub mod attendance;
pub mod busy_ical;
pub mod change;
pub mod clock_time;
pub mod dates;
pub mod email;
pub mod ics;
pub mod questions;
pub mod reminders;
pub mod retry;
pub mod room;
pub mod seats;
pub mod slots;
pub mod teams;
pub mod text;
