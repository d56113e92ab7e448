//! Liveness and readiness.

use actix_web::{get, web, HttpResponse};
use smartcal_types::{Health, Problem};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::http::conn::with_conn;
use crate::http::error::ApiError;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health);
}

/// Whether the server and its database answer.
#[utoipa::path(tag = "meta", responses(
    (status = 200, body = Health),
    (status = 503, body = Problem, content_type = "application/problem+json"),
))]
#[get("/health")]
async fn health(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    with_conn(&state, move |_, c| diesel_ping(c)).await?;
    Ok(HttpResponse::Ok().json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}

fn diesel_ping(c: &mut smartcal_db::DbConn) -> Result<(), ApiError> {
    smartcal_db::hosts::slug_exists(c, "")?;
    Ok(())
}
