//! The dashboard's Calendars tab: the host's busy-time sources (iCal addresses and CalDAV
//! calendars) with their sync state, and the subscribable feed of the host's bookings.

use leptos::{prelude::*, task::spawn_local};
use smartcal_types::{CalendarFeed, CalendarKind, CalendarSource, CreateCalendarRequest};

use crate::{
    api,
    components::{Confirm, ConfirmDialog, Loader},
    dom, time,
};

/// Fields of the add form the server may report errors for.
const FORM_FIELDS: [&str; 6] = ["kind", "url", "name", "username", "password", "write_back"];

fn busy_label(n: i32) -> String {
    if n == 1 {
        "1 busy time ahead".to_owned()
    } else {
        format!("{n} busy times ahead")
    }
}

fn kind_label(kind: CalendarKind) -> &'static str {
    match kind {
        CalendarKind::Ical => "iCal address",
        CalendarKind::Caldav => "CalDAV",
    }
}

/// What a read (on adding, or "Sync now") found, for the status line.
fn read_outcome(src: &CalendarSource, verb: &str) -> String {
    if src.pending {
        return format!("“{}” {verb}; reading it…", src.name);
    }
    match &src.last_error {
        Some(err) => format!("“{}” {verb}, but it could not be read: {err}", src.name),
        None => format!("“{}” {verb}: {}.", src.name, busy_label(src.busy_count)),
    }
}

/// A read-only text box with the value selected on focus, and a copy button.
fn copy_row(
    id: &'static str,
    label: &'static str,
    button: &'static str,
    value: String,
    status: RwSignal<Option<String>>,
) -> impl IntoView {
    let copied = value.clone();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <div class="copy-row">
                <input id=id type="text" readonly value=value on:focus=dom::select_all />
                <button type="button" on:click=move |_| {
                    status.set(Some(if dom::copy_text(&copied) {
                        "Link copied.".to_owned()
                    } else {
                        "Select the link and copy it by hand.".to_owned()
                    }));
                }>{button}</button>
            </div>
        </div>
    }
}

