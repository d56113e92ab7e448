//! Host accounts: signup, login, logout, `/me` (read and `PATCH`), and integrator API keys (passwords: see
//! `password`).

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use smartcal_db::hosts::{self, ApiKeyRow, HostRow, SessionRow};
use smartcal_db::logins;
use smartcal_types::{
    ApiKeyList, CreateApiKeyRequest, CreatedApiKey, Host, LoginRequest, Problem, SignupRequest,
    UpdateHostRequest,
};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::crypto;
use crate::http::auth::{
    client_address, current_session, reserve_attempt, session_cookie, AuthHost, SessionHost,
    SESSION_COOKIE, SESSION_DAYS,
};
use crate::http::conn::{blocking, with_conn};
use crate::http::error::ApiError;
use crate::http::object::Object;
use crate::state::AppState;
use crate::validate::{slugify, Fields};
use crate::views;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(signup)
        .service(login)
        .service(logout)
        .service(logout_others)
        .service(me)
        .service(update_me)
        .service(list_api_keys)
        .service(create_api_key)
        .service(revoke_api_key);
}

fn start_session(
    state: &AppState,
    conn: &mut smartcal_db::DbConn,
    host_id: &str,
) -> Result<String, ApiError> {
    let token = crypto::random_token("");
    let now = state.now().timestamp();
    hosts::insert_session(
        conn,
        &SessionRow {
            token_hash: crypto::token_hash(&token),
            host_id: host_id.to_owned(),
            created_at: now,
            expires_at: now + SESSION_DAYS * 86_400,
        },
    )?;
    Ok(token)
}

fn secure_cookies(state: &AppState) -> bool {
    state.config.public_url.starts_with("https://")
}

/// Create a host account and log in (sets the session cookie).
#[utoipa::path(tag = "auth", request_body = SignupRequest, responses(
    (status = 201, body = Host, description = "Created; the session cookie is set"),
    (status = 403, body = Problem, content_type = "application/problem+json", description = "Signup is closed"),
    (status = 409, body = Problem, content_type = "application/problem+json", description = "Email or slug taken"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/signup")]
async fn signup(
    state: web::Data<AppState>,
    body: web::Json<SignupRequest>,
) -> Result<HttpResponse, ApiError> {
    if !state.config.allow_signup {
        return Err(ApiError::Forbidden(
            "signup is closed on this server".into(),
        ));
    }
    let mut f = Fields::default();
    let email = f.email("email", &body.email);
    let name = f.text("name", &body.name, 1, 100, false);
    f.new_password("password", &body.password);
    let tz = f.time_zone("time_zone", &body.time_zone);
    let slug = body.slug.as_deref().map(|s| f.slug("slug", s));
    let locale = f.locale("locale", body.locale.as_deref());
    f.finish()?;
    let password_hash = blocking({
        let p = body.password.clone();
        move || Ok(crypto::hash_password(&p)?)
    })
    .await?;
    let (host, token) = with_conn(&state, move |st, conn| {
        smartcal_db::write_transaction(conn, |c| {
            if hosts::find_by_email(c, &email)?.is_some() {
                return Err(ApiError::Conflict(
                    "an account with this email already exists".into(),
                ));
            }
            let slug = match slug {
                Some(s) if hosts::slug_exists(c, &s)? => {
                    return Err(ApiError::Conflict(format!("the slug {s:?} is taken")))
                }
                Some(s) => s,
                None => hosts::free_slug(c, &slugify(&name))?
                    .ok_or_else(|| ApiError::Conflict("no free slug; choose one".into()))?,
            };
            let host = HostRow {
                id: Uuid::new_v4().to_string(),
                email,
                name,
                slug,
                time_zone: tz.name().to_owned(),
                password_hash,
                created_at: st.now().timestamp(),
                disabled_at: None,
                locale,
            };
            hosts::insert(c, &host)?;
            let token = start_session(st, c, &host.id)?;
            Ok((host, token))
        })
    })
    .await?;
    Ok(HttpResponse::Created()
        .cookie(session_cookie(&token, secure_cookies(&state), false))
        .json(views::host(&host)))
}

/// Log in with email and password (sets the session cookie).
#[utoipa::path(tag = "auth", request_body = LoginRequest, responses(
    (status = 200, body = Host),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 403, body = Problem, content_type = "application/problem+json", description = "The account is disabled"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
    (status = 429, body = Problem, content_type = "application/problem+json", description = "Too many failed logins for this account from this address, or too many requests"),
))]
#[post("/auth/login")]
async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let email = body.email.trim().to_lowercase();
    let password = body.password.clone();
    if email.is_empty() || password.is_empty() {
        let mut f = Fields::default();
        if email.is_empty() {
            f.bad("email", "must not be empty");
        }
        if password.is_empty() {
            f.bad("password", "must not be empty");
        }
        f.finish()?;
    }
    // The attempt is counted before the password is checked (see `smartcal_db::logins`), so
    // concurrent guesses cannot all be checked; a successful login clears the count.
    let client = client_address(&req);
    let (host, token) = with_conn(&state, move |st, conn| {
        let now = st.now().timestamp();
        reserve_attempt(conn, &email, &client, now)?;
        let host = hosts::find_by_email(conn, &email)?;
        let hash = host
            .as_ref()
            .map_or(crypto::dummy_hash(), |h| h.password_hash.as_str());
        let ok = crypto::verify_password(&password, hash);
        match host {
            Some(h) if ok && h.disabled_at.is_some() => Err(ApiError::Forbidden(
                "this account is disabled; ask the server's operator".into(),
            )),
            Some(h) if ok => {
                logins::clear(conn, &email, &client, now)?;
                let token = start_session(st, conn, &h.id)?;
                Ok((h, token))
            }
            _ => Err(ApiError::Unauthorized("wrong email or password".into())),
        }
    })
    .await?;
    Ok(HttpResponse::Ok()
        .cookie(session_cookie(&token, secure_cookies(&state), false))
        .json(views::host(&host)))
}

