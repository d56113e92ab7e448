//! A month calendar (WAI-ARIA date grid): every day a button, days with free times marked;
//! arrow keys, Home/End and Page Up/Down move between days with one tab stop for the grid.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

use crate::{dom, i18n::tf, time, tr};

/// The column headings, Monday first: each weekday's short name (`Mon`) and its full name
/// (`Monday`, the heading's `abbr`), in the page's locale (tracked).
fn weekdays() -> Vec<(String, String)> {
    (0..7)
        .map(|d| {
            (
                time::weekday_name(d, "short"),
                time::weekday_name(d, "long"),
            )
        })
        .collect()
}

/// The weeks of `month` (Monday first) as rows of seven cells; `None` pads outside the month.
fn weeks(month: NaiveDate) -> Vec<[Option<NaiveDate>; 7]> {
    let first = time::month_start(month);
    let last = time::month_end(month);
    let mut rows = Vec::new();
    let mut row = [None; 7];
    let mut col = first.weekday().num_days_from_monday() as usize;
    let mut day = first;
    loop {
        row[col] = Some(day);
        col += 1;
        if col == 7 {
            rows.push(row);
            row = [None; 7];
            col = 0;
        }
        if day >= last {
            break;
        }
        day = time::add_days(day, 1);
    }
    if col > 0 {
        rows.push(row);
    }
    rows
}

fn cell_id(prefix: &str, day: NaiveDate) -> String {
    format!("{prefix}-day-{}", time::iso(day))
}

