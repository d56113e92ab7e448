//! What the pages opened from a link share: the booking the link names (`/…/{id}`), read
//! with the link's `?token=` — a guest's manage token or a host's decide token; without one,
//! the host's session.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use smartcal_types::Booking;
use uuid::Uuid;

use crate::api::{self, ApiError, ApiResult};

/// The linked booking and the link's token; `invalid` is the message id of what a malformed id
/// answers (the same as the server's 404 for an unknown one).
pub fn linked_booking(
    invalid: &'static str,
) -> LocalResource<ApiResult<(Booking, Option<String>)>> {
    let params = use_params_map();
    let query = use_query_map();
    LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        let token = query.read().get("token").filter(|t| !t.is_empty());
        async move {
            let Ok(id) = Uuid::parse_str(&id) else {
                return Err(ApiError {
                    status: Some(404),
                    // Not a reason to load again when the language changes.
                    message: untrack(|| crate::i18n::t(invalid)),
                    fields: Vec::new(),
                });
            };
            let b = api::get_booking(id, token.as_deref()).await?;
            Ok((b, token))
        }
    })
}
