//! `/book/{host}`: a host's public page, listing the agendas anyone may book, each a link to
//! its booking page.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};
use smartcal_types::PublicHost;

use crate::{api, components::Loader};

/// Loads the host's page, then lists their agendas.
#[component]
pub fn HostPage() -> impl IntoView {
    let params = use_params_map();
    let host = LocalResource::new(move || {
        let slug = params.read().get("host").unwrap_or_default();
        async move { api::public_host(&slug).await.map(|page| (slug, page)) }
    });
    view! {
        <section class="page host">
            <Loader load=move || host.get() missing=&[404] not_found=unknown_host
                let((slug, page))>
                <Agendas slug=slug page=page />
            </Loader>
        </section>
    }
}

/// A link that names no (enabled) host.
fn unknown_host() -> impl IntoView {
    view! {
        <h1>"Unknown page"</h1>
        <p>"This booking page does not exist (any more). Please check the link you were given."</p>
    }
}

/// The host's name and their agendas, each a link to its booking page.
#[component]
fn Agendas(slug: String, page: PublicHost) -> impl IntoView {
    let empty = page.agendas.is_empty();
    let items = page
        .agendas
        .into_iter()
        .map(|a| {
            let href = format!("/book/{slug}/{}", a.slug);
            let minutes = format!("{} minutes", a.duration_minutes);
            let description = (!a.description.trim().is_empty())
                .then(|| view! { <p class="description" dir="auto">{a.description}</p> });
            view! {
                <li class="host-agenda">
                    <h2><A href=href><bdi>{a.title}</bdi></A></h2>
                    <p class="muted">{minutes}</p>
                    {description}
                </li>
            }
        })
        .collect_view();
    view! {
        <h1>"Book a meeting with "<bdi>{page.name}</bdi></h1>
        {if empty {
            view! { <p>"There is nothing to book here right now."</p> }.into_any()
        } else {
            view! {
                <p>"Choose what you would like to meet about:"</p>
                <ul class="host-agendas">{items}</ul>
            }
            .into_any()
        }}
    }
}