/// End the session (clears the cookie).
#[utoipa::path(tag = "auth", responses((status = 204, description = "Logged out")))]
#[post("/auth/logout")]
async fn logout(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    if let Some(c) = req.cookie(SESSION_COOKIE) {
        let hash = crypto::token_hash(c.value());
        with_conn(&state, move |st, conn| {
            Ok(hosts::delete_session(conn, &hash, st.now().timestamp())?)
        })
        .await?;
    }
    Ok(HttpResponse::NoContent()
        .cookie(session_cookie("", secure_cookies(&state), true))
        .finish())
}

/// Log out every other session of this host (this one stays): after a lost device, say.
#[utoipa::path(tag = "auth", responses(
    (status = 204, description = "Every other session ended"),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 403, body = Problem, content_type = "application/problem+json", description = "Called with an API key"),
), security(("session" = [])))]
#[post("/auth/logout-others")]
async fn logout_others(
    state: web::Data<AppState>,
    req: HttpRequest,
    host: SessionHost,
) -> Result<HttpResponse, ApiError> {
    let keep = current_session(&req);
    with_conn(&state, move |_, conn| {
        Ok(hosts::end_sessions(conn, &host.0.id, keep.as_deref())?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The logged-in host.
#[utoipa::path(tag = "auth", responses(
    (status = 200, body = Host),
    (status = 401, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[get("/me")]
async fn me(host: AuthHost) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(views::host(&host.0)))
}

/// Changes the host's own name, time zone or language; absent fields stay as they are. The
/// language is the dashboard's and that of the emails the host receives from now on.
#[utoipa::path(tag = "auth", request_body = UpdateHostRequest, responses(
    (status = 200, body = Host),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[patch("/me")]
async fn update_me(
    state: web::Data<AppState>,
    host: AuthHost,
    body: web::Json<Object<UpdateHostRequest>>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner().0;
    let mut f = Fields::default();
    let name = body
        .name
        .as_deref()
        .map(|n| f.text("name", n, 1, 100, false));
    let time_zone = body
        .time_zone
        .as_deref()
        .map(|z| f.time_zone("time_zone", z).name().to_owned());
    let locale = body.locale.as_deref().map(|l| f.locale("locale", Some(l)));
    f.finish()?;
    let id = host.0.id.clone();
    let updated = with_conn(&state, move |_, conn| {
        smartcal_db::write_transaction(conn, |c| {
            hosts::update_settings(
                c,
                &id,
                name.as_deref(),
                time_zone.as_deref(),
                locale.as_deref(),
            )?;
            Ok(hosts::find(c, &id)?)
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(views::host(&updated)))
}

/// The host's API keys, with when each was last used.
#[utoipa::path(tag = "api-keys", responses(
    (status = 200, body = ApiKeyList),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 403, body = Problem, content_type = "application/problem+json", description = "Called with an API key: keys are managed with a session only"),
), security(("session" = [])))]
#[get("/api-keys")]
async fn list_api_keys(
    state: web::Data<AppState>,
    host: SessionHost,
) -> Result<HttpResponse, ApiError> {
    let rows = with_conn(&state, move |_, conn| {
        Ok(hosts::list_api_keys(conn, &host.0.id)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(ApiKeyList {
        items: rows.iter().map(views::api_key).collect(),
        next_cursor: None,
    }))
}

/// Create an API key; the key is in this answer only.
#[utoipa::path(tag = "api-keys", request_body = CreateApiKeyRequest, responses(
    (status = 201, body = CreatedApiKey),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 403, body = Problem, content_type = "application/problem+json", description = "Called with an API key: keys are managed with a session only"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
), security(("session" = [])))]
#[post("/api-keys")]
async fn create_api_key(
    state: web::Data<AppState>,
    host: SessionHost,
    body: web::Json<CreateApiKeyRequest>,
) -> Result<HttpResponse, ApiError> {
    let mut f = Fields::default();
    let name = f.text("name", &body.name, 1, 100, false);
    f.finish()?;
    let key = crypto::random_token("sc_");
    let row = ApiKeyRow {
        id: Uuid::new_v4().to_string(),
        host_id: host.0.id.clone(),
        name,
        prefix: key.chars().take(10).collect(),
        key_hash: crypto::token_hash(&key),
        created_at: state.now().timestamp(),
        last_used_at: None,
        revoked_at: None,
    };
    let stored = row.clone();
    with_conn(&state, move |_, conn| {
        Ok(hosts::insert_api_key(conn, &stored)?)
    })
    .await?;
    Ok(HttpResponse::Created().json(CreatedApiKey {
        key,
        api_key: views::api_key(&row),
    }))
}

/// Revoke an API key: it stops working at once.
#[utoipa::path(tag = "api-keys", params(("id" = Uuid, Path, description = "Key id")), responses(
    (status = 204, description = "Revoked"),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 403, body = Problem, content_type = "application/problem+json", description = "Called with an API key: keys are managed with a session only"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
), security(("session" = [])))]
#[delete("/api-keys/{id}")]
async fn revoke_api_key(
    state: web::Data<AppState>,
    host: SessionHost,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    with_conn(&state, move |st, conn| {
        hosts::revoke_api_key(conn, &host.0.id, &id, st.now().timestamp())
            .map_err(ApiError::not_found_as("API key"))
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
