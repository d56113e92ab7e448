//! The dashboard's Agendas tab: the host's agendas with their booking links (copy, activate,
//! deactivate, delete, invites) and the editor with weekly hours, date overrides, booking
//! rules, confirmation and listing, reminders and the booking form's questions (the last two,
//! and the invites, in their own modules).

use chrono::NaiveDate;
use leptos::{prelude::*, task::spawn_local};
use smartcal_types::{
    Agenda, AvailabilityInterval, CreateAgendaRequest, DateOverride, Host, TimeInterval,
    UpdateAgendaRequest,
};

use super::{
    index_of,
    invites::InvitesSection,
    next_key,
    questions::{QuestionsDraft, QuestionsEditor},
    reminders::{parse_minutes, RemindersField},
};
use crate::{
    api,
    components::{focus_first_invalid, Confirm, ConfirmDialog, Loader, ZonePicker},
    dom,
    i18n::{t, tf},
    tr,
};

/// The editor form's id (its first invalid field takes focus after a failed save).
const EDITOR_ID: &str = "agenda-editor";

/// API weekday names, Monday first (their names come from the browser: [`weekday_name`]).
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The name of weekday `i` (0: Monday) in the page's locale, written by the browser's `Intl`
/// like every date (tracked).
fn weekday_name(i: usize) -> String {
    let options = js_sys::Object::new();
    for (key, value) in [("weekday", "long"), ("timeZone", "UTC")] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    // Noon UTC on 1 January 2024, a Monday, and the days after it.
    let millis = 1_704_110_400_000_i64 + i as i64 * 86_400_000;
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis as f64))
        .to_locale_date_string(&crate::time::format_locale(), &options)
        .into()
}

/// One `HH:MM`–`HH:MM` row. An end of `00:00` means midnight at the end of the day (`24:00`),
/// since a time input cannot hold `24:00`.
#[derive(Clone, Copy)]
struct Hours {
    key: u64,
    start: RwSignal<String>,
    end: RwSignal<String>,
    error: RwSignal<Option<String>>,
}

impl Hours {
    fn new(start: &str, end: &str) -> Self {
        let end = if end == "24:00" { "00:00" } else { end };
        Hours {
            key: next_key(),
            start: RwSignal::new(start.to_owned()),
            end: RwSignal::new(end.to_owned()),
            error: RwSignal::new(None),
        }
    }

    /// `(start, end)` as the API wants them, or why not.
    fn read(&self) -> Result<(String, String), String> {
        let start = self.start.get_untracked();
        let mut end = self.end.get_untracked();
        if start.is_empty() || end.is_empty() {
            return Err(t("agendas-hours-missing"));
        }
        if end == "00:00" {
            end = "24:00".to_owned();
        }
        if end <= start {
            return Err(t("agendas-hours-order"));
        }
        Ok((start, end))
    }
}

/// A date with other hours (none: a day off).
#[derive(Clone, Copy)]
struct OverrideRow {
    key: u64,
    date: RwSignal<String>,
    hours: RwSignal<Vec<Hours>>,
    error: RwSignal<Option<String>>,
}

/// The editor's state: strings as typed, parsed on save.
#[derive(Clone, Copy)]
struct Draft {
    title: RwSignal<String>,
    slug: RwSignal<String>,
    description: RwSignal<String>,
    duration: RwSignal<String>,
    /// Guests per start, 1–1000.
    seats: RwSignal<String>,
    zone: RwSignal<String>,
    week: [RwSignal<Vec<Hours>>; 7],
    overrides: RwSignal<Vec<OverrideRow>>,
    buffer_before: RwSignal<String>,
    buffer_after: RwSignal<String>,
    notice: RwSignal<String>,
    horizon: RwSignal<String>,
    step: RwSignal<String>,
    max_per_day: RwSignal<String>,
    max_per_week: RwSignal<String>,
    max_per_month: RwSignal<String>,
    /// Minutes before the start, comma separated.
    reminders: RwSignal<String>,
    requires_confirmation: RwSignal<bool>,
    listed: RwSignal<bool>,
    questions: QuestionsDraft,
    active: RwSignal<bool>,
}

