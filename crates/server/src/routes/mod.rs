//! The REST API under `/api/v1`. Each module registers its handlers with `configure`, so
//! utoipa collects every path into the OpenAPI document.

pub mod agendas;
pub mod auth;
pub mod bookings;
pub mod calendars;
pub mod health;
pub mod webhooks;

use actix_web::web;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiError;
use crate::state::AppState;

/// Registers every API handler.
pub fn configure(cfg: &mut ServiceConfig) {
    auth::configure(cfg);
    agendas::configure(cfg);
    bookings::configure(cfg);
    calendars::configure(cfg);
    health::configure(cfg);
    webhooks::configure(cfg);
}

/// Runs `f` with a pooled connection on the blocking pool: the shape of every handler's
/// database work.
pub async fn with_conn<T, F>(state: &web::Data<AppState>, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&AppState, &mut smartcal_db::DbConn) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let st = state.get_ref().clone();
    blocking(move || {
        let mut c = st.conn()?;
        f(&st, &mut c)
    })
    .await
}

/// Runs blocking database work off the async workers and flattens the two error layers.
pub async fn blocking<T, F>(f: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    web::block(f).await?
}
