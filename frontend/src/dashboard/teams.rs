//! The dashboard's Team tab: the host's teams (make one with a name and a link name), each with
//! its members (add by email, remove), its agendas with their booking links, and a form for a
//! new team agenda (collective or round robin, which members, weekly hours). Only the team's
//! owner changes a team; the other members see it.

use leptos::{prelude::*, task::spawn_local};
use smartcal_types::{
    Agenda, Assignment, AvailabilityInterval, CreateAgendaRequest, CreateTeamAgendaRequest,
    CreateTeamRequest, Host, Team, TeamMember,
};
use uuid::Uuid;

use crate::{
    api,
    components::{Confirm, ConfirmDialog, Field, Loader, NotLoggedIn},
    dom,
    i18n::{t, tf},
    time, tr,
};

/// API weekday names, Monday first (their labels: [`time::weekday_name`]).
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The Team tab of `host`.
#[component]
pub fn TeamsPanel(host: Host) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let teams = LocalResource::new(move || {
        reload.track();
        api::list_teams()
    });
    let status = RwSignal::new(None::<String>);
    let host = StoredValue::new(host);
    view! {
        <div class="panel-head">
            <h2 id="teams-heading" tabindex="-1">{tr!("teams-heading")}</h2>
        </div>
        <p class="hint">{tr!("teams-intro")}</p>
        <div class="notices" role="status" aria-live="polite">
            {move || status.get().map(|m| view! { <p class="success">{m}</p> })}
        </div>
        <Loader load=move || teams.get() missing=&[401] not_found=NotLoggedIn let:list>
            {if list.items.is_empty() {
                view! { <p class="muted">{tr!("teams-none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="teams">
                        {list.items.into_iter().map(|t| view! {
                            <TeamCard team=t host=host.get_value() status=status />
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </Loader>
        <NewTeamForm on_created=move |t: Team| {
            status.set(Some(tf("teams-created", &[("name", t.name.into())])));
            reload.update(|n| *n += 1);
        } />
    }
}

/// Make a team: name and link name (slug).
#[component]
fn NewTeamForm(on_created: impl Fn(Team) + Copy + Send + Sync + 'static) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let slug = RwSignal::new(String::new());
    let name_err = RwSignal::new(None::<String>);
    let slug_err = RwSignal::new(None::<String>);
    let form_err = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let body = CreateTeamRequest {
            name: name.get_untracked().trim().to_owned(),
            slug: slug.get_untracked().trim().to_owned(),
        };
        name_err.set(body.name.is_empty().then(|| t("teams-name-required")));
        slug_err.set(body.slug.is_empty().then(|| t("teams-slug-required")));
        form_err.set(None);
        if body.name.is_empty() {
            dom::focus_now("team-name");
            return;
        }
        if body.slug.is_empty() {
            dom::focus_now("team-slug");
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result = api::create_team(&body).await;
            busy.set(false);
            match result {
                Ok(t) => {
                    name.set(String::new());
                    slug.set(String::new());
                    on_created(t);
                }
                Err(e) => {
                    name_err.set(e.field("name"));
                    slug_err.set(e.field("slug"));
                    if e.field("slug").is_some() && e.field("name").is_none() {
                        dom::focus_now("team-slug");
                    }
                    if e.fields.is_empty() {
                        // A taken link name is a conflict: say it at the field.
                        if e.status == Some(409) {
                            slug_err.set(Some(e.message));
                            dom::focus_now("team-slug");
                        } else {
                            form_err.set(Some(e.message));
                        }
                    }
                }
            }
        });
    };
    view! {
        <form class="new-team" on:submit=submit novalidate aria-labelledby="new-team-heading">
            <h3 id="new-team-heading">{tr!("teams-new-heading")}</h3>
            <Field id="team-name" label=t("teams-name-label") value=name error=name_err />
            <Field id="team-slug" label=t("teams-slug-label") value=slug error=slug_err />
            <p class="hint">{tr!("teams-links-hint")}</p>
            <div class="alerts" role="alert">
                {move || form_err.get().map(|m| view! { <p class="error">{m}</p> })}
            </div>
            <button type="submit" class="primary" disabled=move || busy.get()>
                {move || if busy.get() { t("teams-creating") } else { t("teams-create") }}
            </button>
        </form>
    }
}

/// One team: members (add, remove), agendas (links, new agenda).
#[component]
fn TeamCard(team: Team, host: Host, status: RwSignal<Option<String>>) -> impl IntoView {
    let team_id = team.id;
    let owner = team.owner_id == host.id;
    let current = RwSignal::new(team);
    let error = RwSignal::new(None::<String>);
    let agendas_reload = RwSignal::new(0u32);
    let agendas = LocalResource::new(move || {
        agendas_reload.track();
        api::list_team_agendas(team_id)
    });
    let new_agenda = RwSignal::new(false);
    let heading_id = format!("team-{team_id}-heading");
    let labelled_by = heading_id.clone();
    let name = move || current.with(|t| t.name.clone());

    let confirm = Confirm::new();
    let remove = move |m: TeamMember| {
        let team_name = current.with_untracked(|t| t.name.clone());
        let question = tf(
            "teams-remove-member-question",
            &[
                ("name", dom::isolate(&m.name).into()),
                ("team", dom::isolate(&team_name).into()),
            ],
        );
        confirm.ask(
            &t("teams-remove-member-title"),
            question,
            &t("teams-remove"),
            move || {
                error.set(None);
                status.set(None);
                spawn_local(async move {
                    match api::remove_team_member(team_id, m.host_id).await {
                        Ok(()) => {
                            current.update(|t| t.members.retain(|x| x.host_id != m.host_id));
                            status.set(Some(tf(
                                "teams-member-removed",
                                &[("name", (&m.name).into()), ("team", team_name.into())],
                            )));
                            agendas_reload.update(|n| *n += 1);
                        }
                        Err(e) => error.set(Some(e.message)),
                    }
                });
            },
        );
    };

    let zone = StoredValue::new(host.time_zone.clone());
    let agenda_done = move |made: Option<Agenda>| {
        new_agenda.set(false);
        if let Some(a) = made {
            status.set(Some(tf(
                "teams-agenda-created",
                &[("title", a.title.into())],
            )));
            agendas_reload.update(|n| *n += 1);
        }
    };

    let copy_link = move |url: String| {
        status.set(Some(if dom::copy_text(&url) {
            t("teams-link-copied")
        } else {
            tf("teams-copy-by-hand", &[("url", url.into())])
        }));
    };

    view! {
        <li class="team" aria-labelledby=labelled_by>
            <ConfirmDialog id=format!("remove-member-{team_id}") confirm=confirm return_to=None />
            <h3 id=heading_id dir="auto">{name}</h3>
            <p class="muted">
                {tr!("teams-link-name", slug = current.with(|t| t.slug.clone()))}
                {owner.then(|| view! { " " <span class="badge">{tr!("teams-you-own")}</span> })}
            </p>
            <div class="alerts" role="alert">
                {move || error.get().map(|m| view! { <p class="error">{m}</p> })}
            </div>
            <h4>{tr!("teams-members")}</h4>
            <ul class="members">
                {move || current.get().members.into_iter().map(|m| {
                    let for_remove = m.clone();
                    let removable = owner && !m.owner;
                    let name = m.name.clone();
                    view! {
                        <li class="member">
                            <bdi>{m.name.clone()}</bdi>" · "<bdi>{m.email.clone()}</bdi>
                            {m.owner.then(|| view! { <span class="badge">{tr!("teams-owner")}</span> })}
                            {removable.then(|| view! {
                                <button type="button" class="link danger-link"
                                    aria-label=tr!("teams-remove-member-label", name = &name)
                                    on:click=move |_| remove(for_remove.clone())>
                                    {tr!("teams-remove")}
                                </button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {owner.then(|| view! {
                <AddMemberForm team_id=team_id on_added=move |t: Team| {
                    status.set(Some(tf(
                        "teams-member-added",
                        &[
                            ("name", t.members.last().map(|m| m.name.clone()).unwrap_or_default().into()),
                            ("team", (&t.name).into()),
                        ],
                    )));
                    current.set(t);
                } />
            })}
            <h4>{tr!("teams-agendas")}</h4>
            <Loader load=move || agendas.get() let:list>
                {if list.items.is_empty() {
                    view! { <p class="muted">{tr!("teams-no-agendas")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="team-agendas">
                            {list.items.into_iter().map(|a| {
                                let url = format!("{}{}", api::origin(), a.booking_path);
                                let for_copy = url.clone();
                                let assignment = assignment_label(a.assignment);
                                let names: String = current.with_untracked(|t| {
                                    a.member_ids.iter().filter_map(|id| {
                                        t.members.iter().find(|m| m.host_id == *id).map(|m| m.name.clone())
                                    }).collect::<Vec<_>>().join(", ")
                                });
                                let minutes = a.duration_minutes;
                                let title = a.title.clone();
                                view! {
                                    <li class="agenda">
                                        <h5 dir="auto">{a.title.clone()}</h5>
                                        <p class="muted">
                                            {tr!("teams-agenda-summary", minutes = minutes, assignment = t(assignment), members = &names)}
                                        </p>
                                        <p class="link-line"><a href=url.clone()>{url.clone()}</a></p>
                                        <div class="actions-row">
                                            <button type="button"
                                                aria-label=tr!("teams-copy-link-label", title = &title)
                                                on:click=move |_| copy_link(for_copy.clone())>{tr!("teams-copy-link")}</button>
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Loader>
            {move || owner.then(|| if new_agenda.get() {
                view! {
                    <TeamAgendaForm team=current.get_untracked() zone=zone.get_value()
                        on_done=agenda_done />
                }.into_any()
            } else {
                view! {
                    <button type="button"
                        aria-label=tr!("teams-new-agenda-of", team = current.with(|t| t.name.clone()))
                        on:click=move |_| { status.set(None); new_agenda.set(true); dom::focus_later(format!("team-{team_id}-agenda-title")); }>
                        {tr!("teams-new-agenda")}
                    </button>
                }.into_any()
            })}
        </li>
    }
}

/// The message of "Collective" or "Round robin".
fn assignment_label(a: Option<Assignment>) -> &'static str {
    match a {
        Some(Assignment::RoundRobin) => "teams-round-robin",
        _ => "teams-collective",
    }
}

/// Add a host to the team by their account email.
#[component]
fn AddMemberForm(
    team_id: Uuid,
    on_added: impl Fn(Team) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let email_err = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let id = format!("team-{team_id}-member-email");
    let focus_id = id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let e = email.get_untracked().trim().to_owned();
        if !e.contains('@') {
            email_err.set(Some(t("teams-email-invalid")));
            dom::focus_now(&focus_id);
            return;
        }
        email_err.set(None);
        busy.set(true);
        let focus_id = focus_id.clone();
        spawn_local(async move {
            let result = api::add_team_member(team_id, &e).await;
            busy.set(false);
            match result {
                Ok(t) => {
                    email.set(String::new());
                    on_added(t);
                }
                Err(e) => {
                    email_err.set(Some(e.field("email").map_or(e.message, |m| sentence(&m))));
                    dom::focus_now(&focus_id);
                }
            }
        });
    };
    view! {
        <form class="add-member" on:submit=submit novalidate>
            <Field id=id label=t("teams-member-email-label") kind="email" value=email error=email_err />
            <button type="submit" disabled=move || busy.get()>{tr!("teams-add-member")}</button>
        </form>
    }
}

/// A server's field message as a sentence: first letter upper case, a full stop at the end.
fn sentence(message: &str) -> String {
    let mut chars = message.trim().chars();
    let mut s = chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>())
        .unwrap_or_default();
    s.push_str(chars.as_str());
    if !s.ends_with(['.', '!', '?']) {
        s.push('.');
    }
    s
}

/// A new agenda of `team`: title, duration, assignment, members (all at first) and weekly
/// hours (the chosen weekdays, one interval each, in the host's `zone`). The other settings
/// take the API's defaults.
#[component]
fn TeamAgendaForm(
    team: Team,
    zone: String,
    on_done: impl Fn(Option<Agenda>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let team_id = team.id;
    let p = format!("team-{team_id}-agenda");
    let title = RwSignal::new(String::new());
    let duration = RwSignal::new("30".to_owned());
    let title_err = RwSignal::new(None::<String>);
    let duration_err = RwSignal::new(None::<String>);
    let members_err = RwSignal::new(None::<String>);
    let hours_err = RwSignal::new(None::<String>);
    let form_err = RwSignal::new(None::<String>);
    let assignment = RwSignal::new(Assignment::Collective);
    let chosen = RwSignal::new(
        team.members
            .iter()
            .map(|m| m.host_id)
            .collect::<Vec<Uuid>>(),
    );
    let days = RwSignal::new([true, true, true, true, true, false, false]);
    let from = RwSignal::new("09:00".to_owned());
    let until = RwSignal::new("17:00".to_owned());
    let busy = RwSignal::new(false);
    let zone = StoredValue::new(zone);
    let ids = StoredValue::new(p.clone());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let p = ids.get_value();
        let t = title.get_untracked().trim().to_owned();
        let minutes = duration.get_untracked().trim().parse::<u32>().ok();
        let members = chosen.get_untracked();
        let start = from.get_untracked();
        let mut end = until.get_untracked();
        if end == "00:00" {
            end = "24:00".to_owned();
        }
        title_err.set(t.is_empty().then(|| crate::i18n::t("teams-title-required")));
        duration_err.set(
            minutes
                .is_none()
                .then(|| crate::i18n::t("teams-whole-number")),
        );
        members_err.set(
            members
                .is_empty()
                .then(|| crate::i18n::t("teams-members-required")),
        );
        let weekdays: Vec<&str> = days
            .get_untracked()
            .iter()
            .zip(WEEKDAYS)
            .filter(|(on, _)| **on)
            .map(|(_, d)| d)
            .collect();
        hours_err.set(if start.is_empty() || end.is_empty() || end <= start {
            Some(crate::i18n::t("teams-end-after-start"))
        } else if weekdays.is_empty() {
            Some(crate::i18n::t("teams-days-required"))
        } else {
            None
        });
        form_err.set(None);
        let first_bad = if title_err.get_untracked().is_some() {
            Some(format!("{p}-title"))
        } else if duration_err.get_untracked().is_some() {
            Some(format!("{p}-duration"))
        } else if members_err.get_untracked().is_some() || hours_err.get_untracked().is_some() {
            Some(format!("{p}-title"))
        } else {
            None
        };
        if let Some(id) = first_bad {
            form_err.set(Some(crate::i18n::t("teams-correct-fields")));
            dom::focus_now(&id);
            return;
        }
        let body = CreateTeamAgendaRequest {
            agenda: CreateAgendaRequest {
                title: t,
                duration_minutes: minutes.unwrap_or(30),
                time_zone: Some(zone.get_value()),
                availability: weekdays
                    .iter()
                    .map(|d| AvailabilityInterval {
                        weekday: (*d).to_owned(),
                        start: start.clone(),
                        end: end.clone(),
                    })
                    .collect(),
                ..Default::default()
            },
            assignment: assignment.get_untracked(),
            member_ids: members,
        };
        busy.set(true);
        spawn_local(async move {
            let result = api::create_team_agenda(team_id, &body).await;
            busy.set(false);
            match result {
                Ok(a) => on_done(Some(a)),
                Err(e) => {
                    title_err.set(e.field("title").or_else(|| e.field("slug")));
                    duration_err.set(e.field("duration_minutes"));
                    members_err.set(e.field("member_ids").or_else(|| {
                        e.fields
                            .iter()
                            .find(|(f, _)| f.starts_with("member_ids"))
                            .map(|(_, m)| m.clone())
                    }));
                    hours_err.set(
                        e.fields
                            .iter()
                            .find(|(f, _)| f.starts_with("availability"))
                            .map(|(_, m)| m.clone()),
                    );
                    form_err.set(Some(if e.fields.is_empty() {
                        e.message
                    } else {
                        crate::i18n::t("teams-correct-fields")
                    }));
                }
            }
        });
    };

    let members = team.members.clone();
    let team_name = team.name.clone();
    view! {
        <form class="agenda-editor team-agenda" on:submit=submit novalidate
            aria-labelledby=format!("{p}-heading")>
            <h4 id=format!("{p}-heading")>{tr!("teams-new-agenda-of", team = &team_name)}</h4>
            <Field id=format!("{p}-title") label=t("teams-title-label") value=title error=title_err />
            <Field id=format!("{p}-duration") label=t("teams-duration-label") kind="number"
                value=duration error=duration_err />
            <fieldset class="choices">
                <legend>{tr!("teams-assignment")}</legend>
                <div class="check">
                    <input type="radio" id=format!("{p}-collective") name=format!("{p}-assignment")
                        aria-describedby=format!("{p}-collective-hint")
                        prop:checked=move || assignment.get() == Assignment::Collective
                        on:change=move |_| assignment.set(Assignment::Collective) />
                    <label for=format!("{p}-collective")>{tr!("teams-collective")}</label>
                </div>
                <p id=format!("{p}-collective-hint") class="hint check-hint">
                    {tr!("teams-collective-hint")}
                </p>
                <div class="check">
                    <input type="radio" id=format!("{p}-round-robin") name=format!("{p}-assignment")
                        aria-describedby=format!("{p}-round-robin-hint")
                        prop:checked=move || assignment.get() == Assignment::RoundRobin
                        on:change=move |_| assignment.set(Assignment::RoundRobin) />
                    <label for=format!("{p}-round-robin")>{tr!("teams-round-robin")}</label>
                </div>
                <p id=format!("{p}-round-robin-hint") class="hint check-hint">
                    {tr!("teams-round-robin-hint")}
                </p>
            </fieldset>
            <fieldset class="choices" aria-describedby=format!("{p}-members-error")>
                <legend>{tr!("teams-members")}</legend>
                {members.into_iter().map(|m| {
                    let id = format!("{p}-member-{}", m.host_id);
                    let host_id = m.host_id;
                    view! {
                        <div class="check">
                            <input type="checkbox" id=id.clone()
                                prop:checked=move || chosen.with(|c| c.contains(&host_id))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| {
                                        c.retain(|x| *x != host_id);
                                        if on { c.push(host_id); }
                                    });
                                } />
                            <label for=id><bdi>{m.name.clone()}</bdi>" ("<bdi>{m.email.clone()}</bdi>")"</label>
                        </div>
                    }
                }).collect_view()}
                <p id=format!("{p}-members-error") class="error">{move || members_err.get()}</p>
            </fieldset>
            <fieldset class="choices" aria-describedby=format!("{p}-hours-hint {p}-hours-error")>
                <legend>{tr!("teams-weekly-hours")}</legend>
                <p id=format!("{p}-hours-hint") class="hint">
                    {tr!("teams-hours-hint", zone = zone.get_value())}
                </p>
                {(0..WEEKDAYS.len() as u32).map(|i| {
                    let id = format!("{p}-day-{i}");
                    view! {
                        <div class="check">
                            <input type="checkbox" id=id.clone()
                                prop:checked=move || days.with(|d| d[i as usize])
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    days.update(|d| d[i as usize] = on);
                                } />
                            <label for=id>{move || time::weekday_name(i, "long")}</label>
                        </div>
                    }
                }).collect_view()}
                <div class="hours">
                    <label for=format!("{p}-from")>{tr!("teams-from")}</label>
                    <input type="time" id=format!("{p}-from")
                        prop:value=move || from.get()
                        on:input=move |ev| from.set(event_target_value(&ev)) />
                    <label for=format!("{p}-until")>{tr!("teams-until")}</label>
                    <input type="time" id=format!("{p}-until")
                        prop:value=move || until.get()
                        on:input=move |ev| until.set(event_target_value(&ev)) />
                </div>
                <p id=format!("{p}-hours-error") class="error">{move || hours_err.get()}</p>
            </fieldset>
            <p class="hint">{tr!("teams-defaults-hint")}</p>
            <div class="alerts" role="alert">
                {move || form_err.get().map(|m| view! { <p class="error">{m}</p> })}
            </div>
            <div class="actions-row">
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || if busy.get() { t("teams-creating") } else { t("teams-create-agenda") }}
                </button>
                <button type="button" on:click=move |_| on_done(None)>{tr!("teams-cancel")}</button>
            </div>
        </form>
    }
}