impl Draft {
    fn new(agenda: Option<&Agenda>, host_zone: &str) -> Self {
        let week = std::array::from_fn(|i| {
            let day = WEEKDAYS[i];
            let hours = match agenda {
                Some(a) => a
                    .availability
                    .iter()
                    .filter(|x| x.weekday == day)
                    .map(|x| Hours::new(&x.start, &x.end))
                    .collect(),
                None if i < 5 => vec![Hours::new("09:00", "17:00")],
                None => Vec::new(),
            };
            RwSignal::new(hours)
        });
        let overrides = agenda
            .map(|a| {
                a.date_overrides
                    .iter()
                    .map(|o| OverrideRow {
                        key: next_key(),
                        date: RwSignal::new(o.date.format("%Y-%m-%d").to_string()),
                        hours: RwSignal::new(
                            o.intervals
                                .iter()
                                .map(|i| Hours::new(&i.start, &i.end))
                                .collect(),
                        ),
                        error: RwSignal::new(None),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let num = |v: u32| v.to_string();
        Draft {
            title: RwSignal::new(agenda.map(|a| a.title.clone()).unwrap_or_default()),
            slug: RwSignal::new(agenda.map(|a| a.slug.clone()).unwrap_or_default()),
            description: RwSignal::new(agenda.map(|a| a.description.clone()).unwrap_or_default()),
            duration: RwSignal::new(agenda.map_or("30".to_owned(), |a| num(a.duration_minutes))),
            seats: RwSignal::new(agenda.map_or("1".to_owned(), |a| num(a.seats))),
            zone: RwSignal::new(agenda.map_or(host_zone.to_owned(), |a| a.time_zone.clone())),
            week,
            overrides: RwSignal::new(overrides),
            buffer_before: RwSignal::new(
                agenda.map_or("0".into(), |a| num(a.buffer_before_minutes)),
            ),
            buffer_after: RwSignal::new(agenda.map_or("0".into(), |a| num(a.buffer_after_minutes))),
            notice: RwSignal::new(agenda.map_or("240".into(), |a| num(a.min_notice_minutes))),
            horizon: RwSignal::new(agenda.map_or("60".into(), |a| num(a.horizon_days))),
            step: RwSignal::new(agenda.map(|a| num(a.slot_step_minutes)).unwrap_or_default()),
            max_per_day: RwSignal::new(
                agenda
                    .and_then(|a| a.max_bookings_per_day)
                    .map(num)
                    .unwrap_or_default(),
            ),
            max_per_week: RwSignal::new(
                agenda
                    .and_then(|a| a.max_bookings_per_week)
                    .map(num)
                    .unwrap_or_default(),
            ),
            max_per_month: RwSignal::new(
                agenda
                    .and_then(|a| a.max_bookings_per_month)
                    .map(num)
                    .unwrap_or_default(),
            ),
            reminders: RwSignal::new(
                agenda
                    .map(|a| {
                        let list: Vec<String> =
                            a.reminders_minutes.iter().map(|m| m.to_string()).collect();
                        list.join(", ")
                    })
                    .unwrap_or_default(),
            ),
            requires_confirmation: RwSignal::new(agenda.is_some_and(|a| a.requires_confirmation)),
            listed: RwSignal::new(agenda.is_none_or(|a| a.listed)),
            questions: QuestionsDraft::new(agenda.map_or(&[][..], |a| &a.questions)),
            active: RwSignal::new(agenda.is_none_or(|a| a.active)),
        }
    }
}

/// Per-field messages of the editor, keyed by the API's field names.
type Errors = RwSignal<Vec<(String, String)>>;

fn message(errors: Errors, field: &'static str) -> impl Fn() -> Option<String> + Copy {
    move || errors.with(|e| e.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()))
}

/// Everything the editor sends, parsed from the draft; per-field messages where it cannot.
struct Parsed {
    title: String,
    slug: Option<String>,
    description: String,
    duration: u32,
    seats: u32,
    zone: String,
    availability: Vec<AvailabilityInterval>,
    /// For each availability entry, the row it came from (to put server messages there).
    availability_rows: Vec<Hours>,
    overrides: Vec<DateOverride>,
    override_rows: Vec<OverrideRow>,
    buffer_before: u32,
    buffer_after: u32,
    notice: u32,
    horizon: u32,
    step: Option<u32>,
    max_per_day: Option<u32>,
    max_per_week: Option<u32>,
    max_per_month: Option<u32>,
    reminders: Vec<u32>,
    requires_confirmation: bool,
    listed: bool,
    questions: Vec<smartcal_types::Question>,
    active: bool,
}

fn parse(d: &Draft, errors: &mut Vec<(String, String)>) -> Option<Parsed> {
    let mut number = |field: &str, value: RwSignal<String>, optional: bool| -> Option<u32> {
        let v = value.get_untracked();
        let v = v.trim();
        if v.is_empty() && optional {
            return None;
        }
        match v.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push((field.to_owned(), t("agendas-whole-number")));
                None
            }
        }
    };
    let duration = number("duration_minutes", d.duration, false);
    let seats = number("seats", d.seats, false);
    let buffer_before = number("buffer_before_minutes", d.buffer_before, false);
    let buffer_after = number("buffer_after_minutes", d.buffer_after, false);
    let notice = number("min_notice_minutes", d.notice, false);
    let horizon = number("horizon_days", d.horizon, false);
    let step = number("slot_step_minutes", d.step, true);
    let max_per_day = number("max_bookings_per_day", d.max_per_day, true);
    let max_per_week = number("max_bookings_per_week", d.max_per_week, true);
    let max_per_month = number("max_bookings_per_month", d.max_per_month, true);

    let reminders = parse_minutes(&d.reminders.get_untracked());
    if reminders.is_none() {
        errors.push((
            "reminders_minutes".to_owned(),
            t("agendas-reminders-invalid"),
        ));
    }
    let seats = seats.filter(|n| (1..=1000).contains(n));
    if seats.is_none() && !errors.iter().any(|(f, _)| f == "seats") {
        errors.push(("seats".to_owned(), t("agendas-seats-range")));
    }
    let title = d.title.get_untracked().trim().to_owned();
    if title.is_empty() {
        errors.push(("title".to_owned(), t("agendas-title-missing")));
    }
    let mut rows_ok = true;
    let mut availability = Vec::new();
    let mut availability_rows = Vec::new();
    for (i, day) in d.week.iter().enumerate() {
        for h in day.get_untracked() {
            match h.read() {
                Ok((start, end)) => {
                    h.error.set(None);
                    availability.push(AvailabilityInterval {
                        weekday: WEEKDAYS[i].to_owned(),
                        start,
                        end,
                    });
                    availability_rows.push(h);
                }
                Err(e) => {
                    h.error.set(Some(e));
                    rows_ok = false;
                }
            }
        }
    }
    let mut overrides = Vec::new();
    let override_rows = d.overrides.get_untracked();
    for row in &override_rows {
        row.error.set(None);
        let date = NaiveDate::parse_from_str(&row.date.get_untracked(), "%Y-%m-%d");
        let mut intervals = Vec::new();
        for h in row.hours.get_untracked() {
            match h.read() {
                Ok((start, end)) => {
                    h.error.set(None);
                    intervals.push(TimeInterval { start, end });
                }
                Err(e) => {
                    h.error.set(Some(e));
                    rows_ok = false;
                }
            }
        }
        match date {
            Ok(date) => overrides.push(DateOverride { date, intervals }),
            Err(_) => {
                row.error.set(Some(t("agendas-override-date-missing")));
                rows_ok = false;
            }
        }
    }
    if !errors.is_empty() || !rows_ok {
        return None;
    }
    let slug = d.slug.get_untracked().trim().to_owned();
    Some(Parsed {
        title,
        slug: (!slug.is_empty()).then_some(slug),
        description: d.description.get_untracked().trim().to_owned(),
        duration: duration?,
        seats: seats?,
        zone: d.zone.get_untracked(),
        availability,
        availability_rows,
        overrides,
        override_rows,
        buffer_before: buffer_before?,
        buffer_after: buffer_after?,
        notice: notice?,
        horizon: horizon?,
        step,
        max_per_day,
        max_per_week,
        max_per_month,
        reminders: reminders?,
        requires_confirmation: d.requires_confirmation.get_untracked(),
        listed: d.listed.get_untracked(),
        questions: d.questions.read(),
        active: d.active.get_untracked(),
    })
}

/// The Agendas tab. `count` follows how many agendas the host has (the dashboard invites a
/// host without one to create it); `first` set opens the editor for that first agenda.
#[component]
pub fn AgendasPanel(
    host: Host,
    count: RwSignal<Option<usize>>,
    first: RwSignal<bool>,
) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let agendas = LocalResource::new(move || {
        reload.track();
        api::list_agendas()
    });
    Effect::new(move |_| {
        if let Some(Ok(list)) = agendas.get() {
            count.set(Some(list.items.len()));
        }
    });
    // None: the list; Some(None): a new agenda; Some(Some(a)): editing `a`.
    let editing = RwSignal::new(None::<Option<Agenda>>);
    let status = RwSignal::new(None::<String>);
    // The new agenda being edited is the host's first, opened from the invitation.
    let starting = RwSignal::new(false);
    Effect::new(move |_| {
        if first.get() {
            first.set(false);
            starting.set(true);
            status.set(None);
            editing.set(Some(None));
            dom::focus_later("editor-heading");
        }
    });
    let error = RwSignal::new(None::<String>);
    // The agendas whose Invites section is open.
    let invites_open = RwSignal::new(Vec::<uuid::Uuid>::new());
    let host_zone = host.time_zone.clone();

