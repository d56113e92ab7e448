//! An agenda's Invites (SPEC §9): private links that book it once, also when it is not
//! listed. Create one (a note, an optional expiry; its link is shown only then, with a Copy
//! button), see each one's state, revoke.

use leptos::{prelude::*, task::spawn_local};
use smartcal_types::{CreateInviteRequest, CreatedInvite, Invite, InviteState};
use uuid::Uuid;

use crate::{
    api,
    components::{Confirm, ConfirmDialog, Field, Loader},
    dom,
    i18n::{t, tf},
    time, tr,
};

/// The Invites section of the agenda `agenda_id` titled `title`.
#[component]
pub fn InvitesSection(agenda_id: Uuid, title: String) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let invites = LocalResource::new(move || {
        reload.track();
        api::list_invites(agenda_id)
    });
    let note = RwSignal::new(String::new());
    let note_err = RwSignal::new(None::<String>);
    let expires = RwSignal::new(String::new());
    let expires_err = RwSignal::new(None::<String>);
    let created = RwSignal::new(None::<CreatedInvite>);
    let status = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let ids = |part: &str| format!("invites-{agenda_id}-{part}");
    let heading_id = ids("heading");
    let new_heading_id = ids("new-heading");
    let link_id = ids("link");
    let note_id = ids("note");

    let new_heading = new_heading_id.clone();
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let typed = expires.get_untracked();
        let expires_at = time::from_local_input(&typed);
        if expires_at.is_none() && !typed.trim().is_empty() {
            expires_err.set(Some(t("invites-expiry-invalid")));
            return;
        }
        let text = note.get_untracked().trim().to_owned();
        let body = CreateInviteRequest {
            note: (!text.is_empty()).then_some(text),
            expires_at,
        };
        note_err.set(None);
        expires_err.set(None);
        error.set(None);
        status.set(None);
        busy.set(true);
        let new_heading = new_heading.clone();
        spawn_local(async move {
            let result = api::create_invite(agenda_id, &body).await;
            busy.set(false);
            match result {
                Ok(invite) => {
                    created.set(Some(invite));
                    note.set(String::new());
                    expires.set(String::new());
                    reload.update(|n| *n += 1);
                    dom::focus_later(new_heading);
                }
                Err(e) if !e.fields.is_empty() => {
                    note_err.set(e.field("note"));
                    expires_err.set(e.field("expires_at"));
                    if e.field("note").is_none() && e.field("expires_at").is_none() {
                        error.set(Some(e.message));
                    }
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };

    let confirm = Confirm::new();
    let revoke = move |invite: Invite| {
        let question = tf(
            "invites-revoke-question",
            &[("invite", described(&invite).into())],
        );
        confirm.ask(
            &t("invites-revoke-title"),
            question,
            &t("invites-revoke"),
            move || {
                error.set(None);
                status.set(None);
                spawn_local(async move {
                    match api::revoke_invite(agenda_id, invite.id).await {
                        Ok(()) => {
                            if created
                                .with_untracked(|c| c.as_ref().is_some_and(|c| c.id == invite.id))
                            {
                                created.set(None);
                            }
                            status.set(Some(tf(
                                "invites-revoked",
                                &[("invite", described(&invite).into())],
                            )));
                            reload.update(|n| *n += 1);
                        }
                        Err(e) => error.set(Some(e.message)),
                    }
                });
            },
        );
    };

    let shown_link = link_id.clone();
    let labelled_by = heading_id.clone();
    view! {
        <section class="invites" aria-labelledby=labelled_by>
            <ConfirmDialog id=format!("revoke-invite-{agenda_id}") confirm=confirm return_to=None />
            <h4 id=heading_id>{tr!("invites-heading")}</h4>
            <p class="hint">{tr!("invites-hint", title = dom::isolate(&title))}</p>
            <form class="inline-form" on:submit=create novalidate>
                <Field id=note_id label=t("invites-note-label") value=note error=note_err />
                <Field id=ids("expires") label=t("invites-expires-label") kind="datetime-local"
                    value=expires error=expires_err />
                <button type="submit" class="primary" disabled=move || busy.get()>{tr!("invites-create")}</button>
            </form>
            <div class="alerts" role="alert" aria-live="assertive">
                {move || error.get().map(|m| view! { <p class="error">{m}</p> })}
            </div>
            <div class="notices" role="status" aria-live="polite">
                {move || status.get().map(|m| view! { <p class="success">{m}</p> })}
            </div>
            {move || created.get().map(|c| {
                let url = c.url.clone();
                let link_id = shown_link.clone();
                view! {
                    <div class="new-key" role="group" aria-labelledby=new_heading_id.clone()>
                        <h5 id=new_heading_id.clone() tabindex="-1">{tr!("invites-new-heading")}</h5>
                        <p><strong>{tr!("invites-copy-now")}</strong></p>
                        <div class="copy-row">
                            <label for=link_id.clone() class="visually-hidden">{tr!("invites-new-link-label")}</label>
                            <input id=link_id type="text" readonly value=url.clone() on:focus=dom::select_all />
                            <button type="button" on:click=move |_| {
                                status.set(Some(if dom::copy_text(&url) {
                                    t("invites-link-copied")
                                } else {
                                    t("invites-copy-by-hand")
                                }));
                            }>{tr!("invites-copy")}</button>
                        </div>
                        <button type="button" class="link" on:click=move |_| created.set(None)>
                            {tr!("invites-done-hide")}
                        </button>
                    </div>
                }
            })}
            <Loader load=move || invites.get() let:list>
                {if list.items.is_empty() {
                    view! { <p class="muted">{tr!("invites-none")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="keys invite-list">
                            {list.items.into_iter().map(|invite| {
                                let name = described(&invite);
                                let state = state_label(invite.state);
                                let date = time::short_date(&invite.created_at);
                                let made = match &invite.expires_at {
                                    Some(at) => tf("invites-created-expires", &[
                                        ("date", (&date).into()),
                                        ("time", time::browser_local(at).into()),
                                    ]),
                                    None => tf("invites-created-never-expires", &[("date", date.into())]),
                                };
                                view! {
                                    <li class="key">
                                        <div>
                                            <p><strong><bdi>{note_or_default(&invite)}</bdi></strong>" "
                                                <span class="badge" class:idle=invite.state != InviteState::Open>
                                                    {move || t(state)}
                                                </span>
                                            </p>
                                            <p class="muted">{made}</p>
                                        </div>
                                        <button type="button" class="danger" aria-label=tr!("invites-revoke-label", invite = &name)
                                            on:click=move |_| revoke(invite.clone())>{tr!("invites-revoke")}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Loader>
        </section>
    }
}

/// The message of `Open`, `Used` or `Expired`.
fn state_label(state: InviteState) -> &'static str {
    match state {
        InviteState::Open => "invites-state-open",
        InviteState::Used => "invites-state-used",
        InviteState::Expired => "invites-state-expired",
    }
}

/// The note, or what stands for a missing one.
fn note_or_default(invite: &Invite) -> String {
    if invite.note.trim().is_empty() {
        t("invites-no-note")
    } else {
        invite.note.clone()
    }
}

/// How buttons and messages name an invite: its note, else when it was made.
fn described(invite: &Invite) -> String {
    if invite.note.trim().is_empty() {
        tf(
            "invites-made",
            &[("time", time::browser_local(&invite.created_at).into())],
        )
    } else {
        tf(
            "invites-quoted-note",
            &[("note", dom::isolate(invite.note.trim()).into())],
        )
    }
}
