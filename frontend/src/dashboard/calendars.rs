//! The dashboard's Calendars tab: the host's busy-time sources (iCal addresses and CalDAV
//! calendars) with their sync state, and the subscribable feed of the host's bookings.

use leptos::{prelude::*, task::spawn_local};
use smartcal_types::{CalendarFeed, CalendarKind, CalendarSource, CreateCalendarRequest};

use crate::{
    api,
    components::{Confirm, ConfirmDialog, Loader},
    dom,
    i18n::{t, tf},
    time, tr,
};

/// Fields of the add form the server may report errors for.
const FORM_FIELDS: [&str; 6] = ["kind", "url", "name", "username", "password", "write_back"];

fn busy_label(n: i32) -> String {
    tf("calendars-busy-ahead", &[("count", i64::from(n).into())])
}

/// The message of a kind's name.
fn kind_label(kind: CalendarKind) -> &'static str {
    match kind {
        CalendarKind::Ical => "calendars-kind-ical",
        CalendarKind::Caldav => "calendars-kind-caldav",
    }
}

/// Why a calendar was read: it was just added, or "Sync now" was pressed.
#[derive(Clone, Copy)]
enum Read {
    Added,
    Again,
}

/// What a read (on adding, or "Sync now") found, for the status line.
fn read_outcome(src: &CalendarSource, read: Read) -> String {
    let name = ("name", (&src.name).into());
    if src.pending {
        let id = match read {
            Read::Added => "calendars-added-reading",
            Read::Again => "calendars-again-reading",
        };
        return tf(id, &[name]);
    }
    match &src.last_error {
        Some(err) => {
            let id = match read {
                Read::Added => "calendars-added-failed",
                Read::Again => "calendars-again-failed",
            };
            tf(id, &[name, ("error", err.into())])
        }
        None => {
            let id = match read {
                Read::Added => "calendars-added-busy",
                Read::Again => "calendars-again-busy",
            };
            tf(id, &[name, ("count", i64::from(src.busy_count).into())])
        }
    }
}