/// The Calendars tab; times are shown in the host's `zone`.
#[component]
pub fn CalendarsPanel(zone: String) -> impl IntoView {
    let zone = StoredValue::new(zone);
    let reload = RwSignal::new(0u32);
    let sources = LocalResource::new(move || {
        reload.track();
        api::list_calendars()
    });
    let feed_reload = RwSignal::new(0u32);
    let feed = LocalResource::new(move || {
        feed_reload.track();
        api::calendar_feed()
    });

    let kind = RwSignal::new(CalendarKind::Ical);
    let url = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let write_back = RwSignal::new(false);
    let field_errors = RwSignal::new(Vec::<(String, String)>::new());
    let status = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let adding = RwSignal::new(false);
    let syncing = RwSignal::new(Vec::<uuid::Uuid>::new());
    // Reads asked for and not over yet (they run in the background): the source, and what to
    // say when its read is over.
    let awaiting = RwSignal::new(Vec::<(uuid::Uuid, &'static str)>::new());
    Effect::new(move |_| {
        let Some(Ok(list)) = sources.get() else {
            return;
        };
        let mut still = Vec::new();
        for (id, verb) in awaiting.get_untracked() {
            match list.items.iter().find(|s| s.id == id) {
                Some(src) if src.pending => still.push((id, verb)),
                Some(src) => {
                    status.set(Some(read_outcome(src, verb)));
                    syncing.update(|s| s.retain(|x| *x != id));
                }
                None => syncing.update(|s| s.retain(|x| *x != id)),
            }
        }
        let waiting = !still.is_empty() || list.items.iter().any(|s| s.pending);
        awaiting.set(still);
        if waiting {
            set_timeout(
                move || reload.update(|n| *n += 1),
                std::time::Duration::from_secs(1),
            );
        }
    });
    let new_feed = RwSignal::new(None::<CalendarFeed>);
    let rotating = RwSignal::new(false);

    let field_error = move |field: &'static str| {
        move || {
            field_errors.with(|errs| {
                errs.iter()
                    .find(|(f, _)| f == field)
                    .map(|(_, m)| m.clone())
            })
        }
    };
    let invalid = move |field: &'static str| {
        move || {
            field_errors
                .with(|errs| errs.iter().any(|(f, _)| f == field))
                .to_string()
        }
    };

    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if adding.get_untracked() {
            return;
        }
        error.set(None);
        status.set(None);
        let address = url.get_untracked().trim().to_owned();
        if address.is_empty() {
            field_errors.set(vec![(
                "url".to_owned(),
                "Please enter the calendar’s address.".to_owned(),
            )]);
            dom::focus_later("cal-url");
            return;
        }
        field_errors.set(Vec::new());
        let caldav = kind.get_untracked() == CalendarKind::Caldav;
        let optional = |s: RwSignal<String>| {
            let v = s.get_untracked().trim().to_owned();
            (!v.is_empty()).then_some(v)
        };
        let body = CreateCalendarRequest {
            kind: kind.get_untracked(),
            url: address,
            name: optional(name),
            username: if caldav { optional(username) } else { None },
            password: if caldav {
                Some(password.get_untracked()).filter(|p| !p.is_empty())
            } else {
                None
            },
            write_back: caldav && write_back.get_untracked(),
        };
        adding.set(true);
        spawn_local(async move {
            let result = api::create_calendar(&body).await;
            adding.set(false);
            match result {
                Ok(src) => {
                    status.set(Some(read_outcome(&src, "was added")));
                    if src.pending {
                        awaiting.update(|a| a.push((src.id, "was added")));
                    }
                    url.set(String::new());
                    name.set(String::new());
                    username.set(String::new());
                    password.set(String::new());
                    write_back.set(false);
                    reload.update(|n| *n += 1);
                }
                Err(e) => {
                    let known: Vec<(String, String)> = e
                        .fields
                        .iter()
                        .filter(|(f, _)| FORM_FIELDS.contains(&f.as_str()))
                        .cloned()
                        .collect();
                    if let Some((first, _)) = known.first() {
                        dom::focus_later(format!("cal-{}", first.replace('_', "-")));
                    }
                    if known.is_empty() || known.len() < e.fields.len() {
                        error.set(Some(e.message));
                    }
                    field_errors.set(known);
                }
            }
        });
    };

    let sync = move |src: CalendarSource| {
        if syncing.with_untracked(|s| s.contains(&src.id)) {
            return;
        }
        error.set(None);
        status.set(Some(format!("Reading “{}”…", src.name)));
        syncing.update(|s| s.push(src.id));
        spawn_local(async move {
            let result = api::sync_calendar(src.id).await;
            match result {
                // Read in the background: the button stays busy until the read is over.
                Ok(read) if read.pending => {
                    awaiting.update(|a| a.push((read.id, "was read again")));
                }
                Ok(read) => {
                    syncing.update(|s| s.retain(|id| *id != src.id));
                    status.set(Some(read_outcome(&read, "was read again")));
                }
                Err(e) => {
                    syncing.update(|s| s.retain(|id| *id != src.id));
                    status.set(None);
                    error.set(Some(e.message));
                }
            }
            reload.update(|n| *n += 1);
        });
    };

    let confirm = Confirm::new();
    let remove = move |src: CalendarSource| {
        let question = format!(
            "Remove the calendar “{}”? Its busy times are no longer kept free.",
            src.name
        );
        confirm.ask("Remove calendar", question, "Remove", move || {
            error.set(None);
            status.set(None);
            spawn_local(async move {
                match api::delete_calendar(src.id).await {
                    Ok(()) => {
                        status.set(Some(format!("The calendar “{}” was removed.", src.name)));
                        reload.update(|n| *n += 1);
                        dom::focus_later("calendars-heading");
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        });
    };

    let rotate = move |active: bool| {
        if rotating.get_untracked() {
            return;
        }
        let go = move || {
            error.set(None);
            status.set(None);
            rotating.set(true);
            spawn_local(async move {
                let result = api::rotate_calendar_feed().await;
                rotating.set(false);
                match result {
                    Ok(f) => {
                        new_feed.set(Some(f));
                        feed_reload.update(|n| *n += 1);
                        dom::focus_later("feed-link-heading");
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        };
        if active {
            confirm.ask(
                "Make a new feed link",
                "Make a new feed link? The current link stops working; calendar apps subscribed to it must subscribe again.".to_owned(),
                "Make a new link",
                go,
            );
        } else {
            go();
        }
    };

    let caldav = move || kind.get() == CalendarKind::Caldav;

    view! {
        <h2 id="calendars-heading" tabindex="-1">"Calendars"</h2>
        <ConfirmDialog id="remove-calendar-dialog" confirm=confirm return_to=Some("calendars-heading") />
        <p class="muted">
            "Busy times in your own calendars are not offered to guests. A calendar is read when it is added and then regularly; if a read fails, its last good busy times keep being used."
        </p>
        <div class="alerts" role="alert" aria-live="assertive">
            {move || error.get().map(|m| view! { <p class="error">{m}</p> })}
        </div>
        <div class="notices" role="status" aria-live="polite">
            {move || status.get().map(|m| view! { <p class="success">{m}</p> })}
        </div>

        <h3 id="sources-heading">"Your calendars"</h3>
        <Loader load=move || sources.get() let:list>
            {if list.items.is_empty() {
                view! {
                    <p class="muted">"No calendars yet."</p>
                }.into_any()
            } else {
                view! {
                    <ul class="sources" aria-labelledby="sources-heading">
                        {list.items.into_iter().map(|s| {
                            let zone = zone.get_value();
                            let synced = match &s.last_sync_at {
                                _ if s.pending => "Reading…".to_owned(),
                                Some(t) => format!("Last synced {}", time::zoned(t, &zone)),
                                None => "Not synced yet".to_owned(),
                            };
                            let tried = s.last_attempt_at.filter(|_| s.last_error.is_some())
                                .map(|t| format!("Last tried {}", time::zoned(&t, &zone)));
                            let detail = format!("{} · {} · {}", kind_label(s.kind), synced, busy_label(s.busy_count));
                            let user = s.username.clone().map(|u| format!("User {u}"));
                            let writes = s.write_back.then_some("Bookings are written to this calendar.");
                            let id = s.id;
                            let label = s.name.clone();
                            let for_sync = s.clone();
                            let for_remove = s.clone();
                            view! {
                                <li class="source" class:failing=s.last_error.is_some()>
                                    <p><strong><bdi>{s.name.clone()}</bdi></strong></p>
                                    <p class="link-line"><code>{s.url.clone()}</code></p>
                                    <p class="muted">{detail}</p>
                                    {user.map(|u| view! { <p class="muted">{u}</p> })}
                                    {writes.map(|w| view! { <p class="muted">{w}</p> })}
                                    {s.last_error.clone().map(|err| view! {
                                        <p class="source-error">
                                            <strong>"Sync failed: "</strong>{err}
                                            {tried.map(|t| view! { <span class="muted">" ("{t}")"</span> })}
                                        </p>
                                    })}
                                    <div class="actions-row">
                                        <button type="button" aria-label=format!("Sync now: {label}")
                                            disabled=move || syncing.with(|v| v.contains(&id))
                                            on:click=move |_| sync(for_sync.clone())>
                                            {move || if syncing.with(|v| v.contains(&id)) { "Syncing…" } else { "Sync now" }}
                                        </button>
                                        <button type="button" class="danger" aria-label=format!("Remove {label}")
                                            on:click=move |_| remove(for_remove.clone())>"Remove"</button>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </Loader>

        <h3 id="add-calendar-heading">"Add a calendar"</h3>
        <form class="calendar-form" aria-labelledby="add-calendar-heading" on:submit=add novalidate>
            <div class="field">
                <label for="cal-kind">"Kind"</label>
                <select id="cal-kind"
                    aria-describedby="cal-kind-error"
                    on:change=move |ev| {
                        kind.set(if event_target_value(&ev) == "caldav" { CalendarKind::Caldav } else { CalendarKind::Ical });
                    }>
                    <option value="ical" selected=move || !caldav()>"iCal address"</option>
                    <option value="caldav" selected=caldav>"CalDAV"</option>
                </select>
                <p id="cal-kind-error" class="error">{field_error("kind")}</p>
            </div>
            <div class="field">
                <label for="cal-url">"URL"</label>
                <input id="cal-url" type="url" autocomplete="off" inputmode="url"
                    aria-describedby="cal-url-hint cal-url-error"
                    aria-invalid=invalid("url")
                    prop:value=move || url.get()
                    on:input=move |ev| url.set(event_target_value(&ev)) />
                <p id="cal-url-hint" class="hint">
                    {move || if caldav() {
                        "The calendar collection’s address, e.g. https://cloud.example.com/remote.php/dav/calendars/you/personal/"
                    } else {
                        "The secret address in iCal format (https:// or webcal://) from your calendar’s settings."
                    }}
                </p>
                <p id="cal-url-error" class="error">{field_error("url")}</p>
            </div>
            <div class="field">
                <label for="cal-name">"Name (optional)"</label>
                <input id="cal-name" type="text" autocomplete="off"
                    aria-describedby="cal-name-error"
                    aria-invalid=invalid("name")
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev)) />
                <p id="cal-name-error" class="error">{field_error("name")}</p>
            </div>
            <div class="caldav-fields" hidden=move || !caldav()>
                <div class="field">
                    <label for="cal-username">"User name"</label>
                    <input id="cal-username" type="text" autocomplete="off"
                        aria-describedby="cal-username-error"
                        aria-invalid=invalid("username")
                        prop:value=move || username.get()
                        on:input=move |ev| username.set(event_target_value(&ev)) />
                    <p id="cal-username-error" class="error">{field_error("username")}</p>
                </div>
                <div class="field">
                    <label for="cal-password">"App password"</label>
                    <input id="cal-password" type="password" autocomplete="new-password"
                        aria-describedby="cal-password-hint cal-password-error"
                        aria-invalid=invalid("password")
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev)) />
                    <p id="cal-password-hint" class="hint">"Stored encrypted and never shown again."</p>
                    <p id="cal-password-error" class="error">{field_error("password")}</p>
                </div>
                <div class="check">
                    <input id="cal-write-back" type="checkbox"
                        aria-describedby="cal-write-back-error"
                        prop:checked=move || write_back.get()
                        on:change=move |ev| write_back.set(event_target_checked(&ev)) />
                    <label for="cal-write-back">"Write bookings to this calendar"</label>
                </div>
                <p id="cal-write-back-error" class="error">{field_error("write_back")}</p>
            </div>
            <div>
                <button type="submit" class="primary" disabled=move || adding.get()>
                    {move || if adding.get() { "Adding…" } else { "Add calendar" }}
                </button>
            </div>
        </form>

        <h3 id="feed-heading">"Subscribe to your bookings"</h3>
        <p class="muted">"A secret link that calendar apps can subscribe to, with your confirmed bookings."</p>
        {move || new_feed.get().map(|f| view! {
            <section class="new-key feed-link" aria-labelledby="feed-link-heading">
                <h4 id="feed-link-heading" tabindex="-1">"Your new feed link"</h4>
                <p><strong>"Copy it now: it is shown only this once. Rotating the link again disables this one."</strong></p>
                {f.url.map(|u| copy_row("feed-url", "Feed link (https)", "Copy link", u, status))}
                {f.webcal_url.map(|u| copy_row("feed-webcal-url", "Subscription link (webcal)", "Copy webcal link", u, status))}
                <button type="button" class="link" on:click=move |_| { new_feed.set(None); dom::focus_later("feed-rotate"); }>
                    "Done, hide the link"
                </button>
            </section>
        })}
        <Loader load=move || feed.get() let:f>
            {
                let active = f.active;
                let state = match (&f.created_at, active) {
                    (Some(t), true) => format!("A feed link is active (made {}). Its address was shown only when it was made.", time::zoned(t, &zone.get_value())),
                    (None, true) => "A feed link is active. Its address was shown only when it was made.".to_owned(),
                    _ => "No feed link yet.".to_owned(),
                };
                view! {
                    <p class="feed-state">{state}</p>
                    <button type="button" id="feed-rotate" disabled=move || rotating.get()
                        on:click=move |_| rotate(active)>
                        {if active { "Rotate feed link" } else { "Create feed link" }}
                    </button>
                }
            }
        </Loader>
    }
}
