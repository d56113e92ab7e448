//! The shape of every handler's database work: blocking work runs on actix's blocking pool,
//! with a pooled connection, and its two error layers flatten into one [`ApiError`].

use actix_web::web;

use crate::http::error::ApiError;
use crate::state::AppState;

/// Runs `f` with a pooled connection on the blocking pool.
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

/// Runs blocking work off the async workers and flattens the two error layers.
pub async fn blocking<T, F>(f: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    web::block(f).await?
}
