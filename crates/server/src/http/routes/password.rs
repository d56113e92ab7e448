//! A host's password: changing it while logged in, and resetting it with an emailed link
//! (SPEC §15).
//!
//! Asking for a link answers the same 202 whether or not the address has an account, after
//! the same kind of work (a write transaction either way; the email leaves later, from the
//! outbox worker), so the answer tells nobody who has an account. A link is single use, works
//! for 60 minutes and is stored only as a SHA-256 hash; a host has at most three live ones.
//! Setting a password with it ends every session of the host.

use actix_web::{post, web, HttpRequest, HttpResponse};
use smartcal_db::password_resets::{self, Unusable};
use smartcal_db::{hosts, logins};
use smartcal_types::{
    ChangePasswordRequest, FieldError, PasswordResetAccepted, PasswordResetConfirm,
    PasswordResetRequest, Problem,
};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::crypto;
use crate::http::auth::{
    client_address, current_session, reserve_attempt, session_cookie, SessionHost,
};
use crate::http::conn::{blocking, with_conn};
use crate::http::error::ApiError;
use crate::http::object::Object;
use crate::jobs::password_email;
use crate::state::AppState;
use crate::validate::Fields;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(request_reset)
        .service(confirm_reset)
        .service(change_password)
        .service(change_password_at_auth);
}

/// The answer to every well-formed reset request.
pub const RESET_ANSWER: &str = "If an account exists for this address, we sent it an email \
     with a link to choose a new password. The link works once, for 60 minutes.";

/// Email a password reset link to this address if it has an (enabled) account. The answer is
/// the same either way.
#[utoipa::path(tag = "auth", request_body = PasswordResetRequest, responses(
    (status = 202, body = PasswordResetAccepted, description = "Accepted; a link was sent if the address has an account"),
    (status = 422, body = Problem, content_type = "application/problem+json", description = "Not an email address"),
    (status = 429, body = Problem, content_type = "application/problem+json", description = "Too many requests from this address"),
))]
#[post("/auth/password-reset")]
async fn request_reset(
    state: web::Data<AppState>,
    body: web::Json<Object<PasswordResetRequest>>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner().0;
    let mut f = Fields::default();
    let email = f.email("email", &body.email);
    f.finish()?;
    let token = crypto::random_token("");
    let token_hash = crypto::token_hash(&token);
    with_conn(&state, move |st, c| {
        let now = st.now().timestamp();
        match hosts::find_by_email(c, &email)? {
            Some(host) if host.disabled_at.is_none() => {
                let row = password_email::row(st, &host, &token, token_hash, now);
                if !password_resets::create(c, &row)? {
                    tracing::info!(host = %host.id, "password reset not sent: enough live links");
                }
            }
            _ => password_resets::create_nothing(c, now)?,
        }
        Ok(())
    })
    .await?;
    state.outbox.wake();
    Ok(HttpResponse::Accepted().json(PasswordResetAccepted {
        message: RESET_ANSWER.to_owned(),
    }))
}

