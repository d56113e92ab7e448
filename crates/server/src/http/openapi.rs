//! The OpenAPI document, generated from the handlers (utoipa), and the offline docs page.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi as OpenApiDoc;
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

/// The document's fixed parts; paths come from the registered handlers.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "SmartCal API",
        description = "Self-hosted meeting scheduling with Jitsi video rooms. Errors are RFC 9457 \
                       `application/problem+json`. Instants are RFC 3339; dates `YYYY-MM-DD`; \
                       durations in minutes.",
        license(name = "AGPL-3.0-or-later")
    ),
    servers((url = "/api/v1")),
    modifiers(&Security),
    components(schemas(smartcal_types::WebhookPayload, smartcal_types::BookingScope)),
    tags(
        (name = "auth", description = "Host accounts and sessions"),
        (name = "api-keys", description = "Integrator keys"),
        (name = "agendas", description = "Bookable meeting types"),
        (name = "public", description = "What guests' booking pages read"),
        (name = "bookings", description = "Bookings and their invitations"),
        (name = "invites", description = "Private links that book an agenda once"),
        (name = "webhooks", description = "Booking events POSTed to integrators' URLs, signed"),
        (name = "jitsi", description = "What a Jitsi server calls: prosody's `reservations` and `event_sync` modules (bearer `JITSI_RESERVATION_SECRET`), JaaS webhooks (`JAAS_WEBHOOK_SECRET`)"),
        (name = "meta", description = "Health"),
    )
)]
struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        let c = openapi.components.get_or_insert_with(Default::default);
        c.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::http::auth::SESSION_COOKIE,
            ))),
        );
        c.add_security_scheme(
            "api_key",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        c.add_security_scheme(
            "jitsi_secret",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("`JITSI_RESERVATION_SECRET`, as prosody sends it"))
                    .build(),
            ),
        );
    }
}

/// The whole document, built from the same route table the server runs (no server needed).
pub fn api_doc() -> OpenApiDoc {
    let (_, mut doc) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(utoipa_actix_web::scope("/api/v1").configure(crate::http::routes::configure))
        .split_for_parts();
    // Paths are listed relative to the server URL `/api/v1`.
    let paths = std::mem::take(&mut doc.paths.paths);
    doc.paths.paths = paths
        .into_iter()
        .map(|(p, mut item)| {
            for op in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                document_common_failures(op);
            }
            (p.strip_prefix("/api/v1").unwrap_or(&p).to_owned(), item)
        })
        .collect();
    doc
}

/// The failures any operation can answer, as problem+json, where its annotation does not say
/// more: malformed requests, bad credentials, limits, an unavailable database.
fn document_common_failures(op: &mut utoipa::openapi::path::Operation) {
    use utoipa::openapi::{Content, Ref, Response};
    let mut common = vec![
        ("400", "Malformed request: unparsable parameters or body"),
        ("401", "Credentials were sent but are invalid, revoked or expired"),
        ("429", "Too many requests from this address (guests' endpoints, login, signup); see Retry-After"),
        ("503", "The database is unavailable or busy; retry after Retry-After"),
    ];
    if let Some(body) = &op.request_body {
        common.push(("413", "Request body larger than 64 KiB"));
        if body.content.contains_key("application/json") {
            common.push(("415", "Request body is not application/json"));
        }
    }
    for (code, description) in common {
        op.responses
            .responses
            .entry(code.to_owned())
            .or_insert_with(|| {
                Response::builder()
                    .description(description)
                    .content(
                        "application/problem+json",
                        Content::new(Some(Ref::from_schema_name("Problem"))),
                    )
                    .build()
                    .into()
            });
    }
}

/// The OpenAPI 3.1 `webhooks` section: what SmartCal POSTs to subscribed URLs. utoipa's
/// document type has no such field, so it is added to the serialised document.
pub fn webhooks_section() -> serde_json::Value {
    let header = |name: &str, description: &str| {
        serde_json::json!({
            "name": name, "in": "header", "required": true,
            "description": description, "schema": {"type": "string"}
        })
    };
    let events = smartcal_types::WebhookEvent::ALL.map(|e| {
        let what = match e {
            smartcal_types::WebhookEvent::BookingCreated => "A booking was made.",
            smartcal_types::WebhookEvent::BookingCancelled => "A booking was cancelled.",
            smartcal_types::WebhookEvent::BookingRescheduled => {
                "A booking moved; `data.previous` holds the old times."
            }
            smartcal_types::WebhookEvent::BookingRequested => {
                "A booking request waits for the host's decision (status `pending`)."
            }
            smartcal_types::WebhookEvent::BookingConfirmed => "The host confirmed a request.",
            smartcal_types::WebhookEvent::BookingDeclined => {
                "A request was declined, by the host or because it was still pending at its start."
            }
            smartcal_types::WebhookEvent::MeetingStarted => {
                "The booking's Jitsi room opened (reported by prosody `event_sync` or JaaS); once per booking."
            }
            smartcal_types::WebhookEvent::MeetingEnded => {
                "The booking's Jitsi room closed; `data.booking.attendance` says who was in it and for how long. Once per booking."
            }
            smartcal_types::WebhookEvent::BookingNoShow => {
                "`JITSI_NO_SHOW_MINUTES` after the start, the host or the guest (or both) had not joined: `data.booking.no_show`. Once per booking."
            }
        };
        let op = serde_json::json!({
            "post": {
                "tags": ["webhooks"],
                "summary": format!("`{}`: {what}", e.as_str()),
                "description": "Delivered from the outbox with capped exponential backoff until the \
                    receiver answers 2xx (a 10 s timeout counts as a failure); every attempt is in \
                    `GET /webhooks/{id}/deliveries`. Verify `SmartCal-Signature` over the raw body \
                    and drop duplicates by the payload's `id`.",
                "parameters": [
                    header("SmartCal-Signature", "`t={unix},v1={hex HMAC-SHA256(secret, \"{t}.{body}\")}`"),
                    header("SmartCal-Event", e.as_str()),
                    header("SmartCal-Delivery", "The delivery id (= the payload's `id`), the same on every retry"),
                ],
                "requestBody": {
                    "required": true,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WebhookPayload"}}}
                },
                "responses": {"2XX": {"description": "Received; any other answer is retried"}}
            }
        });
        (e.as_str().to_owned(), op)
    });
    serde_json::Value::Object(events.into_iter().collect())
}

/// The served and committed document: `doc` (from [`api_doc`]) plus [`webhooks_section`].
pub fn api_doc_json(doc: &OpenApiDoc) -> serde_json::Value {
    let mut v = serde_json::to_value(doc).unwrap_or_default();
    v["webhooks"] = webhooks_section();
    v
}

/// `openapi.yaml`'s text: utoipa's YAML of the document, then the `webhooks` section.
pub fn api_doc_yaml() -> Result<String, serde_norway::Error> {
    let doc = api_doc().to_yaml()?;
    let webhooks = serde_norway::to_string(&serde_json::json!({ "webhooks": webhooks_section() }))?;
    Ok(format!("{doc}{webhooks}"))
}

/// Swagger UI at `/api/docs/`, its assets compiled into the binary (works offline).
pub fn docs_page() -> utoipa_swagger_ui::SwaggerUi {
    utoipa_swagger_ui::SwaggerUi::new("/api/docs/{_:.*}")
        .config(utoipa_swagger_ui::Config::new(["/api/v1/openapi.json"]))
}
