//! Who is calling: a host's session cookie or API key (extractors), and the session cookie
//! itself. Tokens are random and stored as SHA-256 hashes (see `crate::crypto`).

use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{web, FromRequest, HttpRequest};
use smartcal_db::hosts::HostRow;
use smartcal_db::logins;

use crate::crypto::token_hash;
use crate::http::error::ApiError;
use crate::limits::login_wait;
use crate::state::AppState;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "smartcal_session";
/// How long a login lasts.
pub const SESSION_DAYS: i64 = 30;

/// The session cookie carrying `token` (empty + expired to log out).
pub fn session_cookie(token: &str, secure: bool, logout: bool) -> Cookie<'static> {
    let mut c = Cookie::build(SESSION_COOKIE, token.to_owned())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish();
    if logout {
        c.make_removal();
    } else {
        c.set_max_age(CookieDuration::days(SESSION_DAYS));
    }
    c
}

/// The token hash of the request's session cookie, if it has one.
pub fn current_session(req: &HttpRequest) -> Option<String> {
    req.cookie(SESSION_COOKIE).map(|c| token_hash(c.value()))
}

/// The peer address a password attempt is counted by (see `smartcal_db::logins`).
pub fn client_address(req: &HttpRequest) -> String {
    req.peer_addr()
        .map_or_else(|| "unknown".to_owned(), |a| a.ip().to_string())
}

/// Counts a password attempt of `account` from `client` (see [`login_wait`]): a login, or a
/// current password given to change it. 429 while it must wait.
pub fn reserve_attempt(
    conn: &mut smartcal_db::DbConn,
    account: &str,
    client: &str,
    now: i64,
) -> Result<(), ApiError> {
    logins::reserve(conn, account, client, now, login_wait)?.map_err(|retry_after| {
        ApiError::TooManyRequests {
            message: format!(
                "too many failed logins for this account from your address; try again in {retry_after} s"
            ),
            retry_after: retry_after.max(1).unsigned_abs(),
        }
    })
}

/// The authenticated host (extractor): `Authorization: Bearer <api key>` or the session cookie.
/// Missing or unknown credentials are a 401 problem.
#[derive(Debug, Clone)]
pub struct AuthHost(pub HostRow);

/// The host if credentials are present and valid, else nothing (for guest-or-host endpoints);
/// credentials that are present but wrong are still a 401.
#[derive(Debug, Clone)]
pub struct MaybeHost(pub Option<HostRow>);

/// The authenticated host of a session (extractor): API keys are refused with 403. For what
/// a key must not do — manage API keys (a leaked key could otherwise mint keys that outlive
/// its revocation) and change the password.
#[derive(Debug, Clone)]
pub struct SessionHost(pub HostRow);

enum Credential {
    ApiKey(String),
    Session(String),
}

fn credential(req: &HttpRequest) -> Result<Option<Credential>, ApiError> {
    if let Some(h) = req.headers().get(actix_web::http::header::AUTHORIZATION) {
        let v = h
            .to_str()
            .map_err(|_| ApiError::Unauthorized("malformed Authorization header".into()))?;
        let key = v
            .strip_prefix("Bearer ")
            .ok_or_else(|| ApiError::Unauthorized("use Authorization: Bearer <api key>".into()))?;
        return Ok(Some(Credential::ApiKey(key.trim().to_owned())));
    }
    Ok(req
        .cookie(SESSION_COOKIE)
        .map(|c| Credential::Session(c.value().to_owned()))
        .filter(|c| !matches!(c, Credential::Session(v) if v.is_empty())))
}

async fn resolve(req: HttpRequest) -> Result<Option<HostRow>, ApiError> {
    let Some(cred) = credential(&req)? else {
        return Ok(None);
    };
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("AppState missing")))?
        .clone();
    let now = state.now().timestamp();
    let found = web::block(move || -> Result<Option<HostRow>, ApiError> {
        let mut conn = state.conn()?;
        Ok(match cred {
            Credential::ApiKey(k) => {
                smartcal_db::hosts::find_by_api_key(&mut conn, &token_hash(&k), now)?
            }
            Credential::Session(t) => {
                smartcal_db::hosts::find_by_session(&mut conn, &token_hash(&t), now)?
            }
        })
    })
    .await??;
    match found {
        Some(h) => Ok(Some(h)),
        None => Err(ApiError::Unauthorized(
            "the session or API key is not valid (expired, revoked or unknown)".into(),
        )),
    }
}

impl FromRequest for AuthHost {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            resolve(req).await?.map(AuthHost).ok_or_else(|| {
                ApiError::Unauthorized("log in or send Authorization: Bearer <api key>".into())
            })
        })
    }
}

impl FromRequest for SessionHost {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let by_key = matches!(credential(&req), Ok(Some(Credential::ApiKey(_))));
            let host = resolve(req).await?.ok_or_else(|| {
                ApiError::Unauthorized("log in to manage API keys and the password".into())
            })?;
            if by_key {
                return Err(ApiError::Forbidden(
                    "API keys cannot do this; log in to the dashboard".into(),
                ));
            }
            Ok(SessionHost(host))
        })
    }
}

/// Whether the request carries `Authorization: Bearer {secret}` (the scheme in any case),
/// compared in time independent of where they differ — the shared secret of what a Jitsi
/// server calls.
pub fn has_bearer_secret(req: &HttpRequest, secret: &str) -> bool {
    req.headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .is_some_and(|(_, token)| crate::crypto::same_secret(token.trim(), secret))
}

/// Whether the request carries a host's valid session or API key (one database read).
pub async fn has_valid_credentials(req: &HttpRequest) -> bool {
    matches!(resolve(req.clone()).await, Ok(Some(_)))
}

impl FromRequest for MaybeHost {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ok(MaybeHost(resolve(req).await?)) })
    }
}
