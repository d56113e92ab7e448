//! One error type for the API: every failure becomes RFC 9457 `application/problem+json`.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use smartcal_db::DbError;
use smartcal_types::{FieldError, Problem};

use crate::http::request_id;
use crate::validate::Invalid;

/// Base of the `type` URIs of SmartCal's problems.
const TYPE_BASE: &str = "https://smartcal.dev/problems/";

/// Why a request failed, as the client should learn it.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Some fields are invalid (422 with per-field errors).
    #[error("the request has invalid fields")]
    Validation(Vec<FieldError>),
    /// The request is well-formed but a domain rule refuses it (422), e.g. not a slot.
    #[error("{0}")]
    Unprocessable(String),
    /// The body is not valid JSON, or a parameter is unusable (400).
    #[error("{0}")]
    BadRequest(String),
    /// Not logged in, or the credentials are wrong (401).
    #[error("{0}")]
    Unauthorized(String),
    /// Logged in but not allowed (403).
    #[error("{0}")]
    Forbidden(String),
    /// No such thing, or not yours (404).
    #[error("{0}")]
    NotFound(String),
    /// The path exists but not with this method (405).
    #[error("method not allowed")]
    MethodNotAllowed(Vec<String>),
    /// The state forbids it: the slot is taken, the email is used… (409).
    #[error("{0}")]
    Conflict(String),
    /// It existed but is gone for good: an invite used, expired or revoked (410).
    #[error("{0}")]
    Gone(String),
    /// Body larger than allowed (413).
    #[error("{0}")]
    PayloadTooLarge(String),
    /// Body not JSON (415).
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// Too many requests from this client (429); retry after this many seconds.
    #[error("{message}")]
    TooManyRequests { message: String, retry_after: u64 },
    /// The database is unreachable or busy; try again (503).
    #[error("{0}")]
    Unavailable(String),
    /// A bug: logged with its cause, shown as a bare 500.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    /// One invalid field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }

    /// Maps a repo's `NotFound` to a 404 naming `what` ("no such agenda"); other errors as usual.
    pub fn not_found_as(what: &'static str) -> impl Fn(DbError) -> ApiError {
        move |e| match e {
            DbError::NotFound => ApiError::NotFound(format!("no such {what}")),
            e => e.into(),
        }
    }

    fn slug_and_title(&self) -> (&'static str, &'static str) {
        match self {
            ApiError::Validation(_) => ("validation", "Your request has invalid fields"),
            ApiError::Unprocessable(_) => ("unprocessable", "The request cannot be carried out"),
            ApiError::BadRequest(_) => ("bad-request", "Bad request"),
            ApiError::Unauthorized(_) => ("unauthorized", "Authentication required"),
            ApiError::Forbidden(_) => ("forbidden", "Not allowed"),
            ApiError::NotFound(_) => ("not-found", "Not found"),
            ApiError::MethodNotAllowed(_) => ("method-not-allowed", "Method not allowed"),
            ApiError::Conflict(_) => ("conflict", "Conflict"),
            ApiError::Gone(_) => ("gone", "Gone"),
            ApiError::PayloadTooLarge(_) => ("payload-too-large", "Request body too large"),
            ApiError::UnsupportedMediaType(_) => {
                ("unsupported-media-type", "Unsupported media type")
            }
            ApiError::TooManyRequests { .. } => ("too-many-requests", "Too many requests"),
            ApiError::Unavailable(_) => ("unavailable", "Service temporarily unavailable"),
            ApiError::Internal(_) => ("internal", "Internal server error"),
        }
    }

    /// The problem document this error renders as (naming the request being answered, if any).
    pub fn problem(&self) -> Problem {
        let (slug, title) = self.slug_and_title();
        let detail = match self {
            ApiError::Internal(_) => {
                Some("An unexpected error occurred; it has been logged.".into())
            }
            ApiError::Validation(errors) => Some(
                errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            other => Some(other.to_string()),
        };
        Problem {
            type_: format!("{TYPE_BASE}{slug}"),
            title: title.into(),
            status: self.status_code().as_u16(),
            detail,
            errors: match self {
                ApiError::Validation(e) => e.clone(),
                _ => vec![],
            },
            request_id: request_id::current(),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) | ApiError::Unprocessable(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Gone(_) => StatusCode::GONE,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(e) = self {
            tracing::error!(error = ?e, request_id = request_id::current(), "internal error");
        }
        let mut res = HttpResponse::build(self.status_code());
        res.content_type("application/problem+json");
        match self {
            ApiError::MethodNotAllowed(allow) => {
                res.insert_header((header::ALLOW, allow.join(", ")));
            }
            ApiError::Unavailable(_) => {
                res.insert_header((header::RETRY_AFTER, "2"));
            }
            ApiError::TooManyRequests { retry_after, .. } => {
                res.insert_header((header::RETRY_AFTER, retry_after.to_string()));
            }
            ApiError::Unauthorized(_) => {
                res.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            _ => {}
        }
        res.body(serde_json::to_string(&self.problem()).unwrap_or_default())
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::NotFound => ApiError::NotFound("no such resource".into()),
            DbError::Conflict(m) => ApiError::Conflict(format!("already exists ({m})")),
            DbError::Unavailable(m) => {
                tracing::warn!(error = %m, "database unavailable");
                ApiError::Unavailable("the database is unavailable; please retry shortly".into())
            }
            DbError::Other(e) => ApiError::Internal(e.into()),
        }
    }
}

impl From<Invalid> for ApiError {
    fn from(Invalid(errors): Invalid) -> Self {
        ApiError::Validation(errors)
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

/// Turns actix's JSON extractor failures into problems: 413, 415, 400 (syntax) or 422 (shape).
pub fn json_error(err: actix_web::error::JsonPayloadError) -> ApiError {
    use actix_web::error::JsonPayloadError as J;
    match err {
        J::OverflowKnownLength { limit, .. } | J::Overflow { limit } => {
            ApiError::PayloadTooLarge(format!("the body exceeds {limit} bytes"))
        }
        J::ContentType => {
            ApiError::UnsupportedMediaType("send the body as Content-Type: application/json".into())
        }
        J::Deserialize(e) if e.is_data() => {
            let msg = e.to_string();
            let field = msg
                .split('`')
                .nth(1)
                .filter(|_| msg.starts_with("missing field") || msg.starts_with("unknown field"))
                .unwrap_or("body")
                .to_owned();
            ApiError::field(field, strip_position(&msg))
        }
        J::Deserialize(e) => ApiError::BadRequest(format!(
            "malformed JSON: {}",
            strip_position(&e.to_string())
        )),
        other => ApiError::BadRequest(format!("unreadable body: {other}")),
    }
}

fn strip_position(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}
