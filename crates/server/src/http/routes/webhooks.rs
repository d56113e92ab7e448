//! Webhooks: hosts (or their integrations, with an API key) subscribe URLs to booking events,
//! read the delivery log and redeliver.

use actix_web::{delete, get, post, web, HttpResponse};
use smartcal_db::outbox::{self, Channel};
use smartcal_db::webhooks::{self as store, WebhookRow};
use smartcal_db::DbError;
use smartcal_types::{
    CreateWebhookRequest, CreatedWebhook, Problem, WebhookDeliveryList, WebhookEvent, WebhookList,
};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::crypto::random_token;
use crate::http::auth::AuthHost;
use crate::http::conn::with_conn;
use crate::http::error::ApiError;
use crate::integrations::outbound;
use crate::state::AppState;
use crate::validate::Fields;
use crate::views;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_webhooks)
        .service(create_webhook)
        .service(delete_webhook)
        .service(list_deliveries)
        .service(redeliver);
}

/// Deliveries listed per webhook.
const DELIVERIES_SHOWN: i64 = 100;

/// The host's webhooks, with their health.
#[utoipa::path(tag = "webhooks", responses(
    (status = 200, body = WebhookList),
    (status = 401, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[get("/webhooks")]
async fn list_webhooks(
    state: web::Data<AppState>,
    host: AuthHost,
) -> Result<HttpResponse, ApiError> {
    let rows = with_conn(&state, move |_, c| Ok(store::list(c, &host.0.id)?)).await?;
    Ok(HttpResponse::Ok().json(WebhookList {
        items: rows.iter().map(views::webhook).collect(),
        next_cursor: None,
    }))
}

/// Subscribe a URL to booking events. The signing secret is in this answer only.
#[utoipa::path(tag = "webhooks", request_body = CreateWebhookRequest, responses(
    (status = 201, body = CreatedWebhook),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[post("/webhooks")]
async fn create_webhook(
    state: web::Data<AppState>,
    host: AuthHost,
    body: web::Json<CreateWebhookRequest>,
) -> Result<HttpResponse, ApiError> {
    let mut f = Fields::default();
    let url = f.text("url", &body.url, 1, 2000, false);
    match url::Url::parse(&url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
            if let Some(refused) =
                outbound::refused_literal(&u, state.config.outbound_allow_private)
            {
                f.bad("url", refused);
            }
        }
        _ => f.bad("url", "must be an absolute http(s) URL"),
    }
    let description = f.text(
        "description",
        body.description.as_deref().unwrap_or(""),
        0,
        200,
        false,
    );
    let mut events: Vec<WebhookEvent> = vec![];
    for e in body.events.clone().unwrap_or(WebhookEvent::ALL.to_vec()) {
        if !events.contains(&e) {
            events.push(e);
        }
    }
    if events.is_empty() {
        f.bad("events", "name at least one event, or leave it out for all");
    }
    f.finish()?;
    let secret = random_token("whsec_");
    let row = WebhookRow {
        id: Uuid::new_v4().to_string(),
        host_id: host.0.id.clone(),
        url,
        secret: secret.clone(),
        events: events
            .iter()
            .map(|e| e.as_str())
            .collect::<Vec<_>>()
            .join(","),
        description,
        created_at: state.now().timestamp(),
        consecutive_failures: 0,
        last_success_at: None,
        last_failure_at: None,
    };
    let stored = row.clone();
    with_conn(&state, move |_, c| Ok(store::insert(c, &stored)?)).await?;
    Ok(HttpResponse::Created().json(CreatedWebhook {
        secret,
        webhook: views::webhook(&row),
    }))
}

/// Delete a webhook: nothing more is sent to it (queued deliveries fail as "deleted").
#[utoipa::path(tag = "webhooks", params(("id" = Uuid, Path, description = "Webhook id")), responses(
    (status = 204, description = "Deleted"),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[delete("/webhooks/{id}")]
async fn delete_webhook(
    state: web::Data<AppState>,
    host: AuthHost,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    with_conn(&state, move |_, c| {
        store::delete(c, &host.0.id, &id).map_err(ApiError::not_found_as("webhook"))
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The webhook's latest deliveries with every attempt (time, duration, status code, error).
#[utoipa::path(tag = "webhooks", params(("id" = Uuid, Path, description = "Webhook id")), responses(
    (status = 200, body = WebhookDeliveryList),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
), security(("session" = []), ("api_key" = [])))]
#[get("/webhooks/{id}/deliveries")]
async fn list_deliveries(
    state: web::Data<AppState>,
    host: AuthHost,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner().to_string();
    let rows = with_conn(&state, move |_, c| {
        store::find_for_host(c, &host.0.id, &id).map_err(ApiError::not_found_as("webhook"))?;
        Ok(store::deliveries(c, &id, DELIVERIES_SHOWN)?)
    })
    .await?;
    let items = rows
        .iter()
        .map(|(r, attempts)| views::webhook_delivery(r, attempts))
        .collect();
    Ok(HttpResponse::Ok().json(WebhookDeliveryList {
        items,
        next_cursor: None,
    }))
}

/// Send a delivered or failed event again now (same delivery id and body, new signature).
#[utoipa::path(tag = "webhooks", params(
    ("id" = Uuid, Path, description = "Webhook id"),
    ("delivery_id" = Uuid, Path, description = "Delivery id"),
), responses(
    (status = 202, description = "Queued"),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json", description = "Still being delivered"),
), security(("session" = []), ("api_key" = [])))]
#[post("/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
async fn redeliver(
    state: web::Data<AppState>,
    host: AuthHost,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, delivery) = path.into_inner();
    let (id, delivery) = (id.to_string(), delivery.to_string());
    with_conn(&state, move |st, c| {
        store::find_for_host(c, &host.0.id, &id).map_err(ApiError::not_found_as("webhook"))?;
        let row = match outbox::find(c, &delivery) {
            Ok(r) if r.channel == Channel::Webhook && r.recipient == id => r,
            Ok(_) | Err(DbError::NotFound) => {
                return Err(ApiError::NotFound("no such delivery".into()))
            }
            Err(e) => return Err(e.into()),
        };
        if !outbox::requeue(c, &row.id, st.now().timestamp())? {
            return Err(ApiError::Conflict(
                "this delivery is still pending; it will be retried".into(),
            ));
        }
        Ok(())
    })
    .await?;
    state.outbox.wake();
    Ok(HttpResponse::Accepted().finish())
}
