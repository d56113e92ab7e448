//! Small components shared by the pages and the dashboard tabs: the month calendar, the slot
//! picker built on it, the labelled form field, the time-zone field and the one loader for
//! loading, not-found and error.

mod calendar;
mod field;
mod loader;
mod picker;
mod zone;

pub use field::Field;
pub use loader::{Loader, NotLoggedIn};
pub use picker::SlotPicker;
pub use zone::ZonePicker;