/// A read-only text box with the value selected on focus, and a copy button (`label` and
/// `button` are message ids).
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
            <label for=id>{move || t(label)}</label>
            <div class="copy-row">
                <input id=id type="text" readonly value=value on:focus=dom::select_all />
                <button type="button" on:click=move |_| {
                    status.set(Some(if dom::copy_text(&copied) {
                        t("calendars-link-copied")
                    } else {
                        t("calendars-copy-by-hand")
                    }));
                }>{move || t(button)}</button>
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
    let awaiting = RwSignal::new(Vec::<(uuid::Uuid, Read)>::new());
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
            field_errors.set(vec![("url".to_owned(), t("calendars-url-required"))]);
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
                    status.set(Some(read_outcome(&src, Read::Added)));
                    if src.pending {
                        awaiting.update(|a| a.push((src.id, Read::Added)));
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
        status.set(Some(tf(
            "calendars-reading-name",
            &[("name", (&src.name).into())],
        )));
        syncing.update(|s| s.push(src.id));
        spawn_local(async move {
            let result = api::sync_calendar(src.id).await;
            match result {
                // Read in the background: the button stays busy until the read is over.
                Ok(read) if read.pending => {
                    awaiting.update(|a| a.push((read.id, Read::Again)));
                }
                Ok(read) => {
                    syncing.update(|s| s.retain(|id| *id != src.id));
                    status.set(Some(read_outcome(&read, Read::Again)));
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
        let question = tf("calendars-remove-question", &[("name", (&src.name).into())]);
        confirm.ask(
            &t("calendars-remove-title"),
            question,
            &t("calendars-remove"),
            move || {
                error.set(None);
                status.set(None);
                spawn_local(async move {
                    match api::delete_calendar(src.id).await {
                        Ok(()) => {
                            status.set(Some(tf(
                                "calendars-removed",
                                &[("name", (&src.name).into())],
                            )));
                            reload.update(|n| *n += 1);
                            dom::focus_later("calendars-heading");
                        }
                        Err(e) => error.set(Some(e.message)),
                    }
                });
            },
        );
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
                &t("calendars-rotate-title"),
                t("calendars-rotate-question"),
                &t("calendars-rotate-confirm"),
                go,
            );
        } else {
            go();
        }
    };

    let caldav = move || kind.get() == CalendarKind::Caldav;

    view! {
        <h2 id="calendars-heading" tabindex="-1">{tr!("calendars-heading")}</h2>
        <ConfirmDialog id="remove-calendar-dialog" confirm=confirm return_to=Some("calendars-heading") />
        <p class="muted">{tr!("calendars-intro")}</p>
        <div class="alerts" role="alert" aria-live="assertive">
            {move || error.get().map(|m| view! { <p class="error">{m}</p> })}
        </div>
        <div class="notices" role="status" aria-live="polite">
            {move || status.get().map(|m| view! { <p class="success">{m}</p> })}
        </div>

        <h3 id="sources-heading">{tr!("calendars-yours")}</h3>
        <Loader load=move || sources.get() let:list>
            {if list.items.is_empty() {
                view! {
                    <p class="muted">{tr!("calendars-none")}</p>
                }.into_any()
            } else {
                view! {
                    <ul class="sources" aria-labelledby={"sources-heading"}>
                        {list.items.into_iter().map(|s| {
                            let zone = zone.get_value();
                            let synced = match &s.last_sync_at {
                                _ if s.pending => t("calendars-reading"),
                                Some(at) => tf("calendars-last-synced", &[("time", time::zoned(at, &zone).into())]),
                                None => t("calendars-not-synced"),
                            };
                            let tried = s.last_attempt_at.filter(|_| s.last_error.is_some())
                                .map(|at| tf("calendars-last-tried", &[("time", time::zoned(&at, &zone).into())]));
                            let detail = format!("{} · {} · {}", t(kind_label(s.kind)), synced, busy_label(s.busy_count));
                            let user = s.username.clone().map(|u| tf("calendars-user", &[("name", u.into())]));
                            let writes = s.write_back.then(|| t("calendars-writes"));
                            let id = s.id;
                            let label = s.name.clone();
                            let remove_label = s.name.clone();
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
                                            <strong>{tr!("calendars-sync-failed")}</strong>" "{err}
                                            {tried.map(|t| view! { <span class="muted">" ("{t}")"</span> })}
                                        </p>
                                    })}
                                    <div class="actions-row">
                                        <button type="button" aria-label=tr!("calendars-sync-now-label", name = &label)
                                            disabled=move || syncing.with(|v| v.contains(&id))
                                            on:click=move |_| sync(for_sync.clone())>
                                            {move || if syncing.with(|v| v.contains(&id)) { t("calendars-syncing") } else { t("calendars-sync-now") }}
                                        </button>
                                        <button type="button" class="danger" aria-label=tr!("calendars-remove-label", name = &remove_label)
                                            on:click=move |_| remove(for_remove.clone())>{tr!("calendars-remove")}</button>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </Loader>

        <h3 id="add-calendar-heading">{tr!("calendars-add-heading")}</h3>
        <form class="calendar-form" aria-labelledby={"add-calendar-heading"} on:submit=add novalidate>
            <div class="field">
                <label for="cal-kind">{tr!("calendars-kind")}</label>
                <select id="cal-kind"
                    aria-describedby="cal-kind-error"
                    on:change=move |ev| {
                        kind.set(if event_target_value(&ev) == "caldav" { CalendarKind::Caldav } else { CalendarKind::Ical });
                    }>
                    <option value="ical" selected=move || !caldav()>{tr!("calendars-kind-ical")}</option>
                    <option value="caldav" selected=caldav>{tr!("calendars-kind-caldav")}</option>
                </select>
                <p id="cal-kind-error" class="error">{field_error("kind")}</p>
            </div>
            <div class="field">
                <label for="cal-url">{tr!("calendars-url")}</label>
                <input id="cal-url" type="url" autocomplete="off" inputmode="url"
                    aria-describedby="cal-url-hint cal-url-error"
                    aria-invalid=invalid("url")
                    prop:value=move || url.get()
                    on:input=move |ev| url.set(event_target_value(&ev)) />
                <p id="cal-url-hint" class="hint">
                    {move || if caldav() {
                        t("calendars-url-hint-caldav")
                    } else {
                        t("calendars-url-hint-ical")
                    }}
                </p>
                <p id="cal-url-error" class="error">{field_error("url")}</p>
            </div>
            <div class="field">
                <label for="cal-name">{tr!("calendars-name-optional")}</label>
                <input id="cal-name" type="text" autocomplete="off"
                    aria-describedby="cal-name-error"
                    aria-invalid=invalid("name")
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev)) />
                <p id="cal-name-error" class="error">{field_error("name")}</p>
            </div>
            <div class="caldav-fields" hidden=move || !caldav()>
                <div class="field">
                    <label for="cal-username">{tr!("calendars-username")}</label>
                    <input id="cal-username" type="text" autocomplete="off"
                        aria-describedby="cal-username-error"
                        aria-invalid=invalid("username")
                        prop:value=move || username.get()
                        on:input=move |ev| username.set(event_target_value(&ev)) />
                    <p id="cal-username-error" class="error">{field_error("username")}</p>
                </div>
                <div class="field">
                    <label for="cal-password">{tr!("calendars-app-password")}</label>
                    <input id="cal-password" type="password" autocomplete="new-password"
                        aria-describedby="cal-password-hint cal-password-error"
                        aria-invalid=invalid("password")
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev)) />
                    <p id="cal-password-hint" class="hint">{tr!("calendars-password-hint")}</p>
                    <p id="cal-password-error" class="error">{field_error("password")}</p>
                </div>
                <div class="check">
                    <input id="cal-write-back" type="checkbox"
                        aria-describedby="cal-write-back-error"
                        prop:checked=move || write_back.get()
                        on:change=move |ev| write_back.set(event_target_checked(&ev)) />
                    <label for="cal-write-back">{tr!("calendars-write-back")}</label>
                </div>
                <p id="cal-write-back-error" class="error">{field_error("write_back")}</p>
            </div>
            <div>
                <button type="submit" class="primary" disabled=move || adding.get()>
                    {move || if adding.get() { t("calendars-adding") } else { t("calendars-add") }}
                </button>
            </div>
        </form>

        <h3 id="feed-heading">{tr!("calendars-feed-heading")}</h3>
        <p class="muted">{tr!("calendars-feed-intro")}</p>
        {move || new_feed.get().map(|f| view! {
            <section class="new-key feed-link" aria-labelledby={"feed-link-heading"}>
                <h4 id="feed-link-heading" tabindex="-1">{tr!("calendars-new-feed-heading")}</h4>
                <p><strong>{tr!("calendars-new-feed-warning")}</strong></p>
                {f.url.map(|u| copy_row("feed-url", "calendars-feed-url", "calendars-copy-link", u, status))}
                {f.webcal_url.map(|u| copy_row("feed-webcal-url", "calendars-webcal-url", "calendars-copy-webcal", u, status))}
                <button type="button" class="link" on:click=move |_| { new_feed.set(None); dom::focus_later("feed-rotate"); }>
                    {tr!("calendars-done-hide")}
                </button>
            </section>
        })}
        <Loader load=move || feed.get() let:f>
            {
                let active = f.active;
                let state = match (&f.created_at, active) {
                    (Some(at), true) => tf("calendars-feed-active-since", &[("time", time::zoned(at, &zone.get_value()).into())]),
                    (None, true) => t("calendars-feed-active"),
                    _ => t("calendars-no-feed"),
                };
                view! {
                    <p class="feed-state">{state}</p>
                    <button type="button" id="feed-rotate" disabled=move || rotating.get()
                        on:click=move |_| rotate(active)>
                        {move || if active { t("calendars-rotate") } else { t("calendars-create-feed") }}
                    </button>
                }
            }
        </Loader>
    }
}
