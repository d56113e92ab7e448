//! The slot picker shared by the booking page and the guest's reschedule view: a month calendar
//! marking the days with free times, and the chosen day's times as buttons in a list labelled
//! "Available times".

use std::collections::BTreeMap;

use chrono::NaiveDate;
use leptos::prelude::*;
use smartcal_types::Slot;
use uuid::Uuid;
use wasm_bindgen::JsCast;

use super::calendar::MonthCalendar;
use crate::{api, i18n::tf, time, tr};

/// How many months ahead the calendar goes (the API's longest horizon is 730 days).
const MONTHS_AHEAD: i32 = 24;
/// The slots endpoint answers at most this many days at once.
const SEARCH_WINDOW_DAYS: u64 = 62;
/// How many windows to search for the next free day before giving up (about eight months).
const SEARCH_WINDOWS: u32 = 4;

/// The free times of a month, by local day (every day of the month present, maybe empty).
type Month = BTreeMap<NaiveDate, Vec<Slot>>;

fn by_day(month: NaiveDate, slots: Vec<Slot>) -> Month {
    let mut days: Month = BTreeMap::new();
    let mut day = time::month_start(month);
    let end = time::month_end(month);
    while day <= end {
        days.insert(day, Vec::new());
        day = time::add_days(day, 1);
    }
    for slot in slots {
        // Slots of the day before the month (asked for because zones differ) are dropped.
        if let Some(list) =
            time::parse_date(time::local_date(&slot.local_start)).and_then(|d| days.get_mut(&d))
        {
            list.push(slot);
        }
    }
    days
}

/// "1 seat left", "7 seats left": shown on a time of an agenda with more than one seat (in
/// the page's language, tracked).
pub fn seats_left(n: u32) -> String {
    tf("picker-seats-left", &[("count", n.into())])
}

/// The first local day with a free time in `[from, from + SEARCH_WINDOWS × window)`.
async fn next_free_day(
    agenda_id: Uuid,
    from: NaiveDate,
    zone: String,
    access: api::SlotAccess,
) -> api::ApiResult<Option<NaiveDate>> {
    let mut start = from;
    for _ in 0..SEARCH_WINDOWS {
        let end = time::add_days(start, SEARCH_WINDOW_DAYS);
        let list = api::slots(agenda_id, start, end, &zone, &access).await?;
        if let Some(first) = list.slots.first() {
            return Ok(time::parse_date(time::local_date(&first.local_start)));
        }
        start = time::add_days(end, 1);
    }
    Ok(None)
}

