//! The time-zone field: a combobox that finds zones by city (`los angeles`, `Tokyo`), country
//! (`Germany`) and common names (`Pacific Time`, `CET`), each shown with its current local time
//! and UTC offset; only a zone the browser knows is accepted. A refused entry says why and puts
//! the field back to the zone in use, so the field and the times shown never disagree. On the
//! guest's pages it also carries the 12 h / 24 h switch.

use leptos::prelude::*;

use crate::{
    i18n::{t, tf},
    time::{self, HourCycle},
    tr,
};

/// Common names of zones (and big cities without a zone of their own), lower case, each with
/// its zones (the first is the usual one). Countries come from the browser
/// ([`time::country_zones`]), the zones' own cities from their IANA names.
const COMMON_NAMES: &[(&str, &[&str])] = &[
    ("pacific time", &["America/Los_Angeles"]),
    ("pst", &["America/Los_Angeles"]),
    ("pdt", &["America/Los_Angeles"]),
    ("mountain time", &["America/Denver", "America/Phoenix"]),
    ("mst", &["America/Denver", "America/Phoenix"]),
    ("mdt", &["America/Denver"]),
    ("central time", &["America/Chicago", "America/Mexico_City"]),
    ("cst", &["America/Chicago"]),
    ("cdt", &["America/Chicago"]),
    ("eastern time", &["America/New_York", "America/Toronto"]),
    ("est", &["America/New_York"]),
    ("edt", &["America/New_York"]),
    ("atlantic time", &["America/Halifax"]),
    ("alaska time", &["America/Anchorage"]),
    ("hawaii time", &["Pacific/Honolulu"]),
    ("utc", &["UTC"]),
    ("coordinated universal time", &["UTC"]),
    ("gmt", &["Europe/London", "UTC"]),
    ("greenwich mean time", &["Europe/London", "UTC"]),
    ("bst", &["Europe/London"]),
    ("british time", &["Europe/London"]),
    ("wet", &["Europe/Lisbon"]),
    ("western european time", &["Europe/Lisbon"]),
    (
        "cet",
        &[
            "Europe/Berlin",
            "Europe/Paris",
            "Europe/Madrid",
            "Europe/Rome",
            "Europe/Amsterdam",
            "Europe/Warsaw",
        ],
    ),
    (
        "cest",
        &[
            "Europe/Berlin",
            "Europe/Paris",
            "Europe/Madrid",
            "Europe/Rome",
        ],
    ),
    (
        "central european time",
        &[
            "Europe/Berlin",
            "Europe/Paris",
            "Europe/Madrid",
            "Europe/Rome",
        ],
    ),
    (
        "eet",
        &[
            "Europe/Athens",
            "Europe/Helsinki",
            "Europe/Kyiv",
            "Europe/Bucharest",
        ],
    ),
    (
        "eastern european time",
        &["Europe/Athens", "Europe/Helsinki", "Europe/Kyiv"],
    ),
    ("moscow time", &["Europe/Moscow"]),
    ("msk", &["Europe/Moscow"]),
    ("ist", &["Asia/Kolkata"]),
    ("india time", &["Asia/Kolkata"]),
    ("china time", &["Asia/Shanghai"]),
    ("jst", &["Asia/Tokyo"]),
    ("japan time", &["Asia/Tokyo"]),
    ("kst", &["Asia/Seoul"]),
    ("sgt", &["Asia/Singapore"]),
    ("hkt", &["Asia/Hong_Kong"]),
    ("aest", &["Australia/Sydney", "Australia/Brisbane"]),
    ("aedt", &["Australia/Sydney"]),
    (
        "australian eastern time",
        &["Australia/Sydney", "Australia/Brisbane"],
    ),
    ("awst", &["Australia/Perth"]),
    ("nzst", &["Pacific/Auckland"]),
    ("nzdt", &["Pacific/Auckland"]),
    ("new zealand time", &["Pacific/Auckland"]),
    ("sast", &["Africa/Johannesburg"]),
    ("san francisco", &["America/Los_Angeles"]),
    ("seattle", &["America/Los_Angeles"]),
    ("san diego", &["America/Los_Angeles"]),
    ("las vegas", &["America/Los_Angeles"]),
    ("boston", &["America/New_York"]),
    ("washington dc", &["America/New_York"]),
    ("miami", &["America/New_York"]),
    ("atlanta", &["America/New_York"]),
    ("dallas", &["America/Chicago"]),
    ("houston", &["America/Chicago"]),
    ("austin", &["America/Chicago"]),
    ("montreal", &["America/Toronto"]),
    ("munich", &["Europe/Berlin"]),
    ("frankfurt", &["Europe/Berlin"]),
    ("hamburg", &["Europe/Berlin"]),
    ("barcelona", &["Europe/Madrid"]),
    ("milan", &["Europe/Rome"]),
    ("geneva", &["Europe/Zurich"]),
    ("mumbai", &["Asia/Kolkata"]),
    ("delhi", &["Asia/Kolkata"]),
    ("bangalore", &["Asia/Kolkata"]),
    ("beijing", &["Asia/Shanghai"]),
    ("shenzhen", &["Asia/Shanghai"]),
    ("osaka", &["Asia/Tokyo"]),
    ("tel aviv", &["Asia/Jerusalem"]),
    ("rio de janeiro", &["America/Sao_Paulo"]),
];