/// Set a new password with an emailed link's token; every session of the host ends.
#[utoipa::path(tag = "auth", request_body = PasswordResetConfirm, responses(
    (status = 204, description = "The password is set; every session of the host ended"),
    (status = 410, body = Problem, content_type = "application/problem+json", description = "The link was used already, or has expired"),
    (status = 422, body = Problem, content_type = "application/problem+json", description = "The token is unknown (field `token`), or the password too short or long (field `password`)"),
    (status = 429, body = Problem, content_type = "application/problem+json", description = "Too many requests from this address"),
))]
#[post("/auth/password-reset/confirm")]
async fn confirm_reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<Object<PasswordResetConfirm>>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner().0;
    let token = body.token.trim().to_owned();
    let mut f = Fields::default();
    if token.is_empty() {
        f.bad("token", "must not be empty");
    }
    f.new_password("password", &body.password);
    f.finish()?;
    // Hashed before the token is looked at: a wrong token costs the same as a right one.
    let new_hash = blocking(move || Ok(crypto::hash_password(&body.password)?)).await?;
    let token_hash = crypto::token_hash(&token);
    let client = client_address(&req);
    with_conn(&state, move |st, conn| {
        let now = st.now().timestamp();
        smartcal_db::write_transaction(conn, |c| {
            let host_id = match password_resets::consume(c, &token_hash, now)? {
                Ok(host_id) => host_id,
                Err(Unusable::Unknown) => {
                    return Err(ApiError::Validation(vec![FieldError {
                        field: "token".into(),
                        message: "is not a password reset link of this server; ask for a new one"
                            .into(),
                    }]))
                }
                Err(Unusable::Used) => {
                    return Err(ApiError::Gone(
                        "this password reset link was used already; ask for a new one".into(),
                    ))
                }
                Err(Unusable::Expired) => {
                    return Err(ApiError::Gone(
                        "this password reset link has expired; ask for a new one".into(),
                    ))
                }
            };
            hosts::set_password_hash(c, &host_id, &new_hash, None)?;
            // The owner proved who they are: earlier wrong guesses from here no longer slow
            // their next login.
            let host = hosts::find(c, &host_id)?;
            logins::clear(c, &host.email, &client, now)?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent()
        .cookie(session_cookie(
            "",
            state.config.public_url.starts_with("https://"),
            true,
        ))
        .finish())
}

/// Change the password; every other session of the host ends (this one stays). A wrong
/// current password is a 422 on `current_password` and counts as a failed login.
#[utoipa::path(tag = "auth", request_body = ChangePasswordRequest, responses(
    (status = 204, description = "Changed; every other session ended"),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 403, body = Problem, content_type = "application/problem+json", description = "Called with an API key"),
    (status = 422, body = Problem, content_type = "application/problem+json", description = "The current password is wrong, or the new one too short or long"),
    (status = 429, body = Problem, content_type = "application/problem+json", description = "Too many wrong passwords for this account from this address"),
), security(("session" = [])))]
#[post("/me/password")]
async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    host: SessionHost,
    body: web::Json<Object<ChangePasswordRequest>>,
) -> Result<HttpResponse, ApiError> {
    change(state, req, host, body.into_inner().0).await
}

/// The same as `POST /me/password` (its first address, kept for existing clients).
#[utoipa::path(tag = "auth", request_body = ChangePasswordRequest, responses(
    (status = 204, description = "Changed; every other session ended"),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 403, body = Problem, content_type = "application/problem+json", description = "Called with an API key"),
    (status = 422, body = Problem, content_type = "application/problem+json", description = "The current password is wrong, or the new one too short or long"),
    (status = 429, body = Problem, content_type = "application/problem+json", description = "Too many wrong passwords for this account from this address"),
), security(("session" = [])))]
#[post("/auth/password")]
async fn change_password_at_auth(
    state: web::Data<AppState>,
    req: HttpRequest,
    host: SessionHost,
    body: web::Json<Object<ChangePasswordRequest>>,
) -> Result<HttpResponse, ApiError> {
    change(state, req, host, body.into_inner().0).await
}

async fn change(
    state: web::Data<AppState>,
    req: HttpRequest,
    host: SessionHost,
    body: ChangePasswordRequest,
) -> Result<HttpResponse, ApiError> {
    let mut f = Fields::default();
    if body.current_password.is_empty() {
        f.bad("current_password", "must not be empty");
    }
    f.new_password("new_password", &body.new_password);
    f.finish()?;
    let new_hash = blocking({
        let p = body.new_password.clone();
        move || Ok(crypto::hash_password(&p)?)
    })
    .await?;
    let keep = current_session(&req);
    let client = client_address(&req);
    let current = body.current_password;
    with_conn(&state, move |st, conn| {
        let host = host.0;
        let now = st.now().timestamp();
        reserve_attempt(conn, &host.email, &client, now)?;
        if !crypto::verify_password(&current, &host.password_hash) {
            let mut f = Fields::default();
            f.bad("current_password", "is not this account's password");
            f.finish()?;
        }
        logins::clear(conn, &host.email, &client, now)?;
        hosts::set_password_hash(conn, &host.id, &new_hash, keep.as_deref())?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
