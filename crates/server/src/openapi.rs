//! The OpenAPI document, generated from the handlers (utoipa), and the offline docs page.

use actix_web::dev::ResourceDef;
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
    tags(
        (name = "auth", description = "Host accounts and sessions"),
        (name = "api-keys", description = "Integrator keys"),
        (name = "agendas", description = "Bookable meeting types"),
        (name = "public", description = "What guests' booking pages read"),
        (name = "bookings", description = "Bookings and their invitations"),
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
                crate::auth::SESSION_COOKIE,
            ))),
        );
        c.add_security_scheme(
            "api_key",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The whole document, built from the same route table the server runs (no server needed).
pub fn api_doc() -> OpenApiDoc {
    let (_, mut doc) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(utoipa_actix_web::scope("/api/v1").configure(crate::routes::configure))
        .split_for_parts();
    // Paths are listed relative to the server URL `/api/v1`.
    let paths = std::mem::take(&mut doc.paths.paths);
    doc.paths.paths = paths
        .into_iter()
        .map(|(p, item)| (p.strip_prefix("/api/v1").unwrap_or(&p).to_owned(), item))
        .collect();
    doc
}

/// The API's path patterns with their methods, for 405 answers.
pub struct KnownPaths(Vec<(ResourceDef, Vec<String>)>);

impl KnownPaths {
    /// Reads the patterns out of the document.
    pub fn from_doc(doc: &OpenApiDoc) -> KnownPaths {
        let mut v: Vec<(ResourceDef, Vec<String>)> = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let methods = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ]
                .into_iter()
                .filter(|(_, on)| *on)
                .map(|(m, _)| m.to_owned())
                .collect();
                (ResourceDef::new(format!("/api/v1{path}")), methods)
            })
            .collect();
        v.push((ResourceDef::new("/api/v1/openapi.json"), vec!["GET".into()]));
        KnownPaths(v)
    }

    /// The methods the path answers to (empty: no such path).
    pub fn methods_for(&self, path: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(def, _)| def.is_match(path))
            .flat_map(|(_, m)| m.iter().cloned())
            .collect()
    }
}

/// Swagger UI at `/api/docs/`, its assets compiled into the binary (works offline).
pub fn docs_page() -> utoipa_swagger_ui::SwaggerUi {
    utoipa_swagger_ui::SwaggerUi::new("/api/docs/{_:.*}")
        .config(utoipa_swagger_ui::Config::new(["/api/v1/openapi.json"]))
}