/// How many zones the list offers at once.
const MAX_FOUND: usize = 8;

/// A zone found for what was typed, and what it was found by (a city, country or common name).
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(Debug))]
pub struct Found {
    pub zone: String,
    /// `Los Angeles`, `Pacific Time`, `Germany`: the name that matched, as the list shows it.
    pub label: String,
    /// Lower is better: 0 exact, then a name starting with it, a word starting with it, inside.
    rank: u8,
}

/// Lower case (ASCII; other letters kept as they are, so no Unicode tables reach the bundle),
/// with `_`, `/`, `-` and other punctuation as single spaces: `America/Los_Angeles` →
/// `america los angeles`.
fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '+' || !c.is_ascii() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// How well `name` (normalized) matches `query` (normalized, not empty): 0 equal, 1 starts
/// with it, 2 a word of it starts with it, 3 contains it; `None` not at all.
fn rank(name: &str, query: &str) -> Option<u8> {
    if name == query {
        Some(0)
    } else if name.starts_with(query) {
        Some(1)
    } else if name
        .match_indices(query)
        .any(|(at, _)| name[..at].ends_with(' '))
    {
        Some(2)
    } else if name.contains(query) {
        Some(3)
    } else {
        None
    }
}

/// `Los_Angeles` → `Los Angeles`: the last part of an IANA name, as a place name.
pub fn city_of(zone: &str) -> String {
    zone.rsplit('/').next().unwrap_or(zone).replace('_', " ")
}

/// Title case for a lower-case common name: `pacific time` → `Pacific Time`; short
/// abbreviations (`cet`) in capitals.
fn display_name(name: &str) -> String {
    if name.len() <= 4 && !name.contains(' ') {
        return name.to_ascii_uppercase();
    }
    name.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// The zones matching `query`, best first, at most [`MAX_FOUND`]: by the zones' cities and
/// full names (`zones`), by common names (`names`, as [`COMMON_NAMES`]) and by countries
/// (`countries`: name in the page's language or in English → zones). Each zone appears once, under its best match;
/// ties go to the shorter, then the alphabetically first name.
pub fn search(
    query: &str,
    zones: &[String],
    names: &[(&str, &[&str])],
    countries: &[(String, Vec<String>)],
) -> Vec<Found> {
    let q = normalize(query);
    if q.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<Found> = Vec::new();
    let mut offer =
        |zone: &str, label: String, rank: u8| match found.iter_mut().find(|f| f.zone == zone) {
            Some(f) if f.rank <= rank => {}
            Some(f) => {
                f.rank = rank;
                f.label = label;
            }
            None => found.push(Found {
                zone: zone.to_owned(),
                label,
                rank,
            }),
        };
    for zone in zones {
        let city = city_of(zone);
        // The city first (`tokyo`), then the whole name (`asia tokyo`, `america`).
        let by_city = rank(&normalize(&city), &q);
        let by_name = rank(&normalize(zone), &q).map(|r| if r == 0 { 0 } else { r + 1 });
        if let Some(r) = by_city.into_iter().chain(by_name).min() {
            offer(zone, city, r * 4);
        }
    }
    for (name, targets) in names {
        if let Some(r) = rank(name, &q) {
            for (i, zone) in targets.iter().enumerate() {
                // The usual zone of a name first, the others just after it.
                offer(zone, display_name(name), r * 4 + 1 + (i > 0) as u8);
            }
        }
    }
    for (country, targets) in countries {
        if let Some(r) = rank(&normalize(country), &q) {
            for zone in targets {
                offer(zone, country.clone(), r * 4 + 2);
            }
        }
    }
    // The best few by picking the best left each time: no sort routine in the bundle for
    // what is at most a few hundred candidates.
    fn key(f: &Found) -> (u8, usize, &str, &str) {
        (f.rank, f.label.len(), &f.label, &f.zone)
    }
    let mut best = Vec::new();
    while best.len() < MAX_FOUND {
        let Some(at) = (0..found.len()).min_by_key(|&i| key(&found[i])) else {
            break;
        };
        best.push(found.swap_remove(at));
    }
    best
}

/// The countries (of `(name, code)`) whose names match `query` best, at most [`MAX_FOUND`].
fn best_countries<'a>(query: &str, countries: &'a [(String, String)]) -> Vec<(&'a str, &'a str)> {
    let q = normalize(query);
    if q.is_empty() {
        return Vec::new();
    }
    let mut matching: Vec<(u8, &str, &str)> = countries
        .iter()
        .filter_map(|(name, code)| {
            Some((rank(&normalize(name), &q)?, name.as_str(), code.as_str()))
        })
        .collect();
    let mut best = Vec::new();
    while best.len() < MAX_FOUND {
        let Some(at) = (0..matching.len()).min_by_key(|&i| (matching[i].0, matching[i].1.len()))
        else {
            break;
        };
        let (_, name, code) = matching.swap_remove(at);
        best.push((name, code));
    }
    best
}