/// A month grid. `free` tells how many free times a day has (`None` while they load);
/// choosing a day calls `on_choose`. Months before today's cannot be shown. `today` is
/// today in the zone the times are shown in (a day ahead of or behind the browser's, maybe).
#[component]
pub fn MonthCalendar(
    /// Prefix of the element ids, unique per page.
    id: &'static str,
    /// The first day of the month shown.
    month: RwSignal<NaiveDate>,
    /// The chosen day.
    selected: RwSignal<Option<NaiveDate>>,
    /// Free times of every day of the month shown; `None` while loading.
    #[prop(into)]
    free: Signal<Option<std::collections::BTreeMap<NaiveDate, usize>>>,
    /// Today in the zone the times are shown in: marked, and its month is the first one.
    #[prop(into)]
    today: Signal<NaiveDate>,
    /// How many months after today's the calendar goes.
    months_ahead: i32,
    on_choose: impl Fn(NaiveDate) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    // The day that takes the grid's single tab stop.
    let focus_day = RwSignal::new(None::<NaiveDate>);
    let tab_stop = move || {
        let m = month.get();
        let in_month = |d: &NaiveDate| time::month_start(*d) == m;
        focus_day
            .get()
            .filter(in_month)
            .or_else(|| selected.get().filter(in_month))
            .or_else(|| {
                free.with(|f| {
                    f.as_ref()
                        .and_then(|f| f.iter().find(|(d, n)| **n > 0 && in_month(d)))
                        .map(|(d, _)| *d)
                })
            })
            .unwrap_or(m)
    };
    let heading_id = format!("{id}-month");
    let first_month = move || time::month_start(today.get());
    let last_month = move || time::add_months(first_month(), months_ahead);
    let can_back = move || month.get() > first_month();
    let can_forward = move || month.get() < last_month();

    // Moves the tab stop to `day` (changing month if needed) and focuses it.
    let move_to = move |day: NaiveDate| {
        let target = time::month_start(day);
        if target < first_month() || target > last_month() {
            return;
        }
        focus_day.set(Some(day));
        if target == month.get_untracked() {
            dom::focus_now(&cell_id(id, day));
        } else {
            // The grid re-renders for the other month first.
            month.set(target);
            dom::focus_later(cell_id(id, day));
        }
    };

    let on_key = move |ev: leptos::ev::KeyboardEvent, day: NaiveDate| {
        let weekday = day.weekday().num_days_from_monday() as i64;
        let target = match ev.key().as_str() {
            "ArrowLeft" => day.pred_opt(),
            "ArrowRight" => day.succ_opt(),
            "ArrowUp" => day.checked_sub_days(chrono::Days::new(7)),
            "ArrowDown" => day.checked_add_days(chrono::Days::new(7)),
            "Home" => day.checked_sub_days(chrono::Days::new(weekday as u64)),
            "End" => day.checked_add_days(chrono::Days::new((6 - weekday) as u64)),
            "PageUp" => {
                let m = time::add_months(day, -1);
                Some(
                    m.with_day(day.day().min(time::month_end(m).day()))
                        .unwrap_or(m),
                )
            }
            "PageDown" => {
                let m = time::add_months(day, 1);
                Some(
                    m.with_day(day.day().min(time::month_end(m).day()))
                        .unwrap_or(m),
                )
            }
            _ => return,
        };
        ev.prevent_default();
        if let Some(target) = target {
            move_to(target);
        }
    };

    let count = move |day: NaiveDate| free.with(|f| f.as_ref().and_then(|f| f.get(&day).copied()));

    view! {
        <div class="calendar">
            <div class="calendar-head">
                <button type="button" class="icon" aria-label=tr!("calendar-previous")
                    disabled=move || !can_back()
                    on:click=move |_| { month.update(|m| *m = time::add_months(*m, -1)); focus_day.set(None); }>
                    <span aria-hidden="true">"‹"</span>
                </button>
                <h2 id=heading_id.clone() aria-live="polite">{move || time::month_label(month.get())}</h2>
                <button type="button" class="icon" aria-label=tr!("calendar-next")
                    disabled=move || !can_forward()
                    on:click=move |_| { month.update(|m| *m = time::add_months(*m, 1)); focus_day.set(None); }>
                    <span aria-hidden="true">"›"</span>
                </button>
            </div>
            <table role="grid" aria-labelledby=heading_id
                aria-busy=move || free.with(|f| f.is_none()).to_string()>
                <thead>
                    <tr>
                        {move || weekdays().into_iter().map(|(short, long)| view! {
                            <th scope="col" abbr=long>{short}</th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {move || weeks(month.get()).into_iter().map(|row| view! {
                        <tr>
                            {row.into_iter().map(|cell| match cell {
                                None => view! { <td class="pad"></td> }.into_any(),
                                Some(day) => {
                                    let label = move || {
                                        let base = time::day_label(&time::iso(day));
                                        match count(day) {
                                            None => base,
                                            Some(n) => tf(
                                                "calendar-day-free",
                                                &[("day", base.into()), ("count", n.into())],
                                            ),
                                        }
                                    };
                                    let has = move || count(day).unwrap_or(0) > 0;
                                    let is_selected = move || selected.get() == Some(day);
                                    view! {
                                        <td aria-selected=move || is_selected().to_string()>
                                            <button type="button" id=cell_id(id, day)
                                                class="day"
                                                class:free=has
                                                class:selected=is_selected
                                                class:today=move || day == today.get()
                                                aria-current=move || (day == today.get()).then_some("date")
                                                aria-label=label
                                                aria-disabled=move || (!has()).to_string()
                                                tabindex=move || if tab_stop() == day { "0" } else { "-1" }
                                                on:keydown=move |ev| on_key(ev, day)
                                                on:click=move |_| {
                                                    focus_day.set(Some(day));
                                                    on_choose(day);
                                                }>
                                                {day.day()}
                                            </button>
                                        </td>
                                    }.into_any()
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday_and_cover_the_month() {
        // December 2026 starts on a Tuesday and has 31 days.
        let rows = weeks(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[0][0], None);
        assert_eq!(rows[0][1], NaiveDate::from_ymd_opt(2026, 12, 1));
        assert_eq!(rows[4][3], NaiveDate::from_ymd_opt(2026, 12, 31));
        assert_eq!(rows[4][4], None);
    }
}
