//! `/book/{host}`: a host's public page, listing the agendas anyone may book, each a link to
//! its booking page.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};
use smartcal_types::PublicHost;

use crate::i18n::{pieces, Piece};
use crate::{
    api,
    components::{LanguageSwitcher, Loader},
    tr,
};

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
            <LanguageSwitcher />
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
        <h1>{tr!("host-unknown-heading")}</h1>
        <p>{tr!("host-unknown-text")}</p>
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
            let minutes = tr!("book-minutes", count = a.duration_minutes);
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
    let name = page.name;
    let heading = move || {
        pieces("host-heading", &["name"])
            .into_iter()
            .map(|piece| match piece {
                Piece::Text(text) => text.into_any(),
                Piece::Var(_) => view! { <bdi>{name.clone()}</bdi> }.into_any(),
            })
            .collect_view()
    };
    view! {
        <h1>{heading}</h1>
        {if empty {
            view! { <p>{tr!("host-empty")}</p> }.into_any()
        } else {
            view! {
                <p>{tr!("host-choose")}</p>
                <ul class="host-agendas">{items}</ul>
            }
            .into_any()
        }}
    }
}
