//! The host's dashboard tabs, one module each, and the agenda editor's own parts (questions,
//! reminders, invites). The page around them (session, tab list, log out) is the dashboard page in
//! [`crate::pages`]. Below: the two helpers the editor lists share, and [`around`] for a
//! message with an element inside its sentence.

mod account;
mod agendas;
mod api_keys;
mod calendars;
mod invites;
mod past;
mod questions;
mod reminders;
mod teams;
mod upcoming;

use std::cell::Cell;

pub use account::AccountPanel;
pub use agendas::AgendasPanel;
pub use api_keys::ApiKeysPanel;
pub use calendars::CalendarsPanel;
pub use past::PastPanel;
pub use teams::TeamsPanel;
pub use upcoming::UpcomingPanel;

thread_local! {
    static NEXT_KEY: Cell<u64> = const { Cell::new(1) };
}

/// A fresh key for a row of an editor list (so `<For>` keeps the other rows' inputs).
fn next_key() -> u64 {
    NEXT_KEY.with(|k| {
        let v = k.get();
        k.set(v + 1);
        v
    })
}

/// Where a server message about a list entry belongs: `(2, "end")` for
/// `availability[2].end` when `list` is `availability` (`""` for the entry itself).
fn index_of<'a>(field: &'a str, list: &str) -> Option<(usize, &'a str)> {
    let rest = field.strip_prefix(list)?.strip_prefix('[')?;
    let (index, rest) = rest.split_once(']')?;
    let part = rest.strip_prefix('.').unwrap_or(rest);
    let part = part.split(['.', '[']).next().unwrap_or_default();
    Some((index.parse().ok()?, part))
}

#[cfg(test)]
mod tests {
    use super::index_of;

    #[test]
    fn finds_the_row_of_a_field_path() {
        assert_eq!(
            index_of("availability[2].end", "availability"),
            Some((2, "end"))
        );
        assert_eq!(
            index_of("date_overrides[0]", "date_overrides"),
            Some((0, ""))
        );
        assert_eq!(
            index_of("questions[3].options[1]", "questions"),
            Some((3, "options"))
        );
        assert_eq!(index_of("availability", "availability"), None);
        assert_eq!(index_of("title", "availability"), None);
    }
}
