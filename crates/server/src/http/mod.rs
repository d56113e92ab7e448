//! Everything HTTP: the routes (one file per resource), who is calling and what they may
//! reach, middleware and request ids, problem+json errors, the OpenAPI document and docs page, the SPA, and the
//! server that puts them together. Background work is reached only through
//! `jobs::enqueue` / `jobs::sync_now`.

pub mod access;
pub mod agenda_form;
pub mod auth;
pub mod compress;
pub mod conn;
pub mod embed;
pub mod error;
pub mod middleware;
pub mod object;
pub mod openapi;
pub mod request_id;
pub mod route_table;
pub mod routes;
pub mod security;
pub mod server;
pub mod spa;