/// A labelled "Time zone" combobox bound to `zone`, which only ever holds a zone the browser
/// knows. `hint` is the message id of the text under the field (else a hint on what to type);
/// `error` shows a message from outside (e.g. the server's) under the field; `clock_toggle`
/// adds the 12 h / 24 h switch (the guest's pages).
#[component]
pub fn ZonePicker(
    /// The input's id (the list's and hint's ids derive from it).
    id: &'static str,
    zone: RwSignal<String>,
    /// The message id of the hint, shown in the page's language.
    #[prop(optional, into)]
    hint: Option<&'static str>,
    #[prop(optional)] error: Option<RwSignal<Option<String>>>,
    #[prop(optional)] clock_toggle: bool,
) -> impl IntoView {
    let zones = StoredValue::new(time::supported_zones());
    // The countries the browser can name, read on the first search; their zones are asked for
    // only when a search finds them.
    let countries = StoredValue::new(None::<Vec<(String, String)>>);
    let typed = RwSignal::new(zone.get_untracked());
    let open = RwSignal::new(false);
    let active = RwSignal::new(0usize);
    // A refused entry: what was typed and the zone kept (the message is written when shown,
    // so it follows the page's language).
    let local_error = RwSignal::new(None::<(String, String)>);
    // Follow changes made elsewhere (e.g. a form filled from the server).
    Effect::new(move |_| typed.set(zone.get()));
    // The zone's clock, redrawn every 20 seconds.
    let tick = RwSignal::new(0u32);
    if let Ok(handle) = set_interval_with_handle(
        move || tick.update(|t| *t = t.wrapping_add(1)),
        std::time::Duration::from_secs(20),
    ) {
        on_cleanup(move || handle.clear());
    }

    let list_id = format!("{id}-list");
    let hint_id = format!("{id}-hint");
    let now_id = format!("{id}-now");
    let error_id = format!("{id}-error");
    let described = format!("{hint_id} {now_id} {error_id}");
    let option_id = move |i: usize| format!("{id}-option-{i}");
    let message = move || {
        local_error
            .get()
            .map(|(value, kept)| {
                tf(
                    "zone-unknown",
                    &[("value", value.into()), ("zone", kept.into())],
                )
            })
            .or_else(|| error.and_then(|e| e.get()))
    };

    let found = Memo::new(move |_| {
        if !open.get() {
            return Vec::new();
        }
        let text = typed.get();
        if countries.with_value(Option::is_none) {
            countries.set_value(Some(time::country_names()));
        }
        let found_countries: Vec<(String, Vec<String>)> = countries.with_value(|c| {
            best_countries(&text, c.as_deref().unwrap_or(&[]))
                .into_iter()
                .map(|(name, code)| (name.to_owned(), time::region_zones(code)))
                .collect()
        });
        let all = zones.with_value(|z| search(&text, z, COMMON_NAMES, &found_countries));
        all.into_iter()
            .filter(|f| zones.with_value(|z| z.contains(&f.zone)) || time::known_zone(&f.zone))
            .collect::<Vec<_>>()
    });

    let accept = move |found: String| {
        local_error.set(None);
        if let Some(e) = error {
            e.set(None);
        }
        open.set(false);
        typed.set(found.clone());
        if zone.get_untracked() != found {
            zone.set(found);
        }
    };
    // What was typed, without a pick from the list: a zone's exact name, or the one zone an
    // exact city, country or common name finds first; else refused, and the field shows the
    // zone in use again.
    let commit_text = move |value: String| {
        let value = value.trim().to_owned();
        if value.is_empty() || value == zone.get_untracked() {
            open.set(false);
            typed.set(zone.get_untracked());
            return;
        }
        let exact = zones
            .with_value(|z| time::match_zone(z, &value))
            .or_else(|| {
                found
                    .get_untracked()
                    .into_iter()
                    .next()
                    .filter(|f| f.rank < 4)
                    .map(|f| f.zone)
            });
        match exact {
            Some(z) => accept(z),
            None => {
                open.set(false);
                typed.set(zone.get_untracked());
                local_error.set(Some((value, zone.get_untracked())));
            }
        }
    };

    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = found.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                if !open.get_untracked() {
                    open.set(true);
                    active.set(0);
                } else if n > 0 {
                    active.update(|a| *a = (*a + 1) % n);
                }
            }
            "ArrowUp" => {
                ev.prevent_default();
                if n > 0 {
                    active.update(|a| *a = (*a + n - 1) % n);
                }
            }
            "Enter" => {
                ev.prevent_default();
                let picked = open
                    .get_untracked()
                    .then(|| found.with_untracked(|f| f.get(active.get_untracked()).cloned()))
                    .flatten();
                match picked {
                    Some(f) => accept(f.zone),
                    None => commit_text(typed.get_untracked()),
                }
            }
            "Escape" if open.get_untracked() || typed.get_untracked() != zone.get_untracked() => {
                ev.prevent_default();
                open.set(false);
                typed.set(zone.get_untracked());
            }
            _ => {}
        }
    };

    let now_line = move || {
        tick.track();
        time::hour_cycle();
        let z = zone.get();
        tf(
            "zone-local-time",
            &[
                ("time", time::now_in(&z).into()),
                ("offset", time::utc_offset(&z).into()),
            ],
        )
    };

    let options = move || {
        tick.track();
        found
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, f)| {
                let zone_name = f.zone.clone();
                let meta = format!(
                    "{} · {} · {}",
                    f.zone,
                    time::now_in(&f.zone),
                    time::utc_offset(&f.zone)
                );
                view! {
                    <li role="option" id=option_id(i)
                        aria-selected=move || (active.get() == i).to_string()
                        on:mousemove=move |_| if active.get_untracked() != i { active.set(i) }
                        on:click=move |_| accept(zone_name.clone())>
                        <span class="zone-label">{f.label}</span>
                        <span class="zone-meta">{meta}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let expanded = move || open.get() && found.with(|f| !f.is_empty());

    view! {
        <div class="field zone">
            <label for=id>{tr!("zone-label")}</label>
            <div class="combo">
                <input id=id type="text" role="combobox" autocomplete="off" spellcheck="false"
                    aria-autocomplete="list"
                    aria-controls=list_id.clone()
                    aria-expanded=move || expanded().to_string()
                    aria-activedescendant=move || expanded().then(|| option_id(active.get()))
                    aria-describedby=described
                    aria-invalid=move || message().is_some().to_string()
                    prop:value=move || typed.get()
                    on:input=move |ev| {
                        typed.set(event_target_value(&ev));
                        active.set(0);
                        open.set(true);
                    }
                    on:keydown=on_key
                    on:blur=move |_| {
                        if open.get_untracked() || typed.get_untracked() != zone.get_untracked() {
                            commit_text(typed.get_untracked());
                        }
                    } />
                <ul id=list_id role="listbox" aria-label=tr!("zone-found") class="zone-list"
                    on:mousedown=|ev| ev.prevent_default()
                    hidden=move || !expanded()>
                    {options}
                </ul>
            </div>
            <p id=hint_id class="hint">
                {move || t(hint.unwrap_or("zone-hint"))}
            </p>
            <p id=now_id class="hint zone-now">{now_line}</p>
            <p id=error_id class="error" aria-live="polite">{message}</p>
            {clock_toggle.then(|| view! { <ClockToggle name=id /> })}
        </div>
    }
}

/// The 12 h / 24 h switch: two radio buttons, remembered per browser ([`time::set_hour_cycle`]).
#[component]
fn ClockToggle(
    /// Makes the radio group's name unique on the page.
    name: &'static str,
) -> impl IntoView {
    let group = format!("{name}-clock");
    let choice = move |cycle: HourCycle| {
        let group = group.clone();
        view! {
            <label class="clock-choice">
                <input type="radio" name=group value=cycle.label()
                    prop:checked=move || time::hour_cycle() == cycle
                    on:change=move |_| time::set_hour_cycle(cycle) />
                {cycle.label()}
            </label>
        }
    };
    view! {
        <fieldset class="clock-toggle">
            <legend>{tr!("zone-clock")}</legend>
            {choice(HourCycle::H12)}
            {choice(HourCycle::H24)}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zones() -> Vec<String> {
        [
            "America/Los_Angeles",
            "America/New_York",
            "America/Denver",
            "America/Chicago",
            "America/Phoenix",
            "Asia/Tokyo",
            "Europe/Berlin",
            "Europe/Busingen",
            "Europe/Paris",
            "Europe/London",
            "Pacific/Honolulu",
            "UTC",
        ]
        .map(String::from)
        .to_vec()
    }

    fn countries() -> Vec<(String, Vec<String>)> {
        vec![
            (
                "Germany".to_owned(),
                vec!["Europe/Berlin".to_owned(), "Europe/Busingen".to_owned()],
            ),
            ("Japan".to_owned(), vec!["Asia/Tokyo".to_owned()]),
        ]
    }

    fn first(query: &str) -> Found {
        search(query, &zones(), COMMON_NAMES, &countries())
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("nothing found for {query:?}"))
    }

    #[test]
    fn cities_common_names_and_countries_find_their_zone_first() {
        for (query, zone) in [
            ("los angeles", "America/Los_Angeles"),
            ("Los_Angeles", "America/Los_Angeles"),
            ("Pacific Time", "America/Los_Angeles"),
            ("Tokyo", "Asia/Tokyo"),
            ("CET", "Europe/Berlin"),
            ("new york", "America/New_York"),
            ("Germany", "Europe/Berlin"),
            ("america/new_york", "America/New_York"),
            ("san francisco", "America/Los_Angeles"),
        ] {
            assert_eq!(first(query).zone, zone, "{query}");
        }
        assert_eq!(first("Pacific Time").label, "Pacific Time");
        assert_eq!(first("cet").label, "CET");
        assert_eq!(first("germany").label, "Germany");
    }

    #[test]
    fn an_exact_name_outranks_a_prefix_and_a_prefix_outranks_a_word_inside() {
        let found = search("par", &zones(), COMMON_NAMES, &countries());
        assert_eq!(found[0].zone, "Europe/Paris");
        // `eastern time` and `central time` both start a word with `time` inside; an exact
        // city would come first.
        let found = search("time", &zones(), COMMON_NAMES, &countries());
        assert!(found.iter().all(|f| f.rank >= 8), "{found:?}");
        let exact = first("tokyo");
        assert_eq!(exact.rank, 0);
    }

    #[test]
    fn each_zone_once_and_at_most_eight() {
        let found = search("a", &zones(), COMMON_NAMES, &countries());
        assert!(found.len() <= MAX_FOUND);
        let names: std::collections::HashSet<_> = found.iter().map(|f| &f.zone).collect();
        assert_eq!(names.len(), found.len());
        assert!(search("  ", &zones(), COMMON_NAMES, &countries()).is_empty());
        assert!(search("Mars/Olympus", &zones(), COMMON_NAMES, &countries()).is_empty());
    }

    #[test]
    fn the_best_matching_countries_are_asked_for_their_zones() {
        let names = [
            ("Germany", "DE"),
            ("Georgia", "GE"),
            ("Niger", "NE"),
            ("Nigeria", "NG"),
        ]
        .map(|(n, c)| (n.to_owned(), c.to_owned()));
        let best = best_countries("ger", &names);
        assert_eq!(
            best,
            [("Germany", "DE"), ("Niger", "NE"), ("Nigeria", "NG")]
        );
        assert!(best_countries(" ", &names).is_empty());
    }

    #[test]
    fn names_read_as_place_names() {
        assert_eq!(city_of("America/Los_Angeles"), "Los Angeles");
        assert_eq!(normalize("America/Los_Angeles"), "america los angeles");
        assert_eq!(display_name("pacific time"), "Pacific Time");
    }
}
