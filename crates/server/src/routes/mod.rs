//! The REST API under `/api/v1`. Each module registers its handlers with `configure`, so
//! utoipa collects every path into the OpenAPI document.

pub mod agendas;
pub mod auth;
pub mod bookings;
pub mod health;

use actix_web::web;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiError;

/// Registers every API handler.
pub fn configure(cfg: &mut ServiceConfig) {
    auth::configure(cfg);
    agendas::configure(cfg);
    bookings::configure(cfg);
    health::configure(cfg);
}

/// Runs blocking database work off the async workers and flattens the two error layers.
pub async fn blocking<T, F>(f: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    web::block(f).await?
}
