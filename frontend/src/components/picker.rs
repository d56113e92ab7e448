//! The slot picker shared by the booking page and the guest's reschedule view: a month calendar
//! marking the days with free times, and the chosen day's times as buttons in a list labelled
//! "Available times".

use std::collections::BTreeMap;

use chrono::NaiveDate;
use leptos::prelude::*;
use smartcal_types::Slot;
use uuid::Uuid;

use super::{calendar::MonthCalendar, loader::Loader};
use crate::{api, time};

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

/// "1 seat left", "7 seats left": shown on a time of an agenda with more than one seat.
pub fn seats_left(n: u32) -> String {
    if n == 1 {
        "1 seat left".to_owned()
    } else {
        format!("{n} seats left")
    }
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
    let this_month = time::month_start(time::today());
    let month = RwSignal::new(this_month);
    let selected = RwSignal::new(None::<NaiveDate>);
    // Whether the guest chose the day (else the first free day of the month is chosen for them).
    let chosen_by_guest = RwSignal::new(false);

    let slots = LocalResource::new(move || {
        let zone = zone.get();
        let month = month.get();
        refresh.track();
        // From yesterday: the chosen zone's "today" may be behind the browser's.
        let yesterday = time::today().pred_opt().unwrap_or(month);
        let from = time::month_start(month).max(yesterday);
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
                month.set(this_month);
                chosen_by_guest.set(false);
            }
            None => {}
        });
    }
    let go_to = move |day: NaiveDate| match on_day {
        Some(tell) => tell.run(day),
        None => show_day(day),
    };

    let times_heading = format!("{id}-times-heading");
    let day_heading = format!("{id}-times-day");
    let list_labels = format!("{times_heading} {day_heading}");

    let offer_next = move |day: NaiveDate| {
        view! {
            <p>
                <button type="button" class="next-free" on:click=move |_| go_to(day)>
                    {format!("Next available: {}", time::day_label(&time::iso(day)))}
                </button>
            </p>
        }
    };

    let times = view! {
        <Loader load=move || days.get() loading="Loading times…" let:all>
            {
                let day = selected.get();
                let list = day.and_then(|d| all.get(&d).cloned()).unwrap_or_default();
                if list.is_empty() {
                    let what = match day {
                        Some(d) => format!("No free times on {}.", time::day_label(&time::iso(d))),
                        None => format!("No free times in {}.", time::month_label(month.get())),
                    };
                    let next = match next_in_month() {
                        Some(d) => offer_next(d).into_any(),
                        None => view! {
                            <Loader
                                load=move || {
                                    next_free
                                        .get()
                                        .filter(|(from, _)| *from == search_from.get())
                                        .map(|(_, found)| found)
                                }
                                loading="Looking for the next free day…"
                                let:found
                            >
                                {match found {
                                    Some(d) => offer_next(d).into_any(),
                                    None => view! { <p>"No free times in the coming months."</p> }
                                        .into_any(),
                                }}
                            </Loader>
                        }
                        .into_any(),
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
                                let hm = time::local_hm(&slot.local_start).to_owned();
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
        </Loader>
    };

    view! {
        <div class="picker">
            <MonthCalendar id=id month=month selected=selected free=free
                first_month=this_month
                last_month=time::add_months(this_month, MONTHS_AHEAD)
                on_choose=move |day| match on_day {
                    Some(tell) => tell.run(day),
                    None => { chosen_by_guest.set(true); selected.set(Some(day)); }
                } />
            <section class="times" aria-labelledby=times_heading.clone()>
                <h2 id=times_heading.clone() tabindex="-1">"Available times"</h2>
                {times}
            </section>
        </div>
    }
}