    let close = move |saved: Option<String>| {
        editing.set(None);
        starting.set(false);
        if let Some(msg) = saved {
            status.set(Some(msg));
            reload.update(|n| *n += 1);
        }
        dom::focus_later("agendas-heading");
    };

    let patch_active = move |a: Agenda| {
        error.set(None);
        status.set(None);
        let body = UpdateAgendaRequest {
            active: Some(!a.active),
            ..Default::default()
        };
        spawn_local(async move {
            match api::update_agenda(a.id, &body).await {
                Ok(updated) => {
                    let id = if updated.active {
                        "agendas-now-active"
                    } else {
                        "agendas-now-inactive"
                    };
                    status.set(Some(tf(id, &[("title", updated.title.as_str().into())])));
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };

    let confirm = Confirm::new();
    let delete = move |a: Agenda| {
        let question = tf("agendas-delete-question", &[("title", (&a.title).into())]);
        confirm.ask(
            &t("agendas-delete-title"),
            question,
            &t("agendas-delete"),
            move || {
                error.set(None);
                status.set(None);
                spawn_local(async move {
                    match api::delete_agenda(a.id).await {
                        Ok(()) => {
                            status
                                .set(Some(tf("agendas-deleted", &[("title", (&a.title).into())])));
                            reload.update(|n| *n += 1);
                            dom::focus_later("agendas-heading");
                        }
                        Err(e) => error.set(Some(e.message)),
                    }
                });
            },
        );
    };

    let copy_link = move |url: String| {
        status.set(Some(if dom::copy_text(&url) {
            t("agendas-link-copied")
        } else {
            tf("agendas-copy-by-hand", &[("url", (&url).into())])
        }));
    };

    view! {
        <ConfirmDialog id="delete-agenda-dialog" confirm=confirm return_to=Some("agendas-heading") />
        <div class="panel-head">
            <h2 id="agendas-heading" tabindex="-1">{tr!("agendas-heading")}</h2>
            <button type="button" class="primary" hidden=move || editing.with(Option::is_some)
                on:click=move |_| { status.set(None); starting.set(false); editing.set(Some(None)); dom::focus_later("editor-heading"); }>
                {tr!("agendas-new")}
            </button>
        </div>
        <div class="alerts" role="alert" aria-live="assertive">
            {move || error.get().map(|m| view! { <p class="error">{m}</p> })}
        </div>
        <div class="notices" role="status" aria-live="polite">
            {move || status.get().map(|m| view! { <p class="success">{m}</p> })}
        </div>
        {move || match editing.get() {
            Some(agenda) => view! {
                <AgendaEditor agenda=agenda host_zone=host_zone.clone() first=starting.get_untracked() on_done=close />
            }.into_any(),
            None => view! {
                <Loader load=move || agendas.get() let:list>
                    {if list.items.is_empty() {
                        view! {
                            <p class="muted">{tr!("agendas-empty")}</p>
                        }.into_any()
                    } else {
                        view! {
                            <ul class="agendas">
                                {list.items.into_iter().map(|a| {
                                    let url = format!("{}{}", api::origin(), a.booking_path);
                                    let (for_edit, for_toggle, for_delete) = (a.clone(), a.clone(), a.clone());
                                    let url_for_copy = url.clone();
                                    let title = a.title.clone();
                                    let agenda_id = a.id;
                                    let invites_title = a.title.clone();
                                    let (minutes, zone, seats) = (a.duration_minutes, a.time_zone.clone(), a.seats);
                                    let active = a.active;
                                    let (toggle_label, toggle) = if active {
                                        ("agendas-deactivate-label", "agendas-deactivate")
                                    } else {
                                        ("agendas-activate-label", "agendas-activate")
                                    };
                                    view! {
                                        <li class="agenda" class:inactive=!a.active>
                                            <h3 dir="auto">{a.title.clone()}</h3>
                                            <p class="muted">
                                                {tr!("agendas-summary", minutes = minutes, zone = &zone)}
                                                {(seats > 1).then(|| view! { " · " {tr!("agendas-seats-per-time", seats = seats)} })}
                                                " · "
                                                <span class="badge">{move || t(if active { "agendas-badge-active" } else { "agendas-badge-inactive" })}</span>
                                                {(!a.listed).then(|| view! { " " <span class="badge idle">{tr!("agendas-badge-unlisted")}</span> })}
                                                {a.requires_confirmation.then(|| view! { " " <span class="badge idle">{tr!("agendas-badge-requires-confirmation")}</span> })}
                                            </p>
                                            <p class="link-line"><a href=url.clone()>{url.clone()}</a></p>
                                            <div class="actions-row">
                                                <button type="button"
                                                    aria-label={let title = title.clone(); tr!("agendas-copy-link-label", title = &title)}
                                                    on:click=move |_| copy_link(url_for_copy.clone())>{tr!("agendas-copy-link")}</button>
                                                <button type="button"
                                                    aria-label={let title = title.clone(); tr!("agendas-edit-label", title = &title)}
                                                    on:click=move |_| { status.set(None); starting.set(false); editing.set(Some(Some(for_edit.clone()))); dom::focus_later("editor-heading"); }>{tr!("agendas-edit")}</button>
                                                <button type="button"
                                                    aria-label={let title = title.clone(); move || tf(toggle_label, &[("title", (&title).into())])}
                                                    on:click=move |_| patch_active(for_toggle.clone())>
                                                    {move || t(toggle)}
                                                </button>
                                                <button type="button"
                                                    aria-label={let title = title.clone(); tr!("agendas-invites-label", title = &title)}
                                                    aria-expanded=move || invites_open.with(|o| o.contains(&agenda_id)).to_string()
                                                    on:click=move |_| invites_open.update(|o| {
                                                        if o.contains(&agenda_id) { o.retain(|x| *x != agenda_id) } else { o.push(agenda_id) }
                                                    })>{tr!("agendas-invites")}</button>
                                                <button type="button" class="danger"
                                                    aria-label=tr!("agendas-delete-label", title = &title)
                                                    on:click=move |_| delete(for_delete.clone())>{tr!("agendas-delete")}</button>
                                            </div>
                                            {move || invites_open.with(|o| o.contains(&agenda_id)).then(|| {
                                                view! { <InvitesSection agenda_id=agenda_id title=invites_title.clone() /> }
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </Loader>
            }.into_any(),
        }}
    }
}

/// A number input with its label, hint and error (`label_msg` and `hint_msg`: message ids).
#[component]
fn NumberField(
    id: &'static str,
    label_msg: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] hint_msg: Option<&'static str>,
    #[prop(default = "0")] min: &'static str,
    #[prop(optional)] max: Option<&'static str>,
    error: impl Fn() -> Option<String> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{move || t(label_msg)}</label>
            <input id=id type="number" min=min max=max inputmode="numeric"
                aria-describedby=format!("{hint_id} {error_id}")
                aria-invalid=move || error().is_some().to_string()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev)) />
            <p id=hint_id class="hint">{move || hint_msg.map(t)}</p>
            <p id=error_id class="error">{error}</p>
        </div>
    }
}

/// Start/end inputs of one interval plus its remove button. `what` names the day for labels.
#[component]
fn HoursRow(hours: Hours, what: Signal<String>, on_remove: impl Fn() + 'static) -> impl IntoView {
    let error_id = format!("hours-{}-error", hours.key);
    view! {
        <li class="hours">
            <input type="time" aria-label=move || tf("agendas-hours-from", &[("day", what.get().into())])
                aria-describedby=error_id.clone()
                aria-invalid=move || hours.error.get().is_some().to_string()
                prop:value=move || hours.start.get()
                on:input=move |ev| hours.start.set(event_target_value(&ev)) />
            <span aria-hidden="true">"–"</span>
            <input type="time" aria-label=move || tf("agendas-hours-until", &[("day", what.get().into())])
                aria-describedby=error_id.clone()
                aria-invalid=move || hours.error.get().is_some().to_string()
                prop:value=move || hours.end.get()
                on:input=move |ev| hours.end.set(event_target_value(&ev)) />
            <button type="button" class="icon" aria-label=move || tf("agendas-remove-hours", &[("day", what.get().into())])
                on:click=move |_| on_remove()>
                <span aria-hidden="true">"×"</span>
            </button>
            <p id=error_id class="error">{move || hours.error.get()}</p>
        </li>
    }
}

/// Create (`agenda` None) or edit an agenda. `on_done` gets a message when it saved. `first`:
/// the host's first agenda, offered ready to create (a title besides the usual defaults).
#[component]
fn AgendaEditor(
    agenda: Option<Agenda>,
    host_zone: String,
    #[prop(optional)] first: bool,
    on_done: impl Fn(Option<String>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = agenda.as_ref().map(|a| a.id);
    let draft = Draft::new(agenda.as_ref(), &host_zone);
    if first && id.is_none() {
        // What the first agenda is called in the editor the dashboard's invitation opens.
        draft.title.set(t("agendas-first-title"));
    }
    let errors: Errors = RwSignal::new(Vec::new());
    let zone_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let mut found = Vec::new();
        let parsed = parse(&draft, &mut found);
        errors.set(found);
        form_error.set(None);
        zone_error.set(None);
        let Some(p) = parsed else {
            form_error.set(Some(t("agendas-correct-fields")));
            focus_first_invalid(EDITOR_ID);
            return;
        };
        busy.set(true);
        let availability_rows = p.availability_rows.clone();
        let override_rows = p.override_rows.clone();
        spawn_local(async move {
            let title = p.title.clone();
            let result = match id {
                None => {
                    let body = CreateAgendaRequest {
                        title: p.title,
                        slug: p.slug,
                        description: (!p.description.is_empty()).then_some(p.description),
                        duration_minutes: p.duration,
                        time_zone: Some(p.zone),
                        availability: p.availability,
                        date_overrides: p.overrides,
                        buffer_before_minutes: Some(p.buffer_before),
                        buffer_after_minutes: Some(p.buffer_after),
                        min_notice_minutes: Some(p.notice),
                        horizon_days: Some(p.horizon),
                        slot_step_minutes: p.step,
                        max_bookings_per_day: p.max_per_day,
                        max_bookings_per_week: p.max_per_week,
                        max_bookings_per_month: p.max_per_month,
                        questions: Some(p.questions),
                        requires_confirmation: Some(p.requires_confirmation),
                        reminders_minutes: Some(p.reminders),
                        listed: Some(p.listed),
                        active: Some(p.active),
                        seats: Some(p.seats),
                    };
                    api::create_agenda(&body).await
                }
                Some(id) => {
                    let body = UpdateAgendaRequest {
                        title: Some(p.title),
                        slug: p.slug,
                        description: Some(p.description),
                        duration_minutes: Some(p.duration),
                        time_zone: Some(p.zone),
                        availability: Some(p.availability),
                        date_overrides: Some(p.overrides),
                        buffer_before_minutes: Some(p.buffer_before),
                        buffer_after_minutes: Some(p.buffer_after),
                        min_notice_minutes: Some(p.notice),
                        horizon_days: Some(p.horizon),
                        slot_step_minutes: p.step,
                        max_bookings_per_day: Some(p.max_per_day),
                        max_bookings_per_week: Some(p.max_per_week),
                        max_bookings_per_month: Some(p.max_per_month),
                        questions: Some(p.questions),
                        requires_confirmation: Some(p.requires_confirmation),
                        reminders_minutes: Some(p.reminders),
                        listed: Some(p.listed),
                        active: Some(p.active),
                        seats: Some(p.seats),
                        ..Default::default()
                    };
                    api::update_agenda(id, &body).await
                }
            };
            busy.set(false);
            match result {
                Ok(_) => {
                    let done = if id.is_some() {
                        "agendas-saved"
                    } else {
                        "agendas-created"
                    };
                    on_done(Some(tf(done, &[("title", (&title).into())])))
                }
                Err(e) => {
                    let mut rest = Vec::new();
                    for (field, msg) in draft.questions.show_errors(&e.fields) {
                        let field = &field;
                        if let Some((i, _)) = index_of(field, "availability") {
                            if let Some(row) = availability_rows.get(i) {
                                row.error.set(Some(msg.clone()));
                                continue;
                            }
                        }
                        if field.starts_with("reminders_minutes") {
                            rest.push(("reminders_minutes".to_owned(), msg));
                            continue;
                        }
                        if let Some((i, _)) = index_of(field, "date_overrides") {
                            if let Some(row) = override_rows.get(i) {
                                row.error.set(Some(msg.clone()));
                                continue;
                            }
                        }
                        if field == "time_zone" {
                            zone_error.set(Some(msg.clone()));
                        }
                        rest.push((field.clone(), msg.clone()));
                    }
                    errors.set(rest);
                    form_error.set(Some(if e.fields.is_empty() {
                        e.message
                    } else {
                        t("agendas-correct-fields")
                    }));
                    focus_first_invalid(EDITOR_ID);
                }
            }
        });
    };

    let title_err = message(errors, "title");
    let slug_err = message(errors, "slug");
    let description_err = message(errors, "description");

    let add_override = move |_| {
        draft.overrides.update(|o| {
            o.push(OverrideRow {
                key: next_key(),
                date: RwSignal::new(String::new()),
                hours: RwSignal::new(Vec::new()),
                error: RwSignal::new(None),
            })
        });
    };

    view! {
        <form id=EDITOR_ID class="agenda-editor" on:submit=submit novalidate aria-labelledby="editor-heading">
            <h3 id="editor-heading" tabindex="-1">{move || t(match (id.is_some(), first) {
                (true, _) => "agendas-edit-heading",
                (false, true) => "agendas-first-heading",
                (false, false) => "agendas-new-heading",
            })}</h3>
            {(first && id.is_none()).then(|| view! {
                <p class="hint">{tr!("agendas-first-hint")}</p>
            })}
            <div class="field">
                <label for="agenda-title">{tr!("agendas-title")}</label>
                <input id="agenda-title" type="text" required
                    aria-describedby="agenda-title-error"
                    aria-invalid=move || title_err().is_some().to_string()
                    prop:value=move || draft.title.get()
                    on:input=move |ev| draft.title.set(event_target_value(&ev)) />
                <p id="agenda-title-error" class="error">{title_err}</p>
            </div>
            <div class="field">
                <label for="agenda-slug">{tr!("agendas-slug")}</label>
                <input id="agenda-slug" type="text" autocomplete="off" spellcheck="false"
                    aria-describedby="agenda-slug-hint agenda-slug-error"
                    aria-invalid=move || slug_err().is_some().to_string()
                    prop:value=move || draft.slug.get()
                    on:input=move |ev| draft.slug.set(event_target_value(&ev)) />
                <p id="agenda-slug-hint" class="hint">{tr!("agendas-slug-hint")}</p>
                <p id="agenda-slug-error" class="error">{slug_err}</p>
            </div>
            <div class="field">
                <label for="agenda-description">{tr!("agendas-description")}</label>
                <textarea id="agenda-description" rows="3"
                    aria-describedby="agenda-description-error"
                    aria-invalid=move || description_err().is_some().to_string()
                    prop:value=move || draft.description.get()
                    on:input=move |ev| draft.description.set(event_target_value(&ev))></textarea>
                <p id="agenda-description-error" class="error">{description_err}</p>
            </div>
            <NumberField id="agenda-duration" label_msg="agendas-duration" value=draft.duration
                error=message(errors, "duration_minutes") />
            <NumberField id="agenda-seats" label_msg="agendas-seats" value=draft.seats min="1" max="1000"
                hint_msg="agendas-seats-hint"
                error=message(errors, "seats") />
            <ZonePicker id="agenda-tz" zone=draft.zone error=zone_error
                hint="agendas-zone-hint" />

            <fieldset class="week">
                <legend>{tr!("agendas-weekly-hours")}</legend>
                <p class="hint">{tr!("agendas-weekly-hours-hint")}</p>
                <ul class="days">
                    {(0..WEEKDAYS.len()).map(|i| {
                        let day = draft.week[i];
                        let name = Signal::derive(move || weekday_name(i));
                        view! {
                            <li class="day-hours">
                                <span class="day-name">{name}</span>
                                <div>
                                    <p class="muted" hidden=move || day.with(|d| !d.is_empty())>{tr!("agendas-unavailable")}</p>
                                    <ul class="intervals">
                                        <For each=move || day.get() key=|h| h.key let(h)>
                                            <HoursRow hours=h what=name
                                                on_remove=move || day.update(|d| d.retain(|x| x.key != h.key)) />
                                        </For>
                                    </ul>
                                    <button type="button" class="link"
                                        aria-label=move || tf("agendas-add-hours-on", &[("day", name.get().into())])
                                        on:click=move |_| {
                                            let (start, end) = day.with_untracked(|d| match d.last() {
                                                Some(last) => (last.end.get_untracked(), String::new()),
                                                None => ("09:00".to_owned(), "17:00".to_owned()),
                                            });
                                            day.update(|d| d.push(Hours::new(&start, &end)));
                                        }>
                                        {tr!("agendas-add-hours")}
                                    </button>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </fieldset>

            <fieldset class="overrides">
                <legend>{tr!("agendas-overrides")}</legend>
                <p class="hint">{tr!("agendas-overrides-hint")}</p>
                <ul class="override-list">
                    <For each=move || draft.overrides.get() key=|o| o.key let(row)>
                        {
                            let date_id = format!("override-{}-date", row.key);
                            let error_id = format!("override-{}-error", row.key);
                            let what = Signal::derive(move || {
                                let d = row.date.get();
                                if d.is_empty() { t("agendas-override-new-date") } else { d }
                            });
                            view! {
                                <li class="override">
                                    <div class="override-date">
                                        <label for=date_id.clone()>{tr!("agendas-date")}</label>
                                        <input id=date_id type="date"
                                            aria-describedby=error_id.clone()
                                            aria-invalid=move || row.error.get().is_some().to_string()
                                            prop:value=move || row.date.get()
                                            on:input=move |ev| row.date.set(event_target_value(&ev)) />
                                        <button type="button" class="link danger-link"
                                            aria-label=move || tf("agendas-remove-override", &[("date", what.get().into())])
                                            on:click=move |_| draft.overrides.update(|o| o.retain(|x| x.key != row.key))>
                                            {tr!("agendas-remove")}
                                        </button>
                                    </div>
                                    <p class="muted" hidden=move || row.hours.with(|h| !h.is_empty())>{tr!("agendas-day-off")}</p>
                                    <ul class="intervals">
                                        <For each=move || row.hours.get() key=|h| h.key let(h)>
                                            <HoursRow hours=h what=what
                                                on_remove=move || row.hours.update(|d| d.retain(|x| x.key != h.key)) />
                                        </For>
                                    </ul>
                                    <button type="button" class="link"
                                        aria-label=move || tf("agendas-add-hours-on", &[("day", what.get().into())])
                                        on:click=move |_| row.hours.update(|d| d.push(Hours::new("09:00", "17:00")))>
                                        {tr!("agendas-add-hours")}
                                    </button>
                                    <p id=error_id class="error">{move || row.error.get()}</p>
                                </li>
                            }
                        }
                    </For>
                </ul>
                <button type="button" on:click=add_override>{tr!("agendas-add-override")}</button>
            </fieldset>

            <fieldset class="rules">
                <legend>{tr!("agendas-rules")}</legend>
                <div class="rules-grid">
                    <NumberField id="agenda-buffer-before" label_msg="agendas-buffer-before" value=draft.buffer_before
                        hint_msg="agendas-buffer-before-hint" error=message(errors, "buffer_before_minutes") />
                    <NumberField id="agenda-buffer-after" label_msg="agendas-buffer-after" value=draft.buffer_after
                        hint_msg="agendas-buffer-after-hint" error=message(errors, "buffer_after_minutes") />
                    <NumberField id="agenda-notice" label_msg="agendas-notice" value=draft.notice
                        hint_msg="agendas-notice-hint" error=message(errors, "min_notice_minutes") />
                    <NumberField id="agenda-horizon" label_msg="agendas-horizon" value=draft.horizon
                        hint_msg="agendas-horizon-hint" error=message(errors, "horizon_days") />
                    <NumberField id="agenda-step" label_msg="agendas-step" value=draft.step
                        hint_msg="agendas-step-hint" error=message(errors, "slot_step_minutes") />
                    <NumberField id="agenda-max" label_msg="agendas-max-day" value=draft.max_per_day
                        hint_msg="agendas-no-limit-hint" error=message(errors, "max_bookings_per_day") />
                    <NumberField id="agenda-max-week" label_msg="agendas-max-week" value=draft.max_per_week
                        hint_msg="agendas-max-week-hint" error=message(errors, "max_bookings_per_week") />
                    <NumberField id="agenda-max-month" label_msg="agendas-max-month" value=draft.max_per_month
                        hint_msg="agendas-no-limit-hint" error=message(errors, "max_bookings_per_month") />
                </div>
                <div class="check">
                    <input id="agenda-active" type="checkbox"
                        prop:checked=move || draft.active.get()
                        on:change=move |ev| draft.active.set(event_target_checked(&ev)) />
                    <label for="agenda-active">{tr!("agendas-active-label")}</label>
                </div>
                <div class="check">
                    <input id="agenda-listed" type="checkbox" aria-describedby="agenda-listed-hint"
                        prop:checked=move || draft.listed.get()
                        on:change=move |ev| draft.listed.set(event_target_checked(&ev)) />
                    <label for="agenda-listed">{tr!("agendas-listed")}</label>
                </div>
                <p id="agenda-listed-hint" class="hint check-hint">{tr!("agendas-listed-hint")}</p>
                <div class="check">
                    <input id="agenda-confirm" type="checkbox" aria-describedby="agenda-confirm-hint"
                        prop:checked=move || draft.requires_confirmation.get()
                        on:change=move |ev| draft.requires_confirmation.set(event_target_checked(&ev)) />
                    <label for="agenda-confirm">{tr!("agendas-requires-confirmation")}</label>
                </div>
                <p id="agenda-confirm-hint" class="hint check-hint">{tr!("agendas-confirm-hint")}</p>
            </fieldset>

            <RemindersField value=draft.reminders error=message(errors, "reminders_minutes") />

            <QuestionsEditor draft=draft.questions />

            <div class="alerts" role="alert" aria-live="assertive">
                {move || form_error.get().map(|m| view! { <p class="error">{m}</p> })}
            </div>
            <div class="actions-row">
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || t(match (busy.get(), id.is_some()) {
                        (true, _) => "agendas-saving",
                        (false, true) => "agendas-save",
                        (false, false) => "agendas-create",
                    })}
                </button>
                <button type="button" on:click=move |_| on_done(None)>{tr!("agendas-cancel")}</button>
            </div>
        </form>
    }
}