/// Month calendar plus the chosen day's times. `refresh` reloads the times (e.g. after a 409);
/// `on_pick` gets the clicked time.
#[component]
pub fn SlotPicker(
    /// Prefix of the element ids, unique per page.
    id: &'static str,
    agenda_id: Uuid,
    /// The IANA zone the times are shown in.
    #[prop(into)]
    zone: Signal<String>,
    refresh: RwSignal<u32>,
    on_pick: impl Fn(Slot) + Copy + Send + Sync + 'static,
    /// While true, the time buttons are disabled (e.g. a request is running).
    #[prop(optional, into)]
    busy: Signal<bool>,
    /// Whose times: a guest's (with the booking link's private invite, if any: an unlisted
    /// agenda needs it) or a booking's being moved.
    #[prop(default = api::SlotAccess::Invite(None))]
    access: api::SlotAccess,
    /// The day the guest chose, kept outside (e.g. in the URL, so browser Back returns to the
    /// day before); `None`: the first free day. Without it the picker keeps its own.
    #[prop(optional, into)]
    day: Option<Signal<Option<NaiveDate>>>,
    /// Told of each day the guest chooses, instead of choosing it here: the owner of `day`
    /// then changes `day`.
    #[prop(optional, into)]
    on_day: Option<Callback<NaiveDate>>,
) -> impl IntoView {
    let access = StoredValue::new(access);
    // Today in the zone shown (checked again every minute, for a page left open over midnight).
    let tick = RwSignal::new(0u32);
    if let Ok(handle) = set_interval_with_handle(
        move || tick.update(|t| *t = t.wrapping_add(1)),
        std::time::Duration::from_secs(60),
    ) {
        on_cleanup(move || handle.clear());
    }
    let today = Memo::new(move |_| {
        tick.track();
        time::today_in(&zone.get())
    });
    let this_month = move || time::month_start(today.get());
    let month = RwSignal::new(time::month_start(today.get_untracked()));
    // A zone whose today is in a later month moves the calendar on.
    Effect::new(move |_| {
        let first = this_month();
        if month.get_untracked() < first {
            month.set(first);
        }
    });
    let selected = RwSignal::new(None::<NaiveDate>);
    // Whether the guest chose the day (else the first free day of the month is chosen for them).
    let chosen_by_guest = RwSignal::new(false);
    // Set when the guest chooses a day: its times are then brought into view (on a phone they
    // are below the calendar).
    let reveal = RwSignal::new(false);

    let slots = LocalResource::new(move || {
        let zone = zone.get();
        let month = month.get();
        refresh.track();
        // From today in the zone shown: earlier days have no free times.
        let from = time::month_start(month).max(today.get());
        let to = time::month_end(month);
        let access = access.get_value();
        async move {
            let found = api::slots(agenda_id, from, to, &zone, &access).await;
            ((month, zone), found.map(|l| by_day(month, l.slots)))
        }
    });
    // The loaded month, only once it is the month and zone shown (a reload after a 409 keeps
    // showing the old times until the new ones are there).
    let days = Memo::new(move |_| {
        let shown = (month.get(), zone.get());
        slots
            .get()
            .filter(|(loaded, _)| *loaded == shown)
            .map(|(_, r)| r)
    });
    let free = Memo::new(move |_| {
        days.with(|d| match d {
            Some(Ok(days)) => Some(days.iter().map(|(d, s)| (*d, s.len())).collect()),
            _ => None,
        })
    });

    // Choose the first free day once a month has loaded, unless the guest chose one in it.
    Effect::new(move |_| {
        let by_guest = chosen_by_guest.get();
        let Some(Ok(days)) = days.get() else { return };
        let in_month = selected
            .get_untracked()
            .is_some_and(|d| days.contains_key(&d));
        if in_month && by_guest {
            return;
        }
        selected.set(days.iter().find(|(_, s)| !s.is_empty()).map(|(d, _)| *d));
    });

    // Where to look for the next free day: after the chosen day if it has none, or after the
    // month if the month has none.
    let search_from = Memo::new(move |_| {
        let Some(Ok(days)) = days.get() else {
            return None;
        };
        match selected.get() {
            Some(day) if days.get(&day).is_some_and(|s| !s.is_empty()) => None,
            Some(day) => days.range(day..).find(|(_, s)| !s.is_empty()).map_or(
                Some(time::add_days(time::month_end(month.get()), 1)),
                |_| None,
            ),
            None => Some(time::add_days(time::month_end(month.get()), 1)),
        }
    });
    let next_free = LocalResource::new(move || {
        let from = search_from.get();
        let zone = zone.get();
        let access = access.get_value();
        async move {
            let found = match from {
                Some(from) => next_free_day(agenda_id, from, zone, access).await,
                None => Ok(None),
            };
            (from, found)
        }
    });
    // The next free day after the chosen one within the loaded month.
    let next_in_month = move || {
        let day = selected.get()?;
        days.with(|d| match d {
            Some(Ok(days)) => days
                .range(time::add_days(day, 1)..)
                .find(|(_, s)| !s.is_empty())
                .map(|(d, _)| *d),
            _ => None,
        })
    };

    let show_day = move |day: NaiveDate| {
        chosen_by_guest.set(true);
        month.set(time::month_start(day));
        selected.set(Some(day));
    };
    // The day kept outside: follow it (also when browser Back changes it).
    if let Some(day) = day {
        Effect::new(move |_| match day.get() {
            Some(d) => show_day(d),
            None if chosen_by_guest.get_untracked() => {
                month.set(time::month_start(today.get_untracked()));
                chosen_by_guest.set(false);
            }
            None => {}
        });
    }
    let go_to = move |day: NaiveDate| {
        reveal.set(true);
        match on_day {
            Some(tell) => tell.run(day),
            None => show_day(day),
        }
    };
    let times_id = format!("{id}-times");
    // Once the chosen day is shown, bring its times into view.
    {
        let times_id = times_id.clone();
        Effect::new(move |_| {
            selected.track();
            days.track();
            if reveal.get() && selected.get_untracked().is_some() {
                reveal.set(false);
                let times_id = times_id.clone();
                request_animation_frame(move || bring_into_view(&times_id));
            }
        });
    }

    let times_heading = format!("{id}-times-heading");
    let day_heading = format!("{id}-times-day");
    let list_labels = format!("{times_heading} {day_heading}");

    let offer_next = move |day: NaiveDate| {
        view! {
            <p>
                <button type="button" class="next-free" on:click=move |_| go_to(day)>
                    {move || tf(
                        "picker-next-available",
                        &[("day", time::day_label(&time::iso(day)).into())],
                    )}
                </button>
            </p>
        }
    };

    // The chosen day's times once loaded (what `Loader` does, with the picker's own words
    // while loading).
    let times = move || match days.get() {
        None => view! { <p role="status">{tr!("picker-loading-times")}</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
        Some(Ok(all)) => {
            let day = selected.get();
            let list = day.and_then(|d| all.get(&d).cloned()).unwrap_or_default();
            if list.is_empty() {
                let what = match day {
                    Some(d) => tf(
                        "picker-none-on-day",
                        &[("day", time::day_label(&time::iso(d)).into())],
                    ),
                    None => tf(
                        "picker-none-in-month",
                        &[("month", time::month_label(month.get()).into())],
                    ),
                };
                let next = match next_in_month() {
                    Some(d) => offer_next(d).into_any(),
                    None => {
                        let found = move || {
                            next_free
                                .get()
                                .filter(|(from, _)| *from == search_from.get())
                                .map(|(_, found)| found)
                        };
                        view! {
                            {move || match found() {
                                None => view! { <p role="status">{tr!("picker-looking")}</p> }
                                    .into_any(),
                                Some(Err(e)) => view! { <p class="error" role="alert">{e.message}</p> }
                                    .into_any(),
                                Some(Ok(Some(d))) => offer_next(d).into_any(),
                                Some(Ok(None)) => view! { <p>{tr!("picker-none-ahead")}</p> }
                                    .into_any(),
                            }}
                        }
                        .into_any()
                    }
                };
                view! { <p class="empty" id=day_heading.clone()>{what}</p> {next} }.into_any()
            } else {
                let label = day
                    .map(|d| time::day_label(&time::iso(d)))
                    .unwrap_or_default();
                view! {
                    <p class="times-day" id=day_heading.clone()>{label.clone()}</p>
                    <ul class="slots" aria-labelledby=list_labels.clone()>
                        {list.into_iter().map(|slot| {
                            let hm = time::wall_time(&slot.local_start);
                            let seats = slot.seats_left.map(seats_left);
                            // The name starts with the visible text ("09:00 2 seats left").
                            let name = match &seats {
                                Some(s) => format!("{hm} {s}, {label}"),
                                None => format!("{hm}, {label}"),
                            };
                            view! {
                                <li>
                                    <button type="button" class="slot"
                                        aria-label=name
                                        disabled=move || busy.get()
                                        on:click=move |_| on_pick(slot.clone())>
                                        <span class="slot-time">{hm.clone()}</span>
                                        {seats.map(|s| view! { " " <span class="seats-left">{s}</span> })}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }
        }
    };

    view! {
        <div class="picker">
            <MonthCalendar id=id month=month selected=selected free=free
                today=today
                months_ahead=MONTHS_AHEAD
                on_choose=move |day| {
                    reveal.set(true);
                    match on_day {
                        Some(tell) => tell.run(day),
                        None => { chosen_by_guest.set(true); selected.set(Some(day)); }
                    }
                } />
            <section class="times" id=times_id aria-labelledby=times_heading.clone()>
                <h2 id=times_heading.clone() tabindex="-1">{tr!("picker-available-times")}</h2>
                {times}
            </section>
        </div>
    }
}

/// Scrolls the element `id` to the top of the window unless its top is already in the upper
/// half of it (as beside the calendar on a wide screen); smoothly unless the guest asked for
/// reduced motion.
fn bring_into_view(id: &str) {
    let Some(el) = document().get_element_by_id(id) else {
        return;
    };
    let top = el.get_bounding_client_rect().top();
    let height = window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    if top >= 0.0 && top < height / 2.0 {
        return;
    }
    let reduced = js_sys::Reflect::get(&window(), &"matchMedia".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| {
            f.call1(&window(), &"(prefers-reduced-motion: reduce)".into())
                .ok()
        })
        .and_then(|list| js_sys::Reflect::get(&list, &"matches".into()).ok())
        .and_then(|m| m.as_bool())
        .unwrap_or(false);
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"block".into(), &"start".into());
    let behavior = if reduced { "auto" } else { "smooth" };
    let _ = js_sys::Reflect::set(&options, &"behavior".into(), &behavior.into());
    if let Some(scroll) = js_sys::Reflect::get(&el, &"scrollIntoView".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = scroll.call1(&el, &options);
    }
}
