//! Who is calling: a host's session cookie or API key. Passwords are argon2id; session tokens,
//! API keys and guest manage tokens are random and stored as SHA-256 hashes.

use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{web, FromRequest, HttpRequest};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use smartcal_db::hosts::HostRow;

use crate::error::ApiError;
use crate::state::AppState;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "smartcal_session";
/// How long a login lasts.
pub const SESSION_DAYS: i64 = 30;

/// An argon2id PHC hash of a password.
pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("hashing failed: {e}")))
}

/// Whether `password` matches a stored PHC hash.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the email is unknown, so timing does not reveal accounts.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not-a-real-password").unwrap_or_default())
}

/// 32 random bytes, URL-safe base64, with a readable prefix (e.g. `sc_live_…`).
pub fn random_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// SHA-256 hex: how tokens are stored and looked up.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

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

/// The authenticated host (extractor): `Authorization: Bearer <api key>` or the session cookie.
/// Missing or unknown credentials are a 401 problem.
#[derive(Debug, Clone)]
pub struct AuthHost(pub HostRow);

/// The host if credentials are present and valid, else nothing (for guest-or-host endpoints);
/// credentials that are present but wrong are still a 401.
#[derive(Debug, Clone)]
pub struct MaybeHost(pub Option<HostRow>);

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

impl FromRequest for MaybeHost {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ok(MaybeHost(resolve(req).await?)) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_roundtrip() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong horse", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = random_token("sc_");
        let b = random_token("sc_");
        assert_ne!(a, b);
        assert!(a.starts_with("sc_") && a.len() > 40);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), token_hash(&b));
    }
}
