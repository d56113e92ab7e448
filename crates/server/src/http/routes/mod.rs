//! The REST API under `/api/v1`, one file per resource, plus the join links (`/j/{id}`) and
//! the operators' endpoints at the root (`/healthz`, `/readyz`, `/metrics`: [`ops`]). Each
//! module registers its handlers with `configure`, so utoipa collects every path into the
//! OpenAPI document. No route file imports another: what two share lives below them.

pub mod accounts;
pub mod agendas;
pub mod attendance;
pub mod bookings;
pub mod calendars;
pub mod decisions;
pub mod health;
pub mod invites;
pub mod join;
pub mod ops;
pub mod password;
pub mod public_hosts;
pub mod reservations;
pub mod teams;
pub mod webhooks;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every API handler.
pub fn configure(cfg: &mut ServiceConfig) {
    accounts::configure(cfg);
    agendas::configure(cfg);
    attendance::configure(cfg);
    bookings::configure(cfg);
    calendars::configure(cfg);
    decisions::configure(cfg);
    health::configure(cfg);
    invites::configure(cfg);
    password::configure(cfg);
    public_hosts::configure(cfg);
    reservations::configure(cfg);
    teams::configure(cfg);
    webhooks::configure(cfg);
}
