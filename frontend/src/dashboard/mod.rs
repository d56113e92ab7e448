//! The host's dashboard tabs, one module each. The page around them (session, tab list, log
//! out) is the dashboard page in [`crate::pages`].

mod account;
mod agendas;
mod api_keys;
mod calendars;
mod past;
mod upcoming;

pub use account::AccountPanel;
pub use agendas::AgendasPanel;
pub use api_keys::ApiKeysPanel;
pub use calendars::CalendarsPanel;
pub use past::PastPanel;
pub use upcoming::UpcomingPanel;
