//! A host's public page (SPEC §15): the agendas anyone may book, for `/book/{host_slug}`.

use actix_web::{get, web, HttpResponse};
use smartcal_db::{agendas, hosts};
use smartcal_types::{Problem, PublicHost};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::http::conn::with_conn;
use crate::http::error::ApiError;
use crate::state::AppState;
use crate::views;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(public_host);
}

/// A host's name and their listed, active agendas (unlisted ones need an invite, inactive ones
/// take no bookings). An unknown or disabled host is a 404.
#[utoipa::path(tag = "public", params(
    ("host_slug" = String, Path, description = "The host's slug"),
), responses(
    (status = 200, body = PublicHost),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/public/hosts/{host_slug}")]
async fn public_host(
    state: web::Data<AppState>,
    host_slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let slug = host_slug.into_inner();
    let page = with_conn(&state, move |_, c| {
        let host = hosts::find_by_slug(c, &slug)?
            .filter(|h| h.disabled_at.is_none())
            .ok_or_else(|| ApiError::NotFound("no such host".into()))?;
        let listed = agendas::list(c, &host.id)?
            .into_iter()
            .filter(|a| a.listed && a.active)
            .collect();
        Ok(views::public_host(&host, listed))
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}
