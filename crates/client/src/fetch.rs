//! The browser's `fetch`, for the client in wasm32: the request as [`Call`] has it, with the
//! page's own cookies (same-origin), answered as status and text.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestCredentials, RequestInit, Response};

use crate::{Call, ClientError};

/// Sends `call` (with `Authorization: Bearer {api_key}` when given); the answer's status and
/// body text.
pub(crate) async fn send(
    call: &Call<'_>,
    api_key: Option<&str>,
) -> Result<(u16, String), ClientError> {
    let init = RequestInit::new();
    init.set_method(call.method.as_str());
    init.set_credentials(RequestCredentials::SameOrigin);
    if let Some(body) = &call.body {
        init.set_body(&body.into());
    }
    let request = Request::new_with_str_and_init(&call.url, &init).map_err(failed)?;
    let headers = request.headers();
    headers.set("Accept", call.accept).map_err(failed)?;
    if call.body.is_some() {
        headers
            .set("Content-Type", "application/json")
            .map_err(failed)?;
    }
    if let Some(key) = api_key {
        headers
            .set("Authorization", &format!("Bearer {key}"))
            .map_err(failed)?;
    }
    if let Some(key) = call.idempotency_key {
        headers.set("Idempotency-Key", key).map_err(failed)?;
    }
    let window = web_sys::window().ok_or_else(|| ClientError::Http("no window".to_owned()))?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(failed)?
        .dyn_into()
        .map_err(failed)?;
    let text = JsFuture::from(response.text().map_err(failed)?)
        .await
        .map_err(failed)?
        .as_string()
        .unwrap_or_default();
    Ok((response.status(), text))
}

/// A failed `fetch` (the network, or the browser refusing the request) as the client's error.
fn failed(e: wasm_bindgen::JsValue) -> ClientError {
    ClientError::Http(
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "the request failed".to_owned()),
    )
}
