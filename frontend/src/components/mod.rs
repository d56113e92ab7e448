//! Small components shared by the pages and the dashboard tabs: the month calendar, the slot
//! picker built on it, the labelled form field, the time-zone field, the booking form's
//! questions and the answers shown, the guest's language switcher, with a booking, who came to a booking's room, and the one
//! loader for loading, not-found and error; a booking's "Add to calendar" buttons; and the
//! modal dialog (with its reason-asking confirmation) that replaces `window.confirm`.

mod add_to_calendar;
mod answers;
mod attendance;
mod calendar;
mod dialog;
mod field;
mod language;
mod loader;
mod picker;
mod questions;
mod zone;

pub use add_to_calendar::AddToCalendar;
pub use answers::AnswerItems;
pub use attendance::{is_live, AttendanceLines};
pub use dialog::{Confirm, ConfirmDialog, Dialog, ReasonDialog};
pub use field::{focus_first_invalid, new_password_label, password_hint, Field};
pub use language::LanguageSwitcher;
pub use loader::{Loader, NotLoggedIn};
pub use picker::SlotPicker;
pub use questions::{Answers, QuestionFields};
pub use zone::ZonePicker;
